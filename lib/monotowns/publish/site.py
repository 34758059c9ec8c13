"""The landing page, one per language (``index.html`` in Kazakh, ``index-ru.html``,
``index-en.html``): what each kind of report holds, the data's years and coverage, a map of the
27 towns that links every town's report (inline SVG, no script), the key figures of the 27, and
every report, teaching version and data file with its title in the page's language."""

from __future__ import annotations

import html
import math
from pathlib import Path

import pandas as pd

from monotowns import data
from monotowns.data import towns
from monotowns.data.context import DEFAULT, Context
from monotowns.data.files import atomic_write_text
from monotowns.report import texts

from . import nav
from .render import page

T = texts.t
esc = html.escape
#: The data files the build writes beside the reports, with the catalogue key of what each holds.
DATA_FILES = {
    "manifest.md": "site_file_manifest",
    "manifest.csv": "site_file_manifest",
    "audit.md": "site_file_audit",
    "audit.csv": "site_file_audit",
    "errata.csv": "site_file_errata",
    "published_numbers.csv": "site_file_numbers",
}


# ---------------------------------------------------------------- the map


def _project(lon: float, lat: float, box: tuple[float, float, float, float], width: float) -> tuple[float, float]:
    """Equirectangular, shrunk in longitude by the cosine of the middle latitude."""
    lon0, lon1, lat0, lat1 = box
    k = width / ((lon1 - lon0) * math.cos(math.radians((lat0 + lat1) / 2)))
    return ((lon - lon0) * math.cos(math.radians((lat0 + lat1) / 2)) * k, (lat1 - lat) * k)


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


#: Where a label may go relative to its dot (dx, dy of the text anchor; the SVG text-anchor).
_SLOTS = [
    (7, 4, "start"),
    (-7, 4, "end"),
    (0, -8, "middle"),
    (0, 15, "middle"),
    (7, -6, "start"),
    (-7, -6, "end"),
    (7, 13, "start"),
    (-7, 13, "end"),
    (10, -14, "start"),
    (-10, -14, "end"),
    (10, 22, "start"),
    (-10, 22, "end"),
]


def label_boxes(points: list[dict], font: float = 10.0) -> list[dict]:
    """Place each label at the first slot where its box (estimated from the text's length) overlaps
    no dot and no label already placed; points are dicts with x, y, r, label. Returns the points
    with ``lx, ly, anchor, box``."""
    dots = [(p["x"] - p["r"], p["y"] - p["r"], p["x"] + p["r"], p["y"] + p["r"]) for p in points]
    placed: list[tuple[float, float, float, float]] = []
    out = []
    for p in sorted(points, key=lambda q: (q["y"], q["x"])):
        w, h = 0.6 * font * len(p["label"]), font
        choice = None
        for dx, dy, anchor in _SLOTS:
            x0 = p["x"] + dx - {"start": 0, "middle": w / 2, "end": w}[anchor]
            box = (x0, p["y"] + dy - 0.8 * h, x0 + w, p["y"] + dy + 0.2 * h)
            if not any(_overlaps(box, o) for o in placed + dots):
                choice = (dx, dy, anchor, box)
                break
        if choice is None:
            dx, dy, anchor = _SLOTS[0]
            choice = (dx, dy, anchor, (p["x"] + dx, p["y"] + dy - 0.8 * h, p["x"] + dx + w, p["y"] + dy + 0.2 * h))
        placed.append(choice[3])
        out.append({**p, "lx": p["x"] + choice[0], "ly": p["y"] + choice[1], "anchor": choice[2], "box": choice[3]})
    return out


def _geometry() -> tuple[tuple[float, float, float, float], float, float]:
    outline = data.load("kz-outline")
    box = (
        float(outline["lon"].min()) - 0.5,
        float(outline["lon"].max()) + 0.5,
        float(outline["lat"].min()) - 0.5,
        float(outline["lat"].max()) + 0.5,
    )
    width = 800.0
    return box, width, _project(box[0], box[2], box, width)[1]


def map_points(lang: str) -> list[dict]:
    """The 27 towns in the map's coordinates, with their labels placed (``label_boxes``)."""
    box, width, _ = _geometry()
    coords = data.load("town-coords").set_index("city_id")
    k8 = set(towns.karaganda_ids())
    pts = []
    for t in towns.registry():
        i = t["city_id"]
        x, y = _project(float(coords.loc[i, "lon"]), float(coords.loc[i, "lat"]), box, width)
        pts.append({"id": i, "x": x, "y": y, "r": 5.0 if i in k8 else 3.5, "label": t[f"name_{lang}"]})
    return label_boxes(pts)


