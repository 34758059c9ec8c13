"""Assess a town with the author's method, in two modes, always both reported.

*As published*: the printed values and grades of Tables 19-24 and the grades
of Table 26, scored with Table 25 (what the author did). *Recomputed*: every
indicator from the raw inputs at full precision, graded on the resolved scales
and scored with Table 25. ``monotowns assess FILE.csv`` runs the recomputed
mode for any town; the three towns of the dissertation also carry the
published mode.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path

from monotowns import data
from monotowns.data import towns
from monotowns.data.errors import DataValidationError, UnknownTownError

from . import indicators, scenarios

#: Input columns that are shares in % (must lie in 0..100).
SHARE_COLUMNS = ("TDm1", "TDm2", "TDe2", "TDda2", "TDaa1", "TDaa2", "TDaa3", "TDsp1", "TDsp2")
#: Input columns that are counts (must not be negative).
COUNT_COLUMNS = tuple(f"TDzhia{k}_{p}" for k in range(1, 5) for p in ("city", "oblast")) + ("TDa2", "TDa3")
#: Input columns that may not be negative for other reasons (levels, wages).
NONNEGATIVE_COLUMNS = ("TDa1", "TDa4")


@dataclass
class IndicatorResult:
    """One indicator of one town in both modes."""

    value: float
    class_id: str | None
    published: float | None = None
    published_class: str | None = None
    published_raw: str | None = None


@dataclass
class Assessment:
    """The method's result for one town."""

    town: str
    inputs: indicators.Inputs
    indicators: dict[str, IndicatorResult]
    scores: dict[str, int]
    recommended: list[str]
    scores_from_published_classes: dict[str, int] = field(default_factory=dict)
    published_classes_t26: dict[str, str] = field(default_factory=dict)
    printed_scores_t26: dict[str, int] = field(default_factory=dict)

    @property
    def has_published(self) -> bool:
        return bool(self.published_classes_t26)

    def differences(self) -> list[str]:
        """Plain sentences: where the recomputed mode differs from the published one."""
        out = []
        for ind, r in self.indicators.items():
            if r.published is not None and abs(r.value - r.published) >= 0.5 * 10 ** -_decimals(r.published_raw):
                out.append(f"{ind}: recomputed {r.value:.2f}, published {r.published_raw}")
            if r.published_class and r.class_id and r.class_id != r.published_class:
                out.append(
                    f"{ind}: recomputed grade {indicators.CLASSES[r.class_id]}, published "
                    f"{indicators.CLASSES[r.published_class]}"
                )
        if self.has_published and self.scores != self.scores_from_published_classes:
            out.append(
                "scores: recomputed "
                + _fmt_scores(self.scores)
                + "; from the published grades "
                + _fmt_scores(self.scores_from_published_classes)
            )
        if self.printed_scores_t26 and self.printed_scores_t26 != self.scores_from_published_classes:
            out.append(
                "Table 26 prints " + _fmt_scores(self.printed_scores_t26) + ", but Table 25 with "
                "Table 26's grades gives " + _fmt_scores(self.scores_from_published_classes)
            )
        return out


def _decimals(raw: str | None) -> int:
    from monotowns.data.errata import decimals

    return decimals(raw or "0")


def _fmt_scores(s: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in s.items())


def published_t26(city_id: str) -> tuple[dict[str, str], dict[str, int]]:
    """Table 26 for one town: (grades as printed → class ids, printed scores)."""
    t26 = data.load("t26")
    t26 = t26[(t26["city_id"] == city_id) & t26["level_kk"].notna()]
    classes = {r["indicator_code"]: indicators.class_id(r["level_kk"]) for r in t26.to_dict("records")}
    sc = data.load("t26-scores")
    sc = sc[sc["city_id"] == city_id]
    return classes, {r["scenario_id"]: int(r["score"]) for r in sc.to_dict("records")}


def assess(inputs: indicators.Inputs, *, with_published: bool | None = None) -> Assessment:
    """Recompute one town; for a town the dissertation assessed, add the published mode."""
    vals = indicators.values(inputs)
    town = inputs.town
    pub = with_published if with_published is not None else town in indicators.published_towns()
    pres = indicators.published_results(town) if pub else {}
    ind = {}
    for i in indicators.INDICATORS:
        p = pres.get(i)
        ind[i] = IndicatorResult(
            vals[i],
            indicators.grade(i, vals[i]),
            p.value if p else None,
            p.class_id if p else None,
            p.value_raw if p else None,
        )
    classes = {i: r.class_id for i, r in ind.items()}
    sc = scenarios.score(classes)
    a = Assessment(town, inputs, ind, sc, scenarios.recommended(sc))
    if pub:
        a.published_classes_t26, a.printed_scores_t26 = published_t26(town)
        a.scores_from_published_classes = scenarios.score(a.published_classes_t26)
    return a


