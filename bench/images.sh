#!/bin/sh
# The media step on a site's worth of photos (issue 15): 200 JPEGs of 4000x3000, each
# made into WebP and JPEG at 480, 960 and 1600 pixels, in parallel as a build does.
#
#   bench/images.sh                       # 200 photos and 200 share cards; cold x3, warm x5
#   BENCH_IMAGES=50 BENCH_RUNS=1 bench/images.sh
#
# Prints a Markdown table and keeps it in bench/work/images/results.md. Needs GNU time
# (/usr/bin/time; `apt-get install time`). Photos and caches live in bench/work/images/
# (gitignored); the photos are made once per count and reused.
set -eu
cd "$(dirname "$0")/.."
count=${BENCH_IMAGES:-200}
runs=${BENCH_RUNS:-3}
warm_runs=${BENCH_WARM_RUNS:-5}
work=bench/work/images
photos=$work/photos-$count
cache=$work/cache
big=$work/big
mkdir -p "$work"

if [ ! -x /usr/bin/time ]; then
  echo "bench/images.sh: GNU time is missing (apt-get install time)" >&2
  exit 1
fi
cargo build --release --example media_bench >&2
bin=target/release/examples/media_bench

if [ ! -f "$photos/.complete" ]; then
  rm -rf "$photos"
  echo "generating $count photos of 4000x3000 in $photos ..." >&2
  "$bin" generate "$photos" "$count" 4000 3000 90 16
  touch "$photos/.complete"
fi
if [ ! -f "$big/.complete" ]; then
  rm -rf "$big"
  "$bin" generate "$big" 1 8000 6000 94 36
  touch "$big/.complete"
fi

# One timed run of the driver with arguments "$@": prints "wall user+sys peak_rss_kib encodes hashes"; wall is the
# processing time the driver measures itself (ms resolution; GNU time has 10 ms).
measure() {
  out=$(/usr/bin/time -f "TIME %e %U %S %M" "$bin" "$@" 2>"$work/time.log") || {
    cat "$work/time.log" >&2
    exit 1
  }
  set -- $(grep '^TIME' "$work/time.log")
  field() { echo "$out" | sed -n "s/.* $1=\([0-9.]*\).*/\1/p"; }
  printf '%s %.2f %s %s %s\n' "$(field seconds)" "$(echo "$3 + $4" | bc)" "$5" \
    "$(field encodes)" "$(field hashes)"
}

# Median of the first field (wall), with the other fields of that run.
median() {
  sort -n | awk '{ line[NR] = $0 } END { print line[int((NR + 1) / 2)] }'
}

# A table row: row LABEL "wall cpu rss_kib encodes hashes".
row() {
  label=$1
  set -- $2
  printf '| %s | %s s | %s s | %s MiB | %s | %s |\n' "$label" "$1" "$2" "$(($3 / 1024))" "$4" "$5"
}

cold=$(for _ in $(seq "$runs"); do rm -rf "$cache"; measure "$photos" "$cache"; done | median)
warm=$(for _ in $(seq "$warm_runs"); do measure "$photos" "$cache"; done | median)
rehash=$(for _ in $(seq "$runs"); do rm -rf "$cache/sources"; measure "$photos" "$cache"; done | median)
rm -rf "$work/big-cache"
bigrun=$(measure "$big" "$work/big-cache")
cards_cold=$(for _ in $(seq "$runs"); do rm -rf "$work/card-cache"; measure cards "$count" "$work/card-cache"; done | median)
cards_warm=$(for _ in $(seq "$warm_runs"); do measure cards "$count" "$work/card-cache"; done | median)
for result in "$cold" "$warm" "$rehash" "$bigrun" "$cards_cold" "$cards_warm"; do
  [ -n "$result" ] || { echo "bench/images.sh: a run failed" >&2; exit 1; }
done
photo_mb=$(du -sm "$photos" | cut -f1)
big_mb=$(($(stat -c %s "$big/photo-0000.jpg") / 1000000))
variants_mb=$(du -sm "$cache/images" | cut -f1)

{
  echo "Media step, $count photos of 4000x3000 ($photo_mb MB of JPEG), $(nproc) cores, $(date -u +%Y-%m-%d); medians of $runs (warm: $warm_runs)."
  echo
  echo "| run | wall | CPU | peak RSS | encodes | hashes |"
  echo "|---|--:|--:|--:|--:|--:|"
  row "cold (empty cache)" "$cold"
  row "warm (cache full)" "$warm"
  row "warm, sources read and hashed" "$rehash"
  row "one $big_mb MB photo, 8000x6000, cold" "$bigrun"
  row "$count share cards, cold (encodes: cards drawn)" "$cards_cold"
  row "$count share cards, warm" "$cards_warm"
  echo
  echo "Variants in the cache: $variants_mb MB ($((count * 6)) files)."
} | tee "$work/results.md"
