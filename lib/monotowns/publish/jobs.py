"""What a build makes: the reports (``Job``: a notebook, its parameters, its language, where
its files go), the formats each kind of report is written in, and the lists of jobs — every
chapter, town report and teaching version; a town's report with an analyst's inputs or later
years.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from monotowns.data import context, paths
from monotowns.data.context import DEFAULT, LANGS, Context
from monotowns.data.errors import MonotownsError

from . import deps

FORMATS = ("html", "pdf", "docx", "xlsx")


#: Formats only some kinds of report are written in (a Word copy and a workbook of the town
#: reports).
ONLY_FOR = {"docx": ("town",), "xlsx": ("town",)}


def formats_of(job: Job, formats: tuple[str, ...]) -> tuple[str, ...]:
    """The formats this job is written in (``docx``: town reports only)."""
    return tuple(f for f in formats if job.kind in ONLY_FOR.get(f, (job.kind,)))


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
    outputs: str = str(DEFAULT.outputs_dir)  # the outputs folder of the build

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


def chapter_notebooks() -> list[str]:
    """The chapter notebooks (file stems), in chapter order: notebooks/NN_*.ipynb."""
    return [p.stem for p in paths.chapter_files(context.current().notebooks_dir)]


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
        if towns is None and (ctx.notebooks_dir / "teaching.ipynb").exists():
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


#: The files of the build beside the reports (besides the landing pages).
SITE_FILES = ("manifest.csv", "manifest.md", "errata.csv", "published_numbers.csv", "audit.csv", "audit.md")


def nav_landing(lang: str) -> str:
    from monotowns.data.context import landing_page

    return landing_page(lang)


def output_files(job: Job, formats: tuple[str, ...]) -> list[Path]:
    """The files a job writes: its report in each format and its executed notebook; for a
    chapter, also the CSV or PNG of each source item it shows (``items.item_outputs``)."""
    out = [job.out(f) for f in formats_of(job, formats)] + [job.executed]
    if job.kind == "chapter":
        from monotowns.report import items

        shown = [e for e in items.registry().values() if e.notebook == job.name]
        out += [Path(job.outputs) / p for e in shown for p in items.item_outputs(e, job.lang)]
    return out


def takeaway_folder(job: Job) -> Path:
    """Where the CSVs of a report's tables and charts go: a folder beside the report, named
    after it (``towns/en/balkhash/``)."""
    return job.out("html").parent / job.name


def _rel(p: Path) -> str:
    """A path relative to the project when it is inside it (outputs may live elsewhere)."""
    try:
        return str(p.relative_to(paths.ROOT))
    except ValueError:
        return str(p)
