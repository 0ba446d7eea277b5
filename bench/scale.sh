#!/usr/bin/env bash
# bench/scale.sh: how `briefing build` grows with the corpus (issue 18).
#
#   bench/scale.sh                                  # 5000 and 20000 pairs, 3 runs each
#   SCALE_PAIRS="5000 20000 50000" bench/scale.sh
#   SCALE_OLD=/tmp/briefing-before bench/scale.sh   # an older binary, alternating runs
#   SCALE_HUGO=1 bench/scale.sh                     # Hugo at the smallest size too
#   SCALE_PAIRS="5000 50000" SCALE_HUGO=1 bench/scale.sh   # the rows of issue 18's targets
#
# Environment (defaults in brackets):
#   SCALE_PAIRS  corpus sizes in it/en pairs ["5000 20000"]
#   SCALE_RUNS   timed runs per row, after one warm-up [3]
#   SCALE_NEW    the briefing binary to time [target/release/briefing, built first]
#   SCALE_OLD    path of another briefing binary to time in the same rounds [none]
#   SCALE_HUGO   1: time Hugo (fresh output) at the smallest size [0]
#   SCALE_SEED   corpus seed [1]
#   SCALE_KEEP   1: keep the corpora in bench/work/ afterwards [0: removed]
#
# For every size, binary and mode it prints the medians of wall time, CPU (user and
# system), peak RSS (GNU time) and the busy ratio (CPU / wall: 2.0 is both cores).
# Modes: `fresh` (no output folder before the build), `over` (the previous build's
# output is there and gets replaced: `--clean`) and `edit` (one briefing edited, then
# an incremental build against the manifest the `over` build left). Output on tmpfs
# (/dev/shm), inputs on disk.
# After the table it prints issue 18's targets (largest size against the smallest,
# one edit at the largest size,
# busy ratio and peak RSS at the largest, the smallest against Hugo, over/fresh) and
# whether each is met. The warm-up round draws every page's share card into the
# corpus's .briefing-cache/ (about 28 KiB and 10 to 18 ms of CPU a card, two cards a pair): a cold
# 50,000-pair corpus needs about 2.8 GB there and a quarter of an hour on 2 cores.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH")"
PAIRS="${SCALE_PAIRS:-5000 20000}"
RUNS="${SCALE_RUNS:-3}"
SEED="${SCALE_SEED:-1}"
WORK="$BENCH/work"
SHM="/dev/shm/briefing-scale-$$"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="$WORK/results/scale-$STAMP"
BIN="${SCALE_NEW:-$REPO/target/release/briefing}"
TIME=/usr/bin/time

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'bench/scale.sh: error: %s\n' "$*" >&2; exit 1; }

