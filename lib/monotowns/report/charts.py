"""Charts in one style: DejaVu Sans (it has every Kazakh letter: ә ғ қ ң ө ұ ү һ і), a
colour-blind-safe palette, axis units, a source note under each chart.

Every function returns a ``Chart``: the PNG bytes (written without timestamps, so the same
inputs give the same file) and the notes shown under it.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass, field

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from . import page  # noqa: E402

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
    #: pairs of rendered labels (or a label and a marker) whose boxes overlap; empty when none do
    overlaps: list[tuple[str, str]] = field(default_factory=list)

    def block(self) -> page.Figure:
        """The chart as a figure of the page model."""
        return page.Figure(self.png, self.alt, notes=list(self.notes))

    def __html__(self) -> str:
        return self.block().__html__()

    def _repr_html_(self) -> str:
        return self.__html__()


def figure(width: float = 7.0, height: float = 4.0):
    """A new figure and axes in the house style."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return fig, ax


def png(fig) -> bytes:
    """The figure as an opaque PNG (no timestamp or software metadata), drawn once at the
    ``savefig.dpi`` of the style in force. ``savefig`` draws a figure with a constrained layout
    twice (a dry run, then the real one); here the one draw lays it out and paints it, and the
    renderer keeps the extents for ``overlaps``. The charts are on white: without an alpha
    channel the PDF writer need not split one off every picture."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    dpi = matplotlib.rcParams["savefig.dpi"]
    if dpi != "figure":
        fig.set_dpi(dpi)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    w, h = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (w, h), canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")
    buf = io.BytesIO()
    image.save(buf, format="png", dpi=(fig.dpi, fig.dpi))
    return buf.getvalue()


def geography(resource: str) -> list[tuple[list[float], list[float]]]:
    """The lines of a map resource as (longitudes, latitudes): Kazakhstan's outline by ring
    (``kz-outline``) or the oblast boundaries by segment (``kz-oblasts``)."""
    from monotowns import data

    by = {"kz-outline": "ring", "kz-oblasts": "segment"}[resource]
    return [(g["lon"].tolist(), g["lat"].tolist()) for _, g in data.load(resource).groupby(by, sort=True)]


def boundary_lines(ax, lines, **style) -> None:
    """Many thin lines as one artist (the oblast boundaries are 202 lines: one matplotlib line
    each took a tenth of a second per map)."""
    from matplotlib.collections import LineCollection

    ax.add_collection(LineCollection([list(zip(xs, ys, strict=True)) for xs, ys in lines], **style))


def to_chart(fig, alt: str, notes: list[str] | None = None, source: str | None = None) -> Chart:
    """Render a figure to PNG (no timestamp metadata) and close it. Neither the title nor the
    source line is drawn in the image: the report prints the caption above it and the source
    line under it, once (``source`` is kept for the callers). The rendered labels are checked
    for overlaps (``Chart.overlaps``)."""
    with plt.rc_context(STYLE):
        data = png(fig)
        clashes = overlaps(fig, drawn=True)
    plt.close(fig)
    return Chart(data, alt, notes or [], clashes)


def _texts(fig) -> list:
    """Every visible, non-empty text of a drawn figure."""
    from matplotlib.text import Text

    return [
        t
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and (t.axes is None or t.axes.get_visible())
    ]


def _marker_boxes(fig, renderer) -> list:
    """Boxes of the markers drawn (scatter points and line markers), in display pixels."""
    from matplotlib.collections import PathCollection
    from matplotlib.lines import Line2D
    from matplotlib.transforms import Bbox

    out = []
    px = fig.dpi / 72
    for c in fig.findobj(PathCollection):
        sizes = c.get_sizes()
        for k, (x, y) in enumerate(c.get_offset_transform().transform(c.get_offsets())):
            r = (sizes[k % len(sizes)] ** 0.5) / 2 * px if len(sizes) else 3
            out.append(Bbox([[x - r, y - r], [x + r, y + r]]))
    for ln in fig.findobj(Line2D):
        if ln.get_marker() in (None, "", "None") or ln.axes is None or ln.get_label().startswith("_legend"):
            continue
        if ln.axes.get_legend() is not None and ln in ln.axes.get_legend().get_lines():
            continue
        r = ln.get_markersize() / 2 * px
        for x, y in ln.get_transform().transform(ln.get_xydata()):
            out.append(Bbox([[x - r, y - r], [x + r, y + r]]))
    return out


def tick_faults(fig, lang: str) -> list[str]:
    """Tick labels that do not say their tick's value (2.5 labelled "2"), and an axis that
    prints one label twice ("1, 1, 1, 0, 0"). Axes whose ticks were placed by hand (years or
    categories at bar positions, ``set_xticks``) are compared for repeats only."""
    from matplotlib.ticker import FixedLocator

    from . import texts

    fig.canvas.draw()
    out = []
    for ax in fig.axes:
        for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            lo, hi = sorted(axis.get_view_interval())
            ticks = [
                (loc, lab.get_text())
                for loc, lab in zip(axis.get_majorticklocs(), axis.get_majorticklabels(), strict=False)
                if lab.get_visible() and lab.get_text() and lo - 1e-9 <= loc <= hi + 1e-9
            ]
            labels = [t for _, t in ticks]
            if len(set(labels)) < len(labels):
                out.append(f"{name} axis repeats a label: {', '.join(labels)}")
            if isinstance(axis.get_major_locator(), FixedLocator):
                continue
            for loc, text in ticks:
                got = texts.parse_number(text, lang)
                if got is None or abs(got[0] - loc) > 1e-6 * max(1.0, abs(loc)):
                    out.append(f"{name} tick at {loc:g} labelled {text!r}")
    return out


def legend_faults(fig) -> list[str]:
    """Legends drawn over data: a marker or a bar of the axes inside its legend's box."""
    fig.canvas.draw()
    out = []
    for ax in fig.axes:
        leg = ax.get_legend()
        if leg is None or not leg.get_visible():
            continue
        box = leg.get_window_extent()
        for ln in ax.get_lines():
            if ln.get_marker() in (None, "None", "", " "):
                continue
            for x, y in ln.get_transform().transform(ln.get_xydata()):
                if box.contains(x, y):
                    out.append(f"the legend covers a point of {ln.get_label()!r}")
                    break
        for patch in ax.patches:
            if patch.get_visible() and box.overlaps(patch.get_window_extent()):
                out.append("the legend covers a bar")
                break
    return out


