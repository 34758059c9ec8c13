"""Load and validate the data package (``data/datapackage.json``).

Every load validates: first against the Frictionless schema (types, required
cells, enums, ranges, primary keys), then against the package's own sanity
rules (see ``sanity_errors``). On the first problem one ``DataValidationError``
names the file, the row (as a spreadsheet numbers it: header = row 1) and the
column; nothing half-loaded is ever returned.
"""

from __future__ import annotations

import functools
import json
import os
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import cells, context, files, recorder, towns
from .descriptor import NUMERIC_TABLES
from .errors import DataValidationError, UnknownTownError
from .files import package_fingerprint

_NUM_TOKEN = re.compile(r"\d+(?:[ \u00a0]\d{3})*(?:[,.]\d+)?")


@lru_cache(maxsize=4)
def _descriptor(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        raise DataValidationError(f"cannot read the descriptor: {e}", file=path) from None


def datapackage(path: Path | None = None) -> dict:
    """The data package descriptor as a dict."""
    return _descriptor(str(path or context.current().datapackage))


def resource_descriptor(name: str, package: Path | None = None) -> dict:
    """The descriptor of one resource, by resource name ('t6') or table id ('T6')."""
    for r in datapackage(package)["resources"]:
        if (
            r["name"] == name
            or (r.get("table_id") == name and r.get("kind") == "numeric")
            or (r.get("table_id") == name and r["name"] == name.lower())
        ):
            return r
    raise DataValidationError(
        f"no resource named {name!r} in the data package", file=str(package or context.current().datapackage)
    )


def _frictionless_check(res: dict, basepath: Path) -> None:
    import frictionless

    resource = frictionless.Resource(res, basepath=str(basepath))
    report = resource.validate()
    if report.valid:
        return
    err = report.tasks[0].errors[0] if report.tasks and report.tasks[0].errors else report.errors[0]
    row = getattr(err, "row_number", None)
    col = getattr(err, "field_name", None)
    raise DataValidationError(f"{err.title}: {err.note}", file=res["path"], row=row, column=col)


def _read_csv(path: Path, res: dict) -> pd.DataFrame:
    types = {f["name"]: f.get("type", "string") for f in res["schema"]["fields"]}
    dtype = {
        n: ("Int64" if t == "integer" else "float64" if t == "number" else "boolean" if t == "boolean" else "string")
        for n, t in types.items()
    }
    bool_cols = [n for n, t in types.items() if t == "boolean"]
    df = pd.read_csv(
        path,
        dtype={n: ("string" if d == "boolean" else d) for n, d in dtype.items()},
        keep_default_na=False,
        na_values=[""],
        encoding="utf-8",
    )
    truth = {"true": True, "false": False, "1": True, "0": False}
    for c in bool_cols:
        df[c] = df[c].str.lower().map(truth).astype("boolean")
    return df


def number_candidates(raw: str) -> set[float]:
    """Every number a published cell can be read as (used to check `value`)."""
    out: set[float] = set()
    try:
        out |= {abs(v) for v in cells.parse_parts(raw) if v is not None}
    except ValueError:
        pass
    if (c := cells.compound_amount(raw)) is not None:
        out.add(c)
    for tok in _NUM_TOKEN.findall(raw):
        for t in (tok, *re.split(r"[ \u00a0]", tok)):
            try:
                v = cells.parse_number(t)
            except ValueError:
                continue
            if v is not None:
                out.add(abs(v))
    return out


def sanity_errors(df: pd.DataFrame, res: dict) -> list[DataValidationError]:
    """The package's own rules, beyond the schema, for one loaded resource.

    - a town row's printed name (town_raw) resolves to its city_id;
    - `value` is a number that `value_raw` states (no silent correction);
    - a non-dash numeric cell left without `value` carries a note saying why;
    - `city_ids` lists registry ids or 'all';
    - in a numeric table, every indicator is described in the indicators
      resource and every value lies within that indicator's min/max.
    """
    errs: list[DataValidationError] = []
    file = res["path"]
    ind = None
    if res.get("kind") == "numeric":
        ind = indicators()
        ind = ind[ind["table"] == res["table_id"]].set_index("indicator")
    for i, r in enumerate(df.to_dict("records")):
        row = i + 2

        def err(col: str, msg: str, row: int = row) -> None:
            errs.append(DataValidationError(msg, file=file, row=row, column=col))

        tr, cid = r.get("town_raw"), r.get("city_id")
        if isinstance(tr, str) and tr and isinstance(cid, str) and cid not in towns.AGGREGATE_IDS:
            try:
                got = towns.resolve(tr)
            except UnknownTownError as e:
                err("town_raw", str(e))
            else:
                if got != cid:
                    err("city_id", f"town_raw {tr!r} is {got!r}, not {cid!r}")
        if isinstance(r.get("city_ids"), str):
            for c in r["city_ids"].split(";"):
                if c != "all" and c not in towns.town_ids():
                    err("city_ids", f"unknown town id {c!r}")
        if "value_raw" in r and "value" in r:
            raw, v = r["value_raw"], r["value"]
            if pd.notna(v):
                if abs(v) not in number_candidates(raw):
                    err("value", f"value {v!r} is not a number the printed cell {raw!r} states")
            elif ind is not None and r.get("indicator") in ind.index:
                kind = ind.loc[r["indicator"], "kind"]
                if (
                    kind == "number"
                    and cells.clean(raw) not in cells.DASHES
                    and not (isinstance(r.get("note"), str) and r["note"].strip())
                ):
                    err("value", f"the numeric cell {raw!r} has no value and no note saying why")
        if ind is not None:
            name = r.get("indicator")
            if name not in ind.index:
                err(
                    "indicator",
                    f"indicator {name!r} is not described in indicators.csv for {res['table_id']}",
                )
            elif pd.notna(r.get("value")):
                lo, hi = ind.loc[name, "min"], ind.loc[name, "max"]
                if (pd.notna(lo) and r["value"] < lo) or (pd.notna(hi) and r["value"] > hi):
                    err("value", f"{r['value']} is outside {lo}..{hi} allowed for {name}")
    return errs


_CACHE: dict[tuple, pd.DataFrame] = {}

#: Set by the build after it validated the whole package: the package's fingerprint. A report's
#: kernel that sees the same fingerprint skips the schema check (the rows' own rules still run).
VALIDATED_ENV = "MONOTOWNS_VALIDATED"


def _trusted(path: Path | None = None) -> bool:
    """True if the build told this process it validated this very package (``VALIDATED_ENV``
    holds the fingerprint of the current data folder) and, given ``path``, that the file is the
    version it validated: a load of it skips the schema check. Decided once per fingerprint told
    and folder, so that a process told after it first loaded (the build's own, once it has
    validated) trusts from then on; a file saved since is checked again (a process that lives
    on, as ``--watch``'s does, may load an edit before the build has validated it)."""
    stamps = _validated_stamps(os.environ.get(VALIDATED_ENV, ""), str(context.current().data_dir))
    return stamps is not None and (path is None or stamps.get(str(path)) == files.file_stamp(path))


@lru_cache(maxsize=8)
def _validated_stamps(want: str, data_dir: str) -> dict[str, tuple] | None:
    """The time and size of each file of the data folder if its fingerprint is ``want``, else
    None (taken before the fingerprint: a file saved meanwhile is not trusted)."""
    if not want:
        return None
    base = Path(data_dir)
    stamps = {str(p): files.file_stamp(p) for p in base.rglob("*") if p.is_file()}
    return stamps if want == package_fingerprint(base) else None


_trusted.cache_clear = _validated_stamps.cache_clear  # type: ignore[attr-defined]


def load_resource(res: dict, basepath: Path | None = None, *, sanity: bool = True) -> pd.DataFrame:
    """Validate and load one resource given its descriptor dict (validated once per process and
    file version; every call gets its own copy)."""
    base = Path(basepath or context.current().data_dir)
    path = base / res["path"]
    recorder.read(res["path"])
    try:
        st = path.stat()
        key = (str(path), st.st_mtime_ns, st.st_size, json.dumps(res, sort_keys=True), sanity)
    except OSError:
        key = None
    if key in _CACHE:
        return _CACHE[key].copy()
    df = _load_uncached(res, base, path, sanity)
    if key is not None:
        _CACHE[key] = df
    return df.copy()


def validate_resource(res: dict, basepath: Path | None = None) -> None:
    """Validate one resource in full (its schema, then its rows' own rules), whatever this
    process was told was validated before; raises on the first error."""
    base = Path(basepath or context.current().data_dir)
    _load_uncached(res, base, base / res["path"], True, trust=False)


def _load_uncached(res: dict, base: Path, path: Path, sanity: bool, trust: bool = True) -> pd.DataFrame:
    if not path.exists():
        raise DataValidationError("file not found", file=res["path"])
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise DataValidationError(f"cannot read: {e}", file=res["path"]) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raise DataValidationError("starts with a byte-order mark; save as UTF-8 without BOM", file=res["path"], row=1)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise DataValidationError(f"not UTF-8 text (byte {e.start})", file=res["path"], row=line) from None
    if not raw.strip():
        raise DataValidationError("the file is empty", file=res["path"])
    if not (trust and base == context.current().data_dir and _trusted(path)):
        _frictionless_check(res, base)
    df = _read_csv(path, res)
    if df.empty and res.get("kind") != "template":  # a template to fill in holds its header only
        raise DataValidationError("no rows, only a header", file=res["path"], row=2)
    if sanity and res.get("kind") != "second_keying":
        errs = sanity_errors(df, res)
        if errs:
            raise errs[0]
    return df


def preload() -> None:
    """Load every resource of the package into this process's cache, if the package is the one
    the build validated (``VALIDATED_ENV``); otherwise nothing. The build's warm kernel process
    calls it once, so the reports forked from it find their data loaded (each still gets its
    own copy; a file changed since is read again: the cache is keyed by its size and time)."""
    _trusted.cache_clear()  # decided in this environment, not in the one this process started in
    if not _trusted():
        _trusted.cache_clear()
        return
    for res in datapackage()["resources"]:
        load_resource(res)


def stamp(*names: str) -> tuple:
    """The time and size of the named resources' files: what is computed from them may be kept
    under this key (a file changed since gives another key)."""
    found = [resource_descriptor(n)["path"] for n in names]
    recorder.read(*found)  # what is kept under the stamp was read from them
    return tuple(files.file_stamp(context.current().data_dir / p) for p in found)


def kept(*resources: str, table_first: bool = False, reads=None):
    """Keep a function's results while the files of ``resources`` are unchanged (``stamp``), and
    those of the towns registry; ``table_first``: and of the table its first argument names;
    ``reads``: and of the resources ``reads(*args)`` names. A report asks the same few questions
    of the same tables hundreds of times. The results are shared: callers select from them,
    never assign into them."""

    def deco(fn):
        @lru_cache(maxsize=256)
        def cached(key, *args):
            return fn(*args)

        @functools.wraps(fn)
        def wrapper(*args):
            more = (args[0].lower(),) if table_first else ()
            more += tuple(reads(*args)) if reads is not None else ()
            return cached(stamp("towns", *resources, *more), *args)

        wrapper.cache_clear = cached.cache_clear
        return wrapper

    return deco


def load(name: str) -> pd.DataFrame:
    """Validated DataFrame of a resource, by name ('towns', 'errata', 't6', 'tb1') or table id."""
    return load_resource(resource_descriptor(name))


@context.per_data_folder
def indicators() -> pd.DataFrame:
    """The indicators resource: table, indicator, labels, unit, kind, min, max."""
    return load_resource(resource_descriptor("indicators"), sanity=False)


def numeric_table(table_id: str) -> pd.DataFrame:
    """One numeric table (T6, F20, A3, ...) in tidy long form, validated."""
    if table_id not in NUMERIC_TABLES:
        raise DataValidationError(f"{table_id!r} is not a numeric table; numeric tables: {', '.join(NUMERIC_TABLES)}")
    return load(table_id.lower())


def all_numeric() -> pd.DataFrame:
    """Every numeric table stacked, with a `source` column (diss / article)."""
    frames = []
    for t in NUMERIC_TABLES:
        res = resource_descriptor(t.lower())
        df = load_resource(res)
        df.insert(0, "source", res["source_file"])
        frames.append(df)
    return pd.concat(frames, ignore_index=True)


def validate_all(package: Path | None = None) -> list[str]:
    """Validate every resource of the package; the names checked. Raises on the first error."""
    done = []
    for res in datapackage(package)["resources"]:
        load_resource(res, Path(package).parent if package else None)
        done.append(res["name"])
    return done
