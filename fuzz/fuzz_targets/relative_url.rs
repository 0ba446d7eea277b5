//! Relative URLs between any two pages: from the first page, `root_of` + the second's
//! path lands on the second page, inside the output root.
#![no_main]

use briefing::urls::{page_path, root_of, slugify};
use libfuzzer_sys::fuzz_target;

/// A page path from fuzz text, as the site makes them: slugged segments.
fn page(text: &str) -> String {
    let segments: Vec<String> = text
        .split('/')
        .map(slugify)
        .filter(|s| !s.is_empty())
        .collect();
    let refs: Vec<&str> = segments.iter().map(String::as_str).collect();
    page_path(&refs)
}

/// Resolves `href` from the page at `from` as a browser does for file:// URLs.
fn resolve(from: &str, href: &str) -> Option<String> {
    let mut at: Vec<&str> = from.split('/').collect();
    at.pop();
    for part in href.split('/') {
        match part {
            ".." => {
                at.pop()?;
            }
            "." | "" => {}
            other => at.push(other),
        }
    }
    Some(at.join("/"))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (a, b) = text.split_once('\n').unwrap_or((&text, ""));
    let (from, to) = (page(a), page(b));
    let href = format!("{}{to}", root_of(&from));
    assert_eq!(
        resolve(&from, &href),
        Some(to.clone()),
        "{href} from {from}"
    );
});
