"""The later years an analyst adds (``run_all.py --update``, ``data.updates``) in a town's
report: a line of the findings per measure, a box beside the key figures, the medians and ranks
of the towns that have the year, a chart with the break between the sources and the added
years, the files in the sources list, and a sheet of the workbook.

Every added value is marked "added" and named by its file and line; a published cell is shown
beside it, never replaced by it. Nothing here changes a report without update files.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from monotowns.data import updates

from . import page, shown, texts
from .shown import Shown

T = texts.t


@dataclass
class Series:
    """One measure of the town in the report: the values added (by year) and the published
    cells it continues (year → value, line, table; empty for a measure the sources lack)."""

    indicator: str
    added: list[updates.Value]
    published: pd.DataFrame

    @property
    def last_published(self) -> pd.Series | None:
        p = self.published[self.published["value"].notna()]
        return p.sort_values("year").iloc[-1] if len(p) else None

    @property
    def latest(self) -> updates.Value:
        return self.added[-1]


def load(text: str) -> list[updates.Update]:
    """The update files a report's ``updates`` parameter names (one path per line)."""
    files = updates.split(text or "")
    return updates.read_all(files) if files else []


def series(town: str, ups: list[updates.Update]) -> list[Series]:
    """The town's added measures, in the order of ``data/update_indicators.csv``."""
    out = []
    for ind in updates.indicators().index:
        vals = sorted((v for u in ups for v in u.values if v.town == town and v.indicator == ind), key=lambda v: v.year)
        if vals:
            out.append(Series(ind, vals, updates.published(ind, town)))
    return out


def _rate(ind: str) -> bool:
    return updates.unit(ind, "en") == "%"


def fmt(ind: str, v: float, lang: str) -> str:
    """An added or published value of the measure in the reader's format, with its unit."""
    d = int(updates.indicators().loc[ind, "decimals"])
    if _rate(ind):
        return texts.fmt_percent(v, lang, d)
    return f"{texts.fmt_number(v, lang, d)} {updates.unit(ind, lang)}"


def change(s: Series, lang: str) -> str | None:
    """The latest added value against the last published one (or the first added year): '+1.6%
    more than in 2021' for an amount, '0.3 points below 2021' for a rate; None where there is
    nothing earlier."""
    last = s.last_published
    x = s.latest
    if last is not None:
        x0, y0 = float(last["value"]), int(last["year"])
    elif len(s.added) > 1:
        x0, y0 = s.added[0].value, s.added[0].year
    else:
        return None
    if _rate(s.indicator):
        d = round(x.value - x0, 1)
        if d == 0:
            return T("town_added_same", lang, y0=y0)
        key = "town_added_pts_above" if d > 0 else "town_added_pts_below"
        return T(key, lang, v=texts.fmt_number(abs(d), lang, 1), y0=y0)
    if x0 == 0:
        return None
    d = round((x.value - x0) / x0 * 100, 1)
    if d == 0:
        return T("town_added_same", lang, y0=y0)
    key = "town_added_pct_more" if d > 0 else "town_added_pct_less"
    return T(key, lang, v=texts.fmt_percent(abs(d), lang, 1), y0=y0)


def _earlier(s: Series, lang: str) -> list:
    """The earlier value the change is against, with its source: the published cell (a claim
    the page check re-derives) or the first added year."""
    last = s.last_published
    if last is not None:
        table = str(last["table"])
        ind = updates.indicators().loc[s.indicator, "indicator"]
        spec = f"cell {table} {ind} {s.latest.town} {int(last['year'])}"
        src = texts.source_id_label(table, lang)
        return [page.Span(fmt(s.indicator, float(last["value"]), lang), claim=spec), f", {src}"]
    first = s.added[0]
    return [fmt(s.indicator, first.value, lang), ", " + T("town_added_mark", lang)]


def finding(s: Series, lang: str) -> list:
    """A line of the findings: 'Population, 2023 (added): 80,102 persons — 1.2% more than in
    2021 (79,191 persons, Table 6).'"""
    x = s.latest
    what = updates.label(s.indicator, lang)
    value = page.Span(fmt(s.indicator, x.value, lang), cls="added", strong=True)
    cmp = change(s, lang)
    if cmp is None:
        return _fill("town_added_only", lang, what=what, year=str(x.year), x=value)
    return _fill("town_added_line", lang, what=what, year=str(x.year), x=value, cmp=cmp, ref=_earlier(s, lang))


