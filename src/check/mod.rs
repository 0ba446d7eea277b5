//! `briefing check`: builds in memory (writes nothing) and verifies links, anchors,
//! translations and that every page can be reached from the home page.

mod html;
pub mod parity;
mod report;
mod snippets;

pub use report::{Finding, Format, Kind, Report, Severity};

use crate::build::load;
use crate::content::{Held, Selection};
use crate::diagnostics::{Failure, Problem, line_of};
use crate::guard;
use crate::render::template_of;
use crate::site::{Route, Site};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::path::Path;
use std::process::ExitCode;

/// `briefing check`: prints the report and picks the exit code (1 when there is an
/// error, or a warning under `strict`).
pub fn run(
    root: &Path,
    format: Format,
    strict: bool,
    against: Option<&Path>,
) -> Result<ExitCode, Failure> {
    if let Some(dir) = against
        && !dir.exists()
    {
        return Err(
            Problem::new(dir, "--against names nothing: no such folder or file")
                .hint("name the output folder of an earlier build (or its .briefing-urls file)")
                .into(),
        );
    }
    let report = check_against(root, against)?;
    match format {
        Format::Text => print!("{}", report.text()),
        Format::Json => print!("{}", report.json()),
    }
    let failed =
        report.count(Severity::Error) > 0 || (strict && report.count(Severity::Warning) > 0);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Builds the site at `root` in memory and checks it, against the earlier build in
/// ROOT/public when there is one. `Err` only when the machine fails (IO); everything
/// wrong with the site is in the report.
pub fn check(root: &Path) -> Result<Report, Failure> {
    check_against(root, None)
}

/// Like [`check`], with the URLs of the earlier build in `against` (an output folder
/// or its `.briefing-urls`) instead of ROOT/public's.
pub fn check_against(root: &Path, against: Option<&Path>) -> Result<Report, Failure> {
    let unbuilt = |problems: Vec<Problem>| {
        let mut report = Report {
            findings: problems
                .into_iter()
                .map(|problem| Finding {
                    kind: Kind::Build,
                    problem,
                    page: None,
                    more: 0,
                    other: None,
                })
                .collect(),
            ..Report::default()
        };
        sort(&mut report.findings);
        Ok(report)
    };
    let selection = match Selection::new(false, false) {
        Ok(selection) => selection,
        Err(problem) => return unbuilt(vec![problem]),
    };
    let (config, mut content, renderer) = match load(root, selection, None) {
        Ok(loaded) => loaded,
        Err(Failure::Problems(problems)) => return unbuilt(problems),
        Err(failure) => return Err(failure),
    };
    let held = held(&content.held, selection.today);
    let unpublished = std::mem::take(&mut content.unpublished);
    let reference = against.map_or_else(|| root.join("public"), Path::to_path_buf);
    let previous = match guard::Manifest::read(&reference) {
        Ok(previous) => previous,
        Err(Failure::Problems(problems)) => return unbuilt(problems),
        Err(failure) => return Err(failure),
    };
    let site = match Site::build_checking(&config, content) {
        Ok(site) => site,
        Err(problems) => return unbuilt(problems),
    };
    let (mut files, media) = match crate::build::render_in_memory(&site, &renderer) {
        Ok(rendered) => rendered,
        Err(Failure::Problems(problems)) => return unbuilt(problems),
        Err(failure) => return Err(failure),
    };
    // Images and files are only linked to: their names are enough, not their bytes.
    for (output, _) in media {
        files.insert(output, Vec::new());
    }
    let mut report = inspect(&site, &files);
    report.findings.extend(held);
    if let Some(previous) = &previous {
        let outcome = guard::compare(
            Some(previous),
            &site,
            &|file| files.contains_key(file),
            &unpublished,
        );
        report.guarded = Some(outcome.guarded);
        report.findings.extend(
            guard::problems(&site, &outcome.lost)
                .into_iter()
                .map(|problem| Finding {
                    kind: Kind::LostUrl,
                    problem,
                    page: None,
                    more: 0,
                    other: None,
                }),
        );
    }
    sort(&mut report.findings);
    Ok(report)
}

/// The pages this build leaves out on purpose: scheduled for later, or expired.
fn held(held: &[(std::path::PathBuf, Held)], today: jiff::civil::Date) -> Vec<Finding> {
    held.iter()
        .map(|(path, why)| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let (kind, problem) = match why {
                Held::Scheduled(date) => (
                    Kind::Scheduled,
                    Problem::new(
                        path,
                        format!(
                            "scheduled: dated {date}, after today ({today}); not published yet"
                        ),
                    )
                    .at(line_of(&text, "date:"), 1)
                    .hint("a build on or after that date publishes it; `build --future` does now"),
                ),
                Held::Expired(date) => (
                    Kind::Expired,
                    Problem::new(path, format!("expired on {date}: no longer published"))
                        .at(line_of(&text, "expires:"), 1)
                        .hint("remove `expires:` or move it later to publish it again"),
                ),
            };
            Finding {
                kind,
                problem,
                page: None,
                more: 0,
                other: None,
            }
        })
        .collect()
}

