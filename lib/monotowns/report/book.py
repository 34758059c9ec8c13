"""What a notebook calls: a title, a paragraph, and ``show(ID)`` for a source table or figure.

``Book(lang)`` displays each item with its caption, its notes and its source line, and
saves what it shows under ``outputs/tables/<lang>/<ID>.csv`` and
``outputs/figures/<lang>/<ID>.png`` (written atomically).
"""

from __future__ import annotations

import html
import io
from pathlib import Path

from monotowns.data import paths
from monotowns.data.files import atomic_write_bytes

from . import charts, reproduce, tables, texts


class HTML:
    """Raw HTML for Jupyter to display."""

    def __init__(self, s: str):
        self.s = s

    def _repr_html_(self) -> str:
        return self.s


class Book:
    """A notebook's report in one language."""

    def __init__(self, lang: str = "kk", save: bool = True, outputs: str | Path | None = None):
        """``outputs``: the folder the build writes into (the notebook's ``outputs`` parameter;
        default: the project's ``outputs/``)."""
        self.lang = texts.check_lang(lang)
        self.save = save
        self.outputs = Path(outputs) if outputs else paths.OUTPUTS_DIR

    def title(self, key: str) -> HTML:
        """The notebook's title and introduction from the label catalogue (``<key>_title``, ``<key>_intro``)."""
        t = html.escape(texts.t(f"{key}_title", self.lang))
        p = html.escape(texts.t(f"{key}_intro", self.lang))
        note = "".join(f"<p class='note'>{html.escape(n)}</p>" for n in texts.translations_note(self.lang))
        return HTML(f"<h1>{t}</h1><p class='intro'>{p}</p>{note}")

    def text(self, key: str, **kw) -> HTML:
        """A paragraph from the label catalogue."""
        return HTML(f"<p>{html.escape(texts.t(key, self.lang, **kw))}</p>")

    def wrap(self, sid: str, obj, extra_notes: list[str] | None = None) -> HTML:
        """An item with caption, status note and source line."""
        e = reproduce.registry().get(sid)
        cap = html.escape(texts.caption(sid, self.lang))
        status = ""
        if e and e.status != "reproduced":
            status = f"<p class='status status-{e.status}'>{html.escape(texts.t('status_' + e.status, self.lang))}</p>"
        src, line = texts.caption_line(sid)
        source = f"<p class='source'>{html.escape(texts.source_note(src, line, self.lang))}</p>"
        notes = "".join(f"<p class='note'>{html.escape(n)}</p>" for n in (extra_notes or []))
        return HTML(
            f"<section class='item' id='{html.escape(sid)}'><h3>{cap}</h3>{status}"
            f"{obj._repr_html_()}{notes}{source}</section>"
        )

    def show(self, sid: str, obj=None) -> HTML:
        """Render one source table or figure (or show ``obj`` for it, e.g. a filtered view), save its
        data/PNG, and return it for display."""
        e = reproduce.registry()[sid]
        obj = obj if obj is not None else e.render(self.lang)
        if self.save:
            if isinstance(obj, tables.Shown) and obj.frame is not None:
                buf = io.StringIO()
                obj.frame.to_csv(
                    buf,
                    index=not isinstance(obj.frame.index, __import__("pandas").RangeIndex),
                    lineterminator="\n",
                )
                atomic_write_bytes(self.outputs / "tables" / self.lang / f"{sid}.csv", buf.getvalue().encode())
            if isinstance(obj, charts.Chart):
                atomic_write_bytes(self.outputs / "figures" / self.lang / f"{sid}.png", obj.png)
        return self.wrap(sid, obj)

    def show_obj(self, obj) -> HTML:
        """Display any Shown or Chart (e.g. a comparison that is not a source item)."""
        return HTML(obj._repr_html_())
