"""Where things live by default. Nobody else builds paths from strings.

The folders a run reads and writes (data, notebooks, outputs) are the defaults of a
``Context`` (``monotowns.data.context``): code reads them from a context (its own, or
``context.current()``), never from here. ``ROOT`` and ``LIB_DIR`` are where the project and the
library's code are (for the code's fingerprint, the README), not configuration.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
LIB_DIR = ROOT / "lib" / "monotowns"
DATA_DIR = ROOT / "data"
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


#: The two source documents' file names under ``data/sources``, by short name.
SOURCE_FILE_NAMES = {"diss": "003_7393752075225cf9.txt", "article": "000_776b77ada6c7b0db.txt"}


def chapter_files(folder: Path | str) -> list[Path]:
    """The chapter notebooks of a notebooks folder (a context's ``notebooks_dir``), in chapter order:
    two digits, an underscore, lower-case letters, digits and underscores ("02_1_kazakhstan").
    Jupyter's copies ("01_theory-Copy1") are not chapters."""
    import re

    name = re.compile(r"\d\d_[a-z0-9_]+")
    return sorted(p for p in Path(folder).glob("[0-9][0-9]_*.ipynb") if name.fullmatch(p.stem))
