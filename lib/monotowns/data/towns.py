"""The towns registry: 27 mono-towns, their names and every spelling the sources use.

``data/towns.csv`` holds one row per town (ids fixed by the project);
``data/town_variants.csv`` holds every spelling that occurs in the two
sources, with the line where it first occurs, mapped to its id.
"""

from __future__ import annotations

import csv
import difflib
import re
from functools import lru_cache

from . import paths
from .errors import UnknownTownError

#: Ids that are not towns but occur as rows of the sources' tables.
AGGREGATE_IDS = ("karaganda_oblast", "kazakhstan", "monotowns_total", "monotowns_unspecified", "unspecified")

_SUFFIXES = re.compile(r"\s*(қ\.|қаласы|қаласында|г\.|city)$")


def normalise(name: str) -> str:
    """Case-folded name without surrounding blanks, inner runs of blanks made one
    space, and a trailing 'қ.'/'қаласы' (town) removed."""
    s = re.sub(r"[\s\u00a0\u202f]+", " ", name).strip().casefold()
    return _SUFFIXES.sub("", s).strip()


@lru_cache(maxsize=1)
def registry() -> tuple[dict[str, str], ...]:
    """The 27 towns as dicts (columns of ``data/towns.csv``), in registry order."""
    with open(paths.TOWNS_CSV, encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f))


def town_ids() -> list[str]:
    """The 27 registry ids in registry order."""
    return [t["city_id"] for t in registry()]


def karaganda_ids() -> list[str]:
    """The 8 mono-towns of Karaganda region, the dissertation's object."""
    return [t["city_id"] for t in registry() if t["karaganda8"] == "true"]


def town(city_id: str) -> dict[str, str]:
    """The registry row of one town id; UnknownTownError if there is none."""
    for t in registry():
        if t["city_id"] == city_id:
            return t
    raise UnknownTownError(f"unknown town id {city_id!r}; valid ids: {', '.join(town_ids())}")


@lru_cache(maxsize=1)
def _variant_map() -> dict[str, str]:
    m: dict[str, str] = {}
    for t in registry():
        for col in ("city_id", "name_kk", "name_ru", "name_en"):
            m[normalise(t[col])] = t["city_id"]
    with open(paths.TOWN_VARIANTS_CSV, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            key = normalise(row["variant"])
            if m.get(key, row["city_id"]) != row["city_id"]:
                raise ValueError(f"variant {row['variant']!r} maps to two towns")
            m[key] = row["city_id"]
    return m


def resolve(name: str) -> str:
    """The registry id of any name or spelling variant of a town.

    >>> resolve("Шахты"), resolve("Bamkam"), resolve("Зыряновск")
    ('shakhtinsk', 'balkhash', 'altai')

    Raises UnknownTownError, naming the closest known spellings, for a name
    that is not in the registry.
    """
    key = normalise(name)
    m = _variant_map()
    if key in m:
        return m[key]
    close = difflib.get_close_matches(key, list(m), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise UnknownTownError(f"unknown town name {name!r}{hint}")
