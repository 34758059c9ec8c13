"""The build: every chapter notebook, every town report and the teaching versions, in every
language, as an executed notebook, an HTML report and a PDF; ``build()`` runs the jobs that are
not up to date. ``python run_all.py --help`` lists the options; ``run_all.py`` then writes the
replication manifest and the landing page. Its parts, one module each:

- ``jobs``: what is built (``Job``), in which formats, and the lists of jobs;
- ``staleness``: whether a job is up to date (fingerprints, stamps, the record of complete
  builds, validated resources, derived files) — incremental: a report is rebuilt only when
  something it shows changed (``deps``); a build whose every input is unchanged since the last
  complete build of the same reports does nothing, after one hash;
- ``workers``: parallel — one worker process per job slot (``--jobs``), each with a warm process
  its reports' kernels are forked from (``kernels``; ``warm=False``, ``--fresh-kernels``: a new
  Python per report);
- ``runner``: one report — failures isolated (a failing notebook kept under ``failed/``, the
  failing cell named, its previous good outputs kept, the build exits non-zero), every file
  written atomically, no timestamp in HTML, PNG or PDF;
- ``lock``: one build at a time per outputs folder; an interrupted build leaves no temporary
  file;
- ``pack``: the teaching versions' course pack.

Their names stay importable from here (``build.all_jobs``, ``build.lock``…).
"""

from __future__ import annotations

import os
import signal
import sys

from monotowns.data import context
from monotowns.data.context import DEFAULT, Context

# the build's parts, one module per job; their names stay importable from here
from .jobs import (  # noqa: F401
    FOLDERS,
    FORMATS,
    INSTRUCTOR,
    ONLY_FOR,
    SITE_FILES,
    Job,
    Result,
    _published_towns,
    _registry,
    _rel,
    all_jobs,
    chapter_notebooks,
    formats_of,
    nav_landing,
    output_files,
    takeaway_folder,
    teaching_jobs,
    with_inputs,
    with_updates,
)
from .lock import (  # noqa: F401
    OWN_FILES,
    OWN_FOLDERS,
    BuildLockedError,
    _is_own_temporary,
    _own_names,
    check_outputs,
    lock,
    remove_temporaries,
)
from .pack import _ZIP_TIME, _jupyter_notebook, pack_path, write_teaching_pack  # noqa: F401
from .runner import (  # noqa: F401
    CELL_TIMEOUT,
    SOCKET_PATH_MAX,
    SOURCE_DATE_EPOCH,
    _DeadKernelLine,
    _ipc_kernel_manager,
    _keep_failed,
    _kernel_env,
    _kill_children,
    _one_line,
    _run_job,
    _town_ids,
    _version,
    _warm_modules,
    _warm_render,
    _worker_init,
    _worker_stop,
    atomic_write,
    cell_position,
    downloads,
    job_tmp_parent,
    run_job,
    write_takeaway,
)
from .staleness import (  # noqa: F401
    SHARED_RESOURCES,
    _file_intact,
    _file_record,
    _jobset,
    _json_record,
    _key,
    _record,
    _stamped,
    derived,
    fingerprint,
    forget_complete,
    inputs_hash,
    listing,
    mark_complete,
    nothing_to_do,
    plan,
    up_to_date,
    validate_data,
)
from .workers import (  # noqa: F401
    _EXPECTED,
    Workers,
    _beside,
    _beside_in_process,
    _build_in_workers,
    _expected_seconds,
    _import_runner,
    _started,
    _stop_workers,
)


def build(
    jobs: list[Job],
    *,
    ctx: Context = DEFAULT,
    formats: tuple[str, ...] = FORMATS,
    workers: int | None = None,
    force: bool = False,
    progress: bool = True,
    warm: bool = True,
    pool: Workers | None = None,
    beside=None,
) -> list[Result]:
    """Build the jobs that are not up to date, in parallel; return one Result per job.
    ``warm=False``: start a new kernel process per report instead of forking a pre-loaded one.
    ``pool``: workers started already (``Workers``); otherwise the build starts its own.
    ``beside``: work of this process (the exports, the landing pages) done in a thread while
    the reports' kernels run, once the plan is made (beside the plan it would slow it down);
    its error is raised once the reports are done."""

    with context.use(ctx):  # the workers started here, and what they run, read the build's folders
        workers = pool.n if pool is not None else (workers or os.cpu_count() or 1)
        remove_temporaries(ctx)
        results: list[Result] = []
        todo: list[tuple[Job, str]] = []
        for j, fp, current in plan(jobs, formats, ctx, force):
            if current:
                results.append(Result(j, True, skipped=True))
            else:
                todo.append((j, fp))
        if not todo:
            if beside is not None:
                beside()
            return results
        if beside is not None and workers == 1:  # the report runs here: its kernel's start first
            from .runner import KERNEL_UP

            KERNEL_UP.clear()
            side = _beside_in_process(beside, pool)
        else:
            side = _beside(beside)
        try:
            _run_todo(todo, results, ctx, formats, workers, progress, warm, pool, keep_charts=not force)
        finally:
            if side is not None:
                side.join()
        if side is not None and side.error is not None:
            raise side.error
        return results


def _run_todo(todo, results, ctx, formats, workers, progress, warm, pool, keep_charts: bool = True) -> None:
    from tqdm import tqdm

    from . import kernels

    env = _kernel_env(keep_charts)  # --force: no chart is kept from the last build

    job_tmp_parent()  # a temporary folder no kernel can use is refused once, not per report
    bar = tqdm(
        total=len(todo),
        desc="reports",
        unit="report",
        disable=not progress,
        file=sys.stderr,
        dynamic_ncols=True,
    )
    try:
        if workers == 1:
            for j, fp in todo:
                bar.set_postfix_str(j.key)
                results.append(run_job(j, formats, fp, warm, env))
                bar.update(1)
        elif pool is not None:
            _build_in_workers(todo, formats, pool, results, bar, env)
        else:
            with Workers(workers, warm) as own:
                _build_in_workers(todo, formats, own, results, bar, env)
    except BaseException:  # Ctrl-C, SIGTERM: stop, and leave no temporary file behind
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        remove_temporaries(ctx)
        raise
    finally:
        bar.close()
        if pool is None:
            kernels.stop()  # the in-process build's warm kernel (workers stop with theirs)


def summary(results: list[Result]) -> str:
    """Plain-text summary: built, skipped, failed (with the failing cell)."""
    built = [r for r in results if r.ok and not r.skipped]
    skipped = [r for r in results if r.skipped]
    failed = [r for r in results if not r.ok]
    lines = [f"built {len(built)}, up to date {len(skipped)}, failed {len(failed)}"]
    for r in failed:
        kept = f"; executed notebook kept at {r.kept}" if r.kept else ""
        lines.append(f"FAILED {r.job.key}: {r.error}{kept}")
    return "\n".join(lines)
