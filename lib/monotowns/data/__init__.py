"""The data layer: the two sources' tables as a validated, tidy data package.

Modules (each imports only from this layer):

paths       where things live by default (the only module that builds paths from strings)
errors      the package's exception family (``MonotownsError`` and its kinds)
context     the explicit configuration: data, notebooks and outputs folders, language; the
            current context (``context.current()``)
cells       parsing published cells (comma decimals, signs, ``a/b`` pairs)
towns       the towns registry and name resolution
files       writes that never leave a half-written file; content fingerprints
recorder    which data files a computation read (also through the caches that read them)
descriptor  the Frictionless descriptor ``data/datapackage.json``
package     loading and validating the package (``load``, ``numeric_table`` …)
errata      recomputing derived columns: the source's inconsistencies
keying      comparing the two independent keyings
export      one CSV of every published number
updates     the later years an analyst adds (CSV or xlsx), read and checked
sheets      reading a spreadsheet an analyst saved, in any form

``from monotowns import data`` then ``data.load("t6")``: the loading API of ``package`` is
available on the layer itself (imported on first use, so ``paths`` stays cheap to import).
"""

from __future__ import annotations

import importlib

_PACKAGE_API = {
    "load",
    "load_resource",
    "numeric_table",
    "all_numeric",
    "indicators",
    "validate_all",
    "datapackage",
    "resource_descriptor",
    "sanity_errors",
    "number_candidates",
    "VALIDATED_ENV",
    "package_fingerprint",
    "stamp",
    "kept",
    "validate_resource",
}


def __getattr__(name: str):
    if name in _PACKAGE_API:
        return getattr(importlib.import_module(".package", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
