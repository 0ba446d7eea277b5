#!/usr/bin/env python3
"""What the output's lock and atomic exchange cost a build (issue 11).

    python3 bench/output.py [--pairs 1000] [--runs 9] [--old PATH] [--media shm|disk]

Generates a corpus with gen.py, then times rebuilds over an existing output (the case
the lock, the exchange and the removal of the previous build are for) with
target/release/briefing, and, with --old, alternately with an older binary (say one
built from the commit before issue 11). Prints the median wall time of each and, if
strace is installed, the time the new binary spends in the lock and exchange system
calls (flock, renameat2, and the lock file's open and unlink). Standard library only.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)


def run(binary, corpus, out):
    started = time.perf_counter()
    subprocess.run(
        [binary, "build", "--root", corpus, "--output", out],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def syscalls(binary, corpus, out):
    """Seconds spent in the lock and exchange system calls of one build, by call."""
    if not shutil.which("strace"):
        return None
    log = os.path.join(os.path.dirname(out), "strace.log")
    subprocess.run(
        ["strace", "-f", "-T", "-o", log, "-e", "trace=flock,renameat2,openat,unlink",
         binary, "build", "--root", corpus, "--output", out],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    spent = {}
    with open(log) as f:
        for line in f:
            if "briefing-lock" not in line and "flock(" not in line and "renameat2(" not in line:
                continue
            m = re.search(r"(\w+)\(.*<([0-9.]+)>$", line.strip())
            if m:
                spent[m.group(1)] = spent.get(m.group(1), 0.0) + float(m.group(2))
    return spent


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--old", help="an older briefing binary to compare with")
    ap.add_argument("--media", choices=["shm", "disk"], default="shm")
    args = ap.parse_args()
    new = os.path.join(REPO, "target", "release", "briefing")
    if not os.path.exists(new):
        subprocess.run(["cargo", "build", "--release"], cwd=REPO, check=True)
    base = "/dev/shm" if args.media == "shm" else os.path.join(BENCH, "work")
    os.makedirs(base, exist_ok=True)
    scratch = tempfile.mkdtemp(prefix="briefing-output-bench-", dir=base)
    try:
        corpus = os.path.join(scratch, "corpus")
        subprocess.run(
            [sys.executable, os.path.join(BENCH, "gen.py"), "--pairs", str(args.pairs),
             "--out", corpus, "--repo", REPO],
            check=True, stdout=subprocess.DEVNULL,
        )
        binaries = [("new", new)] + ([("old", args.old)] if args.old else [])
        times = {name: [] for name, _ in binaries}
        for name, binary in binaries:
            run(binary, corpus, os.path.join(scratch, f"out-{name}"))  # warm-up, and an output to replace
        for _ in range(args.runs):
            for name, binary in binaries:
                times[name].append(run(binary, corpus, os.path.join(scratch, f"out-{name}")))
        files = sum(len(f) for _, _, f in os.walk(os.path.join(scratch, "out-new")))
        print(f"{args.pairs} pairs, {files} files, output on {args.media}, {args.runs} rebuilds each, medians:")
        for name, _ in binaries:
            t = times[name]
            print(f"  {name}: {statistics.median(t) * 1000:.0f} ms (min {min(t) * 1000:.0f}, max {max(t) * 1000:.0f})")
        spent = syscalls(new, corpus, os.path.join(scratch, "out-new"))
        if spent is not None:
            total = sum(spent.values())
            detail = ", ".join(f"{k} {v * 1e6:.0f} us" for k, v in sorted(spent.items()))
            print(f"  lock and exchange system calls of one build (under strace): {total * 1e6:.0f} us ({detail})")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
