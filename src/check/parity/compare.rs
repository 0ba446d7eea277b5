//! One translation against its original: sections aligned, then numbers, links,
//! structure and front-matter compared; every difference located in both files.

use super::marks::Entry;
use super::numbers::Value;
use super::scan::Scan;
use super::{Reading, Side};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::ops::Range;

/// What kind of thing differs; each is a kind of `check` warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Aspect {
    Numbers,
    Links,
    Structure,
    Fields,
}

/// Where a difference is, in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Place {
    /// Bytes of the body, in a section.
    Body { section: usize, range: Range<usize> },
    /// A section as a whole (its heading, or the start of the body).
    Section(usize),
    /// A front-matter field, and the item of a list field.
    Field { key: String, item: Option<usize> },
}

/// One difference between a translation and its original.
#[derive(Debug, Clone)]
pub(crate) struct Difference {
    pub aspect: Aspect,
    /// Reads after `TRANSLATION:LINE: `; names the original with its line.
    pub message: String,
    pub hint: String,
    /// In the translation, and its file line.
    pub here: Place,
    pub line: usize,
    /// In the original, and its file line.
    pub there: Place,
    pub there_line: usize,
}

/// Sections of the original and of the translation side by side, with lookups both ways.
#[derive(Debug, Clone, Default)]
pub(crate) struct Alignment {
    /// (section of the original, section of the translation); None is a gap.
    pub rows: Vec<(Option<usize>, Option<usize>)>,
    /// The row of each section, of the original [0] and of the translation [1].
    row: [Vec<usize>; 2],
    /// Per row, the section of each side in it or in the nearest row before it.
    before: [Vec<usize>; 2],
}

impl Alignment {
    pub(crate) fn new(rows: Vec<(Option<usize>, Option<usize>)>) -> Alignment {
        let mut row = [Vec::new(), Vec::new()];
        let mut before = [Vec::new(), Vec::new()];
        let mut last = [0, 0];
        for (r, &(a, b)) in rows.iter().enumerate() {
            for (side, section) in [(0, a), (1, b)] {
                if let Some(s) = section {
                    row[side].resize(s + 1, r);
                    row[side][s] = r;
                    last[side] = s;
                }
                before[side].push(last[side]);
            }
        }
        Alignment { rows, row, before }
    }

    /// The row a section of the original (side 0) or the translation (1) is in.
    pub(crate) fn row(&self, side: usize, section: usize) -> usize {
        self.row[side].get(section).copied().unwrap_or(0)
    }

    /// The section of `side` in row `row`, or in the nearest row before it that has one.
    pub(crate) fn before(&self, side: usize, row: usize) -> usize {
        self.before[side].get(row).copied().unwrap_or(0)
    }

    /// Whether a row pairs a section with nothing.
    pub(crate) fn gap(&self, row: usize) -> bool {
        self.rows
            .get(row)
            .is_some_and(|&(a, b)| a.is_none() || b.is_none())
    }
}

/// The outcome of comparing one pair.
#[derive(Debug, Clone, Default)]
pub(crate) struct Comparison {
    pub alignment: Alignment,
    pub differences: Vec<Difference>,
    /// Mark entries that silenced something: (0 for the original, 1 for the translation).
    pub used: BTreeSet<(usize, Entry)>,
    /// Values read on both sides.
    pub values: usize,
}

/// The indices of one value's occurrences in the original and in the translation.
type Both = (Vec<usize>, Vec<usize>);

/// A value and where it is, in one file.
struct Occurrence {
    value: Value,
    written: String,
    place: Place,
    /// What it should pair with on the other side: a section row or a field item.
    region: Region,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Region {
    /// A row of the alignment.
    Row(usize),
    Headline,
    Figure(usize),
}

/// Both sides of a pair, read, with the marks of both files.
pub(crate) struct Pair<'p, 'a> {
    pub a: &'p Side<'a>,
    pub ra: &'p Reading,
    pub b: &'p Side<'a>,
    pub rb: &'p Reading,
}

impl Pair<'_, '_> {
    pub(crate) fn compare(&self) -> Comparison {
        let rows = super::align::align(&self.ra.scan, &self.rb.scan);
        let mut out = Comparison {
            alignment: Alignment::new(rows),
            ..Comparison::default()
        };
        self.sections(&mut out);
        self.values(&mut out);
        self.links(&mut out);
        self.fields(&mut out);
        out.differences
            .sort_by_key(|d| (d.line, d.aspect, d.message.clone()));
        out
    }

