"""The sources' numeric tables as readable tables, in the reader's language (Kazakh, Russian
or English), and the method's, the SWOT's, the audit's and the glossary's tables.

Every function returns a ``Shown``: the blocks to display (all text escaped), the frame
behind them (written to ``outputs/tables/<lang>/<ID>.csv``) and the notes that go under
them. Numbers are formatted by language; a text cell shows the published text; a published
cell listed in the errata is marked ``*n`` (``marks``). The tables of words are ``prose``'s.
"""

from __future__ import annotations

import re

import pandas as pd

from monotowns import data, method
from monotowns.data import towns
from monotowns.method import scenarios

from . import page, texts
from .marks import Marks, cell_text, maybe_unit
from .shown import Shown, html_table

T = texts.t

# ---------------------------------------------------------------- numeric tables


def _header(table: str, indicator: str, year, lang: str, ind: pd.DataFrame) -> str:
    row = ind[(ind["table"] == table) & (ind["indicator"] == indicator)]
    if row.empty:
        label = indicator
    else:
        r = row.iloc[0]
        label = texts.measure_label(r, lang) or indicator
    return f"{label} {int(year)}" if year is not None and not pd.isna(year) else str(label)


def numeric_table(table: str, lang: str, *, city_ids: list[str] | None = None, transpose: bool = False) -> Shown:
    """A numeric table in its printed shape: towns as rows (or columns with ``transpose``),
    measures × years as columns; errata cells marked. The three steps a chapter notebook shows:
    ``printed_cells``, a pivot, ``present``."""
    df = data.numeric_table(table)
    if city_ids is not None:
        df = df[df["city_id"].isin(city_ids)]
        transpose = transpose or len(city_ids) == 1
    cells, marks = printed_cells(df, table, lang)
    grid = cells.pivot_table(index="city_id", columns=["indicator", "year"], values="text", aggfunc="first", sort=False)
    return present(table, grid, lang, marks, transpose=transpose)


def printed_cells(df: pd.DataFrame, table: str, lang: str) -> tuple[pd.DataFrame, Marks]:
    """Each cell of a numeric table (its tidy rows, ``data.numeric_table``) as the page prints it
    in the reader's language: the rows, with ``year`` an integer or "" (a cell without a year) and
    ``text`` the value in the reader's number format (words translated) with its erratum mark
    ('*1'); and the marks, whose notes go under the table (``present``)."""
    ind = data.indicators()
    kinds = dict(zip(ind[ind["table"] == table]["indicator"], ind[ind["table"] == table]["kind"], strict=True))
    marks = Marks(table, lang)
    years, shown = [], []
    for r in df.to_dict("records"):
        year = None if pd.isna(r["year"]) else int(r["year"])
        text = cell_text(r, lang, kinds.get(r["indicator"], "number"))
        m = marks.mark(r["city_id"], r["indicator"], year)
        years.append("" if year is None else year)
        shown.append(text + (f" {m}" if m else ""))
    marks.table_level()
    return df.assign(year=pd.Series(years, index=df.index, dtype="object"), text=shown), marks


