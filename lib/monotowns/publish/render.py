"""Executed notebook → HTML report → PDF (WeasyPrint, A4, DejaVu fonts), with nbconvert's own
extension points: preprocessors prepare the notebook, a template folder
(``publish/templates``) holds the report body's template, the page around it and the print CSS.

The HTML is self-contained (styles inline, images as data URIs, no script, no CDN), so a
report displays fully offline. Nothing in it depends on the clock: the same notebook gives
byte-identical HTML and PDF.

Cells in a report: the outputs of code cells (their code folded in a ``<details>`` in HTML,
hidden in print), and markdown cells —
except cells tagged ``hide`` (notes for whoever opens the notebook in Jupyter) and markdown
cells tagged ``lang-XX`` in reports of another language than XX (one cell per language for
narrative text).
"""

from __future__ import annotations

import html
import re
from functools import cache, lru_cache
from pathlib import Path

import nbformat
from nbconvert.preprocessors import Preprocessor
from traitlets import Unicode

TEMPLATES = Path(__file__).resolve().parent / "templates"


class ScrubPreprocessor(Preprocessor):
    """Drop what changes from run to run (timings, the random id papermill gives the cell it
    adds) from an executed notebook, so two builds write the same bytes."""

    def preprocess(self, nb, resources):
        pm = nb.metadata.get("papermill", {})
        for k in ("start_time", "end_time", "duration"):
            pm.pop(k, None)
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"
        cell.metadata.pop("execution", None)
        for k in ("start_time", "end_time", "duration"):
            cell.metadata.get("papermill", {}).pop(k, None)
        return cell, resources


class ReportCellsPreprocessor(Preprocessor):
    """Keep the cells a reader of ``lang`` sees: no ``hide`` cells, no markdown cell tagged for
    another language; no widget state (it is for live Jupyter sessions)."""

    lang = Unicode("").tag(config=True)

    def preprocess(self, nb, resources):
        nb.metadata.pop("widgets", None)

        def keep(c) -> bool:
            tags = c.metadata.get("tags", [])
            if "hide" in tags:
                return False
            langs = [t[5:] for t in tags if t.startswith("lang-")]
            return not (c.cell_type == "markdown" and langs and self.lang not in langs)

        nb.cells = [c for c in nb.cells if keep(c) and c.cell_type in ("code", "markdown")]
        return nb, resources


def scrub(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The executed notebook without run-to-run noise (see ``ScrubPreprocessor``)."""
    nb, _ = ScrubPreprocessor().preprocess(nb, {})
    return nb


@cache
def _exporter(lang: str):
    """nbconvert's HTML exporter for reports in ``lang``, made once per process: making one
    compiles its Jinja templates, a sixth of a second each time."""
    from nbconvert import HTMLExporter

    ex = HTMLExporter(
        template_name="monotowns",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=False,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        anchor_link_text="",
    )
    ex.register_preprocessor(ReportCellsPreprocessor(lang=lang), enabled=True)
    return ex


def notebook_body(nb: nbformat.NotebookNode, lang: str) -> str:
    """The report's body: the cells a reader of ``lang`` sees, outputs without prompts, each code
    cell's code folded above its output (``templates/monotowns/index.html.j2``)."""
    from monotowns.report import texts

    body, _ = _exporter(lang).from_notebook_node(
        nbformat.from_dict(nb), resources={"code_label": texts.t("site_code", lang)}
    )
    return body


@lru_cache(maxsize=1)
def _page_template():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=False, keep_trailing_newline=True
    )
    env.filters["escape_html"] = html.escape
    return env.get_template("page.html.j2")


@lru_cache(maxsize=1)
def _environment():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def template(name: str, **context):
    """A template of ``publish/templates`` (e.g. the landing page's map, ``map.svg.j2``) as HTML,
    every value escaped."""
    from markupsafe import Markup

    return Markup(_environment().get_template(name).render(**context))


