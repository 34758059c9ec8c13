"""The build command: ``monotowns build`` and ``python run_all.py`` (the README's build command
runs it), the same options. Validates the data package; writes the export of every published
number, the errata and the audit; executes every chapter notebook, every town report and the
teaching versions in every language into HTML and PDF (parallel, incremental, isolated
failures, atomic, deterministic: ``monotowns.publish.build``); then writes the replication
manifest and the landing page ``outputs/index.html``. ``--teaching-pack`` builds only the
teaching versions and writes one course-pack zip per language (``teaching/pack/``); ``--watch``
keeps the workers and rebuilds what each edit makes stale.
"""

from __future__ import annotations

import argparse
import functools
import os
import signal
import sys
import time
from pathlib import Path

from monotowns.data import context

#: How the command names itself in its usage and its messages (``run`` sets them).
PROG_NAME = "run_all.py"
PROG = "run_all"
DESCRIPTION = (
    "Build every report - the chapters, the town reports, the teaching versions - in every language, "
    "as HTML and PDF (a town report also as a Word copy, a workbook and CSVs)."
)


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    """The command's options, or a usage error (exit 2)."""
    return parser().parse_args(argv)


def parser() -> argparse.ArgumentParser:
    """The build command's options (``--help`` lists them)."""
    from monotowns.data.context import LANGS

    p = argparse.ArgumentParser(prog=PROG_NAME, description=DESCRIPTION)
    p.add_argument("--town", action="append", metavar="ID", help="build only this town's report (repeatable)")
    p.add_argument("--lang", metavar="|".join(LANGS), help="only this language")
    p.add_argument(
        "--format",
        default="html,pdf,docx,xlsx",
        metavar="html,pdf,docx,xlsx",
        help="output formats (default: html,pdf,docx,xlsx; docx and xlsx: town reports)",
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="parallel workers (default: the number of cores)",
    )
    p.add_argument("--outputs", metavar="DIR", help="write into DIR instead of outputs/")
    p.add_argument("--force", action="store_true", help="rebuild even what is up to date")
    p.add_argument("--list", action="store_true", help="list what would be built, build nothing")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--fresh-kernels",
        action="store_true",
        help="start a new kernel process for each report instead of forking a pre-loaded one (slower)",
    )
    p.add_argument(
        "--inputs",
        metavar="FILE.csv",
        help="the method's inputs for some towns (the assess template, data/assess_template.csv): their "
        "reports get the method section computed from it; a town outside the registry gets a report of its own",
    )
    p.add_argument(
        "--update",
        action="append",
        default=[],
        metavar="FILE",
        help="later years of some towns' figures (data/update_template.csv, CSV or .xlsx; repeatable): their "
        "reports show them beside the published ones, with the file named; a published cell is never replaced",
    )
    p.add_argument(
        "--teaching-pack",
        action="store_true",
        help="build only the teaching versions (PDF included) and write one course-pack zip per language "
        "to teaching/pack/",
    )
    p.add_argument(
        "--watch",
        action="store_true",
        help="after the build, keep the workers and rebuild what each edit of the data, the notebooks, the "
        "library or the --inputs and --update files makes stale, until Ctrl-C",
    )
    return p


def _refused(args, formats: tuple[str, ...]) -> str | None:
    """Why the options cannot be built as given (an empty value, an unknown language or format,
    options that contradict each other), or None."""
    from monotowns.data.context import LANGS
    from monotowns.publish import build

    for opt in ("lang", "inputs", "format"):  # an empty value is a mistake, not "every"
        if getattr(args, opt) is not None and not getattr(args, opt).strip():
            return f"option --{opt}: the value is empty"
    if any(not u.strip() for u in args.update):
        return "option --update: the file name is empty"
    if args.update and args.teaching_pack:
        return "--update adds years to town reports; drop --teaching-pack"
    if args.lang and args.lang not in LANGS:
        return f"unknown language {args.lang!r}; valid: {', '.join(LANGS)}"
    bad = [f for f in formats if f not in build.FORMATS]
    if bad or not formats:
        return f"unknown format {','.join(bad) or '(none)'}; valid: {','.join(build.FORMATS)}"
    if args.jobs < 1:
        return "--jobs must be at least 1"
    if args.outputs is not None and not args.outputs.strip():
        return "option --outputs: the folder name is empty"
    if args.watch and (args.teaching_pack or args.list):
        return "--watch rebuilds reports as they go stale; drop --teaching-pack and --list"
    if args.teaching_pack and args.town:
        return "--teaching-pack builds the teaching versions; drop --town"
    return None


