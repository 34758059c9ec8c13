"""What a town report says in its own words: the key figures, the summary, the comparisons
with the other towns, the trend table, the card and map, the errata notes, what the sources
do not cover, the glossary, how to cite it, and the rows each of these cites
(``takeaways``).

The figures and sentences are ``profile``'s, ``townsummary``'s and ``peers``'; this presents
them.
"""

from __future__ import annotations

import pandas as pd

from monotowns import data, method
from monotowns.data import context, recorder, towns

from . import added, page, peers, profile, takeaway, texts, towncharts, townsections
from .shown import Shown, esc, html_table

T = texts.t


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
        recorder.read(res["path"])
        df = pd.read_csv(context.current().data_dir / res["path"], dtype=str, keep_default_na=False)
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
        townsections.s("col_source", lang),
        T("source_line", lang),
        T("count", lang),
    ]
    frame = pd.DataFrame(rows, columns=head)
    return Shown(
        page.Div([html_table(head, rows)], "box"),
        frame,
        rows=takeaway.Rows("sources", [frame], townsections.s("sources_h", lang)),
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
                    townsections.s(
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
            compare = townsections.s("kf_national", lang, v=texts.fmt_percent(kf.compare, lang))
        elif m is profile.WAGE and kf.compare is not None:
            compare = townsections.s(
                "kf_subsist", lang, v=townsections.s("kf_tenge", lang, n=texts.fmt_number(kf.compare, lang))
            )
        elif m is profile.INVESTMENT and kf.compare is not None:
            per = profile.Claim(peers.measure_text(profile.INVEST_PC, kf.compare, lang), f"value town:per:{town}")
            compare = sentence_html(profile.Sentence("town_kf_per_resident", {"v": per}), lang)
        elif m is profile.UNEMPLOYED and kf.compare is not None:
            per = profile.Claim(peers.measure_text(profile.UNEMP_PK, kf.compare, lang), f"value town:unemp_pk:{town}")
            compare = sentence_html(profile.Sentence("town_kf_per_thousand", {"v": per}), lang)
        else:
            compare = ""
        src = townsections.s("kf_src", lang, table=texts.source_id_label(m.table, lang), line=kf.line)
        # every number of the box marked with the cells it comes from (publish.claims checks it)
        if m is profile.POP_CHANGE:
            spec, rank_spec = f"delta T6 population {town} 2017 2021", f"rank-delta T6 population {town} 2017 2021"
        else:
            spec = f"cell {m.table} {m.indicator} {town}" + (f" {kf.year}" if kf.year else "")
            rank_spec = f"rank {m.table} {m.indicator} {town} {kf.year}"
        if kf.rank_measure is not None:
            rank_spec = f"rank-of {peers.claim_token(kf.rank_measure)} {town}"
        earlier_spec = f"cell {m.table} {m.indicator} {town} {kf.earlier_year}"
        rank_html = None
        if kf.rank is not None:
            direction = T(f"town_{(kf.rank_measure or m).direction}", lang)
            parts = {"r": profile.Claim(str(kf.rank[0]), rank_spec), "n": str(kf.rank[1]), "direction": direction}
            rank_html = sentence_html(profile.Sentence("town_kf_rank", parts), lang)
        rows.append(
            [
                townsections.s(m.label, lang),
                [page.Span(_nobreak(value), claim=spec, strong=True), marks],
                str(kf.year) if kf.year else "2017–2021",
                page.Span(_nobreak(earlier), claim=earlier_spec) if earlier else "",
                compare,
                rank_html,
                src,
            ]
        )
    head = [
        townsections.s(f"kf_h_{k}", lang) for k in ("measure", "value", "year", "earlier", "compare", "rank", "source")
    ]
    foot = []
    for i, n in enumerate(notes, 1):
        if n is None:
            text = townsections.s("kf_flag", lang, p2014=texts.fmt_number(flag["p2014"], lang))
        elif isinstance(n, tuple):
            text = n[1]
        else:
            text = townsections.s("kf_note", lang, note=texts.source_text("errata", "note", n, lang))
        foot.append(page.note([page.Mark(i), " ", text]))
    frame = pd.DataFrame([[page.plain(c) for c in r] for r in rows], columns=head)
    box = page.Div([html_table(head, rows), foot], "box keyfigures", townsections.s("h_keyfigures", lang), 2)
    return Shown(
        box, frame, rows=takeaway.Rows("key-figures", key_figure_rows(town), townsections.s("h_keyfigures", lang))
    )


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
    """Page 1's key findings (``peers.findings``): the town against the national rate, the
    oblast and its peers, in words, each number marked with its cells; for a town the
    dissertation assessed, the recommended scenario in one line each (recomputed, Table 26,
    the author's conclusion); a note on what the medians and types are."""
    sentences = peers.findings(town, lang)
    lines = [page.join(sentence_html(x, lang)) for x in sentences]
    lines += [page.join(added.finding(x, lang)) for x in added.series(town, ups or [])]  # later years
    body: list = [page.Items(lines)]
    if town in method.published_towns():
        from monotowns.method import assess

        body.append(
            page.Div(
                [page.Para(x) for x in townsections.recommendation(assess.assess(method.published_inputs(town)), lang)],
                "method-rec",
            )
        )
    karaganda = towns.town(town)["karaganda8"] == "true"
    body.append(
        page.note(townsections.s("fd_note", lang) + (" " + townsections.s("fd_note_k8", lang) if karaganda else ""))
    )
    return Shown(
        page.Div(body, "summary findings", townsections.s("h_findings", lang), 2),
        pd.DataFrame({"sentence": [x.text(lang) for x in sentences]}),
    )


def comparisons(town: str, lang: str, ups: list | None = None) -> Shown | None:
    """The comparisons the sources allow for the town (``peers.comparisons``) that page 1's
    findings do not state already: key figures against the national rate, the Karaganda oblast
    average, the subsistence minimum and the medians of the 27, of the town's functional type
    and of Karaganda's eight, in words, each number a claim (None: page 1 states them all)."""
    stated = peers.key_comparisons(town)
    chosen = [c for c in peers.comparisons(town) if c not in stated]
    later = added.medians(town, ups or [], lang)  # the towns with an added year's data
    if not chosen and not later:
        return None
    order = list(dict.fromkeys(c.measure for c in chosen))
    chosen.sort(key=lambda c: order.index(c.measure))
    sentences = [peers.comparison_sentence(c, lang) for c in chosen]
    return Shown(
        page.Div(
            [page.Items([page.join(sentence_html(x, lang)) for x in sentences] + [page.join(x) for x in later])],
            "comparisons",
            townsections.s("h_comparisons", lang),
            2,
        ),
        pd.DataFrame({"sentence": [x.text(lang) for x in sentences]}),
    )


def card_and_map(town: str, lang: str) -> Shown:
    """The registry card with the locator map beside it, at the top of page 1: the map is on
    page 1 in every town's report (beside the summary, lower down, it was cut in two or pushed
    to page 2 where the key figures box is tall)."""
    card = townsections.profile_table(town, lang)
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
        "T11": townsections.s("unit_tenge", lang),
        "T15": T("axis_mln_tenge", lang),
        "T13": "%",
        "T14": "%",
        "F20": T("axis_persons", lang),
    }
    for m, key in specs:
        row = [f"{townsections.s(key, lang)} ({units[m.table]})"]
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
    foot = [
        page.note([page.Mark(i), " ", townsections.s("kf_note", lang, note=_erratum(n, lang))])
        for i, n in enumerate(notes, 1)
    ]
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
            townsections.s("err_recomputed", lang, recomputed=nums[1])
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
    return Shown([page.Heading(townsections.s("errata_h", lang), 3), html_table(head, rows, first_col_header=False)])


def glossary(lang: str) -> Shown:
    """The terms of the report (data/glossary.csv) in the reader's language beside the sources'
    Kazakh term, to find them in the source; a Kazakh reader gets the Russian term (the
    statistics bureau's other language). One column of another language, not two, keeps a short
    report in its reader's language."""
    g = data.load("glossary")
    other = texts.SOURCE_LANG if lang != texts.SOURCE_LANG else next(x for x in texts.LANGS if x != lang)
    rows = [[r[lang], page.Span(r[other], lang=other)] for r in g.to_dict("records")]
    head = [townsections.s("glossary_h", lang), T(f"lang_{other}", lang)]  # "Kazakh", not "Қазақша"
    return Shown(html_table(head, rows))


def cite(town: str, lang: str) -> Shown:
    from monotowns import __version__

    text = townsections.s(
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
