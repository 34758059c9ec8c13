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
        name = f"{t['name_kk']} ({t['name_en']})"
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
    out.append(T("cli_scores_recomputed", lang) + ": " + assess._fmt_scores(a.scores))
    if a.has_published:
        out.append(T("cli_scores_published_grades", lang) + ": " + assess._fmt_scores(a.scores_from_published_classes))
        out.append(T("cli_scores_printed", lang) + ": " + assess._fmt_scores(a.printed_scores_t26))
    out.append(
        T("recommended", lang) + ": " + ", ".join(f"{s} ({texts.scenario_label(s, lang)})" for s in a.recommended)
    )
    diffs = a.differences()
    if diffs:
        out.append(T("cli_differences", lang) + ":")
        out += [f"  - {d}" for d in diffs]
    return "\n".join(out)
