//! Search-result snippets: page titles and descriptions longer than search engines show.
//!
//! Counted in characters (Unicode scalar values, references decoded, runs of white
//! space as one), as search engines cut them, not in bytes: `Città` is five.

use super::report::{Finding, Kind};
use super::{Page, html};
use crate::diagnostics::{Problem, line_of};
use crate::site::Site;
use std::collections::BTreeMap;

/// A title longer than this is cut in search results.
pub(crate) const MAX_TITLE: usize = 60;
/// A description longer than this is cut in search results.
pub(crate) const MAX_DESCRIPTION: usize = 160;

/// One warning per page whose `<title>` or meta description is too long; pages
/// marked `noindex` never show in search results and are skipped.
pub(super) fn findings(site: &Site, pages: &BTreeMap<&str, Page>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (&path, page) in pages {
        if page.scan.noindex {
            continue;
        }
        let checks = [
            (Kind::LongTitle, &page.scan.title, MAX_TITLE, "title:"),
            (
                Kind::LongDescription,
                &page.scan.description,
                MAX_DESCRIPTION,
                "summary:",
            ),
        ];
        for (kind, found, max, field) in checks {
            let Some((text, offset)) = found else {
                continue;
            };
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let length = text.chars().count();
            if length > max {
                findings.push(finding(
                    site,
                    path,
                    page,
                    kind,
                    (&text, length, max),
                    (*offset, field),
                ));
            }
        }
    }
    findings
}

/// The warning, placed on the front-matter field when the text comes from a
/// document, else on the rendered page (its text comes from site.yaml or ui.yaml).
fn finding(
    site: &Site,
    path: &str,
    page: &Page,
    kind: Kind,
    (text, length, max): (&str, usize, usize),
    (offset, field): (usize, &str),
) -> Finding {
    let what = if kind == Kind::LongTitle {
        "title"
    } else {
        "description"
    };
    let message = format!(
        "the page's {what} is {length} characters; search results cut it after {max}: \"{}\"",
        shorten(text, max)
    );
    let (problem, page_shown) = match page.document {
        Some(i) => {
            let doc = &site.documents[i];
            let source = std::fs::read_to_string(&doc.path).unwrap_or_default();
            let hint = if kind == Kind::LongTitle {
                format!(
                    "shorten `title` to {max} characters or fewer (the site's name is left out of a long page title)"
                )
            } else {
                format!(
                    "shorten `summary` to {max} characters or fewer: it is the page's description"
                )
            };
            let problem = Problem::new(&doc.path, message).at(line_of(&source, field), 1);
            (problem.hint(hint), Some(path.to_string()))
        }
        None => {
            let (line, col) = html::Lines::new(page.text).locate(offset);
            let problem = Problem::new(path, message).at(line, col).hint(format!(
                "the text comes from site.yaml, ui.yaml or the template {}: shorten it to {max} characters",
                page.template
            ));
            (problem, None)
        }
    };
    Finding {
        kind,
        problem,
        page: page_shown,
        more: 0,
        other: None,
    }
}

/// The first `max` characters, and `…` where the search result would cut.
fn shorten(text: &str, max: usize) -> String {
    let kept: String = text.chars().take(max).collect();
    format!("{kept}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_are_characters_not_bytes() {
        let scan =
            html::scan("<title>Città &amp; più</title><meta name=\"description\" content=\"già\">");
        let (title, _) = scan.title.unwrap();
        assert_eq!((title.as_str(), title.chars().count()), ("Città & più", 11));
        assert_eq!(scan.description.unwrap().0, "già");
        assert!(!scan.noindex);
        assert!(html::scan("<meta name=\"robots\" content=\"noindex\">").noindex);
    }

    #[test]
    fn the_cut_text_ends_where_search_results_cut() {
        assert_eq!(shorten("abcdef", 3), "abc…");
    }
}