def chart_faults(fig, lang: str) -> list[str]:
    """What a reader would find wrong in a drawn chart: tick labels (``tick_faults``) and
    legends over data (``legend_faults``)."""
    return tick_faults(fig, lang) + legend_faults(fig)


def overlaps(fig, drawn: bool = False) -> list[tuple[str, str]]:
    """Pairs of rendered texts whose boxes overlap (tick labels, axis labels, value labels, legend
    entries, annotations, the source line), and labels placed on the data (annotations, value
    labels) that cover a marker. Extents are the renderer's (``get_window_extent`` after a draw;
    ``drawn``: the figure has just been drawn, by ``png``)."""
    from matplotlib.text import Annotation

    if not drawn:
        fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    items = [(t, t.get_window_extent(renderer).shrunk(0.98, 0.9)) for t in _texts(fig)]
    out = []
    for i, (a, ba) in enumerate(items):
        for b, bb in items[i + 1 :]:
            if ba.overlaps(bb):
                out.append((a.get_text(), b.get_text()))
    markers = _marker_boxes(fig, renderer)
    for t, bt in items:
        if isinstance(t, Annotation) and any(bt.overlaps(m) for m in markers):
            out.append((t.get_text(), "marker"))
    return out


def _title(fig, title: str) -> None:
    """No title inside the image: the report prints the caption above every chart, once."""
    return None


#: Partial figures: muted bars and a badge, so that they do not look like the original chart.
MUTED = "#9AA5B1"


def badge(ax, text: str) -> None:
    """A "values quoted in the text only" badge in the axes' top right corner."""
    ax.text(
        0.995,
        1.01,
        text,
        transform=ax.transAxes,
        ha="right",
        va="bottom",
        fontsize=7.5,
        color="#8a4b00",
        bbox=dict(boxstyle="round,pad=0.25", fc="#fff4e5", ec="#8a4b00", lw=0.6),
    )


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
    partial: str | None = None,
) -> Chart:
    """A bar chart with value labels; bars start at zero. ``partial``: the badge text of a figure
    drawn only from values the text quotes (muted bars)."""
    fig, ax = figure(7, max(3.0, 0.35 * len(categories) + 1.2) if horizontal else 4)
    base = MUTED if partial else PALETTE[0]
    colors = [PALETTE[1] if (highlight and highlight[i]) else base for i in range(len(values))]
    if horizontal:
        b = ax.barh(categories, values, color=colors)
        ax.invert_yaxis()
        ax.set_xlabel(wrap(ylabel, 80))
        ax.grid(axis="y", visible=False)
        _from_zero(ax, values, "x")
    else:
        b = ax.bar(categories, values, color=colors)
        ax.set_ylabel(wrap(ylabel, 40))
        ax.tick_params(axis="x", labelrotation=30)
        ax.grid(axis="x", visible=False)
        _from_zero(ax, values, "y")
    if labels_fmt:
        ax.bar_label(b, labels=[labels_fmt(v) for v in values], fontsize=7, padding=2)
        _room_for_labels(ax, values, "x" if horizontal else "y")
    if partial:
        badge(ax, partial)
    _title(fig, title)
    return to_chart(fig, title, notes, source)


