"""Reader-level checks of built pages: what every report must hold, checked on every report.

A report passes when a reader would find nothing wrong that a program can see:

- ``outside``      no word of a PDF page outside the page's text area (``pdftotext -bbox``)
- ``sparse``       no near-empty page inside a report
- ``placeholder``  no unfilled field, ``N``-fold, ``nan``, ``[image…``, dangling suffix or
                   number-less sentence in the words a reader sees (HTML and PDF)
- ``script``       no word in another language's letters outside an element that says so
                   (``lang="kk"`` around a Kazakh name on an English page), no number in
                   another language's format
- ``tagged``       every PDF tagged (PDF/UA-1: structure tree, language, title)
- ``heading``      headings in order (no h1 → h3), one h1
- ``header``       no empty table header cell, every header cell with a scope
- ``head``         a page description and a favicon
- ``claim``        every number a sentence states (``data-claim``) equals the value the data
                   package gives (``claims``, re-derived from the published cells)
- ``stranded``     no heading (with at most its source line) at the foot of a PDF page, its
                   content on the next
- ``download``     a report page links its other formats and its executed notebook (a
                   chapter its tables' files, a town report the CSV of every chart), and
                   every such link finds its file

``check_report(html, pdf)`` returns the faults of one report; ``check_outputs(folder)`` of
every report below an outputs folder; ``python scripts/check_pages.py [OUTPUTS]`` prints them.
Each check has a test that shows it failing on a page with the fault (tests/publish/test_pagecheck.py).
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

#: The text area of a report page: A4 (portrait or landscape) less the margins of
#: ``templates/report.css`` (@page margin: 16mm 14mm 18mm 14mm), in points.
MM = 72 / 25.4
MARGINS = {"top": 16 * MM, "right": 14 * MM, "bottom": 18 * MM, "left": 14 * MM}
#: A word may touch the edge of the text area by this much (glyph side bearings).
TOLERANCE = 1.5
#: What the page's bottom margin box holds: its number ("3 / 12").
PAGE_NUMBER = re.compile(r"^\d+$|^/$")

#: Letters that mark a word as another language's on a page of each language: any Cyrillic on an
#: English page, the letters only Kazakh has on a Russian page (Latin codes are every language's).
KAZAKH_ONLY = "әғқңөұүһі"
OTHER_LETTERS = {
    "en": re.compile(r"[\u0400-\u04FF]"),
    "ru": re.compile("[" + KAZAKH_ONLY + KAZAKH_ONLY.upper() + "]"),
    "kk": None,
}


@dataclass(frozen=True)
class Fault:
    """One thing a reader would find wrong: the file, the page (PDF) or element (HTML), what."""

    file: str
    check: str
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.file}: {self.check}: {self.where}: {self.what}"


# ---------------------------------------------------------------- placeholders and fragments


@cache
def _placeholders() -> list[tuple[re.Pattern, str]]:
    """The patterns of placeholders and fragments, ``templates/fragments.csv`` (pattern, what):
    an unfilled field, ``N``-fold, ``[image]``, ``nan``, a Kazakh case ending with its number cut
    away ("ШОБ-та -ден астам"), "(current year)", a word repeated ("units, units")."""
    import csv

    with open(Path(__file__).resolve().parent / "templates" / "fragments.csv", encoding="utf-8", newline="") as f:
        return [(re.compile(r["pattern"]), r["what"]) for r in csv.DictReader(f)]


def placeholders(text: str) -> list[str]:
    """The placeholders and fragments in a reader's text (one entry each, with its context)."""
    out = []
    for rx, what in _placeholders():
        for m in rx.finditer(text):
            a, b = max(0, m.start() - 30), min(len(text), m.end() + 30)
            out.append(f"{what}: …{' '.join(text[a:b].split())}…")
    return out


# ---------------------------------------------------------------- HTML


