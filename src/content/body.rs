//! A document's Markdown body: kept in memory, or left on disk by a lean build and
//! read again, checked against what was loaded, whenever a page renders it.
//!
//! A 50,000-pair site has about 570 MB of Markdown; `briefing build` renders each body
//! a few times (the checking pass, the page, the search text, a feed), each time from
//! the file, so the bodies never sit in memory together. A file edited meanwhile
//! fails the build instead of giving pages that disagree with the lists and search.

use super::Document;
use crate::diagnostics::Problem;
use crate::files::read_text;
use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// Where a document's body is in its file, and, once it is left there, what it was.
#[derive(Debug, Clone, Default)]
pub(crate) struct BodyAt {
    /// The file on disk (`Document::path` is the one shown to editors).
    file: PathBuf,
    /// The body's first byte in the file's text (after a byte-order mark).
    offset: usize,
    /// Length and hash of the body left on disk; `None` while `Document::body` holds it.
    left: Option<(usize, u64)>,
}

impl BodyAt {
    /// The body at byte `offset` of the text of `file`, kept in memory for now.
    pub(crate) fn new(file: &Path, offset: usize) -> BodyAt {
        BodyAt {
            file: file.to_path_buf(),
            offset,
            left: None,
        }
    }
}

/// A hash of `body` to notice an edit by: within one build, not a digest to keep.
fn hash_of(body: &str) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    body.hash(&mut hasher);
    hasher.finish()
}

impl Document {
    /// Drops the body from memory: [`Document::body_text`] reads it from the file again.
    pub(crate) fn leave_body_on_disk(&mut self) {
        let body = std::mem::take(&mut self.body);
        self.body_at.left = Some((body.len(), hash_of(&body)));
    }

    /// The length and hash of a body left on disk: what the document cache keys its
    /// check by (`None` while the body is in memory).
    pub(crate) fn body_key(&self) -> Option<(usize, u64)> {
        self.body_at.left
    }

    /// The Markdown body: the kept one, or the one in the file if it is still what was
    /// loaded; a file changed or gone since is an error at that file.
    pub(crate) fn body_text(&self) -> Result<Cow<'_, str>, Problem> {
        let Some((len, hash)) = self.body_at.left else {
            return Ok(Cow::Borrowed(&self.body));
        };
        let text = read_text(&self.body_at.file, &self.path).ok();
        let offset = self.body_at.offset;
        match text {
            Some(mut text)
                if text.len() == offset + len
                    && text.is_char_boundary(offset)
                    && hash_of(&text[offset..]) == hash =>
            {
                text.drain(..offset);
                Ok(Cow::Owned(text))
            }
            _ => Err(Problem::new(
                &self.path,
                "the file changed while the build ran: its page would not match what the lists and search show of it",
            )
            .hint("run the build again")),
        }
    }
}
