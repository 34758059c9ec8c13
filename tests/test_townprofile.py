"""The town profile: every number of the summary and the key-figures box is a published cell,
a year, the national rate or a rank recomputed here (not by report.profile); the built PDFs
open with the headline figures in the reader's number format and run to at least 3 pages."""

from __future__ import annotations

import re

import pytest
from monotowns import data
from monotowns.data import towns
from monotowns.report import profile, texts, townreport

LANGS = ("kk", "ru", "en")
TOWNS = towns.town_ids()
KARAGANDA = [t for t in TOWNS if towns.town(t)["karaganda8"] == "true"]

_NUM = {
    "kk": re.compile(r"[-+−]?\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?:,\d+)?|[-+−]?\d+(?:,\d+)?"),
    "ru": re.compile(r"[-+−]?\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?:,\d+)?|[-+−]?\d+(?:,\d+)?"),
    "en": re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-+]?\d+(?:\.\d+)?"),
}


def numbers(text: str, lang: str) -> list[float]:
    """The numbers of a text written in a language's convention, read back as floats."""
    out = []
    for m in _NUM[lang].findall(text):
        s = m.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("−", "-")
        s = s.replace(",", ".") if lang != "en" else s.replace(",", "")
        out.append(float(s))
    return out


def test_numbers_are_read_back_in_each_language():
    assert numbers("186\u00a0080 адам, 4,6\u00a0%", "kk") == [186080, 4.6]
    assert numbers("186,080 residents, 4.6%, rank 16 of 27", "en") == [186080, 4.6, 16, 27]


def _pop_change(town: str) -> float:
    """Population change 2017-2021, % to one decimal, from Table 6's two printed populations
    (the profile states this one; the printed change only beside it)."""
    df = data.numeric_table("T6")
    df = df[(df["city_id"] == town) & (df["indicator"] == "population")].set_index("year")["value"]
    return round(abs((float(df[2021]) - float(df[2017])) / float(df[2017]) * 100), 1)


def _misprinted() -> set[str]:
    """Towns whose printed population is an erratum of severity 'error' (data/errata.csv)."""
    e = data.load("errata")
    return set(e[(e["table"] == "T6") & (e["field"] == "population") & (e["severity"] == "error")]["city_id"].dropna())


def _pop_change_ranks(town: str) -> set[float]:
    """The town's rank by the change the printed populations give (Karatau, whose 2017
    population is misprinted, not ranked), and the number ranked."""
    e = data.load("errata")
    misprinted = set(
        e[(e["table"] == "T6") & (e["field"] == "population") & (e["severity"] == "error")]["city_id"].dropna()
    )
    df = data.numeric_table("T6")
    pops = df[df["indicator"] == "population"].pivot_table(index="city_id", columns="year", values="value")
    pops = pops[pops.index.isin(TOWNS) & ~pops.index.isin(misprinted)]
    ch = (pops[2021] - pops[2017]) / pops[2017]
    if town not in ch.index:
        return set()
    return {float((ch > ch[town]).sum() + 1), float(len(ch))}


def _town_values(town: str) -> set[float]:
    """Every published number about the town in the tables a profile draws on, and the
    population change its two printed populations give."""
    vals: set[float] = {_pop_change(town)}
    for table in ("T6", "A1", "T7", "T11", "T13", "T14", "T15", "F20"):
        df = data.numeric_table(table)
        vals |= {round(abs(float(v)), 2) for v in df[df["city_id"] == town]["value"].dropna()}
    return vals


# (table, indicator, year) ranked; 1 = the largest value. Written out here, not taken from profile.
_RANKED = [
    ("T6", "population", 2021),
    ("T6", "unemployment_rate_pct", 2021),
    ("T11", "avg_monthly_nominal_wage", 2020),
    ("T15", "fixed_capital_investment", 2021),
    ("T13", "loss_making_share_pct", 2021),
    ("T14", "fixed_assets_wear", 2021),
    ("F20", "unemployed_persons", 2021),
]


def _ranks(town: str) -> set[float]:
    out = set()
    for table, ind, year in _RANKED:
        df = data.numeric_table(table)
        df = df[(df["indicator"] == ind) & df["city_id"].isin(TOWNS) & df["value"].notna()]
        if year is not None:
            df = df[df["year"] == year]
        order = sorted(df["value"].astype(float), reverse=True)
        mine = df[df["city_id"] == town]["value"]
        if len(mine):
            out.add(float(order.index(float(mine.iloc[0])) + 1))
            out.add(float(len(order)))
    return out


def _allowed(town: str) -> set[float]:
    nat = float(data.load("text-values").set_index("key").loc["national_unemployment", "value"])
    years = {float(y) for y in range(2014, 2022)}
    return (
        _town_values(town) | _ranks(town) | _pop_change_ranks(town) | years | {nat, 1.0, 27.0, 8.0, 7.0, 6.0}
    )  # 7, 6: "Table 7", "Table 6"


