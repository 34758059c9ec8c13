"""Assess a town with the author's method, in two modes, always both reported.

*As published*: the printed values and grades of Tables 19-24 and the grades
of Table 26, scored with Table 25 (what the author did). *Recomputed*: every
indicator from the raw inputs at full precision, graded on the resolved scales
and scored with Table 25. ``monotowns assess FILE.csv`` runs the recomputed
mode for any town; the three towns of the dissertation also carry the
published mode.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from monotowns import data
from monotowns.data import sheets, towns
from monotowns.data.errors import DataValidationError, UnknownTownError

from . import indicators, scenarios

InputsFormat = sheets.Format  # how an inputs file was read
_GROUPED = sheets.GROUPED

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

    def differences(self) -> list[tuple]:
        """Where the recomputed mode differs from the published one, as items a report words
        in its language: ("value", indicator, recomputed, published as printed), ("grade",
        indicator, recomputed grade id, published grade id), ("scores", recomputed, from the
        published grades), ("t26", as printed in Table 26, Table 25 with Table 26's grades)."""
        out: list[tuple] = []
        for ind, r in self.indicators.items():
            if r.published is not None and abs(r.value - r.published) >= 0.5 * 10 ** -_decimals(r.published_raw):
                out.append(("value", ind, r.value, r.published_raw))
            if r.published_class and r.class_id and r.class_id != r.published_class:
                out.append(("grade", ind, r.class_id, r.published_class))
        if self.has_published and self.scores != self.scores_from_published_classes:
            out.append(("scores", self.scores, self.scores_from_published_classes))
        if self.printed_scores_t26 and self.printed_scores_t26 != self.scores_from_published_classes:
            out.append(("t26", self.printed_scores_t26, self.scores_from_published_classes))
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

#: The plausible range of every input (inclusive; None: unbounded) and what it is. The method
#: reads *normalised* values (Table 18: mostly the town's share of the oblast's total, in %),
#: so a raw amount (tenge, persons) falls outside and is refused rather than graded.
_SHARE = (0.0, 100.0, "a share in %")
_OF_OBLAST = (0.0, 100.0, "the town's share of the oblast's total in % (Table 18), not a raw amount")
RANGES: dict[str, tuple[float | None, float | None, str]] = {
    **{c: _SHARE for c in SHARE_COLUMNS},
    **{c: _OF_OBLAST for c in ("TDe1", "TDe3", "TDe4", "TDa2", "TDa3")},
    "TDa1": (0.0, 1000.0, "an index of the town against the oblast (100 = the oblast's level)"),
    "TDa4": (0.0, 1000.0, "an index of the town against the oblast (100 = the oblast's level)"),
    "TDda1": (-100.0, 100.0, "the natural increase normalised as in Table 21"),
    **{c: (0.0, 1e9, "a count of projects or jobs") for c in COUNT_COLUMNS if c.startswith("TDzhia")},
}


#: The largest inputs file read (one row per town: a few kilobytes).
def read_inputs(path: Path) -> list[indicators.Inputs]:
    """Read and validate an assess template (one row per town, columns of
    ``indicators.Inputs.columns()``). Raises one DataValidationError naming the file, line
    and column of the first problem; returns nothing half-read. See ``read_inputs_file``."""
    return read_inputs_file(path)[0]


def read_inputs_file(path: Path) -> tuple[list[indicators.Inputs], sheets.Format]:
    """Read an assess file as a spreadsheet may have saved it; the towns and how it was read.

    Accepted: UTF-8 (with or without a byte-order mark) or UTF-16 with one (Excel's "Unicode
    text"); comma, semicolon or tab separated (sniffed from the header); a decimal point or a
    decimal comma (sniffed from the cells, one per file), digits grouped by spaces (12 300);
    blank lines and comment lines (first character '#') anywhere; column names in any case.
    Refused, with the file's own line number: legacy encodings (Windows-1251 …), a value
    outside its plausible range (``RANGES``; a raw, un-normalised amount), a non-finite
    number, a name one letter away from a mono-town's, a duplicate town.
    """
    path = Path(path)
    name = str(path)
    fmt = sheets.Format()
    text = sheets.decode(path, name, fmt, what="an inputs file has one row per town")
    records = sheets.records(text, name, fmt, indicators.Inputs.columns())
    if not records:
        raise DataValidationError("the file is empty", file=name)
    want = indicators.Inputs.columns()
    hline, hcells = records[0]
    header = sheets.header(hcells, want, name, hline)
    rows = [(n, cells) for n, cells in records[1:]]
    fmt.decimal = sheets.decimal_mark(rows, header, want[1:], name)
    out: list[indicators.Inputs] = []
    seen: dict[str, int] = {}
    for n, cells in rows:
        if len(cells) > len(header):
            extra = [c for c in cells[len(header) :] if c.strip()]
            if extra:
                raise DataValidationError("more cells than columns", file=name, row=n)
        rec = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}
        town, tid = _town(rec["town"], name, n)
        key = tid if tid in towns.town_ids() else "name:" + towns.normalise(tid)
        if key in seen:
            raise DataValidationError(f"duplicate town (also row {seen[key]})", file=name, row=n, column="town")
        seen[key] = n
        nums = {col: _number(rec[col], col, fmt.decimal, name, n) for col in want[1:]}
        _check_row(nums, name, n)
        inp = indicators.Inputs(town=tid, **nums)
        try:
            vals = indicators.values(inp)
        except indicators.MethodError as e:
            raise DataValidationError(str(e), file=name, row=n) from None
        bad = [i for i, v in vals.items() if not math.isfinite(v)]
        if bad:
            raise DataValidationError(f"{bad[0]} is not a finite number for these inputs", file=name, row=n)
        out.append(inp)
    if not out:
        raise DataValidationError("no town rows, only a header", file=name, row=hline + 1)
    return out, fmt


