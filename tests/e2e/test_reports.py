"""Chapter notebooks, town reports, the manifest and the build (executed for real, into a
temporary outputs folder)."""

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from monotowns import data
from monotowns.data import cells, paths
from monotowns.data.context import DEFAULT, Context
from monotowns.data.descriptor import NUMERIC_TABLES
from monotowns.data.errors import MonotownsError
from monotowns.publish import build, manifest, reads
from monotowns.report import items, marks, prose, shown, tables, texts

ROOT = paths.ROOT


# ------------------------------------------------------------ the manifest (no build needed)


def test_manifest_covers_all_78_ids():
    rows = manifest.rows()
    cat = pd.read_csv(paths.DATA_DIR / "catalogue.csv")
    assert [r["id"] for r in rows] == cat["id"].tolist() and len(rows) == 78
    for r in rows:
        assert r["status"] in items.STATUSES
        assert r["status"] == "reproduced" or len(r["reason"]) > 20, r["id"]
        assert r["caption_kk"] == cat.set_index("id").loc[r["id"], "caption_kk"]
        assert (ROOT / r["notebook"]).exists()


def test_figures_are_accounted_for_by_what_survives():
    reg = items.registry()
    for fid in ("F13", "F20", "F29", "F40", "F14", "F17"):
        assert reg[fid].status == "reproduced", fid
    for fid in ("F16", "F19"):
        assert reg[fid].status == "partial", fid
    for fid in ("F27", "F31", "F39"):  # no data and no quoted value survive
        assert reg[fid].status == "not_reproducible", fid
    for fid in items.DIAGRAMS:
        assert reg[fid].status in ("diagram", "not_reproducible"), fid


def test_every_partial_chart_draws_only_quoted_values():
    q = data.load("figure-quotes")
    lines = DEFAULT.source_files["diss"].read_text(encoding="utf-8").split("\n")
    for r in q.to_dict("records"):
        assert r["quote"] in lines[int(r["line"]) - 1]
        assert r["value_raw"] in r["quote"]


def test_every_source_id_is_shown_by_exactly_one_chapter_notebook():
    """The chapters' cell tags are the one statement of which chapter shows which item."""
    cat = pd.read_csv(paths.DATA_DIR / "catalogue.csv")["id"].tolist()
    shown = [t for tags in items.chapters().values() for t in tags if t in set(cat)]
    assert sorted(shown) == sorted(cat)  # every id, each once
    assert list(items.chapters()) == build.chapter_notebooks()
    for nb_name, tags in items.chapters().items():
        assert "parameters" in tags, nb_name
        reads.chapter(nb_name, tags)  # every other tag is a declared view (raises otherwise)


def test_an_undeclared_cell_tag_is_refused():
    with pytest.raises(MonotownsError, match="99_x.ipynb: cell tag 'my-new-view'.*data/reads.csv"):
        reads.chapter("99_x", ["parameters", "T6", "my-new-view"])


def test_readme_lists_tables_and_figures_from_the_manifest():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    a = text.index("<!-- manifest:start -->") + len("<!-- manifest:start -->")
    assert text[a : text.index("<!-- manifest:end -->")].strip() == manifest.markdown()


# ------------------------------------------------------------ tables against the published cells


def _norm(s: str) -> str:
    return re.sub(r"[\s\u00a0]", "", str(s)).lstrip("+").rstrip("%").replace("–", "-")


