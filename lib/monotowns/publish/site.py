"""The landing page ``index.html``: every report, chapters in order, towns by oblast, teaching
versions and the data files, in every language."""

from __future__ import annotations

import html
from pathlib import Path

from monotowns.data import towns
from monotowns.data.context import DEFAULT, Context
from monotowns.data.files import atomic_write_text
from monotowns.report import reproduce, texts

from .render import page

T = texts.t
#: The data files the build writes beside the reports.
DATA_FILES = ("manifest.csv", "manifest.md", "audit.md", "audit.csv", "errata.csv", "published_numbers.csv")


def _both(key: str) -> str:
    """A text in every language, joined with ' · '."""
    return " · ".join(T(key, lang) for lang in texts.LANGS)


def write_index(ctx: Context = DEFAULT) -> Path:
    """index.html under the context's outputs folder."""
    out_dir = ctx.outputs_dir

    def link(path: str, text: str) -> str:
        if not (out_dir / path).exists():
            return f"<span class='missing'>{html.escape(text)}</span>"
        return f'<a href="{html.escape(path)}">{html.escape(text)}</a>'

    head = "".join(f"<th>{html.escape(T('lang_name', lang))}</th>" for lang in texts.LANGS)
    parts = [
        "<h1>monotowns-kz</h1>",
        f"<p>{html.escape(_both('site_intro'))}</p>",
        f"<h2>{html.escape(_both('site_chapters'))}</h2><table><thead><tr><th></th>{head}</tr></thead><tbody>",
    ]
    for c in reproduce.chapters():
        name = " · ".join(T(f"{reproduce.chapter_key(c)}_title", lang) for lang in texts.LANGS)
        cells = "".join(
            f"<td>{link(f'reports/{lang}/{c}.html', 'HTML')} · {link(f'reports/{lang}/{c}.pdf', 'PDF')}</td>"
            for lang in texts.LANGS
        )
        parts.append(f"<tr><td>{html.escape(name)}</td>{cells}</tr>")
    parts.append(f"</tbody></table><h2>{html.escape(_both('site_towns'))}</h2>")
    by_oblast: dict[str, list[dict]] = {}
    for t in towns.registry():
        by_oblast.setdefault(t["oblast_en"], []).append(t)
    for oblast in sorted(by_oblast):
        ts = by_oblast[oblast]
        parts.append(f"<h3>{html.escape(' · '.join(ts[0][f'oblast_{lang}'] for lang in texts.LANGS))}</h3><ul>")
        for t in ts:
            i = t["city_id"]
            links = " · ".join(
                f"{link(f'towns/{lang}/{i}.html', f'{lang} HTML')} · {link(f'towns/{lang}/{i}.pdf', 'PDF')}"
                for lang in texts.LANGS
            )
            names = " / ".join(dict.fromkeys(t[f"name_{lang}"] for lang in texts.LANGS))
            parts.append(f"<li>{html.escape(names)}: {links}</li>")
        parts.append("</ul>")
    teach_dir = out_dir / "teaching"
    teach = sorted(teach_dir.rglob("*.html")) if teach_dir.exists() else []
    if teach:
        parts.append(f"<h2>{html.escape(_both('site_teaching'))}</h2><ul>")
        for p in teach:
            rel = str(p.relative_to(out_dir))
            parts.append(f"<li>{link(rel, rel)} · {link(rel[:-5] + '.pdf', 'PDF')}</li>")
        parts.append("</ul>")
    parts.append(
        f"<h2>{html.escape(_both('site_data'))}</h2><ul>"
        + "".join(f"<li>{link(f, f)}</li>" for f in DATA_FILES)
        + "</ul>"
    )
    out = out_dir / "index.html"
    atomic_write_text(out, page("".join(parts), title="monotowns-kz", lang=texts.SOURCE_LANG))
    return out
