"""The indicator registry of the author's method (chapter 3.2): one record per indicator.

Each ``Indicator`` states, once: its source table, the raw inputs it reads, the function that
computes it (``formulas``; its docstring gives the formula and the evidence for it), the formula
in plain notation, whether it is graded (and so scored in Table 25), where its inputs, printed
value and printed grade sit in ``data/tables``, and the formula the source prints where that
differs. Plain-language descriptions and teaching texts are in the text catalogue under
``<id>_what`` (report layer). Everything else — ``values``, ``grade``, the published results,
the audit, the teaching steps — is derived from this registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields

import pandas as pd

from monotowns import data
from monotowns.data import context

from . import formulas as f
from . import grading as sc
from .formulas import MethodError
from .grading import CLASSES, Scale, class_id

__all__ = ["MethodError", "CLASSES", "class_id", "Scale", "Indicator", "REGISTRY", "Inputs"]


@dataclass(frozen=True)
class Inputs:
    """The method's raw inputs for one town, as tabulated in Tables 19-24."""

    town: str
    TDm1: float
    TDm2: float
    TDe1: float
    TDe2: float
    TDe3: float
    TDe4: float
    TDa1: float
    TDa2: float
    TDa3: float
    TDa4: float
    TDda1: float
    TDda2: float
    TDzhia1_city: float
    TDzhia1_oblast: float
    TDzhia2_city: float
    TDzhia2_oblast: float
    TDzhia3_city: float
    TDzhia3_oblast: float
    TDzhia4_city: float
    TDzhia4_oblast: float
    TDaa1: float
    TDaa2: float
    TDaa3: float
    TDsp1: float
    TDsp2: float
    extra: dict = field(default_factory=dict, compare=False)

    @classmethod
    def columns(cls) -> list[str]:
        """The input columns, in template order."""
        return [f.name for f in fields(cls) if f.name != "extra"]

    def replace(self, **changes: float) -> Inputs:
        """A copy with some inputs changed (for what-if and sensitivity)."""
        d = {c: getattr(self, c) for c in self.columns()}
        d.update(changes)
        return Inputs(**d)


@dataclass(frozen=True)
class Indicator:
    """One indicator of the method, everything about it in one record."""

    id: str
    #: source table of its inputs, printed result and grading scale
    table: str
    #: the raw inputs it reads (fields of ``Inputs``), or the indicators it combines (TDea)
    inputs: tuple[str, ...]
    #: the formula function (its docstring states the formula and the evidence)
    function: Callable[..., float]
    #: (inputs, indicator values computed so far) → value
    compute: Callable[[Inputs, dict[str, float]], float]
    #: the formula in plain notation
    notation: str
    #: graded on a scale and scored in Table 25
    graded: bool
    #: printed measure id in ``table`` → ``Inputs`` field
    published_inputs: dict[str, str]
    #: printed measure ids of the result and of its grade in ``table``
    published_value: str
    published_grade: str | None = None
    #: the formula as the source prints it, where that differs from ``notation``, and its line
    printed_formula: str | None = None
    printed_formula_line: int | None = None

    @property
    def text_key(self) -> str:
        """Catalogue key of its plain-language description (``<key>`` in data/texts.csv)."""
        return f"{self.id}_what"

    def formula_line(self) -> str:
        """The first line of the formula function's docstring: name, table and formula."""
        return (self.function.__doc__ or "").strip().splitlines()[0]


def _ratios(x: Inputs) -> tuple[float, float, float, float]:
    return tuple(f.tdzhia_part(getattr(x, f"TDzhia{k}_city"), getattr(x, f"TDzhia{k}_oblast")) for k in range(1, 5))  # type: ignore[return-value]


_ZHIA = tuple(f"TDzhia{k}_{p}" for k in range(1, 5) for p in ("city", "oblast"))

