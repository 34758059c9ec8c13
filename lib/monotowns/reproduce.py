"""One reproducer per source table and figure: what it shows, where, and how faithfully.

``REGISTRY`` maps each of the 78 ids (T1-T28, TAE1, TB1, AppV, F1-F43, A1-A4) to its
notebook, its status (``reproduced``, ``partial``, ``diagram``, ``not_reproducible``), the
reason for anything short of reproduced, and the function that renders it. The
replication manifest is generated from it (``monotowns.manifest``).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from . import data, labels, method, paths, plots, present, scenarios, towns

T = labels.t
STATUSES = ("reproduced", "partial", "diagram", "not_reproducible")

DIAGRAMS = tuple(f"F{i}" for i in list(range(1, 13)) + [30, 34, 35, 36, 37, 38, 41, 42, 43])
NOTEBOOKS = {
    "01_theory": ["T1", "T2", "T3"] + [f"F{i}" for i in range(1, 13)],
    "02_1_kazakhstan": ["T4", "T5", "T6", "T7", "T8", "F13", "F14", "F15"],
    "02_2_karaganda": [f"T{i}" for i in range(9, 16)] + [f"F{i}" for i in range(16, 29)],
    "02_3_innovation": ["T16"] + [f"F{i}" for i in range(29, 34)],
    "03_2_method": [f"T{i}" for i in range(17, 27)] + [f"F{i}" for i in range(34, 41)],
    "03_3_mechanisms": ["T27", "T28", "F41", "F42", "F43"],
    "04_appendices": ["TAE1", "TB1", "AppV"],
    "05_article": ["A1", "A2", "A3", "A4"],
}


@dataclass(frozen=True)
class Entry:
    """How one source table or figure is reproduced."""

    sid: str
    notebook: str
    status: str
    reason: str
    render: Callable[[str], object]
    kind: str  # table | figure


def _src(sid: str, lang: str) -> str:
    s, line = labels.caption_line(sid)
    return labels.source_note(s, line, lang)


# ---------------------------------------------------------------- figure data


@lru_cache(maxsize=1)
def figure_quotes() -> pd.DataFrame:
    """Numbers the text quotes about charts whose data did not survive (data/figure_quotes.csv)."""
    p = paths.DATA_DIR / "figure_quotes.csv"
    if not p.exists():
        return pd.DataFrame(
            columns=["figure", "city_id", "measure", "year", "value_raw", "value", "unit", "line", "quote"]
        )
    return data.load("figure-quotes")


@lru_cache(maxsize=1)
def diagram_data() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes and edges of the conceptual diagrams (data/diagram_nodes.csv, diagram_edges.csv)."""
    if not (paths.DATA_DIR / "diagram_nodes.csv").exists():
        return pd.DataFrame(columns=["figure", "node", "label_kk", "line", "role"]), pd.DataFrame(
            columns=["figure", "from_node", "to_node", "link_kind"]
        )
    return data.load("diagram-nodes"), data.load("diagram-edges")


@lru_cache(maxsize=1)
def town_coords() -> pd.DataFrame:
    """Town coordinates with their source (data/town_coords.csv)."""
    p = paths.DATA_DIR / "town_coords.csv"
    if not p.exists():
        return pd.DataFrame(columns=["city_id", "lat", "lon", "source"])
    return data.load("town-coords")


# ---------------------------------------------------------------- charts


def f13(lang: str):
    """Number of mono-towns by oblast, derived from Table 6's oblast grouping."""
    t6 = data.numeric_table("T6")
    ids = list(dict.fromkeys(t6["city_id"]))
    counts: dict[str, int] = {}
    for c in ids:
        o = labels.oblast_name(c, lang)
        counts[o] = counts.get(o, 0) + 1
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return plots.bars(
        [k for k, _ in items],
        [v for _, v in items],
        title=labels.caption("F13", lang),
        ylabel=T("axis_towns_count", lang),
        source=T("chart_source", lang, table="T6"),
        labels_fmt=lambda v: f"{v:g}",
        horizontal=True,
    )


def f20(lang: str, city_ids: list[str] | None = None):
    """Unemployed persons 2017-2021 by town (the OCR'd table above Figure 20's caption)."""
    df = data.numeric_table("F20")
    if city_ids:
        df = df[df["city_id"].isin(city_ids)]
    years = sorted(df["year"].dropna().unique().astype(int).tolist())
    series = {
        labels.town_name(c, lang): [float(g[g["year"] == y]["value"].iloc[0]) for y in years]
        for c, g in df.groupby("city_id", sort=False)
    }
    return plots.lines(
        years,
        series,
        title=labels.caption("F20", lang),
        ylabel=T("axis_persons", lang),
        xlabel=T("axis_year", lang),
        source=_src("F20", lang),
    )


