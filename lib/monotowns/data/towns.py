"""The towns registry: 27 mono-towns, their names and every spelling the sources use.

``data/towns.csv`` holds one row per town (ids fixed by the project);
``data/town_variants.csv`` holds every spelling that occurs in the two
sources, with the line where it first occurs, mapped to its id.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from . import context, files
from .errors import DataValidationError, UnknownTownError

#: Ids that are not towns but occur as rows of the sources' tables.
AGGREGATE_IDS = ("karaganda_oblast", "kazakhstan", "monotowns_total", "monotowns_unspecified", "unspecified")

_SUFFIXES = re.compile(r"\s*(қ\.|қаласы|қаласында|г\.|city)$")


#: Latin and Cyrillic letters that look alike (after case-folding): a name typed with both
#: scripts ('Сaтпаев' with a Latin 'a') is read in the script most of its letters are in.
_LATIN_LOOKS = "aeopcxykmthbi"
_CYRILLIC_LOOKS = "аеорсхукмтнві"
_TO_CYRILLIC = str.maketrans(_LATIN_LOOKS, _CYRILLIC_LOOKS)
_TO_LATIN = str.maketrans(_CYRILLIC_LOOKS, _LATIN_LOOKS)
#: Latin letters of the Kazakh alphabets (2021, 2018) that plain Latin spellings write without
#: their marks.
_LATIN_PLAIN = str.maketrans({"ı": "i", "ğ": "g", "ş": "s", "ñ": "n", "ä": "a", "ö": "o", "ü": "u", "ū": "u"})


#: How plain Latin writes the Kazakh Latin letters with marks ('Balqaş' is 'Balqash').
_LATIN_DIGRAPHS = str.maketrans({"ş": "sh", "Ş": "Sh", "ğ": "gh", "Ğ": "Gh", "ñ": "ng"})


def _script(ch: str) -> str:
    return unicodedata.name(ch, "").split(" ")[0]


def normalise(name: str) -> str:
    """A name as it is compared with the registry's spellings: Unicode composed (NFKC, so a
    decomposed 'й' is the letter), case-folded, a trailing 'қ.'/'қаласы'/'г.' (town) removed,
    punctuation and blanks dropped ('Zhana-ozen', 'Жаңа өзен' are 'Жаңаөзен'); Latin letters without their marks (the
    official Kazakh Latin 'Jezqazğan' is 'jezqazgan'); look-alike letters of the other script
    in a mixed name read in the name's main script ('Сaтпаев' is 'сатпаев')."""
    s = unicodedata.normalize("NFKC", name)
    s = re.sub(r"[\s\u00a0\u202f]+", " ", s).strip().casefold()
    s = _SUFFIXES.sub("", s).strip()
    s = re.sub(r"[\W_]", "", s)
    # Latin letters without marks (Cyrillic letters keep theirs: 'й' is not 'и')
    s = "".join(
        unicodedata.normalize("NFD", ch)[0] if _script(ch) == "LATIN" else ch for ch in s.translate(_LATIN_PLAIN)
    )
    scripts = [_script(ch) for ch in s if ch.isalpha()]
    cyr, lat = scripts.count("CYRILLIC"), scripts.count("LATIN")
    if cyr and lat:
        s = s.translate(_TO_CYRILLIC if cyr >= lat else _TO_LATIN)
    return s


#: The official Kazakh Latin alphabet (2021) for the Kazakh Cyrillic letters.
_KAZAKH_LATIN = dict(
    zip(
        "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя",
        "a ä b v g ğ d e io j z i i k q l m n ñ o ö p r s t u ū ü f h h ts ch ş şş _ y ı _ e iu ia".split(" "),
        strict=True,
    )
)


def kazakh_latin(name_kk: str) -> str:
    """A Kazakh name in the official Latin alphabet of 2021 ('Балқаш' → 'Balqash',
    'Жезқазған' → 'Jezqazğan')."""
    out = []
    for ch in name_kk:
        low = ch.lower()
        lat = _KAZAKH_LATIN.get(low, ch).replace("_", "")
        out.append(lat.capitalize() if ch != low else lat)
    return "".join(out)


def _read(path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows of a registry file, or one DataValidationError naming the file, row and column (a
    missing file, a byte-order mark, another encoding, a missing column): the registry is read
    before the package is validated, so it must fail as cleanly as the validation would."""
    name = (
        str(path.relative_to(context.current().data_dir))
        if path.is_relative_to(context.current().data_dir)
        else str(path)
    )
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise DataValidationError(f"cannot read: {e.strerror or e}", file=name) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raise DataValidationError("starts with a byte-order mark; save as UTF-8 without BOM", file=name, row=1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise DataValidationError(
            f"not UTF-8 text (byte {e.start})", file=name, row=raw[: e.start].count(b"\n") + 1
        ) from None
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    header = list(rows[0]) if rows else []
    for col in columns:
        if col not in header:
            raise DataValidationError("missing column", file=name, row=1, column=col)
    for n, r in enumerate(rows, start=2):
        for col in columns:
            if not r.get(col):
                raise DataValidationError("empty cell", file=name, row=n, column=col)
    return rows


def registry() -> tuple[dict[str, str], ...]:
    """The 27 towns as dicts (columns of the current context's ``towns.csv``), in registry order
    (read again when the file changes)."""
    return _registry(files.file_stamp(context.current().towns_csv))


@lru_cache(maxsize=4)
def _registry(stat: tuple) -> tuple[dict[str, str], ...]:
    return tuple(_read(Path(stat[0]), ("city_id", "name_kk", "name_ru", "name_en", "karaganda8")))


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


def _variant_map() -> dict[str, str]:
    ctx = context.current()
    return _variants(files.file_stamp(ctx.towns_csv), files.file_stamp(ctx.town_variants_csv))


@lru_cache(maxsize=4)
def _variants(towns_stat: tuple, variants_stat: tuple) -> dict[str, str]:
    m: dict[str, str] = {}
    for t in registry():
        for col in ("city_id", "name_kk", "name_ru", "name_en"):
            m[normalise(t[col])] = t["city_id"]
        latin = kazakh_latin(t["name_kk"])  # 'Balqaş', 'Arqalyq'; written plainly 'Balqash'
        for spelling in (latin, latin.translate(_LATIN_DIGRAPHS)):
            m.setdefault(normalise(spelling), t["city_id"])
    for row in _read(Path(variants_stat[0]), ("variant", "city_id")):
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


def _distance(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) that turn a into b."""
    prev2, prev = [], list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            d = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                d = min(d, prev2[j - 2] + 1)
            cur.append(d)
        prev2, prev = prev, cur
    return prev[-1]


def near_misses(name: str) -> list[str]:
    """Registry ids of which ``name`` is a near-spelling — one edit away from a known spelling
    (two for spellings of 8 letters or more) — closest first; [] for a known or a clearly
    different name. A typo ('Balkash', 'Балхащ') is caught; another town's own name is not."""
    key = normalise(name)
    if key in _variant_map():
        return []
    found: dict[str, int] = {}
    for spelling, tid in _variant_map().items():
        if abs(len(spelling) - len(key)) > 2:
            continue
        d = _distance(key, spelling)
        if 0 < d <= (2 if min(len(spelling), len(key)) >= 8 else 1) and d < found.get(tid, 99):
            found[tid] = d
    return sorted(found, key=lambda t: (found[t], town_ids().index(t)))
