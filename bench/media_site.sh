#!/bin/sh
# A whole site's build with photos (issue 15): `briefing build` of a generated site of
# 200 it/en pairs whose every briefing has a 4000x3000 cover photo beside it, cold (empty
# media cache) and warm (cache full), against the same site without any image, timed in
# the same run, interleaved, on the same disk.
#
#   bench/media_site.sh                                # 200 photos; cold x1, warm x7
#   BENCH_IMAGES=20 BENCH_RUNS=3 bench/media_site.sh   # a quick check
#
# The target: a warm build within 10% of the build without images. Prints a Markdown
# table and keeps it in bench/work/media-site/results.md. Needs GNU time (/usr/bin/time)
# and python3. The photos are bench/images.sh's (bench/work/images/photos-N, made once);
# the sites hard-link them, so they cost no extra disk.
set -eu
cd "$(dirname "$0")/.."
count=${BENCH_IMAGES:-200}
runs=${BENCH_RUNS:-7}
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
# and an `image:` cover in both languages.
python3 bench/gen.py --pairs "$count" --out "$plain"
python3 bench/gen.py --pairs "$count" --out "$pictured"
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
# One untimed build of the plain site fills its cache of share cards.
measure "$plain" "$work/out-plain" >/dev/null
: >"$work/warm.txt"
: >"$work/none.txt"
for _ in $(seq "$runs"); do
  measure "$plain" "$work/out-plain" >>"$work/none.txt"
  measure "$pictured" "$work/out-photos" >>"$work/warm.txt"
done
warm=$(median <"$work/warm.txt")
none=$(median <"$work/none.txt")
ratio=$(echo "${warm%% *} ${none%% *}" | awk '{ printf "%.2f", $1 / $2 }')
out_mb=$(du -sm "$work/out-photos" | cut -f1)
plain_mb=$(du -sm "$work/out-plain" | cut -f1)
published=$(find "$work/out-photos/media" -type f | wc -l)
cache_mb=$(du -sm "$pictured/.briefing-cache" | cut -f1)

{
  echo "briefing build, $count it/en pairs, a 4000x3000 JPEG cover on each ($(du -smL "$photos" | cut -f1) MB), $(nproc) cores, $(date -u +%Y-%m-%d); cold: median of $cold_runs, warm and no images: medians of $runs, interleaved."
  echo
  echo "| build | wall | CPU | peak RSS |"
  echo "|---|--:|--:|--:|"
  row "photos, cold (empty cache)" "$cold"
  row "photos, warm (cache full)" "$warm"
  row "same site, no images" "$none"
  echo
  echo "Warm / no images: **$ratio** (target: at most 1.10). Output: $out_mb MB with photos ($published files under media/), $plain_mb MB without; media cache: $cache_mb MB."
  echo "Wall times of every warm run: $(cut -d' ' -f1 "$work/warm.txt" | tr '\n' ' '); no images: $(cut -d' ' -f1 "$work/none.txt" | tr '\n' ' ')"
} | tee "$work/results.md"
