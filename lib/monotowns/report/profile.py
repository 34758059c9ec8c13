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


def _kept(*resources: str, table_first: bool = False):
    """Keep a function's results while the files of ``resources`` (and of the towns registry;
    ``table_first``: and of the table its first argument names) are unchanged: a report asks the
    same few questions of the same tables hundreds of times (half a second of every report).
    The cached frames are shared: callers select from them, never assign into them."""
    import functools

    def deco(fn):
        @functools.lru_cache(maxsize=256)
        def cached(key, *args):
            return fn(*args)

        @functools.wraps(fn)
        def wrapper(*args):
            table = (args[0].lower(),) if table_first else ()
            return cached(data.stamp("towns", *resources, *table), *args)

        wrapper.cache_clear = cached.cache_clear
        return wrapper

    return deco


@_kept(table_first=True)
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


@_kept("t6", "errata")
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
    misprinted = ch is not None and ch["base_misprinted"]  # said above: no second sentence on that figure
    if flag is not None and not misprinted:
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


# ---------------------------------------------------------------- comparisons and findings

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


def series(m: Measure) -> pd.Series:
    """The values a comparison ranks or takes the median of, by town."""
    if m is INVEST_PC:
        return investment_per_resident()
    return unemployed_per_thousand() if m is UNEMP_PK else values(m)


def median(m: Measure, group: str) -> tuple[float, int] | None:
    """(median, number of towns) of the measure over a group's towns with a value."""
    v = series(m)
    v = v[v.index.isin(group_members(group))]
    return (float(v.median()), len(v)) if len(v) else None


@dataclass(frozen=True)
class Comparison:
    """The town's value beside a reference: the national value, the oblast's, the subsistence
    minimum, or the median of a group. ``form`` 'ratio' (said as "1.1 times" or "36% lower") or
    'points' (percentage points above or below); ``x_spec``/``ref_spec`` name the cells
    (``publish.claims``)."""

    measure: Measure
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


def claim_token(m: Measure) -> str:
    """The measure as ``publish.claims`` names it: TABLE.INDICATOR.YEAR, 'change' or 'per'."""
    if m is POP_CHANGE:
        return "change"
    if m is INVEST_PC:
        return "per"
    if m is UNEMP_PK:
        return "unemp_pk"
    return f"{m.table}.{m.indicator}.{year_of(m)}"


def comparisons(town: str) -> list[Comparison]:
    """Every comparison the profile can make for the town: unemployment against the national
    rate and the medians of the 27 and of its functional type; the population change against
    the same medians; for Karaganda's eight also the wage against the subsistence minimum, the
    median of the eight and (2014) the oblast's average, investment per resident, fixed-asset
    wear and the loss-making share against the median of the eight."""
    out: list[Comparison] = []
    karaganda = towns.town(town)["karaganda8"] == "true"
    ttype = town_type(town)

    def medians(m: Measure, year: str, form: str, groups: list[tuple[str, str]]) -> None:
        v = series(m)
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
    u = cell(UNEMPLOYMENT, town)
    if u is not None:
        nat = national_unemployment()
        out.append(
            Comparison(
                UNEMPLOYMENT,
                "2021",
                u["value"],
                nat["value"],
                "national",
                "ratio",
                None,
                "",
                f"town:{claim_token(UNEMPLOYMENT)}:{town}",
                "text:national_unemployment",
            )
        )
    medians(UNEMPLOYMENT, "2021", "points", peers)
    medians(POP_CHANGE, "2017–2021", "points", peers)
    if karaganda:
        w, sm = cell(WAGE, town), cell(SUBSISTENCE, town)
        if w is not None and sm is not None:
            out.append(
                Comparison(
                    WAGE,
                    str(w["year"]),
                    w["value"],
                    sm["value"],
                    "subsistence",
                    "ratio",
                    None,
                    "",
                    f"town:{claim_token(WAGE)}:{town}",
                    f"town:{claim_token(SUBSISTENCE)}:{town}",
                )
            )
        medians(WAGE, str(wage_year()), "ratio", [("median8", "karaganda8")])
        w14 = cell(WAGE_2014, town)
        obl = _oblast_cell(WAGE_2014)
        if w14 is not None and obl is not None:
            out.append(
                Comparison(
                    WAGE_2014,
                    "2014",
                    w14["value"],
                    obl,
                    "oblast",
                    "ratio",
                    None,
                    "",
                    f"town:{claim_token(WAGE_2014)}:{town}",
                    f"town:{claim_token(WAGE_2014)}:karaganda_oblast",
                )
            )
        medians(INVEST_PC, "2021", "ratio", [("median8", "karaganda8")])
        medians(UNEMP_PK, "2021", "ratio", [("median8", "karaganda8")])
        medians(WEAR, "2021", "points", [("median8", "karaganda8")])
        medians(LOSS_SHARE, "2021", "points", [("median8", "karaganda8")])
    return out


def _oblast_cell(m: Measure) -> float | None:
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
    first = [c for c in every if (c.measure, c.ref_kind) in ((UNEMPLOYMENT, "national"), (POP_CHANGE, "median27"))]
    rest = sorted((c for c in every if c not in first), key=lambda c: -c.strength)
    limit = 5 if towns.town(town)["karaganda8"] == "true" else 4
    chosen = list(first)
    for c in rest:
        if len(chosen) >= limit:
            break
        if sum(x.measure is c.measure for x in chosen) < 2:
            chosen.append(c)
    return chosen


