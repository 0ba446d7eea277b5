//! `check`'s link pass: every internal URL of every rendered page leads to a file,
//! every `#anchor` to an id, each problem placed in the Markdown or the template.

use super::{Finding, Kind, Page, html};
use crate::diagnostics::Problem;
use crate::site::Site;
use crate::urls::{LinkTarget, join, resolve_link};
use std::collections::{BTreeMap, HashMap};

/// What is wrong with one link: its kind, the message and the hint.
type LinkProblem = (Kind, String, String);

/// Every internal URL of every page must resolve to a rendered file, and its
/// `#anchor` to an id there. Returns the number of URLs checked and, per page, the
/// pages its links lead to (for the orphan search).
pub(super) fn links<'a>(
    site: &Site,
    files: &BTreeMap<String, Vec<u8>>,
    pages: &BTreeMap<&'a str, Page>,
    findings: &mut Vec<Finding>,
) -> (usize, HashMap<&'a str, Vec<String>>) {
    let mut checked = 0;
    let mut edges: HashMap<&str, Vec<String>> = HashMap::new();
    // Template problems repeat on every page a template renders: report each once.
    let mut seen: HashMap<(&str, String, Kind), usize> = HashMap::new();
    for (&path, page) in pages {
        let body = page.document.and_then(|i| {
            let html = site.body_html(i);
            (!html.is_empty())
                .then(|| page.text.find(&*html).map(|at| at..at + html.len()))
                .flatten()
        });
        let lines = html::Lines::new(page.text);
        for link in &page.scan.links {
            let target = resolve_link(path, &link.url);
            if target != LinkTarget::External {
                checked += 1;
            }
            if link.navigates
                && let Some(to) = leads_to(&target, files, pages)
            {
                edges.entry(path).or_default().push(to);
            }
            let Some(problem) = link_problem(&link.url, &target, files, pages) else {
                continue;
            };
            let from_body = body.as_ref().is_some_and(|r| r.contains(&link.offset));
            if let (true, Some(i)) = (from_body, page.document) {
                findings.push(in_document(site, i, path, &link.url, problem));
                continue;
            }
            let key = match &target {
                LinkTarget::Internal {
                    path: t, fragment, ..
                } => format!("{t}#{}", fragment.as_deref().unwrap_or_default()),
                _ => link.url.clone(),
            };
            let (kind, message, _) = &problem;
            if let Some(&first) = seen.get(&(page.template, key.clone(), *kind)) {
                findings[first].more += 1;
                continue;
            }
            seen.insert((page.template, key, *kind), findings.len());
            let (line, col) = lines.locate(link.offset);
            findings.push(Finding {
                kind: *kind,
                problem: Problem::new(path, message.clone()).at(line, col).hint(format!(
                    "the link comes from the template `{}` or one it extends or includes: fix it there",
                    page.template
                )),
                page: None,
                more: 0,
                other: None,
            });
        }
    }
    (checked, edges)
}

/// The page a navigating link leads to, if the site renders it: the file, or the
/// `index.html` of the folder it names.
fn leads_to(
    target: &LinkTarget,
    files: &BTreeMap<String, Vec<u8>>,
    pages: &BTreeMap<&str, Page>,
) -> Option<String> {
    let LinkTarget::Internal {
        path: target,
        folder,
        ..
    } = target
    else {
        return None;
    };
    let exists = !folder && files.contains_key(target);
    let to = if exists {
        target.clone()
    } else {
        join(target, "index.html")
    };
    pages.contains_key(to.as_str()).then_some(to)
}

/// What is wrong with the link `url` leading to `target`, if anything.
fn link_problem(
    url: &str,
    target: &LinkTarget,
    files: &BTreeMap<String, Vec<u8>>,
    pages: &BTreeMap<&str, Page>,
) -> Option<LinkProblem> {
    let (target, fragment, folder) = match target {
        LinkTarget::External => return None,
        LinkTarget::RootAbsolute => {
            return Some((
                Kind::BrokenLink,
                format!(
                    "`{url}` starts with `/`: it works only at the root of a web server, not from disk or under a sub-path"
                ),
                "write a relative link (in Markdown: @/briefings/NAME.md)".to_string(),
            ));
        }
        LinkTarget::Escapes => {
            return Some((
                Kind::BrokenLink,
                format!("`{url}` leads outside the site"),
                "remove a `../`".to_string(),
            ));
        }
        LinkTarget::Internal {
            path,
            fragment,
            folder,
        } => (path, fragment, *folder),
    };
    let index = join(target, "index.html");
    let exists = !folder && files.contains_key(target);
    if !exists && files.contains_key(&index) {
        let fixed = format!(
            "{}/index.html",
            url.split(['#', '?'])
                .next()
                .unwrap_or_default()
                .trim_end_matches('/')
        );
        return Some((
            Kind::BrokenLink,
            format!(
                "`{url}` names a folder: a web server shows its index.html, a browser opening the site from disk does not"
            ),
            format!("link to `{}` instead", fixed.trim_start_matches('/')),
        ));
    }
    if !exists {
        return Some((
            Kind::BrokenLink,
            format!(
                "`{url}` leads to `{}`, which the site does not have",
                if target.is_empty() { "." } else { target }
            ),
            "link an existing page (in Markdown: @/briefings/NAME.md)".to_string(),
        ));
    }
    match (fragment.as_deref(), pages.get(target.as_str())) {
        (Some(f), Some(to)) if !f.is_empty() && f != "top" && !to.scan.ids.contains(f) => Some((
            Kind::MissingAnchor,
            format!("the anchor `#{f}` does not exist in `{target}`: no element has that id"),
            "link a heading's id (shown in the page's table of contents) or add `{#id}` to a heading".to_string(),
        )),
        _ => None,
    }
}

/// A link problem in the Markdown of document `i`, placed at the line of its source
/// where the URL (or its `#fragment`) is written; `page` is where it was seen.
fn in_document(site: &Site, i: usize, page: &str, url: &str, problem: LinkProblem) -> Finding {
    let (kind, message, hint) = problem;
    let doc = &site.documents[i];
    let fragment = url.find('#').map(|at| &url[at..]);
    let needles = [Some(url), fragment];
    let (line, col) = needles
        .iter()
        .flatten()
        .find_map(|needle| {
            doc.body
                .lines()
                .enumerate()
                .find_map(|(n, l)| l.find(needle).map(|c| (doc.body_line + n, c + 1)))
        })
        .unwrap_or((doc.body_line, 1));
    Finding {
        kind,
        problem: Problem::new(&doc.path, message).at(line, col).hint(hint),
        page: Some(page.to_string()),
        more: 0,
        other: None,
    }
}
