"""Whether a report is up to date: its fingerprint (what it follows from, ``deps``), the
stamp of what each job wrote, the record of complete builds, the data package's validated
resources, and the files derived beside the reports (exports, manifest, landing pages), made
again only when what they follow from changed.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from monotowns.data import files, paths
from monotowns.data.context import DEFAULT, LANGS, Context

from . import deps, reads
from .jobs import SITE_FILES, Job, _registry, formats_of, nav_landing, output_files


def job_reads(job: Job, ctx: Context = DEFAULT) -> tuple[str, ...]:
    """The data resources a chapter or teaching report reads, as the data declares them
    (``publish.reads``; town reports: see ``fingerprint``)."""
    if job.kind == "chapter":
        from monotowns.report import items

        return reads.chapter(job.name, items.notebook_tags(ctx.notebooks_dir / job.notebook), ctx)
    if job.kind == "teaching":
        return reads.groups("common", "method", "teaching", ctx=ctx)
    return reads.groups("common", "method", ctx=ctx)


def fingerprint(job: Job, ctx: Context = DEFAULT) -> str:
    """Everything the job's outputs depend on, hashed (see ``monotowns.publish.deps``)."""
    nb_path = ctx.notebooks_dir / job.notebook
    params = json.dumps(job.params, sort_keys=True).encode()
    if job.kind == "town":
        from monotowns.report import peers  # not townreport: its charts import matplotlib

        town = dict(job.params)["town"]
        ranked = (lambda: peers.ranks(town)) if town in _registry() else dict
        data = deps.memo(("town", town, ctx.data_dir), lambda: deps.town_data_hash(town, ranked(), ctx))
        data += inputs_hash(job)
    else:
        data = deps.data_hash(job_reads(job, ctx), ctx)
    code = deps.code_hash(nb_path) + deps.render_hash()
    return deps.sha(deps.read(nb_path), params, data.encode(), code.encode())


def plan(
    jobs: list[Job], formats: tuple[str, ...], ctx: Context = DEFAULT, force: bool = False
) -> list[tuple[Job, str, bool]]:
    """(job, fingerprint, up to date) for each job — what a build would do, and what ``run_all.py
    --list`` shows (every file read once for all the jobs: ``deps.once_per_build``)."""
    with deps.once_per_build():
        out = []
        for j in jobs:
            fp = fingerprint(j, ctx)
            out.append((j, fp, not force and up_to_date(j, formats, fp)))
        return out


def inputs_hash(job: Job) -> str:
    """The sha256 of the analyst's inputs file and update files a town report reads
    (``run_all.py --inputs``, ``--update``), or ""."""
    p = dict(job.params)
    files = ([p["inputs"]] if p.get("inputs") else []) + p.get("updates", "").splitlines()
    return deps.sha(*(Path(f).read_bytes() for f in files)) if files else ""


#: The resources every other resource's rows are checked against (``package.sanity_errors``):
#: a change to one of them validates the whole package again.
SHARED_RESOURCES = ("towns", "town-variants", "indicators")


def validate_data(ctx: Context = DEFAULT) -> tuple[list[str], list[str]]:
    """Validate the data package, each resource only if it changed since the last validation
    into this outputs folder (``.cache/validated.json``: per resource, the hash of its
    descriptor, its file and the shared files its rows are checked against; all of them again
    when the data layer's code changed). Returns the resource names and those validated now
    (an edit of one table validates that table: 0.1 s, not the package's 7 s). An invalid
    resource raises as always, and is validated again next time."""
    from monotowns import data

    code = sorted((paths.LIB_DIR / "data").glob("*.py"))
    code_key = deps.sha(*[p.name.encode() + b"\0" + p.read_bytes() for p in code])
    cache = ctx.outputs_dir / ".cache" / "validated.json"
    seen = _json_record(cache)
    known = seen["resources"] if seen.get("code") == code_key and isinstance(seen.get("resources"), dict) else {}
    resources = data.datapackage(ctx.datapackage)["resources"]

    def content(res: dict) -> bytes:
        try:
            return (ctx.data_dir / res["path"]).read_bytes()
        except OSError:
            return b""  # missing: its validation says so

    shared = deps.sha(*[content(r) for r in resources if r["name"] in SHARED_RESOURCES])
    keys: dict[str, str] = {}
    now: list[str] = []
    for res in resources:
        key = deps.sha(json.dumps(res, sort_keys=True).encode(), content(res), shared.encode())
        if known.get(res["name"]) != key:
            data.validate_resource(res, ctx.data_dir)  # raises on the first error, naming file, row and column
            now.append(res["name"])
        keys[res["name"]] = key
    files.write_if_changed(cache, json.dumps({"code": code_key, "resources": keys}, sort_keys=True).encode())
    return [r["name"] for r in resources], now


def _record(ctx: Context) -> Path:
    return ctx.outputs_dir / ".cache" / "complete.json"


def _jobset(jobs: list[Job], formats: tuple[str, ...]) -> str:
    return deps.sha(json.dumps([j.key for j in jobs] + list(formats)).encode())


