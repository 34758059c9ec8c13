"""Data to take away (issue "town profile, second step", item 6): a workbook per town report
whose every row is a published cell on its line, download links on every report page that find
their files, and the data's version date on every report and in "How to cite"."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pytest
from monotowns.data import paths
from monotowns.data.context import DEFAULT
from monotowns.publish import pagecheck, workbook
from monotowns.report import texts, townprofile, townreport

LANGS = ("kk", "ru", "en")


@pytest.mark.parametrize("town", ["balkhash", "kentau"])
def test_every_row_of_the_workbook_is_a_published_cell_on_its_line(town):
    from openpyxl import load_workbook

    raw = workbook.xlsx_bytes(townreport.workbook_sheets(town, "en"), title=town)
    assert raw == workbook.xlsx_bytes(townreport.workbook_sheets(town, "en"), title=town)  # no clock in it
    wb = load_workbook(io.BytesIO(raw))
    assert wb.sheetnames[0] == "About" and len(wb.sheetnames) >= 3, wb.sheetnames
    n, notes = 0, []
    for ws in wb.worksheets[1:]:
        head = [c.value for c in ws[1]]
        assert head == ["Measure", "Year", "As printed", "Value", "Unit", "Table", "Line", "Note on the source"], head
        for _measure, year, printed, value, _unit, table, line, note in ws.iter_rows(min_row=2, values_only=True):
            sid = next(s for s in townreport.WORKBOOK_TABLES if texts.source_id_label(s, "en") == table)
            df = pd.read_csv(DEFAULT.tables_dir / f"{sid}.csv", dtype={"value_raw": str})  # not via the library
            rows = df[(df["city_id"] == town) & (df["line"] == line)]
            assert len(rows), (ws.title, line)
            if value is not None:
                assert any(abs(v - value) < 1e-9 for v in rows["value"].dropna()), (ws.title, line, value)
            assert printed in set(rows["value_raw"].dropna()) or printed is None, (ws.title, line, printed)
            if year is not None:
                assert isinstance(year, int) and year in set(rows["year"].dropna().astype(int)), (ws.title, year)
            notes += [note] if note else []
            n += 1
    assert n >= 10, n
    if town == "balkhash":  # Table 6 heads its populations 'thousand persons' over head counts: said by the cell
        assert any("thousand persons" in x for x in notes), notes


def test_sheet_names_are_valid_and_distinct():
    taken: set[str] = set()
    for text in ["Table 6", "Table 6", "Кесте: 6/7 [a]?", "x" * 40]:
        name = workbook.sheet_name(text, taken)
        assert len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name) and name.lower() not in taken, name
        taken.add(name.lower())


def _page(tmp_path: Path, links: str | None) -> Path:
    folder = tmp_path / "towns" / "en"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "x.pdf").write_bytes(b"%PDF")
    downloads = f'<p class="downloads">Download: {links}</p>' if links is not None else ""
    page = folder / "x.html"
    page.write_text(f"<html><body><header>{downloads}</header></body></html>", encoding="utf-8")
    return page


def test_a_download_link_to_a_missing_file_is_found(tmp_path):
    nb = "../../notebooks/town/en/x.ipynb"
    (tmp_path / "notebooks" / "town" / "en").mkdir(parents=True)
    (tmp_path / "notebooks" / "town" / "en" / "x.ipynb").write_text("{}")
    good = _page(tmp_path, f'<a href="x.pdf">PDF</a> · <a href="{nb}">notebook</a>')
    assert pagecheck.download_faults(good.read_text(), good) == []
    bad = _page(tmp_path, f'<a href="x.xlsx">data</a> · <a href="{nb}">notebook</a>')
    assert pagecheck.download_faults(bad.read_text(), bad) == ["download link to a missing file: x.xlsx"]
    none = _page(tmp_path, None)
    assert pagecheck.download_faults(none.read_text(), none) == ["no download links (PDF, notebook, data)"]
    no_nb = _page(tmp_path, '<a href="x.pdf">PDF</a>')
    assert pagecheck.download_faults(no_nb.read_text(), no_nb) == ["no link to the executed notebook"]


@pytest.mark.parametrize("lang", LANGS)
def test_how_to_cite_gives_the_data_s_date_in_the_language(lang):
    text = townprofile.cite("saran", lang).html
    date = texts.data_date(lang)
    assert date in text, (lang, text)
    assert "2026" in date and not re.search(r"\d\d:\d\d", text)  # a date, never a time of day


def test_every_built_report_page_links_its_files_and_states_the_data_date(built):
    out, _, _ = built
    pages = [p for p in out.rglob("*.html") if "notebooks" not in p.relative_to(out).parts]
    reports = [p for p in pages if p.parent.name in LANGS]
    assert len(reports) > 20
    for p in reports:
        text = p.read_text(encoding="utf-8")
        assert pagecheck.download_faults(text, p) == [], p
        lang = p.parent.name
        footer = re.search(r"<footer>(.*?)</footer>", text, re.S).group(1)
        assert texts.data_date(lang).replace("\u202f", " ") in footer.replace("\u202f", " "), (p, footer)
    for lang in LANGS:
        assert (out / "towns" / lang / "saran.xlsx").is_file()


@pytest.mark.slow
@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_the_workbook_opens_in_libreoffice(tmp_path):
    """LibreOffice reads every sheet back (its CSV export, one file per sheet, UTF-8)."""
    import subprocess

    sheets = townreport.workbook_sheets("balkhash", "ru")
    book = tmp_path / "balkhash.xlsx"
    book.write_bytes(workbook.xlsx_bytes(sheets, title="Балхаш"))
    csv_filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    r = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            csv_filter,
            "--outdir",
            str(tmp_path / "csv"),
            str(book),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert r.returncode == 0, r.stderr
    got = sorted((tmp_path / "csv").glob("*.csv"))
    assert len(got) == len(sheets), [p.name for p in got]
    t6 = next(p for p in got if p.name.endswith(f"{texts.source_id_label('T6', 'ru')}.csv"))
    text = t6.read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(sheets[1][1].columns) and "78693/79191" in text, text[:300]


# ---------------------------------------------------------------- the CSV of each table and chart


def _raw(sid: str) -> pd.DataFrame:
    """A source table as data/tables holds it (read here, not through the library)."""
    return pd.read_csv(DEFAULT.tables_dir / f"{sid}.csv", dtype={"value_raw": str})


def _sid(label: str) -> str | None:
    """The source id of an English table label ('Table 6' → T6), None for a text value."""
    from monotowns.data.descriptor import NUMERIC_TABLES

    return next((s for s in NUMERIC_TABLES if texts.source_id_label(s, "en") == label), None)


def test_a_chart_carries_the_rows_it_shows_with_their_lines():
    """Kentau among the 27: every town's 2021 population and unemployment rate, and the national
    rate the chart draws as a line (the text's line 999), each row a published cell."""
    from monotowns.report import towncharts

    chart = towncharts.peers27("kentau", "en")
    df = chart.rows.frame("en")
    assert list(df.columns) == ["Table", "Line", "Town", "Measure", "Year", "As printed", "Value", "Unit"]
    t6 = _raw("T6")
    rate = t6[(t6.city_id == "kentau") & (t6.indicator == "unemployment_rate_pct")].iloc[0]
    got = df[(df.Town == "Kentau") & (df.Line == rate.line) & (df.Measure.str.startswith("Unemployment"))]
    assert len(got) == 1 and got.Value.iloc[0] == rate.value and got["As printed"].iloc[0] == rate.value_raw
    assert set(df[df.Table == "Table 6"].Town) == {texts.town_name(t, "en") for t in set(t6.city_id)}  # all 27
    national = df[df.Table == "dissertation"]
    assert national.Line.tolist() == [999] and national.Value.tolist() == [4.9], national


def test_each_section_carries_its_tables_and_charts_as_csv():
    """The notebook cell's output holds, beside its HTML, one CSV per table and chart (the build
    writes them; the report layer writes no file). The same names in every language: the
    built reports' test below."""
    from monotowns.report import takeaway

    r = townreport.Report("balkhash", "en")
    bundles = [getattr(r, s)()._repr_mimebundle_() for s in ("page1", "method")]
    files = [f for b in bundles for f in b.get(takeaway.MIME, {}).get("files", [])]
    assert all("text/html" in b for b in bundles)
    assert [f["name"] for f in files] == ["map.csv", "key-figures.csv", "scenario-scores.csv", "method-indicators.csv"]
    assert all(f["csv"].count("\n") >= 4 for f in files), [f["name"] for f in files]
    assert files[0]["title"] == "Balkhash on the map of Kazakhstan"


def test_the_build_writes_the_csvs_and_removes_those_a_report_no_longer_shows(tmp_path):
    """``write_takeaway``: the files beside the report, the stamp's list of them; a later build
    that shows one chart fewer leaves no stale CSV behind, and a file it never wrote stays."""
    import json

    import nbformat
    from monotowns.publish import build
    from monotowns.report import takeaway

    job = build.Job("town", "x", "en", "town_report.ipynb", (("town", "x"),), str(tmp_path))

    def nb(*names):
        files = [{"name": f"{n}.csv", "title": n.upper(), "csv": "a,b\n1,2\n"} for n in names]
        out = nbformat.v4.new_output("display_data", data={"text/html": "<p>x</p>", takeaway.MIME: {"files": files}})
        return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[out])])

    first = build.write_takeaway(job, nb("peers27", "trends", "peers27"))
    folder = tmp_path / "towns" / "en" / "x"
    assert [(p.name, t) for p, t in first] == [
        ("peers27.csv", "PEERS27"),
        ("trends.csv", "TRENDS"),
        ("peers27-2.csv", "PEERS27"),
    ]
    assert (folder / "trends.csv").read_text() == "a,b\n1,2\n"
    job.stamp.parent.mkdir(parents=True, exist_ok=True)
    job.stamp.write_text(json.dumps({"files": {build._key(job, p): build._file_record(p) for p, _ in first}}))
    (folder / "mine.csv").write_text("kept")
    build.write_takeaway(job, nb("peers27"))
    assert sorted(p.name for p in folder.iterdir()) == ["mine.csv", "peers27.csv"]


