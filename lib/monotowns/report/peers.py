"""A town beside the others: its ranks among the 27 (or Karaganda's 8), the medians of the
groups it belongs to (all, Karaganda's 8, its functional type in Table 4), the comparisons
and findings said of them.

Every median and rank is taken over published cells (``profile.values``) or over the
two measures related to a town's size (``profile.series``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from monotowns import data
from monotowns.data import towns

from . import profile, texts, townsummary

T = texts.t


def town_type(town: str) -> str | None:
    """The town's functional type in Table 4 (extractive, processing, science_industrial)."""
    t4 = data.load("t4")
    r = t4[t4["city_id"] == town]
    return str(r["functional_type_id"].iloc[0]) if len(r) else None


def group_members(group: str) -> list[str]:
    """The towns of a comparison group: 'all' (the 27), 'karaganda8', or 'type=<id>' (Table 4)."""
    if group == "all":
        return towns.town_ids()
    if group == "karaganda8":
        return [t for t in towns.town_ids() if towns.town(t)["karaganda8"] == "true"]
    if group.startswith("type="):
        t4 = data.load("t4")
        return sorted(set(t4[t4["functional_type_id"] == group[5:]]["city_id"].dropna()) & set(towns.town_ids()))
    raise ValueError(f"unknown group {group!r}")


def median(m: profile.Measure, group: str) -> tuple[float, int] | None:
    """(median, number of towns) of the measure over a group's towns with a value."""
    v = profile.series(m)
    v = v[v.index.isin(group_members(group))]
    return (float(v.median()), len(v)) if len(v) else None


@dataclass(frozen=True)
class Comparison:
    """The town's value beside a reference: the national value, the oblast's, the subsistence
    minimum, or the median of a group. ``form`` 'ratio' (said as "1.1 times" or "36% lower") or
    'points' (percentage points above or below); ``x_spec``/``ref_spec`` name the cells
    (``publish.claims``)."""

    measure: profile.Measure
    year: str
    x: float
    ref: float
    ref_kind: str  # national, oblast, subsistence, median27, median_type, median8
    form: str
    n: int | None = None
    group: str = ""
    x_spec: str = ""
    ref_spec: str = ""

    @property
    def strength(self) -> float:
        """How far the town is from the reference, comparable across forms: |ln ratio|, or
        the points difference relative to the reference (at least one point)."""
        import math

        if self.form == "ratio":
            return abs(math.log(self.x / self.ref)) if self.x > 0 and self.ref > 0 else 0.0
        return abs(self.x - self.ref) / max(abs(self.ref), 1.0)


def claim_token(m: profile.Measure) -> str:
    """The measure as ``publish.claims`` names it: TABLE.INDICATOR.YEAR, 'change' or 'per'."""
    if m is profile.POP_CHANGE:
        return "change"
    if m is profile.INVEST_PC:
        return "per"
    if m is profile.UNEMP_PK:
        return "unemp_pk"
    return f"{m.table}.{m.indicator}.{profile.year_of(m)}"


