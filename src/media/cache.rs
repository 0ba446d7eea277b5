//! The media cache: processed images and share cards kept outside the output, by content.
//!
//! Layout under `ROOT/.briefing-cache/` (gitignored, safe to delete, never published):
//!
//! ```text
//! CACHEDIR.TAG              tells backup tools to skip the folder
//! images/KEY.json           what KEY became: format, size, variants and their byte counts
//! images/KEY-WIDTH.EXT      one variant's bytes (EXT: webp, jpg, png)
//! cards/KEY.png             one share card
//! sources/PATHKEY           what the file at one path was last time: its size, times
//!                           and inode, and its KEY
//! images/index-FP.json      all of the above for every source of the last build, in one
//!                           file (see [`super::index`])
//! ```
//!
//! KEY is 32 hex digits of SHA-256 over [`VERSION`], the settings and the source bytes,
//! so a changed photo, a changed width list or a new encoder version each get new
//! files. Every file is written to a temporary name in the same folder and renamed
//! into place, and `KEY.json` is written last: a crash or two builds at once never
//! leave a torn file under a final name. A lookup also checks each variant's size
//! against `KEY.json`, so a file cut short by a power loss is made again.
//!
//! A warm build does not even read the sources: `sources/PATHKEY` (PATHKEY: the hash of
//! the settings and the absolute path) remembers a file's size, modification and
//! status-change times (nanoseconds) and inode with its KEY. When all four match, KEY
//! is taken as it is; any write, rename or copy over the file changes the status-change
//! time (which no program can set back), and the file is read and hashed again. The
//! index holds the same line and `KEY.json`'s data for every source of the last build,
//! so a warm build reads one file, then stats each source and its variants.

use super::index::{Entry, FileId, Index, Published, Sized};
use super::raster::Made;
use super::store::{CACHEDIR_TAG, PNG_END, ends_with_png_end, stat_line, write_atomic};
use super::{Format, Processed, Variant, file_name};
use crate::diagnostics::Problem;
use anyhow::Context as _;
use serde::{Deserialize, Serialize};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The cache folder under the site root.
pub const CACHE_DIR: &str = ".briefing-cache";

/// Raised whenever the bytes the encoders make for the same input change (a new
/// resize filter, encoder, or crate version that encodes differently).
const VERSION: u32 = 1;

/// How images are processed; part of every cache key.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The widths to publish, in pixels; never upscaled.
    pub widths: Vec<u32>,
    /// JPEG quality, 1–100.
    pub jpeg_quality: u8,
    /// WebP quality for photos, 0–100 (for lossless PNG sources: the effort).
    pub webp_quality: f32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            widths: vec![480, 960, 1600],
            jpeg_quality: 82,
            webp_quality: 80.0,
        }
    }
}

/// A content-addressed store of processed images, shared by every build of a site.
pub struct Cache {
    dir: PathBuf,
    settings: Settings,
    /// Reads what is there and writes nothing (`check`): a missing image is decoded to
    /// be checked and sized, but not encoded, and no card is drawn.
    read_only: bool,
    fingerprint: String,
    encodes: AtomicUsize,
    renders: AtomicUsize,
    hashes: AtomicUsize,
    index: Index,
    /// The published files a trusted output manifest vouches for (see [`super::index`]).
    published: Published,
}

#[derive(Serialize, Deserialize)]
struct Meta {
    version: u32,
    format: Format,
    width: u32,
    height: u32,
    variants: Vec<Sized>,
}

impl Cache {
    /// A cache in `dir` (`ROOT/.briefing-cache`); folders are made on the first write.
    pub fn new(dir: impl Into<PathBuf>, settings: Settings) -> Cache {
        let fingerprint = format!(
            "briefing media v{VERSION}; widths {:?}; jpeg q{}; webp q{} m4, lossless for png; png best adaptive; lanczos3",
            settings.widths, settings.jpeg_quality, settings.webp_quality
        );
        let dir = dir.into();
        Cache {
            index: Index::new(&dir, &fingerprint),
            dir,
            settings,
            read_only: false,
            fingerprint,
            encodes: AtomicUsize::new(0),
            renders: AtomicUsize::new(0),
            hashes: AtomicUsize::new(0),
            published: Published::default(),
        }
    }

