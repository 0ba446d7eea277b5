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

use crate::site::Site;
use crate::site::card::Card;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Bumped when the shape of the index changes; the script refuses another version.
pub const FORMAT: u32 = 1;
/// Longer runs of letters (hashes, glued URLs) are not words anyone searches for.
pub const MAX_WORD_CHARS: usize = 40;
/// A text shard holds documents until it reaches about this many bytes.
const SHARD_BYTES: usize = 128 * 1024;
/// Digits of the posting encoding: the first 32 end a number, the last 32 continue it.
const DIGITS: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZwxyz-_";

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
#[derive(Debug, Clone, Default)]
pub(crate) struct BodyWords {
    words: String,
    text_len: usize,
}

impl BodyWords {
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

/// The inverted index of one language.
pub struct Index<'a> {
    pub lang: &'a str,
    pub docs: Vec<Document<'a>>,
    /// Every folded word, sorted by UTF-16 code units as JavaScript compares strings.
    pub terms: Vec<String>,
    /// For each term, the ascending ids of the documents that contain it.
    pub postings: Vec<Vec<u32>>,
}

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
    starts_by_length(
        site.searchable[lang]
            .iter()
            .map(|&i| site.search_words[i].text_len),
    )
}

/// The path of text shard `k` of `lang`, relative to the output root.
pub(crate) fn shard_path(lang: &str, k: usize) -> String {
    format!("search-text/{lang}/{k}.js")
}

/// Groups texts of these lengths into shards of about `SHARD_BYTES`; returns where
/// each shard starts.
fn starts_by_length(lengths: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut size = 0;
    for (id, len) in lengths.enumerate() {
        if starts.is_empty() || size + len > SHARD_BYTES && size > 0 {
            starts.push(id);
            size = 0;
        }
        size += len;
    }
    starts
}

/// Calls `out` with every character of `text` folded: lowercase, compatibility
/// decomposition, combining marks dropped. `static/search.js` folds the same way.
fn fold_chars(text: &str, mut out: impl FnMut(char)) {
    for c in text.chars() {
        if c.is_ascii() {
            out(c.to_ascii_lowercase());
            continue;
        }
        for lower in c.to_lowercase() {
            decompose_compatible(lower, |d| {
                // A decomposition can be uppercase again (U+1D400 is `A`): lower it too.
                if !is_combining_mark(d) {
                    d.to_lowercase().for_each(&mut out);
                }
            });
        }
    }
}

/// `text` folded for comparison: `Città` -> `citta`, `ﬁne` -> `fine`.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_chars(text, |c| out.push(c));
    out
}

/// Appends `text` folded to `out`, with a space for every character that cannot be
/// part of a word, so words are what `split(' ')` leaves that is not empty.
fn fold_words_into(text: &str, out: &mut String) {
    fold_chars(text, |c| {
        out.push(if c.is_alphanumeric() { c } else { ' ' })
    });
}

/// A word is a run of alphanumeric characters, at most `MAX_WORD_CHARS` long.
fn is_word(w: &str) -> bool {
    !w.is_empty() && (w.len() <= MAX_WORD_CHARS || w.chars().count() <= MAX_WORD_CHARS)
}

/// Calls `f` with each folded word of `text`, in order, repeats included.
pub fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    let mut folded = String::with_capacity(text.len());
    fold_words_into(text, &mut folded);
    folded.split(' ').filter(|w| is_word(w)).for_each(&mut f);
}

/// The folded words of `text`, in order.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |w| out.push(w.to_string()));
    out
}

