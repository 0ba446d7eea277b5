//! The media of one build: the images and files documents name, resolved beside them,
//! processed once however many pages and languages use them, and listed for publishing.

use super::reference::{Folders, resolve_within};
use super::{Cache, Format, Processed, Published, process_seen};
use crate::config::Config;
use crate::diagnostics::Problem;
use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// The output folder of every image, linked file and share card, at the site's root.
pub const MEDIA_DIR: &str = "media";

type Slot = Arc<OnceLock<Result<Arc<Processed>, Problem>>>;

/// Where one reference led, once found (None: it failed).
type Found = Arc<OnceLock<Option<PathBuf>>>;

/// Every image a build has processed and every file it will publish.
pub struct Library {
    cache: Cache,
    /// `content/` as problems name it.
    content: PathBuf,
    /// `content/` made absolute once (the media index knows sources by absolute path;
    /// `std::path::absolute` of each would ask for the working folder each time).
    absolute_content: Option<PathBuf>,
    /// The real paths of the folders under `content/`, which every file must stay in.
    folders: Folders,
    /// What each reference resolved to, by the folder it is written in and its text: a
    /// photo shown in every language is resolved once, the other languages' pages
    /// (often at the same moment, on other threads) waiting for it. None: it failed.
    resolved: Mutex<HashMap<(PathBuf, String), Found>>,
    /// By source path: the image, processed on first use (other threads wait for it).
    images: Mutex<HashMap<PathBuf, Slot>>,
    /// Output path (`media/…`) -> the file to copy there (in the cache, or `content/`).
    published: Mutex<BTreeMap<String, PathBuf>>,
}

/// What a linked file (not shown as an image) is published as.
pub struct Linked {
    /// Its output path, `media/…`.
    pub output: String,
    /// The file published there.
    pub source: PathBuf,
}

impl Library {
    /// The library of the site `config` describes, with its cache in `ROOT/.briefing-cache`.
    pub fn new(config: &Config) -> Library {
        let content = crate::content::display_path(config, &config.root.join("content"));
        Library {
            cache: Cache::for_site(&config.root),
            absolute_content: std::path::absolute(&content).ok(),
            folders: Folders::new(&content),
            content,
            resolved: Mutex::new(HashMap::new()),
            images: Mutex::new(HashMap::new()),
            published: Mutex::new(BTreeMap::new()),
        }
    }

    /// A library that writes nothing, for `check`: images not in the cache are
    /// checked and sized but not encoded, and share cards are not drawn.
    pub fn read_only(mut self) -> Library {
        self.cache = self.cache.read_only();
        self
    }

    /// A library whose cache takes a variant as whole when `published` (the output's
    /// `media/` files, just checked against a trusted manifest) holds that very file.
    pub fn trusting(mut self, published: Published) -> Library {
        self.cache = self.cache.trusting(published);
        self
    }

    pub fn cache(&self) -> &Cache {
        &self.cache
    }

    /// The image `reference` names from `document` (both as problems show them),
    /// processed, its variants listed for publishing. A problem names `document`; the
    /// caller adds the line and column.
    pub fn image(&self, document: &Path, reference: &str) -> Result<Arc<Processed>, Problem> {
        let (source, meta) = self.resolve(document, reference, "image")?;
        let slot = {
            let mut images = self.images.lock().expect("no holder panics");
            images.entry(source.clone()).or_default().clone()
        };
        let image = slot
            .get_or_init(|| {
                // The status `resolve` just took, when it took one, is the source's now.
                let seen = meta.and_then(|meta| {
                    let inside = source.strip_prefix(&self.content).ok()?;
                    let absolute = self.absolute_content.as_ref()?.join(inside);
                    self.cache.seen_as(absolute, &meta)
                });
                let seen = seen.or_else(|| self.cache.seen(&source));
                let image = process_seen(&source, &source, &self.cache, seen)?;
                // Listed once, by the first page that shows it.
                self.publish_image(&image);
                Ok(Arc::new(image))
            })
            .clone()
            .map_err(|problem| {
                let named = if Path::new(reference) == problem.path {
                    format!("`{reference}`")
                } else {
                    format!("`{reference}` ({})", problem.path.display())
                };
                Problem::new(document, format!("{named}: {}", problem.message)).hint(problem.hint)
            })?;
        Ok(image)
    }

