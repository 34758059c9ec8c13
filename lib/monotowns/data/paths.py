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

#: The two source documents, by short name.
SOURCE_FILES = {
    "diss": SOURCES_DIR / "003_7393752075225cf9.txt",
    "article": SOURCES_DIR / "000_776b77ada6c7b0db.txt",
}