/// The template of the redirect pages of aliases.
const REDIRECT: &str = "redirect.html";

/// A rendered page: where it comes from and what it holds.
struct Page<'a> {
    text: &'a str,
    scan: html::Scan,
    /// The document shown, if the page shows one.
    document: Option<usize>,
    /// The template that rendered it.
    template: &'a str,
}

/// Where a URL of a page leads, inside the site.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// Another host, or a scheme like `mailto:`.
    External,
    /// `/x`: only works at the root of a web server.
    RootAbsolute,
    /// `../` beyond the output root.
    Escapes,
    Internal {
        /// Relative to the output root; empty for the root folder.
        path: String,
        fragment: Option<String>,
        /// The URL names a folder (`x/`, `.`, `..`), not a file.
        folder: bool,
    },
}

/// Resolves `url`, found on the page at `page` (relative to the output root).
fn resolve(page: &str, url: &str) -> Target {
    let url = url.trim();
    if url.starts_with("//") || has_scheme(url) {
        return Target::External;
    }
    let (rest, fragment) = match url.split_once('#') {
        Some((rest, fragment)) => (rest, Some(percent_decode(fragment))),
        None => (url, None),
    };
    let rest = rest.split('?').next().unwrap_or_default();
    if rest.starts_with('/') || rest.starts_with('\\') {
        return Target::RootAbsolute;
    }
    if rest.is_empty() {
        return Target::Internal {
            path: page.to_string(),
            fragment,
            folder: false,
        };
    }
    let decoded = percent_decode(rest);
    let mut stack: Vec<&str> = page.split('/').collect();
    stack.pop();
    let segments: Vec<&str> = decoded.split('/').collect();
    let folder = matches!(segments.last(), Some(&("" | "." | "..")));
    for segment in segments {
        match segment {
            "" | "." => {}
            ".." => {
                if stack.pop().is_none() {
                    return Target::Escapes;
                }
            }
            s => stack.push(s),
        }
    }
    Target::Internal {
        path: stack.join("/"),
        fragment,
        folder,
    }
}

fn has_scheme(url: &str) -> bool {
    let Some(colon) = url.find(':') else {
        return false;
    };
    let scheme = &url[..colon];
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    String::from_utf8_lossy(&crate::urls::percent_decode(text)).into_owned()
}

fn join(dir: &str, file: &str) -> String {
    if dir.is_empty() {
        file.to_string()
    } else {
        format!("{dir}/{file}")
    }
}

/// The checks on a built site and its rendered files.
fn inspect<'s>(site: &'s Site, files: &'s BTreeMap<String, Vec<u8>>) -> Report {
    let mut origins: HashMap<String, (Option<usize>, &'s str)> = HashMap::new();
    for lang in site.config.codes() {
        for route in site.routes(lang) {
            let document = match route {
                Route::Document(i) => Some(i),
                _ => None,
            };
            origins.insert(site.path(lang, route), (document, template_of(site, route)));
        }
    }
    for alias in &site.aliases {
        origins.insert(alias.path.file.clone(), (None, REDIRECT));
    }
    let pages: BTreeMap<&str, Page> = files
        .par_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .filter_map(|(path, bytes)| {
            let text = std::str::from_utf8(bytes).ok()?;
            let (document, template) = match origins.get(path.as_str()) {
                Some(&origin) => origin,
                None if path == "index.html" => (None, "chooser.html"),
                None if path == "404.html" => (None, "404.html"),
                None => (None, "static/"),
            };
            Some((
                path.as_str(),
                Page {
                    text,
                    scan: html::scan(text),
                    document,
                    template,
                },
            ))
        })
        .collect();

    let mut report = Report {
        built: true,
        pages: pages.values().filter(|p| p.template != REDIRECT).count(),
        ..Report::default()
    };
    report.findings.extend(translations(site));
    let languages: Vec<&str> = site.config.codes().collect();
    let sides = parity::sides(site.config, &site.documents);
    let survey = parity::Survey::of(&sides, &languages);
    report.findings.extend(survey.findings(&sides));
    (report.pairs, report.values) = (survey.pairs, survey.values);
    let (links, edges) = links(site, files, &pages, &mut report.findings);
    report.links = links;
    report.findings.extend(orphans(site, &pages, &edges));
    report.findings.extend(snippets::findings(site, &pages));
    sort(&mut report.findings);
    report
}

fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (
            &a.problem.path,
            a.problem.line,
            a.problem.col,
            a.kind,
            &a.problem.message,
        )
            .cmp(&(
                &b.problem.path,
                b.problem.line,
                b.problem.col,
                b.kind,
                &b.problem.message,
            ))
    });
}

/// Every internal URL of every page must resolve to a rendered file, and its
/// `#anchor` to an id there. Returns the number of URLs checked and, per page, the
/// pages its links lead to (for the orphan search).
fn links<'a>(
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
            let html = &site.bodies[i].html;
            (!html.is_empty())
                .then(|| page.text.find(html.as_str()).map(|at| at..at + html.len()))
                .flatten()
        });
        let lines = html::Lines::new(page.text);
        for link in &page.scan.links {
            let target = resolve(path, &link.url);
            if target != Target::External {
                checked += 1;
            }
            let problem = match &target {
                Target::External => None,
                Target::RootAbsolute => Some((
                    Kind::BrokenLink,
                    format!(
                        "`{}` starts with `/`: it works only at the root of a web server, not from disk or under a sub-path",
                        link.url
                    ),
                    "write a relative link (in Markdown: @/briefings/NAME.md)".to_string(),
                )),
                Target::Escapes => Some((
                    Kind::BrokenLink,
                    format!("`{}` leads outside the site", link.url),
                    "remove a `../`".to_string(),
                )),
                Target::Internal {
                    path: target,
                    fragment,
                    folder,
                } => {
                    let index = join(target, "index.html");
                    let exists = !folder && files.contains_key(target);
                    if link.navigates {
                        let to = if exists { target } else { &index };
                        if pages.contains_key(to.as_str()) {
                            edges.entry(path).or_default().push(to.clone());
                        }
                    }
                    if !exists && files.contains_key(&index) {
                        let fixed = format!(
                            "{}/index.html",
                            link.url
                                .split(['#', '?'])
                                .next()
                                .unwrap_or_default()
                                .trim_end_matches('/')
                        );
                        Some((
                            Kind::BrokenLink,
                            format!(
                                "`{}` names a folder: a web server shows its index.html, a browser opening the site from disk does not",
                                link.url
                            ),
                            format!("link to `{}` instead", fixed.trim_start_matches('/')),
                        ))
                    } else if !exists {
                        Some((
                            Kind::BrokenLink,
                            format!(
                                "`{}` leads to `{}`, which the site does not have",
                                link.url,
                                if target.is_empty() { "." } else { target }
                            ),
                            "link an existing page (in Markdown: @/briefings/NAME.md)".to_string(),
                        ))
                    } else {
                        match (fragment.as_deref(), pages.get(target.as_str())) {
                            (Some(f), Some(to)) if !f.is_empty() && f != "top" && !to.scan.ids.contains(f) => {
                                Some((
                                    Kind::MissingAnchor,
                                    format!("the anchor `#{f}` does not exist in `{target}`: no element has that id"),
                                    "link a heading's id (shown in the page's table of contents) or add `{#id}` to a heading".to_string(),
                                ))
                            }
                            _ => None,
                        }
                    }
                }
            };
            let Some((kind, message, hint)) = problem else {
                continue;
            };
            let from_body = body.as_ref().is_some_and(|r| r.contains(&link.offset));
            if let (true, Some(i)) = (from_body, page.document) {
                let doc = &site.documents[i];
                let fragment = link.url.find('#').map(|at| &link.url[at..]);
                let needles = [Some(link.url.as_str()), fragment];
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
                findings.push(Finding {
                    kind,
                    problem: Problem::new(&doc.path, message).at(line, col).hint(hint),
                    page: Some(path.to_string()),
                    more: 0,
                    other: None,
                });
            } else {
                let key = match &target {
                    Target::Internal {
                        path: t, fragment, ..
                    } => format!("{t}#{}", fragment.as_deref().unwrap_or_default()),
                    _ => link.url.clone(),
                };
                if let Some(&first) = seen.get(&(page.template, key.clone(), kind)) {
                    findings[first].more += 1;
                    continue;
                }
                seen.insert((page.template, key, kind), findings.len());
                let (line, col) = lines.locate(link.offset);
                findings.push(Finding {
                    kind,
                    problem: Problem::new(path, message).at(line, col).hint(format!(
                        "the link comes from the template `{}` or one it extends or includes: fix it there",
                        page.template
                    )),
                    page: None,
                    more: 0,
                    other: None,
                });
            }
        }
    }
    (checked, edges)
}

