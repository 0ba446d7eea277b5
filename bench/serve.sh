#!/usr/bin/env bash
# bench/serve.sh: how long from saving a briefing to `briefing serve` serving the
# reloaded page, on the repository's site and on a generated corpus (issue 5).
#
#   bench/serve.sh                       # repo site + 5,000 pairs (10,000 briefings), 10 saves each
#   SERVE_PAIRS=0 bench/serve.sh         # the repository's site only
#   SERVE_RUNS=20 SERVE_PAIRS="1000 5000" bench/serve.sh
#   SERVE_EDIT=slug bench/serve.sh       # each save gives the briefing a new slug and
#                                        # its old URLs as aliases (issue 14)
#
# One run: append a line to a briefing's body, then wait for the server's event stream to
# announce the new build (what makes an open tab reload) and for a GET of that page to
# return the new text. The time is from just before the write to the end of that GET; the
# browser's own reload and paint are not included. Between saves the script waits for the
# server to go idle (the feeds, search index and sitemap, which it brings up to date once
# the edits pause, caught up), so each save is measured on its own.
# For comparison it times a full `briefing build` of the same site (best of 3).
#
# Scratch: bench/work/serve/ (gitignored). Standard tools only: bash, python3.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH")"
RUNS="${SERVE_RUNS:-10}"
PAIRS="${SERVE_PAIRS:-5000}"
WORK="$BENCH/work/serve"
BIN="$REPO/target/release/briefing"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

say "building target/release/briefing"
(cd "$REPO" && cargo build --release --quiet)
mkdir -p "$WORK"

SITES=()
say "copying the repository's site"
rm -rf "$WORK/site"
mkdir -p "$WORK/site"
for part in content templates static site.yaml ui.yaml; do
    [ -e "$REPO/$part" ] && cp -r "$REPO/$part" "$WORK/site/"
done
SITES+=("$WORK/site")
for n in $PAIRS; do
    [ "$n" = 0 ] && continue
    say "generating a corpus of $n pairs"
    python3 "$BENCH/gen.py" --pairs "$n" --out "$WORK/corpus-$n" --repo "$REPO" >/dev/null
    SITES+=("$WORK/corpus-$n")
done

results="$WORK/results.md"
printf '| site | pages | full build (ms) | save to served: median (ms) | min | max | median / build |\n|---|---:|---:|---:|---:|---:|---:|\n' >"$results"

for site in "${SITES[@]}"; do
    say "timing $site"
    best=""
    pages=""
    for _ in 1 2 3; do
        line="$("$BIN" build --root "$site" --output "$WORK/public-$(basename "$site")")"
        ms="$(sed -E 's/.* in ([0-9]+) ms.*/\1/' <<<"$line")"
        pages="$(sed -E 's/^built ([0-9]+) pages.*/\1/' <<<"$line")"
        if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best="$ms"; fi
    done
    rm -rf "$WORK/public-$(basename "$site")"
    log="$WORK/serve-$(basename "$site").log"
    "$BIN" serve --root "$site" --port 0 >"$log" 2>&1 &
    server=$!
    # shellcheck disable=SC2064
    trap "kill -INT $server 2>/dev/null || true" EXIT
    python3 - "$site" "$log" "$RUNS" "$best" "$pages" "${SERVE_EDIT:-body}" >>"$results" <<'PY'
import json, os, re, socket, statistics, sys, time, urllib.request
from pathlib import Path

site, log, runs, build_ms, pages = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
mode = sys.argv[6]
deadline = time.time() + 600
port = None
while port is None:
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", log.read_text())
    if m:
        port = int(m.group(1))
    elif time.time() > deadline:
        sys.exit("the server did not start")
    else:
        time.sleep(0.05)

# The briefing to edit: the first Italian one, by file name.
file = sorted((site / "content/briefings").glob("*.it.md"))[0]
text = file.read_text()
slug = re.search(r'^slug:\s*"?([^"\n]+)"?\s*$', text, re.M).group(1)
# The Italian URL segment of the briefings section (`slug: { it: analisi, ... }` under it).
section = re.search(r"^  briefings:\n(?:    .*\n)*?    slug:\s*\{\s*it:\s*([\w-]+)", (site / "site.yaml").read_text(), re.M).group(1)
page = f"http://127.0.0.1:{port}/it/{section}/{slug}/index.html"

def get(url):
    with urllib.request.urlopen(url, timeout=60) as r:
        return r.read().decode()

def status():
    return json.loads(get(f"http://127.0.0.1:{port}/__briefing/status"))

def idle():
    # Idle: the last thing the server logged is not an incremental update whose
    # feeds, search index and sitemap are still to catch up.
    while True:
        lines = [l for l in log.read_text().splitlines()
                 if re.match(r"(fixed; )?(built|rebuilt|updated)|  feeds", l)]
        if lines and not re.match(r"(fixed; )?updated", lines[-1]):
            return
        time.sleep(0.05)

assert "<html" in get(page), page
sock = socket.create_connection(("127.0.0.1", port))
sock.sendall(f"GET /__briefing/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".encode())
stream = sock.makefile("rb")

def next_status():
    for raw in stream:
        line = raw.decode().strip()
        if line.startswith("data: "):
            return json.loads(line[6:])
    sys.exit("the event stream ended")

build = next_status()["build"]
times = []
for run in range(runs):
    idle()
    marker = f"Bench edit {run} {time.time_ns()}"
    old_page = page
    if mode == "slug":
        # A new slug, and every URL the page had as an alias.
        new_slug = f"{slug}-r{run}"
        olds = [f"/it/{section}/{slug}/"] + [f"/it/{section}/{slug}-r{k}/" for k in range(run)]
        edited = re.sub(r"^slug:.*$", f"slug: {new_slug}\naliases: [{', '.join(olds)}]", text, count=1, flags=re.M)
        page = f"http://127.0.0.1:{port}/it/{section}/{new_slug}/index.html"
    started = time.perf_counter()
    if mode == "slug":
        file.write_text(edited + f"\n{marker}\n")
    else:
        with open(file, "a") as f:
            f.write(f"\n{marker}\n")
    while True:
        s = next_status()
        if s["problems"]:
            sys.exit(f"the edit broke the build: {s['problems']}")
        if s["build"] > build:
            build = s["build"]
            break
    body = get(page)
    elapsed = (time.perf_counter() - started) * 1000
    assert marker in body, "the new build does not show the edit"
    if mode == "slug":
        assert "http-equiv=\"refresh\"" in get(old_page), "the old URL does not redirect"
    times.append(elapsed)
file.write_text(text)
idle()
median = statistics.median(times)
name = "repository site" if site.name == "site" else site.name
name += " (new slug)" if mode == "slug" else ""
print(f"| {name} | {pages} | {build_ms} | {median:.0f} | {min(times):.0f} | {max(times):.0f} | {median / build_ms:.0%} |")
PY
    kill -INT "$server"
    wait "$server" || true
    trap - EXIT
done

say "results (also in $results)"
cat "$results"
