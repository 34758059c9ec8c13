"""The notebooks show the work: the town notebook is the report's sections, one cell each (an
analyst reads, reorders and adds to it, and a cell of their own appears in the built report); a
chapter makes its numeric tables in the cell from the tidy data; a notebook run on its own writes
nothing into the project; parameters name the three languages; no comment pasted into cells."""

from __future__ import annotations

import os
import subprocess
import sys

import nbformat
import pytest
from monotowns.data import paths
from monotowns.report import townreport

NOTEBOOK = paths.NOTEBOOKS_DIR / "town_report.ipynb"


def test_the_notebook_has_a_cell_per_section():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    calls = [c.source.strip().splitlines()[-1] for c in nb.cells if c.cell_type == "code"]
    for name in townreport.Report.SECTIONS:
        assert f"report.{name}()" in calls, name
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assert "kk, ru or en" in params.source


@pytest.mark.slow
def test_the_sections_are_the_whole_report():
    r = townreport.Report("karazhal", "en")
    blocks = [getattr(r, name)() for name in r.SECTIONS]
    whole = townreport.show("karazhal", "en")._repr_html_()
    inner = "".join(b._repr_html_() for b in blocks if b is not None)
    # every section's content, in order, is the one-block report's content
    strip = lambda h: h.replace('<div class="townreport">', "").replace("</div>", "")  # noqa: E731
    assert strip(inner) == strip(whole)


def test_a_town_outside_the_registry_has_the_method_only(tmp_path):
    head, first = (paths.DATA_DIR / "assess_template.csv").read_text(encoding="utf-8").splitlines()[:2]
    f = tmp_path / "mine.csv"
    f.write_text(head + "\nЖаңақала," + first.split(",", 1)[1] + "\n", encoding="utf-8")
    r = townreport.Report("Жаңақала", "en", str(f))
    assert "mine.csv" in r.page1()._repr_html_()
    assert all(getattr(r, n)() is None for n in r.SECTIONS[1:])


@pytest.mark.slow
def test_a_cell_an_analyst_adds_appears_in_the_built_report_where_they_put_it(tmp_path, project_copy):
    root = project_copy
    nb_path = root / "notebooks" / "town_report.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if "report.page1()" in c.source) + 1
    mine = nbformat.v4.new_code_cell(
        'from IPython.display import HTML\nHTML("<p>An analyst\'s own section: 1,234 wells</p>")'
    )
    mine.id = "mine"
    nb.cells.insert(at, mine)
    nbformat.write(nb, nb_path)
    out = tmp_path / "out"
    r = subprocess.run(
        [sys.executable, "run_all.py", "--town", "saran", "--lang", "en", "--format", "html", "--quiet"]
        + ["--outputs", str(out)],
        cwd=root,
        env=dict(os.environ, PYTHONPATH=str(root / "lib")),
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    page = (out / "towns" / "en" / "saran.html").read_text(encoding="utf-8")
    assert "An analyst's own section: 1,234 wells" in page or "An analyst&#39;s own section" in page
    body = page[page.find("<main") :]  # not the download links' titles in the header
    mark = body.find("own section: 1,234 wells")
    assert body.find("Key figures") < mark < body.find("Saran among the 27 mono-towns")


def _tree(root) -> dict:
    """Every file of the project (outside .git, the environment and caches) with its size and time."""
    skip = {".git", ".venv", "__pycache__", ".pytest_cache", ".ruff_cache"}
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in skip]
        for f in filenames:
            st = os.stat(os.path.join(dirpath, f))
            out[os.path.join(dirpath, f)] = (st.st_size, st.st_mtime_ns)
    return out


@pytest.mark.slow
def test_a_chapter_notebook_run_on_its_own_writes_nothing_into_the_project(tmp_path):
    import shutil

    import papermill as pm

    nb = tmp_path / "05_article.ipynb"
    shutil.copy2(paths.NOTEBOOKS_DIR / "05_article.ipynb", nb)
    before = _tree(paths.ROOT)
    pm.execute_notebook(
        str(nb), str(tmp_path / "ran.ipynb"), parameters={"lang": "en"}, cwd=str(tmp_path), progress_bar=False
    )
    assert _tree(paths.ROOT) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["05_article.ipynb", "ran.ipynb"]
    # told where, it saves each item's table there
    pm.execute_notebook(
        str(nb),
        str(tmp_path / "ran2.ipynb"),
        parameters={"lang": "en", "outputs": str(tmp_path / "mine")},
        cwd=str(tmp_path),
        progress_bar=False,
    )
    assert (tmp_path / "mine" / "tables" / "en" / "A1.csv").exists()
    assert _tree(paths.ROOT) == before


