"""Conceptual diagrams laid out by Graphviz: legible on A4, in the report's language, every
inferred link dashed and the caption saying so."""

from __future__ import annotations

import re
import shutil

import pytest
from monotowns.report import diagrams, items, reproduce, texts

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz (Debian package graphviz) is absent")


def _data(fid: str, lang: str):
    nodes, edges = reproduce.diagram_data()
    n = [
        {**r, "label": texts.source_text("diagram_nodes", "label_kk", r["label_kk"], lang)}
        for r in nodes[nodes["figure"] == fid].to_dict("records")
    ]
    return n, edges[edges["figure"] == fid].to_dict("records")


def _drawn() -> list[str]:
    return [f for f in items.DIAGRAMS if f in set(reproduce.diagram_data()[0]["figure"])]


@pytest.mark.slow
@pytest.mark.parametrize("lang", texts.LANGS)
def test_every_diagrams_text_is_at_least_7_pt_on_a4_and_in_the_reports_language(lang):
    for fid in _drawn():
        n, e = _data(fid, lang)
        src, width, pt = diagrams.layout(n, e)
        assert pt >= diagrams.MIN_PRINT_PT, (fid, pt)
        assert width <= diagrams.TEXT_WIDTH_IN + 1e-6
        labels = " ".join(re.findall(r'label="([^"]*)"', src))
        if lang == "en":
            assert not re.search("[А-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІі]", labels), fid


@pytest.mark.slow
def test_a_diagram_is_drawn_by_graphviz_with_dashed_links_and_says_they_are_ours():
    d = items.registry()["F1"].render("en")
    assert isinstance(d, diagrams.Diagram) and d.png.startswith(b"\x89PNG")
    assert texts.t("diagram_links_dashed", "en") in d.notes
    n, e = _data("F1", "en")
    src, _, _ = diagrams.layout(n, e)
    assert "style=dashed" in src.replace('"', "") and src.count("->") == len(e)
    assert 'style="width:' in d._repr_html_()


@pytest.mark.slow
def test_the_size_rule_shrinks_a_wide_diagram_below_7_pt_so_the_check_can_fail():
    nodes = [{"node": "r", "label": "root", "role": "center"}] + [
        {"node": f"b{i}", "label": f"a long box label number {i} " * 3, "role": "box"} for i in range(40)
    ]
    edges = [{"from_node": "r", "to_node": f"b{i}"} for i in range(40)] + [
        {"from_node": f"b{i}", "to_node": f"b{i + 1}"} for i in range(0, 39, 2)
    ]
    _, _, pt = diagrams.layout(nodes, edges)
    assert pt < diagrams.MIN_PRINT_PT
