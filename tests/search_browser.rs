//! The search pages in headless Chromium, on the `site` fixture (a copy of the repository's site), opened from disk
//! (`file://`) and from a loopback host below a sub-path: queries in both languages
//! (case, accents, prefixes, several words, nothing found) list the expected briefings,
//! highlight what matched, rank title and summary matches first, keep `?q=` in the URL
//! as you type, and can be used from the keyboard.

mod common;

use std::time::{Duration, Instant};

use briefing::search::normalise;
use common::browser::{Access, Browser, browser_available};
use common::http::StaticServer;
use common::pages::build_site;
use common::site::{build, fixture};
use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::Value;

const SUB_PATH: &str = "/sub/path/";

// The pages of the `site` fixture that the queries below are about.
const IT_2025: &str = "it/analisi/vertice-astana-2025/index.html";
const IT_2024: &str = "it/analisi/xi-ad-astana-vertice-sco-2024/index.html";
const IT_ABOUT: &str = "it/pagine/chi-siamo/index.html";
const EN_2025: &str = "en/briefings/astana-summit-2025/index.html";
const EN_2024: &str = "en/briefings/xi-astana-sco-summit-2024/index.html";
const EN_ABOUT: &str = "en/pages/about/index.html";

/// One query on one search page, and what it must find.
struct Case {
    lang: &'static str,
    query: &'static str,
    /// Pages the results must include, in this order when `ordered`.
    found: &'static [&'static str],
    ordered: bool,
    /// Pages the results must not include.
    absent: &'static [&'static str],
    /// Found only in the body: the snippet must show it highlighted.
    body_only: bool,
}

const CASES: &[Case] = &[
    // Prefix: Kazakistan, kazako, kazaki.
    Case {
        lang: "it",
        query: "kazak",
        found: &[IT_2024, IT_2025, IT_ABOUT],
        ordered: false,
        absent: &[],
        body_only: false,
    },
    // Case and accents in the query, body-only match.
    Case {
        lang: "it",
        query: "SOVRANITÀ",
        found: &[IT_2024],
        ordered: false,
        absent: &[IT_2025, IT_ABOUT],
        body_only: true,
    },
    // No accent in the query, accented in the text ("sanità").
    Case {
        lang: "it",
        query: "sanita",
        found: &[IT_2025],
        ordered: false,
        absent: &[IT_2024, IT_ABOUT],
        body_only: true,
    },
    // Several words are AND-ed: both briefings mention railways, one Shanghai.
    Case {
        lang: "it",
        query: "ferrov Shanghai",
        found: &[IT_2024],
        ordered: false,
        absent: &[IT_2025, IT_ABOUT],
        body_only: false,
    },
    // In the summary of 2024, only in the body of 2025: the summary ranks first.
    Case {
        lang: "it",
        query: "tokayev",
        found: &[IT_2024, IT_2025],
        ordered: true,
        absent: &[IT_ABOUT],
        body_only: false,
    },
    Case {
        lang: "en",
        query: "Kazakh",
        found: &[EN_2024, EN_2025, EN_ABOUT],
        ordered: false,
        absent: &[],
        body_only: false,
    },
    // An accent the text does not have still matches.
    Case {
        lang: "en",
        query: "kazákhstan",
        found: &[EN_2024, EN_2025, EN_ABOUT],
        ordered: false,
        absent: &[],
        body_only: false,
    },
    Case {
        lang: "en",
        query: "SOVEREIGN",
        found: &[EN_2024],
        ordered: false,
        absent: &[EN_2025, EN_ABOUT],
        body_only: true,
    },
    Case {
        lang: "en",
        query: "vaccin",
        found: &[EN_2025],
        ordered: false,
        absent: &[EN_2024, EN_ABOUT],
        body_only: true,
    },
    Case {
        lang: "en",
        query: "railway shanghai",
        found: &[EN_2024],
        ordered: false,
        absent: &[EN_2025, EN_ABOUT],
        body_only: false,
    },
    Case {
        lang: "en",
        query: "Tokayev",
        found: &[EN_2024, EN_2025],
        ordered: true,
        absent: &[EN_ABOUT],
        body_only: false,
    },
];

