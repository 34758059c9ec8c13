"""What-if: the author's method recomputed after changing raw inputs (``what_if``), and the
prepared cases a lesson shows (``prepared_cases``, ``what_if_table``).
"""

from __future__ import annotations

from dataclasses import dataclass

from monotowns import method
from monotowns.method import scenarios

from . import page, texts
from .shown import Shown, html_table

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
        ("TDda2 − 20", {"TDda2": max(-inputs.TDda1, inputs.TDda2 - 20, 0.0)}),
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
            f"{i} {texts.fmt_number(w.values[i], lang, 2)} ({texts.class_label(w.grades[i], lang)})"
            for i in method.GRADED
            if w.grades[i] != base.grades[i] or not ch
        ]
        changed = [i for i in method.INDICATORS if abs(w.values[i] - base.values[i]) > 1e-9]
        if ch and not moved:
            moved = [f"{i} {texts.fmt_number(w.values[i], lang, 2)}" for i in changed]
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


def result_table(res: WhatIf, lang: str) -> str:
    """One what-if result as HTML (for the sliders' HTML widget): every indicator with its
    grade, the scores, the recommendation."""
    rows = [
        [i, texts.fmt_number(res.values[i], lang, 2), texts.class_label(res.grades[i], lang)] for i in method.INDICATORS
    ]
    rows += [[texts.scenario_label(s, lang), str(res.scores[s]), ""] for s in scenarios.SCENARIOS]
    rec = ", ".join(texts.scenario_label(s, lang) for s in res.recommended)
    table = html_table([T("indicator", lang), T("value", lang), T("class", lang)], rows)
    return str(page.join([table, page.Para([page.Strong(f"{T('recommended', lang)}:"), f" {rec}"])]))
