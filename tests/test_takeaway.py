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
from monotowns.publish import pagecheck, workbook
from monotowns.report import texts, townreport

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
            df = pd.read_csv(paths.TABLES_DIR / f"{sid}.csv", dtype={"value_raw": str})  # not via the library
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
    text = townreport.cite("saran", lang).html
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
