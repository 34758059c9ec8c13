"""The per-town report: everything the two sources say about one mono-town.

Each function returns a ``tables.Shown`` (or ``None`` where the sources hold nothing for the
town — the report then says what is missing instead of showing an empty chart).
"""

from __future__ import annotations

import pandas as pd

from monotowns import data, method
from monotowns.data import towns
from monotowns.data.descriptor import NUMERIC_TABLES
from monotowns.method import scenarios

from . import added, page, profile, reproduce, tables, takeaway, texts, towncharts
from .tables import Shown, esc, html_table

T = texts.t

RANKED = profile.RANKED  # the tables a town report ranks the town in
ranks = profile.ranks  # what the report shows of the other towns (the build's fingerprint reads it)


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


def printed(value) -> page.Span:
    """A cell exactly as the source prints it ('+0,8', '298419/30403'): marked as the source's
    Kazakh text, so it is read (and checked) as printed, not as a number of the page's language."""
    return page.printed(esc(value), texts.SOURCE_LANG)


def coverage(town: str, lang: str) -> Shown:
    """Which source tables mention this town, with the lines: one row per table (Table 26's
    grades and its scores are two files of one table)."""
    found: dict[str, dict] = {}
    for res in data.datapackage()["resources"]:
        if "table_id" not in res or res.get("kind") == "second_keying":
            continue
        df = pd.read_csv(data.paths.DATA_DIR / res["path"], dtype=str, keep_default_na=False)
        if "city_id" in df.columns:
            hit = df[df["city_id"] == town]
        elif res["table_id"] == "A4" and town not in towns.karaganda_ids():
            hit = df  # the article's SWOT of all mono-towns, which these reports show (labelled general)
        elif "city_ids" in df.columns:
            # Table Б.1's 'all' is all of Karaganda's 8 mono-towns (the descriptor's city_ids)
            every = "all" if town in towns.karaganda_ids() else None
            hit = df[df["city_ids"].str.split(";").map(lambda xs, e=every: town in xs or e in xs)]
        else:
            continue
        if hit.empty or "line" not in hit.columns:
            continue
        f = found.setdefault(res["table_id"], {"source": res["source_file"], "lines": set(), "n": 0})
        f["lines"] |= {int(x) for x in hit["line"] if str(x).isdigit()}
        f["n"] += len(hit)
    rows = []
    for sid, f in found.items():
        lines = sorted(f["lines"])
        span = f"{lines[0]}–{lines[-1]}" if len(lines) > 1 else str(lines[0]) if lines else "–"
        label = texts.source_id_label(sid, lang)
        rows.append([label, texts.caption(sid, lang), T(f"source_{f['source']}", lang), span, str(f["n"])])
    head = [
        T("table", lang),
        T("caption", lang),
        s("col_source", lang),
        T("source_line", lang),
        T("count", lang),
    ]
    frame = pd.DataFrame(rows, columns=head)
    return Shown(
        page.Div([html_table(head, rows)], "box"), frame, rows=takeaway.Rows("sources", [frame], s("sources_h", lang))
    )


