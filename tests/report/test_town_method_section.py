"""The method section of a town report: the recommendation it states first is the method's
(recomputed, and Table 26's as printed), and each 'how far from changing grade' sentence is
true — moving the value by the distance it names changes the grade to the one it names."""

from __future__ import annotations

import pytest
from monotowns import method
from monotowns.method import assess, scenarios
from monotowns.report import texts, townsections

LANGS = ("kk", "ru", "en")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("town", ["balkhash", "karazhal", "temirtau"])
def test_the_recommendation_comes_first_and_is_the_methods(town, lang):
    a = assess.assess(method.published_inputs(town))
    items = townsections.method_section(town, lang)
    first = items[0]._repr_html_()
    for sc in a.recommended:
        assert in_sentence(sc, lang) in first
    assert f"{max(a.scores.values())}" in first
    printed = scenarios.recommended(a.printed_scores_t26)
    sentences = first.split("</p>")
    for sc in printed:
        assert in_sentence(sc, lang) in sentences[1]
    chart = items[1]
    assert chart.png.startswith(b"\x89PNG")


def in_sentence(sc: str, lang: str) -> str:
    return texts.t(f"town_scen_{sc}", lang)


@pytest.mark.parametrize("lang", ("kk", "ru"))
def test_scenario_names_are_lower_case_mid_sentence(lang):
    """The catalogue capitalises a scenario's name (a chart label, a table cell); Kazakh and
    Russian running text does not ('... инновационное развитие и диверсификация экономики')."""
    a = assess.assess(method.published_inputs("balkhash"))
    text = "".join(x._repr_html_() for x in townsections.method_section("balkhash", lang)[:1])
    text += "".join(townsections.grade_distance(a, ind, lang) for ind in method.GRADED)
    for sc in scenarios.SCENARIOS:
        assert texts.scenario_label(sc, lang) not in text, (lang, sc)
    assert in_sentence("innovative", lang) in text


@pytest.mark.parametrize("town", ["balkhash", "karazhal", "temirtau"])
def test_the_distance_to_the_next_grade_is_true(town):
    a = assess.assess(method.published_inputs(town))
    scales = method.scales()
    for ind in method.GRADED:
        v = a.indicators[ind].value
        dist, boundary = scales[ind].distance_to_boundary(v)
        text = townsections.grade_distance(a, ind, "en")
        if boundary is None:
            continue
        assert (texts.fmt_number(dist, "en", 2) if dist >= 0.005 else "On the boundary") in text
        assert texts.fmt_number(boundary, "en") in text
        moved = boundary if v > boundary else boundary + 1e-9
        new = scales[ind].classify(moved)
        assert new != a.indicators[ind].class_id
        assert texts.class_label(new, "en") in text
        classes = {i: r.class_id for i, r in a.indicators.items()} | {ind: new}
        rec = scenarios.recommended(scenarios.score(classes))
        if sorted(rec) == sorted(a.recommended):
            assert "would not change" in text
        else:
            assert all(in_sentence(x, "en") in text for x in rec)


def test_a_town_the_dissertation_did_not_assess_has_no_method_section():
    assert townsections.method_section("zhezkazgan", "en") == []


def test_the_scores_chart_is_compact():
    """Four scenarios, two series: at most a quarter of an A4 page (it took half of one)."""
    a = assess.assess(method.published_inputs("balkhash"))
    png = townsections.method_section("balkhash", "kk")[1].png
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert height / 130 <= 2.2 and width / 130 <= 4.6, (width, height)  # inches at the charts' 130 dpi
    assert a.has_published
