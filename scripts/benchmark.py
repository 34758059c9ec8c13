"""Benchmark the build, everything measured in one run on this machine.

    python scripts/benchmark.py                 # naive chain on a sample of 6 reports, the rest on all
    python scripts/benchmark.py --sample 3 --towns 4   # a few minutes: 3 naive reports, 4 towns
    python scripts/benchmark.py --fresh         # also a cold build with a new kernel per report
    python scripts/benchmark.py --compare DIR   # also a cold build with the code of another checkout

(a) naive: per report, the ``papermill`` CLI, then ``jupyter nbconvert --to html``, then the
    ``weasyprint`` CLI, one after another (on ``--sample`` reports spread over every kind and
    language; the per-report mean times the number of reports gives the estimate for all);
(b) ``run_all.py --format html,pdf`` cold (empty outputs), every report in every language (or,
    with ``--towns``, the first N towns' reports only): the formats the naive chain writes (the
    default adds a town report's Word copy, workbook and CSVs);
(c) ``run_all.py`` again with nothing changed (the time the program itself reports);
(d) ``run_all.py`` after touching one Balkhash cell of Table 14;
(e) the floor: the cold build's own record of each report's cell execution, HTML and PDF time
    (``.cache/*.json``), summed and divided by the workers — what a build that paid the imports
    once and nothing else would take;
(f) with ``--fresh``: (b) with ``--fresh-kernels`` (a new kernel process per report), for the
    gain of the warm workers in the same run;
(h) one report on its own, as an analyst builds it (Balkhash, English, HTML and PDF): the naive
    chain for that report, ``run_all.py --town balkhash --lang en --format html,pdf`` into a new
    folder (one-town cold), the same with ``--force`` into that folder again (every chart
    drawn, nothing validated), and the same after an edit of the Balkhash cell of Table 14
    (the analyst's loop: Table 14 validated again, the exports and landing pages made again,
    the charts that read Table 14 drawn again, the others kept); ``--no-one`` skips it;
    The floor of the last, in a new process: a new Python importing what the report's kernel
    imports and making the warm process's warm-up calls, plus the report's own cells, HTML and
    PDF after the edit (its stamp) — the serial work of any build that starts a new process;
(w) the edit loop (``--watch-edits N``, default 3; 0 skips it): ``run_all.py --town balkhash
    --lang en --format html,pdf --watch`` keeps its workers; the Balkhash cell of Table 14 is
    edited N times, and each edit is timed from the file's write to the watch's "round done"
    line, beside that round's own cells + HTML + PDF seconds (the report's stamp); (h) and (w)
    give medians over ``--one-runs`` naive runs and the N rounds;
(g) with ``--compare DIR``: a cold build of another checkout as it is — its library, notebooks,
    run_all.py and data, into its own outputs folder (``git worktree add /tmp/old 47e39e7``, say:
    the two-language build the build issue measured, whose run_all.py has no --outputs).

Everything runs from a temporary copy of the project (library, data, notebooks, run_all.py):
the touched cell is touched in the copy; the project's files are never modified. Prints seconds
and ratios; tests never assert times.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
BIN = Path(PY).parent
CELL = 'T14,balkhash,Балқаш,fixed_assets_wear,2017,"37,2",37.2'


def checkout(dst: Path, src: Path = ROOT) -> Path:
    """A copy of what the build reads: library, data, notebooks, run_all.py."""
    dst.mkdir(parents=True)
    for d in ("lib", "data", "notebooks"):
        shutil.copytree(src / d, dst / d, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    shutil.copy2(src / "run_all.py", dst / "run_all.py")
    return dst


def run_all(root: Path, out: Path | None, *args: str) -> tuple[float, str]:
    """Run the checkout's run_all.py (into ``out``, or, if None, its own outputs folder)."""
    env = dict(os.environ, PYTHONPATH=str(root / "lib"))
    t = time.perf_counter()
    r = subprocess.run(
        [PY, str(root / "run_all.py"), *(["--outputs", str(out)] if out else []), "--quiet", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    took = time.perf_counter() - t
    if r.returncode != 0:
        sys.exit(f"run_all.py {' '.join(args)} failed:\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}")
    return took, r.stdout


def jobs(root: Path, towns: list[str] | None):
    sys.path.insert(0, str(root / "lib"))
    from monotowns.publish import build

    return build.all_jobs(towns=towns)


def naive(root: Path, sample, out: Path) -> float:
    """The chain of CLIs, one report after another; seconds for all of them."""
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(root / "lib"))
    quiet = {"check": True, "cwd": root, "env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    t = time.perf_counter()
    for j in sample:
        nb = out / f"{j.kind}-{j.lang}-{j.name}.ipynb"
        params = []
        for k, v in j.params:
            v = str(out / "side") if k == "outputs" else v
            params += ["-y", f"{k}: {json.dumps(v)}"]
        subprocess.run(
            [str(BIN / "papermill"), str(root / "notebooks" / j.notebook), str(nb), *params]
            + ["--cwd", str(root / "notebooks"), "--no-progress-bar"],
            **quiet,
        )
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(nb)], **quiet)
        subprocess.run([str(BIN / "weasyprint"), str(nb.with_suffix(".html")), str(nb.with_suffix(".pdf"))], **quiet)
    return time.perf_counter() - t


