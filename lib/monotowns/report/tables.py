"""Tables of the sources as readable tables, in Kazakh or English.

Every function returns a ``Shown``: the HTML to display (all text escaped), the
frame behind it (written to ``outputs/tables/<lang>/<ID>.csv``) and the notes
that go under it. Numbers are formatted by language; a text cell shows the
published text; a published cell listed in the errata is marked ``*n`` and
its note says what was published and what it should be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import pandas as pd

from monotowns import data, method
from monotowns.data import cells, errata, towns
from monotowns.method import scenarios

from . import page, takeaway, texts

T = texts.t


@dataclass
class Shown:
    """Something to show: the blocks of the page model (``page``), the frame behind them, notes
    (plain text) under them."""

    body: page.Content
    frame: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)
    #: the rows it shows, to take away (a town report's tables: ``takeaway``)
    rows: takeaway.Rows | None = None

    @property
    def html(self) -> str:
        """The blocks as HTML (without the notes)."""
        return str(page.html(self.body))

    def __html__(self) -> str:
        return page.join([self.body, page.notes(self.notes)])

    def _repr_html_(self) -> str:  # Jupyter displays this
        return str(self.__html__())


def esc(s) -> str:
    """The text of a cell as a string ('' for missing); the page's templates escape it."""
    if s is None or (isinstance(s, float) and pd.isna(s)) or s is pd.NA:
        return ""
    return str(s)


@cache
def _printed_headers() -> frozenset[str]:
    """The headers of columns that show cells as printed, in every language."""
    keys = ("published", "tch_printed", "tch_printed_change", "tch_wage_2021_printed", "tch_printed_row")
    return frozenset(T(k, lang) for k in keys for lang in texts.LANGS)


def _cell(c) -> page.Content:
    """A cell's content: pieces and lists of them as they are, anything else as text."""
    return c if hasattr(c, "__html__") or isinstance(c, list | tuple) else esc(c)


def html_table(
    header: list,
    rows: list[list],
    *,
    cls: str = "data",
    first_col_header: bool = True,
) -> page.Table:
    """A table of the page model (cells: text or inline pieces). No ``header`` (an empty list):
    no header row (a card of labels and values). A column headed "Published" / "As printed"
    shows cells exactly as the source prints them: marked as the source's (Kazakh) text, so
    '2,5-5' on an English page is read as a quote."""
    printed = frozenset(i for i, h in enumerate(header) if isinstance(h, str) and h in _printed_headers())
    cells = [[_cell(c) for c in r] for r in rows]
    head = [_cell(h) for h in header]
    return page.Table(head, cells, cls, first_col_header, printed, texts.SOURCE_LANG)


# ---------------------------------------------------------------- errata marks


def _errata() -> pd.DataFrame:
    return data.load("errata")


