"""The data package: descriptor, validation, provenance and coverage of the sources."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from monotowns import data
from monotowns.data import cells, descriptor, paths
from monotowns.data.context import DEFAULT

from ..conftest import source_lines

REQUIRED_TABLES = [f"T{i}" for i in range(1, 29)] + ["TAE1", "TB1", "AppV", "F20", "A1", "A2", "A3", "A4"]


def test_descriptor_is_up_to_date():
    assert DEFAULT.datapackage.read_text(encoding="utf-8") == descriptor.render(), (
        "run 'monotowns descriptor' and commit data/datapackage.json"
    )


def test_every_resource_validates():
    names = data.validate_all()
    assert len(names) == len(json.loads(DEFAULT.datapackage.read_text())["resources"])


@pytest.mark.slow
def test_frictionless_cli_validates_offline():
    exe = Path(sys.executable).with_name("frictionless")
    if not exe.exists():
        exe = shutil.which("frictionless")
    r = subprocess.run([str(exe), "validate", str(DEFAULT.datapackage)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-3000:]
    assert "INVALID" not in r.stdout


def test_every_data_file_is_described():
    described = {r["path"] for r in data.datapackage()["resources"]}
    on_disk = {str(p.relative_to(paths.DATA_DIR)) for p in paths.DATA_DIR.rglob("*.csv") if "sources" not in p.parts}
    assert on_disk == described


@pytest.mark.parametrize("table", REQUIRED_TABLES)
def test_every_source_table_has_a_resource(table):
    tables = {r.get("table_id") for r in data.datapackage()["resources"] if r.get("kind") != "second_keying"}
    assert table in tables


def _source_of(table: str) -> str:
    return "article" if table.startswith("A") and table != "AppV" else "diss"


def _rows_with_text(df: pd.DataFrame, col: str):
    for _, r in df.iterrows():
        if isinstance(r.get(col), str) and r[col] and pd.notna(r.get("line")):
            yield r


def _norm(s: str) -> str:
    return re.sub(r"[\s\u00a0]+", " ", s).strip()


@pytest.mark.parametrize(
    "res", [r for r in data.datapackage()["resources"] if "table_id" in r], ids=lambda r: r["name"]
)
def test_every_cell_is_on_its_line(res):
    """Provenance: the printed text of each cell (value_raw / text / mark) occurs on the line
    it names, or starts there when the cell wraps over several lines."""
    df = pd.read_csv(paths.DATA_DIR / res["path"], dtype=str, keep_default_na=False)
    cols = ("value_raw", "text", "mark_raw", "component_kk", "indicator_kk", "text_raw", "measure_raw", "town_raw")
    col = next((c for c in cols if c in df.columns), None)
    pairs = [(col, "line")] if col and "line" in df.columns else []
    # cells with a line of their own: X_line is the line of X_raw / X_kk / X
    for c in df.columns:
        if c.endswith("_line"):
            stem = c[: -len("_line")]
            text = next((t for t in (f"{stem}_raw", f"{stem}_kk", stem) if t in df.columns), None)
            if text:
                pairs.append((text, c))
    assert pairs, f"{res['name']}: no cell text column with a line"
    lines = source_lines(_source_of(res["table_id"]))
    misses = []
    for text_col, line_col in pairs:
        for _, r in df.iterrows():
            cell, line = r[text_col], r[line_col]
            if not cell or not line:
                continue
            for n in (int(x) for x in line.split(";")[:1]):
                window = _norm(" ".join(lines[max(0, n - 3) : n + 12]))
                head = _norm(cell)[:25]
                if head not in window and _norm(cell) not in window:
                    # a cell given as a sub-part of a printed line (e.g. one town's value in an A2 list)
                    if not any(head in _norm(lines[k]) for k in range(max(0, n - 3), n + 2)):
                        misses.append((text_col, n, cell[:60]))
    assert not misses, misses[:10]


def test_numeric_values_follow_their_printed_text():
    """`value` is never a correction: it is a number the printed cell states."""
    df = data.all_numeric()
    for _, r in df[df["value"].notna()].iterrows():
        assert abs(r["value"]) in data.number_candidates(r["value_raw"]), (r["table"], r["line"])


def test_dash_is_missing_not_zero():
    df = data.all_numeric()
    dashes = df[df["value_raw"].map(lambda s: cells.clean(s) in cells.DASHES)]
    assert len(dashes) > 0 and dashes["value"].isna().all()


def test_t6_holds_all_27_towns_with_2017_and_2021():
    t6 = data.numeric_table("T6")
    pop = t6[t6["indicator"] == "population"]
    assert sorted(pop["year"].unique().tolist()) == [2017, 2021]
    assert pop["city_id"].nunique() == 27
    # the example cells, as printed
    assert "298419/30403" in set(t6["value_raw"])
    assert "+ 6,2" in set(t6["value_raw"])


def test_t11_keeps_the_garbled_wage_as_printed():
    t11 = data.numeric_table("T11")
    cell = t11[
        (t11["city_id"] == "balkhash") & (t11["indicator"] == "avg_monthly_nominal_wage") & (t11["year"] == 2021)
    ].iloc[0]
    assert cell["value_raw"] == "267 2857" and pd.isna(cell["value"])


def test_structured_tables_have_their_printed_shape():
    t4 = data.load("t4")
    towns_t4 = t4[t4["city_id"].notna()]
    assert sorted(towns_t4["city_id"]) == sorted(set(towns_t4["city_id"])) and len(towns_t4) == 27
    assert towns_t4.groupby("functional_type_id").size().to_dict() == {
        "extractive": 20,
        "processing": 6,
        "science_industrial": 1,
    }
    tb1 = data.load("tb1")
    assert tb1.groupby("quadrant").size().to_dict() == {"O": 22, "S": 21, "T": 16, "W": 31}
    t25 = data.load("t25")
    assert len(t25) == 26 * 4 and set(t25["scenario_id"]) == {
        "inertial",
        "balanced",
        "innovative",
        "diversification",
    }
    assert len(data.load("appv")) == 21
    a4 = data.load("a4")
    assert sorted(a4["code"]) == sorted(
        [f"S{i}" for i in range(1, 5)] + [f"W{i}" for i in range(1, 9)] + [f"O{i}" for i in range(1, 6)] + ["T1", "T2"]
    )
    t26s = data.load("t26-scores")
    assert len(t26s) == 12


def test_readme_generated_sections_are_up_to_date():
    """The dataset list (from the descriptor) and the list of tables and figures (from the
    reproducer registry) in the README are what the code generates now."""
    from monotowns.publish import readme

    text = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.updated_text(text) == text, "run 'monotowns descriptor' to regenerate README.md's lists"


@pytest.mark.parametrize("res", data.datapackage()["resources"], ids=lambda r: r["name"])
def test_round_trip_through_the_validator(res, tmp_path):
    """Load (validated), write back, validate again: same frame, still valid."""
    df = data.load_resource(res)
    out = tmp_path / res["path"]
    out.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(out, index=False, lineterminator="\n")
    again = data.load_resource(res, tmp_path)
    pd.testing.assert_frame_equal(df, again)


def test_a_process_told_after_its_first_load_that_the_package_is_validated_trusts_it(monkeypatch, data_copy):
    """The build's own process loads (the registry, its options) before it validates; once it has
    validated and set ``VALIDATED_ENV``, its loads (the plan's ranks) skip the schema check. It
    used to keep the first answer, and checked the schema of every table again. A file saved
    after the validation is checked again (``--watch``'s process loads an edit before the build
    validates it)."""
    from monotowns.data import package
    from monotowns.data.context import Context, use

    checked: list[str] = []
    real = package._frictionless_check
    monkeypatch.setattr(
        package, "_frictionless_check", lambda res, base: (checked.append(res["name"]), real(res, base))
    )
    monkeypatch.setattr(package, "_CACHE", {})
    monkeypatch.delenv(data.VALIDATED_ENV, raising=False)
    package._trusted.cache_clear()
    try:
        with use(Context(data_dir=data_copy)):
            data.load("t6")
            assert "t6" in checked  # not told: checked
            monkeypatch.setenv(data.VALIDATED_ENV, data.package_fingerprint())
            data.load("t14")
            assert "t14" not in checked  # told: trusted from then on
            t15 = data_copy / data.resource_descriptor("t15")["path"]
            t15.write_text(t15.read_text(encoding="utf-8").replace("\n", "\r\n"), encoding="utf-8")
            data.load("t15")
            assert "t15" in checked  # saved since it was validated: checked
            monkeypatch.setenv(data.VALIDATED_ENV, "another package")
            data.load("t11")
            assert "t11" in checked  # told of another package: checked
    finally:
        package._trusted.cache_clear()
