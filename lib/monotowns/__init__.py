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
