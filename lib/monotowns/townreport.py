"""The per-town report: everything the two sources say about one mono-town.

Each function returns a ``present.Shown`` (or ``None`` where the sources hold nothing for the
town — the report then says what is missing instead of showing an empty chart).
"""

from __future__ import annotations

import html

import pandas as pd

from . import data, labels, method, present, reproduce, scenarios, towns
from .descriptor import NUMERIC_TABLES
from .present import Shown, esc, html_table

T = labels.t

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

L = {
    "profile": ("Қала туралы", "Profile"),
    "population": ("Халық және еңбек", "Population and labour"),
    "economy": ("Экономика", "Economy"),
    "innovation": ("Инновация", "Innovation"),
    "swot": ("SWOT (Б.1-кесте)", "SWOT (Table Б.1)"),
    "method": ("Автордың әдістемесі бойынша бағалау", "Assessment with the author's method"),
    "coverage": ("Деректердің қамтылуы", "Data coverage"),
    "sources": ("Дереккөздер", "Sources"),
    "no_data": ("Бұл қала үшін дереккөздерде {what} жоқ.", "The sources hold no {what} for this town."),
    "rank": ("Орны", "Rank"),
    "of": ("{n} қаланың ішінде", "of {n} towns"),
    "nat_unemp": (
        "Республика бойынша орташа жұмыссыздық деңгейі: {v} ({src}).",
        "National average unemployment: {v} ({src}).",
    ),
    "above": ("жоғары", "above"),
    "below": ("төмен", "below"),
    "unemp_cmp": (
        "2021 жылғы жұмыссыздық деңгейі {v}% — республикалық орташадан {cmp}.",
        "Unemployment in 2021: {v}% — {cmp} the national average.",
    ),
    "names": ("Атаулары", "Names"),
    "oblast": ("Облыс", "Oblast"),
    "type": ("Атқарымдық типі (4-кесте)", "Functional type (Table 4)"),
    "spec2014": ("Мамандануы, 2014 (мақала, 1-кесте)", "Specialisation, 2014 (article, table 1)"),
    "pot2014": (
        "Экономикалық әлеуеті, 2014 (мақала, 1-кесте)",
        "Economic potential, 2014 (article, table 1)",
    ),
    "pot2021": ("Экономикалық әлеуеті, 2021 (9-кесте)", "Economic potential, 2021 (Table 9)"),
    "enterprise": ("Қала құраушы кәсіпорын (12-кесте)", "City-forming enterprise (Table 12)"),
    "karaganda8": ("Қарағанды облысының 8 моноқаласының бірі", "One of Karaganda region's 8 mono-towns"),
    "what_method": (
        "әдістеменің бастапқы деректері (19–24-кестелер: тек Балқаш, Қаражал, Теміртау)",
        "inputs of the method (Tables 19-24 cover only Balkhash, Karazhal and Temirtau)",
    ),
    "what_karaganda": (
        "Қарағанды облысы бойынша кестелер (9–16-кестелер тек сол облыстың 8 қаласын қамтиды)",
        "Karaganda tables (Tables 9-16 cover only that region's 8 towns)",
    ),
    "what_innov": (
        "инновациялық көрсеткіштер (16-кесте тек Теміртау, Балқаш, Қаражалды қамтиды)",
        "innovation indicators (Table 16 covers only Temirtau, Balkhash and Karazhal)",
    ),
    "what_swot": (
        "SWOT-талдау (Б.1-кесте тек Қарағанды облысының моноқалаларын қамтиды)",
        "SWOT items (Table Б.1 covers only the Karaganda mono-towns)",
    ),
    "what_projects": ("зәкірлік инвестициялық жобалар (7-кесте)", "anchor investment projects (Table 7)"),
    "sensitivity": (
        "Сезімталдық: бір индикатордың деңгейі бір сатыға өзгерсе",
        "Sensitivity: one indicator's grade one step up or down",
    ),
    "boundary": ("Ең жақын деңгей шекарасына дейінгі қашықтық", "Distance to the nearest class boundary"),
}


def s(key: str, lang: str, **kw) -> str:
    v = L[key][0 if lang == "kk" else 1]
    return v.format(**kw) if kw else v


def heading(key: str, lang: str) -> present.Shown:
    return Shown(f"<h2>{esc(s(key, lang))}</h2>")


def missing(what_key: str, lang: str) -> Shown:
    return Shown(f"<p class='missing'>{esc(s('no_data', lang, what=s(what_key, lang)))}</p>")


