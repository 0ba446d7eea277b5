//! The reader's checks in headless Chromium: axe-core on every page type, the search
//! page's layout shift, the phone layout, and every briefing printed to an A4 PDF.
//!
//! One build of the real site, one loopback server and one browser session serve every
//! case. The checks run first on pages made to fail them (`self_checks`), so a check
//! that cannot fail fails the test. PDFs are kept in `target/print/` to look at.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use base64::Engine as _;
use common::browser::{self, Browser, browser_available};
use common::http::StaticServer;
use common::pages::{build_site, classify, html_pages, pages_by_kind};
use common::tools::missing_tool;
use serde_json::{Value, json};

/// axe-core, from `npm ci --ignore-scripts` (pinned in package-lock.json).
const AXE: &str = "node_modules/axe-core/axe.min.js";
/// A phone (iPhone 12-15 class, CSS pixels) and a laptop.
const PHONE: (u32, u32) = (390, 844);
const DESKTOP: (u32, u32) = (1280, 900);
/// A smaller phone (iPhone SE and mini class), where lines wrap at other words.
const SMALL_PHONE: (u32, u32) = (375, 667);
/// The phone header may take this much of the first screen (CSS pixels).
const MAX_HEADER: f64 = 128.0;
/// A briefing prints on this many A4 pages at most.
const MAX_PRINTED_PAGES: usize = 4;
/// The search page's layout shift stays below this as results arrive.
const MAX_SHIFT: f64 = 0.02;
/// A word the briefings certainly contain.
const SEARCH_WORD: &str = "astana";
/// Page types that must exist in each language (body class, or `search`).
const KINDS: [&str; 8] = [
    "home",
    "list",
    "briefing",
    "page",
    "taxonomy",
    "term",
    "timeline-page",
    "search",
];

const AXE_RUN: &str = include_str!("reader/axe.js");
const SHIFT_JS: &str = include_str!("reader/shift.js");
const LAYOUT_JS: &str = include_str!("reader/layout.js");
const HEADINGS_JS: &str = include_str!("reader/headings.js");

