"""Claims in words, re-derived from the data package: the check behind ``pagecheck``'s "claim".

A page marks every number a sentence states with the published cells it comes from
(``<span data-claim="SPEC">TEXT</span>``, see ``report.profile.Claim``). ``check(SPEC, TEXT,
lang)`` derives the value again from the published cells — here, independently of the code that
wrote the sentence — and says what is wrong, or returns None. Specs:

- ``cell TABLE INDICATOR TOWN [YEAR]``          the published value of the cell
- ``change TABLE INDICATOR TOWN Y0 Y1``          (v1 − v0) / v0 · 100, with the words "more" /
                                                "fewer" of the catalogue saying its sign
- ``delta TABLE INDICATOR TOWN Y0 Y1``           the same change written as a signed number
- ``rank TABLE INDICATOR TOWN YEAR``             the town's place, 1 = the largest value
- ``rank-delta TABLE INDICATOR TOWN Y0 Y1``      its place by that change (misprinted values aside)
- ``cmp TABLE INDICATOR TOWN YEAR TEXT_VALUE``   above / below / equal to a value the text quotes
- ``rank-of MEASURE TOWN``                       the town's place by a MEASURE (below), 1 = the largest
- ``value X``                                    the value of the expression X (below)
- ``times X Y``                                  X / Y, X above Y ("1.1 times")
- ``lower X Y``                                  (1 − X / Y) · 100, X below Y ("36% lower")
- ``above X Y`` / ``below X Y``                  |X − Y| in percentage points, X above / below Y

An expression X or Y is one of ``text:KEY`` (a value the text quotes, data/text_values.csv),
``town:MEASURE:TOWN`` (a town's value, or an oblast's row such as ``karaganda_oblast``) or
``median:MEASURE:GROUP`` (the median over the towns of a group with a value: ``all``,
``karaganda8``, or ``type=ID`` of Table 4). A MEASURE is ``TABLE.INDICATOR.YEAR``, ``change``
(population change 2017–2021 from Table 6's two populations, misprinted ones aside), ``per``
(Table 15's 2021 investment, million tenge, × 1000 / Table 6's 2021 population) or ``unemp_pk``
(Figure 20's 2021 unemployed × 1000 / Table 6's 2021 population).
"""

from __future__ import annotations

import re
from functools import cache

from monotowns import data
from monotowns.data import towns
from monotowns.report import texts


def parse_number(text: str, lang: str) -> tuple[float, int] | None:
    """The first number of a text written the ``lang`` way, and its decimals (``texts.parse_number``)."""
    return texts.parse_number(text, lang)


def _same(shown: float, decimals: int, expected: float) -> bool:
    """The shown number is the expected one rounded to the decimals shown."""
    return abs(shown - expected) <= 0.5 * 10**-decimals + 1e-9


@cache
def _cells(table: str, indicator: str):
    df = data.numeric_table(table)
    return df[(df["indicator"] == indicator) & df["city_id"].isin(towns.town_ids())]


def cell_value(table: str, indicator: str, town: str, year: str | None = None) -> float | None:
    df = _cells(table, indicator)
    df = df[df["city_id"] == town]
    if year is not None:
        df = df[df["year"] == int(year)]
    if df.empty or df["value"].isna().all():
        return None
    return float(df["value"].dropna().iloc[0])


def _changes(table: str, ind: str, y0: int, y1: int) -> dict[str, float]:
    """(v1 − v0) / v0 · 100 of every town with both values, towns whose value is an erratum of
    severity 'error' (a misprint, data/errata.csv) left out."""
    df = _cells(table, ind)
    e = data.load("errata")
    bad = set(e[(e["table"] == table) & (e["field"] == ind) & (e["severity"] == "error")]["city_id"].dropna())
    wide = df[df["year"].isin([y0, y1])].pivot_table(index="city_id", columns="year", values="value")
    wide = wide.dropna()
    return {t: (r[y1] - r[y0]) / r[y0] * 100 for t, r in wide.iterrows() if t not in bad}


