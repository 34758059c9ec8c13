"""`run_all.py --format docx`: a town report as a real Word document — headings, tables and
charts — in which python-docx finds the key figures of the report's language."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from monotowns.data import paths
from monotowns.publish import docx as wordfile
from monotowns.report import profile, texts


def test_a_page_becomes_headings_tables_and_pictures():
    import base64
    import io

    import docx
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig = plt.figure(figsize=(1, 0.5))
    fig.savefig(buf, format="png")
    plt.close(fig)
    png = base64.b64encode(buf.getvalue()).decode()
    page = (
        "<html><head><style>p{}</style></head><body>"
        "<header class='site'><details class='menu'><summary>Contents</summary>"
        "<h4>Karaganda Region</h4><ul><li>Saran</li></ul></details></header>"
        "<h1>Town</h1><table><tbody><tr><th>Oblast</th><td>Karaganda</td></tr></tbody></table><h2>Key figures</h2>"
        "<table><tr><th>measure</th><th>value</th></tr><tr><td>Population</td><td>186,080</td></tr></table>"
        f"<figure><figcaption>Map</figcaption><img src='data:image/png;base64,{png}'/></figure>"
        "<ul><li>one</li></ul></body></html>"
    )
    raw = wordfile.docx_bytes(page, title="Town")
    assert raw == wordfile.docx_bytes(page, title="Town")  # no dates: same page, same bytes
    d = docx.Document(io.BytesIO(raw))
    styles = {p.text: p.style.name for p in d.paragraphs if p.text}
    assert styles["Town"] == "Title" and styles["Key figures"] == "Heading 1" and styles["Map"] == "Heading 3"
    assert styles["one"] == "List Bullet"
    assert d.paragraphs[0].text == "Town", "the site header's menu is for the screen, not the document"
    assert "Saran" not in styles and "Karaganda Region" not in styles
    card = d.tables[0].cell(0, 0).paragraphs[0].runs[0]
    assert d.tables[0].cell(0, 1).text == "Karaganda" and not card.bold, "a table without a header row"
    assert d.tables[1].cell(1, 1).text == "186,080"
    assert len(d.inline_shapes) == 1
    assert "p{}" not in "".join(styles)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "kk"])
def test_the_town_docx_has_the_key_figures(tmp_path, lang):
    import docx

    out = tmp_path / "out"
    r = subprocess.run(
        [
            sys.executable,
            str(paths.ROOT / "run_all.py"),
            "--outputs",
            str(out),
            "--town",
            "temirtau",
            "--lang",
            lang,
            "--format",
            "docx",
            "--jobs",
            "1",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        cwd=paths.ROOT,
        env=dict(os.environ, PYTHONPATH=str(paths.ROOT / "lib")),
    )
    assert r.returncode == 0, r.stdout + r.stderr
    d = docx.Document(out / "towns" / lang / "temirtau.docx")
    cells = {c.text for t in d.tables for row in t.rows for c in row.cells}
    for kf in profile.key_figures("temirtau"):
        v = profile.value_text(kf, lang)
        assert any(c == v or (c.startswith(v) and c[len(v) :].isdigit()) for c in cells), v  # a footnote mark
    assert d.paragraphs[0].style.name == "Title", [p.text for p in d.paragraphs[:3]]
    headings = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert texts.t("town_h_keyfigures", lang) in headings
    assert len(d.inline_shapes) >= 5
    assert not (out / "reports").exists() or not list((out / "reports").rglob("*.docx"))
