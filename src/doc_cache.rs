//! The document cache (`ROOT/.briefing-cache/docs/`, never published, safe to delete):
//! what the Markdown check of each body found, so that a build checks again only the
//! bodies that changed.
//!
//! An entry is a memo of a pure function: the check of a body depends on the body's
//! bytes, on whether the page has a cover (`eager_first`), on the binary, and on what
//! it asked of the rest of the site: where each `@/` link goes, and what became of each
//! image and linked file. An entry is keyed by the document's path, its body's length
//! and hash (taken anyway when the body is left on disk) and the binary; the answers
//! it was given are recorded with it and asked again when it is used (links resolved,
//! images and files published through the build's library), and an answer that changed
//! sends the body through the full check. So no edit is missed, however its time stamps
//! fall, and every cross-document problem a clean build reports is still reported.
//!
//! Entries live in [`SHARDS`] packed files, by a hash of the path: 100,000 small files
//! would cost an open and a read each, one file would be rewritten whole after every
//! edit; a shard is read in one call and rewritten only when one of its entries changed.

mod codec;

use crate::markdown::{BodyProblem, TocEntry};
use crate::search::BodyWords;
use codec::{Reader, Writer};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::hash::Hasher;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// How many packed files hold the entries.
const SHARDS: usize = 16;
/// The first bytes of every shard: a file of another format is no shard.
const MAGIC: &[u8] = b"briefing document checks 2\n";

/// What the check of one body found, and what it asked of the rest of the site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Entry {
    /// The body's length and hash ([`crate::content::Document::body_key`]).
    pub(crate) len: usize,
    pub(crate) hash: u64,
    /// Whether the page has no cover (its first image may load at once).
    pub(crate) eager_first: bool,
    pub(crate) toc: Vec<TocEntry>,
    pub(crate) words: usize,
    pub(crate) search: BodyWords,
    /// The problems of the body, in the order the check found them.
    pub(crate) problems: Vec<BodyProblem>,
    /// The `@/` links it resolved, in order: the broken ones are found again.
    pub(crate) links: Vec<String>,
    /// The images and linked files it asked for, in order, and what each became.
    pub(crate) calls: Vec<Call>,
}

/// One image (`file` false) or linked file the body asked the library for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Call {
    pub(crate) file: bool,
    pub(crate) src: String,
    pub(crate) alt: String,
    pub(crate) lazy: bool,
    pub(crate) outcome: Outcome,
}

/// What became of an image or file: the check reads only this much of the answer
/// (the HTML of a published one goes into the page, which renders it again).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Outcome {
    /// Left as written (not a file beside the document).
    Left,
    /// Published.
    Done,
    /// Refused: the problem's message and hint.
    Refused(String, String),
}

impl Outcome {
    pub(crate) fn of(answer: &Option<Result<String, crate::markdown::Refused>>) -> Outcome {
        match answer {
            None => Outcome::Left,
            Some(Ok(_)) => Outcome::Done,
            Some(Err(refused)) => Outcome::Refused(refused.message.clone(), refused.hint.clone()),
        }
    }
}

/// One packed file: its bytes as read, where each path's entry is in them.
#[derive(Default)]
struct Shard {
    bytes: Vec<u8>,
    index: HashMap<String, Range<usize>>,
}

/// The entries of one site's documents, as the previous build left them.
pub(crate) struct DocCache {
    dir: PathBuf,
    stamp: String,
    shards: Vec<Shard>,
    /// `--clean`: every shard is written again, whatever changed.
    rewrite_all: bool,
}

impl std::fmt::Debug for DocCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let entries: usize = self.shards.iter().map(|s| s.index.len()).sum();
        write!(f, "DocCache({}, {entries} entries)", self.dir.display())
    }
}

impl DocCache {
    /// The cache of the site at `root`; with `warm` false (`--clean`) it starts empty
    /// and is written whole. A missing, short, damaged or foreign shard is empty.
    pub(crate) fn open(root: &Path, warm: bool) -> DocCache {
        let dir = root.join(crate::media::CACHE_DIR).join("docs");
        let stamp = crate::incremental::version();
        let shards = match warm {
            true => (0..SHARDS)
                .into_par_iter()
                .map(|n| read_shard(&shard_path(&dir, n), &stamp).unwrap_or_default())
                .collect(),
            false => (0..SHARDS).map(|_| Shard::default()).collect(),
        };
        DocCache {
            dir,
            stamp,
            shards,
            rewrite_all: !warm,
        }
    }