#: The resources a MEASURE token reads besides ``TABLE``'s own (its value is kept while they stand).
_TOKEN_READS = {"change": ("t6", "errata"), "per": ("t15", "t6"), "unemp_pk": ("f20", "t6")}


def _token_reads(token: str) -> tuple[str, ...]:
    return _TOKEN_READS.get(token, (token.split(".")[0].lower(),))


def _measure(token: str) -> dict[str, float]:
    """Every registry town's value of a MEASURE token (``TABLE.INDICATOR.YEAR``, ``change``,
    ``per``), towns without a value left out; computed once per version of the files it reads
    (a page's claims name the same few measures hundreds of times)."""
    return dict(_measure_kept(token))


@data.kept(reads=_token_reads)
def _measure_kept(token: str) -> dict[str, float]:
    if token == "change":
        return _changes("T6", "population", 2017, 2021)
    if token == "per":
        inv, pop = _measure("T15.fixed_capital_investment.2021"), _measure("T6.population.2021")
        return {t: inv[t] * 1000 / pop[t] for t in inv if t in pop}
    if token == "unemp_pk":
        un, pop = _measure("F20.unemployed_persons.2021"), _measure("T6.population.2021")
        return {t: un[t] * 1000 / pop[t] for t in un if t in pop}
    table, ind, year = token.split(".")
    df = _cells(table, ind)
    df = df[(df["year"] == int(year)) & df["value"].notna()]
    return dict(zip(df["city_id"], df["value"].astype(float), strict=True))


def _group(group: str) -> set[str]:
    if group == "all":
        return set(towns.town_ids())
    if group == "karaganda8":
        return {t for t in towns.town_ids() if towns.town(t)["karaganda8"] == "true"}
    if group.startswith("type="):
        t4 = data.load("t4")
        return set(t4[t4["functional_type_id"] == group[5:]]["city_id"].dropna())
    raise ValueError(f"unknown group {group}")


def evaluate(expr: str) -> float:
    """The value of a claim's expression (see the module's docstring)."""
    import statistics

    kind, _, rest = expr.partition(":")
    if kind == "text":
        return float(data.load("text-values").set_index("key").loc[rest, "value"])
    if kind == "town":
        token, town = rest.rsplit(":", 1)
        if town not in towns.town_ids():  # an oblast's row
            table, ind, year = token.split(".")
            df = data.numeric_table(table)
            df = df[(df["city_id"] == town) & (df["indicator"] == ind) & (df["year"] == int(year))]
            return float(df["value"].iloc[0])
        return _measure(token)[town]
    if kind == "median":
        token, group = rest.rsplit(":", 1)
        members = _group(group)
        return float(statistics.median(v for t, v in _measure(token).items() if t in members))
    raise ValueError(f"unknown expression {expr}")


def _phrase(key: str, lang: str) -> re.Pattern:
    """A catalogue phrase with a ``{v}`` or ``{nat}`` slot as a pattern."""
    text = texts.t(key, lang, v="\x00", nat="\x00")
    return re.compile("^" + re.escape(text).replace("\x00", ".+?") + "$")