def comparisons(town: str) -> list[Comparison]:
    """Every comparison the profile can make for the town: unemployment against the national
    rate and the medians of the 27 and of its functional type; the population change against
    the same medians; for Karaganda's eight also the wage against the subsistence minimum, the
    median of the eight and (2014) the oblast's average, investment per resident, fixed-asset
    wear and the loss-making share against the median of the eight."""
    out: list[Comparison] = []
    karaganda = towns.town(town)["karaganda8"] == "true"
    ttype = town_type(town)

    def medians(m: profile.Measure, year: str, form: str, groups: list[tuple[str, str]]) -> None:
        v = profile.series(m)
        if town not in v.index:
            return
        for kind, group in groups:
            med = median(m, group)
            if med is None or med[1] < 3:  # no median of fewer than three towns
                continue
            tok = claim_token(m)
            out.append(
                Comparison(
                    m,
                    year,
                    float(v[town]),
                    med[0],
                    kind,
                    form,
                    med[1],
                    group,
                    f"town:{tok}:{town}",
                    f"median:{tok}:{group}",
                )
            )

    peers = [("median27", "all")] + ([("median_type", f"type={ttype}")] if ttype else [])
    u = profile.cell(profile.UNEMPLOYMENT, town)
    if u is not None:
        nat = profile.national_unemployment()
        out.append(
            Comparison(
                profile.UNEMPLOYMENT,
                "2021",
                u["value"],
                nat["value"],
                "national",
                "ratio",
                None,
                "",
                f"town:{claim_token(profile.UNEMPLOYMENT)}:{town}",
                "text:national_unemployment",
            )
        )
    medians(profile.UNEMPLOYMENT, "2021", "points", peers)
    medians(profile.POP_CHANGE, "2017–2021", "points", peers)
    if karaganda:
        w, sm = profile.cell(profile.WAGE, town), profile.cell(profile.SUBSISTENCE, town)
        if w is not None and sm is not None:
            out.append(
                Comparison(
                    profile.WAGE,
                    str(w["year"]),
                    w["value"],
                    sm["value"],
                    "subsistence",
                    "ratio",
                    None,
                    "",
                    f"town:{claim_token(profile.WAGE)}:{town}",
                    f"town:{claim_token(profile.SUBSISTENCE)}:{town}",
                )
            )
        medians(profile.WAGE, str(profile.wage_year()), "ratio", [("median8", "karaganda8")])
        w14 = profile.cell(profile.WAGE_2014, town)
        obl = _oblast_cell(profile.WAGE_2014)
        if w14 is not None and obl is not None:
            out.append(
                Comparison(
                    profile.WAGE_2014,
                    "2014",
                    w14["value"],
                    obl,
                    "oblast",
                    "ratio",
                    None,
                    "",
                    f"town:{claim_token(profile.WAGE_2014)}:{town}",
                    f"town:{claim_token(profile.WAGE_2014)}:karaganda_oblast",
                )
            )
        medians(profile.INVEST_PC, "2021", "ratio", [("median8", "karaganda8")])
        medians(profile.UNEMP_PK, "2021", "ratio", [("median8", "karaganda8")])
        medians(profile.WEAR, "2021", "points", [("median8", "karaganda8")])
        medians(profile.LOSS_SHARE, "2021", "points", [("median8", "karaganda8")])
    return out


def _oblast_cell(m: profile.Measure) -> float | None:
    df = data.numeric_table(m.table)
    df = df[(df["city_id"] == "karaganda_oblast") & (df["indicator"] == m.indicator) & (df["year"] == m.year)]
    return float(df["value"].iloc[0]) if len(df) and pd.notna(df["value"].iloc[0]) else None


def key_comparisons(town: str) -> list[Comparison]:
    """The 3-5 comparisons page 1 states, chosen by rule: unemployment against the national
    rate (the one national benchmark the sources give), the population change against the
    median of the 27 (the direction of change), then the comparisons farthest from their
    reference (``Comparison.strength``), at most two per measure, five in all (four for a town
    outside Karaganda, whose material is thinner)."""
    every = comparisons(town)
    first = [
        c
        for c in every
        if (c.measure, c.ref_kind) in ((profile.UNEMPLOYMENT, "national"), (profile.POP_CHANGE, "median27"))
    ]
    rest = sorted((c for c in every if c not in first), key=lambda c: -c.strength)
    limit = 5 if towns.town(town)["karaganda8"] == "true" else 4
    chosen = list(first)
    for c in rest:
        if len(chosen) >= limit:
            break
        if sum(x.measure is c.measure for x in chosen) < 2:
            chosen.append(c)
    return chosen


