//! Share images: what a link preview shows for each page. A document with a cover
//! shows its widest JPEG or PNG; any other document gets a 1200x630 card drawn in its
//! language; the other pages of a language (home, lists, terms, timeline, search) share
//! the card of that language's home, so a site draws one card per document and one per
//! language, not one per page.

use super::maps::MapValues;
use crate::diagnostics::Problem;
use crate::media::{Format, MEDIA_DIR, url_path};
use crate::render::views::Card as CardView;
use crate::share_card::{self, Card, ShareCards};
use crate::site::{Route, Site};
use crate::urls::absolute;
use serde::Serialize;
use std::path::Path;

/// The image of a page's `og:image` and `twitter:image`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ShareImage {
    /// Absolute, from `base_url`: link previews are made by other hosts.
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
    pub mime: &'static str,
}

/// The share image of document `i`, whose list card is `card`. A drawn card shows the
/// page's first map (a briefing's countries), from the rendering's `maps`, when the
/// site draws maps: the figure on the right, in a 360x420 box (see [`share_card::Card`]).
pub(super) fn of_document(
    site: &Site,
    cards: &ShareCards,
    maps: &MapValues,
    i: usize,
    card: &CardView,
) -> Result<ShareImage, Problem> {
    if let Some(cover) = &site.covers[i]
        && let Some(widest) = cover
            .image
            .variants
            .iter()
            .filter(|v| matches!(v.format, Format::Jpeg | Format::Png))
            .max_by_key(|v| v.width)
    {
        return Ok(ShareImage {
            url: absolute(
                &site.config.base_url,
                &url_path(&format!("{MEDIA_DIR}/{}", widest.file_name)),
            ),
            width: widest.width,
            height: widest.height,
            alt: cover.alt.clone(),
            mime: widest.format.mime(),
        });
    }
    // No cover, or one in WebP only (which some preview makers cannot read): a card.
    let d = &site.documents[i];
    let site_name = &site.config.language(&d.lang).title;
    drawn(
        site,
        cards,
        &Card {
            title: &card.title,
            site_name,
            date: &card.date,
            lang: &d.lang,
            figure: maps
                .card_figure(site, &d.lang, Route::Document(i))
                .as_deref(),
        },
        &d.meta.slug,
        &d.path,
    )
}

/// The card of the home of `lang`: the site's title over its description, and the
/// home's map of the region.
pub(super) fn of_home(
    site: &Site,
    cards: &ShareCards,
    maps: &MapValues,
    lang: &str,
) -> Result<ShareImage, Problem> {
    let language = site.config.language(lang);
    drawn(
        site,
        cards,
        &Card {
            title: &language.description,
            site_name: &language.title,
            date: "",
            lang,
            figure: maps.card_figure(site, lang, Route::Home).as_deref(),
        },
        &format!("home-{lang}"),
        &site.config.root.join("site.yaml"),
    )
}

/// `card` drawn (or found in the cache) and listed for publishing as
/// `media/cards/STEM-HASH.png`.
fn drawn(
    site: &Site,
    cards: &ShareCards,
    card: &Card,
    stem: &str,
    display: &Path,
) -> Result<ShareImage, Problem> {
    let (key, file) = cards.file_in(card, display, site.media.cache())?;
    let output = format!("{MEDIA_DIR}/cards/{stem}-{}.png", &key[..12]);
    site.media.publish(output.clone(), file);
    let alt = if card.title.is_empty() {
        card.site_name.to_string()
    } else {
        format!("{} · {}", card.title, card.site_name)
    };
    Ok(ShareImage {
        url: absolute(&site.config.base_url, &url_path(&output)),
        width: share_card::WIDTH,
        height: share_card::HEIGHT,
        alt,
        mime: Format::Png.mime(),
    })
}