    /// The original's file as messages name it.
    pub(super) fn there(&self) -> String {
        self.a.path.display().to_string()
    }

    pub(super) fn line_a(&self, place: &Place) -> usize {
        line_of(self.a, self.ra, place)
    }

    pub(super) fn line_b(&self, place: &Place) -> usize {
        line_of(self.b, self.rb, place)
    }

    pub(super) fn push(
        &self,
        out: &mut Comparison,
        aspect: Aspect,
        (here, there): (Place, Place),
        message: String,
        hint: String,
    ) {
        out.differences.push(Difference {
            aspect,
            line: self.line_b(&here),
            there_line: self.line_a(&there),
            here,
            there,
            message,
            hint,
        });
    }

    fn occurrences(&self, side: usize, al: &Alignment) -> Vec<Occurrence> {
        let (s, r) = if side == 0 {
            (self.a, self.ra)
        } else {
            (self.b, self.rb)
        };
        let mut list = Vec::new();
        for (i, section) in r.scan.sections.iter().enumerate() {
            for f in &section.values {
                list.push(Occurrence {
                    value: f.value.clone(),
                    written: s.body[f.range.clone()].to_string(),
                    place: Place::Body {
                        section: i,
                        range: f.range.clone(),
                    },
                    region: Region::Row(al.row(side, i)),
                });
            }
        }
        for (key, found) in [("title", &r.title), ("summary", &r.summary)] {
            let text = if key == "title" { s.title } else { s.summary };
            for f in found {
                list.push(Occurrence {
                    value: f.value.clone(),
                    written: text[f.range.clone()].to_string(),
                    place: Place::Field {
                        key: key.to_string(),
                        item: None,
                    },
                    region: Region::Headline,
                });
            }
        }
        let same_count = self.a.figures.len() == self.b.figures.len();
        for (item, found) in r.figures.iter().enumerate() {
            let text = &s.figures[item];
            for f in found {
                list.push(Occurrence {
                    value: f.value.clone(),
                    written: text[f.range.clone()].to_string(),
                    place: Place::Field {
                        key: "figures".to_string(),
                        item: Some(item),
                    },
                    region: Region::Figure(if same_count { item } else { 0 }),
                });
            }
        }
        list
    }

    /// Numbers: each value as often in the translation as in the original, pool by pool
    /// (body, title and summary, figures); a leftover pair in one place is a change.
    fn values(&self, out: &mut Comparison) {
        let al = out.alignment.clone();
        let a = self.occurrences(0, &al);
        let b = self.occurrences(1, &al);
        out.values = a.len() + b.len();
        if self.skips("numbers", out) {
            return;
        }
        let (lacks, adds) = self.unpaired(&a, &b, out);
        // A lacking value and an added one of the same kind in the same place: a change.
        let mut open: BTreeMap<(Region, &str), VecDeque<usize>> = BTreeMap::new();
        for &j in &adds {
            open.entry((b[j].region, b[j].value.noun()))
                .or_default()
                .push_back(j);
        }
        let mut changed = BTreeSet::new();
        for &i in &lacks {
            let o = &a[i];
            let change = open
                .get_mut(&(o.region, o.value.noun()))
                .and_then(VecDeque::pop_front);
            changed.extend(change);
            self.value_difference(Some(o), change.map(|j| &b[j]), &al, out);
        }
        for &j in adds.iter().filter(|j| !changed.contains(j)) {
            self.value_difference(None, Some(&b[j]), &al, out);
        }
    }

