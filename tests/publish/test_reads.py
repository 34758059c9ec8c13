"""What a report reads is data (data/catalogue.csv's ``reads``, data/reads.csv), checked here
against the data package itself rather than against a second list in code."""

from __future__ import annotations

import csv
import shutil

import pytest
from monotowns import data
from monotowns.data import paths
from monotowns.data.context import Context
from monotowns.data.errors import MonotownsError
from monotowns.publish import reads, staleness
from monotowns.publish.jobs import Job
from monotowns.report import items


def _own_resources(sid: str) -> set[str]:
    """The resources the data package files under a source table (its file and its parts)."""
    return {
        r["name"]
        for r in data.datapackage()["resources"]
        if r.get("table_id") == sid and r.get("kind") != "second_keying"
    }


def test_every_source_table_reads_its_own_files():
    """A table's report reads every file the package keeps it in (T26: t26 and t26-scores)."""
    declared, named = reads.declared()
    tables = [sid for sid, e in items.registry().items() if e.kind == "table"]
    assert len(tables) >= 30
    for sid in tables:
        own = _own_resources(sid)
        assert own, sid
        assert own <= set(reads.expand(declared[sid], named)), sid


def test_a_figure_drawn_from_data_reads_that_data():
    declared, named = reads.declared()
    assert "t6" in reads.expand(declared["F13"], named)  # counts of Table 6's towns by oblast
    assert "t16" in reads.expand(declared["F29"], named)  # derived from Table 16
    assert "t26-scores" in reads.expand(declared["F40"], named)  # derived from Table 26
    for sid, e in items.registry().items():
        if e.status == "diagram":
            assert {"diagram-nodes", "diagram-edges"} <= set(declared[sid]), sid
        if e.status == "partial":
            assert "figure-quotes" in declared[sid], sid


def test_every_chapter_reads_the_common_resources_and_its_items():
    for nb, tags in items.chapters().items():
        got = reads.chapter(nb, tags)
        assert set(reads.groups("common")) <= set(got), nb
        for sid in set(tags) & set(items.registry()):
            assert set(reads.expand(reads.declared()[0][sid], reads.declared()[1])) <= set(got), (nb, sid)


def test_the_teaching_reports_read_the_method_and_the_exercises_tables():
    job = Job("teaching", "balkhash-student", "en", "teaching.ipynb")
    got = staleness.job_reads(job)
    assert {"t19", "t26-scores", "method-conclusions", "t6", "t11", "a1", "assess-template"} <= set(got)


def _data_copy(tmp_path):
    d = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, d, ignore=shutil.ignore_patterns("sources", "second_keying"))
    return d


def _edit(path, key_field: str, key: str, value: str) -> int:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    fields = list(rows[0])
    line = next(i for i, r in enumerate(rows, start=2) if r[key_field] == key)
    rows[line - 2]["reads"] = value
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return line


def test_an_unknown_resource_is_refused_naming_file_line_and_column(tmp_path):
    d = _data_copy(tmp_path)
    line = _edit(d / "catalogue.csv", "id", "T14", "t14 t14-typo")
    with pytest.raises(MonotownsError) as e:
        reads.declared(Context(data_dir=d))
    assert f"data/catalogue.csv, line {line} (T14), column reads: 't14-typo'" in str(e.value)


def test_a_group_that_contains_itself_is_refused(tmp_path):
    d = _data_copy(tmp_path)
    _edit(d / "reads.csv", "name", "@method", "t19 @method")
    ctx = Context(data_dir=d)
    with pytest.raises(MonotownsError, match="group @method contains itself"):
        reads.groups("method", ctx=ctx)


def test_declaring_a_resource_for_an_item_adds_it_to_its_chapters_reads(tmp_path):
    """The data decides: T14's chapter reads a resource once catalogue.csv says T14 reads it."""
    d = _data_copy(tmp_path)
    ctx = Context(data_dir=d)
    nb = items.chapter_of()["T14"]
    tags = items.chapters()[nb]
    assert "glossary" not in reads.chapter(nb, tags, ctx)
    _edit(d / "catalogue.csv", "id", "T14", "t14 glossary")
    assert "glossary" in reads.chapter(nb, tags, ctx)
