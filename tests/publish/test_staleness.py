"""Deciding what to build (#16): each file read once per build whatever the number of towns, the
build's memo changes no fingerprint, and ``run_all.py --list`` says what a build does."""

import builtins
import io
import json
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
from monotowns.data import paths
from monotowns.data.context import Context
from monotowns.publish import build


@pytest.fixture
def ctx(tmp_path) -> Context:
    copy = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, copy, ignore=shutil.ignore_patterns("sources"))
    return Context(data_dir=copy, outputs_dir=tmp_path / "out")


def _reads(monkeypatch, ctx: Context, jobs: list) -> Counter:
    """How many times each file of the context's data folder is opened while planning ``jobs``."""
    counts: Counter = Counter()
    real = io.open

    def counting(file, *a, **kw):
        if isinstance(file, (str, os.PathLike)) and ctx.data_dir in Path(os.fspath(file)).parents:
            counts[Path(os.fspath(file)).relative_to(ctx.data_dir)] += 1
        return real(file, *a, **kw)

    with monkeypatch.context() as m:
        m.setattr(io, "open", counting)
        m.setattr(builtins, "open", counting)
        build.plan(jobs, build.FORMATS, ctx)
    return counts


@pytest.mark.slow
def test_each_data_file_is_read_once_however_many_towns(ctx, monkeypatch):
    few = build.all_jobs(ctx, towns=["abai", "saran"])
    every = [j for j in build.all_jobs(ctx) if j.kind == "town"]
    assert len(every) > 10 * len(few)
    r_few, r_every = _reads(monkeypatch, ctx, few), _reads(monkeypatch, ctx, every)
    assert r_few and max(r_few.values()) == 1, r_few.most_common(3)
    assert r_every == r_few, (r_every - r_few).most_common(3)


@pytest.mark.slow
def test_the_builds_memo_changes_no_fingerprint(ctx):
    """What ``plan`` computes with every file read once is what each job's own fingerprint,
    reading everything again, gives; and a file changed between two plans is read again."""
    jobs = [j for j in build.all_jobs(ctx, langs=("en",)) if j.kind != "town"]
    jobs += build.all_jobs(ctx, towns=["balkhash", "saran"], langs=("kk", "en"))
    planned = {j.key: fp for j, fp, _ in build.plan(jobs, build.FORMATS, ctx)}
    assert planned == {j.key: build.fingerprint(j, ctx) for j in jobs}
    t14 = ctx.data_dir / "tables" / "T14.csv"
    cell = 'T14,balkhash,Балқаш,fixed_assets_wear,2017,"37,2",37.2'
    text = t14.read_text(encoding="utf-8")
    assert cell in text
    t14.write_text(text.replace(cell, cell.replace('"37,2",37.2', '"37,3",37.3')), encoding="utf-8")
    again = {j.key: fp for j, fp, _ in build.plan(jobs, build.FORMATS, ctx)}
    assert sorted(k for k in planned if planned[k] != again[k]) == [
        "chapter/en/02_2_karaganda",
        "town/en/balkhash",
        "town/kk/balkhash",
    ]


def _run_all():
    """The build command run_all.py runs (``monotowns.publish.command``)."""
    from monotowns.publish import command

    return command


@pytest.mark.slow
def test_list_says_what_a_build_would_do(tmp_path, monkeypatch, capsys):
    """After a build, reports made stale in different ways (another fingerprint, a missing
    output, a format never built, no stamp at all): ``--list`` names exactly the reports the
    next build runs. Reports are not executed here: ``run_job`` only writes what it would."""
    out = tmp_path / "out"
    ctx = Context(outputs_dir=out)
    towns = ["abai", "saran", "ridder"]
    jobs = build.all_jobs(ctx, towns=towns)
    ran: list[str] = []

    def fake_run_job(job, formats, fp, warm=True, env=None):
        ran.append(job.key)
        for f in formats:
            build.atomic_write(job.out(f), b"x")
        build.atomic_write(job.executed, b"{}")
        files = {build._key(job, p): build._file_record(p) for p in build.output_files(job, formats)}
        stamp = {"fingerprint": fp, "formats": list(formats), "files": files}
        build.atomic_write(job.stamp, json.dumps(stamp).encode())
        return build.Result(job, True)

    monkeypatch.setattr(build, "run_job", fake_run_job)
    build.build(jobs, ctx=ctx, formats=("html",), workers=1, progress=False)
    assert sorted(ran) == sorted(j.key for j in jobs)
    by_key = {j.key: j for j in jobs}
    stamp = json.loads(by_key["town/kk/abai"].stamp.read_text())
    by_key["town/kk/abai"].stamp.write_text(json.dumps({**stamp, "fingerprint": "old"}))
    by_key["town/ru/saran"].out("html").unlink()
    by_key["town/en/ridder"].stamp.unlink()

    def listed(*extra: str) -> set[str]:
        args = ["--outputs", str(out), "--list", "--format", "html", *extra]
        assert _run_all().main([*args, *(x for t in towns for x in ("--town", t))]) == 0
        lines = [ln.split("\t") for ln in capsys.readouterr().out.splitlines()]
        assert sorted(k for k, _ in lines) == sorted(by_key)
        return {k for k, state in lines if state == "to build"}

    expected = {"town/kk/abai", "town/ru/saran", "town/en/ridder"}
    assert listed() == expected
    assert listed("--force") == set(by_key)
    ran.clear()
    build.build(jobs, ctx=ctx, formats=("html",), workers=1, progress=False)
    assert set(ran) == expected
    # a format never built makes every report stale, and --list says so
    assert listed("--format", "html,pdf") == set(by_key)
    assert listed() == set()


def test_a_town_report_is_stale_when_a_median_it_states_changes():
    """The findings state medians over the towns of a functional type (Table 4) and of the 27:
    another town's row in Table 4 changes a median without touching the town's own rows."""
    from monotowns.report import peers

    job = build.all_jobs(towns=["kentau"], langs=("en",))[0]
    before = build.fingerprint(job)
    real = peers.town_type
    try:  # as if Table 4 put Kentau among the processing towns
        peers.town_type = lambda t: "processing" if t == "kentau" else real(t)
        assert build.fingerprint(job) != before
    finally:
        peers.town_type = real
    assert build.fingerprint(job) == before