def measure_text(m: profile.Measure, v: float, lang: str, decimals: int | None = None) -> str:
    """A value of a comparison's measure in words: '5.3%', '+0.6%', '240,497 tenge', '611
    thousand tenge'; ``decimals``: a percentage with that many (see ``_points_decimals``)."""
    if m is profile.INVEST_PC:
        return T("town_fd_thousand_tenge", lang, n=profile.num(round(v), lang))
    if m is profile.UNEMP_PK:
        return texts.fmt_number(v, lang, 1)
    if m is profile.POP_CHANGE:
        return ("+" if round(v, decimals or 1) > 0 else "") + texts.fmt_percent(v, lang, decimals or 1)
    if m.indicator.endswith("_pct") or m.indicator == "fixed_assets_wear":
        return texts.fmt_percent(v, lang, decimals) if decimals else profile.pct(v, lang)
    if m.indicator in ("avg_monthly_nominal_wage", "subsistence_minimum"):
        return T("town_kf_tenge", lang, n=profile.num(v, lang))
    return profile.num(v, lang)


def _label(m: profile.Measure) -> str:
    if m is profile.POP_CHANGE:
        return "town_fd_pop_change"
    return "town_fd_wage2014" if m is profile.WAGE_2014 else f"town_{m.label}"


def _points_decimals(c: Comparison) -> int | None:
    """Two decimals for a comparison in percentage points whose two values, as shown with one,
    would not give the difference it states ('+0.2% — 0.1 points below the median (+0.2%)'
    read as a contradiction; 0.16 and 0.24 say it); None where one decimal says it."""
    shown = 1 if c.measure is profile.POP_CHANGE else None

    def one(v: float) -> float:
        return round(v, shown or profile.pct_decimals(v))

    d = round(c.x - c.ref, 1)
    return 2 if abs(round(one(c.x) - one(c.ref), 2) - d) > 1e-9 else None


def comparison_sentence(c: Comparison, lang: str) -> profile.Sentence:
    """One finding: '{what} ({year}): {x} — {k} times / lower than / points above … {ref}.',
    each number a ``Claim`` (``publish.claims`` re-derives the value, the reference and the
    ratio or difference from the published cells)."""
    percent = c.measure.indicator.endswith("_pct")
    points = not (c.form == "ratio" and not (percent and round(c.x / c.ref, 1) < 1.1))
    dec = _points_decimals(c) if points else None
    ref_parts = {"v": profile.Claim(measure_text(c.measure, c.ref, lang, dec), f"value {c.ref_spec}")}
    if c.n is not None:
        ref_parts["n"] = str(c.n)
    if c.ref_kind == "median_type":
        ref_parts["type"] = T(f"town_type_{c.group[5:]}", lang)
    ref = profile.Sentence(f"town_fd_ref_{c.ref_kind}", ref_parts)
    pair = f"{c.x_spec} {c.ref_spec}"
    if not points:  # a ratio; a rate below its reference is said in points
        r = c.x / c.ref
        if round(r, 1) >= 1.1:
            cmp = profile.Sentence(
                "town_fd_times", {"k": profile.Claim(profile.num(round(r, 1), lang), f"times {pair}"), "ref": ref}
            )
        elif r <= 0.95:
            lower = texts.fmt_percent(round((1 - r) * 100), lang, 0)
            cmp = profile.Sentence("town_fd_lower", {"k": profile.Claim(lower, f"lower {pair}"), "ref": ref})
        else:
            cmp = profile.Sentence("town_fd_same", {"ref": ref})
    else:
        d = round(c.x - c.ref, 1)
        if d == 0:
            cmp = profile.Sentence("town_fd_same", {"ref": ref})
        else:
            key, kind = ("town_fd_pts_above", "above") if d > 0 else ("town_fd_pts_below", "below")
            cmp = profile.Sentence(key, {"v": profile.Claim(profile.num(abs(d), lang), f"{kind} {pair}"), "ref": ref})
    what = T(_label(c.measure), lang)
    x = profile.Claim(measure_text(c.measure, c.x, lang, dec), f"value {c.x_spec}")
    return profile.Sentence("town_fd_line", {"what": what, "year": c.year, "x": x, "cmp": cmp})


#: The summary's sentences that say what a comparison cannot: a misprinted population, the
#: article's figures and words for a town the dissertation does not cover, its anchor project.
EXPLAINING = {
    "town_sum_pop_printed",
    "town_sum_pop_misprint",
    "town_sum_flag",
    "town_sum_pop2014",
    "town_sum_potential",
    "town_sum_project",
}


