"""What a notebook calls: a title, a paragraph, and ``show(ID)`` for a source table or figure.

``Book(lang)`` displays each item with its caption, its notes and its source line.
``Book(lang, outputs=DIR)`` (the build sets a notebook's ``outputs`` parameter) also saves what
it shows under ``DIR/tables/<lang>/<ID>.csv`` and ``DIR/figures/<lang>/<ID>.png`` (written
atomically); without ``outputs`` nothing is written, so a notebook run on its own from Jupyter or
papermill, from any folder, leaves the project as it was.
"""

from __future__ import annotations

import io
from pathlib import Path

from monotowns.data import towns
from monotowns.data.files import atomic_write_bytes

from . import charts, items, page, shown, takeaway, texts


class Book:
    """A notebook's report in one language."""

    def __init__(self, lang: str = "kk", save: bool = True, outputs: str | Path | None = None, town: str | None = None):
        """``outputs``: the folder the build writes into (the notebook's ``outputs`` parameter);
        None: nothing is saved. ``town`` (the notebook's ``town`` parameter, any spelling the
        registry knows): the town highlighted in every table where it heads a row or a column,
        and in the charts whose cells pass ``book.highlight``; None: none."""
        self.lang = texts.check_lang(lang)
        self.outputs = Path(outputs) if outputs else None
        self.save = save and self.outputs is not None
        self.town = towns.resolve(town) if town else None
        #: the highlighted town's name as this page writes it (None: no town)
        self.highlight = texts.town_name(self.town, self.lang) if self.town else None

    def title(self, key: str) -> page.Group:
        """The notebook's title and introduction from the label catalogue (``<key>_title``, ``<key>_intro``)."""
        return page.Group(
            [
                page.Heading(texts.t(f"{key}_title", self.lang), 1),
                page.Para(texts.t(f"{key}_intro", self.lang), "intro"),
                page.Para(texts.t("nb_highlighted", self.lang, town=self.highlight), "intro") if self.town else None,
                page.notes(texts.translations_note(self.lang)),
            ]
        )

    def text(self, key: str, **kw) -> page.Para:
        """A paragraph from the label catalogue."""
        return page.Para(texts.t(key, self.lang, **kw))

    def wrap(self, sid: str, obj, extra_notes: list[str] | None = None) -> page.Section:
        """An item with caption, status note and source line."""
        e = items.registry().get(sid)
        status = None
        if e and e.status != "reproduced":
            status = page.Para(texts.t("status_" + e.status, self.lang), f"status status-{e.status}")
        src, line = texts.caption_line(sid)
        source = page.Para(texts.source_note(src, line, self.lang), "source")
        if self.highlight:
            page.highlight(obj, self.highlight)
        return page.Section(
            [page.Heading(texts.caption(sid, self.lang), 3), status, obj, page.notes(extra_notes or []), source], sid
        )

    def show(self, sid: str, obj=None) -> page.Section:
        """Render one source table or figure (or show ``obj`` for it, e.g. a filtered view), save its
        data/PNG, and return it for display."""
        e = items.registry()[sid]
        obj = obj if obj is not None else e.render(self.lang)
        if self.save:
            if isinstance(obj, shown.Shown) and obj.frame is not None:
                buf = io.StringIO()
                obj.frame.to_csv(
                    buf,
                    index=not isinstance(obj.frame.index, __import__("pandas").RangeIndex),
                    lineterminator="\n",
                )
                atomic_write_bytes(self.outputs / "tables" / self.lang / f"{sid}.csv", buf.getvalue().encode())
            if isinstance(obj, charts.Chart):
                atomic_write_bytes(self.outputs / "figures" / self.lang / f"{sid}.png", obj.png)
                if takeaway.has_figure_rows(sid, e.status):  # the rows it draws (the whole figure's)
                    rows = takeaway.figure_rows(sid, e.status, self.lang)
                    text = takeaway.csv_text(rows).encode()
                    atomic_write_bytes(self.outputs / "figures" / self.lang / f"{sid}.csv", text)
        return self.wrap(sid, obj)

    def show_obj(self, obj) -> page.Group:
        """Display any Shown or Chart (e.g. a comparison that is not a source item)."""
        if self.highlight:
            page.highlight(obj, self.highlight)
        return page.Group([obj])