/// The postings of a run of documents whose first id is `first`: each folded word of
/// the title, summary, body and tags, with the ascending ids that contain it, once each.
/// The body's words come folded already.
fn postings_of(docs: &[Document], first: usize) -> HashMap<String, Vec<u32>> {
    let mut map: HashMap<String, Vec<u32>> = HashMap::new();
    let mut folded = String::new();
    for (k, d) in docs.iter().enumerate() {
        let id = u32::try_from(first + k).expect("fewer than 4 billion documents");
        folded.clear();
        for field in [d.title, d.summary]
            .into_iter()
            .chain(d.tags.iter().copied())
        {
            fold_words_into(field, &mut folded);
            folded.push(' ');
        }
        folded.push_str(d.words);
        for word in folded.split(' ').filter(|w| is_word(w)) {
            match map.get_mut(word) {
                Some(ids) => {
                    if ids.last() != Some(&id) {
                        ids.push(id);
                    }
                }
                None => {
                    map.insert(word.to_string(), vec![id]);
                }
            }
        }
    }
    map
}

impl<'a> Index<'a> {
    /// Indexes the title, summary, tags and body of each document; ids follow `docs`.
    /// Runs of `CHUNK` documents are indexed in parallel, a batch of runs at a time, and
    /// merged in order: memory holds one batch's postings, never every document's words.
    pub fn build(lang: &'a str, docs: Vec<Document<'a>>) -> Self {
        const CHUNK: usize = 256;
        const BATCH: usize = 32 * CHUNK;
        let mut by_term: HashMap<String, Vec<u32>> = HashMap::new();
        for (b, batch) in docs.chunks(BATCH).enumerate() {
            let parts: Vec<HashMap<String, Vec<u32>>> = batch
                .par_chunks(CHUNK)
                .enumerate()
                .map(|(c, chunk)| postings_of(chunk, b * BATCH + c * CHUNK))
                .collect();
            // Chunks come in document order, so every posting list stays ascending.
            for part in parts {
                for (word, ids) in part {
                    match by_term.get_mut(&word) {
                        Some(list) => list.extend(ids),
                        None => {
                            by_term.insert(word, ids);
                        }
                    }
                }
            }
        }
        let mut entries: Vec<(String, Vec<u32>)> = by_term.into_iter().collect();
        entries.sort_unstable_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
        let (terms, postings) = entries.into_iter().unzip();
        Index {
            lang,
            docs,
            terms,
            postings,
        }
    }

    /// Groups documents into shards of about `SHARD_BYTES` of text; returns where each
    /// shard starts.
    fn shard_starts(&self) -> Vec<usize> {
        starts_by_length(self.docs.iter().map(|d| d.text_len))
    }

    /// The index script, then (with `text`, the documents' texts) one script per text
    /// shard.
    pub fn files(&self, text: Option<&TextOf>) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
        let mut files = Vec::new();
        self.write_files(text, &mut |path, bytes| {
            files.push((path.to_string(), bytes.to_vec()));
            Ok(())
        })?;
        Ok(files)
    }

    /// Like [`Index::files`], but hands each file to `out` as soon as it is made, so
    /// only one text shard is in memory at a time (its texts made in parallel).
    pub fn write_files(
        &self,
        text: Option<&TextOf>,
        out: &mut dyn FnMut(&str, &[u8]) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        self.write_some(text, &|_| false, out)
    }

    /// [`Index::write_files`] but for the text shards `kept` names, which are neither
    /// rendered nor handed to `out` (a partial build keeps them from the last output).
    fn write_some(
        &self,
        text: Option<&TextOf>,
        kept: &dyn Fn(usize) -> bool,
        out: &mut dyn FnMut(&str, &[u8]) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let starts = match text {
            Some(_) => self.shard_starts(),
            None => Vec::new(),
        };
        let lang = self.lang;
        let docs: Vec<DocRow> = self
            .docs
            .iter()
            .map(|d| {
                DocRow(
                    d.path,
                    d.title,
                    d.date,
                    d.date_iso,
                    d.summary,
                    d.tags.join(", "),
                )
            })
            .collect();
        let n = self.docs.len();
        let mut postings = String::new();
        for (i, ids) in self.postings.iter().enumerate() {
            if i > 0 {
                postings.push(' ');
            }
            encode_postings(ids, n, &mut postings);
        }
        let index = IndexFile {
            v: FORMAT,
            lang,
            text: format!("search-text/{lang}/"),
            shards: &starts,
            docs,
            terms: self.terms.join("\n"),
            postings,
        };
        out(
            &format!("search-index.{lang}.js"),
            &script(&format!("window.BRIEFING_SEARCH = {};\n", json(&index)?)),
        )?;
        drop(index);
        let Some(text_of) = text else {
            return Ok(());
        };
        for (k, &start) in starts.iter().enumerate() {
            if kept(k) {
                continue;
            }
            let end = starts.get(k + 1).copied().unwrap_or(n);
            let texts: Vec<String> = (start..end).into_par_iter().map(text_of).collect();
            out(
                &shard_path(lang, k),
                &script(&format!(
                    "BRIEFING_SEARCH_TEXT({}, {k}, {});\n",
                    json(&lang)?,
                    json(&texts)?
                )),
            )?;
        }
        Ok(())
    }
}