class _Page(HTMLParser):
    """Walks an HTML page: headings, header cells, the head, text with the language in force."""

    VOID = {"br", "img", "meta", "link", "hr", "input", "col", "area", "base", "source", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, bool, dict]] = []  # tag, lang, hidden, attrs
        self.headings: list[tuple[int, str]] = []
        self.ths: list[dict] = []
        self.meta_description = False
        self.favicon = False
        self.texts: list[tuple[str, str, str]] = []  # (text, lang in force, enclosing tag path)
        self.claims: list[tuple[str, str]] = []  # (claim spec, text)
        self._capture: list[list] = []

    def _lang(self) -> str | None:
        for _, lang, _, _ in reversed(self.stack):
            if lang:
                return lang
        return None

    def _hidden(self) -> bool:
        return any(h for _, _, h, _ in self.stack)

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "meta" and a.get("name") == "description" and a.get("content", "").strip():
            self.meta_description = True
        if tag == "link" and "icon" in a.get("rel", "").split():
            self.favicon = True
        if tag in self.VOID:
            return
        classes = a.get("class", "").split()
        # not read as the page's words: scripts, styles, the head, folded code; a cell shown
        # exactly as the source prints it (class "printed") keeps its own number format
        hidden = tag in ("script", "style", "head", "title") or (tag == "details" and "code" in classes)
        if "printed" in classes and not a.get("lang"):
            a["lang"] = "*"
        self.stack.append((tag, a.get("lang"), hidden, a))
        if re.fullmatch(r"h[1-6]", tag):
            self._capture.append(["h", int(tag[1]), ""])
        elif tag == "th":
            self._capture.append(["th", a, ""])
        elif "data-claim" in a:
            self._capture.append(["claim", a["data-claim"], ""])

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        while self.stack:
            t, _, _, a = self.stack.pop()
            if re.fullmatch(r"h[1-6]|th", t) or "data-claim" in a:
                kind, arg, text = self._capture.pop()
                if kind == "h":
                    self.headings.append((arg, " ".join(text.split())))
                elif kind == "th":
                    self.ths.append({**arg, "_text": text.strip()})
                else:
                    self.claims.append((arg, " ".join(text.split())))
            if t == tag:
                break

    def handle_data(self, d):
        for c in self._capture:
            c[2] += d
        if d.strip() and not self._hidden():
            self.texts.append((d, self._lang() or "", "/".join(t for t, *_ in self.stack)))


def parse_html(text: str) -> _Page:
    p = _Page()
    p.feed(text)
    p.close()
    return p


def heading_faults(p: _Page) -> list[str]:
    """Skipped heading levels (h1 → h3) and the count of h1 (exactly one)."""
    out = []
    prev = 0
    for level, text in p.headings:
        if level > prev + 1:
            out.append(f"h{level} after h{prev or '-'}: {text[:60]!r}")
        prev = level
    n1 = sum(1 for level, _ in p.headings if level == 1)
    if n1 != 1:
        out.append(f"{n1} h1 headings (one is expected)")
    return out


def header_faults(p: _Page) -> list[str]:
    """Empty header cells and header cells without a scope."""
    out = []
    empty = sum(1 for th in p.ths if not th["_text"] and not th.get("aria-label"))
    if empty:
        out.append(f"{empty} empty header cell(s)")
    noscope = sum(1 for th in p.ths if not th.get("scope"))
    if noscope:
        out.append(f"{noscope} header cell(s) without scope")
    return out


def _page_lang(text: str) -> str:
    m = re.search(r"<html[^>]*\blang=\"([a-z]+)\"", text)
    return m.group(1) if m else ""


#: Numbers written another language's way on an English page: "182 947", "18,7". (On a Kazakh or
#: Russian page "18,700" is a number with three decimals and "3.1" a section number: neither is
#: a fault there, so no pattern is looked for.)
_NUMBER_FORMATS = {
    "en": [re.compile(r"(?<![\d.,])\d{1,3}(?:[  ]\d{3})+(?![\d])"), re.compile(r"(?<![\d.,])\d+,\d{1,2}(?![\d])")],
}


#: The source's appendix letters in a table number ("Ә.1"): a Russian page keeps them, as Russian
#: has no letter for Ә (an English page writes them in the Kazakh Latin alphabet, "Ä.1").
SOURCE_NUMBERING = {"ru": re.compile(r"(?<!\w)[" + KAZAKH_ONLY.upper() + r"]\.\d+")}

#: A quotation of the source, in any of the quotation marks the catalogue uses.
_QUOTED = re.compile(r"“[^”]*”|«[^»]*»|‘[^’]*’|'[^'\n]{1,80}'|\"[^\"\n]{1,80}\"")


#: A file's hash as a report names it: its digits are no number of any language.
_HASH = re.compile(r"SHA-256\s+[0-9a-f]{64}\b|\b[0-9a-f]{32,}\b")