@pytest.mark.parametrize("lang", LANGS)
def test_every_number_of_the_summary_is_in_the_data_package(lang):
    for town in TOWNS:
        allowed = _allowed(town)
        text = " ".join(profile.summary(town, lang))
        stray = [x for x in numbers(text, lang) if round(abs(x), 2) not in allowed]
        assert stray == [], (town, lang, stray, text)
        assert 4 <= len(profile.summary(town, lang)) <= 6, (town, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_every_key_figure_is_the_published_cell_on_its_line(lang):
    """Value column: read back and found among the town's cells on the line the row names."""
    for town in TOWNS:
        frame = townreport.key_figures_box(town, lang).frame
        # no population change where a printed population is misprinted (Karatau): one row fewer
        assert len(frame) >= (7 if town in KARAGANDA else 3) - (town in _misprinted()), town
        for row in frame.itertuples(index=False):
            measure, value, year, earlier, compare, rank, source = row
            line = int(numbers(source, lang)[-1])
            cells = set()
            for tab in ("T6", "T11", "T13", "T14", "T15", "F20"):
                df = data.numeric_table(tab)
                cells |= {
                    round(abs(float(v)), 2)
                    for v in df[(df["city_id"] == town) & (df["line"] == line)]["value"].dropna()
                }
            got = numbers(value, lang)
            if measure == texts.t("town_kf_pop_change", lang):  # computed from two printed cells
                assert got and round(abs(got[0]), 1) == _pop_change(town), (town, lang, value)
                continue
            assert got and round(abs(got[0]), 2) in cells, (town, lang, measure, value, source)
            assert not rank or "1 =" in rank, (town, lang, rank)
            assert all(round(abs(x), 2) in _allowed(town) for x in numbers(rank, lang)), (town, rank)


def test_the_key_figures_say_the_year_and_the_national_rate():
    f = townreport.key_figures_box("temirtau", "en").frame
    pop = f[f.iloc[:, 0].str.startswith("Population, persons")].iloc[0]
    assert pop.iloc[1] == "186,080" and pop.iloc[2] == "2021" and "rank 1 of 27 (1 = largest population)" == pop.iloc[5]
    u = f[f.iloc[:, 0] == "Unemployment rate"].iloc[0]
    assert u.iloc[1] == "4.6%" and "national average: 4.9%" == u.iloc[4]
    wage = f[f.iloc[:, 0] == "Average monthly nominal wage"].iloc[0]
    assert wage.iloc[2] == "2020", "Table 11's 2021 wages are garbled: the box says the year it uses"


def test_implausible_changes_are_flagged_next_to_the_number():
    kentau = townreport.key_figures_box("kentau", "en").html
    assert "implausible change: 90.7 thousand in 2014" in kentau
    karatau = townreport.key_figures_box("karatau", "kk").html
    assert "бір цифр" in karatau or "цифр" in karatau  # the erratum about one digit too many, in Kazakh
    assert profile.population_flag("temirtau") is None


def test_page_one_opens_with_the_card_and_the_locator_map():
    first = townreport.render_all("kentau", "en")[1]._repr_html_()
    assert "Kentau on the map of Kazakhstan" in first and "<img" in first and "Turkistan Region" in first


def test_thin_data_towns_get_swot_items_not_a_notice():
    """A town outside Karaganda gets the article's SWOT of all mono-towns (every item of its
    Table 4), said to be general, not a notice that there is nothing."""
    html = "".join(x._repr_html_() for x in townreport.render_all("ridder", "ru"))
    assert "The sources hold no" not in html and "В источниках нет данных" not in html
    assert html.count("<li>") >= len(data.load("a4"))


# ------------------------------------------------------------ built PDFs (slow: the `built` fixture)


def _page_texts(path) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() or "" for p in PdfReader(str(path)).pages]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("town", ["karazhal", "ridder", "saran"])
def test_page_one_of_the_town_pdf_has_the_headline_figures(built, town, lang):
    out, _, _ = built
    pages = _page_texts(out / "towns" / lang / f"{town}.pdf")
    assert len(pages) >= 3, (town, lang, len(pages))
    first = pages[0].replace("\u2010\n", "")  # a word the PDF hyphenated at a line end
    first = first.replace("-\n", "-")  # a line broken after a printed hyphen ('12-' / 'орын')
    first = re.sub(r"\s+", " ", first.replace("\u00a0", " ").replace("\u202f", " "))
    pop = profile.cell(profile.POPULATION, town)["value"]
    u = profile.cell(profile.UNEMPLOYMENT, town)["value"]
    want_pop = texts.fmt_number(pop, lang).replace("\u00a0", " ")
    want_u = texts.fmt_percent(u, lang).replace("\u00a0", " ")
    assert want_pop in first, (town, lang, want_pop)
    assert want_u in first, (town, lang, want_u)
    r = profile.rank(profile.POPULATION, town)[0]
    rank = texts.t("town_kf_rank", lang, r=r, n=27, direction=texts.t("town_dir_population", lang))
    assert re.sub(r"\s+", " ", rank) in first, (town, lang, rank)
    where = texts.t("town_c_locator", lang, town=texts.town_name(town, lang))
    assert re.sub(r"\s+", " ", where) in first, (town, lang, "the locator map belongs on page 1")


@pytest.mark.parametrize("town", ["balkhash", "karazhal", "temirtau"])
def test_table_16_has_the_years_as_columns(town):
    f = townreport.table_for("T16", town, "en").frame
    assert list(f.columns) == ["2017", "2018", "2019", "2020", "2021"], town
    assert len(f) <= 6 and not any(str(y) in lab for lab in f.index for y in range(2017, 2022)), list(f.index)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_only_karaganda_towns_show_the_karaganda_swot(lang):
    """Table Б.1 is the SWOT of Karaganda region's mono-towns: Kentau (Turkistan region) got two
    and a half pages of it, 'especially in Temirtau' included. A town outside Karaganda gets
    the article's SWOT of all mono-towns, said to be general; a Karaganda town gets Б.1."""
    from monotowns.data import towns as registry

    b1 = texts.caption("TB1", lang)
    a4 = texts.caption("A4", lang)
    for town in ("kentau", "ridder", "satpayev"):
        h = "".join(x._repr_html_() for x in townreport.render_all(town, lang) if x is not None)
        karaganda = registry.town(town)["karaganda8"] == "true"
        assert ('class="swot"' in h and a4 not in h) if karaganda else (a4 in h and "swot-q" in h), town
        assert (b1 in h or texts.t("town_swot", lang) in h) == karaganda, town
