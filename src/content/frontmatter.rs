//! Splits a Markdown file into YAML front-matter and body, and validates the fields.

use crate::aliases::{UrlPath, locate_values, parse_url_path};
use crate::check::parity::Marks;
use crate::config::Config;
use crate::diagnostics::{Problem, nearest};
use crate::urls;
use crate::yaml;
use jiff::civil::Date;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The fields an editor may write (SPEC §3 plus `charts`, `authors`, `extra`,
/// `template`, `expires`), and one list of term keys per taxonomy of site.yaml.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub date: Option<String>,
    pub summary: Option<String>,
    pub slug: Option<String>,
    pub updated: Option<String>,
    /// Taxonomy key -> term keys, for the taxonomies the file names.
    pub terms: BTreeMap<String, Vec<String>>,
    pub event: Option<Event>,
    pub sources: Vec<Source>,
    pub figures: Vec<Figure>,
    /// Names of files in `content/data/` to draw as charts on the page.
    pub charts: Vec<String>,
    /// Names of `kind: map` files in `content/data/` to draw on the page.
    pub maps: Vec<String>,
    pub draft: bool,
    /// Author keys from site.yaml.
    pub authors: Vec<String>,
    /// A free mapping handed to templates as it is.
    pub extra: Option<serde_json::Value>,
    /// The template of this page instead of its section's.
    pub template: Option<String>,
    /// After this date the page is left out of the build.
    pub expires: Option<String>,
    /// Intended differences from the other languages (`check` reads them).
    pub parity: Option<Marks>,
    /// The cover photo or figure.
    pub image: Option<Image>,
    /// Old URL paths of this page, each of which redirects here.
    pub aliases: Vec<String>,
}

/// The fixed fields; each taxonomy of site.yaml adds its own.
pub const FIELDS: [&str; 18] = [
    "title", "date", "summary", "slug", "updated", "event", "sources", "figures", "charts", "maps",
    "draft", "authors", "extra", "template", "expires", "parity", "image", "aliases",
];

/// The fields of a front-matter that names the taxonomies `taxonomies`.
pub fn fields<'a>(taxonomies: &'a [&'a str]) -> Vec<&'a str> {
    let mut all: Vec<&str> = FIELDS.to_vec();
    all.extend(taxonomies.iter().copied());
    all
}

/// Deserializes a [`FrontMatter`] that may name the taxonomies it carries.
pub struct Seed<'a> {
    pub taxonomies: &'a [&'a str],
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = FrontMatter;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<FrontMatter, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = FrontMatter;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("front-matter fields (`title: ...`)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FrontMatter, A::Error> {
        let mut f = FrontMatter::default();
        let mut seen: Vec<String> = Vec::new();
        let known = fields(self.taxonomies);
        while let Some(key) = map.next_key_seed(Key {
            known: &known,
            seen: &seen,
        })? {
            match key.as_str() {
                "title" => f.title = Some(map.next_value()?),
                "date" => f.date = map.next_value::<Option<Scalar>>()?.map(|s| s.0),
                "summary" => f.summary = Some(map.next_value()?),
                "slug" => f.slug = map.next_value()?,
                "updated" => f.updated = map.next_value::<Option<Scalar>>()?.map(|s| s.0),
                "event" => f.event = map.next_value()?,
                "sources" => f.sources = map.next_value::<Option<_>>()?.unwrap_or_default(),
                "figures" => f.figures = map.next_value::<Option<_>>()?.unwrap_or_default(),
                "charts" => f.charts = map.next_value::<Option<_>>()?.unwrap_or_default(),
                "maps" => f.maps = map.next_value::<Option<_>>()?.unwrap_or_default(),
                "draft" => f.draft = map.next_value::<Option<bool>>()?.unwrap_or_default(),
                "authors" => f.authors = map.next_value::<Option<_>>()?.unwrap_or_default(),
                "extra" => f.extra = map.next_value()?,
                "template" => f.template = map.next_value()?,
                "expires" => f.expires = map.next_value::<Option<Scalar>>()?.map(|s| s.0),
                "parity" => f.parity = map.next_value()?,
                "image" => f.image = map.next_value()?,
                "aliases" => f.aliases = map.next_value::<Option<_>>()?.unwrap_or_default(),
                _ => {
                    let keys: Option<Vec<String>> = map.next_value()?;
                    f.terms.insert(key.clone(), keys.unwrap_or_default());
                }
            }
            seen.push(key);
        }
        Ok(f)
    }
}

