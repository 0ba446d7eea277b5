//! Change tracking between builds: the manifest of what each output file holds (kept in
//! `ROOT/.briefing-cache/builds/`, never published) and the tracker that, while a
//! build renders, stages only the files whose bytes differ from the manifest's.
//!
//! A build renders in memory before it changes anything (so a failed build changes
//! nothing): every file, or, when the manifest's [`crate::changes::Record`] shows that
//! only some documents changed, the pages that show them, the other pages kept
//! ([`Tracker::keep`]). What it saves besides is the writing, the swap of the whole
//! tree and the removal of the previous one. A file whose bytes did not change is
//! never touched: its inode and mtime stay.

use crate::files::digest;
use crate::output::Staging;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What one output file holds, and how it looked on disk when the build left it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Entry {
    /// SHA-256 (first 128 bits) of the bytes; for media, of where they came from.
    pub hash: String,
    pub stat: Stat,
}

/// Size, modification time and inode: a file edited or replaced by hand (or by another
/// build) no longer matches, and the manifest is not trusted.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Stat {
    len: u64,
    secs: u64,
    nanos: u32,
    ino: u64,
}

impl Stat {
    pub(crate) fn of(path: &Path) -> Option<Stat> {
        let meta = fs::symlink_metadata(path).ok()?;
        if !meta.is_file() {
            return None;
        }
        let time = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        #[cfg(unix)]
        let ino = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let ino = 0;
        Some(Stat {
            len: meta.len(),
            secs: time.as_secs(),
            nanos: time.subsec_nanos(),
            ino,
        })
    }
}

/// The record of one output folder, as the last build of this site left it.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Manifest {
    /// The binary that made it: another binary may render other bytes.
    version: String,
    /// The options and root YAML files (site.yaml, ui.yaml) it was built with.
    inputs: String,
    /// The output folder it describes.
    output: PathBuf,
    /// The output's marker as the build left it: a build that replaces the whole
    /// folder (`--clean`, another binary, a first build after `rm -rf`) makes a new
    /// marker, so a manifest of the folder before no longer fits.
    marker: Option<Stat>,
    /// Every file of the output (relative path -> entry), the marker excepted.
    pub files: BTreeMap<String, Entry>,
    /// What the build was made from: the next build renders only what changed since.
    #[serde(default)]
    pub record: Option<crate::changes::Record>,
}

/// Where the manifest of the output `output` of the site at `root` lives.
pub(crate) fn manifest_path(root: &Path, output: &Path) -> PathBuf {
    let key = digest(&[output.to_string_lossy().as_bytes()]);
    root.join(crate::media::CACHE_DIR)
        .join("builds")
        .join(format!("{key}.bin"))
}

/// The first bytes of a manifest file: postcard is not self-describing, so a file of
/// another layout must be told apart before it is decoded.
const MAGIC: &[u8] = b"briefing-manifest 2\n";

/// The binary: its version, size and modification time (a rebuilt binary counts as new).
pub(crate) fn version() -> String {
    let stamp = std::env::current_exe()
        .ok()
        .and_then(|exe| Stat::of(&exe))
        .map(|s| format!("{}-{}.{}", s.len, s.secs, s.nanos))
        .unwrap_or_default();
    format!("{} {stamp}", env!("CARGO_PKG_VERSION"))
}

/// A digest of what makes every page different when it changes: the build's options
/// and the YAML files at the site root.
pub(crate) fn inputs(root: &Path, options: &[String]) -> String {
    let mut parts: Vec<Vec<u8>> = options.iter().map(|o| o.as_bytes().to_vec()).collect();
    let mut names: Vec<PathBuf> = fs::read_dir(root)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    for name in names {
        parts.push(name.to_string_lossy().as_bytes().to_vec());
        parts.push(fs::read(&name).unwrap_or_default());
    }
    let parts: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    digest(&parts)
}

impl Manifest {
    /// The manifest at `path`, if it describes `output` as built by this binary with
    /// `inputs`, and the output's marker is the one that build left; else None (and the
    /// build is a full one). The other files are not stat'ed here (a quarter of a
    /// million of them at 50,000 pairs): the [`Tracker`] checks each file the build
    /// writes again, and the files it keeps are trusted as the manifest records them.
    pub(crate) fn trusted(path: &Path, output: &Path, inputs: &str) -> Option<Manifest> {
        let bytes = fs::read(path).ok()?;
        let manifest: Manifest = postcard::from_bytes(bytes.strip_prefix(MAGIC)?).ok()?;
        let fits = manifest.version == version()
            && manifest.inputs == inputs
            && manifest.output == output
            && manifest.marker.is_some()
            && Stat::of(&output.join(crate::output::MARKER)) == manifest.marker;
        fits.then_some(manifest)
    }

