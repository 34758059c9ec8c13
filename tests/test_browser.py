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
