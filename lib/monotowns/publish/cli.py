"""The ``monotowns`` command.

    monotowns export [--out FILE]     every published number of both sources as one CSV
    monotowns validate                validate the whole data package
    monotowns descriptor [--check]    regenerate (or check) data/datapackage.json
    monotowns town NAME               resolve a town name or spelling variant to its id
    monotowns assess FILE | --published   the author's method for your towns
    monotowns audit [--out DIR]       every inconsistency of the sources

Errors of ours print one line, ``monotowns: error: ...``, and exit with status 2;
no traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from monotowns.data import context, paths
from monotowns.data.context import LANGS
from monotowns.data.errors import MonotownsError
from monotowns.data.files import atomic_write_bytes

from . import exits


def _out_option(value: str | None, option: str) -> Path | None:
    """The path an --out option names; an empty one is an error (not standard output)."""
    if value is None:
        return None
    if not value.strip():
        raise MonotownsError(f"option {option}: the file name is empty")
    return Path(value)


def _export(args: argparse.Namespace) -> int:
    from monotowns.data import export
    from monotowns.data.files import atomic_write_text, write_target

    out = _out_option(args.out, "--out FILE")
    if out is not None:
        write_target(out)  # refuse a directory, FIFO or device before the work, not after
    text = export.to_csv_text(export.published_numbers())
    if out is not None:
        atomic_write_text(out, text)
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _update_template(args: argparse.Namespace) -> int:
    import csv
    import io

    from monotowns.data import towns, updates
    from monotowns.data.files import atomic_write_text, write_target

    out = _out_option(args.out, "--out FILE")
    if out is not None:
        write_target(out)
    town = towns.resolve(args.town)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=updates.COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(updates.template_rows(town))
    if out is not None:
        atomic_write_text(out, buf.getvalue())
        print(
            f"wrote {args.out}: fill in the empty rows and run: python run_all.py --update {args.out}", file=sys.stderr
        )
    else:
        sys.stdout.write(buf.getvalue())
    return 0


def _validate(args: argparse.Namespace) -> int:
    from monotowns import data

    names = data.validate_all(Path(args.package) if args.package else None)
    print(f"valid: {len(names)} resources")
    return 0


def _descriptor(args: argparse.Namespace) -> int:
    from monotowns.data import descriptor
    from monotowns.publish import readme

    if args.check:
        package = context.current().datapackage
        written = package.read_text(encoding="utf-8") if package.exists() else ""
        if written != descriptor.render():
            raise MonotownsError("data/datapackage.json is out of date; run 'monotowns descriptor'")
        print("data/datapackage.json is up to date")
    else:
        print(f"wrote {descriptor.write()}")
        if readme.update():
            print("updated the dataset list in README.md")
    return 0


def _town(args: argparse.Namespace) -> int:
    from monotowns.data import towns

    print(towns.resolve(args.name))
    return 0


def _assess(args: argparse.Namespace) -> int:
    import json

    from monotowns.method import assess
    from monotowns.report import console

    if args.published and args.file:
        raise MonotownsError("give either FILE or --published, not both")
    if args.published:
        results = assess.assess_published()
    elif args.file:
        inputs, fmt = assess.read_inputs_file(Path(args.file))
        if not fmt.plain:  # say how an unusual file was read, so a wrong guess cannot pass unseen
            print(f"monotowns: read {args.file} as {fmt.describe()}", file=sys.stderr)
        results = [assess.assess(x) for x in inputs]
    else:
        raise MonotownsError("give an inputs FILE (see data/assess_template.csv) or --published")
    if args.json:
        try:  # strict JSON: a non-finite number is an error of ours, never 'Infinity'
            text = json.dumps([assess.to_json_obj(a) for a in results], ensure_ascii=False, indent=2, allow_nan=False)
        except ValueError as e:
            raise MonotownsError(f"cannot write JSON: {e}") from None
        print(text)
    else:
        print("\n\n".join(console.assessment_text(a, args.lang) for a in results))
    return 0


def _audit(args: argparse.Namespace) -> int:
    from monotowns.method import audit
    from monotowns.report import texts

    csv_path, md_path = audit.write(_out_option(args.out, "--out DIR"))
    df = audit.audit()
    kinds = ", ".join(
        f"{texts.t('audit_kind_' + k.replace(':', '_'), args.lang)} {n}"
        for k, n in df["kind"].value_counts().sort_index().items()
    )
    print(texts.t("cli_audit_summary", args.lang, n=len(df), kinds=kinds))
    print(f"wrote {csv_path}\nwrote {md_path}")
    return 0


def _texts(args) -> int:
    from monotowns.report import pofiles, texts

    if args.stale:
        for f, line, key, now in texts.stale_translations():
            print(f"data/{f}, line {line} ({key}): the Kazakh changed; check ru and en, then set kk_sha to {now}")
        return 0
    if args.po:
        body = pofiles.export(args.po)
        if args.out:
            atomic_write_bytes(Path(args.out), body)
            print(f"wrote {args.out}")
        else:
            sys.stdout.buffer.write(body)
        return 0
    for line in pofiles.update(Path(args.update)) or ["nothing changed"]:
        print(line)
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
    a = sub.add_parser(
        "assess",
        help="assess towns with the author's method (indices, grades, scenario scores)",
        description="Assess towns with the dissertation's method (chapter 3.2). FILE has one row per "
        "town with the method's raw inputs (template and column meanings: data/assess_template.csv, "
        "data/assess_template.md). Prints each indicator's value and grade, the scenario scores and "
        "the recommended scenario(s); for the three towns the dissertation assessed also the "
        "published values, grades and scores. --json prints a list, one object per town: "
        '{"town", "indicators": {"TDm": {"value", "class", "published", "published_class"}, ...}, '
        '"scores", "scores_from_published_classes", "recommended"}.',
    )
    a.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="inputs CSV: UTF-8 (BOM or not) or UTF-16 with BOM; comma-, semicolon- or tab-separated; "
        "decimal point or comma (see data/assess_template.md)",
    )
    a.add_argument("--published", action="store_true", help="the dissertation's three towns")
    a.add_argument("--json", action="store_true", help="JSON instead of text")
    a.add_argument("--lang", default="kk", choices=LANGS, help="language of the text output (default: kk)")
    a.set_defaults(func=_assess)
    au = sub.add_parser(
        "audit",
        help="write every inconsistency of the sources (CSV and Markdown)",
        description="Write audit.csv and audit.md: every inconsistency found in the sources — the "
        "data errata and the method's (formula vs printed value, grade vs scale, grades printed "
        "differently, scores vs the selection matrix, the author's conclusions vs the scores).",
    )
    au.add_argument("--out", metavar="DIR", help="folder to write into (default: outputs/)")
    au.add_argument("--lang", default="kk", choices=LANGS, help="language of the summary (default: kk)")
    au.set_defaults(func=_audit)
    ut = sub.add_parser(
        "update-template",
        help="a filled-in start of an update file for one town: each measure's latest published value "
        "and year (kept as a reference) and an empty row for the next year (see data/update_template.md)",
    )
    ut.add_argument("--town", required=True, help="registry id or any spelling of one of the 27 mono-towns")
    ut.add_argument("--out", metavar="FILE", help="file to write (default: standard output)")
    ut.set_defaults(func=_update_template)
    sub.add_parser(
        "build",
        help="build the reports: the same command as run_all.py, with the same options (monotowns build --help)",
        add_help=False,
    )
    tx = sub.add_parser(
        "texts",
        help="the translations as gettext catalogues, for a proofreader's tool (Poedit, Weblate)",
        description="--po LANG writes every translation into LANG as a PO catalogue (msgid the Kazakh "
        "text, msgctxt where it is used, the file and line as a reference; a translation whose Kazakh "
        "changed since it was made is fuzzy). --update FILE writes a proofread catalogue back into "
        "data/texts*.csv and data/translations/*.csv; a message no longer fuzzy marks its row as "
        "checked against the Kazakh. --stale lists the stale translations.",
    )
    what = tx.add_mutually_exclusive_group(required=True)
    what.add_argument("--po", metavar="LANG", choices=LANGS, help="write the catalogue of LANG")
    what.add_argument("--update", metavar="FILE", help="read a proofread catalogue back")
    what.add_argument("--stale", action="store_true", help="list the translations made from an older Kazakh text")
    tx.add_argument("--out", metavar="FILE", help="with --po: file to write (default: standard output)")
    tx.set_defaults(func=_texts)
    t = sub.add_parser("town", help="resolve a town name or spelling variant to its registry id")
    t.add_argument("name")
    t.set_defaults(func=_town)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["build"]:  # the build has its own options (``monotowns.publish.command``)
        from . import command

        return command.run(argv[1:], "monotowns build")
    parser = build_parser()
    args = parser.parse_args(argv)

    def work() -> int:
        paths.require_project()
        return args.func(args)

    return exits.guarded("monotowns", work)


if __name__ == "__main__":
    sys.exit(main())