def present(table: str, grid: pd.DataFrame, lang: str, marks: Marks, *, transpose: bool = False) -> Shown:
    """A grid of printed cells (rows: towns by id; columns: (measure, year), year "" for none) in
    the house style: the towns' names and the measures' labels in the reader's language, the
    errata's notes under it; too wide for a page, one table per measure (or, for numbered items
    such as Table 7's projects, a row per town and item)."""
    ind = data.indicators()
    col_keys = [(i, None if y == "" or pd.isna(y) else int(y)) for i, y in grid.columns]
    cities = list(grid.index)
    values = grid.to_numpy(dtype=object)
    cell = {
        (c, *k): ("" if not isinstance(values[a][b], str) else values[a][b])
        for a, c in enumerate(cities)
        for b, k in enumerate(col_keys)
    }
    headers = [_header(table, i, y, lang, ind) for i, y in col_keys]
    names = [texts.town_name(c, lang) for c in cities]
    if transpose:
        frame = pd.DataFrame([[cell[(c, i, y)] for c in cities] for i, y in col_keys], index=headers, columns=names)
        head = [T("indicator", lang)] + names
    else:
        frame = pd.DataFrame([[cell[(c, i, y)] for i, y in col_keys] for c in cities], index=names, columns=headers)
        head = [T("town", lang)] + headers
    rows = [[idx] + list(vals) for idx, vals in zip(frame.index, frame.values.tolist(), strict=True)]
    frame.index.name = head[0]
    measures = list(dict.fromkeys(i for i, _ in col_keys))
    items = _items(measures)
    if not transpose and len(col_keys) > 8 and items:
        # a town's numbered items (Table 7's projects 1-3: name, money, jobs): one row per town
        # and item, the item's measures as columns (split by columns it was six sparse tables)
        bases, nums = items
        year_of = dict(col_keys)
        long_head = [T("town", lang), T("item_no", lang)] + [T(f"item_col_{b}", lang) for b in bases]
        long_rows = []
        for c, name in zip(cities, names, strict=True):
            for n in nums:
                vals = [cell.get((c, f"{b}_{n}", year_of.get(f"{b}_{n}")), "") for b in bases]
                if any(vals):
                    long_rows.append([name, str(n), *vals])
        return Shown([html_table(long_head, long_rows), marks.foot()], frame)
    if not transpose and len(col_keys) > 8 and len(measures) > 1:
        # too wide for a page: one table per measure, years as columns
        parts = []
        for m in measures:
            idx = [k for k, (i, _) in enumerate(col_keys) if i == m]
            sub_head = [T("town", lang)] + [str(col_keys[k][1]) if col_keys[k][1] else headers[k] for k in idx]
            sub_rows = [[r[0]] + [r[k + 1] for k in idx] for r in rows]
            parts += [page.Heading(_header(table, m, None, lang, ind), 4), html_table(sub_head, sub_rows)]
        return Shown([parts, marks.foot()], frame)
    return Shown([html_table(head, rows), marks.foot()], frame)


def _items(measures: list[str]) -> tuple[list[str], list[int]] | None:
    """Measures that are numbered items of a town ('project_name_1', 'money_spent_1', …,
    'jobs_created_3'): (the measures' names without the number, the numbers), or None."""
    parts = [re.fullmatch(r"(.+)_(\d+)", m) for m in measures]
    if not all(parts):
        return None
    bases = list(dict.fromkeys(p.group(1) for p in parts))
    nums = sorted({int(p.group(2)) for p in parts})
    return (bases, nums) if len(bases) < len(measures) else None


def town_by_year(table: str, lang: str, city_id: str) -> Shown:
    """One town's rows of a numeric table with the years as columns and the measures as plain
    row labels (the unit once, in the label); errata cells marked. A table without years keeps
    its printed shape (``numeric_table``)."""
    df = data.numeric_table(table)
    df = df[df["city_id"] == city_id]
    years = sorted({int(y) for y in df["year"].dropna()})
    if len(years) < 2 or df["year"].isna().any():
        return numeric_table(table, lang, city_ids=[city_id])
    ind = data.indicators()
    kinds = dict(zip(ind[ind["table"] == table]["indicator"], ind[ind["table"] == table]["kind"], strict=True))
    marks = Marks(table, lang)
    grid: dict[tuple, str] = {}
    for r in df.to_dict("records"):
        text = cell_text(r, lang, kinds.get(r["indicator"], "number"))
        m = marks.mark(r["city_id"], r["indicator"], int(r["year"]))
        grid[(r["indicator"], int(r["year"]))] = text + (f" {m}" if m else "")
    marks.table_level()
    measures = list(dict.fromkeys(df["indicator"]))
    labels = [_header(table, m, None, lang, ind) for m in measures]
    frame = pd.DataFrame(
        [[grid.get((m, y), "–") for y in years] for m in measures], index=labels, columns=[str(y) for y in years]
    )
    frame.index.name = T("indicator", lang)
    rows = [[lab] + vals for lab, vals in zip(labels, frame.values.tolist(), strict=True)]
    return Shown([html_table([T("indicator", lang)] + [str(y) for y in years], rows), marks.foot()], frame)


def t7_projects(lang: str, city_ids: list[str] | None = None) -> Shown:
    """Table 7 as one row per anchor project: town, project, money spent (as printed, with its
    unit), jobs created."""
    df = data.numeric_table("T7")
    if city_ids is not None:
        df = df[df["city_id"].isin(city_ids)]
    rows, recs = [], []
    for (city, _k), g in df.groupby([df["city_id"], df["indicator"].str.extract(r"_(\d+)$")[0]], sort=False):
        d = {r["indicator"].rsplit("_", 1)[0]: r for r in g.to_dict("records")}
        money = d.get("money_spent")
        jobs = d.get("jobs_created")
        rec = [
            texts.town_name(city, lang),
            texts.source_text("T7", "value_raw", d["project_name"]["value_raw"], lang) if "project_name" in d else "",
            cell_text(money, lang, "number") if money else "",
            texts.fmt_number(jobs["value"], lang) if jobs is not None and pd.notna(jobs["value"]) else "–",
        ]
        rows.append(rec)
        recs.append(rec)
    head = [T("town", lang), T("t7_project", lang), T("t7_money", lang), T("t7_jobs", lang)]
    return Shown(html_table(head, rows), pd.DataFrame(recs, columns=head))