def script_faults(p: _Page, lang: str) -> list[str]:
    """Words in another language's letters, numbers in another language's format, outside an
    element marked with that language (``lang``) or as a printed source cell (``class=printed``)."""
    out = []
    for text, in_force, _path in p.texts:
        if in_force and in_force != lang:  # marked as another language, or as printed ("*")
            continue
        text = _QUOTED.sub("“…”", text)  # a quotation is the source's words: 'мың адам', “+6,7”
        text = _HASH.sub("#", text)  # a file's SHA-256 ('SHA-256 562a…') holds no number
        if lang in SOURCE_NUMBERING:  # "таблица Ә.1": the source's own numbering, kept
            text = SOURCE_NUMBERING[lang].sub("", text)
        words = re.findall(r"[\w\u0400-\u04FF]+", text)
        other = OTHER_LETTERS.get(lang)
        bad = [w for w in words if other is not None and other.search(w)]
        if bad:
            out.append(f"{', '.join(dict.fromkeys(bad))[:80]} in {' '.join(text.split())[:80]!r}")
        for rx in _NUMBER_FORMATS.get(lang, []):
            for m in rx.finditer(text):
                out.append(f"number {m.group(0)!r} in another language's format: {' '.join(text.split())[:80]!r}")
    return out


def html_faults(html_text: str, name: str, lang: str | None = None) -> list[Fault]:
    """Every fault of one HTML page."""
    from . import claims

    p = parse_html(html_text)
    lang = lang or _page_lang(html_text)
    faults = [Fault(name, "heading", "html", w) for w in heading_faults(p)]
    faults += [Fault(name, "header", "html", w) for w in header_faults(p)]
    if not p.meta_description:
        faults.append(Fault(name, "head", "html", "no meta description"))
    if not p.favicon:
        faults.append(Fault(name, "head", "html", "no favicon"))
    visible = "\n".join(t for t, _, _ in p.texts)
    faults += [Fault(name, "placeholder", "html", w) for w in placeholders(visible)]
    faults += [Fault(name, "script", "html", w) for w in script_faults(p, lang)]
    for spec, text in p.claims:
        why = claims.check(spec, text, lang)
        if why:
            faults.append(Fault(name, "claim", "html", why))
    return faults


# ---------------------------------------------------------------- PDF


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def pdf_words(pdf: Path) -> tuple[list[tuple[float, float]], list[Word]]:
    """Every word of a PDF with its box (``pdftotext -bbox``, poppler-utils): the page sizes and
    the words, page numbers from 1."""
    res = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=False)
    if res.returncode != 0:
        raise RuntimeError(f"{pdf}: pdftotext failed: {res.stderr.strip()[:200]}")
    sizes, words = [], []
    for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', res.stdout, re.S):
        sizes.append((float(m.group(1)), float(m.group(2))))
        for w in re.finditer(
            r'<word xMin="([\d.\-]+)" yMin="([\d.\-]+)" xMax="([\d.\-]+)" yMax="([\d.\-]+)">(.*?)</word>', m.group(3)
        ):
            words.append(Word(len(sizes), *map(float, w.groups()[:4]), html.unescape(w.group(5))))
    return sizes, words


def outside_faults(pdf: Path, name: str) -> tuple[list[Fault], str]:
    """Words outside the text area of their page (the page number in the bottom margin aside);
    returns the faults and the PDF's whole text (for the text checks)."""
    sizes, words = pdf_words(pdf)
    faults = []
    per_page: dict[int, list[str]] = {}
    for w in words:
        width, height = sizes[w.page - 1]
        left, right = MARGINS["left"] - TOLERANCE, width - MARGINS["right"] + TOLERANCE
        top, bottom = MARGINS["top"] - TOLERANCE, height - MARGINS["bottom"] + TOLERANCE
        in_footer = w.y0 >= bottom - TOLERANCE and PAGE_NUMBER.match(w.text)
        if in_footer:
            continue
        if w.x0 < left or w.x1 > right or w.y0 < top or w.y1 > bottom:
            per_page.setdefault(w.page, []).append(w.text)
    for page, ws in per_page.items():
        faults.append(
            Fault(name, "outside", f"page {page}", f"{len(ws)} word(s) outside the text area: {' '.join(ws)[:100]}")
        )
    text = "\n".join(w.text for w in words)
    return faults, text


#: A page (not the last) with fewer words than this is near-empty: a heading or a few lines
#: pushed onto a page of their own.
SPARSE = 12