def _from_zero(ax, values, axis: str) -> None:
    """The value axis includes zero (bars are read by their length)."""
    vals = [v for v in values if v == v]
    lo, hi = min(vals + [0]), max(vals + [0])
    (ax.set_xlim if axis == "x" else ax.set_ylim)(lo if lo < 0 else 0, hi if hi > 0 else 0)
    ax.margins(**{axis: 0.02})
    (ax.set_xlim if axis == "x" else ax.set_ylim)(auto=True)
    ax.autoscale_view()


def _room_for_labels(ax, values, axis: str) -> None:
    """Leave 12 % of the value axis beyond the longest bar for its value label."""
    vals = [v for v in values if v == v]
    lo, hi = min(vals + [0]), max(vals + [0])
    span = (hi - lo) or 1
    (ax.set_xlim if axis == "x" else ax.set_ylim)(lo - (0.12 * span if lo < 0 else 0), hi + 0.12 * span)


def lines(
    x: list,
    series: dict[str, list[float]],
    *,
    title: str,
    ylabel: str,
    xlabel: str,
    source: str,
    notes: list[str] | None = None,
    highlight: str | None = None,
) -> Chart:
    """Several series over the same x (years), one line each, legend outside; ``highlight``: the
    name of a series drawn bold over the others (they stay, thinner)."""
    fig, ax = figure(7.5, 4.2)
    markers = "osD^vP*X"
    for i, (name, ys) in enumerate(series.items()):
        look = (
            {}
            if highlight is None
            else {"linewidth": 3.2, "zorder": 3}
            if name == highlight
            else {"linewidth": 1, "alpha": 0.55}
        )
        ax.plot(x, ys, marker=markers[i % len(markers)], label=name, color=PALETTE[i % len(PALETTE)], **look)
    ax.set_xticks(x)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    vals = [v for ys in series.values() for v in ys if v == v]
    if vals and min(vals) >= 0:  # the value axis starts at zero: no truncated line
        ax.set_ylim(0, max(vals) * 1.08 or 1)
    _title(fig, title)
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=8)
    return to_chart(fig, title, notes, source)


def emphasise_tick(ax, label: str, axis: str = "x") -> None:
    """Set the category ``label`` bold on a shaded band (a town highlighted in a chart whose
    categories are towns)."""
    ticks = ax.get_xticklabels() if axis == "x" else ax.get_yticklabels()
    for pos, t in zip(ax.get_xticks() if axis == "x" else ax.get_yticks(), ticks, strict=False):
        if t.get_text() == label:
            t.set_fontweight("bold")
            (ax.axvspan if axis == "x" else ax.axhspan)(pos - 0.45, pos + 0.45, color="#fff1b8", zorder=0)


def grouped_bars(
    groups: list[str],
    series: dict[str, list[float]],
    *,
    title: str,
    ylabel: str,
    source: str,
    notes: list[str] | None = None,
    value_fmt=None,
    highlight: str | None = None,
) -> Chart:
    """Bars grouped by category (e.g. towns), one colour per series (e.g. scenarios or years);
    ``highlight``: a group whose name is set bold on a shaded band."""
    fig, ax = figure(7.5, 4.2)
    n = len(series)
    width = 0.8 / max(n, 1)
    for i, (name, ys) in enumerate(series.items()):
        xs = [g + (i - (n - 1) / 2) * width for g in range(len(groups))]
        b = ax.bar(xs, ys, width, label=name, color=PALETTE[i % len(PALETTE)])
        if value_fmt:
            ax.bar_label(b, labels=[value_fmt(v) for v in ys], fontsize=7, padding=1)
    ax.set_xticks(range(len(groups)), groups)
    if highlight in groups:
        emphasise_tick(ax, highlight, "x")
    ax.set_ylabel(ylabel)
    _from_zero(ax, [v for ys in series.values() for v in ys], "y")
    if value_fmt:
        _room_for_labels(ax, [v for ys in series.values() for v in ys], "y")
    _title(fig, title)
    ax.grid(axis="x", visible=False)
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=8)
    return to_chart(fig, title, notes, source)