def _town(cell: str, name: str, n: int) -> tuple[str, str]:
    if not cell:
        raise DataValidationError("empty town name", file=name, row=n, column="town")
    if len(cell) > 100:
        raise DataValidationError("town name longer than 100 characters", file=name, row=n, column="town")
    if "?" in cell or "\ufffd" in cell:
        raise DataValidationError(
            f"town name {cell!r} has lost characters ('?'): the file was saved in an encoding without "
            "them; save it as 'CSV UTF-8'",
            file=name,
            row=n,
            column="town",
        )
    try:
        return cell, towns.resolve(cell)
    except UnknownTownError:
        pass
    near = towns.near_misses(cell)
    if near:
        ids = ", ".join(f"{t!r} ({towns.town(t)['name_en']})" for t in near)
        raise DataValidationError(
            f"unknown town name {cell!r}; did you mean {ids}? Write its id or a known spelling; "
            "a town of your own needs a name that is not a near-spelling of a mono-town's",
            file=name,
            row=n,
            column="town",
        )
    return cell, cell  # a town outside the registry is welcome: a student's own town


def _number(cell: str, col: str, decimal: str, name: str, n: int) -> float:
    if cell == "":
        raise DataValidationError("empty cell; every input is needed", file=name, row=n, column=col)
    lo, hi, what = RANGES.get(col, (None, None, "a number"))
    s = cell.replace("\u2212", "-")
    if _GROUPED.fullmatch(s):
        s = re.sub(r"[ \u00a0\u202f]", "", s)
    if s.endswith("%") and what.startswith(("a share", "the town's share")):
        s = s[:-1].rstrip()  # a spreadsheet cell formatted as a percentage
    if decimal == ",":
        s = s.replace(",", ".") if s.count(",") <= 1 and "." not in s else s + "!"
    try:
        v = float(s)
    except ValueError:
        hint = " (use a dot as the decimal mark)" if "," in cell and decimal == "." else ""
        raise DataValidationError(f"not a number: {cell!r}{hint}", file=name, row=n, column=col) from None
    if not math.isfinite(v):
        raise DataValidationError(f"not a finite number: {cell!r}", file=name, row=n, column=col)
    if (lo is not None and v < lo) or (hi is not None and v > hi):
        rng = f"between {lo:g} and {hi:g}" if hi is not None else f"at least {lo:g}"
        if col in SHARE_COLUMNS:
            msg = f"a share in % must lie between 0 and 100, got {cell}"
        elif col in COUNT_COLUMNS + NONNEGATIVE_COLUMNS and v < 0:
            msg = f"must not be negative, got {cell} ({what}: {rng})"
        else:
            msg = f"outside the plausible range: {what}, {rng}; got {cell}"
        raise DataValidationError(msg, file=name, row=n, column=col)
    return v


def _check_row(nums: dict[str, float], name: str, n: int) -> None:
    for k in range(1, 5):
        c, o = nums[f"TDzhia{k}_city"], nums[f"TDzhia{k}_oblast"]
        if o == 0:
            raise DataValidationError("the oblast total must be positive", file=name, row=n, column=f"TDzhia{k}_oblast")
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
