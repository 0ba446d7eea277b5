//! SVG figures: checked to parse and sized, then published byte for byte.
//!
//! SVG comes from the site's editors, who are trusted like the raw HTML in their
//! Markdown: it is not sanitised. Shown through `<img>`, an SVG runs no script and
//! loads nothing; only opening the file itself would run what it holds.

use super::{Format, Processed, Variant, file_name};
use crate::diagnostics::Problem;
use std::path::Path;

/// An SVG published as it is, under a name carrying the hash of its bytes.
pub(crate) fn process(
    source: &Path,
    display: &Path,
    bytes: &[u8],
    stem: &str,
) -> Result<Processed, Problem> {
    let (width, height) = size(bytes, display)?;
    let key = crate::files::digest(&[b"svg", bytes]);
    Ok(Processed {
        source_format: Format::Svg,
        width,
        height,
        variants: vec![Variant {
            width,
            height,
            format: Format::Svg,
            file_name: file_name(stem, &key, None, Format::Svg),
            path: source.to_path_buf(),
            bytes: bytes.len() as u64,
        }],
    })
}

/// The intrinsic size of an SVG: its `width`/`height`, or else its `viewBox`.
fn size(bytes: &[u8], display: &Path) -> Result<(u32, u32), Problem> {
    // Sizing needs no fonts and no linked files: refuse to load any.
    let options = resvg::usvg::Options {
        image_href_resolver: crate::share_card::no_images(),
        ..resvg::usvg::Options::default()
    };
    let tree = resvg::usvg::Tree::from_data(bytes, &options).map_err(|err| {
        Problem::new(display, format!("this SVG cannot be read: {err}"))
            .hint("open it in a browser or an SVG editor and save it again")
    })?;
    let size = tree.size();
    Ok((
        (size.width().round() as u32).max(1),
        (size.height().round() as u32).max(1),
    ))
}
