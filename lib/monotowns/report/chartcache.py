"""Town charts kept between builds: a chart is drawn again only when something it read changed.

Drawing is most of a town report's cells (matplotlib's layout and text). An analyst who edits
one cell of Table 14 and builds their town again needs the charts that show Table 14 drawn
again, not the map or the 27 towns' unemployment. The build names a folder for kept charts in
its kernels' environment (``CACHE_ENV``; not with ``--force``); a notebook run on its own keeps
nothing and draws every chart.

A kept chart is found by its function and arguments, and used only if all it was drawn from is
unchanged:

- the code (``lib/monotowns``), the notebooks, every data file outside ``data/tables`` (the
  texts, the registry, the geography…) and the versions of matplotlib, Pillow, NumPy and
  pandas: one fingerprint, so that any change there draws every chart again;
- each file the chart read (``data.recorder``: loaded, or served from a cache that loaded it),
  by its bytes: an edit of Table 14 draws again the charts that read Table 14, no other.

A kept chart is the same object the function returned (pickled: the PNG bytes, its title,
source, notes and take-away rows), so a report built from kept charts is the same bytes as one
that drew them (tested). The files are the build's own (``outputs/.cache/charts``), one per
chart of a report (its function and arguments), replaced when the chart is drawn again: their
number stays that of the charts the reports draw, whatever changed.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from monotowns.data import context, files, paths, recorder

#: The folder of kept charts, set by the build in its kernels' environment.
CACHE_ENV = "MONOTOWNS_CHART_CACHE"
#: Bump to forget every kept chart (a change of what a kept file holds).
FORMAT = 2


def folder() -> Path | None:
    """Where kept charts are, if the build keeps them (``CACHE_ENV``)."""
    v = os.environ.get(CACHE_ENV)
    return Path(v) if v else None


def _tree(h, base: Path, pattern: str, skip=()) -> None:
    for p in sorted(base.glob(pattern)):
        rel = p.relative_to(base)
        if p.is_file() and rel.parts[0] not in skip and "__pycache__" not in rel.parts:
            h.update(rel.as_posix().encode() + b"\0" + files.content_hash(p).encode() + b"\0")


_fingerprints: dict[tuple, str] = {}


def fingerprint() -> str:
    """What every chart is drawn from besides the tables: the code, the notebooks, the data
    files outside ``data/tables`` and the drawing libraries' versions (taken once per process
    and folders: a report's kernel is a process of its own)."""
    ctx = context.current()
    key = (os.getpid(), ctx.data_dir, ctx.notebooks_dir)
    if key not in _fingerprints:
        _fingerprints[key] = _fingerprint(ctx)
    return _fingerprints[key]


def _fingerprint(ctx) -> str:
    import matplotlib
    import numpy
    import pandas
    import PIL

    h = hashlib.sha256(f"{FORMAT} {matplotlib.__version__} {PIL.__version__} {numpy.__version__}".encode())
    h.update(pandas.__version__.encode() + b"\0")
    _tree(h, paths.LIB_DIR, "**/*")
    _tree(h, ctx.notebooks_dir, "*.ipynb")
    _tree(h, ctx.data_dir, "**/*", skip=("tables",))
    return h.hexdigest()


def _read_hashes(read: set[str] | list[str]) -> dict[str, str]:
    base = context.current().data_dir
    return {p: files.content_hash(base / p) for p in sorted(read)}


def kept(fn, args: tuple, kwargs: dict, draw):
    """The chart ``fn(*args, **kwargs)``, as kept if nothing it was drawn from changed, else
    ``draw()`` (which calls it), kept for the next build. Without a folder (``CACHE_ENV``), or
    for arguments that are not plain values, just ``draw()``."""
    where = folder()
    plain = all(isinstance(a, str | int | float | bool | type(None)) for a in (*args, *kwargs.values()))
    if where is None or not plain:
        return draw()
    call = repr((fn.__module__, fn.__qualname__, args, sorted(kwargs.items())))
    path = where / f"{hashlib.sha256(call.encode()).hexdigest()[:32]}.pickle"  # one file per chart
    common = fingerprint()
    try:
        with path.open("rb") as f:
            held = pickle.load(f)
        if held["common"] == common and held["reads"] == _read_hashes(held["reads"]):
            recorder.read(*held["reads"])  # the files the chart shows, for an outer record
            return held["chart"]
    except Exception:  # noqa: BLE001 - none kept, unreadable, or of classes since renamed: draw it
        pass
    with recorder.reading() as read:
        chart = draw()
    try:
        where.mkdir(parents=True, exist_ok=True)
        held = {"common": common, "reads": _read_hashes(read), "chart": chart}
        files.atomic_write_bytes(path, pickle.dumps(held, protocol=5))
    except OSError:
        pass  # a chart that cannot be kept is still drawn
    return chart
