"""The site in a real browser: Debian's Chromium driven by Playwright's Python package (no
browser download). Open the landing page, follow a town on the map, switch language, check
every internal link resolves and that no console error appears; screenshots are kept in the
test's folder for a person to look at."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from monotowns.publish import nav

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)"),
]


def _pages(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html") if "notebooks" not in p.parts)


def _built_report(out: Path, target: Path) -> bool:
    """Targets of a report not in this test build (the fixture builds a sample of towns) are
    expected to be absent; everything else must exist."""
    rel = target.relative_to(out).as_posix() if target.is_relative_to(out) else ""
    return not rel.startswith(("towns/", "teaching/"))


def test_landing_map_town_language_switch_links_and_console(built, tmp_path):
    from playwright.sync_api import sync_playwright

    out, _, _ = built
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((out / nav.landing("en")).as_uri())
        page.screenshot(path=str(tmp_path / "landing-en.png"), full_page=True)
        # a town on the map
        page.locator('svg.map a[href="towns/en/saran.html"]').first.click()
        page.wait_for_load_state()
        assert page.url.endswith("/towns/en/saran.html")
        assert page.locator("h1").first.is_visible()
        page.screenshot(path=str(tmp_path / "saran-en.png"))
        # the same report in Russian, then home in Russian
        page.locator('header.site .langs a[hreflang="ru"]').click()
        page.wait_for_load_state()
        assert page.url.endswith("/towns/ru/saran.html")
        assert page.locator("html").get_attribute("lang") == "ru"
        page.locator("nav.crumbs a.home").click()
        page.wait_for_load_state()
        assert page.url.endswith("/" + nav.landing("ru"))
        page.screenshot(path=str(tmp_path / "landing-ru.png"), full_page=True)
        # every internal link of every page resolves (reports outside this sample build aside)
        broken = []
        for f in _pages(out):
            page.goto(f.as_uri())
            for href in page.eval_on_selector_all(
                "a[href]", "els => els.map(e => new URL(e.getAttribute('href'), document.baseURI).href)"
            ):
                if not href.startswith("file://"):
                    continue
                target = Path(href[len("file://") :].split("#")[0])
                if not target.exists() and _built_report(out, target):
                    broken.append(f"{f.relative_to(out)} -> {href}")
        browser.close()
    assert not broken, broken[:10]
    assert not errors, errors[:5]


#: axe-core's impacts a page must not have (minor ones are reported, not failed).
AXE_FAIL = {"critical", "serious", "moderate"}


def axe_violations(page) -> list[str]:
    """axe-core (the copy axe-playwright-python ships) run on the page open in the browser: one
    line per violation of impact moderate or worse, with the first element it names."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    out = []
    for v in results.response["violations"]:
        if v.get("impact") in AXE_FAIL:
            target = v["nodes"][0]["target"] if v["nodes"] else ""
            out.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])}x): {v['help']} — {target}")
    return out


def test_axe_finds_a_fault_on_a_page_that_has_one(tmp_path):
    """The accessibility check can fail: a skipped heading, an image without alt, a table header
    with no text, a link inside an element that hides it from assistive technology."""
    from playwright.sync_api import sync_playwright

    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!DOCTYPE html><html lang='en'><head><title>t</title></head><body><main><h1>T</h1><h4>x</h4>"
        "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='>"
        "<table><tr><th></th><th>a</th></tr><tr><td>1</td><td>2</td></tr></table>"
        "<svg role='img'><a href='#x'><text>link</text></a></svg></main></body></html>",
        encoding="utf-8",
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(bad.as_uri())
        found = axe_violations(page)
        browser.close()
    assert any(v.startswith("image-alt") for v in found), found


def test_no_accessibility_violation_on_the_pages_a_reader_opens(built):
    """axe-core on the landing pages (three languages), a chapter, a town and a teaching page
    in each language the test build made: no critical, serious or moderate violation."""
    from playwright.sync_api import sync_playwright

    out, _, _ = built
    pages = [out / nav.landing(lang) for lang in ("kk", "ru", "en")]
    pages += sorted(out.glob("reports/*/02_1_kazakhstan.html")) + sorted(out.glob("reports/*/03_2_method.html"))
    pages += sorted(out.glob("towns/*/karazhal.html")) + sorted(out.glob("towns/*/ridder.html"))
    pages += sorted(out.glob("teaching/*/*.html"))[:3]
    found = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        for f in pages:
            if not f.exists():
                continue
            page.goto(f.as_uri())
            found += [f"{f.relative_to(out)}: {v}" for v in axe_violations(page)]
        browser.close()
    assert len([f for f in pages if f.exists()]) >= 9
    assert found == [], "\n".join(found[:20])
