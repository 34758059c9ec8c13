"""Parse published cells into numbers, never correcting them.

Conventions of the sources: comma is the decimal separator; spaces and
no-break spaces inside a number separate thousands (``3 529``); a sign may be
separated from its number by a space (``+ 6,2``); a lone dash is a missing
value, not zero; two numbers in one cell are separated by ``/``
(``298419/30403`` is population 2017 / 2021).
"""

from __future__ import annotations

import re

DASHES = {"-", "–", "—", ""}
_NUM = re.compile(r"^([+\-–]?)\s*(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[,.](\d+))?$")


def clean(raw: str) -> str:
    """The cell with surrounding whitespace (incl. no-break spaces) removed."""
    return raw.strip(" \t\u00a0\u202f\r\n")


def parse_number(raw: str) -> float | None:
    """The number a single published cell states, or None for a dash.

    Raises ValueError when the text is not one number in the sources'
    conventions (e.g. the garbled ``267 2857``, whose digit groups are not
    thousands groups).
    """
    s = clean(raw)
    if s in DASHES:
        return None
    m = _NUM.match(s)
    if not m:
        raise ValueError(f"not a number in the source's conventions: {raw!r}")
    sign, whole, frac = m.groups()
    whole = re.sub(r"[ \u00a0\u202f]", "", whole)
    x = float(f"{whole}.{frac}" if frac else whole)
    return -x if sign in ("-", "–") else x


def parse_parts(raw: str) -> list[float | None]:
    """All numbers of a cell that holds one or several ``/``-separated numbers."""
    return [parse_number(p) for p in clean(raw).split("/")]


_COMPOUND = re.compile(r"(\d+)\s*млрд\.?\s*(\d+)\s*млн")


def compound_amount(raw: str) -> float | None:
    """An amount printed in two units, 'X млрд. Y млн.', in millions (X*1000 + Y), else None.

    >>> compound_amount("1 млрд. 114 млн. теңге")
    1114.0
    """
    m = _COMPOUND.search(raw)
    return float(int(m.group(1)) * 1000 + int(m.group(2))) if m else None