def method_modes(lang: str, city_ids: list[str] | None = None) -> Shown:
    """Both modes side by side: each indicator's published value and grade, recomputed value and
    grade, and the scenario scores, for the assessed towns."""
    from monotowns.method import assess

    towns_ = city_ids or method.published_towns()
    res = [assess.assess(method.published_inputs(t)) for t in towns_ if t in method.published_towns()]
    rows = []
    for a in res:
        for ind, r in a.indicators.items():
            rows.append(
                [
                    texts.town_name(a.town, lang),
                    ind,
                    r.published_raw or "–",
                    texts.class_label(r.published_class, lang) if r.published_class else "–",
                    texts.fmt_number(r.value, lang, 2),
                    texts.class_label(r.class_id, lang) if r.class_id else "–",
                ]
            )
    head = [
        T("town", lang),
        T("indicator", lang),
        T("published", lang),
        f"{T('class', lang)} ({T('published', lang)})",
        T("recomputed", lang),
        f"{T('class', lang)} ({T('recomputed', lang)})",
    ]
    return Shown(html_table(head, rows), pd.DataFrame(rows, columns=head))


def scores_table(lang: str, city_ids: list[str] | None = None) -> Shown:
    """Scenario scores in both modes and the recommendation."""
    from monotowns.method import assess

    towns_ = [t for t in (city_ids or method.published_towns()) if t in method.published_towns()]
    rows = []
    for t in towns_:
        a = assess.assess(method.published_inputs(t))
        for label, sc in (
            (T("published", lang) + " (T26)", a.printed_scores_t26),
            ("T25 × T26", a.scores_from_published_classes),
            (T("recomputed", lang), a.scores),
        ):
            top = scenarios.recommended(sc)
            rows.append(
                [texts.town_name(t, lang), label]
                + [str(sc[s]) for s in scenarios.SCENARIOS]
                + [", ".join(texts.scenario_label(s, lang) for s in top)]
            )
    head = (
        [T("town", lang), T("status", lang)]
        + [texts.scenario_label(s, lang) for s in scenarios.SCENARIOS]
        + [T("recommended", lang)]
    )
    return Shown(html_table(head, rows), pd.DataFrame(rows, columns=head))


def scale_table(table: str, lang: str) -> Shown:
    """A grading scale as printed and as resolved (boundaries, overlaps, gaps)."""
    ind = {v: k for k, v in method.TABLE_OF.items() if k in method.GRADED}[table]
    sc = method.scales()[ind]
    rows = [
        [
            texts.class_label(b.class_id, lang),
            texts.published(b.printed, lang, texts.printed_range(b.printed)),
            texts.interval(b.lower, b.upper, lang),
        ]
        for b in sc.bands
    ]
    head = [T("class", lang), T("published", lang), T("scale_interval", lang)]
    return Shown(
        html_table(head, rows), pd.DataFrame(rows, columns=head), [texts.scale_note(n, lang) for n in sc.notes]
    )


def _item(text: str) -> str:
    """A printed list item without its printed bullet ('- '), which the HTML list draws anyway."""
    return re.sub(r"^\s*[-–·•]\s*", "", str(text))


def swot(lang: str, city_id: str | None = None) -> Shown:
    """Table Б.1 as a SWOT view; with ``city_id`` only the items that name that town or all towns."""
    df = data.load("tb1")
    if city_id:
        keep = [
            c == "all" or city_id in str(ids).split(";")
            for c, ids in zip(df["city_ids"].fillna(""), df["city_ids"].fillna(""), strict=True)
        ]
        df = df[keep]
    parts = []
    for q in ("S", "W", "O", "T"):
        items = df[df["quadrant"] == q]
        lis = [_item(texts.source_text("TB1", "text", r["text"], lang)) for r in items.to_dict("records")]
        parts.append(page.Div([page.Items(lis)], "swot-q", f"{T('swot_' + q, lang)} ({len(items)})"))
    head = []
    if city_id:
        head = [page.Para(T("swot_filter", lang, town=texts.town_name(city_id, lang)), "filter")]
    frame = df[["quadrant", "item", "text", "city_ids", "line"]].reset_index(drop=True)
    return Shown(head + [page.Div(parts, "swot")], frame)


