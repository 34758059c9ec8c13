"""Where things live. Nobody else builds paths from strings."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
TABLES_DIR = DATA_DIR / "tables"
SECOND_KEYING_DIR = DATA_DIR / "second_keying"
SOURCES_DIR = DATA_DIR / "sources"
DATAPACKAGE = DATA_DIR / "datapackage.json"
TOWNS_CSV = DATA_DIR / "towns.csv"
TOWN_VARIANTS_CSV = DATA_DIR / "town_variants.csv"
ERRATA_CSV = DATA_DIR / "errata.csv"
#: Where the build writes; MONOTOWNS_OUTPUTS overrides it (tests build into a temporary folder).
OUTPUTS_DIR = Path(os.environ["MONOTOWNS_OUTPUTS"]) if os.environ.get("MONOTOWNS_OUTPUTS") else ROOT / "outputs"
NOTEBOOKS_DIR = ROOT / "notebooks"

#: The two source documents, by short name.
SOURCE_FILES = {
    "diss": SOURCES_DIR / "003_7393752075225cf9.txt",
    "article": SOURCES_DIR / "000_776b77ada6c7b0db.txt",
}
