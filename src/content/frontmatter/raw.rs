//! The front-matter as written: the fields an editor may write, read from YAML with the
//! site's taxonomies, unknown and repeated keys refused at their line.

use super::fences::Split;
use crate::check::parity::Marks;
use crate::config::Config;
use crate::diagnostics::Problem;
use crate::yaml;
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

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub label: String,
    pub value: String,
    pub source: Option<String>,
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