def _chapters() -> list:
    return sorted(paths.NOTEBOOKS_DIR.glob("0*.ipynb"))


def test_no_comment_is_pasted_into_three_cells_of_a_notebook():
    import collections

    for f in _chapters() + [NOTEBOOK, paths.NOTEBOOKS_DIR / "teaching.ipynb"]:
        nb = nbformat.read(f, as_version=4)
        said = collections.Counter(
            ln.strip()
            for c in nb.cells
            if c.cell_type == "code"
            for ln in dict.fromkeys(c.source.splitlines())
            if ln.strip().startswith("#")
        )
        assert not [ln for ln, n in said.items() if n >= 3 and "Self-check" not in ln], f.name


def test_every_parameter_cell_names_the_three_languages():
    for f in sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb")):
        nb = nbformat.read(f, as_version=4)
        cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        lang = next(ln for ln in cell.source.splitlines() if ln.startswith("lang ="))
        assert all(x in lang for x in ("kk", "ru", "en")), f.name


def test_the_numeric_tables_are_made_in_the_cell_from_the_tidy_data():
    """Each numeric table of a chapter is loaded, printed and pivoted where the reader sees it
    (tables.printed_cells, pandas, tables.present), not made by one library call."""
    from monotowns.data.descriptor import NUMERIC_TABLES

    shown = {}
    for f in _chapters():
        for c in nbformat.read(f, as_version=4).cells:
            for t in NUMERIC_TABLES:
                if f'book.show("{t}"' in c.source:
                    shown[t] = c.source
    made = [t for t, src in shown.items() if "numeric_table(" in src and ".pivot_table(" in src and "present(" in src]
    assert len(made) >= 18 and not [t for t, src in shown.items() if "tables.numeric_table(" in src]


def _made_items() -> set[str]:
    """The items a chapter makes from data: the numeric and categorical tables, and the data
    charts and maps that are drawn (the catalogue's content; not those declared not reproducible)."""
    from monotowns.data import descriptor
    from monotowns.report import items

    cat = descriptor.catalogue()
    reg = items.registry()
    return {
        i
        for i, r in cat.items()
        if reg[i].status != "not_reproducible"
        and (r["object_type"] == "table" and r["content"] != "text" or r["content"] in ("chart", "map") or i == "F40")
    }


def _code_lines(src: str) -> int:
    return sum(1 for ln in src.splitlines() if ln.strip() and not ln.strip().startswith("#"))


def test_two_thirds_of_the_cells_that_make_tables_and_charts_show_the_code():
    """Issue 23: at least two thirds of the cells that make a data table or chart show the
    pandas or plotting code (three lines or more besides book.show), not one library call."""
    items = _made_items()
    cells = {}
    for f in _chapters():
        for c in nbformat.read(f, as_version=4).cells:
            for t in set(c.metadata.get("tags", [])) & items:
                cells[t] = c.source
    assert set(cells) == items, sorted(items - set(cells))  # every such item has its cell
    shown = sorted(t for t, src in cells.items() if _code_lines(src) >= 4)
    assert len(items) >= 40
    assert 3 * len(shown) >= 2 * len(items), (len(shown), len(items), sorted(items - set(shown)))


@pytest.mark.slow
def test_a_partial_chart_drawn_in_its_cell_is_the_library_s_chart():
    """The cells that draw a figure from the values the text quotes give the same PNG and notes
    as ``reproduce.quoted_chart`` (what the town reports and the registry use)."""
    from monotowns import data
    from monotowns.report import charts, reproduce, texts

    class Book:
        shown: dict = {}
        town = highlight = None  # the notebook's town parameter left at None

        def show(self, sid, obj):
            self.shown[sid] = obj

    book = Book()
    for f in _chapters():
        for c in nbformat.read(f, as_version=4).cells:
            if "figure-quotes" in c.source:
                scope = {"data": data, "reproduce": reproduce, "charts": charts, "texts": texts, "lang": "ru"}
                exec(c.source, {**scope, "book": book})
    assert len(book.shown) >= 9
    for fid, chart in book.shown.items():
        lib = reproduce.quoted_chart(fid, "ru")
        assert chart.png == lib.png and chart.notes == lib.notes, fid


