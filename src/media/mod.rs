//! Media: turns a photo or figure from a content folder into the files a page publishes.
//!
//! Raster images (JPEG, PNG, WebP in) become resized variants in WebP and in their own
//! format, orientation applied and every metadata block dropped; SVG is published as it
//! is. Work is kept in a content-addressed cache ([`Cache`]), so a rebuild with unchanged
//! images encodes nothing. [`picture_html`] writes the `<picture>` element for a result.

mod cache;
mod index;
mod library;
mod picture;
mod raster;
mod reference;
mod store;
mod svg;

pub use cache::{CACHE_DIR, Cache, Settings};
pub use index::Published;
pub use library::{Library, Linked, MEDIA_DIR, url_path};
pub use picture::{Picture, picture_html};
pub use raster::{MAX_FILE_BYTES, MAX_PIXELS, MAX_SIDE};
pub use reference::{is_external, resolve, resolve_as};

use crate::diagnostics::Problem;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// A file format the media step reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Jpeg,
    Png,
    Webp,
    Svg,
}

impl Format {
    /// The extension of published files in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Webp => "webp",
            Format::Svg => "svg",
        }
    }

    /// The media type, for `<source type=...>`.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Webp => "image/webp",
            Format::Svg => "image/svg+xml",
        }
    }

    pub(crate) fn from_extension(ext: &str) -> Option<Format> {
        match ext {
            "jpg" | "jpeg" => Some(Format::Jpeg),
            "png" => Some(Format::Png),
            "webp" => Some(Format::Webp),
            "svg" => Some(Format::Svg),
            _ => None,
        }
    }
}

/// One published file made from a source image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    pub format: Format,
    /// The name to publish it under: `STEM-HASH-WIDTH.EXT`, stable while the source
    /// bytes and the settings are (`tokayev-xi-3f9a1c2e04b7-960.webp`).
    pub file_name: String,
    /// Where its bytes are now: a file in the cache (or the source itself, for SVG).
    /// The renderer copies it to the output; it is never published from here.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
}

/// What [`process`] made of one source image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    /// The format of the source, read from its bytes (not its extension).
    pub source_format: Format,
    /// The intrinsic size as displayed (after EXIF orientation), in pixels.
    pub width: u32,
    pub height: u32,
    /// Sorted by format, then width; for a raster image both WebP and the source's
    /// format at every width (only WebP for a WebP source); for SVG one file.
    pub variants: Vec<Variant>,
}

impl Processed {
    /// The variants in one format, narrowest first.
    pub fn in_format(&self, format: Format) -> impl Iterator<Item = &Variant> {
        self.variants.iter().filter(move |v| v.format == format)
    }

    /// The formats present, in the order a `<picture>` lists them (WebP first).
    pub fn formats(&self) -> Vec<Format> {
        let mut formats: Vec<Format> = self.variants.iter().map(|v| v.format).collect();
        formats.sort_by_key(|f| (*f != Format::Webp, *f));
        formats.dedup();
        formats
    }
}

/// Processes the image at `source` (named `display` in problems, e.g. the path
/// relative to the site root), reusing `cache` when the same bytes were processed
/// with the same settings before.
///
/// Never panics on bad input: a truncated or corrupt file, a file that is not an image,
/// a header claiming more than [`MAX_PIXELS`] pixels, a file over [`MAX_FILE_BYTES`]
/// are each a [`Problem`] naming `display`.
pub fn process(source: &Path, display: &Path, cache: &Cache) -> Result<Processed, Problem> {
    process_seen(source, display, cache, cache.seen(source))
}

/// [`process`] of a source whose absolute path and status line (as [`Cache::seen`]
/// gives them) the caller already has.
pub(crate) fn process_seen(
    source: &Path,
    display: &Path,
    cache: &Cache,
    // Seen before the file is read: if it changes meanwhile, the index keeps the old
    // line and the next build reads it again.
    seen: Option<(String, String)>,
) -> Result<Processed, Problem> {
    let stem = stem_of(display);
    if let Some(seen) = &seen
        && let Some(found) = cache.indexed(seen, &stem)
    {
        return Ok(found);
    }
    if let Some(key) = cache.remembered(source)
        && let Some(found) = cache.lookup(&key, &stem)
    {
        cache.note(seen, &key, &found);
        return Ok(found);
    }
    let bytes = raster::read_source(source, display)?;
    let format = sniff(&bytes, display)?;
    if format == Format::Svg {
        return svg::process(source, display, &bytes, &stem);
    }
    let key = cache.key(&bytes);
    let processed = match cache.lookup(&key, &stem) {
        Some(found) => found,
        None if cache.is_read_only() => {
            let (width, height) = raster::measure(&bytes, format, display)?;
            planned(cache, &key, &stem, format, width, height)
        }
        None => {
            let made = raster::make(&bytes, format, cache.settings(), display)?;
            cache.store(&key, &stem, format, &made).map_err(|err| {
                Problem::new(display, format!("cannot write to the image cache: {err:#}"))
            })?
        }
    };
    cache.remember(source, &key);
    cache.note(seen, &key, &processed);
    Ok(processed)
}

