"""The per-town report: everything the two sources say about one mono-town, in its order.

``Report`` puts the sections together (``townsections``: the source tables and the method;
``townprofile``: the key figures, summary, comparisons and the rest), with the analyst's added
years (``added``) and the blocks a notebook shows; ``workbook_sheets`` gives the town's rows
for its workbook.
"""

from __future__ import annotations

import pandas as pd

from monotowns import data, method
from monotowns.data import context, towns

from . import added, page, tables, takeaway, texts, towncharts, townprofile, townsections

T = texts.t


class Block:
    """A section of the report as its notebook cell shows it: the HTML, and (under
    ``takeaway.MIME``) the rows of its tables and charts, which the build writes as CSV files
    beside the report and links."""

    def __init__(self, div: page.Div, lang: str) -> None:
        self.div = div
        self.lang = lang

    def __html__(self) -> str:
        return self.div.__html__()

    def _repr_html_(self) -> str:
        return str(self.__html__())

    def __repr__(self) -> str:  # the notebook's text output: the same in every run (no address)
        return f"Block({self.div.cls!r}, {self.lang!r})"

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        out = {"text/html": self._repr_html_()}
        found = townprofile.takeaways(self.div)
        if found:
            out[takeaway.MIME] = takeaway.bundle(found, self.lang)
        return out


class Report:
    """A town's report in sections, as ``notebooks/town_report.ipynb`` shows it, one cell each:
    ``page1`` (names and map, key findings, key figures, later years added), ``comparisons``,
    ``peers``, ``trends``, ``tables``, ``swot``, ``method``, ``notes``, ``glossary``, ``cite``,
    ``sources``. Each returns a displayable block, or None where the town has nothing for it
    (a town outside the registry, from an analyst's inputs file, has page 1 = the method only).

    ``inputs``: an analyst's inputs file (the method computed from it); ``updates``: the
    analyst's update files (one path per line), whose later years join the findings, key
    figures, comparisons, trends and sources, marked added."""

    def __init__(self, town: str, lang: str, inputs: str = "", updates: str = ""):
        texts.check_lang(lang)
        self.town, self.lang, self.inputs = town, lang, inputs
        self.registered = town in towns.town_ids()
        if not self.registered and not inputs:
            towns.town(town)  # raises: an unknown town without inputs has nothing to show
        self.ups = added.load(updates) if self.registered else []
        self.karaganda = self.registered and towns.town(town)["karaganda8"] == "true"

    SECTIONS = (
        "page1",
        "comparisons",
        "peers",
        "trends",
        "tables",
        "swot",
        "method",
        "notes",
        "glossary",
        "cite",
        "sources",
    )

    def items(self) -> list:
        """Every section's items, in order: the whole report."""
        return [x for name in self.SECTIONS for x in self._items(name)]

    def _items(self, name: str) -> list:
        if not self.registered:
            return method_only(self.town, self.lang, self.inputs) if name == "page1" else []
        return [x for x in getattr(self, f"_{name}")() if x is not None]

    def _block(self, name: str):
        items = self._items(name)
        return Block(page.Div(items, "townreport"), self.lang) if items else None

    def page1(self):
        """Names and map, the key findings, the key figures, the later years added."""
        return self._block("page1")

    def comparisons(self):
        """The comparisons page 1 does not state (the country, the region, similar towns)."""
        return self._block("comparisons")

    def peers(self):
        """The town among the 27 mono-towns and Karaganda's 8."""
        return self._block("peers")

    def trends(self):
        """The town's own series: population, 2017–2021, innovation, the added years."""
        return self._block("trends")

    def tables(self):
        """The source tables about the town: anchor projects (T7), the article's A2, T16."""
        return self._block("tables")

    def swot(self):
        """The SWOT that covers the town (Karaganda's, Table Б.1, or the article's general one)."""
        return self._block("swot")

    def method(self):
        """The author's method, where the dissertation assessed the town or an inputs file has it."""
        return self._block("method")

    def notes(self):
        """The notes on the data: the sources' errors about the town, the audit's rows."""
        return self._block("notes")

    def glossary(self):
        return self._block("glossary")

    def cite(self):
        return self._block("cite")

    def sources(self):
        """Which source tables mention the town, with the lines; the analyst's update files."""
        return self._block("sources")

    # ---------------------------------------------------------------- the sections' items

    def _page1(self) -> list:
        town, lang = self.town, self.lang
        return [
            townsections.title(town, lang),
            townprofile.card_and_map(town, lang),
            townprofile.summary(town, lang, self.ups),
            townprofile.key_figures_box(town, lang),
            added.box(town, self.ups, lang),
        ]

    def _comparisons(self) -> list:
        return [townprofile.comparisons(self.town, self.lang, self.ups)]

    def _peers(self) -> list:
        town, lang = self.town, self.lang
        return [townsections.heading("h_peers", lang), towncharts.peers27(town, lang)] + (
            [towncharts.peers8(town, lang)] if self.karaganda else []
        )

    def _trends(self) -> list:
        town, lang = self.town, self.lang
        ac = added.chart(town, self.ups, lang)
        items = [
            townsections.heading("h_trends_added" if ac is not None else "h_trends", lang),  # no "2017–2021" over 2023
            ac,
            towncharts.population_history(town, lang),
            towncharts.trends(town, lang),
            townprofile.trend_table(town, lang),
            towncharts.innovation(town, lang),
        ]
        if not self.karaganda:
            name = texts.town_name(town, lang)
            said = townsections.s("gaps_thin", lang, town=name, assessed=_assessed(lang))
            items.append(page.Div([page.Para(said)], "box gaps", townsections.s("h_gaps", lang), 3))
        return items

    def _tables(self) -> list:
        items = []
        for t in ("T7", "A2", "T16"):
            x = townsections.table_for(t, self.town, self.lang)
            if x is not None:
                items += [_caption(t, self.lang), x]
        return items

    def _swot(self) -> list:
        town, lang = self.town, self.lang
        if self.karaganda:  # Table Б.1 is the SWOT of Karaganda region's mono-towns
            sw = tables.swot(lang, town)
            sw.rows = takeaway.Rows("swot", [townprofile.swot_frame(sw.frame, lang)], townsections.s("swot", lang))
            return [townsections.heading("swot", lang), sw]
        name = texts.town_name(town, lang)  # the article's SWOT of all mono-towns, said to be general
        return [
            townsections.heading("swot_general", lang),
            page.note(townsections.s("swot_general_note", lang, town=name)),
            _caption("A4", lang),
            tables.a4_swot(lang),
        ]

    def _method(self) -> list:
        town, lang = self.town, self.lang
        items = []
        if town in method.published_towns() or self.inputs:
            items += [townsections.heading("m_h", lang), *townsections.method_section(town, lang)]
        elif town in towns.karaganda_ids():  # one of the eight, not one of the three the author assessed
            name = texts.town_name(town, lang)
            items += [
                townsections.heading("m_h", lang),
                page.Para(townsections.s("m_not_assessed", lang, town=name, assessed=_assessed(lang))),
            ]
        if self.inputs:
            items += analyst_section(town, lang, self.inputs)
        return items

    def _notes(self) -> list:
        town, lang = self.town, self.lang
        errata = townprofile.errata_notes(town, lang)
        return [
            townsections.heading("h_notes", lang),
            page.Para(
                townsections.s("notes_intro", lang) if errata is not None else townsections.s("notes_none", lang)
            ),
            errata,
            townsections.audit_rows(town, lang),
        ]

    def _glossary(self) -> list:
        return [townsections.heading("h_glossary", self.lang), townprofile.glossary(self.lang)]

    def _cite(self) -> list:
        return [townsections.heading("h_cite", self.lang), townprofile.cite(self.town, self.lang)]

    def _sources(self) -> list:
        town, lang = self.town, self.lang
        return [
            townsections.heading("sources_h", lang),
            townprofile.coverage(town, lang),
            *added.sources(town, self.ups, lang),
        ]


