"""The sections of a town report drawn from the sources' tables: the title, the town's rows of
the source tables (T6, A1, T7, A2, T16 and the others), its ranks, its unemployment beside the
national rate, the author's method applied to it (Tables 19-26) and the audit's findings.

Each function returns a ``shown.Shown`` (or ``None`` where the sources hold nothing for the
town: the report then says what is missing instead of showing an empty chart). ``s`` is the
town report's text (``town_<key>``), shared by ``townprofile`` and ``townreport``.
"""

from __future__ import annotations

import pandas as pd

from monotowns import data, method
from monotowns.data import towns
from monotowns.data.descriptor import NUMERIC_TABLES
from monotowns.method import scenarios

from . import page, peers, reproduce, tables, takeaway, texts, towncharts
from .shown import Shown, html_table

T = texts.t


def s(key: str, lang: str, **kw) -> str:
    """A text of the town report (catalogue key ``town_<key>``)."""
    return T(f"town_{key}", lang, **kw)


def heading(key: str, lang: str) -> page.Heading:
    return page.Heading(s(key, lang), 2)


def missing(what_key: str, lang: str) -> page.Para:
    return page.Para(s("no_data", lang, what=s(what_key, lang)), "missing")


def title(town: str, lang: str) -> Shown:
    t = towns.town(town)
    name = t[f"name_{lang}"]
    sub = s("report", lang)
    dated = page.Para(s("dated", lang, date=texts.data_date(lang)), "intro")  # the data's date, never the clock's
    return Shown([page.Heading(f"{name} — {sub}", 1), dated, page.notes(texts.translations_note(lang))])


