//! `briefing check`: builds in memory (writes nothing) and verifies links, anchors,
//! translations and that every page can be reached from the home page.

mod html;
mod links;
pub mod parity;
mod report;
mod snippets;

pub use report::{Finding, Format, Kind, Report, Severity};

use crate::build::load;
use crate::content::{Held, Selection};
use crate::diagnostics::{Failure, Problem, line_of};
use crate::guard;
use crate::site::{Route, Site};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};

/// What `briefing check` was asked to do.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub root: PathBuf,
    pub format: Format,
    /// Warnings (missing or outdated translations...) fail the check too.
    pub strict: bool,
    /// The earlier build whose URLs must still lead somewhere; ROOT/public when None.
    pub against: Option<PathBuf>,
}

/// What `briefing check` tells its caller: the report, printed in the chosen format
/// by `Display`, and whether it fails the check.
#[derive(Debug)]
pub struct Checked {
    pub report: Report,
    pub format: Format,
    pub strict: bool,
}

impl Checked {
    /// True when there is an error, or a warning under `strict`: exit code 1.
    pub fn failed(&self) -> bool {
        self.report.count(Severity::Error) > 0
            || (self.strict && self.report.count(Severity::Warning) > 0)
    }
}

impl std::fmt::Display for Checked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.format {
            Format::Text => f.write_str(&self.report.text()),
            Format::Json => f.write_str(&self.report.json()),
        }
    }
}

/// `briefing check`: builds in memory and checks; `Err` only for a bad `--against`
/// or when the machine fails.
pub fn run(options: &CheckOptions) -> Result<Checked, Failure> {
    if let Some(dir) = &options.against
        && !dir.exists()
    {
        return Err(
            Problem::new(dir, "--against names nothing: no such folder or file")
                .hint("name the output folder of an earlier build (or its .briefing-urls file)")
                .into(),
        );
    }
    Ok(Checked {
        report: check_against(&options.root, options.against.as_deref())?,
        format: options.format,
        strict: options.strict,
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

/// The report on a site that does not build: its problems, nothing else checked.
fn unbuilt(problems: Vec<Problem>) -> Result<Report, Failure> {
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

/// The checks on a built site and its rendered files.
fn inspect<'s>(site: &'s Site, files: &'s BTreeMap<String, Vec<u8>>) -> Report {
    let mut origins: HashMap<String, (Option<usize>, &'s str)> = HashMap::new();
    for lang in site.config.codes() {
        for route in site.routes(lang) {
            let document = match route {
                Route::Document(i) => Some(i),
                _ => None,
            };
            origins.insert(site.path(lang, route), (document, route.template(site)));
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
    let (links, edges) = links::links(site, files, &pages, &mut report.findings);
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