def title(town: str, lang: str) -> Shown:
    t = towns.town(town)
    name = t[f"name_{lang}"]
    sub = "Моноқала туралы есеп" if lang == "kk" else "Mono-town report"
    return Shown(f"<h1>{esc(name)} — {esc(sub)}</h1>")


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
        rows.append([s("type", lang), kind + (f" — {industry}" if pd.notna(industry) else "")])
    a1 = data.numeric_table("A1")
    for ind, key in (("specialisation", "spec2014"), ("economic_potential", "pot2014")):
        v = a1[(a1.city_id == town) & (a1.indicator == ind)]
        if len(v):
            rows.append([s(key, lang), v["value_raw"].iloc[0]])
    t9 = data.numeric_table("T9")
    v = t9[(t9.city_id == town) & (t9.indicator == "economic_potential")]
    if len(v):
        rows.append([s("pot2021", lang), v["value_raw"].iloc[0]])
    t12 = data.load("t12")
    e = t12[(t12.city_id == town) & (t12.field == "city_forming_enterprise")]
    if len(e) and isinstance(e["text"].iloc[0], str):
        rows.append([s("enterprise", lang), e["text"].iloc[0]])
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
        label = (lab["label_kk"] if lang == "kk" else lab["label_en"]).iloc[0] if len(lab) else r["indicator"]
        rows.append(
            [
                f"{r['table']}: {label}" + (f" ({r['year']})" if r["year"] else ""),
                labels.fmt_number(r["value"], lang),
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
    src = labels.source_note(ref["source"], int(ref["line"]), lang)
    text = (
        s("unemp_cmp", lang, v=labels.fmt_number(x, lang), cmp=cmp)
        + " "
        + s("nat_unemp", lang, v=ref["value_raw"], src=src)
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
        return present.t7_projects(lang, [town])
    return present.numeric_table(table, lang, city_ids=[town])


def f20(town: str, lang: str):
    df = data.numeric_table("F20")
    return reproduce.f20(lang, [town]) if town in set(df.city_id) else None


def method_section(town: str, lang: str) -> list:
    """Both modes, scores, sensitivity — for the towns the dissertation assessed."""
    if town not in method.published_towns():
        return [missing("what_method", lang)]
    from . import assess

    out: list = [present.method_modes(lang, [town]), present.scores_table(lang, [town])]
    a = assess.assess(method.published_inputs(town))
    shifts, dist = scenarios.sensitivity({i: r.value for i, r in a.indicators.items()})
    rows = [
        [sh.indicator, f"{labels.class_label(sh.from_class, lang)} → {labels.class_label(sh.to_class, lang)}"]
        + [str(sh.scores[sc]) for sc in scenarios.SCENARIOS]
        + [", ".join(labels.scenario_label(x, lang) for x in sh.recommended)]
        for sh in shifts
    ]
    head = (
        [T("indicator", lang), T("class", lang)]
        + [labels.scenario_label(x, lang) for x in scenarios.SCENARIOS]
        + [T("recommended", lang)]
    )
    out.append(Shown(f"<h4>{esc(s('sensitivity', lang))}</h4>" + html_table(head, rows)))
    rows = [
        [
            i,
            labels.fmt_number(a.indicators[i].value, lang, 2),
            labels.fmt_number(b, lang) if b is not None else "–",
            labels.fmt_number(d, lang, 2),
        ]
        for i, (d, b) in dist.items()
    ]
    out.append(
        Shown(
            f"<h4>{esc(s('boundary', lang))}</h4>"
            + html_table([T("indicator", lang), T("value", lang), "→", T("difference", lang)], rows)
        )
    )
    from . import audit

    au = audit.audit()
    au = au[au["town"] == town]
    if len(au):
        rows = [
            [r["table"], r["quantity"], str(r["published"]), str(r["recomputed"]), r["likely_cause"]]
            for r in au.fillna("").to_dict("records")
        ]
        out.append(
            Shown(
                "<h4>"
                + esc(labels.t("nb_06_title", lang))
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
    for res in data.descriptor()["resources"]:
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
                labels.source_id_label(res["table_id"], lang),
                labels.caption(res["table_id"], lang),
                T(f"source_{res['source_file']}", lang),
                span,
                str(len(hit)),
            ]
        )
    rows = list(dict.fromkeys(tuple(r) for r in rows))
    head = [
        T("table", lang),
        "Атауы" if lang == "kk" else "Caption",
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
    items.append(present.swot(lang, town) if karaganda else missing("what_swot", lang))
    items.append(heading("method", lang))
    items += method_section(town, lang)
    items.append(heading("coverage", lang))
    items.append(coverage(town, lang))
    return items


def _caption(sid: str, lang: str) -> Shown:
    src, line = labels.caption_line(sid)
    return Shown(
        f"<h3>{esc(labels.caption(sid, lang))}</h3><p class='source'>{esc(labels.source_note(src, line, lang))}</p>"
    )


def show(town: str, lang: str):
    """Display the whole report in a notebook (one HTML block)."""
    from .show import HTML

    labels.check_lang(lang)
    towns.town(town)
    return HTML("".join(x._repr_html_() for x in render_all(town, lang)))


__all__ = ["show", "render_all", "ranks", "html"]