def profile_table(town: str, lang: str) -> Shown:
    """Names, oblast, functional type, specialisation and potential, city-forming enterprise."""
    t = towns.town(town)
    rows = [
        [s("names", lang), " / ".join(t["name_" + x] for x in ("kk", "ru", "en"))],
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
    cells = [list(r) for r in rows]
    # the three names, each marked with its language (read with that language's voice)
    cells[0][1] = page.join([page.Span(t["name_" + x], lang=x) for x in ("kk", "ru", "en")], " / ")
    return Shown(html_table([], cells), pd.DataFrame(rows))  # a card: no header row


def ranks_table(town: str, lang: str) -> Shown:
    """The town's rank on each ranked measure."""
    ind = data.indicators()
    rows = []
    for r in peers.ranks(town).values():
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
    return Shown(page.Para(text))


def table_for(table: str, town: str, lang: str) -> Shown | None:
    """One numeric source table restricted to the town, or None if the town is not in it."""
    if table not in NUMERIC_TABLES:
        return None
    df = data.numeric_table(table)
    if town not in set(df.city_id):
        return None
    shown = tables.t7_projects(lang, [town]) if table == "T7" else tables.town_by_year(table, lang, town)
    shown.rows = takeaway.Rows(table, [takeaway.select(table, town=town)], texts.caption(table, lang))
    return shown


def f20(town: str, lang: str):
    df = data.numeric_table("F20")
    return reproduce.f20(lang, [town]) if town in set(df.city_id) else None


def method_section(town: str, lang: str) -> list:
    """The method for a town the dissertation assessed: its published inputs, both modes."""
    if town not in method.published_towns():
        return []
    from monotowns.method import assess

    return method_block(assess.assess(method.published_inputs(town)), lang)


def method_block(a, lang: str, origin: tuple[str, str] | None = None) -> list:
    """The method's result for one town (an ``assess.Assessment``): the recommended scenario
    first (recomputed; as published and in the author's conclusion where the dissertation
    assessed the town), a chart of the four scenario scores, then each indicator with its
    meaning, value, grade and how far it is from changing grade — in words, with what that
    would do to the recommendation. ``origin`` = (file name, sha256) of an analyst's inputs."""
    out: list = []
    if origin is not None:
        out.append(page.note(s("m_origin", lang, file=origin[0], sha=origin[1])))
    out.append(page.Div([page.Para(x) for x in recommendation(a, lang)], "box method-rec"))
    out.append(towncharts.scenario_scores(a, lang, origin[0] if origin else None))
    out.append(indicator_table(a, lang))
    return out


def recommendation(a, lang: str) -> list[str]:
    """The recommended scenario in one line each: recomputed; where the dissertation assessed
    the town, as Table 26 prints it and as the author's conclusion states it."""
    total = len(method.GRADED)
    recs = [s("m_rec", lang, scen=_scenarios(a.recommended, lang), n=max(a.scores.values()), total=total)]
    if a.has_published:
        top = scenarios.recommended(a.printed_scores_t26)
        recs.append(s("m_rec_pub", lang, scen=_scenarios(top, lang), n=max(a.printed_scores_t26.values())))
        concl = data.load("method-conclusions")
        concl = concl[concl["city_id"] == a.town]
        if len(concl):
            recs.append(
                s(
                    "m_rec_concl",
                    lang,
                    scen=_scenarios(list(concl["scenario_id"]), lang),
                    line=int(concl["line"].iloc[0]),
                )
            )
    return recs


def _scenarios(ids: list[str], lang: str) -> str:
    """'A', 'A and B', 'A, B and C' in the language, in the form a sentence takes (Kazakh and
    Russian lower-case the catalogue's scenario names mid-sentence: ``town_scen_<id>``)."""
    names = [s(f"scen_{x}", lang) for x in ids]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + s("m_and", lang) + names[-1]


def grade_distance(a, ind: str, lang: str) -> str:
    """How far the indicator is from its nearest grade boundary, in words, and what crossing
    it would do to the recommendation ("a fall of 0.13 (to 5) would make it medium; the
    recommendation would then be …")."""
    scale = method.scales()[ind]
    r = a.indicators[ind]
    dist, boundary = scale.distance_to_boundary(r.value)
    if boundary is None:
        return s("m_far_none", lang)
    order = scale.class_ids()
    pos = order.index(r.class_id)
    down = r.value > boundary  # the boundary belongs to the class below it
    new = order[pos - 1] if down else order[pos + 1]
    new_classes = {i: x.class_id for i, x in a.indicators.items()}
    new_classes[ind] = new
    rec = scenarios.recommended(scenarios.score(new_classes))
    d = texts.fmt_number(dist, lang, 2)
    b = texts.fmt_number(boundary, lang)
    key = "m_far_down" if down else ("m_far_on" if dist < 0.005 else "m_far_up")  # on it: in the class below
    text = s(key, lang, d=d, b=b, cls=texts.class_label(new, lang))
    if sorted(rec) == sorted(a.recommended):
        return text + " " + s("m_same_rec", lang)
    return text + " " + s("m_new_rec", lang, scen=_scenarios(rec, lang))


def indicator_table(a, lang: str) -> Shown:
    """Each indicator: what it measures, its value and grade (recomputed; published where the
    dissertation printed one) and how far it is from changing grade."""
    rows = []
    for ind in method.INDICATORS:
        r = a.indicators[ind]
        row = [
            [page.Strong(ind), f" — {T(f'{ind}_what', lang)}"],
            texts.fmt_number(r.value, lang, 2),
            texts.class_label(r.class_id, lang) if r.class_id else s("m_not_graded", lang),
        ]
        if a.has_published:
            pub = texts.fmt_number(r.published, lang) if r.published is not None else "–"
            if r.published_class:
                pub += f" ({texts.class_label(r.published_class, lang)})"
            row.append(pub)
        row.append(grade_distance(a, ind, lang) if ind in method.GRADED else "")
        rows.append(row)
    head = [T("indicator", lang), T("recomputed", lang), T("class", lang)]
    if a.has_published:
        head.append(T("published", lang))
    head.append(s("m_h_far", lang))
    frame = pd.DataFrame([[page.plain(c) for c in r] for r in rows], columns=head)
    return Shown(
        [page.Heading(s("m_h_indicators", lang), 3), html_table(head, rows, first_col_header=False)],
        frame,
        rows=takeaway.Rows("method-indicators", [frame], s("m_h_indicators", lang)),
    )


#: The audit chapter's page, seen from a town report's page (outputs/towns/<lang>/<town>.html).
AUDIT_PAGE = "../../reports/{lang}/06_audit.html"


def audit_rows(town: str, lang: str) -> Shown:
    """What the audit says about the town beyond the data's errata, in one line and a link: how
    many of the method's printed results differ from their recomputation and how many of the
    author's conclusions the recomputation bears out only in part. The values themselves stand
    beside their recomputation in the method section; the rule and working of each check are in
    the audit chapter, not repeated here."""
    from monotowns.method import audit

    au = audit.audit()
    au = au[au["town"] == town]
    kind = au["kind"].astype(str)
    method_rows = au[kind.str.startswith("method:")]
    partly = au[kind == "conclusion:partly"]
    link = page.Para(
        [s("audit_link", lang), " ", page.Link(texts.t("nb_06_title", lang), AUDIT_PAGE.format(lang=lang))]
    )
    if method_rows.empty and partly.empty:
        return Shown([link])
    nums = sorted({int(t[1:]) for t in method_rows["table"] if str(t)[1:].isdigit()})
    said = s(
        "audit_summary",
        lang,
        n_method=len(method_rows),
        tables=", ".join(str(n) for n in nums) or "–",
        n_text=len(partly),
    )
    frame = pd.DataFrame({"kind": ["method", "conclusion:partly"], "rows": [len(method_rows), len(partly)]})
    return Shown([page.Heading(texts.t("nb_06_title", lang), 3), page.Para(said), link], frame)
