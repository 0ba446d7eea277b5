//! Raster images: decode within fixed limits, resize, orient, and encode without metadata.
//!
//! Memory bound, per image being processed: the source file (at most [`MAX_FILE_BYTES`])
//! plus one decoded buffer of at most [`MAX_PIXELS`] pixels (4 bytes each for 8-bit
//! images: 200 MB; a 16-bit PNG needs 8 bytes a pixel while it is converted, and the
//! decoder is capped at [`MAX_ALLOC`]) plus the variant being encoded, at most 1600
//! pixels wide (about 8 MB for a 4:3 photo). A header claiming more is refused before
//! anything is allocated. A build processing images on N threads needs N times this.
//!
//! Published files carry no metadata: the encoders here write pixels only (no EXIF, no
//! XMP, no IPTC, no ICC profile, no text chunks). Pixels are taken as sRGB, which is
//! what browsers assume of an untagged image; a photo tagged with a wider profile
//! (Display P3, Adobe RGB) comes out slightly less saturated.

use super::Format;
use super::cache::Settings;
use crate::diagnostics::Problem;
use fast_image_resize::images::{TypedImage, TypedImageRef};
use fast_image_resize::pixels::{U8x3, U8x4};
use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageReader, Limits};
use std::io::Cursor;
use std::path::Path;

/// The largest source file read: 100 MB (a 40 MB photo is processed).
pub const MAX_FILE_BYTES: u64 = 100_000_000;
/// The most pixels a source may have: 50 megapixels (8660 x 5773, a 48 MP phone's
/// 8064 x 6048). A header claiming more is refused before decoding.
pub const MAX_PIXELS: u64 = 50_000_000;
/// The longest side a source may have (WebP's own limit).
pub const MAX_SIDE: u32 = 16_383;
/// What the decoder may allocate at once.
pub(super) const MAX_ALLOC: u64 = 512 * 1024 * 1024;

/// One encoded file, not yet in the cache.
pub(crate) struct Encoded {
    pub width: u32,
    pub height: u32,
    pub format: Format,
    pub bytes: Vec<u8>,
}

/// What a source image became: its displayed size and the encoded variants.
pub(crate) struct Made {
    pub width: u32,
    pub height: u32,
    pub variants: Vec<Encoded>,
}

/// The bytes of `source`, refused when larger than [`MAX_FILE_BYTES`].
pub(crate) fn read_source(source: &Path, display: &Path) -> Result<Vec<u8>, Problem> {
    let cannot =
        |err: std::io::Error| Problem::new(display, format!("cannot read this file: {err}"));
    let size = std::fs::metadata(source).map_err(cannot)?.len();
    if size > MAX_FILE_BYTES {
        return Err(Problem::new(
            display,
            format!(
                "this file has {} MB; images are read up to {} MB",
                size / 1_000_000,
                MAX_FILE_BYTES / 1_000_000
            ),
        )
        .hint("export a smaller copy (the site publishes at most 1600 pixels wide)"));
    }
    std::fs::read(source).map_err(cannot)
}

/// Decodes `bytes`, then writes every variant `settings` asks for.
pub(crate) fn make(
    bytes: &[u8],
    format: Format,
    settings: &Settings,
    display: &Path,
) -> Result<Made, Problem> {
    let (image, orientation) = decode(bytes, format, display)?;
    let swap = swaps(orientation);
    let (width, height) = if swap {
        (image.height(), image.width())
    } else {
        (image.width(), image.height())
    };
    let formats: &[Format] = if format == Format::Webp {
        &[Format::Webp]
    } else {
        &[Format::Webp, format]
    };
    let mut variants = Vec::new();
    // Widest first, each narrower one resized from the one before: cheaper than
    // going back to the full image every time, and as sharp at these ratios.
    let mut previous: Option<DynamicImage> = None;
    for &w in targets(width, &settings.widths).iter().rev() {
        let h = scaled_height(w, width, height);
        let (sw, sh) = if swap { (h, w) } else { (w, h) };
        let from = previous.as_ref().unwrap_or(&image);
        let resized = resize(from, sw, sh, display)?;
        let mut oriented = resized.clone();
        oriented.apply_orientation(orientation);
        for &f in formats {
            let bytes = encode(&oriented, f, settings, format == Format::Png, display)?;
            variants.push(Encoded {
                width: w,
                height: h,
                format: f,
                bytes,
            });
        }
        previous = Some(resized);
    }
    variants.sort_by_key(|v| (v.format, v.width));
    Ok(Made {
        width,
        height,
        variants,
    })
}

