//! The search index of each language, written as scripts so it loads from `file://`.
//!
//! A browser refuses `fetch()` of a file under `file://`, so everything is JavaScript that
//! assigns data, loaded with `<script src>` (`static/search.js` reads it):
//!
//! - `search-index.LANG.js` sets `window.BRIEFING_SEARCH`: the documents to show (path,
//!   title, dates, summary, tags), the sorted vocabulary and one posting list per term.
//!   This is what the search page loads; the build summary reports its size.
//! - `search-text/LANG/N.js` call `BRIEFING_SEARCH_TEXT(lang, N, [text, ...])` with the
//!   plain body text of a run of documents. The page loads a shard only when it shows
//!   one of its documents, to cut the snippet around the match.
//!
//! Words are folded at build time the way the script folds the query: lowercase, then
//! compatibility decomposition (NFKD), then combining marks dropped, so `Città`, `CITTA`
//! and `citta` are one term; a word is a run of alphanumeric characters (`l'autorità`
//! is `l` and `autorita`). Matching is by prefix at query time, over the sorted
//! vocabulary, so the index stores each word once per document and no positions.
//!
//! Paths are relative to the site root; the page prefixes them with its way back to the
//! root, so results work from disk and on any host sub-path.

mod encode;
mod fold;
mod index;
mod script;
#[cfg(test)]
mod tests;

pub use fold::{for_each_word, normalise, words};
pub use index::Index;

use crate::site::Site;
use crate::site::card::Card;
use fold::{fold_words_into, is_word};
use std::collections::HashSet;

/// Bumped when the shape of the index changes; the script refuses another version.
pub const FORMAT: u32 = 1;
/// Longer runs of letters (hashes, glued URLs) are not words anyone searches for.
pub const MAX_WORD_CHARS: usize = 40;

/// What the index knows of one briefing or page.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    /// Relative to the site root, like every path of the site.
    pub path: &'a str,
    pub title: &'a str,
    /// As the page shows it (`17 giugno 2025`), and ISO for sorting and `<time>`.
    pub date: &'a str,
    pub date_iso: &'a str,
    pub summary: &'a str,
    /// Names of its terms in every taxonomy, in the page language.
    pub tags: Vec<&'a str>,
    /// The distinct folded words of the body, space-separated (see [`BodyWords`]).
    pub words: &'a str,
    /// The length in bytes of the body without markup: the text shards are cut by it.
    pub text_len: usize,
}

/// What search keeps of a body between the Markdown pass and the index: its distinct
/// folded words and the length of its plain text, never the text itself (the text
/// shards render it again, a shard at a time).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct BodyWords {
    words: String,
    text_len: usize,
}

impl BodyWords {
    /// Words and a text length as a test of the document cache sets them.
    #[cfg(test)]
    pub(crate) fn from_parts(words: String, text_len: usize) -> BodyWords {
        BodyWords { words, text_len }
    }

    /// The distinct words of `text` (a body without markup), folded, in first-seen order.
    pub(crate) fn of(text: &str) -> BodyWords {
        let mut folded = String::with_capacity(text.len());
        fold_words_into(text, &mut folded);
        let mut seen = HashSet::new();
        let mut words = String::new();
        for word in folded.split(' ').filter(|w| is_word(w)) {
            if seen.insert(word) {
                if !words.is_empty() {
                    words.push(' ');
                }
                words.push_str(word);
            }
        }
        BodyWords {
            words,
            text_len: text.len(),
        }
    }
}

/// The plain text of the `k`th document of an index, made when its shard is written.
pub type TextOf<'a> = dyn Fn(usize) -> String + Sync + 'a;

/// The documents of the searchable sections of `lang`, section by section in
/// declared order, each newest first.
pub fn documents<'a>(site: &'a Site, cards: &'a [Card], lang: &'a str) -> Vec<Document<'a>> {
    site.searchable[lang]
        .iter()
        .map(|&i| {
            let card = &cards[i];
            Document {
                path: &card.path,
                title: &card.title,
                date: &card.date,
                date_iso: &card.date_iso,
                summary: &card.summary,
                tags: card
                    .terms
                    .iter()
                    .flat_map(|group| &group.terms)
                    .map(|t| t.name.as_str())
                    .collect(),
                words: &site.search_words[i].words,
                text_len: site.search_words[i].text_len,
            }
        })
        .collect()
}

/// The plain text of the `k`th searchable document of `lang`.
fn text_of<'a>(site: &'a Site, lang: &'a str) -> impl Fn(usize) -> String + Sync + 'a {
    move |k| site.body_text(site.searchable[lang][k]).into_owned()
}

/// The files of the search of `lang`: the index first (`search-index.LANG.js`), then the
/// text shards (`search-text/LANG/N.js`). Paths are relative to the output root.
pub fn files(site: &Site, cards: &[Card], lang: &str) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    Index::build(lang, documents(site, cards, lang)).files(Some(&text_of(site, lang)))
}

/// Writes the files of [`files`] to `sink` one by one, but the text shards `kept`
/// names (by number: the previous output has them with these very bytes); returns the
/// index's size in bytes.
pub(crate) fn write(
    site: &Site,
    cards: &[Card],
    lang: &str,
    sink: &(dyn Fn(&str, &[u8]) -> anyhow::Result<()> + Sync),
    kept: &dyn Fn(usize) -> bool,
) -> anyhow::Result<usize> {
    let mut index_size = None;
    let text = text_of(site, lang);
    Index::build(lang, documents(site, cards, lang)).write_some(
        Some(&text),
        kept,
        &mut |path, bytes| {
            index_size.get_or_insert(bytes.len());
            sink(path, bytes)
        },
    )?;
    Ok(index_size.unwrap_or(0))
}

/// Where each text shard of `lang` starts, as [`write`] cuts them: by the length of each
/// document's text, so a build knows its shards before it renders a body.
pub(crate) fn shard_starts(site: &Site, lang: &str) -> Vec<usize> {
    script::starts_by_length(
        site.searchable[lang]
            .iter()
            .map(|&i| site.search_words[i].text_len),
    )
}

/// The path of text shard `k` of `lang`, relative to the output root.
pub(crate) fn shard_path(lang: &str, k: usize) -> String {
    format!("search-text/{lang}/{k}.js")
}
