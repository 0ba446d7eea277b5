//! The `parity:` front-matter field: the differences a translation is meant to have.
//!
//! ```yaml
//! parity:
//!   numbers: ["1944", 94.8]     # values one side may have and the other not
//!   links: ["https://example.org/it/"]
//!   skip: [paragraphs, topics]  # comparisons left out for this file's pairs
//! ```

use super::compare::{Comparison, Pair};
use super::numbers::{Numerals, Value};
use crate::diagnostics::nearest;
use serde::Deserialize;
use std::fmt;

/// The field as written. Structure and types are checked when the front-matter is
/// read; what the entries mean is checked by `check`, which knows the file's language.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Marks {
    /// Numbers, percentages or dates, each written as in this file (`"94,8"` in Italian,
    /// `"16 June 2025"` in English), or as a bare YAML number (`94.8`).
    #[serde(default)]
    pub numbers: Vec<MarkedValue>,
    /// Link targets: `@/briefings/NAME.md` or an absolute URL.
    #[serde(default)]
    pub links: Vec<String>,
    /// Names of comparisons to leave out (see [`SKIPPABLE`]) or taxonomy names.
    #[serde(default)]
    pub skip: Vec<String>,
}

/// One entry of `parity.numbers`.
#[derive(Debug, Clone, PartialEq)]
pub enum MarkedValue {
    /// Text, read in the file's notation.
    Text(String),
    /// A YAML number, already canonical (`94.8`).
    Number(String),
}

