//! Translation parity: every translation says what its original says. For each pair
//! (the original is the default language's file, or else the oldest), the numbers and
//! dates read in each language's notation, the link targets, the structure (sections,
//! paragraphs, lists, tables, footnotes) and the fields that need no translating.
//!
//! The comparison works on plain [`Side`]s; [`sides`] is the one function that reads
//! the site model (`Document`, `Meta`, `Config`) to make them.

mod align;
mod compare;
pub mod marks;
mod numbers;
mod scan;
mod structure;

pub use marks::Marks;

pub(crate) use compare::{Aspect, Comparison, Place};
pub(crate) use numbers::Numerals;

use super::{Finding, Kind};
use crate::config::Config;
use crate::content::Document;
use crate::diagnostics::Problem;
use compare::Pair;
use jiff::civil::Date;
use marks::Entry;
use numbers::Found;
use rayon::prelude::*;
use scan::Scan;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

/// What parity needs of one document.
#[derive(Debug)]
pub(crate) struct Side<'a> {
    pub path: &'a Path,
    /// The content section (`briefings`, `pages`) and the name translations share.
    pub section: &'a str,
    pub name: &'a str,
    pub lang: &'a str,
    pub body: &'a str,
    /// The file line the body starts on.
    pub body_line: usize,
    pub title: &'a str,
    pub summary: &'a str,
    /// Each figure's label, value and source, as one text.
    pub figures: Vec<String>,
    /// Taxonomy name -> term keys.
    pub terms: BTreeMap<&'a str, BTreeSet<&'a str>>,
    pub event: Option<Date>,
    pub sources: usize,
    pub date: Date,
    pub updated: Option<Date>,
    pub marks: &'a Marks,
    /// The taxonomy names `parity.skip` may use.
    pub taxonomies: Vec<&'a str>,
    /// The whole file, read from `path` the first time a field's line is wanted.
    pub file: OnceLock<String>,
}

/// The parity inputs of every document: the only place that knows the site model.
pub(crate) fn sides<'a>(config: &'a Config, documents: &'a [Document]) -> Vec<Side<'a>> {
    documents
        .iter()
        .map(|doc| {
            let meta = &doc.meta;
            let terms = config
                .taxonomies
                .iter()
                .map(|t| {
                    let keys = meta.terms_of(&t.key).iter().map(String::as_str);
                    (t.key.as_str(), keys.collect())
                })
                .collect();
            Side {
                path: &doc.path,
                section: &doc.section,
                name: &doc.name,
                lang: &doc.lang,
                body: &doc.body,
                body_line: doc.body_line,
                title: &meta.title,
                summary: &meta.summary,
                figures: meta
                    .figures
                    .iter()
                    .map(|f| match &f.source {
                        Some(source) => format!("{}: {} ({source})", f.label, f.value),
                        None => format!("{}: {}", f.label, f.value),
                    })
                    .collect(),
                terms,
                event: meta.event.as_ref().map(|e| e.date),
                sources: meta.sources.len(),
                date: meta.date,
                updated: meta.updated,
                marks: &meta.parity,
                taxonomies: config.taxonomies.iter().map(|t| t.key.as_str()).collect(),
                file: OnceLock::new(),
            }
        })
        .collect()
}

impl Side<'_> {
    /// The file line of a front-matter `key:` (and of the `item`-th entry of its list),
    /// or of the first line holding `needle` after it; the closing `---` when the key is
    /// absent (where it would be added).
    pub(crate) fn field_line_of(
        &self,
        key: &str,
        item: Option<usize>,
        needle: Option<&str>,
    ) -> usize {
        let text = self
            .file
            .get_or_init(|| std::fs::read_to_string(self.path).unwrap_or_default());
        let lines: Vec<&str> = text
            .lines()
            .take(self.body_line.saturating_sub(1))
            .collect();
        let top = |l: &str| !l.starts_with([' ', '\t', '-', '#']) && l.contains(':');
        let Some(at) = lines.iter().position(|l| {
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        }) else {
            return self.body_line.saturating_sub(1).max(1);
        };
        let end = lines[at + 1..]
            .iter()
            .position(|l| top(l))
            .map_or(lines.len(), |n| at + 1 + n);
        let found = match (item, needle) {
            (_, Some(needle)) => (at..end).find(|&n| lines[n].contains(needle)),
            (Some(k), None) => (at + 1..end)
                .filter(|&n| lines[n].trim_start().starts_with("- "))
                .nth(k),
            (None, None) => None,
        };
        found.unwrap_or(at) + 1
    }

    pub(crate) fn field_line(&self, key: &str, item: Option<usize>) -> usize {
        self.field_line_of(key, item, None)
    }
}

