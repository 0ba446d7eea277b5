//! The build that renders only the pages an edit touched: when the previous build's
//! record shows the same structure and inputs, and only some documents' sources differ,
//! their pages and the pages that show their cards are rendered (see
//! [`changes::affected`]), the feeds, search files, sitemap and redirects (they cover
//! every document) too, and every other page of the output is kept as it is, and so
//! is every search text shard that holds no edited document.

use super::generate::{Generated, generate_extras_keeping};
use crate::changes::{self, Partial};
use crate::diagnostics::Failure;
use crate::media::MEDIA_DIR;
use crate::render::{Renderer, Sink, views};
use crate::site::{Route, Site};
use std::collections::{BTreeMap, BTreeSet};

/// The pages a partial build renders, and what it keeps of the previous output.
pub(super) struct Plan<'s> {
    routes: Vec<(&'s str, Route<'s>)>,
    /// The stems of the share cards the rendered pages publish again.
    stems: BTreeSet<String>,
    /// Every page of the site that is not rendered again.
    pub kept_pages: BTreeSet<String>,
    /// Pages rendered, and pages of the site (the chooser and 404 among both).
    pub rendered: (usize, usize),
    /// The search text shards kept from the previous output (see `changes::Partial`).
    kept_shards: BTreeSet<String>,
    /// The search indexes kept, by language, with their sizes (see `changes::Partial`).
    kept_indexes: BTreeMap<String, usize>,
}

impl<'s> Plan<'s> {
    pub(super) fn new(site: &'s Site, partial: &Partial) -> Plan<'s> {
        let mut routes = changes::affected(site, &partial.changed_cards, &partial.edited);
        // A share card is known by its page's slug (`media/cards/SLUG-HASH.png`): every
        // page with the slug of a rendered one is rendered too, so each card with a
        // rendered stem is published again and a card no page publishes is an old one.
        let stem = |(lang, route): &(&str, Route)| match route {
            Route::Document(i) => Some(site.documents[*i].meta.slug.clone()),
            Route::Home => Some(format!("home-{lang}")),
            _ => None,
        };
        let stems: BTreeSet<String> = routes.iter().filter_map(stem).collect();
        for (i, d) in site.documents.iter().enumerate() {
            if stems.contains(&d.meta.slug) {
                routes.push((d.lang.as_str(), Route::Document(i)));
            }
        }
        for lang in site.config.codes() {
            if stems.contains(&format!("home-{lang}")) {
                routes.push((lang, Route::Home));
            }
        }
        routes.sort_by_key(|&(lang, route)| site.path(lang, route));
        routes.dedup_by_key(|&mut (lang, route)| site.path(lang, route));
        let rendered: BTreeSet<String> = routes.iter().map(|&(l, r)| site.path(l, r)).collect();
        let mut total = 2;
        let mut kept_pages = BTreeSet::new();
        for lang in site.config.codes() {
            for route in site.routes(lang) {
                total += 1;
                let path = site.path(lang, route);
                if !rendered.contains(&path) {
                    kept_pages.insert(path);
                }
            }
        }
        Plan {
            rendered: (routes.len() + 2, total),
            routes,
            stems,
            kept_pages,
            kept_shards: partial.kept_shards.clone(),
            kept_indexes: partial.kept_indexes.clone(),
        }
    }

    /// Whether the previous build's file `path`, not written by this one, stays: a page
    /// not rendered again, or the share card of one. Anything else a full build would
    /// not make either (the extras, body media and redirects are all written again).
    pub(super) fn keeps(&self, path: &str) -> bool {
        if self.kept_pages.contains(path) || self.kept_shards.contains(path) {
            return true;
        }
        let index = path
            .strip_prefix("search-index.")
            .and_then(|p| p.strip_suffix(".js"));
        if index.is_some_and(|lang| self.kept_indexes.contains_key(lang)) {
            return true;
        }
        let card = path
            .strip_prefix(MEDIA_DIR)
            .and_then(|p| p.strip_prefix("/cards/"))
            .and_then(|p| p.strip_suffix(".png"))
            .and_then(|p| p.rsplit_once('-'));
        card.is_some_and(|(stem, _)| !self.stems.contains(stem))
    }

    /// Renders the plan's pages, the neutral pages, the extras and the redirects.
    pub(super) fn generate(
        &self,
        site: &Site,
        renderer: &Renderer,
        cards: &[views::Card],
        sink: &Sink,
    ) -> Result<Generated, Failure> {
        renderer.render_routes(site, cards, &self.routes, sink)?;
        renderer.render_neutral_pages(site, sink)?;
        let kept = |path: &str| self.kept_shards.contains(path);
        let search_index = generate_extras_keeping(site, cards, sink, &kept, &self.kept_indexes)?;
        let redirects = renderer.render_redirects(site, sink)?;
        let pages: BTreeMap<String, usize> = site
            .config
            .codes()
            .map(|lang| (lang.to_string(), site.routes(lang).len()))
            .collect();
        Ok(Generated {
            pages,
            search_index,
            media: site.media.published(),
            redirects,
        })
    }
}