def watch_rounds(root: Path, out: Path, edits: int) -> list[tuple[float, float]]:
    """(seconds from an edit to the end of its rebuild, the report's own cells + HTML + PDF
    seconds) for each of ``edits`` edits of the Balkhash cell of Table 14, under --watch."""
    import queue
    import signal
    import threading

    env = dict(os.environ, PYTHONPATH=str(root / "lib"))
    cmd = [PY, str(root / "run_all.py"), "--outputs", str(out), "--quiet", "--watch"]
    cmd += ["--town", "balkhash", "--lang", "en", "--format", "html,pdf"]
    proc = subprocess.Popen(
        cmd,
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # stopped with Ctrl-C, which a benchmark started in the background would pass on ignored
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout], daemon=True).start()

    def wait_for(fragment: str) -> None:
        while True:
            try:
                line = lines.get(timeout=600)
            except queue.Empty:
                sys.exit(f"--watch said nothing for 10 minutes (waiting for {fragment!r})")
            if "error" in line:
                sys.exit(f"--watch: {line}")
            if fragment in line:
                return

    t14 = root / "data" / "tables" / "T14.csv"
    text = t14.read_text(encoding="utf-8")
    stamp = out / ".cache" / "town" / "en" / "balkhash.json"
    rounds = []
    try:
        wait_for("watching")
        for i in range(edits):
            edited = text.replace(CELL, CELL.replace('"37,2",37.2', '"37,3",37.3')) if i % 2 == 0 else text
            t = time.perf_counter()
            t14.write_text(edited, encoding="utf-8")
            wait_for("round done")
            wall = time.perf_counter() - t
            spent = json.loads(stamp.read_text())["seconds"]
            rounds.append((wall, spent["cells"] + spent["html"] + spent["pdf"]))
    finally:
        t14.write_text(text, encoding="utf-8")
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
    return rounds


def kernel_start(root: Path) -> float:
    """Seconds for a new Python to import what a town report's kernel needs before its first
    cell and to make the warm-up calls the build's warm process makes (``kernels``: ipykernel's
    modules, the town report notebook's library modules, the charts' fonts)."""
    from monotowns.publish import deps, kernels

    modules = [*kernels.KERNEL_MODULES, *sorted(deps.notebook_modules(root / "notebooks" / "town_report.ipynb"))]
    code = "import importlib\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules)
    for call in kernels.WARM_UP:
        module, _, function = call.partition(":")
        code += f"importlib.import_module({module!r}).{function}()\n"
    env = dict(os.environ, PYTHONPATH=str(root / "lib"), MPLBACKEND="module://matplotlib_inline.backend_inline")
    t = time.perf_counter()
    subprocess.run([PY, "-c", code], cwd=root / "notebooks", env=env, check=True, capture_output=True)
    return time.perf_counter() - t


def own_seconds(out: Path) -> float:
    """The Balkhash English report's own cells + HTML + PDF seconds in the build into ``out``."""
    spent = json.loads((out / ".cache" / "town" / "en" / "balkhash.json").read_text())["seconds"]
    return spent["cells"] + spent["html"] + spent["pdf"]