/// The height of a variant `w` wide of an image `width` x `height`, rounded.
pub(crate) fn scaled_height(w: u32, width: u32, height: u32) -> u32 {
    ((u64::from(w) * u64::from(height) + u64::from(width) / 2) / u64::from(width)).max(1) as u32
}

/// Decodes `bytes` (checking them as [`make`] does) and returns the size as displayed,
/// without encoding anything.
pub(crate) fn measure(bytes: &[u8], format: Format, display: &Path) -> Result<(u32, u32), Problem> {
    let (image, orientation) = decode(bytes, format, display)?;
    Ok(if swaps(orientation) {
        (image.height(), image.width())
    } else {
        (image.width(), image.height())
    })
}

/// The widths to publish for an image `width` pixels wide: every setting that does not
/// upscale, plus the image's own width when it is narrower than the widest setting.
pub(crate) fn targets(width: u32, widths: &[u32]) -> Vec<u32> {
    let mut out: Vec<u32> = widths.iter().copied().filter(|&w| w <= width).collect();
    if widths.iter().any(|&w| w > width) {
        out.push(width);
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn swaps(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// Reads the header, checks the size against the limits, then decodes to 8-bit RGB(A).
fn decode(
    bytes: &[u8],
    format: Format,
    display: &Path,
) -> Result<(DynamicImage, Orientation), Problem> {
    let image_format = match format {
        Format::Jpeg => image::ImageFormat::Jpeg,
        Format::Png => image::ImageFormat::Png,
        _ => image::ImageFormat::WebP,
    };
    let complete = match format {
        Format::Jpeg => jpeg_is_complete(bytes),
        _ => webp_is_complete(bytes) || format != Format::Webp,
    };
    if !complete {
        return Err(truncated(display));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), image_format);
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    // The limits on the sides are checked here, not by the decoder, to say the size.
    let mut decoder = reader
        .into_decoder()
        .map_err(|err| decode_problem(err, display))?;
    let (w, h) = decoder.dimensions();
    if w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE || u64::from(w) * u64::from(h) > MAX_PIXELS
    {
        return Err(too_large(w, h, display));
    }
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let image = DynamicImage::from_decoder(decoder).map_err(|err| decode_problem(err, display))?;
    let image = if image.color().has_alpha() {
        DynamicImage::ImageRgba8(image.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(image.into_rgb8())
    };
    Ok((image, orientation))
}

/// Whether a JPEG has its end-of-image marker after its last scan: a file cut short
/// loses it, and the decoder would otherwise fill the missing rows with grey.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let last_scan = bytes.windows(2).rposition(|w| w == [0xFF, 0xDA]);
    let last_end = bytes.windows(2).rposition(|w| w == [0xFF, 0xD9]);
    matches!((last_scan, last_end), (Some(s), Some(e)) if e > s)
}

/// Whether a WebP file is as long as its RIFF header says.
fn webp_is_complete(bytes: &[u8]) -> bool {
    bytes
        .get(4..8)
        .and_then(|size| size.try_into().ok())
        .is_some_and(|size: [u8; 4]| bytes.len() as u64 >= u64::from(u32::from_le_bytes(size)) + 8)
}

fn truncated(display: &Path) -> Problem {
    Problem::new(
        display,
        "this image is cut short (truncated): its end is missing",
    )
    .hint("copy or export the file again; the one here is incomplete")
}

fn too_large(w: u32, h: u32, display: &Path) -> Problem {
    Problem::new(
        display,
        format!(
            "this image claims {w} x {h} pixels; images are processed up to {} megapixels and {MAX_SIDE} pixels a side",
            MAX_PIXELS / 1_000_000
        ),
    )
    .hint("export a smaller copy (the site publishes at most 1600 pixels wide)")
}

fn decode_problem(err: ImageError, display: &Path) -> Problem {
    match err {
        ImageError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            truncated(display)
        }
        ImageError::Limits(e) => Problem::new(
            display,
            format!("this image is too large to decode within the memory bound ({e})"),
        )
        .hint("export a smaller copy (the site publishes at most 1600 pixels wide)"),
        ImageError::Unsupported(e) => Problem::new(
            display,
            format!("this image uses a feature the decoder does not support: {e}"),
        )
        .hint("export it again as a baseline JPEG, PNG or WebP"),
        other => Problem::new(
            display,
            format!("this image is damaged and cannot be decoded: {other}"),
        )
        .hint("copy or export the file again"),
    }
}

fn resize(from: &DynamicImage, w: u32, h: u32, display: &Path) -> Result<DynamicImage, Problem> {
    if from.width() == w && from.height() == h {
        return Ok(from.clone());
    }
    let failed = |err: String| Problem::new(display, format!("cannot resize this image: {err}"));
    match from {
        DynamicImage::ImageRgb8(src) => {
            let mut out = image::RgbImage::new(w, h);
            resize_typed::<U8x3>(src.as_raw(), (src.width(), src.height()), &mut out, (w, h))
                .map_err(failed)?;
            Ok(DynamicImage::ImageRgb8(out))
        }
        DynamicImage::ImageRgba8(src) => {
            let mut out = image::RgbaImage::new(w, h);
            resize_typed::<U8x4>(src.as_raw(), (src.width(), src.height()), &mut out, (w, h))
                .map_err(failed)?;
            Ok(DynamicImage::ImageRgba8(out))
        }
        _ => Err(failed("unexpected pixel layout".into())),
    }
}

/// Lanczos3 from one 8-bit buffer into another of the same layout (RGBA with its
/// alpha premultiplied while filtering). Typed, so only the two layouts used here are
/// compiled in.
fn resize_typed<P>(
    src: &[u8],
    (sw, sh): (u32, u32),
    dst: &mut [u8],
    (dw, dh): (u32, u32),
) -> Result<(), String>
where
    P: fast_image_resize::pixels::InnerPixel + fast_image_resize::PixelTrait,
{
    let src = TypedImageRef::<P>::from_buffer(sw, sh, src).map_err(|e| e.to_string())?;
    let mut dst = TypedImage::<P>::from_buffer(dw, dh, dst).map_err(|e| e.to_string())?;
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new()
        .resize_typed(&src, &mut dst, &options)
        .map_err(|e| e.to_string())
}

fn encode(
    image: &DynamicImage,
    format: Format,
    settings: &Settings,
    lossless: bool,
    display: &Path,
) -> Result<Vec<u8>, Problem> {
    let failed =
        |what: String| Problem::new(display, format!("the {format:?} encoder failed: {what}"));
    let mut out = Vec::new();
    match format {
        Format::Jpeg => {
            let encoder =
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, settings.jpeg_quality);
            image
                .write_with_encoder(encoder)
                .map_err(|e| failed(e.to_string()))?;
        }
        Format::Png => {
            let encoder = image::codecs::png::PngEncoder::new_with_quality(
                &mut out,
                image::codecs::png::CompressionType::Best,
                image::codecs::png::FilterType::Adaptive,
            );
            image
                .write_with_encoder(encoder)
                .map_err(|e| failed(e.to_string()))?;
        }
        Format::Webp => out = encode_webp(image, settings, lossless).map_err(failed)?,
        Format::Svg => return Err(failed("SVG is not a raster format".into())),
    }
    Ok(out)
}