@lru_cache(maxsize=1)
def css() -> str:
    """The report's stylesheet (screen and print), ``templates/report.css``."""
    return (TEMPLATES / "report.css").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def favicon() -> str:
    """The site's icon (``templates/favicon.svg``) as a data URI: no request, no console error."""
    import base64

    svg = (TEMPLATES / "favicon.svg").read_bytes().strip()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


_HEADING = re.compile(r"<(/?)h([1-6])(?=[\s>])", re.I)


def outline(body: str) -> str:
    """The body's headings renumbered so that their levels follow the document's structure:
    a heading is one level below the nearest earlier heading of a higher (smaller) level, so no
    level is skipped (an <h3> item right under the page's <h1> becomes an <h2>) and the order of
    sections is kept. Screen readers and the PDF's outline read these levels."""
    stack: list[tuple[int, int]] = []  # (level as written, level given)
    opened: list[int] = []
    out, pos = [], 0
    for m in _HEADING.finditer(body):
        out.append(body[pos : m.start()])
        level = int(m.group(2))
        if m.group(1):  # closing tag: the level its opening tag was given
            new = opened.pop() if opened else level
        else:
            while stack and stack[-1][0] >= level:
                stack.pop()
            new = stack[-1][1] + 1 if stack else 1
            stack.append((level, new))
            opened.append(new)
        out.append(f"<{m.group(1)}h{new}")
        pos = m.end()
    out.append(body[pos:])
    return "".join(out)


def page(body: str, *, title: str, lang: str, footer: str = "", nav: dict | None = None) -> str:
    """A complete, self-contained HTML page (``templates/page.html.j2``); ``nav`` (see
    ``navigation``) puts a way home and to the same page in the other languages on top. The
    body's headings are renumbered to the document's outline (``outline``); the page's
    description says what it is in the reader's language."""
    from monotowns.report import texts

    return _page_template().render(
        body=outline(body),
        title=title,
        lang=lang,
        footer=footer,
        css=css(),
        nav=nav,
        favicon=favicon(),
        description=texts.t("page_description", lang, title=title),
    )


def navigation(page_path: Path, outputs: Path, lang: str, langs: tuple[str, ...], home_text: str, names: dict) -> dict:
    """The header of a report page at ``outputs/<folder>/<lang>/<name>.html`` (see
    ``nav.header``): home, breadcrumbs, the same report in every other language and the contents
    menu, all relative, so the site works from any folder and offline. (``langs``, ``home_text``
    and ``names`` are the catalogue's; kept for the callers.)"""
    from . import nav

    return nav.header(page_path.relative_to(outputs).as_posix(), lang)


def title_of(nb: nbformat.NotebookNode, default: str) -> str:
    """The first <h1> the notebook's outputs show."""
    import lxml.html

    for c in nb.cells:
        for o in c.get("outputs", []):
            h = o.get("data", {}).get("text/html", "")
            h = "".join(h) if isinstance(h, list) else h
            if not h.strip():
                continue
            found = lxml.html.fragment_fromstring(h, create_parent="div").xpath(".//h1")
            if found:
                return found[0].text_content()
    return default


def pdf_bytes(html_text: str) -> bytes:
    """The HTML page as a tagged PDF (WeasyPrint's PDF/UA-1 variant: a structure tree a screen
    reader follows, the page's language and title, the outline from its headings); no dates in
    the metadata, so it is reproducible."""
    import weasyprint

    doc = weasyprint.HTML(string=html_text, base_url=None)
    return doc.write_pdf(uncompressed_pdf=False, pdf_variant="pdf/ua-1")


def warm_up(lang: str) -> None:
    """Make a one-paragraph report, HTML and PDF, and throw it away: what a process's first
    report would otherwise pay before its own HTML and PDF (WeasyPrint's import, the fonts and
    the stylesheets: about a second; nbconvert's exporter and templates). The build runs it
    beside a report's cells, which run in the kernel's process."""
    letters = "әғқңөұүһі"  # the fonts' Kazakh glyphs, regular and bold
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"{letters.upper()} **{letters} Aa** 0,5")])
    pdf_bytes(page(notebook_body(nb, lang), title="warm-up", lang=lang))
