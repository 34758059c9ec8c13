"""The figures of a town profile, computed from the data package: key figures with year,
earlier value, rank among the 27 (or Karaganda's 8) and its direction; the plain-language
summary; the flags of implausible changes.

Nothing here formats HTML: ``townreport`` presents what these functions return. Every number
returned is a published cell (``data.numeric_table``) or a rank computed from published cells;
nothing is derived from a number that the source does not print.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from monotowns import data
from monotowns.data import towns

from . import texts

T = texts.t

#: An earlier population more than this factor away from the later one (article 2014 vs
#: dissertation 2017, three years apart) more likely reflects another territory or a misprint
#: than real change.
IMPLAUSIBLE_FACTOR = 1.25


@dataclass(frozen=True)
class Measure:
    """A published measure a profile can rank: table, indicator, year (None = yearless), the
    catalogue key of its label, the key of its rank direction ('1 = …'), whether rank 1 is the
    largest value, and the peer group (27 = every mono-town, 8 = Karaganda's)."""

    table: str
    indicator: str
    year: int | None
    label: str
    direction: str
    group: int


POPULATION = Measure("T6", "population", 2021, "kf_population", "dir_population", 27)
POP_CHANGE = Measure("T6", "population_change_pct", None, "kf_pop_change", "dir_pop_change", 27)
UNEMPLOYMENT = Measure("T6", "unemployment_rate_pct", 2021, "kf_unemployment", "dir_unemployment", 27)
WAGE = Measure("T11", "avg_monthly_nominal_wage", None, "kf_wage", "dir_wage", 8)  # year: see wage_year()
SUBSISTENCE = Measure("T11", "subsistence_minimum", None, "kf_subsistence", "dir_subsistence", 8)
INVESTMENT = Measure("T15", "fixed_capital_investment", 2021, "kf_investment", "dir_investment", 8)
LOSS_SHARE = Measure("T13", "loss_making_share_pct", 2021, "kf_loss_share", "dir_loss_share", 8)
PROFITABILITY = Measure("T13", "production_profitability_pct", 2021, "kf_profitability", "dir_profitability", 8)
WEAR = Measure("T14", "fixed_assets_wear", 2021, "kf_wear", "dir_wear", 8)
UNEMPLOYED = Measure("F20", "unemployed_persons", 2021, "kf_unemployed", "dir_unemployed", 8)


def _cells(table: str, indicator: str) -> pd.DataFrame:
    df = data.numeric_table(table)
    return df[(df["indicator"] == indicator) & df["city_id"].isin(towns.town_ids())]


def wage_year() -> int:
    """The latest year of Table 11 in which every Karaganda town's wage is printed readably
    (2021's column is garbled for all eight: see data/errata.csv)."""
    df = _cells("T11", "avg_monthly_nominal_wage")
    n = df["city_id"].nunique()
    ok = [int(y) for y, g in df.groupby("year") if g["value"].notna().sum() == n]
    return max(ok)


def year_of(m: Measure) -> int | None:
    return wage_year() if m.table == "T11" else m.year


def values(m: Measure) -> pd.Series:
    """The measure's published values by town (towns with an empty cell left out)."""
    df = _cells(m.table, m.indicator)
    y = year_of(m)
    if y is not None:
        df = df[df["year"] == y]
    df = df[df["value"].notna()]
    return df.set_index("city_id")["value"].astype(float)


def cell(m: Measure, town: str, year: int | None = None) -> dict | None:
    """The published cell of a town: {'value', 'value_raw', 'line', 'year', 'unit'}, or None."""
    df = _cells(m.table, m.indicator)
    y = year if year is not None else year_of(m)
    df = df[df["city_id"] == town]
    if y is not None:
        df = df[df["year"] == y]
    if df.empty or pd.isna(df["value"].iloc[0]):
        return None
    r = df.iloc[0]
    return {
        "value": float(r["value"]),
        "value_raw": r["value_raw"],
        "line": int(r["line"]),
        "year": y,
        "unit": r["unit"],
    }


def rank(m: Measure, town: str) -> tuple[int, int] | None:
    """(rank, number of towns ranked): 1 = the largest value (ties share the better rank)."""
    v = values(m)
    if town not in v.index:
        return None
    return int((v > v[town]).sum()) + 1, len(v)


def national_unemployment() -> dict:
    """The national unemployment rate the dissertation quotes (data/text_values.csv)."""
    r = data.load("text-values").set_index("key").loc["national_unemployment"]
    return {"value": float(r["value"]), "source": r["source"], "line": int(r["line"])}


def errata_for(table: str, town: str, indicator: str, year: int | None = None) -> list[str]:
    """The notes (in English, as data/errata.csv holds them) of the errata about one town's cell
    (errata about a whole column go to the report's notes on the data)."""
    e = data.load("errata")
    e = e[(e["table"] == table) & (e["field"] == indicator) & (e["city_id"].fillna("") == town)]
    if year is not None:
        e = e[e["year"].astype("string").fillna("").isin(["", str(year)])]
    return [n for n in e["note"].tolist() if isinstance(n, str)]


@dataclass
class KeyFigure:
    """One line of the key-figures box."""

    measure: Measure
    value: float
    year: int | None
    line: int
    earlier: float | None = None  # the same measure in 2017 (None where the source has none)
    earlier_year: int | None = None
    rank: tuple[int, int] | None = None
    compare: float | None = None  # national rate or subsistence minimum
    compare_line: int | None = None
    notes: list[str] = field(default_factory=list)  # errata notes (English, as in errata.csv)


def key_figures(town: str) -> list[KeyFigure]:
    """The town's headline numbers: population and unemployment for every town; wage against
    the subsistence minimum, investment, loss-making share, wear and the unemployed for
    Karaganda's eight."""
    out: list[KeyFigure] = []
    karaganda = towns.town(town)["karaganda8"] == "true"

    def add(m: Measure, earlier_year: int | None = 2017, compare: dict | None = None) -> KeyFigure | None:
        c = cell(m, town)
        if c is None:
            return None
        e = cell(m, town, earlier_year) if earlier_year else None
        kf = KeyFigure(
            m,
            c["value"],
            c["year"],
            c["line"],
            earlier=e["value"] if e else None,
            earlier_year=earlier_year if e else None,
            rank=rank(m, town),
            compare=compare["value"] if compare else None,
            compare_line=compare["line"] if compare else None,
            notes=errata_for(m.table, town, m.indicator, c["year"])
            + (errata_for(m.table, town, m.indicator, earlier_year) if e else []),
        )
        kf.notes = list(dict.fromkeys(kf.notes))
        out.append(kf)
        return kf

    add(POPULATION)
    ch = cell(POP_CHANGE, town)
    if ch is not None:
        out.append(
            KeyFigure(
                POP_CHANGE,
                ch["value"],
                None,
                ch["line"],
                rank=rank(POP_CHANGE, town),
                notes=errata_for("T6", town, "population_change_pct"),
            )
        )
    add(UNEMPLOYMENT, None, national_unemployment())
    if karaganda:
        sm = cell(SUBSISTENCE, town)
        add(WAGE, 2017, sm)
        add(INVESTMENT)
        add(LOSS_SHARE)
        add(WEAR)
        add(UNEMPLOYED)
    return out


def population_flag(town: str) -> dict | None:
    """The article's 2014 population (thousand) against the dissertation's 2017 head count,
    where they differ by more than ``IMPLAUSIBLE_FACTOR``: {'p2014', 'line2014', 'p2017',
    'line2017', 'erratum'} (erratum: an errata note about the 2017 cell, if any)."""
    a1 = cell(Measure("A1", "population", 2014, "", "", 27), town)
    t6 = cell(Measure("T6", "population", 2017, "", "", 27), town)
    if a1 is None or t6 is None:
        return None
    ratio = a1["value"] * 1000 / t6["value"]
    if 1 / IMPLAUSIBLE_FACTOR <= ratio <= IMPLAUSIBLE_FACTOR:
        return None
    return {
        "p2014": a1["value"],
        "line2014": a1["line"],
        "p2017": t6["value"],
        "line2017": t6["line"],
        "errata": errata_for("T6", town, "population", 2017),
    }


def text_cell(table: str, town: str, indicator: str) -> dict | None:
    """A text cell of a table (e.g. A1's economic potential), as published, with its line."""
    df = data.numeric_table(table)
    df = df[(df["city_id"] == town) & (df["indicator"] == indicator)]
    if df.empty:
        return None
    r = df.iloc[0]
    return {"text": r["value_raw"], "line": int(r["line"])}


def projects(town: str) -> list[dict]:
    """Table 7's anchor projects of the town: [{'name', 'money', 'money_unit', 'jobs', 'line'}]."""
    df = data.numeric_table("T7")
    df = df[df["city_id"] == town]
    out = []
    i = 1
    while True:
        name = df[df["indicator"] == f"project_name_{i}"]
        if name.empty:
            return out
        money = df[df["indicator"] == f"money_spent_{i}"]
        jobs = df[df["indicator"] == f"jobs_created_{i}"]
        out.append(
            {
                "name": name["value_raw"].iloc[0],
                "money": float(money["value"].iloc[0]) if len(money) and pd.notna(money["value"].iloc[0]) else None,
                "money_unit": money["unit"].iloc[0] if len(money) else None,
                "jobs": float(jobs["value"].iloc[0]) if len(jobs) and pd.notna(jobs["value"].iloc[0]) else None,
                "line": int(name["line"].iloc[0]),
            }
        )
        i += 1


# ---------------------------------------------------------------- words


def num(v: float, lang: str, table: str | None = None) -> str:
    return texts.fmt_number(v, lang)


def pct(v: float, lang: str) -> str:
    return texts.fmt_percent(v, lang, 2 if round(v, 1) != round(v, 2) else 1)


def signed_pct(v: float, lang: str) -> str:
    return ("+" if v > 0 else "") + pct(v, lang)


def value_text(kf: KeyFigure, lang: str, v: float | None = None) -> str:
    v = kf.value if v is None else v
    m = kf.measure
    if m.indicator.endswith("_pct") or m.indicator == "fixed_assets_wear":
        return signed_pct(v, lang) if m is POP_CHANGE else pct(v, lang)
    if m.table == "T11":
        return T("town_kf_tenge", lang, n=num(v, lang))
    if m.table == "T15":
        return T("town_kf_mln_tenge", lang, n=num(v, lang))
    return num(v, lang)


def rank_text(kf: KeyFigure, lang: str) -> str:
    if kf.rank is None:
        return ""
    r, n = kf.rank
    return T("town_kf_rank", lang, r=r, n=n, direction=T(f"town_{kf.measure.direction}", lang))


def cmp_key(x: float, ref: float) -> str:
    return "town_cmp_above" if x > ref else ("town_cmp_below" if x < ref else "town_cmp_equal")


def summary(town: str, lang: str) -> list[str]:
    """The plain-language summary: 4-6 sentences from the key figures and the article."""
    name = texts.town_name(town, lang)
    kfs = {kf.measure: kf for kf in key_figures(town)}
    out: list[str] = []
    p, ch = kfs.get(POPULATION), kfs.get(POP_CHANGE)
    if p is not None:
        r, n = p.rank
        if ch is not None and ch.value != 0:
            key = "town_sum_pop_up" if ch.value > 0 else "town_sum_pop_down"
            out.append(T(key, lang, town=name, pop=num(p.value, lang), chg=pct(abs(ch.value), lang), r=r, n=n))
        else:
            out.append(T("town_sum_pop_only", lang, town=name, pop=num(p.value, lang), r=r, n=n))
    flag = population_flag(town)
    if flag is not None:
        out.append(T("town_sum_flag", lang, p2014=num(flag["p2014"], lang), p2017=num(flag["p2017"], lang)))
    elif towns.town(town)["karaganda8"] != "true":
        a1 = cell(Measure("A1", "population", 2014, "", "", 27), town)
        if a1 is not None:
            out.append(T("town_sum_pop2014", lang, p2014=num(a1["value"], lang)))
    u = kfs.get(UNEMPLOYMENT)
    if u is not None:
        r, n = u.rank
        cmp = T(cmp_key(u.value, u.compare), lang, nat=pct(u.compare, lang))
        out.append(T("town_sum_unemp", lang, u=pct(u.value, lang), cmp=cmp, r=r, n=n))
    w = kfs.get(WAGE)
    if w is not None:
        r, n = w.rank
        out.append(T("town_sum_wage", lang, y=w.year, w=num(w.value, lang), sm=num(w.compare, lang), r=r, n=n))
    wear, loss = kfs.get(WEAR), kfs.get(LOSS_SHARE)
    if wear is not None and loss is not None:
        out.append(
            T(
                "town_sum_wear",
                lang,
                wear=pct(wear.value, lang),
                r=wear.rank[0],
                n=wear.rank[1],
                loss=pct(loss.value, lang),
            )
        )
    elif wear is not None:
        out.append(T("town_sum_wear_only", lang, wear=pct(wear.value, lang), r=wear.rank[0], n=wear.rank[1]))
    if w is None:  # the towns outside Karaganda: what the article says of them
        pot, spec = text_cell("A1", town, "economic_potential"), text_cell("A1", town, "specialisation")
        if pot and spec:
            out.append(
                T(
                    "town_sum_potential",
                    lang,
                    pot=texts.source_text("A1", "value_raw", pot["text"], lang).lower(),
                    spec=texts.source_text("A1", "value_raw", spec["text"], lang).lower(),
                )
            )
        pr = projects(town)
        if pr:
            first = pr[0]
            name_p = texts.source_text("T7", "value_raw", first["name"], lang)
            if first["jobs"] is not None:
                out.append(T("town_sum_project", lang, project=name_p, jobs=num(first["jobs"], lang)))
    return out
