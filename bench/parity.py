#!/usr/bin/env python3
"""What translation parity costs `briefing check`, on a generated corpus.

    python3 bench/parity.py [--pairs 1000] [--runs 9] [--seed 1]

It builds `target/release/briefing`, generates a corpus with bench/gen.py and makes two
sites of it that differ only in pairing:

- paired: every English file carries the Italian file's body under its own
  front-matter, so each pair is compared in full (the numbers, links and structure
  agree; only the titles and summaries differ, as the generator writes them apart);
- unpaired: the same files, the English ones renamed `NAME-en.en.md`, so no file has a
  counterpart and parity compares nothing, while the pages, links and build stay the same.

`check` runs on each, alternating, after a warm-up; the medians of CPU time (user +
system), wall time and peak RSS are printed with the counts `check --format json`
reports (translations compared, numbers read). Scratch goes to bench/work/parity/.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
BIN = os.path.join(REPO, "target", "release", "briefing")


def build_sites(pairs, seed, work):
    corpus = os.path.join(work, "corpus")
    subprocess.run(
        [sys.executable, os.path.join(BENCH, "gen.py"), "--pairs", str(pairs), "--out", corpus,
         "--seed", str(seed), "--repo", REPO],
        check=True, stdout=subprocess.DEVNULL,
    )
    paired, unpaired = os.path.join(work, "paired"), os.path.join(work, "unpaired")
    for site in (paired, unpaired):
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(corpus, site)
    for site, rename in ((paired, False), (unpaired, True)):
        folder = os.path.join(site, "content", "briefings")
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".en.md"):
                continue
            en = os.path.join(folder, name)
            it = en[: -len(".en.md")] + ".it.md"
            with open(en, encoding="utf-8") as f:
                front = f.read().split("\n---\n", 1)[0]
            with open(it, encoding="utf-8") as f:
                body = f.read().split("\n---\n", 1)[1]
            with open(en, "w", encoding="utf-8") as f:
                f.write(front + "\n---\n" + body)
            if rename:
                os.rename(en, en[: -len(".en.md")] + "-en.en.md")
    return paired, unpaired


def run(site):
    """One timed `check`: (cpu s, wall s, peak RSS MiB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as times:
        subprocess.run(
            ["/usr/bin/time", "-o", times.name, "-f", "%U %S %e %M", BIN, "check", "--root", site],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
        )
        user, system, wall, rss = times.read().split()
    return float(user) + float(system), float(wall), int(rss) / 1024


def counts(site):
    out = subprocess.run([BIN, "check", "--root", site, "--format", "json"],
                         capture_output=True, check=False)
    report = json.loads(out.stdout)
    return report["translations"], report["numbers"], report["warnings"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    work = os.path.join(BENCH, "work", "parity")
    os.makedirs(work, exist_ok=True)
    sites = dict(zip(("paired", "unpaired"), build_sites(args.pairs, args.seed, work)))
    for site in sites.values():
        run(site)  # warm-up
    samples = {name: [] for name in sites}
    for _ in range(args.runs):
        for name, site in sites.items():
            samples[name].append(run(site))
    print(f"| {args.pairs} pairs | translations compared | numbers read | warnings | CPU | wall | peak RSS |")
    print("|---|--:|--:|--:|--:|--:|--:|")
    medians = {}
    for name, site in sites.items():
        cpu, wall, rss = (statistics.median(s[k] for s in samples[name]) for k in range(3))
        medians[name] = (cpu, wall, rss)
        pairs, numbers, warnings = counts(site)
        print(f"| {name} | {pairs} | {numbers} | {warnings} | {cpu:.2f} s | {wall:.2f} s | {rss:.0f} MiB |")
    (c1, w1, r1), (c0, w0, r0) = medians["paired"], medians["unpaired"]
    print(f"\nparity: {c1 - c0:+.2f} s CPU ({(c1 - c0) / c0:+.0%}), "
          f"{w1 - w0:+.2f} s wall, {r1 - r0:+.0f} MiB, medians of {args.runs} runs")


if __name__ == "__main__":
    main()
