"""Build everything: ``python run_all.py`` (the README's build command runs it).

Validates the data package; writes the export of every published number, the errata and the
audit; executes every chapter notebook and every town report in Kazakh and English into HTML
and PDF (parallel, incremental, isolated failures, atomic, deterministic); then writes the
replication manifest and the landing page ``outputs/index.html``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="run_all.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--town", action="append", metavar="ID", help="build only this town's report (repeatable)")
    p.add_argument("--lang", choices=None, metavar="kk|en", help="only this language")
    p.add_argument("--format", default="html,pdf", metavar="html,pdf", help="output formats (default: html,pdf)")
    p.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="parallel workers (default: the number of cores)",
    )
    p.add_argument("--force", action="store_true", help="rebuild even what is up to date")
    p.add_argument("--list", action="store_true", help="list what would be built, build nothing")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    from monotowns import build, labels, paths, towns

    # refuse bad options before anything runs
    valid = towns.town_ids()
    for t in args.town or []:
        if t not in valid:
            print(f"run_all: error: unknown town id {t!r}; valid ids: {', '.join(valid)}", file=sys.stderr)
            return 2
    if args.lang and args.lang not in labels.LANGS:
        print(
            f"run_all: error: unknown language {args.lang!r}; valid: {', '.join(labels.LANGS)}",
            file=sys.stderr,
        )
        return 2
    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    bad = [f for f in formats if f not in build.FORMATS]
    if bad or not formats:
        print(f"run_all: error: unknown format {','.join(bad) or '(none)'}; valid: html,pdf", file=sys.stderr)
        return 2
    if args.jobs < 1:
        print("run_all: error: --jobs must be at least 1", file=sys.stderr)
        return 2
    langs = (args.lang,) if args.lang else labels.LANGS
    jobs = build.all_jobs(towns=args.town, langs=langs)
    if args.list:
        for j in jobs:
            fp = build.fingerprint(j)
            state = "up to date" if build.up_to_date(j, formats, fp) else "to build"
            print(f"{j.key}\t{state}")
        return 0
    t0 = time.perf_counter()
    if not args.force and build.nothing_to_do(jobs, formats):
        print(f"nothing changed: {len(jobs)} reports up to date ({time.perf_counter() - t0:.2f} s)")
        return 0
    from monotowns import audit, data, errata, export, manifest
    from monotowns.errors import MonotownsError
    from monotowns.io import atomic_write_text

    try:
        names = data.validate_all()
        print(f"data package valid: {len(names)} resources", flush=True)
        # the reports' kernels need not validate again what was just validated
        os.environ[data.VALIDATED_ENV] = data.package_fingerprint()
        atomic_write_text(paths.OUTPUTS_DIR / "published_numbers.csv", export.to_csv_text(export.published_numbers()))
        atomic_write_text(paths.OUTPUTS_DIR / "errata.csv", errata.find_all().to_csv(index=False, lineterminator="\n"))
        audit.write()
    except MonotownsError as e:
        print(f"run_all: error: {e}", file=sys.stderr)
        return 2
    results = build.build(jobs, formats=formats, workers=args.jobs, force=args.force, progress=not args.quiet)
    manifest.write(langs)
    manifest.write_index()
    if all(r.ok for r in results):
        build.mark_complete(jobs, formats)
    print(build.summary(results))
    print(f"done in {time.perf_counter() - t0:.1f} s; open {paths.OUTPUTS_DIR / 'index.html'}")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
