"""The text catalogue: every string a reader sees, by (key, language), and numbers per locale.

- ``data/texts.csv`` and ``data/texts_<area>.csv``: one row per key, one column per language
  (``kk``, ``en`` …). ``t(key, lang)`` is the only way report code gets a sentence, a header,
  a label or a grade name; a key without a text in some language is an error (and a test
  lists every such gap), never a silent fallback. Adding a language is adding a column there
  and its code to ``context.LANGS``.
- Words of the sources stay in the data (Kazakh, exactly as published); ``published`` decides,
  in one place, what a reader of another language sees instead.
- Captions: ``data/catalogue.csv`` (the Kazakh caption exactly as published; our titles);
  measure labels: ``data/indicators.csv``; town names: ``data/towns.csv``.
- Numbers: Babel's locale data (``kk``: ``186 080``, ``4,6``; ``en``: ``186,080``, ``4.6``).
"""

from __future__ import annotations

import csv
import hashlib
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel.numbers import format_decimal

from monotowns.data import context, descriptor, towns
from monotowns.data.context import LANGS, SOURCE_LANG, check_lang
from monotowns.data.errors import MonotownsError

__all__ = ["LANGS", "SOURCE_LANG", "check_lang", "t", "missing_translations"]


@dataclass(frozen=True)
class Record:
    """One record of a text file as it stands: its raw text (a line, or more where a cell holds
    a line break), its fields by column, and the line it starts on."""

    raw: str
    row: dict[str, str]
    line: int


def records(path: Path) -> tuple[str, list[str], list[Record]]:
    """The one reader of the text catalogue's and the translations' files: the header line, the
    columns, and every record (``pofiles`` rewrites a record from its raw text)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    reader = csv.reader(iter(lines))
    header = next(reader)
    out, start = [], reader.line_num
    for fields in reader:
        end = reader.line_num
        if not fields:  # a blank line, as csv.DictReader skips it
            start = end
            continue
        if len(fields) != len(header):
            raise MonotownsError(f"{path}, line {start + 1}: {len(fields)} cells where the header names {len(header)}")
        out.append(Record("".join(lines[start:end]), dict(zip(header, fields, strict=True)), start + 1))
        start = end
    return lines[0], header, out


def own_language(resource: str) -> str:
    """The language a translation file's texts are in: the sources' (Kazakh), except the errata
    notes, which we write in English."""
    return "en" if resource == "errata" else SOURCE_LANG


@lru_cache(maxsize=8)
def _read_catalogue(path: str) -> dict[str, dict[str, str]]:
    return {r.row["key"]: r.row for r in records(Path(path))[2]}


def catalogue_files() -> list[Path]:
    """The catalogue's files: ``data/texts.csv`` and one ``data/texts_<area>.csv`` per area."""
    return [context.current().texts_csv, *sorted(context.current().data_dir.glob("texts_*.csv"))]


def _default_catalogue() -> dict[str, dict[str, str]]:
    return _catalogue_in(context.current().data_dir)


@lru_cache(maxsize=4)
def _catalogue_in(data_dir: Path) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for p in catalogue_files():
        for k, row in _read_catalogue(str(p)).items():
            if k in out:
                raise MonotownsError(f"{p.name}: key {k!r} is defined twice in the text catalogue")
            out[k] = row
    return out


def _catalogue(path: str | None = None) -> dict[str, dict[str, str]]:
    """The catalogue as {key: {language: text}} (every catalogue file unless one is given)."""
    return _read_catalogue(path) if path else _default_catalogue()


def t(key: str, lang: str, **kw) -> str:
    """The text of a catalogue key in a language, with ``{placeholders}`` filled."""
    check_lang(lang)
    row = _catalogue().get(key)
    if row is None:
        raise MonotownsError(f"no text {key!r} in data/texts.csv")
    s = row.get(lang)
    if not s:
        raise MonotownsError(f"data/texts.csv: key {key!r} has no {lang!r} text")
    return s.format(**kw) if kw else s


