//! What `check` found, and how it prints it: text grouped by file for people, JSON for tools.

use crate::diagnostics::Problem;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

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
    /// A number or date of one language that the other does not have.
    ParityNumber,
    /// A link target of one language that the other does not have.
    ParityLink,
    /// Sections, paragraphs, lists, tables or footnotes that differ.
    ParityStructure,
    /// Terms, the event date, or the count of figures or sources that differ.
    ParityField,
    /// A `parity:` entry that cannot be understood.
    ParityMark,
    /// A `parity:` entry that silences nothing.
    UnusedParityMark,
    /// A page title longer than search results show.
    LongTitle,
    /// A meta description longer than search results show.
    LongDescription,
    /// A URL an earlier build published that now has no page and no alias.
    LostUrl,
}

impl Kind {
    fn severity(self) -> Severity {
        match self {
            Kind::MissingTranslation
            | Kind::OutdatedTranslation
            | Kind::ParityNumber
            | Kind::ParityLink
            | Kind::ParityStructure
            | Kind::ParityField
            | Kind::UnusedParityMark
            | Kind::LongTitle
            | Kind::LongDescription => Severity::Warning,
            Kind::Scheduled | Kind::Expired => Severity::Note,
            Kind::Build
            | Kind::BrokenLink
            | Kind::MissingAnchor
            | Kind::Orphan
            | Kind::ParityMark
            | Kind::LostUrl => Severity::Error,
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
            Kind::ParityNumber => ("number difference", "number differences"),
            Kind::ParityLink => ("link difference", "link differences"),
            Kind::ParityStructure => ("structure difference", "structure differences"),
            Kind::ParityField => ("front-matter difference", "front-matter differences"),
            Kind::ParityMark => ("invalid parity mark", "invalid parity marks"),
            Kind::UnusedParityMark => ("unused parity mark", "unused parity marks"),
            Kind::LongTitle => ("long title", "long titles"),
            Kind::LongDescription => ("long description", "long descriptions"),
            Kind::LostUrl => ("lost URL", "lost URLs"),
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
    /// The other file of a translation pair, and its line, for a parity difference.
    pub other: Option<(PathBuf, usize)>,
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
    /// Translations compared with their original.
    pub pairs: usize,
    /// Numbers and dates those comparisons read.
    pub values: usize,
    /// URLs of the earlier build compared with this one; None without an earlier build.
    pub guarded: Option<usize>,
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
        let guarded = match self.guarded {
            Some(n) => format!(
                ", {n} published URL{} guarded",
                if n == 1 { "" } else { "s" }
            ),
            None => String::new(),
        };
        if self.built {
            format!(
                "check: {} pages, {} internal links, {} translation{} compared{guarded}: {errors}, {warnings}{notes}",
                self.pages,
                self.links,
                self.pairs,
                if self.pairs == 1 { "" } else { "s" }
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
            /// The other file of a translation pair.
            other: Option<Other>,
        }
        #[derive(Serialize)]
        struct Other {
            path: String,
            line: Option<usize>,
        }
        #[derive(Serialize)]
        struct Json<'a> {
            ok: bool,
            built: bool,
            pages: usize,
            links: usize,
            translations: usize,
            numbers: usize,
            /// URLs of the earlier build compared; null without one.
            guarded_urls: Option<usize>,
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
                other: f.other.as_ref().map(|(path, line)| Other {
                    path: path.to_string_lossy().replace('\\', "/"),
                    line: (*line > 0).then_some(*line),
                }),
            })
            .collect();
        let json = Json {
            ok: self.count(Severity::Error) == 0,
            built: self.built,
            pages: self.pages,
            links: self.links,
            translations: self.pairs,
            numbers: self.values,
            guarded_urls: self.guarded,
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
