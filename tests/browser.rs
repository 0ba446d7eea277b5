//! Real-browser tests: the built site (and the fixture in three languages) opens cleanly
//! in headless Chromium from disk and from a static host's sub-path, its language
//! switcher lands on the counterpart, and
//! screenshots at desktop and phone widths are saved under `target/screenshots/`.

mod common;

use std::path::Path;
use std::time::Instant;

use common::browser::{self, Access, Browser, browser_available, file_url};
use common::http::StaticServer;
use common::pages::{build_site, html_pages};
use common::serve::request;
use common::site::{build, fixture};

/// The site is published below this path, as on a GitHub Pages project site.
const SUB_PATH: &str = "/sub/path/";
/// Screenshot widths: a laptop, and a phone (iPhone 12-15 class, in CSS pixels).
const WIDTHS: [u32; 2] = [1280, 390];
/// A word the site's briefings certainly contain, to exercise the search page's script.
const SEARCH_WORD: &str = "Astana";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_works_in_a_real_browser() {
    if !browser_available() {
        return;
    }
    let started = Instant::now();
    let output = tempfile::tempdir().unwrap();
    let public = output.path().join("public");
    build_site(&public);
    let built = started.elapsed();

    let pages = html_pages(&public);
    assert!(
        pages.iter().any(|p| p == "it/index.html") && pages.iter().any(|p| p == "en/index.html"),
        "the build has no it/index.html or en/index.html: {pages:?}"
    );
    let server = StaticServer::start(&public, SUB_PATH).unwrap();
    let browser = Browser::start().await.expect("cannot start the browser");

    let mut failures = Vec::new();
    let checked = check_site(&browser, &server, &public, &pages, &mut failures).await;
    eprintln!(
        "browser test: {} pages x 2 ways checked in {:.1?} (build {:.1?}); screenshots in {}",
        pages.len(),
        started.elapsed(),
        built,
        browser::screenshot_dir().display()
    );
    browser.finish(checked, failures, "in the browser").await;
}

/// The fixture in three languages: every page opens cleanly from disk and over HTTP,
/// and on translated pages every entry of the switcher lands on the counterpart, whose
/// switcher links back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_three_language_fixture_works_in_a_real_browser() {
    if !browser_available() {
        return;
    }
    let output = tempfile::tempdir().unwrap();
    let public = output.path().join("public");
    build(&fixture("multilingual"), &public, &[], &[]);
    let pages = html_pages(&public);
    let server = StaticServer::start(&public, SUB_PATH).unwrap();
    let browser = Browser::start().await.expect("cannot start the browser");
    let languages = ["it", "en", "ru"];
    let switch_pages = [
        ("it", "it/analisi/vertice-di-prova-ad-astana/index.html"),
        ("ru", "ru/obzory/testovyi-sammit-v-astane/index.html"),
        ("en", "en/explainers/what-the-sco-is/index.html"),
        ("ru", "ru/strany/kazakhstan/index.html"),
        ("en", "en/index.html"),
    ];
    let mut failures = Vec::new();
    let checked: browser::Result<()> = async {
        for access in [Access::File(&public), Access::Http(&server)] {
            for page in &pages {
                check_page(&browser, &access, page, &languages, &mut failures).await?;
            }
            for (from, page) in switch_pages {
                for to in languages.iter().filter(|l| **l != from) {
                    check_switcher(&browser, &access, page, from, to, &mut failures).await?;
                }
            }
        }
        Ok(())
    }
    .await;
    browser.finish(checked, failures, "in the browser").await;
}