def findings(town: str, lang: str) -> list[profile.Sentence]:
    """Page 1's key findings: the chosen comparisons (``key_comparisons``) in words, then the
    summary's sentences about what the numbers cannot say alone (``EXPLAINING``)."""
    chosen = key_comparisons(town)
    order = list(dict.fromkeys(c.measure for c in chosen))  # a measure's comparisons together
    chosen.sort(key=lambda c: order.index(c.measure))
    out = [comparison_sentence(c, lang) for c in chosen]
    for x in townsummary.summary_sentences(town, lang):
        if x.key == "town_sum_pop_printed":  # said with the two populations it contradicts
            ch = profile.population_change(town)
            parts = {
                "printed": x.parts["printed"],
                "p17": profile.Claim(profile.num(ch["p2017"], lang), f"cell T6 population {town} 2017"),
                "p21": profile.Claim(profile.num(ch["p2021"], lang), f"cell T6 population {town} 2021"),
                "chg": profile.Claim(
                    profile.signed_pct(round(ch["value"], 1), lang), f"delta T6 population {town} 2017 2021"
                ),
            }
            out.append(profile.Sentence("town_fd_pop_printed", parts))
        elif x.key in EXPLAINING:
            out.append(x)
    return out


#: The tables a town report ranks the town in: (table, indicator, year or None).
RANKED = [
    ("T6", "population", 2021),
    ("T6", "population_change_pct", None),
    ("T6", "unemployment_rate_pct", 2021),
    ("T11", "subsistence_minimum", 2021),
    ("T11", "avg_monthly_nominal_wage", 2020),
    ("T13", "production_profitability_pct", 2021),
    ("T14", "fixed_assets_wear", 2021),
    ("T15", "fixed_capital_investment", 2021),
    ("F20", "unemployed_persons", 2021),
]


def ranks(town: str) -> dict[str, dict]:
    """What the town's report shows of the other towns: its rank (1 = largest value) among the
    towns of each ranked table, e.g. {'T6 population 2021': {'rank': 5, 'of': 27, 'value':
    79191.0}}, and under 'peers …' the values of the peers its charts draw (so that the build's
    fingerprint of a town report changes when a peer's plotted value does)."""
    out: dict[str, dict] = {}
    karaganda = towns.town(town)["karaganda8"] == "true"
    measures = [profile.POPULATION, profile.POP_CHANGE, profile.UNEMPLOYMENT]
    if karaganda:
        measures += [profile.WAGE, profile.INVESTMENT, profile.LOSS_SHARE, profile.WEAR, profile.UNEMPLOYED]
        a3 = data.numeric_table("A3")
        a3 = a3[a3["indicator"] == "avg_monthly_nominal_wage"]
        out["peers A3"] = dict(zip(a3["city_id"], a3["value"].astype(float), strict=True))
    for m in measures:
        out[f"peers {m.table} {m.indicator} {profile.year_of(m)}"] = profile.values(m).to_dict()
    # the medians and references its comparisons state (a peer's type in Table 4, say)
    out["comparisons"] = {
        f"{c.measure.table} {c.measure.indicator} {c.ref_kind}": [c.x, c.ref, c.n, c.group] for c in comparisons(town)
    }
    for table, ind, year in RANKED:
        df = data.numeric_table(table)
        df = df[(df.indicator == ind) & df["city_id"].isin(towns.town_ids())]
        if year is not None:
            df = df[df.year == year]
        df = df[df["value"].notna()]
        if town not in set(df.city_id):
            continue
        order = df.sort_values("value", ascending=False)["city_id"].tolist()
        out[f"{table} {ind}" + (f" {year}" if year else "")] = {
            "table": table,
            "indicator": ind,
            "year": year,
            "rank": order.index(town) + 1,
            "of": len(order),
            "value": float(df[df.city_id == town]["value"].iloc[0]),
        }
    return out
