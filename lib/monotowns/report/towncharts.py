"""The charts of a town report: the locator map, the town among its peers (the 27 mono-towns,
Karaganda's 8), its own trends 2017-2021 and its population as the two sources print it.

Every chart: bars start at zero, lines start at zero; the town of the report is highlighted
in red; reference lines (the national unemployment rate, Karaganda region's values of article
table 3) where a source gives one. The title is printed once, above the picture (HTML), and
the source — tables and lines — once, under it.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

import matplotlib
import pandas as pd

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from monotowns import data  # noqa: E402
from monotowns.data import towns  # noqa: E402

from . import chartcache, charts, page, profile, takeaway, texts  # noqa: E402

T = texts.t
HIGHLIGHT = "#D55E00"
OTHER = "#8FB8D8"
REF = "#333333"
STYLE = {
    "font.family": "DejaVu Sans",  # has every Kazakh letter: ә ғ қ ң ө ұ ү һ і
    "font.size": 7.5,
    "axes.titlesize": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "figure.dpi": 130,
    "savefig.dpi": 130,
}


@dataclass
class TownChart:
    """A chart of the town report: its title (above), the PNG, notes and the source (under)."""

    title: str
    png: bytes
    source: str
    notes: list[str] = field(default_factory=list)
    #: the rows it shows, to take away (``takeaway``): those its source line cites
    rows: takeaway.Rows | None = None

    def __html__(self) -> str:
        fig = page.Figure(self.png, self.title, self.title, self.source, list(self.notes), "chart")
        return fig.__html__()

    def _repr_html_(self) -> str:
        return self.__html__()


def warm_up() -> None:
    """Draw a small chart in both house styles (the chapters' and the town reports') and throw it
    away: the fonts (regular and bold), their glyphs and matplotlib's text machinery are loaded
    once, in the build's warm kernel process (``monotowns.publish.kernels``), instead of by every
    report it forks. Nothing else is kept; no data is read."""
    from matplotlib.figure import Figure  # not pyplot: no backend is chosen here

    letters = charts.KAZAKH_LETTERS
    for style in (charts.STYLE, STYLE):
        with plt.rc_context(style):
            fig = Figure(figsize=(2, 1), layout="constrained")
            ax = fig.subplots()
            ax.set_title(letters.upper() + letters + " Aa 0123456789", fontweight="bold")
            ax.bar([1, 2], [3, 4])
            ax.set_xlabel(letters + " Aa 0,5 %")
            charts.png(fig)


#: The package rows the chart being drawn cites (``lines_of``, ``cite``), or None.
_cited: list[pd.DataFrame] | None = None


def cite(rows: pd.DataFrame) -> None:
    """Count these package rows among those the chart being drawn shows (its take-away CSV)."""
    if _cited is not None:
        _cited.append(rows)


@contextlib.contextmanager
def citing():
    """Collect, in the list it gives, the package rows cited (``lines_of``, ``cite``) inside the
    ``with`` block: the rows a table or chart shows."""
    global _cited
    outer, _cited = _cited, []
    try:
        yield _cited
    finally:
        _cited = outer


def _styled(fn):
    """Draw the chart in the house style: every text a chart makes takes its size from the style
    when it is made (not only when the figure is saved). The chart keeps the rows its source
    line cites (``lines_of``, ``cite``) as its take-away rows, named after the function."""

    def draw(*a, **kw):
        with citing() as cited, plt.rc_context(STYLE):
            chart = fn(*a, **kw)
        if isinstance(chart, TownChart) and chart.rows is None and cited:
            chart.rows = takeaway.Rows(fn.__name__.replace("_", "-"), cited)
        return chart

    return _kept(fn, draw)


def _kept(fn, draw=None):
    """The chart as kept from the last build if nothing it read changed (``chartcache``), else
    drawn (by ``draw``, or ``fn`` itself)."""
    import functools

    draw = draw or fn

    @functools.wraps(fn)
    def wrapper(*a, **kw):
        return chartcache.kept(fn, a, kw, lambda: draw(*a, **kw))

    return wrapper


def _render(fig) -> bytes:
    """The figure as PNG, laid out and drawn once (``charts.png``)."""
    with plt.rc_context(STYLE):
        data = charts.png(fig)
    plt.close(fig)
    return data


def tick_formatter(lang: str):
    """Tick labels in the reader's number format with the decimals each tick needs: 2.5 stays
    "2.5" (with none it read "2"), 0.2 stays "0.2" (it read "0")."""
    return matplotlib.ticker.FuncFormatter(lambda x, _: texts.fmt_number(round(x, 6), lang))


def _figure(w: float, h: float, nrows: int = 1, ncols: int = 1):
    with plt.rc_context(STYLE):
        return plt.subplots(nrows, ncols, figsize=(w, h), layout="constrained", squeeze=False)


def source_line(items: list[tuple[str, list[int]]], lang: str) -> str:
    """'Source: dissertation, Table 6, lines 830–992; article, table 1, lines 183–309.'"""
    parts = []
    for sid, lines in items:
        if not lines:
            continue
        lo, hi = min(lines), max(lines)
        src = texts.caption_line(sid)[0]
        label = texts.source_id_label(sid, lang)
        span = f"{lo}–{hi}" if lo != hi else str(lo)
        parts.append(T(f"town_c_source_{src}", lang) + ", " + T("town_c_srcitem", lang, label=label, lines=span))
    return T("town_c_source", lang, items="; ".join(parts))


def lines_of(table: str, indicator: str, year: int | None = None, town: str | None = None) -> list[int]:
    """The source lines of a measure (one year, one town, or all): what a source line cites,
    and (``cite``) the rows the chart being drawn shows."""
    df = takeaway.select(table, indicator, year, town)
    cite(df)
    return [int(x) for x in df["line"]]


# ---------------------------------------------------------------- locator map


@_kept
def locator(town: str, lang: str) -> TownChart:
    """The town (red) on Kazakhstan's outline, the other 26 mono-towns in grey."""
    coords = data.load("town-coords").set_index("city_id")
    fig, axs = _figure(3.0, 1.7)  # page 1, beside the summary
    ax = axs[0][0]
    # the boundaries between the oblasts (Natural Earth admin-1, the 14 oblasts before 2022)
    charts.boundary_lines(ax, charts.geography("kz-oblasts"), colors="#BBBBBB", linewidths=0.4, zorder=2)
    for xs, ys in charts.geography("kz-outline"):
        ax.plot(xs, ys, color="#777777", lw=0.6)
    others = coords.drop(index=town)
    ax.scatter(others["lon"], others["lat"], s=6, color="#AAAAAA", zorder=2)
    lon, lat = coords.loc[town, "lon"], coords.loc[town, "lat"]
    ax.scatter([lon], [lat], s=40, color=HIGHLIGHT, zorder=3, edgecolor="white", linewidth=0.6)
    name = texts.town_name(town, lang)
    from matplotlib import patheffects

    ax.annotate(
        name,
        (lon, lat),
        xytext=(5, 3),
        textcoords="offset points",
        fontsize=7.5,
        weight="bold",
        color=HIGHLIGHT,
        path_effects=[patheffects.withStroke(linewidth=2, foreground="white")],  # legible over the lines
    )
    ax.set_aspect(1.5)
    ax.axis("off")
    rows = takeaway.Rows("map", [takeaway.coords(lang)])
    return TownChart(T("town_c_locator", lang, town=name), _render(fig), T("town_c_locator_src", lang), rows=rows)