def render_all(town: str, lang: str, inputs: str = "", updates: str = "") -> list:
    """The whole report as a list of displayable items: ``Report``'s sections in order."""
    return Report(town, lang, inputs, updates).items()


def _assessed(lang: str) -> str:
    """The towns the dissertation assessed with its method (Table 19's columns), by name."""
    return ", ".join(texts.town_name(t, lang) for t in method.published_towns())


def _caption(sid: str, lang: str) -> page.Group:
    src, line = texts.caption_line(sid)
    return page.Group(
        [page.Heading(texts.caption(sid, lang), 3), page.Para(texts.source_note(src, line, lang), "source")]
    )


def show(town: str, lang: str, inputs: str = "", updates: str = ""):
    """Display the whole report in a notebook (one HTML block); ``notebooks/town_report.ipynb``
    shows it section by section (``Report``). ``inputs``: an analyst's inputs file (the assess
    template) with a row for this town — its method section is then computed from it; a town
    outside the registry gets the method only. ``updates``: the analyst's files of later years
    (``run_all.py --update``), one path per line."""
    return page.Div(Report(town, lang, inputs, updates).items(), "townreport")


def analyst_inputs(town: str, inputs: str):
    """(the town's Assessment from the analyst's file, (file name, sha256 of the file))."""
    import hashlib
    from pathlib import Path

    from monotowns.method import assess

    path = Path(inputs)
    rows = [x for x in assess.read_inputs(path) if x.town == town]
    if not rows:
        raise method.MethodError(f"{path.name}: no row for the town {town!r}")
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    return assess.assess(rows[0], with_published=False), (path.name, sha)