    /// The occurrences of the original (`a`) and of the translation (`b`) left without a
    /// counterpart, marked values and the contents of unmatched sections left out.
    fn unpaired(
        &self,
        a: &[Occurrence],
        b: &[Occurrence],
        out: &mut Comparison,
    ) -> (Vec<usize>, Vec<usize>) {
        let pool = |o: &Occurrence| match o.region {
            Region::Row(_) => 0,
            Region::Headline => 1,
            Region::Figure(_) => 2,
        };
        let mut by_value: BTreeMap<(usize, &Value), Both> = BTreeMap::new();
        for (i, o) in a.iter().enumerate() {
            by_value.entry((pool(o), &o.value)).or_default().0.push(i);
        }
        for (j, o) in b.iter().enumerate() {
            by_value.entry((pool(o), &o.value)).or_default().1.push(j);
        }
        let (mut lacks, mut adds) = (Vec::new(), Vec::new());
        for ((_, value), (mut ia, jb)) in by_value {
            // Pair occurrences in the same region first, then any.
            let mut regions: BTreeMap<Region, Vec<usize>> = BTreeMap::new();
            for &j in jb.iter().rev() {
                regions.entry(b[j].region).or_default().push(j);
            }
            ia.retain(|&i| regions.get_mut(&a[i].region).and_then(Vec::pop).is_none());
            let mut jb: Vec<usize> = regions.into_values().flatten().collect();
            jb.sort_unstable();
            let paired = ia.len().min(jb.len());
            ia.drain(..paired);
            jb.drain(..paired);
            if (!ia.is_empty() || !jb.is_empty()) && self.marked_value(value, out) {
                continue;
            }
            lacks.extend(ia);
            adds.extend(jb);
        }
        lacks.sort_unstable();
        adds.sort_unstable();
        // Unmatched sections report their values with the section.
        let fold = !self.skipped("headings");
        let al = &out.alignment;
        let unmatched =
            |o: &Occurrence| matches!(o.region, Region::Row(row) if fold && al.gap(row));
        lacks.retain(|&i| !unmatched(&a[i]));
        adds.retain(|&j| !unmatched(&b[j]));
        (lacks, adds)
    }

    /// One value difference: `a` (of the original) changed into `b`, or only one of them.
    fn value_difference(
        &self,
        a: Option<&Occurrence>,
        b: Option<&Occurrence>,
        al: &Alignment,
        out: &mut Comparison,
    ) {
        let there = self.there();
        let hint = |values: &[&Value]| {
            let list: Vec<String> = values
                .iter()
                .map(|v| quote_yaml(&self.rb.numerals.write(v)))
                .collect();
            format!(
                "correct the figure in the language that is wrong; if the difference is meant, add `parity: {{ numbers: [{}] }}` to the front-matter",
                list.join(", ")
            )
        };
        let (places, message, hint) = match (a, b) {
            (Some(a), Some(b)) => (
                (b.place.clone(), a.place.clone()),
                format!(
                    "has {} where {there}:{} has {}",
                    b.written,
                    self.line_a(&a.place),
                    a.written
                ),
                hint(&[&b.value, &a.value]),
            ),
            (Some(a), None) => {
                let here = self.counterpart(1, &a.place, a.region, al);
                let message = format!(
                    "{there}:{} has {}; this translation has no such {}{}",
                    self.line_a(&a.place),
                    a.written,
                    a.value.noun(),
                    self.where_in_b(&here)
                );
                ((here, a.place.clone()), message, hint(&[&a.value]))
            }
            (None, Some(b)) => {
                let there_place = self.counterpart(0, &b.place, b.region, al);
                let message = format!(
                    "has {}; {there} has no such {}{}",
                    b.written,
                    b.value.noun(),
                    self.where_in_a(&there_place)
                );
                ((b.place.clone(), there_place), message, hint(&[&b.value]))
            }
            (None, None) => return,
        };
        self.push(out, Aspect::Numbers, places, message, hint);
    }

