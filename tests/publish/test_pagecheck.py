"""The reader-level checks of built pages (monotowns.publish.pagecheck): each one shown failing
on a page with its fault and passing on the page without it; then all of them over every report
the suite builds (every kind × every language)."""

from __future__ import annotations

import pytest
from monotowns.publish import claims, pagecheck, render
from monotowns.report import shown, townprofile

# pdftotext (poppler-utils) is one of the packages run.sh installs: no skip when it is missing


def _page(body: str, lang: str = "en") -> str:
    return render.page(body, title="Test page", lang=lang)


def _checks(html_text: str, lang: str = "en") -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in pagecheck.html_faults(html_text, "t.html", lang):
        out.setdefault(f.check, []).append(f.what)
    return out


# ---------------------------------------------------------------- each check can fail


@pytest.mark.parametrize(
    "text",
    [
        "industrial output grew N-fold (2020-2021)",  # the placeholder of chapter 2.2
        "рост промышленного производства в N раз",
        "Моноқалалар барлығы ШОБ-та -ден астам адам",  # a quote with its number cut out
        "SME employment (current year) 70,542",
        'label "TDea =[image]" line 2999',
        "{town} had {pop} residents",
        "people who left, thousand, thousand persons",
        "value: nan",
        "(30; +∞]",  # an interval closed at infinity
    ],
)
def test_a_placeholder_or_fragment_is_found(text):
    assert pagecheck.placeholders(text), text
    assert "placeholder" in _checks(_page(f"<h1>T</h1><p>{text}</p>"))


def test_clean_words_have_no_placeholder():
    assert pagecheck.placeholders("Industrial output grew 2-fold in 2020-2021; 70,542 people work in SMEs.") == []


def test_kazakh_words_on_an_english_page_are_found_unless_marked():
    assert "script" in _checks(_page("<h1>T</h1><p>SWOT (Table Б.1)</p>"))
    assert "script" in _checks(_page("<h1>T</h1><p>моноқала</p>"))
    assert "script" not in _checks(_page('<h1>T</h1><p><span lang="kk">моноқала</span> (mono-town)</p>'))
    # Russian page: a Kazakh-only letter is another language; Russian words are not
    assert "script" in _checks(_page("<h1>T</h1><p>экономиканы әртараптандыру</p>", "ru"), "ru")
    assert "script" not in _checks(_page("<h1>T</h1><p>диверсификация экономики</p>", "ru"), "ru")
    # the source's appendix numbering stays in Russian (no Russian letter for Ә), not in English
    assert "script" not in _checks(_page("<h1>T</h1><p>таблица Ә.1</p>", "ru"), "ru")
    assert "script" in _checks(_page("<h1>T</h1><p>Table Ә.1</p>"))


def test_numbers_in_another_languages_format_are_found():
    assert "script" in _checks(_page("<h1>T</h1><p>the wage was 182 947 tenge</p>"))
    assert "script" in _checks(_page("<h1>T</h1><p>a share of 18,7%</p>"))
    assert "script" not in _checks(_page("<h1>T</h1><p>the wage was 182,947 tenge, a share of 18.7%</p>"))
    # a cell shown exactly as the source prints it says so
    assert "script" not in _checks(_page("<h1>T</h1><p>printed: <span class='printed'>+ 6,2</span></p>"))


def test_a_skipped_heading_level_is_found_and_the_page_outline_has_none():
    body = "<h1>Title</h1><h3>Item</h3><h4>Part</h4>"
    raw = "<html lang='en'><head></head><body>" + body + "</body></html>"
    assert any("h3 after h1" in w for w in _checks(raw)["heading"])
    assert "heading" not in _checks(_page(body))  # render.page renumbers: h1, h2, h3
    assert render.outline(body) == "<h1>Title</h1><h2>Item</h2><h3>Part</h3>"


def test_an_empty_header_cell_is_found_and_tables_have_none():
    bad = "<h1>T</h1><table><thead><tr><th></th><th scope='col'>2021</th></tr></thead></table>"
    assert any("empty header" in w for w in _checks(_page(bad))["header"])
    assert any("without scope" in w for w in _checks(_page("<h1>T</h1><table><tr><th>x</th></tr></table>"))["header"])
    good = str(shown.html_table(["", "2017", "2021"], [["Population", "1", "2"], ["", "3", "4"]]))
    assert "header" not in _checks(_page("<h1>T</h1>" + good))


def test_a_page_without_description_or_icon_is_found():
    found = _checks("<html lang='en'><head><title>x</title></head><body><h1>T</h1></body></html>")
    assert {"no meta description", "no favicon"} <= set(found["head"])
    assert "head" not in _checks(_page("<h1>T</h1>"))