/// One document as the page shows it: path, title, date, ISO date, summary, tags.
#[derive(Serialize)]
struct DocRow<'a>(&'a str, &'a str, &'a str, &'a str, &'a str, String);

#[derive(Serialize)]
struct IndexFile<'a> {
    /// `FORMAT`.
    v: u32,
    lang: &'a str,
    /// Where the text shards are, relative to the site root.
    text: String,
    /// The first document of each text shard.
    shards: &'a [usize],
    docs: Vec<DocRow<'a>>,
    /// The sorted vocabulary, one term per line.
    terms: String,
    /// The posting list of each term, in the order of `terms`, separated by spaces.
    postings: String,
}

fn json(value: &impl Serialize) -> anyhow::Result<String> {
    // Nothing here is inline in HTML, but a `</script>` in a string must never matter.
    Ok(serde_json::to_string(value)?.replace("</", "<\\/"))
}

fn script(text: &str) -> Vec<u8> {
    text.as_bytes().to_vec()
}

/// Appends the posting list `ids` (ascending, all below `n`) to `out`. Each id is written
/// as its gap from the previous one minus one, base 32, most significant digit first,
/// every digit but the last from the continuation half of `DIGITS`. A term in more than
/// half the documents is written as `!` and the ids of the documents without it.
fn encode_postings(ids: &[u32], n: usize, out: &mut String) {
    if ids.len() * 2 > n {
        out.push('!');
        let mut present = ids.iter().peekable();
        let absent = (0..n as u32).filter(|id| {
            if present.peek() == Some(&id) {
                present.next();
                false
            } else {
                true
            }
        });
        encode_gaps(absent, out);
    } else {
        encode_gaps(ids.iter().copied(), out);
    }
}