/// One page to check: its path below the server's root (with `?q=` for search) and its
/// type.
#[derive(Debug, Clone)]
struct Case {
    page: String,
    kind: String,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reader_meets_no_barrier() {
    if !tools_available() {
        return;
    }
    let started = Instant::now();
    let work = tempfile::tempdir().unwrap();
    let public = work.path().join("public");
    build_site(&public);
    let fixture = work.path().join("selfcheck");
    write_self_check_pages(&fixture);
    let server = StaticServer::start(work.path(), "/").unwrap();
    let browser = Browser::start().await.expect("cannot start the browser");
    let axe = std::fs::read_to_string(AXE).unwrap();

    let mut failures = Vec::new();
    let mut figures = Figures::default();
    let run = async {
        self_checks(&browser, &server, &axe, &mut failures).await?;
        let cases = site_cases(&public, &mut failures);
        axe_everywhere(&browser, &server, &axe, &cases, &mut failures, &mut figures).await?;
        search_shift(&browser, &server, &cases, &mut failures, &mut figures).await?;
        phone_layout(&browser, &server, &cases, &mut failures, &mut figures).await?;
        lines_hold(&browser, &server, &cases, &mut failures).await?;
        feed_pages(&browser, &server, &public, &mut failures).await?;
        print_briefings(&browser, &server, &public, &mut failures, &mut figures).await
    };
    let checked = run.await;
    figures.print(started);
    browser
        .finish(checked, failures, "a reader would meet")
        .await;
}

/// What the run measured, printed at the end (the README and the issue quote it).
#[derive(Default)]
struct Figures {
    axe_runs: usize,
    axe_violations: usize,
    shifts: Vec<String>,
    layout: Vec<String>,
    printed: Vec<String>,
}

impl Figures {
    fn print(&self, started: Instant) {
        eprintln!(
            "reader test: {} axe runs, {} violations; {:.1?} in all",
            self.axe_runs,
            self.axe_violations,
            started.elapsed()
        );
        for line in self.shifts.iter().chain(&self.layout).chain(&self.printed) {
            eprintln!("  {line}");
        }
        eprintln!("  PDFs in {}", print_dir().display());
    }
}

// --- The checks on the real site -----------------------------------------------------

/// axe-core on every case, light and dark, at phone and laptop width: no violation.
async fn axe_everywhere(
    browser: &Browser,
    server: &StaticServer,
    axe: &str,
    cases: &[Case],
    failures: &mut Vec<String>,
    figures: &mut Figures,
) -> browser::Result<()> {
    for case in cases {
        set_viewport(browser, DESKTOP).await?;
        browser.open(&server.url_of(&case.page)).await?;
        for scheme in ["light", "dark"] {
            set_scheme(browser, scheme).await?;
            for (width, height) in [PHONE, DESKTOP] {
                set_viewport(browser, (width, height)).await?;
                let context = format!("axe {} [{scheme}, {width} px]", case.page);
                let found = run_axe(browser, axe).await?;
                figures.axe_runs += 1;
                figures.axe_violations += found.len();
                failures.extend(found.into_iter().map(|v| format!("{context}: {v}")));
            }
        }
        set_scheme(browser, "light").await?;
    }
    Ok(())
}

/// The search page with results, in each language at both widths: shift below 0.02.
async fn search_shift(
    browser: &Browser,
    server: &StaticServer,
    cases: &[Case],
    failures: &mut Vec<String>,
    figures: &mut Figures,
) -> browser::Result<()> {
    for case in cases.iter().filter(|c| c.kind == "search") {
        for (width, height) in [PHONE, DESKTOP] {
            let (shift, results) =
                measure_shift(browser, &server.url_of(&case.page), width, height).await?;
            figures.shifts.push(format!(
                "layout shift {} at {width} px: {shift:.4} ({results} results)",
                case.page
            ));
            if results == 0 {
                failures.push(format!(
                    "{} at {width} px: no results for {SEARCH_WORD:?}",
                    case.page
                ));
            }
            if shift >= MAX_SHIFT {
                failures.push(format!(
                    "{} at {width} px: the layout shifts by {shift:.3} as results arrive (limit {MAX_SHIFT})",
                    case.page
                ));
            }
        }
    }
    set_viewport(browser, DESKTOP).await
}

/// Every case at phone width: a compact header with one row of navigation, no page
/// wider than the screen, dates in one piece, chart labels clear of the axis, arrows
/// beside their words, and a briefing's text starting on the first screen.
async fn phone_layout(
    browser: &Browser,
    server: &StaticServer,
    cases: &[Case],
    failures: &mut Vec<String>,
    figures: &mut Figures,
) -> browser::Result<()> {
    set_viewport(browser, PHONE).await?;
    for case in cases {
        browser.open(&server.url_of(&case.page)).await?;
        let layout = browser.client().execute(LAYOUT_JS, vec![]).await?;
        let problems = layout_problems(&layout, case.kind == "briefing");
        failures.extend(
            problems
                .into_iter()
                .map(|p| format!("{} at {} px: {p}", case.page, PHONE.0)),
        );
        if ["home", "briefing"].contains(&case.kind.as_str()) {
            figures.layout.push(format!(
                "{} at 390x844: header {} px, prose starts at {} px, nav rows {}",
                case.page, layout["header"], layout["proseTop"], layout["navRows"]
            ));
        }
    }
    set_viewport(browser, DESKTOP).await
}

/// Every case at a small phone's width and at laptop width: dates in one piece and
/// arrows beside their words there too (the 404 page's arrow once wrapped alone at
/// 1280 px and at 365-375 px, not at 390).
async fn lines_hold(
    browser: &Browser,
    server: &StaticServer,
    cases: &[Case],
    failures: &mut Vec<String>,
) -> browser::Result<()> {
    for (width, height) in [SMALL_PHONE, DESKTOP] {
        set_viewport(browser, (width, height)).await?;
        for case in cases {
            browser.open(&server.url_of(&case.page)).await?;
            let layout = browser.client().execute(LAYOUT_JS, vec![]).await?;
            let problems = layout_problems(&layout, false);
            failures.extend(
                problems
                    .into_iter()
                    .filter(|p| p.contains("date") || p.contains("arrow"))
                    .map(|p| format!("{} at {width} px: {p}", case.page)),
            );
        }
    }
    set_viewport(browser, DESKTOP).await
}

/// Every briefing printed to PDF as a reader's browser would: A4, at most four pages,
/// no page ending on a heading, the page's address printed.
async fn print_briefings(
    browser: &Browser,
    server: &StaticServer,
    public: &Path,
    failures: &mut Vec<String>,
    figures: &mut Figures,
) -> browser::Result<()> {
    let dir = print_dir();
    std::fs::create_dir_all(&dir)?;
    let briefings = briefing_pages(public);
    for page in briefings {
        let name = page.trim_end_matches("/index.html").replace('/', "-");
        let pdf = dir.join(format!("{name}.pdf"));
        let printed = print_page(browser, &server.url_of(&page), &pdf).await?;
        figures.printed.push(format!(
            "printed {page}: {} A4 page(s)",
            printed.pages.len()
        ));
        failures.extend(
            printed
                .problems(MAX_PRINTED_PAGES)
                .into_iter()
                .map(|p| format!("print {page}: {p}")),
        );
    }
    Ok(())
}

/// Each feed opened in the browser over HTTP becomes a page in its language (through
/// feed.xsl): its title as the heading, one card per entry, dates written out.
async fn feed_pages(
    browser: &Browser,
    server: &StaticServer,
    public: &Path,
    failures: &mut Vec<String>,
) -> browser::Result<()> {
    for lang in ["it", "en"] {
        let feed = std::fs::read_to_string(public.join(format!("{lang}/feed.xml")))?;
        let entries = feed.matches("<entry").count();
        let title = feed
            .split_once("<title>")
            .and_then(|(_, rest)| rest.split_once("</title>"))
            .map_or("", |(title, _)| title);
        browser
            .open(&server.url_of(&format!("public/{lang}/feed.xml")))
            .await?;
        let mut seen = browser.client().execute(FEED_JS, vec![]).await?;
        let dates = seen.as_object_mut().and_then(|o| o.remove("dates"));
        for pair in dates
            .as_ref()
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let (iso, text) = (
                pair[0].as_str().unwrap_or(""),
                pair[1].as_str().unwrap_or(""),
            );
            let day = iso.get(8..).unwrap_or("").trim_start_matches('0');
            if text == iso || !text.contains(iso.get(..4).unwrap_or("?")) || !text.contains(day) {
                failures.push(format!(
                    "{lang}/feed.xml in a browser: the date {iso} reads {text:?}, not as the site writes it"
                ));
            }
        }
        let expected = json!({ "lang": lang, "heading": title, "cards": entries });
        if seen != expected || entries == 0 {
            failures.push(format!(
                "{lang}/feed.xml in a browser: saw {seen}, expected {expected}"
            ));
        }
    }
    Ok(())
}

