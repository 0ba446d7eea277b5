//! Plain serializable views of the site model, built once and borrowed by every page.

use crate::charts::{self, ChartView};
use crate::content::frontmatter::{Figure, Source};
use crate::markdown::TocEntry;
use crate::render::i18n::long_date;
use crate::site::{Route, Site};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct TermLink {
    pub key: String,
    pub name: String,
    pub path: String,
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
    pub countries: Vec<TermLink>,
    pub topics: Vec<TermLink>,
    pub event: Option<EventView>,
}

/// Everything a briefing or page shows beyond its card.
#[derive(Debug, Serialize)]
pub struct DocumentView<'a> {
    pub card: &'a Card,
    pub content: &'a str,
    pub toc: &'a [TocEntry],
    /// Long pages only: a short one reads better without.
    pub show_toc: bool,
    pub words: usize,
    pub updated: Option<String>,
    pub updated_iso: Option<String>,
    pub figures: &'a [Figure],
    pub sources: &'a [Source],
    pub charts: Vec<&'a ChartView>,
    /// Newer and older briefings in the same language.
    pub newer: Option<&'a Card>,
    pub older: Option<&'a Card>,
}

#[derive(Debug, Serialize)]
pub struct TermView {
    pub key: String,
    pub name: String,
    pub path: String,
    pub count: usize,
}

#[derive(Debug, Serialize)]
pub struct TaxonomyView {
    pub key: String,
    pub name: String,
    pub path: String,
    pub terms: Vec<TermView>,
}

#[derive(Debug, Serialize)]
pub struct PageLink {
    pub number: usize,
    pub path: String,
}

#[derive(Debug, Serialize)]
pub struct Pagination {
    pub current: usize,
    pub total: usize,
    pub newer: Option<String>,
    pub older: Option<String>,
    pub pages: Vec<PageLink>,
}

/// Words per minute used for the reading time.
const READING_SPEED: usize = 200;
/// Pages with at least this many headings get a table of contents.
const TOC_MIN_HEADINGS: usize = 3;

pub fn cards(site: &Site) -> Vec<Card> {
    site.documents
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let lang = d.lang.as_str();
            let terms = |t: usize, keys: &[String]| -> Vec<TermLink> {
                let tax = &site.config.taxonomies[t];
                tax.terms
                    .iter()
                    .enumerate()
                    .filter(|(_, term)| keys.contains(&term.key))
                    .map(|(k, term)| TermLink {
                        key: term.key.clone(),
                        name: term.names[lang].name.clone(),
                        path: site.path(lang, Route::Term(t, k, 1)),
                    })
                    .collect()
            };
            Card {
                title: d.meta.title.clone(),
                path: site.paths[i].clone(),
                date: long_date(d.meta.date, lang),
                date_iso: d.meta.date.to_string(),
                summary: d.meta.summary.clone(),
                reading_minutes: site.bodies[i].words.div_ceil(READING_SPEED).max(1),
                countries: terms(0, &d.meta.countries),
                topics: terms(1, &d.meta.topics),
                event: d.meta.event.as_ref().map(|e| EventView {
                    date: long_date(e.date, lang),
                    date_iso: e.date.to_string(),
                    year: e.date.year(),
                    name: e.name.clone(),
                    place: e.place.clone(),
                }),
            }
        })
        .collect()
}

/// Per language, one view of every data file, in file-name order.
pub fn charts(site: &Site, lang: &str) -> Vec<ChartView> {
    site.data.iter().map(|d| charts::view(d, lang)).collect()
}

pub fn document<'a>(
    site: &'a Site,
    cards: &'a [Card],
    charts: &'a [ChartView],
    i: usize,
) -> DocumentView<'a> {
    let d = &site.documents[i];
    let body = &site.bodies[i];
    let list = &site.briefings[&d.lang];
    let position = list.iter().position(|&j| j == i);
    let neighbour = |offset: isize| {
        let p = position? as isize + offset;
        (p >= 0)
            .then(|| list.get(p as usize))
            .flatten()
            .map(|&j| &cards[j])
    };
    DocumentView {
        card: &cards[i],
        content: &body.html,
        toc: &body.toc,
        show_toc: body.toc.len() >= TOC_MIN_HEADINGS,
        words: body.words,
        updated: d.meta.updated.map(|u| long_date(u, &d.lang)),
        updated_iso: d.meta.updated.map(|u| u.to_string()),
        figures: &d.meta.figures,
        sources: &d.meta.sources,
        charts: d
            .meta
            .charts
            .iter()
            .filter_map(|name| charts.iter().find(|c| &c.name == name))
            .collect(),
        newer: neighbour(-1),
        older: neighbour(1),
    }
}

pub fn taxonomies(site: &Site, lang: &str) -> Vec<TaxonomyView> {
    site.config
        .taxonomies
        .iter()
        .enumerate()
        .map(|(t, tax)| {
            let mut terms: Vec<TermView> = tax
                .terms
                .iter()
                .enumerate()
                .map(|(k, term)| TermView {
                    key: term.key.clone(),
                    name: term.names[lang].name.clone(),
                    path: site.path(lang, Route::Term(t, k, 1)),
                    count: site.terms[&(t, k, lang.to_string())].len(),
                })
                .collect();
            terms.sort_by(|a, b| a.name.cmp(&b.name));
            TaxonomyView {
                key: tax.key.clone(),
                name: tax.name[lang].clone(),
                path: site.path(lang, Route::Taxonomy(t)),
                terms,
            }
        })
        .collect()
}

/// The links of page `current` of `total`, where `path_of(n)` is page n's path.
/// Only the first, the last and the pages near the current one are linked, so a
/// long list does not cost quadratic work.
pub fn pagination(current: usize, total: usize, path_of: impl Fn(usize) -> String) -> Pagination {
    let near = current.saturating_sub(PAGINATION_WINDOW)..=current + PAGINATION_WINDOW;
    Pagination {
        current,
        total,
        newer: (current > 1).then(|| path_of(current - 1)),
        older: (current < total).then(|| path_of(current + 1)),
        pages: (1..=total)
            .filter(|n| *n == 1 || *n == total || near.contains(n))
            .map(|n| PageLink {
                number: n,
                path: path_of(n),
            })
            .collect(),
    }
}

const PAGINATION_WINDOW: usize = 2;
