"""What a notebook calls: a title, a paragraph, and ``show(ID)`` for a source table or figure.

``Book(lang)`` displays each item with its caption, its notes and its source line.
``Book(lang, outputs=DIR)`` also saves the files of what it shows under DIR:
``tables/<lang>/<ID>.csv`` and ``figures/<lang>/<ID>.png`` (with a chart's rows as CSV). Under
the build (which sets the notebook's ``outputs`` parameter, and ``COLLECT_ENV`` in its kernels'
environment) the kernel writes no file: it hands them over under ``FILES_MIME`` in the cell's
output, and the build writes them (``publish.runner.write_item_files``). Run on its own with
``outputs`` (papermill ``-p outputs DIR``), the notebook writes them itself, atomically; without
it nothing is written, so a notebook run from Jupyter or papermill, from any folder, leaves the
project as it was.
"""

from __future__ import annotations

import base64
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from monotowns.data import towns
from monotowns.data.files import atomic_write_all

from . import charts, items, page, shown, takeaway, texts

#: The MIME type under which a chapter's cell hands the build the files of the item it shows:
#: ``{"files": [{"path": "tables/kk/T6.csv", "base64": "…"}, …]}``.
FILES_MIME = "application/vnd.monotowns.files+json"
#: Set in the build's kernels: the build collects the files (read when an item is shown).
COLLECT_ENV = "MONOTOWNS_BUILD_COLLECTS"


@dataclass
class Item(page.Section):
    """A source item as its cell shows it: the section, and the files of its data the build
    writes (``FILES_MIME``; none outside a build)."""

    files: dict[str, bytes] = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:  # the section's: the notebook's text output is the same with or without files
        return repr(page.Section(self.children, self.id, self.cls))

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        out = {"text/html": self._repr_html_()}
        if self.files:
            out[FILES_MIME] = {
                "files": [{"path": p, "base64": base64.b64encode(b).decode("ascii")} for p, b in self.files.items()]
            }
        return out


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
        """Render one source table or figure (or show ``obj`` for it, e.g. a filtered view), and
        return it for display, with its data/PNG for the build to save (``Item``)."""
        e = items.registry()[sid]
        obj = obj if obj is not None else e.render(self.lang)
        section = self.wrap(sid, obj)
        files = self.files(sid, e.status, obj) if self.save else {}
        if files and not os.environ.get(COLLECT_ENV):  # run on its own: nobody collects them
            atomic_write_all({self.outputs / p: b for p, b in files.items()})
            files = {}
        return Item(section.children, section.id, files=files)

    def files(self, sid: str, status: str, obj) -> dict[str, bytes]:
        """The files of one item, by path under the outputs folder: a table's rows as CSV; a
        chart's PNG, and the rows it draws as CSV where it is drawn from data or quotes."""
        out: dict[str, bytes] = {}
        if isinstance(obj, shown.Shown) and obj.frame is not None:
            buf = io.StringIO()
            obj.frame.to_csv(
                buf,
                index=not isinstance(obj.frame.index, __import__("pandas").RangeIndex),
                lineterminator="\n",
            )
            out[f"tables/{self.lang}/{sid}.csv"] = buf.getvalue().encode()
        if isinstance(obj, charts.Chart):
            out[f"figures/{self.lang}/{sid}.png"] = obj.png
            if takeaway.has_figure_rows(sid, status):  # the rows it draws (the whole figure's)
                out[f"figures/{self.lang}/{sid}.csv"] = takeaway.csv_text(
                    takeaway.figure_rows(sid, status, self.lang)
                ).encode()
        return out

    def show_obj(self, obj) -> page.Group:
        """Display any Shown or Chart (e.g. a comparison that is not a source item)."""
        if self.highlight:
            page.highlight(obj, self.highlight)
        return page.Group([obj])
