"""Every report entirely in its reader's language, measured on the text of the built PDFs.

Words are counted without digits; indicator symbols (TDm, TDzhia …), source ids (T6, F20, A1,
TAE1, TB1, AppV, Ә.1, Б.1, В) and SWOT codes (S1, WO …) are not words of a language. Limits
(issue: every reader in their own language): English reports at most 2 % of words with
Cyrillic letters overall and 5 % in any one report; Russian at most 1.5 % / 4 % of words with
the Kazakh-only letters ә ғ қ ң ө ұ ү һ і; Kazakh at most 3 % / 8 % of words in Latin
letters. A town's Kazakh and Russian names may appear once (its title page).
"""

import csv
import re
from collections import Counter
from pathlib import Path

import pytest
from monotowns.data import towns
from monotowns.report import texts

KK_ONLY = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
NOT_WORDS = re.compile(r"^(TD\w*|[TFA]\d+\w*|TAE1|TB1|AppV|[SWOT]\d+|[SW][OT]|[ӘБВ](\.1)?|[a-z]|I|kz|monotowns)$", re.I)
TOKEN = re.compile(r"[^\s.,;:()\[\]{}«»\"'!?/–—\-+=*×√%№|<>→·…]+")
LIMITS = {"en": (0.02, 0.05), "ru": (0.015, 0.04), "kk": (0.03, 0.08)}


def foreign(word: str, lang: str) -> bool:
    """Is a word not of the report's language (by its letters)?"""
    if lang == "en":
        return bool(re.search("[\u0400-\u04ff]", word))
    if lang == "ru":
        return bool(set(word) & KK_ONLY)
    return bool(re.search("[A-Za-z]", word))


def words(text: str) -> list[str]:
    """The words of a text that belong to a language (no digits, no symbols or source ids)."""
    return [
        w
        for w in TOKEN.findall(text)
        if any(c.isalpha() for c in w) and not any(c.isdigit() for c in w) and not NOT_WORDS.match(w)
    ]


def pdf_text(p: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(p)).pages)


def foreign_words(pdf: Path, lang: str) -> tuple[int, list[str]]:
    """(words, foreign words) of one report; a town's names in the other languages once, and
    once each the Kazakh terms of its glossary (the column that lets a reader find a term in
    the sources, marked with its language: a short report's glossary is a large share of it)."""
    from monotowns import data

    ws = words(pdf_text(pdf))
    allowed: Counter = Counter()
    if pdf.parent.parent.name == "towns":
        t = towns.town(pdf.stem)
        allowed.update(w for name in (t["name_kk"], t["name_ru"]) for w in words(name))
        allowed.update(w for term in data.load("glossary")["kk"] for w in words(str(term)))
    bad = []
    for w in ws:
        if foreign(w, lang):
            if allowed[w] > 0:
                allowed[w] -= 1
            else:
                bad.append(w)
    return len(ws), bad


def test_the_measure_can_fail():
    assert foreign("Балқаш", "en") and foreign("жоғары", "ru") and foreign("the", "kk")
    assert not foreign("высокий", "ru") and not foreign("high", "en") and not foreign("жоғары", "kk")
    assert words("TDm = 46,7 (Table 19, T19) жоғары S1 WO") == ["Table", "жоғары"]


@pytest.mark.parametrize("lang", list(LIMITS))
def test_reports_are_in_their_readers_language(built, lang):
    out, _, _ = built
    overall, worst = [0, 0], []
    for pdf in sorted(out.rglob(f"*/{lang}/*.pdf")):
        n, bad = foreign_words(pdf, lang)
        overall[0] += n
        overall[1] += len(bad)
        worst.append((len(bad) / max(n, 1), str(pdf.relative_to(out)), Counter(bad).most_common(5)))
    assert overall[0] > 1000
    total, each = LIMITS[lang]
    assert overall[1] / overall[0] <= total, (overall, sorted(worst, reverse=True)[:3])
    over = [w for w in worst if w[0] > each]
    assert over == [], over


# ------------------------------------------------------------ one glossary, the same words everywhere


def published_pairs():
    """Every text we have in Kazakh with its Russian and English: the catalogue and our
    translations of the sources' words."""
    import csv

    from monotowns.data import paths
    from monotowns.report import texts

    for p in texts.catalogue_files():
        for r in csv.DictReader(open(p, encoding="utf-8")):
            yield f"{p.name}:{r['key']}", r["kk"], r["ru"], r["en"]
    for p in sorted((paths.DATA_DIR / "translations").glob("*.csv")):
        for r in csv.DictReader(open(p, encoding="utf-8")):
            yield f"{p.name}:{r.get('lines') or r.get('erratum_ids')}", r["kk"], r["ru"], r["en"]


def test_each_glossary_term_is_rendered_the_same_way_everywhere():
    """Wherever a text says a glossary term in Kazakh, its Russian and English say the glossary's
    Russian and English term (by stem, so that inflected forms count)."""
    from monotowns import data

    misses = []
    for g in data.load("glossary").to_dict("records"):
        for where, kk, ru, en in published_pairs():
            if g["kk_stem"].casefold() in kk.casefold() and not (
                g["ru_stem"].casefold() in ru.casefold() and g["en_stem"].casefold() in en.casefold()
            ):
                misses.append((g["term"], where, ru[:50], en[:50]))
    assert misses == []


def test_the_glossary_check_can_fail(monkeypatch):
    import sys

    monkeypatch.setattr(
        sys.modules[__name__], "published_pairs", lambda: [("x", "моноқала", "малый город", "small town")]
    )
    with pytest.raises(AssertionError):
        test_each_glossary_term_is_rendered_the_same_way_everywhere()


