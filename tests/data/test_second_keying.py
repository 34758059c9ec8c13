"""The second keying of every numeric table: the two keyings differ only where a decision
says why, and the comparison catches a changed number."""

import shutil

import pandas as pd
from monotowns.data import keying, paths
from monotowns.data.context import DEFAULT


def test_the_two_keyings_differ_only_where_decided():
    found = keying.all_differences().fillna("")
    listed = pd.read_csv(paths.DATA_DIR / "keying_differences.csv", dtype=str, keep_default_na=False)
    cols = ["table", "city_id", "line", "year", "field", "key1", "key2"]
    f = set(map(tuple, found[cols].astype(str).values))
    ls = set(map(tuple, listed[cols].values))
    assert f - ls == set(), f"undecided differences: {sorted(f - ls)[:5]}"
    assert ls - f == set(), f"listed differences that no longer occur: {sorted(ls - f)[:5]}"
    assert listed["decision"].str.len().gt(20).all()


def test_every_numeric_table_was_keyed_twice():
    from monotowns.data.descriptor import NUMERIC_TABLES

    assert {p.stem for p in DEFAULT.second_keying_dir.glob("*.csv")} == set(NUMERIC_TABLES)


def test_comparison_catches_a_changed_number(tmp_path, folders):
    src = DEFAULT.tables_dir / "T14.csv"
    df = pd.read_csv(src, dtype=str, keep_default_na=False)
    df.loc[0, "value"] = str(float(df.loc[0, "value"]) + 1)
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "T14.csv").write_text(df.to_csv(index=False), encoding="utf-8")
    shutil.copytree(DEFAULT.second_keying_dir, tmp_path / "second_keying")
    folders(data_dir=tmp_path)
    assert any(d["field"] == "value" for d in keying.compare("T14"))