def f29(lang: str, city_ids: list[str] | None = None):
    """Innovative output 2017-2021 for the three towns of Table 16."""
    df = data.numeric_table("T16")
    df = df[df["indicator"] == "innovative_output"]
    if city_ids:
        df = df[df["city_id"].isin(city_ids)]
    years = sorted(df["year"].dropna().unique().astype(int).tolist())
    towns_ = list(dict.fromkeys(df["city_id"]))
    series = {
        str(y): [float(df[(df.city_id == c) & (df.year == y)]["value"].fillna(0).iloc[0]) for c in towns_]
        for y in years
    }
    notes = [T("missing_value", lang) + ": '-' → 0"] if df["value"].isna().any() else []
    return plots.grouped_bars(
        [labels.town_name(c, lang) for c in towns_],
        series,
        title=labels.caption("F29", lang),
        ylabel=T("axis_mln_tenge", lang),
        source=T("chart_source", lang, table="T16"),
        notes=notes,
    )


def f40(lang: str):
    """Scenario support per town (Table 26): published scores beside the recomputed ones."""
    from . import assess

    towns_ = method.published_towns()
    res = {t: assess.assess(method.published_inputs(t)) for t in towns_}
    series = {}
    for s in scenarios.SCENARIOS:
        series[labels.scenario_label(s, lang)] = [res[t].printed_scores_t26[s] for t in towns_]
    notes = [
        f"{labels.town_name(t, lang)}: {T('recommended', lang)} — "
        + ", ".join(labels.scenario_label(s, lang) for s in scenarios.recommended(res[t].printed_scores_t26))
        + f" ({T('published', lang)}); "
        + ", ".join(labels.scenario_label(s, lang) for s in res[t].recommended)
        + f" ({T('recomputed', lang)})"
        for t in towns_
    ]
    return plots.grouped_bars(
        [labels.town_name(t, lang) for t in towns_],
        series,
        title=labels.caption("F40", lang),
        ylabel=T("axis_scenario_score", lang),
        source=T("chart_source", lang, table="T26"),
        notes=notes,
        value_fmt=lambda v: f"{v:g}",
    )


@lru_cache(maxsize=1)
def _measure_labels() -> dict[str, dict[str, str]]:
    m = data.load("figure-measures")
    return {r["measure"]: r for r in m.to_dict("records")}


def quoted_chart(fid: str, lang: str, city_ids: list[str] | None = None):
    """A partial chart: the values the text quotes for the figure's most-quoted measure, one bar
    each, labelled as partial; every quoted value of the figure (with its sentence and line) is
    listed under it."""
    q = figure_quotes()
    q = q[q["figure"] == fid]
    if city_ids:
        q = q[q["city_id"].isin(city_ids + ["karaganda_oblast", "monotowns_total"])]
    if q.empty:
        return not_reproducible(fid, lang)
    ml = _measure_labels()
    key = f"label_{lang}"
    counts = q[q["value"].notna()].groupby(["measure", "unit"], sort=False).size()
    (measure, unit), _ = max(counts.items(), key=lambda kv: kv[1])
    main = q[(q["measure"] == measure) & (q["unit"] == unit) & q["value"].notna()]
    cats = [
        labels.town_name(r["city_id"], lang) + (f" ({r['period'].strip('()')})" if r["period"] else "")
        for r in main.to_dict("records")
    ]
    vals = [float(r["value"]) for r in main.to_dict("records")]
    notes = [T("partial_note", lang)] + [
        f"{labels.town_name(r['city_id'], lang)} — {ml[r['measure']][key]}"
        + (f" ({r['period']})" if r["period"] else "")
        + f": {r['value_raw']} — «{r['quote']}» ({T('source_line', lang)} {r['line']})"
        for r in q.to_dict("records")
    ]
    title = labels.caption(fid, lang) + f" [{T('status_partial', lang)}]"
    return plots.bars(
        cats,
        vals,
        title=title,
        ylabel=f"{ml[measure][key]}, {unit}",
        source=_src(fid, lang),
        labels_fmt=lambda v: labels.fmt_number(v, lang),
        horizontal=True,
        notes=notes,
    )


def diagram(fid: str, lang: str):
    """A conceptual diagram redrawn from its box labels (our layout)."""
    nodes, edges = diagram_data()
    n = nodes[nodes["figure"] == fid].to_dict("records")
    e = edges[edges["figure"] == fid].to_dict("records")
    if not n:
        return present.Shown(
            f"<p>{present.esc(T('not_reproducible_note', lang, reason=T('reason_no_data', lang)))}</p>"
        )
    return plots.diagram(n, e, title=labels.caption(fid, lang), source=_src(fid, lang), notes=[T("diagram_note", lang)])