def _sources_words() -> dict:
    """Every translation of the sources' Kazakh words: the translation files (one per table or
    area) and the units of indicators.csv. Kazakh text → language → {translation: [files]}."""
    import collections
    import csv as _csv

    from monotowns.data import paths as _paths

    out: dict = collections.defaultdict(lambda: collections.defaultdict(lambda: collections.defaultdict(list)))

    def add(kk, ru, en, where):
        kk = (kk or "").strip()
        for lang, v in (("ru", ru), ("en", en)):
            v = (v or "").strip()
            if kk and v:
                out[kk][lang][v[:1].lower() + v[1:]].append(where)  # a capital at a cell's start is not another word

    for f in sorted((_paths.DATA_DIR / "translations").glob("*.csv")):
        for r in _csv.DictReader(open(f, encoding="utf-8")):
            add(r.get("kk"), r.get("ru"), r.get("en"), f.name)
    for r in _csv.DictReader(open(_paths.DATA_DIR / "indicators.csv", encoding="utf-8")):
        add(r["unit"], r["unit_ru"], r["unit_en"], "indicators.csv (unit)")
    return out


def test_no_kazakh_word_of_the_sources_is_translated_two_ways():
    """Issue 25: "шаршы шақырым" was "sq. km" in indicators.csv and "km²" in units.csv; a
    sentence of Table 3 and Appendix Ә.1 had two translations; "Объём"/"Объем". One Kazakh text,
    one translation per language, wherever it appears (capitalisation aside)."""
    twice = {(kk, lang): dict(vs) for kk, by in _sources_words().items() for lang, vs in by.items() if len(vs) > 1}
    assert not twice, twice


#: Keys whose Kazakh text is another key's in another sense: the same word, two meanings
#: (gettext gives them their own msgctxt). Every other Kazakh text of ours has one translation.
OTHER_SENSE = {
    "lang_name": "the language's name in itself (Русский, English), not the word 'Kazakh'",
    "towns": "Қала as a column of several towns",
    "t18_normalisation": "Table 18's column 'Мәні', which there names the normalisation",
    "col_measure": "Көрсеткіш as a statistic ('measure'), not the method's indicator",
    "town_kf_h_measure": "the same",
    "town_wb_measure": "the same",
    "town_below": "төмен as 'below' a median, not a 'low' grade",
    "town_above": "жоғары as 'above' a median, not a 'high' grade",
    "tch_grade_of": "inside a sentence of the lesson ('the grade of TDm')",
    "town_profile": "the link to a town's report on the landing page",
}


def test_no_kazakh_text_of_ours_is_translated_two_ways():
    """Issue 25: one Kazakh text of the catalogue, one translation per language ("Облыс" was
    "Oblast" in the reports and "Region" on the landing pages; "Өлшем бірлігі" "Единица
    измерения" and "Единица"), except the keys listed, each with why."""
    seen: dict = {}
    twice = []
    for p in texts.catalogue_files():
        for r in csv.DictReader(open(p, encoding="utf-8", newline="")):
            if r["key"] in OTHER_SENSE:
                continue
            for lang in ("ru", "en"):
                was = seen.setdefault((r["kk"], lang), (r[lang], r["key"]))
                if was[0].lower() != r[lang].lower():
                    twice.append((r["kk"], lang, was, (r[lang], r["key"])))
    assert not twice, twice


def test_each_area_of_the_text_catalogue_holds_its_own_keys():
    """Issue 25: texts.csv held town_ and teach_ keys beside texts_town.csv and
    texts_teaching.csv. A key lives in its area's file, and only there."""
    areas = {"texts_town.csv": ("town_",), "texts_teaching.csv": ("tch_", "teach_")}
    everyone = tuple(x for prefixes in areas.values() for x in prefixes)
    for p in texts.catalogue_files():
        with open(p, encoding="utf-8", newline="") as f:
            keys = [r["key"] for r in csv.DictReader(f)]
        assert keys, p.name
        if p.name in areas:
            assert all(k.startswith(areas[p.name]) for k in keys), [k for k in keys if not k.startswith(areas[p.name])]
        else:
            assert not [k for k in keys if k.startswith(everyone)], p.name


def test_no_translation_is_stale():
    """Issue 25: a changed Kazakh text makes its Russian and English stale until someone checks
    them against it and writes the new mark in the row's kk_sha."""
    stale = texts.stale_translations()
    assert not stale, "\n".join(
        f"data/{f}, line {line} ({key}): the Kazakh text changed since its ru and en were made; "
        f"check them against it, then set kk_sha to {now}"
        for f, line, key, now in stale
    )


def test_a_changed_kazakh_text_makes_its_translation_stale(tmp_path, folders):
    """The check above can fail: the same catalogue with one Kazakh text edited is stale there,
    and only there."""
    import shutil

    from monotowns.data.context import DEFAULT

    d = tmp_path / "data"
    d.mkdir()
    for p in DEFAULT.data_dir.glob("texts*.csv"):
        shutil.copy(p, d / p.name)
    folders(data_dir=d)
    assert texts.stale_translations() == []
    lines = (d / "texts_town.csv").read_text(encoding="utf-8").split("\n")
    key, kk = lines[1].split(",")[:2]
    lines[1] = lines[1].replace(f"{key},{kk},", f"{key},{kk} (өзгертілген),", 1)
    (d / "texts_town.csv").write_text("\n".join(lines), encoding="utf-8")
    assert [(f, line, k) for f, line, k, _ in texts.stale_translations()] == [("texts_town.csv", 2, key)]
