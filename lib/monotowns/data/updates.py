"""Later years an analyst adds (``run_all.py --update FILE``): the statistics bureau's figures
for 2022 onwards, read from a file the analyst holds, never written into the data package.

An update file is long form, one row per town, measure and year (``data/update_template.csv``,
documented in ``data/update_template.md``): ``town``, ``indicator`` (an id of
``data/update_indicators.csv``), ``year``, ``value``, ``source``, and optional ``unit`` and
``note``. It may be a CSV as a spreadsheet saves it (``sheets``) or an ``.xlsx`` workbook.

Rules, each broken one refused in one line naming the file, the line (or sheet and cell) and
the column: a known town (any spelling of the 27), a known measure, a year from 1997 to this
year, a number within the measure's plausible range (the data package's, ``indicators.csv``),
the measure's unit if one is given, a source, no town, measure and year twice. A value for a
cell the sources publish is never taken over it: equal to the printed value it is accepted as a
reference and left out, different from it the file is refused with both values.
"""

from __future__ import annotations

import datetime
import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import package, sheets, towns
from .errors import DataValidationError, UnknownTownError

#: The columns of an update file, the required ones first.
COLUMNS = ["town", "indicator", "year", "value", "source", "unit", "note"]
OPTIONAL = ("unit", "note")
FIRST_YEAR = 1997


@dataclass(frozen=True)
class Value:
    """One added value: town (registry id), measure (``update_indicators.csv`` id), year, the
    number, its source as the analyst wrote it, the analyst's note, and where it stands (the
    file's name and 'line 4' or "sheet 'Data', cell D4")."""

    town: str
    indicator: str
    year: int
    value: float
    source: str
    note: str
    file: str
    where: str


@dataclass
class Update:
    """One update file as read: its name, SHA-256, the values it adds, the rows that repeat a
    published cell (accepted, not added), and how it was read."""

    path: Path
    sha256: str
    values: list[Value] = field(default_factory=list)
    confirmed: list[Value] = field(default_factory=list)
    read_as: str = ""

    @property
    def name(self) -> str:
        return self.path.name


def indicators() -> pd.DataFrame:
    """The measures an update may add (``data/update_indicators.csv``), indexed by id."""
    return package.load("update-indicators").set_index("id")


def label(indicator: str, lang: str) -> str:
    """The measure's name in the reader's language."""
    return str(indicators().loc[indicator, f"label_{lang}"])


def unit(indicator: str, lang: str) -> str:
    """The measure's unit in the reader's language ('persons', '%', 'million tenge')."""
    return str(indicators().loc[indicator, f"unit_{lang}"])


def published(indicator: str, town: str, year: int | None = None) -> pd.DataFrame:
    """The published cells (data package) of the measure an update measure continues, for one
    town (and year): rows with ``year``, ``value``, ``value_raw``, ``line``, ``table``; empty for a
    measure the sources do not print."""
    ind = indicators().loc[indicator]
    if not isinstance(ind["table"], str) or not ind["table"]:
        return pd.DataFrame(columns=["year", "value", "value_raw", "line", "table"])
    df = package.numeric_table(ind["table"])
    df = df[(df["indicator"] == ind["indicator"]) & (df["city_id"] == town) & df["year"].notna()]
    if year is not None:
        df = df[df["year"] == year]
    return df.assign(table=ind["table"])