@pytest.mark.parametrize("table", [t for t in NUMERIC_TABLES if t != "T7"])
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_rendered_numeric_table_shows_the_published_cells(table, lang):
    """Every published cell appears in the rendered table as printed (Kazakh) or as the same
    number the English way; cells in the errata carry a mark."""
    df = data.numeric_table(table)
    ind = data.indicators()
    kinds = dict(zip(ind[ind.table == table].indicator, ind[ind.table == table].kind, strict=True))
    html = tables.numeric_table(table, lang).html
    errata = data.load("errata")
    marked = errata[errata.table == table]
    for r in df.to_dict("records"):
        text = marks.cell_text(r, lang, kinds[r["indicator"]])
        assert shown.esc(text) in html, (table, r["line"], text)
        if text == r["value_raw"]:
            continue
        if pd.notna(r["value"]) and kinds[r["indicator"]] == "number":
            part = marks._part(r["value_raw"], r)
            if lang == "kk":
                assert _norm(text) == _norm(part), (table, r["line"], text, part)
            else:
                sep = "," if lang == "en" else "\u00a0"  # thousands separator of the language
                number = text.replace(sep, "").replace(",", ".").split(" ")[0].rstrip("%")  # a unit may follow
                assert cells.parse_number(number) == pytest.approx(abs(r["value"])) or cells.parse_number(
                    number
                ) == pytest.approx(r["value"])
    assert html.count("*") >= len(marked[marked.city_id.notna()]) > -1


@pytest.mark.parametrize("table", ["T1", "T2", "T3", "T8", "T10", "T27", "T28", "TAE1"])
def test_rendered_text_table_keeps_every_printed_item(table):
    df = data.load(table.lower())
    html = prose.prose_table(table, "kk").html
    for t in df["text"].dropna():
        assert shown.esc(t) in html


def test_swot_filter_by_town():
    all_items = tables.swot("kk").frame
    sat = tables.swot("kk", "satpayev").frame
    assert 0 < len(sat) < len(all_items)
    assert all("satpayev" in ids or ids == "all" for ids in sat["city_ids"].fillna(""))


def test_html_escapes_text_from_the_data():
    h = str(shown.html_table(["<b>x</b>"], [["<script>alert(1)</script>", "a & b"]]))
    assert "<script>" not in h and "&lt;script&gt;" in h and "a &amp; b" in h


def test_no_measure_label_shows_the_text_extractions_image_reference():
    """Table 20's "TDea =[image: image33.png]" (line 2999): the English and Russian headers say
    in words that the source gives the formula as a picture; no reader sees "[image"."""
    ind = data.indicators()
    for lang in ("en", "ru"):
        labels = [texts.measure_label(r, lang) for r in ind.to_dict("records")]
        assert not [s for s in labels if re.search(r"\[(?:image|img)\b", s, re.I)], lang
    tdea = ind[(ind["table"] == "T20") & (ind["indicator"] == "TDea")].iloc[0]
    assert (
        texts.measure_label(tdea, "en") == "TDea result, TDea = √(TDe*TDa); the source gives the formula as a picture"
    )


def test_kazakh_number_format():
    assert texts.fmt_number(68132, "kk") == "68\u00a0132"
    assert texts.fmt_number(6.2, "kk", 1) == "6,2"
    assert texts.fmt_number(68132.5, "en", 1) == "68,132.5"


# ------------------------------------------------------------ a real build


def test_every_report_builds(built):
    _, results, jobs = built
    failed = [(r.job.key, r.error) for r in results if not r.ok]
    assert failed == []
    assert len(results) == len(jobs)


def test_manifest_outputs_exist_after_a_build(built):
    out, _, _ = built
    missing = [
        f for r in manifest.rows() for f in r["outputs"].split(";") if not (out / f.removeprefix("outputs/")).exists()
    ]
    assert missing == []


def test_html_has_no_error_output_and_no_network(built):
    out, _, jobs = built
    for j in jobs:
        h = j.out("html").read_text(encoding="utf-8")
        assert "Traceback" not in h and "stderr" not in h, j.key
        assert not re.search(r"""<(script|link)[^>]+(src|href)=["']?https?://""", h), j.key
        assert "http://" not in h and "https://" not in h, j.key


def _pdf_text(p: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(p)).pages)


@pytest.mark.parametrize("town", ["karazhal", "ridder", "saran"])
def test_town_pdf_names_the_town_in_kazakh(built, town):
    out, _, _ = built
    text = _pdf_text(out / "towns" / "kk" / f"{town}.pdf")
    from monotowns.data import towns

    assert towns.town(town)["name_kk"] in text
    assert any(ch in text for ch in "әғқңөұүһі")


