"""The analyst's loop (one report built on its own): what keeps its fixed work small."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from monotowns.data.paths import ROOT

from ..conftest import as_from_a_terminal


@pytest.mark.slow
def test_importing_the_library_defers_jsonschema_s_iri_grammar_yet_checks_iris_for_real():
    # rfc3987_syntax compiles 38 grammars (2 s) when jsonschema imports it; every process of
    # the build imports jsonschema (nbformat, papermill, frictionless) and none checks an IRI
    code = (
        "import sys, monotowns, nbformat, jsonschema\n"
        "print('lark' in sys.modules)\n"
        "from jsonschema import Draft202012Validator as V, FormatChecker\n"
        "v = V({'format': 'iri'}, format_checker=FormatChecker())\n"
        "print(v.is_valid('https://stat.gov.kz/ru/'), v.is_valid('a b:// ^'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "False", "importing jsonschema after the library compiled the IRI grammars"
    assert out[1] == "True False", "an IRI check after the deferral gave a different answer"


def test_a_derived_step_runs_again_only_when_its_key_or_its_files_changed(tmp_path):
    # the exports, manifest and landing pages of a one-town build: not computed again when
    # neither the data, the code nor (the landing pages) the list of reports changed
    from monotowns.data.context import Context
    from monotowns.publish import build

    ctx = Context(outputs_dir=tmp_path)
    target = tmp_path / "manifest.csv"
    runs = []

    def make() -> None:
        runs.append(1)
        target.write_text(f"run {len(runs)}\n")

    assert build.derived(ctx, "manifest", "k1", [target], make) is True
    assert build.derived(ctx, "manifest", "k1", [target], make) is False
    assert len(runs) == 1
    assert build.derived(ctx, "manifest", "k2", [target], make) is True  # the data or code changed
    target.write_text("edited by hand\n")
    assert build.derived(ctx, "manifest", "k2", [target], make) is True  # its file is not as it left it
    target.unlink()
    assert build.derived(ctx, "manifest", "k2", [target], make) is True  # its file is gone
    assert len(runs) == 4 and target.read_text() == "run 4\n"


def test_the_listing_the_landing_pages_follow_changes_with_a_new_report_not_with_themselves(tmp_path):
    from monotowns.data.context import Context
    from monotowns.publish import build

    ctx = Context(outputs_dir=tmp_path)
    (tmp_path / "towns" / "en").mkdir(parents=True)
    (tmp_path / "towns" / "en" / "saran.html").write_text("x")
    landing = [tmp_path / "index.html"]
    first = build.listing(ctx, but=landing)
    (tmp_path / "index.html").write_text("landing")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "x.json").write_text("{}")
    assert build.listing(ctx, but=landing) == first
    (tmp_path / "towns" / "en" / "abai.html").write_text("x")
    assert build.listing(ctx, but=landing) != first


def test_what_the_profile_keeps_is_computed_again_when_a_table_s_file_changes(data_copy, monkeypatch, folders):
    from monotowns import data
    from monotowns.data import package

    folders(data_dir=data_copy)
    before = package.stamp("t6")
    calls = []

    @data.kept("t6")
    def population_total() -> int:
        calls.append(1)
        return len(calls)

    assert population_total() == population_total() == 1
    t6 = data_copy / package.resource_descriptor("t6")["path"]
    st = t6.stat()
    os.utime(t6, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # saved again (an editor's save)
    assert package.stamp("t6") != before
    assert population_total() == 2


@pytest.mark.slow
def test_watch_rebuilds_what_an_edit_changes_refuses_a_bad_edit_and_stops_on_ctrl_c(tmp_path, project_copy):
    import queue
    import signal
    import threading

    root = project_copy
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(root / "lib"))
    cmd = [sys.executable, "run_all.py", "--town", "saran", "--lang", "en", "--format", "html", "--outputs", str(out)]
    proc = subprocess.Popen(
        [*cmd, "--quiet", "--watch"],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=as_from_a_terminal,  # it is stopped with Ctrl-C
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout], daemon=True).start()
    said: list[str] = []

    def wait_for(fragment: str, timeout: float = 300) -> None:
        import time

        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                assert proc.poll() is None, "".join(said)
                continue
            said.append(line)
            if fragment in line:
                return
        raise AssertionError(f"no line with {fragment!r} in:\n{''.join(said)}")

    try:
        wait_for("watching")
        report = out / "towns" / "en" / "saran.html"
        assert report.is_file()
        t14 = next(p for p in (root / "data").rglob("*.csv") if p.name.lower() == "t14.csv")
        text = t14.read_text(encoding="utf-8")
        cell = 'T14,saran,Саран,fixed_assets_wear,2017,"28,9",28.9,'
        assert cell in text and "12.3" not in report.read_text(encoding="utf-8")
        landing = (out / "index-en.html").stat().st_mtime_ns
        t14.write_text(text.replace(cell, cell.replace('"28,9",28.9', '"12,3",12.3')), encoding="utf-8")
        wait_for("rebuilt town/en/saran")
        wait_for("round done")
        assert "12.3" in report.read_text(encoding="utf-8")
        assert (out / "index-en.html").stat().st_mtime_ns == landing  # nothing else rewritten
        before = report.stat().st_mtime_ns
        t14.write_text(text.replace(cell, cell.replace('"28,9",28.9', '"12,3",abc')), encoding="utf-8")
        wait_for("watching for the fix")
        assert any("T14.csv" in x and "column 'value'" in x for x in said), "".join(said)
        assert report.stat().st_mtime_ns == before  # no report from a bad table
        t14.write_text(text, encoding="utf-8")
        wait_for("rebuilt town/en/saran")
        wait_for("round done")
        proc.send_signal(signal.SIGINT)
        wait_for("stopped watching")
        assert proc.wait(60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.slow
def test_nothing_changed_is_decided_without_the_report_layer(tmp_path):
    # (c) of the benchmark, "nothing changed" after a full build, took 2.2 s: it asked the
    # chapters' registry (the report layer, matplotlib) which files each chapter writes
    setup = (
        "import sys\n"
        "from monotowns.data.context import Context\n"
        "from monotowns.publish import build\n"
        "from tests.e2e.test_reports import fake_built\n"
        f"ctx = Context(outputs_dir={str(tmp_path)!r})\n"
        "jobs = build.all_jobs(ctx)\n"
        "fake_built(ctx, jobs)\n"
        "build.mark_complete(jobs, build.FORMATS, ctx)\n"
    )
    subprocess.run([sys.executable, "-c", setup], check=True, cwd=ROOT)
    check = (
        "import sys\n"
        "from monotowns.data.context import Context\n"
        "from monotowns.publish import build\n"
        f"ctx = Context(outputs_dir={str(tmp_path)!r})\n"
        "print(build.nothing_to_do(build.all_jobs(ctx), build.FORMATS, ctx))\n"
        "print(sorted(m for m in sys.modules if m.startswith('monotowns.report')))\n"
    )
    out = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.split("\n")[:2] == ["True", "[]"], out


def test_the_build_keeps_the_town_charts_unless_forced(folders, tmp_path):
    from monotowns.publish import runner
    from monotowns.report import chartcache

    folders(outputs_dir=tmp_path)
    assert runner._kernel_env()[chartcache.CACHE_ENV] == str(tmp_path / ".cache" / "charts")
    assert runner._kernel_env(keep_charts=False)[chartcache.CACHE_ENV] == ""  # --force: every chart drawn


@pytest.mark.slow
def test_a_report_built_from_kept_charts_is_the_report_a_forced_build_makes(tmp_path, project_copy):
    # the analyst's loop: build a town, edit a cell of Table 14, build it again — the charts
    # that do not read Table 14 are kept, and the report is the same bytes as one that drew all
    root = project_copy
    env = dict(os.environ, PYTHONPATH=str(root / "lib"))

    def build(out, *more):
        cmd = [sys.executable, "run_all.py", "--town", "balkhash", "--lang", "en", "--format", "html,pdf"]
        subprocess.run([*cmd, "--quiet", "--outputs", str(out), *more], cwd=root, env=env, check=True)

    kept = tmp_path / "kept"
    build(kept)
    charts = kept / ".cache" / "charts"
    before = {p.name: p.stat().st_mtime_ns for p in charts.glob("*.pickle")}
    assert len(before) >= 5  # the map, the peers, the trends, the population, innovation
    t14 = root / "data" / "tables" / "T14.csv"
    cell = 'T14,balkhash,Балқаш,fixed_assets_wear,2017,"37,2",37.2'
    t14.write_text(t14.read_text(encoding="utf-8").replace(cell, cell[: -len('"37,2",37.2')] + '"37,3",37.3'), "utf-8")
    build(kept)
    after = {p.name: p.stat().st_mtime_ns for p in charts.glob("*.pickle")}
    drawn = {n for n, t in after.items() if before.get(n) != t}
    assert 1 <= len(drawn) < len(before), f"{len(drawn)} of {len(before)} charts drawn again after an edit of Table 14"
    forced = tmp_path / "forced"
    build(forced, "--force")
    assert not (forced / ".cache" / "charts").exists() or not list((forced / ".cache" / "charts").iterdir())
    for f in ("towns/en/balkhash.html", "towns/en/balkhash.pdf"):
        assert (kept / f).read_bytes() == (forced / f).read_bytes(), f"{f}: kept charts made another report"


def test_the_watch_lists_its_files_again_only_when_a_folder_changed(data_copy, folders, monkeypatch):
    # the watch looked every 0.2 s, and each look listed every folder again (10 ms); now it
    # looks every 0.05 s at the files it listed, and lists again when a folder's time changed
    from monotowns.publish import command, deps

    folders(data_dir=data_copy)
    listed = []
    real = deps.input_files
    monkeypatch.setattr(deps, "input_files", lambda ctx: listed.append(1) or real(ctx))
    monkeypatch.setattr(command, "_listed", {})
    from monotowns.data import context

    ctx = context.current()
    first = command._snapshot(ctx, [])
    assert command._snapshot(ctx, []) == first and len(listed) == 1
    t14 = data_copy / "tables" / "T14.csv"
    t14.write_text(t14.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # an edit in place
    edited = command._snapshot(ctx, [])
    assert edited[str(t14)] != first[str(t14)] and len(listed) == 1
    (data_copy / "tables" / "new.csv").write_text("x\n")  # a file added: its folder's time changed
    command._snapshot(ctx, [])
    assert len(listed) == 2


def _work_with_an_exit_handler(marker: str) -> int:
    """Work for the side process: it leaves output unflushed and an exit handler of its own."""
    import atexit
    from pathlib import Path

    atexit.register(lambda: Path(marker).write_text("ran", encoding="utf-8"))
    sys.stdout.write("written by the side process")  # no newline, no flush
    return os.getpid()


def test_the_side_process_ends_quickly_yet_runs_its_work_s_exit_handlers_and_flushes(tmp_path, capfd, monkeypatch):
    # the side process leaves without tearing its heap down (0.3 s at the end of every
    # one-town build); what its work registered to run at exit still runs, and its output is out
    from monotowns.publish import workers

    monkeypatch.delenv("PYTHONUNBUFFERED", raising=False)  # its output is buffered, as by default

    marker = tmp_path / "handler"
    ex = workers._side_executor()
    pid = ex.submit(_work_with_an_exit_handler, str(marker)).result(timeout=60)
    ex.shutdown(wait=True)
    assert marker.read_text(encoding="utf-8") == "ran"
    assert "written by the side process" in capfd.readouterr().out
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # it has ended (and was reaped) once the shutdown returned