def test_the_method_chapter_computes_each_graded_indicator_in_a_cell_as_the_method_does():
    """Chapter 3.2 computes each graded indicator from its table's printed inputs in a visible
    cell (pandas and numpy, the formula beside it); the cell's result is the method's
    (``method.values`` of the town's published inputs), so what the reader sees is the method."""
    import types

    from monotowns import data, method

    got: dict = {}
    stub = types.SimpleNamespace(recomputed=lambda ind, x, lang: got.setdefault(ind, x))
    book = types.SimpleNamespace(show_obj=lambda obj: obj)
    nb = nbformat.read(paths.NOTEBOOKS_DIR / "03_2_method.ipynb", as_version=4)
    scope = {"data": data, "method": method, "tables": stub, "book": book, "lang": "en"}
    scope.update({f"t{i}": data.numeric_table(f"T{i}") for i in range(19, 25)})
    for c in nb.cells:
        if any(t.endswith("-computed") for t in c.metadata.get("tags", [])):
            assert _code_lines(c.source) >= 4, c.source
            exec(c.source, scope)
    assert set(got) == set(method.GRADED)
    for ind, x in got.items():
        for town in method.published_towns():
            want = method.values(method.published_inputs(town))[ind]
            assert abs(float(x.loc[town, "recomputed"]) - want) < 1e-9, (ind, town)


def test_a_chapter_s_town_parameter_highlights_that_town_in_every_table_where_it_heads_a_row_or_column():
    """Issue 23: a chapter run per town (papermill ``-p town balkhash``) highlights the town in
    every table where it heads a row (Table 14) or a column (Table 19, years as columns), says so
    under the title, and leaves the other towns' cells as they were."""
    import re

    from monotowns import data
    from monotowns.data.towns import UnknownTownError
    from monotowns.report import page, tables, texts
    from monotowns.report.book import Book

    for f in _chapters():
        cells = nbformat.read(f, as_version=4).cells
        params = next(c for c in cells if "parameters" in c.metadata.get("tags", []))
        assert "\ntown = None" in params.source, f.name
        assert any("town=town" in c.source for c in cells if "title" in c.metadata.get("tags", [])), f.name

    def shown(book, sid):
        t = data.numeric_table(sid)
        cells, marks = tables.printed_cells(t, sid, "ru")
        grid = cells.pivot_table(
            index="city_id", columns=["indicator", "year"], values="text", aggfunc="first", sort=False
        )
        return book.show(sid, tables.present(sid, grid, "ru", marks, transpose=sid == "T19"))._repr_html_()

    plain, marked = Book("ru"), Book("ru", town="Balqash")  # any spelling the registry knows
    assert marked.highlight == texts.town_name("balkhash", "ru") == "Балхаш"
    assert "Балхаш" in page.plain(marked.title("nb_02_2").children) and plain.highlight is None
    t14 = shown(marked, "T14")
    hl_rows = [r for r in re.findall(r"<tr>.*?</tr>", t14) if 'class="hl"' in r or " hl" in r]
    assert len(hl_rows) == 1 and "Балхаш" in hl_rows[0] and hl_rows[0].count("hl") >= 6  # the town and 5 years
    assert shown(plain, "T14").count("hl") == 0
    t19 = shown(marked, "T19")  # the town heads a column: its header and every cell under it
    n_rows = len(re.findall(r"<tr>", t19))
    assert len(re.findall(r'class="[^"]*\bhl\b', t19)) == n_rows
    with pytest.raises(UnknownTownError, match="Balkash"):
        Book("en", town="Balkash")


def test_a_highlighted_town_changes_its_chart_and_no_town_changes_nothing():
    """The charts the cells draw take the town: a highlighted line or group is drawn differently,
    and without a town the chart is the one the build saves."""
    from monotowns.report import charts

    kw = {"title": "t", "ylabel": "y", "xlabel": "x", "source": "s"}
    series = {"A": [1.0, 2.0, 3.0], "B": [2.0, 2.0, 1.0]}
    base = charts.lines([2019, 2020, 2021], series, **kw)
    assert charts.lines([2019, 2020, 2021], series, highlight=None, **kw).png == base.png
    assert charts.lines([2019, 2020, 2021], series, highlight="A", **kw).png != base.png
    del kw["xlabel"]
    g = charts.grouped_bars(["P", "Q", "R"], series, **kw)
    assert charts.grouped_bars(["P", "Q", "R"], series, highlight="Q", **kw).png != g.png
    assert charts.grouped_bars(["P", "Q", "R"], series, highlight="S", **kw).png == g.png
