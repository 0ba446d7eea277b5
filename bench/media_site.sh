#!/bin/sh
# A whole site's build with photos (issue 15): `briefing build` of a generated site of
# 200 it/en pairs whose every briefing has a 4000x3000 cover photo beside it, cold (empty
# media cache) and warm (cache full), against the same site without any image, timed in
# the same run, interleaved, on the same disk.
#
#   bench/media_site.sh                                # 200 photos; cold x1, warm x9
#   BENCH_IMAGES=20 BENCH_RUNS=3 bench/media_site.sh   # a quick check
#   BENCH_COLD_RUNS=0 bench/media_site.sh              # warm runs only, the cache kept
#
# The target: a warm build within 10% of the build without images. Prints a Markdown
# table and keeps it in bench/work/media-site/results.md. Every timed run starts after
# a `sync` (not timed), so the previous build's write-back does not land in it, and the
# two builds alternate in order (A B, B A, ...), so drift hits both alike; the load
# average is printed before and after. Needs GNU time (/usr/bin/time) and python3. The photos are bench/images.sh's (bench/work/images/photos-N, made once);
# the sites hard-link them, so they cost no extra disk.
set -eu
cd "$(dirname "$0")/.."
count=${BENCH_IMAGES:-200}
runs=${BENCH_RUNS:-9}
cold_runs=${BENCH_COLD_RUNS:-1}
work=bench/work/media-site
photos=bench/work/images/photos-$count
plain=$work/plain
pictured=$work/photos
mkdir -p "$work"

if [ ! -x /usr/bin/time ]; then
  echo "bench/media_site.sh: GNU time is missing (apt-get install time)" >&2
  exit 1
fi
cargo build --release --bin briefing --example media_bench >&2
bin=target/release/briefing

if [ ! -f "$photos/.complete" ]; then
  rm -rf "$photos"
  echo "generating $count photos of 4000x3000 in $photos ..." >&2
  target/release/examples/media_bench generate "$photos" "$count" 4000 3000 90 16
  touch "$photos/.complete"
fi

# The same corpus twice; the second gets a folder with a photo beside every briefing
# and an `image:` cover in both languages. Without cold runs, the media cache of the
# last run is kept across the regeneration.
stash=$work/cache-stash
rm -rf "$stash"
if [ "$cold_runs" -eq 0 ] && [ -d "$pictured/.briefing-cache" ]; then
  mv "$pictured/.briefing-cache" "$stash"
fi
python3 bench/gen.py --pairs "$count" --out "$plain"
python3 bench/gen.py --pairs "$count" --out "$pictured"
if [ -d "$stash" ]; then
  mv "$stash" "$pictured/.briefing-cache"
fi
i=0
while [ "$i" -lt "$count" ]; do
  name=$(printf 'bench-%05d' $((i + 1)))
  folder=$pictured/content/briefings/$name
  mkdir -p "$folder"
  source=$photos/$(printf 'photo-%04d.jpg' "$i")
  ln "$source" "$folder/photo.jpg" 2>/dev/null || cp "$source" "$folder/photo.jpg"
  for lang in it en; do
    sed -i "/^slug: /a image: { src: $name/photo.jpg, alt: \"Photo $i\", credit: \"Bench / Generated\" }" \
      "$pictured/content/briefings/$name.$lang.md"
  done
  i=$((i + 1))
done

# One timed build: prints "wall cpu peak_rss_kib".
measure() {
  sync
  /usr/bin/time -f "TIME %e %U %S %M" "$bin" build --root "$1" --output "$2" \
    >"$work/build.log" 2>"$work/time.log" || {
    cat "$work/build.log" "$work/time.log" >&2
    exit 1
  }
  set -- $(grep '^TIME' "$work/time.log")
  printf '%s %.2f %s\n' "$2" "$(echo "$3 + $4" | bc)" "$5"
}

# Median run by wall time.
median() {
  sort -n | awk '{ line[NR] = $0 } END { print line[int((NR + 1) / 2)] }'
}

row() {
  label=$1
  set -- $2
  printf '| %s | %s s | %s s | %s MiB |\n' "$label" "$1" "$2" "$(($3 / 1024))"
}

cold=$(for _ in $(seq "$cold_runs"); do
  rm -rf "$pictured/.briefing-cache"
  measure "$pictured" "$work/out-photos"
done | median)
if [ "$cold_runs" -eq 0 ]; then
  # The photos are linked again, so their status-change times moved: one untimed
  # build reads them once (and encodes them, if the cache is empty).
  measure "$pictured" "$work/out-photos" >/dev/null
fi
# One untimed build of the plain site fills its cache of share cards.
measure "$plain" "$work/out-plain" >/dev/null
: >"$work/warm.txt"
: >"$work/none.txt"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
round=0
for _ in $(seq "$runs"); do
  if [ $((round % 2)) -eq 0 ]; then
    measure "$plain" "$work/out-plain" >>"$work/none.txt"
    measure "$pictured" "$work/out-photos" >>"$work/warm.txt"
  else
    measure "$pictured" "$work/out-photos" >>"$work/warm.txt"
    measure "$plain" "$work/out-plain" >>"$work/none.txt"
  fi
  round=$((round + 1))
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
warm=$(median <"$work/warm.txt")
none=$(median <"$work/none.txt")
ratio=$(echo "${warm%% *} ${none%% *}" | awk '{ printf "%.2f", $1 / $2 }')
# CPU medians on their own (the median run by wall time need not have the median CPU).
cpu_median() {
  cut -d' ' -f2 "$1" | sort -n | awk '{ v[NR] = $0 } END { print v[int((NR + 1) / 2)] }'
}
cpu_ratio=$(echo "$(cpu_median "$work/warm.txt") $(cpu_median "$work/none.txt")" | awk '{ printf "%.2f", $1 / $2 }')
out_mb=$(du -sm "$work/out-photos" | cut -f1)
plain_mb=$(du -sm "$work/out-plain" | cut -f1)
published=$(find "$work/out-photos/media" -type f | wc -l)
cache_mb=$(du -sm "$pictured/.briefing-cache" | cut -f1)

{
  echo "briefing build, $count it/en pairs, a 4000x3000 JPEG cover on each ($(du -smL "$photos" | cut -f1) MB), $(nproc) cores, $(date -u +%Y-%m-%d); cold: median of $cold_runs (0: not run), warm and no images: medians of $runs, interleaved, each after a sync; load average $load_before before the warm runs, $load_after after."
  echo
  echo "| build | wall | CPU | peak RSS |"
  echo "|---|--:|--:|--:|"
  if [ -n "$cold" ]; then
    row "photos, cold (empty cache)" "$cold"
  fi
  row "photos, warm (cache full)" "$warm"
  row "same site, no images" "$none"
  echo
  echo "Warm / no images: **$ratio** wall, $cpu_ratio CPU (medians of CPU alone: $(cpu_median "$work/warm.txt") s / $(cpu_median "$work/none.txt") s; target: at most 1.10). Output: $out_mb MB with photos ($published files under media/), $plain_mb MB without; media cache: $cache_mb MB."
  echo "Wall times of every warm run: $(cut -d' ' -f1 "$work/warm.txt" | tr '\n' ' '); no images: $(cut -d' ' -f1 "$work/none.txt" | tr '\n' ' ')"
} | tee "$work/results.md"
