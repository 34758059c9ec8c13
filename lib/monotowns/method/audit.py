"""Audit: every inconsistency of the sources in one table (``monotowns audit``).

Rows come from two places: the data package's errata (a derived column that
does not follow from its printed inputs, a garbled cell, a wrong unit label…)
and the method (a printed indicator that does not follow from its formula, a
grade that does not follow from its scale, a grade printed differently in two
tables, a score that does not follow from the selection matrix, and whether
the author's written conclusions follow from the scores).
"""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

import pandas as pd

from monotowns import data
from monotowns.data import cells, context, errata
from monotowns.data.files import write_if_changed

from . import assess, indicators, scenarios

COLUMNS = [
    "table",
    "town",
    "quantity",
    "published",
    "recomputed",
    "difference",
    "likely_cause",
    "line",
    "kind",
]
#: What a report needs to say a row in any language: the quantity and the cause as a text key
#: (``audit_q_<key>``, ``audit_c_<key>`` in the text catalogue) with their arguments (JSON).
STRUCTURE = ["quantity_key", "quantity_args", "cause_key", "cause_args"]


def _num(x) -> float | None:
    """A number from a float or a printed cell ('59,5', '15%'); None if there is none."""
    if isinstance(x, (int, float)):
        return None if math.isnan(x) else float(x)
    try:
        return cells.parse_number(str(x).replace("%", ""))
    except ValueError:
        return None


def _row(table, town, quantity, published, recomputed, cause, line, kind, *, q: tuple, c: tuple) -> dict:
    """One audit row: the English words (for audit.csv / audit.md) and, in ``q`` and ``c``, the
    quantity and the cause as (text key, arguments) for reports in every language."""
    p, r = _num(published), _num(recomputed)
    diff = round(p - r, 4) if p is not None and r is not None else ""
    return {
        "quantity_key": q[0],
        "quantity_args": json.dumps(q[1] if len(q) > 1 else {}, ensure_ascii=False, sort_keys=True),
        "cause_key": c[0],
        "cause_args": json.dumps(c[1] if len(c) > 1 else {}, ensure_ascii=False, sort_keys=True),
        "table": table,
        "town": town,
        "quantity": quantity,
        "published": published,
        "recomputed": "" if recomputed is None else (round(r, 4) if r is not None else recomputed),
        "difference": diff,
        "likely_cause": cause,
        "line": line,
        "kind": kind,
    }


def from_errata() -> list[dict]:
    """The data package's errata as audit rows."""
    out = []
    for r in data.load("errata").to_dict("records"):
        cause = r["note"] + (f"; likely intended {r['likely_intended']}" if pd.notna(r["likely_intended"]) else "")
        out.append(
            _row(
                r["table"],
                r["city_id"] if pd.notna(r["city_id"]) else "",
                r["field"],
                r["published"],
                r["recomputed"] if pd.notna(r["recomputed"]) else None,
                f"{cause} [rule: {r['rule']}]",
                r["line"],
                f"data:{r['severity']}",
                q=("field", {"table": r["table"], "field": r["field"]}),
                c=(
                    "erratum" if pd.notna(r["likely_intended"]) else "erratum_no_likely",
                    {
                        "note": r["note"],
                        "rule": r["rule"],
                        "likely": str(r["likely_intended"]) if pd.notna(r["likely_intended"]) else "",
                    },
                ),
            )
        )
    return out


def _explanations(ind: str, x: indicators.Inputs, pub: dict[str, indicators.Published]) -> list[tuple[str, str, float]]:
    """Candidate computations that may explain a printed result, most specific first:
    (cause id, the cause in words, the value that computation gives)."""
    p = {k: v.value for k, v in pub.items()}
    cands: list[tuple[str, str, float]] = []
    if ind == "TDm":
        cands.append(
            (
                "printed_formula",
                "the printed value is 100 − √(TDm1·TDm2), the row label's formula, which the "
                "author applied to this town only",
                indicators.tdm_printed_formula(x.TDm1, x.TDm2),
            )
        )
    if ind == "TDa":
        cands.append(
            ("printed_sum", "not the quotient of the printed sum", indicators.tda(x.TDa1, x.TDa2, x.TDa3, x.TDa4))
        )
    if ind == "TDea" and p["TDe"] is not None and p["TDa"] is not None:
        cands.append(("rounded_parts", "computed from the rounded printed TDe and TDa", math.sqrt(p["TDe"] * p["TDa"])))
    if ind == "TDzhia":
        t22 = data.numeric_table("T22")
        parts = t22[(t22["city_id"] == x.town) & t22["indicator"].str.match(r"TDzhia\d_pct")]["value"]
        jobs = _jobs_ratio_erratum(x.town)
        cands.append(
            (
                "printed_ratios_jobs" if jobs else "printed_ratios",
                "computed from the printed ratios, which are truncated"
                + ("; the jobs ratio among them ten times too small (see the T22 errata)" if jobs else ""),
                math.sqrt(parts.sum()),
            )
        )
    return cands