    /// The entry of the document at `path` whose body has this length and hash, if
    /// the cache has it.
    pub(crate) fn get(
        &self,
        path: &Path,
        len: usize,
        hash: u64,
        eager_first: bool,
    ) -> Option<Entry> {
        let key = path.to_string_lossy();
        let shard = &self.shards[shard_of(&key)];
        let entry = codec::decode(shard.bytes.get(shard.index.get(key.as_ref())?.clone())?)?;
        (entry.len == len && entry.hash == hash && entry.eager_first == eager_first)
            .then_some(entry)
    }

    /// Writes the shards that changed: `fresh` entries replace or add to the kept ones,
    /// entries of paths not in `live` (documents gone or left out) are dropped. A shard
    /// is written to a temporary file and renamed, so a crash leaves the old one or the
    /// new one; a failure to write leaves the cache as it was (a cache is never an error).
    pub(crate) fn save(self, fresh: Vec<(PathBuf, Entry)>, live: &HashSet<String>) {
        let mut added: Vec<Vec<(String, Vec<u8>)>> = vec![Vec::new(); SHARDS];
        for (path, entry) in fresh {
            let key = path.to_string_lossy().into_owned();
            added[shard_of(&key)].push((key, codec::encode(&entry)));
        }
        let _ = std::fs::create_dir_all(&self.dir);
        self.shards
            .into_par_iter()
            .zip(added)
            .enumerate()
            .for_each(|(n, (shard, added))| {
                let new: HashSet<&str> = added.iter().map(|(k, _)| k.as_str()).collect();
                let kept: Vec<(&str, &[u8])> = shard
                    .index
                    .iter()
                    .filter(|(k, _)| live.contains(*k) && !new.contains(k.as_str()))
                    .map(|(k, range)| (k.as_str(), &shard.bytes[range.clone()]))
                    .collect();
                if !self.rewrite_all && added.is_empty() && kept.len() == shard.index.len() {
                    return;
                }
                let mut entries = kept;
                entries.extend(added.iter().map(|(k, b)| (k.as_str(), b.as_slice())));
                // Sorted: the same entries give the same file.
                entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
                let _ = write_shard(&shard_path(&self.dir, n), &self.stamp, &entries);
            });
    }
}

fn shard_path(dir: &Path, n: usize) -> PathBuf {
    dir.join(format!("{n:02}.bin"))
}

/// Which shard holds `key`: FNV-1a, the same in every build.
fn shard_of(key: &str) -> usize {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in key.bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    (hash % SHARDS as u64) as usize
}

/// A checksum of a shard's entries: a damaged byte that still decodes is caught.
fn checksum(bytes: &[u8]) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(bytes);
    hasher.finish()
}

/// The shard in `file`, if it is whole and was written by this binary.
fn read_shard(file: &Path, stamp: &str) -> Option<Shard> {
    let bytes = std::fs::read(file).ok()?;
    let mut r = Reader::new(bytes.strip_prefix(MAGIC)?);
    if r.str()? != stamp {
        return None;
    }
    let sum = r.u64()?;
    let body_start = bytes.len() - r.left();
    if checksum(&bytes[body_start..]) != sum {
        return None;
    }
    let count = r.usize()?;
    let mut index = HashMap::with_capacity(count.min(bytes.len()));
    for _ in 0..count {
        let key = r.str()?.to_string();
        let len = r.usize()?;
        let start = bytes.len() - r.left();
        r.take(len)?;
        index.insert(key, start..start + len);
    }
    r.is_empty().then_some(Shard { bytes, index })
}

/// Writes `entries` (path, encoded entry) as the shard `file`, through a temporary file.
fn write_shard(file: &Path, stamp: &str, entries: &[(&str, &[u8])]) -> std::io::Result<()> {
    let mut body = Writer::default();
    body.usize(entries.len());
    for (key, bytes) in entries {
        body.str(key);
        body.usize(bytes.len());
        body.bytes.extend_from_slice(bytes);
    }
    let mut head = Writer::default();
    head.bytes.extend_from_slice(MAGIC);
    head.str(stamp);
    head.u64(checksum(&body.bytes));
    head.bytes.extend_from_slice(&body.bytes);
    let temporary = file.with_extension("tmp");
    std::fs::write(&temporary, &head.bytes)?;
    std::fs::rename(&temporary, file)
}

#[cfg(test)]
mod tests;
