//! The search files of an index: the index script and its text shards, as JavaScript.

use super::encode::encode_postings;
use super::{FORMAT, Index, TextOf, shard_path};
use rayon::prelude::*;
use serde::Serialize;

/// A text shard holds documents until it reaches about this many bytes.
pub(super) const SHARD_BYTES: usize = 128 * 1024;

/// Groups texts of these lengths into shards of about `SHARD_BYTES`; returns where
/// each shard starts.
pub(super) fn starts_by_length(lengths: impl Iterator<Item = usize>) -> Vec<usize> {
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

impl Index<'_> {
    /// Groups documents into shards of about `SHARD_BYTES` of text; returns where each
    /// shard starts.
    pub(super) fn shard_starts(&self) -> Vec<usize> {
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
    pub(super) fn write_some(
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
