"""What a report shows: ``Shown`` (the blocks of the page model, the frame behind them, the
notes under them) and the HTML table every table of the reports is drawn as (``html_table``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from monotowns.data import context

from . import page, takeaway, texts

T = texts.t


@dataclass
class Shown:
    """Something to show: the blocks of the page model (``page``), the frame behind them, notes
    (plain text) under them."""

    body: page.Content
    frame: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)
    #: the rows it shows, to take away (a town report's tables: ``takeaway``)
    rows: takeaway.Rows | None = None

    @property
    def html(self) -> str:
        """The blocks as HTML (without the notes)."""
        return str(page.html(self.body))

    def __html__(self) -> str:
        return page.join([self.body, page.notes(self.notes)])

    def _repr_html_(self) -> str:  # Jupyter displays this
        return str(self.__html__())


def esc(s) -> str:
    """The text of a cell as a string ('' for missing); the page's templates escape it."""
    if s is None or (isinstance(s, float) and pd.isna(s)) or s is pd.NA:
        return ""
    return str(s)


@context.per_data_folder
def _printed_headers() -> frozenset[str]:
    """The headers of columns that show cells as printed, in every language."""
    keys = ("published", "tch_printed", "tch_printed_change", "tch_wage_2021_printed", "tch_printed_row")
    return frozenset(T(k, lang) for k in keys for lang in texts.LANGS)


def _cell(c) -> page.Content:
    """A cell's content: pieces and lists of them as they are, anything else as text."""
    return c if hasattr(c, "__html__") or isinstance(c, list | tuple) else esc(c)


def html_table(
    header: list,
    rows: list[list],
    *,
    cls: str = "data",
    first_col_header: bool = True,
) -> page.Table:
    """A table of the page model (cells: text or inline pieces). No ``header`` (an empty list):
    no header row (a card of labels and values). A column headed "Published" / "As printed"
    shows cells exactly as the source prints them: marked as the source's (Kazakh) text, so
    '2,5-5' on an English page is read as a quote."""
    printed = frozenset(i for i, h in enumerate(header) if isinstance(h, str) and h in _printed_headers())
    cells = [[_cell(c) for c in r] for r in rows]
    head = [_cell(h) for h in header]
    return page.Table(head, cells, cls, first_col_header, printed, texts.SOURCE_LANG)
