#!/usr/bin/env python3
"""The benchmark harness (issue "Performance and scale"): on one generated
corpus, in one invocation, times the floor (the bare calamine read of every
cell, one thread), mokuhyo check, build and rollup (release build), and the
DIY peer an office would write (benches/peer/diy.py: openpyxl + ReportLab),
and prints wall time, CPU time and peak memory of each, with the ratios.

    python3 scripts/bench.py [N] [--no-peer] [--runs K]   (default 1000 departments, 1 run)

--no-peer leaves out the DIY peer (it takes about 30 s per 1,000).
--runs K runs every row K times, interleaved, and prints the medians: the
peaks and times of one run vary with how the PDF and the workbook, made at
once, overlap.

The corpus: the six sample departments cycled and renamed, N filled
templates for the start of the year and N at year end, written by
`mokuhyo template --fill` from a check --json-shaped file. Needs cargo,
GNU time (/usr/bin/time) for the peaks, and openpyxl and reportlab
(installed from PyPI if missing)."""

import datetime
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent


TIME = "/usr/bin/time"


def run(args, cwd, env=None):
    """Runs a command; returns (wall s, CPU s, peak MB).

    The peak comes from GNU time, itself the parent of the command: a child
    forked from this Python reports Python's own size as its peak when
    that is larger (ru_maxrss counts the process from before its exec)."""
    with tempfile.NamedTemporaryFile("r") as peak:
        start = time.perf_counter()
        proc = subprocess.Popen([TIME, "-f", "%M", "-o", peak.name, *args], cwd=cwd, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        err = proc.stderr.read().decode(errors="replace")
        code = os.waitstatus_to_exitcode(status)
        if code > 1:
            sys.exit(f"{args[0]} failed ({code}): {err}")
        kb = int(peak.read().split()[-1])
    return wall, usage.ru_utime + usage.ru_stime, kb / 1024


def corpus(source_dir, n, path):
    """A check --json-shaped file of n documents cycling the sources."""
    sources = []
    for p in sorted(source_dir.glob("*.toml")):
        with open(p, "rb") as f:
            sources.append(tomllib.load(f))

    def plain(v):
        if isinstance(v, (datetime.date, datetime.datetime)):
            return v.isoformat()
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        if isinstance(v, list):
            return [plain(x) for x in v]
        return v

    files = []
    for i in range(n):
        doc = plain(sources[i % len(sources)])
        doc["department"] = f"{doc['department']}{i:04d}"
        files.append({"path": f"{i:04d}.xlsx", "status": "accepted", "document": doc})
    path.write_text(json.dumps({"files": files}, ensure_ascii=False), encoding="utf-8")


def main():
    argv = sys.argv[1:]
    runs = 1
    if "--runs" in argv:
        at = argv.index("--runs")
        runs = int(argv[at + 1])
        del argv[at:at + 2]
    args = [a for a in argv if not a.startswith("--")]
    peer_wanted = "--no-peer" not in argv
    n = int(args[0]) if args else 1000
    if not os.path.exists(TIME):
        sys.exit(f"{TIME} (GNU time) is needed for the peaks: apt-get install time")
    try:
        import openpyxl  # noqa: F401
        import reportlab  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "openpyxl", "reportlab"],
                       check=True)
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "mokuhyo",
                    "--example", "floor"], cwd=ROOT, check=True)
    mokuhyo = ROOT / "target/release/mokuhyo"
    floor = ROOT / "target/release/examples/floor"
    font = ROOT / "templates/fonts/BIZUDGothic-Regular.ttf"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        for name, src in [("start", "samples/source"), ("year-end", "samples/year-end/source")]:
            corpus(ROOT / src, n, tmp / f"{name}.json")
            subprocess.run([mokuhyo, "template", "--fill", tmp / f"{name}.json", "-o", tmp / name],
                           cwd=tmp, check=True, stdout=subprocess.DEVNULL)
        rows = [
            ("floor: calamine reads every cell (1 thread)", [floor, tmp / "start"]),
            ("mokuhyo check", [mokuhyo, "check", tmp / "start"]),
            ("mokuhyo status", [mokuhyo, "status", tmp / "start"]),
            ("mokuhyo build (workbook + PDF)", [mokuhyo, "build", tmp / "start", "-o", tmp / "out"]),
            ("mokuhyo rollup (year end)", [mokuhyo, "rollup", tmp / "year-end", "-o", tmp / "out"]),
            ("DIY peer: openpyxl + ReportLab", [sys.executable, ROOT / "benches/peer/diy.py",
                                               tmp / "start", tmp / "diy", font]),
        ]
        if not peer_wanted:
            rows = rows[:-1]
        measured = {label: [] for label, _ in rows}
        for _ in range(runs):
            for label, args in rows:
                measured[label].append(run([str(a) for a in args], cwd=tmp))
        results = {}
        runs_note = f", medians of {runs} runs" if runs > 1 else ""
        print(f"{n} departments, {os.cpu_count()} cores{runs_note}\n")
        print(f"{'':46} {'wall s':>8} {'CPU s':>8} {'peak MB':>8}")
        for label, _ in rows:
            wall, cpu, mb = (statistics.median(m) for m in zip(*measured[label]))
            results[label] = (wall, cpu, mb)
            print(f"{label:46} {wall:8.2f} {cpu:8.2f} {mb:8.0f}")
        floor_cpu = results[rows[0][0]][1]
        build = results[rows[3][0]][0]
        print()
        print(f"check CPU / floor CPU:   {results[rows[1][0]][1] / floor_cpu:.1f}x")
        if peer_wanted:
            peer = results[rows[5][0]][0]
            print(f"build vs the DIY peer:   {peer / build:.1f}x faster")


if __name__ == "__main__":
    main()