    /// Removes the manifest at `path` (before a full build replaces its output).
    pub(crate) fn forget(path: &Path) -> anyhow::Result<()> {
        match fs::remove_file(path) {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
                Err(anyhow::anyhow!("removing {}: {err}", path.display()))
            }
            _ => Ok(()),
        }
    }

    /// The manifest's file: [`MAGIC`], then the fields in postcard's compact binary
    /// form (a JSON file of this size took seconds to read at 50,000 pairs).
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let body = postcard::to_allocvec(self).expect("plain data serializes");
        [MAGIC, &body].concat()
    }

    /// The images of `media/` that are as the manifest records them (each stat'ed now:
    /// a variant cut short in the cache is cut short through its hard link here too),
    /// for the media step: a cache file hard-linked there is then known whole without a
    /// stat of its own. An image that is not as recorded loses its recorded hash, so
    /// the build publishes it again; the [`Tracker`] then need not stat it a second time.
    pub(crate) fn published_media(&mut self, output: &Path) -> crate::media::Published {
        let changed: Vec<String> = self
            .files
            .par_iter()
            .filter(|(path, entry)| {
                is_image(path) && Stat::of(&output.join(path)) != Some(entry.stat)
            })
            .map(|(path, _)| path.clone())
            .collect();
        for path in &changed {
            if let Some(entry) = self.files.get_mut(path) {
                entry.hash.clear();
            }
        }
        let whole = self
            .files
            .iter()
            .filter(|(path, entry)| is_image(path) && !entry.hash.is_empty());
        crate::media::Published::new(whole.filter_map(|(path, entry)| {
            let name = path.strip_prefix("media/")?;
            let s = entry.stat;
            Some((name.to_string(), s.len, s.ino, s.secs, s.nanos))
        }))
    }
}

/// An image variant or linked file of `media/` (a hard link into the media cache when
/// it comes from there), not a share card of `media/cards/`.
fn is_image(path: &str) -> bool {
    path.strip_prefix("media/")
        .is_some_and(|n| !n.contains('/'))
}

/// What a build changed compared with the previous manifest.
pub(crate) struct Changes {
    /// Staged files to move into the output.
    pub put: Vec<String>,
    /// Output files the new build no longer has.
    pub delete: Vec<String>,
    /// The manifest once the changes are in place.
    pub manifest: Manifest,
    /// Whether the changes are applied file by file (else the output is swapped).
    pub incremental: bool,
}

/// Receives every file of a build: stages it unless the previous manifest says the
/// output already holds these bytes, and records what the new output will hold.
pub(crate) struct Tracker<'a> {
    staging: &'a Staging,
    /// The output the previous manifest describes.
    output: &'a Path,
    previous: Option<Manifest>,
    hashes: Mutex<BTreeMap<String, String>>,
    staged: Mutex<Vec<String>>,
}

