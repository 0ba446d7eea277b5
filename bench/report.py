#!/usr/bin/env python3
"""Turn one bench/run results directory into the Markdown table (standard library only).

    python3 bench/report.py bench/work/results/STAMP

Files read (written by bench/run):
  meta.txt                  machine and tool versions
  N_MEDIUM_rK.json          hyperfine export of round K (one run per tool)
  N_MEDIUM_floor.json       hyperfine export of the I/O floor
  N_MEDIUM_TOOL.time        GNU time lines "wall user sys maxrss_kib", warm-up first
  N_MEDIUM_TOOL.files       number of files in the produced output
  site.json                 hyperfine export for the repository's own site
"""
import json
import re
import statistics
import sys
from collections import defaultdict
from pathlib import Path

TOOLS = ["briefing", "hugo", "floor"]
MEDIA = {"shm": "tmpfs", "disk": "disk"}


def load(results):
    """walls[(n, medium, tool)] = [seconds...]; usage[...] = [(cpu_s, rss_kib)...]."""
    walls, usage, files = defaultdict(list), {}, {}
    for path in sorted(results.glob("*.json")):
        m = re.fullmatch(r"(\d+)_(\w+?)_(r\d+|floor)\.json", path.name)
        if not m:
            continue
        for result in json.loads(path.read_text())["results"]:
            walls[(int(m[1]), m[2], result["command"])] += result["times"]
    for path in sorted(results.glob("*.time")):
        n, medium, tool = path.stem.split("_")
        lines = [line.split() for line in path.read_text().splitlines()]
        lines = [[float(x) for x in parts] for parts in lines
                 if len(parts) == 4 and all(re.fullmatch(r"[\d.]+", x) for x in parts)]
        runs = len(walls.get((int(n), medium, tool), [])) or len(lines) - 1
        usage[(int(n), medium, tool)] = [(u + s, rss) for _, u, s, rss in lines[-runs:]]
    for path in sorted(results.glob("*.files")):
        n, medium, tool = path.stem.split("_")
        files[(int(n), medium, tool)] = int(path.read_text().split()[0])
    return walls, usage, files


def fmt_s(seconds):
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def fmt_mib(kib):
    return f"{kib / 1024:.0f} MiB" if kib < 1024 * 1024 else f"{kib / 1024 / 1024:.2f} GiB"


def ratio(a, b):
    return f"{a / b:.2f}x" if a is not None and b else "–"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    results = Path(sys.argv[1])
    walls, usage, files = load(results)
    med = {key: statistics.median(v) for key, v in walls.items() if v}
    cpu = {key: statistics.median(c for c, _ in v) for key, v in usage.items() if v}
    rss = {key: statistics.median(r for _, r in v) for key, v in usage.items() if v}
    sizes = sorted({n for n, _, _ in med})
    media = [m for m in MEDIA if any(k[1] == m for k in med)]

    meta = results / "meta.txt"
    if meta.is_file():
        print("\n".join("    " + line for line in meta.read_text().splitlines()))
        print()
    print("| pairs | output | tool | files | wall (median) | CPU user+sys | peak RSS "
          "| wall vs hugo | RSS vs hugo | wall vs floor |")
    print("|--:|---|---|--:|--:|--:|--:|--:|--:|--:|")
    for n in sizes:
        for medium in media:
            hugo, floor = (n, medium, "hugo"), (n, medium, "floor")
            for tool in TOOLS:
                key = (n, medium, tool)
                if key not in med:
                    continue
                vs_hugo = ratio(med[key], med.get(hugo)) if tool == "briefing" else ""
                rss_vs = ratio(rss.get(key), rss.get(hugo)) if tool == "briefing" else ""
                vs_floor = ratio(med[key], med.get(floor)) if tool != "floor" else ""
                print(f"| {n} | {MEDIA[medium]} | {tool} | {files.get(key, '')} "
                      f"| {fmt_s(med[key])} | {fmt_s(cpu[key]) if key in cpu else '–'} "
                      f"| {fmt_mib(rss[key]) if key in rss and tool != 'floor' else '–'} "
                      f"| {vs_hugo} | {rss_vs} | {vs_floor} |")
    if len(sizes) >= 2:
        small, big = sizes[0], sizes[-1]
        print()
        print(f"Scaling {big}/{small} pairs (linear = {big / small:.1f}x): " + "; ".join(
            f"{MEDIA[medium]} " + ", ".join(
                f"{tool} {med[(big, medium, tool)] / med[(small, medium, tool)]:.2f}x"
                for tool in TOOLS if (big, medium, tool) in med and (small, medium, tool) in med)
            for medium in media))
    site = results / "site.json"
    if site.is_file():
        times = json.loads(site.read_text())["results"][0]["times"]
        print()
        print(f"The repository's own site: {fmt_s(statistics.median(times))} "
              f"(median of {len(times)}, output on tmpfs).")


if __name__ == "__main__":
    main()
