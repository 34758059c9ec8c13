"""Compare the two independent keyings of the numeric tables.

Every numeric table was transcribed twice, by two people who did not see each
other's work: ``data/tables/<ID>.csv`` (first keying, the one the package uses)
and ``data/second_keying/<ID>.csv``. Indicator names were chosen by each
keyer, so cells are matched by what was printed and where: (town, line, year,
value) for numbers and (town, line, printed text) for text cells. Every
difference left after matching was decided against the source line and is
listed in ``data/keying_differences.csv``.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from . import context


def _read(path) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df["v"] = [str(round(float(x), 6)) if x else "" for x in df["value"]]
    return df


def compare(table: str) -> list[dict]:
    """The differences between the two keyings of one numeric table, one dict per cell:
    table, city_id, line, year, field ('value', 'value_raw', 'unit', 'missing', 'indicator'),
    key1, key2."""
    a = _read(context.current().tables_dir / f"{table}.csv")
    b = _read(context.current().second_keying_dir / f"{table}.csv")
    out: list[dict] = []

    def key(r):
        return (r["city_id"], r["line"], r["year"], r["v"] if r["v"] else r["value_raw"])

    ka, kb = Counter(key(r) for _, r in a.iterrows()), Counter(key(r) for _, r in b.iterrows())
    for k in sorted((ka - kb).keys() | (kb - ka).keys()):
        city, line, year, _ = k
        ra = a[(a["city_id"] == city) & (a["line"] == line) & (a["year"] == year)]
        rb = b[(b["city_id"] == city) & (b["line"] == line) & (b["year"] == year)]
        va = ";".join(sorted(set(ra["v"] + "|" + ra["value_raw"])))
        vb = ";".join(sorted(set(rb["v"] + "|" + rb["value_raw"])))
        d = {
            "table": table,
            "city_id": city,
            "line": line,
            "year": year,
            "field": "value",
            "key1": va,
            "key2": vb,
        }
        if d not in out:
            out.append(d)
    m = a.assign(k=[key(r) for _, r in a.iterrows()]).merge(
        b.assign(k=[key(r) for _, r in b.iterrows()]), on="k", suffixes=("_1", "_2")
    )
    for field in ("value_raw", "unit"):
        for _, r in m[m[f"{field}_1"] != m[f"{field}_2"]].iterrows():
            out.append(
                {
                    "table": table,
                    "city_id": r["city_id_1"],
                    "line": r["line_1"],
                    "year": r["year_1"],
                    "field": field,
                    "key1": r[f"{field}_1"],
                    "key2": r[f"{field}_2"],
                }
            )
    # each first-keying indicator must correspond to one second-keying indicator
    pairs = m.groupby("indicator_1")["indicator_2"].agg(lambda s: sorted(set(s)))
    for ind, others in pairs.items():
        if len(others) > 1 and a[a["indicator"] == ind]["v"].ne("").any():
            out.append(
                {
                    "table": table,
                    "city_id": "",
                    "line": "",
                    "year": "",
                    "field": "indicator",
                    "key1": ind,
                    "key2": ";".join(others),
                }
            )
    return out


def all_differences() -> pd.DataFrame:
    """compare() over every table that has a second keying."""
    rows = [d for p in sorted(context.current().second_keying_dir.glob("*.csv")) for d in compare(p.stem)]
    return pd.DataFrame(rows, columns=["table", "city_id", "line", "year", "field", "key1", "key2"])
