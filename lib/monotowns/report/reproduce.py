"""The chapters' figures: the charts drawn from the data or from the values the text quotes,
the diagrams redrawn from their box labels, the maps, and the figure data they read.

Which figure is drawn how is the registry's (``items``); the chapters' notebooks call these.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from monotowns import data, method
from monotowns.data import context, towns
from monotowns.method import scenarios

from . import charts, diagrams, page, shown, takeaway, texts
from .takeaway import quoted_period, with_period  # noqa: F401 - the chapters' notebooks call them here

T = texts.t


def _src(sid: str, lang: str) -> str:
    s, line = texts.caption_line(sid)
    return texts.source_note(s, line, lang)


# ---------------------------------------------------------------- figure data


def figure_quotes() -> pd.DataFrame:
    """Numbers the text quotes about charts whose data did not survive (data/figure_quotes.csv)."""
    return _figure_quotes(context.current().data_dir)


@lru_cache(maxsize=4)
def _figure_quotes(data_dir: Path) -> pd.DataFrame:
    p = data_dir / "figure_quotes.csv"
    if not p.exists():
        return pd.DataFrame(
            columns=["figure", "city_id", "measure", "year", "value_raw", "value", "unit", "line", "quote"]
        )
    return data.load("figure-quotes")


def diagram_data() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes and edges of the conceptual diagrams (data/diagram_nodes.csv, diagram_edges.csv)."""
    return _diagram_data(context.current().data_dir)