# ---------------------------------------------------------------- peers


def _hbars(ax, values: pd.Series, town: str, lang: str, title: str, refs=(), decimals: int | None = None) -> None:
    """Horizontal bars from zero, largest on top, the town in red, reference lines dashed."""
    v = values.sort_values()
    names = [texts.town_name(c, lang) for c in v.index]
    colors = [HIGHLIGHT if c == town else OTHER for c in v.index]
    ax.barh(range(len(v)), v.values, color=colors, height=0.7)
    # the names where tick labels would be, as plain texts: matplotlib makes five artists for
    # each tick and walks them at every layout pass (a quarter of the chart's time)
    ax.set_yticks([])
    at_left = matplotlib.transforms.offset_copy(ax.get_yaxis_transform(), fig=ax.figure, x=-3.5, units="points")
    for i, (name, c) in enumerate(zip(names, v.index, strict=True)):
        own = {"color": HIGHLIGHT, "fontweight": "bold"} if c == town else {}
        ax.text(0, i, name, transform=at_left, ha="right", va="center", fontsize=6.5, **own)
    if town in v.index:
        i = list(v.index).index(town)
        x = v[town]
        ax.annotate(
            texts.fmt_number(x, lang, decimals),
            (x, i),
            xytext=(2, 0),
            textcoords="offset points",
            va="center",
            fontsize=6.5,
            color=HIGHLIGHT,
        )
    lo = min(0.0, float(v.min()))
    hi = max([float(v.max())] + [r[0] for r in refs])
    ax.set_xlim(lo * 1.1, hi * 1.18)
    if lo < 0:
        ax.axvline(0, color="#999999", lw=0.6)
    for x, label in refs:
        ax.axvline(x, color=REF, lw=0.8, ls="--")
        ax.text(x, len(v) - 0.3, " " + label, fontsize=6, color=REF, va="bottom", ha="left")
    ax.set_ylim(-0.6, len(v) + 0.6)
    ax.set_title("\n".join(_wrap(title, 22)), loc="left")
    ax.tick_params(axis="x", labelsize=6)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(3))
    ax.xaxis.set_major_formatter(tick_formatter(lang))


