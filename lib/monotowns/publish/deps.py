"""What each report depends on, so that a report is rebuilt when — and only when — something it
shows changed.

A report's fingerprint hashes:

- its notebook and its parameters;
- the code it runs: the library modules its notebook imports, followed through every import
  (module level and inside functions) of the library's own modules — so an edit of the teaching
  code never makes a town report stale;
- the data it reads: for a chapter, the resources its cells' items and views declare
  (``publish.reads``: data/catalogue.csv's ``reads`` and data/reads.csv; tagged cells in the
  notebook say which items a chapter shows), with the
  errata and indicator labels cut to the tables the chapter shows; for a town report, the rows
  of every data file that concern the town and its ranks among the towns; for a teaching
  version, what the method reads;
- the versions of the packages that render reports, and Python's.

Within a build (``once_per_build``) every file is read, and every CSV parsed and grouped by
town, once, so the cost grows with the data, not with towns × rows.
"""

from __future__ import annotations

import ast
import contextlib
import csv
import hashlib
import io
import json
import logging
import sys
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

from monotowns.data import paths
from monotowns.data.context import Context

#: Packages whose versions change what a report looks like.
RENDERING_PACKAGES = (
    "pandas",
    "numpy",
    "matplotlib",
    "babel",
    "nbconvert",
    "nbformat",
    "papermill",
    "ipykernel",
    "weasyprint",
    "python-docx",  # the Word copy of the town reports (--format docx)
)


def sha(*parts: bytes) -> str:
    """SHA-256 over the SHA-256 of each part (so parts cannot run into each other)."""
    h = hashlib.sha256()
    for p in parts:
        h.update(hashlib.sha256(p).digest())
    return h.hexdigest()


# ---------------------------------------------------------------- code


def _module_file(name: str) -> Path | None:
    """The source file of a library module ('monotowns.report.tables'), or None if there is none."""
    if name != "monotowns" and not name.startswith("monotowns."):
        return None
    parts = name.split(".")[1:]
    if not parts:
        return paths.LIB_DIR / "__init__.py"
    rel = Path(*parts)
    for p in (paths.LIB_DIR / rel.with_suffix(".py"), paths.LIB_DIR / rel / "__init__.py"):
        if p.is_file():
            return p
    return None


def _module_name(path: Path) -> str:
    rel = path.relative_to(paths.LIB_DIR).with_suffix("")
    parts = ["monotowns", *rel.parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(tree: ast.AST, current: str, is_package: bool) -> set[str]:
    """Library modules a module's source names in import statements anywhere in it, and in
    ``importlib.import_module(".name", __name__)`` calls (the layers' lazy facades)."""
    base = current if is_package else current.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                pkg = base
                for _ in range(node.level - 1):
                    pkg = pkg.rpartition(".")[0]
                mod = f"{pkg}.{node.module}" if node.module else pkg
            else:
                mod = node.module or ""
            out.add(mod)
            out |= {f"{mod}.{a.name}" for a in node.names}
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and str(node.args[0].value).startswith(".")
        ):
            out.add(base + str(node.args[0].value) if is_package else current + str(node.args[0].value))
    return {m for m in out if _module_file(m) is not None}


@cache
def _module_imports(path: Path, mtime: int) -> frozenset[str]:
    name = _module_name(path)
    return frozenset(_imports(ast.parse(read(path)), name, path.name == "__init__.py"))


def code_closure(modules: Iterable[str]) -> list[Path]:
    """The source files of the given library modules and of everything they import, with the
    package ``__init__`` of each (Python runs those too), sorted."""
    todo, seen = list(modules), set()
    while todo:
        m = todo.pop()
        if m in seen or _module_file(m) is None:
            continue
        seen.add(m)
        parent = m.rpartition(".")[0]
        if parent:
            todo.append(parent)
        p = _module_file(m)
        todo += _module_imports(p, p.stat().st_mtime_ns)
    return sorted(_module_file(m) for m in seen)


def notebook_modules(nb_path: Path) -> set[str]:
    """The library modules a notebook's code cells import (none for a notebook that cannot be
    read — a merge conflict, a half-saved file: its own report fails when it runs, and names it;
    no other report is touched)."""
    try:
        nb = json.loads(read(nb_path).decode("utf-8"))
        cells = [c for c in nb["cells"] if isinstance(c, dict)]
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    out: set[str] = set()
    for c in cells:
        if c["cell_type"] != "code":
            continue
        try:
            tree = ast.parse("".join(c["source"]))
        except SyntaxError:
            continue  # a notebook with a broken cell fails at run time, not here
        out |= _imports(tree, "", False)
    return out


