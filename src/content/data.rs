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
    if let Some(bar) = data
        .bars
        .iter()
        .find(|b| !b.value.is_finite() || b.value < 0.0)
    {
        return Err(Problem::new(
            path,
            format!("bar `{}` has a value that cannot be drawn", bar.label),
        )
        .at(line_of(text, &bar.label), 1)
        .hint("use a finite number of zero or more"));
    }
    Ok(data)
}