def town_map(fid: str, lang: str, highlight: list[str] | None = None):
    """F14 (all 27 towns) and F17 (the Karaganda 8): points at the registry's coordinates."""
    c = town_coords()
    ids = towns.karaganda_ids() if fid == "F17" else towns.town_ids()
    c = c[c["city_id"].isin(ids)]
    pts = [
        {
            "id": r["city_id"],
            "lat": float(r["lat"]),
            "lon": float(r["lon"]),
            "label": labels.town_name(r["city_id"], lang),
        }
        for r in c.to_dict("records")
    ]
    missing = [labels.town_name(i, lang) for i in ids if i not in set(c["city_id"])]
    src = sorted(set(c["coord_source"].astype(str))) if len(c) else ["—"]
    outline = data.load("kz-outline")
    rings = [(g["lon"].tolist(), g["lat"].tolist()) for _, g in outline.groupby("ring")]
    notes = [
        T(
            "map_note",
            lang,
            source="; ".join(src),
            boundaries="Natural Earth 10m admin-0 v5.1.1 (public domain)",
        )
    ]
    if missing:
        notes.append(T("missing_value", lang) + ": " + ", ".join(missing))
    if fid == "F17":
        lons, lats = [p["lon"] for p in pts], [p["lat"] for p in pts]
        box = (min(lons) - 1.5, max(lons) + 1.5, min(lats) - 1, max(lats) + 1)
    else:
        box = None
    return plots.points_map(
        pts,
        title=labels.caption(fid, lang),
        source=_src(fid, lang),
        notes=notes,
        highlight=set(highlight) if highlight else None,
        outline=rings,
        box=box,
    )


def not_reproducible(fid: str, lang: str):
    return present.Shown(
        f'<p class="missing">{present.esc(T("not_reproducible_note", lang, reason=T("reason_no_data", lang)))}</p>'
    )


# ---------------------------------------------------------------- the registry


def _table_renderer(sid: str) -> Callable[[str], object]:
    special = {
        "T4": present.t4_types,
        "T7": lambda lang: present.t7_projects(lang),
        "T12": lambda lang: present.t12_structure(lang),
        "T17": present.t17_structure,
        "T18": present.t18_measures,
        "T25": present.t25_matrix,
        "T26": present.t26_result,
        "TB1": lambda lang: present.swot(lang),
        "AppV": present.appv,
        "A4": present.a4_swot,
    }
    if sid in special:
        return special[sid]
    if sid in ("T19", "T20", "T21", "T22", "T23", "T24"):
        return lambda lang: present.numeric_table(sid, lang, transpose=True)
    from .descriptor import NUMERIC_TABLES

    if sid in NUMERIC_TABLES:
        return lambda lang: present.numeric_table(sid, lang)
    return lambda lang: present.prose_table(sid, lang)


PARTIAL_CANDIDATES = (
    "F15",
    "F16",
    "F18",
    "F19",
    "F21",
    "F22",
    "F23",
    "F24",
    "F25",
    "F26",
    "F27",
    "F28",
    "F31",
    "F32",
    "F33",
    "F39",
)


@lru_cache(maxsize=1)
def registry() -> dict[str, Entry]:
    """Every source id → its Entry, in catalogue order."""
    nb_of = {sid: nb for nb, ids in NOTEBOOKS.items() for sid in ids}
    with open(paths.DATA_DIR / "catalogue.csv", encoding="utf-8", newline="") as f:
        cat = list(csv.DictReader(f))
    quoted = set(figure_quotes()["figure"])
    out: dict[str, Entry] = {}
    for c in cat:
        sid = c["id"]
        if c["object_type"] == "table":
            out[sid] = Entry(sid, nb_of[sid], "reproduced", "", _table_renderer(sid), "table")
            continue
        if sid in DIAGRAMS:
            has = sid in set(diagram_data()[0]["figure"])
            out[sid] = Entry(
                sid,
                nb_of[sid],
                "diagram" if has else "not_reproducible",
                "conceptual diagram redrawn from the box labels that survive in the text; layout ours"
                if has
                else "the diagram's box labels could not be matched in the text",
                (lambda lang, s=sid: diagram(s, lang)),
                "figure",
            )
        elif sid == "F13":
            out[sid] = Entry(
                sid, nb_of[sid], "reproduced", "derived: counts of Table 6's towns by oblast", f13, "figure"
            )
        elif sid in ("F14", "F17"):
            out[sid] = Entry(
                sid,
                nb_of[sid],
                "reproduced",
                "derived: town coordinates from the registry (data/town_coords.csv), not the original map",
                (lambda lang, s=sid: town_map(s, lang)),
                "figure",
            )
        elif sid == "F20":
            out[sid] = Entry(sid, nb_of[sid], "reproduced", "", f20, "figure")
        elif sid == "F29":
            out[sid] = Entry(sid, nb_of[sid], "reproduced", "derived from Table 16 (innovative output)", f29, "figure")
        elif sid == "F40":
            out[sid] = Entry(
                sid,
                nb_of[sid],
                "reproduced",
                "derived from Table 26; the original is a diagram naming each town's scenario",
                f40,
                "figure",
            )
        elif sid in quoted:
            n = int((figure_quotes()["figure"] == sid).sum())
            out[sid] = Entry(
                sid,
                nb_of[sid],
                "partial",
                f"the chart's data did not survive; {n} value(s) quoted in the text are drawn",
                (lambda lang, s=sid: quoted_chart(s, lang)),
                "figure",
            )
        else:
            out[sid] = Entry(
                sid,
                nb_of[sid],
                "not_reproducible",
                "the chart's data did not survive and the text quotes none of its values",
                (lambda lang, s=sid: not_reproducible(s, lang)),
                "figure",
            )
    return out
