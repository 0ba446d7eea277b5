//! The shape of a pair: sections without a counterpart, counts of paragraphs, lists,
//! tables and footnotes per section, and the front-matter fields that need no translating.

use super::compare::{Aspect, Comparison, Pair, Place};
use super::scan::{Counts, Scan};
use std::collections::BTreeSet;

/// `1 paragraph`, `2 paragraphs`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn skip_hint(name: &str, what: &str) -> String {
    format!(
        "{what}; if the difference is meant, add `parity: {{ skip: [{name}] }}` to the front-matter"
    )
}

/// What a section holds besides its text, for the message about a missing section.
fn contents(scan: &Scan, i: usize) -> String {
    let s = &scan.sections[i];
    let mut parts = Vec::new();
    if !s.values.is_empty() {
        let written: Vec<String> = s
            .values
            .iter()
            .take(4)
            .map(|f| f.value.to_string())
            .collect();
        let more = if s.values.len() > 4 { ", ..." } else { "" };
        parts.push(format!(
            "{} ({}{more})",
            count(s.values.len(), "number", "numbers"),
            written.join(", ")
        ));
    }
    if !s.links.is_empty() {
        parts.push(count(s.links.len(), "link", "links"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(", with {}", parts.join(" and "))
    }
}

impl Pair<'_, '_> {
    /// Sections without a counterpart, and the structure of those that have one.
    pub(super) fn sections(&self, out: &mut Comparison) {
        let rows = out.alignment.rows.clone();
        let (a, b) = (&self.ra.scan, &self.rb.scan);
        let mut last = (0, 0);
        for &(x, y) in &rows {
            match (x, y) {
                (Some(i), None) if !self.skips("headings", out) => {
                    self.missing_section(out, i, last.1)
                }
                (None, Some(j)) => {
                    if !self.skips("headings", out) {
                        self.extra_section(out, j, last.0);
                    }
                    last.1 = j;
                }
                (Some(i), Some(j)) => {
                    last = (i, j);
                    let (ca, cb) = (a.sections[i].counts, b.sections[j].counts);
                    if ca != cb {
                        self.counts(out, (i, ca), (j, cb));
                    }
                }
                _ => {}
            }
        }
        let (na, nb) = (a.footnote_definitions, b.footnote_definitions);
        let references = |s: &Scan| s.sections.iter().map(|s| s.counts.footnotes).sum::<usize>();
        // Different references are reported where they are; this is for the notes alone.
        if na != nb && references(a) == references(b) && !self.skips("footnotes", out) {
            let message = format!(
                "has {}; {} has {na}",
                count(nb, "footnote definition", "footnote definitions"),
                self.there()
            );
            let hint = skip_hint("footnotes", "give both the same footnotes");
            let places = (Place::Section(0), Place::Section(0));
            self.push(out, Aspect::Structure, places, message, hint);
        }
    }

    /// Section `i` of the original has no counterpart; `after` is the translation's
    /// section it would follow.
    fn missing_section(&self, out: &mut Comparison, i: usize, after: usize) {
        let (a, b) = (&self.ra.scan, &self.rb.scan);
        let follow = match b.sections[after].heading {
            Some(_) => format!(" (it would follow {})", b.section_name(after)),
            None => " (it would come first)".to_string(),
        };
        let message = format!(
            "{}:{} has the section {}{}; this translation has no such section{follow}",
            self.there(),
            a.section_line(i),
            a.section_name(i),
            contents(a, i)
        );
        let hint = skip_hint(
            "headings",
            "translate the section, or remove it from the original",
        );
        let places = (Place::Section(after), Place::Section(i));
        self.push(out, Aspect::Structure, places, message, hint);
    }

    /// Section `j` of the translation has no counterpart; `after` is the original's
    /// section before it.
    fn extra_section(&self, out: &mut Comparison, j: usize, after: usize) {
        let b = &self.rb.scan;
        let message = format!(
            "has the section {}{}; {} has no such section",
            b.section_name(j),
            contents(b, j),
            self.there()
        );
        let hint = skip_hint(
            "headings",
            "add the section to the original, or remove it here",
        );
        let places = (Place::Section(j), Place::Section(after));
        self.push(out, Aspect::Structure, places, message, hint);
    }

    /// One difference per count that differs between two paired sections.
    fn counts(&self, out: &mut Comparison, (i, ca): (usize, Counts), (j, cb): (usize, Counts)) {
        let (a, b) = (&self.ra.scan, &self.rb.scan);
        let there = self.there();
        for (name, one, many, x, y) in [
            (
                "paragraphs",
                "paragraph",
                "paragraphs",
                ca.paragraphs,
                cb.paragraphs,
            ),
            (
                "list-items",
                "list item",
                "list items",
                ca.list_items,
                cb.list_items,
            ),
            ("tables", "table", "tables", ca.tables, cb.tables),
            (
                "footnotes",
                "footnote",
                "footnotes",
                ca.footnotes,
                cb.footnotes,
            ),
            (
                "headings",
                "heading below `##`",
                "headings below `##`",
                ca.subheadings,
                cb.subheadings,
            ),
        ] {
            if x == y || self.skips(name, out) {
                continue;
            }
            let scope = match b.sections[j].heading {
                Some(_) => format!("its section {}", b.section_name(j)),
                None => "its text before the first heading".to_string(),
            };
            let theirs = match a.sections[i].heading {
                Some(_) => format!("{} at {there}:{}", a.section_name(i), a.section_line(i)),
                None => format!("the text before the first heading in {there}"),
            };
            let message = format!("{scope} has {}; {theirs} has {x}", count(y, one, many));
            let what = format!("give both the same {many}");
            self.push(
                out,
                Aspect::Structure,
                (Place::Section(j), Place::Section(i)),
                message,
                skip_hint(name, &what),
            );
        }
    }

    /// Figures and sources counted, the event date, and the terms of every taxonomy.
    pub(super) fn fields(&self, out: &mut Comparison) {
        let there = self.there();
        for (name, one, many, x, y) in [
            (
                "figures",
                "figure",
                "figures",
                self.a.figures.len(),
                self.b.figures.len(),
            ),
            (
                "sources",
                "source",
                "sources",
                self.a.sources,
                self.b.sources,
            ),
        ] {
            if x == y || self.skips(name, out) {
                continue;
            }
            let message = format!(
                "has {}; {there}:{} has {x}",
                count(y, one, many),
                self.line_a(&field(name))
            );
            let what = format!("give both the same {many}");
            self.push(
                out,
                Aspect::Fields,
                (field(name), field(name)),
                message,
                skip_hint(name, &what),
            );
        }
        if self.a.event != self.b.event && !self.skips("event", out) {
            let line = self.line_a(&field("event"));
            let message = match (self.a.event, self.b.event) {
                (Some(x), Some(y)) => format!("`event` is on {y}; {there}:{line} has it on {x}"),
                (Some(x), None) => format!("has no `event`; {there}:{line} has one on {x}"),
                (None, Some(y)) => format!("has an `event` on {y}; {there} has none"),
                (None, None) => unreachable!("they differ"),
            };
            let hint = skip_hint("event", "give both the same event date");
            self.push(
                out,
                Aspect::Fields,
                (field("event"), field("event")),
                message,
                hint,
            );
        }
        self.terms(out);
    }

    /// The same term keys in every taxonomy.
    fn terms(&self, out: &mut Comparison) {
        let there = self.there();
        let names: BTreeSet<&str> = self
            .a
            .terms
            .keys()
            .chain(self.b.terms.keys())
            .copied()
            .collect();
        for name in names {
            let empty = BTreeSet::new();
            let x = self.a.terms.get(name).unwrap_or(&empty);
            let y = self.b.terms.get(name).unwrap_or(&empty);
            if x == y || self.skips(name, out) {
                continue;
            }
            let list = |set: Vec<&&str>| {
                set.iter()
                    .map(|k| k.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let extra = list(y.difference(x).collect());
            let lacking = list(x.difference(y).collect());
            let line = self.line_a(&field(name));
            let mut parts = Vec::new();
            if !extra.is_empty() {
                parts.push(format!("has {extra}, which {there}:{line} does not"));
            }
            if !lacking.is_empty() {
                let whose = if extra.is_empty() {
                    format!("{there}:{line}")
                } else {
                    "it".to_string()
                };
                parts.push(format!("lacks {lacking}, which {whose} has"));
            }
            let message = format!("`{name}` {}", parts.join("; "));
            let hint = skip_hint(name, &format!("give both the same `{name}`"));
            self.push(
                out,
                Aspect::Fields,
                (field(name), field(name)),
                message,
                hint,
            );
        }
    }
}

/// A front-matter field as a place.
fn field(key: &str) -> Place {
    Place::Field {
        key: key.to_string(),
        item: None,
    }
}