class Marks:
    """Numbers the errata cells of one table and collects their notes."""

    def __init__(self, table: str, lang: str):
        self.table, self.lang = table, lang
        e = _errata()
        self.rows = e[e["table"] == table]
        self.notes: list[str] = []
        self._seen: dict[str, int] = {}
        self._rows: list = []  # the errata rows marked, in the order of their marks

    def _note(self, r) -> str:
        town = texts.town_name(r["city_id"], self.lang) if pd.notna(r["city_id"]) else "—"
        year = f" {int(r['year'])}" if pd.notna(r["year"]) else ""
        rec = texts.fmt_number(r["recomputed"], self.lang, 2) if pd.notna(r["recomputed"]) else "—"
        likely = _likely(r["likely_intended"], self.lang) if pd.notna(r["likely_intended"]) else ""
        ind = data.indicators()
        lab = ind[(ind["table"] == self.table) & (ind["indicator"] == r["field"])]
        field = texts.measure_label(lab.iloc[0], self.lang, with_unit=False) if len(lab) else r["field"]
        # an erratum's explanation where the data has it in the reader's language (else the rule only)
        note = texts.source_text("errata", "note", r["note"], self.lang)
        return T(
            "erratum_line",
            self.lang,
            mark=f"*{self._seen[r['erratum_id']]}",
            table=texts.source_id_label(self.table, self.lang),
            town=town,
            field=field,
            year=year,
            published=_maybe_unit(r["published"], self.lang),
            recomputed=rec,
            likely=likely,
            note=note,
        )

    def mark(self, city_id: str | None, indicator: str, year) -> str:
        """'*n' if the cell is in the errata (registering its note), else ''."""
        m = (self.rows["field"] == indicator) & (self.rows["city_id"].fillna("") == (city_id or ""))
        if year is not None and not pd.isna(year):
            m &= self.rows["year"] == int(year)
        else:
            m &= self.rows["year"].isna()
        sel = self.rows[m]
        if sel.empty:
            return ""
        r = sel.iloc[0]
        if r["erratum_id"] not in self._seen:
            self._seen[r["erratum_id"]] = len(self._seen) + 1
            self.notes.append(self._note(r))
            self._rows.append(r)
        return f"*{self._seen[r['erratum_id']]}"

    def table_level(self) -> None:
        """Register the errata of this table that are about a whole column (no town)."""
        for _, r in self.rows[self.rows["city_id"].isna()].iterrows():
            if r["erratum_id"] not in self._seen:
                self._seen[r["erratum_id"]] = len(self._seen) + 1
                self.notes.append(self._note(r))
                self._rows.append(r)

    #: More errata notes than this under one table are set as a table of their own.
    MAX_NOTES = 4

    def foot(self) -> list:
        """What goes under the table: a note per marked cell, or, past ``MAX_NOTES`` (Table 11
        has 22), the marked cells of each measure as one small table — mark, town, published,
        recomputed (and the likely intended value), the explanation — a line each instead of
        three, the measure and an explanation they share said once above it."""
        if len(self._rows) <= self.MAX_NOTES:
            return page.notes(self.notes)
        ind = data.indicators()
        groups: dict[str, list] = {}
        for r in self._rows:
            lab = ind[(ind["table"] == self.table) & (ind["indicator"] == r["field"])]
            field = texts.measure_label(lab.iloc[0], self.lang, with_unit=False) if len(lab) else r["field"]
            groups.setdefault(field + (f", {int(r['year'])}" if pd.notna(r["year"]) else ""), []).append(r)
        out: list = []
        for label, rs in groups.items():
            notes = [texts.source_text("errata", "note", r["note"], self.lang) for r in rs]
            shared = notes[0] if len(set(notes)) == 1 else None
            rows = []
            for r, n in zip(rs, notes, strict=True):
                rec = texts.fmt_number(r["recomputed"], self.lang, 2) if pd.notna(r["recomputed"]) else "—"
                if pd.notna(r["likely_intended"]):
                    likely = _likely(r["likely_intended"], self.lang)
                    rec = likely.lstrip("; ") if rec == "—" else rec + likely
                row = [
                    f"*{self._seen[r['erratum_id']]}",
                    texts.town_name(r["city_id"], self.lang) if pd.notna(r["city_id"]) else "—",
                    page.printed(_maybe_unit(r["published"], self.lang), texts.SOURCE_LANG),
                    rec,
                ]
                rows.append(row if shared is not None else row + [n])
            head = ["", T("town", self.lang), T("published", self.lang), T("recomputed", self.lang)]
            head += [] if shared is not None else [T("note", self.lang)]
            marks = f"*{self._seen[rs[0]['erratum_id']]}–*{self._seen[rs[-1]['erratum_id']]}"
            where = texts.source_id_label(self.table, self.lang)  # "Table 16", not the id T16
            intro = [page.Strong(marks), f" {where}, {label}" + (f": {shared}" if shared else "")]
            out += [page.note(intro), html_table(head, rows, cls="data errata")]
        return out


def _likely(value, lang: str) -> str:
    """ "; likely intended 46.4", or for a unit the source misprinted (Table 16's 'мың адам' where
    the cells are persons) "; likely intended unit: persons", never a bare unit where a number
    is read."""
    if ("unit", str(value)) in texts.translated("units"):
        return T("likely_intended_unit", lang, value=texts.unit(str(value), lang))
    return T("likely_intended", lang, value=_maybe_unit(value, lang))


def _maybe_unit(text, lang: str) -> str:
    """A printed cell that is a unit of the sources ('мың адам') in the reader's language; any
    other printed cell as printed."""
    text = str(text)
    return texts.unit(text, lang) if ("unit", text) in texts.translated("units") else text


def cell_text(r, lang: str, kind: str) -> str:
    """The display text of one published cell: a number in the reader's convention; words in the
    reader's language (the source's, or our translation); a number printed with its unit
    ('1,2 млрд. теңге') as the number and the unit translated."""
    raw = r["value_raw"]
    if kind == "text":
        if str(r["indicator"]).endswith("_level"):  # a grade word of the method's tables
            return texts.published(raw, lang, texts.class_label(method.class_id(raw), lang))
        return texts.source_text(r["table"], "value_raw", raw, lang)
    if pd.isna(r["value"]):
        return "–" if str(raw).strip() in ("-", "–", "") else f"{raw}"
    if re.search(r"[^\W\d_]{2,}", str(raw)):  # a number inside words
        # as printed for the source's readers, and where no number and unit can be read from it
        no_unit = cells.compound_amount(raw) is None and not isinstance(r.get("unit"), str)
        if lang == texts.SOURCE_LANG or no_unit:
            return raw
        number = re.search(r"\d[\d\s\u00a0]*(?:[,.]\d+)?", raw)
        decimals = 0 if cells.compound_amount(raw) is not None else errata.decimals(number.group(0) if number else "0")
        if r["unit"] == "%":
            return texts.fmt_percent(float(r["value"]), lang, decimals)
        return f"{texts.fmt_number(float(r['value']), lang, decimals)} {texts.unit(r['unit'], lang)}"
    return texts.fmt_number(float(r["value"]), lang, errata.decimals(_part(raw, r)))