/// Every page should have its counterpart in each other language, and a
/// translation should not be older than an update of its counterpart.
fn translations(site: &Site) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (i, doc) in site.documents.iter().enumerate() {
        for lang in site.config.codes().filter(|&l| l != doc.lang) {
            let Some(j) = site.translation(i, lang) else {
                let file = doc.path.with_file_name(format!("{}.{lang}.md", doc.name));
                let section = if site.config.sections[0].key == doc.section {
                    String::new()
                } else {
                    format!(" --section {}", doc.section)
                };
                findings.push(Finding {
                    kind: Kind::MissingTranslation,
                    problem: Problem::new(
                        &doc.path,
                        format!(
                            "no `{lang}` translation ({}): {} does not exist",
                            site.config.language(lang).name,
                            file.display()
                        ),
                    )
                    .hint(format!(
                        "the site builds and this page tells {} readers so; to translate it, `briefing new {} --lang {lang}{section}`",
                        site.config.language(lang).name,
                        doc.name
                    )),
                    page: None,
                    more: 0,
                    other: None,
                });
                continue;
            };
            let other = &site.documents[j];
            let mine = doc.meta.updated.unwrap_or(doc.meta.date);
            if let Some(updated) = other.meta.updated
                && updated > mine
            {
                let text = std::fs::read_to_string(&doc.path).unwrap_or_default();
                let field = if doc.meta.updated.is_some() {
                    "updated:"
                } else {
                    "date:"
                };
                findings.push(Finding {
                    kind: Kind::OutdatedTranslation,
                    problem: Problem::new(
                        &doc.path,
                        format!(
                            "{} was updated on {updated}, after this translation (last changed {mine})",
                            other.path.display()
                        ),
                    )
                    .at(line_of(&text, field), 1)
                    .hint(format!(
                        "bring the translation up to date and set `updated: {updated}`"
                    )),
                    page: None,
                    more: 0,
                    other: None,
                });
            }
        }
    }
    findings
}

/// Pages no chain of links leads to from the language chooser (`index.html`).
fn orphans(
    site: &Site,
    pages: &BTreeMap<&str, Page>,
    edges: &HashMap<&str, Vec<String>>,
) -> Vec<Finding> {
    let mut reached: HashSet<&str> = HashSet::from(["index.html", "404.html"]);
    let mut queue = VecDeque::from(["index.html"]);
    while let Some(page) = queue.pop_front() {
        for to in edges.get(page).into_iter().flatten() {
            if let Some((&key, _)) = pages.get_key_value(to.as_str())
                && reached.insert(key)
            {
                queue.push_back(key);
            }
        }
    }
    pages
        .iter()
        // Redirect pages answer old URLs: nothing is meant to link them.
        .filter(|(path, page)| !reached.contains(*path) && page.template != REDIRECT)
        .map(|(&path, page)| {
            let (problem, shown) = match page.document {
                Some(i) => (
                    Problem::new(
                        &site.documents[i].path,
                        "no page links here: readers cannot reach it from the home page",
                    )
                    .hint("link it from another page, e.g. [text](@/pages/NAME.md), or mark it `draft: true`"),
                    Some(path.to_string()),
                ),
                None => (
                    Problem::new(
                        path,
                        format!(
                            "no page links here (rendered by the template `{}`)",
                            page.template
                        ),
                    )
                    .hint("link it from a template"),
                    None,
                ),
            };
            Finding {
                kind: Kind::Orphan,
                problem,
                page: shown,
                more: 0,
                other: None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn internal(path: &str, fragment: Option<&str>, folder: bool) -> Target {
        Target::Internal {
            path: path.into(),
            fragment: fragment.map(Into::into),
            folder,
        }
    }

    #[test]
    fn urls_resolve_against_their_page() {
        let page = "it/analisi/a/index.html";
        assert_eq!(
            resolve(page, "../b/index.html#x"),
            internal("it/analisi/b/index.html", Some("x"), false)
        );
        assert_eq!(resolve(page, "#x"), internal(page, Some("x"), false));
        assert_eq!(resolve(page, "?q=1"), internal(page, None, false));
        assert_eq!(
            resolve(page, "../../../style.css"),
            internal("style.css", None, false)
        );
        assert_eq!(resolve(page, "../b/"), internal("it/analisi/b", None, true));
        assert_eq!(resolve(page, "../../../"), internal("", None, true));
        assert_eq!(resolve(page, "../../../../x"), Target::Escapes);
        assert_eq!(
            resolve(page, "%2e%2e/%2e%2e/%2e%2e/%2e%2e/x"),
            Target::Escapes
        );
        assert_eq!(resolve(page, "/it/index.html"), Target::RootAbsolute);
        for external in [
            "https://a.org/x",
            "mailto:a@b.c",
            "//cdn.org/x.js",
            "data:image/png;base64,AA",
        ] {
            assert_eq!(resolve(page, external), Target::External, "{external}");
        }
        assert_eq!(
            resolve("index.html", "it/citt%C3%A0.html#s%C3%AC"),
            internal("it/città.html", Some("sì"), false)
        );
    }
}
