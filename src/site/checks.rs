//! The Markdown check of `briefing build` through the document cache: a body whose
//! entry is still valid is not read nor parsed again; its links and files are asked
//! of this build's site once more, and any answer that changed checks it in full.

use super::{Site, media};
use crate::content::Document;
use crate::doc_cache::{Call, DocCache, Entry, Outcome};
use crate::markdown::{self, Media, Refused, Rendered};
use crate::search::BodyWords;
use crate::urls;
use std::cell::RefCell;
use std::path::PathBuf;

/// A document's check: what the model keeps, its search words, and the entry to keep
/// in the cache when it was checked now.
pub(super) type Checked = (Rendered, BodyWords, Option<Entry>);

/// The media of a body, with each question and what became of it written down.
struct Recording<'a> {
    inner: &'a dyn Media,
    calls: RefCell<Vec<Call>>,
}

impl Media for Recording<'_> {
    fn image(&self, src: &str, alt: &str, lazy: bool) -> Option<Result<String, Refused>> {
        let answer = self.inner.image(src, alt, lazy);
        self.record(false, src, alt, lazy, &answer);
        answer
    }

    fn file(&self, href: &str) -> Option<Result<String, Refused>> {
        let answer = self.inner.file(href);
        self.record(true, href, "", false, &answer);
        answer
    }
}

impl Recording<'_> {
    fn record(
        &self,
        file: bool,
        src: &str,
        alt: &str,
        lazy: bool,
        answer: &Option<Result<String, Refused>>,
    ) {
        self.calls.borrow_mut().push(Call {
            file,
            src: src.to_string(),
            alt: alt.to_string(),
            lazy,
            outcome: Outcome::of(answer),
        });
    }
}

impl Site<'_> {
    /// Document `i`'s check on a lean site: from `cache` when its entry holds, else
    /// walked now (and its entry returned to be kept).
    pub(super) fn check_cached(&self, i: usize, cache: Option<&DocCache>) -> Checked {
        let d = &self.documents[i];
        let Some((cache, (len, hash))) = cache.zip(d.body_key()) else {
            return self.check_fresh(i);
        };
        let eager_first = d.meta.image.is_none();
        if let Some(mut entry) = cache.get(&d.path, len, hash, eager_first)
            && let Some(rendered) = self.replay(i, &entry)
        {
            return (rendered, std::mem::take(&mut entry.search), None);
        }
        self.record_check(i, d, (len, hash))
    }

    /// Writes the new entries to `cache` and forgets those of documents this site does
    /// not have (deleted, renamed, left out).
    pub(super) fn keep_checks(&self, cache: Option<DocCache>, fresh: Vec<(PathBuf, Entry)>) {
        if let Some(cache) = cache {
            let live = self
                .documents
                .iter()
                .map(|d| d.path.to_string_lossy().into_owned());
            cache.save(fresh, &live.collect());
        }
    }

    /// The check walked now, nothing kept.
    fn check_fresh(&self, i: usize) -> Checked {
        let rendered = self.walk_body(i, markdown::check_with);
        let words = BodyWords::of(&rendered.text);
        (rendered, words, None)
    }

    /// The check walked now, with every question it asks of the site recorded into
    /// the entry for the cache. A body changed since it was loaded is not recorded.
    fn record_check(&self, i: usize, d: &Document, (len, hash): (usize, u64)) -> Checked {
        let Ok(source) = d.body_text() else {
            return self.check_fresh(i);
        };
        let links = RefCell::new(Vec::new());
        let resolve = |dest: &str| {
            links.borrow_mut().push(dest.to_string());
            self.resolve_link(i, dest)
        };
        let doc_media = media::DocMedia::new(&self.media, d, urls::root_of(&self.paths[i]));
        let recording = Recording {
            inner: &doc_media,
            calls: RefCell::default(),
        };
        let eager_first = d.meta.image.is_none();
        let mut rendered = markdown::check_with(&source, &resolve, &recording, eager_first);
        let calls = recording.calls.into_inner();
        rendered.media = doc_media.into_published();
        let words = BodyWords::of(&rendered.text);
        let entry = Entry {
            len,
            hash,
            eager_first,
            toc: rendered.toc.clone(),
            words: rendered.words,
            search: words.clone(),
            problems: rendered.problems.clone(),
            links: links.into_inner(),
            calls,
        };
        (rendered, words, Some(entry))
    }

    /// What the check of document `i` finds, from its `entry`: its images and files
    /// asked for again (and so published for this build), its links resolved again.
    /// `None` when an image or a file is answered otherwise than when it was recorded.
    fn replay(&self, i: usize, entry: &Entry) -> Option<Rendered> {
        let d = &self.documents[i];
        let doc_media = media::DocMedia::new(&self.media, d, urls::root_of(&self.paths[i]));
        for call in &entry.calls {
            let answer = match call.file {
                true => doc_media.file(&call.src),
                false => doc_media.image(&call.src, &call.alt, call.lazy),
            };
            if Outcome::of(&answer) != call.outcome {
                return None;
            }
        }
        let broken_links = entry
            .links
            .iter()
            .filter(|link| self.resolve_link(i, link).is_none())
            .cloned()
            .collect();
        Some(Rendered {
            toc: entry.toc.clone(),
            words: entry.words,
            broken_links,
            problems: entry.problems.clone(),
            media: doc_media.into_published(),
            ..Rendered::default()
        })
    }
}
