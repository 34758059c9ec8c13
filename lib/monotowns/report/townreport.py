"""The per-town report: everything the two sources say about one mono-town.

Each function returns a ``tables.Shown`` (or ``None`` where the sources hold nothing for the
town — the report then says what is missing instead of showing an empty chart).
"""

from __future__ import annotations

import html

import pandas as pd

from monotowns import data, method
from monotowns.data import towns
from monotowns.data.descriptor import NUMERIC_TABLES
from monotowns.method import scenarios

from . import reproduce, tables, texts
from .tables import Shown, esc, html_table

T = texts.t

#: Measures ranked among the towns of a table: (table, indicator, year, higher is "better"?).
RANKED = [
    ("T6", "population", 2021),
    ("T6", "population_change_pct", None),
    ("T6", "unemployment_rate_pct", 2021),
    ("T11", "subsistence_minimum", 2021),
    ("T11", "avg_monthly_nominal_wage", 2020),
    ("T13", "production_profitability_pct", 2021),
    ("T14", "fixed_assets_wear", 2021),
    ("T15", "fixed_capital_investment", 2021),
    ("F20", "unemployed_persons", 2021),
]


def s(key: str, lang: str, **kw) -> str:
    """A text of the town report (catalogue key ``town_<key>``)."""
    return T(f"town_{key}", lang, **kw)


def heading(key: str, lang: str) -> tables.Shown:
    return Shown(f"<h2>{esc(s(key, lang))}</h2>")


def missing(what_key: str, lang: str) -> Shown:
    return Shown(f"<p class='missing'>{esc(s('no_data', lang, what=s(what_key, lang)))}</p>")


def title(town: str, lang: str) -> Shown:
    t = towns.town(town)
    name = t[f"name_{lang}"]
    sub = s("report", lang)
    note = "".join(f"<p class='note'>{esc(n)}</p>" for n in texts.translations_note(lang))
    return Shown(f"<h1>{esc(name)} — {esc(sub)}</h1>{note}")


def profile(town: str, lang: str) -> Shown:
    """Names, oblast, functional type, specialisation and potential, city-forming enterprise."""
    t = towns.town(town)
    rows = [
        [s("names", lang), f"{t['name_kk']} / {t['name_ru']} / {t['name_en']}"],
        [
            s("oblast", lang),
            t[f"oblast_{lang}"] + (f" ({s('karaganda8', lang)})" if t["karaganda8"] == "true" else ""),
        ],
    ]
    t4 = data.load("t4")
    r4 = t4[t4["city_id"] == town]
    if len(r4):
        industry = r4["industry_kk"].iloc[0]
        kind = r4["functional_type_kk"].iloc[0]
        kind = texts.source_text("T4", "functional_type_kk", kind, lang)
        industry = texts.source_text("T4", "industry_kk", industry, lang) if pd.notna(industry) else ""
        rows.append([s("type", lang), kind + (f" — {industry}" if industry else "")])
    a1 = data.numeric_table("A1")
    for ind, key in (("specialisation", "spec2014"), ("economic_potential", "pot2014")):
        v = a1[(a1.city_id == town) & (a1.indicator == ind)]
        if len(v):
            rows.append([s(key, lang), texts.source_text("A1", "value_raw", v["value_raw"].iloc[0], lang)])
    t9 = data.numeric_table("T9")
    v = t9[(t9.city_id == town) & (t9.indicator == "economic_potential")]
    if len(v):
        rows.append([s("pot2021", lang), texts.source_text("T9", "value_raw", v["value_raw"].iloc[0], lang)])
    t12 = data.load("t12")
    e = t12[(t12.city_id == town) & (t12.field == "city_forming_enterprise")]
    if len(e) and isinstance(e["text"].iloc[0], str):
        rows.append([s("enterprise", lang), texts.source_text("T12", "text", e["text"].iloc[0], lang)])
    return Shown(html_table(["", ""], rows), pd.DataFrame(rows))


