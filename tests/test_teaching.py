"""The teaching notebook: what-if functions, exercises, student vs instructor versions."""

import math

import pytest
from monotowns import method
from monotowns.report import teaching


@pytest.fixture(scope="module")
def balkhash():
    return method.published_inputs("balkhash")


def test_what_if_without_changes_is_the_recomputed_mode(balkhash):
    w = teaching.what_if(balkhash)
    assert w.values["TDm"] == pytest.approx(math.sqrt(80 * 27.3))
    assert w.scores == {"inertial": 0, "balanced": 2, "innovative": 5, "diversification": 5}


def test_what_if_moves_value_grade_and_scores(balkhash):
    # TDm1 80 → 30: √(30 × 27.3) = 28.6 → 'төмен' (low), which supports diversification, not balanced
    w = teaching.what_if(balkhash, TDm1=30)
    assert w.values["TDm"] == pytest.approx(math.sqrt(30 * 27.3))
    assert w.grades["TDm"] == "low"
    assert w.scores["diversification"] == 6 and w.scores["balanced"] == 1
    assert w.recommended == ["diversification"]
    # the original inputs are untouched
    assert balkhash.TDm1 == 80


def test_what_if_rejects_unknown_inputs(balkhash):
    with pytest.raises(method.MethodError, match="unknown input"):
        teaching.what_if(balkhash, TDx=1)


def test_prepared_cases_each_change_one_input(balkhash):
    cases = teaching.prepared_cases(balkhash)
    assert len(cases) >= 5
    for label, ch in cases:
        assert len(ch) == 1 and label
        teaching.what_if(balkhash, **ch)  # every case is computable


def test_what_if_table_lists_every_case(balkhash):
    html = teaching.what_if_table(balkhash, "en").html
    for label, _ in teaching.prepared_cases(balkhash):
        assert label in html


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_answers_only_in_the_instructors_version(lang):
    from monotowns.report import texts

    word = texts.t("teach_answer", lang)
    for ind in method.REGISTRY:
        student = teaching.step(ind, "karazhal", lang, False).html
        instructor = teaching.step(ind, "karazhal", lang, True).html
        assert word not in student and word in instructor
        assert "answers" not in student
    assert word not in teaching.scoring("temirtau", lang, False).html
    assert word in teaching.scoring("temirtau", lang, True).html


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


@pytest.mark.slow
def test_teaching_notebook_builds_both_versions(tmp_path, monkeypatch):
    from monotowns.data.context import Context
    from monotowns.publish import build

    ctx = Context(outputs_dir=tmp_path)
    jobs = [j for j in build.all_jobs(ctx, langs=("kk",)) if j.kind == "teaching" and j.name.startswith("karazhal")]
    assert {j.name for j in jobs} == {"karazhal-student", "karazhal-instructor"}
    # separate worker processes: this test process has made widgets (test_sliders...), which must
    # not share an event loop with the notebook client
    res = build.build(jobs, ctx=ctx, formats=("html",), workers=2, progress=False)
    assert all(r.ok for r in res), [r.error for r in res]
    student = (tmp_path / "teaching" / "kk" / "karazhal-student.html").read_text(encoding="utf-8")
    instructor = (tmp_path / "teaching" / "kk" / "karazhal-instructor.html").read_text(encoding="utf-8")
    assert "Жауап" not in student and "Жауап" in instructor
    assert "interactive" not in student and "FloatSlider" not in student  # sliders stay in Jupyter
    assert "Қаражал" in student
