//! The byte encoding of the document cache: a shard's frame (little-endian integers,
//! length-prefixed UTF-8 strings) and each entry in it (postcard, as the build's
//! manifest), every read checked so that a truncated or damaged file gives `None` (a
//! miss), never a panic.

use super::Entry;

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

    pub(super) fn str(&mut self) -> Option<&'a str> {
        let len = self.usize()?;
        std::str::from_utf8(self.take(len)?).ok()
    }
}

/// The bytes of `entry`.
pub(super) fn encode(entry: &Entry) -> Vec<u8> {
    postcard::to_allocvec(entry).expect("plain data serializes")
}

/// The entry encoded in `bytes`, if all of it reads back.
pub(super) fn decode(bytes: &[u8]) -> Option<Entry> {
    match postcard::take_from_bytes(bytes) {
        Ok((entry, [])) => Some(entry),
        _ => None,
    }
}
