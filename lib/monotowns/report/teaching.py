"""Teaching the method step by step (notebooks/teaching.ipynb): explanations, exercises with
answers for the instructor's version, what-if cases, and sliders in Jupyter.

The what-if functions are plain and tested: ``what_if(inputs, **changes)`` recomputes every
indicator, grade and score after changing raw inputs.
"""

from __future__ import annotations

from dataclasses import dataclass

from monotowns import method
from monotowns.method import assess, audit, scenarios

from . import tables, texts
from .tables import Shown, esc, html_table

T = texts.t


@dataclass
class WhatIf:
    """The method's result after changing some inputs."""

    changes: dict[str, float]
    values: dict[str, float]
    grades: dict[str, str | None]
    scores: dict[str, int]
    recommended: list[str]


def what_if(inputs: method.Inputs, **changes: float) -> WhatIf:
    """Recompute every indicator, grade and scenario score with some inputs changed."""
    unknown = set(changes) - set(method.Inputs.columns()[1:])
    if unknown:
        raise method.MethodError(f"unknown input(s): {', '.join(sorted(unknown))}")
    x = inputs.replace(**changes)
    vals = method.values(x)
    grades = {i: method.grade(i, v) for i, v in vals.items()}
    sc = scenarios.score(grades)
    return WhatIf(dict(changes), vals, grades, sc, scenarios.recommended(sc))


def prepared_cases(inputs: method.Inputs) -> list[tuple[str, dict[str, float]]]:
    """A few instructive changes of one input each (shown as a static table in the reports)."""
    return [
        ("TDm1 − 30", {"TDm1": max(0.0, inputs.TDm1 - 30)}),
        ("TDm2 + 30", {"TDm2": min(100.0, inputs.TDm2 + 30)}),
        ("TDda2 − 20", {"TDda2": max(0.0, inputs.TDda2 - 20)}),
        ("TDzhia1_city × 2", {"TDzhia1_city": min(inputs.TDzhia1_oblast, inputs.TDzhia1_city * 2)}),
        ("TDaa1 = 100" if inputs.TDaa1 == 0 else "TDaa1 = 0", {"TDaa1": 100.0 if inputs.TDaa1 == 0 else 0.0}),
        ("TDsp2 = 100" if inputs.TDsp2 == 0 else "TDsp2 = 0", {"TDsp2": 100.0 if inputs.TDsp2 == 0 else 0.0}),
    ]


def what_if_table(inputs: method.Inputs, lang: str) -> Shown:
    """The prepared what-if cases as a table: changed input → values, grades, scores."""
    base = what_if(inputs)
    rows = []
    for label, ch in [(T("teach_case_base", lang), {})] + prepared_cases(inputs):
        w = what_if(inputs, **ch)
        moved = [
            f"{i} {texts.fmt_number(w.values[i], lang, 1)} ({texts.class_label(w.grades[i], lang)})"
            for i in method.GRADED
            if w.grades[i] != base.grades[i] or not ch
        ]
        changed = [i for i in method.INDICATORS if abs(w.values[i] - base.values[i]) > 1e-9]
        if ch and not moved:
            moved = [f"{i} {texts.fmt_number(w.values[i], lang, 1)}" for i in changed]
        rows.append(
            [label, "; ".join(moved) or "—"]
            + [str(w.scores[s]) for s in scenarios.SCENARIOS]
            + [", ".join(texts.scenario_label(s, lang) for s in w.recommended)]
        )
    head = (
        [T("teach_case", lang), T("indicator", lang)]
        + [texts.scenario_label(s, lang) for s in scenarios.SCENARIOS]
        + [T("recommended", lang)]
    )
    return Shown(html_table(head, rows))


def sliders(inputs: method.Inputs, lang: str):
    """Interactive sliders for every input (ipywidgets); shows the result table as they move."""
    import ipywidgets as w
    from IPython.display import HTML, display

    cols = method.Inputs.columns()[1:]
    controls = {}
    for c in cols:
        v = float(getattr(inputs, c))
        hi = 100.0 if c in assess.SHARE_COLUMNS else max(10.0, v * 3)
        controls[c] = w.FloatSlider(
            value=v, min=0.0 if c != "TDda1" else -20.0, max=hi, step=0.1, description=c, continuous_update=False
        )
    out = w.Output()

    def refresh(*_):
        res = what_if(inputs, **{c: s.value for c, s in controls.items()})
        rows = [
            [i, texts.fmt_number(res.values[i], lang, 2), texts.class_label(res.grades[i], lang)]
            for i in method.INDICATORS
        ]
        rows += [[texts.scenario_label(s, lang), str(res.scores[s]), ""] for s in scenarios.SCENARIOS]
        with out:
            out.clear_output()
            display(HTML(html_table([T("indicator", lang), T("value", lang), T("class", lang)], rows)))

    for s in controls.values():
        s.observe(refresh, names="value")
    refresh()
    return w.HBox([w.VBox(list(controls.values())), out])


def _box(title: str, body: str) -> str:
    return f"<div class='box'><h4>{esc(title)}</h4>{body}</div>"