def test_a_chart_without_its_data_link_is_found(tmp_path):
    folder = tmp_path / "towns" / "en"
    folder.mkdir(parents=True)
    (folder / "x.pdf").write_bytes(b"%PDF")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "x.ipynb").write_text("{}")
    (folder / "x").mkdir()
    (folder / "x" / "a.csv").write_text("a\n1\n")
    head = '<p class="downloads">Download: <a href="x.pdf">PDF</a> · <a href="../../notebooks/x.ipynb">nb</a></p>'
    chart = '<figure class="chart"><figcaption class="chart-title">Town A &amp; B</figcaption></figure>'
    data = '<p class="downloads data">Data: <a href="x/a.csv" title="Town A &amp; B">a.csv</a></p>'
    page = folder / "x.html"
    assert pagecheck.download_faults(head + data + chart, page) == []
    assert pagecheck.download_faults(head + chart, page) == ["a chart without a link to its data (CSV): Town A & B"]
    gone = data.replace("x/a.csv", "x/b.csv")
    assert pagecheck.download_faults(head + gone + chart, page) == ["download link to a missing file: x/b.csv"]


def test_every_csv_of_a_built_town_report_is_published_cells_on_their_lines(built):
    """Every row of every town CSV that names a source table and line (in English) is a cell of
    that table on that line, with the value and the text as printed; the same files, with as
    many rows, in every language."""
    out, _, _ = built
    folders = sorted((out / "towns" / "en").glob("*/"))
    assert {f.name for f in folders} >= {"karazhal", "ridder", "saran"}, folders
    n = 0
    for folder in folders:
        for f in sorted(folder.glob("*.csv")):
            df = pd.read_csv(f, dtype={"As printed": str})
            for lang in ("kk", "ru"):
                other = out / "towns" / lang / folder.name / f.name
                assert other.is_file() and len(pd.read_csv(other)) == len(df), other
            if "Line" not in df.columns or "Value" not in df.columns:
                continue
            for r in df.to_dict("records"):
                sid = _sid(r["Table"])
                if sid is None:
                    continue
                rows = _raw(sid)
                rows = rows[rows.line == r["Line"]]
                assert len(rows), (f, r)
                if pd.notna(r["Value"]):
                    assert any(abs(v - r["Value"]) < 1e-9 for v in rows["value"].dropna()), (f, r)
                if pd.notna(r["As printed"]):
                    assert r["As printed"] in set(rows["value_raw"].dropna()), (f, r)
                n += 1
    assert n > 200, n


