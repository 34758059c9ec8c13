"""The data behind a report's tables and charts, to take away: for each one, the rows of the
data package it shows — the town, the measure, the year, the value as printed and as a number,
the unit, and the table and line of the source text — in the reader's language.

The report layer only says what each table or chart shows (``Rows``). A town report's section
carries them in its notebook output under ``MIME`` (``bundle``) and the build writes one CSV per
table or chart beside the report and links it (``monotowns.publish``); a chapter's charts drawn
from data or from the text's quotes give theirs by ``figure_rows``. Nothing here writes a file.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from monotowns import data
from monotowns.data import context, towns

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


def _table_label(sid: str, lang: str) -> str:
    """'Table 6', 'Article table 3'…; for a value of the text, its source ('dissertation')."""
    try:
        return texts.source_id_label(sid, lang)
    except KeyError:
        return T(f"town_c_source_{sid}", lang)


@dataclass
class Rows:
    """What a table or chart shows, to take away: ``name`` is the file's stem (the same in
    every language), ``parts`` are package rows (``select``) or else frames already in the
    reader's words (a table that is not made of package rows: the SWOT, the sources) — one
    kind or the other: where both are given, the package rows are the CSV."""

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
        # a value the text quotes (its 'table' is the source) takes its measure's label in a table
        any_table = {ind_id: label for (_, ind_id), label in reversed(labels.items())}
        out = [
            [
                _table_label(r["table"], lang),
                int(r["line"]),
                texts.town_name(r["city_id"], lang),  # a town, Kazakhstan or Karaganda region
                labels.get((r["table"], r["indicator"])) or any_table.get(r["indicator"], r["indicator"]),
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


# ---------------------------------------------------------------- a chapter's charts


def coords(lang: str) -> pd.DataFrame:
    """Where the maps put the 27 towns (``data/town_coords.csv``, with the source of each)."""
    c = data.load("town-coords").set_index("city_id")
    rows = [
        [texts.town_name(t, lang), c.loc[t, "lat"], c.loc[t, "lon"], c.loc[t, "coord_source"]] for t in towns.town_ids()
    ]
    return pd.DataFrame(
        rows, columns=[T(k, lang) for k in ("col_town", "town_wb_lat", "town_wb_lon", "town_col_source")]
    )


def towns_by_oblast(lang: str) -> list[tuple[str, list[str]]]:
    """Table 6's towns grouped by oblast, the oblast with most first (what Figure 13 counts):
    (oblast, its towns' names) in the reader's language."""
    by: dict[str, list[str]] = {}
    for c in dict.fromkeys(data.numeric_table("T6")["city_id"]):
        by.setdefault(texts.oblast_name(c, lang), []).append(texts.town_name(c, lang))
    return sorted(by.items(), key=lambda kv: (-len(kv[1]), kv[0]))


def _f13(lang: str) -> pd.DataFrame:
    """Figure 13's rows: the oblast, the number of mono-towns, the towns."""
    rows = [[o, len(ts), ", ".join(ts)] for o, ts in towns_by_oblast(lang)]
    return pd.DataFrame(rows, columns=[T("oblast", lang), T("town_wb_count", lang), T("col_town", lang)])


def _f40(lang: str) -> pd.DataFrame:
    """Figure 40 draws Table 26's scores: each town's mark per scenario as printed, its score,
    its line."""
    df = data.load("t26-scores")
    rows = [
        [
            texts.town_name(r["city_id"], lang),
            texts.scenario_label(r["scenario_id"], lang),
            r["mark_raw"] if isinstance(r["mark_raw"], str) else "",
            int(r["score"]),
            texts.source_id_label("T26", lang),
            int(r["line"]),
        ]
        for r in df.to_dict("records")
    ]
    keys = ("col_town", "town_wb_scenario", "town_wb_printed", "town_wb_value", "town_wb_table", "town_wb_line")
    return pd.DataFrame(rows, columns=[T(k, lang) for k in keys])


def quoted_period(period, lang: str) -> str:
    """The period of a value the text quotes, as the reader reads it: years as the transcription
    gives them (its brackets, "inferred from the context", dropped); a period the text names
    only in words ("(current year)": "Ағымдағы жылы" in a text of 2021) in the reader's words,
    saying that it is the text's (``period_<words>`` in data/texts.csv), never a year of ours."""
    p = " ".join(period.replace("(", "").replace(")", "").split()) if isinstance(period, str) else ""
    if p and not any(ch.isdigit() for ch in p):
        return T("period_" + "_".join(p.lower().split()), lang)
    return p


def with_period(text: str, period, lang: str) -> str:
    """``text`` with the period of its value: "Temirtau (2018-2019)"; a period in words after a
    comma ("…, current year (as the text says)"), not in a second pair of brackets."""
    p = quoted_period(period, lang)
    if not p:
        return text
    named = not any(ch.isdigit() for ch in p)
    return f"{text}, {p}" if named else f"{text} ({p})"


@context.per_data_folder
def measure_labels() -> dict[str, dict[str, str]]:
    """The labels of the measures the text quotes (``data/figure_measures.csv``), by measure."""
    m = data.load("figure-measures")
    return {r["measure"]: r for r in m.to_dict("records")}


def _quoted(sid: str, lang: str) -> pd.DataFrame:
    """A figure drawn from the values the text quotes: each value, its sentence's line."""
    q = data.load("figure-quotes")
    q = q[q["figure"] == sid]
    ml = measure_labels()
    rows = [
        [
            texts.source_id_label(sid, lang),
            int(r["line"]),
            texts.town_name(r["city_id"], lang),
            with_period(ml[r["measure"]][f"label_{lang}"], r["period"], lang),
            r["value_raw"],
            float(r["value"]) if pd.notna(r["value"]) else None,
            texts.unit(r["unit"], lang) if isinstance(r["unit"], str) and r["unit"] else None,
        ]
        for r in q.to_dict("records")
    ]
    keys = ["town_col_source"] + [k for k in COLUMNS[1:] if k != "town_wb_year"]  # the figure, not a table
    return pd.DataFrame(rows, columns=[T(k, lang) for k in keys])


#: The chapters' charts drawn from data, and the rows each draws (the diagrams draw boxes).
FIGURE_ROWS = {
    "F13": _f13,
    "F14": coords,
    "F17": coords,
    "F20": lambda lang: Rows("F20", [select("F20")]).frame(lang),
    "F29": lambda lang: Rows("F29", [select("T16", "innovative_output")]).frame(lang),
    "F40": _f40,
}


def has_figure_rows(sid: str, status: str) -> bool:
    """Whether a chapter's chart has its data as a CSV (``figure_rows``): the charts drawn from
    data, and those drawn from the values the text quotes."""
    return sid in FIGURE_ROWS or status == "partial"


def figure_rows(sid: str, status: str, lang: str) -> pd.DataFrame | None:
    """The rows a chapter's chart draws, in the reader's language (its CSV beside its PNG)."""
    if sid in FIGURE_ROWS:
        return FIGURE_ROWS[sid](lang)
    return _quoted(sid, lang) if status == "partial" else None
