"""Check every report of a build as a reader would (monotowns.publish.pagecheck): words outside
the text area, placeholders, words in another language's letters, untagged PDFs, heading order,
empty header cells, page heads, and claims in words against the data package.

    python scripts/check_pages.py [OUTPUTS] [--json FILE]

Prints one line per fault and a count per check; exits 1 if any fault was found.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from monotowns.publish import pagecheck


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outputs", nargs="?", default=str(Path(__file__).resolve().parents[1] / "outputs"))
    ap.add_argument("--json", help="write the faults as JSON to this file too")
    args = ap.parse_args(argv)
    out = Path(args.outputs)
    if not out.is_dir():
        print(f"check_pages: error: {out} is not a folder of built reports", file=sys.stderr)
        return 2

    def progress(i: int, n: int) -> None:
        print(f"\rchecked {i}/{n} reports", end="", file=sys.stderr, flush=True)

    faults = pagecheck.check_outputs(out, progress=progress)
    print(file=sys.stderr)
    for f in faults:
        print(f)
    if args.json:
        Path(args.json).write_text(pagecheck.to_json(faults), encoding="utf-8")
    n = len(pagecheck.report_files(out))
    print(f"{n} reports checked, {len(faults)} faults: {pagecheck.summary(faults) or 'none'}", file=sys.stderr)
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main())
