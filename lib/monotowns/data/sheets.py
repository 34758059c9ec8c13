"""Reading a table as an analyst's spreadsheet saved it (CSV): the encodings, separators and
decimal marks a spreadsheet writes, blank and comment lines, each problem named by file, line
and column. Used by the method's inputs (``method.assess``) and the later years an analyst adds
(``data.updates``)."""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DataValidationError

MAX_BYTES = 10_000_000
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
GROUPED = re.compile(r"[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?")


@dataclass
class Format:
    """How a file was read (reported when it is not the plain template's form)."""

    encoding: str = "UTF-8"
    delimiter: str = ","
    decimal: str = "."
    comment_lines: list[int] = field(default_factory=list)

    @property
    def plain(self) -> bool:
        return (self.encoding, self.delimiter, self.decimal, self.comment_lines) == ("UTF-8", ",", ".", [])

    def describe(self) -> str:
        parts = [
            f"{DELIMITERS[self.delimiter]}-separated",
            "decimal comma" if self.decimal == "," else "decimal point",
            self.encoding,
        ]
        if self.comment_lines:
            parts.append("skipped comment line(s) " + ", ".join(map(str, self.comment_lines)))
        return ", ".join(parts)


def decode(path: Path, name: str, fmt: Format, what: str = "") -> str:
    """The text of a CSV file as a spreadsheet may have saved it: UTF-8 with or without a
    byte-order mark, or UTF-16 with one (``fmt.encoding`` says which). ``what``: why the size
    limit is enough, said when it is not."""
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError as e:
        raise DataValidationError(f"cannot read: {e.strerror or e}", file=name) from None
    if len(raw) > MAX_BYTES:
        raise DataValidationError(f"larger than {MAX_BYTES // 1_000_000} MB" + (f"; {what}" if what else ""), file=name)
    enc = "utf-8"
    for bom, codec, label in (
        (codecs.BOM_UTF8, "utf-8", "UTF-8 with BOM"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
    ):
        if raw.startswith(bom):
            raw, enc, fmt.encoding = raw[len(bom) :], codec, label
            break
    try:
        text = raw.decode(enc)
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n" if enc == "utf-8" else "\n".encode(enc)) + 1
        hint = ""
        if enc == "utf-8" and looks_cyrillic_1251(raw):
            hint = " (it looks like Windows-1251, which cannot hold the Kazakh letters)"
        raise DataValidationError(
            f"not UTF-8 text{hint}; save it as 'CSV UTF-8' (Excel) or UTF-8", file=name, row=line
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise DataValidationError(
            "contains NUL characters (UTF-16 without a byte-order mark?); save it as 'CSV UTF-8'",
            file=name,
            row=line,
        )
    return text


def looks_cyrillic_1251(raw: bytes) -> bool:
    high = [b for b in raw if b >= 0x80]
    return bool(high) and sum(0xC0 <= b or b in (0xA8, 0xB8) for b in high) >= 0.8 * len(high)


def records(text: str, name: str, fmt: Format, columns: list[str]) -> list[tuple[int, list[str]]]:
    """(line where it starts, cells) of every record that is not blank or a comment; the
    delimiter (comma, semicolon or tab) is the one that splits the header into most of ``columns``."""
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")), None)
    if first is None:
        return []
    want = {c.casefold() for c in columns}

    def hits(d: str) -> int:
        return sum(c.strip().casefold() in want for c in next(csv.reader([first], delimiter=d)))

    fmt.delimiter = max(DELIMITERS, key=lambda d: (hits(d), d == ","))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=fmt.delimiter, strict=True)
    out, line = [], 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if cells[0].lstrip().startswith("#"):
                fmt.comment_lines.append(start)
                continue
            out.append((start, cells))
    except csv.Error as e:
        raise DataValidationError(f"not readable as CSV: {e}", file=name, row=line) from None
    return out


def header(cells: list[str], want: list[str], name: str, line: int, optional: tuple[str, ...] = ()) -> list[str]:
    """The header's column names, matched to ``want`` in any case; every wanted column but the
    ``optional`` ones present, nothing else, nothing twice."""
    canon = {c.casefold(): c for c in want}
    header = [canon.get(h.strip().casefold(), h.strip()) for h in cells]
    while header and header[-1] == "":
        header.pop()  # the empty columns a spreadsheet adds at the end
    if not any(h in want for h in header):
        raise DataValidationError(
            f"the first line is not the header; it must name the columns {', '.join(want[:3])}, …",
            file=name,
            row=line,
        )
    for col in want:
        if col not in header and col not in optional:
            raise DataValidationError("missing column", file=name, row=line, column=col)
    for col in header:
        if col not in want:
            raise DataValidationError(f"unknown column; expected: {', '.join(want)}", file=name, row=line, column=col)
    if len(set(header)) != len(header):
        dup = next(h for h in header if header.count(h) > 1)
        raise DataValidationError("duplicate column", file=name, row=line, column=dup)
    return header


def decimal_mark(rows, header: list[str], numeric: list[str], name: str) -> str:
    """The file's decimal mark: ',' or '.', whichever the cells of the ``numeric`` columns use;
    one per file."""
    seen: dict[str, list[tuple[int, str]]] = {",": [], ".": []}
    for n, cells in rows:
        for i, h in enumerate(header):
            if h in numeric and i < len(cells):
                cell = re.sub(r"[ \u00a0\u202f]", "", cells[i].strip())
                for mark in ",.":
                    if mark in cell and ("," not in cell or "." not in cell):
                        seen[mark].append((n, h))
    if seen[","] and seen["."]:
        major = "." if len(seen["."]) >= len(seen[","]) else ","
        minor = "," if major == "." else "."
        n, col = seen[minor][0]
        raise DataValidationError(
            f"{minor!r} as the decimal mark where the rest of the file uses {major!r}; use one decimal "
            "mark and no thousands separators",
            file=name,
            row=n,
            column=col,
        )
    return "," if seen[","] else "."
