//! The built site's pages by type, for tests that check one page of each type.

use std::collections::BTreeMap;
use std::path::Path;

/// Every `*.html` file under `root`, as sorted slash-separated relative paths.
pub fn html_pages(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                let relative = path.strip_prefix(root).unwrap();
                let parts: Vec<_> = relative.iter().map(|p| p.to_string_lossy()).collect();
                found.push(parts.join("/"));
            }
        }
    }
    found.sort();
    found
}

/// The language (the first path segment, `-` at the root) and the type of one page:
/// `404`, `search` (it holds the search app), else the first class of `<body>`
/// (`home`, `list`, `briefing`, `page`, `taxonomy`, `term`, `timeline-page`, `chooser`).
pub fn classify(page: &str, html: &str) -> (String, String) {
    let document = scraper::Html::parse_document(html);
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    let lang = match page.split_once('/') {
        Some((first, _)) => first.to_owned(),
        None => "-".to_owned(),
    };
    let kind = if page == "404.html" {
        "404".to_owned()
    } else if document.select(&select("#search-app")).next().is_some() {
        "search".to_owned()
    } else {
        let body = document.select(&select("body")).next();
        let class = body.and_then(|b| b.value().attr("class")).unwrap_or("");
        class.split_whitespace().next().unwrap_or("none").to_owned()
    };
    (lang, kind)
}

/// Every page of `root` keyed by (language, type), in path order.
pub fn pages_by_kind(root: &Path) -> BTreeMap<(String, String), Vec<String>> {
    let mut found: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for page in html_pages(root) {
        let html = std::fs::read_to_string(root.join(&page)).unwrap();
        found.entry(classify(&page, &html)).or_default().push(page);
    }
    found
}

/// The fixture the browser, search, reader and Lighthouse tests read: a copy of the
/// repository's site (tests/fixtures/site), so an editorial change to content/ cannot
/// break them.
pub const SITE: &str = "site";

/// Builds the [`SITE`] fixture into `public` with the real binary.
pub fn build_site(public: &Path) {
    super::site::build(&super::site::fixture(SITE), public, &[], &[]);
}