def value_cause(town: str, ind: str) -> tuple[str, float | None] | None:
    """Why a printed indicator value of an assessed town differs from the recomputed one, as a
    cause id and the value that cause gives: ``printed_formula``, ``printed_sum``,
    ``rounded_parts``, ``printed_ratios``, ``printed_ratios_jobs`` (see ``_explanations``),
    ``truncated`` (truncated instead of rounded) or ``unexplained``; None if it does not differ
    (the same decision as the audit's rows)."""
    x = indicators.published_inputs(town)
    pub = indicators.published_results(town)
    pr = pub[ind]
    if pr.value is None:
        return None
    sev = errata.classify(pr.value, pr.value_raw, indicators.values(x)[ind])
    if not sev:
        return None
    for cid, _, v in _explanations(ind, x, pub):
        if errata.classify(pr.value, pr.value_raw, v) in (None, "minor"):
            return cid, v
    return ("truncated", None) if sev == "minor" else ("unexplained", None)


def _jobs_ratio_erratum(town: str) -> bool:
    """True if the data errata list the town's printed jobs ratio of Table 22 as an error."""
    e = data.load("errata")
    return bool(
        (
            (e["table"] == "T22") & (e["city_id"] == town) & (e["field"] == "TDzhia3_pct") & (e["severity"] == "error")
        ).any()
    )


def from_method() -> list[dict]:
    """Formula vs printed value, grade vs scale, T19-T24 grades vs T26, scores vs matrix,
    recomputed vs published grades and scores, and the author's conclusions."""
    tdm = indicators.REGISTRY["TDm"]
    out: list[dict] = [
        _row(
            tdm.table,
            "",
            "TDm formula",
            tdm.printed_formula,
            None,
            "the row label's formula fits one printed result of three (Balkhash); Karazhal's and "
            "Temirtau's are √(TDm1·TDm2), which the method uses",
            tdm.printed_formula_line,
            "method:formula",
            q=("formula", {"ind": "TDm"}),
            c=("tdm_formula",),
        )
    ]
    scs = indicators.scales()
    concl = data.load("method-conclusions")
    for a in assess.assess_published():
        town, x = a.town, a.inputs
        pub = indicators.published_results(town)
        for ind, r in a.indicators.items():
            pr = pub[ind]
            if pr.value is None:
                continue
            sev = errata.classify(pr.value, pr.value_raw, r.value)
            t = indicators.TABLE_OF[ind]
            if sev:
                key = "truncated" if sev == "minor" else "not_formula"
                cause = "truncated instead of rounded" if sev == "minor" else "does not follow from the formula"
                args: dict = {}
                for k, expl, v in _explanations(ind, x, pub):
                    if errata.classify(pr.value, pr.value_raw, v) in (None, "minor"):
                        key, cause, args = k, f"{expl} (= {v:.2f})", {"value": round(v, 2)}
                        break
                out.append(
                    _row(
                        t,
                        town,
                        f"{ind} value",
                        pr.value_raw,
                        r.value,
                        f"{cause}; {indicators.formula(ind)}",
                        pr.line,
                        f"method:{sev}",
                        q=("value", {"ind": ind}),
                        c=(key, {**args, "formula": indicators.REGISTRY[ind].notation}),
                    )
                )
            if pr.class_id and ind in scs:
                g = scs[ind].classify(pr.value)
                if g != pr.class_id:
                    exact = scs[ind].classify(r.value)
                    why = (
                        "the printed value lies outside the printed range of its grade"
                        if ind != "TDda"
                        else f"the printed value is truncated; the exact √ = {r.value:.2f} is "
                        f"{indicators.CLASSES[exact]}"
                    )
                    ckey = (
                        ("outside_range", {})
                        if ind != "TDda"
                        else (
                            "truncated_root",
                            {"value": round(r.value, 2), "grade": exact},
                        )
                    )
                    out.append(
                        _row(
                            t,
                            town,
                            f"{ind} grade vs scale",
                            f"{pr.value_raw} → {pr.class_raw}",
                            indicators.CLASSES[g],
                            why,
                            pr.class_line,
                            "method:grade",
                            q=("grade_vs_scale", {"ind": ind}),
                            c=ckey,
                        )
                    )
            t26 = a.published_classes_t26.get(ind)
            if pr.class_id and t26 and t26 != pr.class_id:
                out.append(
                    _row(
                        "T26",
                        town,
                        f"{ind} grade",
                        indicators.CLASSES[t26],
                        pr.class_raw,
                        f"Table 26 prints a different grade than {t}",
                        "",
                        "method:label",
                        q=("grade", {"ind": ind}),
                        c=("other_grade", {"table": t}),
                    )
                )
            if r.class_id and t26 and r.class_id != t26:
                out.append(
                    _row(
                        "T26",
                        town,
                        f"{ind} grade (recomputed)",
                        indicators.CLASSES[t26],
                        indicators.CLASSES[r.class_id],
                        f"recomputed {ind} = {r.value:.2f} falls in another class",
                        "",
                        "method:consequence",
                        q=("grade_recomputed", {"ind": ind}),
                        c=("other_class", {"ind": ind, "value": round(r.value, 2)}),
                    )
                )
        for s in scenarios.SCENARIOS:
            printed, from_matrix = a.printed_scores_t26.get(s), a.scores_from_published_classes[s]
            if printed != from_matrix:
                out.append(
                    _row(
                        "T26",
                        town,
                        f"score {s}",
                        printed,
                        from_matrix,
                        "Table 26's '+' count does not follow from Table 25 with Table 26's own grades",
                        "",
                        "method:score",
                        q=("score", {"scenario": s}),
                        c=("score_matrix",),
                    )
                )
            if a.scores[s] != from_matrix:
                out.append(
                    _row(
                        "T26",
                        town,
                        f"score {s} (recomputed)",
                        from_matrix,
                        a.scores[s],
                        "recomputed grades change the count",
                        "",
                        "method:consequence",
                        q=("score_recomputed", {"scenario": s}),
                        c=("score_changes",),
                    )
                )
        stated = sorted(concl[concl["city_id"] == town]["scenario_id"], key=scenarios.SCENARIOS.index)
        line = int(concl["line"].iloc[0])
        for label, qkey, sc in (
            ("printed scores", "conclusion_printed", a.printed_scores_t26),
            ("Table 25 with Table 26's grades", "conclusion_matrix", a.scores_from_published_classes),
            ("recomputed scores", "conclusion_recomputed", a.scores),
        ):
            top = scenarios.recommended(sc)
            extra = [s for s in stated if s not in top]
            cargs: dict = {}
            if not set(top) <= set(stated):
                verdict, cause = (
                    "differs",
                    "does not follow: a top-scoring scenario is not among the author's",
                )
            elif extra:
                cargs = {"extra": [[s, sc[s], sc[top[0]]] for s in extra]}
                verdict = "partly"
                cause = "partly: the top-scoring scenario(s) are among the author's, who also recommends " + ", ".join(
                    f"{s} (score {sc[s]} of top {sc[top[0]]})" for s in extra
                )
            else:
                verdict, cause = (
                    "follows",
                    "follows: the author recommends exactly the top-scoring scenario(s)",
                )
            out.append(
                _row(
                    "text",
                    town,
                    f"conclusion vs {label}",
                    "; ".join(stated),
                    "; ".join(top),
                    cause,
                    line,
                    f"conclusion:{verdict}",
                    q=(qkey, {"stated": stated, "top": top}),
                    c=(f"conclusion_{verdict}", cargs),
                )
            )
    return out


