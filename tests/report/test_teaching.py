"""The teaching notebook: the student's version asks and the instructor's answers; self-check;
what-if and sliders; the exercises on the data; a town of one's own; the course pack.

Answers are computed here from the method and the data package, never copied from an output."""

import csv
import html
import json
import math
import re
import zipfile

import pytest
from monotowns import data, method
from monotowns.data import paths
from monotowns.data.context import LANGS
from monotowns.method import scenarios
from monotowns.report import answers, teaching, texts, whatif

from ..tiers import one_fast

T = texts.t
TOWNS = ("balkhash", "karazhal", "temirtau")


@pytest.fixture(scope="module")
def balkhash():
    return method.published_inputs("balkhash")


# ------------------------------------------------------------ what-if


def test_what_if_without_changes_is_the_recomputed_mode(balkhash):
    w = whatif.what_if(balkhash)
    assert w.values["TDm"] == pytest.approx(math.sqrt(80 * 27.3))
    assert w.scores == {"inertial": 0, "balanced": 2, "innovative": 5, "diversification": 5}


def test_what_if_moves_value_grade_and_scores(balkhash):
    # TDm1 80 → 30: √(30 × 27.3) = 28.6 → 'төмен' (low), which supports diversification, not balanced
    w = whatif.what_if(balkhash, TDm1=30)
    assert w.values["TDm"] == pytest.approx(math.sqrt(30 * 27.3))
    assert w.grades["TDm"] == "low"
    assert w.scores["diversification"] == 6 and w.scores["balanced"] == 1
    assert w.recommended == ["diversification"]
    # the original inputs are untouched
    assert balkhash.TDm1 == 80


def test_what_if_rejects_unknown_inputs(balkhash):
    with pytest.raises(method.MethodError, match="unknown input"):
        whatif.what_if(balkhash, TDx=1)


def test_prepared_cases_each_change_one_input(balkhash):
    cases = whatif.prepared_cases(balkhash)
    assert len(cases) >= 5
    for label, ch in cases:
        assert len(ch) == 1 and label
        whatif.what_if(balkhash, **ch)  # every case is computable


def test_what_if_table_lists_every_case(balkhash):
    html_ = whatif.what_if_table(balkhash, "en").html
    for label, _ in whatif.prepared_cases(balkhash):
        assert label in html_


# ------------------------------------------------------------ student asks, instructor answers


def _text(h: str) -> str:
    """Readable text of HTML (or of a PDF's text): no tags, entities resolved, spaces collapsed,
    words a line break hyphenated joined again."""
    s = html.unescape(re.sub(r"<[^>]+>", " ", h))
    s = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", s)
    return " ".join(s.replace("\u00a0", " ").replace("\u202f", " ").split())


def _num(v: float, lang: str, d: int) -> str:
    return texts.fmt_number(v, lang, d).replace("\u00a0", " ")


def exercise_answers(town: str, lang: str) -> dict[str, list[re.Pattern]]:
    """What the exercises ask, as patterns, computed from the method: every indicator's value
    (2 and 3 decimals), every grade next to its value, every scenario's score next to its name,
    the recommended scenario(s) after 'Recommended'."""
    x = method.published_inputs(town)
    vals = method.values(x)
    grades = {i: method.grade(i, v) for i, v in vals.items()}
    sc = scenarios.score(grades)
    rec = scenarios.recommended(sc)
    out: dict[str, list[re.Pattern]] = {"values": [], "grades": [], "scores": [], "recommended": []}
    for i, v in vals.items():
        out["values"].append(re.compile(re.escape(_num(v, lang, 2)) + r"(?!\d)"))
        out["values"].append(re.compile(re.escape(_num(v, lang, 3)) + r"(?!\d)"))
        if grades[i]:
            label = re.escape(texts.class_label(grades[i], lang))
            out["grades"].append(re.compile(rf"{i} = {re.escape(_num(v, lang, 2))}.{{0,80}}{label}"))
    for s in scenarios.SCENARIOS:
        out["scores"].append(re.compile(re.escape(texts.scenario_label(s, lang)) + rf"\W{{1,4}}{sc[s]}(?!\d)"))
    # the four scores in a row, as a table shows them ("Score 0 2 5 5")
    row = r"[^\d]{1,12}".join(rf"(?<![\d.,]){sc[s]}(?![\d.,])" for s in scenarios.SCENARIOS)
    out["scores"].append(re.compile(row))
    rec_label = re.escape(texts.scenario_label(rec[0], lang))
    out["recommended"].append(re.compile(re.escape(T("recommended", lang)[:8]) + rf"[^.]{{0,40}}{rec_label}"))
    return out


