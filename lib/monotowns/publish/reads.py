"""What a report reads, as the data declares it, for its fingerprint (``deps.data_hash``).

- each source item's resources: ``data/catalogue.csv``, column ``reads``;
- each view a chapter's cells show (a tagged cell that is not a source item: ``scores``,
  ``T19-scale``…) and the groups every report (``@common``), the author's method
  (``@method``) and the teaching notebook (``@teaching``) read: ``data/reads.csv``.

Names are the data package's resources; ``@name`` stands for a group, ``x[shown]`` for the
rows of ``x`` about the tables the report shows. Which items a chapter shows is said once, by
its cells' tags (``report.items.chapters``).
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from monotowns.data import descriptor
from monotowns.data.context import DEFAULT, Context
from monotowns.data.errors import MonotownsError

from . import deps

#: Tags of a chapter's cells that show nothing read from the data (``hide``; ``narrative`` and
#: ``lang-XX``: the markdown said per language).
NOT_SHOWN = ("hide", "narrative")


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(enumerate(csv.DictReader(f), start=2))


@lru_cache(maxsize=8)
def _declared(
    data_dir: Path, stamp: tuple, resources: frozenset[str]
) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    named: dict[str, tuple[str, ...]] = {}
    raw: list[tuple[str, int, str, str]] = []
    for line, r in _rows(data_dir / "reads.csv"):
        raw.append(("reads.csv", line, r["name"], r["reads"] or ""))
        named[r["name"]] = tuple((r["reads"] or "").split())
    items = {}
    for line, (sid, r) in enumerate(descriptor.catalogue(data_dir).items(), start=2):  # its one reader
        raw.append(("catalogue.csv", line, sid, r.get("reads") or ""))
        items[sid] = tuple((r.get("reads") or "").split())
    for file, line, key, value in raw:
        for name in value.split():
            ok = name in named if name.startswith("@") else name.partition("[")[0] in resources
            if not ok:
                raise MonotownsError(
                    f"data/{file}, line {line} ({key}), column reads: {name!r} is neither a resource of "
                    "data/datapackage.json nor a group ('@name') of data/reads.csv"
                )
    return items, named


def declared(ctx: Context = DEFAULT) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(source id → its reads, view or group name → its reads), as written in the data."""
    d = Path(ctx.data_dir)
    stats = [(d / f).stat() for f in ("reads.csv", "catalogue.csv", "datapackage.json")]
    stamp = tuple((s.st_mtime_ns, s.st_size) for s in stats)
    return _declared(d, stamp, frozenset(deps.resources(ctx)))


def expand(names, named: dict[str, tuple[str, ...]], _seen: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The resources the names stand for, each ``@group`` replaced by its own, in order."""
    out: list[str] = []
    for n in names:
        if n.startswith("@"):
            if n in _seen:
                raise MonotownsError(f"data/reads.csv: group {n} contains itself ({' → '.join(_seen + (n,))})")
            out += expand(named[n], named, _seen + (n,))
        else:
            out.append(n)
    return tuple(dict.fromkeys(out))


def groups(*names: str, ctx: Context = DEFAULT) -> tuple[str, ...]:
    """The resources of groups of data/reads.csv ('common', 'method', 'teaching'), in order."""
    return expand([f"@{n}" for n in names], declared(ctx)[1])


def chapter(notebook: str, tags: list[str], ctx: Context = DEFAULT) -> tuple[str, ...]:
    """Every resource a chapter's report reads: the common ones, then its items' and views'
    (by its cells' ``tags``); a tag that is neither is refused, naming the notebook."""
    items, named = declared(ctx)
    out: list[str] = ["@common"]
    for tag in tags:
        if tag in items:
            out += items[tag]
        elif tag in named and not tag.startswith("@"):
            out += named[tag]
        elif tag not in NOT_SHOWN and not tag.startswith("lang-"):
            raise MonotownsError(
                f"notebooks/{notebook}.ipynb: cell tag {tag!r} is neither a source id of data/catalogue.csv "
                "nor a view of data/reads.csv (declare what it reads there)"
            )
    return expand(out, named)