@lru_cache(maxsize=4)
def _diagram_data(data_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    if not (data_dir / "diagram_nodes.csv").exists():
        return pd.DataFrame(columns=["figure", "node", "label_kk", "line", "role"]), pd.DataFrame(
            columns=["figure", "from_node", "to_node", "link_kind"]
        )
    return data.load("diagram-nodes"), data.load("diagram-edges")


def town_coords() -> pd.DataFrame:
    """Town coordinates with their source (data/town_coords.csv)."""
    return _town_coords(context.current().data_dir)


@lru_cache(maxsize=4)
def _town_coords(data_dir: Path) -> pd.DataFrame:
    p = data_dir / "town_coords.csv"
    if not p.exists():
        return pd.DataFrame(columns=["city_id", "lat", "lon", "source"])
    return data.load("town-coords")


# ---------------------------------------------------------------- charts


#: The charts a chapter notebook draws from the tidy data: their value axis and year axis (catalogue
#: keys) and the table their source line names (None: the figure's own caption line).
CHART_AXES = {
    "F13": ("axis_towns_count", None, "T6"),
    "F20": ("axis_persons", "axis_year", None),
    "F29": ("axis_mln_tenge", None, "T16"),
    "F40": ("axis_scenario_score", None, "T26"),
}


def chart_labels(fid: str, lang: str) -> dict:
    """A data chart's title (its caption), axis labels and source line, as the keyword arguments
    of ``charts.bars``, ``charts.lines`` and ``charts.grouped_bars``."""
    y, x, table = CHART_AXES[fid]
    out = {
        "title": texts.caption(fid, lang),
        "ylabel": T(y, lang),
        "source": T("chart_source", lang, table=table) if table else _src(fid, lang),
    }
    return {**out, "xlabel": T(x, lang)} if x else out


def f13(lang: str):
    """Number of mono-towns by oblast, derived from Table 6's oblast grouping."""
    items = takeaway.towns_by_oblast(lang)
    return charts.bars(
        [k for k, _ in items],
        [len(v) for _, v in items],
        labels_fmt=lambda v: f"{v:g}",
        horizontal=True,
        **chart_labels("F13", lang),
    )


def f20(lang: str, city_ids: list[str] | None = None):
    """Unemployed persons 2017-2021 by town (the OCR'd table above Figure 20's caption)."""
    df = data.numeric_table("F20")
    if city_ids:
        df = df[df["city_id"].isin(city_ids)]
    years = sorted(df["year"].dropna().unique().astype(int).tolist())
    series = {
        texts.town_name(c, lang): [float(g[g["year"] == y]["value"].iloc[0]) for y in years]
        for c, g in df.groupby("city_id", sort=False)
    }
    return charts.lines(years, series, **chart_labels("F20", lang))


def f29(lang: str, city_ids: list[str] | None = None):
    """Innovative output 2017-2021 for the three towns of Table 16."""
    df = data.numeric_table("T16")
    df = df[df["indicator"] == "innovative_output"]
    if city_ids:
        df = df[df["city_id"].isin(city_ids)]
    years = sorted(df["year"].dropna().unique().astype(int).tolist())
    towns_ = list(dict.fromkeys(df["city_id"]))
    series = {str(y): [float(df[(df.city_id == c) & (df.year == y)]["value"].iloc[0]) for c in towns_] for y in years}
    notes = [T("missing_not_drawn", lang)] if df["value"].isna().any() else []
    return charts.grouped_bars(
        [texts.town_name(c, lang) for c in towns_],
        series,
        notes=notes,
        **chart_labels("F29", lang),
    )


def f40(lang: str):
    """Scenario support per town (Table 26): published scores beside the recomputed ones."""
    from monotowns.method import assess

    towns_ = method.published_towns()
    res = {t: assess.assess(method.published_inputs(t)) for t in towns_}
    series = {}
    for s in scenarios.SCENARIOS:
        series[texts.scenario_label(s, lang)] = [res[t].printed_scores_t26[s] for t in towns_]
    return charts.grouped_bars(
        [texts.town_name(t, lang) for t in towns_],
        series,
        notes=f40_notes(lang),
        value_fmt=lambda v: f"{v:g}",
        **chart_labels("F40", lang),
    )


def f40_notes(lang: str) -> list[str]:
    """Under Figure 40: each town's recommended scenarios as Table 26's scores give them and as
    the method recomputed gives them."""
    from monotowns.method import assess

    out = []
    for t in method.published_towns():
        a = assess.assess(method.published_inputs(t))
        out.append(
            f"{texts.town_name(t, lang)}: {T('recommended', lang)} — "
            + ", ".join(texts.scenario_label(s, lang) for s in scenarios.recommended(a.printed_scores_t26))
            + f" ({T('published', lang)}); "
            + ", ".join(texts.scenario_label(s, lang) for s in a.recommended)
            + f" ({T('recomputed', lang)})"
        )
    return out


_measure_labels = takeaway.measure_labels


def with_unit(label: str, unit: str) -> str:
    """A measure's label with its unit, once: "people who left, thousand persons"."""
    if not unit or label.casefold().endswith(unit.casefold()):
        return label
    return f"{label}, {unit}"


def single_value(fid: str) -> bool:
    """Whether the text quotes one value only of the partial figure's main measure: then no
    chart is drawn, the report shows a small table (saved as ``tables/<lang>/<ID>.csv``)."""
    q = figure_quotes()
    q = q[(q["figure"] == fid) & q["value"].notna()]
    return not q.empty and int(q.groupby(["measure", "unit"], sort=False).size().max()) == 1


def most_quoted(q: pd.DataFrame) -> tuple[str, str]:
    """The measure and unit the text quotes most often among a figure's quoted values (the first
    of equals in the file's order): what its partial chart draws."""
    return q[q["value"].notna()].groupby(["measure", "unit"], sort=False).size().idxmax()


def quoted_value(r, lang: str) -> str:
    """A value the text quotes, as printed (Kazakh) or in the reader's convention, with its unit;
    a value the text states in words ("екі есеге", two-fold) in the reader's words."""
    if pd.isna(r["value"]):
        return texts.source_text("figure_quotes", "value_raw", r["value_raw"], lang)
    unit = texts.unit(r["unit"], lang) if isinstance(r["unit"], str) and r["unit"] else ""
    sep = "" if unit == "%" else " "
    return texts.published(r["value_raw"], lang, f"{texts.fmt_number(float(r['value']), lang)}{sep}{unit}".strip())


def quoted_labels(q: pd.DataFrame, lang: str, panels: bool = False) -> dict:
    """What a partial chart says beside its bars, as keyword arguments of ``charts.bars`` (or, with
    ``panels``, ``charts.bar_panels``): the caption marked partial, the drawn measure with its
    unit, the source line, the reader's number format, the partial badge, and under the chart
    every value the text quotes for the figure with its sentence and line."""
    fid = q["figure"].iloc[0]
    measure, unit = most_quoted(q)
    ml = _measure_labels()
    key = f"label_{lang}"
    label = with_unit(ml[measure][key], texts.unit(unit, lang))
    n = int(((q["measure"] == measure) & (q["unit"] == unit) & q["value"].notna()).sum())
    quotes = [
        f"{texts.town_name(r['city_id'], lang)} — {with_period(ml[r['measure']][key], r['period'], lang)}"
        + f": {quoted_value(r, lang)} — «{texts.source_text('figure_quotes', 'quote', r['quote'], lang)}»"
        + f" ({T('source_line', lang)} {r['line']})"
        for r in q.to_dict("records")
    ]
    notes = [T("partial_drawn", lang, measure=label, n=n), T("partial_note", lang)] + quotes
    return {
        "title": texts.caption(fid, lang) + f" [{T('status_partial', lang)}]",
        ("xlabel" if panels else "ylabel"): label,
        "source": _src(fid, lang),
        "labels_fmt": lambda v: texts.fmt_number(v, lang),
        "notes": [T("partial_periods", lang)] + notes if panels else notes,
        "partial": T("partial_badge", lang),
    }


def quoted_chart(fid: str, lang: str, city_ids: list[str] | None = None):
    """A partial chart: the values the text quotes for the figure's most-quoted measure, one bar
    each (one panel per period where they are of different periods), labelled as partial; every
    quoted value of the figure (with its sentence and line) is listed under it. The chapter
    notebooks draw these in the cell with the same pieces (``most_quoted``, ``quoted_labels``)."""
    q = figure_quotes()
    q = q[q["figure"] == fid]
    if city_ids:
        q = q[q["city_id"].isin(city_ids + ["karaganda_oblast", "monotowns_total"])]
    if q.empty:
        return not_reproducible(fid, lang)
    if single_value(fid):  # a chart of one value is a small table of what the text quotes
        ml = _measure_labels()
        rows = [
            [
                texts.town_name(r["city_id"], lang),
                with_period(ml[r["measure"]][f"label_{lang}"], r["period"], lang),
                quoted_value(r, lang),
                str(r["line"]),
            ]
            for r in q.to_dict("records")
        ]
        head = [T(k, lang) for k in ("col_town", "col_measure", "col_value", "col_line")]
        frame = q[["city_id", "measure", "period", "value_raw", "value", "unit", "line"]].reset_index(drop=True)
        table = page.Table(head, rows, "quoted", first_col_header=False, num=frozenset({2, 3}))
        return shown.Shown(
            [page.Para(T("partial_single", lang, n=len(q))), table, page.note(T("partial_note", lang))], frame
        )
    measure, unit = most_quoted(q)
    drawn = q[(q["measure"] == measure) & (q["unit"] == unit)].dropna(subset=["value"])
    periods = [quoted_period(p, lang) or "—" for p in drawn["period"]]
    names = [texts.town_name(c, lang) for c in drawn["city_id"]]
    if len(set(periods)) > 1:  # values of different periods: one panel each, never side by side
        panels: dict[str, tuple[list[str], list[float]]] = {}
        for p, town, v in zip(periods, names, drawn["value"], strict=True):
            panels.setdefault(p, ([], []))
            panels[p][0].append(town)
            panels[p][1].append(float(v))
        return charts.bar_panels(panels, **quoted_labels(q, lang, panels=True))
    bars = [with_period(town, p, lang) for town, p in zip(names, drawn["period"], strict=True)]
    return charts.bars(bars, drawn["value"].astype(float).tolist(), horizontal=True, **quoted_labels(q, lang))


def diagram(fid: str, lang: str):
    """A conceptual diagram redrawn from its box labels (our layout)."""
    nodes, edges = diagram_data()
    n = [
        {**r, "label": texts.source_text("diagram_nodes", "label_kk", r["label_kk"], lang)}
        for r in nodes[nodes["figure"] == fid].to_dict("records")
    ]
    e = edges[edges["figure"] == fid].to_dict("records")
    if not n:
        return shown.Shown(page.Para(T("not_reproducible_note", lang, reason=T("reason_no_data", lang))))
    return diagrams.diagram(
        n,
        e,
        title=texts.caption(fid, lang),
        source=_src(fid, lang),
        notes=[T("diagram_note", lang), T("diagram_links_dashed", lang)],
    )


def town_map(fid: str, lang: str, highlight: list[str] | None = None):
    """F14 (all 27 towns) and F17 (the Karaganda 8 named among the 27): points at the registry's
    coordinates on Kazakhstan's outline."""
    c = town_coords()
    ids = towns.town_ids()
    c = c[c["city_id"].isin(ids)]
    pts = [
        {
            "id": r["city_id"],
            "lat": float(r["lat"]),
            "lon": float(r["lon"]),
            "label": texts.town_name(r["city_id"], lang),
        }
        for r in c.to_dict("records")
    ]
    missing = [texts.town_name(i, lang) for i in ids if i not in set(c["city_id"])]
    src = sorted(set(c["coord_source"].astype(str))) if len(c) else ["—"]
    rings, oblasts = charts.geography("kz-outline"), charts.geography("kz-oblasts")
    notes = [
        T(
            "map_note",
            lang,
            source="; ".join(src),
            boundaries="Natural Earth 10m admin-0 v5.1.1, admin-1 (public domain)",
        )
    ]
    if missing:
        notes.append(T("missing_value", lang) + ": " + ", ".join(missing))
    labelled = None
    if fid == "F17":  # the Karaganda 8 on the whole country's outline, the other 19 small and unnamed
        highlight = labelled = towns.karaganda_ids()
    return charts.points_map(
        pts,
        title=texts.caption(fid, lang),
        source=_src(fid, lang),
        notes=notes,
        highlight=set(highlight) if highlight else None,
        outline=rings,
        boundaries=oblasts,
        labelled=set(labelled) if labelled else None,
    )


def not_reproducible(fid: str, lang: str):
    return shown.Shown(page.Para(T("not_reproducible_note", lang, reason=T("reason_no_data", lang)), "missing"))
