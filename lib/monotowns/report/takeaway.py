"""The data behind a town report's tables and charts, to take away: for each one, the rows of
the data package it shows — the town, the measure, the year, the value as printed and as a
number, the unit, and the table and line of the source text — in the reader's language.

The report layer only says what each table or chart shows (``Rows``); a displayed section
carries them in its notebook output under ``MIME`` (``bundle``), and the build writes one CSV
per table or chart beside the report and links it (``monotowns.publish``). Nothing here
writes a file.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from monotowns import data
from monotowns.data import towns

from . import texts

T = texts.t

#: The MIME type under which a displayed section carries its tables' and charts' rows.
MIME = "application/vnd.monotowns.takeaway+json"
#: The columns of a CSV of package rows (catalogue keys; headers in the reader's language).
COLUMNS = ("town_wb_table", "town_wb_line", "col_town", "town_wb_measure", "town_wb_year")
COLUMNS += ("town_wb_printed", "town_wb_value", "town_wb_unit")


def select(table: str, indicator: str | None = None, year: int | None = None, town: str | None = None) -> pd.DataFrame:
    """The package rows of a numeric table (``data.numeric_table``) for one measure, year or
    town (None: all of them)."""
    df = data.numeric_table(table)
    if indicator is not None:
        df = df[df["indicator"] == indicator]
    if year is not None:
        df = df[df["year"] == year]
    if town is not None:
        df = df[df["city_id"] == town]
    return df


def text_value(key: str) -> pd.DataFrame:
    """A value the text quotes (``data/text_values.csv``: the national unemployment rate) as a
    package row; its table is the source (``diss``, ``article``)."""
    df = data.load("text-values")
    df = df[df["key"] == key].rename(columns={"source": "table"})
    return df.assign(year=pd.NA)[["table", "line", "city_id", "indicator", "year", "value_raw", "value", "unit"]]


#: Places that are not towns, as the CSVs name them (catalogue keys).
PLACES = {"kazakhstan": "town_wb_national", "karaganda_oblast": "town_wb_oblast"}


def _table_label(sid: str, lang: str) -> str:
    """'Table 6', 'Article table 3'…; for a value of the text, its source ('dissertation')."""
    try:
        return texts.source_id_label(sid, lang)
    except KeyError:
        return T(f"town_c_source_{sid}", lang)


def _place(city_id: str, lang: str, known: set[str]) -> str:
    if city_id in known:
        return texts.town_name(city_id, lang)
    return T(PLACES[city_id], lang) if city_id in PLACES else city_id


@dataclass
class Rows:
    """What a table or chart shows, to take away: ``name`` is the file's stem (the same in
    every language), ``parts`` are package rows (``select``) or one frame already in the
    reader's words (a table that is not made of package rows: the SWOT, the sources)."""

    name: str
    parts: list[pd.DataFrame]
    title: str | None = None

    def frame(self, lang: str) -> pd.DataFrame:
        """The rows in the reader's language: package rows as ``COLUMNS``, in the order of the
        source text; a frame in words as it is."""
        package = [p for p in self.parts if "city_id" in p.columns and "line" in p.columns]
        if not package:
            return pd.concat(self.parts, ignore_index=True) if self.parts else pd.DataFrame()
        df = pd.concat(package, ignore_index=True)
        df = df.drop_duplicates(subset=["table", "line", "city_id", "indicator", "year"])
        df = df.sort_values(["table", "line", "indicator", "year"], kind="stable", na_position="first")
        ind = data.indicators()
        labels = {
            (r["table"], r["indicator"]): texts.measure_label(r, lang, with_unit=False) for r in ind.to_dict("records")
        }
        known = set(towns.town_ids())
        out = [
            [
                _table_label(r["table"], lang),
                int(r["line"]),
                _place(r["city_id"], lang, known),
                labels.get((r["table"], r["indicator"]), r["indicator"]),
                int(r["year"]) if pd.notna(r["year"]) else None,
                r["value_raw"] if isinstance(r["value_raw"], str) else None,
                float(r["value"]) if pd.notna(r["value"]) else None,
                texts.unit(r["unit"], lang) if isinstance(r["unit"], str) and r["unit"] else None,
            ]
            for r in df.to_dict("records")
        ]
        return pd.DataFrame(out, columns=[T(k, lang) for k in COLUMNS]).astype({T("town_wb_year", lang): "Int64"})


def csv_text(frame: pd.DataFrame) -> str:
    """A frame as CSV text (UTF-8, a header row, no index, '\\n' line ends)."""
    return frame.to_csv(index=False, lineterminator="\n")


def bundle(items: list[tuple[str, Rows]], lang: str) -> dict:
    """What a displayed section carries under ``MIME``: for each (title, rows) — the title of
    the table or chart in the reader's language — the file name, the title and the CSV text; a
    name shown twice gets ``-2``."""
    files, seen = [], set()
    for title, rows in items:
        name, k = rows.name, 2
        while name in seen:
            name, k = f"{rows.name}-{k}", k + 1
        seen.add(name)
        frame = rows.frame(lang)
        if frame.empty:
            continue
        files.append({"name": f"{name}.csv", "title": title, "csv": csv_text(frame)})
    return {"files": files}