def sparse_faults(pdf: Path, name: str) -> list[Fault]:
    """Near-empty pages inside a report: fewer than ``SPARSE`` words, page number aside; and a
    last page that holds one line only (the footer pushed onto a page of its own)."""
    sizes, words = pdf_words(pdf)
    count = dict.fromkeys(range(1, len(sizes) + 1), 0)
    tops: dict[int, list[float]] = {}
    for w in words:
        height = sizes[w.page - 1][1]
        if w.y0 >= height - MARGINS["bottom"] - TOLERANCE and PAGE_NUMBER.match(w.text):
            continue
        count[w.page] += 1
        tops.setdefault(w.page, []).append(w.y0)
    out = [
        Fault(name, "sparse", f"page {p}", f"a near-empty page ({n} words) inside the report")
        for p, n in count.items()
        if p < len(sizes) and n < SPARSE and ink(pdf, p) < INK
    ]
    last = len(sizes)
    if last > 1 and last in tops and max(tops[last]) - min(tops[last]) < LINE and ink(pdf, last) < INK:
        out.append(Fault(name, "sparse", f"page {last}", "the last page holds one line only (the footer)"))
    return out


#: Words whose tops lie closer than this (points) are on one line.
LINE = 6


#: A page whose drawing (a chart, a diagram) covers at least this share of its area is not
#: near-empty, however few words it has.
INK = 0.02


def ink(pdf: Path, page: int) -> float:
    """The share of a page's pixels that are not white, drawn at 20 dpi (``pdftoppm``)."""
    res = subprocess.run(
        ["pdftoppm", "-r", "20", "-gray", "-f", str(page), "-l", str(page), str(pdf)], capture_output=True, check=False
    )
    data = res.stdout
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+\d+\s", data)
    if res.returncode != 0 or not m:
        raise RuntimeError(f"{pdf}: pdftoppm failed on page {page}")
    pixels = data[m.end() :]
    return sum(1 for b in pixels if b < 240) / max(1, len(pixels))


def tagged_faults(pdf: Path, name: str) -> list[Fault]:
    """A PDF a screen reader can read: a structure tree, marked content, a language and a title
    shown in the window (PDF/UA-1)."""
    from pypdf import PdfReader

    r = PdfReader(str(pdf))
    root = r.trailer["/Root"]
    out = []
    if "/StructTreeRoot" not in root:
        out.append("no structure tree (untagged)")
    mark = root.get("/MarkInfo")
    if not mark or not mark.get_object().get("/Marked"):
        out.append("not marked as tagged (/MarkInfo)")
    if not root.get("/Lang"):
        out.append("no document language (/Lang)")
    meta = r.metadata
    if not meta or not (meta.title or "").strip():
        out.append("no title")
    vp = root.get("/ViewerPreferences")
    if not vp or not vp.get_object().get("/DisplayDocTitle"):
        out.append("the window shows the file name, not the title (/DisplayDocTitle)")
    return [Fault(name, "tagged", "pdf", w) for w in out]


#: A heading followed on its page by no more words than this (its source line) is stranded at
#: the page's foot when its content goes on over the page.
STRANDED = 8
#: The share of the text area, from its bottom, that is a page's foot.
FOOT = 0.2
_HEADING = re.compile(r"<h([1-4])\b[^>]*>(.*?)</h\1>", re.S)


def headings(html_text: str) -> list[str]:
    """The texts of a page's headings (h1-h4), as a PDF's words give them."""
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", m.group(2))).split()) for m in _HEADING.finditer(html_text)]


def _own_lines(ws: list[Word], i: int, n: int) -> bool:
    """Whether words ``i`` to ``i + n`` begin a line and end one (a heading, not a formula's
    first word in a paragraph)."""
    before = i == 0 or abs(ws[i - 1].y0 - ws[i].y0) > LINE
    after = i + n == len(ws) or abs(ws[i + n].y0 - ws[i + n - 1].y0) > LINE
    return before and after


def stranded_faults(pdf: Path, heads: list[str], name: str) -> list[Fault]:
    """A heading (with at most its source line) at the foot of a page — in the lowest
    ``FOOT`` of the text area, with no more than ``STRANDED`` words after it — its table,
    chart or text on the next page; a page but the last."""
    sizes, words = pdf_words(pdf)
    pages: dict[int, list[Word]] = {}
    for w in words:
        height = sizes[w.page - 1][1]
        if w.y0 >= height - MARGINS["bottom"] - TOLERANCE and PAGE_NUMBER.match(w.text):
            continue
        pages.setdefault(w.page, []).append(w)
    out = []
    for page in range(1, len(sizes)):
        ws = pages.get(page, [])
        tokens = [w.text for w in ws]
        height = sizes[page - 1][1]
        foot = MARGINS["top"] + (1 - FOOT) * (height - MARGINS["top"] - MARGINS["bottom"])
        for h in heads:
            want = h.split()
            n = len(want)

            starts = [
                i for i in range(len(tokens) - n + 1) if want and tokens[i : i + n] == want and _own_lines(ws, i, n)
            ]
            if starts and ws[starts[-1]].y0 >= foot and len(tokens) - (starts[-1] + n) <= STRANDED:
                out.append(
                    Fault(
                        name,
                        "stranded",
                        f"page {page}",
                        f"a heading at the page's foot, its content on the next page: {h[:80]}",
                    )
                )
                break
    return out


