"""Every message one true line (issue "hard edges, third round", item 5): output that cannot
print a character degrades instead of crashing, a long temporary folder does not fail every
report, a full disk names the file and leaves no partial set of landing pages, and a copy of
the library installed without the project's data says so."""

import errno
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from monotowns.data import files, paths
from monotowns.data.context import Context

from ..conftest import small_notebook

ROOT = paths.ROOT


def _run(args: list[str], **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        args,
        capture_output=True,
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT / "lib"), **env),
        timeout=300,
    )


@pytest.mark.slow
def test_kazakh_output_to_an_ascii_stream_degrades_instead_of_crashing():
    """`monotowns assess --lang kk` into a log in ASCII printed a traceback and nothing else."""
    r = _run(
        [sys.executable, "-m", "monotowns.publish.cli", "assess", "--published", "--lang", "kk"],
        PYTHONIOENCODING="ascii",
    )
    assert r.returncode == 0, r.stderr.decode()
    assert b"Traceback" not in r.stderr
    out = r.stdout.decode("ascii")
    assert "(balkhash)" in out and "?" in out  # the ids survive, the Kazakh names become "?"


def test_degrade_output_reconfigures_the_streams(monkeypatch):
    from monotowns.publish.exits import degrade_output

    out = io.TextIOWrapper(io.BytesIO(), encoding="latin-1")
    err = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    degrade_output()
    print("Балқаш")
    print("Балқаш", file=sys.stderr)
    out.flush(), err.flush()
    assert out.buffer.getvalue() == b"??????\n"
    assert err.buffer.getvalue() == b"\\u0411\\u0430\\u043b\\u049b\\u0430\\u0448\n"


def test_a_long_temporary_folder_is_replaced_for_the_kernels_sockets(tmp_path):
    from monotowns.publish import build

    long = str(tmp_path / ("x" * 60) / ("y" * 60))
    assert build.job_tmp_parent(long) in ("/tmp", "/var/tmp", "/dev/shm")
    assert build.job_tmp_parent("/tmp") is None  # a short one is used as it is


@pytest.mark.slow
def test_a_report_builds_under_a_long_tmpdir(tmp_path, monkeypatch, folders):
    """HPC scratch and sandboxes have long TMPDIRs: every report failed with ZMQ's 'File name
    too long' (a Unix socket's address holds at most 108 bytes)."""
    from monotowns.publish import build

    long = tmp_path / ("x" * 60) / ("y" * 60)
    long.mkdir(parents=True)
    nbdir, out = tmp_path / "nb", tmp_path / "out"
    cells = [("markdown", "# a title"), ("parameters", 'lang = "kk"'), ("code", "print(1 + 1)")]
    small_notebook(nbdir / "tiny.ipynb", cells)
    folders(notebooks_dir=nbdir)
    monkeypatch.setenv("TMPDIR", str(long))
    monkeypatch.setattr("tempfile.tempdir", None)  # read TMPDIR again
    job = build.Job("chapter", "tiny", "kk", "tiny.ipynb", (("lang", "kk"),), str(out))
    (r,) = build.build([job], ctx=Context(outputs_dir=out), formats=("html",), workers=1, progress=False, warm=False)
    assert r.ok, r.error
    assert not list(long.iterdir())  # nothing left in the long folder either


def _full_disk_after(n_ok: int, monkeypatch):
    """Writes fail with ENOSPC after ``n_ok`` files were written (``os.fdopen`` in files)."""
    real = os.fdopen
    count = {"n": 0}

    class Full(io.RawIOBase):
        def write(self, b):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def fdopen(fd, *a, **kw):
        count["n"] += 1
        if count["n"] > n_ok:
            os.close(fd)
            return Full()
        return real(fd, *a, **kw)

    monkeypatch.setattr(files.os, "fdopen", fdopen)


@pytest.mark.slow
def test_a_full_disk_names_the_file_and_keeps_the_old_landing_pages(tmp_path, monkeypatch):
    """A full disk said 'No space left on device' without a path and left one landing page
    of three new."""
    from monotowns.publish import nav, site

    out = tmp_path / "out"
    out.mkdir()
    ctx = Context(outputs_dir=out)
    site.write_index(ctx)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert len(before) == 3
    for lang in ("kk", "ru", "en"):  # the three new pages differ from the old: an own town each
        (out / "towns" / lang).mkdir(parents=True)
        (out / "towns" / lang / "my-town.html").write_text("<html></html>")
    _full_disk_after(1, monkeypatch)
    with pytest.raises(OSError) as e:
        site.write_index(ctx)
    assert e.value.errno == errno.ENOSPC
    assert e.value.filename and Path(e.value.filename).name in {nav.landing(x) for x in ("kk", "ru", "en")}
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after == before  # all three old pages, no temporary file


def test_a_full_disk_error_names_the_file_written(tmp_path, monkeypatch):
    target = tmp_path / "manifest.csv"
    _full_disk_after(0, monkeypatch)
    with pytest.raises(OSError) as e:
        files.atomic_write_bytes(target, b"x")
    assert e.value.filename == str(target)  # run_all prints "<filename>: <strerror>"
    assert not list(tmp_path.iterdir())


@pytest.mark.slow
def test_a_copy_installed_without_the_project_says_so(tmp_path):
    """`pip install .` (not -e) copies the library without data/: every command said only
    'towns.csv: cannot read'."""
    site = tmp_path / "site-packages"
    shutil.copytree(ROOT / "lib" / "monotowns", site / "monotowns", ignore=shutil.ignore_patterns("__pycache__"))
    for cmd in (["-m", "monotowns.publish.cli", "town", "Balqash"], [str(ROOT / "run_all.py"), "--list"]):
        r = subprocess.run(
            [sys.executable, *cmd],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=dict(os.environ, PYTHONPATH=str(site)),
            timeout=120,
        )
        assert r.returncode == 2, (cmd, r.stdout, r.stderr)
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and "no data package at" in lines[0] and "pip install -e" in lines[0], r.stderr
