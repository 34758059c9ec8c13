"""Plain-text output of the ``monotowns`` command (assess): one town's result in both modes."""

from __future__ import annotations

from monotowns.data import towns
from monotowns.data.errors import UnknownTownError
from monotowns.method import assess

from . import texts


def assessment_text(a: assess.Assessment, lang: str = "kk") -> str:
    """A plain-text report of one town, both modes."""
    name = a.town
    try:
        t = towns.town(a.town)
        name = f"{t[f'name_{lang}']} ({a.town})"  # the name in the language, and the id to type
    except UnknownTownError:
        pass
    T = texts.t
    head = [
        T("indicator", lang),
        T("value", lang),
        T("class", lang),
        T("published", lang),
        T("cli_published_class", lang),
    ]
    out = [f"== {name}", f"{head[0]:<8} {head[1]:>9} {head[2]:<18} {head[3]:>10} {head[4]:<18}"]
    for i, r in a.indicators.items():
        g = texts.class_label(r.class_id, lang)
        pg = texts.class_label(r.published_class, lang)
        pv = r.published_raw if r.published_raw is not None else "—"
        out.append(f"{i:<8} {r.value:>9.2f} {g:<18} {pv:>10} {pg:<18}")
    out.append(T("cli_scores_recomputed", lang) + ": " + scores_text(a.scores, lang))
    if a.has_published:
        out.append(T("cli_scores_published_grades", lang) + ": " + scores_text(a.scores_from_published_classes, lang))
        out.append(T("cli_scores_printed", lang) + ": " + scores_text(a.printed_scores_t26, lang))
    out.append(
        T("recommended", lang) + ": " + ", ".join(f"{s} ({texts.scenario_label(s, lang)})" for s in a.recommended)
    )
    diffs = [difference_text(d, lang) for d in a.differences()]
    if diffs:
        out.append(T("cli_differences", lang) + ":")
        out += [f"  - {d}" for d in diffs]
    return "\n".join(out)


def scores_text(scores: dict[str, int], lang: str) -> str:
    """'inertial 0, balanced 2, …' with the scenarios' names in the language."""
    return ", ".join(f"{texts.scenario_label(s, lang)} {n}" for s, n in scores.items())


def difference_text(d: tuple, lang: str) -> str:
    """One item of ``Assessment.differences`` in words of the language."""
    T = texts.t
    if d[0] == "value":
        return T("cli_diff_value", lang, ind=d[1], ours=texts.fmt_number(d[2], lang, 2), published=d[3])
    if d[0] == "grade":
        return T(
            "cli_diff_grade",
            lang,
            ind=d[1],
            ours=texts.class_label(d[2], lang),
            published=texts.class_label(d[3], lang),
        )
    if d[0] == "scores":
        return T("cli_diff_scores", lang, ours=scores_text(d[1], lang), published=scores_text(d[2], lang))
    return T("cli_diff_t26", lang, printed=scores_text(d[1], lang), matrix=scores_text(d[2], lang))