def ranks(town: str) -> dict[str, dict]:
    """The town's rank (1 = largest value) among the towns of each ranked table, e.g.
    {'T6 population 2021': {'rank': 5, 'of': 27, 'value': 79191.0}}."""
    out = {}
    for table, ind, year in RANKED:
        df = data.numeric_table(table)
        df = df[(df.indicator == ind) & df["city_id"].isin(towns.town_ids())]
        if year is not None:
            df = df[df.year == year]
        df = df[df["value"].notna()]
        if town not in set(df.city_id):
            continue
        order = df.sort_values("value", ascending=False)["city_id"].tolist()
        out[f"{table} {ind}" + (f" {year}" if year else "")] = {
            "table": table,
            "indicator": ind,
            "year": year,
            "rank": order.index(town) + 1,
            "of": len(order),
            "value": float(df[df.city_id == town]["value"].iloc[0]),
        }
    return out


def ranks_table(town: str, lang: str) -> Shown:
    """The town's rank on each ranked measure."""
    ind = data.indicators()
    rows = []
    for r in ranks(town).values():
        lab = ind[(ind.table == r["table"]) & (ind.indicator == r["indicator"])]
        label = texts.measure_label(lab.iloc[0], lang) if len(lab) else r["indicator"]
        rows.append(
            [
                f"{r['table']}: {label}" + (f" ({r['year']})" if r["year"] else ""),
                texts.fmt_number(r["value"], lang),
                f"{r['rank']} ({s('of', lang, n=r['of'])})",
            ]
        )
    head = [T("indicator", lang), T("value", lang), s("rank", lang)]
    return Shown(html_table(head, rows), pd.DataFrame(rows, columns=head))


def unemployment_vs_national(town: str, lang: str) -> Shown | None:
    t6 = data.numeric_table("T6")
    v = t6[(t6.city_id == town) & (t6.indicator == "unemployment_rate_pct")]
    ref = data.load("text-values").set_index("key").loc["national_unemployment"]
    if v.empty:
        return None
    x = float(v["value"].iloc[0])
    cmp = s("above", lang) if x > ref["value"] else s("below", lang)
    src = texts.source_note(ref["source"], int(ref["line"]), lang).rstrip(".")  # it sits in brackets
    text = (
        s("unemp_cmp", lang, v=texts.fmt_number(x, lang), cmp=cmp)
        + " "
        + s("nat_unemp", lang, v=texts.fmt_percent(float(ref["value"]), lang), src=src)
    )
    return Shown(f"<p>{esc(text)}</p>")


def table_for(table: str, town: str, lang: str) -> Shown | None:
    """One numeric source table restricted to the town, or None if the town is not in it."""
    if table not in NUMERIC_TABLES:
        return None
    df = data.numeric_table(table)
    if town not in set(df.city_id):
        return None
    if table == "T7":
        return tables.t7_projects(lang, [town])
    return tables.numeric_table(table, lang, city_ids=[town])


def f20(town: str, lang: str):
    df = data.numeric_table("F20")
    return reproduce.f20(lang, [town]) if town in set(df.city_id) else None


def method_section(town: str, lang: str) -> list:
    """Both modes, scores, sensitivity — for the towns the dissertation assessed."""
    if town not in method.published_towns():
        return [missing("what_method", lang)]
    from monotowns.method import assess

    out: list = [tables.method_modes(lang, [town]), tables.scores_table(lang, [town])]
    a = assess.assess(method.published_inputs(town))
    shifts, dist = scenarios.sensitivity({i: r.value for i, r in a.indicators.items()})
    rows = [
        [sh.indicator, f"{texts.class_label(sh.from_class, lang)} → {texts.class_label(sh.to_class, lang)}"]
        + [str(sh.scores[sc]) for sc in scenarios.SCENARIOS]
        + [", ".join(texts.scenario_label(x, lang) for x in sh.recommended)]
        for sh in shifts
    ]
    head = (
        [T("indicator", lang), T("class", lang)]
        + [texts.scenario_label(x, lang) for x in scenarios.SCENARIOS]
        + [T("recommended", lang)]
    )
    out.append(Shown(f"<h4>{esc(s('sensitivity', lang))}</h4>" + html_table(head, rows)))
    rows = [
        [
            i,
            texts.fmt_number(a.indicators[i].value, lang, 2),
            texts.fmt_number(b, lang) if b is not None else "–",
            texts.fmt_number(d, lang, 2),
        ]
        for i, (d, b) in dist.items()
    ]
    out.append(
        Shown(
            f"<h4>{esc(s('boundary', lang))}</h4>"
            + html_table([T("indicator", lang), T("value", lang), "→", T("difference", lang)], rows)
        )
    )
    from monotowns.method import audit

    au = audit.audit()
    au = au[au["town"] == town]
    if len(au):
        rows = [
            [texts.source_id_label(r["table"], lang) if r["table"] in texts.source_ids() else T("audit_text", lang)]
            + list(tables.audit_texts(r, lang)[:4])
            for r in au.fillna("").to_dict("records")
        ]
        out.append(
            Shown(
                "<h4>"
                + esc(texts.t("nb_06_title", lang))
                + "</h4>"
                + html_table(
                    [
                        T("table", lang),
                        T("indicator", lang),
                        T("published", lang),
                        T("recomputed", lang),
                        T("note", lang),
                    ],
                    rows,
                    first_col_header=False,
                )
            )
        )
    return out


