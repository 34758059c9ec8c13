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
    """The measure's published values by town (towns with an empty cell left out); for the
    population change, the change the two printed populations give (``population_change``),
    towns whose printed population is misprinted left out."""
    if m is POP_CHANGE:
        changes = population_changes()
        return pd.Series({t: c["value"] for t, c in changes.items() if not c["base_misprinted"]}, dtype=float)
    df = _cells(m.table, m.indicator)
    y = year_of(m)
    if y is not None:
        df = df[df["year"] == y]
    df = df[df["value"].notna()]
    return df.set_index("city_id")["value"].astype(float)


def population_changes() -> dict[str, dict]:
    """Population change 2017–2021, %, of every town, as the two populations Table 6 prints give
    it: (P2021 − P2017) / P2017 · 100, beside the change Table 6 prints in its own column.
    Town → {'value', 'p2017', 'p2021', 'line', 'printed', 'printed_raw', 'printed_line',
    'agrees', 'base_misprinted'}: ``agrees`` is False where the printed change does not follow
    from the printed populations (data/errata.csv), ``base_misprinted`` True where a printed
    population itself is an erratum (Karatau's 2017 figure has a digit too many). Towns with
    either population missing are left out."""
    t6 = data.numeric_table("T6")
    t6 = t6[t6["city_id"].isin(towns.town_ids())]
    pops = t6[(t6["indicator"] == "population") & t6["year"].isin([2017, 2021])]
    printed = t6[t6["indicator"] == "population_change_pct"].set_index("city_id")
    e = data.load("errata")
    e = e[(e["table"] == "T6") & (e["severity"].isin(["error", "minor"]))]
    wrong_change = set(e[e["field"] == "population_change_pct"]["city_id"].dropna())
    misprinted = set(e[(e["field"] == "population") & (e["severity"] == "error")]["city_id"].dropna())
    out = {}
    for town, g in pops.groupby("city_id"):
        g = g.set_index("year")
        if len(g) < 2 or g["value"].isna().any():
            continue
        p17, p21 = float(g.loc[2017, "value"]), float(g.loc[2021, "value"])
        pr = printed.loc[town] if town in printed.index else None
        out[town] = {
            "value": (p21 - p17) / p17 * 100,
            "p2017": p17,
            "p2021": p21,
            "line": int(g.loc[2021, "line"]),
            "printed": float(pr["value"]) if pr is not None and pd.notna(pr["value"]) else None,
            "printed_raw": pr["value_raw"] if pr is not None else None,
            "printed_line": int(pr["line"]) if pr is not None else None,
            "agrees": town not in wrong_change,
            "base_misprinted": town in misprinted,
        }
    return out


def population_change(town: str) -> dict | None:
    """The town's entry of ``population_changes`` (None where a population is missing)."""
    return population_changes().get(town)


def cell(m: Measure, town: str, year: int | None = None) -> dict | None:
    """The published cell of a town: {'value', 'value_raw', 'line', 'year', 'unit'}, or None
    (for the population change: the change the printed populations give, see
    ``population_change``)."""
    if m is POP_CHANGE:
        c = population_change(town)
        if c is None:
            return None
        return {"value": c["value"], "value_raw": c["printed_raw"], "line": c["line"], "year": None, "unit": "%"}
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
    ch = population_change(town)
    # no change stated where a printed population is misprinted (Karatau's 2017 figure would give
    # −89.8 %): the summary says why, the population's note gives the erratum
    if ch is not None and not ch["base_misprinted"]:
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
        if m is POP_CHANGE:  # computed, to the one decimal Table 6 prints
            return ("+" if round(v, 1) > 0 else "") + texts.fmt_percent(v, lang, 1)
        return pct(v, lang)
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


@dataclass(frozen=True)
class Claim:
    """A number or comparison a sentence states in words, with ``spec``, the published cells it
    comes from ("cell T6 population balkhash 2021", "change T6 population balkhash 2017 2021",
    "rank …", "cmp …"): the page marks it (``data-claim``) and ``publish.claims`` re-derives it
    from the data package on every built page."""

    text: str
    spec: str


@dataclass(frozen=True)
class Sentence:
    """One sentence of the summary: a catalogue key and its parts (texts or ``Claim``s)."""

    key: str
    parts: dict

    def text(self, lang: str) -> str:
        return T(self.key, lang, **{k: (v.text if isinstance(v, Claim) else v) for k, v in self.parts.items()})


def summary(town: str, lang: str) -> list[str]:
    """The plain-language summary: 4-6 sentences from the key figures and the article."""
    return [x.text(lang) for x in summary_sentences(town, lang)]