def main(argv: list[str] | None = None) -> int:
    t0 = time.perf_counter()
    args = parse(argv)
    from monotowns.data import paths
    from monotowns.data.context import LANGS, Context
    from monotowns.publish import build

    paths.require_project()  # a copy of the library without the project's data says so
    # refuse bad options before anything runs
    try:
        town_ids = _town_option(args.town)
    except _OptionError as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 2
    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    refused = _refused(args, formats)
    if refused:
        print(f"{PROG}: error: {refused}", file=sys.stderr)
        return 2
    ctx = Context(outputs_dir=Path(args.outputs).resolve()) if args.outputs else Context()
    langs = (args.lang,) if args.lang else LANGS
    if args.teaching_pack:
        formats = tuple(dict.fromkeys(formats + ("pdf",)))  # the pack holds the PDFs

    def make_jobs() -> list:
        """The reports asked for (an inputs or update file's towns read from it as it is now)."""
        if args.teaching_pack:
            return build.teaching_jobs(ctx, langs)
        jobs = build.all_jobs(ctx, towns=town_ids, langs=langs)
        jobs = build.with_inputs(jobs, Path(args.inputs), langs, ctx) if args.inputs else jobs
        return build.with_updates(jobs, [Path(u) for u in args.update]) if args.update else jobs

    from monotowns.data.errors import MonotownsError

    try:
        jobs = make_jobs()
    except (MonotownsError, OSError) as e:  # a bad cell: one line, and no report written
        print(f"{PROG}: error: {'--update' if args.update and not args.inputs else '--inputs'}: {e}", file=sys.stderr)
        return 2
    if args.update:
        with_updates = {j.name for j in jobs if dict(j.params).get("updates")}
        lacking = [t for t in town_ids or [] if t not in with_updates]
        if not with_updates:
            from monotowns.data import updates

            named = sorted(updates.towns_of(updates.read_all([Path(u) for u in args.update])))
            says = (
                f"the files add values for {', '.join(named)}, none for {', '.join(town_ids or [])}"
                if named
                else "the files add no value (only empty or reference rows)"
            )
            print(f"{PROG}: error: --update: {says}", file=sys.stderr)
            return 2
        if lacking:
            print(f"{PROG}: note: --update: no added value for {', '.join(lacking)}", file=sys.stderr)
    if args.inputs:
        lacking = [t for t in town_ids or [] if not any(dict(j.params).get("inputs") for j in jobs if j.name == t)]
        used = any(dict(j.params).get("inputs") for j in jobs)
        says = f"{Path(args.inputs).name} has no row for {', '.join(lacking)}"
        if lacking and not used:  # --town X --inputs F without a row for X: the file does nothing
            print(f"{PROG}: error: --inputs: {says}", file=sys.stderr)
            return 2
        if lacking:  # the file's own towns are built; the towns asked for keep the published inputs
            print(f"{PROG}: note: --inputs: {says}; its report uses the published inputs", file=sys.stderr)
    if args.list:
        for j, _, current in build.plan(jobs, formats, ctx, args.force):
            print(f"{j.key}\t{'up to date' if current else 'to build'}", flush=True)
        return 0
    if args.inputs or args.update:  # what-if reports replace published ones: the next plain build must see it
        build.forget_complete(ctx)
    elif not args.force and not args.watch and build.nothing_to_do(jobs, formats, ctx):
        print(f"nothing changed: {len(jobs)} reports up to date ({time.perf_counter() - t0:.2f} s)")
        return _write_pack(ctx, langs) if args.teaching_pack else 0
    from monotowns.publish import deps

    # what the build starts from: the record of a complete build names these inputs, not the
    # ones found at its end (a file edited meanwhile leaves the next build its work)
    inputs = deps.all_inputs_hash(ctx)
    # the lock is taken first: a second build into the folder is refused at once; the workers
    # start next, so that their imports run while this process imports and validates
    # no more workers than reports: --jobs 16 for one report starts one
    with build.lock(ctx), build.Workers(min(args.jobs, len(jobs)), warm=not args.fresh_kernels) as workers:
        try:
            # an edit made while the first build runs is seen by the watch that follows it
            seen = _snapshot(ctx, _extra(args)) if args.watch else {}
            results = _build_round(ctx, jobs, formats, args, workers, inputs)
            if args.watch:
                _summary(results, ctx, t0)
                again = _watch(ctx, args, formats, workers, make_jobs, seen)
        except BaseException:  # interrupted or failed: no temporary file stays behind
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            build.remove_temporaries(ctx)
            raise
    if args.watch:
        if again:  # the library's code changed: this process and its workers run the old code
            print("the library's code changed: starting again with it", flush=True)
            os.execv(sys.executable, [sys.executable, *sys.argv])
        return 0
    _summary(results, ctx, t0)
    if not all(r.ok for r in results):
        return 1
    return _write_pack(ctx, langs) if args.teaching_pack else 0


