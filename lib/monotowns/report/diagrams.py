"""Conceptual diagrams laid out by Graphviz (``dot``): boxes with their labels in the report's
language, links routed around the boxes, every link dashed because every link is our inference
(the arrows did not survive in the text; ``data/diagram_edges.csv``).

The image is sized for print: its width on an A4 page (``TEXT_WIDTH_IN``) is fixed in the
HTML, and the layout is chosen (top-down or left-right) so that the boxes' text is at least
``MIN_PRINT_PT`` points once the image is fitted to the page.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass

from . import page
from .charts import Chart

#: Width and height of the text block of an A4 page (16/14 mm margins), inches.
TEXT_WIDTH_IN = 7.15
TEXT_HEIGHT_IN = 9.6
#: Font size of the boxes in the Graphviz layout, points.
FONT_PT = 10.0
#: The smallest text size the diagram may have on paper, points.
MIN_PRINT_PT = 7.0
DPI = 150
FILL = {"center": "#FFE9C7", "group": "#EAF2FA", "box": "#FFFFFF"}


@dataclass
class Diagram(Chart):
    """A Graphviz diagram: PNG bytes, its width on paper (inches) and the text size there."""

    width_in: float = TEXT_WIDTH_IN
    print_pt: float = FONT_PT

    def block(self) -> page.Figure:
        """The diagram at its width on paper."""
        return page.Figure(self.png, self.alt, notes=list(self.notes), width_in=self.width_in)


def _source(nodes: list[dict], edges: list[dict], rankdir: str, wrap: int) -> str:
    import graphviz

    g = graphviz.Digraph(
        graph_attr={"rankdir": rankdir, "nodesep": "0.18", "ranksep": "0.3", "splines": "spline", "pad": "0.05"},
        node_attr={
            "shape": "box",
            "style": "rounded,filled",
            "fontname": "DejaVu Sans",
            "fontsize": f"{FONT_PT:g}",
            "color": "#0072B2",
            "penwidth": "0.8",
            "margin": "0.08,0.04",
        },
        edge_attr={"style": "dashed", "color": "#777777", "arrowsize": "0.6", "penwidth": "0.8"},
    )
    for n in nodes:
        text = "\n".join(textwrap.wrap(n["label"], wrap, break_long_words=False)) or n["label"]
        g.node(n["node"], label=text, fillcolor=FILL.get(n.get("role", "box"), "#FFFFFF"))
    ids = {n["node"] for n in nodes}
    for e in edges:
        if e["from_node"] in ids and e["to_node"] in ids:
            g.edge(e["from_node"], e["to_node"])
    return g.source


def _sizes(sources: list[str]) -> list[tuple[float, float]]:
    """Each laid-out graph's width and height in inches: one ``dot -Tjson`` for all of them
    (it lays out every graph of its input, one JSON document after another)."""
    import graphviz

    out = graphviz.pipe("dot", "json", "\n".join(sources).encode()).decode("utf-8")
    decoder, at, sizes = json.JSONDecoder(), 0, []
    while len(sizes) < len(sources):
        doc, at = decoder.raw_decode(out, at)
        x0, y0, x1, y1 = (float(v) for v in doc["bb"].split(","))
        sizes.append(((x1 - x0) / 72, (y1 - y0) / 72))
        while at < len(out) and out[at].isspace():
            at += 1
    return sizes


def layout(nodes: list[dict], edges: list[dict]) -> tuple[str, float, float]:
    """The Graphviz source of the layout whose text is largest on paper, with its width on
    paper (inches) and the text size there (points)."""
    best = None
    sources = [_source(nodes, edges, rankdir, wrap) for rankdir in ("TB", "LR") for wrap in (26, 20, 34)]
    for src, (w, h) in zip(sources, _sizes(sources), strict=True):
        scale = min(1.0, TEXT_WIDTH_IN / w, TEXT_HEIGHT_IN / h)
        if best is None or scale > best[0] + 1e-6:
            best = (scale, src, w * scale)
    scale, src, width = best
    return src, width, FONT_PT * scale


def diagram(nodes: list[dict], edges: list[dict], *, title: str, source: str, notes: list[str]) -> Diagram:
    """A box diagram laid out by Graphviz; ``nodes`` carry ``node``, ``label`` (in the report's
    language) and ``role``; ``edges`` ``from_node``, ``to_node``. ``source`` is accepted like the
    charts' but not repeated: the report prints the source line under every item."""
    import graphviz

    src, width, pt = layout(nodes, edges)
    png = graphviz.pipe("dot", "png", src.replace("digraph {", f"digraph {{\n\tdpi={DPI}", 1).encode())
    return Diagram(png, title, notes, [], width, pt)