def coverage(town: str, lang: str) -> Shown:
    """Which source tables mention this town, with the lines."""
    rows = []
    for res in data.datapackage()["resources"]:
        if "table_id" not in res or res.get("kind") == "second_keying":
            continue
        df = pd.read_csv(data.paths.DATA_DIR / res["path"], dtype=str, keep_default_na=False)
        if "city_id" in df.columns:
            hit = df[df["city_id"] == town]
        elif "city_ids" in df.columns:
            hit = df[df["city_ids"].str.split(";").map(lambda xs: town in xs or "all" in xs)]
        else:
            continue
        if hit.empty or "line" not in hit.columns:
            continue
        lines = sorted({int(x) for x in hit["line"] if str(x).isdigit()})
        span = f"{lines[0]}–{lines[-1]}" if len(lines) > 1 else str(lines[0])
        rows.append(
            [
                texts.source_id_label(res["table_id"], lang),
                texts.caption(res["table_id"], lang),
                T(f"source_{res['source_file']}", lang),
                span,
                str(len(hit)),
            ]
        )
    rows = list(dict.fromkeys(tuple(r) for r in rows))
    head = [
        T("table", lang),
        T("caption", lang),
        "",
        T("source_line", lang),
        T("count", lang),
    ]
    return Shown(
        "<div class='box'>" + html_table(head, [list(r) for r in rows]) + "</div>",
        pd.DataFrame(rows, columns=head),
    )


def render_all(town: str, lang: str) -> list:
    """The whole report as a list of displayable items (used by notebooks/town_report.ipynb)."""
    karaganda = towns.town(town)["karaganda8"] == "true"
    items: list = [
        title(town, lang),
        heading("profile", lang),
        profile(town, lang),
        heading("population", lang),
    ]
    for t in ("T6", "A1", "A3", "T11"):
        x = table_for(t, town, lang)
        if x is not None:
            items.append(_caption(t, lang))
            items.append(x)
    u = unemployment_vs_national(town, lang)
    if u:
        items.append(u)
    fig = f20(town, lang)
    if fig is not None:
        items += [_caption("F20", lang), fig]
    items.append(ranks_table(town, lang))
    items.append(heading("economy", lang))
    if karaganda:
        for t in ("T9", "T13", "T14", "T15"):
            x = table_for(t, town, lang)
            if x is not None:
                items += [_caption(t, lang), x]
    else:
        items.append(missing("what_karaganda", lang))
    x = table_for("T7", town, lang)
    items += [_caption("T7", lang), x] if x is not None else [missing("what_projects", lang)]
    a2 = table_for("A2", town, lang)
    if a2 is not None:
        items += [_caption("A2", lang), a2]
    items.append(heading("innovation", lang))
    x = table_for("T16", town, lang)
    items += [_caption("T16", lang), x] if x is not None else [missing("what_innov", lang)]
    items.append(heading("swot", lang))
    items.append(tables.swot(lang, town) if karaganda else missing("what_swot", lang))
    items.append(heading("method", lang))
    items += method_section(town, lang)
    items.append(heading("coverage", lang))
    items.append(coverage(town, lang))
    return items


def _caption(sid: str, lang: str) -> Shown:
    src, line = texts.caption_line(sid)
    return Shown(
        f"<h3>{esc(texts.caption(sid, lang))}</h3><p class='source'>{esc(texts.source_note(src, line, lang))}</p>"
    )


def show(town: str, lang: str):
    """Display the whole report in a notebook (one HTML block)."""
    from .book import HTML

    texts.check_lang(lang)
    towns.town(town)
    return HTML("".join(x._repr_html_() for x in render_all(town, lang)))


__all__ = ["show", "render_all", "ranks", "html"]
