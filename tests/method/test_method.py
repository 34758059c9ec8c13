"""The author's method: each quantity by hand for the three towns, the scales' boundaries,
scoring with Table 25, and properties (hypothesis)."""

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from monotowns import data, method
from monotowns.data.context import DEFAULT
from monotowns.method import scenarios

TOWNS = ("balkhash", "karazhal", "temirtau")


@pytest.fixture(scope="module")
def vals():
    return {t: method.values(method.published_inputs(t)) for t in TOWNS}


# ------------------------------------------------------------ each quantity by hand
# inputs as printed in Tables 19-24 (lines 2900-3152 of the dissertation)


def test_tdm_by_hand(vals):
    assert vals["balkhash"]["TDm"] == pytest.approx(math.sqrt(80 * 27.3))  # √2184 = 46.73
    assert vals["karazhal"]["TDm"] == pytest.approx(math.sqrt(71 * 50))  # √3550 = 59.58
    assert vals["temirtau"]["TDm"] == pytest.approx(math.sqrt(82 * 12))  # √984 = 31.37
    assert method.tdm_printed_formula(80, 27.3) == pytest.approx(100 - 46.7333, abs=1e-3)


def test_tde_by_hand(vals):
    assert vals["balkhash"]["TDe"] == pytest.approx((15 + 41 + 5 + 2.3) / 4)  # 15.825
    assert vals["karazhal"]["TDe"] == pytest.approx((0.8 + 46 + 8.6 + 0.5) / 4)  # 13.975
    assert vals["temirtau"]["TDe"] == pytest.approx((25 + 36 + 8.6 + 5.2) / 4)  # 18.7


def test_tda_by_hand(vals):
    assert vals["balkhash"]["TDa"] == pytest.approx((111 + 4.2 + 1.4 + 95) / 4)  # 52.9
    assert vals["karazhal"]["TDa"] == pytest.approx((115 + 1.6 + 0.7 + 96) / 4)  # 53.325
    assert vals["temirtau"]["TDa"] == pytest.approx((93 + 7.2 + 0.7 + 95.4) / 4)  # 49.075


def test_tdea_by_hand(vals):
    assert vals["balkhash"]["TDea"] == pytest.approx(math.sqrt(15.825 * 52.9))  # 28.93
    assert vals["karazhal"]["TDea"] == pytest.approx(math.sqrt(13.975 * 53.325))  # 27.30
    assert vals["temirtau"]["TDea"] == pytest.approx(math.sqrt(18.7 * 49.075))  # 30.29
    # with the author's rounded TDe and TDa the printed 28 / 27 / 31 come out
    assert round(method.tdea(15, 53)) == 28 and round(method.tdea(14, 53)) == 27
    assert round(method.tdea(18.7, 50)) == 31


def test_tdda_by_hand(vals):
    assert vals["balkhash"]["TDda"] == pytest.approx(math.sqrt(10 + 49))  # 7.68
    assert vals["karazhal"]["TDda"] == pytest.approx(math.sqrt(4 + 49))  # 7.28
    assert vals["temirtau"]["TDda"] == pytest.approx(math.sqrt(3.5 + 53))  # 7.52


def test_tdzhia_by_hand(vals):
    b = 100 * (9 / 94 + 9 / 96 + 298 / 12300 + 557 / 11159)  # 26.36
    k = 100 * (3 / 94 + 11 / 96 + 652 / 12300 + 652 / 11159)  # 25.79
    t = 100 * (14 / 94 + 15 / 96 + 741 / 12300 + 1288 / 11159)  # 48.09
    assert vals["balkhash"]["TDzhia"] == pytest.approx(math.sqrt(b))  # 5.13
    assert vals["karazhal"]["TDzhia"] == pytest.approx(math.sqrt(k))  # 5.08
    assert vals["temirtau"]["TDzhia"] == pytest.approx(math.sqrt(t))  # 6.93
    # the author's printed parts 14+15+6+11 give the printed 6,8
    assert round(method.tdzhia((14, 15, 6, 11)), 1) == 6.8


def test_tdaa_and_tdsp_by_hand(vals):
    assert vals["balkhash"]["TDaa"] == pytest.approx(math.sqrt(0 + 100 + 100))
    assert vals["karazhal"]["TDaa"] == pytest.approx(10.0)
    assert vals["temirtau"]["TDaa"] == pytest.approx(math.sqrt(300))
    assert vals["balkhash"]["TDsp"] == pytest.approx(math.sqrt(200))
    assert vals["karazhal"]["TDsp"] == vals["temirtau"]["TDsp"] == pytest.approx(10.0)


def test_recomputed_grades_by_hand(vals):
    expected = {
        "balkhash": dict(
            TDm="medium",
            TDea="above_medium",
            TDda="medium",
            TDzhia="above_medium",
            TDaa="above_medium",
            TDsp="high",
        ),
        "karazhal": dict(
            TDm="medium",
            TDea="above_medium",
            TDda="below_medium",
            TDzhia="above_medium",
            TDaa="medium",
            TDsp="medium",
        ),
        "temirtau": dict(TDm="low", TDea="high", TDda="medium", TDzhia="above_medium", TDaa="high", TDsp="medium"),
    }
    for t, grades in expected.items():
        assert {i: method.grade(i, vals[t][i]) for i in grades} == grades, t


