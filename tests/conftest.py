import shutil
from pathlib import Path

import pytest
from monotowns.data import paths


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ (without the large sources) to break on purpose."""
    dst = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, dst, ignore=shutil.ignore_patterns("sources"))
    return dst


def source_lines(source: str) -> list[str]:
    return paths.SOURCE_FILES[source].read_text(encoding="utf-8").split("\n")


def pytest_collection_modifyitems(items):
    """Tests that read the reports a module-scoped build made (fixture ``built``) are slow too."""
    for item in items:
        if "built" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
