"""The author's assessment method (chapter 3.2): seven indicators, their grading scales.

The formula images of the dissertation survive only as garbled OCR
(``TDea =+TDe+ TDa``, ``VTDda* + TDda*`` …). Each formula below was
reconstructed from the printed inputs and results of Tables 19–24 for all three
towns the author assessed (Balkhash, Karazhal, Temirtau); the evidence is in
each docstring. Where the author's printed result does not follow from the
formula, the audit (``monotowns.audit``) says so.

All inputs are the sub-indicators as the author tabulates them (already
normalised per Table 18, mostly in %). Functions take plain floats and return
full-precision floats; rounding is for display only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from functools import lru_cache

import pandas as pd

from . import data
from .errors import MonotownsError

#: Grade classes in ascending order, with the Kazakh labels the source prints.
CLASSES: dict[str, str] = {
    "very_low": "өте төмен",
    "low": "төмен",
    "below_medium": "орташадан төмен",
    "medium": "орташа",
    "above_medium": "орташадан жоғары",
    "high": "жоғары",
}
CLASS_EN = {
    "very_low": "very low",
    "low": "low",
    "below_medium": "below medium",
    "medium": "medium",
    "above_medium": "above medium",
    "high": "high",
}

#: The indicators of the method; the six graded ones are scored in Table 25.
INDICATORS = ("TDm", "TDe", "TDa", "TDea", "TDda", "TDzhia", "TDaa", "TDsp")
GRADED = ("TDm", "TDea", "TDda", "TDzhia", "TDaa", "TDsp")
#: Source table of each indicator (its result and its grading scale).
TABLE_OF = {
    "TDm": "T19",
    "TDe": "T20",
    "TDa": "T20",
    "TDea": "T20",
    "TDda": "T21",
    "TDzhia": "T22",
    "TDaa": "T23",
    "TDsp": "T24",
}


class MethodError(MonotownsError):
    """An input the method cannot work with (e.g. a square root of a negative sum)."""


def class_id(label: str) -> str:
    """The class id of a printed grade label ('Орташадан жоғары', 'ортадан жоғары' → above_medium)."""
    s = " ".join(str(label).split()).casefold().replace("ортадан", "орташадан")
    for cid, kk in CLASSES.items():
        if s == kk:
            return cid
    raise MethodError(f"unknown grade label {label!r}; known: {', '.join(CLASSES.values())}")


# ---------------------------------------------------------------- the indicators


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
    return math.sqrt(tde_value * tda_value)


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


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Inputs:
    """The method's raw inputs for one town, as tabulated in Tables 19-24."""

    town: str
    TDm1: float
    TDm2: float
    TDe1: float
    TDe2: float
    TDe3: float
    TDe4: float
    TDa1: float
    TDa2: float
    TDa3: float
    TDa4: float
    TDda1: float
    TDda2: float
    TDzhia1_city: float
    TDzhia1_oblast: float
    TDzhia2_city: float
    TDzhia2_oblast: float
    TDzhia3_city: float
    TDzhia3_oblast: float
    TDzhia4_city: float
    TDzhia4_oblast: float
    TDaa1: float
    TDaa2: float
    TDaa3: float
    TDsp1: float
    TDsp2: float
    extra: dict = field(default_factory=dict, compare=False)

    @classmethod
    def columns(cls) -> list[str]:
        """The input columns, in template order."""
        return [f.name for f in fields(cls) if f.name != "extra"]

    def replace(self, **changes: float) -> Inputs:
        """A copy with some inputs changed (for what-if and sensitivity)."""
        d = {c: getattr(self, c) for c in self.columns()}
        d.update(changes)
        return Inputs(**d)


def values(x: Inputs) -> dict[str, float]:
    """All eight indicator values of one town, recomputed at full precision."""
    e = tde(x.TDe1, x.TDe2, x.TDe3, x.TDe4)
    a = tda(x.TDa1, x.TDa2, x.TDa3, x.TDa4)
    ratios = tuple(tdzhia_part(getattr(x, f"TDzhia{k}_city"), getattr(x, f"TDzhia{k}_oblast")) for k in range(1, 5))
    return {
        "TDm": tdm(x.TDm1, x.TDm2),
        "TDe": e,
        "TDa": a,
        "TDea": tdea(e, a),
        "TDda": tdda(x.TDda1, x.TDda2),
        "TDzhia": tdzhia(ratios),  # type: ignore[arg-type]
        "TDaa": tdaa(x.TDaa1, x.TDaa2, x.TDaa3),
        "TDsp": tdsp(x.TDsp1, x.TDsp2),
    }


