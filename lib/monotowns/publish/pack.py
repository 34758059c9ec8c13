"""The course pack: one zip per language of the teaching versions (the student's PDFs, the
notebook to open in Jupyter), with no clock in it.
"""

from __future__ import annotations

import io
from pathlib import Path

from monotowns.data import context
from monotowns.data.context import DEFAULT, LANGS, Context
from monotowns.data.files import atomic_write_bytes

from .jobs import FOLDERS, teaching_jobs

#: Zip entries get this time stamp, so the same inputs give the same zip.
_ZIP_TIME = (2022, 1, 1, 0, 0, 0)


def pack_path(lang: str, ctx: Context = DEFAULT) -> Path:
    """Where the course pack of a language is written."""
    return ctx.outputs_dir / FOLDERS["teaching"] / "pack" / f"monotowns-teaching-{lang}.zip"


def _jupyter_notebook(params: dict) -> bytes:
    """notebooks/teaching.ipynb with its parameters set, without outputs, ready for Jupyter."""
    import nbformat

    nb = nbformat.read(context.current().notebooks_dir / "teaching.ipynb", as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    lines = []
    for line in cell.source.splitlines():
        name = line.split("=", 1)[0].strip()
        if name in params:
            comment = line[line.index("#") :] if "#" in line else ""
            line = f"{name} = {params[name]!r}  {comment}".rstrip()
        lines.append(line)
    cell.source = "\n".join(lines)
    if "lang" in params:  # the pack is per language: its notebook opens in the student's language
        from monotowns.report import texts

        head = next(c for c in nb.cells if c.cell_type == "markdown")
        lang = params["lang"]
        head.source = f"# {texts.t('tch_nb_title', lang)}\n\n{texts.t('tch_nb_howto', lang)}"
    return nbformat.writes(nb).encode()


def write_teaching_pack(ctx: Context = DEFAULT, langs: tuple[str, ...] = LANGS) -> list[Path]:
    """One zip per language for the teacher (the teaching jobs' PDFs must be built): the student
    and instructor PDFs, the notebooks ready for Jupyter (parameters set, no outputs), the blank
    assess template, the dissertation's inputs as an example, and the one-page guide."""
    import zipfile

    from monotowns import method
    from monotowns.report import teaching, texts

    from . import render

    written = []
    for lang in langs:
        files: dict[str, bytes] = {}
        for j in teaching_jobs(ctx, (lang,)):
            p = dict(j.params)
            version = "instructor" if p["answers"] else "student"
            files[f"{version}/{j.name}.pdf"] = j.out("pdf").read_bytes()
            nb = {"town": p["town"], "lang": lang, "answers": p["answers"], "interactive": True, "inputs": ""}
            files[f"notebooks/teaching-{j.name}.ipynb"] = _jupyter_notebook(nb)
        cols = method.Inputs.columns()
        files["my_town.csv"] = (",".join(cols) + "\nmy_town" + "," * (len(cols) - 1) + "\n").encode()
        files["example_inputs.csv"] = (ctx.data_dir / "assess_template.csv").read_bytes()
        title = texts.t("tch_guide_title", lang)
        page = render.page(teaching.guide(lang).html, title=title, lang=lang, footer="monotowns-kz — " + title)
        files["guide.pdf"] = render.pdf_bytes(page)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name in sorted(files):
                info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                z.writestr(info, files[name])
        out = pack_path(lang, ctx)
        atomic_write_bytes(out, buf.getvalue())
        written.append(out)
    return written
