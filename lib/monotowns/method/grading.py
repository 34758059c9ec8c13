"""The grading scales printed after Tables 19-24: value → grade class.

The source prints each scale as text ('0-15 төмен', '15-20 орташа' …), with overlaps and gaps;
``Scale`` states the rule that resolves them, decided from the published examples.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from monotowns import data

from .formulas import MethodError

#: Grade classes in ascending order, with the Kazakh labels the source prints.
CLASSES: dict[str, str] = {
    "very_low": "өте төмен",
    "low": "төмен",
    "below_medium": "орташадан төмен",
    "medium": "орташа",
    "above_medium": "орташадан жоғары",
    "high": "жоғары",
}


def class_id(label: str) -> str:
    """The class id of a printed grade label ('Орташадан жоғары', 'ортадан жоғары' → above_medium)."""
    s = " ".join(str(label).split()).casefold().replace("ортадан", "орташадан")
    for cid, kk in CLASSES.items():
        if s == kk:
            return cid
    raise MethodError(f"unknown grade label {label!r}; known: {', '.join(CLASSES.values())}")


@dataclass(frozen=True)
class Band:
    """One class of a scale: values in (lower, upper] belong to it."""

    class_id: str
    lower: float
    upper: float
    printed: str
    line: int
    note: str = ""


@dataclass(frozen=True)
class Scale:
    """The grading scale of one indicator, as resolved from its printed text.

    **Boundary rule** (decided from the published examples): a value on a boundary
    belongs to the *lower* class — Table 22 grades Balkhash's TDzhia 5 'орташа'
    (2,5-5), Table 23 Karazhal's TDaa 10 'орташа' (5-10), Table 24 Karazhal's and
    Temirtau's TDsp 10 'орташа' (5-10). The one apparent exception, Table 21's
    Temirtau TDda 7,5 graded 'орташа' (7,5-9), is a truncation of √56,5 = 7.52,
    which lies above the boundary.

    **Overlaps and gaps as printed** (Table 20's scale: 0-5, 0-15, 15-20, 20-25,
    25-30, 20-30): classes are read in their order (very low → high); a class
    starts where the previous one ends (so '0-15 төмен' means 5-15); a class whose
    printed range does not extend past the previous one (Table 20's '20-30 жоғары'
    after '25-30') covers everything above it; the lowest class covers everything
    below and the highest everything above the printed range.
    """

    indicator: str
    table: str
    bands: tuple[Band, ...]
    notes: tuple[ScaleNote, ...]

    def classify(self, value: float) -> str:
        """The class id of a value (boundary values go to the lower class)."""
        for b in self.bands:
            if value <= b.upper + 1e-12:
                return b.class_id
        return self.bands[-1].class_id

    def class_ids(self) -> list[str]:
        """The classes this scale has, in ascending order."""
        return [b.class_id for b in self.bands]

    def distance_to_boundary(self, value: float) -> tuple[float, float | None]:
        """(distance, boundary): how far the value is from the nearest class boundary."""
        inner = [b.upper for b in self.bands[:-1]]
        if not inner:
            return (math.inf, None)
        nearest = min(inner, key=lambda u: abs(u - value))
        return (abs(value - nearest), nearest)


@dataclass(frozen=True)
class ScaleNote:
    """How one printed class was read: ``overlap`` (it starts below the class before it; read
    from ``at``), ``inside`` (it lies within the classes below; read as everything above ``at``)
    or ``gap`` (nothing is printed between ``at`` and ``to``; values there go to ``class_id``)."""

    kind: str
    class_id: str
    #: the class's label and range as printed
    level: str
    printed: str
    at: float
    to: float | None = None


def from_table(indicator: str, table: str) -> Scale:
    """The grading scale of one indicator, read from ``data/tables/<table>.scale.csv``."""
    df = data.load(f"{table.lower()}-scale")
    rows = sorted(df.to_dict("records"), key=lambda r: list(CLASSES).index(class_id(r["level_kk"])))
    bands: list[Band] = []
    notes: list[ScaleNote] = []
    prev_upper = -math.inf
    for i, r in enumerate(rows):
        cid = class_id(r["level_kk"])
        lo, up = float(r["lower"]), float(r["upper"])
        if i and lo < prev_upper:
            notes.append(ScaleNote("overlap", cid, r["level_kk"], r["text_raw"], prev_upper))
        if i and up <= prev_upper:
            notes.append(ScaleNote("inside", cid, r["level_kk"], r["text_raw"], prev_upper))
            up = math.inf
        if i and lo > prev_upper:
            notes.append(ScaleNote("gap", bands[-1].class_id, r["level_kk"], r["text_raw"], prev_upper, lo))
        bands.append(Band(cid, prev_upper if i else -math.inf, up, r["text_raw"], int(r["line"]), r.get("note") or ""))
        prev_upper = up
    last = bands[-1]
    if last.upper != math.inf:
        bands[-1] = Band(last.class_id, last.lower, math.inf, last.printed, last.line, last.note)
    return Scale(indicator, table, tuple(bands), tuple(notes))
