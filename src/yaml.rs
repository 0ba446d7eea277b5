//! The one place that reads YAML: serde_yaml errors mapped to file lines and columns.

mod guards;
mod keys;
mod problem;
mod strict;
#[cfg(test)]
mod tests;

pub use keys::locate;

use crate::diagnostics::Problem;
use guards::{MAX_FLOW_DEPTH, find_tag, too_deep};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Parses `text`, which starts on line `first_line` (1-based) of `path`.
/// `known_fields` feeds the "did you mean" hint for an unknown field.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    path: &Path,
    first_line: usize,
    known_fields: &[&str],
) -> Result<T, Problem> {
    parse_seed(
        std::marker::PhantomData::<T>,
        text,
        path,
        first_line,
        known_fields,
    )
}

/// Like [`parse`], for a type whose deserialization needs outside knowledge (the
/// taxonomies a front-matter may name).
pub fn parse_seed<'de, S: serde::de::DeserializeSeed<'de>>(
    seed: S,
    text: &'de str,
    path: &Path,
    first_line: usize,
    known_fields: &[&str],
) -> Result<S::Value, Problem> {
    if let Some((line, col)) = too_deep(text) {
        return Err(Problem::new(
            path,
            format!("the YAML nests `[` and `{{` more than {MAX_FLOW_DEPTH} deep"),
        )
        .at(first_line + line - 1, col)
        .hint("write the values out flat; no front-matter or data file needs that depth"));
    }
    if let Some((line, col, tag)) = find_tag(text) {
        return Err(Problem::new(
            path,
            format!(
                "the YAML tag `{tag}` is not allowed: values here are text, numbers, lists and maps"
            ),
        )
        .at(first_line + line - 1, col)
        .hint("remove the tag, or put the value in quotes if the `!` belongs to the text"));
    }
    let deserializer = strict::Strict::new(serde_yaml::Deserializer::from_str(text));
    seed.deserialize(deserializer)
        .map_err(|err| problem::to_problem(&err, text, path, first_line, known_fields))
}