@_styled
def peers27(town: str, lang: str) -> TownChart:
    """Population 2021, its change 2017-2021 and unemployment 2021 of the 27 (Table 6)."""
    fig, axs = _figure(7.2, 4.6, 1, 3)
    nat = profile.national_unemployment()
    _hbars(axs[0][0], profile.values(profile.POPULATION), town, lang, T("town_c_peer_pop", lang))
    _hbars(axs[0][1], profile.values(profile.POP_CHANGE), town, lang, T("town_c_peer_change", lang), decimals=1)
    _hbars(
        axs[0][2],
        profile.values(profile.UNEMPLOYMENT),
        town,
        lang,
        T("town_c_peer_unemp", lang),
        refs=[(nat["value"], T("town_c_national", lang, v=texts.fmt_percent(nat["value"], lang)))],
        decimals=1,
    )
    cite(takeaway.text_value("national_unemployment"))
    src = (
        source_line(
            [
                (
                    "T6",
                    lines_of("T6", "population")
                    + lines_of("T6", "unemployment_rate_pct")
                    + lines_of("T6", "population_change_pct"),
                )
            ],
            lang,
        )
        + " "
        + texts.source_note(nat["source"], nat["line"], lang)
    )
    name = texts.town_name(town, lang)
    notes = [T("town_c_highlight", lang, town=name)]
    if town in towns.town_ids():
        notes += [
            T("town_kf_note", lang, note=texts.source_text("errata", "note", n, lang))
            for n in profile.errata_for("T6", town, "population_change_pct")
        ]
    return TownChart(T("town_c_peers27", lang, town=name), _render(fig), src, notes)


@_styled
def peers8(town: str, lang: str) -> TownChart:
    """Karaganda's 8: wage (latest readable year; 2014 with the region's value), investment,
    loss-making share, wear of fixed assets, unemployed persons."""
    fig, axs = _figure(7.2, 4.8, 2, 3)
    wy = profile.wage_year()
    a3 = data.numeric_table("A3")
    w14 = a3[(a3["indicator"] == "avg_monthly_nominal_wage")].set_index("city_id")["value"].astype(float)
    oblast = w14.pop("karaganda_oblast") if "karaganda_oblast" in w14.index else None
    panels = [
        (profile.WAGE, T("town_c_wage8", lang, y=wy), None),
        (None, T("town_c_wage2014", lang), None),
        (profile.INVESTMENT, T("town_c_invest8", lang), None),
        (profile.LOSS_SHARE, T("town_c_loss8", lang), 1),
        (profile.WEAR, T("town_c_wear8", lang), 1),
        (profile.UNEMPLOYED, T("town_c_unemployed8", lang), None),
    ]
    missing: dict[str, list[str]] = {}  # panel title → the towns it has no value for
    for ax, (m, title, dec) in zip(axs.flat, panels, strict=True):
        if m is None:
            refs = [(oblast, T("town_c_oblast", lang, v=texts.fmt_number(oblast, lang)))] if oblast is not None else []
            _hbars(ax, w14, town, lang, title, refs=refs)
            continue
        v = profile.values(m)
        gone = [c for c in _karaganda() if c not in v.index]
        if gone:
            missing[title] = gone
        _hbars(ax, v, town, lang, title, decimals=dec)
    items = [
        ("T11", lines_of("T11", "avg_monthly_nominal_wage", wy)),
        ("A3", lines_of("A3", "avg_monthly_nominal_wage")),
        ("T15", lines_of("T15", "fixed_capital_investment", 2021)),
        ("T13", lines_of("T13", "loss_making_share_pct", 2021)),
        ("T14", lines_of("T14", "fixed_assets_wear", 2021)),
        ("F20", lines_of("F20", "unemployed_persons", 2021)),
    ]
    name = texts.town_name(town, lang)
    notes = [T("town_c_highlight", lang, town=name)]
    for title, gone in missing.items():  # which panel lacks whom: "No data (loss-making share): Karazhal."
        names = ", ".join(texts.town_name(c, lang) for c in sorted(gone))
        notes.append(T("town_c_missing_in", lang, panel=title, towns=names))
    return TownChart(T("town_c_peers8", lang, town=name), _render(fig), source_line(items, lang), notes)


