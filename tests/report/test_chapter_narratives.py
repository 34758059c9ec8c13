"""Every chapter notebook opens with a short narrative of what the chapter establishes: one
markdown cell per report language, tagged ``narrative`` and ``lang-XX``, citing the source's
lines in the reports' style ("(diss., line 150)", "(дисс., строка 150)", "(дисс., 150-жол)").

The test holds each citation to the source: the line exists and is not blank, and in every
cell at least one citation is backed by its line, i.e. the clause it closes shares a distinctive
number or word with the cited line (distinctive: found on at most 2 % of the source's lines, so
"моноқала" or "2021" alone do not count and a line number off by a few lines fails)."""

import json
import re
from functools import cache

import pytest
from monotowns.data import paths
from monotowns.data.context import DEFAULT
from monotowns.report import texts

CHAPTERS = sorted(paths.NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))

#: Source name as written in each language → the key of DEFAULT.source_files.
SOURCE_NAMES = {"diss.": "diss", "дисс.": "diss", "article": "article", "статья": "article", "мақала": "article"}
CITATION = re.compile(
    r"(?P<src>diss\.|дисс\.|article|статья|мақала),\s*(?:line\s+(?P<en>\d+)|строка\s+(?P<ru>\d+)|(?P<kk>\d+)-жол)"
)
#: The citation form each language must use (the form of texts.csv's ``source_note``).
FORM = {"en": "en", "ru": "ru", "kk": "kk"}


@cache
def _lines(source: str) -> list[str]:
    return DEFAULT.source_files[source].read_text(encoding="utf-8").split("\n")


def _tokens(s: str) -> set[str]:
    """Numbers (decimal comma or point alike, at least two characters) and the first six
    letters of words of four letters or more ("SWOT", "Foresight"), lower-cased."""
    nums = {n.replace(",", ".") for n in re.findall(r"\d+(?:[.,]\d+)?", s) if len(n) >= 2}
    words = {w.lower()[:6] for w in re.findall(r"[^\W\d_]{4,}", s)}
    return nums | words


@cache
def _frequency(source: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in _lines(source):
        for t in _tokens(line):
            counts[t] = counts.get(t, 0) + 1
    return counts


def _distinctive(source: str, token: str) -> bool:
    return _frequency(source).get(token, 0) <= 0.02 * len(_lines(source))


def _narratives(path) -> dict[str, list[str]]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, list[str]] = {lang: [] for lang in texts.LANGS}
    for c in nb["cells"]:
        tags = c.get("metadata", {}).get("tags", [])
        if "narrative" in tags:
            assert c["cell_type"] == "markdown", f"{path.name}: a narrative cell must be markdown"
            langs = [t[5:] for t in tags if t.startswith("lang-")]
            assert len(langs) == 1, f"{path.name}: a narrative cell has one language tag, not {langs}"
            out[langs[0]].append("".join(c["source"]))
    return out


def citations(text: str, lang: str) -> list[tuple[str, int, str]]:
    """(source, line, the clause the citation closes: from the previous citation or the start)."""
    out, start = [], 0
    for m in CITATION.finditer(text):
        form = next(k for k in ("en", "ru", "kk") if m.group(k))
        assert form == FORM[lang], f"{lang} narrative cites in the {form} form: {m.group(0)!r}"
        out.append((SOURCE_NAMES[m.group("src")], int(m.group(form)), text[start : m.start()]))
        start = m.end()
    return out


def backed(source: str, line: int, clause: str) -> set[str]:
    """The distinctive tokens the clause shares with the cited line."""
    shared = _tokens(clause) & _tokens(_lines(source)[line - 1])
    return {t for t in shared if _distinctive(source, t)}


def check_cell(text: str, lang: str) -> None:
    cited = citations(text, lang)
    assert cited, f"the {lang} narrative cites no source line"
    for source, line, _ in cited:
        n = len(_lines(source))
        assert 1 <= line <= n, f"{source} line {line} is out of range (1-{n})"
        assert _lines(source)[line - 1].strip(), f"{source} line {line} is blank"
    assert any(backed(s, ln, clause) for s, ln, clause in cited), (
        f"no citation of the {lang} narrative shares a distinctive number or word with its line"
    )


def test_there_are_nine_chapters():
    assert len(CHAPTERS) == 9, [p.name for p in CHAPTERS]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_one_cited_narrative_per_language(path):
    found = _narratives(path)
    for lang in texts.LANGS:
        assert len(found[lang]) == 1, f"{path.name}: {len(found[lang])} narrative cells in {lang}, not 1"
        check_cell(found[lang][0], lang)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_narrative_comes_after_the_title_and_before_the_first_item(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    tags = [c.get("metadata", {}).get("tags", []) for c in cells]
    title = next(i for i, t in enumerate(tags) if "title" in t)
    first_item = next(i for i, c in enumerate(cells) if c["cell_type"] == "code" and i > title)
    where = [i for i, t in enumerate(tags) if "narrative" in t]
    assert all(title < i < first_item for i in where), (path.name, title, where, first_item)


def test_the_check_fails_on_a_bad_citation():
    """The checks above can fail: a line out of range, a blank line, a line that does not say
    what the clause says, a cell without citations, a citation in another language's form."""
    n = len(_lines("diss"))
    blank = next(i for i, s in enumerate(_lines("diss"), 1) if not s.strip())
    good = "27 mono-towns are found in every region (diss., line 747)."
    check_cell(good, "en")
    for bad, lang in [
        (f"27 mono-towns (diss., line {n + 1}).", "en"),
        (f"27 mono-towns (diss., line {blank}).", "en"),
        ("27 mono-towns (diss., line 748).", "en"),
        ("The 27 mono-towns are everywhere.", "en"),
        ("27 моногородов (diss., line 747).", "ru"),
        ("27 моноқала (дисс., 750-жол).", "kk"),
    ]:
        with pytest.raises(AssertionError):
            check_cell(bad, lang)