def summary_sentences(town: str, lang: str) -> list[Sentence]:
    """The summary's sentences, every number in them a ``Claim`` naming its cells. The
    population change is the one the two printed populations give; where Table 6 prints
    another, a sentence says so (never the contradicted value alone)."""
    name = texts.town_name(town, lang)
    kfs = {kf.measure: kf for kf in key_figures(town)}
    out: list[Sentence] = []

    def c(value: str, spec: str) -> Claim:
        return Claim(value, spec)

    p = kfs.get(POPULATION)
    ch = population_change(town)
    if p is not None:
        r, n = p.rank
        base = {
            "town": name,
            "pop": c(num(p.value, lang), f"cell T6 population {town} 2021"),
            "r": c(str(r), f"rank T6 population {town} 2021"),
            "n": str(n),
        }
        if ch is not None and not ch["base_misprinted"] and round(ch["value"], 1) != 0:
            phrase = T(
                "town_chg_more" if ch["value"] > 0 else "town_chg_fewer", lang, v=pct(abs(round(ch["value"], 1)), lang)
            )
            base["chg"] = c(phrase, f"change T6 population {town} 2017 2021")
            base["pop17"] = c(num(ch["p2017"], lang), f"cell T6 population {town} 2017")
            out.append(Sentence("town_sum_pop_change", base))
        else:
            out.append(Sentence("town_sum_pop_only", base))
        if ch is not None and ch["printed"] is not None and (ch["base_misprinted"] or not ch["agrees"]):
            printed = c(signed_pct(ch["printed"], lang), f"cell T6 population_change_pct {town}")
            if ch["base_misprinted"]:
                pop17 = c(num(ch["p2017"], lang), f"cell T6 population {town} 2017")
                out.append(Sentence("town_sum_pop_misprint", {"pop17": pop17, "printed": printed}))
            else:
                out.append(Sentence("town_sum_pop_printed", {"printed": printed}))
    flag = population_flag(town)
    if flag is not None:
        out.append(
            Sentence(
                "town_sum_flag",
                {
                    "p2014": c(num(flag["p2014"], lang), f"cell A1 population {town} 2014"),
                    "p2017": c(num(flag["p2017"], lang), f"cell T6 population {town} 2017"),
                },
            )
        )
    elif towns.town(town)["karaganda8"] != "true":
        a1 = cell(Measure("A1", "population", 2014, "", "", 27), town)
        if a1 is not None:
            out.append(
                Sentence("town_sum_pop2014", {"p2014": c(num(a1["value"], lang), f"cell A1 population {town} 2014")})
            )
    u = kfs.get(UNEMPLOYMENT)
    if u is not None:
        r, n = u.rank
        cmp = T(cmp_key(u.value, u.compare), lang, nat=pct(u.compare, lang))
        out.append(
            Sentence(
                "town_sum_unemp",
                {
                    "u": c(pct(u.value, lang), f"cell T6 unemployment_rate_pct {town} 2021"),
                    "cmp": c(cmp, f"cmp T6 unemployment_rate_pct {town} 2021 national_unemployment"),
                    "r": c(str(r), f"rank T6 unemployment_rate_pct {town} 2021"),
                    "n": str(n),
                },
            )
        )
    w = kfs.get(WAGE)
    if w is not None:
        r, n = w.rank
        out.append(
            Sentence(
                "town_sum_wage",
                {
                    "y": str(w.year),
                    "w": c(num(w.value, lang), f"cell T11 avg_monthly_nominal_wage {town} {w.year}"),
                    "sm": c(num(w.compare, lang), f"cell T11 subsistence_minimum {town} {w.year}"),
                    "r": c(str(r), f"rank T11 avg_monthly_nominal_wage {town} {w.year}"),
                    "n": str(n),
                },
            )
        )
    wear, loss = kfs.get(WEAR), kfs.get(LOSS_SHARE)
    if wear is not None:
        parts = {
            "wear": c(pct(wear.value, lang), f"cell T14 fixed_assets_wear {town} 2021"),
            "r": c(str(wear.rank[0]), f"rank T14 fixed_assets_wear {town} 2021"),
            "n": str(wear.rank[1]),
        }
        if loss is not None:
            parts["loss"] = c(pct(loss.value, lang), f"cell T13 loss_making_share_pct {town} 2021")
        out.append(Sentence("town_sum_wear" if loss is not None else "town_sum_wear_only", parts))
    if w is None:  # the towns outside Karaganda: what the article says of them
        pot, spec = text_cell("A1", town, "economic_potential"), text_cell("A1", town, "specialisation")
        if pot and spec:
            out.append(
                Sentence(
                    "town_sum_potential",
                    {
                        "pot": texts.source_text("A1", "value_raw", pot["text"], lang).lower(),
                        "spec": texts.source_text("A1", "value_raw", spec["text"], lang).lower(),
                    },
                )
            )
        pr = projects(town)
        if pr:
            first = pr[0]
            name_p = texts.source_text("T7", "value_raw", first["name"], lang)
            if first["jobs"] is not None:
                jobs = c(num(first["jobs"], lang), f"cell T7 jobs_created_1 {town}")
                out.append(Sentence("town_sum_project", {"project": name_p, "jobs": jobs}))
    return out