def test_every_chart_of_a_chapter_drawn_from_data_has_its_rows_as_csv(built):
    """A chapter's charts drawn from data or from the text's quotes: a CSV beside the PNG,
    linked from the page, each row a published value on its line (Figure 20's table, Table
    16's innovative output, the quotes' lines)."""
    from monotowns.report import items

    out, _, _ = built
    quotes = pd.read_csv(paths.DATA_DIR / "figure_quotes.csv", dtype={"value_raw": str})
    drawn = [e for e in items.registry().values() if e.kind == "figure" and e.status in ("reproduced", "partial")]
    checked = 0
    for e in drawn:
        outs = items.item_outputs(e, "en")
        if not any(o.endswith(".png") for o in outs) or e.sid in {"F14", "F17", "F13"}:
            continue  # a table of one value; the maps' and the count's rows are not cells
        if not any(o.endswith(".csv") for o in outs):
            continue  # a diagram
        csv = out / "figures" / "en" / f"{e.sid}.csv"
        page = (out / "reports" / "en" / f"{e.notebook}.html").read_text(encoding="utf-8")
        assert f"../../figures/en/{e.sid}.csv" in page, e.sid
        df = pd.read_csv(csv, dtype={"As printed": str})
        assert len(df) and all((out / "figures" / lang / f"{e.sid}.csv").is_file() for lang in LANGS), e.sid
        for r in df.to_dict("records"):
            if e.status == "partial":
                rows = quotes[(quotes.figure == e.sid) & (quotes.line == r["Line"])]
            elif e.sid == "F40":
                continue
            else:
                rows = _raw("F20" if e.sid == "F20" else "T16")
                rows = rows[rows.line == r["Line"]]
            assert len(rows), (e.sid, r)
            if pd.notna(r.get("Value")):
                assert any(abs(v - r["Value"]) < 1e-9 for v in rows["value"].dropna()), (e.sid, r)
            checked += 1
    assert checked > 60, checked
