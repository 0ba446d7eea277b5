//! The card of each document: how lists, feeds of cards and the search index show it
//! (title, path, date, terms, authors, cover), built once from the site model.

use crate::media::{Format, Processed, Variant};
use crate::site::{Route, Site};
use rayon::prelude::*;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct TermLink {
    pub key: String,
    pub name: String,
    pub path: String,
}

/// The terms of one taxonomy a document is filed under.
#[derive(Debug, Clone, Serialize)]
pub struct TermGroup {
    /// The taxonomy's key in site.yaml (`countries`).
    pub taxonomy: String,
    /// Its name in the page language (`Paesi`).
    pub name: String,
    pub terms: Vec<TermLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    pub date: String,
    pub date_iso: String,
    pub year: i16,
    pub name: String,
    pub place: String,
}

/// A briefing or page as lists show it. Paths are relative to the output root:
/// templates write `{{ root }}{{ card.path }}`.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    pub title: String,
    pub path: String,
    pub date: String,
    pub date_iso: String,
    pub summary: String,
    pub reading_minutes: usize,
    /// The key of its section in site.yaml.
    pub section: String,
    /// Its terms, by taxonomy in declared order; taxonomies it has none of are left out.
    pub terms: Vec<TermGroup>,
    /// Author names in the page language.
    pub authors: Vec<String>,
    pub event: Option<EventView>,
    /// Its cover, for `picture(image=card.image, ...)`.
    pub image: Option<ImageView>,
}

/// A processed image as templates hand it to `picture()`: its files under `media/`.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct ImageView {
    pub alt: String,
    pub width: u32,
    pub height: u32,
    pub source_format: Format,
    pub files: Vec<ImageFile>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct ImageFile {
    /// The file name under `media/`.
    pub name: String,
    pub width: u32,
    pub height: u32,
    pub format: Format,
}

impl ImageView {
    pub fn of(image: &Processed, alt: &str) -> ImageView {
        ImageView {
            alt: alt.to_string(),
            width: image.width,
            height: image.height,
            source_format: image.source_format,
            files: image
                .variants
                .iter()
                .map(|v| ImageFile {
                    name: v.file_name.clone(),
                    width: v.width,
                    height: v.height,
                    format: v.format,
                })
                .collect(),
        }
    }

    /// The processed image back, for [`crate::media::picture_html`] (its files' cache paths are not
    /// needed to write HTML).
    pub fn processed(&self) -> Processed {
        Processed {
            source_format: self.source_format,
            width: self.width,
            height: self.height,
            variants: self
                .files
                .iter()
                .map(|f| Variant {
                    width: f.width,
                    height: f.height,
                    format: f.format,
                    file_name: f.name.clone(),
                    path: Default::default(),
                    bytes: 0,
                })
                .collect(),
        }
    }
}

/// Words per minute used for the reading time.
const READING_SPEED: usize = 200;

/// The card of every document, in document order.
pub(crate) fn cards(site: &Site) -> Vec<Card> {
    let config = site.config;
    site.documents
        .par_iter()
        .enumerate()
        .map(|(i, d)| {
            let lang = d.lang.as_str();
            let format = config.format(lang);
            Card {
                title: d.meta.title.clone(),
                path: site.paths[i].clone(),
                date: format.long_date(d.meta.date),
                date_iso: d.meta.date.to_string(),
                summary: d.meta.summary.clone(),
                reading_minutes: site.bodies[i].words.div_ceil(READING_SPEED).max(1),
                section: d.section.clone(),
                terms: term_groups(site, i),
                authors: d
                    .meta
                    .authors
                    .iter()
                    .filter_map(|a| config.authors.get(a).and_then(|names| names.get(lang)))
                    .cloned()
                    .collect(),
                image: site.covers[i]
                    .as_ref()
                    .map(|c| ImageView::of(&c.image, &c.alt)),
                event: d.meta.event.as_ref().map(|e| EventView {
                    date: format.long_date(e.date),
                    date_iso: e.date.to_string(),
                    year: e.date.year(),
                    name: e.name.clone(),
                    place: e.place.clone(),
                }),
            }
        })
        .collect()
}

/// The terms document `i` is filed under, by taxonomy in declared order, each
/// taxonomy's sorted by name in the page's language, as a reader looks for them.
fn term_groups(site: &Site, i: usize) -> Vec<TermGroup> {
    let d = &site.documents[i];
    let lang = d.lang.as_str();
    let format = site.config.format(lang);
    site.config
        .taxonomies
        .iter()
        .filter_map(|tax| {
            let keys = d.meta.terms_of(&tax.key);
            let mut terms: Vec<TermLink> = tax
                .terms
                .iter()
                .filter(|term| keys.contains(&term.key))
                .map(|term| TermLink {
                    key: term.key.clone(),
                    name: term.names[lang].name.clone(),
                    path: term_path(site, lang, &tax.key, &term.key),
                })
                .collect();
            terms.sort_by(|a, b| format.compare(&a.name, &b.name));
            (!terms.is_empty()).then(|| TermGroup {
                taxonomy: tax.key.clone(),
                name: tax.name[lang].clone(),
                terms,
            })
        })
        .collect()
}

/// The first page of the list of `term` of `taxonomy` in `lang`.
pub(crate) fn term_path(site: &Site, lang: &str, taxonomy: &str, term: &str) -> String {
    site.path(
        lang,
        Route::Term {
            taxonomy,
            term,
            page: 1,
        },
    )
}
