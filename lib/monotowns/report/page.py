"""The page model: what every report is made of, and the templates that write it as HTML.

A report is a sequence of blocks — headings, paragraphs, notes, tables, figures, boxes,
lists, sections — whose text is plain strings or inline pieces (a word in another language,
a value as printed, a number stated with its claim, a footnote mark, a link). Each block is
written by its macro in ``report/templates/blocks.html.j2``; the page around a report is
``publish/templates/page.html.j2`` and every style is in ``publish/templates/report.css``.
No HTML is written in Python: the templates escape every string (Jinja's autoescape), so a
text from the data can never become markup.

Blocks and inline pieces display in Jupyter (``_repr_html_``) and join with ``join``::

    join([Heading("Population"), Para(["Balkhash has ", Claim("79,191", "cell T6 …"), "."]),
          Table(["Year", "Value"], [["2021", "79,191"]])])
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

from markupsafe import Markup, escape

TEMPLATES = Path(__file__).resolve().parent / "templates"

#: What a block holds as text: a string (escaped on the page), an inline piece or a block
#: (anything with ``__html__``), or a list of those (written one after another).
Content = Any


@cache
def environment():
    """The Jinja environment of the report's templates (autoescape on, whitespace trimmed)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,  # a sentence with a missing part is an error, not a blank
    )
    env.filters["content"] = html
    return env


@cache
def _macros():
    return environment().get_template("blocks.html.j2").module


def html(content: Content) -> Markup:
    """``content`` as HTML: strings escaped, pieces and blocks written by their templates, lists
    joined; None is nothing."""
    if content is None:
        return Markup("")
    if isinstance(content, str | Markup) or hasattr(content, "__html__"):
        return escape(content)
    if isinstance(content, Iterable):
        return Markup("").join(html(c) for c in content)
    return escape(str(content))


def plain(content: Content) -> str:
    """The words of ``content`` without markup and without footnote marks (for the table's CSV
    and for sentences compared with the data)."""
    if content is None:
        return ""
    if isinstance(content, Mark):
        return ""
    if isinstance(content, str):
        return str(content)
    for attr in ("text", "content"):
        if isinstance(content, Piece) and hasattr(content, attr):
            return plain(getattr(content, attr))
    if isinstance(content, Piece) and hasattr(content, "children"):
        return " ".join(plain(c) for c in content.children)
    if isinstance(content, Iterable):
        return "".join(plain(c) for c in content)
    return str(content)


def join(parts: Iterable[Content], sep: str = "") -> Markup:
    """The parts one after another (``sep``, plain text, between them) as HTML."""
    return escape(sep).join(html(p) for p in parts)


def render(template: str, **context) -> Markup:
    """A whole template of ``report/templates`` (e.g. the landing page's map) as HTML."""
    return Markup(environment().get_template(template).render(**context))


class Piece:
    """A block or an inline piece: written by the macro named ``macro`` in blocks.html.j2."""

    macro: ClassVar[str]

    def __html__(self) -> str:
        return str(getattr(_macros(), self.macro)(self)).strip()

    def _repr_html_(self) -> str:  # Jupyter displays this
        return self.__html__()

    def __str__(self) -> str:
        return self.__html__()


# ---------------------------------------------------------------- inline pieces


@dataclass
class Span(Piece):
    """Text in a ``<span>``: in another language (``lang``, read with that language's voice), of a
    class (``nowrap``, ``missing``, ``printed``) or stating a claim (``claim``: the spec
    ``publish.claims`` re-derives the value from); ``strong`` sets it in bold."""

    text: Content
    lang: str | None = None
    cls: str | None = None
    claim: str | None = None
    strong: bool = False
    macro: ClassVar[str] = "span"


def printed(text: Content, lang: str) -> Span:
    """A value exactly as the source prints it, marked as the source's text (``lang``): a
    '2,5-5' on an English page is read as a quotation, not as an English number."""
    return Span(text, lang=lang, cls="printed")


@dataclass
class Strong(Piece):
    """Bold text (a label before what it names)."""

    text: Content
    macro: ClassVar[str] = "strong"


@dataclass
class Mark(Piece):
    """A footnote mark (superscript number)."""

    n: int | str
    macro: ClassVar[str] = "mark"


@dataclass
class Code(Piece):
    """A formula or a file name as written."""

    text: Content
    macro: ClassVar[str] = "code"


@dataclass
class Link(Piece):
    """A link; with no ``href``, the text marked as missing (a page not built)."""

    text: Content
    href: str | None
    lang: str | None = None
    hreflang: str | None = None
    macro: ClassVar[str] = "link"


@dataclass
class Lines(Piece):
    """Lines of text broken where a new line starts."""

    lines: Sequence[Content]
    macro: ClassVar[str] = "lines"


@dataclass
class Blank(Piece):
    """A line to fill in by hand (the student's version)."""

    macro: ClassVar[str] = "blank"


# ---------------------------------------------------------------- blocks


@dataclass
class Heading(Piece):
    """A heading; its level is renumbered to the document's outline when the page is made."""

    text: Content
    level: int = 2
    id: str | None = None
    macro: ClassVar[str] = "heading"