def test_recomputed_scores_by_hand(vals):
    # Balkhash: TDm medium→balanced; TDea, TDzhia, TDaa above medium and TDsp high→innovative+
    # diversification; TDda medium→balanced+innovative+diversification
    grades = {i: method.grade(i, vals["balkhash"][i]) for i in method.GRADED}
    assert scenarios.score(grades) == {"inertial": 0, "balanced": 2, "innovative": 5, "diversification": 5}
    assert scenarios.recommended(scenarios.score(grades)) == ["innovative", "diversification"]


def test_undefined_square_root_is_a_clear_error():
    with pytest.raises(method.MethodError, match="negative"):
        method.tdda(-60, 49)
    with pytest.raises(method.MethodError, match="oblast total"):
        method.tdzhia_part(1, 0)


# ------------------------------------------------------------ scales and boundaries

BOUNDARIES = {
    # indicator: [(value, class), ...] — every printed boundary, and just above it
    "TDm": [(0, "low"), (35, "low"), (35.01, "medium"), (70, "medium"), (70.01, "high"), (100, "high")],
    "TDea": [
        (5, "very_low"),
        (5.01, "low"),
        (15, "low"),
        (15.01, "below_medium"),
        (20, "below_medium"),
        (20.01, "medium"),
        (25, "medium"),
        (25.01, "above_medium"),
        (30, "above_medium"),
        (30.01, "high"),
        (31, "high"),
    ],
    "TDda": [
        (2.5, "very_low"),
        (2.51, "low"),
        (5, "low"),
        (5.01, "below_medium"),
        (7.5, "below_medium"),
        (7.51, "medium"),
        (9, "medium"),
        (9.01, "above_medium"),
        (11.5, "above_medium"),
        (11.51, "high"),
        (13, "high"),
        (20, "high"),
    ],
    "TDzhia": [
        (2.5, "low"),
        (2.51, "medium"),
        (5, "medium"),
        (5.01, "above_medium"),
        (7.5, "above_medium"),
        (7.51, "high"),
        (10, "high"),
    ],
    "TDaa": [
        (5, "low"),
        (5.01, "medium"),
        (10, "medium"),
        (10.01, "above_medium"),
        (15, "above_medium"),
        (15.01, "high"),
        (17.32, "high"),
    ],
    "TDsp": [(5, "low"), (5.01, "medium"), (10, "medium"), (10.01, "high"), (14.14, "high")],
}


@pytest.mark.parametrize("ind", list(BOUNDARIES))
def test_scale_boundaries(ind):
    for v, cls in BOUNDARIES[ind]:
        assert method.grade(ind, v) == cls, (ind, v)


def test_boundary_rule_agrees_with_the_published_examples():
    # T22 Balkhash TDzhia 5 → орташа; T23 Karazhal TDaa 10 → орташа; T24 TDsp 10 → орташа
    assert method.grade("TDzhia", 5) == "medium"
    assert method.grade("TDaa", 10) == "medium"
    assert method.grade("TDsp", 10) == "medium"


def test_t20_scale_overlaps_and_gap_are_resolved_and_said():
    notes = method.scales()["TDea"].notes
    assert {n.kind for n in notes} >= {"overlap", "inside"}
    printed = " ".join(n.printed for n in notes)
    assert "0-15" in printed and "20-30" in printed


def test_tde_and_tda_have_no_scale():
    assert method.grade("TDe", 15) is None and method.grade("TDa", 53) is None


def test_class_labels_cover_the_printed_variants():
    assert method.class_id("Орташадан жоғары") == "above_medium"
    assert method.class_id("ортадан жоғары") == "above_medium"
    assert method.class_id(" өте  төмен ") == "very_low"
    with pytest.raises(method.MethodError):
        method.class_id("жақсы")


# ------------------------------------------------------------ Table 25 and scoring


def test_matrix_is_table_25():
    t25 = data.load("t25")
    assert int(t25["supports"].sum()) == int((t25["mark_raw"] == "+").sum()) > 0
    assert scenarios.supported("TDm", "low") == {"diversification"}
    assert scenarios.supported("TDm", "high") == {"inertial"}
    assert scenarios.supported("TDda", "medium") == {"balanced", "innovative", "diversification"}
    assert scenarios.supported("TDsp", "medium") == {"balanced", "diversification"}


