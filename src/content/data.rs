//! Data files in `content/data/`: the figures that charts draw.

use crate::config::{Config, LangMap};
use crate::diagnostics::{Problem, line_of};
use crate::yaml;
use serde::Deserialize;
use std::path::Path;

/// One series of labelled values, with its texts in every language.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataSet {
    #[serde(skip)]
    pub name: String,
    pub title: LangMap,
    /// The text alternative read out instead of the drawing.
    pub description: LangMap,
    pub unit: LangMap,
    pub source: LangMap,
    pub note: Option<LangMap>,
    pub bars: Vec<Bar>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bar {
    pub label: String,
    #[serde(deserialize_with = "drawable")]
    pub value: f64,
    /// Computed by us from the source rather than stated in it.
    #[serde(default)]
    pub derived: bool,
}

const FIELDS: [&str; 6] = ["title", "description", "unit", "source", "note", "bars"];

pub fn parse(text: &str, path: &Path, name: &str, config: &Config) -> Result<DataSet, Problem> {
    let mut data: DataSet = yaml::parse(text, path, 1, &FIELDS)?;
    data.name = name.to_string();
    let texts = [
        ("title", Some(&data.title)),
        ("description", Some(&data.description)),
        ("unit", Some(&data.unit)),
        ("source", Some(&data.source)),
        ("note", data.note.as_ref()),
    ];
    for (field, map) in texts {
        let Some(map) = map else { continue };
        for code in config.codes() {
            if !map.contains_key(code) {
                return Err(
                    Problem::new(path, format!("`{field}` has no `{code}` text"))
                        .at(line_of(text, field), 1)
                        .hint("give every text in each language: `{ it: ..., en: ... }`"),
                );
            }
        }
    }
    if data.bars.is_empty() {
        return Err(Problem::new(path, "`bars` is empty")
            .at(line_of(text, "bars"), 1)
            .hint("add at least one `{label, value}`"));
    }
    Ok(data)
}

/// A bar's value: a finite number of zero or more. Refused while serde_yaml reads it,
/// so the error points at the value itself.
fn drawable<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    struct Drawable;
    impl serde::de::Visitor<'_> for Drawable {
        type Value = f64;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a number of zero or more")
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<f64, E> {
            if v.is_finite() && v >= 0.0 {
                Ok(v)
            } else {
                Err(E::custom(format!(
                    "the bar value {v} cannot be drawn; use a finite number of zero or more"
                )))
            }
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<f64, E> {
            self.visit_f64(v as f64)
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<f64, E> {
            self.visit_f64(v as f64)
        }
    }
    deserializer.deserialize_f64(Drawable)
}
