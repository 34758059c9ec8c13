"""Running one report (in a worker process): its kernel, forked from the warm process
(``kernels``), papermill, the HTML and PDF and a town report's other formats, the CSVs of its
tables and charts, its stamp; a failing notebook kept under ``failed/``; the worker's signal
handling, which removes the report's temporary folder when the build stops it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

from monotowns.data import context, files
from monotowns.data.context import LANGS
from monotowns.data.errors import MonotownsError
from monotowns.data.files import atomic_write_bytes

from . import deps
from .jobs import Job, Result, _rel, formats_of, output_files, takeaway_folder
from .staleness import _file_record, _key, _stamped

SOURCE_DATE_EPOCH = "1640995200"  # 2022-01-01, the year after the sources' data end


atomic_write = atomic_write_bytes


#: How long one cell may run before its report fails (a hung cell must not hang the build).
CELL_TIMEOUT = 600


def run_job(job: Job, formats: tuple[str, ...], fp: str, warm: bool = True, env: dict | None = None) -> Result:
    """Execute one notebook and write its outputs (called in a worker process). Never raises
    an Exception: whatever goes wrong — the notebook, the rendering, a write — fails this
    report only. ``warm``: fork the report's kernel from this process's pre-loaded one
    (``monotowns.publish.kernels``) instead of starting a new Python. ``env``: variables
    for the report's kernel (``_kernel_env``)."""
    t0 = time.perf_counter()
    before = {k: os.environ.get(k) for k in env or {}}
    os.environ.update(env or {})
    try:
        return _run_job(job, formats, fp, t0, warm)
    except Exception as e:  # noqa: BLE001 - any failure of one report must not stop the build
        return Result(job, False, seconds=time.perf_counter() - t0, error=_one_line(e))
    finally:  # a build of one worker runs here, in the caller's process: leave its environment as it was
        for k, v in before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