cleanup() {
    rm -rf "$SHM"
    if [ "${SCALE_KEEP:-0}" != 1 ]; then
        for n in $PAIRS; do
            # gen.py marks what it made; remove nothing else.
            for dir in "$WORK/corpus-$n" "$WORK/hugo-$n"; do
                if [ -f "$dir/.bench-corpus" ]; then rm -rf "$dir"; fi
            done
        done
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "SCALE_RUNS must be a positive integer"
[ -x "$TIME" ] || die "$TIME is missing: apt-get install time"
if [ -n "${SCALE_OLD:-}" ]; then [ -x "$SCALE_OLD" ] || die "SCALE_OLD=$SCALE_OLD is not executable"; fi
if [ "${SCALE_HUGO:-0}" = 1 ]; then command -v hugo >/dev/null || die "hugo is not installed"; fi

if [ -z "${SCALE_NEW:-}" ]; then
    say "cargo build --release"
    (cd "$REPO" && cargo build --release --quiet) || die "cargo build --release failed"
fi
[ -x "$BIN" ] || die "$BIN is not executable"
mkdir -p "$RESULTS" "$SHM"
{
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, kernel $(uname -r)"
    echo "new: $(cd "$REPO" && git rev-parse --short HEAD)$(cd "$REPO" && git diff --quiet HEAD || echo ' (+ local changes)')"
    if [ -n "${SCALE_OLD:-}" ]; then echo "old: $SCALE_OLD"; fi
    echo "runs: $RUNS after 1 warm-up, seed $SEED, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$RESULTS/meta.txt" >&2

# run LOG CMD...: one timed run; appends "wall user sys maxrss_kib" to LOG.
run() {
    local log=$1
    shift
    "$TIME" -f '%e %U %S %M' -a -o "$log" "$@" >"$RESULTS/last.out" 2>"$RESULTS/last.err" ||
        { cat "$RESULTS/last.err" >&2; die "this run failed: $*"; }
}

binaries=(new)
if [ -n "${SCALE_OLD:-}" ]; then binaries+=(old); fi
path_of() { if [ "$1" = old ]; then echo "$SCALE_OLD"; else echo "$BIN"; fi; }
# The flag that makes a build replace the whole output (binaries before the
# incremental build always did).
clean_of() { if "$(path_of "$1")" build --help | grep -q -- --clean; then echo --clean; fi; }

smallest=""
for n in $PAIRS; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "SCALE_PAIRS: '$n' is not a positive integer"
    if [ -z "$smallest" ] || [ "$n" -lt "$smallest" ]; then smallest=$n; fi
done

for n in $PAIRS; do
    corpus="$WORK/corpus-$n"
    say "generating $n pairs (seed $SEED)"
    python3 "$BENCH/gen.py" --pairs "$n" --seed "$SEED" --out "$corpus" --repo "$REPO"
    for round in $(seq 0 "$RUNS"); do
        # Round 0 is the warm-up; the binaries' order flips every round.
        order=("${binaries[@]}")
        if [ $((round % 2)) = 1 ]; then order=($(printf '%s\n' "${binaries[@]}" | tac)); fi
        for b in "${order[@]}"; do
            out="$SHM/out-$n-$b"
            log_fresh="$RESULTS/${n}_${b}_fresh.time"
            log_over="$RESULTS/${n}_${b}_over.time"
            log_edit="$RESULTS/${n}_${b}_edit.time"
            if [ "$round" = 0 ]; then log_fresh=/dev/null log_over=/dev/null log_edit=/dev/null; fi
            say "N=$n $b round $round/$RUNS"
            rm -rf "$out"
            run "$log_fresh" "$(path_of "$b")" build --root "$corpus" --output "$out"
            # shellcheck disable=SC2046 # no flag at all for an older binary
            run "$log_over" "$(path_of "$b")" build --root "$corpus" --output "$out" $(clean_of "$b")
            printf '\nEdited in round %s by %s.\n' "$round" "$b" >>"$corpus/content/briefings/bench-00001.it.md"
            run "$log_edit" "$(path_of "$b")" build --root "$corpus" --output "$out"
            tail -n 1 "$RESULTS/last.out" >"$RESULTS/${n}_${b}_edit.out"
            find "$out" -type f | wc -l >"$RESULTS/${n}_${b}.files"
            rm -rf "$out"
        done
    done
    if [ "${SCALE_HUGO:-0}" = 1 ] && [ "$n" = "$smallest" ]; then
        hcorpus="$WORK/hugo-$n"
        python3 "$BENCH/gen.py" --pairs "$n" --seed "$SEED" --out "$hcorpus" --hugo
        for round in $(seq 0 "$RUNS"); do
            log="$RESULTS/${n}_hugo_fresh.time"
            if [ "$round" = 0 ]; then log=/dev/null; fi
            say "N=$n hugo round $round/$RUNS"
            rm -rf "$SHM/out-$n-hugo"
            run "$log" hugo --quiet -s "$hcorpus" -d "$SHM/out-$n-hugo"
        done
        find "$SHM/out-$n-hugo" -type f | wc -l >"$RESULTS/${n}_hugo.files"
        rm -rf "$SHM/out-$n-hugo" "$hcorpus"
    fi
    if [ "${SCALE_KEEP:-0}" != 1 ]; then rm -rf "$corpus"; fi
done

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RESULTS/meta.txt"
python3 - "$RESULTS" <<'EOF' | tee "$RESULTS/report.md"
import re, statistics, sys
from pathlib import Path

res = Path(sys.argv[1])
rows = {}
for p in res.glob("*.time"):
    n, tool, mode = p.stem.split("_")
    runs = [[float(x) for x in l.split()] for l in p.read_text().splitlines()
            if re.fullmatch(r"[\d. ]+", l) and len(l.split()) == 4]
    if runs:
        med = lambda i: statistics.median(r[i] for r in runs)
        rows[(int(n), tool, mode)] = dict(wall=med(0), user=med(1), sys=med(2),
                                          cpu=statistics.median(r[1] + r[2] for r in runs),
                                          rss=med(3), runs=len(runs))
files = {tuple(p.stem.split("_")): int(p.read_text().split()[0]) for p in res.glob("*.files")}
small = min(n for n, _, _ in rows)
def s(x): return f"{x:.2f} s"
def mib(k): return f"{k / 1024:.0f} MiB" if k < 1024 * 1024 else f"{k / 1048576:.2f} GiB"
print((res / "meta.txt").read_text())
print("| pairs | files | binary | mode | wall | CPU user + sys | busy | peak RSS | wall vs smallest | vs fresh | vs hugo |")
print("|--:|--:|---|---|--:|--:|--:|--:|--:|--:|--:|")
order = {"new": 0, "old": 1, "hugo": 2}
for (n, tool, mode), r in sorted(rows.items(), key=lambda kv: (kv[0][0], order[kv[0][1]], kv[0][2])):
    base = rows.get((small, tool, mode))
    fresh = rows.get((n, tool, "fresh"))
    hugo = rows.get((n, "hugo", "fresh"))
    vs_small = f"{r['wall'] / base['wall']:.2f}x ({n / small:.1f}x work)" if base else "–"
    vs_hugo = f"{r['wall'] / hugo['wall']:.2f}x" if hugo and tool != "hugo" else "–"
    print(f"| {n} | {files.get((str(n), tool), '?')} | {tool} | {mode} | {s(r['wall'])} "
          f"| {r['user']:.1f} + {r['sys']:.1f} s | {r['cpu'] / r['wall'] * 100:.0f}% "
          f"| {mib(r['rss'])} | {vs_small} | {r['wall'] / fresh['wall']:.2f}x | {vs_hugo} |")

# The targets of issue 18, from the rows above (binary `new`).
def met(ok): return "met" if ok else "NOT met"
big = max(n for n, _, _ in rows)
print()
print("| target (issue 18) | measured | |")
print("|---|--:|---|")
f_small, f_big = rows.get((small, "new", "fresh")), rows.get((big, "new", "fresh"))
if f_small and f_big and big > small:
    ratio, work = f_big["wall"] / f_small["wall"], big / small
    print(f"| {big} pairs: wall within 1.1x the work of {small} pairs ({1.1 * work:.1f}x) "
          f"| {ratio:.2f}x | {met(ratio <= 1.1 * work)} |")
if f_big:
    busy = f_big["cpu"] / f_big["wall"] * 100
    print(f"| {big} pairs: both cores busy > 180% | {busy:.0f}% | {met(busy > 180)} |")
    print(f"| {big} pairs: peak RSS, at most 1.5 GiB at 50000 pairs "
          f"({1.5 * big / 50000:.2f} GiB pro rata) | {mib(f_big['rss'])} "
          f"| {met(f_big['rss'] <= 1.5 * 1048576 * max(big, 1) / 50000)} |")
edit = rows.get((big, "new", "edit"))
if edit:
    print(f"| {big} pairs: one briefing edited, then `build`, at most 2 s wall "
          f"({2 * big / 50000:.2f} s pro rata) | {s(edit['wall'])} "
          f"| {met(edit['wall'] <= 2 * max(big, 1) / 50000)} |")
hugo = rows.get((small, "hugo", "fresh"))
if f_small and hugo:
    vs = f_small["wall"] / hugo["wall"]
    print(f"| {small} pairs: at most 0.15x Hugo's wall | {vs:.2f}x | {met(vs <= 0.15)} |")
for n in sorted({n for n, _, _ in rows}):
    fresh, over = rows.get((n, "new", "fresh")), rows.get((n, "new", "over"))
    if fresh and over:
        vs = over["wall"] / fresh["wall"]
        print(f"| {n} pairs: replacing an output at most 1.10x a fresh one | {vs:.2f}x "
              f"| {met(vs <= 1.10)} |")
EOF
for f in "$RESULTS"/*_edit.out; do
    [ -f "$f" ] && echo "$(basename "$f" .out): $(cat "$f")"
done | tee -a "$RESULTS/report.md"
echo "raw results: $RESULTS" >&2