def pdf_faults(pdf: Path, name: str) -> list[Fault]:
    faults, text = outside_faults(pdf, name)
    faults += sparse_faults(pdf, name)
    faults += tagged_faults(pdf, name)
    faults += [Fault(name, "placeholder", "pdf", w) for w in placeholders(text)]
    return faults


# ---------------------------------------------------------------- reports


_DOWNLOADS = re.compile(r'<p class="downloads">(.*?)</p>', re.S)
_DATA_DOWNLOADS = re.compile(r'<p class="downloads data">(.*?)</p>', re.S)
_HREF = re.compile(r'href="([^"]*)"')
_DATA_TITLE = re.compile(r'<a href="[^"]*\.csv" title="([^"]*)"')
_CHART_TITLE = re.compile(r'<figcaption class="chart-title">(.*?)</figcaption>', re.S)


def download_faults(html_text: str, html_path: Path) -> list[str]:
    """What is wrong with a report page's take-away links: none at all on a report page (not a
    landing page), or one that points to no file beside the page; on a town report, a chart
    whose data (a CSV link titled as the chart) is not linked."""
    m = _DOWNLOADS.search(html_text)
    if m is None:
        landing = html_path.parent.name not in ("kk", "ru", "en")
        return [] if landing else ["no download links (PDF, notebook, data)"]
    data = _DATA_DOWNLOADS.search(html_text)
    hrefs = _HREF.findall(m.group(1)) + (_HREF.findall(data.group(1)) if data else [])
    out = []
    for href in hrefs:
        target = html_path.parent / html.unescape(href)
        if not target.is_file():
            out.append(f"download link to a missing file: {href}")
    if not any(h.endswith(".ipynb") for h in _HREF.findall(m.group(1))):
        out.append("no link to the executed notebook")
    if html_path.parent.parent.name == "towns":  # a town report: the data of each chart, as CSV
        linked = {html.unescape(t) for t in _DATA_TITLE.findall(data.group(1))} if data else set()
        for title in _CHART_TITLE.findall(html_text):
            title = html.unescape(re.sub(r"<[^>]+>", "", title)).strip()
            if title not in linked:
                out.append(f"a chart without a link to its data (CSV): {title}")
    return out


def check_report(html_path: Path | None, pdf_path: Path | None, root: Path | None = None) -> list[Fault]:
    """Every fault of one report (its HTML page and its PDF, either may be None)."""
    faults = []
    for p in (html_path, pdf_path):
        if p is None:
            continue
        name = str(p.relative_to(root)) if root and p.is_relative_to(root) else str(p)
        if p.suffix == ".html":
            text = p.read_text(encoding="utf-8")
            faults += html_faults(text, name)
            faults += [Fault(name, "download", "html", w) for w in download_faults(text, p)]
        else:
            faults += pdf_faults(p, name)
            if html_path is not None:  # the headings the PDF's pages show
                faults += stranded_faults(p, headings(html_path.read_text(encoding="utf-8")), name)
    return faults


def report_files(outputs: Path) -> list[tuple[Path | None, Path | None]]:
    """(HTML, PDF) of every report below ``outputs`` (executed notebooks aside), landing pages
    (HTML only) included."""
    pairs: dict[Path, list] = {}
    for p in sorted(outputs.rglob("*")):
        if p.suffix not in (".html", ".pdf") or "notebooks" in p.relative_to(outputs).parts:
            continue
        pairs.setdefault(p.with_suffix(""), [None, None])[0 if p.suffix == ".html" else 1] = p
    return [tuple(v) for _, v in sorted(pairs.items())]


def check_outputs(outputs: Path, progress=None) -> list[Fault]:
    """Every fault of every report below ``outputs``."""
    faults = []
    files = report_files(outputs)
    for i, (h, p) in enumerate(files):
        faults += check_report(h, p, outputs)
        if progress:
            progress(i + 1, len(files))
    return faults


def summary(faults: list[Fault]) -> dict[str, int]:
    out: dict[str, int] = {}
    for f in faults:
        out[f.check] = out.get(f.check, 0) + 1
    return dict(sorted(out.items()))


def to_json(faults: list[Fault]) -> str:
    return json.dumps([f.__dict__ for f in faults], ensure_ascii=False, indent=1)
