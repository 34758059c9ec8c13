"""The formulas of the author's seven indicators (chapter 3.2, Tables 19-24), as plain functions.

The formula images of the dissertation survive only as garbled OCR
(``TDea =+TDe+ TDa``, ``VTDda* + TDda*`` …). Each formula below was
reconstructed from the printed inputs and results of Tables 19–24 for all three
towns the author assessed (Balkhash, Karazhal, Temirtau); the evidence is in
each docstring. Where the author's printed result does not follow from the
formula, the audit (``monotowns.method.audit``) says so.

All inputs are the sub-indicators as the author tabulates them (already
normalised per Table 18, mostly in %). Functions take plain floats and return
full-precision floats; rounding is for display only.
"""

from __future__ import annotations

import math

from monotowns.data.errors import MonotownsError


class MethodError(MonotownsError):
    """An input the method cannot work with (e.g. a square root of a negative sum)."""


def tdm(tdm1: float, tdm2: float) -> float:
    """TDm, degree of mono-profile (Table 19): ``√(TDm1 · TDm2)``, the geometric mean of the two shares.

    TDm1 – share of the city-forming enterprise in the town's output, %;
    TDm2 – share of the town's employed who work there, %.

    Reconstructed from the results, not from the row label. Table 19's label prints
    ``TDm=100%-√(TDm1*TDm2)``, but two of the three printed results are √(TDm1·TDm2)
    alone: Karazhal √(71·50) = 59.58, printed 59,5; Temirtau √(82·12) = 31.37, printed
    31. Only Balkhash's 53 is 100 − √(80·27,3) = 53.3 (√ alone: 46.7). Table 26 grades
    and scores with the √ values (Temirtau 'төмен'), the text after Table 19 quotes the
    range as "31-60", and the scale (70-100 'жоғары' → Table 25's inertial scenario)
    reads as a degree of dependence on the city-forming enterprise. The audit lists
    Balkhash's value and the row label; ``tdm_printed_formula`` gives the other reading.
    """
    return math.sqrt(tdm1 * tdm2)


def tdm_printed_formula(tdm1: float, tdm2: float) -> float:
    """Table 19's row label taken literally: ``100 − √(TDm1 · TDm2)`` (fits Balkhash only)."""
    return 100.0 - math.sqrt(tdm1 * tdm2)


def tde(tde1: float, tde2: float, tde3: float, tde4: float) -> float:
    """TDe, economic sub-index (Table 20): the mean ``(TDe1 + TDe2 + TDe3 + TDe4) / 4``.

    TDe1 industrial output, TDe2 share of loss-free enterprises, TDe3 fixed-capital
    investment, TDe4 local budget revenue. Printed as a sum over 4 (``63,3/4``).
    Evidence: the printed sums of Balkhash (63,3) and Temirtau (74,8) are exact;
    their quotients are printed truncated (15 for 15.8) or exact (18,7).
    """
    return (tde1 + tde2 + tde3 + tde4) / 4.0


def tda(tda1: float, tda2: float, tda3: float, tda4: float) -> float:
    """TDa, social sub-index (Table 20): ``(TDa1 + TDa2 + TDa3 + TDa4) / 4``.

    TDa1 unemployment level, TDa2 cultural-leisure institutions, TDa3 education and
    medical institutions, TDa4 average wage (numbering of the legend, lines 2849-2852).
    Evidence: the printed sums 211,6 / 213,3 / 196,3 are exact; 211,6/4 = 52.9
    printed 53; 196,3/4 = 49.1 printed 50 (an erratum).
    """
    return (tda1 + tda2 + tda3 + tda4) / 4.0


def tdea(tde_value: float, tda_value: float) -> float:
    """TDea, scale and social efficiency of the economy (Table 20): ``√(TDe · TDa)``.

    Reconstructed: the formula image is OCR'd as ``TDea =+TDe+ TDa`` and the row
    label continues ``TDe* TDa`` (line 3002). With the printed TDe and TDa,
    √(15·53) = 28.2 (printed 28), √(14·53) = 27.2 (27), √(18,7·50) = 30.6 (31);
    the arithmetic mean would give 33-34. Geometric mean it is.
    """
    product = tde_value * tda_value
    if product < 0:
        raise MethodError(f"TDea is undefined: TDe · TDa is negative ({product:g})")
    return math.sqrt(product)


def _sqrt_of_sum(name: str, *parts: float) -> float:
    s = sum(parts)
    if s < 0:
        raise MethodError(f"{name} is undefined: the sum under its square root is negative ({s:g})")
    return math.sqrt(s)


def tdda(tdda1: float, tdda2: float) -> float:
    """TDda, demographic potential (Table 21): ``√(TDda1 + TDda2)``.

    TDda1 natural increase of the population, TDda2 share of the economically active
    population, %. OCR ``VTDda* + TDda*`` (V = the root sign). Evidence: the printed
    sums 59 / 53 / 56,5 are exact and the printed roots 7,6 / 7,2 / 7,5 are √ of them
    truncated to one decimal (7.68, 7.28, 7.52).
    """
    return _sqrt_of_sum("TDda", tdda1, tdda2)


def tdzhia_part(city: float, oblast: float) -> float:
    """One TDzhia ratio (Table 22): the town's share of the oblast total, ``100 · city / oblast``."""
    if oblast <= 0:
        raise MethodError("TDzhia: the oblast total must be positive")
    return 100.0 * city / oblast


def tdzhia(ratios: tuple[float, float, float, float]) -> float:
    """TDzhia, own investment potential (Table 22): ``√(TDzhia1 + TDzhia2 + TDzhia3 + TDzhia4)``
    of the four ratios in % (``tdzhia_part``): projects implemented, projects planned,
    jobs created, jobs to be created — each the town's share of the oblast.

    Evidence: Temirtau prints 14+15+6+11 = 46 → √46 = 6.78, printed 6,8; Balkhash
    9,5+9,3+0,2+5 = 24 → 4.90, printed 5. The ratios themselves are printed truncated,
    and the jobs ratio of Balkhash and Karazhal ten times too small (298/12300 = 2.42 %,
    printed 0,2) — errata.
    """
    return _sqrt_of_sum("TDzhia", *ratios)


def tdaa(tdaa1: float, tdaa2: float, tdaa3: float) -> float:
    """TDaa, agglomeration potential (Table 23): ``√(TDaa1 + TDaa2 + TDaa3)``; each
    component is 100 (yes) or 0 (no): member of a functional urban area; next to a large
    city; at a crossing of transport corridors. Evidence: √200 = 14.1 (printed 14),
    √100 = 10, √300 = 17.3 (17)."""
    return _sqrt_of_sum("TDaa", tdaa1, tdaa2, tdaa3)


def tdsp(tdsp1: float, tdsp2: float) -> float:
    """TDsp, special (resource / tourism) potential (Table 24): ``√(TDsp1 + TDsp2)``,
    each 100 or 0 (raw-material resources; tourism resources). The source names it
    TDea as well, clashing with Table 20's TDea. Evidence: √200 = 14.1 (14), √100 = 10."""
    return _sqrt_of_sum("TDsp", tdsp1, tdsp2)
