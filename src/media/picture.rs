//! The `<picture>` element for a processed image: `srcset`, `sizes`, explicit size.

use super::{Format, Processed, Variant};
use crate::markup::escape;
use std::fmt::Write as _;

/// What a page needs to show one processed image.
pub struct Picture<'a> {
    pub image: &'a Processed,
    /// The relative URL of the folder its files are published in, ending in `/`
    /// (`../../../media/`), so the page works from `file://` and under any sub-path.
    pub base: &'a str,
    /// The text alternative, in the page's language; `""` for a decorative image.
    pub alt: &'a str,
    /// How wide the image is shown: `(min-width: 60rem) 44rem, 100vw`.
    pub sizes: &'a str,
    /// Below the first screen: `loading="lazy"`. Above it (a cover): fetched early
    /// with `fetchpriority="high"`.
    pub lazy: bool,
}

/// The HTML for `picture`: a `<picture>` with a WebP `<source>` and an `<img>` in the
/// source's format for raster images, a plain `<img>` for SVG. Every `<img>` has
/// `width`/`height` (of the widest file, so the browser reserves the box before the
/// file arrives) and `decoding="async"`.
pub fn picture_html(picture: &Picture) -> String {
    let image = picture.image;
    let formats = image.formats();
    let Some(&fallback) = formats.last() else {
        return String::new();
    };
    let fallback_files: Vec<&Variant> = image.in_format(fallback).collect();
    let (src, widest) = match (choose_src(&fallback_files), fallback_files.last()) {
        (Some(src), Some(widest)) => (src, *widest),
        _ => return String::new(),
    };
    let mut html = String::new();
    let raster = fallback != Format::Svg;
    if raster {
        html.push_str("<picture>");
        for &format in &formats[..formats.len() - 1] {
            let _ = write!(
                html,
                "<source type=\"{}\" srcset=\"{}\" sizes=\"{}\">",
                format.mime(),
                srcset(picture.base, image.in_format(format)),
                escape(picture.sizes)
            );
        }
    }
    let _ = write!(html, "<img src=\"{}\"", url(picture.base, &src.file_name));
    if raster {
        let _ = write!(
            html,
            " srcset=\"{}\" sizes=\"{}\"",
            srcset(picture.base, fallback_files.iter().copied()),
            escape(picture.sizes)
        );
    }
    let _ = write!(
        html,
        " width=\"{}\" height=\"{}\" alt=\"{}\"",
        widest.width,
        widest.height,
        escape(picture.alt)
    );
    html.push_str(if picture.lazy {
        " loading=\"lazy\" decoding=\"async\">"
    } else {
        " fetchpriority=\"high\" decoding=\"async\">"
    });
    if raster {
        html.push_str("</picture>");
    }
    html
}

/// The `src` for browsers without `srcset`: the widest file up to 960 pixels.
fn choose_src<'a>(files: &[&'a Variant]) -> Option<&'a Variant> {
    files
        .iter()
        .rev()
        .find(|v| v.width <= 960)
        .or(files.first())
        .copied()
}

fn srcset<'a>(base: &str, files: impl Iterator<Item = &'a Variant>) -> String {
    files
        .map(|v| format!("{} {}w", url(base, &v.file_name), v.width))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `base` + `name`, escaped for an attribute; a space or comma would split a `srcset`.
fn url(base: &str, name: &str) -> String {
    escape(
        &format!("{base}{name}")
            .replace(' ', "%20")
            .replace(',', "%2C"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn variant(width: u32, format: Format) -> Variant {
        Variant {
            width,
            height: width * 3 / 4,
            format,
            file_name: format!("p-abc-{width}.{}", format.extension()),
            path: PathBuf::new(),
            bytes: 1,
        }
    }

    fn photo(formats: &[Format]) -> Processed {
        let mut variants = Vec::new();
        for &f in formats {
            for w in [480, 960, 1600] {
                variants.push(variant(w, f));
            }
        }
        Processed {
            source_format: formats[formats.len() - 1],
            width: 1600,
            height: 1200,
            variants,
        }
    }

    #[test]
    fn jpeg_gets_a_webp_source_and_a_jpeg_img() {
        let image = photo(&[Format::Jpeg, Format::Webp]);
        let html = picture_html(&Picture {
            image: &image,
            base: "../../media/",
            alt: "Tokayev & Xi \"in Astana\"",
            sizes: "(min-width: 60rem) 44rem, 100vw",
            lazy: true,
        });
        assert_eq!(
            html,
            "<picture><source type=\"image/webp\" srcset=\"../../media/p-abc-480.webp 480w, \
             ../../media/p-abc-960.webp 960w, ../../media/p-abc-1600.webp 1600w\" \
             sizes=\"(min-width: 60rem) 44rem, 100vw\"><img src=\"../../media/p-abc-960.jpg\" \
             srcset=\"../../media/p-abc-480.jpg 480w, ../../media/p-abc-960.jpg 960w, \
             ../../media/p-abc-1600.jpg 1600w\" sizes=\"(min-width: 60rem) 44rem, 100vw\" \
             width=\"1600\" height=\"1200\" alt=\"Tokayev &amp; Xi &quot;in Astana&quot;\" \
             loading=\"lazy\" decoding=\"async\"></picture>"
        );
    }

    #[test]
    fn a_cover_is_not_lazy() {
        let image = photo(&[Format::Webp]);
        let html = picture_html(&Picture {
            image: &image,
            base: "m/",
            alt: "",
            sizes: "100vw",
            lazy: false,
        });
        assert!(!html.contains("<source"), "{html}");
        assert!(!html.contains("loading="), "{html}");
        assert!(
            html.contains(" fetchpriority=\"high\" decoding=\"async\">"),
            "{html}"
        );
        assert!(html.contains("alt=\"\""), "{html}");
    }

    #[test]
    fn svg_is_a_plain_img() {
        let image = Processed {
            source_format: Format::Svg,
            width: 400,
            height: 300,
            variants: vec![variant(400, Format::Svg)],
        };
        let html = picture_html(&Picture {
            image: &image,
            base: "my media/",
            alt: "Map",
            sizes: "100vw",
            lazy: true,
        });
        assert_eq!(
            html,
            "<img src=\"my%20media/p-abc-400.svg\" width=\"400\" height=\"300\" alt=\"Map\" \
             loading=\"lazy\" decoding=\"async\">"
        );
    }
}
