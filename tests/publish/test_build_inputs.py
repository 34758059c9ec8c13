"""Only the package is data, and only the declared notebooks are chapters (issue "hard edges,
third round"): a stray table file under data/ or a Jupyter copy of a chapter changes nothing."""

import logging
import shutil

import pytest
from monotowns.data import paths
from monotowns.data.context import Context
from monotowns.publish import build, deps


@pytest.mark.slow
def test_a_stray_utf16_csv_under_data_is_skipped_and_named(data_copy, caplog, monkeypatch):
    """An analyst's inputs saved beside the template as UTF-16 crashed every build with a
    UnicodeDecodeError naming no file; it is not a resource, so it is not read: the build says
    which file it skipped, and no report's fingerprint changes."""
    ctx = Context(data_dir=data_copy)
    jobs = build.all_jobs(ctx, towns=["balkhash"], langs=("en",))
    before = {j.key: build.fingerprint(j, ctx) for j in jobs}
    stray = data_copy / "my_inputs.csv"
    stray.write_text("town,TDe1\nБалқаш,95\n", encoding="utf-16")
    monkeypatch.setattr(deps, "_skipped", set(), raising=False)
    with caplog.at_level(logging.WARNING, logger="monotowns"):
        after = {j.key: build.fingerprint(j, ctx) for j in jobs}
        deps.all_inputs_hash(ctx)
    assert after == before
    said = [r.getMessage() for r in caplog.records if "my_inputs.csv" in r.getMessage()]
    assert len(said) == 1 and "skipped" in said[0], said


def test_a_jupyter_copy_of_a_chapter_is_not_a_chapter(tmp_path, monkeypatch, folders):
    """Jupyter's File > Duplicate makes '01_theory-Copy1.ipynb': it was built and listed as a
    second Chapter 1. A chapter is NN_name.ipynb (lower-case letters, digits, underscores)."""
    nbs = tmp_path / "notebooks"
    shutil.copytree(paths.NOTEBOOKS_DIR, nbs)
    shutil.copy(nbs / "01_theory.ipynb", nbs / "01_theory-Copy1.ipynb")
    shutil.copy(nbs / "01_theory.ipynb", nbs / "01_theory copy.ipynb")
    folders(notebooks_dir=nbs)
    from monotowns.report import items

    real = ["01_theory", "02_1_kazakhstan", "02_2_karaganda", "02_3_innovation", "03_2_method"]
    assert build.chapter_notebooks()[:5] == real and not any("opy" in n for n in build.chapter_notebooks())
    assert list(items.chapters()) == build.chapter_notebooks()


@pytest.mark.slow
def test_a_merge_conflicted_chapter_touches_no_other_report(tmp_path, monkeypatch, folders):
    """A chapter notebook with merge-conflict markers broke the build of an unrelated town with
    three tracebacks: planning a build (the job list, every fingerprint, the warm kernels'
    imports) goes on; only that chapter's report fails, when it runs."""
    nbs = tmp_path / "notebooks"
    shutil.copytree(paths.NOTEBOOKS_DIR, nbs)
    broken = nbs / "02_3_innovation.ipynb"
    text = broken.read_text(encoding="utf-8")
    broken.write_text("<<<<<<< HEAD\n" + text + "=======\n" + text + ">>>>>>> theirs\n", encoding="utf-8")
    folders(notebooks_dir=nbs)
    ctx = Context(outputs_dir=tmp_path / "out")
    jobs = build.all_jobs(ctx, langs=("en",))
    assert "02_3_innovation" in [j.name for j in jobs]
    town = next(j for j in jobs if j.kind == "town")
    assert build.fingerprint(town, ctx)
    assert [fp for _, fp, _ in build.plan(jobs, ("html",), ctx)]
    assert "monotowns.report.book" in build._warm_modules()