#: Published table → (indicator id in data/tables, Inputs field).
_INPUT_MAP = {
    "T19": {"TDm1_output_share_pct": "TDm1", "TDm2_employment_share_pct": "TDm2"},
    "T20": {
        "TDe1_industrial_output_pct": "TDe1",
        "TDe2_profitable_enterprises_share_pct": "TDe2",
        "TDe3_fixed_capital_investment_pct": "TDe3",
        "TDe4_local_budget_revenue_pct": "TDe4",
        "TDa_unemployment": "TDa1",
        "TDa_cultural_institutions": "TDa2",
        "TDa_edu_medical_institutions": "TDa3",
        "TDa_avg_wage": "TDa4",
    },
    "T21": {"TDda1_natural_increase": "TDda1", "TDda2_econ_active_share": "TDda2"},
    "T22": {
        f"TDzhia{k}_{p}": f"TDzhia{k}_{q}"
        for k in range(1, 5)
        for p, q in (("numerator_city", "city"), ("denominator_oblast", "oblast"))
    },
    "T23": {
        "TDaa1_in_functional_urban_area": "TDaa1",
        "TDaa2_near_large_city": "TDaa2",
        "TDaa3_transport_corridor": "TDaa3",
    },
    "T24": {"TDsp1_raw_material_resources": "TDsp1", "TDsp2_tourism_potential": "TDsp2"},
}

#: Where each indicator's printed result and printed grade sit in data/tables.
PUBLISHED_RESULT = {
    "TDm": ("T19", "TDm", "TDm_level"),
    "TDe": ("T20", "TDe", None),
    "TDa": ("T20", "TDa", None),
    "TDea": ("T20", "TDea", "TDea_level"),
    "TDda": ("T21", "TDda", "TDda_level"),
    "TDzhia": ("T22", "TDzhia", "TDzhia_level"),
    "TDaa": ("T23", "TDaa", "TDaa_level"),
    "TDsp": ("T24", "TDsp", "TDsp_level"),
}


@lru_cache(maxsize=1)
def _method_tables() -> dict[str, pd.DataFrame]:
    return {t: data.numeric_table(t) for t in ("T19", "T20", "T21", "T22", "T23", "T24")}


def published_towns() -> list[str]:
    """The towns the dissertation assessed (Table 19's columns): balkhash, karazhal, temirtau."""
    return list(dict.fromkeys(_method_tables()["T19"]["city_id"]))


def published_inputs(city_id: str) -> Inputs:
    """The raw inputs of one assessed town, as printed in Tables 19-24."""
    kw: dict[str, float] = {}
    for t, mapping in _INPUT_MAP.items():
        df = _method_tables()[t]
        df = df[df["city_id"] == city_id]
        for ind, name in mapping.items():
            sel = df[df["indicator"] == ind]
            if sel.empty:
                raise MethodError(f"{city_id}: no published {ind} in {t}")
            kw[name] = float(sel["value"].iloc[0])
    return Inputs(town=city_id, **kw)


@dataclass(frozen=True)
class Published:
    """One printed result of Tables 19-24: the value, its text, its grade, their lines."""

    value: float | None
    value_raw: str | None
    line: int | None
    class_id: str | None
    class_raw: str | None
    class_line: int | None


def published_results(city_id: str) -> dict[str, Published]:
    """The author's printed value and grade of each indicator for one assessed town."""
    out = {}
    for ind, (t, vname, lname) in PUBLISHED_RESULT.items():
        df = _method_tables()[t]
        df = df[df["city_id"] == city_id]
        v = df[df["indicator"] == vname]
        lv = df[df["indicator"] == lname] if lname else df.iloc[0:0]
        out[ind] = Published(
            value=float(v["value"].iloc[0]) if len(v) else None,
            value_raw=v["value_raw"].iloc[0] if len(v) else None,
            line=int(v["line"].iloc[0]) if len(v) else None,
            class_id=class_id(lv["value_raw"].iloc[0]) if len(lv) else None,
            class_raw=lv["value_raw"].iloc[0] if len(lv) else None,
            class_line=int(lv["line"].iloc[0]) if len(lv) else None,
        )
    return out


# ---------------------------------------------------------------- grading scales