@dataclass
class Para(Piece):
    """A paragraph (``cls``: intro, note, source, missing, status, cite, fill, check…)."""

    content: Content
    cls: str | None = None
    macro: ClassVar[str] = "para"


def note(text: Content) -> Para:
    """A note under a table or a figure."""
    return Para(text, "note")


def notes(texts: Iterable[Content]) -> list[Para]:
    """One note per text."""
    return [note(t) for t in texts]


@dataclass
class Items(Piece):
    """A list (``ordered``: numbered)."""

    items: Sequence[Content]
    ordered: bool = False
    cls: str | None = None
    macro: ClassVar[str] = "items"


@dataclass
class Terms(Piece):
    """Terms and what they mean (a definition list)."""

    pairs: Sequence[tuple[Content, Content]]
    cls: str | None = None
    macro: ClassVar[str] = "terms"


@dataclass
class Div(Piece):
    """Blocks kept together under a class (``box``, ``summary``, ``swot``…), with an optional
    heading."""

    children: Sequence[Content]
    cls: str | None = None
    title: Content = None
    title_level: int = 4
    macro: ClassVar[str] = "div"


def box(title: Content, body: Content, cls: str = "box") -> Div:
    """A framed box with its heading (an exercise, its answers, the key figures)."""
    return Div([body], cls, title)


@dataclass
class Group(Piece):
    """Blocks one after another, with no element around them (what a notebook cell shows)."""

    children: Sequence[Content]
    macro: ClassVar[str] = "group"


@dataclass
class Section(Piece):
    """A source item (table or figure) with its id, so the contents and links can point at it."""

    children: Sequence[Content]
    id: str | None = None
    cls: str | None = "item"
    macro: ClassVar[str] = "section"


@dataclass
class Cell:
    """A table cell: a header of its row or column (``scope``) or data."""

    content: Content
    scope: str | None = None  # "col" / "row": a header cell
    cls: str | None = None

    @property
    def blank(self) -> bool:
        return str(html(self.content)).strip() == ""


@dataclass
class Table(Piece):
    """A table: a header row (none for a card of labels and values), rows of cells, the first
    cell of a row heading it (``first_col_header``). Columns in ``printed`` show cells exactly as
    the source prints them (marked as the source's text, ``printed_lang``); columns in ``num``
    are numbers (set right-aligned)."""

    header: Sequence[Content]
    rows: Sequence[Sequence[Content]]
    cls: str = "data"
    first_col_header: bool = True
    printed: frozenset[int] = frozenset()
    printed_lang: str = "kk"
    num: frozenset[int] = frozenset()
    #: a town's name whose row (where it heads a row) and column (where it heads one) are
    #: highlighted, class ``hl`` (a chapter notebook's ``town`` parameter; see ``highlight``)
    highlight: str | None = None
    macro: ClassVar[str] = "table"

    def _cls(self, i: int, hl: bool = False) -> str | None:
        return " ".join(c for c in ("num" if i in self.num else "", "hl" if hl else "") if c) or None

    def _highlighted(self) -> tuple[set[int], set[int]]:
        """The rows and the columns headed by ``highlight``."""
        if not self.highlight:
            return set(), set()
        cols = {i for i, h in enumerate(self.header) if plain(h).strip() == self.highlight}
        rows = {k for k, r in enumerate(self.rows) if len(r) and plain(r[0]).strip() == self.highlight}
        return rows, cols

    def head_cells(self) -> list[Cell]:
        """The header row: a blank corner is a plain cell, not an empty header."""
        _, cols = self._highlighted()
        return [Cell(h, "col", self._cls(i, i in cols)) for i, h in enumerate(self.header)]

    def body_cells(self) -> list[list[Cell]]:
        out = []
        rows, cols = self._highlighted()
        for k, r in enumerate(self.rows):
            row = []
            for i, c in enumerate(r):
                cell = Cell(c, cls=self._cls(i, k in rows or i in cols))
                if i == 0 and self.first_col_header and not cell.blank:
                    cell.scope = "row"
                elif i in self.printed and not cell.blank and not isinstance(c, Span):
                    cell.content = printed(c, self.printed_lang)
                row.append(cell)
            out.append(row)
        return out


def highlight(content: Content, label: str) -> None:
    """Highlight ``label`` (a town's name as the page writes it) in every table of ``content``:
    its row where it heads a row, its column where it heads a column."""
    if isinstance(content, Table):
        content.highlight = label
    elif isinstance(content, Piece) and hasattr(content, "children"):
        highlight(content.children, label)
    elif isinstance(content, list | tuple):
        for c in content:
            highlight(c, label)
    elif hasattr(content, "body"):  # a table or view with its notes (shown.Shown)
        highlight(content.body, label)


@dataclass
class Figure(Piece):
    """A chart or diagram: its PNG (``alt`` from the data it draws), an optional title above,
    source line and notes under it; ``width_in``: its width on paper (a diagram laid out for A4)."""

    png: bytes
    alt: str
    title: Content = None
    source: Content = None
    notes: Sequence[Content] = field(default_factory=list)
    cls: str | None = None
    width_in: float | None = None
    macro: ClassVar[str] = "figure"

    @property
    def src(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")
