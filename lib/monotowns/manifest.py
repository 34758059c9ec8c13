"""The replication manifest (one row per source table and figure) and the landing page.

``rows()`` is built from the reproducer registry alone, so the README's list of tables and
figures can be generated without a build; ``write()`` adds the output files a build made.
"""

from __future__ import annotations

import csv
import html
import io
from pathlib import Path

from . import labels, paths, reproduce, towns
from .io import atomic_write_text

COLUMNS = ["id", "caption_kk", "caption_en", "notebook", "cell_tag", "status", "reason", "outputs"]


def _outputs(e: reproduce.Entry, langs) -> list[str]:
    out = []
    for lang in langs:
        out += [f"outputs/reports/{lang}/{e.notebook}.html", f"outputs/reports/{lang}/{e.notebook}.pdf"]
        if e.kind == "table":
            out.append(f"outputs/tables/{lang}/{e.sid}.csv")
        elif e.status != "not_reproducible":
            out.append(f"outputs/figures/{lang}/{e.sid}.png")
    return out


def rows(langs=("kk", "en")) -> list[dict]:
    """One row per source id: caption (kk as published, en ours), notebook, tag, status, reason, outputs."""
    return [
        {
            "id": e.sid,
            "caption_kk": labels.caption(e.sid, "kk"),
            "caption_en": labels.caption(e.sid, "en"),
            "notebook": f"notebooks/{e.notebook}.ipynb",
            "cell_tag": e.sid,
            "status": e.status,
            "reason": e.reason,
            "outputs": ";".join(_outputs(e, langs)),
        }
        for e in reproduce.registry().values()
    ]


def write(langs=("kk", "en")) -> Path:
    """outputs/manifest.csv and manifest.md."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows(langs))
    atomic_write_text(paths.OUTPUTS_DIR / "manifest.csv", buf.getvalue())
    atomic_write_text(paths.OUTPUTS_DIR / "manifest.md", "# Replication manifest\n\n" + markdown() + "\n")
    return paths.OUTPUTS_DIR / "manifest.csv"


def markdown() -> str:
    """The list of tables and figures as a Markdown table (for the README)."""
    out = [
        "| id | caption (English; Kazakh as published in the manifest) | notebook (cell tag = id) | status | note |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in rows():
        cap = r["caption_en"].split(" – ", 1)[-1].replace("|", "/")
        out.append(f"| {r['id']} | {cap} | `{r['notebook']}` | {r['status']} | {r['reason'].replace('|', '/')} |")
    return "\n".join(out)


def write_index() -> Path:
    """outputs/index.html: every report, chapters in order, towns grouped by oblast, both languages."""
    from .build import CHAPTERS

    def link(path: str, text: str) -> str:
        p = paths.OUTPUTS_DIR / path
        if not p.exists():
            return f"<span class='missing'>{html.escape(text)}</span>"
        return f'<a href="{html.escape(path)}">{html.escape(text)}</a>'

    parts = [
        "<h1>monotowns-kz</h1>",
        "<p>Моноқалалар туралы диссертация мен мақаланың қайта жасалған есептері · "
        "Reproduced reports of the dissertation and the article on Kazakhstan's mono-towns</p>",
        "<h2>Тараулар · Chapters</h2><table><thead><tr><th></th><th>Қазақша</th><th>English</th></tr></thead><tbody>",
    ]
    for c in CHAPTERS:
        key = "nb_" + c.split("_")[0] + ("_" + c.split("_")[1] if c[:2] in ("02", "03") else "")
        try:
            name = labels.t(f"{key}_title", "en")
        except Exception:  # noqa: BLE001
            name = c
        parts.append(
            f"<tr><td>{html.escape(name)}</td>"
            f"<td>{link(f'reports/kk/{c}.html', 'HTML')} · {link(f'reports/kk/{c}.pdf', 'PDF')}</td>"
            f"<td>{link(f'reports/en/{c}.html', 'HTML')} · {link(f'reports/en/{c}.pdf', 'PDF')}</td></tr>"
        )
    parts.append("</tbody></table><h2>Моноқалалар · Mono-towns</h2>")
    by_oblast: dict[str, list[dict]] = {}
    for t in towns.registry():
        by_oblast.setdefault(t["oblast_en"], []).append(t)
    for oblast in sorted(by_oblast):
        ts = by_oblast[oblast]
        parts.append(f"<h3>{html.escape(ts[0]['oblast_kk'])} · {html.escape(oblast)}</h3><ul>")
        for t in ts:
            i = t["city_id"]
            parts.append(
                f"<li>{html.escape(t['name_kk'])} / {html.escape(t['name_en'])}: "
                f"{link(f'towns/kk/{i}.html', 'kk HTML')} · {link(f'towns/kk/{i}.pdf', 'PDF')} · "
                f"{link(f'towns/en/{i}.html', 'en HTML')} · {link(f'towns/en/{i}.pdf', 'PDF')}</li>"
            )
        parts.append("</ul>")
    teach = (
        sorted((paths.OUTPUTS_DIR / "teaching").rglob("*.html")) if (paths.OUTPUTS_DIR / "teaching").exists() else []
    )
    if teach:
        parts.append("<h2>Оқыту · Teaching</h2><ul>")
        for p in teach:
            rel = str(p.relative_to(paths.OUTPUTS_DIR))
            parts.append(f"<li>{link(rel, rel)} · {link(rel[:-5] + '.pdf', 'PDF')}</li>")
        parts.append("</ul>")
    parts.append(
        "<h2>Деректер · Data</h2><ul>"
        + "".join(
            f"<li>{link(f, f)}</li>"
            for f in (
                "manifest.csv",
                "manifest.md",
                "audit.md",
                "audit.csv",
                "errata.csv",
                "published_numbers.csv",
            )
        )
        + "</ul>"
    )
    from .render import page

    out = paths.OUTPUTS_DIR / "index.html"
    atomic_write_text(out, page("".join(parts), title="monotowns-kz", lang="kk"))
    return out
