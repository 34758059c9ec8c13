"""Warm kernels (#16): each report's kernel is forked from a process that did the imports once,
and still nothing of one report reaches the next, a hung cell fails only its report, and the
outputs are the bytes a fresh kernel gives."""

import os
from pathlib import Path

import nbformat
import pytest
from monotowns.data import paths
from monotowns.data.context import Context
from monotowns.publish import build, kernels, runner

pytestmark = pytest.mark.skipif(not kernels.supported(), reason="warm kernels need Linux pidfds")


def _notebook(path: Path, *cells: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell('lang = "en"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, *(nbformat.v4.new_code_cell(c) for c in cells)]
    nbformat.write(nb, path)


#: The first cell of each test notebook: was the library imported before the report ran?
WARM_OR_COLD = 'import sys\nprint("warm" if "monotowns.data.paths" in sys.modules else "cold")'


@pytest.fixture
def notebooks(tmp_path, monkeypatch, folders) -> Path:
    nbdir = tmp_path / "nb"
    nbdir.mkdir()
    folders(notebooks_dir=nbdir)
    return nbdir


def _job(name: str, out: Path) -> build.Job:
    return build.Job("chapter", name, "en", f"{name}.ipynb", (("lang", "en"),), str(out))


def _printed(job: build.Job) -> str:
    nb = nbformat.read(job.executed, as_version=4)
    return "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))


@pytest.mark.slow
@pytest.mark.parametrize("warm", [True, False])
def test_a_report_that_changes_its_kernel_does_not_change_the_next(notebooks, tmp_path, warm):
    """One worker, two reports: the first sets a global, an attribute of a library module, a
    pandas option and an environment variable; the second finds none of them."""
    _notebook(
        notebooks / "a.ipynb",
        WARM_OR_COLD,
        "from monotowns.data import paths\nimport os, pandas as pd\n"
        'paths.LEAK = "a"\nLEAKED = 1\npd.set_option("display.max_rows", 3)\nos.environ["MT_LEAK"] = "1"',
    )
    _notebook(
        notebooks / "b.ipynb",
        WARM_OR_COLD,
        "from monotowns.data import paths\nimport os, pandas as pd\n"
        'assert not hasattr(paths, "LEAK"), "a module attribute leaked"\n'
        'assert "LEAKED" not in globals(), "a global leaked"\n'
        'assert pd.get_option("display.max_rows") == 60, "a pandas option leaked"\n'
        'assert "MT_LEAK" not in os.environ, "an environment variable leaked"',
    )
    out = tmp_path / "out"
    jobs = [_job("a", out), _job("b", out)]
    results = build.build(jobs, ctx=Context(outputs_dir=out), formats=("html",), workers=1, progress=False, warm=warm)
    assert [r.ok for r in results] == [True, True], [r.error for r in results]
    # the kernels were forked from the pre-loaded process (or not): the test tests what it says
    expected = "warm" if warm else "cold"
    assert [_printed(j).split()[0] for j in jobs] == [expected, expected]


@pytest.mark.slow
def test_a_hung_cell_fails_its_report_and_the_next_report_runs(notebooks, tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "CELL_TIMEOUT", 3)
    _notebook(notebooks / "hung.ipynb", WARM_OR_COLD, "from monotowns.data import paths\nimport time\ntime.sleep(600)")
    _notebook(notebooks / "fine.ipynb", WARM_OR_COLD, "from monotowns.data import paths\nprint('done')")
    out = tmp_path / "out"
    jobs = [_job("hung", out), _job("fine", out), build.Job("chapter", "fine2", "en", "fine.ipynb", (), str(out))]
    hung, fine, fine2 = build.build(jobs, ctx=Context(outputs_dir=out), formats=("html",), workers=1, progress=False)
    assert not hung.ok and "timed out" in hung.error, hung.error
    assert fine.ok and fine2.ok, (fine.error, fine2.error)
    assert _printed(jobs[1]).split() == ["warm", "done"]


@pytest.mark.slow
def test_a_failing_report_fails_alone_in_a_warm_worker(notebooks, tmp_path):
    _notebook(notebooks / "bad.ipynb", WARM_OR_COLD, "from monotowns.data import paths\n1 / 0")
    _notebook(notebooks / "good.ipynb", WARM_OR_COLD, "from monotowns.data import paths\nprint('ok')")
    out = tmp_path / "out"
    jobs = [_job("bad", out), _job("good", out)]
    bad, good = build.build(jobs, ctx=Context(outputs_dir=out), formats=("html",), workers=1, progress=False)
    assert not bad.ok and bad.error.startswith("cell 3 of bad.ipynb (ZeroDivisionError"), bad.error
    assert good.ok and _printed(jobs[1]).split() == ["warm", "ok"]


@pytest.mark.slow
def test_no_warm_kernel_process_outlives_the_build(notebooks, tmp_path):
    _notebook(notebooks / "a.ipynb", WARM_OR_COLD, "from monotowns.data import paths")
    out = tmp_path / "out"
    build.build([_job("a", out)], ctx=Context(outputs_dir=out), formats=("html",), workers=1, progress=False)
    assert kernels._zygote is None
    mine = [p for p in Path("/proc").glob("[0-9]*/stat") if _parent(p) == os.getpid()]
    assert not [p for p in mine if b"-c" in _cmdline(p.parent) and b"ipykernel" in _cmdline(p.parent)]


def _parent(stat: Path) -> int:
    try:
        return int(stat.read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return -1


def _cmdline(proc: Path) -> bytes:
    try:
        return (proc / "cmdline").read_bytes()
    except OSError:
        return b""


@pytest.mark.slow
def test_a_warm_kernel_writes_the_bytes_a_fresh_kernel_writes(tmp_path, monkeypatch):
    """A town report and a chapter, in a new kernel process and in a forked one (whose warm
    process has loaded the validated data package ahead): the same HTML and PDF, byte for
    byte."""
    from monotowns.data import package
    from monotowns.data.files import package_fingerprint

    package.validate_all()
    monkeypatch.setenv(package.VALIDATED_ENV, package_fingerprint())  # as run_all.py does
    outs = {}
    for warm in (False, True):
        out = tmp_path / ("warm" if warm else "fresh")
        ctx = Context(outputs_dir=out)
        jobs = build.all_jobs(ctx, towns=["karazhal"], langs=("kk",))
        jobs += [j for j in build.all_jobs(ctx, langs=("en",)) if j.name == "03_2_method"]
        results = build.build(jobs, ctx=ctx, workers=1, progress=False, warm=warm)
        assert all(r.ok for r in results), [r.error for r in results]
        written = [j.out(f) for j in jobs for f in build.formats_of(j, build.FORMATS)]
        outs[warm] = {str(p.relative_to(out)): p.read_bytes() for p in written}
    assert outs[True].keys() == outs[False].keys()
    assert [k for k in outs[True] if outs[True][k] != outs[False][k]] == []


@pytest.mark.slow
def test_workers_started_before_the_data_are_validated_pass_on_what_was_validated(notebooks, tmp_path, monkeypatch):
    """run_all.py starts the workers (and their warm kernel processes) first and validates the
    data meanwhile; the fingerprint of the validated package, set after the workers started,
    still reaches every report's kernel (else each kernel would validate the package again)."""
    from monotowns.data import package

    nb = tmp_path / "env.ipynb"  # by absolute path: the workers do not share this test's notebooks folder
    _notebook(nb, WARM_OR_COLD, f'import os\nprint("validated:", os.environ.get("{package.VALIDATED_ENV}"))')
    out = tmp_path / "out"
    monkeypatch.delenv(package.VALIDATED_ENV, raising=False)
    jobs = [build.Job("chapter", n, "en", str(nb), (("lang", "en"),), str(out)) for n in ("a", "b", "c")]
    with build.Workers(2) as pool:
        monkeypatch.setenv(package.VALIDATED_ENV, "fingerprint-of-this-test")
        results = build.build(jobs, ctx=Context(outputs_dir=out), formats=("html",), pool=pool, progress=False)
    assert [r.ok for r in results] == [True] * 3, [r.error for r in results]
    for j in jobs:
        assert "validated: fingerprint-of-this-test" in _printed(j)
        assert _printed(j).startswith("warm")


def test_every_warm_up_call_names_a_function_that_runs():
    """The warm process swallows errors (a report's own kernel meets them and reports them), so a
    misnamed or failing warm-up would only cost time, silently: each one is called here."""
    import importlib

    assert kernels.WARM_UP and kernels.WARM_UP_FIRST_REPORT
    for entry in kernels.WARM_UP + kernels.WARM_UP_FIRST_REPORT:
        module, _, function = entry.partition(":")
        assert function, entry
        getattr(importlib.import_module(module), function)()


def test_the_data_package_is_loaded_ahead_only_when_it_is_the_validated_one(monkeypatch):
    """package.preload (the warm process's first-report call) fills the cache with every
    resource when the environment names the validated package, and does nothing otherwise
    (then each report validates what it reads, as without a warm process)."""
    from monotowns.data import package
    from monotowns.data.files import package_fingerprint

    try:
        package._CACHE.clear()
        monkeypatch.setenv(package.VALIDATED_ENV, "another package")
        package.preload()
        assert package._CACHE == {}
        monkeypatch.setenv(package.VALIDATED_ENV, package_fingerprint())
        package.preload()
        cached = {k[0] for k in package._CACHE}
        wanted = {str(paths.DATA_DIR / r["path"]) for r in package.datapackage()["resources"]}
        assert cached == wanted
    finally:
        package._trusted.cache_clear()