    /// The same cache, taking a variant as whole without a stat when `published` (the
    /// output's files, just checked against a trusted manifest) holds that very file.
    pub(crate) fn trusting(mut self, published: Published) -> Cache {
        self.published = published;
        self
    }

    /// The cache of the site at `root`, with the default settings.
    pub fn for_site(root: &Path) -> Cache {
        Cache::new(root.join(CACHE_DIR), Settings::default())
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The same cache, only read from: nothing is written to it.
    pub fn read_only(mut self) -> Cache {
        self.read_only = true;
        self
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// How many images this `Cache` had to decode and encode (a cache miss each).
    pub fn encodes(&self) -> usize {
        self.encodes.load(Ordering::Relaxed)
    }

    /// How many share cards this `Cache` had to render.
    pub fn renders(&self) -> usize {
        self.renders.load(Ordering::Relaxed)
    }

    /// How many source images this `Cache` had to read and hash (not known by their
    /// size and times from an earlier build).
    pub fn hashes(&self) -> usize {
        self.hashes.load(Ordering::Relaxed)
    }

    /// The key of a source image: its bytes under the current settings.
    pub(crate) fn key(&self, bytes: &[u8]) -> String {
        self.hashes.fetch_add(1, Ordering::Relaxed);
        crate::files::digest(&[self.fingerprint.as_bytes(), bytes])
    }

    /// The key remembered for the file at `source`, if it has not changed since.
    pub(crate) fn remembered(&self, source: &Path) -> Option<String> {
        let (memo, stat) = self.memo(source)?;
        let text = fs::read_to_string(memo).ok()?;
        let (seen, key) = text.trim_end().rsplit_once(' ')?;
        (seen == stat && key.len() == 32).then(|| key.to_string())
    }

    /// Remembers that the file at `source`, as it is now, has `key`.
    pub(crate) fn remember(&self, source: &Path, key: &str) {
        if self.read_only {
            return;
        }
        if let Some((memo, stat)) = self.memo(source) {
            // Only a shortcut: when it cannot be written, the next build hashes again.
            let _ = self
                .prepare(memo.parent().unwrap_or(&self.dir))
                .and_then(|()| write_atomic(&memo, format!("{stat} {key}\n").as_bytes()));
        }
    }

    /// The memo file for `source` and the line that describes the file now.
    fn memo(&self, source: &Path) -> Option<(PathBuf, String)> {
        let absolute = std::path::absolute(source).ok()?;
        let meta = fs::metadata(&absolute).ok()?;
        let name = crate::files::digest(&[
            self.fingerprint.as_bytes(),
            absolute.as_os_str().as_encoded_bytes(),
        ]);
        Some((self.dir.join("sources").join(name), stat_line(&meta)?))
    }

    fn images(&self) -> PathBuf {
        self.dir.join("images")
    }

    pub(crate) fn variant_path(&self, key: &str, width: u32, format: Format) -> PathBuf {
        self.images()
            .join(format!("{key}-{width}.{}", format.extension()))
    }

    /// The processed image for `key`, when every one of its files is complete.
    pub(crate) fn lookup(&self, key: &str, stem: &str) -> Option<Processed> {
        let text = fs::read(self.images().join(format!("{key}.json"))).ok()?;
        let meta: Meta = serde_json::from_slice(&text).ok()?;
        if meta.version != VERSION {
            return None;
        }
        Some(Processed {
            source_format: meta.format,
            width: meta.width,
            height: meta.height,
            variants: self.variants(key, stem, &meta.variants, &[])?.0,
        })
    }

    /// The variants `sizes` lists for `key`, when each file has its recorded size, with
    /// their [`FileId`]s: a variant whose last id (`known`, in the same order) the output
    /// vouches for is taken as it is; any other is stat'ed (no file is opened).
    fn variants(
        &self,
        key: &str,
        stem: &str,
        sizes: &[Sized],
        known: &[FileId],
    ) -> Option<(Vec<Variant>, Vec<FileId>)> {
        let mut variants = Vec::with_capacity(sizes.len());
        let mut ids = Vec::with_capacity(sizes.len());
        for (i, v) in sizes.iter().enumerate() {
            let path = self.variant_path(key, v.width, v.format);
            let file_name = file_name(stem, key, Some(v.width), v.format);
            let id = match known.get(i) {
                Some(id) if self.published.vouches(&file_name, v.bytes, id) => *id,
                _ => {
                    let meta = fs::metadata(&path).ok()?;
                    if meta.len() != v.bytes {
                        return None;
                    }
                    FileId::of(&meta).unwrap_or(FileId(0, 0, 0))
                }
            };
            ids.push(id);
            variants.push(Variant {
                width: v.width,
                height: v.height,
                format: v.format,
                file_name,
                path,
                bytes: v.bytes,
            });
        }
        Some((variants, ids))
    }

    /// The absolute path of `source` (when UTF-8) and the line that describes the file
    /// now, as the index knows sources; None where no status-change time is trusted.
    pub(crate) fn seen(&self, source: &Path) -> Option<(String, String)> {
        let absolute = std::path::absolute(source).ok()?;
        let meta = fs::metadata(&absolute).ok()?;
        self.seen_as(absolute, &meta)
    }

    /// [`Cache::seen`] of the source at `absolute` whose status is `meta`.
    pub(crate) fn seen_as(
        &self,
        absolute: PathBuf,
        meta: &fs::Metadata,
    ) -> Option<(String, String)> {
        let stat = stat_line(meta)?;
        Some((absolute.into_os_string().into_string().ok()?, stat))
    }

    /// The processed image the index holds for the source `seen` as it is now, when
    /// every variant is still complete; noted for the index this build leaves.
    pub(crate) fn indexed(&self, seen: &(String, String), stem: &str) -> Option<Processed> {
        let mut entry = self.index.get(&seen.0, &seen.1)?;
        let (variants, files) = self.variants(&entry.key, stem, &entry.variants, &entry.files)?;
        let processed = Processed {
            source_format: entry.format,
            width: entry.width,
            height: entry.height,
            variants,
        };
        entry.files = files;
        self.index.note(seen.0.clone(), entry);
        Some(processed)
    }

    /// Notes for the index that the source `seen` has `key` and became `processed`.
    pub(crate) fn note(&self, seen: Option<(String, String)>, key: &str, processed: &Processed) {
        let Some((source, stat)) = seen else { return };
        if self.read_only || processed.variants.iter().any(|v| v.bytes == 0) {
            return;
        }
        // Off the warm path (an image just made, or found through its memo): a stat
        // of each variant for its id. A file gone meanwhile leaves the source out.
        let files: Option<Vec<FileId>> = processed
            .variants
            .iter()
            .map(|v| Some(FileId::of(&fs::metadata(&v.path).ok()?).unwrap_or(FileId(0, 0, 0))))
            .collect();
        let Some(files) = files else { return };
        let entry = Entry {
            stat,
            key: key.to_string(),
            format: processed.source_format,
            width: processed.width,
            height: processed.height,
            variants: processed.variants.iter().map(sized).collect(),
            files,
        };
        self.index.note(source, entry);
    }

    /// Writes the index of the sources this `Cache` used, if it changed (best effort:
    /// without it the next build reads the memos). Also done when the `Cache` is dropped.
    pub fn save_index(&self) {
        if self.read_only {
            return;
        }
        self.index.save(|path, bytes| {
            self.prepare(path.parent().unwrap_or(&self.dir))?;
            write_atomic(path, bytes)
        });
    }

    /// Writes what an image became, variants first and `KEY.json` last.
    pub(crate) fn store(
        &self,
        key: &str,
        stem: &str,
        format: Format,
        made: &Made,
    ) -> anyhow::Result<Processed> {
        self.encodes.fetch_add(1, Ordering::Relaxed);
        self.prepare(&self.images())?;
        let mut variants = Vec::with_capacity(made.variants.len());
        for v in &made.variants {
            let path = self.variant_path(key, v.width, v.format);
            write_atomic(&path, &v.bytes)?;
            variants.push(Variant {
                width: v.width,
                height: v.height,
                format: v.format,
                file_name: file_name(stem, key, Some(v.width), v.format),
                path,
                bytes: v.bytes.len() as u64,
            });
        }
        let meta = Meta {
            version: VERSION,
            format,
            width: made.width,
            height: made.height,
            variants: variants.iter().map(sized).collect(),
        };
        let json = serde_json::to_vec_pretty(&meta)?;
        write_atomic(&self.images().join(format!("{key}.json")), &json)?;
        Ok(Processed {
            source_format: format,
            width: made.width,
            height: made.height,
            variants,
        })
    }

    /// The share card stored under `key`, or the one `render` makes, stored first.
    pub(crate) fn card(
        &self,
        key: &str,
        display: &Path,
        render: impl FnOnce() -> Result<Vec<u8>, Problem>,
    ) -> Result<Vec<u8>, Problem> {
        let cards = self.dir.join("cards");
        let path = cards.join(format!("{key}.png"));
        if let Ok(bytes) = fs::read(&path)
            && bytes.ends_with(PNG_END)
        {
            return Ok(bytes);
        }
        let bytes = render()?;
        self.renders.fetch_add(1, Ordering::Relaxed);
        self.prepare(&cards)
            .and_then(|()| write_atomic(&path, &bytes))
            .map_err(|err| {
                Problem::new(display, format!("cannot write to the card cache: {err:#}"))
            })?;
        Ok(bytes)
    }

    /// The file of the share card stored under `key`, made by `render` first when it
    /// is missing or incomplete. Only the card's last bytes are read to know it whole.
    pub(crate) fn card_file(
        &self,
        key: &str,
        display: &Path,
        render: impl FnOnce() -> Result<Vec<u8>, Problem>,
    ) -> Result<PathBuf, Problem> {
        let path = self.dir.join("cards").join(format!("{key}.png"));
        if self.read_only || ends_with_png_end(&path) {
            return Ok(path);
        }
        self.card(key, display, render)?;
        Ok(path)
    }

    /// Makes `folder` and the cache's `CACHEDIR.TAG`, when missing.
    fn prepare(&self, folder: &Path) -> anyhow::Result<()> {
        fs::create_dir_all(folder).with_context(|| format!("creating {}", folder.display()))?;
        let tag = self.dir.join("CACHEDIR.TAG");
        if !tag.exists() {
            write_atomic(&tag, CACHEDIR_TAG.as_bytes())?;
        }
        Ok(())
    }
}

impl Drop for Cache {
    fn drop(&mut self) {
        self.save_index();
    }
}

fn sized(v: &Variant) -> Sized {
    Sized {
        width: v.width,
        height: v.height,
        format: v.format,
        bytes: v.bytes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_depend_on_settings_and_bytes() {
        let a = Cache::new("x", Settings::default());
        let b = Cache::new(
            "x",
            Settings {
                widths: vec![480],
                ..Settings::default()
            },
        );
        assert_eq!(a.key(b"photo").len(), 32);
        assert_eq!(a.key(b"photo"), a.key(b"photo"));
        assert_ne!(a.key(b"photo"), a.key(b"photo2"));
        assert_ne!(a.key(b"photo"), b.key(b"photo"));
    }
}
