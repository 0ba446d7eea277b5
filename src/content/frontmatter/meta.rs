//! The front-matter validated: required fields, dates parsed, slug decided, cover and
//! aliases checked, every problem collected.

use super::checks::{check_names, check_shape};
use super::fences::{Split, key_line, nested_position};
use super::raw::{Figure, FrontMatter, Image, Source, read};
use crate::aliases::{UrlPath, locate_values, parse_url_path};
use crate::check::parity::Marks;
use crate::config::Config;
use crate::diagnostics::Problem;
use crate::urls;
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::path::Path;

/// A cover after validation, with the place of its `src` for later problems.
#[derive(Debug, Clone)]
pub struct Cover {
    pub src: String,
    pub alt: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
    /// File line and column of the `src` value.
    pub line: usize,
    pub col: usize,
}

/// Front-matter after validation: dates parsed, slug decided.
#[derive(Debug, Clone)]
pub struct Meta {
    pub title: String,
    pub date: Date,
    pub summary: String,
    pub slug: String,
    pub updated: Option<Date>,
    /// Taxonomy key -> term keys, only for the taxonomies the file names.
    pub terms: BTreeMap<String, Vec<String>>,
    pub event: Option<EventMeta>,
    pub sources: Vec<Source>,
    pub figures: Vec<Figure>,
    pub charts: Vec<String>,
    /// Checked against the map files by [`check_maps`](super::check_maps).
    pub maps: Vec<String>,
    pub draft: bool,
    pub authors: Vec<String>,
    pub extra: Option<serde_json::Value>,
    pub template: Option<String>,
    pub expires: Option<Date>,
    pub parity: Marks,
    pub image: Option<Cover>,
    /// Old URLs of the page, checked, in the order written.
    pub aliases: Vec<AliasEntry>,
}

/// One entry of `aliases:`, and where the front-matter has it.
#[derive(Debug, Clone)]
pub struct AliasEntry {
    pub path: UrlPath,
    pub line: usize,
    pub col: usize,
}

impl Meta {
    /// The term keys of `taxonomy` (none when the file does not name it).
    pub fn terms_of(&self, taxonomy: &str) -> &[String] {
        self.terms.get(taxonomy).map_or(&[], Vec::as_slice)
    }
}

#[derive(Debug, Clone)]
pub struct EventMeta {
    pub date: Date,
    pub name: String,
    pub place: String,
}

/// The cover, checked for what can be checked without reading the file.
fn cover(
    split: &Split,
    path: &Path,
    image: Option<Image>,
    problems: &mut Vec<Problem>,
) -> Option<Cover> {
    let image = image?;
    let (line, col) = nested_position(split, "image", "src");
    let mut empty = |field: &str, what: &str| {
        let (line, col) = nested_position(split, "image", field);
        problems.push(
            Problem::new(path, format!("`image.{field}` is empty"))
                .at(line, col)
                .hint(what.to_string()),
        );
    };
    if image.src.trim().is_empty() {
        empty(
            "src",
            "name the file beside the Markdown file, e.g. `src: NAME/photo.jpg`",
        );
    }
    if image.alt.trim().is_empty() {
        empty(
            "alt",
            "describe what the picture shows, in this file's language, for readers who cannot see it",
        );
    }
    if image.credit.as_deref().is_some_and(|c| c.trim().is_empty()) {
        empty(
            "credit",
            "name who took or made the picture, or leave the field out for your own figure (SVG)",
        );
    }
    Some(Cover {
        src: image.src,
        alt: image.alt,
        caption: image.caption.filter(|c| !c.trim().is_empty()),
        credit: image.credit,
        line,
        col,
    })
}