/// A front-matter key, refused while the parser still stands on it (so the error
/// names its line) when it is unknown or repeated.
struct Key<'a> {
    known: &'a [&'a str],
    seen: &'a [String],
}

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        // Refused inside the visitor, so the YAML parser adds the key's position.
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for Key<'_> {
    type Value = String;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<String, E> {
        if self.seen.iter().any(|k| k == key) {
            return Err(E::custom(format!("duplicate field `{key}`")));
        }
        if !self.known.contains(&key) {
            let expected: Vec<String> = self.known.iter().map(|k| format!("`{k}`")).collect();
            return Err(E::custom(format!(
                "unknown field `{key}`, expected one of {}",
                expected.join(", ")
            )));
        }
        Ok(key.to_string())
    }
}

/// A date written bare (`2025-06-16`) or quoted: its text.
struct Scalar(String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Scalar)
    }
}

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

/// `image: {src, alt, caption, credit}`: a cover, in the file's language.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Image {
    /// The file, relative to the Markdown file (`NAME/photo.jpg`).
    pub src: String,
    /// The text alternative.
    pub alt: String,
    pub caption: Option<String>,
    /// Who took or made it; required for a raster image (checked once its format is read).
    pub credit: Option<String>,
}

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
    /// Taxonomy key -> term keys, only for the taxonomies the file names.
    pub terms: BTreeMap<String, Vec<String>>,
    pub event: Option<EventMeta>,
    pub sources: Vec<Source>,
    pub figures: Vec<Figure>,
    pub charts: Vec<String>,
    /// Checked against the map files by [`check_maps`].
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