def _part(raw: str, r) -> str:
    """The printed part of a multi-number cell that holds this row's value (for its decimals)."""
    from monotowns.data import cells

    for sep in ("/", "+"):
        if sep in raw:
            for p in raw.split(sep):
                try:
                    v = cells.parse_number(p.replace("%", ""))
                except ValueError:
                    continue
                if v is not None and abs(abs(v) - abs(float(r["value"]))) < 1e-9:
                    return p
    return raw.replace("%", "")


# ---------------------------------------------------------------- numeric tables


def _header(table: str, indicator: str, year, lang: str, ind: pd.DataFrame) -> str:
    row = ind[(ind["table"] == table) & (ind["indicator"] == indicator)]
    if row.empty:
        label = indicator
    else:
        r = row.iloc[0]
        label = texts.measure_label(r, lang) or indicator
    return f"{label} {int(year)}" if year is not None and not pd.isna(year) else str(label)


def numeric_table(table: str, lang: str, *, city_ids: list[str] | None = None, transpose: bool = False) -> Shown:
    """A numeric table in its printed shape: towns as rows (or columns with ``transpose``),
    measures × years as columns; errata cells marked. The three steps a chapter notebook shows:
    ``printed_cells``, a pivot, ``present``."""
    df = data.numeric_table(table)
    if city_ids is not None:
        df = df[df["city_id"].isin(city_ids)]
        transpose = transpose or len(city_ids) == 1
    cells, marks = printed_cells(df, table, lang)
    grid = cells.pivot_table(index="city_id", columns=["indicator", "year"], values="text", aggfunc="first", sort=False)
    return present(table, grid, lang, marks, transpose=transpose)


def printed_cells(df: pd.DataFrame, table: str, lang: str) -> tuple[pd.DataFrame, Marks]:
    """Each cell of a numeric table (its tidy rows, ``data.numeric_table``) as the page prints it
    in the reader's language: the rows, with ``year`` an integer or "" (a cell without a year) and
    ``text`` the value in the reader's number format (words translated) with its erratum mark
    ('*1'); and the marks, whose notes go under the table (``present``)."""
    ind = data.indicators()
    kinds = dict(zip(ind[ind["table"] == table]["indicator"], ind[ind["table"] == table]["kind"], strict=True))
    marks = Marks(table, lang)
    years, shown = [], []
    for r in df.to_dict("records"):
        year = None if pd.isna(r["year"]) else int(r["year"])
        text = cell_text(r, lang, kinds.get(r["indicator"], "number"))
        m = marks.mark(r["city_id"], r["indicator"], year)
        years.append("" if year is None else year)
        shown.append(text + (f" {m}" if m else ""))
    marks.table_level()
    return df.assign(year=pd.Series(years, index=df.index, dtype="object"), text=shown), marks


def present(table: str, grid: pd.DataFrame, lang: str, marks: Marks, *, transpose: bool = False) -> Shown:
    """A grid of printed cells (rows: towns by id; columns: (measure, year), year "" for none) in
    the house style: the towns' names and the measures' labels in the reader's language, the
    errata's notes under it; too wide for a page, one table per measure (or, for numbered items
    such as Table 7's projects, a row per town and item)."""
    ind = data.indicators()
    col_keys = [(i, None if y == "" or pd.isna(y) else int(y)) for i, y in grid.columns]
    cities = list(grid.index)
    values = grid.to_numpy(dtype=object)
    cell = {
        (c, *k): ("" if not isinstance(values[a][b], str) else values[a][b])
        for a, c in enumerate(cities)
        for b, k in enumerate(col_keys)
    }
    headers = [_header(table, i, y, lang, ind) for i, y in col_keys]
    names = [texts.town_name(c, lang) for c in cities]
    if transpose:
        frame = pd.DataFrame([[cell[(c, i, y)] for c in cities] for i, y in col_keys], index=headers, columns=names)
        head = [T("indicator", lang)] + names
    else:
        frame = pd.DataFrame([[cell[(c, i, y)] for i, y in col_keys] for c in cities], index=names, columns=headers)
        head = [T("town", lang)] + headers
    rows = [[idx] + list(vals) for idx, vals in zip(frame.index, frame.values.tolist(), strict=True)]
    frame.index.name = head[0]
    measures = list(dict.fromkeys(i for i, _ in col_keys))
    items = _items(measures)
    if not transpose and len(col_keys) > 8 and items:
        # a town's numbered items (Table 7's projects 1-3: name, money, jobs): one row per town
        # and item, the item's measures as columns (split by columns it was six sparse tables)
        bases, nums = items
        year_of = dict(col_keys)
        long_head = [T("town", lang), T("item_no", lang)] + [T(f"item_col_{b}", lang) for b in bases]
        long_rows = []
        for c, name in zip(cities, names, strict=True):
            for n in nums:
                vals = [cell.get((c, f"{b}_{n}", year_of.get(f"{b}_{n}")), "") for b in bases]
                if any(vals):
                    long_rows.append([name, str(n), *vals])
        return Shown([html_table(long_head, long_rows), marks.foot()], frame)
    if not transpose and len(col_keys) > 8 and len(measures) > 1:
        # too wide for a page: one table per measure, years as columns
        parts = []
        for m in measures:
            idx = [k for k, (i, _) in enumerate(col_keys) if i == m]
            sub_head = [T("town", lang)] + [str(col_keys[k][1]) if col_keys[k][1] else headers[k] for k in idx]
            sub_rows = [[r[0]] + [r[k + 1] for k in idx] for r in rows]
            parts += [page.Heading(_header(table, m, None, lang, ind), 4), html_table(sub_head, sub_rows)]
        return Shown([parts, marks.foot()], frame)
    return Shown([html_table(head, rows), marks.foot()], frame)


