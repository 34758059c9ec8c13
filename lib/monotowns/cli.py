"""The ``monotowns`` command.

    monotowns export [--out FILE]     every published number of both sources as one CSV
    monotowns validate                validate the whole data package
    monotowns descriptor [--check]    regenerate (or check) data/datapackage.json
    monotowns town NAME               resolve a town name or spelling variant to its id

Errors of ours print one line, ``monotowns: error: ...``, and exit with status 2;
no traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import MonotownsError


def _export(args: argparse.Namespace) -> int:
    from . import export
    from .io import atomic_write_text

    text = export.to_csv_text(export.published_numbers())
    if args.out:
        atomic_write_text(Path(args.out), text)
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _validate(args: argparse.Namespace) -> int:
    from . import data

    names = data.validate_all(Path(args.package) if args.package else None)
    print(f"valid: {len(names)} resources")
    return 0


def _descriptor(args: argparse.Namespace) -> int:
    from . import descriptor, paths

    if args.check:
        current = paths.DATAPACKAGE.read_text(encoding="utf-8") if paths.DATAPACKAGE.exists() else ""
        if current != descriptor.render():
            raise MonotownsError("data/datapackage.json is out of date; run 'monotowns descriptor'")
        print("data/datapackage.json is up to date")
    else:
        print(f"wrote {descriptor.write()}")
        if descriptor.update_readme():
            print("updated the dataset list in README.md")
    return 0


def _town(args: argparse.Namespace) -> int:
    from . import towns

    print(towns.resolve(args.name))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="monotowns", description="Mono-towns of Kazakhstan: data package, export and checks."
    )
    sub = p.add_subparsers(dest="command", required=True)
    e = sub.add_parser(
        "export",
        help="write every published number of both sources as one CSV",
        description="Write one CSV of every published numeric cell of both sources, "
        "columns: source,table,city_id,indicator,year,value_raw,value,unit,line.",
    )
    e.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    e.set_defaults(func=_export)
    v = sub.add_parser("validate", help="validate every resource of the data package")
    v.add_argument("--package", metavar="DATAPACKAGE_JSON", help="another descriptor to validate")
    v.set_defaults(func=_validate)
    d = sub.add_parser(
        "descriptor",
        help="regenerate data/datapackage.json (and the README's dataset list) from the data files",
    )
    d.add_argument("--check", action="store_true", help="only check that it is up to date")
    d.set_defaults(func=_descriptor)
    t = sub.add_parser("town", help="resolve a town name or spelling variant to its registry id")
    t.add_argument("name")
    t.set_defaults(func=_town)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except MonotownsError as e:
        print(f"monotowns: error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except OSError as e:  # unwritable --out, missing folder, full disk ...
        where = f" {e.filename}" if getattr(e, "filename", None) else ""
        print(f"monotowns: error:{where}: {e.strerror or e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
