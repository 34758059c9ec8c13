"""Honest charts: nothing overlaps (by the renderer's own text extents), bars from zero, one
title, partial figures look partial, a chart of one value is a sentence."""

from __future__ import annotations

import pytest
from monotowns.report import charts, items, reproduce, shown, texts

from ..tiers import one_fast


def _figures():
    return [sid for sid, e in items.registry().items() if e.kind == "figure"]


@pytest.mark.slow
@pytest.mark.parametrize("lang", texts.LANGS)
def test_no_label_overlaps_a_label_or_a_marker_in_any_chart(lang):
    clashes = {}
    for sid in _figures():
        obj = items.registry()[sid].render(lang)
        if isinstance(obj, charts.Chart) and obj.overlaps:
            clashes[sid] = obj.overlaps[:3]
    assert not clashes, clashes


def test_the_overlap_check_sees_a_label_on_a_marker_and_two_labels_on_each_other():
    fig, ax = charts.figure(4, 3)
    ax.scatter([1, 2], [1, 1])
    ax.annotate("Shakhtinsk", (1, 1))
    ax.annotate("Shakhtinsk too", (1, 1), xytext=(2, 1), textcoords="offset points")
    found = charts.to_chart(fig, "x").overlaps
    assert ("Shakhtinsk", "marker") in found
    assert ("Shakhtinsk", "Shakhtinsk too") in found


def test_the_karaganda_map_names_its_eight_towns_clear_of_every_marker():
    """Figure 17: Shakhtinsk, Saran, Abai and Temirtau lie within 0.6° of each other."""
    c = reproduce.town_map("F17", "en")
    assert isinstance(c, charts.Chart) and c.overlaps == []


def test_bars_start_at_zero_and_no_title_is_drawn_inside_the_image():
    fig, ax = charts.figure()
    ax.bar(["a", "b"], [95, 100])
    charts._from_zero(ax, [95, 100], "y")
    assert ax.get_ylim()[0] <= 0
    fig2, _ = charts.figure()
    charts._title(fig2, "A caption")
    assert fig2._suptitle is None


@pytest.mark.parametrize("fid", ["F25", "F26"])
def test_a_figure_of_one_quoted_value_per_measure_is_a_small_table(fid):
    obj = reproduce.quoted_chart(fid, "en")
    assert isinstance(obj, shown.Shown)
    html_text = obj._repr_html_()
    assert "<table" in html_text and "<img" not in html_text


def test_people_who_left_in_different_periods_are_never_side_by_side():
    """Figure 18 (caption at line 1444) quotes 'people who left' for 2001-2010 and 2010-2021: one
    panel per period, muted, with the badge and a note saying what is drawn."""
    q = reproduce.figure_quotes()
    periods = {str(p).strip("()") for p in q[q["figure"] == "F18"]["period"]}
    assert {"2001-2010", "2010-2021"} <= periods
    c = reproduce.quoted_chart("F18", "en")
    assert isinstance(c, charts.Chart)
    assert c.notes[0] == texts.t("partial_periods", "en")
    assert any(n.startswith("Drawn here:") for n in c.notes)
    assert not any("((" in n for n in c.notes)


def _reader_text(obj) -> str:
    """The words a reader sees of a rendered figure: its HTML text and the notes under a chart."""
    import html
    import re

    h = re.sub(r"<img[^>]*>", " ", obj._repr_html_())
    notes = " ".join(getattr(obj, "notes", None) or [])
    return html.unescape(re.sub(r"<[^>]+>", " ", h)) + " " + notes


@pytest.mark.parametrize("lang", one_fast(texts.LANGS))
def test_partial_figures_show_no_placeholder_or_fragment(lang):
    """Every figure drawn from the values the text quotes: no "N-fold", no "(current year)", no
    Kazakh suffix whose number was cut out ("ШОБ-та -ден астам"), no unit said twice
    ("thousand, thousand persons") — the reader-level check of monotowns.publish.pagecheck."""
    from monotowns.publish import pagecheck

    found = {}
    for fid in dict.fromkeys(reproduce.figure_quotes()["figure"]):
        bad = pagecheck.placeholders(_reader_text(reproduce.quoted_chart(fid, lang)))
        if bad:
            found[fid] = bad
    assert found == {}