def missing_translations(path: str | None = None) -> list[tuple[str, str]]:
    """Every (key, language) of the catalogue without a text: must be empty."""
    cat = _catalogue(path)
    return [(k, lang) for k, r in cat.items() for lang in LANGS if not (r.get(lang) or "").strip()]


def kk_sha(text_kk: str) -> str:
    """The mark of a Kazakh text that its translations were made from: the first 8 hex digits
    of its SHA-256."""
    return hashlib.sha256(text_kk.encode("utf-8")).hexdigest()[:8]


def stale_translations() -> list[tuple[str, int, str, str]]:
    """Every text whose Kazakh changed since its Russian and English were last checked against
    it: (file, line, key, the mark of its Kazakh now). A row's ``kk_sha`` says which Kazakh text
    its translations were made from (``kk_sha``); whoever checks the translations of a changed
    Kazakh text writes the new mark there."""
    out = []
    for p in catalogue_files():
        for r in records(p)[2]:
            now = kk_sha(r.row.get(SOURCE_LANG) or "")
            if r.row.get("kk_sha") != now:
                out.append((p.name, r.line, r.row["key"], now))
    return out


def keys() -> list[str]:
    """Every key of the catalogue."""
    return list(_catalogue())


def published(text_kk: str, lang: str, other: str) -> str:
    """The source's own words (Kazakh, as published) for a reader of the source's language,
    ``other`` (a code or a label of ours) for a reader of another language."""
    return text_kk if lang == SOURCE_LANG else other


# ---------------------------------------------------------------- translations of the sources' words


def _translations(resource: str) -> dict[tuple[str, str], dict[str, str]]:
    return _translations_in(context.current().data_dir, resource)


@lru_cache(maxsize=64)
def _translations_in(data_dir: Path, resource: str) -> dict[tuple[str, str], dict[str, str]]:
    path = data_dir / "translations" / f"{resource}.csv"
    if not path.exists():
        return {}
    own = own_language(resource)
    return {(r.row["field"], r.row[own]): r.row for r in records(path)[2]}


def source_text(resource: str, field: str, text, lang: str) -> str:
    """The words of the sources (a cell of ``resource``'s column ``field``, e.g. a SWOT item of
    TB1) in the reader's language: as published for readers of the source's language, our
    translation (``data/translations/<resource>.csv``) for the others. A text without a
    translation is an error naming the file, never shown untranslated."""
    if not isinstance(text, str) or not text.strip():
        return "" if not isinstance(text, str) else text
    own = own_language(resource)
    if lang == own:
        return text
    row = _translations(resource).get((field, text))
    if row is None or not row.get(lang):
        raise MonotownsError(f"data/translations/{resource}.csv: no {lang!r} translation of {field} {text[:60]!r}")
    return row[lang]


def translated(resource: str) -> set[tuple[str, str]]:
    """The (field, text) pairs a translations file covers."""
    return set(_translations(resource))


def unit(text: str, lang: str) -> str:
    """A unit as the source prints it ('млн. теңге') in the reader's language."""
    return source_text("units", "unit", text, lang)


def translations_note(lang: str) -> list[str]:
    """The note, once near the top of a report, that translations of the sources' words are ours."""
    return [] if lang == SOURCE_LANG else [t("translations_note", lang)]


_POINTER = re.compile(r"\s*\([^()]*\bline\b[^()]*\)")
_IMAGE = re.compile(r"\s*\[image:[^\]]*\]")