def read(path: Path) -> Update:
    """Read and check one update file (CSV or .xlsx); raises one DataValidationError naming
    the file, line or cell and column of the first problem, and returns nothing half-read."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise DataValidationError(f"cannot read: {e.strerror or e}", file=str(path)) from None
    up = Update(path, hashlib.sha256(raw).hexdigest())
    if path.suffix.lower() == ".xlsx":
        rows, read_as = _xlsx_rows(path)
        decimal = "."
    else:
        fmt = sheets.Format()
        text = sheets.decode(path, str(path), fmt, what="an update file has one row per town, measure and year")
        recs = sheets.records(text, str(path), fmt, COLUMNS)
        if not recs:
            raise DataValidationError("the file is empty", file=str(path))
        hline, hcells = recs[0]
        head = sheets.header(hcells, COLUMNS, str(path), hline, optional=OPTIONAL)
        body = recs[1:]
        fmt.decimal = sheets.decimal_mark(body, head, ["value"], str(path))
        decimal, read_as = fmt.decimal, fmt.describe()
        rows = [
            (
                str(path),
                f"line {n}",
                n,
                {h: (c[i].strip() if i < len(c) else "") for i, h in enumerate(head)},
                {},
                c,
                head,
            )
            for n, c in body
        ]
    up.read_as = read_as
    known = indicators()
    seen: dict[tuple, str] = {}
    for name, where, n, rec, letters, cells, head in rows:
        if len(cells) > len(head) and any(not _blank(c) for c in cells[len(head) :]):
            raise DataValidationError("more cells than columns", file=name, row=n)

        def bad(msg: str, col: str, n=n, letters=letters, name=name) -> DataValidationError:
            cell = f" (cell {letters[col]}{n})" if col in letters else ""
            return DataValidationError(msg + cell, file=name, row=n, column=col)

        if _blank(rec.get("value")):
            continue  # a row of the template not filled in
        town = _town(rec.get("town", ""), bad)
        ind = str(rec.get("indicator", "")).strip()
        if ind not in known.index:
            raise bad(f"unknown measure {ind!r}; the measures are {', '.join(known.index)}", "indicator")
        year = _year(rec.get("year", ""), bad)
        spec = known.loc[ind]
        v = _number(rec.get("value"), decimal, spec, ind, bad)
        u = str(rec.get("unit") or "").strip()
        if u and _norm_unit(u) not in {_norm_unit(str(spec[f"unit_{x}"])) for x in ("kk", "ru", "en")}:
            raise bad(
                f"unit {u!r} is not the unit of {ind} ({spec['unit_en']}); give the value in {spec['unit_en']}", "unit"
            )
        source = str(rec.get("source") or "").strip()
        if not source:
            raise bad("no source: say where the value comes from (the bureau's release, table, date)", "source")
        key = (town, ind, year)
        if key in seen:
            raise bad(f"{town} {ind} {year} is given twice (also {seen[key]})", "year")
        seen[key] = where
        val = Value(town, ind, year, v, source, str(rec.get("note") or "").strip(), path.name, where)
        pub = published(ind, town, year)
        pub = pub[pub["value_raw"].notna()]
        if len(pub):
            p = pub.iloc[0]
            decimals = int(spec["decimals"])
            if pd.notna(p["value"]) and abs(float(p["value"]) - v) <= 0.5 * 10**-decimals + 1e-9:
                up.confirmed.append(val)  # the printed value itself: a reference, nothing added
                continue
            printed = _plain(float(p["value"]), decimals) if pd.notna(p["value"]) else None
            keep = f"give {printed} to keep it as a reference" if printed else "leave the year to the source"
            raise bad(
                f"{ind} {year} of {town} is published ({_source_label(p['table'])}, line {int(p['line'])}, printed "
                f"{p['value_raw']!r}); an update adds years the sources do not print and never replaces a "
                f"published cell: remove the row, or {keep}",
                "value",
            )
        up.values.append(val)
    return up


def read_all(paths: list[Path] | tuple[Path, ...]) -> list[Update]:
    """Read several update files; a town, measure and year in two of them is refused."""
    out: list[Update] = []
    seen: dict[tuple, Value] = {}
    for p in paths:
        up = read(p)
        for v in up.values:
            key = (v.town, v.indicator, v.year)
            if key in seen:
                o = seen[key]
                raise DataValidationError(
                    f"{v.town} {v.indicator} {v.year} is also given in {o.file} ({o.where}); keep it in one file",
                    file=str(p),
                    row=_line(v.where),
                    column="year",
                )
            seen[key] = v
        out.append(up)
    return out


def towns_of(updates: list[Update]) -> set[str]:
    """The registry towns the updates add values for."""
    return {v.town for u in updates for v in u.values}


def frame(updates: list[Update], town: str | None = None) -> pd.DataFrame:
    """The added values as one tidy table (town, indicator, year, value, source, note, file,
    where), optionally of one town, sorted by measure and year."""
    rows = [v.__dict__ for u in updates for v in u.values if town is None or v.town == town]
    df = pd.DataFrame(rows, columns=["town", "indicator", "year", "value", "source", "note", "file", "where"])
    return df.sort_values(["indicator", "year"], kind="stable").reset_index(drop=True)


def split(text: str) -> list[Path]:
    """The update files a report's ``updates`` parameter names (one path per line)."""
    return [Path(x) for x in text.splitlines() if x.strip()]


def template_rows(town: str) -> list[dict]:
    """A filled-in start for a town's update file: for every measure the sources print for the
    town, its latest published value and year (kept as a reference; the reader accepts a row
    equal to a published cell), and an empty row for the next year to fill in."""
    out = []
    for ind, spec in indicators().iterrows():
        pub = published(ind, town)
        pub = pub[pub["value"].notna()]
        nxt = 2022
        if len(pub):
            p = pub.sort_values("year").iloc[-1]
            y = int(p["year"])
            out.append(
                {
                    "town": town,
                    "indicator": ind,
                    "year": y,
                    "value": _plain(float(p["value"]), int(spec["decimals"])),
                    "source": f"published: {_source_label(p['table'])}, line {int(p['line'])}",
                    "unit": spec["unit_en"],
                    "note": "reference row (the published value; kept, not added)",
                }
            )
            nxt = max(y + 1, 2022)
        out.append(
            {
                "town": town,
                "indicator": ind,
                "year": nxt,
                "value": "",
                "source": "",
                "unit": spec["unit_en"],
                "note": "",
            }
        )
    return out


