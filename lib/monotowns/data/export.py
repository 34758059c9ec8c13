"""One CSV of every published number of both sources (``monotowns export``)."""

from __future__ import annotations

import io

import pandas as pd

from . import package

EXPORT_COLUMNS = ["source", "table", "city_id", "indicator", "year", "value_raw", "value", "unit", "line"]


def published_numbers() -> pd.DataFrame:
    """Every numeric cell of the numeric tables (text cells such as project names left out),
    in table order, with the columns of ``EXPORT_COLUMNS``. A printed '-' is a row with an
    empty value: the source published that the number is missing."""
    df = package.all_numeric()
    ind = package.indicators()
    kinds = dict(zip(zip(ind["table"], ind["indicator"], strict=True), ind["kind"], strict=True))
    keep = [kinds.get((t, i)) == "number" for t, i in zip(df["table"], df["indicator"], strict=True)]
    return df.loc[keep, EXPORT_COLUMNS].reset_index(drop=True)


def to_csv_text(df: pd.DataFrame) -> str:
    """The export as CSV text: LF line ends, empty cells for missing, numbers as printed by
    Python's repr (no thousands separators, '.' decimal)."""
    out = df.copy()
    out["year"] = out["year"].astype("Int64")
    buf = io.StringIO()
    out.to_csv(buf, index=False, lineterminator="\n", float_format=None)
    return buf.getvalue()