const FEED_JS: &str = r#"
const h1 = document.querySelector("h1");
return {
  lang: document.documentElement.lang,
  heading: h1 ? h1.textContent.trim() : null,
  cards: document.querySelectorAll("main .card").length,
  dates: [...document.querySelectorAll("main .card time")].map((t) => [t.dateTime, t.textContent.trim()]),
};
"#;

// --- Self-checks: each check above must catch a page made to fail it. ----------------

async fn self_checks(
    browser: &Browser,
    server: &StaticServer,
    axe: &str,
    failures: &mut Vec<String>,
) -> browser::Result<()> {
    let mut missed = Vec::new();

    browser.open(&server.url_of("selfcheck/bad.html")).await?;
    let found = run_axe(browser, axe).await?;
    for rule in ["image-alt", "landmark-unique", "color-contrast"] {
        if !found.iter().any(|v| v.starts_with(rule)) {
            missed.push(format!(
                "axe did not report {rule} on selfcheck/bad.html: {found:?}"
            ));
        }
    }
    browser.open(&server.url_of("selfcheck/dark.html")).await?;
    set_scheme(browser, "dark").await?;
    if !run_axe(browser, axe)
        .await?
        .iter()
        .any(|v| v.starts_with("color-contrast"))
    {
        missed.push("axe did not see the dark scheme's low contrast on selfcheck/dark.html".into());
    }
    set_scheme(browser, "light").await?;
    if run_axe(browser, axe)
        .await?
        .iter()
        .any(|v| v.starts_with("color-contrast"))
    {
        missed.push(
            "selfcheck/dark.html has low contrast in light too: the scheme did not switch".into(),
        );
    }

    let (shift, _) = measure_shift(
        browser,
        &server.url_of("selfcheck/shift.html"),
        DESKTOP.0,
        DESKTOP.1,
    )
    .await?;
    if shift < MAX_SHIFT {
        missed.push(format!(
            "a late banner measured a layout shift of {shift:.3} only"
        ));
    }

    browser.open(&server.url_of("selfcheck/bad.html")).await?;
    set_viewport(browser, PHONE).await?;
    let layout = browser.client().execute(LAYOUT_JS, vec![]).await?;
    let problems = layout_problems(&layout, true);
    for expected in [
        "header",
        "rows",
        "wider",
        "date",
        "axis",
        "arrow",
        "text starts",
    ] {
        if !problems.iter().any(|p| p.contains(expected)) {
            missed.push(format!(
                "the phone layout check missed {expected:?}: {problems:?}"
            ));
        }
    }
    for (page, link) in [("nav-hidden", "Current"), ("nav-scrolled", "First")] {
        browser
            .open(&server.url_of(&format!("selfcheck/{page}.html")))
            .await?;
        let layout = browser.client().execute(LAYOUT_JS, vec![]).await?;
        let problems = layout_problems(&layout, false);
        if !problems.iter().any(|p| p.contains(link)) {
            missed.push(format!(
                "the nav check missed {link:?} on selfcheck/{page}.html: {problems:?}"
            ));
        }
    }
    set_viewport(browser, DESKTOP).await?;

    let pdf = print_dir().join("selfcheck-print.pdf");
    std::fs::create_dir_all(print_dir())?;
    let printed = print_page(browser, &server.url_of("selfcheck/print.html"), &pdf).await?;
    let problems = printed.problems(MAX_PRINTED_PAGES);
    for expected in ["pages", "ends with the heading", "address", "A4"] {
        if !problems.iter().any(|p| p.contains(expected)) {
            missed.push(format!("the print check missed {expected:?}: {problems:?}"));
        }
    }
    failures.extend(missed.into_iter().map(|m| format!("self-check: {m}")));
    Ok(())
}