def _items(measures: list[str]) -> tuple[list[str], list[int]] | None:
    """Measures that are numbered items of a town ('project_name_1', 'money_spent_1', …,
    'jobs_created_3'): (the measures' names without the number, the numbers), or None."""
    parts = [re.fullmatch(r"(.+)_(\d+)", m) for m in measures]
    if not all(parts):
        return None
    bases = list(dict.fromkeys(p.group(1) for p in parts))
    nums = sorted({int(p.group(2)) for p in parts})
    return (bases, nums) if len(bases) < len(measures) else None


def town_by_year(table: str, lang: str, city_id: str) -> Shown:
    """One town's rows of a numeric table with the years as columns and the measures as plain
    row labels (the unit once, in the label); errata cells marked. A table without years keeps
    its printed shape (``numeric_table``)."""
    df = data.numeric_table(table)
    df = df[df["city_id"] == city_id]
    years = sorted({int(y) for y in df["year"].dropna()})
    if len(years) < 2 or df["year"].isna().any():
        return numeric_table(table, lang, city_ids=[city_id])
    ind = data.indicators()
    kinds = dict(zip(ind[ind["table"] == table]["indicator"], ind[ind["table"] == table]["kind"], strict=True))
    marks = Marks(table, lang)
    grid: dict[tuple, str] = {}
    for r in df.to_dict("records"):
        text = cell_text(r, lang, kinds.get(r["indicator"], "number"))
        m = marks.mark(r["city_id"], r["indicator"], int(r["year"]))
        grid[(r["indicator"], int(r["year"]))] = text + (f" {m}" if m else "")
    marks.table_level()
    measures = list(dict.fromkeys(df["indicator"]))
    labels = [_header(table, m, None, lang, ind) for m in measures]
    frame = pd.DataFrame(
        [[grid.get((m, y), "–") for y in years] for m in measures], index=labels, columns=[str(y) for y in years]
    )
    frame.index.name = T("indicator", lang)
    rows = [[lab] + vals for lab, vals in zip(labels, frame.values.tolist(), strict=True)]
    return Shown([html_table([T("indicator", lang)] + [str(y) for y in years], rows), marks.foot()], frame)


def t7_projects(lang: str, city_ids: list[str] | None = None) -> Shown:
    """Table 7 as one row per anchor project: town, project, money spent (as printed, with its
    unit), jobs created."""
    df = data.numeric_table("T7")
    if city_ids is not None:
        df = df[df["city_id"].isin(city_ids)]
    rows, recs = [], []
    for (city, _k), g in df.groupby([df["city_id"], df["indicator"].str.extract(r"_(\d+)$")[0]], sort=False):
        d = {r["indicator"].rsplit("_", 1)[0]: r for r in g.to_dict("records")}
        money = d.get("money_spent")
        jobs = d.get("jobs_created")
        rec = [
            texts.town_name(city, lang),
            texts.source_text("T7", "value_raw", d["project_name"]["value_raw"], lang) if "project_name" in d else "",
            cell_text(money, lang, "number") if money else "",
            texts.fmt_number(jobs["value"], lang) if jobs is not None and pd.notna(jobs["value"]) else "–",
        ]
        rows.append(rec)
        recs.append(rec)
    head = [T("town", lang), T("t7_project", lang), T("t7_money", lang), T("t7_jobs", lang)]
    return Shown(html_table(head, rows), pd.DataFrame(recs, columns=head))


# ---------------------------------------------------------------- structured tables