fn encode_gaps(ids: impl Iterator<Item = u32>, out: &mut String) {
    let mut previous: i64 = -1;
    let mut digits = [0u8; 8];
    for id in ids {
        let mut gap = (i64::from(id) - previous - 1) as u64;
        previous = i64::from(id);
        let mut count = 0;
        loop {
            digits[count] = (gap & 31) as u8;
            count += 1;
            gap >>= 5;
            if gap == 0 {
                break;
            }
        }
        for (k, &d) in digits[..count].iter().enumerate().rev() {
            let continuation = if k > 0 { 32 } else { 0 };
            out.push(DIGITS[usize::from(d) + continuation] as char);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The decoder of `static/search.js`, in Rust.
    fn decode_postings(text: &str, n: usize) -> Vec<u32> {
        let (negated, text) = match text.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let mut ids = Vec::new();
        let mut value: i64 = 0;
        let mut previous: i64 = -1;
        for c in text.bytes() {
            let d = DIGITS.iter().position(|&x| x == c).expect("a digit") as i64;
            if d >= 32 {
                value = value * 32 + d - 32;
            } else {
                previous += 1 + value * 32 + d;
                ids.push(previous as u32);
                value = 0;
            }
        }
        if negated {
            (0..n as u32).filter(|id| !ids.contains(id)).collect()
        } else {
            ids
        }
    }

    fn doc<'a>(
        title: &'a str,
        summary: &'a str,
        tags: Vec<&'a str>,
        text: &'a str,
    ) -> Document<'a> {
        let body = BodyWords::of(text);
        Document {
            path: "it/analisi/x/index.html",
            title,
            date: "1 gennaio 2025",
            date_iso: "2025-01-01",
            summary,
            tags,
            words: Box::leak(body.words.into_boxed_str()),
            text_len: body.text_len,
        }
    }

    #[test]
    fn body_words_are_distinct_and_folded() {
        let body = BodyWords::of("Città, città e CITTA; l'autorità");
        assert_eq!(body.words, "citta e l autorita");
        assert_eq!(body.text_len, "Città, città e CITTA; l'autorità".len());
        assert_eq!(BodyWords::of(" — ").words, "");
    }

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(normalise("Città"), "citta");
        assert_eq!(normalise("CITTÀ"), "citta");
        assert_eq!(normalise("perché più Ñandú"), "perche piu nandu");
        assert_eq!(normalise("Kazakistan"), "kazakistan");
        // Precomposed and decomposed accents fold alike.
        assert_eq!(normalise("cafe\u{301}"), normalise("café"));
        // Compatibility forms: ligatures, full-width letters.
        assert_eq!(normalise("ﬁnanza ＡＢＣ"), "finanza abc");
        assert_eq!(normalise("İstanbul"), "istanbul");
        // Letters without a decomposition stay as they are.
        assert_eq!(normalise("Straße Øresund"), "straße øresund");
    }

    #[test]
    fn words_split_on_anything_not_alphanumeric() {
        assert_eq!(
            words("L'autorità doganale — 1,2 miliardi (2025)!"),
            ["l", "autorita", "doganale", "1", "2", "miliardi", "2025"]
        );
        assert_eq!(words("Cina–Asia centrale"), ["cina", "asia", "centrale"]);
        assert_eq!(words("dell’Energia"), ["dell", "energia"]);
        assert!(words("  \n—\t").is_empty());
        let long = "a".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(words(&format!("x {long} y")), ["x", "y"]);
        let longest = "é".repeat(MAX_WORD_CHARS);
        assert_eq!(words(&longest), ["e".repeat(MAX_WORD_CHARS)]);
    }

    #[test]
    fn title_summary_tags_and_body_are_indexed_once_per_document() {
        let index = Index::build(
            "it",
            vec![
                doc(
                    "Astana ospita il vertice",
                    "Cina e Asia centrale",
                    vec!["Kazakistan"],
                    "Città Città ferrovia",
                ),
                doc(
                    "Energia",
                    "Gas dal Turkmenistan",
                    vec!["Turkmenistan", "Energia"],
                    "Il gasdotto",
                ),
            ],
        );
        let id = |t: &str| index.terms.iter().position(|x| x == t);
        let list =
            |t: &str| index.postings[id(t).unwrap_or_else(|| panic!("{t} is indexed"))].clone();
        assert_eq!(list("astana"), [0]); // title
        assert_eq!(list("cina"), [0]); // summary
        assert_eq!(list("kazakistan"), [0]); // tag
        assert_eq!(list("citta"), [0]); // body, folded, once
        assert_eq!(list("energia"), [1]); // title and tag, once
        assert_eq!(list("turkmenistan"), [1]);
        assert!(id("Città").is_none() && id("città").is_none());
        // Paths, dates and the like are shown but not searched.
        assert!(id("html").is_none() && id("gennaio").is_none());
        let mut sorted = index.terms.clone();
        sorted.sort();
        assert_eq!(index.terms, sorted);
    }

    #[test]
    fn terms_are_sorted_as_javascript_compares_strings() {
        // U+FA0E (a BMP ideograph without decomposition) sorts before U+20000 (astral)
        // in UTF-8 and code points, after it in UTF-16 code units, as JavaScript compares.
        let index = Index::build("en", vec![doc("\u{FA0E} \u{20000} z", "", vec![], "")]);
        assert_eq!(index.terms, ["z", "\u{20000}", "\u{FA0E}"]);
        // Mathematical letters fold to plain lowercase ones.
        let index = Index::build("en", vec![doc("\u{1D400}x", "", vec![], "")]);
        assert_eq!(index.terms, ["ax"]);
    }

    #[test]
    fn postings_round_trip() {
        for (ids, n) in [
            (vec![], 10),
            (vec![0], 1),
            (vec![0, 1, 2], 3),
            (vec![5, 31, 32, 33, 1000, 1_000_000], 2_000_000),
            (vec![0, 2, 3, 4, 5, 6, 9], 10),
            ((0..5000).filter(|i| i % 7 != 0).collect(), 5000),
        ] {
            let mut out = String::new();
            encode_postings(&ids, n, &mut out);
            assert_eq!(decode_postings(&out, n), ids, "{out}");
            assert!(out.bytes().all(|b| b == b'!' || DIGITS.contains(&b)));
        }
        // A term in every document costs one character.
        let mut out = String::new();
        encode_postings(&(0..5000).collect::<Vec<_>>(), 5000, &mut out);
        assert_eq!(out, "!");
    }

    #[test]
    fn the_index_file_is_a_script_with_relative_paths() {
        let index = Index::build(
            "it",
            vec![doc(
                "Città </script>",
                "Sommario",
                vec!["Cina", "Energia"],
                "Testo del corpo",
            )],
        );
        let files = index
            .files(Some(&|k| ["Testo del corpo"][k].to_string()))
            .unwrap();
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["search-index.it.js", "search-text/it/0.js"]);
        let main = String::from_utf8(files[0].1.clone()).unwrap();
        assert!(main.starts_with("window.BRIEFING_SEARCH = {\"v\":1,\"lang\":\"it\","));
        assert!(!main.contains("</script"));
        let json = main
            .trim_start_matches("window.BRIEFING_SEARCH = ")
            .trim_end()
            .trim_end_matches(';');
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(
            value["docs"][0],
            serde_json::json!([
                "it/analisi/x/index.html",
                "Città </script>",
                "1 gennaio 2025",
                "2025-01-01",
                "Sommario",
                "Cina, Energia"
            ])
        );
        assert_eq!(value["text"], "search-text/it/");
        assert_eq!(value["shards"], serde_json::json!([0]));
        // Body text is only in the shard.
        assert!(!main.contains("Testo del corpo"));
        let shard = String::from_utf8(files[1].1.clone()).unwrap();
        assert_eq!(
            shard,
            "BRIEFING_SEARCH_TEXT(\"it\", 0, [\"Testo del corpo\"]);\n"
        );
        // Without text, no shards and none announced.
        let alone = index.files(None).unwrap();
        assert_eq!(alone.len(), 1);
        assert!(String::from_utf8_lossy(&alone[0].1).contains("\"shards\":[]"));
    }

    #[test]
    fn shards_split_long_text() {
        let big = "parola ".repeat(SHARD_BYTES / 7 / 2 + 1); // a bit over half a shard
        let docs = (0..5).map(|_| doc("T", "S", vec![], &big)).collect();
        let index = Index::build("en", docs);
        assert_eq!(index.shard_starts(), [0, 1, 2, 3, 4]);
        let small = (0..5).map(|_| doc("T", "S", vec![], "short")).collect();
        assert_eq!(Index::build("en", small).shard_starts(), [0]);
        assert!(Index::build("en", vec![]).shard_starts().is_empty());
    }
}