def code_hash(nb_path: Path) -> str:
    """Hash of the library code a notebook runs and of the rendering packages' versions."""

    def make():
        files = code_closure(notebook_modules(nb_path))
        # the templates of the packages whose code runs (report/templates: the page model's macros)
        folders = sorted({p.parent / "templates" for p in files if (p.parent / "templates").is_dir()})
        files = files + [t for d in folders for t in sorted(d.rglob("*")) if t.is_file()]
        parts = [str(p.relative_to(paths.LIB_DIR)).encode() + b"\0" + read(p) for p in files]
        return sha(*parts, environment().encode())

    return memo(("code", nb_path, paths.LIB_DIR), make)


#: The modules that turn an executed notebook into its HTML page, PDF and Word file; their code,
#: with the page templates and the stylesheet (``publish/templates``), is part of every report.
RENDER_MODULES = ("monotowns.publish.render", "monotowns.publish.nav", "monotowns.publish.docx")


def render_hash() -> str:
    """Hash of the code and templates that render every report (``RENDER_MODULES``): an edit of
    the stylesheet changes every PDF, so it makes every report stale."""

    def make():
        templates = paths.LIB_DIR / "publish" / "templates"
        files = code_closure(RENDER_MODULES) + sorted(p for p in templates.rglob("*") if p.is_file())
        return sha(*(str(p.relative_to(paths.LIB_DIR)).encode() + b"\0" + read(p) for p in files))

    return memo(("render", paths.LIB_DIR), make)


@lru_cache(maxsize=1)
def environment() -> str:
    """The versions of the packages that render reports, and Python's."""
    from importlib.metadata import PackageNotFoundError, version

    vers = []
    for pkg in RENDERING_PACKAGES:
        try:
            vers.append(f"{pkg}=={version(pkg)}")
        except PackageNotFoundError:
            vers.append(f"{pkg}==none")
    return "\n".join(vers + [sys.version])


# ---------------------------------------------------------------- files, once per build

#: The build's memo: file contents, parsed CSVs, towns' rows, code hashes (``once_per_build``);
#: None outside a build: then every call reads what it needs.
_memo: dict | None = None


@contextlib.contextmanager
def once_per_build():
    """Within this block every file is read (and every CSV parsed, every notebook's code hashed)
    at most once; the files are not expected to change meanwhile. Blocks may nest."""
    global _memo
    if _memo is not None:
        yield
        return
    _memo = {}
    try:
        yield
    finally:
        _memo = None


def memo(key: tuple, make):
    """``make()``, computed once per build for ``key`` (every time outside a build)."""
    if _memo is None:
        return make()
    if key not in _memo:
        _memo[key] = make()
    return _memo[key]


def _version(path: Path) -> tuple:
    """What tells one version of a file from another without reading it."""
    st = path.stat()
    return (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)


def read(path: Path) -> bytes:
    """The bytes of a file, read once per build (and per version of the file)."""
    return memo(("bytes", path, _version(path)), path.read_bytes)


def csv_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of a CSV data file, parsed once per build."""

    def parse():
        rows = list(csv.reader(io.StringIO(read(path).decode("utf-8"))))
        return (rows[0], rows[1:]) if rows else ([], [])

    return memo(("csv", path, _version(path)), parse)


def _file_bytes(path: Path) -> bytes:
    return read(path) if path.exists() else b"(missing)"


def _rows_where(path: Path, column: str, keep) -> bytes:
    """The header and the rows of a CSV whose ``column`` passes ``keep`` (all rows if the file
    has no such column)."""
    if not path.exists():
        return b"(missing)"
    head, rows = csv_rows(path)
    if column not in head:
        return read(path)
    i = head.index(column)
    return json.dumps([head] + [r for r in rows if i < len(r) and keep(r[i])], ensure_ascii=False).encode()


@lru_cache(maxsize=4)
def _resource_paths(descriptor_path: Path, mtime: int) -> dict[str, dict]:
    d = json.loads(read(descriptor_path).decode("utf-8"))  # read once per build, with the data files
    return {r["name"]: r for r in d["resources"]}


def resources(ctx: Context) -> dict[str, dict]:
    """Resource name → its descriptor entry, for the context's data package."""
    p = ctx.data_dir / "datapackage.json"
    return _resource_paths(p, p.stat().st_mtime_ns)


