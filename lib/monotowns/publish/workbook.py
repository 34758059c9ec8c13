"""A town's data as a spreadsheet workbook (``.xlsx``, openpyxl): one sheet per source table,
the rows ``report.townreport.workbook_sheets`` gives. No dates in the file's properties or its
archive: the same data give the same bytes."""

from __future__ import annotations

import io
import re

import pandas as pd

from .docx import _EPOCH, _fixed_zip

#: Characters a sheet name may not hold, and its longest length (Excel's rules).
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")
_SHEET_MAX = 31


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid sheet name for ``text``, different from those ``taken``."""
    name = _BAD_SHEET.sub(" ", text).strip()[:_SHEET_MAX] or "Sheet"
    base, i = name, 2
    while name.lower() in {t.lower() for t in taken}:
        suffix = f" ({i})"
        name, i = base[: _SHEET_MAX - len(suffix)] + suffix, i + 1
    return name


def xlsx_bytes(sheets: list[tuple[str, pd.DataFrame]], *, title: str = "") -> bytes:
    """The sheets as an .xlsx file: a bold header row, widths fitted to the text, the header
    frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    for name, df in sheets:
        ws = wb.create_sheet(sheet_name(name, taken))
        taken.add(ws.title)
        ws.append([str(c) for c in df.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in df.itertuples(index=False):
            ws.append([None if (isinstance(v, float) and pd.isna(v)) else v for v in row])
        for i, col in enumerate(df.columns, start=1):
            width = max([len(str(col))] + [len(str(v)) for v in df.iloc[:, i - 1] if v is not None])
            ws.column_dimensions[ws.cell(1, i).column_letter].width = min(60, width + 2)
        ws.freeze_panes = "A2"
    wb.properties.title = title
    wb.properties.creator = "monotowns-kz"
    wb.properties.created = _EPOCH.replace(tzinfo=None)
    buf = io.BytesIO()
    wb.save(buf)
    # openpyxl stamps the time of saving as the modification time: put the fixed one back,
    # then fix the archive's member dates (one rewrite of the archive is enough)
    return _fixed_zip(_replace_member(buf.getvalue(), "docProps/core.xml", _fixed_modified))


def _fixed_modified(xml: bytes) -> bytes:
    stamp = _EPOCH.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\g<2>", xml)


def _replace_member(raw: bytes, member: str, change) -> bytes:
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            z.writestr(info, change(data) if info.filename == member else data)
    return out.getvalue()