def audit() -> pd.DataFrame:
    """The whole audit table."""
    return pd.DataFrame(from_errata() + from_method(), columns=COLUMNS + STRUCTURE)


def to_markdown(df: pd.DataFrame) -> str:
    """The audit as a readable Markdown document."""
    buf = io.StringIO()
    buf.write(
        "# Audit of the sources\n\nEvery inconsistency found by recomputing the published tables "
        "(`data/errata.csv`) and the author's method (`monotowns.method`). Generated by "
        "`monotowns audit`; published values exactly as printed.\n\n"
    )
    kinds = df["kind"].value_counts()
    buf.write("| kind | rows |\n| --- | --- |\n")
    for k, n in kinds.sort_index().items():
        buf.write(f"| {k} | {n} |\n")
    for title, mask in (
        ("Data tables", df["kind"].str.startswith("data")),
        ("The method (Tables 19-26)", df["kind"].str.startswith("method")),
        ("The author's conclusions (after Table 26)", df["kind"].str.startswith("conclusion")),
    ):
        part = df[mask]
        buf.write(f"\n## {title}\n\n| " + " | ".join(COLUMNS) + " |\n|" + " --- |" * len(COLUMNS) + "\n")
        for r in part.to_dict("records"):
            cells = [str(r[c]).replace("|", "\\|").replace("\n", " ") for c in COLUMNS]
            buf.write("| " + " | ".join(cells) + " |\n")
    return buf.getvalue()


def write(out_dir: Path | None = None) -> tuple[Path, Path]:
    """Write audit.csv and audit.md (atomically) under out_dir (default outputs/)."""
    out_dir = Path(out_dir or context.current().outputs_dir)
    df = audit()
    csv_path, md_path = out_dir / "audit.csv", out_dir / "audit.md"
    write_if_changed(csv_path, df[COLUMNS].to_csv(index=False, lineterminator="\n").encode())
    write_if_changed(md_path, to_markdown(df).encode())
    return csv_path, md_path