def test_town_report_fits_the_towns_data(built):
    out, _, _ = built
    karazhal = (out / "towns" / "en" / "karazhal.html").read_text(encoding="utf-8")
    ridder = (out / "towns" / "en" / "ridder.html").read_text(encoding="utf-8")
    method = "Development scenario: assessment with the author's method"
    assert method in karazhal and "Recommended scenario" in karazhal
    assert "What the sources do not cover" in ridder and method not in ridder
    assert "Ridder" in ridder and re.search(r"class=[\"']box keyfigures[\"']", ridder)


def test_chapter_pdfs_in_both_languages(built):
    out, _, _ = built
    kk = _pdf_text(out / "reports" / "kk" / "02_1_kazakhstan.pdf")
    en = _pdf_text(out / "reports" / "en" / "02_1_kazakhstan.pdf")
    assert "Қазақстан" in kk and "Кесте 6" in kk
    assert "Table 6" in en


def test_index_links_every_report(built):
    out, _, jobs = built
    idx = (out / "index.html").read_text(encoding="utf-8")
    for j in jobs:
        assert str(j.out("html").relative_to(out)) in idx


def test_nothing_changed_means_nothing_rebuilt(built):
    out, _, jobs = built
    again = build.build(jobs, ctx=Context(outputs_dir=out), workers=2, progress=False)
    assert all(r.skipped for r in again)


# ------------------------------------------------------------ cache granularity, failures, determinism


def _touch_t14(data_dir: Path) -> None:
    """Change one published cell of Table 14: Balkhash's wear of fixed assets in 2017."""
    t14 = data_dir / "tables" / "T14.csv"
    text = t14.read_text(encoding="utf-8")
    cell = 'T14,balkhash,Балқаш,fixed_assets_wear,2017,"37,2",37.2'
    assert cell in text
    t14.write_text(text.replace(cell, 'T14,balkhash,Балқаш,fixed_assets_wear,2017,"37,3",37.3'), encoding="utf-8")


@pytest.fixture
def data_copy_ctx(tmp_path) -> Context:
    import shutil

    copy = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, copy, ignore=shutil.ignore_patterns("sources"))
    return Context(data_dir=copy, outputs_dir=tmp_path / "out")


@pytest.mark.slow
def test_touching_one_cell_of_table_14_makes_stale_only_the_reports_that_show_it(data_copy_ctx):
    """Of every report in every language, only those that show Table 14 change fingerprint:
    chapter 2.2 (which shows it) and Balkhash's town report (its own row). Town reports show
    their rank on Table 14's 2021 column, which a 2017 cell cannot change."""
    ctx = data_copy_ctx
    jobs = build.all_jobs(ctx)
    before = {j.key: build.fingerprint(j, ctx) for j in jobs}
    _touch_t14(ctx.data_dir)
    after = {j.key: build.fingerprint(j, ctx) for j in jobs}
    stale = sorted(k for k in before if before[k] != after[k])
    assert stale == sorted(
        f"{kind}/{lang}/{name}"
        for lang in texts.LANGS
        for kind, name in (("chapter", "02_2_karaganda"), ("town", "balkhash"))
    )