/// The 1-based file line and column of the value of `field` inside the mapping of the
/// top-level `key` (`image: { src: a.jpg }` or `src:` on a line of its own below it).
fn nested_position(split: &Split, key: &str, field: &str) -> (usize, usize) {
    let start = key_line(split, key);
    let needle = format!("{field}:");
    for (n, line) in split.yaml.lines().enumerate().skip(start - split.yaml_line) {
        if n > start - split.yaml_line && !line.starts_with([' ', '\t']) {
            break;
        }
        if let Some(at) = line.find(&needle) {
            let after = &line[at + needle.len()..];
            let value = at + needle.len() + (after.len() - after.trim_start().len());
            return (split.yaml_line + n, line[..value].chars().count() + 1);
        }
    }
    (start, 1)
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

/// The fields of the front-matter `split`, not yet checked against the site.
pub fn read(split: &Split, path: &Path, config: &Config) -> Result<FrontMatter, Problem> {
    let taxonomies: Vec<&str> = config.taxonomies.iter().map(|t| t.key.as_str()).collect();
    let known = fields(&taxonomies);
    yaml::parse_seed(
        Seed {
            taxonomies: &taxonomies,
        },
        split.yaml,
        path,
        split.yaml_line,
        &known,
    )
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

/// The terms, authors and charts the front-matter names: each one declared.
fn check_names(
    front: &FrontMatter,
    split: &Split,
    path: &Path,
    config: &Config,
    chart_names: &[String],
    problems: &mut Vec<Problem>,
) {
    let at = |key: &str| key_line(split, key);
    for (field, keys) in &front.terms {
        let tax = config
            .taxonomy(field)
            .expect("only declared taxonomies are read");
        let known: Vec<&str> = tax.terms.iter().map(|t| t.key.as_str()).collect();
        for key in keys {
            if !known.contains(&key.as_str()) {
                let suggestion = nearest(&key.to_lowercase(), known.iter().copied())
                    .map(|k| format!("did you mean `{k}`?"))
                    .unwrap_or_else(|| format!("known {field}: {}", known.join(", ")));
                problems.push(
                    Problem::new(path, format!("unknown term `{key}` in `{field}`"))
                        .at(at(field), 1)
                        .hint(format!("{suggestion} (terms are defined in site.yaml)")),
                );
            }
        }
    }
    for author in &front.authors {
        if !config.authors.contains_key(author) {
            let known: Vec<&str> = config.authors.keys().map(String::as_str).collect();
            let suggestion = match nearest(author, known.iter().copied()) {
                Some(k) => format!("did you mean `{k}`?"),
                None if known.is_empty() => "site.yaml declares no `authors:`".to_string(),
                None => format!("known authors: {}", known.join(", ")),
            };
            problems.push(
                Problem::new(path, format!("unknown author `{author}`"))
                    .at(at("authors"), 1)
                    .hint(format!("{suggestion} (authors are declared in site.yaml)")),
            );
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
}

/// `title` and `summary` are not blank, `extra` is a mapping, `template` an `.html`
/// name inside templates/.
fn check_shape(front: &FrontMatter, split: &Split, path: &Path, problems: &mut Vec<Problem>) {
    let at = |key: &str| key_line(split, key);
    for (key, value) in [("title", &front.title), ("summary", &front.summary)] {
        if value.as_deref().unwrap_or_default().trim().is_empty() {
            problems.push(
                Problem::new(path, format!("`{key}` is empty"))
                    .at(at(key), 1)
                    .hint("write it"),
            );
        }
    }
    if let Some(extra) = &front.extra
        && !extra.is_object()
    {
        problems.push(
            Problem::new(path, "`extra` is not a mapping")
                .at(at("extra"), 1)
                .hint("write it as `extra: { key: value, ... }`"),
        );
    }
    if let Some(template) = &front.template
        && (template.contains("..") || template.starts_with('/') || !template.ends_with(".html"))
    {
        problems.push(
            Problem::new(
                path,
                format!("template `{template}` is not a template name"),
            )
            .at(at("template"), 1)
            .hint("name an .html file of templates/, e.g. `template: wide.html`"),
        );
    }
}

/// The `maps:` of a front-matter against the map files of `content/data/` (`known`;
/// None when site.yaml asks for no maps): each one known, and named once.
pub(crate) fn check_maps(
    split: &Split,
    path: &Path,
    maps: &[String],
    known: Option<&[String]>,
) -> Vec<Problem> {
    let at = key_line(split, "maps");
    let Some(known) = known else {
        return match maps.first() {
            Some(name) => vec![
                Problem::new(path, format!("map `{name}` cannot be drawn: this site draws no maps"))
                    .at(at, 1)
                    .hint("add `maps: { taxonomy: TAXONOMY, data: NAME.geo.yaml }` to site.yaml, or remove `maps:` here"),
            ],
            None => Vec::new(),
        };
    };
    let mut problems = Vec::new();
    for (i, name) in maps.iter().enumerate() {
        if maps[..i].contains(name) {
            problems.push(
                Problem::new(path, format!("map `{name}` is named twice"))
                    .at(at, 1)
                    .hint("name each map once"),
            );
        } else if !known.contains(name) {
            let hint = match nearest(name, known.iter().map(String::as_str)) {
                Some(near) => format!("did you mean `{near}`?"),
                None if known.is_empty() => format!(
                    "add content/data/{name}.yaml with `kind: map`; there is no map file yet"
                ),
                None => format!(
                    "add content/data/{name}.yaml with `kind: map`, or use one of: {}",
                    known.join(", ")
                ),
            };
            problems.push(
                Problem::new(path, format!("unknown map `{name}`"))
                    .at(at, 1)
                    .hint(hint),
            );
        }
    }
    problems
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
    fn maps_are_checked_against_the_map_files() {
        let text = "---\ntitle: a\nmaps: [summit, summit, sumit, other]\n---\n";
        let split = split(text, Path::new("a.en.md")).unwrap();
        let names: Vec<String> = text.lines().nth(2).unwrap()[7..]
            .trim_end_matches(']')
            .split(", ")
            .map(str::to_string)
            .collect();
        let known = ["summit".to_string()];
        let problems = check_maps(&split, Path::new("a.en.md"), &names, Some(&known));
        let messages: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 3, "{messages:?}");
        assert!(messages[0].starts_with("a.en.md:3:1: map `summit` is named twice"));
        assert!(messages[1].contains("unknown map `sumit`; did you mean `summit`?"));
        assert!(messages[2].contains("unknown map `other`; add content/data/other.yaml with `kind: map`, or use one of: summit"));
        assert!(check_maps(&split, Path::new("a.en.md"), &names[..1], Some(&known)).is_empty());
        let none = check_maps(&split, Path::new("a.en.md"), &names, None);
        assert_eq!(none.len(), 1);
        assert!(none[0].message.contains("this site draws no maps"));
        assert!(check_maps(&split, Path::new("a.en.md"), &[], None).is_empty());
    }

    #[test]
    fn nested_values_are_located_in_block_and_flow_style() {
        let text = "---\ntitle: a\nimage:\n  alt: x\n  src:  \"p.jpg\"\nsrc: no\n---\n";
        let s = split(text, Path::new("a.md")).unwrap();
        assert_eq!(nested_position(&s, "image", "src"), (5, 9));
        let text = "---\nimage: { src: p.jpg, alt: x }\n---\n";
        let s = split(text, Path::new("a.md")).unwrap();
        assert_eq!(nested_position(&s, "image", "alt"), (2, 27));
        // Not below `image:` at all: its own line.
        assert_eq!(nested_position(&s, "image", "credit"), (2, 1));
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