impl<'de> Deserialize<'de> for MarkedValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl serde::de::Visitor<'_> for Visit {
            type Value = MarkedValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number, or a number or date in quotes")
            }
            fn visit_str<E>(self, v: &str) -> Result<MarkedValue, E> {
                Ok(MarkedValue::Text(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<MarkedValue, E> {
                Ok(MarkedValue::Number(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<MarkedValue, E> {
                Ok(MarkedValue::Number(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<MarkedValue, E> {
                if !v.is_finite() {
                    return Err(E::custom("a parity number must be finite"));
                }
                Ok(MarkedValue::Number(format!("{v}")))
            }
        }
        deserializer.deserialize_any(Visit)
    }
}

/// The comparisons `skip` can name, besides the taxonomies.
pub(crate) const SKIPPABLE: [&str; 10] = [
    "numbers",
    "links",
    "headings",
    "paragraphs",
    "list-items",
    "tables",
    "footnotes",
    "figures",
    "sources",
    "event",
];

/// Which entry of a file's marks silenced something, for the unused-mark warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Entry {
    Number(usize),
    Link(usize),
    Skip(usize),
}

/// A file's marks, understood.
#[derive(Debug, Clone, Default)]
pub(crate) struct Read {
    pub numbers: Vec<(Value, Entry)>,
    pub links: Vec<(String, Entry)>,
    pub skip: Vec<(String, Entry)>,
}

/// What is wrong with one entry: the entry's text (to find its line) and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Invalid {
    pub entry: String,
    pub message: String,
    pub hint: String,
}

impl Marks {
    /// The marks read in the file's notation; `taxonomies` are the names `skip` may use
    /// besides [`SKIPPABLE`].
    pub(crate) fn read(
        &self,
        numerals: &Numerals,
        lang: &str,
        taxonomies: &[&str],
    ) -> (Read, Vec<Invalid>) {
        let mut read = Read::default();
        let mut invalid = Vec::new();
        for (i, entry) in self.numbers.iter().enumerate() {
            let (text, values) = match entry {
                MarkedValue::Number(n) => (n.clone(), numerals_canonical(n)),
                MarkedValue::Text(t) => (
                    t.clone(),
                    numerals.read(t).into_iter().map(|f| f.value).collect(),
                ),
            };
            match values.as_slice() {
                [value] => read.numbers.push((value.clone(), Entry::Number(i))),
                _ => invalid.push(Invalid {
                    message: format!(
                        "`{text}` in `parity.numbers` is not one number or date as `{lang}` writes it ({} found)",
                        values.len()
                    ),
                    hint: "write one value per entry, in quotes and in this file's notation, e.g. \"94,8\" in Italian or \"16 June 2025\" in English".to_string(),
                    entry: text,
                }),
            }
        }
        for (i, link) in self.links.iter().enumerate() {
            let target = super::scan::compared_target(link, lang);
            match target {
                Some(target) => read.links.push((target, Entry::Link(i))),
                None => invalid.push(Invalid {
                    entry: link.clone(),
                    message: format!("`{link}` in `parity.links` is not a link parity compares"),
                    hint: "write an @/ link (`@/briefings/NAME.md`) or an absolute URL (`https://...`)".to_string(),
                }),
            }
        }
        let known: Vec<&str> = SKIPPABLE
            .iter()
            .copied()
            .chain(taxonomies.iter().copied())
            .collect();
        for (i, name) in self.skip.iter().enumerate() {
            if known.contains(&name.as_str()) {
                read.skip.push((name.clone(), Entry::Skip(i)));
            } else {
                let hint = match nearest(name, known.iter().copied()) {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => format!("known: {}", known.join(", ")),
                };
                invalid.push(Invalid {
                    entry: name.clone(),
                    message: format!("unknown comparison `{name}` in `parity.skip`"),
                    hint,
                });
            }
        }
        (read, invalid)
    }

    /// The text of an entry, to find its line and name it in a message.
    pub(crate) fn entry_text(&self, entry: Entry) -> String {
        match entry {
            Entry::Number(i) => match &self.numbers[i] {
                MarkedValue::Text(t) | MarkedValue::Number(t) => t.clone(),
            },
            Entry::Link(i) => self.links[i].clone(),
            Entry::Skip(i) => self.skip[i].clone(),
        }
    }
}

impl Pair<'_, '_> {
    /// Whether `name` is skipped by either file's marks (without recording a use).
    pub(super) fn skipped(&self, name: &str) -> bool {
        [&self.ra.marks, &self.rb.marks]
            .iter()
            .any(|read| read.skip.iter().any(|(skip, _)| skip == name))
    }

    /// Whether `name` is skipped by either file's marks; records the use.
    pub(super) fn skips(&self, name: &str, out: &mut Comparison) -> bool {
        let mut skipped = false;
        for (side, read) in [(0, &self.ra.marks), (1, &self.rb.marks)] {
            for (skip, entry) in &read.skip {
                if skip == name {
                    out.used.insert((side, *entry));
                    skipped = true;
                }
            }
        }
        skipped
    }

    pub(super) fn marked_value(&self, value: &Value, out: &mut Comparison) -> bool {
        let mut marked = false;
        for (side, read) in [(0, &self.ra.marks), (1, &self.rb.marks)] {
            for (v, entry) in &read.numbers {
                if v == value {
                    out.used.insert((side, *entry));
                    marked = true;
                }
            }
        }
        marked
    }

    pub(super) fn marked_link(&self, target: &str, out: &mut Comparison) -> bool {
        let mut marked = false;
        for (side, read) in [(0, &self.ra.marks), (1, &self.rb.marks)] {
            for (t, entry) in &read.links {
                if t == target {
                    out.used.insert((side, *entry));
                    marked = true;
                }
            }
        }
        marked
    }
}

/// A YAML number as a value: it is already in canonical notation.
fn numerals_canonical(n: &str) -> Vec<Value> {
    Numerals::of("")
        .read(n)
        .into_iter()
        .map(|f| f.value)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(yaml: &str) -> Marks {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn entries_are_read_in_the_file_notation() {
        let m = marks(
            "numbers: [\"94,8\", 1944, 94.8, \"16 giugno 2025\"]\nlinks: [\"@/briefings/x.it.md#a\"]\nskip: [paragraphs, topics]",
        );
        let (read, invalid) = m.read(&Numerals::of("it"), "it", &["countries", "topics"]);
        assert!(invalid.is_empty(), "{invalid:?}");
        let values: Vec<String> = read.numbers.iter().map(|(v, _)| v.to_string()).collect();
        assert_eq!(values, ["94.8", "1944", "94.8", "2025-06-16"]);
        assert_eq!(read.links[0].0, "@/briefings/x.md");
        assert_eq!(read.skip.len(), 2);
    }

    #[test]
    fn bad_entries_are_named_with_a_hint() {
        let m = marks("numbers: [\"94.8 e 5\", \"abc\"]\nlinks: [\"../x/\"]\nskip: [paragrahps]");
        let (read, invalid) = m.read(&Numerals::of("it"), "it", &["topics"]);
        assert!(read.numbers.is_empty() && read.links.is_empty() && read.skip.is_empty());
        let messages: Vec<&str> = invalid.iter().map(|i| i.message.as_str()).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages[0].contains("(3 found)"), "{}", messages[0]);
        assert!(messages[1].contains("(0 found)"));
        assert!(messages[2].contains("../x/"));
        assert_eq!(invalid[3].hint, "did you mean `paragraphs`?");
    }

    #[test]
    fn unknown_keys_and_wrong_types_are_refused() {
        assert!(serde_yaml::from_str::<Marks>("nubmers: [1]").is_err());
        assert!(serde_yaml::from_str::<Marks>("numbers: [[1]]").is_err());
        assert!(serde_yaml::from_str::<Marks>("numbers: [.nan]").is_err());
        let empty = marks("{}");
        assert!(empty.numbers.is_empty() && empty.links.is_empty() && empty.skip.is_empty());
    }
}
