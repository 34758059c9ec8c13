"""monotowns: a reproducible report of a dissertation on Kazakhstan's mono-towns.

Modules
-------
paths     where things live (the only module that builds paths)
errors    the package's exception family
values    parsing published cells (comma decimals, signs, ``a/b`` pairs)
towns     the towns registry and name resolution
data      loading and validating the data package (``data/datapackage.json``)
errata    recomputing derived columns and listing the source's inconsistencies
export    one CSV of every published number
cli       the ``monotowns`` command
"""

__version__ = "0.1.0"
