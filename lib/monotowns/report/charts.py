"""Charts in one style: DejaVu Sans (it has every Kazakh letter: ә ғ қ ң ө ұ ү һ і), a
colour-blind-safe palette, axis units, a source note under each chart.

Every function returns a ``Chart``: the PNG bytes (written without timestamps, so the same
inputs give the same file) and the notes shown under it.
"""

from __future__ import annotations

import base64
import html
import io
import textwrap
from dataclasses import dataclass, field

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 9.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "figure.dpi": 110,
    "savefig.dpi": 110,
    "svg.hashsalt": "monotowns",
}
KAZAKH_LETTERS = "әғқңөұүһі"


@dataclass
class Chart:
    """A rendered chart: PNG bytes and the notes under it."""

    png: bytes
    alt: str
    notes: list[str] = field(default_factory=list)

    def _repr_html_(self) -> str:
        b64 = base64.b64encode(self.png).decode("ascii")
        notes = "".join(f'<p class="note">{html.escape(n)}</p>' for n in self.notes)
        return f'<figure><img alt="{html.escape(self.alt)}" src="data:image/png;base64,{b64}"/></figure>{notes}'


def figure(width: float = 7.0, height: float = 4.0):
    """A new figure and axes in the house style."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return fig, ax


def to_chart(fig, alt: str, notes: list[str] | None = None, source: str | None = None) -> Chart:
    """Render a figure to PNG (no timestamp metadata) and close it."""
    if source:
        fig.text(0.01, 0.005, textwrap.fill(source, 140), fontsize=7, color="#555555", ha="left", va="bottom")
        fig.get_layout_engine().set(rect=(0, 0.05, 1, 0.95))
    buf = io.BytesIO()
    with plt.rc_context(STYLE):
        fig.savefig(buf, format="png", metadata={"Software": None})
    plt.close(fig)
    return Chart(buf.getvalue(), alt, notes or [])


def _title(fig, title: str) -> None:
    """The caption above the whole figure, left-aligned and wrapped to the figure's width."""
    width = int(fig.get_figwidth() * 12)
    fig.suptitle(wrap(title, width), x=0.01, ha="left", fontsize=9.5)


def wrap(s: str, width: int = 60) -> str:
    return "\n".join(textwrap.wrap(s, width)) or s


def bars(
    categories: list[str],
    values: list[float],
    *,
    title: str,
    ylabel: str,
    source: str,
    labels_fmt=None,
    horizontal: bool = False,
    highlight: list[bool] | None = None,
    notes: list[str] | None = None,
) -> Chart:
    """A simple bar chart with value labels."""
    fig, ax = figure(7, max(3.0, 0.35 * len(categories) + 1) if horizontal else 4)
    colors = [PALETTE[1] if (highlight and highlight[i]) else PALETTE[0] for i in range(len(values))]
    if horizontal:
        b = ax.barh(categories, values, color=colors)
        ax.invert_yaxis()
        ax.set_xlabel(wrap(ylabel, 80))
        ax.grid(axis="y", visible=False)
    else:
        b = ax.bar(categories, values, color=colors)
        ax.set_ylabel(wrap(ylabel, 40))
        ax.tick_params(axis="x", labelrotation=30)
        ax.grid(axis="x", visible=False)
    if labels_fmt:
        ax.bar_label(b, labels=[labels_fmt(v) for v in values], fontsize=7, padding=2)
    _title(fig, title)
    return to_chart(fig, title, notes, source)


def lines(
    x: list,
    series: dict[str, list[float]],
    *,
    title: str,
    ylabel: str,
    xlabel: str,
    source: str,
    notes: list[str] | None = None,
) -> Chart:
    """Several series over the same x (years), one line each, legend outside."""
    fig, ax = figure(7.5, 4.2)
    markers = "osD^vP*X"
    for i, (name, ys) in enumerate(series.items()):
        ax.plot(x, ys, marker=markers[i % len(markers)], label=name, color=PALETTE[i % len(PALETTE)])
    ax.set_xticks(x)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    _title(fig, title)
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=8)
    return to_chart(fig, title, notes, source)


def grouped_bars(
    groups: list[str],
    series: dict[str, list[float]],
    *,
    title: str,
    ylabel: str,
    source: str,
    notes: list[str] | None = None,
    value_fmt=None,
) -> Chart:
    """Bars grouped by category (e.g. towns), one colour per series (e.g. scenarios or years)."""
    fig, ax = figure(7.5, 4.2)
    n = len(series)
    width = 0.8 / max(n, 1)
    for i, (name, ys) in enumerate(series.items()):
        xs = [g + (i - (n - 1) / 2) * width for g in range(len(groups))]
        b = ax.bar(xs, ys, width, label=name, color=PALETTE[i % len(PALETTE)])
        if value_fmt:
            ax.bar_label(b, labels=[value_fmt(v) for v in ys], fontsize=7, padding=1)
    ax.set_xticks(range(len(groups)), groups)
    ax.set_ylabel(ylabel)
    _title(fig, title)
    ax.grid(axis="x", visible=False)
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=8)
    return to_chart(fig, title, notes, source)


