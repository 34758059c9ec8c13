"""monotowns: a reproducible report of a dissertation on Kazakhstan's mono-towns.

The library is four layers, each a subpackage; imports run one way only, from a layer to
the layers below it (checked by import-linter, see ``[tool.importlinter]`` in pyproject.toml):

    monotowns.publish   render, build, manifest, site, readme, cli
        ↓
    monotowns.report    texts, tables, charts, reproduce, book, townreport, teaching
        ↓
    monotowns.method    formulas, grading, indicators, scenarios, assess, audit
        ↓
    monotowns.data      paths, errors, context, cells, towns, files, descriptor, package,
                        errata, keying, export
"""

__version__ = "0.1.0"


def _defer_iri_grammar() -> None:
    """Stand in for ``rfc3987_syntax`` until its one function is called.

    ``jsonschema`` (imported by nbformat, papermill and frictionless) imports it when it is
    installed, and its import compiles 38 grammars: 2 s of every process that builds or validates
    (jsonschema issue #1392; ``rfc3987-syntax2`` fixed it upstream, jsonschema 4.26 does not use
    it). The stand-in loads the real module the first time an IRI is checked, so any check gives
    the real answer; nothing here checks IRIs, so nothing pays for them."""
    import importlib.util
    import sys
    import types

    name = "rfc3987_syntax"
    if name in sys.modules or importlib.util.find_spec(name) is None:
        return
    stand_in = types.ModuleType(name)

    def is_valid_syntax(*args, **kwargs):
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
        real = importlib.import_module(name)
        stand_in.is_valid_syntax = real.is_valid_syntax
        return real.is_valid_syntax(*args, **kwargs)

    stand_in.is_valid_syntax = is_valid_syntax
    sys.modules[name] = stand_in


_defer_iri_grammar()
