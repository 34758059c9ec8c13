"""Benchmark the build against a naive baseline, all measured in one run on this machine.

    python benchmarks/bench_build.py            # all reports (takes a while)
    python benchmarks/bench_build.py --sample 6 # the first N reports only (quicker)

(a) naive: for each report, the ``papermill`` CLI, then ``jupyter nbconvert --to html`` CLI,
    then the ``weasyprint`` CLI, one after another;
(b) ``run_all.py`` cold (empty outputs);
(c) ``run_all.py`` with nothing changed;
(d) ``run_all.py`` after touching one town's data (a Balkhash cell of T14, restored afterwards).
Prints wall times and the ratios a/b and a/c. Each measurement uses its own temporary outputs
folder; the project's data are restored even if the run is interrupted.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
BIN = Path(PY).parent


def run(cmd: list[str], env: dict | None = None) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def jobs_for(sample: int | None):
    sys.path.insert(0, str(ROOT / "lib"))
    from monotowns.publish import build

    jobs = build.all_jobs()
    return jobs[:sample] if sample else jobs


def naive(jobs, out: Path) -> float:
    out.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    for j in jobs:
        nb = out / f"{j.kind}-{j.lang}-{j.name}.ipynb"
        params = []
        for k, v in j.params:
            v = str(out / "side") if k == "outputs" else v
            params += ["-p", k, str(v)] if not isinstance(v, bool) else ["-y", f"{k}: {str(v).lower()}"]
        subprocess.run(
            [
                str(BIN / "papermill"),
                str(ROOT / "notebooks" / j.notebook),
                str(nb),
                *params,
                "--cwd",
                str(ROOT / "notebooks"),
                "--no-progress-bar",
            ],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        subprocess.run(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(nb)],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        subprocess.run(
            [str(BIN / "weasyprint"), str(nb.with_suffix(".html")), str(nb.with_suffix(".pdf"))],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sample", type=int, help="only the first N reports (same N for a and b)")
    args = ap.parse_args()
    jobs = jobs_for(args.sample)
    town_args = []
    if args.sample:
        # run_all builds towns selected by --town; chapters are always in a full build, so the sample
        # mode restricts both sides to the same town reports
        jobs = [j for j in jobs if j.kind == "town"][: args.sample]
        for t in dict.fromkeys(j.name for j in jobs):
            town_args += ["--town", t]
    n = len(jobs)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    print(f"reports: {n}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        a = naive(jobs, tmp / "naive")
        print(f"(a) naive papermill → nbconvert → weasyprint CLIs, sequential: {a:8.1f} s")
        env = dict(os.environ)
        cmd = [PY, str(ROOT / "run_all.py"), "--outputs", str(tmp / "fast"), "--quiet", *town_args]
        b = run(cmd, env)
        print(f"(b) run_all.py cold:                                          {b:8.1f} s")
        c = run(cmd, env)
        print(f"(c) run_all.py, nothing changed:                              {c:8.2f} s")
        t14 = ROOT / "data" / "tables" / "T14.csv"
        backup = tmp / "T14.csv"
        shutil.copy2(t14, backup)
        try:
            text = t14.read_text(encoding="utf-8")
            old = 'T14,balkhash,Балқаш,fixed_assets_wear,2017,"37,2",37.2'
            t14.write_text(text.replace(old, old.replace('"37,2",37.2', '"37,3",37.3')), encoding="utf-8")
            d = run(cmd + ([] if town_args else []), env)
        finally:
            shutil.copy2(backup, t14)
        print(f"(d) run_all.py after touching one Balkhash cell of T14:        {d:8.1f} s")
        print(f"a/b = {a / b:.1f}x    a/c = {a / c:.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