def found(text: str, town: str, lang: str) -> dict[str, list[str]]:
    return {k: [p.pattern for p in ps if p.search(text)] for k, ps in exercise_answers(town, lang).items()}


def lesson_html(town: str, lang: str, answers: bool, inputs: str = "") -> str:
    """Every section of the notebook's report, in its order."""
    L = teaching.Lesson(town, lang, answers, inputs=inputs)
    parts = [L.intro()] + [L.step(i) for i in method.INDICATORS]
    parts += [L.scoring(), L.whatif(), L.data_exercises(), L.own_town()]
    return "".join(p.html for p in parts)


@pytest.mark.parametrize("lang", one_fast(LANGS))
@pytest.mark.parametrize("town", TOWNS)
def test_the_student_version_asks_and_the_instructor_version_answers(town, lang):
    student, instructor = _text(lesson_html(town, lang, False)), _text(lesson_html(town, lang, True))
    assert found(student, town, lang) == {"values": [], "grades": [], "scores": [], "recommended": []}
    every = {k: [p.pattern for p in ps] for k, ps in exercise_answers(town, lang).items()}
    got = found(instructor, town, lang)
    # the instructor's working shows 2 decimals of every value (3 of TDe, TDa where TDea uses them)
    assert got["values"] and all(p in got["values"] for p in every["values"][::2])
    assert got["grades"] == every["grades"]
    assert got["scores"] == every["scores"] and got["recommended"] == every["recommended"]


def test_the_answer_patterns_can_fail():
    """The patterns find a leak: the old what-if baseline row, shown to students, gave answers."""
    x = method.published_inputs("karazhal")
    leak = _text(whatif.what_if_table(x, "en").html)
    got = found(leak, "karazhal", "en")
    assert got["values"] and got["scores"]


@pytest.mark.parametrize("lang", one_fast(LANGS))
def test_answers_only_in_the_instructors_version(lang):
    word = T("teach_answer", lang)
    for ind in method.REGISTRY:
        student = teaching.step(ind, "karazhal", lang, False).html
        instructor = teaching.step(ind, "karazhal", lang, True).html
        assert word not in student and word in instructor
        assert "answers" not in student
    assert word not in teaching.scoring("temirtau", lang, False).html
    assert word in teaching.scoring("temirtau", lang, True).html


@pytest.mark.parametrize("lang", one_fast(LANGS))
def test_the_instructors_explanations_are_in_every_language(lang):
    """Where the author's value differs, the key says why, in the reader's language (the audit
    lists the same differences)."""
    from monotowns.method import audit

    au = audit.audit()
    for town in TOWNS:
        L = teaching.Lesson(town, lang, True)
        for ind in method.INDICATORS:
            listed = bool(((au["town"] == town) & (au["quantity"] == f"{ind} value")).any())
            cause = L.cause(ind)
            assert (cause is not None) == listed, (town, ind)
            if cause:
                assert cause in _text(L.step(ind).html)


# ------------------------------------------------------------ self-check


