"""The label catalogue: every caption, axis label, legend, town name and header, in Kazakh
(``kk``, the sources' language) and English (``en``).

Texts live in ``data/labels.csv`` (key, kk, en); captions in ``data/catalogue.csv``
(the Kazakh caption exactly as published, our English title); measure labels in
``data/indicators.csv``; town names in ``data/towns.csv``.
"""

from __future__ import annotations

import csv
import math
from functools import lru_cache

from . import paths, towns
from .errors import MonotownsError

LANGS = ("kk", "en")

AGGREGATE_NAMES = {
    "karaganda_oblast": {"kk": "Қарағанды облысы", "en": "Karaganda region"},
    "kazakhstan": {"kk": "Қазақстан Республикасы", "en": "Republic of Kazakhstan"},
    "monotowns_total": {"kk": "Моноқалалар барлығы", "en": "All mono-towns"},
    "monotowns_unspecified": {
        "kk": "Кейбір моноқалалар (аты аталмаған)",
        "en": "Some mono-towns (not named)",
    },
    "unspecified": {"kk": "Нысаны көрсетілмеген", "en": "Subject not stated"},
}


def check_lang(lang: str) -> str:
    """The language code, or an error listing the valid ones."""
    if lang not in LANGS:
        raise MonotownsError(f"unknown language {lang!r}; valid: {', '.join(LANGS)}")
    return lang


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, dict[str, str]]:
    with open(paths.DATA_DIR / "labels.csv", encoding="utf-8", newline="") as f:
        return {r["key"]: r for r in csv.DictReader(f)}


def t(key: str, lang: str, **kw) -> str:
    """The text of a catalogue key in a language, with ``{placeholders}`` filled."""
    check_lang(lang)
    try:
        s = _catalogue()[key][lang]
    except KeyError:
        raise MonotownsError(f"no label {key!r} in data/labels.csv") from None
    return s.format(**kw) if kw else s


def town_name(city_id: str, lang: str) -> str:
    """A town's (or aggregate's) name in the language; an unknown id is returned as it is."""
    check_lang(lang)
    if city_id in AGGREGATE_NAMES:
        return AGGREGATE_NAMES[city_id][lang]
    try:
        return towns.town(city_id)[f"name_{lang}"]
    except towns.UnknownTownError:
        return city_id


def oblast_name(city_id: str, lang: str) -> str:
    """The oblast of a town in the language."""
    return towns.town(city_id)[f"oblast_{lang}"]


@lru_cache(maxsize=1)
def _captions() -> dict[str, dict[str, str]]:
    with open(paths.DATA_DIR / "catalogue.csv", encoding="utf-8", newline="") as f:
        return {r["id"]: r for r in csv.DictReader(f)}


def source_id_label(sid: str, lang: str) -> str:
    """'Table 6' / '6-кесте', 'Figure 20', 'Table Ә.1' … for a source id."""
    c = _captions()[sid]
    num = {"TAE1": "Ә.1", "TB1": "Б.1", "AppV": "В"}.get(sid, sid.lstrip("TFA"))
    if sid == "AppV":
        return "В қосымшасы" if lang == "kk" else "Appendix В"
    if c["source"] == "article":
        return f"{num}-кесте (мақала)" if lang == "kk" else f"Article table {num}"
    kind = "table" if c["object_type"] == "table" else "figure"
    return f"{num}-{t(kind, 'kk').lower()}" if lang == "kk" else f"{t(kind, 'en')} {num}"


def caption(sid: str, lang: str) -> str:
    """The caption of a source table or figure: in Kazakh exactly as published, in English ours."""
    c = _captions()[sid]
    if lang == "kk":
        return c["caption_kk"]
    return f"{source_id_label(sid, 'en')} – {c['title_en']}"


def caption_line(sid: str) -> tuple[str, int]:
    """(source, line) of a caption."""
    c = _captions()[sid]
    return c["source"], int(c["line"])


def source_note(source: str, line: int | str, lang: str) -> str:
    """'Source: dissertation, line 812.'"""
    return t("source_note", lang, source=t(f"source_{source}", lang), line=line)


def class_label(cls: str | None, lang: str) -> str:
    """A grade class in the language ('above_medium' → 'орташадан жоғары' / 'above medium')."""
    from .method import CLASS_EN, CLASSES

    if cls is None:
        return "—"
    return CLASSES[cls] if lang == "kk" else CLASS_EN[cls]


def scenario_label(s: str, lang: str) -> str:
    """A scenario id in the language."""
    from .scenarios import SCENARIO_EN, SCENARIO_KK

    return SCENARIO_KK[s] if lang == "kk" else SCENARIO_EN[s]


def fmt_number(value: float | None, lang: str, decimals: int | None = None) -> str:
    """A number the Kazakh way (``1 234,5``, no-break space thousands, comma decimal) or the
    English way (``1,234.5``). ``decimals`` defaults to what the value needs (up to 2)."""
    check_lang(lang)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if decimals is None:
        decimals = 0 if float(value).is_integer() else (1 if round(value, 1) == round(value, 2) else 2)
    s = f"{value:,.{decimals}f}"
    if lang == "kk":
        s = s.replace(",", "\u00a0").replace(".", ",")
    return s