def _fill(key: str, lang: str, **parts) -> list:
    """A catalogue sentence with some of its parts page elements (a marked value)."""
    import re

    tokens = {k: f"\x00{k}\x00" for k in parts}
    out: list = []
    for j, piece in enumerate(re.split("\x00(\\w+)\x00", T(key, lang, **tokens))):
        out.extend([piece] if j % 2 == 0 else (parts[piece] if isinstance(parts[piece], list) else [parts[piece]]))
    return out


def peers(ind: str, year: int, ups: list[updates.Update]) -> pd.Series:
    """The added values of a measure and year, by town: the towns a rank or median covers."""
    return pd.Series({v.town: v.value for u in ups for v in u.values if v.indicator == ind and v.year == year})


#: No rank or median of fewer towns than this (as for the published comparisons).
MIN_TOWNS = 3


def rank_text(town: str, s: Series, ups: list[updates.Update], lang: str) -> str:
    """'2 of 5 towns with 2023 data' (1 = the largest), or why there is no rank."""
    x = s.latest
    v = peers(s.indicator, x.year, ups)
    if len(v) < MIN_TOWNS:
        return T("town_added_few", lang, n=len(v), year=x.year)
    return T("town_added_rank", lang, r=int((v > v[town]).sum()) + 1, n=len(v), year=x.year)


def medians(town: str, ups: list[updates.Update], lang: str) -> list[list]:
    """For each added measure, the median of the towns with that year's added data (at least
    ``MIN_TOWNS``), said with how many towns it covers."""
    out = []
    for s in series(town, ups):
        x = s.latest
        v = peers(s.indicator, x.year, ups)
        if len(v) >= MIN_TOWNS:
            m = fmt(s.indicator, float(v.median()), lang)
            what = updates.label(s.indicator, lang)
            out.append(_fill("town_added_median", lang, what=what, year=str(x.year), n=str(len(v)), m=m))
    return out


def box(town: str, ups: list[updates.Update], lang: str) -> Shown | None:
    """The box beside the key figures: each added measure's latest year, value, the last
    published value and the change, its rank among the towns with that year, and where it comes
    from (file, line, source as given)."""
    ss = series(town, ups)
    if not ss:
        return None
    rows = []
    for s in ss:
        x = s.latest
        last = s.last_published
        rows.append(
            [
                updates.label(s.indicator, lang),
                [page.Span(fmt(s.indicator, x.value, lang), cls="added", strong=True), " ", _mark(lang)],
                str(x.year),
                (_earlier(s, lang)[:1] + [f" ({int(last['year'])})"]) if last is not None else "–",
                change(s, lang) or "–",
                rank_text(town, s, ups, lang),
                f"{x.file}, {_where(x.where, lang)}: {x.source}",
            ]
        )
    head = [
        T("town_kf_h_measure", lang),
        T("town_kf_h_value", lang),
        T("town_kf_h_year", lang),
        T("town_added_h_last", lang),
        T("town_added_h_change", lang),
        T("town_kf_h_rank", lang),
        T("town_added_h_source", lang),
    ]
    body = [
        page.Para(T("town_added_intro", lang)),
        shown.html_table(head, rows),
    ]
    frame = pd.DataFrame([[page.plain(c) for c in r] for r in rows], columns=head)
    return Shown(page.Div(body, "box keyfigures added", T("town_h_added", lang), 2), frame)


def _mark(lang: str) -> page.Span:
    return page.Span(f"({T('town_added_mark', lang)})", cls="added-mark")


def _where(where: str, lang: str) -> str:
    """'line 4' / "sheet 'Data', row 4" in the reader's words."""
    import re

    m = re.fullmatch(r"line (\d+)", where)
    if m:
        return T("town_added_at_line", lang, n=m.group(1))
    m = re.fullmatch(r"sheet '(.*)', row (\d+)", where)
    return T("town_added_at_row", lang, sheet=m.group(1), n=m.group(2)) if m else where


def sources(town: str, ups: list[updates.Update], lang: str) -> list:
    """The sources list's lines for the update files: name, SHA-256, how many values, and the
    sources the analyst gave."""
    out = []
    for u in ups:
        vals = [v for v in u.values if v.town == town]
        if not vals:
            continue
        given = "; ".join(dict.fromkeys(v.source for v in vals))
        out.append(
            page.Para(T("town_added_files", lang, file=u.name, sha=u.sha256, n=len(vals), sources=given), "source")
        )
    return out


def sheet(town: str, ups: list[updates.Update], lang: str) -> pd.DataFrame | None:
    """The workbook's sheet of added values: measure, year, value, unit, source, file, line."""
    rows = [
        [updates.label(v.indicator, lang), v.year, v.value, updates.unit(v.indicator, lang), v.source, v.file, v.where]
        for s in series(town, ups)
        for v in s.added
    ]
    if not rows:
        return None
    head = [
        T("town_wb_measure", lang),
        T("town_wb_year", lang),
        T("town_wb_value", lang),
        T("town_wb_unit", lang),
        T("town_added_h_source", lang),
        T("town_added_h_file", lang),
        T("town_added_h_where", lang),
    ]
    return pd.DataFrame(rows, columns=head)


