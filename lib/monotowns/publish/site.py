"""The landing page, one per language (``index.html`` in Kazakh, ``index-ru.html``,
``index-en.html``): what each kind of report holds, the data's years and coverage, a map of the
27 towns that links every town's report (inline SVG, no script), the key figures of the 27, and
every report, teaching version and data file with its title in the page's language."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from monotowns import data
from monotowns.data import towns
from monotowns.data.context import DEFAULT, Context
from monotowns.data.files import atomic_write_all
from monotowns.report import page, texts

from . import nav, render

T = texts.t
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

    k8 = set(towns.karaganda_ids())
    marks = [
        {**p, "href": href(p["id"]), "colour": "#D55E00" if p["id"] in k8 else "#0072B2"} for p in map_points(lang)
    ]
    return render.template(
        "map.svg.j2",
        width=width,
        height=height,
        label=T("site_map_title", lang),
        rings=[points(xs, ys) for xs, ys in charts.geography("kz-outline")],
        lines=[points(xs, ys) for xs, ys in charts.geography("kz-oblasts")],
        marks=marks,
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


def _key_table(lang: str, href) -> list:
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
    head = [T(c, lang) for c in cols]
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
        name = texts.town_name(i, lang) + (" *" if i in k8 else "")
        body.append(
            [
                page.Link(name, href(i)),
                texts.oblast_name(i, lang),
                texts.fmt_number(r["pop_2017"], lang, 0),
                texts.fmt_number(r["pop_2021"], lang, 0),
                f"{sign}{texts.fmt_number(r['change_pct'], lang)}{mark}",
                texts.fmt_number(r["unemployment_2021"], lang, 1),
                r["specialisation"],
            ]
        )
    table = page.Table(head, body, "keyfig", num=frozenset({2, 3, 4, 5}))
    return [table, page.note(T("site_keyfig_note", lang))]


# ---------------------------------------------------------------- the page


def landing_html(lang: str, out_dir: Path) -> str:
    """The landing page's body in ``lang`` (blocks of the page model, ``report.page``)."""

    def link(path: str, text: str, text_lang: str | None = None) -> page.Link:
        """A link to a built file; a file not built is named without a link."""
        return page.Link(text, path if (out_dir / path).exists() else None, lang=text_lang)

    def others(folder: str, name: str) -> page.Span:
        links = [link(f"{folder}/{o}/{name}.html", T("lang_name", o), o) for o in texts.LANGS if o != lang]
        return page.Span(page.join(links, " · "), cls="other-langs")

    def town_href(i: str) -> str | None:
        """The town's report, where it was built (a partial build links no page it did not make)."""
        path = f"towns/{lang}/{i}.html"
        return path if (out_dir / path).exists() else None

    def with_pdf(folder: str, name: str, title: str):
        """A report's title as a link, its PDF and the same report in the other languages."""
        base = f"{folder}/{lang}/{name}"
        return page.join([link(f"{base}.html", title), link(f"{base}.pdf", "PDF"), others(folder, name)], " · ")

    method = ", ".join(texts.town_name(i, lang) for i in ("temirtau", "balkhash", "karazhal"))
    kinds = [
        (T(f"site_kind_{k}_title", lang), T(f"site_kind_{k}", lang)) for k in ("chapters", "towns", "teaching", "audit")
    ]
    town_items = []
    for oblast, ts in nav.towns_by_oblast(lang):
        entries = [
            [
                link(f"towns/{lang}/{t['city_id']}.html", t[f"name_{lang}"]),
                " (",
                link(f"towns/{lang}/{t['city_id']}.pdf", "PDF"),
                "; ",
                others("towns", t["city_id"]),
                ")",
            ]
            for t in ts
        ]
        town_items.append([page.Strong(oblast), ": ", page.join(entries, " · ")])
    teach_dir = out_dir / "teaching" / lang
    teach = sorted(p.stem for p in teach_dir.glob("*.html")) if teach_dir.exists() else []
    if teach:  # the students' versions; the instructor's (every answer) only in the course pack
        teaching = page.Items([with_pdf("teaching", n, nav.teaching_title(n, lang)) for n in teach])
    else:
        teaching = page.Para(T("site_not_built", lang), "missing")
    pack = out_dir / "teaching" / "pack" / f"monotowns-teaching-{lang}.zip"
    if pack.exists():
        teaching = [teaching, page.Items([link(f"teaching/pack/{pack.name}", T("site_pack", lang))])]
    teaching = [teaching, page.note(T("site_pack_note", lang))]
    blocks = [
        page.Heading(T("report_title", lang), 1),
        page.Para(T("site_intro", lang), "intro"),
        page.Heading(T("site_kinds_title", lang), 2),
        page.Terms(kinds, "kinds"),
        page.Heading(T("site_coverage_title", lang), 2),
        page.Para(T("site_coverage", lang, method=method)),
        page.Heading(T("site_map_title", lang), 2, "map"),
        map_svg(lang, town_href),
        page.note(T("site_map_note", lang)),
        page.Heading(T("site_keyfig_title", lang), 2, "towns"),
        _key_table(lang, town_href),
        page.Heading(T("site_town_reports", lang), 3),
        page.Items(town_items),
        own_towns(lang, out_dir),
        page.Heading(T("site_chapters", lang), 2, "chapters"),
        page.Items([with_pdf("reports", c, nav.chapter_title(c, lang)) for c in nav.chapters()]),
        page.Heading(T("site_teaching", lang), 2, "teaching"),
        teaching,
        page.Heading(T("site_data", lang), 2, "data"),
        page.Items([[link(f, f), f" — {T(key, lang)}"] for f, key in DATA_FILES.items()]),
    ]
    return str(page.join(blocks))


def own_towns(lang: str, out_dir: Path) -> list:
    """The reports of towns outside the registry that an analyst's inputs file made
    (``run_all.py --inputs``), so that they are linked from somewhere."""
    folder = out_dir / "towns" / lang
    known = set(towns.town_ids())
    own = sorted(p for p in folder.glob("*.html") if p.stem not in known) if folder.is_dir() else []
    if not own:
        return []
    items = [page.Link(p.stem, f"towns/{lang}/{p.name}") for p in own]
    return [page.Heading(T("site_own_towns", lang), 3), page.Items(items)]


def write_index(ctx: Context = DEFAULT) -> Path:
    """The landing pages under the context's outputs folder; returns ``index.html``."""
    out_dir = ctx.outputs_dir
    pages = {}
    for lang in texts.LANGS:
        name = nav.landing(lang)
        pages[out_dir / name] = render.page(
            landing_html(lang, out_dir),
            title="monotowns-kz — " + T("report_title", lang),
            lang=lang,
            nav=nav.header(name, lang),
            footer="monotowns-kz",
        ).encode()
    atomic_write_all(pages, only_changed=True)  # the three or none (a full disk); unchanged: untouched
    return out_dir / nav.landing(texts.SOURCE_LANG)
