//! Plain serializable views of the site model, built once and borrowed by every page.

use crate::charts::{self, ChartView};
use crate::content::frontmatter::{Figure, Source};
use crate::markdown::TocEntry;
use crate::media::{MEDIA_DIR, Picture, picture_html};
use crate::site::{Route, Site};
use serde::Serialize;
use std::collections::BTreeMap;

/// The card of each document, now in the site model (search uses it too).
pub(crate) use crate::site::card::{Card, ImageView, cards, term_path};

/// A briefing's cover on its own page: shown at once (`fetchpriority="high"`).
#[derive(Debug, Serialize)]
pub(crate) struct CoverView {
    /// The `<picture>`, its URLs relative to the page.
    pub html: String,
    pub alt: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
}

/// How wide a cover is shown on its page: the article column.
pub(crate) const COVER_SIZES: &str = "(min-width: 48rem) 46rem, 100vw";

/// Everything a briefing or page shows beyond its card.
#[derive(Debug, Serialize)]
pub(crate) struct DocumentView<'a> {
    pub card: &'a Card,
    pub content: std::borrow::Cow<'a, str>,
    pub toc: &'a [TocEntry],
    /// Long pages only: a short one reads better without.
    pub show_toc: bool,
    pub words: usize,
    pub updated: Option<String>,
    pub updated_iso: Option<String>,
    pub figures: &'a [Figure],
    pub sources: &'a [Source],
    /// The front-matter's `extra` mapping, as written.
    pub extra: &'a Option<serde_json::Value>,
    pub cover: Option<CoverView>,
    pub charts: Vec<&'a ChartView>,
    /// Newer and older briefings in the same language.
    pub newer: Option<&'a Card>,
    pub older: Option<&'a Card>,
}

#[derive(Debug, Serialize)]
pub(crate) struct TermView {
    pub key: String,
    pub name: String,
    pub path: String,
    pub count: usize,
}

#[derive(Debug, Serialize)]
pub(crate) struct TaxonomyView {
    pub key: String,
    pub name: String,
    /// The lede of its index page (`description` in site.yaml), if it has one.
    pub description: Option<String>,
    pub path: String,
    pub terms: Vec<TermView>,
}

/// A section as templates see it: `sections.briefings.path`.
#[derive(Debug, Serialize)]
pub(crate) struct SectionView {
    pub key: String,
    pub name: String,
    pub description: Option<String>,
    /// Its first list page; empty when it has no list.
    pub path: String,
    pub feed: bool,
    pub timeline: bool,
}

#[derive(Debug, Serialize)]
pub(crate) struct PageLink {
    pub number: usize,
    pub path: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct Pagination {
    pub current: usize,
    pub total: usize,
    pub newer: Option<String>,
    pub older: Option<String>,
    pub pages: Vec<PageLink>,
}

/// Pages with at least this many headings get a table of contents.
const TOC_MIN_HEADINGS: usize = 3;

/// Per language, one view of every data file, in file-name order.
/// Each knows the newest item of the feed that shows it, for the home page's link.
pub(crate) fn charts(site: &Site, lang: &str) -> Vec<ChartView> {
    let format = site.config.format(lang);
    site.data
        .iter()
        .map(|d| {
            let mut view = charts::view(d, lang, format);
            let shown_in = site.feed[lang]
                .iter()
                .find(|&&i| site.documents[i].meta.charts.contains(&d.name));
            view.from = shown_in.map(|&i| charts::ChartFrom {
                title: site.documents[i].meta.title.clone(),
                path: site.paths[i].clone(),
            });
            view
        })
        .collect()
}

pub(crate) fn document<'a>(
    site: &'a Site,
    cards: &'a [Card],
    charts: &'a [ChartView],
    i: usize,
) -> DocumentView<'a> {
    let d = &site.documents[i];
    let body = &site.bodies[i];
    // Neighbours within a section that lists its documents.
    let listed = site
        .config
        .section(&d.section)
        .is_some_and(|s| s.list.is_some());
    let list = if listed {
        site.list(&d.section, &d.lang)
    } else {
        &[]
    };
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
        content: site.body_html(i),
        toc: &body.toc,
        show_toc: body.toc.len() >= TOC_MIN_HEADINGS,
        words: body.words,
        updated: d
            .meta
            .updated
            .map(|u| site.config.format(&d.lang).long_date(u)),
        updated_iso: d.meta.updated.map(|u| u.to_string()),
        figures: &d.meta.figures,
        sources: &d.meta.sources,
        extra: &d.meta.extra,
        cover: site.covers[i].as_ref().map(|c| CoverView {
            html: picture_html(&Picture {
                image: &c.image,
                base: &format!("{}{MEDIA_DIR}/", crate::urls::root_of(&site.paths[i])),
                alt: &c.alt,
                sizes: COVER_SIZES,
                lazy: false,
            }),
            alt: c.alt.clone(),
            caption: c.caption.clone(),
            credit: c.credit.clone(),
        }),
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

/// Every taxonomy of `lang`, by key, with its terms sorted by name.
pub(crate) fn taxonomies(site: &Site, lang: &str) -> BTreeMap<String, TaxonomyView> {
    site.config
        .taxonomies
        .iter()
        .map(|tax| {
            let mut terms: Vec<TermView> = tax
                .terms
                .iter()
                .map(|term| TermView {
                    key: term.key.clone(),
                    name: term.names[lang].name.clone(),
                    path: term_path(site, lang, &tax.key, &term.key),
                    count: site.term_list(&tax.key, &term.key, lang).len(),
                })
                .collect();
            let format = site.config.format(lang);
            terms.sort_by(|a, b| format.compare(&a.name, &b.name));
            let view = TaxonomyView {
                key: tax.key.clone(),
                name: tax.name[lang].clone(),
                description: tax.description.as_ref().and_then(|d| d.get(lang).cloned()),
                path: site.path(lang, Route::Taxonomy(&tax.key)),
                terms,
            };
            (tax.key.clone(), view)
        })
        .collect()
}

/// Every section of `lang`, by key.
pub(crate) fn sections(site: &Site, lang: &str) -> BTreeMap<String, SectionView> {
    site.config
        .sections
        .iter()
        .map(|s| {
            let view = SectionView {
                key: s.key.clone(),
                name: s.name[lang].clone(),
                description: s.description.as_ref().and_then(|d| d.get(lang).cloned()),
                path: if s.list.is_some() {
                    site.path(
                        lang,
                        Route::List {
                            section: &s.key,
                            page: 1,
                        },
                    )
                } else {
                    String::new()
                },
                feed: s.feed,
                timeline: s.timeline,
            };
            (s.key.clone(), view)
        })
        .collect()
}

/// The links of page `current` of `total`, where `path_of(n)` is page n's path.
/// Only the first, the last and the pages near the current one are linked, so a
/// long list does not cost quadratic work.
pub(crate) fn pagination(
    current: usize,
    total: usize,
    path_of: impl Fn(usize) -> String,
) -> Pagination {
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
