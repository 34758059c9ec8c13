"""``report.chartcache``: a town chart is kept between builds and drawn again exactly when
something it read changed; a kept chart is the chart a new drawing makes."""

from __future__ import annotations

import pickle

import pytest
from monotowns.report import chartcache, charts, towncharts

CELL = 'T14,balkhash,Балқаш,fixed_assets_wear,2017,"37,2",37.2'


@pytest.fixture
def kept(tmp_path, data_copy, folders, monkeypatch):
    """Charts kept in a temporary folder, drawn from a copy of the data; ``.drawn``: the PNGs
    drawn since (each call of ``charts.png``)."""
    folders(data_dir=data_copy)
    where = tmp_path / "charts"
    monkeypatch.setenv(chartcache.CACHE_ENV, str(where))
    drawn: list[int] = []
    png = charts.png

    def counting(fig):
        drawn.append(1)
        return png(fig)

    monkeypatch.setattr(charts, "png", counting)

    class Kept:
        folder = where
        data = data_copy

    Kept.drawn = drawn
    return Kept


def _same(a, b) -> None:
    assert a.png == b.png and a.title == b.title and a.source == b.source and a.notes == b.notes
    assert (a.rows is None) == (b.rows is None)
    if a.rows is not None:
        assert a.rows.name == b.rows.name
        assert all(x.equals(y) for x, y in zip(a.rows.parts, b.rows.parts, strict=True))


def test_without_the_build_s_folder_nothing_is_kept(tmp_path, monkeypatch):
    monkeypatch.delenv(chartcache.CACHE_ENV, raising=False)
    towncharts.peers27("balkhash", "en")
    assert chartcache.folder() is None and not list(tmp_path.rglob("*.pickle"))


def test_a_kept_chart_is_not_drawn_again_and_is_the_chart_a_drawing_makes(kept, monkeypatch):
    first = towncharts.peers27("balkhash", "en")
    assert len(kept.drawn) == 1 and len(list(kept.folder.glob("*.pickle"))) == 1
    again = towncharts.peers27("balkhash", "en")
    assert len(kept.drawn) == 1, "a kept chart was drawn again though nothing it read changed"
    _same(again, first)
    monkeypatch.delenv(chartcache.CACHE_ENV)
    _same(towncharts.peers27("balkhash", "en"), again)  # drawn anew: the same chart


def test_an_edit_of_a_table_draws_again_the_charts_that_read_it_and_no_other(kept):
    towncharts.trends("balkhash", "en")  # Table 14's wear of fixed assets, 2017-2021
    towncharts.peers27("balkhash", "en")  # the 27 towns of article table 1: no Table 14
    towncharts.locator("balkhash", "en")
    assert len(kept.drawn) == 3
    t14 = kept.data / "tables" / "T14.csv"
    text = t14.read_text(encoding="utf-8")
    assert CELL in text
    t14.write_text(text.replace(CELL, CELL.replace('"37,2",37.2', '"37,3",37.3')), encoding="utf-8")
    towncharts.peers27("balkhash", "en")
    towncharts.locator("balkhash", "en")
    assert len(kept.drawn) == 3, "a chart that does not read Table 14 was drawn again"
    edited = towncharts.trends("balkhash", "en")
    assert len(kept.drawn) == 4, "the chart of Table 14 was not drawn again after its edit"
    assert any("37.3" in f.to_csv() for f in edited.rows.parts)
    t14.write_text(text, encoding="utf-8")  # back as it was: its bytes, not its time, decide
    towncharts.trends("balkhash", "en")
    assert len(kept.drawn) == 5  # one chart is kept per function and arguments: the last drawn
    assert len(list(kept.folder.glob("*.pickle"))) == 3


def test_a_change_outside_the_tables_draws_every_chart_again(kept, folders):
    towncharts.locator("balkhash", "en")
    texts = kept.data / "texts_town.csv"
    texts.write_text(texts.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    chartcache._fingerprints.clear()  # a new build's kernel takes the fingerprint afresh
    towncharts.locator("balkhash", "en")
    assert len(kept.drawn) == 2
    assert len(list(kept.folder.glob("*.pickle"))) == 1  # replaced, not kept beside the old one


def test_a_kept_file_that_cannot_be_read_is_drawn_again(kept):
    towncharts.locator("balkhash", "en")
    (path,) = kept.folder.glob("*.pickle")
    path.write_bytes(b"not a pickle")
    chart = towncharts.locator("balkhash", "en")
    assert len(kept.drawn) == 2 and pickle.loads(path.read_bytes())["chart"].png == chart.png
    path.write_bytes(b"cmonotowns_renamed_module\nTownChart\n.")  # kept by code whose classes moved
    towncharts.locator("balkhash", "en")
    assert len(kept.drawn) == 3


def test_charts_of_arguments_that_are_not_plain_values_are_drawn_every_time(kept):
    fn = towncharts._kept(lambda rows: towncharts.locator.__wrapped__("balkhash", "en"))
    fn(["not", "plain"])
    fn(["not", "plain"])
    assert len(kept.drawn) == 2 and not list(kept.folder.glob("*.pickle"))