def _karaganda() -> list[str]:
    return [c for c in towns.town_ids() if towns.town(c)["karaganda8"] == "true"]


# ---------------------------------------------------------------- trends


def _series(table: str, indicator: str, town: str) -> pd.Series:
    df = data.numeric_table(table)
    df = df[(df["indicator"] == indicator) & (df["city_id"] == town) & df["year"].notna()]
    return df.set_index(df["year"].astype(int))["value"].astype(float).sort_index()


def _bars(ax, s: pd.Series, lang: str, title: str, decimals: int | None = None) -> None:
    if s.isna().all():  # nothing printed for the town: said in words, no empty axis (it read 0-1)
        ax.set_xticks(list(s.index), [str(y) for y in s.index])
        ax.set_xlim(min(s.index) - 0.5, max(s.index) + 0.5)
        ax.set_yticks([])
        ax.axhline(0, color="#999999", lw=0.6)
        msg = "\n".join(_wrap(T("town_c_no_values", lang), 24))
        ax.text(0.5, 0.5, msg, transform=ax.transAxes, ha="center", va="center", fontsize=6.5, color="#555555")
        ax.set_title(title, loc="left")
        ax.tick_params(labelsize=6)
        return
    ax.bar(s.index, s.fillna(0).values, color=[OTHER if pd.notna(x) else "none" for x in s.values], width=0.65)
    for y, x in s.items():
        ax.text(
            y,
            0 if pd.isna(x) else x,
            "–" if pd.isna(x) else texts.fmt_number(x, lang, decimals),
            ha="center",
            va="bottom" if (pd.isna(x) or x >= 0) else "top",
            fontsize=6,
        )
    ax.axhline(0, color="#999999", lw=0.6)
    ax.set_xticks(list(s.index), [str(y) for y in s.index])
    lo, hi = min(0.0, float(s.min())), max(0.0, float(s.max()))
    ax.set_ylim(lo * 1.2 - (hi - lo) * 0.08 if lo < 0 else 0, hi * 1.18 if hi > 0 else 1)  # room for a label under 0
    ax.set_title(title, loc="left")
    ax.tick_params(labelsize=6)
    ax.yaxis.set_major_formatter(tick_formatter(lang))


