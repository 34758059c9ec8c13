"""A report page as a Word document (``run_all.py --format docx``, town reports): headings,
paragraphs, lists, tables and charts of the HTML report, in the same order, as real Word
headings, tables and pictures (python-docx), so that an administration can edit it.

The conversion reads the report's HTML (what the reader sees), not the notebook, so the Word
document says exactly what the HTML and PDF say. No dates in the document's properties: the
same page gives the same bytes.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import zipfile

#: Elements whose content is never shown: the site header (its contents menu of every report
#: is for the screen, never printed) and folded code are not part of the document either.
_SKIP = {"style", "script", "head", "nav", "title", "header", "details"}
_HEADINGS = {"h1": 0, "h2": 1, "h3": 2, "h4": 3}
_EPOCH = dt.datetime(2022, 1, 1, tzinfo=dt.UTC)


def _text(el) -> str:
    """The element's text with runs of layout whitespace made one space (no-break spaces, the
    thousands separator of kk and ru numbers, stay)."""
    return re.sub(r"[ \t\r\n]+", " ", el.text_content()).strip(" \t\r\n")


def docx_bytes(page_html: str, *, title: str = "") -> bytes:
    """The page (a complete HTML report) as a .docx file."""
    import docx
    import lxml.html
    from docx.shared import Cm, Pt

    root = lxml.html.fromstring(page_html)
    body = root.find(".//body")
    doc = docx.Document()
    for s in doc.sections:
        s.page_height, s.page_width = Cm(29.7), Cm(21.0)
        s.left_margin = s.right_margin = Cm(1.8)
    doc.styles["Normal"].font.name = "DejaVu Sans"
    doc.styles["Normal"].font.size = Pt(9.5)
    width = doc.sections[0].page_width - doc.sections[0].left_margin - doc.sections[0].right_margin
    _walk(body if body is not None else root, doc, width)
    props = doc.core_properties
    props.title = title
    props.author = "monotowns-kz"
    props.created = props.modified = _EPOCH.replace(tzinfo=None)
    props.last_modified_by = ""
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return _fixed_zip(buf.getvalue())


def _walk(el, doc, width) -> None:
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _SKIP or not tag:
            continue
        cls = child.get("class", "")
        if tag in _HEADINGS:
            lvl = _HEADINGS[tag]
            _para(doc, _text(child), "Title" if lvl == 0 else f"Heading{lvl}")
        elif tag == "p":
            text = _text(child)
            if text:
                p = doc.add_paragraph(text)
                if "note" in cls or "source" in cls:
                    for r in p.runs:
                        r.font.size = _small()
        elif tag == "figcaption":
            _para(doc, _text(child), "Heading3")
        elif tag == "img":
            _image(child, doc, width)
        elif tag in ("ul", "ol"):
            style = "ListBullet" if tag == "ul" else "ListNumber"
            for li in child.findall("li"):
                _para(doc, _text(li), style)
        elif tag == "table":
            _table(child, doc)
        else:
            _walk(child, doc, width)


def _para(doc, text: str, style_id: str):
    """A paragraph in a built-in style, set by its id (python-docx's lookup by name scans every
    style of the document for each paragraph: a third of the conversion's time)."""
    p = doc.add_paragraph(text)
    p._p.get_or_add_pPr().style = style_id
    return p


def _small():
    from docx.shared import Pt

    return Pt(7.5)


def _image(el, doc, width) -> None:
    src = el.get("src", "")
    m = re.match(r"data:image/(png|jpeg);base64,(.*)", src, re.S)
    if not m:
        return
    from docx.shared import Emu

    raw = base64.b64decode(m.group(2))
    w_px = int.from_bytes(raw[16:20], "big") if raw[:8] == b"\x89PNG\r\n\x1a\n" else 900  # IHDR width
    dpi = 130  # the charts' resolution (report.towncharts.STYLE)
    doc.add_picture(io.BytesIO(raw), width=Emu(min(int(width), int(w_px / dpi * 914400))))


def _table(el, doc) -> None:
    rows = [tr for tr in el.iter("tr")]
    if not rows:
        return
    cells = [[_text(c) for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")] for tr in rows]
    ncols = max(len(r) for r in cells)
    t = doc.add_table(rows=len(cells), cols=ncols)
    t._tbl.tblPr.style = "TableGrid"  # by id: python-docx's lookup by name scans every style
    bold_head = el.find("thead") is not None  # a card's first row is data, though its label is a <th>
    for i, (row, trow) in enumerate(zip(cells, t.rows, strict=True)):
        for text, cell in zip(row, trow.cells, strict=False):
            cell.text = text
            for p in cell.paragraphs:
                for r in p.runs:
                    r.font.size = _small()
                    if i == 0 and bold_head:
                        r.bold = True


def _fixed_zip(raw: bytes) -> bytes:
    """The same archive with fixed member dates, so two builds give the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2022, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, src.read(info.filename))
    return out.getvalue()
