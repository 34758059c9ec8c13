"""Build everything: ``python run_all.py`` (the README's build command runs it).

For now it validates the data package and writes, under outputs/, the export
of every published number, the errata table and the audit (CSV and Markdown). The
chapter notebooks and town reports are added by later work (issues 4 and 5).
"""

from __future__ import annotations

import sys

from monotowns import audit, data, errata, export, paths
from monotowns.errors import MonotownsError
from monotowns.io import atomic_write_text


def main() -> int:
    try:
        names = data.validate_all()
        print(f"[1/4] data package valid: {len(names)} resources", flush=True)
        out = paths.OUTPUTS_DIR / "published_numbers.csv"
        atomic_write_text(out, export.to_csv_text(export.published_numbers()))
        print(f"[2/4] wrote {out.relative_to(paths.ROOT)}", flush=True)
        out = paths.OUTPUTS_DIR / "errata.csv"
        atomic_write_text(out, errata.find_all().to_csv(index=False, lineterminator="\n"))
        print(f"[3/4] wrote {out.relative_to(paths.ROOT)}", flush=True)
        csv_path, md_path = audit.write()
        print(f"[4/4] wrote {csv_path.relative_to(paths.ROOT)} and {md_path.name}", flush=True)
    except MonotownsError as e:
        print(f"run_all: error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