def check(spec: str, text: str, lang: str) -> str | None:
    """What is wrong with a claim on a page (None: it agrees with the data package)."""
    parts = spec.split()
    kind, args = parts[0], parts[1:]
    got = parse_number(text, lang)
    try:
        if kind == "cell":
            expected = cell_value(*args[:4])
            if expected is None:
                return f"{spec!r}: no published value, the page says {text!r}"
            if got is None or not _same(got[0], got[1], expected):
                return f"{spec!r}: the page says {text!r}, the published cell is {expected:g}"
            return None
        if kind == "change":
            table, ind, town, y0, y1 = args
            v0, v1 = cell_value(table, ind, town, y0), cell_value(table, ind, town, y1)
            if v0 is None or v1 is None:
                return f"{spec!r}: a base value is missing, the page says {text!r}"
            expected = (v1 - v0) / v0 * 100
            more, fewer = _phrase("town_chg_more", lang), _phrase("town_chg_fewer", lang)
            sign = 1 if more.match(text) else (-1 if fewer.match(text) else 0)
            if got is None or sign == 0:
                return f"{spec!r}: {text!r} states no change in the catalogue's words"
            if not _same(sign * abs(got[0]), got[1], expected):
                return f"{spec!r}: the page says {text!r}, the printed values give {expected:+.2f}%"
            return None
        if kind == "delta":  # a signed change in %, "-0.8%"
            table, ind, town, y0, y1 = args
            v0, v1 = cell_value(table, ind, town, y0), cell_value(table, ind, town, y1)
            expected = (v1 - v0) / v0 * 100
            if got is None or not _same(got[0], got[1], expected):
                return f"{spec!r}: the page says {text!r}, the printed values give {expected:+.2f}%"
            return None
        if kind == "rank-delta":  # rank by the change the printed values give, misprinted ones aside
            table, ind, town, y0, y1 = args
            changes = _changes(table, ind, int(y0), int(y1))
            if town not in changes:
                return f"{spec!r}: the town has no change to rank"
            expected = 1 + sum(v > changes[town] for v in changes.values())
            if got is None or int(got[0]) != expected:
                return f"{spec!r}: the page says rank {text!r}, the printed values give {expected} of {len(changes)}"
            return None
        if kind == "rank":
            table, ind, town, year = args
            df = _cells(table, ind)
            df = df[(df["year"] == int(year)) & df["value"].notna()]
            vals = dict(zip(df["city_id"], df["value"].astype(float), strict=True))
            if town not in vals:
                return f"{spec!r}: the town has no value to rank"
            expected = 1 + sum(v > vals[town] for v in vals.values())
            if got is None or int(got[0]) != expected:
                return f"{spec!r}: the page says rank {text!r}, the published values give {expected} of {len(vals)}"
            return None
        if kind == "rank-of":
            vals = _measure(args[0])
            if args[1] not in vals:
                return f"{spec!r}: the town has no value to rank"
            expected = 1 + sum(v > vals[args[1]] for v in vals.values())
            if got is None or int(got[0]) != expected:
                return f"{spec!r}: the page says rank {text!r}, the published values give {expected} of {len(vals)}"
            return None
        if kind == "value":
            expected = evaluate(args[0])
            if got is None or not _same(got[0], got[1], expected):
                return f"{spec!r}: the page says {text!r}, the published cells give {expected:g}"
            return None
        if kind in ("times", "lower", "above", "below"):
            x, y = evaluate(args[0]), evaluate(args[1])
            if (x > y) != (kind in ("times", "above")):
                return f"{spec!r}: the page says {kind} ({text!r}), but {x:g} is {'above' if x > y else 'below'} {y:g}"
            expected = {"times": x / y, "lower": (1 - x / y) * 100}.get(kind, abs(x - y))
            if got is None or not _same(got[0], got[1], expected):
                return f"{spec!r}: the page says {text!r}, the published cells give {expected:.3g}"
            return None
        if kind == "cmp":
            table, ind, town, year, ref = args
            v = cell_value(table, ind, town, year)
            r = float(data.load("text-values").set_index("key").loc[ref, "value"])
            key = "town_cmp_above" if v > r else ("town_cmp_below" if v < r else "town_cmp_equal")
            if not _phrase(key, lang).match(text):
                return f"{spec!r}: the page says {text!r}, but {v:g} is {key.split('_')[-1]} {r:g}"
            return None
    except (TypeError, ValueError, KeyError) as e:
        return f"{spec!r}: cannot be re-derived ({e})"
    return f"{spec!r}: unknown kind of claim"