@_styled
def trends(town: str, lang: str) -> TownChart | None:
    """The town's own series 2017-2021 (Karaganda's 8 only): small multiples from zero."""
    if towns.town(town)["karaganda8"] != "true":
        return None
    fig, axs = _figure(7.2, 4.4, 2, 3)
    ax = axs[0][0]
    wage = _series("T11", "avg_monthly_nominal_wage", town)
    sm = _series("T11", "subsistence_minimum", town)
    ax.plot(wage.index, wage.values, marker="o", color=HIGHLIGHT, label=T("town_kf_wage", lang), ms=3)
    ax.plot(sm.index, sm.values, marker="s", color=REF, label=T("town_kf_subsistence", lang), ms=3)
    ax.set_ylim(0, max(float(wage.max()), float(sm.max())) * 1.15)
    ax.set_xticks(list(sm.index), [str(y) for y in sm.index])
    ax.set_title("\n".join(_wrap(T("town_c_wage_trend", lang), 26)), loc="left")
    # under the panel, never over the points (in the middle it covered some towns' wages)
    ax.legend(fontsize=5.5, loc="upper left", bbox_to_anchor=(0, -0.12), frameon=False)
    ax.tick_params(labelsize=6)
    ax.yaxis.set_major_formatter(tick_formatter(lang))
    panels = [
        ("T15", "fixed_capital_investment", T("town_kf_investment", lang) + ", " + T("axis_mln_tenge", lang), 0),
        ("T13", "loss_making_share_pct", T("town_kf_loss_share", lang) + ", %", 1),
        ("T13", "production_profitability_pct", T("town_kf_profitability", lang) + ", %", 1),
        ("T14", "fixed_assets_wear", T("town_kf_wear", lang) + ", %", 1),
        ("F20", "unemployed_persons", T("town_kf_unemployed", lang), 0),
    ]
    items = [
        (
            "T11",
            lines_of("T11", "avg_monthly_nominal_wage", town=town) + lines_of("T11", "subsistence_minimum", town=town),
        )
    ]
    for a, (table, ind, title, dec) in zip(list(axs.flat)[1:], panels, strict=True):
        s = _series(table, ind, town)
        _bars(a, s, lang, "\n".join(_wrap(title, 26)), dec)
        items.append((table, lines_of(table, ind, town=town)))
    merged: dict[str, list[int]] = {}
    for sid, ls in items:
        merged.setdefault(sid, []).extend(ls)
    notes = [T("town_c_axes_note", lang)]
    for n in profile.errata_for("T11", town, "avg_monthly_nominal_wage", 2021):
        notes.append(T("town_kf_note", lang, note=texts.source_text("errata", "note", n, lang)))
    name = texts.town_name(town, lang)
    return TownChart(T("town_c_trends", lang, town=name), _render(fig), source_line(list(merged.items()), lang), notes)


