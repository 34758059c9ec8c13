"""`monotowns export` and the command line's error behaviour."""

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from monotowns import data
from monotowns.data.context import DEFAULT
from monotowns.publish import cli

from ..conftest import source_lines

MONOTOWNS = [str(Path(sys.executable).with_name("monotowns"))]
DONE_WHEN = [
    "T5",
    "T6",
    "T7",
    "T9",
    "T11",
    "T13",
    "T14",
    "T15",
    "T16",
    "T19",
    "T20",
    "T21",
    "T22",
    "T23",
    "T24",
    "F20",
    "A1",
    "A2",
    "A3",
]


@pytest.fixture(scope="module")
def exported() -> list[dict]:
    r = subprocess.run(MONOTOWNS + ["export"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return list(csv.DictReader(io.StringIO(r.stdout)))


@pytest.mark.slow
def test_columns_exactly(exported):
    assert list(exported[0]) == [
        "source",
        "table",
        "city_id",
        "indicator",
        "year",
        "value_raw",
        "value",
        "unit",
        "line",
    ]


def test_every_required_table_is_exported(exported):
    assert {r["table"] for r in exported} == set(DONE_WHEN)


def test_every_exported_number_is_traceable(exported):
    lines = {s: source_lines(s) for s in ("diss", "article")}
    for r in exported:
        line = lines[r["source"]][int(r["line"]) - 1]
        head = r["value_raw"].split("(")[0].strip()[:12] or r["value_raw"]
        assert head in line or head.replace("\u00a0", " ") in line.replace("\u00a0", " "), r
        assert r["source"] == ("article" if r["table"].startswith("A") else "diss")


def test_ids_are_registry_ids_or_aggregates(exported):
    from monotowns.data import towns

    ok = set(towns.town_ids()) | set(towns.AGGREGATE_IDS)
    assert {r["city_id"] for r in exported} <= ok
    assert any(r["city_id"] == "karaganda_oblast" for r in exported)


def test_no_text_cell_and_no_number_lost(exported):
    df = data.all_numeric()
    ind = data.indicators()
    n_numeric = df.merge(ind[ind["kind"] == "number"][["table", "indicator"]]).shape[0]
    assert len(exported) == n_numeric
    assert not any(r["indicator"].startswith("project_name") for r in exported)


def test_export_loads_into_pandas_with_one_call(tmp_path):
    import pandas as pd

    out = tmp_path / "all.csv"
    assert cli.main(["export", "--out", str(out)]) == 0
    df = pd.read_csv(out)
    assert df["value"].dtype == float and len(df) > 800
    row = df[(df.table == "T6") & (df.city_id == "karatau") & (df.year == 2017)].iloc[0]
    assert row["value_raw"] == "298419/30403" and row["value"] == 298419


@pytest.mark.slow
def test_help_exists():
    r = subprocess.run(MONOTOWNS + ["export", "--help"], capture_output=True, text=True)
    assert r.returncode == 0 and "--out" in r.stdout


@pytest.mark.slow
def test_unknown_town_is_one_line_without_traceback():
    r = subprocess.run(MONOTOWNS + ["town", "Алматы"], capture_output=True, text=True)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert "unknown town name" in r.stderr


@pytest.mark.slow
def test_bad_package_is_one_line_without_traceback(tmp_path):
    bad = tmp_path / "datapackage.json"
    bad.write_text("{", encoding="utf-8")
    r = subprocess.run(MONOTOWNS + ["validate", "--package", str(bad)], capture_output=True, text=True)
    assert r.returncode == 2 and "Traceback" not in r.stderr and r.stderr.count("\n") == 1


@pytest.mark.slow
def test_export_to_unwritable_place_leaves_nothing(tmp_path):
    target = tmp_path / "nodir" / "x.csv"
    (tmp_path / "nodir").write_text("a file, not a folder", encoding="utf-8")
    r = subprocess.run(MONOTOWNS + ["export", "--out", str(target)], capture_output=True, text=True)
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert not target.exists()


def test_descriptor_check_passes():
    assert cli.main(["descriptor", "--check"]) == 0
    assert DEFAULT.datapackage.exists()
