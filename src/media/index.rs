//! The media cache's index: what every source image of a site was at the last build and
//! what it became, in one file read once per build, so a warm build opens no file per
//! photo.
//!
//! `images/index-FP.json` (FP: 12 hex digits of the settings' fingerprint) holds one line
//! with the SHA-256 digest of the rest, then JSON: by absolute source path, the source's
//! size, modification and status-change times and inode (the same line as the per-source
//! memo), its KEY and what KEY became (format, size, variants and their byte counts). A
//! file whose digest does not match (cut short, edited, another version) is ignored as
//! if absent, and written again at the end of the build. It only shortcuts the
//! per-source memo and `KEY.json`, which stay the record: an entry lost to two builds
//! writing at once (each renames its whole file into place; the last one wins) costs
//! the next build one memo read per photo, nothing else.
//!
//! Each entry also holds every variant's inode and modification time as a stat last saw
//! them ([`FileId`]). A build into an output whose manifest it trusts knows how each
//! published file is now (the manifest was just checked against every one of them,
//! [`Published`]); a published variant that is the very file of the cache (a hard
//! link: the same inode, time and size) proves the cache's file whole without a stat
//! of its own. Anything else (a copy, another inode, no trusted manifest, `check`) is
//! stat'ed as before.

use super::Format;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// One source image: how it looked when its KEY was known, and what KEY became.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Entry {
    pub stat: String,
    pub key: String,
    pub format: Format,
    pub width: u32,
    pub height: u32,
    pub variants: Vec<Sized>,
    /// Each variant's file as last stat'ed, in the order of `variants` (empty in an
    /// index written before they were kept: then every variant is stat'ed).
    #[serde(default)]
    pub files: Vec<FileId>,
}

/// A file's inode and modification time (seconds and nanoseconds since 1970), which a
/// hard link to it shares: with its size, how a published file is known to be it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FileId(pub u64, pub u64, pub u32);

impl FileId {
    /// The id of the file `meta` describes; None where there are no inodes to trust.
    pub(crate) fn of(meta: &std::fs::Metadata) -> Option<FileId> {
        #[cfg(unix)]
        let ino = std::os::unix::fs::MetadataExt::ino(meta);
        #[cfg(not(unix))]
        let ino = 0;
        let time = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        (ino != 0).then(|| FileId(ino, time.as_secs(), time.subsec_nanos()))
    }
}

/// The files of `media/` as a trusted output manifest has just found them: by file
/// name, the size and [`FileId`] each has now.
#[derive(Debug, Default)]
pub struct Published(HashMap<String, (u64, FileId)>);

impl Published {
    /// From each published file's path under `media/` (`NAME.webp`), size, inode and
    /// modification time, as just checked.
    pub(crate) fn new(files: impl Iterator<Item = (String, u64, u64, u64, u32)>) -> Published {
        Published(
            files
                .filter(|f| f.2 != 0)
                .map(|(name, len, ino, secs, nanos)| (name, (len, FileId(ino, secs, nanos))))
                .collect(),
        )
    }

    /// Whether the output publishes `name` as the very file `id` of `len` bytes.
    pub(super) fn vouches(&self, name: &str, len: u64, id: &FileId) -> bool {
        self.0.get(name) == Some(&(len, *id))
    }
}

/// One variant as the index and `KEY.json` record it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Sized {
    pub width: u32,
    pub height: u32,
    pub format: Format,
    pub bytes: u64,
}

/// The index of one cache under one set of settings.
pub(super) struct Index {
    path: PathBuf,
    /// What the file held when this build first asked (read on first use).
    loaded: OnceLock<BTreeMap<String, Entry>>,
    /// Every source this build looked up or made, with what it is now.
    used: Mutex<BTreeMap<String, Entry>>,
}

impl Index {
    /// The index of the cache at `dir` for the settings `fingerprint`.
    pub(super) fn new(dir: &Path, fingerprint: &str) -> Index {
        let name = crate::files::digest(&[fingerprint.as_bytes()]);
        Index {
            path: dir
                .join("images")
                .join(format!("index-{}.json", &name[..12])),
            loaded: OnceLock::new(),
            used: Mutex::new(BTreeMap::new()),
        }
    }