def test_a_claim_that_contradicts_the_data_is_found():
    # Shakhtinsk before: "0.8% more than in 2017" (Table 6's printed change; the populations
    # 57,447 and 56,986 give -0.8%), rank 13 by growth, and a wrong comparison
    assert claims.check("change T6 population shakhtinsk 2017 2021", "0.8% more", "en")
    assert claims.check("change T6 population shakhtinsk 2017 2021", "0.8% fewer", "en") is None
    assert claims.check("change T6 population shakhtinsk 2017 2021", "на 0,8 % меньше", "ru") is None
    assert claims.check("cell T6 population shakhtinsk 2021", "56,987", "en")
    assert claims.check("cell T6 population shakhtinsk 2021", "56 986", "kk") is None
    assert claims.check("rank T6 population shakhtinsk 2021", "13", "en")
    cmp = "cmp T6 unemployment_rate_pct shakhtinsk 2021 national_unemployment"
    assert claims.check(cmp, "above the national average (4.9%)", "en")
    assert claims.check(cmp, "below the national average (4.9%)", "en") is None
    # the key-figures box: the signed change and the rank by growth (13 of 27 was built on the
    # printed +0.8%; by the printed populations Shakhtinsk is 19th of the 26 ranked)
    assert claims.check("delta T6 population shakhtinsk 2017 2021", "+0.8%", "en")
    assert claims.check("delta T6 population shakhtinsk 2017 2021", "-0.8%", "en") is None
    assert claims.check("rank-delta T6 population shakhtinsk 2017 2021", "13", "en")
    assert claims.check("rank-delta T6 population shakhtinsk 2017 2021", "19", "en") is None
    assert claims.check("cell T6 population karatau 2017", "29,841", "en")  # as printed: 298,419
    page = _page('<h1>T</h1><p><span data-claim="change T6 population shakhtinsk 2017 2021">0.8% more</span></p>')
    assert "claim" in _checks(page)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_summary_sentence_agrees_with_the_data_package(lang):
    """Every number the 27 summaries and key-figures boxes state, re-derived from the published
    cells."""
    from monotowns.data import towns

    n = 0
    for town in towns.town_ids():
        shown = (townprofile.summary, townprofile.key_figures_box, townprofile.comparisons)
        p = pagecheck.parse_html("".join(x.html for f in shown if (x := f(town, lang)) is not None))
        assert p.claims, town
        for spec, text in p.claims:
            n += 1
            assert claims.check(spec, text, lang) is None, (town, spec, text)
    assert n > 27 * 5


def test_shakhtinsk_summary_states_the_change_the_populations_give_and_the_printed_one_beside_it():
    text = townprofile.summary("shakhtinsk", "en").frame["sentence"].str.cat(sep=" ")
    assert "Population change (2017–2021): -0.8%" in text
    assert "Table 6 prints the population change as +0.8%, but the two populations it prints (57,447 in 2017, " in text
    karatau = townprofile.summary("karatau", "en").frame["sentence"].str.cat(sep=" ")
    assert "is misprinted" in karatau and "fewer than in 2017" not in karatau and "more than in 2017" not in karatau


@pytest.mark.slow
def test_a_word_outside_the_text_area_is_found(tmp_path):
    wide = (
        "<h1>T</h1><table style='width:auto'><tr>"
        + "".join(f"<td style='white-space:nowrap'>Stepnogorsk{i}Stepnogorsk</td>" for i in range(8))
        + "</tr></table>"
    )
    bad, good = tmp_path / "bad.pdf", tmp_path / "good.pdf"
    bad.write_bytes(render.pdf_bytes(_page(wide)))
    good.write_bytes(render.pdf_bytes(_page("<h1>T</h1><p>" + "A short line. " * 200 + "</p>")))
    faults, _ = pagecheck.outside_faults(bad, "bad.pdf")
    assert faults and "outside the text area" in faults[0].what
    assert pagecheck.outside_faults(good, "good.pdf")[0] == []


@pytest.mark.slow
def test_a_near_empty_page_inside_a_report_is_found(tmp_path):
    body = "<h1>T</h1><p>" + "Words on the first page. " * 40 + "</p><h2 style='break-before: page'>Alone</h2>"
    body += "<p style='break-before: page'>" + "And the rest of the report. " * 40 + "</p>"
    pdf = tmp_path / "s.pdf"
    pdf.write_bytes(render.pdf_bytes(_page(body)))
    found = pagecheck.sparse_faults(pdf, "s.pdf")
    assert [f.where for f in found] == ["page 2"], found
    good = tmp_path / "g.pdf"
    good.write_bytes(render.pdf_bytes(_page("<h1>T</h1><p>" + "Words. " * 900 + "</p><p>End.</p>")))
    assert pagecheck.sparse_faults(good, "g.pdf") == []