def measure_text(m: Measure, v: float, lang: str, decimals: int | None = None) -> str:
    """A value of a comparison's measure in words: '5.3%', '+0.6%', '240,497 tenge', '611
    thousand tenge'; ``decimals``: a percentage with that many (see ``_points_decimals``)."""
    if m is INVEST_PC:
        return T("town_fd_thousand_tenge", lang, n=num(round(v), lang))
    if m is UNEMP_PK:
        return texts.fmt_number(v, lang, 1)
    if m is POP_CHANGE:
        return ("+" if round(v, decimals or 1) > 0 else "") + texts.fmt_percent(v, lang, decimals or 1)
    if m.indicator.endswith("_pct") or m.indicator == "fixed_assets_wear":
        return texts.fmt_percent(v, lang, decimals) if decimals else pct(v, lang)
    if m.indicator in ("avg_monthly_nominal_wage", "subsistence_minimum"):
        return T("town_kf_tenge", lang, n=num(v, lang))
    return num(v, lang)


def _label(m: Measure) -> str:
    if m is POP_CHANGE:
        return "town_fd_pop_change"
    return "town_fd_wage2014" if m is WAGE_2014 else f"town_{m.label}"


def _points_decimals(c: Comparison) -> int | None:
    """Two decimals for a comparison in percentage points whose two values, as shown with one,
    would not give the difference it states ('+0.2% — 0.1 points below the median (+0.2%)'
    read as a contradiction; 0.16 and 0.24 say it); None where one decimal says it."""
    shown = 1 if c.measure is POP_CHANGE else None

    def one(v: float) -> float:
        return round(v, shown or pct_decimals(v))

    d = round(c.x - c.ref, 1)
    return 2 if abs(round(one(c.x) - one(c.ref), 2) - d) > 1e-9 else None


def comparison_sentence(c: Comparison, lang: str) -> Sentence:
    """One finding: '{what} ({year}): {x} — {k} times / lower than / points above … {ref}.',
    each number a ``Claim`` (``publish.claims`` re-derives the value, the reference and the
    ratio or difference from the published cells)."""
    percent = c.measure.indicator.endswith("_pct")
    points = not (c.form == "ratio" and not (percent and round(c.x / c.ref, 1) < 1.1))
    dec = _points_decimals(c) if points else None
    ref_parts = {"v": Claim(measure_text(c.measure, c.ref, lang, dec), f"value {c.ref_spec}")}
    if c.n is not None:
        ref_parts["n"] = str(c.n)
    if c.ref_kind == "median_type":
        ref_parts["type"] = T(f"town_type_{c.group[5:]}", lang)
    ref = Sentence(f"town_fd_ref_{c.ref_kind}", ref_parts)
    pair = f"{c.x_spec} {c.ref_spec}"
    if not points:  # a ratio; a rate below its reference is said in points
        r = c.x / c.ref
        if round(r, 1) >= 1.1:
            cmp = Sentence("town_fd_times", {"k": Claim(num(round(r, 1), lang), f"times {pair}"), "ref": ref})
        elif r <= 0.95:
            lower = texts.fmt_percent(round((1 - r) * 100), lang, 0)
            cmp = Sentence("town_fd_lower", {"k": Claim(lower, f"lower {pair}"), "ref": ref})
        else:
            cmp = Sentence("town_fd_same", {"ref": ref})
    else:
        d = round(c.x - c.ref, 1)
        if d == 0:
            cmp = Sentence("town_fd_same", {"ref": ref})
        else:
            key, kind = ("town_fd_pts_above", "above") if d > 0 else ("town_fd_pts_below", "below")
            cmp = Sentence(key, {"v": Claim(num(abs(d), lang), f"{kind} {pair}"), "ref": ref})
    what = T(_label(c.measure), lang)
    x = Claim(measure_text(c.measure, c.x, lang, dec), f"value {c.x_spec}")
    return Sentence("town_fd_line", {"what": what, "year": c.year, "x": x, "cmp": cmp})


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


def findings(town: str, lang: str) -> list[Sentence]:
    """Page 1's key findings: the chosen comparisons (``key_comparisons``) in words, then the
    summary's sentences about what the numbers cannot say alone (``EXPLAINING``)."""
    chosen = key_comparisons(town)
    order = list(dict.fromkeys(c.measure for c in chosen))  # a measure's comparisons together
    chosen.sort(key=lambda c: order.index(c.measure))
    out = [comparison_sentence(c, lang) for c in chosen]
    for x in summary_sentences(town, lang):
        if x.key == "town_sum_pop_printed":  # said with the two populations it contradicts
            ch = population_change(town)
            parts = {
                "printed": x.parts["printed"],
                "p17": Claim(num(ch["p2017"], lang), f"cell T6 population {town} 2017"),
                "p21": Claim(num(ch["p2021"], lang), f"cell T6 population {town} 2021"),
                "chg": Claim(signed_pct(round(ch["value"], 1), lang), f"delta T6 population {town} 2017 2021"),
            }
            out.append(Sentence("town_fd_pop_printed", parts))
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
    measures = [POPULATION, POP_CHANGE, UNEMPLOYMENT]
    if karaganda:
        measures += [WAGE, INVESTMENT, LOSS_SHARE, WEAR, UNEMPLOYED]
        a3 = data.numeric_table("A3")
        a3 = a3[a3["indicator"] == "avg_monthly_nominal_wage"]
        out["peers A3"] = dict(zip(a3["city_id"], a3["value"].astype(float), strict=True))
    for m in measures:
        out[f"peers {m.table} {m.indicator} {year_of(m)}"] = values(m).to_dict()
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
