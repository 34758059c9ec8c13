"""The build: every chapter notebook and every town report, in Kazakh and English, as an
executed notebook, an HTML report and a PDF; then the replication manifest and the landing
page. ``python run_all.py --help`` lists the options.

- Parallel: one worker process per job slot (``--jobs``, default: the number of cores), one
  fresh kernel per report (no state shared between reports).
- Incremental: a content hash of everything a report depends on (the notebook, the library's
  source, the data it reads — for a town report only that town's rows and its ranks —, the
  parameters and the package versions) decides what is rebuilt.
- Failures are isolated: a failing notebook is kept under ``outputs/failed/`` with the failing
  cell named in the summary, its previous good outputs stay, the others are built, and the
  build exits non-zero.
- Atomic: every file is written to a temporary name in its folder and renamed.
- Deterministic: no timestamps in HTML, PNG or PDF.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from . import paths
from .io import atomic_write_bytes

FORMATS = ("html", "pdf")
CHAPTERS = (
    "01_theory",
    "02_1_kazakhstan",
    "02_2_karaganda",
    "02_3_innovation",
    "03_2_method",
    "03_3_mechanisms",
    "04_appendices",
    "05_article",
    "06_audit",
)
SOURCE_DATE_EPOCH = "1640995200"  # 2022-01-01, the year after the sources' data end


@dataclass(frozen=True)
class Job:
    """One report to build."""

    kind: str  # chapter | town | teaching
    name: str  # chapter notebook name, or town id, or teaching-<town>-<version>
    lang: str
    notebook: str  # file name under notebooks/
    params: tuple = ()  # ((key, value), ...)

    @property
    def key(self) -> str:
        return f"{self.kind}/{self.lang}/{self.name}"

    @property
    def folder(self) -> Path:
        sub = {"chapter": "reports", "town": "towns", "teaching": "teaching"}[self.kind]
        return paths.OUTPUTS_DIR / sub / self.lang

    def out(self, ext: str) -> Path:
        return self.folder / f"{self.name}.{ext}"

    @property
    def executed(self) -> Path:
        return paths.OUTPUTS_DIR / "notebooks" / self.kind / self.lang / f"{self.name}.ipynb"

    @property
    def failed(self) -> Path:
        return paths.OUTPUTS_DIR / "failed" / self.kind / self.lang / f"{self.name}.ipynb"


@dataclass
class Result:
    job: Job
    ok: bool
    skipped: bool = False
    seconds: float = 0.0
    error: str = ""
    outputs: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- jobs


def all_jobs(*, towns: list[str] | None = None, langs: tuple[str, ...] = ("kk", "en")) -> list[Job]:
    """Every report, or only the given towns' reports."""
    from . import towns as registry

    jobs: list[Job] = []
    for lang in langs:
        if towns is None:
            jobs += [Job("chapter", c, lang, f"{c}.ipynb", (("lang", lang),)) for c in CHAPTERS]
        for t in towns if towns is not None else registry.town_ids():
            jobs.append(Job("town", t, lang, "town_report.ipynb", (("town", t), ("lang", lang))))
        if towns is None and (paths.NOTEBOOKS_DIR / "teaching.ipynb").exists():
            for t in _published_towns():
                for answers in (False, True):
                    name = f"{t}-{'instructor' if answers else 'student'}"
                    jobs.append(
                        Job(
                            "teaching",
                            name,
                            lang,
                            "teaching.ipynb",
                            (("town", t), ("lang", lang), ("answers", answers), ("interactive", False)),
                        )
                    )
    return jobs


def _published_towns() -> list[str]:
    """The towns of Table 19 (read without pandas, to keep the no-change build fast)."""
    import csv

    with open(paths.TABLES_DIR / "T19.csv", encoding="utf-8", newline="") as f:
        return list(dict.fromkeys(r["city_id"] for r in csv.DictReader(f)))


# ---------------------------------------------------------------- fingerprints