class _DeadKernelLine(logging.Filter):
    """nbclient logs "Kernel died while waiting for execute reply." through papermill's logger
    before it raises DeadKernelError; the build reports that error as the report's own (one
    line, in the summary), and on Ctrl-C the kernel dies with the build, so the log line is
    noise either way."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Kernel died while waiting for execute reply")


logging.getLogger("papermill").addFilter(_DeadKernelLine())


def _one_line(e: BaseException) -> str:
    text = " ".join(str(e).split())
    return f"{type(e).__name__}: {text[:300]}"


def _keep_failed(job: Job, out_nb: Path) -> str:
    """Keep the executed notebook of a failed report under failed/; where, or "" if not."""
    try:
        if out_nb.exists():
            atomic_write(job.failed, out_nb.read_bytes())
            return _rel(job.failed)
    except Exception:  # noqa: BLE001 - the report has failed already; say only what is true
        pass
    return ""


def _town_ids() -> list[str]:
    from monotowns.data import towns

    return towns.town_ids()


def _version() -> str:
    from monotowns import __version__

    return __version__


def downloads(job: Job, formats: tuple[str, ...]) -> list[dict]:
    """What the HTML page of a report links for the reader to take away: the report in its
    other formats, its executed notebook, and a chapter's tables and figures as files (all
    written by the same build, relative to the page)."""
    from monotowns.report import texts

    html = job.out("html").parent
    files = [job.out(f) for f in formats_of(job, formats) if f != "html"] + [job.executed]
    if job.kind == "chapter":
        files += [p for p in output_files(job, formats) if p.suffix in (".csv", ".png")]
    out = []
    for p in files:
        key = "dl_" + p.suffix[1:] if p.suffix != ".ipynb" else "dl_ipynb"
        text = texts.t(key, job.lang) if p.suffix in (".pdf", ".docx", ".xlsx", ".ipynb") else p.name
        out.append({"text": text, "href": os.path.relpath(p, html).replace(os.sep, "/")})
    return out


def write_takeaway(job: Job, nb) -> list[tuple[Path, str]]:
    """Write the CSV of each table and chart the executed notebook's outputs carry (under
    ``takeaway.MIME``: a town report's sections) into ``takeaway_folder``; remove the CSVs an
    earlier build of the job wrote there that this one does not. (path, title) of each."""
    from monotowns.report.takeaway import MIME

    folder = takeaway_folder(job)
    contents: dict[Path, bytes] = {}
    written: list[tuple[Path, str]] = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            for f in (out.get("data", {}).get(MIME) or {}).get("files", []):
                stem, k = f["name"].removesuffix(".csv"), 2
                p = folder / f["name"]
                while p in contents:  # a name two cells give: the second gets -2
                    p, k = folder / f"{stem}-{k}.csv", k + 1
                contents[p] = f["csv"].encode("utf-8")
                written.append((p, f["title"]))
    if contents:
        files.atomic_write_all(contents)
    for key in _stamped(job).get("files") or {}:
        p = Path(job.outputs) / key
        if p.parent == folder and p not in contents:
            with contextlib.suppress(OSError):
                p.unlink()
    return written


def write_item_files(job: Job, nb) -> list[Path]:
    """Write the files of the source items a chapter's cells show (handed over under
    ``report.book.FILES_MIME``: tables/<lang>/<ID>.csv, figures/<lang>/<ID>.png and .csv) into
    the outputs folder, all at once, and take them out of the notebook (they are the build's,
    not the reader's). A path outside the chapter's own files is refused, naming the cell."""
    import base64

    from monotowns.report.book import FILES_MIME

    allowed = {p.resolve() for p in output_files(job, ()) if p.suffix in (".csv", ".png")}
    contents: dict[Path, bytes] = {}
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            handed = out.get("data", {}).pop(FILES_MIME, None)
            for f in (handed or {}).get("files", []):
                p = Path(job.outputs) / f["path"]
                if p.resolve() not in allowed:
                    pos = cell_position(context.current().notebooks_dir / job.notebook, i)
                    raise MonotownsError(
                        f"cell {pos} of {job.notebook} hands the build {f['path']!r}, "
                        "which is not a file of an item this chapter shows"
                    )
                contents[p] = base64.b64decode(f["base64"])
    if contents:
        files.atomic_write_all(contents)
    return sorted(contents)


def cell_position(nb_path: Path, cell_index: int) -> int:
    """The 1-based position in the source notebook of cell ``cell_index`` of its executed copy
    (papermill inserts an 'injected-parameters' cell, which the source does not have)."""
    try:
        cells = json.loads(nb_path.read_text(encoding="utf-8"))["cells"]
        injected = [i for i, c in enumerate(cells) if "injected-parameters" in c.get("metadata", {}).get("tags", [])]
    except (OSError, ValueError, KeyError, TypeError):
        injected = []
    return cell_index + 1 - sum(1 for i in injected if i < cell_index)


#: The longest path of a kernel's socket (``<report's temporary folder>/k-<port>``) that every
#: system takes: a Unix socket's address holds 108 bytes on Linux, 104 on macOS.
SOCKET_PATH_MAX = 100


def job_tmp_parent(base: str | None = None) -> str | None:
    """Where a report's temporary folder goes: the system's (``TMPDIR``) when the kernel's
    sockets fit in it, else a short folder that takes them (a long ``TMPDIR`` on HPC scratch or
    in a sandbox would fail every report with ZMQ's "File name too long")."""
    base = base or tempfile.gettempdir()
    if len(os.fsencode(base)) + len("/mt-job-xxxxxxxx/k-65535") <= SOCKET_PATH_MAX:
        return None
    for short in ("/tmp", "/var/tmp", "/dev/shm"):
        if os.path.isdir(short) and os.access(short, os.W_OK | os.X_OK):
            return short
    raise MonotownsError(
        f"temporary folder {base}: its path is too long for a kernel's socket "
        f"(at most {SOCKET_PATH_MAX - len('/mt-job-xxxxxxxx/k-65535')} characters) and /tmp is not writable; "
        "set TMPDIR to a shorter folder"
    )


#: The temporary folder of the report a worker is executing (removed if the worker is stopped).
_current_tmp: str | None = None


def _warm_modules() -> list[str]:
    """What a warm kernel imports before its fork: the kernel's modules and the library modules
    the notebooks import (pandas and matplotlib come with them), then its warm-up calls, and
    (``@``) those it makes when the first report is asked for."""
    from . import kernels

    mods: set[str] = set()
    for nb in context.current().notebooks_dir.glob("*.ipynb"):
        mods |= deps.notebook_modules(nb)
    return [*kernels.KERNEL_MODULES, *sorted(mods), *kernels.WARM_UP, *("@" + f for f in kernels.WARM_UP_FIRST_REPORT)]


def _run_job(job: Job, formats: tuple[str, ...], fp: str, t0: float, warm: bool = True) -> Result:
    global _current_tmp
    import nbformat
    import papermill as pm

    from . import kernels, render

    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    src = context.current().notebooks_dir / job.notebook
    zygote = kernels.get(_warm_modules, context.current().notebooks_dir) if warm else None
    # the folder is made and remembered with SIGTERM held, so a stopped worker always knows it
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        tmpdir = tempfile.TemporaryDirectory(prefix="mt-job-", dir=job_tmp_parent())
        _current_tmp = tmpdir.name
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    KERNEL_UP.clear()
    warming = _warm_render(job.lang)  # while the kernel runs the cells
    with tmpdir as tmp:
        out_nb = Path(tmp) / "executed.ipynb"
        try:
            pm.execute_notebook(
                str(src),
                str(out_nb),
                parameters=dict(job.params),
                kernel_name="python3",
                cwd=str(context.current().notebooks_dir),
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,
                execution_timeout=CELL_TIMEOUT,  # a hung cell fails its report instead of the build
                # every output has arrived when the last cell is done: stop the kernel at once
                # (a graceful stop only makes it save its history and exit in its own time)
                shutdown_kernel="immediate",
                kernel_manager_class=_ipc_kernel_manager(Path(tmp), zygote),
            )
        except pm.PapermillExecutionError as e:
            pos = cell_position(out_nb, e.cell_index)
            return Result(
                job,
                False,
                seconds=time.perf_counter() - t0,
                error=f"cell {pos} of {job.notebook} ({e.ename}: {' '.join(str(e.evalue).split())[:300]})",
                kept=_keep_failed(job, out_nb),
            )
        except Exception as e:  # noqa: BLE001 - any failure of one report must not stop the build
            return Result(
                job, False, seconds=time.perf_counter() - t0, error=_one_line(e), kept=_keep_failed(job, out_nb)
            )
        finally:
            _current_tmp = None
            KERNEL_UP.set()  # a kernel that never started: what waits for it need not wait on
        nb = nbformat.read(out_nb, as_version=4)
    csvs = write_takeaway(job, nb)
    write_item_files(job, nb)
    if warming is not None:
        warming.join()  # one WeasyPrint at a time in a process
    # where the report's time went (kept in its stamp, for scripts/benchmark.py's floor)
    spent = {"total": 0.0, "cells": sum(c.metadata.get("papermill", {}).get("duration") or 0 for c in nb.cells)}
    t1 = time.perf_counter()
    nb = render.scrub(nb)
    outputs = []
    atomic_write(job.executed, nbformat.writes(nb).encode())
    body = render.notebook_body(nb, job.lang)
    title = render.title_of(nb, job.name)
    footer = "monotowns-kz — " + title
    from monotowns.report import texts

    nav = render.navigation(
        job.out("html"),
        Path(job.outputs),
        job.lang,
        LANGS,
        texts.t("site_home", job.lang),
        {lang: texts.t("lang_name", lang) for lang in LANGS},
    )
    nav["downloads"] = downloads(job, formats)
    if csvs:
        nav["data_downloads"] = [
            {"text": p.name, "title": title, "href": os.path.relpath(p, job.out("html").parent).replace(os.sep, "/")}
            for p, title in csvs
        ]
        nav["data_downloads_text"] = texts.t("dl_data", job.lang)
    nav["downloads_text"] = texts.t("dl_label", job.lang)
    footer += " · " + texts.t("footer_data", job.lang, version=_version(), date=texts.data_date(job.lang))
    page = render.page(body, title=title, lang=job.lang, footer=footer, nav=nav)
    if "html" in formats:
        atomic_write(job.out("html"), page.encode())
        outputs.append(_rel(job.out("html")))
    spent["html"] = time.perf_counter() - t1
    if "pdf" in formats:
        t2 = time.perf_counter()
        atomic_write(job.out("pdf"), render.pdf_bytes(page))
        outputs.append(_rel(job.out("pdf")))
        spent["pdf"] = time.perf_counter() - t2
    if "docx" in formats_of(job, formats):
        from . import docx

        t3 = time.perf_counter()
        atomic_write(job.out("docx"), docx.docx_bytes(page, title=title))
        outputs.append(_rel(job.out("docx")))
        spent["docx"] = time.perf_counter() - t3
    if "xlsx" in formats_of(job, formats):
        from monotowns.report import townreport

        from . import workbook

        town = dict(job.params)["town"]
        later = dict(job.params).get("updates", "")
        sheets = townreport.workbook_sheets(town, job.lang, later) if town in _town_ids() else []
        atomic_write(job.out("xlsx"), workbook.xlsx_bytes(sheets, title=title))
        outputs.append(_rel(job.out("xlsx")))
    spent["total"] = time.perf_counter() - t0
    stamp = {
        "fingerprint": fp,
        "formats": list(formats),
        "seconds": {k: round(v, 3) for k, v in spent.items()},
        "files": {_key(job, p): _file_record(p) for p in output_files(job, formats) + [p for p, _ in csvs]},
    }
    atomic_write(job.stamp, json.dumps(stamp).encode())
    if job.failed.exists():
        job.failed.unlink()
    return Result(job, True, seconds=time.perf_counter() - t0, outputs=outputs)


#: Set once a report's kernel is started: this process's other work (the first HTML and PDF's
#: warm-up, the exports and landing pages of a one-report build) waits for it, so that its
#: threads do not hold the interpreter while the report's kernel is being started.
KERNEL_UP = threading.Event()
#: How long they wait for it at most (a kernel that never starts fails its report anyway).
KERNEL_UP_WAIT = 10.0


#: The report languages whose HTML and PDF this process has made (or is making) once.
_warmed: set[str] = set()


def _warm_render(lang: str):
    """Start ``render.warm_up`` in a thread, once per process and language: the process waits
    for the kernel while a report's cells run, so its first report's HTML and PDF need not start
    cold (the one-report build's case: no other report to have warmed it). The thread, or None."""
    import threading

    if lang in _warmed:
        return None
    _warmed.add(lang)

    def warm() -> None:
        from . import render

        KERNEL_UP.wait(KERNEL_UP_WAIT)  # the kernel's start first
        with contextlib.suppress(Exception):  # only a head start: the report meets any real error
            render.warm_up(lang)

    t = threading.Thread(target=warm, name="warm-render", daemon=True)
    t.start()
    return t


def _kernel_env(keep_charts: bool = True) -> dict[str, str]:
    """What the reports' kernels are told by the build process's environment (workers started
    before it was set do not have it): the fingerprint of the data package just validated; that
    the build collects the files a chapter's items hand it (``report.book.COLLECT_ENV``); and,
    unless ``keep_charts`` is false (``--force``), where the town charts are kept between
    builds (``report.chartcache``)."""
    from monotowns.data import package
    from monotowns.report.book import COLLECT_ENV
    from monotowns.report.chartcache import CACHE_ENV

    v = os.environ.get(package.VALIDATED_ENV)
    env = {COLLECT_ENV: "1", **({package.VALIDATED_ENV: v} if v else {})}
    env[CACHE_ENV] = str(context.current().outputs_dir / ".cache" / "charts") if keep_charts else ""
    return env


def _worker_init(parent: int, warm: bool = True) -> None:
    """In each worker: ignore Ctrl-C (the build stops the workers), die with the build (Linux:
    the parent-death signal), and on SIGTERM remove the report's temporary folder and exit;
    then (``warm``) start the worker's warm kernel process, which does its imports meanwhile."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _worker_stop)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(Exception):
            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM), 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the build died before the line above
        os._exit(1)
    if warm:
        from . import kernels

        kernels.get(_warm_modules, context.current().notebooks_dir)


def _kill_children() -> None:
    """Kill this worker's descendants (its report's kernel, its warm kernel process and the
    kernel forked from that), so that none of them writes into the temporary folder after it is
    removed (Linux: read from /proc; elsewhere nothing)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(Exception):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))  # ppid follows the state
    todo = list(children.get(os.getpid(), []))
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        with contextlib.suppress(Exception):
            os.kill(pid, signal.SIGKILL)