def chart(town: str, ups: list[updates.Update], lang: str):
    """The chart of added years (``_chart``) in the town charts' house style."""
    from . import towncharts

    return towncharts._styled(_chart)(town, ups, lang)


def _chart(town: str, ups: list[updates.Update], lang: str):
    """Each added measure on a real time axis: the published years (solid, the sources), a
    dotted line at the break, the added years (dashed, hollow points), never joined into one
    line; from zero."""
    from . import towncharts

    ss = series(town, ups)
    if not ss:
        return None
    n = len(ss)
    cols = 3 if n >= 3 else 2  # panels as wide as in the other town charts
    rows = (n + cols - 1) // cols
    fig, axs = towncharts._figure(7.2, 2.0 * rows + 0.4, rows, cols)  # the width of the other town charts
    items: dict[str, list[int]] = {}
    for ax, s in zip(axs.flat, ss, strict=False):
        pub = s.published[s.published["value"].notna()].sort_values("year")
        xs = [int(y) for y in pub["year"]]
        if xs:
            ax.plot(xs, pub["value"].astype(float), marker="o", ms=3, color=towncharts.OTHER, lw=1.4)
            items.setdefault(str(pub["table"].iloc[0]), []).extend(int(x) for x in pub["line"])
        ya = [v.year for v in s.added]
        ax.plot(
            ya, [v.value for v in s.added], marker="o", ms=3.5, mfc="white", color=towncharts.HIGHLIGHT, ls="--", lw=1.2
        )
        if xs:
            cut = (max(xs) + min(ya)) / 2
            ax.axvline(cut, color=towncharts.REF, lw=0.8, ls=":")
        allx = xs + ya
        ax.set_xlim(min(allx) - 0.6, max(allx) + 0.6)
        ax.set_xticks(sorted(set(allx)), [str(x) for x in sorted(set(allx))], rotation=45 if len(set(allx)) > 5 else 0)
        top = max([float(v) for v in pub["value"]] + [v.value for v in s.added])
        ax.set_ylim(0, top * 1.18 if top > 0 else 1)
        ax.yaxis.set_major_formatter(towncharts.tick_formatter(lang))
        ax.tick_params(labelsize=6)
        title = f"{updates.label(s.indicator, lang)}, {updates.unit(s.indicator, lang)}"
        ax.set_title("\n".join(towncharts._wrap(title, 30)), loc="left")
    for ax in list(axs.flat)[n:]:
        ax.set_visible(False)
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], color=towncharts.OTHER, marker="o", ms=3, lw=1.4, label=T("town_added_legend_pub", lang)),
        Line2D(
            [],
            [],
            color=towncharts.HIGHLIGHT,
            marker="o",
            ms=3.5,
            mfc="white",
            ls="--",
            label=T("town_added_legend_add", lang),
        ),
        Line2D([], [], color=towncharts.REF, ls=":", lw=0.8, label=T("town_added_break", lang)),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=6, frameon=False)
    files = ", ".join(dict.fromkeys(v.file for s in ss for v in s.added))
    pub = towncharts.source_line(list(items.items()), lang) if items else ""
    src = " ".join(x for x in (pub, T("town_added_src", lang, files=files)) if x)
    name = texts.town_name(town, lang)
    return towncharts.TownChart(
        T("town_added_chart", lang, town=name),
        towncharts._render(fig),
        src,
        [T("town_added_chart_note", lang)],
        _chart_rows(ss, lang),
    )


def _chart_rows(ss: list, lang: str):
    """What the chart of added years draws, to take away: each published value with its table
    and line, each added value with its file and line."""
    from . import takeaway

    rows = []
    for s in ss:
        label, unit = updates.label(s.indicator, lang), updates.unit(s.indicator, lang)
        pub = s.published[s.published["value"].notna()].sort_values("year")
        for r in pub.to_dict("records"):
            rows.append(
                [label, int(r["year"]), float(r["value"]), unit, texts.source_id_label(r["table"], lang), r["line"]]
            )
        rows += [[label, v.year, v.value, unit, v.file, v.where] for v in s.added]
    keys = ("town_wb_measure", "town_wb_year", "town_wb_value", "town_wb_unit", "town_col_source", "town_wb_line")
    return takeaway.Rows("added-years", [pd.DataFrame(rows, columns=[T(k, lang) for k in keys])])
