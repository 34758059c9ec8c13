"""Scenario choice (Tables 25-26): the selection matrix, scores, recommendation, sensitivity.

Table 25 marks, for each indicator and each of its grades, which of the four
scenarios that grade supports ('+'). A town's score for a scenario is the
number of its six graded indicators whose grade carries '+' for it (Table 26
prints these counts as rows of '+'). The recommended scenario is the one with
the highest score; ties recommend all the tied scenarios.
"""

from __future__ import annotations

from dataclasses import dataclass

from monotowns import data
from monotowns.data import context
from monotowns.data.descriptor import SCENARIOS

from . import indicators


@context.per_data_folder
def matrix() -> dict[tuple[str, str], frozenset[str]]:
    """Table 25 as {(indicator, class id): scenarios marked '+'} from data/tables/T25.csv."""
    t25 = data.load("t25")
    out: dict[tuple[str, str], set[str]] = {}
    for r in t25.to_dict("records"):
        key = (r["indicator_code"], indicators.class_id(r["level_kk"]))
        out.setdefault(key, set())
        if r["supports"]:
            out[key].add(r["scenario_id"])
    return {k: frozenset(v) for k, v in out.items()}


def supported(indicator: str, cls: str) -> frozenset[str]:
    """The scenarios Table 25 supports for one indicator's grade (empty if the grade
    is not a row of Table 25 for that indicator)."""
    return matrix().get((indicator, cls), frozenset())


def score(classes: dict[str, str | None]) -> dict[str, int]:
    """Scenario scores: for each scenario, how many graded indicators support it (Table 26)."""
    s = dict.fromkeys(SCENARIOS, 0)
    for ind in indicators.GRADED:
        c = classes.get(ind)
        if c is None:
            continue
        for sc in supported(ind, c):
            s[sc] += 1
    return s


def marks(classes: dict[str, str | None]) -> int:
    """The number of '+' marks the grades select in Table 25 (= the sum of the scores)."""
    return sum(len(supported(ind, c)) for ind, c in classes.items() if ind in indicators.GRADED and c)


def recommended(scores: dict[str, int]) -> list[str]:
    """The scenario(s) with the highest score, in Table 25's order; all of them on a tie."""
    top = max(scores.values())
    return [s for s in SCENARIOS if scores[s] == top]


@dataclass(frozen=True)
class Shift:
    """What happens to the scores when one indicator's grade moves one step."""

    indicator: str
    direction: int  # -1 down, +1 up
    from_class: str
    to_class: str
    scores: dict[str, int]
    recommended: list[str]


def sensitivity(values: dict[str, float]) -> tuple[list[Shift], dict[str, tuple[float, float | None]]]:
    """For teaching: (a) each graded indicator's grade moved one step down and up (within the
    classes its scale has) with the resulting scores and recommendation; (b) each indicator's
    distance from its nearest class boundary, as (distance, boundary)."""
    scs = indicators.scales()
    classes = {i: scs[i].classify(values[i]) for i in indicators.GRADED}
    shifts: list[Shift] = []
    for ind in indicators.GRADED:
        order = scs[ind].class_ids()
        pos = order.index(classes[ind])
        for d in (-1, 1):
            if 0 <= pos + d < len(order):
                new = dict(classes, **{ind: order[pos + d]})
                sc = score(new)
                shifts.append(Shift(ind, d, classes[ind], order[pos + d], sc, recommended(sc)))
    distances = {i: scs[i].distance_to_boundary(values[i]) for i in indicators.GRADED}
    return shifts, distances
