"""Executed notebook → HTML report without code → PDF (WeasyPrint, A4, DejaVu fonts).

The HTML is self-contained (styles inline, images as data URIs, no script, no
CDN), so a report displays fully offline. Nothing in it depends on the clock:
the same notebook gives byte-identical HTML and PDF.
"""

from __future__ import annotations

import html
import re

import nbformat

CSS = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm;
        @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #666; } }
@page wide { size: A4 landscape; }
html { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; color: #111; }
body { margin: 0 auto; max-width: 60rem; padding: 0 1rem; line-height: 1.35; }
h1 { font-size: 16pt; margin: 0.2em 0 0.4em; }
h3 { font-size: 11pt; margin: 1.2em 0 0.4em; }
h4 { margin: 0.4em 0; }
p.intro { font-size: 10pt; }
p.note, p.source, p.status { font-size: 8pt; color: #444; margin: 0.2em 0; }
p.status { color: #8a4b00; font-weight: bold; }
p.missing { color: #8a4b00; }
table { border-collapse: collapse; width: 100%; margin: 0.3em 0; font-size: 8pt; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
th, td { border: 0.5pt solid #bbb; padding: 2pt 4pt; vertical-align: top; text-align: left;
         overflow-wrap: anywhere; hyphens: auto; }
thead th { background: #eef3f8; overflow-wrap: normal; hyphens: manual; }
tbody th { font-weight: normal; background: #fafafa; min-width: 6em; overflow-wrap: normal; hyphens: none; }
td ul, td ol { margin: 0; padding-left: 1.1em; }
figure { margin: 0.4em 0; page-break-inside: avoid; break-inside: avoid; }
img { max-width: 100%; height: auto; }
section.item { margin-bottom: 1em; }
section.wide { page: wide; }
.swot-q { border: 0.5pt solid #bbb; padding: 0.3em 0.8em; margin: 0.4em 0; }
.swot-q li { margin: 0.1em 0; }
.box { border: 0.8pt solid #0072B2; padding: 0.4em 0.8em; margin: 0.6em 0; background: #f4f8fc; }
nav.toc a { display: inline-block; margin-right: 0.8em; }
footer { font-size: 7.5pt; color: #666; margin-top: 2em; border-top: 0.5pt solid #ccc; }
.jp-OutputArea-output pre, pre { white-space: pre-wrap; font-size: 7.5pt; }
"""


def notebook_body(nb: nbformat.NotebookNode) -> str:
    """The notebook's outputs as HTML (no code, no prompts, no hidden cells)."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    nb = nbformat.from_dict(nb)
    nb.metadata.pop("widgets", None)  # widget state is for live Jupyter sessions, not for reports
    trp = TagRemovePreprocessor(remove_cell_tags=("hide",), enabled=True)
    nb, _ = trp.preprocess(nb, {})
    nb.cells = [c for c in nb.cells if c.cell_type == "code"]
    ex = HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        anchor_link_text="",
    )
    body, _ = ex.from_notebook_node(nb)
    return body


def page(body: str, *, title: str, lang: str, footer: str = "") -> str:
    """A complete, self-contained HTML page."""
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n"
        f"<footer>{footer}</footer>\n</body>\n</html>\n"
    )


def title_of(nb: nbformat.NotebookNode, default: str) -> str:
    """The first <h1> the notebook's outputs show."""
    for c in nb.cells:
        for o in c.get("outputs", []):
            h = o.get("data", {}).get("text/html", "")
            m = re.search(r"<h1>(.*?)</h1>", "".join(h) if isinstance(h, list) else h, re.S)
            if m:
                return html.unescape(re.sub("<[^>]+>", "", m.group(1)))
    return default


def pdf_bytes(html_text: str) -> bytes:
    """The HTML page as PDF (WeasyPrint); no dates in the metadata, so it is reproducible."""
    import weasyprint

    doc = weasyprint.HTML(string=html_text, base_url=None)
    return doc.write_pdf(uncompressed_pdf=False)
