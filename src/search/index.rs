//! The inverted index of one language: its vocabulary and a posting list per term.

use super::Document;
use super::fold::{fold_words_into, is_word};
use rayon::prelude::*;
use std::collections::HashMap;

/// The inverted index of one language.
pub struct Index<'a> {
    pub lang: &'a str,
    pub docs: Vec<Document<'a>>,
    /// Every folded word, sorted by UTF-16 code units as JavaScript compares strings.
    pub terms: Vec<String>,
    /// For each term, the ascending ids of the documents that contain it.
    pub postings: Vec<Vec<u32>>,
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
}