/// Every check on the real site; problems go to `failures`, harness errors are returned.
async fn check_site(
    browser: &Browser,
    server: &StaticServer,
    public: &Path,
    pages: &[String],
    failures: &mut Vec<String>,
) -> browser::Result<()> {
    let it_briefing = first_translated_page(public, "it/analisi/");
    let en_briefing = first_translated_page(public, "en/briefings/");
    let mut switch_pages = vec!["it/index.html".to_owned(), "en/index.html".to_owned()];
    match (&it_briefing, &en_briefing) {
        (Some(it), Some(en)) => switch_pages.extend([it.clone(), en.clone()]),
        _ => failures
            .push("no briefing page with a translation in it/analisi/ or en/briefings/".into()),
    }
    switch_pages.extend([
        "it/paesi/kazakistan/index.html".to_owned(),
        "en/countries/kazakhstan/index.html".to_owned(),
    ]);

    for access in [Access::File(public), Access::Http(server)] {
        let mut targets: Vec<String> = pages.to_vec();
        // The search pages read `?q=`: run their script with a real query too.
        for search in ["it/cerca/index.html", "en/search/index.html"] {
            if pages.iter().any(|p| p == search) {
                targets.push(format!("{search}?q={SEARCH_WORD}"));
            }
        }
        for page in &targets {
            check_page(browser, &access, page, &["it", "en"], failures).await?;
        }
        for page in &switch_pages {
            let (from, to) = if page.starts_with("it/") {
                ("it", "en")
            } else {
                ("en", "it")
            };
            check_switcher(browser, &access, page, from, to, failures).await?;
        }
        // Anything logged after the last check still counts.
        for problem in browser.console_errors().await? {
            failures.push(format!(
                "[{}] (after the last page): {problem}",
                access.name()
            ));
        }
    }

    take_screenshots(browser, public, it_briefing, en_briefing, failures).await
}

/// Opens one page and records its console errors, failed requests and a wrong `lang`.
async fn check_page(
    browser: &Browser,
    access: &Access<'_>,
    page: &str,
    languages: &[&str],
    failures: &mut Vec<String>,
) -> browser::Result<()> {
    let report = browser.check_page(&access.url(page)).await?;
    let context = format!("[{}] {page}", access.name());
    for problem in report.problems {
        failures.push(format!("{context}: {problem}"));
    }
    for miss in access.take_misses() {
        failures.push(format!("{context}: the server answered 404 for {miss}"));
    }
    // Language pages must say their language; the chooser and 404 page must say one.
    let expected = languages
        .iter()
        .copied()
        .find(|l| page.starts_with(&format!("{l}/")));
    match expected {
        Some(lang) if report.lang != lang => failures.push(format!(
            "{context}: <html lang={:?}>, expected {lang:?}",
            report.lang
        )),
        None if report.lang.is_empty() => {
            failures.push(format!("{context}: <html> has no lang attribute"))
        }
        _ => {}
    }
    Ok(())
}