/// Lossy WebP for photos; lossless for PNG sources (diagrams and screenshots, whose
/// sharp edges lossy coding blurs).
fn encode_webp(
    image: &DynamicImage,
    settings: &Settings,
    lossless: bool,
) -> Result<Vec<u8>, String> {
    let (w, h) = (image.width(), image.height());
    let encoder = match image {
        DynamicImage::ImageRgba8(buf) => webp::Encoder::from_rgba(buf.as_raw(), w, h),
        DynamicImage::ImageRgb8(buf) => webp::Encoder::from_rgb(buf.as_raw(), w, h),
        _ => return Err("unexpected pixel layout".into()),
    };
    let mut config =
        webp::WebPConfig::new().map_err(|()| "cannot configure libwebp".to_string())?;
    config.quality = settings.webp_quality;
    config.method = 4;
    if lossless {
        config.lossless = 1;
    }
    let memory = encoder
        .encode_advanced(&config)
        .map_err(|err| format!("{err:?}"))?;
    Ok(memory.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_never_upscale() {
        let widths = [480, 960, 1600];
        assert_eq!(targets(4000, &widths), vec![480, 960, 1600]);
        assert_eq!(targets(1600, &widths), vec![480, 960, 1600]);
        assert_eq!(targets(1200, &widths), vec![480, 960, 1200]);
        assert_eq!(targets(960, &widths), vec![480, 960]);
        assert_eq!(targets(300, &widths), vec![300]);
    }

    #[test]
    fn a_jpeg_without_its_end_marker_is_incomplete() {
        assert!(jpeg_is_complete(&[
            0xFF, 0xD8, 0xFF, 0xDA, 1, 2, 0xFF, 0xD9
        ]));
        assert!(!jpeg_is_complete(&[0xFF, 0xD8, 0xFF, 0xDA, 1, 2, 3]));
        // An embedded thumbnail's end marker before the scan does not count.
        assert!(!jpeg_is_complete(&[0xFF, 0xD8, 0xFF, 0xD9, 0xFF, 0xDA, 1]));
    }
}
