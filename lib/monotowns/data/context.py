"""The explicit configuration of a run: which data, where outputs go, which language.

A ``Context`` is made once (by ``run_all.py``, the CLI, a test or a notebook's parameters) and
passed to what needs it; nothing reads an environment variable at import time. Two contexts
with different folders can be used side by side in one process: the caches that depend on a
folder are keyed by it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import paths
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
    """Data folder, outputs folder and report language of one run."""

    data_dir: Path = field(default=paths.DATA_DIR)
    outputs_dir: Path = field(default=paths.OUTPUTS_DIR)
    lang: str = "kk"

    def __post_init__(self) -> None:
        object.__setattr__(self, "data_dir", Path(self.data_dir))
        object.__setattr__(self, "outputs_dir", Path(self.outputs_dir))
        check_lang(self.lang)


DEFAULT = Context()