@pytest.mark.slow
def test_an_untagged_pdf_is_found(tmp_path):
    import weasyprint

    html = _page("<h1>T</h1><p>text</p>")
    untagged, tagged = tmp_path / "u.pdf", tmp_path / "t.pdf"
    untagged.write_bytes(weasyprint.HTML(string=html).write_pdf())
    tagged.write_bytes(render.pdf_bytes(html))
    assert {f.what for f in pagecheck.tagged_faults(untagged, "u.pdf")} >= {"no structure tree (untagged)"}
    assert pagecheck.tagged_faults(tagged, "t.pdf") == []


# ---------------------------------------------------------------- every report the suite builds


def test_every_built_report_passes_every_check(built):
    """Every check over every report the suite builds (every chapter in every language, three
    towns); ``python scripts/check_pages.py`` runs the same over a full build."""
    out, results, jobs = built
    assert all(r.ok for r in results)
    assert len(pagecheck.report_files(out)) == len(jobs) + 3  # and the three landing pages
    faults = pagecheck.check_outputs(out)
    assert faults == [], "\n".join(map(str, faults[:30])) + f"\n{pagecheck.summary(faults)}"


@pytest.mark.slow
def test_a_last_page_holding_only_the_footer_is_found_and_the_report_s_footer_never_leaves_one(tmp_path):
    """Saran's Russian report ended on a page with nothing but its footer line: the sources box
    filled page 9 to the end. The check finds a last page of one line; the report's stylesheet
    keeps the footer with the report's last lines (footer: break-before avoid)."""
    pdf = tmp_path / "f.pdf"
    body = "<h1>T</h1><p>" + "Words on the first page. " * 40 + "</p><p style='break-before: page'>A footer line</p>"
    pdf.write_bytes(render.pdf_bytes(_page(body)))
    assert [f.what for f in pagecheck.sparse_faults(pdf, "f.pdf")] == ["the last page holds one line only (the footer)"]
    # reports that end lower and lower on their page, one of them filling it to the bottom: the
    # footer always takes lines of the report with it
    ok = tmp_path / "ok.pdf"
    pages = set()
    for n in range(26, 36):
        full = render.page("<h1>T</h1>" + "<p>A line.</p>" * n, title="T", lang="en", footer="monotowns-kz — T")
        ok.write_bytes(render.pdf_bytes(full))
        pages.add(len(pagecheck.pdf_words(ok)[0]))
        assert pagecheck.sparse_faults(ok, "ok.pdf") == [], n
    assert pages == {1, 2}  # the range crossed a page's end


def _stranded_page(tmp_path, override: str = "") -> tuple[list, str]:
    """A report page whose table starts too low for its first row: the table's heading and
    source line fall at the page's foot unless the page's print CSS keeps them with the table."""
    from monotowns.publish import pagecheck, render

    rows = "".join(f'<tr style="height: 45mm"><td>row {i}</td></tr>' for i in range(3))
    body = (
        "<h1>A report</h1>"
        '<div style="height: 200mm"></div>'
        '<h3>Table 4 – SWOT analysis of mono-towns</h3><p class="source">Source: article, line 544.</p>'
        f"<table><tbody>{rows}</tbody></table>"
    )
    page = render.page(body, title="t", lang="en").replace("</head>", f"<style>{override}</style></head>", 1)
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(render.pdf_bytes(page))
    return pagecheck.stranded_faults(pdf, pagecheck.headings(page), "t.pdf"), page


@pytest.mark.slow
def test_a_heading_stranded_at_the_foot_of_a_page_is_found_and_the_print_css_keeps_it_with_its_table(tmp_path):
    loose = "p.source { break-after: auto !important; page-break-after: auto !important; }"
    faults, _ = _stranded_page(tmp_path, loose)
    assert [(f.check, f.where) for f in faults] == [("stranded", "page 1")], faults
    assert "Table 4 – SWOT analysis of mono-towns" in faults[0].what
    faults, _ = _stranded_page(tmp_path)  # the report's own print CSS
    assert faults == [], faults


def test_a_file_s_hash_is_not_read_as_a_number_in_another_language_s_format():
    """'SHA-256 562a60…' in an English page read as the Russian number '256 562' (a fault that
    came and went with the hash of the analyst's file); a real '256 562' is still one."""
    sha = "562a60fe3e0876a6f17c7e9fa02" + "0" * 37
    page = pagecheck.parse_html(f'<html lang="en"><body><p>Values added: my.xlsx (SHA-256 {sha})</p></body></html>')
    assert pagecheck.script_faults(page, "en") == []
    page = pagecheck.parse_html('<html lang="en"><body><p>Population: 256 562</p></body></html>')
    assert pagecheck.script_faults(page, "en") != []