def map_svg(lang: str, href) -> str:
    """The 27 towns on Kazakhstan's outline, each dot and label a link (``href(city_id)``);
    Karaganda's 8 drawn larger. Drawn in layers: the outline, the oblast boundaries (Natural Earth
    admin-1, the 14 oblasts before 2022, the sources' years), the towns."""
    from monotowns.report import charts

    box, width, height = _geometry()

    def points(xs, ys) -> str:
        return " ".join("{:.1f},{:.1f}".format(*_project(lo, la, box, width)) for lo, la in zip(xs, ys, strict=True))

    rings = [
        f'<polygon points="{points(xs, ys)}" fill="#f2f2ee" stroke="#888" stroke-width="0.8"/>'
        for xs, ys in charts.geography("kz-outline")
    ]
    lines = [
        f'<polyline points="{points(xs, ys)}" fill="none" stroke="#bbb" stroke-width="0.6"/>'
        for xs, ys in charts.geography("kz-oblasts")
    ]
    k8 = set(towns.karaganda_ids())
    marks = []
    for p in map_points(lang):
        colour = "#D55E00" if p["id"] in k8 else "#0072B2"
        marks.append(
            f'<a href="{esc(href(p["id"]))}"><title>{esc(p["label"])}</title>'
            f'<circle cx="{p["x"]:.1f}" cy="{p["y"]:.1f}" r="{p["r"]}" fill="{colour}" '
            'stroke="#fff" stroke-width="0.8"/>'
            f'<text x="{p["lx"]:.1f}" y="{p["ly"]:.1f}" text-anchor="{p["anchor"]}" '
            f'font-size="10">{esc(p["label"])}</text></a>'
        )
    return (
        f'<svg class="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" role="group" '
        f'aria-label="{esc(T("site_map_title", lang))}" font-family="DejaVu Sans, sans-serif">'
        # the map's links reach assistive technology (role "img" hid them); the outline and
        # the oblast boundaries are decoration
        f'<g class="layer-outline" aria-hidden="true">{"".join(rings)}</g>'
        f'<g class="layer-oblasts" aria-hidden="true">{"".join(lines)}</g>'
        f'<g class="layer-towns">{"".join(marks)}</g></svg>'
    )


# ---------------------------------------------------------------- the key figures


def key_figures(lang: str) -> pd.DataFrame:
    """Per town, as printed (Table 6 of the dissertation; the article's Table A1 for the
    specialisation): population 2017 and 2021, the printed change, unemployment 2021, the
    specialisation (2014), and whether a Table 6 cell of the town is in the errata."""
    t6 = data.numeric_table("T6")
    a1 = data.load("a1")
    errata = data.load("errata")
    bad = set(errata.loc[errata["table"] == "T6", "city_id"].dropna())

    def value(city: str, indicator: str, year=None):
        r = t6[(t6["city_id"] == city) & (t6["indicator"] == indicator)]
        if year is not None:
            r = r[r["year"] == year]
        return float(r["value"].iloc[0]) if len(r) and pd.notna(r["value"].iloc[0]) else None

    rows = []
    for t in towns.registry():
        i = t["city_id"]
        spec = a1[(a1["city_id"] == i) & (a1["indicator"] == "specialisation")]["value_raw"]
        rows.append(
            {
                "city_id": i,
                "pop_2017": value(i, "population", 2017),
                "pop_2021": value(i, "population", 2021),
                "change_pct": value(i, "population_change_pct"),
                "unemployment_2021": value(i, "unemployment_rate_pct", 2021),
                "specialisation": texts.source_text("A1", "value_raw", spec.iloc[0], lang) if len(spec) else "",
                "erratum": i in bad,
            }
        )
    return pd.DataFrame(rows)


def _key_table(lang: str, href) -> str:
    kf = key_figures(lang)
    cols = [
        "site_col_town",
        "site_col_oblast",
        "site_col_pop17",
        "site_col_pop21",
        "site_col_change",
        "site_col_unemp",
        "site_col_spec",
    ]
    num = {2, 3, 4, 5}
    head = "".join(
        f"<th scope=col{' class=num' if k in num else ''}>{esc(T(c, lang))}</th>" for k, c in enumerate(cols)
    )
    body = []
    k8 = set(towns.karaganda_ids())
    order = sorted(
        kf.to_dict("records"),
        key=lambda r: (
            nav.collate(texts.oblast_name(r["city_id"], lang), lang),
            nav.collate(texts.town_name(r["city_id"], lang), lang),
        ),
    )
    for r in order:
        i = r["city_id"]
        mark = " †" if r["erratum"] else ""
        sign = "+" if (r["change_pct"] or 0) > 0 else ""
        name = esc(texts.town_name(i, lang)) + (" *" if i in k8 else "")
        cells = [
            f'<th scope="row"><a href="{esc(href(i))}">{name}</a></th>',
            f"<td>{esc(texts.oblast_name(i, lang))}</td>",
            f'<td class="num">{esc(texts.fmt_number(r["pop_2017"], lang, 0))}</td>',
            f'<td class="num">{esc(texts.fmt_number(r["pop_2021"], lang, 0))}</td>',
            f'<td class="num">{sign}{esc(texts.fmt_number(r["change_pct"], lang))}{mark}</td>',
            f'<td class="num">{esc(texts.fmt_number(r["unemployment_2021"], lang, 1))}</td>',
            f"<td>{esc(r['specialisation'])}</td>",
        ]
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f"<table class='keyfig'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        f"<p class='note'>{esc(T('site_keyfig_note', lang))}</p>"
    )