def data_hash(reads: Iterable[str], ctx: Context) -> str:
    """Hash of the data resources a report reads. A name ``x[shown]`` stands for the rows of
    resource ``x`` about the tables the report shows (the tables of the other reads); the whole
    file wins where both are read."""
    reads = list(dict.fromkeys(reads))
    res = resources(ctx)
    shown = {res[r].get("table_id") for r in reads if r in res and res[r].get("table_id")}
    parts = [_file_bytes(ctx.data_dir / "datapackage.json")]
    # the text catalogue is every texts*.csv file
    reads = [x for r in reads for x in ([r] + [n for n in res if n.startswith("texts-")] if r == "texts" else [r])]
    for r in reads:
        name, _, cut = r.partition("[")
        if cut and name in reads:
            continue
        path = ctx.data_dir / res[name]["path"]
        body = _rows_where(path, "table", lambda t: t in shown) if cut else _file_bytes(path)
        parts.append(name.encode() + b"\0" + body)
    return sha(*parts)


#: Values of a town column that stand for every town (or none): their rows concern every town.
_EVERY_TOWN = ("", "all", "karaganda_oblast")
#: The columns that name the town (or towns, ``a;b``) a row is about, in order of preference.
_TOWN_COLUMNS = ("city_id", "city_ids", "town")


#: Table files under data/ the descriptor does not name, said once per process.
_skipped: set[Path] = set()
#: Files of these kinds under data/ are data only where the descriptor names them.
_TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xls", ".ods", ".json")


def _data_files(ctx: Context) -> list[Path]:
    """The files of the data package that reports read: the descriptor and the resources it
    names, and the package's other documents (README, the template's notes). A table file the
    descriptor does not name (an analyst's inputs saved beside the template, in any encoding)
    is not data: it is skipped, and said so once."""

    def make():
        named = {(ctx.data_dir / r["path"]).resolve() for r in resources(ctx).values()}
        named.add((ctx.data_dir / "datapackage.json").resolve())
        found = sorted(x for x in ctx.data_dir.rglob("*") if x.is_file() and "sources" not in x.parts)
        out = []
        for x in found:
            if x.suffix.lower() in _TABLE_SUFFIXES and x.resolve() not in named:
                if x not in _skipped:
                    _skipped.add(x)
                    logging.getLogger("monotowns").warning(
                        "skipped %s: not a resource of %s", x, ctx.data_dir / "datapackage.json"
                    )
                continue
            out.append(x)
        return out

    return memo(("files", ctx.data_dir), make)


def _by_town(path: Path) -> tuple[str, list[int], dict[str, list[int]]] | None:
    """A CSV's town column, the indexes of its rows about every town, and of each town's rows
    (None if it has no town column); once per build."""

    def group():
        head, rows = csv_rows(path)
        col = next((c for c in _TOWN_COLUMNS if c in head), None)
        if col is None:
            return None
        i = head.index(col)
        every: list[int] = []
        own: dict[str, list[int]] = {}
        for n, r in enumerate(rows):
            if i >= len(r):
                continue
            if r[i] in _EVERY_TOWN:
                every.append(n)
            else:
                for t in dict.fromkeys([r[i], *r[i].split(";")]):
                    own.setdefault(t, []).append(n)
        return col, every, own

    return memo(("by-town", path, _version(path)), group)


def town_data_hash(town: str, ranks: dict, ctx: Context) -> str:
    """Hash of every data row that concerns one town (rows of files without a town column are
    kept whole; rows of the oblast, of all towns or of no town are kept too), and its ranks.
    The rows are grouped by town once per build, so each town costs only its own rows."""
    parts = []
    for p in _data_files(ctx):
        rel = str(p.relative_to(ctx.data_dir)).encode()
        grouped = _by_town(p) if p.suffix == ".csv" else None
        if grouped is None:
            parts.append(rel + b"\0" + read(p))
            continue
        _, every, own = grouped
        head, rows = csv_rows(p)
        keep = sorted(every + own.get(town, []))
        parts.append(rel + b"\0" + json.dumps([head] + [rows[n] for n in keep], ensure_ascii=False).encode())
    return sha(*parts, json.dumps(ranks, sort_keys=True, default=str).encode())


def input_files(ctx: Context) -> list[Path]:
    """Every file a report follows from: the data package's files, the library's code and
    templates, the notebooks (what ``all_inputs_hash`` hashes and ``run_all.py --watch`` watches)."""
    templates = [t for d in sorted(paths.LIB_DIR.rglob("templates")) for t in sorted(d.rglob("*")) if t.is_file()]
    code = sorted(paths.LIB_DIR.rglob("*.py")) + templates
    return _data_files(ctx) + code + sorted(ctx.notebooks_dir.glob("*.ipynb"))


def all_inputs_hash(ctx: Context) -> str:
    """One hash of every input of every report: data files, library code, notebooks, versions
    (for the build's 'nothing changed' fast path; reads every file once, parses none)."""
    return sha(*[str(p).encode() + b"\0" + read(p) for p in input_files(ctx)], environment().encode())