def _wrap(s: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(s, width) or [s]


@_styled
def population_history(town: str, lang: str) -> TownChart | None:
    """2014 (article table 1, thousand × 1000), 2017 and 2021 (Table 6): bars from zero, the
    value as printed on each bar, an implausible bar hatched."""
    a1 = profile.cell(profile.Measure("A1", "population", 2014, "", "", 27), town)
    p17 = profile.cell(profile.Measure("T6", "population", 2017, "", "", 27), town)
    p21 = profile.cell(profile.POPULATION, town)
    if p21 is None:
        return None
    flag = profile.population_flag(town)
    errata17 = bool(profile.errata_for("T6", town, "population", 2017))
    bars = []
    if a1:
        bars.append(
            (
                "2014",
                a1["value"] * 1000,
                T("town_kf_thousand", lang, n=texts.fmt_number(a1["value"], lang)),
                flag is not None and not errata17,
            )
        )
    if p17:
        bars.append(("2017", p17["value"], texts.fmt_number(p17["value"], lang), errata17))
    bars.append(("2021", p21["value"], texts.fmt_number(p21["value"], lang), False))
    fig, axs = _figure(3.6, 2.2)
    ax = axs[0][0]
    # bars at their years, so 2014-2017 and 2017-2021 are as far apart as they are in time
    for year, v, lab, bad in bars:
        x = int(year)
        ax.bar(
            x,
            v,
            color="white" if bad else OTHER,
            edgecolor=HIGHLIGHT if bad else OTHER,
            hatch="///" if bad else None,
            width=1.6,
        )
        ax.text(x, v, lab, ha="center", va="bottom", fontsize=6.5)
    if a1:  # the article's figure and the dissertation's: two sources, the break marked
        ax.axvline(2015.5, color=REF, lw=0.8, ls=":")
    ax.set_xticks([int(b[0]) for b in bars], [b[0] for b in bars])
    ax.set_xlim(2012.8, 2022.2)
    ax.set_ylim(0, max(b[1] for b in bars) * 1.18)
    ax.tick_params(labelsize=6.5)
    ax.yaxis.set_major_formatter(tick_formatter(lang))
    items = [("A1", [a1["line"]] if a1 else []), ("T6", [p21["line"]])]
    if a1:
        cite(takeaway.select("A1", "population", 2014, town))
    cite(takeaway.select("T6", "population", None, town))
    name = texts.town_name(town, lang)
    notes = [T("town_c_pophist_note", lang)]
    if any(b[3] for b in bars):  # said only where a bar is hatched
        notes.append(T("town_c_pophist_hatched", lang))
    return TownChart(T("town_c_pophist", lang, town=name), _render(fig), source_line(items, lang), notes)


# ---------------------------------------------------------------- the method


@_styled
def scenario_scores(a, lang: str, inputs_file: str | None = None) -> TownChart:
    """The four scenarios' scores (marks of Table 25, from zero to the number of graded
    indicators): recomputed, and as Table 26 prints them where the dissertation assessed the
    town. ``a`` is an ``assess.Assessment``; ``inputs_file`` names an analyst's inputs."""
    from monotowns.method import indicators, scenarios

    names = [texts.scenario_label(x, lang) for x in scenarios.SCENARIOS]
    series = [(T("recomputed", lang), a.scores, HIGHLIGHT)]
    if a.has_published:
        series.append(
            (T("published", lang) + " (" + texts.source_id_label("T26", lang) + ")", a.printed_scores_t26, OTHER)
        )
    fig, axs = _figure(4.4, 0.5 + 0.15 * len(names) * len(series))  # compact: a third of a page at most
    ax = axs[0][0]
    h = 0.8 / len(series)
    for k, (label, sc, color) in enumerate(series):
        ys = [i + 0.4 - h * (k + 0.5) for i in range(len(names))][::-1]  # the first series on top
        vals = [sc[x] for x in scenarios.SCENARIOS]
        ax.barh(ys, vals, height=h * 0.9, color=color, label=label)
        for y, v in zip(ys, vals, strict=True):
            ax.text(v + 0.08, y, str(v), va="center", fontsize=6)
    ax.set_yticks(range(len(names))[::-1], ["\n".join(_wrap(n, 26)) for n in names])
    total = len(indicators.GRADED)
    ax.set_xlim(0, total + 0.6)
    ax.set_xticks(range(total + 1))
    ax.set_xlabel(T("axis_scenario_score", lang), fontsize=6)
    ax.tick_params(labelsize=6, length=2)
    fig.legend(fontsize=6, frameon=False, loc="outside upper center", ncols=len(series), handlelength=1, borderpad=0)
    ax.set_ylim(-0.6, len(names) - 0.4)
    if inputs_file is not None:
        src = T("town_m_src_file", lang, file=inputs_file)
    else:
        items = [(sid, [texts.caption_line(sid)[1]]) for sid in ("T25", "T26")]
        src = source_line(items, lang)
    name = texts.town_name(a.town, lang) if a.town in towns.town_ids() else a.town
    shown = {T("town_wb_scenario", lang): names} | {
        label: [sc[x] for x in scenarios.SCENARIOS] for label, sc, _ in series
    }
    rows = takeaway.Rows("scenario-scores", [pd.DataFrame(shown)])
    return TownChart(T("town_m_c_scores", lang, town=name), _render(fig), src, [T("town_m_c_note", lang)], rows)


@_styled
def innovation(town: str, lang: str) -> TownChart | None:
    """Table 16's innovation series 2017-2021 for the three towns it covers (Temirtau, Balkhash,
    Karazhal): enterprises with innovations, innovative output, R&D personnel; bars from zero."""
    df = data.numeric_table("T16")
    if town not in set(df["city_id"]):
        return None
    ind = data.indicators()
    ind = ind[ind["table"] == "T16"].set_index("indicator")
    panels = [("enterprises_with_innovations", 0), ("innovative_output", 0), ("rnd_personnel", 0)]
    panels = [p for p in panels if _series("T16", p[0], town).notna().any()]  # no empty panel
    if not panels:
        return None
    fig, axs = _figure(2.4 * len(panels), 2.4, 1, len(panels))
    lines: list[int] = []
    notes = [T("town_c_axes_note", lang)]
    for ax, (key, dec) in zip(axs.flat, panels, strict=True):
        row = ind.loc[key].to_dict() | {"table": "T16", "indicator": key}
        if key == "rnd_personnel":  # printed in 'thousand persons', but the cells are persons (errata)
            title = T("town_c_rnd", lang)
        else:
            title = texts.measure_label(row, lang)
        _bars(ax, _series("T16", key, town), lang, "\n".join(_wrap(title, 28)), dec)
        lines += lines_of("T16", key, town=town)
        for n in profile.errata_for("T16", town, key)[:1]:  # one note per measure: the years' notes say the same
            notes.append(T("town_kf_note", lang, note=texts.source_text("errata", "note", n, lang)))
    name = texts.town_name(town, lang)
    return TownChart(T("town_c_innovation", lang, town=name), _render(fig), source_line([("T16", lines)], lang), notes)