def step(indicator: str, town: str, lang: str, answers: bool) -> Shown:
    """One indicator: what it measures, inputs, formula, computation, grade and scale, the author's
    value beside ours, then exercises (answers only in the instructor's version)."""
    x = method.published_inputs(town)
    a = assess.assess(x)
    r = a.indicators[indicator]
    spec = method.REGISTRY[indicator]
    ins, formula = spec.inputs, spec.notation
    # an input is a raw input of the town, or (TDea) an indicator computed before it
    inputs_rows = [
        [c, texts.fmt_number(a.indicators[c].value, lang, 3)]
        if c in method.REGISTRY
        else [c, texts.fmt_number(getattr(x, c), lang)]
        for c in ins
    ]
    parts = [
        f"<h2>{esc(indicator)}</h2>",
        f"<p><b>{esc(T('teach_what', lang))}.</b> {esc(T(spec.text_key, lang))}</p>",
        f"<p><b>{esc(T('teach_inputs', lang))}</b></p>" + html_table(["", T("value", lang)], inputs_rows),
        f"<p><b>{esc(T('teach_formula', lang))}:</b> <code>{esc(formula)}</code></p>",
        f"<p><b>{esc(T('teach_computation', lang))}:</b> {esc(indicator)} = "
        f"{esc(texts.fmt_number(r.value, lang, 3))}</p>",
    ]
    sc = method.scales().get(indicator)
    if sc:
        bands = "; ".join(texts.band_label(b, lang) for b in sc.bands)
        parts.append(
            f"<p><b>{esc(T('teach_grade', lang))}:</b> {esc(texts.class_label(r.class_id, lang))} ({esc(bands)})</p>"
        )
    pub = r.published_raw or "—"
    pcls = f" — {texts.class_label(r.published_class, lang)}" if r.published_class else ""
    parts.append(f"<p><b>{esc(T('teach_author', lang))}:</b> {esc(pub)}{esc(pcls)}</p>")
    # exercises
    ex = [T("teach_ex_compute", lang, ind=indicator)]
    ans = [T("teach_ans_value", lang, ind=indicator, value=texts.fmt_number(r.value, lang, 2))]
    if sc:
        ex.append(T("teach_ex_grade", lang, ind=indicator))
        ans.append(T("teach_ans_grade", lang, grade=texts.class_label(r.class_id, lang)))
    au = audit.audit()
    rows = au[(au["town"] == town) & (au["quantity"] == f"{indicator} value")]
    if len(rows):
        ex.append(T("teach_ex_discrepancy", lang, ind=indicator, published=pub))
        cause = tables.audit_texts(rows.iloc[0].to_dict(), lang)[3]
        ans.append(T("teach_ans_cause", lang, cause=cause))
    elif r.published_raw:
        ex.append(T("teach_ex_no_discrepancy", lang, published=pub))
        ans.append(T("teach_ans_agrees", lang))
    body = "<ol>" + "".join(f"<li>{esc(e)}</li>" for e in ex) + "</ol>"
    if answers:
        body += (
            f"<p><b>{esc(T('teach_answer', lang))}:</b></p><ol class='answers'>"
            + "".join(f"<li>{esc(e)}</li>" for e in ans)
            + "</ol>"
        )
    parts.append(_box(T("teach_exercises", lang), body))
    return Shown("".join(parts))


def scoring(town: str, lang: str, answers: bool) -> Shown:
    """The scenario choice step, with its exercise."""
    from . import tables

    a = assess.assess(method.published_inputs(town))
    parts = [
        f"<h2>{esc(T('teach_scores', lang))}</h2><p>{esc(T('teach_scores_text', lang))}</p>",
        tables.t25_matrix(lang).html,
    ]
    body = f"<ol><li>{esc(T('teach_ex_scores', lang))}</li></ol>"
    if answers:
        body += (
            f"<p><b>{esc(T('teach_answer', lang))}:</b> "
            + esc(", ".join(f"{texts.scenario_label(s, lang)} {a.scores[s]}" for s in scenarios.SCENARIOS))
            + " → "
            + esc(", ".join(texts.scenario_label(s, lang) for s in a.recommended))
            + "</p>"
        )
    parts.append(_box(T("teach_exercises", lang), body))
    return Shown("".join(parts))


def intro(town: str, lang: str, answers: bool) -> Shown:
    name = texts.town_name(town, lang)
    version = T("teach_version_instructor" if answers else "teach_version_student", lang)
    return Shown(
        f"<h1>{esc(T('teach_title', lang, town=name))}</h1><p class='intro'>"
        f"{esc(T('teach_intro', lang, town=name))}</p><p class='status'>{esc(version)}</p>"
        + "".join(f"<p class='note'>{esc(n)}</p>" for n in texts.translations_note(lang))
    )


def whatif_section(town: str, lang: str) -> Shown:
    x = method.published_inputs(town)
    return Shown(
        f"<h2>{esc(T('teach_whatif', lang))}</h2><p>{esc(T('teach_whatif_text', lang))}</p>"
        + what_if_table(x, lang).html
    )


def own_town(lang: str) -> Shown:
    """The blank assess template and how to use it."""
    header = ",".join(method.Inputs.columns())
    return Shown(
        f"<h2>{esc(T('teach_own', lang))}</h2><p>{esc(T('teach_own_text', lang))}</p>"
        f"<pre>{esc(header)}\n{esc('my_town' + ',' * (len(method.Inputs.columns()) - 1))}</pre>"
    )