def key_figures_box(town: str, lang: str) -> Shown:
    """Page 1's box: each headline number with its year, its 2017 value, what it is compared
    with, its rank among the 27 or Karaganda's 8 (the direction said) and its source line."""
    rows, notes = [], []
    flag = profile.population_flag(town)
    for kf in profile.key_figures(town):
        m = kf.measure
        value = profile.value_text(kf, lang)
        marks = []
        for n in kf.notes:
            if m is profile.POP_CHANGE and n in profile.errata_for("T6", town, "population_change_pct"):
                # said in the reader's words and number format: what is printed, what the
                # two printed populations give
                ch = profile.population_change(town)
                n = (
                    "text",
                    s(
                        "kf_pop_printed",
                        lang,
                        printed=profile.signed_pct(ch["printed"], lang),
                        p17=texts.fmt_number(ch["p2017"], lang),
                        p21=texts.fmt_number(ch["p2021"], lang),
                        line=ch["printed_line"],
                    ),
                )
            elif (said := profile.reader_note(m.table, town, m.indicator, n, lang)) is not None:
                n = ("text", said)  # the reader's words and numbers; the rule stays in the notes
            notes.append(n)
            marks.append(page.Mark(len(notes)))
        if m is profile.POPULATION and flag is not None and not flag["errata"]:
            notes.append(None)
            marks.append(page.Mark(len(notes)))
        earlier = profile.value_text(kf, lang, kf.earlier) if kf.earlier is not None else ""
        if m is profile.UNEMPLOYMENT and kf.compare is not None:
            compare = s("kf_national", lang, v=texts.fmt_percent(kf.compare, lang))
        elif m is profile.WAGE and kf.compare is not None:
            compare = s("kf_subsist", lang, v=s("kf_tenge", lang, n=texts.fmt_number(kf.compare, lang)))
        elif m is profile.INVESTMENT and kf.compare is not None:
            per = profile.Claim(profile.measure_text(profile.INVEST_PC, kf.compare, lang), f"value town:per:{town}")
            compare = sentence_html(profile.Sentence("town_kf_per_resident", {"v": per}), lang)
        elif m is profile.UNEMPLOYED and kf.compare is not None:
            per = profile.Claim(profile.measure_text(profile.UNEMP_PK, kf.compare, lang), f"value town:unemp_pk:{town}")
            compare = sentence_html(profile.Sentence("town_kf_per_thousand", {"v": per}), lang)
        else:
            compare = ""
        src = s("kf_src", lang, table=texts.source_id_label(m.table, lang), line=kf.line)
        # every number of the box marked with the cells it comes from (publish.claims checks it)
        if m is profile.POP_CHANGE:
            spec, rank_spec = f"delta T6 population {town} 2017 2021", f"rank-delta T6 population {town} 2017 2021"
        else:
            spec = f"cell {m.table} {m.indicator} {town}" + (f" {kf.year}" if kf.year else "")
            rank_spec = f"rank {m.table} {m.indicator} {town} {kf.year}"
        if kf.rank_measure is not None:
            rank_spec = f"rank-of {profile.claim_token(kf.rank_measure)} {town}"
        earlier_spec = f"cell {m.table} {m.indicator} {town} {kf.earlier_year}"
        rank_html = None
        if kf.rank is not None:
            direction = T(f"town_{(kf.rank_measure or m).direction}", lang)
            parts = {"r": profile.Claim(str(kf.rank[0]), rank_spec), "n": str(kf.rank[1]), "direction": direction}
            rank_html = sentence_html(profile.Sentence("town_kf_rank", parts), lang)
        rows.append(
            [
                s(m.label, lang),
                [page.Span(_nobreak(value), claim=spec, strong=True), marks],
                str(kf.year) if kf.year else "2017–2021",
                page.Span(_nobreak(earlier), claim=earlier_spec) if earlier else "",
                compare,
                rank_html,
                src,
            ]
        )
    head = [s(f"kf_h_{k}", lang) for k in ("measure", "value", "year", "earlier", "compare", "rank", "source")]
    foot = []
    for i, n in enumerate(notes, 1):
        if n is None:
            text = s("kf_flag", lang, p2014=texts.fmt_number(flag["p2014"], lang))
        elif isinstance(n, tuple):
            text = n[1]
        else:
            text = s("kf_note", lang, note=texts.source_text("errata", "note", n, lang))
        foot.append(page.note([page.Mark(i), " ", text]))
    frame = pd.DataFrame([[page.plain(c) for c in r] for r in rows], columns=head)
    box = page.Div([html_table(head, rows), foot], "box keyfigures", s("h_keyfigures", lang), 2)
    return Shown(box, frame, rows=takeaway.Rows("key-figures", key_figure_rows(town), s("h_keyfigures", lang)))