def nothing_to_do(jobs: list[Job], formats: tuple[str, ...], ctx: Context = DEFAULT) -> bool:
    """True if a complete build of these same reports used the same inputs and all their
    outputs are still there (one hash of every input; no report is looked at)."""
    record = _json_record(_record(ctx))
    if record.get(_jobset(jobs, formats)) != deps.all_inputs_hash(ctx):
        return False
    site = [ctx.outputs_dir / n for n in SITE_FILES] + [ctx.outputs_dir / nav_landing(lang) for lang in LANGS]
    if not all(p.is_file() and p.stat().st_size > 0 for p in site):
        return False  # the landing pages, manifest and exports are outputs too
    for j in jobs:  # every output still there at the size its job wrote (a truncated PDF is not)
        # the files its stamp lists: with the same inputs they are those the job writes (asking
        # the chapters' registry which they are would import the report layer: 1.6 s)
        stamp = _stamped(j)
        files = stamp.get("files") or {}
        if not files or not set(formats_of(j, formats)) <= set(stamp.get("formats") or []):
            return False
        for key, rec in files.items():
            try:
                if not isinstance(rec, list) or (Path(j.outputs) / key).stat().st_size != rec[0]:
                    return False
            except OSError:
                return False
    return True


def forget_complete(ctx: Context = DEFAULT) -> None:
    """Drop the record of complete builds: a build with an analyst's inputs changes reports
    the record says are current (the next plain build must put the published ones back)."""
    with contextlib.suppress(FileNotFoundError):
        _record(ctx).unlink()


def mark_complete(jobs: list[Job], formats: tuple[str, ...], ctx: Context = DEFAULT, inputs: str | None = None) -> None:
    """Remember that every one of these jobs was built from the inputs the build started with
    (``inputs``, ``deps.all_inputs_hash`` taken before the build: an input edited while the
    build ran must leave the next build something to do). Records of other job sets (a full
    build's, say) stay, so a partial build does not cost the next full one its fast path."""
    record = _json_record(_record(ctx))
    now = inputs or deps.all_inputs_hash(ctx)
    record = {k: v for k, v in record.items() if v == now}  # records of other inputs are stale
    record[_jobset(jobs, formats)] = now
    files.write_if_changed(_record(ctx), json.dumps(record, sort_keys=True).encode())


def derived(ctx: Context, step: str, key: str, written: list[Path], make) -> bool:
    """Run ``make`` (which writes the files ``written``) unless the last build ran this step with
    the same ``key`` and its files are still as it left them; True if it ran. The exports, the
    errata and audit lists, the manifest and the landing pages follow from the data, the code and
    (the landing pages) which reports exist: a one-town build, which changes none of that, does
    not compute them again (about 2 s of its fixed work). Recorded in ``.cache/derived.json``."""
    path = ctx.outputs_dir / ".cache" / "derived.json"
    record = _json_record(path)
    mine = record.get(step)
    rel = {p: p.relative_to(ctx.outputs_dir).as_posix() for p in written}
    if (
        isinstance(mine, dict)
        and mine.get("key") == key
        and all(_file_intact(p, (mine.get("files") or {}).get(r)) for p, r in rel.items())
    ):
        return False
    make()
    record[step] = {"key": key, "files": {r: _file_record(p) for p, r in rel.items()}}
    files.write_if_changed(path, json.dumps(record, sort_keys=True).encode())
    return True


def listing(ctx: Context, but: list[Path] = ()) -> str:
    """The files in the outputs folder, by name, ``but`` those (what the landing pages link
    depends on: which reports exist; the landing pages themselves are left out)."""
    out = ctx.outputs_dir
    skip = {p.relative_to(out).as_posix() for p in but}
    names = sorted(
        r
        for p in out.rglob("*")
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(out).parts)
        and (r := p.relative_to(out).as_posix()) not in skip
    )
    return deps.sha("\n".join(names).encode())


def _key(job: Job, p: Path) -> str:
    return p.relative_to(job.outputs).as_posix()


def _file_record(p: Path) -> list:
    """[size, mtime in ns, sha256] of a written file, for its job's stamp."""
    st = p.stat()
    return [st.st_size, st.st_mtime_ns, deps.sha(p.read_bytes())]


def _file_intact(p: Path, rec) -> bool:
    """The file is as its job wrote it: same size, and the same bytes (hashed only when the
    file's time changed since)."""
    try:
        st = p.stat()
    except OSError:
        return False
    if not isinstance(rec, list) or len(rec) != 3 or st.st_size != rec[0]:
        return False
    return st.st_mtime_ns == rec[1] or deps.sha(p.read_bytes()) == rec[2]


def _json_record(path: Path) -> dict:
    """One of the build's records under ``.cache`` (a stamp, the validated resources, the
    complete builds, the derived files); {} if it is missing, unreadable or not an object."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def _stamped(job: Job) -> dict:
    return _json_record(job.stamp)


def up_to_date(job: Job, formats: tuple[str, ...], fp: str) -> bool:
    """True if the job was built from the same fingerprint and every file it wrote (each format
    asked for and the executed notebook) is still there, whole: a deleted, truncated or
    overwritten output makes its report stale."""
    stamp = _stamped(job)
    files = stamp.get("files") or {}
    return (
        stamp.get("fingerprint") == fp
        and set(formats_of(job, formats)) <= set(stamp.get("formats", []))
        and all(_file_intact(p, files.get(_key(job, p))) for p in output_files(job, formats))
        # and what else it wrote (a town report's CSVs)
        and all(_file_intact(Path(job.outputs) / k, rec) for k, rec in files.items())
    )
