"""Recompute every derived column of the published tables and list where the source
contradicts itself.

Each ``check_*`` function reads the published inputs from the data package,
recomputes a derived quantity by a stated rule, and yields one erratum per
cell that disagrees. ``find_all()`` runs every check; ``data/errata.csv`` is
its committed output, and a test requires the two to agree, so changing a
published value or a rule without updating the errata fails the tests.

Severity: ``error`` – the printed value cannot come from the printed inputs
by the stated rule; ``minor`` – it differs only by truncating instead of
rounding (or by the last printed digit); ``suspect`` – no rule is broken but
the value is implausible next to its neighbours (e.g. a garbled cell).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

import pandas as pd

from . import cells, context, package

ERRATA_COLUMNS = [
    "erratum_id",
    "table",
    "city_id",
    "field",
    "year",
    "line",
    "published",
    "recomputed",
    "likely_intended",
    "severity",
    "rule",
    "note",
]


def decimals(raw: str) -> int:
    """How many decimals a printed number shows ('6,2' -> 1, '15' -> 0, '-0,07' -> 2)."""
    m = re.search(r"[,.](\d+)", cells.clean(raw))
    return len(m.group(1)) if m else 0


def classify(printed: float, raw: str, recomputed: float, *, slack: float = 0.0) -> str | None:
    """None if `printed` is `recomputed` rounded to the printed decimals (plus `slack`);
    'minor' if it is the truncation, or within one unit of the last printed digit;
    'error' otherwise."""
    d = decimals(raw)
    unit = 10.0**-d
    diff = abs(printed - recomputed)
    if diff <= unit / 2 + slack + 1e-9:
        return None
    trunc = math.trunc(recomputed / unit) * unit
    if abs(printed - trunc) < 1e-9 or diff <= unit + 1e-9:
        return "minor"
    return "error"


def _row(table, city_id, field, year, line, published, recomputed, rule, note, severity, likely=None) -> dict:
    return {
        "table": table,
        "city_id": city_id,
        "field": field,
        "year": "" if year is None or pd.isna(year) else int(year),
        "line": int(line),
        "published": published,
        "recomputed": "" if recomputed is None else round(float(recomputed), 4),
        "likely_intended": "" if likely is None else likely,
        "severity": severity,
        "rule": rule,
        "note": note,
    }


def _cell(df: pd.DataFrame, city: str, indicator: str, year=None) -> pd.Series | None:
    m = (df["city_id"] == city) & (df["indicator"] == indicator)
    if year is not None:
        m &= df["year"] == year
    sel = df[m]
    return None if sel.empty else sel.iloc[0]


def check_t6_population_change() -> Iterator[dict]:
    """T6: change % = (population 2021 − population 2017) / population 2017 × 100."""
    df = package.numeric_table("T6")
    for city in df["city_id"].unique():
        p17, p21 = _cell(df, city, "population", 2017), _cell(df, city, "population", 2021)
        ch = _cell(df, city, "population_change_pct")
        if p17 is None or p21 is None or ch is None or pd.isna(ch["value"]):
            continue
        rec = (p21["value"] - p17["value"]) / p17["value"] * 100
        sev = classify(ch["value"], ch["value_raw"], rec)
        if sev:
            sign = " (opposite sign)" if rec * ch["value"] < 0 else ""
            yield _row(
                "T6",
                city,
                "population_change_pct",
                None,
                ch["line"],
                ch["value_raw"],
                rec,
                "change_pct = (pop2021 - pop2017) / pop2017 * 100",
                f"printed change does not follow from the printed populations “{p17['value_raw']}”{sign}",
                sev,
            )


def check_t6_population_jump() -> Iterator[dict]:
    """T6: a 2017 population more than twice or less than half the 2021 one is garbled."""
    df = package.numeric_table("T6")
    for city in df["city_id"].unique():
        p17, p21 = _cell(df, city, "population", 2017), _cell(df, city, "population", 2021)
        if p17 is None or p21 is None:
            continue
        r = p17["value"] / p21["value"]
        if r > 2 or r < 0.5:
            digits = str(int(p17["value"]))
            likely = int(digits[:-1]) if r > 2 else ""
            yield _row(
                "T6",
                city,
                "population",
                2017,
                p17["line"],
                p17["value_raw"],
                None,
                "0.5 <= pop2017 / pop2021 <= 2",
                f"2017 population is {r:.1f} x the 2021 one; most likely one digit too many "
                f"(the printed change % fits neither reading exactly)",
                "error",
                likely,
            )


def check_t13_loss_share() -> Iterator[dict]:
    """T13: share of loss-making = loss-making / all large and medium enterprises × 100."""
    df = package.numeric_table("T13")
    for _, r in df[df["indicator"] == "loss_making_share_pct"].iterrows():
        tot = _cell(df, r["city_id"], "large_medium_enterprises_total", r["year"])
        loss = _cell(df, r["city_id"], "loss_making_enterprises", r["year"])
        if pd.isna(r["value"]) or tot is None or loss is None or not tot["value"]:
            continue
        rec = loss["value"] / tot["value"] * 100
        sev = classify(r["value"], r["value_raw"], rec)
        if sev:
            yield _row(
                "T13",
                r["city_id"],
                "loss_making_share_pct",
                r["year"],
                r["line"],
                r["value_raw"],
                rec,
                "share = loss_making / total * 100",
                f"{loss['value_raw']} of {tot['value_raw']} large and medium enterprises made a loss: {rec:.2f}%",
                sev,
            )


def check_t15_growth() -> Iterator[dict]:
    """T15: growth 2017/2021 % = (I2021 − I2017) / I2017 × 100; the printed column matches
    (I2021 − I2017) / I2021 × 100 instead (the increase measured against the end year)."""
    df = package.numeric_table("T15")
    for _, r in df[df["indicator"] == "investment_growth_2017_2021_pct"].iterrows():
        a = _cell(df, r["city_id"], "fixed_capital_investment", 2017)
        b = _cell(df, r["city_id"], "fixed_capital_investment", 2021)
        rec = (b["value"] - a["value"]) / a["value"] * 100
        alt = (b["value"] - a["value"]) / b["value"] * 100
        if classify(r["value"], r["value_raw"], rec):
            how = (
                "matches"
                if not classify(r["value"], r["value_raw"], alt)
                else (
                    "is the truncation of" if classify(r["value"], r["value_raw"], alt) == "minor" else "differs from"
                )
            )
            yield _row(
                "T15",
                r["city_id"],
                "investment_growth_2017_2021_pct",
                None,
                r["line"],
                r["value_raw"],
                rec,
                "growth = (I2021 - I2017) / I2017 * 100",
                f"printed value {how} (I2021 - I2017) / I2021 * 100 = {alt:.1f}: the "
                f"increase is divided by the 2021 value, not the 2017 one",
                "error",
            )


def check_t11_wage_2021() -> Iterator[dict]:
    """T11: a 2021 wage that is not a number in the source's conventions, or is more than
    three times the 2020 wage, is garbled; the likely intended value drops the stray last digit."""
    df = package.numeric_table("T11")
    for _, r in df[(df["indicator"] == "avg_monthly_nominal_wage") & (df["year"] == 2021)].iterrows():
        prev = _cell(df, r["city_id"], "avg_monthly_nominal_wage", 2020)
        digits = re.sub(r"\D", "", r["value_raw"])
        likely = int(digits[:-1])
        if pd.isna(r["value"]) or r["value"] > 3 * prev["value"]:
            yield _row(
                "T11",
                r["city_id"],
                "avg_monthly_nominal_wage",
                2021,
                r["line"],
                r["value_raw"],
                None,
                "wage2021 parses and wage2021 <= 3 * wage2020",
                "7 digits ending in a stray '7' (garbled); the 6-digit reading fits the series "
                f"(2020: “{prev['value_raw']}”)",
                "error",
                likely,
            )


def check_t11_change_rows() -> Iterator[dict]:
    """T11 '2017/2021' rows: printed values equal (v2021 − v2017) / v2021 × 100; for wages
    only when the garbled 7-digit 2021 cells are read as printed (the author computed with them)."""
    df = package.numeric_table("T11")
    for base, row_ind in (
        ("subsistence_minimum", "subsistence_minimum_2017_2021"),
        ("avg_monthly_nominal_wage", "avg_monthly_nominal_wage_2017_2021"),
    ):
        for _, r in df[df["indicator"] == row_ind].iterrows():
            a, b = _cell(df, r["city_id"], base, 2017), _cell(df, r["city_id"], base, 2021)
            v21 = b["value"] if pd.notna(b["value"]) else float(re.sub(r"\D", "", b["value_raw"]))
            rec = (v21 - a["value"]) / v21 * 100
            sev = classify(r["value"], r["value_raw"], rec)
            if base == "avg_monthly_nominal_wage":
                true21 = int(re.sub(r"\D", "", b["value_raw"])[:-1])
                yield _row(
                    "T11",
                    r["city_id"],
                    row_ind,
                    None,
                    r["line"],
                    r["value_raw"],
                    rec,
                    "(v2021 - v2017) / v2021 * 100, 2021 wage as printed (garbled)",
                    f"reproduces only with the garbled 2021 wage {b['value_raw']!r}; with "
                    f"{true21} it is {(true21 - a['value']) / true21 * 100:.1f}",
                    "error",
                    round((true21 - a["value"]) / true21 * 100, 1),
                )
            elif sev:
                yield _row(
                    "T11",
                    r["city_id"],
                    row_ind,
                    None,
                    r["line"],
                    r["value_raw"],
                    rec,
                    "(v2021 - v2017) / v2021 * 100",
                    f"inputs “{a['value_raw']}” and “{b['value_raw']}”",
                    sev,
                )


def check_t9_vs_t6_population() -> Iterator[dict]:
    """T9 population 2021 (thousand) against T6 population 2021 (persons): same year, same towns."""
    t9, t6 = package.numeric_table("T9"), package.numeric_table("T6")
    for _, r in t9[t9["indicator"] == "population"].iterrows():
        p = _cell(t6, r["city_id"], "population", 2021)
        rec = p["value"] / 1000
        if abs(r["value"] - rec) / rec > 0.02:
            yield _row(
                "T9",
                r["city_id"],
                "population",
                2021,
                r["line"],
                r["value_raw"],
                rec,
                "T9 population (thousand) = T6 population 2021 / 1000, within 2 %",
                f"Table 6 gives {p['value']:,.0f} persons for 2021 (line {p['line']}), that is {rec:.1f} thousand",
                "error",
            )


def check_method_arithmetic() -> Iterator[dict]:
    """T20-T22: printed sums, quotients and percentages of the method tables recomputed from
    the printed components (the formula of each indicator is checked by the method module)."""
    t20 = package.numeric_table("T20")
    for city in t20["city_id"].unique():
        g = {r["indicator"]: r for _, r in t20[t20["city_id"] == city].iterrows()}
        parts = [g[k]["value"] for k in g if re.match(r"TDe\d", k)]
        for name, rec, rule in (
            ("TDe_sum", sum(parts), "TDe_sum = TDe1 + TDe2 + TDe3 + TDe4"),
            ("TDe", g["TDe_sum"]["value"] / 4, "TDe = TDe_sum / 4"),
            (
                "TDa_sum",
                sum(g[k]["value"] for k in g if k.startswith("TDa_") and k not in ("TDa_sum", "TDa_divisor")),
                "TDa_sum = sum of the four social measures",
            ),
            ("TDa", g["TDa_sum"]["value"] / 4, "TDa = TDa_sum / 4"),
        ):
            sev = classify(g[name]["value"], g[name]["value_raw"], rec)
            if sev:
                yield _row(
                    "T20",
                    city,
                    name,
                    None,
                    g[name]["line"],
                    g[name]["value_raw"],
                    rec,
                    rule,
                    "printed result differs from its printed inputs",
                    sev,
                )
    t21 = package.numeric_table("T21")
    for city in t21["city_id"].unique():
        g = {r["indicator"]: r for _, r in t21[t21["city_id"] == city].iterrows()}
        rec = g["TDda1_natural_increase"]["value"] + g["TDda2_econ_active_share"]["value"]
        sev = classify(g["TDda_sum"]["value"], g["TDda_sum"]["value_raw"], rec)
        if sev:
            yield _row(
                "T21",
                city,
                "TDda_sum",
                None,
                g["TDda_sum"]["line"],
                g["TDda_sum"]["value_raw"],
                rec,
                "TDda_sum = TDda1 + TDda2",
                "printed sum differs from its inputs",
                sev,
            )
    t22 = package.numeric_table("T22")
    for city in t22["city_id"].unique():
        g = {r["indicator"]: r for _, r in t22[t22["city_id"] == city].iterrows()}
        for k in range(1, 5):
            num, den = g[f"TDzhia{k}_numerator_city"], g[f"TDzhia{k}_denominator_oblast"]
            pct = g[f"TDzhia{k}_pct"]
            rec = num["value"] / den["value"] * 100
            part_raw = pct["value_raw"].split("+")[k - 1]
            sev = classify(pct["value"], part_raw, rec)
            if sev:
                yield _row(
                    "T22",
                    city,
                    f"TDzhia{k}_pct",
                    None,
                    pct["line"],
                    pct["value_raw"],
                    rec,
                    f"TDzhia{k} = city / oblast * 100",
                    f"“{num['value_raw']}” is {rec:.2f}%; the table prints {pct['value']:g}"
                    + (" (about ten times too small)" if rec / max(pct["value"], 1e-9) > 5 else ""),
                    sev,
                )


def check_unit_labels() -> Iterator[dict]:
    """Units printed as thousands ('мың адам') whose cells are plainly counts of persons:
    T6 populations are all above 1000 'thousand'; T16 R&D personnel in 'thousand' would exceed
    the town's whole population (T6, 2021)."""
    t6 = package.numeric_table("T6")
    pop = t6[t6["indicator"] == "population"]
    if (pop["unit"].str.contains("мың").all()) and (pop["value"] > 1000).all():
        first = pop.iloc[0]
        ind = package.indicators()
        header = ind[(ind["table"] == "T6") & (ind["indicator"] == "population")].iloc[0]
        yield _row(
            "T6",
            "",
            "population",
            None,
            header["line"],
            first["unit"],
            None,
            "a population in thousands of a mono-town is below 1000",
            "the column header says thousand persons, every cell is a head count "
            f"(e.g. {first['value_raw']}); the cells are persons",
            "error",
            "адам",
        )
    t16 = package.numeric_table("T16")
    for _, r in t16[(t16["indicator"] == "rnd_personnel") & t16["value"].notna()].iterrows():
        p = _cell(t6, r["city_id"], "population", 2021)
        if "мың" in r["unit"] and r["value"] * 1000 > 0.5 * p["value"]:
            yield _row(
                "T16",
                r["city_id"],
                "rnd_personnel",
                r["year"],
                r["line"],
                r["value_raw"],
                None,
                "R&D personnel <= half the population",
                f"the table gives the unit as thousand persons, but {r['value_raw']} thousand would be more "
                f"than half of the town's {p['value']:,.0f} residents (Table 6, 2021): the figures are persons",
                "error",
                "адам",
            )


CHECKS = (
    check_unit_labels,
    check_t6_population_change,
    check_t6_population_jump,
    check_t9_vs_t6_population,
    check_t11_wage_2021,
    check_t11_change_rows,
    check_t13_loss_share,
    check_t15_growth,
    check_method_arithmetic,
)


def find_all() -> pd.DataFrame:
    """Every inconsistency the checks find, as the rows of data/errata.csv."""
    rows = [r for check in CHECKS for r in check()]
    df = pd.DataFrame(rows)
    df.insert(
        0,
        "erratum_id",
        [f"{r['table']}-{r['field']}-{r['city_id']}" + (f"-{r['year']}" if r["year"] != "" else "") for r in rows],
    )
    return df[ERRATA_COLUMNS]


def write() -> str:
    """Write data/errata.csv from find_all(); returns its path."""
    from .files import atomic_write_text

    atomic_write_text(context.current().errata_csv, find_all().to_csv(index=False, lineterminator="\n"))
    return str(context.current().errata_csv)