def test_self_check_says_right_or_wrong_within_rounding_and_never_the_answer():
    L = teaching.Lesson("temirtau", "en", False)
    v = method.values(L.x)["TDm"]
    right, wrong = L.check("TDm", round(v, 2), "low").html, L.check("TDm", round(v, 2) + 0.1, "high").html
    assert right.count(T("tch_check_right", "en", what="")[2:]) == 2
    assert "not right" in wrong
    assert L.check("TDm").html.count("no answer") == 2
    assert answers.value_is_right(f"{v:.1f}".replace(".", ","), v)  # a Kazakh decimal comma
    assert not answers.value_is_right(round(v), v)  # an integer is not 'within rounding'
    assert answers.class_of_answer("Орташадан жоғары") == "above_medium" == answers.class_of_answer("above medium")
    for h in (right, wrong):
        assert f"{v:.2f}" not in h and f"{v:.1f}" not in h
    sc = scenarios.score({i: method.grade(i, x) for i, x in method.values(L.x).items()})
    rec = scenarios.recommended(sc)
    ok = L.check_scores(sc, ", ".join(texts.scenario_label(s, "kk") for s in rec)).html
    assert "not right" not in ok and "no answer" not in ok
    assert "not right" in L.check_scores({**sc, "inertial": sc["inertial"] + 1}, "inertial").html


# ------------------------------------------------------------ exercises on the data


def _errata(table: str, field: str) -> list[dict]:
    e = data.load("errata")
    return e[(e["table"] == table) & (e["field"] == field)].to_dict("records")


def test_t6_changes_recomputed_and_the_ones_that_do_not_follow():
    df = answers.t6_changes().set_index("city_id")
    t6 = data.numeric_table("T6")
    assert len(df) == t6[t6["indicator"] == "population_change_pct"]["city_id"].nunique() == 27
    pops = t6[t6["indicator"] == "population"]
    for city, r in df.iterrows():
        p = pops[pops["city_id"] == city].set_index("year")["value"]
        assert r["recomputed"] == pytest.approx((p[2021] - p[2017]) / p[2017] * 100)
    listed = {e["city_id"]: e["severity"] for e in _errata("T6", "population_change_pct")}
    assert set(df[df["verdict"] != "ok"].index) == set(listed)
    assert set(df[df["verdict"] == "minor"].index) == {c for c, s in listed.items() if s == "minor"}
    assert set(df[df["verdict"] == "sign"].index) == {
        c for c in listed if (df.loc[c, "printed"] > 0) != (df.loc[c, "recomputed"] > 0)
    }
    assert len(df[df["verdict"] == "sign"]) == 3  # the README's "three with the wrong sign"


def test_t11_wages_garbled_and_the_row_computed_from_them():
    df = answers.t11_wages().set_index("city_id")
    wages = {e["city_id"]: e for e in _errata("T11", "avg_monthly_nominal_wage")}
    assert set(df[df["garbled"]].index) == set(wages)
    for city, e in wages.items():
        assert df.loc[city, "intended"] == float(e["likely_intended"])
        assert df.loc[city, "printed_raw"] == e["published"]
    rows = {e["city_id"]: e for e in _errata("T11", "avg_monthly_nominal_wage_2017_2021")}
    for city, e in rows.items():
        assert round(df.loc[city, "change_intended"], 1) == pytest.approx(float(e["likely_intended"]))
        assert df.loc[city, "change_as_printed"] == pytest.approx(float(e["recomputed"]), abs=1e-3)
    assert df["row_reproduced_garbled"].all()


def test_populations_2014_2017_flag_the_gaps_and_the_typo():
    df = answers.populations_2014_2017().set_index("city_id")
    a1 = data.numeric_table("A1")
    a1 = a1[a1["indicator"] == "population"].set_index("city_id")["value"]
    t6 = data.numeric_table("T6")
    t6 = t6[(t6["indicator"] == "population") & (t6["year"] == 2017)].set_index("city_id")["value"]
    gaps = {c for c in t6.index if abs(t6[c] / (a1[c] * 1000) - 1) * 100 > answers.POPULATION_GAP_PCT}
    assert set(df[df["flagged"]].index) == gaps and len(df) == 27
    assert set(df[df["typo"]].index) == {e["city_id"] for e in _errata("T6", "population") if e["year"] == 2017}