/// Pages that fail every check: missing alt text, two unnamed search landmarks, low
/// contrast (only in the dark scheme on `dark.html`), a banner that pushes the page
/// down late, a tall two-row header, a wide table, a date that breaks, a label on the
/// axis, a lone arrow, text far down; a nav row that hides its current link, and one
/// scrolled for nothing; and a print of five Letter pages with a heading
/// left at the foot of the first and no address.
fn write_self_check_pages(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let page = |title: &str, head: &str, body: &str| {
        format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{title}</title>{head}</head><body>{body}</body></html>"
        )
    };
    let bad = page(
        "bad",
        "<style>.faint{color:#bbb;background:#fff}.site-header{height:220px}\
         .main-nav li{display:block}</style>",
        "<header class=\"site-header\"><form role=\"search\"><input aria-label=\"q\"></form>\
         <nav class=\"main-nav\"><ul><li>a</li><li>b</li></ul></nav></header>\
         <main><form role=\"search\"><input aria-label=\"q2\"></form>\
         <img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\"><p class=\"faint\">faint</p>\
         <p style=\"width:4ch\"><time>16 June 2025</time></p><div style=\"width:2000px\">wide</div>\
         <svg class=\"chart-svg\" width=\"200\" height=\"100\"><line class=\"axis\" x1=\"0\" y1=\"60\" x2=\"200\" y2=\"60\" stroke=\"black\"/>\
         <text class=\"label\" x=\"10\" y=\"64\">2024</text></svg>\
         <p style=\"width:8ch\">wrapping words here<span aria-hidden=\"true\" style=\"display:inline-block;width:6ch\">→</span></p>\
         <div style=\"height:1500px\"></div><div class=\"prose\"><p>Text.</p></div></main>",
    );
    let dark = page(
        "dark",
        "<style>@media (prefers-color-scheme: dark){body{background:#000}p{color:#222}}</style>",
        "<main><p>Only dark is faint.</p></main>",
    );
    let shift = page(
        "shift",
        "",
        "<main><ol id=\"search-results\"></ol><div style=\"height:600px;background:#ccc\">Text that moves.</div>\
         <script>setTimeout(()=>{const b=document.createElement('li');b.textContent='late';\
         b.style.height='400px';document.getElementById('search-results').append(b)},300)</script></main>",
    );
    let nav = |current: usize, scrolled: u32| {
        let links: String = ["First", "Second", "Third", "Fourth", "Current"]
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let mark = if i == current {
                    " aria-current=\"page\""
                } else {
                    ""
                };
                format!("<li><a href=\"#\"{mark}>{name}</a></li>")
            })
            .collect();
        page(
            "nav",
            "<style>.main-nav ul{display:flex;gap:1rem;overflow-x:auto;width:200px;\
             padding:0;list-style:none}.main-nav li{flex:none}</style>",
            &format!(
                "<header class=\"site-header\"><nav class=\"main-nav\"><ul>{links}</ul></nav>\
                 </header><script>document.querySelector('.main-nav ul').scrollLeft={scrolled}\
                 </script>"
            ),
        )
    };
    let print = page(
        "print",
        "<link rel=\"canonical\" href=\"https://example.org/selfcheck/print.html\">\
         <style>@page{size:letter}.tall{height:200mm}.block{height:150mm;break-inside:avoid}</style>",
        "<main><h1>Print me</h1><div class=\"tall\"></div><h2>Left alone at the foot</h2>\
         <div class=\"block\">after</div><div class=\"tall\"></div><div class=\"tall\"></div>\
         <div class=\"tall\"></div><div class=\"tall\"></div><div class=\"tall\"></div><p>end</p></main>",
    );
    for (name, html) in [
        ("bad", bad),
        ("dark", dark),
        ("shift", shift),
        ("nav-hidden", nav(4, 0)),
        ("nav-scrolled", nav(1, 20)),
        ("print", print),
    ] {
        std::fs::write(dir.join(format!("{name}.html")), html).unwrap();
    }
}

