#!/bin/sh
# A whole site's build with photos (issue 15): `briefing build` of a generated site of
# 200 it/en pairs whose every briefing has a 4000x3000 cover photo beside it, cold (empty
# media cache) and warm (cache full), against the same site without any image, timed in
# the same run, interleaved, on the same disk.
#
#   bench/media_site.sh                                # 200 photos; cold x1, warm x9
#   BENCH_IMAGES=20 BENCH_RUNS=3 bench/media_site.sh   # a quick check
#   BENCH_COLD_RUNS=0 bench/media_site.sh              # warm runs only, the cache kept
#   BENCH_BINS="/tmp/briefing-old target/release/briefing" BENCH_COLD_RUNS=0 bench/media_site.sh
#                                                      # two binaries in the same rounds
#
# The target: a warm build within 10% of the build without images, in the two warm
# cases a user meets: a rebuild into the previous output (incremental: nothing changed,
# so nothing is written) and a `--clean` build (the whole output made and swapped).
# Each round builds, for every binary, both sites in both modes; the order is reversed
# every other round, so drift hits all alike. Each binary builds into outputs of its
# own (a manifest only trusts the binary that wrote it); they share the media cache.
# Prints a Markdown table (medians of wall and CPU time, each on its own, and their
# ratios) and keeps it in bench/work/media-site/results.md. Every timed run starts
# after a `sync` (not timed), so the previous build's write-back does not land in it;
# the load average is printed before and after. Needs GNU time (/usr/bin/time) and python3. The photos are bench/images.sh's (bench/work/images/photos-N, made once);
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

# One timed build of site $1 into $2 by binary $3 (more arguments: options); prints
# "wall cpu peak_rss_kib".
measure() {
  m_root=$1 m_out=$2 m_exe=$3
  shift 3
  sync
  /usr/bin/time -f "TIME %e %U %S %M" "$m_exe" build --root "$m_root" --output "$m_out" "$@" \
    >"$work/build.log" 2>"$work/time.log" || {
    cat "$work/build.log" "$work/time.log" >&2
    exit 1
  }
  set -- $(grep '^TIME' "$work/time.log")
  printf '%s %.2f %s\n' "$2" "$(echo "$3 + $4" | bc)" "$5"
}

# Median of column $1 (1: wall, 2: CPU, 3: RSS) of the file $2.
median_of() {
  cut -d' ' -f"$1" "$2" | sort -n | awk '{ v[NR] = $0 } END { print v[int((NR + 1) / 2)] }'
}

bins=${BENCH_BINS:-$bin}
cold=
if [ "$cold_runs" -gt 0 ]; then
  : >"$work/cold.txt"
  for _ in $(seq "$cold_runs"); do
    rm -rf "$pictured/.briefing-cache"
    measure "$pictured" "$work/out-photos-cold" "$bin" --clean >>"$work/cold.txt"
  done
  cold="$(median_of 1 "$work/cold.txt") s | $(median_of 2 "$work/cold.txt") s | $(($(median_of 3 "$work/cold.txt") / 1024)) MiB"
  rm -rf "$work/out-photos-cold"
else
  # The photos are linked again, so their status-change times moved: one untimed
  # build reads them once (and encodes them, if the cache is empty).
  measure "$pictured" "$work/out-photos-cold" "$bin" >/dev/null
  rm -rf "$work/out-photos-cold"
fi

# Untimed: each binary fills its outputs (and the plain site's cache of share cards),
# then rebuilds once, so every timed incremental build finds its own manifest.
n=0
for exe in $bins; do
  n=$((n + 1))
  for site in plain photos; do
    root=$plain
    [ "$site" = photos ] && root=$pictured
    measure "$root" "$work/out-$site-$n" "$exe" --clean >/dev/null
    measure "$root" "$work/out-$site-$n" "$exe" >/dev/null
    for mode in incremental clean; do
      : >"$work/t-$n-$mode-$site.txt"
    done
  done
done

# Every (binary, mode, site) of one round, in order; reversed every other round.
plan() {
  n=0
  for exe in $bins; do
    n=$((n + 1))
    for mode in incremental clean; do
      for site in plain photos; do
        echo "$n $exe $mode $site"
      done
    done
  done
}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
round=0
for _ in $(seq "$runs"); do
  if [ $((round % 2)) -eq 0 ]; then order=cat; else order=tac; fi
  plan | $order | while read -r n exe mode site; do
    root=$plain
    [ "$site" = photos ] && root=$pictured
    if [ "$mode" = clean ]; then
      measure "$root" "$work/out-$site-$n" "$exe" --clean
    else
      measure "$root" "$work/out-$site-$n" "$exe"
    fi >>"$work/t-$n-$mode-$site.txt"
  done
  round=$((round + 1))
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

ratio() {
  echo "$1 $2" | awk '{ printf "%.2f", $1 / $2 }'
}
out_mb=$(du -sm "$work/out-photos-1" | cut -f1)
plain_mb=$(du -sm "$work/out-plain-1" | cut -f1)
published=$(find "$work/out-photos-1/media" -type f | wc -l)
cache_mb=$(du -sm "$pictured/.briefing-cache" | cut -f1)

{
  echo "briefing build, $count it/en pairs, a 4000x3000 JPEG cover on each ($(du -smL "$photos" | cut -f1) MB), $(nproc) cores, $(date -u +%Y-%m-%d); cold: median of $cold_runs (0: not run); warm: medians of $runs rounds, interleaved, each run after a sync (wall and CPU medians taken separately); load average $load_before before the warm runs, $load_after after."
  echo
  if [ -n "$cold" ]; then
    echo "Cold (empty media cache, \`--clean\`): $cold wall, CPU, peak RSS."
    echo
  fi
  echo "| binary | warm build | photos wall | no images wall | wall ratio | photos CPU | no images CPU | CPU ratio |"
  echo "|---|---|--:|--:|--:|--:|--:|--:|"
  n=0
  for exe in $bins; do
    n=$((n + 1))
    for mode in incremental clean; do
      p=$work/t-$n-$mode-photos.txt
      q=$work/t-$n-$mode-plain.txt
      pw=$(median_of 1 "$p") qw=$(median_of 1 "$q") pc=$(median_of 2 "$p") qc=$(median_of 2 "$q")
      label="rebuild into the previous output"
      [ "$mode" = clean ] && label="\`--clean\`"
      echo "| \`$exe\` | $label | $pw s | $qw s | **$(ratio "$pw" "$qw")** | $pc s | $qc s | **$(ratio "$pc" "$qc")** |"
    done
  done
  echo
  echo "Target: at most 1.10. Output: $out_mb MB with photos ($published files under media/), $plain_mb MB without; media cache: $cache_mb MB."
  n=0
  for exe in $bins; do
    n=$((n + 1))
    for mode in incremental clean; do
      echo "Wall times, \`$exe\`, $mode: photos $(cut -d' ' -f1 "$work/t-$n-$mode-photos.txt" | tr '\n' ' '); no images $(cut -d' ' -f1 "$work/t-$n-$mode-plain.txt" | tr '\n' ' ')"
    done
  done
} | tee "$work/results.md"
