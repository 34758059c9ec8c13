"""The build's worker processes, started ahead of the work (their warm kernel processes
import while the build validates and plans), and the queue that feeds them the reports, the
longest first.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor, as_completed

from monotowns.data import context

from .jobs import Job, Result
from .runner import _kernel_env, _one_line, _warm_modules, _worker_init, run_job


def _beside(work):
    """``work`` started in a thread that keeps its error (``.error``); None for no work."""
    import threading

    if work is None:
        return None

    class Side(threading.Thread):
        error: BaseException | None = None

        def run(self) -> None:
            try:
                work()
            except BaseException as e:  # noqa: BLE001 - raised in the build's own thread
                self.error = e

    side = Side(name="beside-the-reports", daemon=True)
    side.start()
    return side


def _beside_in_process(work, pool: Workers | None = None):
    """``work`` (picklable) run in a process of its own once this process has started a report's
    kernel (``runner.KERNEL_UP``), from a thread that keeps its error (``_beside``): a build of
    one report runs the report's HTML and PDF in this process, and work beside it in a thread
    would hold the interpreter they need; in a process it takes the other core. With ``pool``,
    its process is the workers' (kept, its imports and data loaded, for the next ``--watch``
    round); otherwise one made for this work."""
    from .runner import KERNEL_UP, KERNEL_UP_WAIT

    def run() -> None:
        KERNEL_UP.wait(KERNEL_UP_WAIT)
        if pool is not None:
            pool.side().submit(work).result()
            return
        with _side_executor() as ex:
            ex.submit(work).result()

    return _beside(run)


def _side_executor() -> ProcessPoolExecutor:
    """One process for the work beside a one-report build. Ctrl-C stops it where it is (its
    writes leave no temporary file); it ends when the build's process does (its queue closes).
    (No parent-death signal: Linux sends that when the *thread* that started it ends, and the
    thread that first asks for it is a round's, in ``--watch``.)"""
    import multiprocessing as mp

    return ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("spawn"), initializer=_side_init)


def _side_init() -> None:
    """The side process, once stopped, ends without tearing its heap down (pandas, the library,
    the data it loaded: 0.3 s that the build waited for at its end): its last exit handler
    flushes its streams and leaves (its exit status is then 0; nothing reads it)."""
    import atexit

    from .exits import end_now

    atexit.register(end_now, 0)  # the first registered here: run after any the work registers


#: A job's expected seconds by kind when no earlier build measured it (the order of the queue).
_EXPECTED = {"chapter": 4.0, "town": 3.0, "teaching": 3.0}


def _expected_seconds(job: Job) -> float:
    """How long the job took last time (its stamp), else a typical time for its kind."""
    try:
        return float(json.loads(job.stamp.read_text())["seconds"]["total"])
    except (OSError, ValueError, KeyError, TypeError):
        return _EXPECTED.get(job.kind, 3.0)


class Workers:
    """The build's worker processes, started ahead of the work: each starts its warm kernel
    process (``monotowns.publish.kernels``) at once, so their imports (pandas, matplotlib, the
    library: a few seconds) run while the build validates the data and decides what to build.
    One worker (``n == 1``): the build's own process starts its warm kernel process instead.
    Leaving the ``with`` block stops them."""

    def __init__(self, n: int | None = None, warm: bool = True) -> None:
        self.n = max(1, n or os.cpu_count() or 1)
        self.warm = warm
        self.ex: ProcessPoolExecutor | None = None
        self._side: ProcessPoolExecutor | None = None

    def side(self) -> ProcessPoolExecutor:
        """The process for the work beside a one-report build (``_beside_in_process``), started
        when first asked for and kept until the workers stop."""
        if self._side is None:
            self._side = _side_executor()
        return self._side

    def __enter__(self) -> Workers:
        from . import kernels

        if self.n == 1:
            if self.warm:
                kernels.get(_warm_modules, context.current().notebooks_dir)
            _beside(_import_runner)  # this process runs the report: its imports, meanwhile
            return self
        import multiprocessing as mp

        self.ex = ProcessPoolExecutor(
            max_workers=self.n,
            mp_context=mp.get_context("spawn"),
            initializer=_worker_init,
            initargs=(os.getpid(), self.warm),
        )
        # workers start with Ctrl-C blocked (they ignore it: the build stops them), so that
        # none is hit while starting up; a task per worker makes the pool start them all now
        old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            for _ in range(self.n):
                self.ex.submit(_started)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)
        return self

    def restart(self) -> None:
        """Stop the workers and their warm kernel processes and start new ones (they keep what
        they read when they started: the registry, the texts)."""
        self.__exit__(None, None, None)
        self.__enter__()

    def prepare(self) -> None:
        """Tell the build's own warm kernel process (one worker) the reports' environment as soon
        as the data package is validated: it loads the package then, not when the first report
        asks for a kernel. (Workers' processes learn it from their first report.)"""
        from . import kernels

        if self.n == 1 and self.warm and (z := kernels.get(_warm_modules, context.current().notebooks_dir)) is not None:
            z.prepare(_kernel_env())

    def __exit__(self, kind, exc, tb) -> None:
        from . import kernels

        if self._side is not None:
            self._side.shutdown(wait=kind is None, cancel_futures=True)
            self._side = None
        if self.ex is not None:
            if kind is None:
                self.ex.shutdown(wait=True)
            else:
                _stop_workers(self.ex)
            self.ex = None
        kernels.stop()


def _import_runner() -> None:
    """Import what running and rendering a report takes (papermill, nbformat, nbconvert, the
    pages' navigation: two seconds), while the build validates and plans."""
    import nbformat  # noqa: F401
    import papermill  # noqa: F401

    from . import nav, render  # noqa: F401


def _started() -> None:
    """A worker's first task: nothing (it makes the pool start the worker)."""


def _build_in_workers(
    todo: list[tuple[Job, str]], formats: tuple[str, ...], pool: Workers, results, bar, env: dict | None = None
) -> None:
    ex = pool.ex
    assert ex is not None
    env = _kernel_env() if env is None else env
    # the longest reports first, so that the build does not end waiting for one long report
    todo = sorted(todo, key=lambda t: -_expected_seconds(t[0]))
    try:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            futs = {ex.submit(run_job, j, formats, fp, pool.warm, env): j for j, fp in todo}
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)
        for fut in as_completed(futs):
            j = futs[fut]
            try:
                results.append(fut.result())
            except Exception as e:  # noqa: BLE001 - a crashed worker fails its report only
                results.append(Result(j, False, error=_one_line(e)))
            bar.set_postfix_str(f"done: {j.key}")
            bar.update(1)
    except BaseException:
        _stop_workers(ex)
        pool.ex = None
        raise


def _stop_workers(ex: ProcessPoolExecutor) -> None:
    """Stop every worker now (each removes its temporary folder; its kernel follows it)."""
    procs = list((getattr(ex, "_processes", None) or {}).values())
    ex.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        with contextlib.suppress(Exception):
            p.terminate()
    deadline = time.monotonic() + 10
    for p in procs:
        with contextlib.suppress(Exception):
            p.join(max(0.0, deadline - time.monotonic()))
            if p.is_alive():
                p.kill()
                p.join(5)