def a4_swot(lang: str) -> Shown:
    """Article table 4: the SWOT matrix and its S-O / W-O / S-T / W-T links."""
    df = data.load("a4")
    links = data.load("a4-links")
    parts = []
    for q in ("S", "W", "O", "T"):
        items = df[df["quadrant"] == q]
        lis = [
            [page.Strong(r["code"]), " ", texts.source_text("A4", "text", r["text"], lang)]
            for r in items.to_dict("records")
        ]
        parts.append(page.Div([page.Items(lis)], "swot-q", T("swot_" + q, lang)))
    rows = [
        [r["link_type"], r["from_codes"].replace(";", ", "), r["to_codes"].replace(";", ", "), str(r["line"])]
        for r in links.to_dict("records")
    ]
    head = [T("a4_col_type", lang), T("a4_col_from", lang), T("a4_col_to", lang), T("source_line", lang)]
    notes = [page.note(T("a4_types", lang))]
    listed = set(df["code"])
    named = {c for col in ("from_codes", "to_codes") for x in links[col] for c in str(x).split(";")}
    missing = sorted(named - listed)
    if missing:  # the article pairs T3, T4, which its lists of threats (T1-T2) do not have
        quadrants = sorted({c[0] for c in missing})
        have = sorted(c for c in listed if c[0] in quadrants)
        notes.append(page.note(T("a4_missing", lang, codes=", ".join(missing), listed=", ".join(have))))
    return Shown([page.Div(parts, "swot"), html_table(head, rows), *notes], df)


def appv(lang: str) -> Shown:
    """Appendix В: the 21 indicators the experts ranked."""
    df = data.load("appv")
    rows = [
        [str(r["number"]), texts.source_text("AppV", "indicator_kk", r["indicator_kk"], lang)]
        for r in df.to_dict("records")
    ]
    head = ["№", T("indicator", lang)]
    return Shown(html_table(head, rows), pd.DataFrame(rows, columns=head))


def _audit_value(v, qkey: str, lang: str) -> str:
    """A published or recomputed cell of the audit in the reader's language: grade names and
    scenario ids as labels, numbers in the reader's convention, printed cells as printed."""
    v = "" if v is None else str(v)
    if not v:
        return v
    v = maybe_unit(v, lang)
    if qkey.startswith("conclusion"):
        return ", ".join(texts.scenario_label(x.strip(), lang) for x in v.split(";"))
    if qkey.startswith("grade"):
        head, arrow, grade = v.rpartition(" → ")
        try:
            label = texts.class_label(method.class_id(grade), lang)
        except method.MethodError:
            return v
        return f"{head}{arrow}{label}"
    if re.fullmatch(r"-?\d+(\.\d+)?", v):
        return texts.fmt_number(float(v), lang)
    return v


def audit_texts(r: dict, lang: str) -> tuple[str, str, str, str, str]:
    """One audit row (``method.audit``) in the reader's language: quantity, published,
    recomputed, cause, kind."""
    import json

    qa, ca = json.loads(r["quantity_args"] or "{}"), json.loads(r["cause_args"] or "{}")
    qkey = r["quantity_key"]
    if qkey == "field":
        ind = data.indicators()
        lab = ind[(ind["table"] == qa["table"]) & (ind["indicator"] == qa["field"])]
        qa = {"field": texts.measure_label(lab.iloc[0], lang, with_unit=False) if len(lab) else qa["field"]}
    if "scenario" in qa:
        qa["scenario"] = texts.scenario_label(qa["scenario"], lang)
    for k in ("stated", "top"):
        qa.pop(k, None)
    if ca.get("likely"):
        ca["likely"] = maybe_unit(ca["likely"], lang)
    if "note" in ca:
        ca["note"] = texts.source_text("errata", "note", ca["note"], lang)
        ca["rule"] = texts.source_text("errata", "rule", ca["rule"], lang)
    if "value" in ca:
        ca["value"] = texts.fmt_number(ca["value"], lang, 2)
    if "grade" in ca:
        ca["grade"] = texts.class_label(ca["grade"], lang)
    if "table" in ca:
        ca["table"] = texts.source_id_label(ca["table"], lang)
    if "extra" in ca:
        ca["extra"] = ", ".join(
            T("audit_extra", lang, scenario=texts.scenario_label(sid, lang), score=score, top=top)
            for sid, score, top in ca["extra"]
        )
    return (
        T(f"audit_q_{qkey}", lang, **qa),
        _audit_value(r["published"], qkey, lang),
        _audit_value(r["recomputed"], qkey, lang),
        T(f"audit_c_{r['cause_key']}", lang, **ca),
        T("audit_kind_" + r["kind"].replace(":", "_"), lang),
    )