/// One document read for parity.
#[derive(Debug)]
pub(crate) struct Reading {
    pub numerals: Numerals,
    pub scan: Scan,
    pub title: Vec<Found>,
    pub summary: Vec<Found>,
    /// The values of each figure, in [`Side::figures`]' text.
    pub figures: Vec<Vec<Found>>,
    pub marks: marks::Read,
    pub invalid: Vec<marks::Invalid>,
}

impl Reading {
    pub(crate) fn of(side: &Side) -> Reading {
        let numerals = Numerals::of(side.lang);
        let (marks, invalid) = side.marks.read(&numerals, side.lang, &side.taxonomies);
        Reading {
            scan: Scan::of(side.body, side.body_line, side.lang, &numerals),
            title: numerals.read(side.title),
            summary: numerals.read(side.summary),
            figures: side.figures.iter().map(|f| numerals.read(f)).collect(),
            marks,
            invalid,
            numerals,
        }
    }
}

/// The documents that translate each other, and how each translation compares.
#[derive(Debug)]
pub(crate) struct Group {
    pub section: String,
    pub name: String,
    /// The document the others are compared with.
    pub original: usize,
    /// One per other language of the site, in the site's order.
    pub translations: Vec<Translation>,
}

#[derive(Debug)]
pub(crate) struct Translation {
    pub lang: String,
    /// None: the translation does not exist.
    pub doc: Option<usize>,
    /// The original's `updated`, when it is later than this translation's last change.
    pub behind: Option<Date>,
    pub comparison: Option<Comparison>,
}

/// Parity over a whole site.
#[derive(Debug, Default)]
pub(crate) struct Survey {
    pub groups: Vec<Group>,
    /// Translations compared with their original.
    pub pairs: usize,
    /// Numbers and dates read on both sides of those pairs.
    pub values: usize,
    /// Mark entries that silenced nothing: (document, entry).
    pub unused: Vec<(usize, Entry)>,
    /// Mark entries that cannot be understood: (document, what is wrong).
    pub invalid: Vec<(usize, marks::Invalid)>,
}

/// What comparing one group found.
#[derive(Default)]
struct Outcome {
    comparisons: Vec<(usize, Comparison)>,
    unused: Vec<(usize, Entry)>,
    invalid: Vec<(usize, marks::Invalid)>,
}

impl Survey {
    /// Groups `sides` by section and name and compares every translation with its
    /// original. `languages` is the site's order, the default language first.
    pub(crate) fn of(sides: &[Side], languages: &[&str]) -> Survey {
        let mut groups = groups(sides, languages);
        // Group by group, so that only one group's readings are held at a time.
        let outcomes: Vec<Outcome> = groups.par_iter().map(|g| compare_group(sides, g)).collect();
        let mut survey = Survey::default();
        for (group, outcome) in groups.iter_mut().zip(outcomes) {
            for (t, comparison) in outcome.comparisons {
                survey.pairs += 1;
                survey.values += comparison.values;
                group.translations[t].comparison = Some(comparison);
            }
            survey.unused.extend(outcome.unused);
            survey.invalid.extend(outcome.invalid);
        }
        survey.groups = groups;
        survey
    }

