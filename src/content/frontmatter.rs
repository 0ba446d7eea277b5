//! Splits a Markdown file into YAML front-matter and body, and validates the fields.

use crate::check::parity::Marks;
use crate::config::Config;
use crate::diagnostics::{Problem, nearest};
use crate::urls;
use crate::yaml;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The fields an editor may write, exactly as SPEC §3 lists them (plus `charts`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    pub date: String,
    pub summary: String,
    pub slug: Option<String>,
    pub updated: Option<String>,
    #[serde(default)]
    pub countries: Vec<String>,
    #[serde(default)]
    pub topics: Vec<String>,
    pub event: Option<Event>,
    #[serde(default)]
    pub sources: Vec<Source>,
    #[serde(default)]
    pub figures: Vec<Figure>,
    /// Names of files in `content/data/` to draw as charts on the page.
    #[serde(default)]
    pub charts: Vec<String>,
    #[serde(default)]
    pub draft: bool,
    /// Intended differences from the other languages (`check` reads them).
    pub parity: Option<Marks>,
}

pub const FIELDS: [&str; 13] = [
    "title",
    "date",
    "summary",
    "slug",
    "updated",
    "countries",
    "topics",
    "event",
    "sources",
    "figures",
    "charts",
    "draft",
    "parity",
];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub date: String,
    pub name: String,
    pub place: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub name: String,
    pub url: Option<String>,
    pub date: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub label: String,
    pub value: String,
    pub source: Option<String>,
}

/// Front-matter after validation: dates parsed, slug decided.
#[derive(Debug, Clone)]
pub struct Meta {
    pub title: String,
    pub date: Date,
    pub summary: String,
    pub slug: String,
    pub updated: Option<Date>,
    pub countries: Vec<String>,
    pub topics: Vec<String>,
    pub event: Option<EventMeta>,
    pub sources: Vec<Source>,
    pub figures: Vec<Figure>,
    pub charts: Vec<String>,
    pub draft: bool,
    pub parity: Marks,
}

#[derive(Debug, Clone)]
pub struct EventMeta {
    pub date: Date,
    pub name: String,
    pub place: String,
}

/// The front-matter text, the file line it starts on, and the body after it.
pub struct Split<'a> {
    pub yaml: &'a str,
    pub yaml_line: usize,
    pub body: &'a str,
    pub body_line: usize,
}

/// Splits `text` (BOM already removed) at its `---` fences.
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Problem> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(
            Problem::new(path, "the file does not start with `---` front-matter")
                .at(1, 1)
                .hint("put `---`, then `title:`, `date:`, `summary:`, then `---` at the top"),
        );
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    for (line, raw_line) in (2..).zip(text[yaml_start..].split_inclusive('\n')) {
        if raw_line.trim_end() == "---" {
            let body_start = offset + raw_line.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset += raw_line.len();
    }
    Err(Problem::new(path, "the front-matter is never closed")
        .at(1, 1)
        .hint("add a line with `---` after the last field"))
}

/// The 1-based file line of a top-level `key:` in the front-matter.
fn key_line(split: &Split, key: &str) -> usize {
    split
        .yaml
        .lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.starts_with(':'))
        })
        .map_or(split.yaml_line, |i| split.yaml_line + i)
}