def prose_table(table: str, lang: str) -> Shown:
    """A text table (T1, T2, T3, T8, T10, T27, T28, TAE1): one row per printed row, the items
    of a cell as a list, text as published."""
    df = data.load(table.lower())
    colnames = df.drop_duplicates("column").sort_values("column")
    header = [texts.source_text(table, "column_label_kk", str(x), lang) for x in colnames["column_label_kk"]]
    rows, recs = [], []
    for _, g in df.groupby("row", sort=True):
        cells = []
        rec = []
        for c in colnames["column"]:
            items = [
                texts.source_text(table, "text", x, lang)
                for x in g[g["column"] == c].sort_values("item")["text"].dropna().tolist()
            ]
            if len(items) > 1:
                cells.append(page.Items(items))
            else:
                cells.append(items[0] if items else "")
            rec.append("\n".join(items))
        group = g["group_kk"].dropna()
        if len(group) and group.iloc[0]:
            label = page.Strong(texts.source_text(table, "group_kk", group.iloc[0], lang))
            if not rows or rows[-1][0] != label:
                rows.append([label] + [""] * (len(header) - 1))
        rows.append(cells)
        recs.append(rec)
    return Shown(
        html_table(header, rows, first_col_header=False),
        pd.DataFrame(recs, columns=header),
    )


def t4_types(lang: str) -> Shown:
    """Table 4: the functional types of the mono-towns with their towns."""
    df = data.load("t4")
    df = df[df["city_id"].notna()]
    rows, recs = [], []
    for (tkk, _tid), g in df.groupby(["functional_type_kk", "functional_type_id"], sort=False):
        names = ", ".join(texts.town_name(c, lang) for c in g["city_id"])
        label = texts.source_text("T4", "functional_type_kk", tkk, lang)
        rows.append([label, str(len(g)), names])
        recs.append([label, len(g), names])
    head = [T("t4_type", lang), T("count", lang), T("towns", lang)]
    return Shown(html_table(head, rows), pd.DataFrame(recs, columns=head))


def t12_structure(lang: str, city_ids: list[str] | None = None) -> Shown:
    """Table 12: city-forming enterprise, company, specialisation, activity per town."""
    df = data.load("t12")
    if city_ids is not None:
        df = df[df["city_id"].isin(city_ids)]
    fields = list(dict.fromkeys(df["field"]))
    heads = {f: df[df["field"] == f]["field_label_kk"].iloc[0] for f in fields}
    rows = []
    for city, g in df.groupby("city_id", sort=False):
        d = dict(zip(g["field"], g["text"], strict=True))
        rows.append(
            [texts.town_name(city, lang)]
            + [texts.source_text("T12", "text", d.get(f), lang) if isinstance(d.get(f), str) else "" for f in fields]
        )
    head = [T("town", lang)] + [
        " ".join(texts.source_text("T12", "field_label_kk", heads[f], lang).split()) for f in fields
    ]
    return Shown(html_table(head, rows), pd.DataFrame(rows, columns=head))


def t17_structure(lang: str) -> Shown:
    """Table 17: the seven indicators and their components."""
    df = data.load("t17")
    rows = [
        [
            texts.source_text("T17", "indicator_kk", r["indicator_kk"], lang),
            r["indicator_code"] or "",
            texts.source_text("T17", "component_kk", r["component_kk"], lang),
            r["component_code"] or "",
        ]
        for r in df.to_dict("records")
    ]
    head = [T("t17_indicator", lang), T("t17_code", lang), T("t17_component", lang), T("t17_code", lang)]
    return Shown(html_table(head, rows), pd.DataFrame(rows, columns=head))


def t18_measures(lang: str) -> Shown:
    """Table 18: the system of measures."""
    df = data.load("t18")
    rows = [
        [texts.source_text("T18", f, r[f], lang) for f in ("indicator_raw", "measure_raw", "unit_raw", "source_raw")]
        + [texts.source_text("T18", "normalisation_raw", r["normalisation_raw"], lang)]
        for r in df.fillna("").to_dict("records")
    ]
    head = [T(f"t18_{k}", lang) for k in ("indicator", "measure", "unit", "source", "normalisation")]
    return Shown(html_table(head, rows), pd.DataFrame(rows, columns=head))


def t25_matrix(lang: str) -> Shown:
    """Table 25: indicator × grade → the scenarios it supports ('+')."""
    df = data.load("t25")
    rows = []
    for (ikk, _code, lvl), g in df.groupby(["indicator_kk", "indicator_code", "level_kk"], sort=False):
        marks = dict(zip(g["scenario_id"], g["supports"], strict=True))
        name = texts.source_text("T25", "indicator_kk", ikk, lang)
        lv = texts.source_text("T25", "level_kk", lvl, lang)
        rows.append([f"{name}", lv] + ["+" if marks.get(s) else "" for s in scenarios.SCENARIOS])
    head = [T("indicator", lang), T("class", lang)] + [texts.scenario_label(s, lang) for s in scenarios.SCENARIOS]
    return Shown(html_table(head, rows), pd.DataFrame(rows, columns=head))