    /// The entry of the source at `source` (an absolute path) if it was seen as `stat`.
    pub(super) fn get(&self, source: &str, stat: &str) -> Option<Entry> {
        let entry = self
            .loaded
            .get_or_init(|| read(&self.path).unwrap_or_default())
            .get(source)
            .filter(|e| e.stat == stat)?;
        Some(entry.clone())
    }

    /// Records what the source at `source` is now, for the index this build leaves.
    pub(super) fn note(&self, source: String, entry: Entry) {
        self.used
            .lock()
            .expect("no holder panics")
            .insert(source, entry);
    }

    /// Writes the index of the sources this build used, unless the file already holds
    /// exactly that (a warm build writes nothing). Sources the build did not use (a
    /// draft left out, a photo removed) are dropped: they are found again through their
    /// memo.
    pub(super) fn save(&self, write: impl Fn(&Path, &[u8]) -> anyhow::Result<()>) {
        let used = self.used.lock().expect("no holder panics");
        if used.is_empty() {
            return;
        }
        let loaded = self
            .loaded
            .get_or_init(|| read(&self.path).unwrap_or_default());
        if *loaded == *used {
            return;
        }
        // Only a shortcut: when it cannot be written, the next build reads the memos.
        let _ = write(&self.path, &encode(&used));
    }
}

/// The header line: the format's name and version, and the digest of the body.
const MAGIC: &str = "briefing media index v1";

fn encode(entries: &BTreeMap<String, Entry>) -> Vec<u8> {
    let body = serde_json::to_vec(entries).expect("plain data serializes");
    let mut bytes = format!("{MAGIC} {}\n", crate::files::digest(&[&body])).into_bytes();
    bytes.extend_from_slice(&body);
    bytes
}

/// The entries of the index file at `path`; None when it is missing, cut short,
/// altered or not an index, or holds an entry no lookup could use.
fn read(path: &Path) -> Option<BTreeMap<String, Entry>> {
    decode(&std::fs::read(path).ok()?)
}

fn decode(bytes: &[u8]) -> Option<BTreeMap<String, Entry>> {
    let end = bytes.iter().position(|&b| b == b'\n')?;
    let header = std::str::from_utf8(&bytes[..end]).ok()?;
    let body = &bytes[end + 1..];
    let digest = header.strip_prefix(MAGIC)?.strip_prefix(' ')?;
    if digest != crate::files::digest(&[body]) {
        return None;
    }
    let entries: BTreeMap<String, Entry> = serde_json::from_slice(body).ok()?;
    entries
        .values()
        .all(|e| {
            is_key(&e.key)
                && !e.variants.is_empty()
                && (e.files.is_empty() || e.files.len() == e.variants.len())
        })
        .then_some(entries)
}