# ---------------------------------------------------------------- the page


def landing_html(lang: str, out_dir: Path) -> str:
    """The landing page's body in ``lang``."""

    def link(path: str, text: str, text_lang: str = "") -> str:
        attr = f' lang="{text_lang}"' if text_lang else ""
        if not (out_dir / path).exists():
            return f"<span class='missing'{attr}>{esc(text)}</span>"
        return f'<a href="{esc(path)}"{attr}>{esc(text)}</a>'

    def others(folder: str, name: str) -> str:
        links = [link(f"{folder}/{o}/{name}.html", T("lang_name", o), o) for o in texts.LANGS if o != lang]
        return f"<span class='other-langs'>{' · '.join(links)}</span>"

    def town_href(i: str) -> str:
        return f"towns/{lang}/{i}.html"

    method = ", ".join(texts.town_name(i, lang) for i in ("temirtau", "balkhash", "karazhal"))
    parts = [
        f"<h1>{esc(T('report_title', lang))}</h1>",
        f"<p class='intro'>{esc(T('site_intro', lang))}</p>",
        f"<h2>{esc(T('site_kinds_title', lang))}</h2><dl class='kinds'>",
    ]
    for k in ("chapters", "towns", "teaching", "audit"):
        parts.append(f"<dt>{esc(T(f'site_kind_{k}_title', lang))}</dt><dd>{esc(T(f'site_kind_{k}', lang))}</dd>")
    parts.append("</dl>")
    parts.append(f"<h2>{esc(T('site_coverage_title', lang))}</h2><p>{esc(T('site_coverage', lang, method=method))}</p>")
    parts.append(f"<h2 id='map'>{esc(T('site_map_title', lang))}</h2>{map_svg(lang, town_href)}")
    parts.append(f"<p class='note'>{esc(T('site_map_note', lang))}</p>")
    parts.append(f"<h2 id='towns'>{esc(T('site_keyfig_title', lang))}</h2>{_key_table(lang, town_href)}")
    parts.append(f"<h3>{esc(T('site_town_reports', lang))}</h3><ul>")
    for oblast, ts in nav.towns_by_oblast(lang):
        entries = []
        for t in ts:
            i = t["city_id"]
            pdf = link(f"towns/{lang}/{i}.pdf", "PDF")
            entries.append(f"{link(town_href(i), t[f'name_{lang}'])} ({pdf}; {others('towns', i)})")
        items = " · ".join(entries)
        parts.append(f"<li><b>{esc(oblast)}</b>: {items}</li>")
    parts.append("</ul>")
    parts.append(f"<h2 id='chapters'>{esc(T('site_chapters', lang))}</h2><ul>")
    for c in nav.chapters():
        parts.append(
            f"<li>{link(f'reports/{lang}/{c}.html', nav.chapter_title(c, lang))} · "
            f"{link(f'reports/{lang}/{c}.pdf', 'PDF')} · {others('reports', c)}</li>"
        )
    parts.append("</ul>")
    teach_dir = out_dir / "teaching" / lang
    teach = sorted(p.stem for p in teach_dir.glob("*.html")) if teach_dir.exists() else []
    parts.append(f"<h2 id='teaching'>{esc(T('site_teaching', lang))}</h2>")
    if teach:
        parts.append("<ul>")
        for name in teach:
            parts.append(
                f"<li>{link(f'teaching/{lang}/{name}.html', nav.teaching_title(name, lang))} · "
                f"{link(f'teaching/{lang}/{name}.pdf', 'PDF')} · {others('teaching', name)}</li>"
            )
        parts.append("</ul>")
    else:
        parts.append(f"<p class='missing'>{esc(T('site_not_built', lang))}</p>")
    parts.append(f"<h2 id='data'>{esc(T('site_data', lang))}</h2><ul>")
    for f, key in DATA_FILES.items():
        parts.append(f"<li>{link(f, f)} — {esc(T(key, lang))}</li>")
    parts.append("</ul>")
    return "".join(parts)


def write_index(ctx: Context = DEFAULT) -> Path:
    """The landing pages under the context's outputs folder; returns ``index.html``."""
    out_dir = ctx.outputs_dir
    for lang in texts.LANGS:
        name = nav.landing(lang)
        atomic_write_text(
            out_dir / name,
            page(
                landing_html(lang, out_dir),
                title="monotowns-kz — " + T("report_title", lang),
                lang=lang,
                nav=nav.header(name, lang),
                footer="monotowns-kz",
            ),
        )
    return out_dir / nav.landing(texts.SOURCE_LANG)
