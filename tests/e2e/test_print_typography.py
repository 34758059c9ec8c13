"""Print typography of the built PDFs: no blank page, headings kept with what follows, the
page's language declared (WeasyPrint hyphenates ru and en by it), Kazakh words never broken
without a hyphen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from monotowns.publish import render

PAGE_NUMBER = re.compile(r"^\s*\d+\s*/\s*\d+\s*$")


def _content(page) -> bool:
    """A page has content: text beyond its page number, or an image."""
    text = PAGE_NUMBER.sub("", (page.extract_text() or "").strip())
    if len(text.strip()) > 3:
        return True
    xobjects = page.get("/Resources", {}).get("/XObject", {})
    return any(xobjects[k].get_object().get("/Subtype") == "/Image" for k in xobjects) if xobjects else False


def test_no_built_pdf_has_a_blank_page(built):
    from pypdf import PdfReader

    out, _, _ = built
    blank = []
    for pdf in sorted(Path(out).rglob("*.pdf")):
        for i, page in enumerate(PdfReader(pdf).pages, 1):
            if not _content(page):
                blank.append(f"{pdf.relative_to(out)} p. {i}")
    assert not blank, blank


@pytest.mark.slow
def test_a_page_of_only_a_page_number_counts_as_blank(tmp_path):
    from pypdf import PdfReader

    html_text = render.page('<p>one</p><p style="break-before: page"></p>', title="t", lang="en")
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(render.pdf_bytes(html_text))
    pages = PdfReader(pdf).pages
    assert len(pages) == 2 and _content(pages[0]) and not _content(pages[1])


def test_the_css_keeps_headings_with_what_follows_and_the_page_declares_its_language():
    css = render.css()
    assert re.search(r"h1, h2, h3, h4 \{[^}]*break-after: avoid", css)
    assert '<html lang="ru">' in render.page("", title="t", lang="ru")


def test_kazakh_words_are_not_hyphenated_by_a_dictionary_it_does_not_have():
    """pyphen has no Kazakh dictionary: with lang="kk" WeasyPrint adds no hyphen, so a Kazakh
    word breaks only where it has a space or a hyphen of its own."""
    import pyphen

    assert "kk" not in pyphen.LANGUAGES and "kk_KZ" not in pyphen.LANGUAGES
    assert "ru" in pyphen.LANGUAGES or "ru_RU" in pyphen.LANGUAGES
