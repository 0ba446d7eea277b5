//! The byte encoding of the document cache: little-endian integers, length-prefixed
//! UTF-8 strings, every read checked so that a truncated or damaged file gives `None`
//! (a miss), never a panic.

use super::{Call, Entry, Outcome};
use crate::markdown::{BodyProblem, TocEntry};
use crate::search::BodyWords;

/// Appends values to a byte buffer.
#[derive(Default)]
pub(super) struct Writer {
    pub(super) bytes: Vec<u8>,
}

impl Writer {
    pub(super) fn u64(&mut self, n: u64) {
        self.bytes.extend_from_slice(&n.to_le_bytes());
    }

    pub(super) fn usize(&mut self, n: usize) {
        self.u64(n as u64);
    }

    pub(super) fn bool(&mut self, b: bool) {
        self.bytes.push(u8::from(b));
    }

    pub(super) fn str(&mut self, s: &str) {
        self.usize(s.len());
        self.bytes.extend_from_slice(s.as_bytes());
    }
}

/// Reads values back from a byte slice, in the order they were written.
pub(super) struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes }
    }

    /// How many bytes are not read yet.
    pub(super) fn left(&self) -> usize {
        self.bytes.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    pub(super) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.bytes.len() {
            return None;
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Some(head)
    }

    pub(super) fn u64(&mut self) -> Option<u64> {
        let bytes = self.take(8)?;
        Some(u64::from_le_bytes(bytes.try_into().ok()?))
    }

    pub(super) fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }

    fn bool(&mut self) -> Option<bool> {
        match self.take(1)? {
            [0] => Some(false),
            [1] => Some(true),
            _ => None,
        }
    }

    pub(super) fn str(&mut self) -> Option<&'a str> {
        let len = self.usize()?;
        std::str::from_utf8(self.take(len)?).ok()
    }

    fn string(&mut self) -> Option<String> {
        self.str().map(str::to_string)
    }

    /// A count of items that each take at least one byte: bounded by what is left, so
    /// a damaged count cannot ask for a huge allocation.
    fn count(&mut self) -> Option<usize> {
        let n = self.usize()?;
        (n <= self.bytes.len()).then_some(n)
    }
}

/// The bytes of `entry`.
pub(super) fn encode(entry: &Entry, out: &mut Writer) {
    out.usize(entry.len);
    out.u64(entry.hash);
    out.bool(entry.eager_first);
    out.usize(entry.toc.len());
    for t in &entry.toc {
        out.bytes.push(t.level);
        out.str(&t.id);
        out.str(&t.title);
    }
    out.usize(entry.words);
    let (words, text_len) = entry.search.parts();
    out.str(words);
    out.usize(text_len);
    out.usize(entry.problems.len());
    for p in &entry.problems {
        out.usize(p.line);
        out.usize(p.col);
        out.str(&p.message);
        out.str(&p.hint);
    }
    out.usize(entry.links.len());
    for link in &entry.links {
        out.str(link);
    }
    out.usize(entry.calls.len());
    for call in &entry.calls {
        out.bool(call.file);
        out.str(&call.src);
        out.str(&call.alt);
        out.bool(call.lazy);
        match &call.outcome {
            Outcome::Left => out.bytes.push(0),
            Outcome::Done => out.bytes.push(1),
            Outcome::Refused(message, hint) => {
                out.bytes.push(2);
                out.str(message);
                out.str(hint);
            }
        }
    }
}

/// The entry encoded in `bytes`, if all of it reads back.
pub(super) fn decode(bytes: &[u8]) -> Option<Entry> {
    let mut r = Reader::new(bytes);
    let (len, hash, eager_first) = (r.usize()?, r.u64()?, r.bool()?);
    let toc = (0..r.count()?)
        .map(|_| {
            Some(TocEntry {
                level: r.take(1)?[0],
                id: r.string()?,
                title: r.string()?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let words = r.usize()?;
    let search = BodyWords::from_parts(r.string()?, r.usize()?);
    let problems = (0..r.count()?)
        .map(|_| {
            Some(BodyProblem {
                line: r.usize()?,
                col: r.usize()?,
                message: r.string()?,
                hint: r.string()?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let links = (0..r.count()?)
        .map(|_| r.string())
        .collect::<Option<Vec<_>>>()?;
    let calls = (0..r.count()?)
        .map(|_| decode_call(&mut r))
        .collect::<Option<Vec<_>>>()?;
    r.is_empty().then_some(Entry {
        len,
        hash,
        eager_first,
        toc,
        words,
        search,
        problems,
        links,
        calls,
    })
}

fn decode_call(r: &mut Reader) -> Option<Call> {
    let (file, src, alt, lazy) = (r.bool()?, r.string()?, r.string()?, r.bool()?);
    let outcome = match r.take(1)? {
        [0] => Outcome::Left,
        [1] => Outcome::Done,
        [2] => Outcome::Refused(r.string()?, r.string()?),
        _ => return None,
    };
    Some(Call {
        file,
        src,
        alt,
        lazy,
        outcome,
    })
}