REGISTRY: dict[str, Indicator] = {
    i.id: i
    for i in (
        Indicator(
            "TDm",
            "T19",
            ("TDm1", "TDm2"),
            f.tdm,
            lambda x, v: f.tdm(x.TDm1, x.TDm2),
            "TDm = √(TDm1 × TDm2)",
            True,
            {"TDm1_output_share_pct": "TDm1", "TDm2_employment_share_pct": "TDm2"},
            "TDm",
            "TDm_level",
            "TDm=100%-√(TDm1*TDm2)",
            2909,
        ),
        Indicator(
            "TDe",
            "T20",
            ("TDe1", "TDe2", "TDe3", "TDe4"),
            f.tde,
            lambda x, v: f.tde(x.TDe1, x.TDe2, x.TDe3, x.TDe4),
            "TDe = (TDe1 + TDe2 + TDe3 + TDe4) / 4",
            False,
            {
                "TDe1_industrial_output_pct": "TDe1",
                "TDe2_profitable_enterprises_share_pct": "TDe2",
                "TDe3_fixed_capital_investment_pct": "TDe3",
                "TDe4_local_budget_revenue_pct": "TDe4",
            },
            "TDe",
        ),
        Indicator(
            "TDa",
            "T20",
            ("TDa1", "TDa2", "TDa3", "TDa4"),
            f.tda,
            lambda x, v: f.tda(x.TDa1, x.TDa2, x.TDa3, x.TDa4),
            "TDa = (TDa1 + TDa2 + TDa3 + TDa4) / 4",
            False,
            {
                "TDa_unemployment": "TDa1",
                "TDa_cultural_institutions": "TDa2",
                "TDa_edu_medical_institutions": "TDa3",
                "TDa_avg_wage": "TDa4",
            },
            "TDa",
        ),
        Indicator(
            "TDea",
            "T20",
            ("TDe", "TDa"),
            f.tdea,
            lambda x, v: f.tdea(v["TDe"], v["TDa"]),
            "TDea = √(TDe × TDa)",
            True,
            {},
            "TDea",
            "TDea_level",
        ),
        Indicator(
            "TDda",
            "T21",
            ("TDda1", "TDda2"),
            f.tdda,
            lambda x, v: f.tdda(x.TDda1, x.TDda2),
            "TDda = √(TDda1 + TDda2)",
            True,
            {"TDda1_natural_increase": "TDda1", "TDda2_econ_active_share": "TDda2"},
            "TDda",
            "TDda_level",
        ),
        Indicator(
            "TDzhia",
            "T22",
            _ZHIA,
            f.tdzhia,
            lambda x, v: f.tdzhia(_ratios(x)),
            "TDzhia = √(Σ 100 × town_k / oblast_k),  k = 1…4",
            True,
            {
                f"TDzhia{k}_{p}": f"TDzhia{k}_{q}"
                for k in range(1, 5)
                for p, q in (("numerator_city", "city"), ("denominator_oblast", "oblast"))
            },
            "TDzhia",
            "TDzhia_level",
        ),
        Indicator(
            "TDaa",
            "T23",
            ("TDaa1", "TDaa2", "TDaa3"),
            f.tdaa,
            lambda x, v: f.tdaa(x.TDaa1, x.TDaa2, x.TDaa3),
            "TDaa = √(TDaa1 + TDaa2 + TDaa3)",
            True,
            {
                "TDaa1_in_functional_urban_area": "TDaa1",
                "TDaa2_near_large_city": "TDaa2",
                "TDaa3_transport_corridor": "TDaa3",
            },
            "TDaa",
            "TDaa_level",
        ),
        Indicator(
            "TDsp",
            "T24",
            ("TDsp1", "TDsp2"),
            f.tdsp,
            lambda x, v: f.tdsp(x.TDsp1, x.TDsp2),
            "TDsp = √(TDsp1 + TDsp2)",
            True,
            {"TDsp1_raw_material_resources": "TDsp1", "TDsp2_tourism_potential": "TDsp2"},
            "TDsp",
            "TDsp_level",
        ),
    )
}