def analyst_section(town: str, lang: str, inputs: str) -> list:
    """The method computed from the analyst's file, with where the inputs came from."""
    a, origin = analyst_inputs(town, inputs)
    return [page.Heading(townsections.s("m_h_file", lang, file=origin[0]), 3)] + townsections.method_block(
        a, lang, origin
    )


def method_only(town: str, lang: str, inputs: str) -> list:
    """The report of a town outside the registry: the method from the analyst's file only."""
    if not inputs:
        towns.town(town)  # raises: an unknown town without inputs has nothing to show
    return [
        page.Heading(f"{town} — {townsections.s('m_h', lang)}", 1),
        *page.notes(texts.translations_note(lang)),
        page.Para(townsections.s("m_only", lang, town=town)),
        *analyst_section(town, lang, inputs),
        townsections.heading("h_glossary", lang),
        townprofile.glossary(lang),
    ]


def slug(town: str) -> str:
    """A file name for a town's report: its registry id, or the name typed in an inputs file
    made safe ('Новый город' → 'новый-город')."""
    import re

    if town in towns.town_ids():
        return town
    return re.sub(r"[^\w]+", "-", town.strip().lower()).strip("-") or "town"


__all__ = ["show", "render_all"]


#: The source tables whose rows about a town its workbook holds, in the report's order.
WORKBOOK_TABLES = ("T6", "A1", "T7", "A2", "T16", "T11", "T13", "T14", "T15", "F20", "A3")


def workbook_sheets(town: str, lang: str, updates: str = "") -> list[tuple[str, pd.DataFrame]]:
    """The town's data to take away, one sheet per source table with rows about the town: the
    measure (in the language), the year, the value as printed, the value as a number, the
    unit, the table and the line of the source text it stands on (the rows of the data
    package, nothing computed). The first sheet says what the workbook is."""
    ind = data.indicators()
    labels = {
        (r["table"], r["indicator"]): texts.measure_label(r, lang, with_unit=False) for r in ind.to_dict("records")
    }
    head = [
        townsections.s(f"wb_{k}", lang)
        for k in ("measure", "year", "printed", "value", "unit", "table", "line", "erratum")
    ]
    errata = data.load("errata")

    def erratum(table: str, r: dict) -> str | None:
        """The notes of the errata about the cell (its own, or its whole column's: Table 6 heads
        its populations 'thousand persons' over head counts), in the reader's language."""
        e = errata[(errata["table"] == table) & (errata["field"] == r["indicator"])]
        e = e[e["city_id"].isna() | (e["city_id"] == town)]
        e = e[e["year"].isna() | (e["year"].astype("string") == str(r["year"]))]
        notes = dict.fromkeys(texts.source_text("errata", "note", n, lang) for n in e["note"].dropna())
        return " | ".join(notes) or None

    sheets: list[tuple[str, pd.DataFrame]] = []
    for table in WORKBOOK_TABLES:
        df = data.numeric_table(table)
        df = df[df["city_id"] == town]
        if df.empty:
            continue
        label = texts.source_id_label(table, lang)
        rows = [
            [
                labels.get((table, r["indicator"]), r["indicator"]),
                int(r["year"]) if pd.notna(r["year"]) else None,
                r["value_raw"] if isinstance(r["value_raw"], str) else None,
                float(r["value"]) if pd.notna(r["value"]) else None,
                texts.unit(r["unit"], lang) if isinstance(r["unit"], str) and r["unit"] else None,
                label,
                int(r["line"]),
                erratum(table, r),
            ]
            for r in df.to_dict("records")
        ]
        sheets.append((label, pd.DataFrame(rows, columns=head)))

    about = [
        [townsections.s("wb_title", lang, town=texts.town_name(town, lang))],
        [townsections.s("wb_note", lang)],
        [townsections.s("wb_date", lang, date=texts.data_date(lang))],
        *[
            [f"{T('source_' + k, lang)}: data/{p.relative_to(context.current().data_dir).as_posix()}"]
            for k, p in sorted(context.current().source_files.items())
        ],
    ]
    later = added.sheet(town, added.load(updates), lang)  # the analyst's later years, marked as theirs
    if later is not None:
        sheets.append((T("town_added_mark", lang), later))
    return [
        (townsections.s("wb_about", lang), pd.DataFrame(about, columns=[townsections.s("wb_about", lang)])),
        *sheets,
    ]