def t26_result(lang: str) -> Shown:
    """Table 26 as published: each town's grades and printed scenario scores, beside the scores
    Table 25 gives for those grades."""
    from monotowns.method import assess

    rows = []
    towns_ = method.published_towns()
    res = {t: assess.published_t26(t) for t in towns_}
    for ind in method.GRADED:
        rows.append([ind] + [texts.class_label(res[t][0].get(ind), lang) for t in towns_])
    for s in scenarios.SCENARIOS:
        rows.append(
            [texts.scenario_label(s, lang) + f" ({T('published', lang)})"] + ["+" * res[t][1][s] or "0" for t in towns_]
        )
        rows.append(
            [texts.scenario_label(s, lang) + f" ({T('mode_recomputed', lang)}: T25 × T26)"]
            + [str(scenarios.score(res[t][0])[s]) for t in towns_]
        )
    head = [T("indicator", lang)] + [texts.town_name(t, lang) for t in towns_]
    return Shown(html_table(head, rows), pd.DataFrame(rows, columns=head))


def method_modes(lang: str, city_ids: list[str] | None = None) -> Shown:
    """Both modes side by side: each indicator's published value and grade, recomputed value and
    grade, and the scenario scores, for the assessed towns."""
    from monotowns.method import assess

    towns_ = city_ids or method.published_towns()
    res = [assess.assess(method.published_inputs(t)) for t in towns_ if t in method.published_towns()]
    rows = []
    for a in res:
        for ind, r in a.indicators.items():
            rows.append(
                [
                    texts.town_name(a.town, lang),
                    ind,
                    r.published_raw or "–",
                    texts.class_label(r.published_class, lang) if r.published_class else "–",
                    texts.fmt_number(r.value, lang, 2),
                    texts.class_label(r.class_id, lang) if r.class_id else "–",
                ]
            )
    head = [
        T("town", lang),
        T("indicator", lang),
        T("published", lang),
        f"{T('class', lang)} ({T('published', lang)})",
        T("recomputed", lang),
        f"{T('class', lang)} ({T('recomputed', lang)})",
    ]
    return Shown(html_table(head, rows), pd.DataFrame(rows, columns=head))


def scores_table(lang: str, city_ids: list[str] | None = None) -> Shown:
    """Scenario scores in both modes and the recommendation."""
    from monotowns.method import assess

    towns_ = [t for t in (city_ids or method.published_towns()) if t in method.published_towns()]
    rows = []
    for t in towns_:
        a = assess.assess(method.published_inputs(t))
        for label, sc in (
            (T("published", lang) + " (T26)", a.printed_scores_t26),
            ("T25 × T26", a.scores_from_published_classes),
            (T("recomputed", lang), a.scores),
        ):
            top = scenarios.recommended(sc)
            rows.append(
                [texts.town_name(t, lang), label]
                + [str(sc[s]) for s in scenarios.SCENARIOS]
                + [", ".join(texts.scenario_label(s, lang) for s in top)]
            )
    head = (
        [T("town", lang), T("status", lang)]
        + [texts.scenario_label(s, lang) for s in scenarios.SCENARIOS]
        + [T("recommended", lang)]
    )
    return Shown(html_table(head, rows), pd.DataFrame(rows, columns=head))


def scale_table(table: str, lang: str) -> Shown:
    """A grading scale as printed and as resolved (boundaries, overlaps, gaps)."""
    ind = {v: k for k, v in method.TABLE_OF.items() if k in method.GRADED}[table]
    sc = method.scales()[ind]
    rows = [
        [
            texts.class_label(b.class_id, lang),
            texts.published(b.printed, lang, texts.printed_range(b.printed)),
            texts.interval(b.lower, b.upper, lang),
        ]
        for b in sc.bands
    ]
    head = [T("class", lang), T("published", lang), T("scale_interval", lang)]
    return Shown(
        html_table(head, rows), pd.DataFrame(rows, columns=head), [texts.scale_note(n, lang) for n in sc.notes]
    )


def _item(text: str) -> str:
    """A printed list item without its printed bullet ('- '), which the HTML list draws anyway."""
    return re.sub(r"^\s*[-–·•]\s*", "", str(text))


