import shutil
import signal
import subprocess
from pathlib import Path

import pytest
from monotowns.data import paths
from monotowns.data.context import DEFAULT, Context
from monotowns.publish import build, manifest, site


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ (without the large sources) to break on purpose."""
    dst = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, dst, ignore=shutil.ignore_patterns("sources"))
    return dst


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """What a build reads (library, data, notebooks, run_all.py), copied to edit without touching ours."""
    dst = tmp_path / "project"
    dst.mkdir()
    for d in ("lib", "data", "notebooks"):
        shutil.copytree(paths.ROOT / d, dst / d, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    shutil.copy2(paths.ROOT / "run_all.py", dst / "run_all.py")
    return dst


def as_from_a_terminal() -> None:
    """``preexec_fn`` of a command a test stops with Ctrl-C: Ctrl-C is what it is at a terminal.
    A test run started in the background of a shell without job control (``cmd &`` in a script)
    inherits SIGINT ignored, and Python then never raises KeyboardInterrupt in its children."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def source_lines(source: str) -> list[str]:
    return DEFAULT.source_files[source].read_text(encoding="utf-8").split("\n")


def pytest_collection_modifyitems(items):
    """Tests that read the reports a module-scoped build made (fixture ``built``) are slow too."""
    for item in items:
        if "built" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """All chapter reports in both languages and a sample of town reports, in a temporary outputs
    folder, with two workers."""
    out = tmp_path_factory.mktemp("outputs")
    ctx = Context(outputs_dir=out)
    jobs = [j for j in build.all_jobs(ctx) if j.kind == "chapter"]
    jobs += build.all_jobs(ctx, towns=["karazhal", "ridder", "saran"])
    results = build.build(jobs, ctx=ctx, workers=2, progress=False)
    manifest.write(ctx)
    site.write_index(ctx)
    return out, results, jobs


def small_notebook(path: Path, cells: list[tuple[str, str]]) -> Path:
    """Write a notebook of ``cells`` — (kind, source), kind 'markdown', 'code' or 'parameters'
    (a code cell tagged as papermill's parameters) — for tests of the build itself."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for kind, source in cells:
        c = nbformat.v4.new_markdown_cell(source) if kind == "markdown" else nbformat.v4.new_code_cell(source)
        if kind == "parameters":
            c.metadata["tags"] = ["parameters"]
        nb.cells.append(c)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


class Unprivileged:
    """Run a command without the power to ignore file permissions: the tests of read-only
    folders mean nothing to root, who may write anywhere, and CI runs as root. As root the
    command runs under ``setpriv`` with the capabilities that override permissions dropped
    (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER), so a folder of mode 0500 is read-only to
    it as to anyone; as another user it runs as that user."""

    DROP = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]

    def __init__(self):
        import os
        import shutil as _shutil

        self.root = os.geteuid() == 0
        if self.root and _shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv (util-linux): cannot drop the power to ignore permissions")

    def run(self, args: list[str], **kw):
        import os
        import subprocess

        env = dict(os.environ, PYTHONPATH=str(paths.LIB_DIR))
        env.update(kw.pop("env", {}))
        return subprocess.run((self.DROP if self.root else []) + list(args), env=env, **kw)


@pytest.fixture
def folders(monkeypatch):
    """``folders(notebooks_dir=..., data_dir=...)``: make a context with those folders the current
    one for this test (``context.current()``; a ``Context`` made in the test inherits them)."""
    import dataclasses

    from monotowns.data import context

    def use(**changed):
        ctx = dataclasses.replace(context.current(), **changed)
        monkeypatch.setattr(context, "_current", [ctx])
        return ctx

    return use


@pytest.fixture
def unprivileged() -> Unprivileged:
    """See ``Unprivileged``: a test of what an ordinary user may not do, that runs as root too."""
    return Unprivileged()


@pytest.fixture(autouse=True)
def _fast_tier_stays_in_process(request, monkeypatch):
    """A test not marked ``slow`` runs in process: starting a process (a kernel, a command,
    Graphviz, poppler) fails it, saying to mark it — the fast tier's promise (``tests/tiers.py``:
    in process, under a minute) is kept by the suite, not by hand."""
    if request.node.get_closest_marker("slow") is not None:
        return

    def refuse(self, args=None, *a, **kw):
        cmd = args if isinstance(args, str) else " ".join(map(str, args or []))
        raise AssertionError(f"a test not marked slow started a process ({cmd[:80]}); mark it slow")

    monkeypatch.setattr(subprocess.Popen, "__init__", refuse)
