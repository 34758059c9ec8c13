"""The errata marks of a table: a published cell listed in the errata is shown as printed and
marked ``*n``; its note says what was published and what it should be (``Marks``). Also
how a printed cell reads in the reader's language (``cell_text``).
"""

from __future__ import annotations

import re

import pandas as pd

from monotowns import data, method
from monotowns.data import cells, errata

from . import page, shown, texts

T = texts.t


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
            published=maybe_unit(r["published"], self.lang),
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
                    page.printed(maybe_unit(r["published"], self.lang), texts.SOURCE_LANG),
                    rec,
                ]
                rows.append(row if shared is not None else row + [n])
            head = ["", T("town", self.lang), T("published", self.lang), T("recomputed", self.lang)]
            head += [] if shared is not None else [T("note", self.lang)]
            marks = f"*{self._seen[rs[0]['erratum_id']]}–*{self._seen[rs[-1]['erratum_id']]}"
            where = texts.source_id_label(self.table, self.lang)  # "Table 16", not the id T16
            intro = [page.Strong(marks), f" {where}, {label}" + (f": {shared}" if shared else "")]
            out += [page.note(intro), shown.html_table(head, rows, cls="data errata")]
        return out


def _likely(value, lang: str) -> str:
    """ "; likely intended 46.4", or for a unit the source misprinted (Table 16's 'мың адам' where
    the cells are persons) "; likely intended unit: persons", never a bare unit where a number
    is read."""
    if ("unit", str(value)) in texts.translated("units"):
        return T("likely_intended_unit", lang, value=texts.unit(str(value), lang))
    return T("likely_intended", lang, value=maybe_unit(value, lang))


def maybe_unit(text, lang: str) -> str:
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