def test_unemployment_ranks_and_what_they_hide():
    df = answers.unemployment_ranks().set_index("city_id")
    t6 = data.numeric_table("T6")
    u = t6[t6["indicator"] == "unemployment_rate_pct"].set_index("city_id")["value"]
    for c in u.index:
        assert df.loc[c, "rank"] == 1 + int((u < u[c]).sum())
    s = answers.unemployment_summary()
    assert s["spread"] == pytest.approx(u.max() - u.min())
    nat = data.load("text-values").set_index("key").loc["national_unemployment", "value"]
    assert s["above_national"] == int((u > nat).sum()) and s["equal_national"] == int((u == nat).sum())
    assert s["tied_towns"] == int(u.duplicated(keep=False).sum())


@pytest.mark.parametrize("lang", LANGS)
def test_the_data_exercises_answer_only_in_the_instructors_version(lang):
    student = _text(teaching.Lesson("balkhash", lang, False).data_exercises().html)
    instructor = _text(teaching.Lesson("balkhash", lang, True).data_exercises().html)
    df = answers.t6_changes()
    bad = df[df["verdict"] == "sign"]
    for r in bad.itertuples():
        rec = _num(r.recomputed, lang, 2)
        assert rec not in student and rec in instructor
    for r in answers.t11_wages().itertuples():
        intended = re.compile(re.escape(_num(r.intended, lang, 0)) + r"(?!\d)")  # not the garbled cell
        assert not intended.search(student) and intended.search(instructor)
    assert T("teach_answer", lang) not in student


# ------------------------------------------------------------ a town of one's own