# ---------------------------------------------------------------- cells


def _source_label(table: str) -> str:
    """'T6' -> 'Table 6', 'F20' -> 'Figure 20', 'A1' -> "the article's Table 1"."""
    kind = {"T": "Table", "F": "Figure", "A": "the article's Table"}.get(table[0], "")
    return f"{kind} {table[1:]}" if kind else table


def _plain(v: float, decimals: int) -> str:
    return f"{v:.{decimals}f}" if decimals else str(int(round(v)))


def _blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _line(where: str) -> int | None:
    m = re.search(r"(\d+)$", where)
    return int(m.group(1)) if m else None


def _town(cell, bad) -> str:
    name = str(cell or "").strip()
    if not name:
        raise bad("empty town name", "town")
    if "?" in name or "\ufffd" in name:
        raise bad(f"town name {name!r} has lost characters ('?'); save the file as 'CSV UTF-8'", "town")
    try:
        return towns.resolve(name)
    except UnknownTownError:
        near = towns.near_misses(name)
        hint = f"; did you mean {', '.join(repr(t) for t in near)}?" if near else "; write its id or a known spelling"
        raise bad(f"{name!r} is not one of the 27 mono-towns{hint}", "town") from None


def _year(cell, bad) -> int:
    s = str(cell if cell is not None else "").strip()
    if isinstance(cell, float) and cell.is_integer():
        s = str(int(cell))
    if not re.fullmatch(r"\d{4}", s):
        raise bad(f"not a year: {s!r}", "year")
    y, now = int(s), datetime.date.today().year
    if not FIRST_YEAR <= y <= now:
        raise bad(f"year {y} outside {FIRST_YEAR}-{now}", "year")
    return y


def _number(cell, decimal: str, spec, ind: str, bad) -> float:
    if isinstance(cell, bool):
        raise bad(f"not a number: {cell!r}", "value")
    if isinstance(cell, (int, float)):
        v = float(cell)
    else:
        s = str(cell).strip().replace("\u2212", "-")
        if sheets.GROUPED.fullmatch(s):
            s = re.sub(r"[ \u00a0\u202f]", "", s)
        if s.endswith("%") and spec["unit_en"] == "%":
            s = s[:-1].rstrip()
        if decimal == ",":
            s = s.replace(",", ".") if s.count(",") <= 1 and "." not in s else s + "!"
        try:
            v = float(s)
        except ValueError:
            hint = " (use one decimal mark and no thousands separators)" if "," in s or "." in s else ""
            raise bad(f"not a number: {str(cell).strip()!r}{hint}", "value") from None
    if not math.isfinite(v):
        raise bad(f"not a finite number: {cell!r}", "value")
    lo = float(spec["min"])
    hi = float(spec["max"]) if pd.notna(spec["max"]) else None
    if v < lo or (hi is not None and v > hi):
        rng = f"between {lo:g} and {hi:g}" if hi is not None else f"at least {lo:g}"
        raise bad(f"outside the plausible range of {ind} ({spec['unit_en']}): {rng}; got {cell}", "value")
    return v


def _norm_unit(u: str) -> str:
    return re.sub(r"[\s.]+", "", u.casefold())


def _xlsx_rows(path: Path) -> tuple[list, str]:
    """The rows of the first sheet with the header (cells as the workbook holds them)."""
    import zipfile

    import openpyxl
    from openpyxl.utils import get_column_letter

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as e:
        raise DataValidationError(f"not readable as an .xlsx workbook: {e}", file=str(path)) from None
    try:
        for ws in wb.worksheets:
            name = f"{path}, sheet '{ws.title}'"
            rows = [(i, list(r)) for i, r in enumerate(ws.iter_rows(values_only=True), 1)]
            rows = [(i, r) for i, r in rows if any(not _blank(c) for c in r)]
            rows = [(i, r) for i, r in rows if not str(r[0] or "").lstrip().startswith("#")]
            if not rows:
                continue
            hline, hcells = rows[0]
            hcells = ["" if c is None else str(c) for c in hcells]
            if not any(c.strip().casefold() in COLUMNS for c in hcells):
                continue
            head = sheets.header(hcells, COLUMNS, name, hline, optional=OPTIONAL)
            out = []
            for n, cells in rows[1:]:
                rec = {h: cells[i] if i < len(cells) else None for i, h in enumerate(head)}
                rec = {h: (c.strip() if isinstance(c, str) else c) for h, c in rec.items()}
                letters = {h: get_column_letter(i + 1) for i, h in enumerate(head)}
                out.append((name, f"sheet '{ws.title}', row {n}", n, rec, letters, cells, head))
            return out, "xlsx workbook, sheet " + repr(ws.title)
    finally:
        wb.close()
    raise DataValidationError(f"no sheet has the header {', '.join(COLUMNS[:5])}", file=str(path))
