"""The replication manifest: one row per source table and figure.

``rows()`` is built from the reproducer registry alone (so the README's list of tables and
figures can be generated without a build); ``write()`` writes it under the outputs folder,
always for every language and every item, whatever subset a build made.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from monotowns.data.context import DEFAULT, Context
from monotowns.data.files import atomic_write_all
from monotowns.report import items, texts


def columns() -> list[str]:
    """The manifest's columns: id, a caption per language, notebook, tag, status, reason, outputs."""
    return ["id", *(f"caption_{lang}" for lang in texts.LANGS), "notebook", "cell_tag", "status", "reason", "outputs"]


def _outputs(e: items.Entry) -> list[str]:
    out = []
    for lang in texts.LANGS:
        out += [f"outputs/reports/{lang}/{e.notebook}.html", f"outputs/reports/{lang}/{e.notebook}.pdf"]
        out += [f"outputs/{p}" for p in items.item_outputs(e, lang)]
    return out


def rows() -> list[dict]:
    """One row per source id: captions (kk as published, the others ours), notebook, tag,
    status, reason, outputs."""
    return [
        {
            "id": e.sid,
            **{f"caption_{lang}": texts.caption(e.sid, lang) for lang in texts.LANGS},
            "notebook": f"notebooks/{e.notebook}.ipynb",
            "cell_tag": e.sid,
            "status": e.status,
            "reason": e.reason,
            "outputs": ";".join(_outputs(e)),
        }
        for e in items.registry().values()
    ]


def write(ctx: Context = DEFAULT) -> Path:
    """manifest.csv and manifest.md under the context's outputs folder."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, columns(), lineterminator="\n")
    w.writeheader()
    w.writerows(rows())
    atomic_write_all(  # both or neither
        {
            ctx.outputs_dir / "manifest.csv": buf.getvalue().encode(),
            ctx.outputs_dir / "manifest.md": ("# Replication manifest\n\n" + markdown() + "\n").encode(),
        },
        only_changed=True,
    )
    return ctx.outputs_dir / "manifest.csv"


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
