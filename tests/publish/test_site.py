"""The site: every page has a way home and to itself in the other languages; the landing pages
explain, map and link every town; no raw markup reaches a reader."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

import pytest
from monotowns.data import towns
from monotowns.data.context import Context
from monotowns.publish import nav, render, site
from monotowns.report import texts

RAW_MARKUP = re.compile(r"``[^`]+``|\*\*[^*\s][^*]*\*\*")


def _hrefs(html_text: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html_text)


def _resolve(page: str, href: str) -> str:
    """The target of a relative link, relative to the outputs folder."""
    parts = list(PurePosixPath(page).parent.parts)
    for p in href.split("#")[0].split("/"):
        if p == "..":
            parts.pop()
        elif p and p != ".":
            parts.append(p)
    return "/".join(parts)


@pytest.fixture(scope="module")
def landing(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    for lang in texts.LANGS:  # the town reports a full build makes (the map links those that exist)
        (out / "towns" / lang).mkdir(parents=True)
        for t in towns.town_ids():
            (out / "towns" / lang / f"{t}.html").write_text("built", encoding="utf-8")
    site.write_index(Context(outputs_dir=out))
    return out


@pytest.mark.parametrize("lang", texts.LANGS)
def test_the_landing_map_links_every_town(landing, lang):
    page = (landing / nav.landing(lang)).read_text(encoding="utf-8")
    svg = re.search(r"<svg class=\"map\".*?</svg>", page, re.S).group(0)
    linked = set(re.findall(r'href="towns/' + lang + r'/([a-z_]+)\.html"', svg))
    assert linked == set(towns.town_ids())
    assert len(towns.town_ids()) == 27


@pytest.mark.parametrize("lang", texts.LANGS)
def test_the_map_labels_overlap_neither_each_other_nor_a_dot(lang):
    placed = site.map_points(lang)
    assert len(placed) == 27
    boxes = [p["box"] for p in placed]
    dots = [(p["x"] - p["r"], p["y"] - p["r"], p["x"] + p["r"], p["y"] + p["r"]) for p in placed]
    for i, a in enumerate(boxes):
        assert not any(site._overlaps(a, d) for d in dots), placed[i]["label"]
        assert not any(site._overlaps(a, b) for b in boxes[i + 1 :]), placed[i]["label"]


def test_label_placement_gives_up_visibly_when_there_is_no_room():
    """Six dots in 12 px: not every label can find a free slot, and the test above would fail."""
    pts = [{"x": 100 + 6 * (i % 3), "y": 100 + 5 * (i // 3), "r": 4, "label": f"Town {i}"} for i in range(6)]
    boxes = [p["box"] for p in site.label_boxes(pts)]
    assert any(site._overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :]) or any(
        site._overlaps(a, (p["x"] - 4, p["y"] - 4, p["x"] + 4, p["y"] + 4)) for a in boxes for p in pts
    )


@pytest.mark.parametrize("lang", texts.LANGS)
def test_the_landing_page_is_in_its_language_and_links_its_siblings(landing, lang):
    page = (landing / nav.landing(lang)).read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in page
    assert texts.t("report_title", lang) in page
    for other in texts.LANGS:
        if other != lang:
            assert f'href="{nav.landing(other)}"' in page
    assert not RAW_MARKUP.search(re.sub(r"<[^>]+>", " ", page))


def test_key_figures_are_table_6_as_printed():
    """Temirtau's row of Table 6 as published (line 900s of the dissertation): 185 536 / 186 080,
    +0,3 %, unemployment 4,6 %; Karatau keeps its garbled 2017 cell and is marked."""
    kf = site.key_figures("en").set_index("city_id")
    assert kf.loc["temirtau", "pop_2017"] == 185536 and kf.loc["temirtau", "pop_2021"] == 186080
    assert kf.loc["temirtau", "unemployment_2021"] == 4.6
    assert kf.loc["karatau", "pop_2017"] == 298419 and kf.loc["karatau", "erratum"]
    assert not kf.loc["temirtau", "erratum"]


@pytest.mark.parametrize(
    "rel", ["reports/ru/02_2_karaganda.html", "towns/en/saran.html", "teaching/kk/temirtau-student.html"]
)
def test_every_page_header_goes_home_and_to_the_same_page_in_every_language(rel):
    lang = rel.split("/")[1]
    h = render.navigation(Path("/o") / rel, Path("/o"), lang, texts.LANGS, "", {})
    html_text = render.page("<h1>x</h1>", title="x", lang=lang, nav=h)
    targets = {_resolve(rel, x) for x in _hrefs(html_text)}
    assert nav.landing(lang) in targets
    for other in texts.LANGS:
        if other != lang:
            assert rel.replace(f"/{lang}/", f"/{other}/") in targets
    # the contents menu reaches every chapter and every town
    assert {f"towns/{lang}/{t}.html" for t in towns.town_ids()} <= targets | {rel}
    assert {f"reports/{lang}/{c}.html" for c in nav.chapters()} <= targets | {rel}


def _built_html(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html") if "notebooks" not in p.parts)


def test_every_built_html_links_home_and_itself_in_the_other_languages(built):
    out, _, _ = built
    pages = _built_html(out)
    assert len(pages) > 20
    for p in pages:
        rel = p.relative_to(out).as_posix()
        text = p.read_text(encoding="utf-8")
        targets = {_resolve(rel, h) for h in _hrefs(text) if "://" not in h}
        lang = re.search(r'<html lang="(\w+)"', text).group(1)
        assert nav.landing(lang) in targets or rel == nav.landing(lang), rel
        for other in texts.LANGS:
            if other == lang:
                continue
            mine = nav.landing(other) if "/" not in rel else rel.replace(f"/{lang}/", f"/{other}/")
            assert mine in targets, (rel, other)


def test_no_raw_markup_in_any_built_html(built):
    out, _, _ = built
    bad = []
    for p in _built_html(out):
        # a cell's code (folded under "Show the code", a <pre>) is code, where ** unpacks a dict
        text = re.sub(r"<(style|svg|pre)\b.*?</\1>", " ", p.read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(r"<[^>]+>", " ", text)
        for m in RAW_MARKUP.finditer(text):
            bad.append(f"{p.relative_to(out)}: {m.group(0)[:60]}")
    assert not bad, "\n".join(bad[:20])


def test_oblasts_are_in_kazakh_alphabetical_order():
    """Ақмола comes before Алматы in Kazakh (қ < л), Шығыс Қазақстан after Түркістан."""
    names = [ob for ob, _ in nav.towns_by_oblast("kk")]
    assert names.index("Ақмола облысы") < names.index("Алматы облысы")
    assert names.index("Түркістан облысы") < names.index("Шығыс Қазақстан облысы")