def swot(lang: str, city_id: str | None = None) -> Shown:
    """Table Б.1 as a SWOT view; with ``city_id`` only the items that name that town or all towns."""
    df = data.load("tb1")
    if city_id:
        keep = [
            c == "all" or city_id in str(ids).split(";")
            for c, ids in zip(df["city_ids"].fillna(""), df["city_ids"].fillna(""), strict=True)
        ]
        df = df[keep]
    parts = []
    for q in ("S", "W", "O", "T"):
        items = df[df["quadrant"] == q]
        lis = [_item(texts.source_text("TB1", "text", r["text"], lang)) for r in items.to_dict("records")]
        parts.append(page.Div([page.Items(lis)], "swot-q", f"{T('swot_' + q, lang)} ({len(items)})"))
    head = []
    if city_id:
        head = [page.Para(T("swot_filter", lang, town=texts.town_name(city_id, lang)), "filter")]
    frame = df[["quadrant", "item", "text", "city_ids", "line"]].reset_index(drop=True)
    return Shown(head + [page.Div(parts, "swot")], frame)


def a4_swot(lang: str) -> Shown:
    """Article table 4: the SWOT matrix and its S-O / W-O / S-T / W-T links."""
    df = data.load("a4")
    links = data.load("a4-links")
    parts = []
    for q in ("S", "W", "O", "T"):
        items = df[df["quadrant"] == q]
        lis = [
            [page.Strong(r["code"]), " ", texts.source_text("A4", "text", r["text"], lang)]
            for r in items.to_dict("records")
        ]
        parts.append(page.Div([page.Items(lis)], "swot-q", T("swot_" + q, lang)))
    rows = [
        [r["link_type"], r["from_codes"].replace(";", ", "), r["to_codes"].replace(";", ", "), str(r["line"])]
        for r in links.to_dict("records")
    ]
    head = [T("a4_col_type", lang), T("a4_col_from", lang), T("a4_col_to", lang), T("source_line", lang)]
    notes = [page.note(T("a4_types", lang))]
    listed = set(df["code"])
    named = {c for col in ("from_codes", "to_codes") for x in links[col] for c in str(x).split(";")}
    missing = sorted(named - listed)
    if missing:  # the article pairs T3, T4, which its lists of threats (T1-T2) do not have
        quadrants = sorted({c[0] for c in missing})
        have = sorted(c for c in listed if c[0] in quadrants)
        notes.append(page.note(T("a4_missing", lang, codes=", ".join(missing), listed=", ".join(have))))
    return Shown([page.Div(parts, "swot"), html_table(head, rows), *notes], df)


def appv(lang: str) -> Shown:
    """Appendix В: the 21 indicators the experts ranked."""
    df = data.load("appv")
    rows = [
        [str(r["number"]), texts.source_text("AppV", "indicator_kk", r["indicator_kk"], lang)]
        for r in df.to_dict("records")
    ]
    head = ["№", T("indicator", lang)]
    return Shown(html_table(head, rows), pd.DataFrame(rows, columns=head))


def _audit_value(v, qkey: str, lang: str) -> str:
    """A published or recomputed cell of the audit in the reader's language: grade names and
    scenario ids as labels, numbers in the reader's convention, printed cells as printed."""
    v = "" if v is None else str(v)
    if not v:
        return v
    v = _maybe_unit(v, lang)
    if qkey.startswith("conclusion"):
        return ", ".join(texts.scenario_label(x.strip(), lang) for x in v.split(";"))
    if qkey.startswith("grade"):
        head, arrow, grade = v.rpartition(" → ")
        try:
            label = texts.class_label(method.class_id(grade), lang)
        except method.MethodError:
            return v
        return f"{head}{arrow}{label}"
    if re.fullmatch(r"-?\d+(\.\d+)?", v):
        return texts.fmt_number(float(v), lang)
    return v


def audit_texts(r: dict, lang: str) -> tuple[str, str, str, str, str]:
    """One audit row (``method.audit``) in the reader's language: quantity, published,
    recomputed, cause, kind."""
    import json

    qa, ca = json.loads(r["quantity_args"] or "{}"), json.loads(r["cause_args"] or "{}")
    qkey = r["quantity_key"]
    if qkey == "field":
        ind = data.indicators()
        lab = ind[(ind["table"] == qa["table"]) & (ind["indicator"] == qa["field"])]
        qa = {"field": texts.measure_label(lab.iloc[0], lang, with_unit=False) if len(lab) else qa["field"]}
    if "scenario" in qa:
        qa["scenario"] = texts.scenario_label(qa["scenario"], lang)
    for k in ("stated", "top"):
        qa.pop(k, None)
    if ca.get("likely"):
        ca["likely"] = _maybe_unit(ca["likely"], lang)
    if "note" in ca:
        ca["note"] = texts.source_text("errata", "note", ca["note"], lang)
        ca["rule"] = texts.source_text("errata", "rule", ca["rule"], lang)
    if "value" in ca:
        ca["value"] = texts.fmt_number(ca["value"], lang, 2)
    if "grade" in ca:
        ca["grade"] = texts.class_label(ca["grade"], lang)
    if "table" in ca:
        ca["table"] = texts.source_id_label(ca["table"], lang)
    if "extra" in ca:
        ca["extra"] = ", ".join(
            T("audit_extra", lang, scenario=texts.scenario_label(sid, lang), score=score, top=top)
            for sid, score, top in ca["extra"]
        )
    return (
        T(f"audit_q_{qkey}", lang, **qa),
        _audit_value(r["published"], qkey, lang),
        _audit_value(r["recomputed"], qkey, lang),
        T(f"audit_c_{r['cause_key']}", lang, **ca),
        T("audit_kind_" + r["kind"].replace(":", "_"), lang),
    )