/// Clicks the `to` entry of the language switcher on `page` (in `from`) and checks
/// where it lands: a page in `to` whose own switcher links straight back to `page`.
async fn check_switcher(
    browser: &Browser,
    access: &Access<'_>,
    page: &str,
    from: &str,
    to: &str,
    failures: &mut Vec<String>,
) -> browser::Result<()> {
    let context = format!(
        "[{}] language switcher {from} -> {to} on {page}",
        access.name()
    );
    let start = access.url(page);
    browser.open(&start).await?;
    let link = format!(r#"nav.lang-switch a[hreflang="{to}"]"#);
    if let Err(error) = browser.click_and_wait(&link).await {
        failures.push(format!("{context}: {error}"));
        return Ok(());
    }
    let landed = browser.current_url().await?;
    let lang = browser.html_lang().await?;
    if lang != to {
        failures.push(format!(
            "{context}: landed on {landed} with <html lang={lang:?}>, expected {to:?}"
        ));
    }
    let back = format!(r#"nav.lang-switch a[hreflang="{from}"]"#);
    match browser.href_of(&back).await {
        Ok(href) if href == start => {}
        Ok(href) => failures.push(format!(
            "{context}: landed on {landed}, whose switcher links to {href}, not back to {start}"
        )),
        Err(error) => failures.push(format!("{context}: landed on {landed}: {error}")),
    }
    access.take_misses();
    Ok(())
}

/// Full-page screenshots of the key pages in both languages at both widths, from disk.
async fn take_screenshots(
    browser: &Browser,
    public: &Path,
    it_briefing: Option<String>,
    en_briefing: Option<String>,
    failures: &mut Vec<String>,
) -> browser::Result<()> {
    let shots = [
        ("it-home", Some("it/index.html".to_owned())),
        ("en-home", Some("en/index.html".to_owned())),
        ("it-briefing", it_briefing),
        ("en-briefing", en_briefing),
        ("it-timeline", Some("it/cronologia/index.html".to_owned())),
        ("en-timeline", Some("en/timeline/index.html".to_owned())),
        (
            "it-country",
            Some("it/paesi/kazakistan/index.html".to_owned()),
        ),
        (
            "en-country",
            Some("en/countries/kazakhstan/index.html".to_owned()),
        ),
    ];
    let dir = browser::screenshot_dir();
    std::fs::create_dir_all(&dir)?;
    for (name, page) in shots {
        let Some(page) = page.filter(|p| public.join(p).is_file()) else {
            failures.push(format!("screenshot {name}: the page does not exist"));
            continue;
        };
        browser.open(&file_url(&public.join(&page))).await?;
        for width in WIDTHS {
            let path = dir.join(format!("{name}-{width}.png"));
            if let Err(error) = browser.screenshot(width, &path).await {
                failures.push(format!("screenshot {name} at {width} px: {error}"));
            }
        }
    }
    Ok(())
}

/// The first briefing page (not a list page) under `section` that has a translation,
/// i.e. shows no "no translation" notice.
fn first_translated_page(public: &Path, section: &str) -> Option<String> {
    let notice = scraper::Selector::parse("p.no-translation").unwrap();
    html_pages(public).into_iter().find(|page| {
        let Some(rest) = page.strip_prefix(section) else {
            return false;
        };
        let is_entry = rest.matches('/').count() == 1 && !rest.starts_with("page/");
        is_entry && {
            let html = std::fs::read_to_string(public.join(page)).unwrap();
            scraper::Html::parse_document(&html)
                .select(&notice)
                .next()
                .is_none()
        }
    })
}

// --- Self-tests: the checks above must be able to fail. -------------------------------

/// A page with a broken image, a missing script and stylesheet, and a `console.error`
/// must be reported, from disk and over HTTP, and so must a page that does not exist;
/// a clean page next to them must not be.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_checks_catch_broken_pages() {
    if !browser_available() {
        return;
    }
    let fixture = tempfile::tempdir().unwrap();
    write_fixture(fixture.path());
    let server = StaticServer::start(fixture.path(), SUB_PATH).unwrap();
    let browser = Browser::start().await.expect("cannot start the browser");

    let mut reports = Vec::new();
    for access in [Access::File(fixture.path()), Access::Http(&server)] {
        for page in ["good.html", "broken.html", "absent.html"] {
            let report = browser.check_page(&access.url(page)).await.unwrap();
            reports.push((access.name(), page, report, access.take_misses()));
        }
    }
    browser.close().await.unwrap();

    for (access, page, report, misses) in reports {
        let all = report.problems.join("\n");
        if page == "good.html" {
            assert!(
                report.problems.is_empty() && misses.is_empty(),
                "[{access}] the clean fixture page was reported: {all} {misses:?}"
            );
            continue;
        }
        if page == "absent.html" {
            assert!(
                has_text(&report.problems, "error page")
                    || has_text(&report.problems, "absent.html - Failed to load resource"),
                "[{access}] a missing page was not reported: {all}"
            );
            continue;
        }
        let console: Vec<_> = report
            .problems
            .iter()
            .filter(|p| p.starts_with("console error"))
            .collect();
        let requests: Vec<_> = report
            .problems
            .iter()
            .filter(|p| !p.starts_with("console error"))
            .collect();
        let has = |list: &[&String], needle: &str| list.iter().any(|p| p.contains(needle));
        assert!(
            has(&console, "deliberate fixture error"),
            "[{access}] console.error not caught:\n{all}"
        );
        for missing in ["missing.png", "missing.js", "missing.css"] {
            assert!(
                has(&console, missing),
                "[{access}] {missing} not in the console log:\n{all}"
            );
            assert!(
                has(&requests, missing),
                "[{access}] {missing} not among failed requests:\n{all}"
            );
        }
        if access != "file://" {
            assert!(
                misses.iter().any(|m| m.ends_with("missing.png")),
                "[{access}] the server did not see the 404: {misses:?}"
            );
        }
        assert_eq!(report.lang, "en", "[{access}] lang of the fixture");
    }
}

fn has_text(list: &[String], needle: &str) -> bool {
    list.iter().any(|item| item.contains(needle))
}

/// The loopback server serves files under its sub-path only, with the right types.
#[test]
fn static_server_is_strict() {
    let root = tempfile::tempdir().unwrap();
    write_fixture(root.path());
    let secret = root.path().parent().unwrap().join("outside-secret.txt");
    let server = StaticServer::start(root.path(), SUB_PATH).unwrap();
    let address = server.address();

    let get = |target: &str| -> (u16, String) {
        let response = request(address.port(), "GET", target);
        let content_type = response.header("content-type").unwrap_or("").to_owned();
        (response.status, content_type)
    };
    assert_eq!(get("/sub/path/good.html?q=x").0, 200);
    assert!(get("/sub/path/good.html").1.starts_with("text/html"));
    assert!(get("/sub/path/style.css").1.starts_with("text/css"));
    assert!(get("/sub/path/app.js").1.starts_with("text/javascript"));
    assert_eq!(get("/sub/path/dot.svg").1, "image/svg+xml");
    assert_eq!(get("/sub/path/pixel.png").1, "image/png");
    assert_eq!(get("/sub/path/feed.xml").1, "application/xml");
    // Not under the sub-path, a directory, a missing file, a way out of the root.
    assert_eq!(get("/good.html").0, 404);
    assert_eq!(get("/sub/path/").0, 404);
    assert_eq!(get("/sub/path/nested").0, 404);
    assert_eq!(get("/sub/path/nested/").0, 404);
    assert_eq!(get("/sub/path/missing.png").0, 404);
    std::fs::write(&secret, "secret").ok();
    assert_eq!(get("/sub/path/../outside-secret.txt").0, 404);
    assert_eq!(get("/sub/path/%2e%2e/outside-secret.txt").0, 404);
    assert_eq!(get("/sub/path/nested/..%2F..%2Foutside-secret.txt").0, 404);
    std::fs::remove_file(&secret).ok();
    assert!(server.take_misses().len() >= 8);
}

/// A tiny hand-written site: `good.html` loads cleanly; `broken.html` fails on purpose.
fn write_fixture(root: &Path) {
    let files: [(&str, &[u8]); 9] = [
        (
            "good.html",
            br#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Good</title>
<link rel="icon" href="dot.svg" type="image/svg+xml">
<link rel="stylesheet" href="style.css">
<link rel="stylesheet" href="print.css" media="print">
</head><body><main>
<p>Everything here loads.</p>
<img src="dot.svg" alt="a dot" width="10" height="10">
<img src="viewbox-only.svg" alt="a dot without intrinsic size">
<img src="pixel.png" alt="a pixel" loading="lazy" style="margin-top:3000px">
<script src="app.js"></script>
</main></body></html>
"#,
        ),
        (
            "broken.html",
            br#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Broken</title>
<link rel="icon" href="dot.svg" type="image/svg+xml">
<link rel="stylesheet" href="missing.css">
</head><body><main>
<img src="missing.png" alt="a broken image">
<script src="missing.js"></script>
<script>console.error("deliberate fixture error");</script>
</main></body></html>
"#,
        ),
        ("style.css", b"body { font-family: sans-serif; }\n"),
        ("print.css", b"body { color: black; }\n"),
        ("app.js", b"document.body.dataset.ready = 'yes';\n"),
        (
            "dot.svg",
            br#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle cx="5" cy="5" r="5"/></svg>"#,
        ),
        (
            "viewbox-only.svg",
            br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5"/></svg>"#,
        ),
        ("pixel.png", PIXEL_PNG),
        ("feed.xml", b"<?xml version=\"1.0\"?><feed/>\n"),
    ];
    for (name, bytes) in files {
        std::fs::write(root.join(name), bytes).unwrap();
    }
    std::fs::create_dir_all(root.join("nested")).unwrap();
    std::fs::write(root.join("nested/index.html"), "<!doctype html>").unwrap();
}

/// A 1x1 transparent PNG.
const PIXEL_PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0B, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x60, 0x00, 0x02, 0x00,
    0x00, 0x05, 0x00, 0x01, 0x7A, 0x5E, 0xAB, 0x3F, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44,
    0xAE, 0x42, 0x60, 0x82,
];
