"""The sources' tables of words: the text tables (T1, T2, T3, T8, T10, T27, T28, TAE1), the
types of Table 4, the structures of Tables 12 and 17, the measures of Table 18 and the
method's matrix and result (Tables 25 and 26), each as published.
"""

from __future__ import annotations

import pandas as pd

from monotowns import data, method
from monotowns.method import scenarios

from . import page, texts
from .shown import Shown, html_table

T = texts.t


def prose_table(table: str, lang: str) -> Shown:
    """A text table (T1, T2, T3, T8, T10, T27, T28, TAE1): one row per printed row, the items
    of a cell as a list, text as published."""
    df = data.load(table.lower())
    colnames = df.drop_duplicates("column").sort_values("column")
    header = [texts.source_text(table, "column_label_kk", str(x), lang) for x in colnames["column_label_kk"]]
    rows, recs = [], []
    for _, g in df.groupby("row", sort=True):
        cells = []
        rec = []
        for c in colnames["column"]:
            items = [
                texts.source_text(table, "text", x, lang)
                for x in g[g["column"] == c].sort_values("item")["text"].dropna().tolist()
            ]
            if len(items) > 1:
                cells.append(page.Items(items))
            else:
                cells.append(items[0] if items else "")
            rec.append("\n".join(items))
        group = g["group_kk"].dropna()
        if len(group) and group.iloc[0]:
            label = page.Strong(texts.source_text(table, "group_kk", group.iloc[0], lang))
            if not rows or rows[-1][0] != label:
                rows.append([label] + [""] * (len(header) - 1))
        rows.append(cells)
        recs.append(rec)
    return Shown(
        html_table(header, rows, first_col_header=False),
        pd.DataFrame(recs, columns=header),
    )


def t4_types(lang: str) -> Shown:
    """Table 4: the functional types of the mono-towns with their towns."""
    df = data.load("t4")
    df = df[df["city_id"].notna()]
    rows, recs = [], []
    for (tkk, _tid), g in df.groupby(["functional_type_kk", "functional_type_id"], sort=False):
        names = ", ".join(texts.town_name(c, lang) for c in g["city_id"])
        label = texts.source_text("T4", "functional_type_kk", tkk, lang)
        rows.append([label, str(len(g)), names])
        recs.append([label, len(g), names])
    head = [T("t4_type", lang), T("count", lang), T("towns", lang)]
    return Shown(html_table(head, rows), pd.DataFrame(recs, columns=head))


def t12_structure(lang: str, city_ids: list[str] | None = None) -> Shown:
    """Table 12: city-forming enterprise, company, specialisation, activity per town."""
    df = data.load("t12")
    if city_ids is not None:
        df = df[df["city_id"].isin(city_ids)]
    fields = list(dict.fromkeys(df["field"]))
    heads = {f: df[df["field"] == f]["field_label_kk"].iloc[0] for f in fields}
    rows = []
    for city, g in df.groupby("city_id", sort=False):
        d = dict(zip(g["field"], g["text"], strict=True))
        rows.append(
            [texts.town_name(city, lang)]
            + [texts.source_text("T12", "text", d.get(f), lang) if isinstance(d.get(f), str) else "" for f in fields]
        )
    head = [T("town", lang)] + [
        " ".join(texts.source_text("T12", "field_label_kk", heads[f], lang).split()) for f in fields
    ]
    return Shown(html_table(head, rows), pd.DataFrame(rows, columns=head))


def t17_structure(lang: str) -> Shown:
    """Table 17: the seven indicators and their components."""
    df = data.load("t17")
    rows = [
        [
            texts.source_text("T17", "indicator_kk", r["indicator_kk"], lang),
            r["indicator_code"] or "",
            texts.source_text("T17", "component_kk", r["component_kk"], lang),
            r["component_code"] or "",
        ]
        for r in df.to_dict("records")
    ]
    head = [T("t17_indicator", lang), T("t17_code", lang), T("t17_component", lang), T("t17_code", lang)]
    return Shown(html_table(head, rows), pd.DataFrame(rows, columns=head))


def t18_measures(lang: str) -> Shown:
    """Table 18: the system of measures."""
    df = data.load("t18")
    rows = [
        [texts.source_text("T18", f, r[f], lang) for f in ("indicator_raw", "measure_raw", "unit_raw", "source_raw")]
        + [texts.source_text("T18", "normalisation_raw", r["normalisation_raw"], lang)]
        for r in df.fillna("").to_dict("records")
    ]
    head = [T(f"t18_{k}", lang) for k in ("indicator", "measure", "unit", "source", "normalisation")]
    return Shown(html_table(head, rows), pd.DataFrame(rows, columns=head))


def t25_matrix(lang: str) -> Shown:
    """Table 25: indicator × grade → the scenarios it supports ('+')."""
    df = data.load("t25")
    rows = []
    for (ikk, _code, lvl), g in df.groupby(["indicator_kk", "indicator_code", "level_kk"], sort=False):
        marks = dict(zip(g["scenario_id"], g["supports"], strict=True))
        name = texts.source_text("T25", "indicator_kk", ikk, lang)
        lv = texts.source_text("T25", "level_kk", lvl, lang)
        rows.append([f"{name}", lv] + ["+" if marks.get(s) else "" for s in scenarios.SCENARIOS])
    head = [T("indicator", lang), T("class", lang)] + [texts.scenario_label(s, lang) for s in scenarios.SCENARIOS]
    return Shown(html_table(head, rows), pd.DataFrame(rows, columns=head))


def t26_result(lang: str) -> Shown:
    """Table 26 as published: each town's grades and printed scenario scores, beside the scores
    Table 25 gives for those grades."""
    from monotowns.method import assess

    rows = []
    towns_ = method.published_towns()
    res = {t: assess.published_t26(t) for t in towns_}
    for ind in method.GRADED:
        rows.append([ind] + [texts.class_label(res[t][0].get(ind), lang) for t in towns_])
    for s in scenarios.SCENARIOS:
        rows.append(
            [texts.scenario_label(s, lang) + f" ({T('published', lang)})"] + ["+" * res[t][1][s] or "0" for t in towns_]
        )
        rows.append(
            [texts.scenario_label(s, lang) + f" ({T('mode_recomputed', lang)}: T25 × T26)"]
            + [str(scenarios.score(res[t][0])[s]) for t in towns_]
        )
    head = [T("indicator", lang)] + [texts.town_name(t, lang) for t in towns_]
    return Shown(html_table(head, rows), pd.DataFrame(rows, columns=head))
