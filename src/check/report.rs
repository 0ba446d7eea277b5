//! What `check` found, and how it prints it: text grouped by file for people, JSON for tools.

use crate::diagnostics::Problem;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// How `check` prints its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Problems grouped by file, then a summary line.
    Text,
    /// One JSON object, for editors and CI tools.
    Json,
}

/// Errors fail `check`; warnings are listed and fail it only with `--strict`; notes
/// (pages this build holds back on purpose) never fail it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

/// What kind of problem a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// The site does not build: config, front-matter, unknown terms, templates.
    Build,
    BrokenLink,
    MissingAnchor,
    MissingTranslation,
    OutdatedTranslation,
    Orphan,
    /// Dated after today: published by a later build (or with `--future`).
    Scheduled,
    /// Past its `expires` date: no longer published.
    Expired,
}

impl Kind {
    fn severity(self) -> Severity {
        match self {
            Kind::MissingTranslation | Kind::OutdatedTranslation => Severity::Warning,
            Kind::Scheduled | Kind::Expired => Severity::Note,
            _ => Severity::Error,
        }
    }

    fn label(self, n: usize) -> String {
        let (one, many) = match self {
            Kind::Build => ("build problem", "build problems"),
            Kind::BrokenLink => ("broken link", "broken links"),
            Kind::MissingAnchor => ("missing anchor", "missing anchors"),
            Kind::MissingTranslation => ("missing translation", "missing translations"),
            Kind::OutdatedTranslation => ("outdated translation", "outdated translations"),
            Kind::Orphan => ("orphan page", "orphan pages"),
            Kind::Scheduled => ("scheduled page", "scheduled pages"),
            Kind::Expired => ("expired page", "expired pages"),
        };
        format!("{n} {}", if n == 1 { one } else { many })
    }
}

/// One problem `check` found.
#[derive(Debug, Clone)]
pub struct Finding {
    pub kind: Kind,
    /// Where to fix it: the Markdown file for what comes from content, else the
    /// rendered page (relative to the output folder).
    pub problem: Problem,
    /// The rendered page it was seen on, when that is not `problem.path`.
    pub page: Option<String>,
    /// How many other pages show the same problem (a template link repeats).
    pub more: usize,
}

/// Everything `check` learned.
#[derive(Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// False when the site did not build: links and the rest were not checked.
    pub built: bool,
    pub pages: usize,
    /// Internal links and resource URLs checked.
    pub links: usize,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.kind.severity() == severity)
            .count()
    }

    fn counts(&self) -> BTreeMap<Kind, usize> {
        let mut counts = BTreeMap::new();
        for f in &self.findings {
            *counts.entry(f.kind).or_insert(0) += 1;
        }
        counts
    }

    /// The report as text: problems grouped by file, then one summary line.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut last: Option<&Path> = None;
        for f in &self.findings {
            if last.is_some_and(|p| p != f.problem.path) {
                out.push('\n');
            }
            last = Some(&f.problem.path);
            let severity = match f.kind.severity() {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "note",
            };
            let _ = write!(out, "{severity}: {}", f.problem);
            let more = match f.more {
                0 => String::new(),
                1 => " and 1 other page".to_string(),
                n => format!(" and {n} other pages"),
            };
            match &f.page {
                Some(page) => {
                    let _ = write!(out, " [in {page}{more}]");
                }
                None if f.more > 0 => {
                    let _ = write!(out, " [{}]", more.trim_start());
                }
                None => {}
            }
            out.push('\n');
        }
        if !self.findings.is_empty() {
            out.push('\n');
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// `check: 46 pages, 812 links: 1 error (1 broken link), 2 warnings (...)`.
    pub fn summary(&self) -> String {
        let part = |severity: Severity, word: &str| {
            let n = self.count(severity);
            let kinds: Vec<String> = self
                .counts()
                .into_iter()
                .filter(|(k, _)| k.severity() == severity)
                .map(|(k, n)| k.label(n))
                .collect();
            let s = if n == 1 { "" } else { "s" };
            if n == 0 {
                format!("0 {word}s")
            } else {
                format!("{n} {word}{s} ({})", kinds.join(", "))
            }
        };
        let errors = part(Severity::Error, "error");
        let warnings = part(Severity::Warning, "warning");
        let notes = match self.count(Severity::Note) {
            0 => String::new(),
            _ => format!(", {}", part(Severity::Note, "note")),
        };
        if self.built {
            format!(
                "check: {} pages, {} internal links: {errors}, {warnings}{notes}",
                self.pages, self.links
            )
        } else {
            format!(
                "check: the site does not build: {errors}; links, anchors, translations and orphans were not checked"
            )
        }
    }

    /// The report as one JSON object.
    pub fn json(&self) -> String {
        #[derive(Serialize)]
        struct Item<'a> {
            severity: Severity,
            kind: Kind,
            path: String,
            line: Option<usize>,
            col: Option<usize>,
            message: &'a str,
            hint: &'a str,
            page: Option<&'a str>,
            more_pages: usize,
        }
        #[derive(Serialize)]
        struct Json<'a> {
            ok: bool,
            built: bool,
            pages: usize,
            links: usize,
            errors: usize,
            warnings: usize,
            notes: usize,
            counts: BTreeMap<Kind, usize>,
            problems: Vec<Item<'a>>,
        }
        let problems = self
            .findings
            .iter()
            .map(|f| Item {
                severity: f.kind.severity(),
                kind: f.kind,
                path: f.problem.path.to_string_lossy().replace('\\', "/"),
                line: (f.problem.line > 0).then_some(f.problem.line),
                col: (f.problem.line > 0).then_some(f.problem.col.max(1)),
                message: &f.problem.message,
                hint: &f.problem.hint,
                page: f.page.as_deref(),
                more_pages: f.more,
            })
            .collect();
        let json = Json {
            ok: self.count(Severity::Error) == 0,
            built: self.built,
            pages: self.pages,
            links: self.links,
            errors: self.count(Severity::Error),
            warnings: self.count(Severity::Warning),
            notes: self.count(Severity::Note),
            counts: self.counts(),
            problems,
        };
        let mut text = serde_json::to_string_pretty(&json).expect("plain data serializes");
        text.push('\n');
        text
    }
}
