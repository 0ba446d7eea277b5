#!/usr/bin/env python3
"""Search benchmark: index size per language and query time in headless Chromium.

    python3 bench/search.py                       # 5000 pairs = 10,000 pages
    python3 bench/search.py --pairs 500 --runs 3  # a quick check

Generates the corpus with bench/gen.py (unless --corpus names a built one), builds it
with target/release/briefing (run `cargo build --release` first), then opens each
language's search page from disk (file://) in headless Chromium through chromedriver
and times queries. Prints a Markdown report; figures are for reading, not for gating.

What is timed, per query, in the page itself (performance.now()):
- "first": the query in the page's ?q=, run as the page loads (cold: its posting lists
  are decoded for the first time);
- "again": the same query submitted again on the same page (warm: decoded lists are
  cached), median of --runs;
- both cover matching, ranking and rendering the first page of results, not the body
  snippets, which arrive with their text shard; "snippets" is the time from the
  search to the last snippet on screen (shards loaded with <script>, from disk);
- "load": navigation start to the end of the page's load event, which includes reading
  and parsing search-index.LANG.js and running the initial query.

Needs python3, chromium and chromedriver (Debian packages chromium, chromium-driver).
"""

import argparse
import gzip
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEARCH_PAGES = {"it": "it/cerca/index.html", "en": "en/search/index.html"}
QUERIES = {
    "it": ["kazak", "città", "consorzio imprese", "ferroviaria pechino", "d", "zanzibar"],
    "en": ["kazakh", "railway", "joint committee", "development bank beijing", "t", "zanzibar"],
}
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=5000)
    parser.add_argument("--corpus", type=Path, help="an existing corpus (default: generate)")
    parser.add_argument("--out", type=Path, help="build output (default: a temporary folder)")
    parser.add_argument("--binary", type=Path, default=REPO / "target/release/briefing")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    if not args.binary.exists():
        sys.exit(f"{args.binary} is missing: run `cargo build --release` first")
    scratch = Path(tempfile.mkdtemp(prefix="briefing-search-bench-"))
    try:
        corpus = args.corpus
        if corpus is None:
            corpus = scratch / "corpus"
            subprocess.run(
                [sys.executable, str(REPO / "bench/gen.py"), "--pairs", str(args.pairs),
                 "--out", str(corpus)],
                check=True, stdout=subprocess.DEVNULL,
            )
        out = args.out or scratch / "public"
        started = time.monotonic()
        built = subprocess.run(
            [str(args.binary), "build", "--root", str(corpus), "--output", str(out)],
            check=True, capture_output=True, text=True,
        )
        print(f"built in {time.monotonic() - started:.1f} s: {built.stdout.strip()}\n")
        report_sizes(out)
        report_times(out, args.runs)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def report_sizes(out):
    print("| language | documents | search-index.LANG.js | gzipped | text shards | shard bytes |")
    print("|---|---:|---:|---:|---:|---:|")
    for lang in SEARCH_PAGES:
        index = (out / f"search-index.{lang}.js").read_bytes()
        docs = len(json.loads(index[index.index(b"{"): index.rindex(b"}") + 1])["docs"])
        shards = sorted((out / "search-text" / lang).glob("*.js")) if (out / "search-text").exists() else []
        shard_bytes = sum(p.stat().st_size for p in shards)
        print(f"| {lang} | {docs} | {kib(len(index))} | {kib(len(gzip.compress(index)))} "
              f"| {len(shards)} | {kib(shard_bytes)} |")
    print()


def kib(n):
    return f"{n / 1024:,.0f} KiB" if n < 10 * 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MiB"


def report_times(out, runs):
    driver = Driver()
    try:
        print("| language | query | results | first (ms) | again, median (ms) | snippets (ms) | load (ms) |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for lang, page in SEARCH_PAGES.items():
            for query in QUERIES[lang]:
                url = (out / page).resolve().as_uri() + "?q=" + urllib.parse.quote_plus(query)
                driver.open(url)
                first = driver.wait_for("""
                    const app = document.getElementById('search-app');
                    const nav = performance.getEntriesByType('navigation')[0];
                    if (!app.dataset.lastSearchMs || !nav || !nav.loadEventEnd) return null;
                    return {ms: +app.dataset.lastSearchMs, load: nav.loadEventEnd,
                            results: document.querySelectorAll('#search-results > li').length,
                            status: document.getElementById('search-status').textContent};
                """)
                again = []
                snippets = []
                for _ in range(runs):
                    timing = driver.execute_async("""
                        const done = arguments[arguments.length - 1];
                        const input = document.getElementById('search-query');
                        const query = input.value;
                        input.value = '';
                        input.form.requestSubmit();
                        input.value = query;
                        const t0 = performance.now();
                        input.form.requestSubmit();
                        const ms = +document.getElementById('search-app').dataset.lastSearchMs;
                        const app = document.getElementById('search-app');
                        const shown = () => app.dataset.pendingSnippets === '0';
                        const wait = () => shown() || performance.now() - t0 > 10000
                            ? done({ms, snippets: performance.now() - t0})
                            : setTimeout(wait, 2);
                        wait();
                    """)
                    again.append(timing["ms"])
                    snippets.append(timing["snippets"])
                count = first["status"].split(" ")[0] if first["results"] else "0"
                print(f"| {lang} | `{query}` | {count} | {first['ms']:.1f} "
                      f"| {statistics.median(again):.1f} | {statistics.median(snippets):.0f} "
                      f"| {first['load']:.0f} |")
        print()
        print("Snippets: until every result on screen has its text shard (or the shard "
              "failed to load); 10000 means they never all arrived.")
    finally:
        driver.quit()


class Driver:
    """A headless Chromium session through chromedriver's W3C WebDriver API."""

    def __init__(self):
        for tool in (CHROMIUM, CHROMEDRIVER):
            if not os.path.exists(tool):
                sys.exit(f"{tool} is missing: apt-get install chromium chromium-driver")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.profile = tempfile.mkdtemp(prefix="briefing-search-chromium-")
        self.process = subprocess.Popen(
            [CHROMEDRIVER, f"--port={self.port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                if self.request("GET", "/status")["ready"]:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                sys.exit("chromedriver did not start")
            time.sleep(0.05)
        args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                f"--user-data-dir={self.profile}", "--window-size=1280,900"]
        session = self.request("POST", "/session", {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args},
            "timeouts": {"pageLoad": 120000, "script": 120000},
        }}})
        self.session = f"/session/{session['sessionId']}"

    def request(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", data=data, method=method,
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=180) as response:
                return json.load(response)["value"]
        except urllib.error.HTTPError as error:
            sys.exit(f"{method} {path}: {error.read().decode(errors='replace')[:500]}")

    def open(self, url):
        self.request("POST", f"{self.session}/url", {"url": url})

    def execute(self, script):
        return self.request("POST", f"{self.session}/execute/sync", {"script": script, "args": []})

    def execute_async(self, script):
        return self.request("POST", f"{self.session}/execute/async", {"script": script, "args": []})

    def wait_for(self, script, timeout=60):
        deadline = time.monotonic() + timeout
        while True:
            value = self.execute(script)
            if value is not None:
                return value
            if time.monotonic() > deadline:
                sys.exit("the search page never finished its first search")
            time.sleep(0.02)

    def quit(self):
        try:
            self.request("DELETE", self.session)
        except (AttributeError, SystemExit):
            pass
        self.process.terminate()
        self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


if __name__ == "__main__":
    main()