/// Parses and checks the front-matter; every problem found is pushed, not just the first.
pub fn parse(
    split: &Split,
    path: &Path,
    config: &Config,
    chart_names: &[String],
) -> Result<Meta, Vec<Problem>> {
    if split.yaml.trim().is_empty() {
        return Err(vec![
            Problem::new(path, "the front-matter is empty")
                .at(split.yaml_line, 1)
                .hint("add at least `title:`, `date:` and `summary:`"),
        ]);
    }
    let front = read(split, path, config).map_err(|p| vec![p])?;
    let (title, date_text, summary) = required(&front, split, path)?;
    let mut problems = Vec::new();
    let at = |key: &str| key_line(split, key);
    let mut parse_date = |key: &str, value: &str| date_of(split, path, key, value, &mut problems);
    let date = parse_date("date", &date_text);
    let updated = front
        .updated
        .as_deref()
        .and_then(|u| parse_date("updated", u));
    let expires = front
        .expires
        .as_deref()
        .and_then(|u| parse_date("expires", u));
    let event_date = front
        .event
        .as_ref()
        .and_then(|e| parse_date("event.date", &e.date));

    let slug = slug(&front, &title, path, at, &mut problems);
    let image = cover(split, path, front.image.clone(), &mut problems);
    let aliases = aliases(&front.aliases, split, path, &config.base_url, &mut problems);
    check_names(&front, split, path, config, chart_names, &mut problems);
    check_shape(&front, split, path, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Meta {
        title,
        date: date.expect("checked above"),
        summary,
        slug,
        updated,
        terms: front.terms,
        event: front.event.map(|e| EventMeta {
            date: event_date.expect("checked above"),
            name: e.name,
            place: e.place,
        }),
        sources: front.sources,
        figures: front.figures,
        charts: front.charts,
        maps: front.maps,
        draft: front.draft,
        authors: front.authors,
        extra: front.extra,
        template: front.template,
        expires,
        parity: front.parity.unwrap_or_default(),
        image,
        aliases,
    })
}

/// (title, date, summary), or a problem for each of them missing.
fn required(
    front: &FrontMatter,
    split: &Split,
    path: &Path,
) -> Result<(String, String, String), Vec<Problem>> {
    let mut problems = Vec::new();
    let mut required = |key: &str, value: &Option<String>| -> String {
        if value.is_none() {
            problems.push(
                Problem::new(path, format!("missing field `{key}`"))
                    .at(split.yaml_line, 1)
                    .hint("add it to the front-matter"),
            );
        }
        value.clone().unwrap_or_default()
    };
    let title = required("title", &front.title);
    let date = required("date", &front.date);
    let summary = required("summary", &front.summary);
    if problems.is_empty() {
        Ok((title, date, summary))
    } else {
        Err(problems)
    }
}

/// `value` of the date field `key` (`event.date` for a nested one) as a date.
fn date_of(
    split: &Split,
    path: &Path,
    key: &str,
    value: &str,
    problems: &mut Vec<Problem>,
) -> Option<Date> {
    match value.trim().parse::<Date>() {
        Ok(d) if value.trim().len() == 10 => Some(d),
        _ => {
            problems.push(
                Problem::new(
                    path,
                    format!("`{key}` is `{value}`, which is not a valid date"),
                )
                .at(key_line(split, key.split('.').next().unwrap_or(key)), 1)
                .hint("write a real calendar date as YYYY-MM-DD, e.g. 2025-06-16"),
            );
            None
        }
    }
}

/// The entries of `aliases:`, each checked and located (its file line and column).
fn aliases(
    written: &[String],
    split: &Split,
    path: &Path,
    base_url: &str,
    problems: &mut Vec<Problem>,
) -> Vec<AliasEntry> {
    let key = key_line(split, "aliases");
    let places = locate_values(split.yaml, key - split.yaml_line + 1, written);
    let mut entries = Vec::new();
    for (text, (line, col)) in written.iter().zip(places) {
        let line = split.yaml_line + line - 1;
        match parse_url_path(text, base_url) {
            Ok(url) => entries.push(AliasEntry {
                path: url,
                line,
                col,
            }),
            Err((message, hint)) => problems.push(
                Problem::new(path, format!("alias {message}"))
                    .at(line, col)
                    .hint(hint),
            ),
        }
    }
    entries
}

/// The page's slug: `slug:`, checked, or the title's.
fn slug(
    front: &FrontMatter,
    title: &str,
    path: &Path,
    at: impl Fn(&str) -> usize,
    problems: &mut Vec<Problem>,
) -> String {
    match &front.slug {
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
            let slug = urls::slugify(title);
            if slug.is_empty() && !title.trim().is_empty() {
                problems.push(
                    Problem::new(path, "the title gives no usable URL slug")
                        .at(at("title"), 1)
                        .hint("add a `slug:` field"),
                );
            }
            slug
        }
    }
}