impl<'a> Tracker<'a> {
    /// Stages against `previous`, the manifest of `output` (an incremental build), or
    /// stages everything (None).
    pub(crate) fn new(
        staging: &'a Staging,
        output: &'a Path,
        previous: Option<Manifest>,
    ) -> Tracker<'a> {
        Tracker {
            staging,
            output,
            previous,
            hashes: Mutex::default(),
            staged: Mutex::default(),
        }
    }

    /// Whether this build changes the output file by file instead of swapping it.
    pub(crate) fn is_incremental(&self) -> bool {
        self.previous.is_some()
    }

    /// Records `hash` for `path`; true when the file must be staged. A file the output
    /// has with these bytes stays, unless `check` and its stat is not the recorded one
    /// (changed by hand since): then it is written again.
    fn record(&self, path: &str, hash: String, check: bool) -> bool {
        let same = self
            .previous
            .as_ref()
            .and_then(|m| m.files.get(path))
            .is_some_and(|entry| {
                entry.hash == hash
                    && (!check || Stat::of(&self.output.join(path)) == Some(entry.stat))
            });
        self.hashes
            .lock()
            .expect("no writer panics")
            .insert(path.to_string(), hash);
        if !same {
            self.staged
                .lock()
                .expect("no writer panics")
                .push(path.to_string());
        }
        !same
    }

    /// One rendered file.
    pub(crate) fn write(&self, path: &str, bytes: &[u8]) -> anyhow::Result<()> {
        if self.record(path, digest(&[bytes]), true) {
            self.staging.write(path, bytes)?;
        }
        Ok(())
    }

    /// One image, linked file or share card, known by where it comes from. A file of
    /// the media cache (`may_link`) is named by a hash of what it was made from and
    /// never changes in place, so its path is enough and it is not even stat'ed (the
    /// media step checked its size); a file of `content/` that changes gets a new size
    /// or mtime.
    pub(crate) fn publish(&self, path: &str, source: &Path, may_link: bool) -> anyhow::Result<()> {
        let stat = match may_link {
            true => "cache".to_string(),
            false => Stat::of(source)
                .map(|s| format!("{s:?}"))
                .unwrap_or_default(),
        };
        let key = digest(&[source.to_string_lossy().as_bytes(), stat.as_bytes()]);
        // A share card of the cache is never edited in place: no stat (there are as
        // many as pages). An image may be cut short in the cache, and so here: the
        // manifest's `published_media` has stat'ed each one already.
        if self.record(path, key, !may_link) {
            self.staging.publish(path, source, may_link)?;
        }
        Ok(())
    }

    /// Keeps the files of the previous build that this one did not write and `keep`
    /// accepts (pages it did not need to render again): they stay as they are.
    pub(crate) fn keep(&self, keep: impl Fn(&str) -> bool) {
        let Some(previous) = &self.previous else {
            return;
        };
        let mut hashes = self.hashes.lock().expect("no writer panics");
        for (path, entry) in &previous.files {
            if !hashes.contains_key(path) && keep(path) {
                hashes.insert(path.clone(), entry.hash.clone());
            }
        }
    }

    /// The first write that failed, if one did.
    pub(crate) fn take_error(&self) -> Option<anyhow::Error> {
        self.staging.take_error()
    }

    /// How many files were staged.
    pub(crate) fn staged(&self) -> usize {
        self.staged.lock().expect("no writer panics").len()
    }

    /// The change set, with the manifest it leads to. For an incremental build the
    /// staged files are stat'ed in the staging folder (a rename keeps inode and mtime);
    /// for a full one the caller stats the output after the swap ([`Manifest::restat`]),
    /// not the staging folder as well.
    pub(crate) fn finish(
        self,
        inputs: String,
        output: &Path,
        record: crate::changes::Record,
    ) -> Changes {
        let incremental = self.previous.is_some();
        let hashes = self.hashes.into_inner().expect("no writer panics");
        let mut put = self.staged.into_inner().expect("no writer panics");
        put.sort();
        put.dedup();
        let staged: std::collections::HashSet<&str> = put.iter().map(String::as_str).collect();
        let previous = self.previous.unwrap_or_default();
        let delete: Vec<String> = previous
            .files
            .keys()
            .filter(|f| !hashes.contains_key(*f))
            .cloned()
            .collect();
        let dir = self.staging.dir();
        let files = hashes
            .into_par_iter()
            .filter_map(|(path, hash)| {
                let stat = match previous.files.get(&path) {
                    Some(old) if !staged.contains(path.as_str()) => old.stat,
                    // A full build stats the output once, after the swap (`restat`).
                    _ if !incremental => Stat::default(),
                    _ => Stat::of(&dir.join(&path))?,
                };
                Some((path, Entry { hash, stat }))
            })
            .collect();
        Changes {
            put,
            delete,
            manifest: Manifest {
                version: version(),
                inputs,
                output: output.to_path_buf(),
                // An incremental build leaves the marker as it was; a full one's
                // manifest takes the new marker's stat after the swap (`restat`).
                marker: previous.marker,
                files,
                record: Some(record),
            },
            incremental,
        }
    }
}

impl Manifest {
    /// After a full build's swap: every file as it now is in `output` (the exchange
    /// moves the staging folder as a whole, so inodes and mtimes are the staged ones;
    /// stat'ing again also covers the two-rename fallback).
    pub(crate) fn restat(&mut self, output: &Path) {
        self.marker = Stat::of(&output.join(crate::output::MARKER));
        self.files.par_iter_mut().for_each(|(path, entry)| {
            if let Some(stat) = Stat::of(&output.join(path)) {
                entry.stat = stat;
            }
        });
    }

    /// Writes the manifest to `path` through a temporary file.
    pub(crate) fn save(&self, path: &Path) -> anyhow::Result<()> {
        crate::output::write_replacing(path, &self.to_bytes())
    }
}
