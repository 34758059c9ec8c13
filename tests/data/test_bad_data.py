"""Deliberately broken copies of the data files: one clear error naming file, row and column."""

from pathlib import Path

import pytest
from monotowns import data
from monotowns.data.errors import DataValidationError, MonotownsError


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _validate(copy: Path) -> DataValidationError:
    with pytest.raises(DataValidationError) as e:
        data.validate_all(copy / "datapackage.json")
    assert isinstance(e.value, MonotownsError)
    return e.value


def _line_of(path: Path, needle: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if needle in line:
            return i
    raise AssertionError(needle)


CASES = [
    # (file, old text, new text, expected column, message fragment)
    ("tables/T6.csv", ',"4,1",4.1,%,832', ',"4,1",four,%,832', "value", "type"),
    (
        "tables/T6.csv",
        "T6,stepnogorsk,Степногорск,unemployment",
        "T6,astana,Степногорск,unemployment",
        "city_id",
        "enum",
    ),
    ("tables/T6.csv", ',"4,1",4.1,%,832', ',"4,1",4.7,%,832', "value", "not a number the printed cell"),
    ("tables/T6.csv", ',"4,1",4.1,%,832', ',"104,1",104.1,%,832', "value", "outside 0.0..100.0"),
    (
        "tables/T6.csv",
        "T6,stepnogorsk,Степногорск,unemployment_rate_pct,2021",
        "T6,stepnogorsk,Шахты,unemployment_rate_pct,2021",
        "city_id",
        "is 'shakhtinsk'",
    ),
    (
        "tables/T6.csv",
        "T6,stepnogorsk,Степногорск,unemployment_rate_pct,2021",
        "T6,stepnogorsk,Степногорскк,unemployment_rate_pct,2021",
        "town_raw",
        "unknown town name",
    ),
    (
        "tables/T6.csv",
        'unemployment_rate_pct,2021,"4,1"',
        'unemployment_rate_pct,2030,"4,1"',
        "year",
        "maximum",
    ),
    (
        "tables/T6.csv",
        "T6,stepnogorsk,Степногорск,unemployment_rate_pct",
        "T6,stepnogorsk,Степногорск,unemployment",
        "indicator",
        "not described",
    ),
    ("tables/T6.csv", "%,832,", "%,0,", "line", "minimum"),
    ("tables/TB1.csv", ",all,all,4036", ",almaty,all,4036", "city_ids", "unknown town id"),
    ("tables/T25.csv", ",inertial,", ",stagnation,", "scenario_id", "enum"),
]


# the first case runs in the fast tier; the whole corpus (each validates a copy of the whole
# package, about a second) in the full suite
@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, id=f"{c[0]}:{c[3]}:{c[4]}", marks=() if i == 0 else pytest.mark.slow)
        for i, c in enumerate(c for c in CASES if c[3])
    ],
)
def test_broken_cell_names_file_row_and_column(data_copy, case):
    rel, old, new, column, fragment = case
    path = data_copy / rel
    _edit(path, old, new)
    row = _line_of(path, new.strip(","))
    err = _validate(data_copy)
    assert err.file == rel
    assert err.column == column
    assert err.row == row
    assert fragment in str(err)
    assert rel in str(err) and f"row {row}" in str(err) and f"column '{column}'" in str(err)


def test_duplicate_key(data_copy):
    path = data_copy / "tables" / "T14.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(2, lines[1])
    path.write_text("\n".join(lines), encoding="utf-8")
    err = _validate(data_copy)
    assert err.file == "tables/T14.csv" and err.row == 3 and "primary" in str(err).lower()


def test_missing_column(data_copy):
    path = data_copy / "tables" / "T14.csv"
    lines = [",".join(line.split(",")[:-1]) for line in path.read_text(encoding="utf-8").split("\n") if line]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = _validate(data_copy)
    assert err.file == "tables/T14.csv" and err.column == "note"


@pytest.mark.slow  # one of the corpus; the fast tier keeps a cell, a key, a column, an encoding
def test_renamed_column(data_copy):
    _edit(data_copy / "tables" / "T14.csv", "value_raw", "raw_value")
    err = _validate(data_copy)
    assert err.file == "tables/T14.csv" and err.column == "value_raw"


@pytest.mark.slow  # one of the corpus; the fast tier keeps a cell, a key, a column, an encoding
def test_byte_order_mark(data_copy):
    path = data_copy / "tables" / "T14.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    err = _validate(data_copy)
    assert err.file == "tables/T14.csv" and err.row == 1 and "byte-order mark" in str(err)


def test_wrong_encoding(data_copy):
    path = data_copy / "tables" / "T14.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1251", errors="replace"))
    err = _validate(data_copy)
    assert err.file == "tables/T14.csv" and "not UTF-8" in str(err) and err.row == 2


@pytest.mark.slow  # one of the corpus; the fast tier keeps a cell, a key, a column, an encoding
def test_empty_file(data_copy):
    (data_copy / "tables" / "T14.csv").write_text("", encoding="utf-8")
    err = _validate(data_copy)
    assert err.file == "tables/T14.csv" and "empty" in str(err)


@pytest.mark.slow  # one of the corpus; the fast tier keeps a cell, a key, a column, an encoding
def test_header_only(data_copy):
    path = data_copy / "tables" / "T14.csv"
    path.write_text(path.read_text(encoding="utf-8").split("\n")[0] + "\n", encoding="utf-8")
    err = _validate(data_copy)
    assert err.file == "tables/T14.csv" and "only a header" in str(err)


@pytest.mark.slow  # one of the corpus; the fast tier keeps a cell, a key, a column, an encoding
def test_missing_file(data_copy):
    (data_copy / "tables" / "T14.csv").unlink()
    err = _validate(data_copy)
    assert err.file == "tables/T14.csv" and "not found" in str(err)


def test_broken_descriptor(data_copy):
    (data_copy / "datapackage.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DataValidationError, match="cannot read the descriptor"):
        data.validate_all(data_copy / "datapackage.json")


@pytest.mark.slow  # one of the corpus; the fast tier keeps a cell, a key, a column, an encoding
def test_numeric_cell_without_value_needs_a_note(data_copy):
    import csv

    path = data_copy / "tables" / "T14.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[0]["value"] = rows[0]["note"] = ""
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    err = _validate(data_copy)
    assert err.file == "tables/T14.csv" and err.row == 2 and err.column == "value"
    assert "no value and no note" in str(err)