@pytest.mark.parametrize(
    "grades, expected",
    [
        # all low: every indicator's 'төмен' row
        (
            dict(TDm="low", TDea="low", TDda="low", TDzhia="low", TDaa="low", TDsp="low"),
            {"inertial": 5, "balanced": 0, "innovative": 0, "diversification": 1},
        ),
        # all high
        (
            dict(TDm="high", TDea="high", TDda="high", TDzhia="high", TDaa="high", TDsp="high"),
            {"inertial": 1, "balanced": 0, "innovative": 5, "diversification": 4},
        ),
        # all medium
        (
            dict(TDm="medium", TDea="medium", TDda="medium", TDzhia="medium", TDaa="medium", TDsp="medium"),
            {"inertial": 0, "balanced": 6, "innovative": 1, "diversification": 2},
        ),
    ],
)
def test_scores_of_hand_built_grades(grades, expected):
    assert scenarios.score(grades) == expected


def test_ties_recommend_all_tied():
    assert scenarios.recommended({"inertial": 1, "balanced": 3, "innovative": 3, "diversification": 0}) == [
        "balanced",
        "innovative",
    ]
    assert scenarios.recommended(dict.fromkeys(scenarios.SCENARIOS, 0)) == list(scenarios.SCENARIOS)


def test_sensitivity_balkhash(vals):
    shifts, dist = scenarios.sensitivity(vals["balkhash"])
    down = next(s for s in shifts if s.indicator == "TDm" and s.direction == -1)
    # TDm medium→low moves one point from balanced to diversification
    assert (down.from_class, down.to_class) == ("medium", "low")
    assert down.scores == {"inertial": 0, "balanced": 1, "innovative": 5, "diversification": 6}
    assert down.recommended == ["diversification"]
    # TDsp is at the top class: no upward shift
    assert not any(s.indicator == "TDsp" and s.direction == 1 for s in shifts)
    assert dist["TDm"][1] == 35 and dist["TDm"][0] == pytest.approx(math.sqrt(2184) - 35)
    assert dist["TDzhia"][1] == 5 and dist["TDzhia"][0] == pytest.approx(vals["balkhash"]["TDzhia"] - 5)


# ------------------------------------------------------------ properties

COMPONENTS = {
    "TDm": (method.tdm, 2, (0, 100)),
    "TDe": (method.tde, 4, (-100, 100)),
    "TDa": (method.tda, 4, (0, 200)),
    "TDea": (method.tdea, 2, (0, 200)),
    "TDda": (method.tdda, 2, (0, 100)),
    "TDzhia": (lambda *r: method.tdzhia(r), 4, (0, 100)),
    "TDaa": (method.tdaa, 3, (0, 100)),
    "TDsp": (method.tdsp, 2, (0, 100)),
}


@pytest.mark.parametrize("ind", list(COMPONENTS))
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_raising_a_component_never_lowers_the_composite(ind, data):
    f, n, (lo, hi) = COMPONENTS[ind]
    xs = [data.draw(st.floats(lo, hi, allow_nan=False)) for _ in range(n)]
    k = data.draw(st.integers(0, n - 1))
    up = data.draw(st.floats(0, hi - lo, allow_nan=False))
    ys = list(xs)
    ys[k] = xs[k] + up
    assert f(*ys) >= f(*xs) - 1e-9


@pytest.mark.parametrize("ind", method.GRADED)
@given(a=st.floats(-50, 150, allow_nan=False), b=st.floats(-50, 150, allow_nan=False))
def test_grades_are_ordered_like_values(ind, a, b):
    order = list(method.CLASSES)
    lo, hi = sorted((a, b))
    assert order.index(method.grade(ind, lo)) <= order.index(method.grade(ind, hi))


@given(st.data())
def test_scores_sum_to_the_marks_the_grades_select(d):
    grades = {i: d.draw(st.sampled_from(method.scales()[i].class_ids())) for i in method.GRADED}
    t25 = data.load("t25")
    t25 = t25.assign(cls=t25["level_kk"].map(method.class_id))
    marks = sum(
        int(((t25["indicator_code"] == i) & (t25["cls"] == c) & (t25["mark_raw"] == "+")).sum())
        for i, c in grades.items()
    )
    assert sum(scenarios.score(grades).values()) == marks == scenarios.marks(grades)


def test_every_scale_class_is_a_row_of_table_25():
    rows = set(scenarios.matrix())
    for i, sc in method.scales().items():
        for c in sc.class_ids():
            assert (i, c) in rows, (i, c)


def test_published_inputs_match_the_template():
    tpl = pd.read_csv(data.paths.DATA_DIR / "assess_template.csv")
    for r in tpl.to_dict("records"):
        x = method.published_inputs(r["town"])
        for c in method.Inputs.columns()[1:]:
            assert getattr(x, c) == pytest.approx(r[c]), (r["town"], c)


def test_the_registry_s_printed_formulas_stand_on_their_lines():
    """Where the indicator registry records the formula the source prints, the source line it
    names holds that text (the registry's provenance, checked against the dissertation)."""

    lines = DEFAULT.source_files["diss"].read_text(encoding="utf-8").split("\n")
    recorded = [r for r in method.REGISTRY.values() if r.printed_formula]
    assert recorded
    for r in recorded:
        assert r.printed_formula in lines[r.printed_formula_line - 1], (r.id, r.printed_formula_line)
