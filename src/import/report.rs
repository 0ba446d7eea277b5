//! What `import` reports: for each file, where every part of the draft comes from and
//! every line moved or removed; then one closing line for all of them.

use super::article::{self, Article, Fate, SummaryFrom};
use super::{ImportOptions, Prepared, Reading};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The report printed for one file: where each part of the draft comes from, and
/// every line moved or removed.
pub(super) fn report(reading: &Reading, options: &ImportOptions, kept: usize) -> String {
    let (article, target) = (&reading.article, &reading.target);
    let mut report = String::new();
    let verb = if options.dry_run {
        "would write"
    } else {
        "wrote"
    };
    let _ = writeln!(
        report,
        "{} -> {verb} {}",
        reading.file.display(),
        target.display()
    );
    if options.dry_run && target.exists() && !options.force {
        let _ = writeln!(
            report,
            "  note: {} exists; the import needs --force to replace it",
            target.display()
        );
    }
    let _ = writeln!(report, "  encoding: {}", reading.encoding);
    let _ = writeln!(
        report,
        "  language: {} ({})",
        reading.code, reading.lang_how
    );
    let _ = writeln!(report, "  title: line {}", article.title.0);
    let _ = writeln!(report, "  summary: {}", summary_how(&article.summary_from));
    let _ = writeln!(
        report,
        "  date: {}, {}",
        reading.dated.date, reading.dated.how
    );
    for (name, found) in &reading.suggested {
        let list = if found.is_empty() {
            "none named in the text".to_string()
        } else {
            let terms: Vec<String> = found.iter().map(|(k, n)| format!("{k} ({n})")).collect();
            format!(
                "{} (suggested from names in the text; check them)",
                terms.join(", ")
            )
        };
        let _ = writeln!(report, "  {name}: {list}");
    }
    let _ = writeln!(report, "  sources: {}", sources_line(article));
    let headings = article
        .blocks
        .iter()
        .filter(|b| matches!(b, article::Block::Heading(..)))
        .count();
    let _ = writeln!(
        report,
        "  body: {} in {} and {}",
        plural(kept, "line"),
        plural(article.blocks.len() - headings, "paragraph"),
        plural(headings, "heading")
    );
    for note in &article.notes {
        let what = match note.fate {
            Fate::Removed(_) => "removed",
            Fate::Moved(_) => "moved",
        };
        let _ = writeln!(
            report,
            "  line {}: {what}, {}: \"{}\"",
            note.line,
            note.fate.describe(),
            note.text
        );
    }
    report
}

/// Where the summary comes from, for the report.
fn summary_how(from: &SummaryFrom) -> String {
    match from {
        SummaryFrom::Standfirst(lines) => format!("the standfirst, {}", line_list(lines)),
        SummaryFrom::FirstSentences(line) => {
            format!("no standfirst: copied from the paragraph on line {line}; rewrite it")
        }
        SummaryFrom::Title => "no paragraph to take it from: the headline; write one".into(),
    }
}

/// The report's line of sources: each with how it is named and where.
fn sources_line(article: &Article) -> String {
    let sources: Vec<String> = article
        .sources
        .iter()
        .map(|s| {
            let kind = match s.kind {
                article::SourceKind::Cited => "cited",
                article::SourceKind::Listed => "listed",
                article::SourceKind::PhotoCredit { .. } => "photo credit",
            };
            format!("{} ({kind}, line {})", s.name, s.line)
        })
        .collect();
    if sources.is_empty() {
        "none named in the text".to_string()
    } else {
        sources.join(", ")
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn line_list(lines: &[usize]) -> String {
    match lines {
        [one] => format!("line {one}"),
        [first, .., last] => format!("lines {first}-{last}"),
        [] => String::new(),
    }
}

/// The closing line: files, lines kept, moved and removed by reason.
pub(super) fn summary(prepared: &[Prepared], dry_run: bool) -> String {
    let kept: usize = prepared.iter().map(|p| p.kept).sum();
    let moved: usize = prepared.iter().map(|p| p.moved).sum();
    let mut removed: BTreeMap<&str, usize> = BTreeMap::new();
    for p in prepared {
        for (reason, n) in &p.removed {
            *removed.entry(reason).or_default() += n;
        }
    }
    let total: usize = removed.values().sum();
    let files = if prepared.len() == 1 { "file" } else { "files" };
    let verb = if dry_run {
        "read (dry run, nothing written)"
    } else {
        "imported"
    };
    let mut line = format!(
        "{} {files} {verb}: {} kept in the body, {moved} moved to the front-matter, {total} removed",
        prepared.len(),
        plural(kept, "line"),
    );
    if total > 0 {
        let by_reason: Vec<String> = removed.iter().map(|(r, n)| format!("{r}: {n}")).collect();
        let _ = write!(line, " ({})", by_reason.join("; "));
    }
    line
}