def swot_frame(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Table Б.1's items a report shows, to take away: the table, the line, the part of the
    SWOT and the item's text in the reader's language."""
    label = texts.source_id_label("TB1", lang)
    out = [
        [label, int(r["line"]), T(f"swot_{r['quadrant']}", lang), texts.source_text("TB1", "text", r["text"], lang)]
        for r in df.to_dict("records")
    ]
    return pd.DataFrame(
        out, columns=[T(k, lang) for k in ("town_wb_table", "town_wb_line", "town_wb_part", "town_wb_text")]
    )


def key_figure_rows(town: str) -> list[pd.DataFrame]:
    """The package rows behind the key figures box: each measure's cells of the town (every
    year: the box shows the latest and 2017), the populations a change or a rate per resident
    is computed from, the subsistence minimum and the national rate they are compared with."""
    parts = []
    for kf in profile.key_figures(town):
        m = kf.measure
        if m is profile.POP_CHANGE:
            parts.append(takeaway.select("T6", "population_change_pct", None, town))
        else:
            parts.append(takeaway.select(m.table, m.indicator, None, town))
        if m is profile.UNEMPLOYMENT and kf.compare is not None:
            parts.append(takeaway.text_value("national_unemployment"))
        if m is profile.WAGE and kf.compare is not None:
            parts.append(takeaway.select("T11", "subsistence_minimum", kf.year, town))
        if m in (profile.POP_CHANGE, profile.INVESTMENT, profile.UNEMPLOYED):
            parts.append(takeaway.select("T6", "population", None, town))
    return parts


def _nobreak(value: str) -> list:
    """A number never broken across lines; the words of its unit after it may wrap
    ('114,034.6 million tenge' in a narrow column)."""
    num, _, unit = value.partition(" ")
    return [page.Span(num, cls="nowrap"), f" {unit}" if unit else ""]


def sentence_html(x: profile.Sentence, lang: str) -> list:
    """A sentence of the catalogue in the page model, each number it states marked with the
    cells it comes from (a span with ``data-claim="cell T6 population balkhash 2021"``), so a
    check of the built page can re-derive it."""
    import re

    tokens = {k: f"\x00{i}\x00" for i, k in enumerate(x.parts)}
    values = list(x.parts.values())
    out: list = []
    for j, piece in enumerate(re.split("\x00(\\d+)\x00", T(x.key, lang, **tokens))):
        if j % 2 == 0:
            out.append(piece)
            continue
        v = values[int(piece)]
        if isinstance(v, profile.Sentence):  # a phrase inside the sentence
            out += sentence_html(v, lang)
        else:
            out.append(page.Span(v.text, claim=v.spec) if isinstance(v, profile.Claim) else str(v))
    return out


def summary(town: str, lang: str, ups: list | None = None) -> Shown:
    """Page 1's key findings (``profile.findings``): the town against the national rate, the
    oblast and its peers, in words, each number marked with its cells; for a town the
    dissertation assessed, the recommended scenario in one line each (recomputed, Table 26,
    the author's conclusion); a note on what the medians and types are."""
    sentences = profile.findings(town, lang)
    lines = [page.join(sentence_html(x, lang)) for x in sentences]
    lines += [page.join(added.finding(x, lang)) for x in added.series(town, ups or [])]  # later years
    body: list = [page.Items(lines)]
    if town in method.published_towns():
        from monotowns.method import assess

        body.append(
            page.Div(
                [page.Para(x) for x in recommendation(assess.assess(method.published_inputs(town)), lang)], "method-rec"
            )
        )
    karaganda = towns.town(town)["karaganda8"] == "true"
    body.append(page.note(s("fd_note", lang) + (" " + s("fd_note_k8", lang) if karaganda else "")))
    return Shown(
        page.Div(body, "summary findings", s("h_findings", lang), 2),
        pd.DataFrame({"sentence": [x.text(lang) for x in sentences]}),
    )


def comparisons(town: str, lang: str, ups: list | None = None) -> Shown | None:
    """The comparisons the sources allow for the town (``profile.comparisons``) that page 1's
    findings do not state already: key figures against the national rate, the Karaganda oblast
    average, the subsistence minimum and the medians of the 27, of the town's functional type
    and of Karaganda's eight, in words, each number a claim (None: page 1 states them all)."""
    stated = profile.key_comparisons(town)
    chosen = [c for c in profile.comparisons(town) if c not in stated]
    later = added.medians(town, ups or [], lang)  # the towns with an added year's data
    if not chosen and not later:
        return None
    order = list(dict.fromkeys(c.measure for c in chosen))
    chosen.sort(key=lambda c: order.index(c.measure))
    sentences = [profile.comparison_sentence(c, lang) for c in chosen]
    return Shown(
        page.Div(
            [page.Items([page.join(sentence_html(x, lang)) for x in sentences] + [page.join(x) for x in later])],
            "comparisons",
            s("h_comparisons", lang),
            2,
        ),
        pd.DataFrame({"sentence": [x.text(lang) for x in sentences]}),
    )


def card_and_map(town: str, lang: str) -> Shown:
    """The registry card with the locator map beside it, at the top of page 1: the map is on
    page 1 in every town's report (beside the summary, lower down, it was cut in two or pushed
    to page 2 where the key figures box is tall)."""
    card = profile_table(town, lang)
    top = page.Div([page.Div([card.body], "card"), page.Div([towncharts.locator(town, lang)], "aside")], "page1-top")
    return Shown(top, card.frame)


def trend_table(town: str, lang: str) -> Shown | None:
    """The town's series with years as columns and plain row labels (Karaganda's 8)."""
    if towns.town(town)["karaganda8"] != "true":
        return None
    specs = [
        (profile.WAGE, "kf_wage"),
        (profile.SUBSISTENCE, "kf_subsistence"),
        (profile.INVESTMENT, "kf_investment"),
        (profile.LOSS_SHARE, "kf_loss_share"),
        (profile.PROFITABILITY, "kf_profitability"),
        (profile.WEAR, "kf_wear"),
        (profile.UNEMPLOYED, "kf_unemployed"),
    ]
    years = [2017, 2018, 2019, 2020, 2021]
    rows, notes = [], []
    units = {
        "T11": s("unit_tenge", lang),
        "T15": T("axis_mln_tenge", lang),
        "T13": "%",
        "T14": "%",
        "F20": T("axis_persons", lang),
    }
    for m, key in specs:
        row = [f"{s(key, lang)} ({units[m.table]})"]
        for y in years:
            c = profile.cell(m, town, y)
            raw = takeaway.select(m.table, m.indicator, y, town)["value_raw"].dropna()
            # a cell printed but not readable as a number: shown as printed, its note says why
            txt = texts.fmt_number(c["value"], lang) if c else printed(raw.iloc[0]) if len(raw) else "–"
            txt = [txt]
            for n in profile.errata_for(m.table, town, m.indicator, y):
                notes.append(n)
                txt.append(page.Mark(len(notes)))
            row.append(txt if c or notes else "–")
        rows.append(row)
    foot = [page.note([page.Mark(i), " ", s("kf_note", lang, note=_erratum(n, lang))]) for i, n in enumerate(notes, 1)]
    with towncharts.citing() as cited:
        src = towncharts.source_line(
            [(m.table, towncharts.lines_of(m.table, m.indicator, town=town)) for m, _ in specs],
            lang,
        )
    body = [html_table([""] + [str(y) for y in years], rows), page.Para(src, "source"), foot]
    return Shown(
        body, rows=takeaway.Rows("trends-table", cited, T("town_c_trends", lang, town=texts.town_name(town, lang)))
    )


def _erratum(note: str, lang: str) -> str:
    return texts.source_text("errata", "note", note, lang)


def errata_notes(town: str, lang: str) -> Shown | None:
    """The source's errors about the town, in plain words."""
    e = data.load("errata")
    e = e[e["city_id"].fillna("") == town]
    if e.empty:
        return None

    def note(r: dict) -> str:
        nums = profile.erratum_numbers(r, lang)  # a number the table's own figures give: said so
        return (
            s("err_recomputed", lang, recomputed=nums[1])
            if nums
            else texts.source_text("errata", "note", r["note"], lang)
        )

    grouped: dict[tuple, list[str]] = {}  # one row per printed cell, however many checks it fails
    for r in e.to_dict("records"):
        said = note(r)
        notes = grouped.setdefault((r["table"], str(r["line"]), str(r["published"])), [])
        if said not in notes:
            notes.append(said)
    rows = [
        [texts.source_id_label(t, lang), line, printed(pub), notes[0] if len(notes) == 1 else page.Lines(notes)]
        for (t, line, pub), notes in grouped.items()
    ]
    head = [T(k, lang) for k in ("table", "source_line", "published", "note")]
    return Shown([page.Heading(s("errata_h", lang), 3), html_table(head, rows, first_col_header=False)])


def glossary(lang: str) -> Shown:
    """The terms of the report (data/glossary.csv) in the reader's language beside the sources'
    Kazakh term, to find them in the source; a Kazakh reader gets the Russian term (the
    statistics bureau's other language). One column of another language, not two, keeps a short
    report in its reader's language."""
    g = data.load("glossary")
    other = texts.SOURCE_LANG if lang != texts.SOURCE_LANG else next(x for x in texts.LANGS if x != lang)
    rows = [[r[lang], page.Span(r[other], lang=other)] for r in g.to_dict("records")]
    head = [s("glossary_h", lang), T(f"lang_{other}", lang)]  # "Kazakh", not "Қазақша"
    return Shown(html_table(head, rows))


def cite(town: str, lang: str) -> Shown:
    from monotowns import __version__

    text = s(
        "cite_text",
        lang,
        version=__version__,
        date=texts.data_date(lang),
        town=texts.town_name(town, lang),
        langname=T("lang_name", lang),
    )
    return Shown(page.Para(text, "cite"))


def takeaways(x) -> list[tuple[str, takeaway.Rows]]:
    """The (title, rows) of every table and chart in ``x`` (a section, an item, a list of them)
    that says what rows it shows, in the order of the page."""
    found: list[tuple[str, takeaway.Rows]] = []

    def walk(y) -> None:
        if isinstance(y, list | tuple):
            for z in y:
                walk(z)
            return
        rows = getattr(y, "rows", None)
        if isinstance(rows, takeaway.Rows):
            found.append((rows.title or getattr(y, "title", None) or rows.name, rows))
        for attr in ("body", "children"):
            if hasattr(y, attr) and not isinstance(getattr(y, attr), str):
                walk(getattr(y, attr))

    walk(x)
    return found


class Block:
    """A section of the report as its notebook cell shows it: the HTML, and (under
    ``takeaway.MIME``) the rows of its tables and charts, which the build writes as CSV files
    beside the report and links."""

    def __init__(self, div: page.Div, lang: str) -> None:
        self.div = div
        self.lang = lang

    def __html__(self) -> str:
        return self.div.__html__()

    def _repr_html_(self) -> str:
        return str(self.__html__())

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        out = {"text/html": self._repr_html_()}
        found = takeaways(self.div)
        if found:
            out[takeaway.MIME] = takeaway.bundle(found, self.lang)
        return out


class Report:
    """A town's report in sections, as ``notebooks/town_report.ipynb`` shows it, one cell each:
    ``page1`` (names and map, key findings, key figures, later years added), ``comparisons``,
    ``peers``, ``trends``, ``tables``, ``swot``, ``method``, ``notes``, ``glossary``, ``cite``,
    ``sources``. Each returns a displayable block, or None where the town has nothing for it
    (a town outside the registry, from an analyst's inputs file, has page 1 = the method only).

    ``inputs``: an analyst's inputs file (the method computed from it); ``updates``: the
    analyst's update files (one path per line), whose later years join the findings, key
    figures, comparisons, trends and sources, marked added."""

    def __init__(self, town: str, lang: str, inputs: str = "", updates: str = ""):
        texts.check_lang(lang)
        self.town, self.lang, self.inputs = town, lang, inputs
        self.registered = town in towns.town_ids()
        if not self.registered and not inputs:
            towns.town(town)  # raises: an unknown town without inputs has nothing to show
        self.ups = added.load(updates) if self.registered else []
        self.karaganda = self.registered and towns.town(town)["karaganda8"] == "true"

    SECTIONS = (
        "page1",
        "comparisons",
        "peers",
        "trends",
        "tables",
        "swot",
        "method",
        "notes",
        "glossary",
        "cite",
        "sources",
    )

    def items(self) -> list:
        """Every section's items, in order: the whole report."""
        return [x for name in self.SECTIONS for x in self._items(name)]

    def _items(self, name: str) -> list:
        if not self.registered:
            return method_only(self.town, self.lang, self.inputs) if name == "page1" else []
        return [x for x in getattr(self, f"_{name}")() if x is not None]

    def _block(self, name: str):
        items = self._items(name)
        return Block(page.Div(items, "townreport"), self.lang) if items else None

    def page1(self):
        """Names and map, the key findings, the key figures, the later years added."""
        return self._block("page1")

    def comparisons(self):
        """The comparisons page 1 does not state (the country, the region, similar towns)."""
        return self._block("comparisons")

    def peers(self):
        """The town among the 27 mono-towns and Karaganda's 8."""
        return self._block("peers")

    def trends(self):
        """The town's own series: population, 2017–2021, innovation, the added years."""
        return self._block("trends")

    def tables(self):
        """The source tables about the town: anchor projects (T7), the article's A2, T16."""
        return self._block("tables")

    def swot(self):
        """The SWOT that covers the town (Karaganda's, Table Б.1, or the article's general one)."""
        return self._block("swot")

    def method(self):
        """The author's method, where the dissertation assessed the town or an inputs file has it."""
        return self._block("method")

    def notes(self):
        """The notes on the data: the sources' errors about the town, the audit's rows."""
        return self._block("notes")

    def glossary(self):
        return self._block("glossary")

    def cite(self):
        return self._block("cite")

    def sources(self):
        """Which source tables mention the town, with the lines; the analyst's update files."""
        return self._block("sources")

    # ---------------------------------------------------------------- the sections' items

    def _page1(self) -> list:
        town, lang = self.town, self.lang
        return [
            title(town, lang),
            card_and_map(town, lang),
            summary(town, lang, self.ups),
            key_figures_box(town, lang),
            added.box(town, self.ups, lang),
        ]

    def _comparisons(self) -> list:
        return [comparisons(self.town, self.lang, self.ups)]

    def _peers(self) -> list:
        town, lang = self.town, self.lang
        return [heading("h_peers", lang), towncharts.peers27(town, lang)] + (
            [towncharts.peers8(town, lang)] if self.karaganda else []
        )

    def _trends(self) -> list:
        town, lang = self.town, self.lang
        ac = added.chart(town, self.ups, lang)
        items = [
            heading("h_trends_added" if ac is not None else "h_trends", lang),  # no "2017–2021" over 2023
            ac,
            towncharts.population_history(town, lang),
            towncharts.trends(town, lang),
            trend_table(town, lang),
            towncharts.innovation(town, lang),
        ]
        if not self.karaganda:
            name = texts.town_name(town, lang)
            said = s("gaps_thin", lang, town=name, assessed=_assessed(lang))
            items.append(page.Div([page.Para(said)], "box gaps", s("h_gaps", lang), 3))
        return items

    def _tables(self) -> list:
        items = []
        for t in ("T7", "A2", "T16"):
            x = table_for(t, self.town, self.lang)
            if x is not None:
                items += [_caption(t, self.lang), x]
        return items

    def _swot(self) -> list:
        town, lang = self.town, self.lang
        if self.karaganda:  # Table Б.1 is the SWOT of Karaganda region's mono-towns
            sw = tables.swot(lang, town)
            sw.rows = takeaway.Rows("swot", [swot_frame(sw.frame, lang)], s("swot", lang))
            return [heading("swot", lang), sw]
        name = texts.town_name(town, lang)  # the article's SWOT of all mono-towns, said to be general
        return [
            heading("swot_general", lang),
            page.note(s("swot_general_note", lang, town=name)),
            _caption("A4", lang),
            tables.a4_swot(lang),
        ]

    def _method(self) -> list:
        town, lang = self.town, self.lang
        items = []
        if town in method.published_towns() or self.inputs:
            items += [heading("m_h", lang), *method_section(town, lang)]
        elif town in towns.karaganda_ids():  # one of the eight, not one of the three the author assessed
            name = texts.town_name(town, lang)
            items += [heading("m_h", lang), page.Para(s("m_not_assessed", lang, town=name, assessed=_assessed(lang)))]
        if self.inputs:
            items += analyst_section(town, lang, self.inputs)
        return items

    def _notes(self) -> list:
        town, lang = self.town, self.lang
        errata = errata_notes(town, lang)
        return [
            heading("h_notes", lang),
            page.Para(s("notes_intro", lang) if errata is not None else s("notes_none", lang)),
            errata,
            audit_rows(town, lang),
        ]

    def _glossary(self) -> list:
        return [heading("h_glossary", self.lang), glossary(self.lang)]

    def _cite(self) -> list:
        return [heading("h_cite", self.lang), cite(self.town, self.lang)]

    def _sources(self) -> list:
        town, lang = self.town, self.lang
        return [heading("sources_h", lang), coverage(town, lang), *added.sources(town, self.ups, lang)]


def render_all(town: str, lang: str, inputs: str = "", updates: str = "") -> list:
    """The whole report as a list of displayable items: ``Report``'s sections in order."""
    return Report(town, lang, inputs, updates).items()


def _assessed(lang: str) -> str:
    """The towns the dissertation assessed with its method (Table 19's columns), by name."""
    return ", ".join(texts.town_name(t, lang) for t in method.published_towns())


def _caption(sid: str, lang: str) -> page.Group:
    src, line = texts.caption_line(sid)
    return page.Group(
        [page.Heading(texts.caption(sid, lang), 3), page.Para(texts.source_note(src, line, lang), "source")]
    )


def show(town: str, lang: str, inputs: str = "", updates: str = ""):
    """Display the whole report in a notebook (one HTML block); ``notebooks/town_report.ipynb``
    shows it section by section (``Report``). ``inputs``: an analyst's inputs file (the assess
    template) with a row for this town — its method section is then computed from it; a town
    outside the registry gets the method only. ``updates``: the analyst's files of later years
    (``run_all.py --update``), one path per line."""
    return page.Div(Report(town, lang, inputs, updates).items(), "townreport")


def analyst_inputs(town: str, inputs: str):
    """(the town's Assessment from the analyst's file, (file name, sha256 of the file))."""
    import hashlib
    from pathlib import Path

    from monotowns.method import assess

    path = Path(inputs)
    rows = [x for x in assess.read_inputs(path) if x.town == town]
    if not rows:
        raise method.MethodError(f"{path.name}: no row for the town {town!r}")
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    return assess.assess(rows[0], with_published=False), (path.name, sha)


def analyst_section(town: str, lang: str, inputs: str) -> list:
    """The method computed from the analyst's file, with where the inputs came from."""
    a, origin = analyst_inputs(town, inputs)
    return [page.Heading(s("m_h_file", lang, file=origin[0]), 3)] + method_block(a, lang, origin)


def method_only(town: str, lang: str, inputs: str) -> list:
    """The report of a town outside the registry: the method from the analyst's file only."""
    if not inputs:
        towns.town(town)  # raises: an unknown town without inputs has nothing to show
    return [
        page.Heading(f"{town} — {s('m_h', lang)}", 1),
        *page.notes(texts.translations_note(lang)),
        page.Para(s("m_only", lang, town=town)),
        *analyst_section(town, lang, inputs),
        heading("h_glossary", lang),
        glossary(lang),
    ]


def slug(town: str) -> str:
    """A file name for a town's report: its registry id, or the name typed in an inputs file
    made safe ('Новый город' → 'новый-город')."""
    import re

    if town in towns.town_ids():
        return town
    return re.sub(r"[^\w]+", "-", town.strip().lower()).strip("-") or "town"


__all__ = ["show", "render_all", "ranks"]


#: The source tables whose rows about a town its workbook holds, in the report's order.
WORKBOOK_TABLES = ("T6", "A1", "T7", "A2", "T16", "T11", "T13", "T14", "T15", "F20", "A3")


def workbook_sheets(town: str, lang: str, updates: str = "") -> list[tuple[str, pd.DataFrame]]:
    """The town's data to take away, one sheet per source table with rows about the town: the
    measure (in the language), the year, the value as printed, the value as a number, the
    unit, the table and the line of the source text it stands on (the rows of the data
    package, nothing computed). The first sheet says what the workbook is."""
    ind = data.indicators()
    labels = {
        (r["table"], r["indicator"]): texts.measure_label(r, lang, with_unit=False) for r in ind.to_dict("records")
    }
    head = [s(f"wb_{k}", lang) for k in ("measure", "year", "printed", "value", "unit", "table", "line", "erratum")]
    errata = data.load("errata")

    def erratum(table: str, r: dict) -> str | None:
        """The notes of the errata about the cell (its own, or its whole column's: Table 6 heads
        its populations 'thousand persons' over head counts), in the reader's language."""
        e = errata[(errata["table"] == table) & (errata["field"] == r["indicator"])]
        e = e[e["city_id"].isna() | (e["city_id"] == town)]
        e = e[e["year"].isna() | (e["year"].astype("string") == str(r["year"]))]
        notes = dict.fromkeys(texts.source_text("errata", "note", n, lang) for n in e["note"].dropna())
        return " | ".join(notes) or None

    sheets: list[tuple[str, pd.DataFrame]] = []
    for table in WORKBOOK_TABLES:
        df = data.numeric_table(table)
        df = df[df["city_id"] == town]
        if df.empty:
            continue
        label = texts.source_id_label(table, lang)
        rows = [
            [
                labels.get((table, r["indicator"]), r["indicator"]),
                int(r["year"]) if pd.notna(r["year"]) else None,
                r["value_raw"] if isinstance(r["value_raw"], str) else None,
                float(r["value"]) if pd.notna(r["value"]) else None,
                texts.unit(r["unit"], lang) if isinstance(r["unit"], str) and r["unit"] else None,
                label,
                int(r["line"]),
                erratum(table, r),
            ]
            for r in df.to_dict("records")
        ]
        sheets.append((label, pd.DataFrame(rows, columns=head)))
    from monotowns.data import paths

    about = [
        [s("wb_title", lang, town=texts.town_name(town, lang))],
        [s("wb_note", lang)],
        [s("wb_date", lang, date=texts.data_date(lang))],
        *[
            [f"{T('source_' + k, lang)}: data/{p.relative_to(paths.DATA_DIR).as_posix()}"]
            for k, p in sorted(paths.SOURCE_FILES.items())
        ],
    ]
    later = added.sheet(town, added.load(updates), lang)  # the analyst's later years, marked as theirs
    if later is not None:
        sheets.append((T("town_added_mark", lang), later))
    return [(s("wb_about", lang), pd.DataFrame(about, columns=[s("wb_about", lang)])), *sheets]
