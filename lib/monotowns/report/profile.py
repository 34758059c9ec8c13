"""The figures of a town profile, computed from the data package: key figures with year,
earlier value, rank among the 27 (or Karaganda's 8) and its direction; the flags of
implausible changes; the words that state a value. The summary in sentences is
``townsummary``'s, the comparisons with other towns ``peers``'.

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


@data.kept(table_first=True)
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


@data.kept("t6", "errata")
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
    v = series(m)
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


def _erratum(table: str, town: str, indicator: str, note: str) -> dict | None:
    e = data.load("errata")
    e = e[(e["table"] == table) & (e["field"] == indicator) & (e["city_id"].fillna("") == town) & (e["note"] == note)]
    return e.iloc[0].to_dict() if len(e) else None


#: The errata rules whose recomputed value comes from the same table's own figures (a share
#: of two printed counts, a change between two printed values, a mean of printed parts): only
#: these are said as "the table's own figures give …"; the others keep their own note.
OWN_FIGURES_RULES = {
    "share = loss_making / total * 100",
    "change_pct = (pop2021 - pop2017) / pop2017 * 100",
    "growth = (I2021 - I2017) / I2017 * 100",
    "TDe = TDe_sum / 4",
    "TDa = TDa_sum / 4",
}


def erratum_numbers(r: dict, lang: str) -> tuple[str, str] | None:
    """An erratum's published and recomputed values in the reader's number format (with '%'
    for a share), to the decimals the source prints (one more where that would hide the
    difference); None where its rule does not recompute from the table's own figures."""
    from monotowns.data import cells

    if r.get("rule") not in OWN_FIGURES_RULES:
        return None
    try:
        published = cells.parse_number(str(r["published"]))
        recomputed = float(r["recomputed"])
    except (TypeError, ValueError):
        return None
    if published is None or pd.isna(recomputed):
        return None
    decimals = len(str(r["published"]).replace(",", ".").partition(".")[2])
    share = str(r["field"]).endswith("_pct")

    def fmt(v: float, d: int) -> str:
        return texts.fmt_percent(v, lang, d) if share else texts.fmt_number(v, lang, d)

    d = decimals if round(published, decimals) != round(recomputed, decimals) else decimals + 1
    return fmt(published, decimals), fmt(recomputed, d)


def reader_note(table: str, town: str, indicator: str, note: str, lang: str) -> str | None:
    """An erratum said as a reader's footnote, in the reader's number format: "Printed as
    21.27%; the table's own figures give 21.28%." (None where the erratum has no recomputed
    number to give: its note is then said as it is)."""
    r = _erratum(table, town, indicator, note)
    nums = erratum_numbers(r, lang) if r else None
    if nums is None:
        return None
    return T("town_kf_recomputed", lang, published=nums[0], recomputed=nums[1])


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
    rank_measure: Measure | None = None  # what the rank ranks, where not the measure itself


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
        inv = add(INVESTMENT)
        if inv is not None:  # ranked by investment per resident, not by the amount
            per = investment_per_resident()
            inv.rank = rank(INVEST_PC, town) if town in per.index else None
            inv.compare = float(per[town]) if town in per.index else None
            inv.rank_measure = INVEST_PC
        add(LOSS_SHARE)
        add(WEAR)
        un = add(UNEMPLOYED)
        if un is not None:  # a count: ranked per 1,000 residents, not by the count
            per = unemployed_per_thousand()
            un.rank = rank(UNEMP_PK, town) if town in per.index else None
            un.compare = float(per[town]) if town in per.index else None
            un.rank_measure = UNEMP_PK
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


def pct_decimals(v: float) -> int:
    """The decimals a percentage is shown with: two where the second is not zero, else one."""
    return 2 if round(v, 1) != round(v, 2) else 1


def pct(v: float, lang: str) -> str:
    return texts.fmt_percent(v, lang, pct_decimals(v))


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
    parts: dict  # values: texts, ``Claim``s or ``Sentence``s (a phrase inside the sentence)

    def text(self, lang: str) -> str:
        def part(v) -> str:
            return v.text if isinstance(v, Claim) else (v.text(lang) if isinstance(v, Sentence) else v)

        return T(self.key, lang, **{k: part(v) for k, v in self.parts.items()})


# ---------------------------------------------------------------- measures related to a town's size

#: Investment per resident, thousand tenge (Table 15's million tenge × 1000 / Table 6's 2021
#: population): investment related to the town's size, the rate ranked instead of the count.
INVEST_PC = Measure("T15", "fixed_capital_investment", 2021, "fd_invest_pc", "dir_invest_pc", 8)
#: Unemployed persons per 1,000 residents (Figure 20's 2021 count × 1000 / Table 6's 2021
#: population): the count related to the town's size, ranked instead of the count.
UNEMP_PK = Measure("F20", "unemployed_persons", 2021, "fd_unemp_pk", "dir_unemp_pk", 8)
#: The article's 2014 wage (Table 3 of the article, A3), which also prints Karaganda oblast's.
WAGE_2014 = Measure("A3", "avg_monthly_nominal_wage", 2014, "kf_wage", "dir_wage", 8)


def investment_per_resident() -> pd.Series:
    """Fixed-capital investment 2021 per resident, thousand tenge, by town: Table 15's value
    (million tenge) × 1000 / Table 6's 2021 population (towns with both printed)."""
    inv = values(INVESTMENT)
    pop = values(POPULATION)
    both = inv.index.intersection(pop.index)
    return (inv[both] * 1000 / pop[both]).astype(float)


def unemployed_per_thousand() -> pd.Series:
    """Unemployed persons 2021 per 1,000 residents, by town: Figure 20's count × 1000 / Table 6's
    2021 population (towns with both printed)."""
    un = values(UNEMPLOYED)
    pop = values(POPULATION)
    both = un.index.intersection(pop.index)
    return (un[both] * 1000 / pop[both]).astype(float)


def series(m: Measure) -> pd.Series:
    """The values a comparison ranks or takes the median of, by town."""
    if m is INVEST_PC:
        return investment_per_resident()
    return unemployed_per_thousand() if m is UNEMP_PK else values(m)
