"""The build: every chapter notebook, every town report and the teaching versions, in every
language, as an executed notebook, an HTML report and a PDF. ``python run_all.py --help`` lists
the options; ``run_all.py`` then writes the replication manifest and the landing page.

- Parallel: one worker process per job slot (``--jobs``, default: the number of cores), one
  kernel process per report (no state shared between reports), forked from a process of the
  worker's that did the kernel's imports once (``monotowns.publish.kernels``; ``warm=False``,
  ``run_all.py --fresh-kernels``: a new Python per report instead).
- Incremental: a report is rebuilt only when something it shows changed — its notebook, its
  parameters, the data it reads, the library code it runs, the code, templates and stylesheet
  that render it, the rendering packages (``monotowns.publish.deps``). A build whose every
  input is unchanged since the last complete build of the same reports does nothing, after one
  hash (the record survives partial builds).
- Failures are isolated: a failing notebook is kept under ``failed/`` with the failing cell
  named in the summary (its position in the notebook), its previous good outputs stay, the
  others are built, and the build exits non-zero. A report whose outputs cannot be written
  fails alone in the same way.
- Atomic: every file is written to a temporary name in its folder and renamed.
- One build at a time per outputs folder (``lock``); workers and their kernels die with the
  build, and an interrupted build leaves no temporary file (``build``).
- Deterministic: no timestamps in HTML, PNG or PDF.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import signal
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from monotowns.data import files, paths
from monotowns.data.context import DEFAULT, LANGS, Context
from monotowns.data.errors import MonotownsError
from monotowns.data.files import atomic_write_bytes

from . import deps

FORMATS = ("html", "pdf", "docx", "xlsx")
#: Formats only some kinds of report are written in (a Word copy and a workbook of the town
#: reports).
ONLY_FOR = {"docx": ("town",), "xlsx": ("town",)}


def formats_of(job: Job, formats: tuple[str, ...]) -> tuple[str, ...]:
    """The formats this job is written in (``docx``: town reports only)."""
    return tuple(f for f in formats if job.kind in ONLY_FOR.get(f, (job.kind,)))


SOURCE_DATE_EPOCH = "1640995200"  # 2022-01-01, the year after the sources' data end
#: Where a job's kind puts its outputs.
FOLDERS = {"chapter": "reports", "town": "towns", "teaching": "teaching"}
#: The sub-folder of teaching/ that holds the instructor's versions (not linked from the site).
INSTRUCTOR = "instructor"


@dataclass(frozen=True)
class Job:
    """One report to build."""

    kind: str  # chapter | town | teaching
    name: str  # chapter notebook name, or town id, or <town>-<version>
    lang: str
    notebook: str  # file name under notebooks/
    params: tuple = ()  # ((key, value), ...)
    outputs: str = str(paths.OUTPUTS_DIR)  # the outputs folder of the build

    @property
    def key(self) -> str:
        return f"{self.kind}/{self.lang}/{self.name}"

    @property
    def folder(self) -> Path:
        """outputs/<kind's folder>/<lang>; an instructor's version (every answer) apart, in
        teaching/instructor/<lang>, which the site does not link (the course pack holds it)."""
        base = Path(self.outputs) / FOLDERS[self.kind]
        if self.kind == "teaching" and self.name.endswith("-instructor"):
            base = base / INSTRUCTOR
        return base / self.lang

    def out(self, ext: str) -> Path:
        return self.folder / f"{self.name}.{ext}"

    @property
    def executed(self) -> Path:
        return Path(self.outputs) / "notebooks" / self.kind / self.lang / f"{self.name}.ipynb"

    @property
    def failed(self) -> Path:
        return Path(self.outputs) / "failed" / self.kind / self.lang / f"{self.name}.ipynb"

    @property
    def stamp(self) -> Path:
        return Path(self.outputs) / ".cache" / self.kind / self.lang / f"{self.name}.json"


@dataclass
class Result:
    job: Job
    ok: bool
    skipped: bool = False
    seconds: float = 0.0
    error: str = ""
    outputs: list[str] = field(default_factory=list)
    #: where the executed notebook of a failed report was kept ("" if it could not be)
    kept: str = ""


# ---------------------------------------------------------------- jobs


def chapter_notebooks() -> list[str]:
    """The chapter notebooks (file stems), in chapter order: notebooks/NN_*.ipynb."""
    return [p.stem for p in paths.chapter_files(paths.NOTEBOOKS_DIR)]


def all_jobs(ctx: Context = DEFAULT, *, towns: list[str] | None = None, langs: tuple[str, ...] = LANGS) -> list[Job]:
    """Every report, or only the given towns' reports."""
    from monotowns.data import towns as registry

    out = str(ctx.outputs_dir)
    jobs: list[Job] = []
    for lang in langs:
        if towns is None:
            jobs += [
                Job("chapter", c, lang, f"{c}.ipynb", (("lang", lang), ("outputs", out)), out)
                for c in chapter_notebooks()
            ]
        for t in towns if towns is not None else registry.town_ids():
            jobs.append(Job("town", t, lang, "town_report.ipynb", (("town", t), ("lang", lang)), out))
        if towns is None and (paths.NOTEBOOKS_DIR / "teaching.ipynb").exists():
            for t in _published_towns(ctx):
                for answers in (False, True):
                    name = f"{t}-{'instructor' if answers else 'student'}"
                    params = (("town", t), ("lang", lang), ("answers", answers), ("interactive", False))
                    jobs.append(Job("teaching", name, lang, "teaching.ipynb", params, out))
    return jobs