/// Parses and checks the front-matter; every problem found is pushed, not just the first.
pub fn parse(
    split: &Split,
    path: &Path,
    config: &Config,
    chart_names: &[String],
) -> Result<Meta, Vec<Problem>> {
    let front: FrontMatter = if split.yaml.trim().is_empty() {
        return Err(vec![
            Problem::new(path, "the front-matter is empty")
                .at(split.yaml_line, 1)
                .hint("add at least `title:`, `date:` and `summary:`"),
        ]);
    } else {
        yaml::parse(split.yaml, path, split.yaml_line, &FIELDS).map_err(|p| vec![p])?
    };
    let mut problems = Vec::new();
    let at = |key: &str| key_line(split, key);

    let date_of = |key: &str, value: &str, problems: &mut Vec<Problem>| -> Option<Date> {
        match value.trim().parse::<Date>() {
            Ok(d) if value.trim().len() == 10 => Some(d),
            _ => {
                problems.push(
                    Problem::new(
                        path,
                        format!("`{key}` is `{value}`, which is not a valid date"),
                    )
                    .at(at(key.split('.').next().unwrap_or(key)), 1)
                    .hint("write a real calendar date as YYYY-MM-DD, e.g. 2025-06-16"),
                );
                None
            }
        }
    };
    let date = date_of("date", &front.date, &mut problems);
    let updated = front
        .updated
        .as_deref()
        .and_then(|u| date_of("updated", u, &mut problems));
    let event_date = front
        .event
        .as_ref()
        .and_then(|e| date_of("event.date", &e.date, &mut problems));

    for (key, value) in [("title", &front.title), ("summary", &front.summary)] {
        if value.trim().is_empty() {
            problems.push(
                Problem::new(path, format!("`{key}` is empty"))
                    .at(at(key), 1)
                    .hint("write it"),
            );
        }
    }
    let slug = match &front.slug {
        Some(slug) if !urls::is_valid_slug(slug) => {
            problems.push(
                Problem::new(
                    path,
                    format!("slug `{}` is not a safe URL segment", slug.escape_debug()),
                )
                .at(at("slug"), 1)
                .hint(format!(
                    "use lowercase ASCII letters, digits and `-` only, e.g. `{}`",
                    urls::slugify(slug)
                )),
            );
            String::new()
        }
        Some(slug) => slug.clone(),
        None => {
            let slug = urls::slugify(&front.title);
            if slug.is_empty() && !front.title.trim().is_empty() {
                problems.push(
                    Problem::new(path, "the title gives no usable URL slug")
                        .at(at("title"), 1)
                        .hint("add a `slug:` field"),
                );
            }
            slug
        }
    };
    for (field, taxonomy) in [("countries", &front.countries), ("topics", &front.topics)] {
        let tax = config.taxonomy(field);
        let keys: Vec<&str> = tax.terms.iter().map(|t| t.key.as_str()).collect();
        for key in taxonomy {
            if !keys.contains(&key.as_str()) {
                let suggestion = nearest(&key.to_lowercase(), keys.iter().copied())
                    .map(|k| format!("did you mean `{k}`?"))
                    .unwrap_or_else(|| format!("known {field}: {}", keys.join(", ")));
                problems.push(
                    Problem::new(path, format!("unknown term `{key}` in `{field}`"))
                        .at(at(field), 1)
                        .hint(format!("{suggestion} (terms are defined in site.yaml)")),
                );
            }
        }
    }
    for chart in &front.charts {
        if !chart_names.contains(chart) {
            problems.push(
                Problem::new(path, format!("unknown chart `{chart}`"))
                    .at(at("charts"), 1)
                    .hint(format!(
                        "add content/data/{chart}.yaml or use one of: {}",
                        chart_names.join(", ")
                    )),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Meta {
        title: front.title,
        date: date.expect("checked above"),
        summary: front.summary,
        slug,
        updated,
        countries: front.countries,
        topics: front.topics,
        event: front.event.map(|e| EventMeta {
            date: event_date.expect("checked above"),
            name: e.name,
            place: e.place,
        }),
        sources: front.sources,
        figures: front.figures,
        charts: front.charts,
        draft: front.draft,
        parity: front.parity.unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_fences_and_counts_lines() {
        let text = "---\ntitle: a\n---\nbody\n";
        let s = split(text, Path::new("a.md")).unwrap();
        assert_eq!(s.yaml, "title: a\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn crlf_fences_split_too() {
        let text = "---\r\ntitle: a\r\n---\r\nbody\r\n";
        let s = split(text, Path::new("a.md")).unwrap();
        assert_eq!(s.yaml, "title: a\r\n");
        assert_eq!(s.body, "body\r\n");
    }

    #[test]
    fn unclosed_and_missing_front_matter_are_located() {
        let err = split("---\ntitle: a\n", Path::new("a.md")).err().unwrap();
        assert!(err.message.contains("never closed"));
        let err = split("title: a\n", Path::new("a.md")).err().unwrap();
        assert_eq!((err.line, err.col), (1, 1));
        assert!(split("", Path::new("a.md")).is_err());
    }
}