def measure_label(row, lang: str, *, with_unit: bool = True) -> str:
    """The header of a measure (a row of data/indicators.csv) in the language.

    The source's own label for its readers (``label_kk``; ours, ``label_kk_ours``, where the
    source prints none); our translation for the others (``label_<lang>``), without the
    transcriber's pointers such as "(TDm1 per legend line 2827)", with its unit in brackets."""

    def text(col: str) -> str:
        v = row.get(col)
        return v if isinstance(v, str) else ""

    if lang == SOURCE_LANG:
        # where the source has a picture of a formula, say so ("TDea = (формула сурет түрінде)")
        return _IMAGE.sub(
            lambda m: " " + t("formula_as_image", lang), text("label_kk") or text("label_kk_ours")
        ).strip()
    label = _POINTER.sub("", text(f"label_{lang}")).strip()
    u = text(f"unit_{lang}")
    return f"{label} [{u}]" if with_unit and u and u not in label else label


def band_label(band, lang: str) -> str:
    """One class of a grading scale (``method.grading.Band``): as printed ('0-15 төмен') for the
    source's readers, else its resolved range and grade name ('(5; 15] low')."""
    return published(band.printed, lang, f"{interval(band.lower, band.upper, lang)} {class_label(band.class_id, lang)}")


def interval(lower: float, upper: float, lang: str) -> str:
    """A class of a scale as an interval, open at the left and closed at the right, as the
    method resolves boundaries: '(5; 15]'; an end at infinity is open: '(30; +∞)', '(−∞; 2.5]'."""
    lo = "−∞" if lower < -1e300 else fmt_number(lower, lang)
    if upper > 1e300:
        return f"({lo}; +∞)"
    return f"({lo}; {fmt_number(upper, lang)}]"


def printed_range(printed: str) -> str:
    """The numbers of a printed scale class without its Kazakh words ('0-15 –төмен' → '0-15')."""
    return re.sub(r"\s+", " ", re.sub(r"[^\d,.\-–+ ]+", " ", printed)).strip(" –-")


def scale_note(note, lang: str) -> str:
    """How a printed class of a grading scale was read (``method.grading.ScaleNote``), in words."""
    return t(
        f"scale_note_{note.kind}",
        lang,
        level=class_label(note.class_id, lang)
        if note.kind == "gap"
        else published(note.level, lang, class_label(note.class_id, lang)),
        printed=published(note.printed, lang, printed_range(note.printed)),
        at=f"{note.at:g}",
        to=f"{note.to:g}" if note.to is not None else "",
    )


# ---------------------------------------------------------------- names


def town_name(city_id: str, lang: str) -> str:
    """A town's (or aggregate's) name in the language; an unknown id is returned as it is."""
    check_lang(lang)
    if city_id in towns.AGGREGATE_IDS:
        return t(f"aggregate_{city_id}", lang)
    try:
        return towns.town(city_id)[f"name_{lang}"]
    except towns.UnknownTownError:
        return city_id


def oblast_name(city_id: str, lang: str) -> str:
    """The oblast of a town in the language."""
    return towns.town(city_id)[f"oblast_{lang}"]


def class_label(cls: str | None, lang: str) -> str:
    """A grade class in the language ('above_medium' → 'орташадан жоғары' / 'above medium')."""
    return "—" if cls is None else t(f"class_{cls}", lang)


def scenario_label(s: str, lang: str) -> str:
    """A scenario id in the language."""
    return t(f"scenario_{s}", lang)


# ---------------------------------------------------------------- captions


def _captions() -> dict[str, dict[str, str]]:
    return _captions_in(context.current().data_dir)


@lru_cache(maxsize=4)
def _captions_in(data_dir: Path) -> dict[str, dict[str, str]]:
    return descriptor.catalogue(data_dir)


def forget() -> None:
    """Read the text catalogue, the captions and the translations again on their next use (after
    this process rewrote them: ``pofiles.update``)."""
    for f in (_read_catalogue, _catalogue_in, _captions_in, _translations_in):
        f.cache_clear()


def source_ids() -> list[str]:
    """Every source table and figure id (data/catalogue.csv)."""
    return list(_captions())