def _build_round(ctx, jobs, formats, args, workers, inputs: str, force: bool | None = None) -> list:
    """One build with the workers started: validate what changed in the data package, then the
    exports, the reports that are not up to date, the manifest and the landing pages (each
    only if what it follows from changed). ``inputs``: every input's hash, taken before."""
    from monotowns import data
    from monotowns.publish import build

    names, now = build.validate_data(ctx)  # only what changed since the last validation
    print(f"data package valid: {len(names)} resources{_validated(names, now)}", flush=True)
    # the reports' kernels need not validate again what was just validated
    os.environ[data.VALIDATED_ENV] = data.package_fingerprint()
    workers.prepare()  # one report: its warm kernel process loads the package now

    results = build.build(
        jobs,
        ctx=ctx,
        formats=formats,
        force=args.force if force is None else force,
        progress=not args.quiet,
        warm=not args.fresh_kernels,
        pool=workers,
        beside=functools.partial(derived_files, ctx, inputs),
    )
    _write_site(ctx, inputs)  # again if the build added a report (otherwise there is nothing to do)
    if all(r.ok for r in results) and not (args.inputs or args.update):  # the record hashes no such file
        build.mark_complete(jobs, formats, ctx, inputs=inputs)
    return results


def derived_files(ctx, inputs: str) -> None:
    """What follows from the data and the code, not from one report: the exports, the errata and
    audit lists, the manifest and the landing pages, each only if what it follows from changed
    (``build.derived``); a one-town build that changes none of it writes none of it. The build
    runs it beside the reports (``build.build``'s ``beside``). ``inputs``: every input's hash."""
    from monotowns.publish import build

    out = ctx.outputs_dir
    with context.use(ctx):
        exports = [out / n for n in ("published_numbers.csv", "errata.csv", "audit.csv", "audit.md")]
        build.derived(ctx, "exports", inputs, exports, functools.partial(_write_exports, out))
        build.derived(ctx, "manifest", inputs, [out / "manifest.csv", out / "manifest.md"], _write_manifest)
        _write_site(ctx, inputs)  # a rebuild of reports that exist does not change the listing


def _write_exports(out: Path) -> None:
    from monotowns.data import errata, export
    from monotowns.data.files import write_if_changed
    from monotowns.method import audit

    numbers = export.to_csv_text(export.published_numbers()).encode()
    write_if_changed(out / "published_numbers.csv", numbers)
    write_if_changed(out / "errata.csv", errata.find_all().to_csv(index=False, lineterminator="\n").encode())
    audit.write(out)


def _write_manifest() -> None:
    from monotowns.publish import manifest

    manifest.write(context.current())