// --- Browser helpers -----------------------------------------------------------------

/// Emulates a viewport of `width` x `height` CSS pixels, kept across navigations. Not
/// as a mobile device: a phone would zoom a too-wide page out, hiding the overflow
/// the layout check looks for.
async fn set_viewport(browser: &Browser, (width, height): (u32, u32)) -> browser::Result<()> {
    let metrics = json!({
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false,
    });
    browser
        .cdp("Emulation.setDeviceMetricsOverride", metrics)
        .await?;
    let seen = browser
        .client()
        .execute("return [innerWidth, innerHeight];", vec![])
        .await?;
    if seen != json!([width, height]) {
        return Err(format!("asked for a {width}x{height} viewport, the page sees {seen}").into());
    }
    Ok(())
}

/// Emulates `prefers-color-scheme` for the current tab (kept across navigations).
async fn set_scheme(browser: &Browser, scheme: &str) -> browser::Result<()> {
    let features = json!([{ "name": "prefers-color-scheme", "value": scheme }]);
    browser
        .cdp(
            "Emulation.setEmulatedMedia",
            json!({ "features": features }),
        )
        .await?;
    let dark = browser
        .client()
        .execute(
            "return matchMedia('(prefers-color-scheme: dark)').matches;",
            vec![],
        )
        .await?;
    if dark != (scheme == "dark") {
        return Err(format!("the page does not see prefers-color-scheme: {scheme}").into());
    }
    Ok(())
}

