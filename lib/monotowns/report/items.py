"""The source items and how each is reproduced.

``registry()`` maps each of the 78 ids of the catalogue (T1-T28, TAE1, TB1, AppV, F1-F43,
A1-A4) to its chapter notebook, its status (``reproduced``, ``partial``, ``diagram``,
``not_reproducible``), the reason for anything short of reproduced, the function that renders
it (a table of ``tables``, a chart of ``reproduce``) and the files its report writes. The
replication manifest is generated from it (``publish.manifest``). What each item reads is
data (``data/catalogue.csv``, column ``reads``), which the build reads (``publish.reads``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from monotowns.data import context, descriptor, paths

from . import prose, reproduce, tables, takeaway

STATUSES = ("reproduced", "partial", "diagram", "not_reproducible")

DIAGRAMS = tuple(f"F{i}" for i in list(range(1, 13)) + [30, 34, 35, 36, 37, 38, 41, 42, 43])


def notebook_tags(path) -> list[str]:
    """The cell tags of a notebook, in order; none for a notebook that cannot be read (a merge
    conflict): its own report fails and names it, the others build."""
    import json

    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
        return [t for c in nb["cells"] for t in c.get("metadata", {}).get("tags", [])]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return []


def chapters() -> dict[str, list[str]]:
    """Chapter notebook (file stem, in order) → the tags of its cells, in order: source ids
    (T6, F20 …) and views. Read from the notebooks themselves: the tag of a cell is the one
    place that says which chapter shows an item."""
    return _chapters(context.current().notebooks_dir)


chapter_files = paths.chapter_files  # the chapter notebooks of a folder, in chapter order


@lru_cache(maxsize=4)
def _chapters(folder) -> dict[str, list[str]]:
    # cached per notebooks folder: a run (or a test) that points context.current().notebooks_dir elsewhere
    # never sees, nor leaves behind, another folder's chapters
    return {p.stem: notebook_tags(p) for p in chapter_files(folder)}


def chapter_of() -> dict[str, str]:
    """Source id → the chapter notebook that shows it."""
    ids = set(_catalogue_ids())
    return {t: nb for nb, tags in chapters().items() for t in tags if t in ids}


def _catalogue_ids() -> list[str]:
    return list(descriptor.catalogue())


@dataclass(frozen=True)
class Entry:
    """How one source table or figure is reproduced."""

    sid: str
    notebook: str
    status: str
    reason: str
    render: Callable[[str], object]
    kind: str  # table | figure


def item_outputs(e: Entry, lang: str) -> list[str]:
    """The data files a chapter's report writes for one source item (``Book.show``), relative to
    the outputs folder: the table's rows as CSV (a table, or a figure of one value shown as a
    table) or the chart as PNG, with the rows it draws as CSV where it is drawn from data or
    from the values the text quotes (``takeaway.figure_rows``); none for an item that cannot be
    reproduced."""
    if e.kind == "table" or (e.status == "partial" and reproduce.single_value(e.sid)):
        return [f"tables/{lang}/{e.sid}.csv"]
    if e.status != "not_reproducible":
        data_file = [f"figures/{lang}/{e.sid}.csv"] if takeaway.has_figure_rows(e.sid, e.status) else []
        return [f"figures/{lang}/{e.sid}.png", *data_file]
    return []


# ---------------------------------------------------------------- the registry


def _table_renderer(sid: str) -> Callable[[str], object]:
    special = {
        "T4": prose.t4_types,
        "T7": lambda lang: tables.t7_projects(lang),
        "T12": lambda lang: prose.t12_structure(lang),
        "T17": prose.t17_structure,
        "T18": prose.t18_measures,
        "T25": prose.t25_matrix,
        "T26": prose.t26_result,
        "TB1": lambda lang: tables.swot(lang),
        "AppV": tables.appv,
        "A4": tables.a4_swot,
    }
    if sid in special:
        return special[sid]
    if sid in ("T19", "T20", "T21", "T22", "T23", "T24"):
        return lambda lang: tables.numeric_table(sid, lang, transpose=True)
    from monotowns.data.descriptor import NUMERIC_TABLES

    if sid in NUMERIC_TABLES:
        return lambda lang: tables.numeric_table(sid, lang)
    return lambda lang: prose.prose_table(sid, lang)


PARTIAL_CANDIDATES = (
    "F15",
    "F16",
    "F18",
    "F19",
    "F21",
    "F22",
    "F23",
    "F24",
    "F25",
    "F26",
    "F27",
    "F28",
    "F31",
    "F32",
    "F33",
    "F39",
)


def registry() -> dict[str, Entry]:
    """Every source id → its Entry, in catalogue order."""
    return _registry(context.current().notebooks_dir, context.current().data_dir)


@lru_cache(maxsize=4)
def _registry(notebooks, data_dir) -> dict[str, Entry]:
    cat = list(descriptor.catalogue(data_dir).values())
    ids = {c["id"] for c in cat}
    # an item of a chapter that cannot be read has no chapter ("") until it can
    nb_of = {t: nb for nb, tags in _chapters(notebooks).items() for t in tags if t in ids}
    quoted = set(reproduce.figure_quotes()["figure"])
    out: dict[str, Entry] = {}
    for c in cat:
        sid = c["id"]
        if c["object_type"] == "table":
            out[sid] = Entry(sid, nb_of.get(sid, ""), "reproduced", "", _table_renderer(sid), "table")
            continue
        if sid in DIAGRAMS:
            has = sid in set(reproduce.diagram_data()[0]["figure"])
            out[sid] = Entry(
                sid,
                nb_of.get(sid, ""),
                "diagram" if has else "not_reproducible",
                "conceptual diagram redrawn from the box labels that survive in the text; Graphviz layout, links ours"
                if has
                else "the diagram's box labels could not be matched in the text",
                (lambda lang, s=sid: reproduce.diagram(s, lang)),
                "figure",
            )
        elif sid == "F13":
            out[sid] = Entry(
                sid,
                nb_of.get(sid, ""),
                "reproduced",
                "derived: counts of Table 6's towns by oblast",
                reproduce.f13,
                "figure",
            )
        elif sid in ("F14", "F17"):
            out[sid] = Entry(
                sid,
                nb_of.get(sid, ""),
                "reproduced",
                "derived: town coordinates from the registry (data/town_coords.csv), not the original map",
                (lambda lang, s=sid: reproduce.town_map(s, lang)),
                "figure",
            )
        elif sid == "F20":
            out[sid] = Entry(sid, nb_of.get(sid, ""), "reproduced", "", reproduce.f20, "figure")
        elif sid == "F29":
            out[sid] = Entry(
                sid,
                nb_of.get(sid, ""),
                "reproduced",
                "derived from Table 16 (innovative output)",
                reproduce.f29,
                "figure",
            )
        elif sid == "F40":
            out[sid] = Entry(
                sid,
                nb_of.get(sid, ""),
                "reproduced",
                "derived from Table 26; the original is a diagram naming each town's scenario",
                reproduce.f40,
                "figure",
            )
        elif sid in quoted:
            n = int((reproduce.figure_quotes()["figure"] == sid).sum())
            out[sid] = Entry(
                sid,
                nb_of.get(sid, ""),
                "partial",
                f"the chart's data did not survive; {n} value(s) quoted in the text are drawn",
                (lambda lang, s=sid: reproduce.quoted_chart(s, lang)),
                "figure",
            )
        else:
            out[sid] = Entry(
                sid,
                nb_of.get(sid, ""),
                "not_reproducible",
                "the chart's data did not survive and the text quotes none of its values",
                (lambda lang, s=sid: reproduce.not_reproducible(s, lang)),
                "figure",
            )
    return out


def chapter_key(notebook: str) -> str:
    """The text-catalogue prefix of a chapter notebook: '02_2_karaganda' → 'nb_02_2'."""
    parts = []
    for p in notebook.split("_"):
        if not p.isdigit():
            break
        parts.append(p)
    return "nb_" + "_".join(parts)