def _own_csv(tmp_path, **changes):
    x = method.published_inputs("karazhal").replace(**changes)
    p = tmp_path / "my_town.csv"
    with open(p, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(method.Inputs.columns())
        w.writerow(["Zhanatown"] + [getattr(x, c) for c in method.Inputs.columns()[1:]])
    return p


def test_a_town_of_ones_own_goes_through_the_same_steps(tmp_path):
    p = _own_csv(tmp_path, TDm1=30.0, TDaa1=100.0)
    x = method.assess.read_inputs(p)[0]
    L = teaching.Lesson("balkhash", "en", True, inputs=str(p))
    assert L.town == "Zhanatown" and not L.published
    assert L.values == pytest.approx(method.values(x))
    key = _text(lesson_html("balkhash", "en", True, inputs=str(p)))
    assert "Zhanatown" in key and "line 2910" not in key  # no author's value to compare with
    assert _num(method.values(x)["TDm"], "en", 2) in key
    student = _text(lesson_html("balkhash", "en", False, inputs=str(p)))
    assert _num(method.values(x)["TDm"], "en", 2) not in student


def test_the_blank_template_is_a_table_of_every_input():
    h = teaching.Lesson("karazhal", "kk", False).own_town().html
    assert "<pre>" not in h  # one long line ran off the page
    rows = re.findall(r"<tr><t[hd][^>]*>([^<]+)</t[hd]>", h.split("<tbody>")[1])
    assert rows == method.Inputs.columns()


def test_the_teaching_catalogue_has_every_language_ready_for_russian():
    with open(paths.DATA_DIR / "texts_teaching.csv", encoding="utf-8", newline="") as f:
        r = csv.DictReader(f)
        assert r.fieldnames == ["key", "kk", "ru", "en", "kk_sha"]  # the languages, then the mark of the Kazakh
        rows = list(r)
    assert rows and all(row[c].strip() for row in rows for c in ("kk", "ru", "en"))
    # every key the teaching code asks for, literally or by a prefix built from ids, is there
    keys = {row["key"] for row in rows} | set(texts.keys())
    src = "".join(
        (paths.LIB_DIR / "report" / f"{m}.py").read_text(encoding="utf-8") for m in ("teaching", "whatif", "answers")
    )
    for k in set(re.findall(r"[\"'](tch_[a-z0-9_]+)[\"']", src)):
        assert k in keys, k
    for c in method.Inputs.columns():
        assert f"tch_col_{c}" in keys
    for stem, _ in teaching.GUIDE:
        assert f"tch_guide_{stem}" in keys and f"tch_guide_{stem}_trains" in keys


# ------------------------------------------------------------ in Jupyter: sliders and self-check


@pytest.mark.slow
def test_sliders_build_a_widget():
    # in a separate process: widgets made here would linger in the test process
    import subprocess
    import sys

    code = (
        "from monotowns import method; from monotowns.report import teaching;"
        "ui = teaching.sliders(method.published_inputs('balkhash'), 'en');"
        "print('N=', len(ui.children[0].children))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert f"N= {len(method.Inputs.columns()) - 1}" in r.stdout


def _cell(nb, tag):
    return next(c for c in nb.cells if tag in c.metadata.get("tags", []))


@pytest.mark.slow
def test_self_check_and_sliders_work_when_the_notebook_runs(tmp_path):
    """The student's notebook with a town of one's own, run by nbclient: right and wrong answers
    typed into the self-check cells, then a slider moved; the callbacks recompute the result."""
    import nbformat
    import papermill as pm
    from monotowns.publish import build

    p = _own_csv(tmp_path, TDm1=60.0)
    x = method.assess.read_inputs(p)[0]
    vals = method.values(x)
    grades = {i: method.grade(i, v) for i, v in vals.items()}
    sc = scenarios.score(grades)
    nb = nbformat.read(paths.NOTEBOOKS_DIR / "teaching.ipynb", as_version=4)
    _cell(
        nb, "parameters"
    ).source = f'town = "x"\nlang = "en"\nanswers = False\ninteractive = True\ninputs = "{p.as_posix()}"'
    _cell(nb, "check-TDm").source = (
        f'my_TDm = {vals["TDm"]:.2f}\nmy_TDm_grade = "{texts.class_label(grades["TDm"], "kk")}"\n'
        'L.check("TDm", my_TDm, my_TDm_grade)'
    )
    _cell(nb, "check-TDe").source = f'my_TDe = {vals["TDe"] + 1:.2f}\nL.check("TDe", my_TDe)'
    _cell(nb, "check-scores").source = f"L.check_scores({sc!r}, {', '.join(scenarios.recommended(sc))!r})"
    moved = whatif.what_if(x, TDm1=5.0)
    assert moved.grades["TDm"] != grades["TDm"]  # the move must change something to be seen
    nb.cells.append(
        nbformat.v4.new_code_cell(
            "s = {c.description: c for c in ui.children[0].children}\n"
            "before = ui.children[1].value\n"
            's["TDm1"].value = 5.0\n'
            "print(before != ui.children[1].value)\n"
            "print(ui.children[1].value)"
        )
    )
    src, done = tmp_path / "in.ipynb", tmp_path / "out.ipynb"
    nbformat.write(nb, src)
    pm.execute_notebook(  # papermill's engine is nbclient
        str(src),
        str(done),
        kernel_name="python3",
        cwd=str(paths.NOTEBOOKS_DIR),
        progress_bar=False,
        execution_timeout=300,
        kernel_manager_class=build._ipc_kernel_manager(tmp_path),
    )
    nb = nbformat.read(done, as_version=4)

    def out(tag):
        return "".join(
            o.get("text", "") + "".join(o.get("data", {}).get("text/html", "")) for o in _cell(nb, tag).outputs
        )

    assert out("check-TDm").count("right ✓") == 2
    assert "not right yet" in out("check-TDe")
    assert "not right" not in out("check-scores") and out("check-scores").count("right ✓") == 5
    for tag in ("check-TDm", "check-TDe", "check-scores"):
        assert _num(vals["TDe"], "en", 2) not in out(tag) and _num(vals["TDm"], "en", 2) not in out(tag)
    last = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    assert last.startswith("True")
    assert whatif.result_table(moved, "en") in last


# ------------------------------------------------------------ the built versions and the pack


@pytest.fixture(scope="module")
def teaching_build(tmp_path_factory):
    """Every teaching version (three towns × student/instructor × every language), HTML and PDF,
    built for real, and the course packs."""
    from monotowns.data.context import Context
    from monotowns.publish import build

    out = tmp_path_factory.mktemp("teaching")
    ctx = Context(outputs_dir=out)
    jobs = build.teaching_jobs(ctx)
    assert len(jobs) == len(TOWNS) * 2 * len(LANGS)
    res = build.build(jobs, ctx=ctx, formats=("html", "pdf"), workers=2, progress=False)
    assert all(r.ok for r in res), [r.error for r in res]
    packs = build.write_teaching_pack(ctx)
    return ctx, jobs, packs


def _outputs_text(job) -> dict[str, str]:
    from pypdf import PdfReader

    nb = json.loads(job.executed.read_text(encoding="utf-8"))
    parts = []
    for c in nb["cells"]:
        parts.append("".join(c["source"]))
        for o in c.get("outputs", []):
            parts.append("".join(o.get("text", "")))
            for v in o.get("data", {}).values():
                parts.append("".join(v) if isinstance(v, list) else str(v))
    pdf = "\n".join(pg.extract_text() for pg in PdfReader(str(job.out("pdf"))).pages)
    return {
        "html": _text(job.out("html").read_text(encoding="utf-8")),
        "pdf": _text(pdf),
        "notebook": _text("\n".join(parts)),
    }


@pytest.mark.slow
def test_built_versions_hide_every_answer_from_students_and_give_all_to_instructors(teaching_build):
    _, jobs, _ = teaching_build
    for j in jobs:
        p = dict(j.params)
        for kind, text in _outputs_text(j).items():
            got = found(text, p["town"], p["lang"])
            if p["answers"]:
                assert got["scores"] and got["recommended"] and got["values"], (j.key, kind)
                if kind != "pdf":  # a PDF's text may break a sentence where the pattern looks
                    assert len(got["grades"]) == len(method.GRADED), (j.key, kind)
            else:
                assert got == {"values": [], "grades": [], "scores": [], "recommended": []}, (j.key, kind)
        if not p["answers"]:
            page = j.out("html").read_text(encoding="utf-8")
            assert "FloatSlider" not in page and T("teach_answer", p["lang"]) not in _text(page)


@pytest.mark.slow
def test_the_course_pack_holds_what_the_teacher_needs(teaching_build):
    import io

    from pypdf import PdfReader

    ctx, jobs, packs = teaching_build
    assert [p.name for p in packs] == [f"monotowns-teaching-{lang}.zip" for lang in LANGS]
    for lang, pack in zip(LANGS, packs, strict=True):
        with zipfile.ZipFile(pack) as z:
            names = set(z.namelist())
            for t in TOWNS:
                assert {f"student/{t}-student.pdf", f"instructor/{t}-instructor.pdf"} <= names
                nb = json.loads(z.read(f"notebooks/teaching-{t}-student.ipynb"))
                assert all(not c.get("outputs") for c in nb["cells"])
                params = "".join(_cell_json(nb, "parameters")["source"])
                assert f'town = "{t}"' in params.replace("'", '"') and "answers = False" in params
                assert f'lang = "{lang}"' in params.replace("'", '"')
            assert z.read("my_town.csv").decode().splitlines()[0] == ",".join(method.Inputs.columns())
            guide = PdfReader(io.BytesIO(z.read("guide.pdf")))
            assert len(guide.pages) == 1  # one page
            g = _text(guide.pages[0].extract_text())
            assert T("tch_guide_title", lang).split()[0] in g
    # the same inputs give the same zip
    from monotowns.publish import build

    before = packs[0].read_bytes()
    build.write_teaching_pack(ctx, (LANGS[0],))
    assert packs[0].read_bytes() == before


def _cell_json(nb, tag):
    return next(c for c in nb["cells"] if tag in c["metadata"].get("tags", []))


@pytest.mark.slow
def test_no_landing_page_links_an_instructors_version(teaching_build):
    import re

    from monotowns.data.context import landing_page
    from monotowns.publish import site

    ctx, jobs, packs = teaching_build
    site.write_index(ctx)
    for j in jobs:  # the instructor's versions apart, in a folder the site does not link
        where = "teaching/instructor/" if dict(j.params)["answers"] else "teaching/"
        assert j.out("html").relative_to(ctx.outputs_dir).as_posix().startswith(where + j.lang + "/")
    for lang in LANGS:
        page = (ctx.outputs_dir / landing_page(lang)).read_text(encoding="utf-8")
        hrefs = re.findall(r'href="([^"]+)"', page)
        assert not [h for h in hrefs if "instructor" in h], lang
        assert f"teaching/{lang}/temirtau-student.html" in hrefs  # the students' versions are
        assert f"teaching/pack/monotowns-teaching-{lang}.zip" in hrefs  # and the pack with both


@pytest.mark.parametrize("lang", LANGS)
def test_the_scales_misprints_are_shown_as_printed_with_how_they_are_read(lang):
    # Table 20 prints "0-15 төмен" after "0-5" and "20-30 жоғары" after "25-30" (grading.Scale)
    html = teaching.Lesson("karazhal", lang, False).step("TDea")._repr_html_()
    notes = [_text(n) for n in re.findall(r'<p class="note">(.*?)</p>', html)]
    sc = method.scales()["TDea"]
    said = [_text(texts.scale_note(n, lang)) for n in sc.notes]
    assert said[0] in notes and said[2] in notes  # "0-15" read from 5; "20-30" read as above 30
    assert said[1] not in notes  # "20-30" is said once (read as everything above), not also as an overlap


@pytest.mark.parametrize("lang", LANGS)
def test_page_one_asks_the_question_and_names_what_is_learnt_and_inputs_are_explained(lang):
    intro = teaching.Lesson("balkhash", lang, False).intro()._repr_html_()
    assert T("tch_question_h", lang) in intro and T("tch_objectives_h", lang) in intro
    step = teaching.Lesson("balkhash", lang, False).step("TDa")._repr_html_()
    assert T("tch_col_TDa1", lang) in _text(step)  # the input's meaning beside its code
    assert 'class="box exercise"' in step  # kept whole in print (report.css)


@pytest.mark.parametrize("lang", LANGS)
def test_the_pack_s_notebook_opens_in_the_student_s_language(lang):
    """The course pack is per language: its notebook's first cell (what a student reads first in
    Jupyter) is the title and how to work in that language, not the project's English note."""
    import nbformat
    from monotowns.publish import build

    nb = nbformat.reads(build._jupyter_notebook({"lang": lang, "town": "balkhash"}).decode(), as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "markdown").source
    assert first.startswith("# " + T("tch_nb_title", lang)) and T("tch_nb_howto", lang) in first
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assert f"lang = {lang!r}" in params.source
    if lang != "en":
        assert "Regional Economics" not in first and not re.search(r"\bthe\b", first)


def test_a_table_s_text_cells_are_set_left_where_jupyter_shows_them():
    """JupyterLab's own style right-aligns every cell of an output's table; the page sets text
    cells left (numbers keep class "num", right), so a step's inputs read in Jupyter as in the
    report."""
    h = teaching.Lesson("balkhash", "ru", False).step("TDea")._repr_html_()
    cells = re.findall(r"<t[dh]\b[^>]*>", h)
    text = [c for c in cells if 'class="num"' not in c and c != "<td>"]
    assert text and all('style="text-align:left"' in c for c in text)
    assert all("text-align:left" not in c for c in cells if 'class="num"' in c)