def errata_table(lang: str) -> Shown:
    """The audit as a table, every word in the reader's language."""
    from monotowns.method import audit

    df = audit.audit()
    rows = []
    for r in df.fillna("").to_dict("records"):
        q, pub, rec, cause, kind = audit_texts(r, lang)
        table = texts.source_id_label(r["table"], lang) if r["table"] in texts.source_ids() else T("audit_text", lang)
        rows.append([table, texts.town_name(r["town"], lang) if r["town"] else "—", q, pub, rec, cause, kind])
    head = [
        T("table", lang),
        T("town", lang),
        T("indicator", lang),
        T("published", lang),
        T("recomputed", lang),
        T("note", lang),
        T("status", lang),
    ]
    return Shown(html_table(head, rows, cls="data audit", first_col_header=False), df)


def glossary(lang: str) -> Shown:
    """The domain's terms in the three languages (data/glossary.csv), the reader's language first."""
    df = data.load("glossary")
    order = [lang] + [x for x in texts.LANGS if x != lang]
    rows = [[r[x] for x in order] for r in df.to_dict("records")]
    head = [T(f"lang_{x}", lang) for x in order]  # "Kazakh" on an English page, not "Қазақша"
    # each term marked with its language, so a screen reader reads it with that language's voice
    cells = [[page.Span(v, lang=x) for x, v in zip(order, r, strict=True)] for r in rows]
    return Shown(
        [page.Heading(T("glossary_title", lang), 3), html_table(head, cells)],
        pd.DataFrame(rows, columns=head),
    )


def compare_2014(lang: str) -> Shown:
    """The article's 2014 populations (A1, A3) beside the dissertation's 2017 and 2021 (T6)."""
    a1, a3, t6 = data.numeric_table("A1"), data.numeric_table("A3"), data.numeric_table("T6")
    rows = []
    for city in towns.town_ids():
        p14 = a1[(a1.city_id == city) & (a1.indicator == "population")]["value"]
        p3 = a3[(a3.city_id == city) & (a3.indicator == "population")]["value"]
        p17 = t6[(t6.city_id == city) & (t6.indicator == "population") & (t6.year == 2017)]["value"]
        p21 = t6[(t6.city_id == city) & (t6.indicator == "population") & (t6.year == 2021)]["value"]
        v14 = p14.iloc[0] * 1000 if len(p14) else None
        rows.append(
            [
                texts.town_name(city, lang),
                texts.fmt_number(v14, lang, 0) if v14 else "–",
                texts.fmt_number(p3.iloc[0], lang, 0) if len(p3) else "–",
                texts.fmt_number(p17.iloc[0], lang, 0) if len(p17) else "–",
                texts.fmt_number(p21.iloc[0], lang, 0) if len(p21) else "–",
                texts.fmt_number((p21.iloc[0] - v14) / v14 * 100, lang, 1) if v14 and len(p21) else "–",
            ]
        )
    head = [T("town", lang), T("cmp_2014_a1", lang), "2014 (A3)", "2017 (T6)", "2021 (T6)", "2014→2021, %"]
    return Shown(html_table(head, rows), pd.DataFrame(rows, columns=head))


def recomputed(indicator: str, x: pd.DataFrame, lang: str) -> Shown:
    """An indicator of the method computed in a notebook cell, beside the value the source prints:
    ``x`` has a row per town (index ``city_id``), the inputs under their names in the method
    (TDm1, TDm2 … as Table 18 names them) and the cell's result in a column ``recomputed``. Above
    the table, the formula in plain notation; under it, where the differences are explained."""
    r = method.REGISTRY[indicator]
    inputs = [c for c in x.columns if c != "recomputed"]
    rows = []
    for city_id, row in x.iterrows():
        printed = method.published_results(str(city_id))[indicator].value_raw
        rows.append(
            [texts.town_name(str(city_id), lang)]
            + [texts.fmt_number(round(float(row[c]), 2), lang) for c in inputs]
            + [printed or "–", texts.fmt_number(float(row["recomputed"]), lang, 2)]
        )
    head = [T("town", lang)] + inputs + [T("published", lang), T("recomputed", lang)]
    body = [
        page.Para(T("computed_formula", lang, formula=r.notation, table=r.table[1:])),
        html_table(head, rows),
    ]
    frame = pd.DataFrame(rows, columns=head)
    return Shown(body, frame, notes=[T("computed_note", lang)])