@pytest.mark.slow
def test_a_docstring_of_the_teaching_code_does_not_touch_town_or_chapter_reports(tmp_path, monkeypatch):
    """The code part of a fingerprint covers the library modules a report's notebook imports,
    followed through every import: town reports and chapters never run teaching.py."""
    import shutil

    lib = tmp_path / "lib" / "monotowns"
    shutil.copytree(paths.LIB_DIR, lib, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(paths, "LIB_DIR", lib)
    every = build.all_jobs()
    # every chapter and teaching version, and a sample of the town reports (each town's code is the same)
    jobs = [j for j in every if j.kind != "town"] + build.all_jobs(towns=["balkhash", "ridder"])
    before = {j.key: build.fingerprint(j) for j in jobs}
    teaching = lib / "report" / "teaching.py"
    teaching.write_text(
        teaching.read_text(encoding="utf-8").replace('"""Teaching', '"""Teaching, edited.', 1), encoding="utf-8"
    )
    after = {j.key: build.fingerprint(j) for j in jobs}
    stale = {k.split("/")[0] for k in before if before[k] != after[k]}
    assert stale == {"teaching"}


def test_partial_build_keeps_the_full_builds_no_op_record(tmp_path):
    """A partial build records its own job set; the full build's record stays, so the next full
    build with nothing changed is the fast path again."""
    ctx = Context(outputs_dir=tmp_path)
    full = build.all_jobs(ctx)
    fake_built(ctx, full)  # pretend a full build made every output
    build.mark_complete(full, build.FORMATS, ctx)
    part = build.all_jobs(ctx, towns=["saran"], langs=("en",))
    assert not build.nothing_to_do(part, build.FORMATS, ctx)
    build.mark_complete(part, build.FORMATS, ctx)
    assert build.nothing_to_do(full, build.FORMATS, ctx) and build.nothing_to_do(part, build.FORMATS, ctx)


def _nb(path: Path, code: str) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    p = nbformat.v4.new_code_cell('lang = "kk"')
    p.metadata["tags"] = ["parameters"]
    nb.cells = [p, nbformat.v4.new_code_cell(code)]
    nbformat.write(nb, path)


@pytest.mark.slow
def test_a_failing_notebook_does_not_stop_the_others(tmp_path, monkeypatch, folders):
    nbdir, out = tmp_path / "nb", tmp_path / "out"
    nbdir.mkdir()
    _nb(nbdir / "good.ipynb", "from monotowns.report.book import Book\nBook(lang).title('nb_06')")
    _nb(nbdir / "bad.ipynb", "1 / 0")
    folders(notebooks_dir=nbdir)
    good = build.Job("chapter", "good", "kk", "good.ipynb", (("lang", "kk"),), str(out))
    bad = build.Job("chapter", "bad", "kk", "bad.ipynb", (("lang", "kk"),), str(out))
    # a previous good output of the failing report stays in place
    (out / "reports" / "kk").mkdir(parents=True)
    (out / "reports" / "kk" / "bad.html").write_text("previous good output", encoding="utf-8")
    res = {
        r.job.name: r
        for r in build.build([bad, good], ctx=Context(outputs_dir=out), formats=("html",), workers=1, progress=False)
    }
    assert res["good"].ok and not res["bad"].ok
    assert "ZeroDivisionError" in res["bad"].error and "cell" in res["bad"].error
    assert (out / "failed" / "chapter" / "kk" / "bad.ipynb").exists()
    assert (out / "reports" / "kk" / "bad.html").read_text(encoding="utf-8") == "previous good output"
    assert "FAILED chapter/kk/bad" in build.summary(list(res.values()))
    assert not list(out.rglob("*.tmp"))


@pytest.mark.slow
def test_two_builds_are_byte_identical(tmp_path, monkeypatch):
    ctx = Context(outputs_dir=tmp_path)
    job = next(j for j in build.all_jobs(ctx, langs=("en",)) if j.name == "02_3_innovation")
    files = {}
    for k in (1, 2):
        r = build.build([job], ctx=ctx, workers=1, force=True, progress=False)[0]
        assert r.ok, r.error
        files[k] = {
            p.relative_to(tmp_path): p.read_bytes()
            for p in tmp_path.rglob("*")
            if p.is_file() and p.suffix in (".html", ".pdf", ".png")
        }
    assert files[1].keys() == files[2].keys() and len(files[1]) >= 3
    for name in files[1]:
        assert files[1][name] == files[2][name], name


@pytest.mark.slow
def test_unknown_town_or_language_is_refused_before_anything_runs(tmp_path):
    o = ["--outputs", str(tmp_path / "o")]
    r = subprocess.run(
        [sys.executable, str(ROOT / "run_all.py"), *o, "--town", "almaty"], capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 2 and "unknown town id 'almaty'" in r.stderr and "balkhash" in r.stderr
    r = subprocess.run(
        [sys.executable, str(ROOT / "run_all.py"), *o, "--lang", "xx"], capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 2 and "unknown language" in r.stderr and ", ".join(texts.LANGS) in r.stderr
    assert not (tmp_path / "o").exists()


@pytest.mark.slow
def test_list_shows_what_would_be_built(tmp_path):
    r = subprocess.run(
        [
            sys.executable,
            str(ROOT / "run_all.py"),
            "--outputs",
            str(tmp_path / "o"),
            "--list",
            "--town",
            "abai",
            "--lang",
            "en",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0 and r.stdout.strip() == "town/en/abai\tto build"


def _unchanged_after_edit(tmp_path, monkeypatch, rel: str, added: str) -> list[str]:
    """The reports (every chapter and teaching version, two towns) whose fingerprint stays the
    same when ``added`` is appended to the library file ``rel``, in a copy of the library."""
    import shutil

    lib = tmp_path / "lib" / "monotowns"
    shutil.copytree(paths.LIB_DIR, lib, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(paths, "LIB_DIR", lib)
    jobs = [j for j in build.all_jobs() if j.kind != "town"] + build.all_jobs(towns=["balkhash", "ridder"])
    before = {j.key: build.fingerprint(j) for j in jobs}
    f = lib / rel
    f.write_text(f.read_text(encoding="utf-8") + added, encoding="utf-8")
    after = {j.key: build.fingerprint(j) for j in jobs}
    return sorted(k for k in before if before[k] == after[k])


@pytest.mark.slow
def test_an_edit_of_the_stylesheet_makes_every_report_stale(tmp_path, monkeypatch):
    """The stylesheet, the page templates and the code that renders HTML, PDF and Word are part
    of every report's fingerprint: an edit there changes every PDF."""
    edit = "\nh1 { color: #123456; }\n"
    assert _unchanged_after_edit(tmp_path, monkeypatch, "publish/templates/report.css", edit) == []


@pytest.mark.slow
def test_an_edit_of_the_page_model_s_templates_makes_every_report_stale(tmp_path, monkeypatch):
    """The macros that write every block of a report (report/templates/blocks.html.j2) are part
    of the fingerprint of every report whose code uses them, and of the no-op record."""
    edit = "\n{# edited #}\n"
    assert _unchanged_after_edit(tmp_path, monkeypatch, "report/templates/blocks.html.j2", edit) == []


def test_table_7_is_one_table_a_row_per_project_not_six_sparse_tables():
    """Table 7's projects (name, money, jobs for up to 3 projects a town) as one table with a row
    per town and project; split by columns it made six tables, mostly empty."""
    from monotowns import data
    from monotowns.report import tables

    df = data.numeric_table("T7")
    projects = df[df["indicator"].str.startswith("project_name_")]
    for lang in ("kk", "ru", "en"):
        h = tables.numeric_table("T7", lang).html
        assert h.count("<table") == 1, lang
        assert h.count("<tr>") == 1 + len(projects), lang  # the header row and one per project


def test_an_input_edited_while_a_build_runs_leaves_the_next_build_its_work(tmp_path, data_copy):
    """The record of a complete build names the inputs the build started with: a data file edited
    while the reports were being made (they read the old one) must not make the next build say
    'nothing changed'."""
    ctx = Context(data_dir=data_copy, outputs_dir=tmp_path / "out")
    jobs = build.all_jobs(ctx, towns=["saran"], langs=("en",))
    fake_built(ctx, jobs)
    from monotowns.publish import deps

    started = deps.all_inputs_hash(ctx)
    t6 = data_copy / "tables" / "T6.csv"
    t6.write_text(t6.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # edited mid-build
    build.mark_complete(jobs, build.FORMATS, ctx, inputs=started)
    assert not build.nothing_to_do(jobs, build.FORMATS, ctx)
    build.mark_complete(jobs, build.FORMATS, ctx)  # a build that started from the edited file
    assert build.nothing_to_do(jobs, build.FORMATS, ctx)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_many_errata_under_a_table_are_a_table_of_their_own(lang):
    """Table 11 has 22 marked cells: under it they are small tables (a row each: mark, town,
    published, recomputed, note), not 22 paragraphs of three lines; every marked cell has its
    row, and every mark in the table is explained."""
    import re

    errata = data.load("errata")
    n = len(errata[errata.table == "T11"])
    h = tables.numeric_table("T11", lang).html
    rows = re.findall(r'<th scope="row"[^>]*>\*(\d+)</th>', h)
    assert sorted(int(x) for x in rows) == list(range(1, n + 1))
    assert not re.search(r'<p class="note">\*\d+ T11', h)
    body = h[: h.index('class="data errata"')]
    assert {int(x) for x in re.findall(r" \*(\d+)", body)} == set(range(1, n + 1))
    short = tables.numeric_table("T6", lang)  # four or fewer marks stay notes
    assert ('class="data errata"' in short.html) == (len(errata[errata.table == "T6"]) > marks.Marks.MAX_NOTES)


def fake_built(ctx, jobs) -> None:
    """Pretend a build wrote every output of ``jobs`` (each format, the executed notebook, the
    stamp that records them) and the site's files."""
    import json

    for j in jobs:
        for p in build.output_files(j, build.FORMATS):
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(f"{p.name} as built")
        j.stamp.parent.mkdir(parents=True, exist_ok=True)
        files = {build._key(j, p): build._file_record(p) for p in build.output_files(j, build.FORMATS)}
        j.stamp.write_text(json.dumps({"fingerprint": "x", "formats": list(build.FORMATS), "files": files}))
    for name in build.SITE_FILES + tuple(build.nav_landing(lang) for lang in ("kk", "ru", "en")):
        (ctx.outputs_dir / name).write_text("as built")


@pytest.mark.parametrize(
    "damage",
    [
        "landing page deleted",
        "manifest deleted",
        "errata deleted",
        "pdf truncated",
        "executed notebook deleted",
        "table csv deleted",
        "what-if build",
    ],
)
def test_nothing_changed_only_when_every_output_is_there_and_whole(damage, tmp_path):
    """The no-op fast path ("nothing changed") holds only while the site's files and every
    report's outputs are there at the size they were written; a build with an analyst's
    inputs (what-if reports) ends it too."""
    ctx = Context(outputs_dir=tmp_path)
    jobs = build.all_jobs(ctx, langs=("en",))
    fake_built(ctx, jobs)
    build.mark_complete(jobs, build.FORMATS, ctx)
    assert build.nothing_to_do(jobs, build.FORMATS, ctx)
    assert (tmp_path / "tables" / "en" / "T6.csv").exists()  # a chapter's table is its output
    town = next(j for j in jobs if j.kind == "town")
    if damage == "landing page deleted":
        (tmp_path / "index.html").unlink()
    elif damage == "manifest deleted":
        (tmp_path / "manifest.csv").unlink()
    elif damage == "errata deleted":
        (tmp_path / "errata.csv").unlink()
    elif damage == "pdf truncated":
        town.out("pdf").write_text("trunc")
    elif damage == "executed notebook deleted":
        town.executed.unlink()
    elif damage == "table csv deleted":
        (tmp_path / "tables" / "en" / "T6.csv").unlink()
    else:
        build.forget_complete(ctx)
    assert not build.nothing_to_do(jobs, build.FORMATS, ctx)


@pytest.mark.parametrize("damage", ["deleted", "truncated", "overwritten, same size", "notebook deleted"])
def test_a_damaged_output_makes_its_report_stale(damage, tmp_path):
    """A report is current only if every file it wrote is there, whole: its stamp records each
    file's size and hash."""
    import os

    ctx = Context(outputs_dir=tmp_path)
    job = next(j for j in build.all_jobs(ctx, towns=["saran"], langs=("en",)) if j.kind == "town")
    fake_built(ctx, [job])
    import json

    stamp = json.loads(job.stamp.read_text())
    fp = stamp["fingerprint"]
    assert build.up_to_date(job, ("html", "pdf"), fp)
    pdf = job.out("pdf")
    if damage == "deleted":
        pdf.unlink()
    elif damage == "truncated":
        pdf.write_bytes(pdf.read_bytes()[:3])
    elif damage == "overwritten, same size":
        data = pdf.read_bytes()
        pdf.write_bytes(data[::-1])
        os.utime(pdf, ns=(1, 1))
    else:
        job.executed.unlink()
    assert not build.up_to_date(job, ("html", "pdf"), fp)
