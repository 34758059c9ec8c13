"""The answers a lesson checks (``teaching``): whether a student's value, class or scenarios
are right, within the rounding the source prints, and the answers of the data exercises,
computed from the published cells (Tables 6 and 11, the article's Table 1).
"""

from __future__ import annotations

import math
import re

import pandas as pd

from monotowns import data, method
from monotowns.data import errata
from monotowns.data.context import LANGS
from monotowns.method import scenarios

from . import texts

T = texts.t


#: Populations of the article (2014) and the dissertation (2017) that differ by more than this
#: share (%) are flagged in the data exercise.
POPULATION_GAP_PCT = 10.0
# ---------------------------------------------------------------- self-check


def _norm(s: str) -> str:
    return " ".join(str(s).replace("_", " ").split()).casefold()


def as_number(answer) -> tuple[float, int] | None:
    """(value, decimals typed) of a student's numeric answer (a number or '46,7'); None if none."""
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return None
    s = str(answer).strip().replace(",", ".").replace("\u00a0", "").replace(" ", "")
    try:
        v = float(s)
    except ValueError:
        return None
    if not math.isfinite(v):
        return None
    d = len(s.split(".", 1)[1]) if "." in s and "e" not in s.lower() else 0
    return v, d


def value_is_right(answer, value: float) -> bool:
    """Right within rounding: the answer is the value rounded to the decimals the student typed
    (at least one decimal; up to rounding of the last digit)."""
    got = as_number(answer)
    if got is None:
        return False
    v, d = got
    return abs(v - value) <= 0.5 * 10 ** -max(d, 1) + 1e-9


def class_of_answer(answer) -> str | None:
    """The grade class a student named: a class id or its name in any language."""
    if answer is None:
        return None
    a = _norm(answer)
    for cid in method.CLASSES:
        if a in {_norm(cid)} | {_norm(texts.class_label(cid, lang)) for lang in LANGS}:
            return cid
    return None


def scenarios_of_answer(answer) -> set[str] | None:
    """The scenarios a student named (ids or names in any language; a list, or separated by commas)."""
    if answer is None or answer == "":
        return None
    items = answer if isinstance(answer, (list, tuple, set)) else re.split(r"[,;/+\n]", str(answer))
    known = {_norm(s): s for s in scenarios.SCENARIOS}
    known |= {_norm(texts.scenario_label(s, lang)): s for s in scenarios.SCENARIOS for lang in LANGS}
    out = set()
    for it in items:
        if _norm(it):
            out.add(known.get(_norm(it), "?"))
    return out or None


# ---------------------------------------------------------------- the data exercises' answers


def published_pairs(table: str, indicator: str) -> pd.DataFrame:
    df = data.numeric_table(table)
    return df[df["indicator"] == indicator]


def t6_changes() -> pd.DataFrame:
    """Table 6: each town's printed population change beside the one its printed populations
    give, ``(pop2021 − pop2017) / pop2017 × 100``, and a verdict: ``ok``, ``minor`` (truncated
    or off in the last digit), ``error``, ``sign`` (the opposite sign)."""
    pop = published_pairs("T6", "population").pivot_table(index="city_id", columns="year", values="value", sort=False)
    ch = published_pairs("T6", "population_change_pct").set_index("city_id")
    out = []
    for city in ch.index:
        p17, p21 = float(pop.loc[city, 2017]), float(pop.loc[city, 2021])
        printed, raw = float(ch.loc[city, "value"]), str(ch.loc[city, "value_raw"])
        rec = (p21 - p17) / p17 * 100
        sev = errata.classify(printed, raw, rec)
        verdict = "ok" if sev is None else ("sign" if printed * rec < 0 else sev)
        out.append((city, p17, p21, raw, printed, rec, verdict))
    return pd.DataFrame(
        out, columns=["city_id", "pop2017", "pop2021", "printed_raw", "printed", "recomputed", "verdict"]
    )