@dataclass(frozen=True)
class Band:
    """One class of a scale: values in (lower, upper] belong to it."""

    class_id: str
    lower: float
    upper: float
    printed: str
    line: int
    note: str = ""


@dataclass(frozen=True)
class Scale:
    """The grading scale of one indicator, as resolved from its printed text.

    **Boundary rule** (decided from the published examples): a value on a boundary
    belongs to the *lower* class — Table 22 grades Balkhash's TDzhia 5 'орташа'
    (2,5-5), Table 23 Karazhal's TDaa 10 'орташа' (5-10), Table 24 Karazhal's and
    Temirtau's TDsp 10 'орташа' (5-10). The one apparent exception, Table 21's
    Temirtau TDda 7,5 graded 'орташа' (7,5-9), is a truncation of √56,5 = 7.52,
    which lies above the boundary.

    **Overlaps and gaps as printed** (Table 20's scale: 0-5, 0-15, 15-20, 20-25,
    25-30, 20-30): classes are read in their order (very low → high); a class
    starts where the previous one ends (so '0-15 төмен' means 5-15); a class whose
    printed range does not extend past the previous one (Table 20's '20-30 жоғары'
    after '25-30') covers everything above it; the lowest class covers everything
    below and the highest everything above the printed range.
    """

    indicator: str
    table: str
    bands: tuple[Band, ...]
    notes: tuple[str, ...]

    def classify(self, value: float) -> str:
        """The class id of a value (boundary values go to the lower class)."""
        for b in self.bands:
            if value <= b.upper + 1e-12:
                return b.class_id
        return self.bands[-1].class_id

    def class_ids(self) -> list[str]:
        """The classes this scale has, in ascending order."""
        return [b.class_id for b in self.bands]

    def distance_to_boundary(self, value: float) -> tuple[float, float | None]:
        """(distance, boundary): how far the value is from the nearest class boundary."""
        inner = [b.upper for b in self.bands[:-1]]
        if not inner:
            return (math.inf, None)
        nearest = min(inner, key=lambda u: abs(u - value))
        return (abs(value - nearest), nearest)


@lru_cache(maxsize=1)
def scales() -> dict[str, Scale]:
    """The six grading scales printed after Tables 19-24 (data/tables/T19.scale.csv …)."""
    out = {}
    for ind in GRADED:
        t = TABLE_OF[ind]
        df = data.load(f"{t.lower()}-scale")
        rows = sorted(df.to_dict("records"), key=lambda r: list(CLASSES).index(class_id(r["level_kk"])))
        bands, notes, prev_upper = [], [], -math.inf
        for i, r in enumerate(rows):
            cid = class_id(r["level_kk"])
            lo, up = float(r["lower"]), float(r["upper"])
            if i and lo < prev_upper:
                notes.append(
                    f"{r['level_kk']} printed {r['text_raw']!r} overlaps the class below; read from {prev_upper:g}"
                )
            if i and up <= prev_upper:
                notes.append(
                    f"{r['level_kk']} printed {r['text_raw']!r} lies inside the classes below; "
                    f"read as everything above {prev_upper:g}"
                )
                up = math.inf
            if i and lo > prev_upper:
                notes.append(
                    f"gap between {prev_upper:g} and {lo:g} as printed; values there go to "
                    f"{CLASSES[bands[-1].class_id]}"
                )
            bands.append(
                Band(
                    cid,
                    prev_upper if i else -math.inf,
                    up,
                    r["text_raw"],
                    int(r["line"]),
                    r.get("note") or "",
                )
            )
            prev_upper = up
        last = bands[-1]
        if last.upper != math.inf:
            bands[-1] = Band(last.class_id, last.lower, math.inf, last.printed, last.line, last.note)
        out[ind] = Scale(ind, t, tuple(bands), tuple(notes))
    return out


def grade(indicator: str, value: float) -> str | None:
    """The class id of an indicator value; None for TDe and TDa, which have no scale."""
    sc = scales().get(indicator)
    return sc.classify(value) if sc else None


#: The function computing each indicator (its docstring states the formula and evidence).
FUNCTIONS = {
    "TDm": tdm,
    "TDe": tde,
    "TDa": tda,
    "TDea": tdea,
    "TDda": tdda,
    "TDzhia": tdzhia,
    "TDaa": tdaa,
    "TDsp": tdsp,
}


def formula(indicator: str) -> str:
    """The first line of an indicator's docstring: its name, table and formula."""
    return (FUNCTIONS[indicator].__doc__ or "").strip().splitlines()[0]