def test_a_value_the_text_states_in_words_is_a_number_for_readers_of_other_languages():
    """Figure 22: "екі есеге" (two-fold, line 1723): 2-fold / в 2 раза; as printed in Kazakh."""
    import re

    q = reproduce.figure_quotes()
    row = q[(q["figure"] == "F22") & (q["measure"] == "industrial_output_increase_times")].iloc[0]
    assert row["value_raw"] == "екі есеге" and row["value"] != row["value"]  # published as words, no number
    en = _reader_text(reproduce.quoted_chart("F22", "en"))
    ru = _reader_text(reproduce.quoted_chart("F22", "ru"))
    assert "Temirtau — growth of industrial output volume (2020-2021): 2-fold" in en
    assert "(2020-2021): в 2 раза" in ru
    assert "екі есеге" not in en + ru and not re.search("[\u0400-\u04ff]", en)
    assert "(2020-2021): екі есеге" in _reader_text(reproduce.quoted_chart("F22", "kk"))


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "current year (as the text says)"),
        ("ru", "текущий год (так в тексте)"),
        ("kk", "ағымдағы жыл (мәтіндегідей)"),
    ],
)
def test_a_period_the_text_names_only_in_words_is_said_in_the_readers_words(lang, said):
    """Figure 26: "Ағымдағы жылы" (in the current year) of a 2021 text: no year of ours, and the
    transcription's "(current year)" never shown as it is."""
    text = _reader_text(reproduce.quoted_chart("F26", lang))
    assert text.count(said) == 2 and "(current year)" not in text


def test_every_period_in_words_has_its_text_in_every_language():
    q = reproduce.figure_quotes()
    for p in dict.fromkeys(q["period"].dropna()):
        for lang in texts.LANGS:
            assert reproduce.quoted_period(p, lang)


def test_a_period_keeps_its_years_without_the_transcriptions_brackets():
    assert reproduce.quoted_period("(2021)", "en") == "2021"
    assert reproduce.quoted_period("2018-(2020)", "en") == "2018-2020"
    assert reproduce.with_period("Temirtau", "2018-2019", "en") == "Temirtau (2018-2019)"
    assert reproduce.with_period("Temirtau", None, "en") == "Temirtau"
    assert reproduce.with_unit("people who left", "thousand persons") == "people who left, thousand persons"
    assert reproduce.with_unit("number of SMEs, units", "units") == "number of SMEs, units"


def test_the_tick_check_sees_a_label_that_is_not_its_value_and_a_repeated_label():
    import matplotlib.ticker

    fig, ax = charts.figure(4, 3)
    ax.plot([0, 5], [0, 0.8])
    ax.set_xlim(0, 5)
    ax.xaxis.set_major_locator(matplotlib.ticker.MultipleLocator(2.5))
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda x, _: texts.fmt_number(x, "en", 0)))
    ax.set_ylim(0, 0.8)
    ax.yaxis.set_major_locator(matplotlib.ticker.MultipleLocator(0.2))
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda x, _: texts.fmt_number(x, "en", 0)))
    found = charts.tick_faults(fig, "en")
    assert any("labelled '2'" in f for f in found), found  # 2.5 shown as 2
    assert any(f.startswith("y axis repeats") for f in found), found  # 0, 0, 0, 1, 1
    from monotowns.report import towncharts

    ax.xaxis.set_major_formatter(towncharts.tick_formatter("en"))
    ax.yaxis.set_major_formatter(towncharts.tick_formatter("en"))
    assert charts.tick_faults(fig, "en") == []


@pytest.mark.slow
@pytest.mark.parametrize("lang", texts.LANGS)
def test_no_town_chart_has_a_tick_label_that_is_not_its_value_or_a_legend_over_data(lang, monkeypatch):
    """Every chart of the town reports of a Karaganda town and two others, drawn and read back."""
    from monotowns.report import towncharts

    drawn = []
    real = towncharts._render

    def keep(fig):
        drawn.append((fig, charts.chart_faults(fig, lang)))
        return real(fig)

    monkeypatch.setattr(towncharts, "_render", keep)
    for town in ("karazhal", "satpayev", "temirtau", "balkhash", "ridder", "kentau"):
        for fn in (towncharts.peers27, towncharts.peers8, towncharts.trends, towncharts.population_history):
            fn(town, lang)
    faults = [f for _, fs in drawn for f in fs]
    assert len(drawn) >= 12
    assert faults == [], faults[:10]


def test_the_legend_check_sees_a_legend_over_the_points():
    fig, ax = charts.figure(4, 3)
    ax.plot([0, 1, 2], [1, 1, 1], marker="o", label="wage")
    ax.plot([0, 1, 2], [0, 0, 0], marker="s", label="subsistence minimum")
    ax.set_ylim(-0.2, 1.2)
    ax.legend(loc="center left")
    assert charts.legend_faults(fig) == []  # in the empty middle band
    ax.legend(loc="upper left")
    assert charts.legend_faults(fig), "a legend on the top line's points"