#: How the sources number the appendix tables.
_NUMBERS = {"TAE1": "Ә.1", "TB1": "Б.1", "AppV": "В"}


def data_date(lang: str) -> str:
    """The data package's version date (``created`` in data/datapackage.json) in the
    language's long form: '3 December 2026', '3 декабря 2026 г.', '2026 ж. 3 желтоқсан'."""
    import datetime as dt

    from babel.dates import format_date

    from monotowns import data

    return format_date(dt.date.fromisoformat(data.datapackage()["created"][:10]), format="long", locale=lang)


def source_id_label(sid: str, lang: str) -> str:
    """'Table 6' / '6-кесте', 'Figure 20', 'Table Ә.1' … for a source id."""
    c = _captions()[sid]
    num = _NUMBERS.get(sid, sid.lstrip("TFA"))
    # the source letters its appendices Ә, Б, В; an English reader gets them in the Kazakh
    # Latin alphabet (Ä, B, V), so no Cyrillic letter stands in an English label
    letters = dict(zip(t("appendix_letters", SOURCE_LANG).split(), t("appendix_letters", lang).split(), strict=True))
    num = "".join(letters.get(ch, ch) for ch in num)
    if sid == "AppV":
        return t("sid_appendix", lang, num=num)
    if c["source"] == "article":
        return t("sid_article_table", lang, num=num)
    return t("sid_table" if c["object_type"] == "table" else "sid_figure", lang, num=num)


def caption(sid: str, lang: str) -> str:
    """The caption of a source table or figure: in Kazakh exactly as published, else ours."""
    c = _captions()[sid]
    own = c.get(f"caption_{lang}")
    if own:
        return own
    return t("caption_pattern", lang, label=source_id_label(sid, lang), title=c[f"title_{lang}"])


def caption_line(sid: str) -> tuple[str, int]:
    """(source, line) of a caption."""
    c = _captions()[sid]
    return c["source"], int(c["line"])


def source_note(source: str, line: int | str, lang: str) -> str:
    """'Source: dissertation, line 812.'"""
    return t("source_note", lang, source=t(f"source_{source}", lang), line=line)


# ---------------------------------------------------------------- numbers


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def fmt_number(value: float | None, lang: str, decimals: int | None = None) -> str:
    """A number in the language's convention (Babel's locale data): ``1 234,5`` in Kazakh
    (no-break space for thousands, comma decimal), ``1,234.5`` in English. ``decimals``
    defaults to what the value needs (up to 2); a missing value is '–'."""
    check_lang(lang)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if decimals is None:
        decimals = 0 if float(value).is_integer() else (1 if round(value, 1) == round(value, 2) else 2)
    return format_decimal(round(float(value), decimals), format=_pattern(decimals), locale=lang)


def parse_number(text: str, lang: str) -> tuple[float, int] | None:
    """The first number of a text written the ``lang`` way, and its decimals: "1,234.5" (en),
    "1 234,5" (kk, ru) — the separators ``fmt_number`` writes. None: no number."""
    sample = fmt_number(1234.5, lang, 1).replace("\u00a0", " ").replace("\u202f", " ")
    group, point = sample[1], sample[-2]
    t = text.replace("\u00a0", " ").replace("\u202f", " ").replace("−", "-")
    g, p = re.escape(group), re.escape(point)
    m = re.search(rf"[-+]?\d{{1,3}}(?:{g}\d{{3}})+(?:{p}\d+)?|[-+]?\d+(?:{p}\d+)?", t)
    if not m:
        return None
    s = m.group(0).replace(group, "").replace(point, ".")
    return float(s), (len(s.split(".")[1]) if "." in s else 0)


def fmt_percent(value: float | None, lang: str, decimals: int = 1) -> str:
    """A percentage (value in %, e.g. 4.6) per language: ``4,6 %`` (kk), ``4.6%`` (en)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return t("percent", lang, n=fmt_number(value, lang, decimals))
