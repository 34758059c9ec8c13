"""Which data files a computation read.

``with recorder.reading() as files:`` collects, in ``files``, the paths (relative to the data
folder) of the package's files read inside the block: loaded (``data.load``), stamped for a
cache (``data.kept``) or served from a cache that read them when it was filled
(``context.per_data_folder``). What is kept between builds is keyed by them
(``report.chartcache``: a chart is drawn again when a file it read changed).
"""

from __future__ import annotations

import contextlib

#: The sets being filled, innermost last.
_open: list[set[str]] = []


@contextlib.contextmanager
def reading():
    """Record the data files read inside the ``with`` block, in the set it gives."""
    files: set[str] = set()
    depth = len(_open)
    _open.append(files)
    try:
        yield files
    finally:
        del _open[depth:]


def read(*paths: str) -> None:
    """Note that these data files (paths relative to the data folder) were read."""
    for files in _open:
        files.update(paths)