def assess_published() -> list[Assessment]:
    """The dissertation's three towns, both modes."""
    return [assess(indicators.published_inputs(t), with_published=True) for t in indicators.published_towns()]


# ---------------------------------------------------------------- reading an inputs file


def read_inputs(path: Path) -> list[indicators.Inputs]:
    """Read and validate an assess template (one row per town, columns of
    ``indicators.Inputs.columns()``). Raises one DataValidationError naming the file, row
    and column of the first problem; returns nothing half-read."""
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise DataValidationError(f"cannot read: {e.strerror or e}", file=name) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a BOM from a spreadsheet export is harmless here
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise DataValidationError("not UTF-8 text; save the file as CSV UTF-8", file=name, row=line) from None
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("#")]
    if not any(ln.strip() for ln in lines):
        raise DataValidationError("the file is empty", file=name)
    reader = csv.DictReader(lines)
    header = [h.strip() for h in (reader.fieldnames or [])]
    want = indicators.Inputs.columns()
    for col in want:
        if col not in header:
            raise DataValidationError("missing column", file=name, row=1, column=col)
    for col in header:
        if col not in want:
            raise DataValidationError(f"unknown column; expected: {', '.join(want)}", file=name, row=1, column=col)
    if len(set(header)) != len(header):
        dup = next(h for h in header if header.count(h) > 1)
        raise DataValidationError("duplicate column", file=name, row=1, column=dup)
    out: list[indicators.Inputs] = []
    seen: dict[str, int] = {}
    for n, rec in enumerate(reader, start=2):
        if None in rec:
            raise DataValidationError("more cells than columns", file=name, row=n)
        rec = {k.strip(): (v or "").strip() for k, v in rec.items()}
        if not any(rec.values()):
            continue
        town = rec["town"]
        if not town:
            raise DataValidationError("empty town name", file=name, row=n, column="town")
        if len(town) > 100:
            raise DataValidationError("town name longer than 100 characters", file=name, row=n, column="town")
        try:
            tid = towns.resolve(town)
        except UnknownTownError:
            tid = town  # a town outside the registry is welcome: a student's own town
        if tid in seen:
            raise DataValidationError(f"duplicate town (also row {seen[tid]})", file=name, row=n, column="town")
        seen[tid] = n
        nums: dict[str, float] = {}
        for col in want[1:]:
            cell = rec[col]
            if cell == "":
                raise DataValidationError("empty cell; every input is needed", file=name, row=n, column=col)
            try:
                v = float(cell)
            except ValueError:
                hint = " (use a dot as the decimal mark)" if "," in cell else ""
                raise DataValidationError(f"not a number: {cell!r}{hint}", file=name, row=n, column=col) from None
            if not math.isfinite(v):
                raise DataValidationError(f"not a finite number: {cell!r}", file=name, row=n, column=col)
            if col in SHARE_COLUMNS and not 0 <= v <= 100:
                raise DataValidationError(
                    f"a share in % must lie between 0 and 100, got {cell}", file=name, row=n, column=col
                )
            if col in COUNT_COLUMNS + NONNEGATIVE_COLUMNS and v < 0:
                raise DataValidationError(f"must not be negative, got {cell}", file=name, row=n, column=col)
            nums[col] = v
        for k in range(1, 5):
            c, o = nums[f"TDzhia{k}_city"], nums[f"TDzhia{k}_oblast"]
            if o == 0:
                raise DataValidationError(
                    "the oblast total must be positive", file=name, row=n, column=f"TDzhia{k}_oblast"
                )
            if c > o:
                raise DataValidationError(
                    f"the town's count ({c:g}) exceeds the oblast total ({o:g})",
                    file=name,
                    row=n,
                    column=f"TDzhia{k}_city",
                )
        if nums["TDda1"] + nums["TDda2"] < 0:
            raise DataValidationError(
                "TDda1 + TDda2 is negative; its square root (TDda) is undefined",
                file=name,
                row=n,
                column="TDda1",
            )
        out.append(indicators.Inputs(town=tid, **nums))
    if not out:
        raise DataValidationError("no town rows, only a header", file=name, row=2)
    return out


# ---------------------------------------------------------------- output


def to_json_obj(a: Assessment) -> dict:
    """The JSON object of one town (see ``monotowns assess --help``)."""
    return {
        "town": a.town,
        "indicators": {
            i: {
                "value": r.value,
                "class": r.class_id,
                "published": r.published,
                "published_class": r.published_class,
            }
            for i, r in a.indicators.items()
        },
        "scores": a.scores,
        "scores_from_published_classes": a.scores_from_published_classes or None,
        "recommended": a.recommended,
    }