def _write_site(ctx, inputs: str) -> None:
    """The landing pages, which link the reports there are (the listing)."""
    from monotowns.data.context import LANGS
    from monotowns.publish import build, site

    landing = [ctx.outputs_dir / build.nav_landing(lang) for lang in LANGS]
    build.derived(ctx, "site", inputs + build.listing(ctx, but=landing), landing, lambda: site.write_index(ctx))


def _summary(results: list, ctx, t0: float) -> None:
    from monotowns.data import towns
    from monotowns.publish import build

    print(build.summary(results))
    for r in results:  # a town of the analyst's own has no other way in than this line
        if r.ok and r.job.kind == "town" and r.job.name not in towns.town_ids():
            print(f"report of {dict(r.job.params)['town']}: {r.job.out('html')}")
    print(f"done in {time.perf_counter() - t0:.1f} s; open {ctx.outputs_dir / 'index.html'}", flush=True)


#: How often the watch looks for edits, and how long an edit must rest before it is built (an
#: editor may save a file in two writes). A look stats the files and their folders (about a
#: millisecond); the folders are listed again only when one of them changed.
POLL_SECONDS = 0.05
SETTLE_SECONDS = 0.05


def _extra(args) -> list[str]:
    """The analyst's files the reports read: the inputs file and the update files."""
    return ([args.inputs] if args.inputs else []) + list(args.update)


def _snapshot(ctx, extra: list[str]) -> dict[str, tuple]:
    """Every file a report follows from (``deps.input_files``: the data package, the library,
    the notebooks; and the analyst's inputs and update files) with its time and size: what the
    watch compares."""
    out = {}
    for p in _watched(ctx, extra):
        try:
            st = p.stat()
            out[str(p)] = (st.st_mtime_ns, st.st_size)
        except OSError:
            out[str(p)] = None
    return out


#: The files the watch looks at, and the folders whose times say they are the same files still.
_listed: dict[tuple, tuple] = {}


def _watched(ctx, extra: list[str]) -> list[Path]:
    """``deps.input_files`` and ``extra``, listed again only when a folder of the data, the
    notebooks or the library changed its time (a file added, removed or renamed there)."""
    from monotowns.data import paths
    from monotowns.publish import deps

    def times(folders):
        out = []
        for d in folders:
            try:
                out.append(d.stat().st_mtime_ns)
            except OSError:
                out.append(None)
        return out

    key = (ctx.data_dir, ctx.notebooks_dir, tuple(extra))
    held = _listed.get(key)
    if held is not None and times(held[0]) == held[1]:
        return held[2]
    folders = [ctx.notebooks_dir] + [
        Path(d) for root in (ctx.data_dir, paths.LIB_DIR) for d, _, _ in os.walk(root) if "__pycache__" not in d
    ]
    folders += sorted({Path(x).parent for x in extra})
    stamps = times(folders)  # before the listing: a file added meanwhile is listed next time
    found = deps.input_files(ctx) + [Path(x) for x in extra]
    _listed[key] = (folders, stamps, found)
    return found