def median(xs: list[float]) -> float:
    xs = sorted(xs)
    return (xs[(len(xs) - 1) // 2] + xs[len(xs) // 2]) / 2


def floor(out: Path, workers: int) -> tuple[float, dict]:
    """Seconds of cell execution, HTML and PDF over every report of a build, per worker."""
    parts = {"cells": 0.0, "html": 0.0, "pdf": 0.0, "total": 0.0}
    for stamp in (out / ".cache").rglob("*.json"):
        if stamp.name == "complete.json":
            continue
        seconds = json.loads(stamp.read_text()).get("seconds", {})
        for k in parts:
            parts[k] += seconds.get(k, 0.0)
    return (parts["cells"] + parts["html"] + parts["pdf"]) / workers, parts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sample", type=int, default=6, help="reports for the naive chain (default 6; 0: skip it)")
    ap.add_argument("--towns", type=int, help="build only the first N towns' reports (default: every report)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="workers (default: the cores)")
    ap.add_argument("--fresh", action="store_true", help="also a cold build with a new kernel per report")
    ap.add_argument("--compare", metavar="DIR", type=Path, help="also a cold build with another checkout's code")
    ap.add_argument("--no-one", action="store_true", help="skip (h), the one-report case")
    ap.add_argument("--one-runs", type=int, default=3, help="runs of each side of (h) (default 3)")
    ap.add_argument("--watch-edits", type=int, default=3, help="edits timed in (w) (default 3; 0: skip it)")
    args = ap.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; load average at start: {os.getloadavg()[0]:.2f}"
    )
    with tempfile.TemporaryDirectory(prefix="mt-bench-") as tmp:
        tmp = Path(tmp)
        root = checkout(tmp / "project")
        from_registry = jobs(root, None)
        towns = None
        town_args: list[str] = []
        if args.towns:
            named = list(dict.fromkeys(j.name for j in from_registry if j.kind == "town"))
            towns = (["balkhash"] + [t for t in named if t != "balkhash"])[: args.towns]  # (d) touches Balkhash
            town_args = [x for t in towns for x in ("--town", t)]
        every = jobs(root, towns)
        n = len(every)
        print(f"reports: {n} ({len({j.lang for j in every})} languages), HTML and PDF, {args.jobs} workers")
        results = {}
        if args.sample:
            step = max(1, len(every) // args.sample)
            sample = every[::step][: args.sample]
            a = naive(root, sample, tmp / "naive")
            results["a"] = a / len(sample) * n
            print(
                f"(a) naive chain, {len(sample)} reports: {a:.1f} s, {a / len(sample):.2f} s per report; "
                f"for all {n}: {results['a']:.0f} s (estimate)"
            )
        out = tmp / "out"
        same = ("--format", "html,pdf")  # what the naive chain writes
        b, _ = run_all(root, out, "--jobs", str(args.jobs), *same, *town_args)
        results["b"] = b
        print(f"(b) run_all.py cold:                        {b:8.1f} s")
        e, parts = floor(out, args.jobs)  # before (d) rebuilds some of the reports
        c_wall, text = run_all(root, out, "--jobs", str(args.jobs), *same, *town_args)
        m = re.search(r"nothing changed: .*\(([\d.]+) s\)", text)
        c = float(m.group(1)) if m else float("nan")
        print(f"(c) run_all.py, nothing changed:            {c:8.2f} s in the program ({c_wall:.2f} s with start-up)")
        t14 = root / "data" / "tables" / "T14.csv"
        text14 = t14.read_text(encoding="utf-8")
        assert CELL in text14, "the Balkhash cell of Table 14 is not where the benchmark expects it"
        t14.write_text(text14.replace(CELL, CELL.replace('"37,2",37.2', '"37,3",37.3')), encoding="utf-8")
        d, text = run_all(root, out, "--jobs", str(args.jobs), *same, *town_args)
        built = re.search(r"built (\d+)", text)
        rebuilt = built.group(1) if built else "?"
        print(f"(d) after touching one Balkhash cell of T14: {d:8.1f} s ({rebuilt} reports rebuilt)")
        t14.write_text(text14, encoding="utf-8")
        print(
            f"(e) floor (cells {parts['cells']:.0f} + HTML {parts['html']:.0f} + PDF {parts['pdf']:.0f} "
            f"worker-s over {args.jobs} workers): {e:8.1f} s"
        )
        if not args.no_one:
            one = [j for j in every if (j.kind, j.name, j.lang) == ("town", "balkhash", "en")]
            single = ("--town", "balkhash", "--lang", "en", "--format", "html,pdf")
            hn, h1, h2, h3, starts, owns = [], [], [], [], [], []
            for i in range(max(1, args.one_runs)):  # in turn, so that a drift of the machine hits all
                hn.append(naive(root, one, tmp / f"naive-one-{i}"))
                h1.append(run_all(root, tmp / f"one-{i}", *single)[0])
                h2.append(run_all(root, tmp / f"one-{i}", *single, "--force")[0])
                edited = CELL.replace('"37,2",37.2', '"37,3",37.3') if i % 2 == 0 else CELL
                t14.write_text(text14.replace(CELL, edited), encoding="utf-8")
                try:
                    h3.append(run_all(root, tmp / "one-0", *single)[0])  # the folder of the first: its edits
                finally:
                    t14.write_text(text14, encoding="utf-8")
                owns.append(own_seconds(tmp / "one-0"))
                starts.append(kernel_start(root))
            results["hn"], results["h1"], results["h2"], results["h3"] = map(median, (hn, h1, h2, h3))
            results["hf"] = median(starts) + median(owns)
            print(
                f"(h) one report (Balkhash, en, HTML+PDF), medians of {len(hn)}: naive {results['hn']:.1f} s, "
                f"one-town build cold {results['h1']:.1f} s, again with --force {results['h2']:.1f} s, "
                f"after an edit of Table 14 {results['h3']:.1f} s; its floor in a new process: a new "
                f"Python's imports and warm-up {median(starts):.1f} s + the report's own cells, HTML and PDF "
                f"after the edit {median(owns):.1f} s = {results['hf']:.1f} s"
            )
            if args.watch_edits:
                rounds = watch_rounds(root, tmp / "watch", args.watch_edits)
                results["w"] = median([w for w, _ in rounds])
                results["wr"] = median([w / own for w, own in rounds])
                shown = ", ".join(f"{w:.1f} s (own {own:.1f} s)" for w, own in rounds)
                print(f"(w) --watch, an edit of Table 14 to its rebuilt report: {shown}")
        if args.fresh:
            f, _ = run_all(root, tmp / "fresh", "--jobs", str(args.jobs), "--fresh-kernels", *same, *town_args)
            print(f"(f) run_all.py cold, a new kernel per report: {f:8.1f} s")
            results["f"] = f
        if args.compare:
            other = checkout(tmp / "other", args.compare.resolve())
            g, text = run_all(other, None, "--jobs", str(args.jobs), *town_args)
            m = re.search(r"built (\d+)", text)
            n_other = m.group(1) if m else "?"
            print(f"(g) run_all.py cold, {args.compare} as it is: {g:8.1f} s ({n_other} reports)")
            results["g"] = g
        print(f"load average at the end: {os.getloadavg()[0]:.2f}")
        ratios = [f"b/e = {b / e:.2f}x (cold build over the floor)", f"b/c = {b / c:.0f}x" if c == c else ""]
        if "a" in results:
            ratios.insert(0, f"a/b = {results['a'] / b:.1f}x (naive over cold build)")
            ratios.insert(
                1,
                f"a/e = {results['a'] / e:.1f}x (naive over the floor: the most a build reaches "
                "with the reports' own work as it is)",
            )
        if "f" in results:
            ratios.append(f"f/b = {results['f'] / b:.2f}x (fresh kernels over warm)")
        if "g" in results:
            ratios.append(f"g/b = {results['g'] / b:.2f}x (the other checkout over this one)")
        if "hn" in results:
            ratios.append(
                f"hn/h1 = {results['hn'] / results['h1']:.2f}x, hn/h2 = {results['hn'] / results['h2']:.2f}x, "
                f"hn/h3 = {results['hn'] / results['h3']:.2f}x "
                "(naive over one-town build: cold, again with --force, after an edit)"
            )
            ratios.append(
                f"hn/floor = {results['hn'] / results['hf']:.2f}x (naive over the floor of a one-report build "
                f"in a new process), h3/floor = {results['h3'] / results['hf']:.2f}x"
            )
        if "w" in results:
            ratios.append(
                f"w/own = {results['wr']:.2f}x (watch rebuild over the report's own cells + HTML + PDF), "
                f"hn/w = {results['hn'] / results['w']:.2f}x (naive over the watch rebuild)"
            )
        print("   ".join(r for r in ratios if r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