/// What processing would make of an image `width` x `height` (as displayed), without
/// making it: the names and sizes of its variants, at the paths they would have in
/// `cache`. For `check`, which writes nothing.
fn planned(
    cache: &Cache,
    key: &str,
    stem: &str,
    format: Format,
    width: u32,
    height: u32,
) -> Processed {
    let formats: &[Format] = if format == Format::Webp {
        &[Format::Webp]
    } else {
        &[Format::Webp, format]
    };
    let mut variants = Vec::new();
    for &f in formats {
        for w in raster::targets(width, &cache.settings().widths) {
            variants.push(Variant {
                width: w,
                height: raster::scaled_height(w, width, height),
                format: f,
                file_name: file_name(stem, key, Some(w), f),
                path: cache.variant_path(key, w, f),
                bytes: 0,
            });
        }
    }
    variants.sort_by_key(|v| (v.format, v.width));
    Processed {
        source_format: format,
        width,
        height,
        variants,
    }
}

/// The format of `bytes`, from their first bytes: an extension can lie.
fn sniff(bytes: &[u8], display: &Path) -> Result<Format, Problem> {
    let by_name = display
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .and_then(|e| Format::from_extension(&e));
    match image::guess_format(bytes) {
        Ok(image::ImageFormat::Jpeg) => Ok(Format::Jpeg),
        Ok(image::ImageFormat::Png) => Ok(Format::Png),
        Ok(image::ImageFormat::WebP) => Ok(Format::Webp),
        _ if by_name == Some(Format::Svg) => Ok(Format::Svg),
        Ok(other) => Err(Problem::new(
            display,
            format!("this is a {other:?} image, which the site does not publish"),
        )
        .hint("export it as JPEG (photos), PNG (screenshots, diagrams) or WebP")),
        Err(_) => Err(Problem::new(display, not_an_image(bytes, by_name))
            .hint("export the picture again as JPEG, PNG or WebP, or fix the file name")),
    }
}

fn not_an_image(bytes: &[u8], by_name: Option<Format>) -> String {
    let kind = if bytes.is_empty() {
        "the file is empty"
    } else if std::str::from_utf8(&bytes[..bytes.len().min(512)]).is_ok() {
        "the file holds text"
    } else {
        "its first bytes match no image format"
    };
    match by_name {
        Some(format) => format!(
            "not a {} image: {kind}",
            format.extension().to_ascii_uppercase()
        ),
        None => format!("not an image: {kind}"),
    }
}

/// The URL-safe stem published file names start with: `Tokayev & Xi.JPG` -> `tokayev-xi`.
fn stem_of(display: &Path) -> String {
    let stem = display
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut slug = crate::urls::slugify(&stem);
    slug.truncate(60);
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        "image".to_string()
    } else {
        slug
    }
}

/// `STEM-HASH-WIDTH.EXT` (or `STEM-HASH.svg`), with the first 12 hex digits of the key.
pub(crate) fn file_name(stem: &str, key: &str, width: Option<u32>, format: Format) -> String {
    let hash = &key[..key.len().min(12)];
    match width {
        Some(w) => format!("{stem}-{hash}-{w}.{}", format.extension()),
        None => format!("{stem}-{hash}.{}", format.extension()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_are_url_safe() {
        assert_eq!(stem_of(Path::new("a/Tokayev & Xi.JPG")), "tokayev-xi");
        assert_eq!(stem_of(Path::new("a/Алматы.png")), "almaty");
        assert_eq!(stem_of(Path::new("a/___.png")), "image");
    }

    #[test]
    fn file_names_carry_hash_and_width() {
        let key = "0123456789abcdef0123";
        assert_eq!(
            file_name("x", key, Some(960), Format::Webp),
            "x-0123456789ab-960.webp"
        );
        assert_eq!(file_name("x", key, None, Format::Svg), "x-0123456789ab.svg");
    }

    #[test]
    fn text_named_jpg_is_refused() {
        let err = sniff(b"hello, not a photo\n", Path::new("c/photo.jpg")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "c/photo.jpg: not a JPG image: the file holds text; export the picture again as JPEG, PNG or WebP, or fix the file name"
        );
    }

    #[test]
    fn formats_list_webp_first() {
        let v = |format| Variant {
            width: 1,
            height: 1,
            format,
            file_name: String::new(),
            path: PathBuf::new(),
            bytes: 0,
        };
        let p = Processed {
            source_format: Format::Jpeg,
            width: 1,
            height: 1,
            variants: vec![v(Format::Jpeg), v(Format::Webp)],
        };
        assert_eq!(p.formats(), vec![Format::Webp, Format::Jpeg]);
    }
}
