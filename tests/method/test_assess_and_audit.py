"""As-published mode against every printed cell of Tables 19-26; the audit; `monotowns assess`."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from monotowns import data, method
from monotowns.data import errata
from monotowns.method import assess, audit, scenarios

MONOTOWNS = [str(Path(sys.executable).with_name("monotowns"))]


@pytest.fixture(scope="module")
def audit_df():
    return audit.audit()


@pytest.fixture(scope="module")
def published():
    return {a.town: a for a in assess.assess_published()}


def _listed(df, table, town, quantity) -> bool:
    return bool(((df["table"] == table) & (df["town"] == town) & (df["quantity"] == quantity)).any())


def test_as_published_mode_reproduces_the_printed_cells_or_the_audit_says_why(audit_df, published):
    """Every printed result, grade and score of Tables 19-26: the formula on the printed inputs,
    the scale on the printed value, Table 25 on Table 26's grades. Any difference must be in the
    audit."""
    unexplained = []
    for town, a in published.items():
        pub = method.published_results(town)
        for ind, p in pub.items():
            t = method.TABLE_OF[ind]
            if errata.classify(p.value, p.value_raw, a.indicators[ind].value) and not _listed(
                audit_df, t, town, f"{ind} value"
            ):
                unexplained.append((t, town, ind, p.value_raw))
            if (
                p.class_id
                and method.grade(ind, p.value) != p.class_id
                and not _listed(audit_df, t, town, f"{ind} grade vs scale")
            ):
                unexplained.append((t, town, ind, p.class_raw))
            t26 = a.published_classes_t26.get(ind)
            if t26 and p.class_id and t26 != p.class_id and not _listed(audit_df, "T26", town, f"{ind} grade"):
                unexplained.append(("T26", town, ind, t26))
        for s in scenarios.SCENARIOS:
            if a.printed_scores_t26[s] != a.scores_from_published_classes[s] and not _listed(
                audit_df, "T26", town, f"score {s}"
            ):
                unexplained.append(("T26", town, s, a.printed_scores_t26[s]))
    assert unexplained == []


def test_published_values_are_the_printed_cells(published):
    t19 = data.numeric_table("T19")
    for town, a in published.items():
        printed = t19[(t19.city_id == town) & (t19.indicator == "TDm")]["value"].iloc[0]
        assert a.indicators["TDm"].published == printed
    # Table 26's printed '+' rows (lines 3428-3445)
    assert published["balkhash"].printed_scores_t26 == {
        "inertial": 0,
        "balanced": 3,
        "innovative": 4,
        "diversification": 4,
    }
    assert published["temirtau"].printed_scores_t26["diversification"] == 6


def test_known_source_inconsistencies_are_in_the_audit(audit_df):
    for table, town, q in [
        ("T26", "karazhal", "score inertial"),  # printed '+', T25 with T26 grades gives 0
        ("T26", "karazhal", "score diversification"),  # printed 1, matrix gives 3
        ("T26", "temirtau", "score innovative"),  # printed 5, matrix gives 4
        ("T26", "karazhal", "TDda grade"),  # T21 орташадан төмен vs T26 орташадан жоғары
        ("T20", "temirtau", "TDea grade vs scale"),  # 31 graded 'орташадан жоғары' (25-30)
        ("T22", "karazhal", "TDzhia value"),  # 4 vs √25.79 = 5.08
        ("T19", "balkhash", "TDm value"),  # 53 = 100 − √2184, the row label's formula
        ("T6", "shakhtinsk", "population_change_pct"),  # from the data errata
    ]:
        assert _listed(audit_df, table, town, q), (table, town, q)


def test_conclusions_are_checked_for_each_town(audit_df):
    c = audit_df[audit_df["kind"].str.startswith("conclusion")]
    assert sorted(c["town"].unique()) == ["balkhash", "karazhal", "temirtau"]
    assert len(c) == 9
    k = c[(c.town == "karazhal") & (c.quantity == "conclusion vs printed scores")].iloc[0]
    # the author recommends diversification for Karazhal, whose printed score is 1 of 4
    assert k["kind"] == "conclusion:partly" and "diversification (score 1" in k["likely_cause"]


def test_audit_writes_csv_and_markdown(tmp_path):
    csv_path, md_path = audit.write(tmp_path)
    df = pd.read_csv(csv_path)
    assert list(df.columns) == audit.COLUMNS
    assert len(df) == len(audit.audit())
    md = md_path.read_text(encoding="utf-8")
    assert md.startswith("# Audit") and "Table 26" in md and "| T26 |" in md


# ------------------------------------------------------------ the command line


def _run(*args, cwd=None):
    return subprocess.run(MONOTOWNS + list(args), capture_output=True, text=True, timeout=120, cwd=cwd)


@pytest.mark.slow
def test_assess_published_json_shape():
    r = _run("assess", "--published", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert [o["town"] for o in out] == ["balkhash", "karazhal", "temirtau"]
    o = out[0]
    assert set(o) == {"town", "indicators", "scores", "scores_from_published_classes", "recommended"}
    assert list(o["indicators"]) == ["TDm", "TDe", "TDa", "TDea", "TDda", "TDzhia", "TDaa", "TDsp"]
    assert set(o["indicators"]["TDm"]) == {"value", "class", "published", "published_class"}
    assert o["indicators"]["TDe"]["class"] is None and o["indicators"]["TDe"]["published"] == 15
    assert set(o["scores"]) == set(scenarios.SCENARIOS)
    assert o["scores_from_published_classes"] == {
        "inertial": 0,
        "balanced": 3,
        "innovative": 4,
        "diversification": 4,
    }


@pytest.mark.slow
def test_assess_own_town(tmp_path):
    f = tmp_path / "mine.csv"
    tpl = pd.read_csv(data.paths.DATA_DIR / "assess_template.csv")
    row = tpl.iloc[[0]].copy()
    row["town"] = "Жезқазған"
    row["TDm1"] = 95
    row["TDm2"] = 90  # √8550 = 92.5 → high → inertial
    row.to_csv(f, index=False)
    r = _run("assess", str(f), "--json")
    assert r.returncode == 0, r.stderr
    o = json.loads(r.stdout)[0]
    assert o["town"] == "zhezkazgan"
    assert o["indicators"]["TDm"]["class"] == "high" and o["indicators"]["TDm"]["published"] is None
    assert o["scores_from_published_classes"] is None
    text = _run("assess", str(f)).stdout  # the text output speaks Kazakh by default
    assert "Жезқазған" in text and "Ұсынылатын сценарий" in text
    text = _run("assess", str(f), "--lang", "en").stdout
    assert "Zhezkazgan" in text and "Recommended scenario" in text and "Ұсынылатын" not in text


def _bad(tmp_path, edit) -> subprocess.CompletedProcess:
    tpl = (data.paths.DATA_DIR / "assess_template.csv").read_text(encoding="utf-8")
    f = tmp_path / "bad.csv"
    f.write_text(edit(tpl), encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    r = _run("assess", str(f), cwd=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written
    return r


@pytest.mark.slow
@pytest.mark.parametrize(
    "name, edit, where",
    [
        ("share above 100", lambda t: t.replace("balkhash,80,", "balkhash,180,"), "row 2, column 'TDm1'"),
        ("negative count", lambda t: t.replace(",9,94,", ",-9,94,", 1), "row 2, column 'TDzhia1_city'"),
        (
            "missing column",
            lambda t: t.replace(",TDsp2", "").replace(",100\n", "\n"),
            "row 1, column 'TDsp2'",
        ),
        ("unknown column", lambda t: t.replace("TDsp2", "TDsp3"), "row 1, column 'TDsp2'"),
        ("duplicate town", lambda t: t.replace("karazhal,", "Балқаш,"), "row 3, column 'town'"),
        ("non-number", lambda t: t.replace("balkhash,80,27.3", "balkhash,80,27,3"), "row 2"),
        (
            "comma decimal",
            lambda t: t.replace("balkhash,80,27.3", 'balkhash,80,"27,3"'),
            "row 2, column 'TDm2'",
        ),
        ("city above oblast", lambda t: t.replace(",9,94,", ",95,94,", 1), "row 2, column 'TDzhia1_city'"),
        ("empty cell", lambda t: t.replace("balkhash,80,", "balkhash,,"), "row 2, column 'TDm1'"),
        ("header only", lambda t: t.split("\n")[0] + "\n", "row 2"),
        ("empty file", lambda t: "", "empty"),
    ],
)
def test_bad_inputs_one_line_no_traceback(tmp_path, name, edit, where):
    r = _bad(tmp_path, edit)
    assert r.returncode == 2, name
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, r.stderr
    assert where in r.stderr and "bad.csv" in r.stderr, r.stderr
    assert r.stdout == ""


@pytest.mark.slow
def test_assess_needs_a_file_or_published():
    r = _run("assess")
    assert r.returncode == 2 and "Traceback" not in r.stderr


@pytest.mark.slow
@pytest.mark.parametrize("cmd", ["assess", "audit"])
def test_help(cmd):
    r = _run(cmd, "--help")
    assert r.returncode == 0 and "usage" in r.stdout


@pytest.mark.slow
def test_audit_command(tmp_path):
    r = _run("audit", "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "audit.csv").exists() and (tmp_path / "audit.md").exists()