def diagram(nodes: list[dict], edges: list[dict], *, title: str, source: str, notes: list[str]) -> Chart:
    """A box diagram: nodes in levels from the links (a tree or a chain); a level with many boxes is
    wrapped into rows of at most five. The layout is ours."""
    ids = [n["node"] for n in nodes]
    children: dict[str, list[str]] = {i: [] for i in ids}
    indeg = dict.fromkeys(ids, 0)
    for e in edges:
        if e["from_node"] in children and e["to_node"] in indeg:
            children[e["from_node"]].append(e["to_node"])
            indeg[e["to_node"]] += 1
    roots = [i for i in ids if indeg[i] == 0] or ids[:1]
    level: dict[str, int] = dict.fromkeys(roots, 0)
    frontier = list(roots)
    while frontier:
        nxt = []
        for u in frontier:
            for v in children[u]:
                if v not in level:
                    level[v] = level[u] + 1
                    nxt.append(v)
        frontier = nxt
    for i in ids:
        level.setdefault(i, 0)
    by_level: dict[int, list[str]] = {}
    for i in ids:
        by_level.setdefault(level[i], []).append(i)
    per_row = 5
    rows: list[list[str]] = []
    for lv in sorted(by_level):
        members = by_level[lv]
        rows += [members[k : k + per_row] for k in range(0, len(members), per_row)]
    nrows = len(rows)
    fig, ax = figure(7.5, min(max(2.6, 1.05 * nrows + 0.9), 10.5))
    ax.set_axis_off()
    ax.grid(False)
    label = {n["node"]: n["label"] for n in nodes}
    pos: dict[str, tuple[float, float]] = {}
    for r, members in enumerate(rows):
        for j, m in enumerate(members):
            pos[m] = ((j + 0.5) / len(members), 1 - (r + 0.5) / nrows)
    widest = max(len(r) for r in rows)
    wrapw = {1: 60, 2: 45, 3: 32, 4: 24, 5: 19}[widest]
    for e in edges:
        if e["from_node"] in pos and e["to_node"] in pos:
            (x1, y1), (x2, y2) = pos[e["from_node"]], pos[e["to_node"]]
            ax.annotate(
                "",
                xy=(x2, y2),
                xytext=(x1, y1),
                xycoords="axes fraction",
                arrowprops=dict(arrowstyle="->", color="#999999", lw=0.6, shrinkA=12, shrinkB=12),
            )
    fs = 7.5 if nrows <= 4 else 6.5
    for m, (x, y) in pos.items():
        text = label[m] if len(label[m]) <= 160 else label[m][:157] + "…"
        ax.text(
            x,
            y,
            textwrap.fill(text, wrapw),
            ha="center",
            va="center",
            fontsize=fs,
            transform=ax.transAxes,
            bbox=dict(boxstyle="round,pad=0.35", fc="#EAF2FA" if level[m] else "#FFE9C7", ec="#0072B2", lw=0.7),
        )
    _title(fig, title)
    return to_chart(fig, title, notes, source)


def _place_labels(fig, ax, points: list[dict]) -> None:
    """Label each point at the first of several offsets where the label overlaps no label or
    point already placed (greedy, north to south), so names of nearby towns stay readable."""
    offsets = [
        (4, 3, "left"),
        (4, -9, "left"),
        (-4, 3, "right"),
        (-4, -9, "right"),
        (4, 12, "left"),
        (-4, 12, "right"),
        (4, -18, "left"),
        (-4, -18, "right"),
        (0, 20, "center"),
        (0, -26, "center"),
    ]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    placed = []

    def put(p: dict, dx: float, dy: float, ha: str):
        return ax.annotate(
            p["label"],
            (p["lon"], p["lat"]),
            xytext=(dx, dy),
            textcoords="offset points",
            fontsize=7,
            ha=ha,
            va="bottom",
        )

    for p in sorted(points, key=lambda q: (-q["lat"], q["lon"])):
        chosen = None
        for dx, dy, ha in offsets:
            t = put(p, dx, dy, ha)
            bb = t.get_window_extent(renderer).expanded(1.05, 1.1)
            if not any(bb.overlaps(o) for o in placed):
                chosen = bb
                break
            t.remove()
        if chosen is None:  # every slot taken: keep the first, it still points at its town
            chosen = put(p, *offsets[0]).get_window_extent(renderer)
        placed.append(chosen)


def points_map(
    points: list[dict],
    *,
    title: str,
    source: str,
    notes: list[str],
    outline=None,
    highlight: set[str] | None = None,
    box: tuple[float, float, float, float] | None = None,
) -> Chart:
    """Towns as labelled points on longitude/latitude axes, over an outline if one is given
    (a list of (xs, ys) rings)."""
    fig, ax = figure(8, 4.8)
    if outline:
        for xs, ys in outline:
            ax.plot(xs, ys, color="#999999", lw=0.6)
    for p in points:
        hl = highlight is None or p["id"] in highlight
        ax.scatter([p["lon"]], [p["lat"]], s=28 if hl else 12, color=PALETTE[3] if hl else PALETTE[0], zorder=3)
    ax.set_xlabel("°E")
    ax.set_ylabel("°N")
    ax.set_aspect(1.5)
    if box:
        ax.set_xlim(box[0], box[1])
        ax.set_ylim(box[2], box[3])
    _place_labels(fig, ax, points)
    _title(fig, title)
    return to_chart(fig, title, notes, source)