def _place_labels(fig, ax, points: list[dict]) -> None:
    """Label each point at the first of several offsets (farther ones with a leader line) where
    the label overlaps no label already placed and no marker (greedy, north to south), so names
    of nearby towns stay readable and never sit on a town."""
    ring1 = [(5, 2), (5, -10), (-5, 2), (-5, -10), (0, 7), (0, -16)]
    ring2 = [(dx * 3, dy * 2.2) for dx, dy in ring1] + [(22, 18), (-22, 18), (22, -28), (-22, -28)]
    ring3 = [(dx * 2, dy * 2) for dx, dy in ring2]
    offsets = [(dx, dy, False) for dx, dy in ring1] + [(dx, dy, True) for dx, dy in ring2 + ring3]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    markers = _marker_boxes(fig, renderer)
    axbox = ax.get_window_extent(renderer)
    placed = []

    def put(p: dict, dx: float, dy: float, leader: bool):
        ha = "left" if dx > 0 else "right" if dx < 0 else "center"
        return ax.annotate(
            p["label"],
            (p["lon"], p["lat"]),
            xytext=(dx, dy),
            textcoords="offset points",
            fontsize=7,
            ha=ha,
            va="bottom",
            arrowprops=dict(arrowstyle="-", color="#777777", lw=0.5, shrinkA=0, shrinkB=3) if leader else None,
        )

    for p in sorted(points, key=lambda q: (-q["lat"], q["lon"])):
        ok = False
        for dx, dy, leader in offsets:
            t = put(p, dx, dy, leader)
            bb = t.get_window_extent(renderer)
            inside = axbox.x0 <= bb.x0 and bb.x1 <= axbox.x1 and axbox.y0 <= bb.y0 and bb.y1 <= axbox.y1
            if inside and not any(bb.overlaps(o) for o in placed + markers):
                placed.append(bb)
                ok = True
                break
            t.remove()
        if not ok:  # every slot taken: the first one; the overlap test will say so
            placed.append(put(p, *offsets[0]).get_window_extent(renderer))


def points_map(
    points: list[dict],
    *,
    title: str,
    source: str,
    notes: list[str],
    outline=None,
    boundaries=None,
    highlight: set[str] | None = None,
    box: tuple[float, float, float, float] | None = None,
    labelled: set[str] | None = None,
) -> Chart:
    """Towns as points on Kazakhstan's outline (a list of (xs, ys) rings, the first layer) and its
    oblast boundaries (a list of (xs, ys) lines, the second), highlighted towns larger; ``labelled``
    (default: all) get a name placed clear of every marker and label."""
    fig, ax = figure(8, 5.2)
    if outline:
        for xs, ys in outline:
            ax.fill(xs, ys, color="#F2F2EE", zorder=0)
            ax.plot(xs, ys, color="#999999", lw=0.6, zorder=1)
    boundary_lines(ax, boundaries or (), colors="#C8C8C8", linewidths=0.4, zorder=1)
    for p in points:
        hl = highlight is None or p["id"] in highlight
        ax.scatter(
            [p["lon"]],
            [p["lat"]],
            s=30 if hl else 12,
            color=PALETTE[3] if hl else PALETTE[0],
            edgecolors="white",
            linewidths=0.5,
            zorder=3,
        )
    ax.set_xlabel("°E")
    ax.set_ylabel("°N")
    ax.set_aspect(1.5)
    ax.grid(False)
    if box:
        ax.set_xlim(box[0], box[1])
        ax.set_ylim(box[2], box[3])
    _place_labels(fig, ax, [p for p in points if labelled is None or p["id"] in labelled])
    _title(fig, title)
    return to_chart(fig, title, notes, source)


def bar_panels(
    panels: dict[str, tuple[list[str], list[float]]],
    *,
    title: str,
    xlabel: str,
    source: str,
    labels_fmt=None,
    notes: list[str] | None = None,
    partial: str | None = None,
    highlight: str | None = None,
) -> Chart:
    """Horizontal bars in one panel per group (e.g. per period), on one shared axis from zero:
    values of different periods sit in different panels, never side by side as if comparable;
    ``highlight``: a category (a town) whose bars take the highlight colour."""
    n = sum(len(c) for c, _ in panels.values())
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(
            len(panels),
            1,
            figsize=(7, 0.4 * n + 0.75 * len(panels) + 0.9),
            layout="constrained",
            sharex=True,
            height_ratios=[max(len(c), 1) for c, _ in panels.values()],
            squeeze=False,
        )
    allv = [v for _, vs in panels.values() for v in vs]
    for ax, (name, (cats, vals)) in zip(axes[:, 0], panels.items(), strict=True):
        base = MUTED if partial else PALETTE[0]
        b = ax.barh(cats, vals, color=[PALETTE[1] if c == highlight else base for c in cats], height=0.6)
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
        ax.set_title(name, loc="left", fontsize=8.5)
        if labels_fmt:
            ax.bar_label(b, labels=[labels_fmt(v) for v in vals], fontsize=7, padding=2)
        _room_for_labels(ax, allv, "x")
    axes[-1, 0].set_xlabel(wrap(xlabel, 80))
    if partial:
        badge(axes[0, 0], partial)
    return to_chart(fig, title, notes, source)
