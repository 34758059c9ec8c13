"""The method layer: the author's assessment method of chapter 3.2 (Tables 17-26).

Modules (each imports only from this layer and the data layer):

formulas    the formulas of the indicators, as plain functions (with the evidence for each)
grading     the grading scales printed after Tables 19-24
scenarios   the selection matrix (Table 25) and the scenario scores (Table 26)
assess      one town in both modes: as published and recomputed
audit       every inconsistency of the sources, in one table
indicators  the indicator registry: TDm, TDe, TDa, TDea, TDda, TDzhia, TDaa, TDsp — inputs,
            formula, grading scale, published result; ``Inputs``

``from monotowns import method`` then ``method.values(x)``, ``method.grade("TDm", 46.7)``:
the API of ``indicators`` is available on the layer itself (imported on first use).
"""

from __future__ import annotations

import importlib


def __getattr__(name: str):
    mod = importlib.import_module(".indicators", __name__)
    try:
        return getattr(mod, name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
