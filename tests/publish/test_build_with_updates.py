"""`run_all.py --update FILE`: later years an analyst adds. Files in every form a spreadsheet
saves (and .xlsx), each bad cell refused in one line with file, line and column, a published
cell never replaced, the report in three languages showing the added years with the file named,
and nothing changed for a report without an update.

Every number here is made up for the test and written to a temporary folder; none is in data/.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from monotowns import data
from monotowns.data import paths, updates
from monotowns.data.context import Context
from monotowns.data.errors import DataValidationError
from monotowns.publish import build, cli
from monotowns.report import added, townreport

HEAD = "town,indicator,year,value,source,unit,note\n"
#: Made-up later years for Balkhash (the published 2021 population is 79191, Table 6 line 885).
ROWS = [
    ("Балқаш", "population", 2022, "79600", "test: made up", "", ""),
    ("balkhash", "population", 2023, "80102", "test: made up", "persons", ""),
    ("Balkhash", "unemployment_rate_pct", 2023, "4.6", "test: made up", "%", ""),
]


def _csv(tmp_path: Path, rows=ROWS, name="my_update.csv", sep=",", decimal=".", bom=False) -> Path:
    lines = [sep.join(HEAD.strip().split(","))]
    for r in rows:
        cells = [str(c) for c in r]
        cells[3] = cells[3].replace(".", decimal)
        lines.append(sep.join(cells))
    p = tmp_path / name
    p.write_bytes((b"\xef\xbb\xbf" if bom else b"") + ("\n".join(lines) + "\n").encode("utf-8"))
    return p


def _xlsx(tmp_path: Path, rows=ROWS, name="my_update.xlsx") -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(HEAD.strip().split(","))
    for r in rows:
        cells = list(r)
        try:
            cells[3] = float(cells[3])  # a number cell, as a spreadsheet holds it
        except ValueError:
            pass
        ws.append(cells)
    p = tmp_path / name
    wb.save(p)
    return p


def _got(u: updates.Update) -> list[tuple]:
    return sorted((v.town, v.indicator, v.year, v.value) for v in u.values)


EXPECTED = [
    ("balkhash", "population", 2022, 79600.0),
    ("balkhash", "population", 2023, 80102.0),
    ("balkhash", "unemployment_rate_pct", 2023, 4.6),
]


@pytest.mark.parametrize(
    "form",
    [
        {},
        {"sep": ";", "decimal": ",", "bom": True},  # Excel in a Kazakh or Russian locale
        {"sep": "\t"},
    ],
)
def test_the_forms_a_spreadsheet_saves_read_alike(tmp_path, form):
    assert _got(updates.read(_csv(tmp_path, **form))) == EXPECTED


def test_an_xlsx_workbook_reads_like_the_csv(tmp_path):
    assert _got(updates.read(_xlsx(tmp_path))) == EXPECTED


BAD = [
    # (row replacing the third, column, words the message must hold)
    (("balkhash", "unemployment_rate_pct", 2023, "abc", "s", "", ""), "value", "not a number"),
    (("balkhash", "unemployment_rate_pct", 2023, "120", "s", "", ""), "value", "between 0 and 100"),
    (("balkhash", "population", 2023, "-5", "s", "", ""), "value", "at least 0"),
    (("balkhash", "gdp", 2023, "5", "s", "", ""), "indicator", "unknown measure"),
    (("balkhash", "population", 2023, "80.1", "s", "thousand persons", ""), "unit", "give the value in persons"),
    (("balkhash", "population", 2024, "80102", "", "", ""), "source", "no source"),
    (("balkhash", "population", 2099, "80102", "s", "", ""), "year", "outside"),
    (("balkhash", "population", "23", "80102", "s", "", ""), "year", "not a year"),
    (("Balkash", "population", 2024, "80102", "s", "", ""), "town", "did you mean 'balkhash'"),
    (("Балхаш", "population", 2023, "80102", "s", "", ""), "year", "given twice"),  # also row 3
]


@pytest.mark.parametrize("row,column,words", BAD, ids=[b[2] for b in BAD])
def test_a_bad_cell_is_refused_in_one_line_with_file_line_and_column(tmp_path, row, column, words):
    f = _csv(tmp_path, ROWS[:2] + [row])
    with pytest.raises(DataValidationError) as e:
        updates.read(f)
    msg = str(e.value)
    assert msg.startswith(f"{f}, row 4, column '{column}': "), msg
    assert words in msg and "\n" not in msg


def test_a_bad_cell_of_a_workbook_names_its_sheet_and_cell(tmp_path):
    f = _xlsx(tmp_path, ROWS[:2] + [("balkhash", "unemployment_rate_pct", 2023, "4,6%x", "s", "", "")])
    with pytest.raises(DataValidationError) as e:
        updates.read(f)
    assert str(e.value).startswith(f"{f}, sheet 'Data', row 4, column 'value': not a number")
    assert "(cell D4)" in str(e.value)


def test_a_published_cell_is_never_replaced(tmp_path):
    other = ("balkhash", "population", 2021, "80000", "bureau", "", "")
    with pytest.raises(DataValidationError) as e:
        updates.read(_csv(tmp_path, ROWS + [other]))
    msg = str(e.value)
    # both values named: the published one as printed, with its line, and the analyst's refused
    assert "row 5, column 'value'" in msg and "'78693/79191'" in msg and "line 885" in msg
    assert "never replaces a published cell" in msg
    same = ("balkhash", "population", 2021, "79191", "bureau", "", "")
    u = updates.read(_csv(tmp_path, ROWS + [same]))
    assert _got(u) == EXPECTED  # the printed value itself: accepted as a reference, not added
    assert [(v.indicator, v.year) for v in u.confirmed] == [("population", 2021)]
    assert data.numeric_table("T6").query("city_id == 'balkhash' and year == 2021 and indicator == 'population'")[
        "value"
    ].tolist() == [79191.0]


def test_a_year_in_two_files_is_refused(tmp_path):
    a = _csv(tmp_path, ROWS[:1], name="a.csv")
    b = _csv(tmp_path, ROWS[:1], name="b.csv")
    with pytest.raises(DataValidationError, match=r"b\.csv, row 2, column 'year'.*also given in a\.csv \(line 2\)"):
        updates.read_all([a, b])


def test_the_plausible_ranges_are_the_data_packages(tmp_path):
    ind = data.indicators().set_index(["table", "indicator"])
    for uid, r in updates.indicators().iterrows():
        if isinstance(r["table"], str) and r["table"]:
            pub = ind.loc[(r["table"], r["indicator"])]
            assert float(r["min"]) == float(pub["min"]), uid
            assert pd.isna(r["max"]) == pd.isna(pub["max"]) and (pd.isna(r["max"]) or r["max"] == pub["max"]), uid


def test_the_template_command_gives_the_latest_published_values_and_reads_back(tmp_path, capsys):
    out = tmp_path / "start.csv"
    assert cli.main(["update-template", "--town", "Балқаш", "--out", str(out)]) == 0
    df = pd.read_csv(out, dtype=str, keep_default_na=False)
    pop = df[df["indicator"] == "population"]
    assert pop.iloc[0][["year", "value"]].tolist() == ["2021", "79191"]  # Table 6, line 885
    assert pop.iloc[1][["year", "value"]].tolist() == ["2022", ""]  # to fill in
    wage = df[df["indicator"] == "avg_monthly_nominal_wage"]
    assert wage.iloc[0][["year", "value"]].tolist() == ["2020", "240497"]  # 2021's cell is garbled
    u = updates.read(out)  # as written, it adds nothing and is accepted
    assert u.values == [] and len(u.confirmed) == 5


def _html(town: str, lang: str, upd: str = "") -> str:
    return townreport.show(town, lang, "", upd)._repr_html_()


@pytest.mark.parametrize(
    "lang,value,mark",
    [
        pytest.param("en", "80,102", "added", marks=pytest.mark.slow),
        pytest.param("ru", "80\u00a0102", "добавлено", marks=pytest.mark.slow),
        pytest.param("kk", "80\u00a0102", "қосылған", marks=pytest.mark.slow),
    ],
)
def test_the_report_shows_the_added_years_with_the_file_named(tmp_path, lang, value, mark):
    f = _csv(tmp_path)
    html = _html("balkhash", lang, str(f))
    assert value in html and mark in html
    assert "my_update.csv" in html and hashlib.sha256(f.read_bytes()).hexdigest() in html
    assert "test: made up" in html  # each value's source, as the analyst gave it
    assert "2023" in html
    # the published population stays, beside the added one
    assert ("79,191" if lang == "en" else "79\u00a0191") in html


def test_findings_say_the_change_against_the_last_published_year(tmp_path):
    ups = [updates.read(_csv(tmp_path))]
    by = {s.indicator: s for s in added.series("balkhash", ups)}
    # (80102 − 79191) / 79191 = +1.15 %: "1.2% more than in 2021"; 4.6 − 4.9 = −0.3 points
    assert added.change(by["population"], "en") == "1.2% more than in 2021"
    assert added.change(by["unemployment_rate_pct"], "en") == "0.3 percentage points below 2021"


def test_ranks_and_medians_say_which_towns_they_cover(tmp_path):
    rows = [
        ("balkhash", "unemployment_rate_pct", 2023, "4.6", "t", "", ""),
        ("temirtau", "unemployment_rate_pct", 2023, "5.0", "t", "", ""),
        ("satpayev", "unemployment_rate_pct", 2023, "4.0", "t", "", ""),
        ("kentau", "population", 2023, "70000", "t", "", ""),
    ]
    ups = [updates.read(_csv(tmp_path, rows))]
    s = {x.indicator: x for x in added.series("balkhash", ups)}["unemployment_rate_pct"]
    assert added.rank_text("balkhash", s, ups, "en") == "2 of 3 towns with 2023 data (1 = the largest value)"
    assert "".join(map(str, added.medians("balkhash", ups, "en")[0])).endswith(
        "the median of the 3 towns with 2023 data is 4.6%."
    )
    k = added.series("kentau", ups)[0]
    assert added.rank_text("kentau", k, ups, "en") == "no rank: 1 of the 27 towns have 2023 data"
    assert added.medians("kentau", ups, "en") == []


def test_the_chart_draws_the_break_and_never_joins_the_series(tmp_path, monkeypatch):
    from monotowns.report import towncharts

    drawn = {}
    monkeypatch.setattr(towncharts, "_render", lambda fig: drawn.setdefault("fig", fig) and b"png")
    added.chart("balkhash", [updates.read(_csv(tmp_path))], "en")
    ax = drawn["fig"].axes[0]  # population
    lines = [(list(ln.get_xdata()), ln.get_linestyle()) for ln in ax.get_lines()]
    assert ([2017, 2021], "-") in [(list(map(int, x)), s) for x, s in lines]  # the sources
    assert ([2022, 2023], "--") in [(list(map(int, x)), s) for x, s in lines]  # added, apart
    assert any(s == ":" for _, s in lines)  # the break


@pytest.mark.slow
def test_an_update_changes_only_its_towns_reports(tmp_path):
    f = _csv(tmp_path)
    ctx = Context(outputs_dir=tmp_path / "out")
    jobs = build.all_jobs(ctx, towns=["balkhash", "temirtau"], langs=("en",))
    with_up = build.with_updates(jobs, [f])
    before = {j.name: build.fingerprint(j, ctx) for j in jobs}
    after = {j.name: build.fingerprint(j, ctx) for j in with_up}
    assert after["temirtau"] == before["temirtau"]
    assert after["balkhash"] != before["balkhash"]
    # and the page of a town the update does not name is the page without it
    assert _html("temirtau", "en", str(f)) == _html("temirtau", "en")
    assert "Later years added" not in _html("balkhash", "en")


def _run_all(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(paths.ROOT / "run_all.py"), "--outputs", str(tmp_path / "out"), "--quiet", *args],
        capture_output=True,
        text=True,
        cwd=paths.ROOT,
        env=dict(os.environ, PYTHONPATH=str(paths.ROOT / "lib")),
    )


@pytest.mark.slow
def test_run_all_refuses_a_bad_file_and_writes_no_report(tmp_path):
    f = _csv(tmp_path, ROWS[:2] + [("balkhash", "unemployment_rate_pct", 2023, "4.6.1", "s", "", "")])
    r = _run_all(tmp_path, "--town", "balkhash", "--update", str(f))
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [
        f"run_all: error: --update: {f.resolve()}, row 4, column 'value': not a number: '4.6.1' "
        "(use one decimal mark and no thousands separators)"
    ]
    assert not list((tmp_path / "out").rglob("*.html"))


@pytest.mark.slow
def test_run_all_with_an_xlsx_update_builds_the_towns_reports(tmp_path):
    f = _xlsx(tmp_path)
    r = _run_all(tmp_path, "--town", "balkhash", "--format", "html,xlsx", "--jobs", "1", "--update", str(f))
    assert r.returncode == 0, r.stderr
    for lang, value in (("en", "80,102"), ("ru", "80\u00a0102"), ("kk", "80\u00a0102")):
        page = (tmp_path / "out" / "towns" / lang / "balkhash.html").read_text(encoding="utf-8")
        assert value in page and "my_update.xlsx" in page
    book = pd.read_excel(tmp_path / "out" / "towns" / "en" / "balkhash.xlsx", sheet_name=None)
    assert book["added"].iloc[:, 2].tolist() == [79600, 80102, 4.6]
    # the pages hold what every page must (claims re-derived, no placeholder, …)
    from monotowns.publish import pagecheck

    for lang in ("en", "ru", "kk"):
        html = tmp_path / "out" / "towns" / lang / "balkhash.html"
        assert pagecheck.check_report(html, None, tmp_path / "out") == []


@pytest.mark.slow
def test_run_all_says_which_towns_an_update_adds_to_when_none_is_asked_for(tmp_path):
    r = _run_all(tmp_path, "--town", "saran", "--list", "--update", str(_csv(tmp_path)))
    assert r.returncode == 2
    assert r.stderr.strip() == "run_all: error: --update: the files add values for balkhash, none for saran"
    ref = _csv(tmp_path, [("balkhash", "population", 2021, "79191", "ref", "", "")], name="ref.csv")
    r = _run_all(tmp_path, "--town", "balkhash", "--list", "--update", str(ref))
    assert r.stderr.strip() == "run_all: error: --update: the files add no value (only empty or reference rows)"