def t11_wages() -> pd.DataFrame:
    """Table 11's 2021 wages: the printed cell, whether it is garbled (seven digits where the
    series has six), the likely intended wage (without the stray last digit), its growth on
    2020, and the '2017/2021' row — printed, recomputed from the printed cells, and from the
    intended wages (``(w2021 − w2017) / w2021 × 100``)."""
    w = published_pairs("T11", "avg_monthly_nominal_wage")
    row = published_pairs("T11", "avg_monthly_nominal_wage_2017_2021").set_index("city_id")
    out = []
    for city in dict.fromkeys(w["city_id"]):
        c = w[w["city_id"] == city].set_index("year")
        raw = str(c.loc[2021, "value_raw"])
        digits = re.sub(r"\D", "", raw)
        w17, w20 = float(c.loc[2017, "value"]), float(c.loc[2020, "value"])
        garbled = len(digits) > len(str(int(w20)))
        intended = float(digits[:-1]) if garbled else float(digits)
        as_printed = float(digits)
        printed_row = float(row.loc[city, "value"])
        out.append(
            (
                city,
                w17,
                w20,
                raw,
                garbled,
                intended,
                (intended - w20) / w20 * 100,
                str(row.loc[city, "value_raw"]),
                printed_row,
                (as_printed - w17) / as_printed * 100,
                (intended - w17) / intended * 100,
            )
        )
    df = pd.DataFrame(
        out,
        columns=[
            "city_id",
            "wage2017",
            "wage2020",
            "printed_raw",
            "garbled",
            "intended",
            "growth_pct",
            "printed_change_raw",
            "printed_change",
            "change_as_printed",
            "change_intended",
        ],
    )
    df["row_reproduced_garbled"] = (df["change_as_printed"] - df["printed_change"]).abs() < 1
    return df


def populations_2014_2017() -> pd.DataFrame:
    """The article's 2014 population (thousand, Table 1 of the article) beside the dissertation's
    2017 one (Table 6, persons): the change in %, flagged beyond ``POPULATION_GAP_PCT``, and
    whether the 2017 figure is a typo (a T6 erratum of the data package)."""
    a1 = published_pairs("A1", "population").set_index("city_id")["value"]
    t6 = published_pairs("T6", "population")
    t6 = t6[t6["year"] == 2017].set_index("city_id")["value"]
    e = data.load("errata")
    typos = set(e[(e["table"] == "T6") & (e["field"] == "population") & (e["year"] == 2017)]["city_id"])
    out = []
    for city in t6.index:
        if city not in a1.index:
            continue
        p14, p17 = float(a1[city]), float(t6[city])
        ch = (p17 - p14 * 1000) / (p14 * 1000) * 100
        out.append((city, p14, p17, ch, abs(ch) > POPULATION_GAP_PCT, city in typos))
    return pd.DataFrame(out, columns=["city_id", "pop2014_thousand", "pop2017", "change_pct", "flagged", "typo"])


def unemployment_ranks() -> pd.DataFrame:
    """The 27 towns ranked on unemployment 2021 (Table 6), lowest first; equal rates share the
    best rank of their group (1, 2, 2, 4 …)."""
    u = published_pairs("T6", "unemployment_rate_pct")[["city_id", "value"]].rename(columns={"value": "rate"})
    u["rate"] = u["rate"].astype(float)
    u["rank"] = u["rate"].rank(method="min").astype(int)
    return u.sort_values(["rank", "city_id"]).reset_index(drop=True)


def unemployment_summary() -> dict:
    """What the ranking hides, in numbers: groups of ties, the spread of the rates, the
    national rate the text quotes, the largest jump in rank for the smallest change in rate."""
    df = unemployment_ranks()
    counts = df["rate"].value_counts()
    national = float(data.load("text-values").set_index("key").loc["national_unemployment", "value"])
    # the smallest step in rate that moves a town over the most ranks: the next distinct rate up
    rates = sorted(counts.index)
    steps = [
        (b - a, int(df[df["rate"] == b]["rank"].iloc[0] - df[df["rate"] == a]["rank"].iloc[0]), a)
        for a, b in zip(rates, rates[1:], strict=False)
    ]
    best = max(steps, key=lambda s: (s[1], -s[0]))
    return {
        "tie_groups": int((counts > 1).sum()),
        "tied_towns": int(counts[counts > 1].sum()),
        "spread": float(df["rate"].max() - df["rate"].min()),
        "national": national,
        "above_national": int((df["rate"] > national).sum()),
        "equal_national": int((df["rate"] == national).sum()),
        "rank_gap_rate": round(best[0], 1),
        "rank_gap_ranks": best[1],
    }
