"""The translations as gettext catalogues, for a proofreader's tool (Poedit, Weblate, Lokalize).

The data stay CSV (``data/texts*.csv``: our own strings by key; ``data/translations/*.csv``:
the sources' words, keyed by the published text). ``export(lang)`` writes one PO catalogue per
language: ``msgid`` the Kazakh text (for the errata notes, which we write in English, the
English), ``msgctxt`` where it is used (the key, or ``<resource>:<field>``), ``msgstr`` our
translation, the file and line as a reference, the source line as a comment; a translation whose
Kazakh text changed since it was made (``texts.stale_translations``) is marked fuzzy.
``update(path)`` reads a catalogue back: every translation a proofreader changed is written into
its CSV row, and a message no longer fuzzy marks its row's translations as checked against the
Kazakh text (``kk_sha``). Rows nobody changed keep their bytes.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from monotowns.data import context
from monotowns.data.errors import MonotownsError
from monotowns.data.files import atomic_write_all

from . import texts


def _row_text(header: list[str], row: dict[str, str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([row[h] for h in header])
    return buf.getvalue()


def _sources(lang: str):
    """(msgctxt, own language, the file, its records) of every translation file of the sources'
    words that has ``lang`` as a translation."""
    for path in sorted((context.current().data_dir / "translations").glob("*.csv")):
        _, header, recs = texts.records(path)
        own = texts.own_language(path.stem)
        if lang != own and lang in header:
            yield path, own, recs


def export(lang: str) -> bytes:
    """The PO catalogue of every translation into ``lang`` (see the module's docstring)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    texts.check_lang(lang)
    cat = Catalog(locale=lang, project="monotowns-kz", charset="utf-8", fuzzy=False)
    stale = {(f, key) for f, _, key, _ in texts.stale_translations()}
    if lang != texts.SOURCE_LANG:
        for path in texts.catalogue_files():
            for r in texts.records(path)[2]:
                cat.add(
                    r.row[texts.SOURCE_LANG],
                    r.row.get(lang) or "",
                    locations=[(f"data/{path.name}", r.line)],
                    context=r.row["key"],
                    flags={"fuzzy"} if (path.name, r.row["key"]) in stale else (),
                )
    for path, own, recs in _sources(lang):
        for r in recs:
            where = r.row.get("lines") or r.row.get("erratum_ids") or ""
            cat.add(
                r.row[own],
                r.row.get(lang) or "",
                locations=[(f"data/translations/{path.name}", r.line)],
                context=f"{path.stem}:{r.row['field']}",
                auto_comments=[f"as published, line {where}" if r.row.get("lines") else where] if where else [],
            )
    buf = io.BytesIO()
    write_po(buf, cat, width=0, sort_output=False, include_previous=False)
    return buf.getvalue()


def update(po: Path) -> list[str]:
    """Write the translations of a PO catalogue (made by ``export``, edited by a proofreader)
    back into the CSV files; return one line per row changed. A message whose text is not the
    row's text any more (the Kazakh changed since the export) is refused, naming it."""
    from babel.messages.pofile import read_po

    with open(po, "rb") as f:
        cat = read_po(f)
    lang = str(cat.locale)
    texts.check_lang(lang)
    messages = [m for m in cat if m.id and m.context]
    by_key = {m.context: m for m in messages}  # our own strings: the key says which row
    by_text = {(m.context, m.id): m for m in messages}  # the sources' words: their text does
    used: set[tuple[str, str]] = set()
    changed: list[str] = []
    contents: dict[Path, bytes] = {}  # written together once every message is placed, or not at all

    def apply(path: Path, find, own: str, reviewed: bool) -> None:
        first, header, recs = texts.records(path)
        out, touched = [first], False
        for r in recs:
            m = find(r.row)
            row = dict(r.row)
            if m is not None:
                used.add((m.context, m.id))
                if m.id != row[own]:
                    raise MonotownsError(
                        f"{po}: {m.context!r} translates {m.id[:60]!r}, but data/{path.name} line {r.line} "
                        f"now reads {row[own][:60]!r}; export the catalogue again"
                    )
                if m.string and m.string != row.get(lang):
                    row[lang] = m.string
                    changed.append(f"data/{path.name}, line {r.line} ({m.context}): {lang} changed")
                if reviewed and "fuzzy" not in m.flags and row.get("kk_sha") != texts.kk_sha(row[own]):
                    row["kk_sha"] = texts.kk_sha(row[own])
                    changed.append(f"data/{path.name}, line {r.line} ({m.context}): checked against the Kazakh")
            if row != r.row:
                out.append(_row_text(header, row))
                touched = True
            else:
                out.append(r.raw)
        if touched:
            contents[path] = "".join(out).encode("utf-8")

    if lang != texts.SOURCE_LANG:
        for path in texts.catalogue_files():
            apply(path, lambda row: by_key.get(row["key"]), texts.SOURCE_LANG, True)
    for path, own, _ in _sources(lang):
        apply(path, lambda row, s=path.stem, o=own: by_text.get((f"{s}:{row['field']}", row[o])), own, False)
    lost = [m for m in messages if (m.context, m.id) not in used and m.string]
    if lost:
        raise MonotownsError(
            f"{po}: {len(lost)} message(s) match no row of the data any more, e.g. {lost[0].context!r} "
            f"{lost[0].id[:60]!r} (its text changed since the export); export the catalogue again"
        )
    if contents:
        atomic_write_all(contents)
        texts.forget()
    return changed