def _sha(*parts: bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(hashlib.sha256(p).digest())
    return h.hexdigest()


@lru_cache(maxsize=1)
def _code_and_env() -> str:
    """Hash of the library's source and the versions of what renders the reports."""
    from importlib.metadata import version

    parts = [p.read_bytes() for p in sorted((paths.ROOT / "lib" / "monotowns").rglob("*.py"))]
    vers = []
    for pkg in (
        "pandas",
        "numpy",
        "matplotlib",
        "nbconvert",
        "nbformat",
        "papermill",
        "ipykernel",
        "weasyprint",
    ):
        try:
            vers.append(f"{pkg}=={version(pkg)}")
        except Exception:  # noqa: BLE001 - a missing optional package is part of the environment
            vers.append(f"{pkg}==none")
    vers.append(sys.version)
    return _sha(*parts, "\n".join(vers).encode())


def _data_files() -> list[Path]:
    return sorted(p for p in paths.DATA_DIR.rglob("*") if p.is_file() and "sources" not in p.parts)


@lru_cache(maxsize=1)
def _all_data() -> str:
    from .io import package_fingerprint

    return package_fingerprint()


def _town_rows(path: Path, town: str) -> bytes:
    """The lines of a data file that concern one town (all lines if the file has no town column)."""
    import csv
    import io

    text = path.read_text(encoding="utf-8")
    if path.suffix != ".csv":
        return text.encode()
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return b""
    head = rows[0]
    col = "city_id" if "city_id" in head else "city_ids" if "city_ids" in head else "town" if "town" in head else None
    if col is None:
        return text.encode()
    i = head.index(col)
    keep = [
        r
        for r in rows[1:]
        if i < len(r) and (r[i] == town or r[i] in ("", "all", "karaganda_oblast") or town in r[i].split(";"))
    ]
    return json.dumps([head] + keep, ensure_ascii=False).encode()


def fingerprint(job: Job) -> str:
    """Everything the job's outputs depend on, hashed."""
    nb = (paths.NOTEBOOKS_DIR / job.notebook).read_bytes()
    params = json.dumps(job.params, sort_keys=True).encode()
    if job.kind == "town":
        from . import townreport

        town = dict(job.params)["town"]
        data = _sha(
            *[str(p.relative_to(paths.DATA_DIR)).encode() + b"\0" + _town_rows(p, town) for p in _data_files()],
            json.dumps(townreport.ranks(town), sort_keys=True, default=str).encode(),
        )
    else:
        data = _all_data()
    return _sha(nb, params, data.encode(), _code_and_env().encode())


def global_fingerprint(jobs: list[Job], formats: tuple[str, ...]) -> str:
    """One hash of everything any of the jobs depends on (data, code, notebooks, the job list)."""
    nbs = sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb"))
    return _sha(
        _all_data().encode(),
        _code_and_env().encode(),
        *[p.read_bytes() for p in nbs],
        json.dumps([j.key for j in jobs] + list(formats)).encode(),
    )


def nothing_to_do(jobs: list[Job], formats: tuple[str, ...]) -> bool:
    """True if the last complete build used the same inputs and all its outputs are still there."""
    try:
        stamp = json.loads((paths.OUTPUTS_DIR / ".cache" / "global.json").read_text())
    except (OSError, ValueError):
        return False
    return stamp.get("fingerprint") == global_fingerprint(jobs, formats) and all(
        j.out(f).exists() for j in jobs for f in formats
    )


def mark_complete(jobs: list[Job], formats: tuple[str, ...]) -> None:
    """Remember that every job was built from the current inputs (enables the no-change fast path)."""
    atomic_write(
        paths.OUTPUTS_DIR / ".cache" / "global.json",
        json.dumps({"fingerprint": global_fingerprint(jobs, formats)}).encode(),
    )


def _stamp(job: Job) -> Path:
    return paths.OUTPUTS_DIR / ".cache" / job.kind / job.lang / f"{job.name}.json"


def up_to_date(job: Job, formats: tuple[str, ...], fp: str) -> bool:
    """True if the job's outputs exist and were built from the same fingerprint."""
    try:
        stamp = json.loads(_stamp(job).read_text())
    except (OSError, ValueError):
        return False
    return (
        stamp.get("fingerprint") == fp
        and all(job.out(f).exists() for f in formats)
        and set(formats) <= set(stamp.get("formats", []))
    )


# ---------------------------------------------------------------- running one job


atomic_write = atomic_write_bytes


def _scrub(nb) -> None:
    """Drop what changes from run to run (timings) from an executed notebook."""
    nb.metadata.get("papermill", {}).pop("start_time", None)
    nb.metadata.get("papermill", {}).pop("end_time", None)
    nb.metadata.get("papermill", {}).pop("duration", None)
    for c in nb.cells:
        if "injected-parameters" in c.metadata.get("tags", []):
            c["id"] = "injected-parameters"  # papermill draws a random id for the cell it adds
        c.metadata.pop("execution", None)
        pm = c.metadata.get("papermill")
        if pm:
            for k in ("start_time", "end_time", "duration"):
                pm.pop(k, None)


def run_job(job: Job, formats: tuple[str, ...], fp: str) -> Result:
    """Execute one notebook and write its outputs (called in a worker process)."""
    import nbformat
    import papermill as pm

    from . import render

    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    t0 = time.perf_counter()
    src = paths.NOTEBOOKS_DIR / job.notebook
    with tempfile.TemporaryDirectory() as tmp:
        out_nb = Path(tmp) / "executed.ipynb"
        try:
            pm.execute_notebook(
                str(src),
                str(out_nb),
                parameters=dict(job.params),
                kernel_name="python3",
                cwd=str(paths.NOTEBOOKS_DIR),
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,
                execution_timeout=600,  # a hung cell fails its report instead of the build
                kernel_manager_class=_ipc_kernel_manager(),
            )
        except pm.PapermillExecutionError as e:
            if out_nb.exists():
                atomic_write(job.failed, out_nb.read_bytes())
            return Result(
                job,
                False,
                seconds=time.perf_counter() - t0,
                error=f"cell {e.exec_count} ({e.ename}: {str(e.evalue)[:300]})",
            )
        except Exception as e:  # noqa: BLE001 - any failure of one report must not stop the build
            if out_nb.exists():
                atomic_write(job.failed, out_nb.read_bytes())
            return Result(job, False, seconds=time.perf_counter() - t0, error=f"{type(e).__name__}: {e}")
        nb = nbformat.read(out_nb, as_version=4)
    _scrub(nb)
    outputs = []
    atomic_write(job.executed, nbformat.writes(nb).encode())
    body = render.notebook_body(nb)
    title = render.title_of(nb, job.name)
    footer = "monotowns-kz — " + job.key
    page = render.page(body, title=title, lang=job.lang, footer=footer)
    if "html" in formats:
        atomic_write(job.out("html"), page.encode())
        outputs.append(_rel(job.out("html")))
    if "pdf" in formats:
        atomic_write(job.out("pdf"), render.pdf_bytes(page))
        outputs.append(_rel(job.out("pdf")))
    atomic_write(_stamp(job), json.dumps({"fingerprint": fp, "formats": list(formats)}).encode())
    if job.failed.exists():
        job.failed.unlink()
    return Result(job, True, seconds=time.perf_counter() - t0, outputs=outputs)


# ---------------------------------------------------------------- the whole build


def build(
    jobs: list[Job],
    *,
    formats: tuple[str, ...] = FORMATS,
    workers: int | None = None,
    force: bool = False,
    progress: bool = True,
) -> list[Result]:
    """Build the jobs that are not up to date, in parallel; return one Result per job."""
    from tqdm import tqdm

    workers = workers or os.cpu_count() or 1
    _remove_stale_temporaries()
    results: list[Result] = []
    todo: list[tuple[Job, str]] = []
    for j in jobs:
        fp = fingerprint(j)
        if not force and up_to_date(j, formats, fp):
            results.append(Result(j, True, skipped=True))
        else:
            todo.append((j, fp))
    if not todo:
        return results
    bar = tqdm(
        total=len(todo),
        desc="reports",
        unit="report",
        disable=not progress,
        file=sys.stderr,
        dynamic_ncols=True,
    )
    if workers == 1:
        for j, fp in todo:
            bar.set_postfix_str(j.key)
            results.append(run_job(j, formats, fp))
            bar.update(1)
    else:
        import multiprocessing as mp

        with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn")) as ex:
            futs = {}
            for j, fp in todo:
                futs[ex.submit(run_job, j, formats, fp)] = j
            for fut in as_completed(futs):
                j = futs[fut]
                try:
                    results.append(fut.result())
                except Exception as e:  # noqa: BLE001 - a crashed worker fails its report only
                    results.append(Result(j, False, error=f"{type(e).__name__}: {e}"))
                bar.set_postfix_str(f"done: {j.key}")
                bar.update(1)
    bar.close()
    return results


def _rel(p: Path) -> str:
    """A path relative to the project when it is inside it (outputs may live elsewhere)."""
    try:
        return str(p.relative_to(paths.ROOT))
    except ValueError:
        return str(p)


def _remove_stale_temporaries() -> None:
    """Remove temporary files a killed build left behind (they never replaced a real output)."""
    if paths.OUTPUTS_DIR.exists():
        for p in paths.OUTPUTS_DIR.rglob(".*.tmp"):
            try:
                p.unlink()
            except OSError:
                pass


def summary(results: list[Result]) -> str:
    """Plain-text summary: built, skipped, failed (with the failing cell)."""
    built = [r for r in results if r.ok and not r.skipped]
    skipped = [r for r in results if r.skipped]
    failed = [r for r in results if not r.ok]
    lines = [f"built {len(built)}, up to date {len(skipped)}, failed {len(failed)}"]
    for r in failed:
        lines.append(f"FAILED {r.job.key}: {r.error}; executed notebook kept at {_rel(r.job.failed)}")
    return "\n".join(lines)


def results_json(results: list[Result]) -> list[dict]:
    return [{**asdict(r.job), **{k: v for k, v in asdict(r).items() if k != "job"}} for r in results]


def _ipc_kernel_manager():
    """A kernel manager that talks to its kernel over local IPC sockets, not TCP ports."""
    from jupyter_client.manager import AsyncKernelManager

    class IPCKernelManager(AsyncKernelManager):
        def __init__(self, *a, **kw):
            super().__init__(*a, **kw)
            self.transport = "ipc"
            self.ip = os.path.join(tempfile.mkdtemp(prefix="mt-kernel-"), "k")

        async def _async_start_kernel(self, **kw):
            # the kernel's own log (e.g. its shutdown chatter) is noise here: errors of the
            # notebook reach us through the executed notebook
            import subprocess

            kw.setdefault("stderr", subprocess.DEVNULL)
            return await super()._async_start_kernel(**kw)

        start_kernel = _async_start_kernel

    return IPCKernelManager
