//! `site.yaml` and `ui.yaml` as written, before validation.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// Text per language code.
pub type LangMap = BTreeMap<String, String>;

/// A YAML mapping kept in the order it is written: languages, sections and
/// taxonomies are shown in the order `site.yaml` declares them.
#[derive(Debug, Clone)]
pub struct Ordered<V>(pub Vec<(String, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Ordered<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for OrderedVisitor<V> {
            type Value = Ordered<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of names to their settings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries: Vec<(String, V)> = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if entries.iter().any(|(k, _)| *k == key) {
                        return Err(de::Error::custom(format!("`{key}` is declared twice")));
                    }
                    let value = map.next_value()?;
                    entries.push((key, value));
                }
                Ok(Ordered(entries))
            }
        }
        deserializer.deserialize_map(OrderedVisitor(PhantomData))
    }
}

impl<V> Default for Ordered<V> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub base_url: String,
    pub default_language: String,
    #[serde(default = "default_page_size")]
    pub page_size: usize,
    pub languages: Ordered<RawLanguage>,
    pub sections: Ordered<RawSection>,
    #[serde(default)]
    pub taxonomies: Ordered<RawTaxonomy>,
    #[serde(default)]
    pub authors: Ordered<LangMap>,
    pub timeline: RawSpecial,
    pub search: RawSpecial,
    pub nav: Option<Vec<RawNav>>,
    /// A file beside site.yaml holding `key: {it: ..., en: ...}`; its strings
    /// override the builtin theme's, key by key.
    pub ui: Option<String>,
    /// Which taxonomy the maps draw, and from which outlines; no maps without it.
    pub maps: Option<RawMaps>,
    /// Published URL paths given up on purpose: the URL guard stops reporting them.
    #[serde(default)]
    pub retired: Vec<String>,
}

pub const CONFIG_FIELDS: [&str; 13] = [
    "base_url",
    "default_language",
    "page_size",
    "languages",
    "sections",
    "taxonomies",
    "authors",
    "timeline",
    "search",
    "nav",
    "ui",
    "maps",
    "retired",
];

/// `maps: { taxonomy: countries, data: central-asia.geo.yaml }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMaps {
    pub taxonomy: String,
    pub data: String,
}

fn default_page_size() -> usize {
    10
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLanguage {
    pub name: String,
    /// A BCP 47 locale (`en-GB`); the language code when absent.
    pub locale: Option<String>,
    pub title: String,
    pub description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    pub name: LangMap,
    pub slug: LangMap,
    pub description: Option<LangMap>,
    /// The template of its list pages; no list pages without one.
    pub list: Option<String>,
    #[serde(default = "default_item")]
    pub item: String,
    pub page_size: Option<usize>,
    #[serde(default)]
    pub timeline: bool,
    #[serde(default)]
    pub feed: bool,
    #[serde(default)]
    pub search: bool,
}

fn default_item() -> String {
    "page.html".into()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTaxonomy {
    pub slug: LangMap,
    pub name: LangMap,
    /// The lede of its index page, per language.
    pub description: Option<LangMap>,
    pub terms: BTreeMap<String, BTreeMap<String, RawTermName>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTermName {
    pub name: String,
    pub slug: String,
}

/// The timeline and search pages: their URL segment per language.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSpecial {
    pub slug: LangMap,
}

/// One entry of `nav:`: `home`, `timeline`, `search`, a section or a taxonomy by
/// name, or `{ page: "@/SECTION/NAME.md", label: UI_KEY }`.
#[derive(Deserialize)]
#[serde(untagged)]
pub enum RawNav {
    Name(String),
    Page { page: String, label: String },
}

/// One UI string: a text, or its plural forms by CLDR category.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawText {
    Text(String),
    Plural(BTreeMap<String, String>),
}