def _worker_stop(signum, frame) -> None:
    import shutil

    _kill_children()
    if _current_tmp:
        for _ in range(50):  # a file the dying kernel was writing may appear during the removal
            shutil.rmtree(_current_tmp, ignore_errors=True)
            if not os.path.exists(_current_tmp):
                break
            time.sleep(0.05)
    os._exit(128 + signum)


def _ipc_kernel_manager(folder: Path, zygote=None):
    """A kernel manager that talks to its kernel over local IPC sockets, not TCP ports; the
    sockets and the connection file live in ``folder`` (the report's temporary folder, removed
    with it, however the report ends). With a ``zygote`` (``monotowns.publish.kernels``) the
    kernel is forked from it, its imports done; otherwise it is started as a new process."""
    import subprocess

    from jupyter_client.manager import AsyncKernelManager

    from . import kernels

    class IPCKernelManager(AsyncKernelManager):
        def __init__(self, *a, **kw):
            super().__init__(*a, **kw)
            self.client_factory = kernels.ReadyClient
            self.transport = "ipc"
            self.ip = str(folder / "k")
            self.connection_file = str(folder / "kernel.json")

        async def _async_wait(self, pollinterval: float = 0.1) -> None:
            # after a kill, look every 5 ms, not every 100 ms, for the kernel to be gone
            await super()._async_wait(pollinterval=min(pollinterval, 0.005))

        async def _async_start_kernel(self, **kw):
            # the kernel's own log (e.g. its shutdown chatter) is noise here: errors of the
            # notebook reach us through the executed notebook
            kw.setdefault("stderr", subprocess.DEVNULL)
            return await super()._async_start_kernel(**kw)

        start_kernel = _async_start_kernel

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            if zygote is None or not kernels.launchable(kernel_cmd):
                try:
                    return await super()._async_launch_kernel(kernel_cmd, **kw)
                finally:
                    KERNEL_UP.set()
            prov = self.provisioner
            proc = zygote.launch(
                kernel_cmd,
                env=kw.get("env") or os.environ,
                cwd=kw.get("cwd") or os.getcwd(),
                stderr_null=kw.get("stderr") == subprocess.DEVNULL,
            )
            # what LocalProvisioner.launch_kernel records: the kernel leads a session of its own
            prov.process, prov.pid, prov.pgid, prov.cwd = proc, proc.pid, proc.pid, kw.get("cwd")
            self._reconcile_connection_info(prov.connection_info)
            KERNEL_UP.set()

    return IPCKernelManager