def errata_table(lang: str) -> Shown:
    """The audit as a table, every word in the reader's language."""
    from monotowns.method import audit

    df = audit.audit()
    rows = []
    for r in df.fillna("").to_dict("records"):
        q, pub, rec, cause, kind = audit_texts(r, lang)
        table = texts.source_id_label(r["table"], lang) if r["table"] in texts.source_ids() else T("audit_text", lang)
        rows.append([table, texts.town_name(r["town"], lang) if r["town"] else "—", q, pub, rec, cause, kind])
    head = [
        T("table", lang),
        T("town", lang),
        T("indicator", lang),
        T("published", lang),
        T("recomputed", lang),
        T("note", lang),
        T("status", lang),
    ]
    return Shown(html_table(head, rows, cls="data audit", first_col_header=False), df)


def glossary(lang: str) -> Shown:
    """The domain's terms in the three languages (data/glossary.csv), the reader's language first."""
    df = data.load("glossary")
    order = [lang] + [x for x in texts.LANGS if x != lang]
    rows = [[r[x] for x in order] for r in df.to_dict("records")]
    head = [T(f"lang_{x}", lang) for x in order]  # "Kazakh" on an English page, not "Қазақша"
    # each term marked with its language, so a screen reader reads it with that language's voice
    cells = [[page.Span(v, lang=x) for x, v in zip(order, r, strict=True)] for r in rows]
    return Shown(
        [page.Heading(T("glossary_title", lang), 3), html_table(head, cells)],
        pd.DataFrame(rows, columns=head),
    )


def compare_2014(lang: str) -> Shown:
    """The article's 2014 populations (A1, A3) beside the dissertation's 2017 and 2021 (T6)."""
    a1, a3, t6 = data.numeric_table("A1"), data.numeric_table("A3"), data.numeric_table("T6")
    rows = []
    for city in towns.town_ids():
        p14 = a1[(a1.city_id == city) & (a1.indicator == "population")]["value"]
        p3 = a3[(a3.city_id == city) & (a3.indicator == "population")]["value"]
        p17 = t6[(t6.city_id == city) & (t6.indicator == "population") & (t6.year == 2017)]["value"]
        p21 = t6[(t6.city_id == city) & (t6.indicator == "population") & (t6.year == 2021)]["value"]
        v14 = p14.iloc[0] * 1000 if len(p14) else None
        rows.append(
            [
                texts.town_name(city, lang),
                texts.fmt_number(v14, lang, 0) if v14 else "–",
                texts.fmt_number(p3.iloc[0], lang, 0) if len(p3) else "–",
                texts.fmt_number(p17.iloc[0], lang, 0) if len(p17) else "–",
                texts.fmt_number(p21.iloc[0], lang, 0) if len(p21) else "–",
                texts.fmt_number((p21.iloc[0] - v14) / v14 * 100, lang, 1) if v14 and len(p21) else "–",
            ]
        )
    head = [T("town", lang), T("cmp_2014_a1", lang), "2014 (A3)", "2017 (T6)", "2021 (T6)", "2014→2021, %"]
    return Shown(html_table(head, rows), pd.DataFrame(rows, columns=head))


def recomputed(indicator: str, x: pd.DataFrame, lang: str) -> Shown:
    """An indicator of the method computed in a notebook cell, beside the value the source prints:
    ``x`` has a row per town (index ``city_id``), the inputs under their names in the method
    (TDm1, TDm2 … as Table 18 names them) and the cell's result in a column ``recomputed``. Above
    the table, the formula in plain notation; under it, where the differences are explained."""
    r = method.REGISTRY[indicator]
    inputs = [c for c in x.columns if c != "recomputed"]
    rows = []
    for city_id, row in x.iterrows():
        printed = method.published_results(str(city_id))[indicator].value_raw
        rows.append(
            [texts.town_name(str(city_id), lang)]
            + [texts.fmt_number(round(float(row[c]), 2), lang) for c in inputs]
            + [printed or "–", texts.fmt_number(float(row["recomputed"]), lang, 2)]
        )
    head = [T("town", lang)] + inputs + [T("published", lang), T("recomputed", lang)]
    body = [
        page.Para(T("computed_formula", lang, formula=r.notation, table=r.table[1:])),
        html_table(head, rows),
    ]
    frame = pd.DataFrame(rows, columns=head)
    return Shown(body, frame, notes=[T("computed_note", lang)])