def _watch(ctx, args, formats, workers, make_jobs, seen: dict) -> bool:
    """Keep the workers and their warm kernel processes; rebuild what each edit makes stale,
    saying what was rebuilt and how long it took, until Ctrl-C (False) or an edit of the
    library's code (True: the caller starts again, since every process runs the old code).
    An edit of the registry, the descriptor or the texts starts the warm processes afresh (they
    keep what they read from them); a table, notebook or inputs file edit keeps them. ``seen``:
    the files as they were when the build before the watch started."""
    from monotowns.data import paths
    from monotowns.data.errors import MonotownsError
    from monotowns.publish import deps

    where = "data/, notebooks/, lib/" + "".join(f" and {x}" for x in _extra(args))
    print(f"watching {where}: an edit rebuilds what it changes; Ctrl-C stops", flush=True)
    try:
        while True:
            time.sleep(POLL_SECONDS)
            now = _snapshot(ctx, _extra(args))
            if now == seen:
                continue
            while True:  # let the edit settle
                time.sleep(SETTLE_SECONDS)
                again = _snapshot(ctx, _extra(args))
                if again == now:
                    break
                now = again
            t = time.perf_counter()
            changed = sorted(k for k in now.keys() | seen.keys() if now.get(k) != seen.get(k))
            seen = now
            names = ", ".join(_short(c) for c in changed[:3]) + (" …" if len(changed) > 3 else "")
            print(f"changed: {names}", flush=True)
            lib = str(paths.LIB_DIR)
            if any(c.startswith(lib) for c in changed):
                return True
            tables, nbs = str(context.current().tables_dir), str(context.current().notebooks_dir)
            kept = tuple(str(Path(x)) for x in _extra(args))
            if not all(c.startswith((tables, nbs)) or c in kept for c in changed):
                workers.restart()  # what the warm processes read from the registry or texts is stale
            try:
                jobs = make_jobs()
                results = _build_round(ctx, jobs, formats, args, workers, deps.all_inputs_hash(ctx), force=False)
            except (MonotownsError, OSError) as e:  # a bad edit: say it, keep watching for the fix
                print(f"{PROG}: error: {e}; watching for the fix", file=sys.stderr, flush=True)
                continue
            built = [r for r in results if not r.skipped]
            for r in built:
                print(_rebuilt(r), flush=True)
            if not built:
                print("nothing to rebuild: no report shows what changed", flush=True)
            print(f"round done in {time.perf_counter() - t:.1f} s; watching", flush=True)
    except KeyboardInterrupt:
        print("stopped watching", flush=True)
        return False


def _short(path: str) -> str:
    from monotowns.data import paths

    p = Path(path)
    try:
        return p.relative_to(paths.ROOT).as_posix()
    except ValueError:
        return p.name


def _rebuilt(r) -> str:
    """'rebuilt town/en/balkhash in 7.9 s (cells 3.8 s, HTML 0.1 s, PDF 2.6 s)' or the failure."""
    import json

    if not r.ok:
        return f"failed {r.job.key}: {r.error}"
    try:
        spent = json.loads(r.job.stamp.read_text())["seconds"]
    except (OSError, ValueError, KeyError):
        spent = {}
    parts = [
        f"{label} {spent[k]:.1f} s" for k, label in (("cells", "cells"), ("html", "HTML"), ("pdf", "PDF")) if k in spent
    ]
    return f"rebuilt {r.job.key} in {r.seconds:.1f} s" + (f" ({', '.join(parts)})" if parts else "")


def _validated(names: list[str], now: list[str]) -> str:
    """How much of the package was validated now, for the build's first line."""
    if not now:
        return " (unchanged since validated)"
    if len(now) < len(names):
        return f" ({', '.join(now[:3])}{' …' if len(now) > 3 else ''} validated again)"
    return ""


def _write_pack(ctx, langs) -> int:
    from monotowns.publish import build

    for p in build.write_teaching_pack(ctx, langs):
        print(f"course pack: {p}")
    return 0


class _OptionError(Exception):
    pass


def _town_option(values: list[str] | None) -> list[str] | None:
    """The registry ids the --town options name (any spelling the registry knows; each once)."""
    if values is None:
        return None
    from monotowns.data import towns
    from monotowns.data.errors import UnknownTownError

    ids: list[str] = []
    for t in values:
        try:
            tid = towns.resolve(t) if t.strip() else ""
        except UnknownTownError:
            tid = ""
        if not tid:
            near = towns.near_misses(t) if t.strip() else []
            hint = f"; did you mean {', '.join(repr(x) for x in near)}?" if near else ""
            raise _OptionError(f"unknown town id {t!r}{hint}; valid ids: {', '.join(towns.town_ids())}")
        if tid not in ids:
            ids.append(tid)
    return ids


def run(argv: list[str] | None = None, prog: str = "run_all.py") -> int:
    """The command as ``prog`` (``run_all.py``, ``monotowns build``): its usage and messages
    name it; its errors are handled where every command's are (``exits.guarded``)."""
    global PROG, PROG_NAME
    from monotowns.publish.exits import guarded

    PROG_NAME, PROG = prog, prog.removesuffix(".py")
    return guarded(PROG, lambda: main(argv))
