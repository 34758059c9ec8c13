"""Teaching the method step by step (notebooks/teaching.ipynb), in a student's version that
asks and an instructor's version that answers.

- ``Lesson(town, lang, answers, inputs=path)``: one town's lesson — a town the dissertation
  assessed, or a student's own town from an assess-template CSV (``inputs``). Its sections
  (``intro``, ``step``, ``scoring``, ``whatif``, the data exercises, ``own_town``) return HTML;
  in the student's version each shows what an exercise needs (what an indicator measures, its
  inputs, the formula, the scale) and blanks for what it asks (the value, the grade, the scores,
  the recommended scenario); the instructor's version fills them, with the working and the
  explanation.
- Self-check (Jupyter): ``Lesson.check`` and ``Lesson.check_scores`` say right or wrong, within
  rounding, without ever showing the answer.
  (The answers are checked by ``answers``.)
- What-if: ``whatif.what_if(inputs, **changes)`` recomputes everything after changing raw
  inputs; ``sliders`` shows it live in Jupyter; the reports show prepared cases.
- Exercises on the data: ``answers.t6_changes``, ``t11_wages``, ``populations_2014_2017``,
  ``unemployment_ranks`` compute the answers from the data package.
- ``guide(lang)``: the one-page guide for the teacher of the course pack.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from monotowns import data, method
from monotowns.method import assess, audit, scenarios

from . import answers, page, texts, whatif
from .shown import Shown, esc, html_table

T = texts.t

#: A blank to fill in the student's version (how it looks: ``.blank`` in report.css).
BLANK = page.Blank()


def sliders(inputs: method.Inputs, lang: str):
    """Interactive sliders for every input (ipywidgets): the indicators, grades, scores and the
    recommended scenario change as they move. Returns the widget; its second child is the
    result (an ``HTML`` widget whose ``value`` is ``result_table`` of the sliders' inputs)."""
    import ipywidgets as w

    cols = method.Inputs.columns()[1:]
    controls = {}
    for c in cols:
        v = float(getattr(inputs, c))
        hi = 100.0 if c in assess.SHARE_COLUMNS else max(10.0, v * 3)
        controls[c] = w.FloatSlider(
            value=v,
            min=0.0 if c != "TDda1" else -20.0,
            max=hi,
            step=0.1,
            description=c,
            continuous_update=False,
        )
    result = w.HTML()

    def refresh(*_):
        try:
            res = whatif.what_if(inputs, **{c: s.value for c, s in controls.items()})
        except method.MethodError as e:  # e.g. TDda1 + TDda2 < 0: say so, keep the sliders
            result.value = str(page.note(str(e)))
            return
        result.value = whatif.result_table(res, lang)

    for s in controls.values():
        s.observe(refresh, names="value")
    refresh()
    return w.HBox([w.VBox(list(controls.values())), result])


# ---------------------------------------------------------------- the lesson


def lesson_inputs(town: str, inputs: str | Path = "") -> method.Inputs:
    """The inputs of a lesson: the dissertation's for one of its towns, or a row of an
    assess-template CSV (the row of ``town`` if the file has it, else the first row)."""
    if not inputs:
        return method.published_inputs(town)
    rows = assess.read_inputs(Path(inputs))
    return next((r for r in rows if r.town == town), rows[0])


def _range(b, lang: str) -> str:
    f = lambda v: texts.fmt_number(v, lang)  # noqa: E731
    if math.isinf(b.lower):
        return f"≤ {f(b.upper)}"
    if math.isinf(b.upper):
        return f"> {f(b.lower)}"
    return f"{f(b.lower)} – {f(b.upper)}"


def _ol(items: list) -> page.Items:
    return page.Items(items, ordered=True)


def _box(title: str, body, cls: str = "box") -> page.Div:
    return page.box(title, body, cls)


def _said(notes) -> list:
    """A scale's notes a reader needs: a class read as everything above (``inside``) is not
    also said to overlap."""
    inside = {n.class_id for n in notes if n.kind == "inside"}
    return [n for n in notes if not (n.kind == "overlap" and n.class_id in inside)]


def _exercise(lang: str, body) -> page.Div:
    """An exercise box, kept whole on a page in print (class ``exercise``)."""
    return _box(T("teach_exercises", lang), body, "box exercise")


def _answers_box(lang: str, items: list, before=None) -> page.Div:
    return _box(T("teach_answer", lang), [before, _ol(items)], "box answers")


class Lesson:
    """One town's lesson in one language, student's (``answers=False``) or instructor's version."""

    def __init__(self, town: str, lang: str, answers: bool, inputs: str | Path = ""):
        texts.check_lang(lang)
        self.lang, self.answers = lang, bool(answers)
        self.x = lesson_inputs(town, inputs)
        self.town = self.x.town
        #: the dissertation's own town with its own inputs: the author's values can be compared
        self.published = (
            self.town in method.published_towns() and self.x == method.published_inputs(self.town)
        ) and not inputs
        self.a = assess.assess(self.x, with_published=self.published)
        self.values = {i: r.value for i, r in self.a.indicators.items()}
        self.grades = {i: r.class_id for i, r in self.a.indicators.items()}

    # -- formatting
    def n(self, v: float | None, d: int | None = None) -> str:
        return texts.fmt_number(v, self.lang, d)

    def t(self, key: str, **kw) -> str:
        return T(key, self.lang, **kw)

    @property
    def name(self) -> str:
        return texts.town_name(self.town, self.lang)

    # -- sections
    def intro(self) -> Shown:
        lang = self.lang
        version = self.t("teach_version_instructor" if self.answers else "tch_version_student")
        own = None if self.published else page.Para(self.t("tch_own_inputs", town=self.name))
        return Shown(
            [
                page.Heading(T("teach_title", lang, town=self.name), 1),
                page.Para(self.t("tch_intro", town=self.name), "intro"),
                _box(self.t("tch_question_h"), page.Para(self.t("tch_question", town=self.name)), "box question"),
                _box(
                    self.t("tch_objectives_h"),
                    _ol([self.t(f"tch_objective_{i}") for i in range(1, 5)]),
                    "box objectives",
                ),
                own,
                page.Para(version, "status"),
                page.Para(self.t("tch_intro_blanks" if not self.answers else "tch_intro_key")),
            ]
        )

    def working(self, indicator: str) -> str:
        """The formula with the town's inputs put in, and the result (the instructor's working)."""
        spec, x, v = method.REGISTRY[indicator], self.x, self.values
        if indicator == "TDzhia":
            parts = [(getattr(x, f"TDzhia{k}_city"), getattr(x, f"TDzhia{k}_oblast")) for k in range(1, 5)]
            s1 = " + ".join(f"100 × {self.n(c)} / {self.n(o)}" for c, o in parts)
            s2 = " + ".join(self.n(method.tdzhia_part(c, o), 2) for c, o in parts)
            return f"TDzhia = √({s1}) = √({s2}) = {self.n(v['TDzhia'], 2)}"
        rhs = spec.notation.split("=", 1)[1].strip()
        names = sorted(spec.inputs, key=len, reverse=True)

        def put(m: re.Match) -> str:
            k = m.group(0)
            return self.n(v[k], 3) if k in method.REGISTRY else self.n(getattr(x, k))

        filled = re.sub(r"\b(" + "|".join(names) + r")\b", put, rhs)
        return f"{indicator} = {filled} = {self.n(v[indicator], 2)}"

    def cause(self, indicator: str) -> str | None:
        """Why the author's printed value differs from ours, in the reader's language; None if
        it does not differ."""
        c = audit.value_cause(self.town, indicator)
        if c is None:
            return None
        cid, v = c
        return self.t(f"tch_cause_{cid}", value=self.n(v, 2) if v is not None else "")

    def step(self, indicator: str) -> Shown:
        """One indicator: what it measures, inputs, formula, scale; then the exercises, with
        blanks (student) or the answers with the working and the explanation (instructor)."""
        lang, x, spec = self.lang, self.x, method.REGISTRY[indicator]
        rows = []
        for c in spec.inputs:
            if c in method.REGISTRY:  # TDea combines the indicators computed before it
                val = self.n(self.values[c], 3) if self.answers else self.t("tch_from_step", ind=c)
            else:
                val = self.n(getattr(x, c))
            # what the input is, where it is used (not only in the own-town table at the end)
            meaning = T(f"tch_col_{c}", lang) if c not in method.REGISTRY else T(method.REGISTRY[c].text_key, lang)
            rows.append([c, meaning, val])
        parts = [
            page.Heading(indicator, 2),
            page.Para([page.Strong(f"{T('teach_what', lang)}."), " ", T(spec.text_key, lang)]),
            page.Para(page.Strong(T("teach_inputs", lang))),
            html_table(["", T("tch_what_it_is", lang), T("value", lang)], rows),
            page.Para([page.Strong(f"{T('teach_formula', lang)}:"), " ", page.Code(spec.notation)]),
        ]
        sc = method.scales().get(indicator)
        if sc:
            srows = [
                [
                    _range(b, lang),
                    texts.class_label(b.class_id, lang),
                    texts.published(b.printed, lang, texts.printed_range(b.printed)),
                ]
                for b in sc.bands
            ]
            parts += [
                page.Para(page.Strong(self.t("tch_scale", table=texts.source_id_label(spec.table, lang)))),
                html_table([self.t("tch_range"), T("class", lang), self.t("tch_printed")], srows),
                page.note(self.t("tch_boundary")),
                *[page.note(texts.scale_note(n, lang)) for n in _said(sc.notes)],  # the source's misprints, said
            ]
        ex = [esc(T("teach_ex_compute", lang, ind=indicator))]
        ans = [esc(self.t("tch_ans_value", working=self.working(indicator)))]
        fill = [[f"{indicator} = ", BLANK]]
        if sc:
            ex.append(esc(T("teach_ex_grade", lang, ind=indicator)))
            b = next(b for b in sc.bands if b.class_id == self.grades[indicator])
            ans.append(
                esc(
                    self.t(
                        "tch_ans_grade",
                        ind=indicator,
                        grade=texts.class_label(self.grades[indicator], lang),
                        value=self.n(self.values[indicator], 2),
                        range=_range(b, lang),
                    )
                )
            )
            fill.append([f"{self.t('tch_grade_blank', ind=indicator)} ", BLANK])
        r = self.a.indicators[indicator]
        pub = method.published_results(self.town)[indicator] if self.published else None
        if pub is not None and pub.value_raw:
            table = texts.source_id_label(spec.table, lang)
            ex.append(esc(self.t("tch_ex_author", ind=indicator, table=table, line=pub.line)))
            cause = self.cause(indicator)
            if cause:
                ans.append(
                    esc(self.t("tch_ans_differs", published=pub.value_raw, ours=self.n(r.value, 2), cause=cause))
                )
            else:
                ans.append(esc(self.t("tch_ans_agrees", published=pub.value_raw, ours=self.n(r.value, 2))))
            if r.published_class and r.class_id and r.published_class != r.class_id:
                ans.append(
                    esc(
                        self.t(
                            "tch_ans_grade_differs",
                            published=texts.class_label(r.published_class, lang),
                            ours=texts.class_label(r.class_id, lang),
                        )
                    )
                )
            if r.published_class and sc and pub.value is not None and sc.classify(pub.value) != r.published_class:
                own = texts.class_label(sc.classify(pub.value), lang)
                ans.append(esc(self.t("tch_ans_grade_vs_scale", published=pub.value_raw, grade=own)))
        body = [_ol(ex)]
        if self.answers:
            body.append(_answers_box(lang, ans))
        else:
            body += [page.Para(f, "fill") for f in fill]
        parts.append(_exercise(lang, body))
        return Shown(parts)

    def scoring(self) -> Shown:
        """The scenario choice: Table 25, then the scores and the recommendation to find."""
        from . import prose

        lang = self.lang
        parts = [
            page.Heading(T("teach_scores", lang), 2),
            page.Para(T("teach_scores_text", lang)),
            prose.t25_matrix(lang).body,
        ]
        ex = _ol([T("teach_ex_scores", lang)])
        if not self.answers:
            rows = [[texts.scenario_label(s, lang), BLANK] for s in scenarios.SCENARIOS]
            body = [ex, html_table([self.t("tch_scenario"), self.t("tch_score")], rows)]
            body.append(page.Para([f"{T('recommended', lang)}: ", BLANK], "fill"))
            parts.append(_exercise(lang, body))
            return Shown(parts)
        rows = []
        for i in method.GRADED:
            sup = scenarios.supported(i, self.grades[i])
            rows.append(
                [i, texts.class_label(self.grades[i], lang)] + ["+" if s in sup else "" for s in scenarios.SCENARIOS]
            )
        rows.append([self.t("tch_score"), ""] + [str(self.a.scores[s]) for s in scenarios.SCENARIOS])
        head = [T("indicator", lang), T("class", lang)] + [texts.scenario_label(s, lang) for s in scenarios.SCENARIOS]
        items = [
            esc(self.t("tch_ans_scores", scores=self.scores_text(self.a.scores))),
            esc(self.t("tch_ans_recommended", scenarios=self.scenarios_text(self.a.recommended))),
        ]
        if self.published:
            printed, matrix = self.a.printed_scores_t26, self.a.scores_from_published_classes
            if printed and printed != self.a.scores:
                items.append(esc(self.t("tch_ans_t26", scores=self.scores_text(printed))))
                if printed != matrix:
                    items.append(esc(self.t("tch_ans_t26_count", scores=self.scores_text(matrix))))
                if matrix != self.a.scores:
                    items.append(esc(self.t("tch_ans_t26_grades")))
            concl = data.load("method-conclusions")
            stated = [s for s in scenarios.SCENARIOS if s in set(concl[concl["city_id"] == self.town]["scenario_id"])]
            key = "tch_ans_author_same" if stated == self.a.recommended else "tch_ans_author_other"
            items.append(esc(self.t(key, scenarios=self.scenarios_text(stated))))
        parts.append(_exercise(lang, [ex, _answers_box(lang, items, html_table(head, rows))]))
        return Shown(parts)

    def scores_text(self, sc: dict[str, int]) -> str:
        return ", ".join(f"{texts.scenario_label(s, self.lang)} — {sc[s]}" for s in scenarios.SCENARIOS)

    def scenarios_text(self, ss) -> str:
        return ", ".join(texts.scenario_label(s, self.lang) for s in ss)

    def whatif(self) -> Shown:
        """What-if: the student gets the cases as questions (the sliders answer them in
        Jupyter); the instructor the table of their results."""
        lang = self.lang
        head = page.Heading(T("teach_whatif", lang), 2)
        if self.answers:
            return Shown([head, page.Para(T("teach_whatif_text", lang)), whatif.what_if_table(self.x, lang).body])
        cases = [self.t("tch_ex_case", case=label) for label, _ in whatif.prepared_cases(self.x)]
        return Shown([head, _exercise(lang, [page.Para(self.t("tch_whatif_ask")), _ol(cases)])])

    def check(self, indicator: str, value=None, grade=None) -> Shown:
        """Self-check of one indicator: right or wrong (within rounding), never the answer."""
        out = [
            self._verdict(
                indicator, value, None if value is None else answers.value_is_right(value, self.values[indicator])
            )
        ]
        if indicator in method.GRADED:
            g = None if grade in (None, "") else answers.class_of_answer(grade) == self.grades[indicator]
            out.append(self._verdict(self.t("tch_grade_of", ind=indicator), grade, g))
        return Shown(page.Para(page.Lines(out), "check"))

    def check_scores(self, scores: dict | None = None, recommended=None) -> Shown:
        """Self-check of the scores and the recommended scenario."""
        out = []
        for s in scenarios.SCENARIOS:
            got = (scores or {}).get(s)
            ok = (
                None
                if got is None
                else answers.as_number(got) is not None and answers.as_number(got)[0] == self.a.scores[s]
            )
            out.append(self._verdict(texts.scenario_label(s, self.lang), got, ok))
        named = answers.scenarios_of_answer(recommended)
        ok = None if named is None else named == set(self.a.recommended)
        out.append(self._verdict(T("recommended", self.lang), recommended, ok))
        return Shown(page.Para(page.Lines(out), "check"))

    def _verdict(self, what: str, answer, ok: bool | None) -> str:
        key = (
            "tch_check_none" if answer in (None, "") or ok is None else ("tch_check_right" if ok else "tch_check_wrong")
        )
        return esc(self.t(key, what=what))

    # -- the data exercises
    def data_exercises(self) -> Shown:
        """Exercises on the sources' own data and their inconsistencies."""
        return Shown(
            [
                page.Heading(self.t("tch_data"), 2),
                page.Para(self.t("tch_data_text")),
                self._ex_t6(),
                self._ex_t11(),
                self._ex_populations(),
                self._ex_unemployment(),
            ]
        )

    def _ex_t6(self) -> list:
        df = answers.t6_changes()
        rows = []
        for r in df.itertuples():
            row = [texts.town_name(r.city_id, self.lang), self.n(r.pop2017), self.n(r.pop2021), r.printed_raw]
            if self.answers:
                row += [self.n(r.recomputed, 2), self.t(f"tch_verdict_{r.verdict}")]
            rows.append(row)
        head = [self.t("tch_town"), "2017", "2021", self.t("tch_printed_change")]
        if self.answers:
            head += [self.t("tch_recomputed_change"), self.t("tch_verdict")]
        body = [page.Para(self.t("tch_ex_t6")), html_table(head, rows)]
        if self.answers:
            bad = df[df["verdict"].isin(["error", "sign"])]
            items = [
                esc(
                    self.t(
                        "tch_ans_t6",
                        n=len(bad),
                        total=len(df),
                        towns=self._towns(bad["city_id"]),
                        sign=self._towns(df[df["verdict"] == "sign"]["city_id"]),
                        minor=self._towns(df[df["verdict"] == "minor"]["city_id"]),
                    )
                ),
            ]
            for r in df[(df["pop2017"] > 2 * df["pop2021"]) | (df["pop2017"] < df["pop2021"] / 2)].itertuples():
                items.append(
                    esc(
                        self.t(
                            "tch_ans_t6_typo",
                            town=texts.town_name(r.city_id, self.lang),
                            pop2017=self.n(r.pop2017),
                            pop2021=self.n(r.pop2021),
                        )
                    )
                )
            body.append(_answers_box(self.lang, items))
        return [page.Heading(self.t("tch_t6_title"), 3), body]

    def _ex_t11(self) -> list:
        df = answers.t11_wages()
        rows = []
        for r in df.itertuples():
            row = [texts.town_name(r.city_id, self.lang), self.n(r.wage2017), self.n(r.wage2020), r.printed_raw]
            row.append(r.printed_change_raw)
            if self.answers:
                row += [self.n(r.intended), self.n(r.growth_pct, 1), self.n(r.change_intended, 1)]
            rows.append(row)
        head = [self.t("tch_town"), "2017", "2020", self.t("tch_wage_2021_printed"), self.t("tch_printed_row")]
        if self.answers:
            head += [self.t("tch_wage_2021_intended"), self.t("tch_growth_2020_2021"), self.t("tch_row_intended")]
        body = [page.Para(self.t("tch_ex_t11")), html_table(head, rows)]
        if self.answers:
            items = [
                esc(self.t("tch_ans_t11", n=int(df["garbled"].sum()), total=len(df))),
                esc(
                    self.t(
                        "tch_ans_t11_row",
                        lo=self.n(df["growth_pct"].min(), 1),
                        hi=self.n(df["growth_pct"].max(), 1),
                        n=int(df["row_reproduced_garbled"].sum()),
                    )
                ),
            ]
            body.append(_answers_box(self.lang, items))
        return [page.Heading(self.t("tch_t11_title"), 3), body]

    def _ex_populations(self) -> list:
        df = answers.populations_2014_2017()
        rows = []
        for r in df.itertuples():
            row = [texts.town_name(r.city_id, self.lang), self.n(r.pop2014_thousand, 1), self.n(r.pop2017)]
            if self.answers:
                row += [self.n(r.change_pct, 1), "✓" if r.flagged else ""]
            rows.append(row)
        head = [self.t("tch_town"), self.t("tch_pop_2014"), self.t("tch_pop_2017")]
        if self.answers:
            head += [self.t("tch_change_pct"), self.t("tch_flag", pct=self.n(answers.POPULATION_GAP_PCT))]
        body = [page.Para(self.t("tch_ex_pop", pct=self.n(answers.POPULATION_GAP_PCT))), html_table(head, rows)]
        if self.answers:
            fl = df[df["flagged"]]
            items = [
                esc(
                    self.t(
                        "tch_ans_pop",
                        n=len(fl),
                        pct=self.n(answers.POPULATION_GAP_PCT),
                        down=self._towns(fl[fl["change_pct"] < 0]["city_id"]),
                        up=self._towns(fl[(fl["change_pct"] > 0) & ~fl["typo"]]["city_id"]),
                        typo=self._towns(fl[fl["typo"]]["city_id"]),
                    )
                ),
                esc(self.t("tch_ans_pop_territory")),
            ]
            body.append(_answers_box(self.lang, items))
        return [page.Heading(self.t("tch_pop_title"), 3), body]

    def _ex_unemployment(self) -> list:
        df = answers.unemployment_ranks()
        order = list(answers.published_pairs("T6", "unemployment_rate_pct")["city_id"])  # the source's order
        by_town = df if self.answers else df.set_index("city_id").loc[order].reset_index()
        rows = []
        for r in by_town.itertuples():
            row = [texts.town_name(r.city_id, self.lang), self.n(r.rate, 1)]
            if self.answers:
                row.insert(0, str(r.rank))
            rows.append(row)
        head = [self.t("tch_town"), self.t("tch_unemployment")]
        if self.answers:
            head.insert(0, self.t("tch_rank"))
        body = [page.Para(self.t("tch_ex_unemp")), html_table(head, rows)]
        if self.answers:
            s = answers.unemployment_summary()
            items = [
                esc(
                    self.t(
                        "tch_ans_unemp",
                        first=self._towns(df[df["rank"] == 1]["city_id"]),
                        last=self._towns(df[df["rate"] == df["rate"].max()]["city_id"]),
                        groups=s["tie_groups"],
                        tied=s["tied_towns"],
                        spread=self.n(s["spread"], 1),
                        national=self.n(s["national"], 1),
                        above=s["above_national"],
                        equal=s["equal_national"],
                    )
                ),
                esc(self.t("tch_ans_unemp_hides", gap=self.n(s["rank_gap_rate"], 1), ranks=s["rank_gap_ranks"])),
            ]
            body.append(_answers_box(self.lang, items))
        return [page.Heading(self.t("tch_unemp_title"), 3), body]

    def _towns(self, ids) -> str:
        ids = list(ids)
        return ", ".join(texts.town_name(i, self.lang) for i in ids) if ids else "—"

    def own_town(self) -> Shown:
        """The blank assess template, one input per row (it fits the page), and how to use it."""
        lang = self.lang
        rows = [[c, self.t(f"tch_col_{c}"), ""] for c in method.Inputs.columns()]
        return Shown(
            [
                page.Heading(T("teach_own", lang), 2),
                page.Para(self.t("tch_own_text")),
                html_table(
                    [self.t("tch_column"), self.t("tch_meaning"), self.t("tch_your_value")], rows, cls="data template"
                ),
            ]
        )


# ---------------------------------------------------------------- the teacher's guide


#: The exercises of the course pack: (catalogue key stem, minutes).
GUIDE = (
    ("steps", 45),
    ("author", 20),
    ("scoring", 15),
    ("whatif", 20),
    ("t6", 20),
    ("t11", 20),
    ("pop", 25),
    ("unemp", 20),
    ("own", 45),
)


def guide(lang: str) -> Shown:
    """The one-page guide for the teacher: what is in the pack, what each exercise trains and
    the time it needs."""
    rows = [
        [T(f"tch_guide_{k}", lang), T(f"tch_guide_{k}_trains", lang), T("tch_guide_minutes", lang, n=m)]
        for k, m in GUIDE
    ]
    head = [T("tch_guide_exercise", lang), T("tch_guide_trains", lang), T("tch_guide_time", lang)]
    total = sum(m for _, m in GUIDE)
    towns = ", ".join(texts.town_name(t, lang) for t in method.published_towns())
    return Shown(
        [
            page.Heading(T("tch_guide_title", lang), 1),
            page.Para(T("tch_guide_intro", lang, towns=towns)),
            html_table(head, rows),
            page.Para(T("tch_guide_total", lang, n=total)),
            page.Para(T("tch_guide_use", lang)),
            page.Para(T("tch_guide_setup", lang)),
        ]
    )


# ---------------------------------------------------------------- the module-level API


def step(indicator: str, town: str, lang: str, answers: bool) -> Shown:
    """One indicator's step for one of the dissertation's towns (see ``Lesson.step``)."""
    return Lesson(town, lang, answers).step(indicator)


def scoring(town: str, lang: str, answers: bool) -> Shown:
    """The scenario choice step (see ``Lesson.scoring``)."""
    return Lesson(town, lang, answers).scoring()
