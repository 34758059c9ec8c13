"""The explicit configuration of a run: which data, where outputs go, which language.

A ``Context`` is made once (by ``run_all.py``, the CLI, a test or a notebook's parameters) and
passed to what needs it; nothing reads an environment variable at import time. Two contexts
with different folders can be used side by side in one process: the caches that depend on a
folder are keyed by it.
"""

from __future__ import annotations

import contextlib
import functools
from dataclasses import dataclass, field
from pathlib import Path

from . import paths, recorder
from .errors import MonotownsError

#: The report languages, in the order the reports list them. Adding a language is adding a
#: column to data/texts.csv and its code here; a test fails on any missing translation.
LANGS = ("kk", "ru", "en")


#: The language of the sources: their words are shown as published to its readers.
SOURCE_LANG = "kk"


def landing_page(lang: str) -> str:
    """The landing page's file name in a language: the sources' language gets ``index.html``."""
    return "index.html" if lang == SOURCE_LANG else f"index-{check_lang(lang)}.html"


def check_lang(lang: str) -> str:
    """The language code, or an error listing the valid ones."""
    if lang not in LANGS:
        raise MonotownsError(f"unknown language {lang!r}; valid: {', '.join(LANGS)}")
    return lang


@dataclass(frozen=True)
class Context:
    """Data folder, outputs folder, notebooks folder and report language of one run; every
    other path of the data is a name inside the data folder (``tables_dir``, ``datapackage``…).
    A folder not given is the current context's (``Context(outputs_dir=X)``: as now, but the
    outputs go to X)."""

    data_dir: Path = field(default_factory=lambda: current().data_dir)
    outputs_dir: Path = field(default_factory=lambda: current().outputs_dir)
    lang: str = "kk"
    notebooks_dir: Path = field(default_factory=lambda: current().notebooks_dir)

    def __post_init__(self) -> None:
        for name in ("data_dir", "outputs_dir", "notebooks_dir"):
            object.__setattr__(self, name, Path(getattr(self, name)))
        check_lang(self.lang)

    @property
    def tables_dir(self) -> Path:
        """The source tables, one CSV each (``data/tables``)."""
        return self.data_dir / "tables"

    @property
    def second_keying_dir(self) -> Path:
        """The tables keyed a second time, to compare with the first (``data/second_keying``)."""
        return self.data_dir / "second_keying"

    @property
    def datapackage(self) -> Path:
        """The data package's descriptor (``data/datapackage.json``)."""
        return self.data_dir / "datapackage.json"

    @property
    def towns_csv(self) -> Path:
        return self.data_dir / "towns.csv"

    @property
    def town_variants_csv(self) -> Path:
        return self.data_dir / "town_variants.csv"

    @property
    def errata_csv(self) -> Path:
        return self.data_dir / "errata.csv"

    @property
    def texts_csv(self) -> Path:
        """The text catalogue's first file (its other areas are ``texts_*.csv`` beside it)."""
        return self.data_dir / "texts.csv"

    @property
    def source_files(self) -> dict[str, Path]:
        """The two source documents, by short name (``diss``, ``article``)."""
        return {k: self.data_dir / "sources" / name for k, name in paths.SOURCE_FILE_NAMES.items()}


DEFAULT = Context(paths.DATA_DIR, paths.OUTPUTS_DIR, "kk", paths.NOTEBOOKS_DIR)

_current: list[Context] = [DEFAULT]


def current() -> Context:
    """The context of what runs now: the default one, or the one a command, a build or a test
    chose (``use``). Code that is not handed a context reads its folders here, never from
    ``paths``."""
    return _current[-1]


@contextlib.contextmanager
def use(ctx: Context):
    """Make ``ctx`` the current context inside a ``with`` block (restored after it)."""
    depth = len(_current)
    _current.append(ctx)
    try:
        yield ctx
    finally:
        del _current[depth:]  # by place, not by value: an equal context may stand below


def per_data_folder(fn):
    """Keep what ``fn`` computes from the data, per data folder of the current context and while
    the files it read (``recorder``) keep their time and size: a test or a run with another data
    folder never sees another folder's values, and a process that lives on (``--watch``, its
    warm processes) never an edited file's old ones. ``fn.cache_clear()`` forgets it all."""
    kept: dict[tuple, tuple] = {}

    def stamps(base: Path, names: tuple[str, ...]) -> tuple:
        out = []
        for name in names:
            try:
                st = (base / name).stat()
                out.append((st.st_mtime_ns, st.st_size))
            except OSError:
                out.append(None)
        return tuple(out)

    @functools.wraps(fn)
    def wrapper(*args):
        base = current().data_dir
        key = (base, *args)
        held = kept.get(key)
        if held is None or stamps(base, held[1]) != held[2]:
            with recorder.reading() as files:
                value = fn(*args)
            names = tuple(sorted(files))
            if len(kept) >= 64:  # a few folders and arguments at a time
                del kept[next(iter(kept))]
            held = kept[key] = (value, names, stamps(base, names))
        recorder.read(*held[1])  # a value kept is still read from these files
        return held[0]

    wrapper.cache_clear = kept.clear
    return wrapper