def _published_towns(ctx: Context) -> list[str]:
    """The towns of Table 19 (read without pandas, to keep the no-change build fast)."""
    head, rows = deps.csv_rows(ctx.data_dir / "tables" / "T19.csv")
    i = head.index("city_id")
    return list(dict.fromkeys(r[i] for r in rows))


def teaching_jobs(ctx: Context = DEFAULT, langs: tuple[str, ...] = LANGS) -> list[Job]:
    """The teaching versions only: student's and instructor's, per town and language."""
    return [j for j in all_jobs(ctx, langs=langs) if j.kind == "teaching"]


# ---------------------------------------------------------------- the teaching pack

#: Zip entries get this time stamp, so the same inputs give the same zip.
_ZIP_TIME = (2022, 1, 1, 0, 0, 0)


def pack_path(lang: str, ctx: Context = DEFAULT) -> Path:
    """Where the course pack of a language is written."""
    return ctx.outputs_dir / FOLDERS["teaching"] / "pack" / f"monotowns-teaching-{lang}.zip"


def _jupyter_notebook(params: dict) -> bytes:
    """notebooks/teaching.ipynb with its parameters set, without outputs, ready for Jupyter."""
    import nbformat

    nb = nbformat.read(paths.NOTEBOOKS_DIR / "teaching.ipynb", as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    lines = []
    for line in cell.source.splitlines():
        name = line.split("=", 1)[0].strip()
        if name in params:
            comment = line[line.index("#") :] if "#" in line else ""
            line = f"{name} = {params[name]!r}  {comment}".rstrip()
        lines.append(line)
    cell.source = "\n".join(lines)
    if "lang" in params:  # the pack is per language: its notebook opens in the student's language
        from monotowns.report import texts

        head = next(c for c in nb.cells if c.cell_type == "markdown")
        lang = params["lang"]
        head.source = f"# {texts.t('tch_nb_title', lang)}\n\n{texts.t('tch_nb_howto', lang)}"
    return nbformat.writes(nb).encode()


def write_teaching_pack(ctx: Context = DEFAULT, langs: tuple[str, ...] = LANGS) -> list[Path]:
    """One zip per language for the teacher (the teaching jobs' PDFs must be built): the student
    and instructor PDFs, the notebooks ready for Jupyter (parameters set, no outputs), the blank
    assess template, the dissertation's inputs as an example, and the one-page guide."""
    import zipfile

    from monotowns import method
    from monotowns.report import teaching, texts

    from . import render

    written = []
    for lang in langs:
        files: dict[str, bytes] = {}
        for j in teaching_jobs(ctx, (lang,)):
            p = dict(j.params)
            version = "instructor" if p["answers"] else "student"
            files[f"{version}/{j.name}.pdf"] = j.out("pdf").read_bytes()
            nb = {"town": p["town"], "lang": lang, "answers": p["answers"], "interactive": True, "inputs": ""}
            files[f"notebooks/teaching-{j.name}.ipynb"] = _jupyter_notebook(nb)
        cols = method.Inputs.columns()
        files["my_town.csv"] = (",".join(cols) + "\nmy_town" + "," * (len(cols) - 1) + "\n").encode()
        files["example_inputs.csv"] = (ctx.data_dir / "assess_template.csv").read_bytes()
        title = texts.t("tch_guide_title", lang)
        page = render.page(teaching.guide(lang).html, title=title, lang=lang, footer="monotowns-kz — " + title)
        files["guide.pdf"] = render.pdf_bytes(page)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name in sorted(files):
                info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                z.writestr(info, files[name])
        out = pack_path(lang, ctx)
        atomic_write(out, buf.getvalue())
        written.append(out)
    return written


# ---------------------------------------------------------------- staleness


def reads(job: Job) -> tuple[str, ...]:
    """The data resources a chapter or teaching report reads (town reports: see fingerprint)."""
    from monotowns.report import reproduce

    if job.kind == "chapter":
        return reproduce.chapter_reads(job.name)
    if job.kind == "teaching":
        from monotowns.report import teaching

        return reproduce.COMMON_READS + reproduce.METHOD_READS + teaching.DATA_READS
    return reproduce.COMMON_READS + reproduce.METHOD_READS


def fingerprint(job: Job, ctx: Context = DEFAULT) -> str:
    """Everything the job's outputs depend on, hashed (see ``monotowns.publish.deps``)."""
    nb_path = paths.NOTEBOOKS_DIR / job.notebook
    params = json.dumps(job.params, sort_keys=True).encode()
    if job.kind == "town":
        from monotowns.report import profile  # not townreport: its charts import matplotlib

        town = dict(job.params)["town"]
        ranked = (lambda: profile.ranks(town)) if town in _registry() else dict
        data = deps.memo(("town", town, ctx.data_dir), lambda: deps.town_data_hash(town, ranked(), ctx))
        data += inputs_hash(job)
    else:
        data = deps.data_hash(reads(job), ctx)
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


def with_updates(jobs: list[Job], files: list[Path]) -> list[Job]:
    """``run_all.py --update FILE …``: the town reports of the towns the files add values for
    read them (``data.updates``, checked here first: a bad cell stops the build before any report
    is written). Other jobs are unchanged, so only those reports rebuild."""
    from monotowns.data import updates

    files = [Path(f).resolve() for f in files]
    named = updates.towns_of(updates.read_all(files))
    param = ("updates", "\n".join(str(f) for f in files))
    return [
        Job(j.kind, j.name, j.lang, j.notebook, j.params + (param,), j.outputs)
        if j.kind == "town" and dict(j.params).get("town") in named
        else j
        for j in jobs
    ]


def with_inputs(jobs: list[Job], path: Path, langs: tuple[str, ...], ctx: Context = DEFAULT) -> list[Job]:
    """``run_all.py --inputs FILE``: the town reports of the file's registry towns read it (their
    method section is computed from it), and each town of the file outside the registry gets a
    report of its own (the method only). Other jobs are unchanged."""
    from monotowns.method import assess
    from monotowns.report import townreport

    path = Path(path).resolve()
    named = [x.town for x in assess.read_inputs(path)]
    out = [
        Job(j.kind, j.name, j.lang, j.notebook, j.params + (("inputs", str(path)),), j.outputs)
        if j.kind == "town" and dict(j.params).get("town") in named
        else j
        for j in jobs
    ]
    have = {(j.name, j.lang) for j in out if j.kind == "town"}
    slugs: dict[str, str] = {}
    for town in named:  # two new towns, one file: refused, never one report lost
        if town not in _registry() and slugs.setdefault(townreport.slug(town), town) != town:
            raise MonotownsError(
                f"{path.name}: the towns {slugs[townreport.slug(town)]!r} and {town!r} would share one report "
                f"({townreport.slug(town)}.html); give them names that differ in letters, not only in punctuation"
            )
    for lang in langs:
        for town in named:
            slug = townreport.slug(town)
            if (town, lang) not in have and town not in _registry():
                params = (("town", town), ("lang", lang), ("inputs", str(path)))
                out.append(Job("town", slug, lang, "town_report.ipynb", params, str(ctx.outputs_dir)))
    return out


def _registry() -> list[str]:
    from monotowns.data import towns

    return towns.town_ids()


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
    resources = data.datapackage()["resources"]

    def content(res: dict) -> bytes:
        try:
            return (paths.DATA_DIR / res["path"]).read_bytes()
        except OSError:
            return b""  # missing: its validation says so

    shared = deps.sha(*[content(r) for r in resources if r["name"] in SHARED_RESOURCES])
    keys: dict[str, str] = {}
    now: list[str] = []
    for res in resources:
        key = deps.sha(json.dumps(res, sort_keys=True).encode(), content(res), shared.encode())
        if known.get(res["name"]) != key:
            data.validate_resource(res)  # raises on the first error, naming file, row and column
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


#: The files of the build beside the reports (besides the landing pages).
SITE_FILES = ("manifest.csv", "manifest.md", "errata.csv", "published_numbers.csv", "audit.csv", "audit.md")


def nav_landing(lang: str) -> str:
    from monotowns.data.context import landing_page

    return landing_page(lang)


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


def output_files(job: Job, formats: tuple[str, ...]) -> list[Path]:
    """The files a job writes: its report in each format and its executed notebook; for a
    chapter, also the CSV or PNG of each source item it shows (``reproduce.item_outputs``)."""
    out = [job.out(f) for f in formats_of(job, formats)] + [job.executed]
    if job.kind == "chapter":
        from monotowns.report import reproduce

        items = [e for e in reproduce.registry().values() if e.notebook == job.name]
        out += [Path(job.outputs) / p for e in items for p in reproduce.item_outputs(e, job.lang)]
    return out


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


# ---------------------------------------------------------------- running one job


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
    os.environ.update(env or {})
    try:
        return _run_job(job, formats, fp, t0, warm)
    except Exception as e:  # noqa: BLE001 - any failure of one report must not stop the build
        return Result(job, False, seconds=time.perf_counter() - t0, error=_one_line(e))


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


def takeaway_folder(job: Job) -> Path:
    """Where the CSVs of a report's tables and charts go: a folder beside the report, named
    after it (``towns/en/balkhash/``)."""
    return job.out("html").parent / job.name


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
    for nb in paths.NOTEBOOKS_DIR.glob("*.ipynb"):
        mods |= deps.notebook_modules(nb)
    return [*kernels.KERNEL_MODULES, *sorted(mods), *kernels.WARM_UP, *("@" + f for f in kernels.WARM_UP_FIRST_REPORT)]


def _run_job(job: Job, formats: tuple[str, ...], fp: str, t0: float, warm: bool = True) -> Result:
    global _current_tmp
    import nbformat
    import papermill as pm

    from . import kernels, render

    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    src = paths.NOTEBOOKS_DIR / job.notebook
    zygote = kernels.get(_warm_modules, paths.NOTEBOOKS_DIR) if warm else None
    # the folder is made and remembered with SIGTERM held, so a stopped worker always knows it
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        tmpdir = tempfile.TemporaryDirectory(prefix="mt-job-", dir=job_tmp_parent())
        _current_tmp = tmpdir.name
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    warming = _warm_render(job.lang)  # while the kernel runs the cells
    with tmpdir as tmp:
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
        nb = nbformat.read(out_nb, as_version=4)
    csvs = write_takeaway(job, nb)
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

        with contextlib.suppress(Exception):  # only a head start: the report meets any real error
            render.warm_up(lang)

    t = threading.Thread(target=warm, name="warm-render", daemon=True)
    t.start()
    return t


# ---------------------------------------------------------------- the whole build


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
    side = _beside(beside)
    try:
        _run_todo(todo, results, ctx, formats, workers, progress, warm, pool)
    finally:
        if side is not None:
            side.join()
    if side is not None and side.error is not None:
        raise side.error
    return results


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


def _run_todo(todo, results, ctx, formats, workers, progress, warm, pool) -> None:
    from tqdm import tqdm

    from . import kernels

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
                results.append(run_job(j, formats, fp, warm, _kernel_env()))
                bar.update(1)
        elif pool is not None:
            _build_in_workers(todo, formats, pool, results, bar)
        else:
            with Workers(workers, warm) as own:
                _build_in_workers(todo, formats, own, results, bar)
    except BaseException:  # Ctrl-C, SIGTERM: stop, and leave no temporary file behind
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        remove_temporaries(ctx)
        raise
    finally:
        bar.close()
        if pool is None:
            kernels.stop()  # the in-process build's warm kernel (workers stop with theirs)


def _kernel_env() -> dict[str, str]:
    """What the reports' kernels are told by the build process's environment (workers started
    before it was set do not have it): the fingerprint of the data package just validated."""
    from monotowns.data import package

    v = os.environ.get(package.VALIDATED_ENV)
    return {package.VALIDATED_ENV: v} if v else {}


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

    def __enter__(self) -> Workers:
        from . import kernels

        if self.n == 1:
            if self.warm:
                kernels.get(_warm_modules, paths.NOTEBOOKS_DIR)
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

        if self.n == 1 and self.warm and (z := kernels.get(_warm_modules, paths.NOTEBOOKS_DIR)) is not None:
            z.prepare(_kernel_env())

    def __exit__(self, kind, exc, tb) -> None:
        from . import kernels

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


def _build_in_workers(todo: list[tuple[Job, str]], formats: tuple[str, ...], pool: Workers, results, bar) -> None:
    ex = pool.ex
    assert ex is not None
    env = _kernel_env()
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

        kernels.get(_warm_modules, paths.NOTEBOOKS_DIR)


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


class BuildLockedError(MonotownsError):
    """Another build is writing into the same outputs folder."""


@contextlib.contextmanager
def lock(ctx: Context = DEFAULT):
    """Hold the build lock of the outputs folder (``.build.lock``, an advisory lock the system
    releases when the holder dies, however it dies); BuildLockedError if another build holds
    it. Two builds into one folder would sweep away each other's temporary files."""
    import fcntl

    if ctx.outputs_dir.exists() and not ctx.outputs_dir.is_dir():
        raise MonotownsError(f"the outputs folder {ctx.outputs_dir} is not a folder")
    check_outputs(ctx)
    ctx.outputs_dir.mkdir(parents=True, exist_ok=True)
    path = ctx.outputs_dir / ".build.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = os.pread(fd, 20, 0).decode("ascii", "replace").strip() or "?"
            raise BuildLockedError(
                f"another build (process {pid}) is writing into {ctx.outputs_dir}; wait for it to "
                "finish, or build into another folder with --outputs DIR"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield path
    finally:
        os.close(fd)


def _rel(p: Path) -> str:
    """A path relative to the project when it is inside it (outputs may live elsewhere)."""
    try:
        return str(p.relative_to(paths.ROOT))
    except ValueError:
        return str(p)


#: What a build writes at the top of its outputs folder (``nav`` names the landing pages).
OWN_FOLDERS = ("reports", "towns", "teaching", "tables", "figures", "notebooks", "failed", ".cache")
OWN_FILES = (
    ".build.lock",
    ".gitkeep",
    "audit.csv",
    "audit.md",
    "errata.csv",
    "manifest.csv",
    "manifest.md",
    "published_numbers.csv",
)


def _own_names() -> set[str]:
    return set(OWN_FOLDERS) | set(OWN_FILES) | {nav_landing(lang) for lang in LANGS}


def _is_own_temporary(name: str) -> bool:
    return name.startswith(".") and name.endswith(files.TMP_SUFFIX)


def check_outputs(ctx: Context) -> None:
    """Refuse an outputs folder that is not a build's, before anything is written there: the
    file system's root, the project itself, a folder inside the data or the notebooks, or a
    folder that holds files the build did not write (a home or documents folder). A new or empty
    folder, or one holding only what a build writes, is a build's."""
    out = Path(ctx.outputs_dir).resolve()
    inside = [(Path(ctx.data_dir).resolve(), "the data"), (paths.NOTEBOOKS_DIR.resolve(), "the notebooks")]
    hint = "; build into a new or empty folder (--outputs DIR)"
    if out == Path(out.anchor):
        raise MonotownsError(f"the outputs folder {out} is the file system's root{hint}")
    if out == paths.ROOT.resolve():
        raise MonotownsError(f"the outputs folder {out} is the project itself{hint}")
    for folder, what in inside:
        if out == folder or folder in out.parents:
            raise MonotownsError(f"the outputs folder {out} is inside {what} ({folder}){hint}")
    if not out.is_dir():
        return
    own = _own_names()
    try:
        foreign = sorted(p.name for p in out.iterdir() if p.name not in own and not _is_own_temporary(p.name))
    except OSError as e:
        raise MonotownsError(f"the outputs folder {out} cannot be read: {e.strerror or e}") from None
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise MonotownsError(f"the outputs folder {out} holds files a build did not write ({shown}){hint}")


def remove_temporaries(ctx: Context) -> None:
    """Remove the temporary files of an interrupted or killed build (they never replaced a real
    output): files named ``.*.monotowns.tmp`` (``files.TMP_SUFFIX``) at the top of the outputs
    folder and in the folders the build writes — never another program's. Only under the build
    lock: another build's would be in use."""
    out = ctx.outputs_dir
    if not out.is_dir():
        return
    found = [p for p in out.iterdir() if _is_own_temporary(p.name)]
    for folder in OWN_FOLDERS:
        if (out / folder).is_dir() and not (out / folder).is_symlink():
            found += [p for p in (out / folder).rglob(f".*{files.TMP_SUFFIX}")]
    for p in found:
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
        kept = f"; executed notebook kept at {r.kept}" if r.kept else ""
        lines.append(f"FAILED {r.job.key}: {r.error}{kept}")
    return "\n".join(lines)


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
                return await super()._async_launch_kernel(kernel_cmd, **kw)
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

    return IPCKernelManager
