"""Where things live. Nobody else builds paths from strings.

These are the defaults; what a run actually uses (another outputs folder for a test, say) is
stated in a ``Context`` (``monotowns.data.context``) and passed to what needs it.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
LIB_DIR = ROOT / "lib" / "monotowns"
DATA_DIR = ROOT / "data"
TABLES_DIR = DATA_DIR / "tables"
SECOND_KEYING_DIR = DATA_DIR / "second_keying"
SOURCES_DIR = DATA_DIR / "sources"
DATAPACKAGE = DATA_DIR / "datapackage.json"
TOWNS_CSV = DATA_DIR / "towns.csv"
TOWN_VARIANTS_CSV = DATA_DIR / "town_variants.csv"
ERRATA_CSV = DATA_DIR / "errata.csv"
TEXTS_CSV = DATA_DIR / "texts.csv"
#: Where the build writes by default (``run_all.py --outputs DIR`` or a Context says otherwise).
OUTPUTS_DIR = ROOT / "outputs"
NOTEBOOKS_DIR = ROOT / "notebooks"


def require_project() -> None:
    """Refuse, in one line, to run where the project's folders are not: the library reads its
    data package and notebooks from the project it sits in (a copy installed without them,
    e.g. ``pip install .`` instead of ``pip install -e .``, has none)."""
    from .errors import MonotownsError

    if not (DATA_DIR / "datapackage.json").is_file():
        raise MonotownsError(
            f"no data package at {DATA_DIR}: the monotowns library runs from its project folder "
            f"(this copy is at {Path(__file__).resolve().parents[1]}); install it from the project "
            "with `pip install -e .`, or use `bash run.sh`, which does"
        )


#: The two source documents, by short name.
SOURCE_FILES = {
    "diss": SOURCES_DIR / "003_7393752075225cf9.txt",
    "article": SOURCES_DIR / "000_776b77ada6c7b0db.txt",
}


def chapter_files(folder: Path | str | None = None) -> list[Path]:
    """The chapter notebooks of a notebooks folder (default: the project's), in chapter order:
    two digits, an underscore, lower-case letters, digits and underscores ("02_1_kazakhstan").
    Jupyter's copies ("01_theory-Copy1") are not chapters."""
    import re

    name = re.compile(r"\d\d_[a-z0-9_]+")
    return sorted(p for p in Path(folder or NOTEBOOKS_DIR).glob("[0-9][0-9]_*.ipynb") if name.fullmatch(p.stem))