fn search_page(lang: &str) -> &'static str {
    if lang == "it" {
        "it/cerca/index.html"
    } else {
        "en/search/index.html"
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_finds_the_expected_briefings_from_disk_and_over_http() {
    if !browser_available() {
        return;
    }
    let output = tempfile::tempdir().unwrap();
    let public = output.path().join("public");
    build_site(&public);
    assert!(
        public.join("search-text/it/0.js").is_file(),
        "the build wrote no text shards (search-text/LANG/N.js): src/build.rs must write \
         every file of briefing::search::files, or results show no snippets"
    );
    let server = StaticServer::start(&public, SUB_PATH).unwrap();
    let browser = Browser::start().await.expect("cannot start the browser");

    let mut failures = Vec::new();
    for access in [Access::File(&public), Access::Http(&server)] {
        if let Err(error) = check_access(&browser, &access, &mut failures).await {
            failures.push(format!(
                "[{}] the test itself failed: {error}",
                access.name()
            ));
        }
    }
    let misses = server.take_misses();
    if !misses.is_empty() {
        failures.push(format!(
            "the server answered these with an error: {misses:?}"
        ));
    }
    browser.finish(Ok(()), failures, "in search").await;
}

/// Russian search on the three-language fixture, from disk and over HTTP: upper-case
/// Cyrillic queries find lower-case words (and the reverse), by prefix, with the
/// result count in the right Russian plural form.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn russian_search_folds_cyrillic_case_in_the_browser() {
    if !browser_available() {
        return;
    }
    let output = tempfile::tempdir().unwrap();
    let public = output.path().join("public");
    build(&fixture("multilingual"), &public, &[], &[]);
    let server = StaticServer::start(&public, SUB_PATH).unwrap();
    let browser = Browser::start().await.expect("cannot start the browser");
    let summit = "ru/obzory/testovyi-sammit-v-astane/index.html";
    let railway = "ru/obzory/zheleznaia-doroga-kitai-kirgiziia/index.html";
    // query, pages it must find, the status line.
    let cases: [(&str, &[&str], &str); 4] = [
        ("АСТАН", &[summit], "1 результат по запросу «АСТАН»"),
        (
            "ЖЕЛЕЗНАЯ ДОРОГА",
            &[railway],
            "1 результат по запросу «ЖЕЛЕЗНАЯ ДОРОГА»",
        ),
        (
            "тестов",
            &[summit, railway],
            "3 результата по запросу «тестов»",
        ),
        ("ШОС", &[summit], "2 результата по запросу «ШОС»"),
    ];
    let mut failures = Vec::new();
    for access in [Access::File(&public), Access::Http(&server)] {
        for (query, found, status) in cases {
            let url = format!("{}?q={}", access.url("ru/poisk/index.html"), encode(query));
            let context = format!("[{}] ru {query:?}", access.name());
            if let Err(error) = browser.open(&url).await {
                failures.push(format!("{context}: {error}"));
                continue;
            }
            let page = match results(&browser, false).await {
                Ok(page) => page,
                Err(error) => {
                    failures.push(format!("{context}: {error}"));
                    continue;
                }
            };
            let hrefs: Vec<&str> = page["results"]
                .as_array()
                .map(|r| r.iter().filter_map(|x| x["href"].as_str()).collect())
                .unwrap_or_default();
            for path in found {
                if !hrefs.contains(&access.url(path).as_str()) {
                    failures.push(format!("{context}: {path} not among {hrefs:?}"));
                }
            }
            if page["status"] != status {
                failures.push(format!(
                    "{context}: status {}, expected {status:?}",
                    page["status"]
                ));
            }
            let marks = page["results"][0]["marks"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let first = query.split(' ').next().unwrap_or_default();
            if !marks.iter().any(|m| {
                m.as_str()
                    .is_some_and(|m| normalise(m).starts_with(&normalise(first)))
            }) {
                failures.push(format!(
                    "{context}: the match is not highlighted: {marks:?}"
                ));
            }
        }
        for problem in browser.console_errors().await.unwrap_or_default() {
            failures.push(format!("[{}]: {problem}", access.name()));
        }
    }
    browser.finish(Ok(()), failures, "in Russian search").await;
}

async fn check_access(
    browser: &Browser,
    access: &Access<'_>,
    failures: &mut Vec<String>,
) -> common::browser::Result<()> {
    let name = access.name();
    for case in CASES {
        let url = format!(
            "{}?q={}",
            access.url(search_page(case.lang)),
            encode(case.query)
        );
        browser.console_errors().await?;
        browser.open(&url).await?;
        let page = results(browser, case.body_only).await?;
        let context = format!("[{name}] {} {:?}", case.lang, case.query);
        check_case(case, access, &page, &context, failures);
        for problem in browser.failed_requests().await? {
            failures.push(format!("{context}: {problem}"));
        }
        for problem in browser.console_errors().await? {
            failures.push(format!("{context}: {problem}"));
        }
    }
    no_result(browser, access, failures).await?;
    typing_and_keyboard(browser, access, failures).await?;
    header_form(browser, access, failures).await?;
    for problem in browser.console_errors().await? {
        failures.push(format!("[{name}]: {problem}"));
    }
    Ok(())
}

fn check_case(
    case: &Case,
    access: &Access<'_>,
    page: &Value,
    context: &str,
    failures: &mut Vec<String>,
) {
    let hrefs: Vec<&str> = page["results"]
        .as_array()
        .map(|r| r.iter().filter_map(|x| x["href"].as_str()).collect())
        .unwrap_or_default();
    let position = |path: &str| hrefs.iter().position(|h| *h == access.url(path));
    for path in case.found {
        if position(path).is_none() {
            failures.push(format!(
                "{context}: {path} is not among the results {hrefs:?}"
            ));
        }
    }
    for path in case.absent {
        if position(path).is_some() {
            failures.push(format!("{context}: {path} should not be among the results"));
        }
    }
    if case.ordered {
        let positions: Vec<Option<usize>> = case.found.iter().map(|p| position(p)).collect();
        if !positions.windows(2).all(|w| w[0] < w[1]) {
            failures.push(format!(
                "{context}: expected the order {:?}, got {hrefs:?}",
                case.found
            ));
        }
    }
    let status = page["status"].as_str().unwrap_or("");
    let expected = match (case.lang, hrefs.len()) {
        ("it", 1) => format!("1 risultato per «{}»", case.query),
        ("it", n) => format!("{n} risultati per «{}»", case.query),
        (_, 1) => format!("1 result for “{}”", case.query),
        (_, n) => format!("{n} results for “{}”", case.query),
    };
    if status != expected {
        failures.push(format!(
            "{context}: status {status:?}, expected {expected:?}"
        ));
    }
    let words: Vec<String> = normalise(case.query)
        .split_whitespace()
        .map(String::from)
        .collect();
    for result in page["results"].as_array().into_iter().flatten() {
        let marks: Vec<&str> = result["marks"]
            .as_array()
            .map(|m| m.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if marks.is_empty() {
            failures.push(format!(
                "{context}: nothing highlighted in {}",
                result["href"]
            ));
        }
        for mark in marks {
            if !words
                .iter()
                .any(|w| normalise(mark).starts_with(w.as_str()))
            {
                failures.push(format!(
                    "{context}: <mark>{mark}</mark> matches no query word"
                ));
            }
        }
        for field in ["title", "date", "summary"] {
            if result[field].as_str().is_none_or(str::is_empty) {
                failures.push(format!(
                    "{context}: result {} shows no {field}",
                    result["href"]
                ));
            }
        }
    }
    if case.body_only {
        for result in page["results"].as_array().into_iter().flatten() {
            let snippet_marks = result["snippetMarks"].as_array().map_or(0, Vec::len);
            if snippet_marks == 0 {
                failures.push(format!(
                    "{context}: no snippet with the match for {} (snippet {:?})",
                    result["href"], result["snippet"]
                ));
            }
        }
    }
}

/// Reads the search page once its status says something (and, with `snippets`, once
/// every result shows its snippet, or after 5 s).
async fn results(browser: &Browser, snippets: bool) -> common::browser::Result<Value> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let page = browser.client().execute(READ_RESULTS_JS, vec![]).await?;
        let ready = page["status"].as_str().is_some_and(|s| !s.is_empty())
            && (!snippets
                || page["results"]
                    .as_array()
                    .is_some_and(|r| r.iter().all(|x| x["snippetShown"] == true)));
        if ready || Instant::now() > deadline {
            return Ok(page);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

const READ_RESULTS_JS: &str = r##"
const texts = (root, css) => [...root.querySelectorAll(css)].map((e) => e.textContent);
return {
  status: document.getElementById("search-status").textContent,
  url: location.href,
  results: [...document.querySelectorAll("#search-results > li")].map((li) => {
    const snippet = li.querySelector(".search-snippet");
    return {
      href: li.querySelector("a").href,
      title: li.querySelector("a").textContent,
      date: (li.querySelector("time") || {}).textContent || "",
      summary: (li.querySelector(".search-summary") || {}).textContent || "",
      marks: texts(li, "mark"),
      snippet: snippet ? snippet.textContent : null,
      snippetShown: !!snippet && !snippet.hidden && snippet.textContent !== "",
      snippetMarks: snippet ? texts(snippet, "mark") : [],
    };
  }),
};
"##;

async fn no_result(
    browser: &Browser,
    access: &Access<'_>,
    failures: &mut Vec<String>,
) -> common::browser::Result<()> {
    for (lang, expected) in [
        ("it", "Nessun risultato per «zanzibar»."),
        ("en", "No results for “zanzibar”."),
    ] {
        let url = format!("{}?q=zanzibar", access.url(search_page(lang)));
        browser.open(&url).await?;
        let page = results(browser, false).await?;
        let context = format!("[{}] {lang} \"zanzibar\"", access.name());
        if page["status"] != expected {
            failures.push(format!(
                "{context}: status {}, expected {expected:?}",
                page["status"]
            ));
        }
        if page["results"].as_array().is_none_or(|r| !r.is_empty()) {
            failures.push(format!(
                "{context}: expected no results, got {}",
                page["results"]
            ));
        }
    }
    Ok(())
}

/// Typing updates the results and `?q=` without submitting; arrow keys move between the
/// box and the results.
async fn typing_and_keyboard(
    browser: &Browser,
    access: &Access<'_>,
    failures: &mut Vec<String>,
) -> common::browser::Result<()> {
    let context = format!("[{}] typing", access.name());
    browser.open(&access.url(search_page("it"))).await?;
    let page = results(browser, false).await?;
    if page["status"] != "Scrivi una o più parole." {
        failures.push(format!(
            "{context}: without a query the status is {}",
            page["status"]
        ));
    }
    let client = browser.client();
    let input = client.find(Locator::Css("#search-query")).await?;
    input.send_keys("Kazak").await?;
    let page = typed(browser, "Kazak").await?;
    let count = page["results"].as_array().map_or(0, Vec::len);
    if count < 3 || page["status"] != format!("{count} risultati per «Kazak»") {
        failures.push(format!(
            "{context}: after typing, {} and {count} results",
            page["status"]
        ));
    }
    keeps_query(&page, "Kazak", &context, failures);
    // More words narrow it down, still without submitting.
    input.send_keys(" tokay").await?;
    let page = typed(browser, "tokay").await?;
    if page["results"].as_array().map_or(0, Vec::len) != 2 {
        failures.push(format!(
            "{context}: \"Kazak tokay\" should find the two briefings: {}",
            page["results"]
        ));
    }
    keeps_query(&page, "Kazak+tokay", &context, failures);

    let focused = r##"const a = document.activeElement;
        return a.id || (a.closest("#search-results li") ?
          [...document.querySelectorAll("#search-results > li")].indexOf(a.closest("li")) : a.tagName);"##;
    let mut seen = Vec::new();
    for key in [Key::Down, Key::Down, Key::Up, Key::Up] {
        let active = client.active_element().await?;
        active.send_keys(&key.to_string()).await?;
        seen.push(client.execute(focused, vec![]).await?);
    }
    let expected = vec![
        Value::from(0),
        Value::from(1),
        Value::from(0),
        Value::from("search-query"),
    ];
    if seen != expected {
        failures.push(format!(
            "{context}: arrow keys moved focus to {seen:?}, expected {expected:?}"
        ));
    }
    // Enter on a focused result follows it.
    client
        .execute(
            "document.querySelector('#search-results a').focus();",
            vec![],
        )
        .await?;
    let target = browser.href_of("#search-results a").await?;
    client
        .active_element()
        .await?
        .send_keys(&Key::Enter.to_string())
        .await?;
    let deadline = Instant::now() + Duration::from_secs(5);
    while browser.current_url().await? != target && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    if browser.current_url().await? != target {
        failures.push(format!(
            "{context}: Enter on the first result did not open {target}"
        ));
    }
    Ok(())
}

/// The results once the status line names `word` (typed, not submitted), or after 5 s.
async fn typed(browser: &Browser, word: &str) -> common::browser::Result<Value> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let page = results(browser, false).await?;
        if page["status"].as_str().is_some_and(|s| s.contains(word)) || Instant::now() > deadline {
            return Ok(page);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The page's URL must end with `?q=QUERY`: typing keeps the query in the address.
fn keeps_query(page: &Value, query: &str, context: &str, failures: &mut Vec<String>) {
    let kept = page["url"]
        .as_str()
        .is_some_and(|u| u.ends_with(&format!("?q={query}")));
    if !kept {
        failures.push(format!(
            "{context}: the URL does not keep the query: {}",
            page["url"]
        ));
    }
}

/// The search box in the header of any page leads to the results, from any depth.
async fn header_form(
    browser: &Browser,
    access: &Access<'_>,
    failures: &mut Vec<String>,
) -> common::browser::Result<()> {
    for (page, query, first) in [(EN_2025, "tokayev", EN_2024), (IT_ABOUT, "sanità", IT_2025)] {
        let context = format!("[{}] header search from {page}", access.name());
        browser.open(&access.url(page)).await?;
        let input = browser.client().find(Locator::Css("#site-search")).await?;
        input.send_keys(query).await?;
        input.send_keys(&Key::Enter.to_string()).await?;
        let deadline = Instant::now() + Duration::from_secs(5);
        while !browser.current_url().await?.contains("?q=") && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let found = results(browser, false).await?;
        let lang = &page[..2];
        let url = found["url"].as_str().unwrap_or("");
        if !url.starts_with(&format!("{}?q=", access.url(search_page(lang)))) {
            failures.push(format!("{context}: landed on {url}"));
        }
        if found["results"][0]["href"] != access.url(first).as_str() {
            failures.push(format!(
                "{context}: first result {}, expected {first}",
                found["results"][0]["href"]
            ));
        }
    }
    Ok(())
}

/// Percent-encodes everything but unreserved ASCII, as a form would (space as `+`).
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
