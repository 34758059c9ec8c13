"""`run_all.py --inputs FILE.csv`: the towns of an analyst's file get the method computed from
it (saying the file's name and sha256), a town outside the registry gets a report of its own,
and the file is part of those reports' fingerprints."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from monotowns.data import paths
from monotowns.data.context import Context
from monotowns.publish import build
from monotowns.report import townreport

TEMPLATE = paths.DATA_DIR / "assess_template.csv"


def _file(tmp_path: Path, rows: dict[str, str]) -> Path:
    """The template with its first row's numbers under other town names."""
    head, first = TEMPLATE.read_text(encoding="utf-8").splitlines()[:2]
    nums = first.split(",", 1)[1]
    p = tmp_path / "my_inputs.csv"
    p.write_text(head + "\n" + "".join(f"{t},{rows[t] or nums}\n" for t in rows), encoding="utf-8")
    return p


def test_the_files_towns_read_it_and_a_new_town_gets_its_own_report(tmp_path):
    f = _file(tmp_path, {"satpayev": "", "Жаңақала": ""})
    ctx = Context(outputs_dir=tmp_path / "out")
    jobs = build.with_inputs(build.all_jobs(ctx, towns=["satpayev", "temirtau"], langs=("en",)), f, ("en",), ctx)
    by = {j.name: dict(j.params) for j in jobs}
    assert by["satpayev"]["inputs"] == str(f.resolve())
    assert "inputs" not in by["temirtau"]
    assert by[townreport.slug("Жаңақала")]["town"] == "Жаңақала"


def test_the_inputs_file_is_part_of_the_fingerprint(tmp_path):
    f = _file(tmp_path, {"Жаңақала": ""})
    ctx = Context(outputs_dir=tmp_path / "out")
    job = [j for j in build.with_inputs([], f, ("en",), ctx)][0]
    before = build.fingerprint(job, ctx)
    f.write_text(f.read_text(encoding="utf-8").replace(",80,", ",81,", 1), encoding="utf-8")
    assert build.fingerprint(job, ctx) != before


def test_the_method_section_names_the_file_and_its_checksum(tmp_path):
    f = _file(tmp_path, {"satpayev": ""})
    html = "".join(x._repr_html_() for x in townreport.analyst_section("satpayev", "en", str(f)))
    assert "my_inputs.csv" in html
    assert hashlib.sha256(f.read_bytes()).hexdigest() in html
    assert "Recommended scenario" in html


@pytest.mark.slow
def test_run_all_with_inputs_builds_the_method_for_a_new_town(tmp_path):
    f = _file(tmp_path, {"Жаңақала": ""})
    out = tmp_path / "out"
    r = subprocess.run(
        [
            sys.executable,
            str(paths.ROOT / "run_all.py"),
            "--outputs",
            str(out),
            "--town",
            "karazhal",
            "--lang",
            "en",
            "--format",
            "html",
            "--jobs",
            "1",
            "--quiet",
            "--inputs",
            str(f),
        ],
        capture_output=True,
        text=True,
        cwd=paths.ROOT,
        env=dict(os.environ, PYTHONPATH=str(paths.ROOT / "lib")),
    )
    assert r.returncode == 0, r.stderr
    page = (out / "towns" / "en" / f"{townreport.slug('Жаңақала')}.html").read_text(encoding="utf-8")
    assert "my_inputs.csv" in page and hashlib.sha256(f.read_bytes()).hexdigest() in page
    assert "Жаңақала" in page
