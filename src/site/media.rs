//! A document's photos and files in the site model: its cover from `image:`, and the
//! images and links of its Markdown, each resolved beside it and processed once.

use crate::content::Document;
use crate::diagnostics::Problem;
use crate::markdown::{Media, Refused};
use crate::media::{
    Format, Library, MEDIA_DIR, Picture, Processed, is_external, picture_html, url_path,
};
use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::Arc;

/// How wide a Markdown image is shown: the text column, or the screen on a phone.
pub(crate) const BODY_SIZES: &str = "(min-width: 48rem) 46rem, calc(100vw - 2rem)";

/// A document's cover, processed.
#[derive(Debug, Clone)]
pub struct Cover {
    pub image: Arc<Processed>,
    pub alt: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
}

/// The cover `doc` names, processed; a problem at its `src` when the file is missing,
/// broken, or a raster image without `credit`.
pub(crate) fn cover(library: &Library, doc: &Document) -> Result<Option<Cover>, Problem> {
    let Some(meta) = &doc.meta.image else {
        return Ok(None);
    };
    let at = |problem: Problem| problem.at(meta.line, meta.col);
    let image = library.image(&doc.path, &meta.src).map_err(at)?;
    if image.source_format != Format::Svg && meta.credit.is_none() {
        return Err(at(Problem::new(
            &doc.path,
            format!("the cover `{}` is a photo without `credit`", meta.src),
        )
        .hint(
            "say who took or made it: `image: { src: ..., alt: ..., credit: \"Name / Agency\" }`",
        )));
    }
    Ok(Some(Cover {
        image,
        alt: meta.alt.clone(),
        caption: meta.caption.clone(),
        credit: meta.credit.clone(),
    }))
}

/// What one document's Markdown publishes, through the build's [`Library`]: URLs are
/// relative to the document's page (`root`), so they work from disk and any sub-path.
pub(crate) struct DocMedia<'a> {
    library: &'a Library,
    doc: &'a Document,
    root: String,
    published: RefCell<Vec<(String, PathBuf)>>,
}

impl<'a> DocMedia<'a> {
    pub(crate) fn new(library: &'a Library, doc: &'a Document, root: String) -> Self {
        DocMedia {
            library,
            doc,
            root,
            published: RefCell::new(Vec::new()),
        }
    }

    /// The files the body uses: kept with the rendered body, so a body reused by
    /// `serve` publishes them again.
    pub(crate) fn into_published(self) -> Vec<(String, PathBuf)> {
        let mut files = self.published.into_inner();
        files.sort();
        files.dedup();
        files
    }
}

fn refused(problem: Problem) -> Refused {
    Refused {
        message: problem.message,
        hint: problem.hint,
    }
}

impl Media for DocMedia<'_> {
    fn image(&self, src: &str, alt: &str, lazy: bool) -> Option<Result<String, Refused>> {
        let image = match self.library.image(&self.doc.path, src) {
            Ok(image) => image,
            Err(problem) => return Some(Err(refused(problem))),
        };
        self.published.borrow_mut().extend(
            image
                .variants
                .iter()
                .map(|v| (format!("{MEDIA_DIR}/{}", v.file_name), v.path.clone())),
        );
        Some(Ok(picture_html(&Picture {
            image: &image,
            base: &format!("{}{MEDIA_DIR}/", self.root),
            alt,
            sizes: BODY_SIZES,
            lazy,
        })))
    }

    fn file(&self, href: &str) -> Option<Result<String, Refused>> {
        if !names_a_file(href) {
            return None;
        }
        let (path, fragment) = href.find('#').map_or((href, ""), |at| href.split_at(at));
        Some(match self.library.file(&self.doc.path, path) {
            Ok(linked) => {
                let url = format!("{}{}{fragment}", self.root, url_path(&linked.output));
                self.published
                    .borrow_mut()
                    .push((linked.output, linked.source));
                Ok(url)
            }
            Err(problem) => Err(refused(problem)),
        })
    }
}

/// Whether a Markdown link names a file beside the document: a relative path with an
/// extension other than `.html` (a page written by hand, which `check` verifies).
fn names_a_file(href: &str) -> bool {
    let path = href.split(['#', '?']).next().unwrap_or_default();
    if path.is_empty() || path.starts_with('/') || path.ends_with('/') || is_external(href) {
        return false;
    }
    let name = path.rsplit('/').next().unwrap_or_default();
    match name.rsplit_once('.') {
        Some((stem, extension)) => {
            !stem.is_empty() && !matches!(extension.to_ascii_lowercase().as_str(), "html" | "htm")
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_links_name_files() {
        for yes in [
            "report.pdf",
            "NAME/data.csv#x",
            "../other/photo.JPG",
            "a/b.tar.gz?x=1",
        ] {
            assert!(names_a_file(yes), "{yes}");
        }
        for no in [
            "https://example.org/a.pdf",
            "mailto:a@b.c",
            "#part",
            "../x/index.html",
            "../x/",
            "/abs/file.pdf",
            "folder",
            ".hidden",
        ] {
            assert!(!names_a_file(no), "{no}");
        }
    }
}