/// 32 lowercase hex digits, as every KEY is (published names take its first 12).
pub(super) fn is_key(key: &str) -> bool {
    key.len() == 32 && key.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str) -> Entry {
        Entry {
            stat: "v1 1 2.000000003 4.000000005 6".to_string(),
            key: key.to_string(),
            format: Format::Jpeg,
            width: 4000,
            height: 3000,
            variants: vec![Sized {
                width: 480,
                height: 360,
                format: Format::Webp,
                bytes: 1234,
            }],
            files: vec![FileId(7, 8, 9)],
        }
    }

    fn sample() -> BTreeMap<String, Entry> {
        BTreeMap::from([("/site/content/a.jpg".to_string(), entry(&"ab".repeat(16)))])
    }

    #[test]
    fn an_index_reads_back_what_was_written() {
        assert_eq!(decode(&encode(&sample())), Some(sample()));
    }

    #[test]
    fn a_damaged_index_is_ignored() {
        let bytes = encode(&sample());
        // Cut short at every length, and every byte changed in turn: never trusted.
        for len in 0..bytes.len() {
            assert_eq!(decode(&bytes[..len]), None, "cut at {len}");
        }
        for at in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[at] ^= 0x20;
            assert_eq!(decode(&bad), None, "byte {at} changed");
        }
        assert_eq!(decode(b"\n{}"), None);
        assert_eq!(decode(&[0xff; 64]), None);
    }

    #[test]
    fn an_entry_with_a_key_no_lookup_could_use_is_refused() {
        // Well formed and with the right digest, but a key that would cut a name badly.
        let bad = BTreeMap::from([("/a.jpg".to_string(), entry("é".repeat(16).as_str()))]);
        assert_eq!(decode(&encode(&bad)), None);
        assert!(is_key(&"0f".repeat(16)));
        assert!(!is_key(&"0F".repeat(16)));
    }

    #[test]
    fn a_warm_build_writes_nothing_and_a_changed_one_writes_its_sources() {
        let dir = tempfile::tempdir().unwrap();
        let writes = Mutex::new(0);
        let write = |path: &Path, bytes: &[u8]| {
            *writes.lock().unwrap() += 1;
            std::fs::create_dir_all(path.parent().unwrap())?;
            Ok(std::fs::write(path, bytes)?)
        };
        let key = "ab".repeat(16);
        let first = Index::new(dir.path(), "settings");
        assert_eq!(first.get("/a.jpg", &entry(&key).stat), None);
        first.note("/a.jpg".to_string(), entry(&key));
        first.save(write);
        assert_eq!(*writes.lock().unwrap(), 1);

        let second = Index::new(dir.path(), "settings");
        assert_eq!(second.get("/a.jpg", &entry(&key).stat), Some(entry(&key)));
        assert_eq!(second.get("/a.jpg", "v1 other"), None);
        second.note("/a.jpg".to_string(), entry(&key));
        second.save(write);
        assert_eq!(
            *writes.lock().unwrap(),
            1,
            "nothing changed, nothing written"
        );
        // Other settings, another file.
        assert_eq!(
            Index::new(dir.path(), "other").get("/a.jpg", &entry(&key).stat),
            None
        );
    }

    #[test]
    fn a_variant_the_output_vouches_for_is_taken_unseen_and_any_other_is_stat_ed() {
        use super::super::{Cache, Settings, process};
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("photo.jpg");
        let fixture =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/media/photo-gps.jpg");
        std::fs::copy(fixture, &source).unwrap();
        let cache = || Cache::new(dir.path().join("cache"), Settings::default());
        let first = cache();
        let made = process(&source, &source, &first).unwrap();
        drop(first);
        let victim = made.variants[0].clone();
        let id = FileId::of(&std::fs::metadata(&victim.path).unwrap()).unwrap();
        let vouching = |id: FileId, len: u64| {
            Published::new(std::iter::once((
                victim.file_name.clone(),
                len,
                id.0,
                id.1,
                id.2,
            )))
        };
        // The output holds that very file: the cache's own is not looked at (here it is
        // moved away, to show it; in a build the output's manifest has just found the
        // same inode, time and size, so it is the cache's file, whole).
        std::fs::rename(&victim.path, dir.path().join("aside")).unwrap();
        let trusting = cache().trusting(vouching(id, victim.bytes));
        assert_eq!(process(&source, &source, &trusting).unwrap(), made);
        assert_eq!(trusting.encodes(), 0);
        drop(trusting);
        // Any other file by that name (another inode, time or size), or none published:
        // the cache's file is stat'ed, found missing, and made again.
        let others = [
            vouching(FileId(id.0 + 1, id.1, id.2), victim.bytes),
            vouching(FileId(id.0, id.1, id.2 ^ 1), victim.bytes),
            vouching(id, victim.bytes + 1),
            Published::default(),
        ];
        for published in others {
            let _ = std::fs::remove_file(&victim.path);
            let cache = cache().trusting(published);
            assert_eq!(process(&source, &source, &cache).unwrap(), made);
            assert_eq!(cache.encodes(), 1);
        }
    }
}