#: The indicators in the method's order; the graded ones are scored in Table 25.
INDICATORS = tuple(REGISTRY)
GRADED = tuple(i for i, r in REGISTRY.items() if r.graded)
#: Source table of each indicator (its result and its grading scale).
TABLE_OF = {i: r.table for i, r in REGISTRY.items()}
#: The tables of the method's inputs and results.
METHOD_TABLES = tuple(dict.fromkeys(TABLE_OF.values()))


def values(x: Inputs) -> dict[str, float]:
    """All eight indicator values of one town, recomputed at full precision."""
    out: dict[str, float] = {}
    for i, r in REGISTRY.items():
        out[i] = r.compute(x, out)
    return out


@context.per_data_folder
def scales() -> dict[str, Scale]:
    """The grading scale of every graded indicator (data/tables/T19.scale.csv …)."""
    return {i: sc.from_table(i, r.table) for i, r in REGISTRY.items() if r.graded}


def grade(indicator: str, value: float) -> str | None:
    """The class id of an indicator value; None for TDe and TDa, which have no scale."""
    s = scales().get(indicator)
    return s.classify(value) if s else None


def formula(indicator: str) -> str:
    """The first line of an indicator's formula docstring: its name, table and formula."""
    return REGISTRY[indicator].formula_line()


# ---------------------------------------------------------------- the published results


@context.per_data_folder
def _method_tables() -> dict[str, pd.DataFrame]:
    return {t: data.numeric_table(t) for t in METHOD_TABLES}


def published_towns() -> list[str]:
    """The towns the dissertation assessed (Table 19's columns): balkhash, karazhal, temirtau."""
    return list(dict.fromkeys(_method_tables()[REGISTRY["TDm"].table]["city_id"]))


def published_inputs(city_id: str) -> Inputs:
    """The raw inputs of one assessed town, as printed in Tables 19-24."""
    kw: dict[str, float] = {}
    for r in REGISTRY.values():
        df = _method_tables()[r.table]
        df = df[df["city_id"] == city_id]
        for ind, name in r.published_inputs.items():
            sel = df[df["indicator"] == ind]
            if sel.empty:
                raise MethodError(f"{city_id}: no published {ind} in {r.table}")
            kw[name] = float(sel["value"].iloc[0])
    return Inputs(town=city_id, **kw)


@dataclass(frozen=True)
class Published:
    """One printed result of Tables 19-24: the value, its text, its grade, their lines."""

    value: float | None
    value_raw: str | None
    line: int | None
    class_id: str | None
    class_raw: str | None
    class_line: int | None


def published_results(city_id: str) -> dict[str, Published]:
    """The author's printed value and grade of each indicator for one assessed town."""
    out = {}
    for ind, r in REGISTRY.items():
        df = _method_tables()[r.table]
        df = df[df["city_id"] == city_id]
        v = df[df["indicator"] == r.published_value]
        lv = df[df["indicator"] == r.published_grade] if r.published_grade else df.iloc[0:0]
        out[ind] = Published(
            value=float(v["value"].iloc[0]) if len(v) else None,
            value_raw=v["value_raw"].iloc[0] if len(v) else None,
            line=int(v["line"].iloc[0]) if len(v) else None,
            class_id=class_id(lv["value_raw"].iloc[0]) if len(lv) else None,
            class_raw=lv["value_raw"].iloc[0] if len(lv) else None,
            class_line=int(lv["line"].iloc[0]) if len(lv) else None,
        )
    return out


# the formula functions, for ``method.tdm(…)`` and friends
tdm, tdm_printed_formula, tde, tda, tdea = f.tdm, f.tdm_printed_formula, f.tde, f.tda, f.tdea
tdda, tdzhia_part, tdzhia, tdaa, tdsp = f.tdda, f.tdzhia_part, f.tdzhia, f.tdaa, f.tdsp
Band, ScaleNote = sc.Band, sc.ScaleNote