    /// Every difference, invalid mark and unused mark as a `check` finding.
    pub(crate) fn findings(&self, sides: &[Side]) -> Vec<Finding> {
        let mut findings = Vec::new();
        for group in &self.groups {
            let a = &sides[group.original];
            for t in &group.translations {
                let (Some(b), Some(comparison)) = (t.doc, &t.comparison) else {
                    continue;
                };
                for d in &comparison.differences {
                    findings.push(Finding {
                        kind: match d.aspect {
                            Aspect::Numbers => Kind::ParityNumber,
                            Aspect::Links => Kind::ParityLink,
                            Aspect::Structure => Kind::ParityStructure,
                            Aspect::Fields => Kind::ParityField,
                        },
                        problem: Problem::new(sides[b].path, &d.message)
                            .at(d.line, 1)
                            .hint(&d.hint),
                        page: None,
                        more: 0,
                        other: Some((a.path.to_path_buf(), d.there_line)),
                    });
                }
            }
        }
        for (doc, invalid) in &self.invalid {
            let side = &sides[*doc];
            let line = side.field_line_of("parity", None, Some(&invalid.entry));
            findings.push(Finding {
                kind: Kind::ParityMark,
                problem: Problem::new(side.path, &invalid.message)
                    .at(line, 1)
                    .hint(&invalid.hint),
                page: None,
                more: 0,
                other: None,
            });
        }
        for &(doc, entry) in &self.unused {
            let side = &sides[doc];
            let text = side.marks.entry_text(entry);
            let (list, what) = match entry {
                Entry::Number(_) => ("numbers", "differs in no pair"),
                Entry::Link(_) => ("links", "differs in no pair"),
                Entry::Skip(_) => ("skip", "would report no difference"),
            };
            findings.push(Finding {
                kind: Kind::UnusedParityMark,
                problem: Problem::new(
                    side.path,
                    format!("`{text}` in `parity.{list}` {what}: the mark is not needed"),
                )
                .at(side.field_line_of("parity", None, Some(&text)), 1)
                .hint("remove it, so that a real difference there is reported"),
                page: None,
                more: 0,
                other: None,
            });
        }
        findings
    }
}

/// The documents of `sides` that translate each other, each with its original: the
/// default language's file, or else the oldest.
fn groups(sides: &[Side], languages: &[&str]) -> Vec<Group> {
    let mut by_name: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, side) in sides.iter().enumerate() {
        by_name
            .entry((side.section, side.name))
            .or_default()
            .push(i);
    }
    let order = |lang: &str| {
        languages
            .iter()
            .position(|l| *l == lang)
            .unwrap_or(usize::MAX)
    };
    let mut groups = Vec::new();
    for ((section, name), members) in by_name {
        let original = *members
            .iter()
            .min_by_key(|&&i| {
                (
                    order(sides[i].lang) != 0,
                    sides[i].date,
                    order(sides[i].lang),
                )
            })
            .expect("a group has a member");
        let a = &sides[original];
        let translations = languages
            .iter()
            .filter(|&&l| l != a.lang)
            .map(|&lang| {
                let doc = members.iter().copied().find(|&i| sides[i].lang == lang);
                let behind = doc.and_then(|i| {
                    let b = &sides[i];
                    a.updated.filter(|&u| u > b.updated.unwrap_or(b.date))
                });
                Translation {
                    lang: lang.to_string(),
                    doc,
                    behind,
                    comparison: None,
                }
            })
            .collect();
        groups.push(Group {
            section: section.to_string(),
            name: name.to_string(),
            original,
            translations,
        });
    }
    groups
}

/// Every translation of `group` against its original, and the marks of its files.
fn compare_group(sides: &[Side], group: &Group) -> Outcome {
    let mut outcome = Outcome::default();
    let a = group.original;
    if group.translations.iter().all(|t| t.doc.is_none()) {
        // Nothing to compare; the marks must still make sense.
        let side = &sides[a];
        let (_, invalid) = side
            .marks
            .read(&Numerals::of(side.lang), side.lang, &side.taxonomies);
        outcome.invalid.extend(invalid.into_iter().map(|i| (a, i)));
        return outcome;
    }
    let ra = Reading::of(&sides[a]);
    let mut used: BTreeSet<(usize, Entry)> = BTreeSet::new();
    let mut read = vec![(a, ra.marks.clone(), ra.invalid.clone())];
    for (t, translation) in group.translations.iter().enumerate() {
        let Some(b) = translation.doc else { continue };
        let rb = Reading::of(&sides[b]);
        let pair = Pair {
            a: &sides[a],
            ra: &ra,
            b: &sides[b],
            rb: &rb,
        };
        let comparison = pair.compare();
        used.extend(
            comparison
                .used
                .iter()
                .map(|&(side, e)| (if side == 0 { a } else { b }, e)),
        );
        read.push((b, rb.marks, rb.invalid));
        outcome.comparisons.push((t, comparison));
    }
    for (doc, marks, invalid) in read {
        let entries = marks
            .numbers
            .iter()
            .map(|(_, e)| *e)
            .chain(marks.links.iter().map(|(_, e)| *e))
            .chain(marks.skip.iter().map(|(_, e)| *e));
        outcome.unused.extend(
            entries
                .filter(|e| !used.contains(&(doc, *e)))
                .map(|e| (doc, e)),
        );
        outcome
            .invalid
            .extend(invalid.into_iter().map(|i| (doc, i)));
    }
    outcome
}

#[cfg(test)]
mod tests;
