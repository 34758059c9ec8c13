"""A chapter's tables and figures as files: under the build the kernel hands them over under
``book.FILES_MIME`` and writes nothing; the build writes them, all at once, and only the files of
items the chapter shows (issue 25: outputs collected by the build). Run on its own with an
``outputs`` folder, the notebook writes them there itself."""

from __future__ import annotations

import base64
import csv
import io

import nbformat
import pytest
from monotowns import data
from monotowns.data.errors import MonotownsError
from monotowns.publish import runner
from monotowns.publish.jobs import Job
from monotowns.report import items
from monotowns.report.book import COLLECT_ENV, FILES_MIME, Book


def _bundle(obj) -> dict:
    return obj._repr_mimebundle_()


def test_a_shown_table_hands_its_rows_to_the_build_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv(COLLECT_ENV, "1")
    shown = Book("en", outputs=tmp_path).show("T6")
    assert list(tmp_path.iterdir()) == []  # the kernel writes no file
    files = {f["path"]: base64.b64decode(f["base64"]) for f in _bundle(shown)[FILES_MIME]["files"]}
    assert list(files) == ["tables/en/T6.csv"]
    rows = list(csv.reader(io.StringIO(files["tables/en/T6.csv"].decode())))
    t6 = data.numeric_table("T6")
    pop = t6[(t6.indicator == "population") & (t6.year == 2021)].dropna(subset=["value"])
    cells = {c for r in rows[1:] for c in r}
    assert len(pop) >= 27
    for v in pop["value"]:  # the published cells, as the English page writes them
        assert f"{int(v):,}" in cells, v


def test_a_shown_chart_hands_its_png_and_rows(monkeypatch):
    monkeypatch.setenv(COLLECT_ENV, "1")
    shown = Book("en", outputs="/nowhere").show("F13")
    paths = [f["path"] for f in _bundle(shown)[FILES_MIME]["files"]]
    assert paths == ["figures/en/F13.png", "figures/en/F13.csv"]
    png = base64.b64decode(_bundle(shown)[FILES_MIME]["files"][0]["base64"])
    assert png.startswith(b"\x89PNG")


def test_outside_a_build_a_shown_item_hands_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv(COLLECT_ENV, raising=False)
    assert FILES_MIME not in _bundle(Book("en").show("T6"))
    # run on its own with a folder (papermill -p outputs DIR): it writes there itself
    shown = Book("en", outputs=tmp_path).show("T6")
    assert FILES_MIME not in _bundle(shown)
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.csv")] == ["tables/en/T6.csv"]


def _executed(files: list[dict]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("book.show('T6')")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"text/html": "<p>T6</p>", FILES_MIME: {"files": files}})
    ]
    nb.cells = [nbformat.v4.new_code_cell("lang = 'en'"), cell]
    return nb


def _job(tmp_path) -> Job:
    nb = items.chapter_of()["T6"]
    return Job("chapter", nb, "en", f"{nb}.ipynb", (("lang", "en"),), str(tmp_path))


def test_the_build_writes_the_handed_files_and_takes_them_out_of_the_notebook(tmp_path):
    nb = _executed([{"path": "tables/en/T6.csv", "base64": base64.b64encode(b"a,b\n1,2\n").decode()}])
    written = runner.write_item_files(_job(tmp_path), nb)
    assert written == [tmp_path / "tables" / "en" / "T6.csv"]
    assert (tmp_path / "tables" / "en" / "T6.csv").read_bytes() == b"a,b\n1,2\n"
    assert FILES_MIME not in nb.cells[1].outputs[0]["data"]  # the reader's notebook does not carry them
    assert nb.cells[1].outputs[0]["data"]["text/html"] == "<p>T6</p>"


@pytest.mark.parametrize("path", ["../escaped.csv", "tables/en/T99.csv", "reports/en/index.html"])
def test_a_file_that_is_not_an_item_of_the_chapter_is_refused_naming_the_cell(tmp_path, path):
    nb = _executed([{"path": path, "base64": base64.b64encode(b"x").decode()}])
    with pytest.raises(MonotownsError, match=rf"cell 2 of .*hands the build '{path}'"):
        runner.write_item_files(_job(tmp_path), nb)
    assert not any(p.is_file() for p in tmp_path.rglob("*"))  # nothing written, not even the good ones


@pytest.mark.slow  # it warms the renderer (WeasyPrint) while it fails: seconds
def test_a_report_run_in_the_callers_process_leaves_its_environment_as_it_was(tmp_path, monkeypatch):
    """A build of one worker runs its report in the caller's process: the kernels' variables it
    set (COLLECT_ENV among them) stayed, so a notebook run afterwards by papermill from the same
    process handed its files to a build that was not there, and wrote none."""
    import os

    monkeypatch.delenv(COLLECT_ENV, raising=False)
    job = Job("chapter", "missing", "en", "no-such-notebook.ipynb", (("lang", "en"),), str(tmp_path))
    r = runner.run_job(job, ("html",), "fp", warm=False, env=runner._kernel_env())
    assert not r.ok
    assert COLLECT_ENV not in os.environ