    /// The file `reference` names from `document`, a `kind` of file as problems say
    /// (see [`super::resolve_as`]); remembered when found, so the other languages'
    /// pages beside it resolve it for free. A problem is worked out again each time, as
    /// it names its own document. The file's status comes with a fresh resolution (not
    /// a remembered one) when the file is not a symlink.
    fn resolve(
        &self,
        document: &Path,
        reference: &str,
        kind: &str,
    ) -> Result<(PathBuf, Option<std::fs::Metadata>), Problem> {
        let at = (
            document.parent().unwrap_or(Path::new("")).to_path_buf(),
            reference.to_string(),
        );
        let slot = {
            let mut resolved = self.resolved.lock().expect("no holder panics");
            resolved.entry(at).or_default().clone()
        };
        let mut fresh = None;
        let found = slot.get_or_init(|| {
            let result = resolve_within(document, reference, &self.folders, kind);
            let found = result.as_ref().ok().map(|(path, _)| path.clone());
            fresh = Some(result);
            found
        });
        match (found, fresh) {
            (_, Some(result)) => result,
            (Some(found), None) => Ok((found.clone(), None)),
            (None, None) => resolve_within(document, reference, &self.folders, kind),
        }
    }

    /// Lists every file of `image` for publishing under `media/`.
    pub fn publish_image(&self, image: &Processed) {
        let mut published = self.published.lock().expect("no holder panics");
        for v in &image.variants {
            published.insert(format!("{MEDIA_DIR}/{}", v.file_name), v.path.clone());
        }
    }

    /// Lists the file at `source` for publishing at `output`.
    pub fn publish(&self, output: String, source: PathBuf) {
        self.published
            .lock()
            .expect("no holder panics")
            .insert(output, source);
    }

    /// The file `reference` links from `document`: a photo or figure as its widest
    /// published variant (never the original, which may carry a location), anything else
    /// as it is, at `media/` + its path under `content/` (`media/briefings/NAME/report.pdf`).
    pub fn file(&self, document: &Path, reference: &str) -> Result<Linked, Problem> {
        let (source, _) = self.resolve(document, reference, "file")?;
        let extension = source
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        if extension
            .as_deref()
            .and_then(Format::from_extension)
            .is_some()
        {
            let image = self.image(document, reference)?;
            let widest = image
                .in_format(image.source_format)
                .last()
                .or(image.variants.last())
                .expect("a processed image has a file");
            return Ok(Linked {
                output: format!("{MEDIA_DIR}/{}", widest.file_name),
                source: widest.path.clone(),
            });
        }
        let inside = source.strip_prefix(&self.content).unwrap_or(&source);
        let mut segments = Vec::new();
        for c in inside.components() {
            match c {
                Component::Normal(s) => match s.to_str() {
                    Some(s) => segments.push(s),
                    None => {
                        return Err(Problem::new(
                            document,
                            format!("the file name of `{reference}` is not UTF-8"),
                        )
                        .hint("rename the file with a UTF-8 name"));
                    }
                },
                _ => {
                    return Err(Problem::new(
                        document,
                        format!("`{reference}` is not a plain path"),
                    ));
                }
            }
        }
        let output = format!("{MEDIA_DIR}/{}", segments.join("/"));
        self.publish(output.clone(), source.clone());
        Ok(Linked { output, source })
    }

    /// Every file to publish, by output path.
    pub fn published(&self) -> Vec<(String, PathBuf)> {
        self.published
            .lock()
            .expect("no holder panics")
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
}

/// `path` with every byte outside letters, digits, `-._~/` written as `%XX`: a URL
/// that a browser reads back as the same file name.
pub fn url_path(path: &str) -> String {
    crate::urls::encode_path(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_escape_what_a_url_cannot_hold() {
        assert_eq!(
            url_path("media/a b/Città,1.pdf"),
            "media/a%20b/Citt%C3%A0%2C1.pdf"
        );
        assert_eq!(url_path("media/x-1_2.~a"), "media/x-1_2.~a");
    }
}