/// Injects axe-core when the page lacks it, runs it, returns one line per violation.
async fn run_axe(browser: &Browser, axe: &str) -> browser::Result<Vec<String>> {
    let client = browser.client();
    if client.execute("return typeof axe;", vec![]).await? != "object" {
        client
            .execute(&format!("{axe}\nreturn true;"), vec![])
            .await?;
    }
    let found = client.execute_async(AXE_RUN, vec![]).await?;
    if let Some(error) = found.get("error") {
        return Err(format!("axe failed: {error}").into());
    }
    let list = found.as_array().ok_or("axe returned no list")?;
    Ok(list
        .iter()
        .map(|v| {
            format!(
                "{} ({}): {} at {}",
                v["id"].as_str().unwrap_or("?"),
                v["impact"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap_or(""),
                v["targets"]
            )
        })
        .collect())
}

/// Opens `url` at the given size over a slow network (each request 150 ms late, no
/// cache, as on a phone far from its host: the page paints before its scripts arrive),
/// and returns its layout shift and result count.
async fn measure_shift(
    browser: &Browser,
    url: &str,
    width: u32,
    height: u32,
) -> browser::Result<(f64, u64)> {
    set_viewport(browser, (width, height)).await?;
    browser.cdp("Network.enable", json!({})).await?;
    network(browser, 150, true).await?;
    let measured: browser::Result<Value> = async {
        browser.open(url).await?;
        Ok(browser.client().execute_async(SHIFT_JS, vec![]).await?)
    }
    .await;
    network(browser, 0, false).await?;
    let measured = measured?;
    if let Some(error) = measured.get("error") {
        return Err(format!("measuring the shift on {url} failed: {error}").into());
    }
    let shift = measured["cls"].as_f64().ok_or("no shift measured")?;
    Ok((shift, measured["results"].as_u64().unwrap_or(0)))
}

/// Sets the network's latency (milliseconds per request) and whether the cache is off.
async fn network(browser: &Browser, latency: u32, no_cache: bool) -> browser::Result<()> {
    let conditions = json!({
        "offline": false, "latency": latency, "downloadThroughput": -1, "uploadThroughput": -1,
    });
    browser
        .cdp("Network.emulateNetworkConditions", conditions)
        .await?;
    browser
        .cdp(
            "Network.setCacheDisabled",
            json!({ "cacheDisabled": no_cache }),
        )
        .await?;
    Ok(())
}

/// The problems `layout.js` found; `text_first` asks for the prose on the first screen.
fn layout_problems(layout: &Value, text_first: bool) -> Vec<String> {
    let mut problems = Vec::new();
    let number = |key: &str| layout[key].as_f64();
    let viewport = layout["viewport"][0].as_f64().unwrap_or(0.0);
    let screen = layout["viewport"][1].as_f64().unwrap_or(0.0);
    if let Some(header) = number("header").filter(|h| *h > MAX_HEADER) {
        problems.push(format!(
            "the header is {header:.0} px tall (at most {MAX_HEADER})"
        ));
    }
    if number("navRows").is_some_and(|rows| rows > 1.0) {
        problems.push(format!("the navigation takes {} rows", layout["navRows"]));
    }
    for clipped in layout["navClipped"].as_array().into_iter().flatten() {
        problems.push(format!(
            "navigation row: {}",
            clipped.as_str().unwrap_or("?")
        ));
    }
    if number("pageWidth").is_some_and(|w| w > viewport + 0.5) {
        problems.push(format!(
            "the page is {} px wider than the {viewport} px screen",
            layout["pageWidth"]
        ));
    }
    for date in layout["brokenDates"].as_array().into_iter().flatten() {
        problems.push(format!("the date {date} breaks across lines"));
    }
    for gap in layout["chartGaps"].as_array().into_iter().flatten() {
        if gap.as_f64().is_some_and(|g| g < 3.0) {
            problems.push(format!(
                "a chart label is {gap:.1} px from the axis (at least 3)"
            ));
        }
    }
    for arrow in layout["loneArrows"].as_array().into_iter().flatten() {
        problems.push(format!(
            "the arrow of {arrow} wraps alone onto its own line"
        ));
    }
    if text_first {
        match number("proseTop") {
            Some(top) if top + 24.0 <= screen => {}
            top => problems.push(format!(
                "the text starts at {} px, below the first screen ({screen} px)",
                top.map_or("(no prose)".into(), |t| format!("{t:.0}"))
            )),
        }
    }
    problems
}

/// A printed page: one string of text per PDF page, the paper size, the headings.
struct Printed {
    pages: Vec<String>,
    size: String,
    url: String,
    headings: Vec<String>,
}

impl Printed {
    fn problems(&self, max_pages: usize) -> Vec<String> {
        let mut problems = Vec::new();
        if self.pages.len() > max_pages {
            problems.push(format!("{} pages (at most {max_pages})", self.pages.len()));
        }
        if !self.size.contains("A4") {
            problems.push(format!("printed on {}, not A4", self.size));
        }
        let all = compact(&self.pages.concat());
        if !all.contains(&compact(&self.url)) {
            problems.push(format!("the page's address {} is not printed", self.url));
        }
        for (number, text) in self.pages.iter().enumerate() {
            let end = compact(&without_page_number(text));
            if let Some(heading) = self.headings.iter().find(|h| end.ends_with(&compact(h))) {
                problems.push(format!(
                    "page {} ends with the heading {heading:?}",
                    number + 1
                ));
            }
        }
        problems
    }
}

/// Prints `url` through Chromium (the page's own `@page` size wins, as in a browser's
/// print dialog), saves the PDF and reads it back with pdfinfo and pdftotext.
async fn print_page(browser: &Browser, url: &str, pdf: &Path) -> browser::Result<Printed> {
    browser
        .cdp("Emulation.clearDeviceMetricsOverride", json!({}))
        .await?;
    browser.open(url).await?;
    let found = browser.client().execute(HEADINGS_JS, vec![]).await?;
    let params = json!({ "preferCSSPageSize": true, "printBackground": false });
    let printed = browser.cdp("Page.printToPDF", params).await?;
    let data = printed["data"]
        .as_str()
        .ok_or("printToPDF returned no data")?;
    let bytes = base64::engine::general_purpose::STANDARD.decode(data)?;
    std::fs::write(pdf, bytes)?;
    let text = run_tool("pdftotext", &[pdf.as_os_str(), "-".as_ref()])?;
    let mut pages: Vec<String> = text.split('\x0c').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    let info = run_tool("pdfinfo", &[pdf.as_os_str()])?;
    let size = info
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .unwrap_or("(unknown size)")
        .trim()
        .to_owned();
    let headings = found["headings"].as_array().into_iter().flatten();
    Ok(Printed {
        pages,
        size,
        url: found["url"].as_str().unwrap_or_default().to_owned(),
        headings: headings
            .filter_map(|h| h.as_str().map(str::to_owned))
            .collect(),
    })
}

fn run_tool(tool: &str, args: &[&std::ffi::OsStr]) -> browser::Result<String> {
    let output = Command::new(tool)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run {tool}: {e}"))?;
    if !output.status.success() {
        return Err(format!("{tool} failed: {}", String::from_utf8_lossy(&output.stderr)).into());
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Text without spaces, hyphens or case, so line breaks and hyphenation do not matter.
fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{ad}' | '\u{2010}'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A page's text without a trailing page number such as `2 / 4`.
fn without_page_number(text: &str) -> String {
    let mut lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let is_number = |line: &str| {
        let digits: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == '/')
    };
    while lines.last().is_some_and(|l| is_number(l)) {
        lines.pop();
    }
    lines.join("\n")
}

// --- The site --------------------------------------------------------------------------

/// One case per page type and language (the first page of each, in path order), plus
/// the chooser and the 404 page; the search pages get `?q=`. A missing type is a failure.
fn site_cases(public: &Path, failures: &mut Vec<String>) -> Vec<Case> {
    let found = pages_by_kind(public);
    for lang in ["it", "en"] {
        for kind in KINDS {
            if !found.contains_key(&(lang.to_owned(), kind.to_owned())) {
                failures.push(format!(
                    "no {kind} page in {lang}/: the test cannot check it"
                ));
            }
        }
    }
    found
        .into_iter()
        .map(|((_, kind), pages)| {
            let page = if kind == "search" {
                format!("public/{}?q={SEARCH_WORD}", pages[0])
            } else {
                format!("public/{}", pages[0])
            };
            Case { page, kind }
        })
        .collect()
}

/// Every briefing page (body class `briefing`) of the site, under `public/`.
fn briefing_pages(public: &Path) -> Vec<String> {
    html_pages(public)
        .into_iter()
        .filter(|page| {
            let html = std::fs::read_to_string(public.join(page)).unwrap();
            classify(page, &html).1 == "briefing"
        })
        .map(|page| format!("public/{page}"))
        .collect()
}

/// `target/print/`, next to the screenshots.
fn print_dir() -> PathBuf {
    browser::screenshot_dir().with_file_name("print")
}

/// Chromium, chromedriver, axe-core and poppler's tools; with `CI=true` a missing one
/// fails the run, elsewhere the test skips loudly.
fn tools_available() -> bool {
    if !browser_available() {
        return false;
    }
    if !Path::new(AXE).is_file() {
        missing_tool("axe-core", "npm ci --ignore-scripts");
        return false;
    }
    let poppler = ["pdftotext", "pdfinfo"];
    if poppler
        .iter()
        .any(|tool| Command::new(tool).arg("-v").output().is_err())
    {
        missing_tool("pdftotext and pdfinfo", "apt-get install poppler-utils");
        return false;
    }
    true
}