    /// Where on `side` (0 the original, 1 the translation) something of the other side
    /// at `place` belongs: the section in its row (or the nearest before), or its field.
    fn counterpart(&self, side: usize, place: &Place, region: Region, al: &Alignment) -> Place {
        let figures = if side == 0 {
            self.a.figures.len()
        } else {
            self.b.figures.len()
        };
        match (place, region) {
            (Place::Body { .. }, Region::Row(row)) => Place::Section(al.before(side, row)),
            (Place::Field { key, item }, _) => Place::Field {
                key: key.clone(),
                item: item.filter(|&i| i < figures),
            },
            _ => Place::Section(0),
        }
    }

    /// ` in its section `## X`` for a section of the translation.
    pub(super) fn where_in_b(&self, place: &Place) -> String {
        where_in(&self.rb.scan, place)
    }

    pub(super) fn where_in_a(&self, place: &Place) -> String {
        where_in(&self.ra.scan, place)
    }

    /// Links: the same targets on both sides (each counted once).
    fn links(&self, out: &mut Comparison) {
        if self.skips("links", out) {
            return;
        }
        let al = out.alignment.clone();
        let fold = !self.skipped("headings");
        let a = first_links(&self.ra.scan, 0, &al, fold);
        let b = first_links(&self.rb.scan, 1, &al, fold);
        let there = self.there();
        let hint = |target: &str| {
            format!(
                "link the same page or address in both; if the difference is meant, add `parity: {{ links: [{}] }}` to the front-matter",
                quote_yaml(target)
            )
        };
        // Side 0 is the other language (`there`), side 1 this translation: a link only
        // one side has is placed at its own line and at the gap on the other side.
        for (side, mine, theirs) in [(0, &a, &b), (1, &b, &a)] {
            for (target, (i, range)) in mine {
                if theirs.contains_key(target) || self.marked_link(target, out) {
                    continue;
                }
                let body = Place::Body {
                    section: *i,
                    range: range.clone(),
                };
                let gap = Place::Section(al.before(1 - side, al.row(side, *i)));
                let (message, places) = if side == 0 {
                    let message = format!(
                        "{there}:{} links {target}; this translation has no such link{}",
                        self.line_a(&body),
                        self.where_in_b(&gap)
                    );
                    (message, (gap, body))
                } else {
                    let message = format!(
                        "links {target}; {there} has no such link{}",
                        self.where_in_a(&gap)
                    );
                    (message, (body, gap))
                };
                self.push(out, Aspect::Links, places, message, hint(target));
            }
        }
    }
}

/// The link targets of one side, each with its first section and place; those of
/// sections without a counterpart are left to the section's difference when `fold`.
fn first_links<'s>(
    scan: &'s Scan,
    side: usize,
    al: &Alignment,
    fold: bool,
) -> BTreeMap<&'s str, (usize, Range<usize>)> {
    let mut seen: BTreeMap<&str, (usize, Range<usize>)> = BTreeMap::new();
    for (i, s) in scan.sections.iter().enumerate() {
        if fold && al.gap(al.row(side, i)) {
            continue;
        }
        for link in &s.links {
            seen.entry(link.target.as_str())
                .or_insert((i, link.range.clone()));
        }
    }
    seen
}

/// ` in its section `## X`` (nothing for the text before the first heading or a field).
fn where_in(scan: &Scan, place: &Place) -> String {
    match place {
        Place::Section(i) if scan.sections.get(*i).is_some_and(|s| s.heading.is_some()) => {
            format!(" in its section {}", scan.section_name(*i))
        }
        _ => String::new(),
    }
}

/// A YAML scalar for a hint: bare digits stay plain; anything else is quoted, so that
/// it is read in the file's notation (`"15.000"` is fifteen thousand in Italian).
pub(super) fn quote_yaml(text: &str) -> String {
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_digit()) {
        text.to_string()
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// The file line of `place` in `side`.
fn line_of(side: &Side, reading: &Reading, place: &Place) -> usize {
    match place {
        Place::Body { range, .. } => reading.scan.line(range.start),
        Place::Section(i) => reading.scan.section_line(*i),
        Place::Field { key, item } => side.field_line(key, *item),
    }
}
