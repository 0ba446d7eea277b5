//! Bad input for the media step: each a clear problem naming the file, never a panic,
//! and nothing allocated for a picture the limits refuse (issue 15).

use briefing::media::{self, Cache, Format, Settings};
use common::images::crc32;
use std::fs;
use std::path::{Path, PathBuf};

mod common;

/// The bytes of the image `name` of tests/fixtures/media/.
fn fixture(name: &str) -> Vec<u8> {
    fs::read(common::site::fixture("media").join(name)).unwrap()
}

/// A PNG that is valid up to its header and claims `w` x `h` pixels.
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(
        &mut png,
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    chunk(&mut png, b"IEND", &[]);
    png
}

fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    png.extend_from_slice(&(data.len() as u32).to_be_bytes());
    png.extend_from_slice(kind);
    png.extend_from_slice(data);
    let crc = crc32(&[&kind[..], data].concat());
    png.extend_from_slice(&crc.to_be_bytes());
}

/// The fixture JPEG with its frame header rewritten to claim `w` x `h` pixels.
fn jpeg_claiming(w: u16, h: u16) -> Vec<u8> {
    let mut jpeg = fixture("photo-gps.jpg");
    let sof = jpeg
        .windows(2)
        .position(|m| m == [0xFF, 0xC0])
        .expect("a baseline frame header");
    jpeg[sof + 5..sof + 7].copy_from_slice(&h.to_be_bytes());
    jpeg[sof + 7..sof + 9].copy_from_slice(&w.to_be_bytes());
    jpeg
}

fn cut(bytes: Vec<u8>, keep: f64) -> Vec<u8> {
    let n = (bytes.len() as f64 * keep) as usize;
    bytes[..n].to_vec()
}

/// Each file is refused with a problem on its own name whose text says `expect`.
#[test]
fn bad_images_are_refused_by_name() {
    let mut corrupt = fixture("photo-gps.jpg");
    let sos = corrupt.windows(2).rposition(|m| m == [0xFF, 0xDA]).unwrap();
    // Huffman table selectors pointing at tables that do not exist.
    corrupt[sos + 6] = 0xFF;
    corrupt[sos + 8] = 0xFF;
    let mut bad_png = fixture("diagram.png");
    let mid = bad_png.len() / 2;
    for b in &mut bad_png[mid..mid + 64] {
        *b ^= 0x5A;
    }
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "cut.jpg",
            cut(fixture("photo-gps.jpg"), 0.6),
            "cut short (truncated)",
        ),
        (
            "cut.png",
            cut(fixture("diagram.png"), 0.6),
            "cut short (truncated)",
        ),
        (
            "cut.webp",
            cut(fixture("photo.webp"), 0.6),
            "cut short (truncated)",
        ),
        ("corrupt.jpg", corrupt, "damaged"),
        ("corrupt.png", bad_png, "damaged"),
        (
            "bomb.png",
            png_claiming(100_000, 100_000),
            "claims 100000 x 100000 pixels",
        ),
        (
            "bomb.jpg",
            jpeg_claiming(60_000, 60_000),
            "claims 60000 x 60000 pixels",
        ),
        (
            "wide.png",
            png_claiming(20_000, 10),
            "claims 20000 x 10 pixels",
        ),
        (
            "notes.jpg",
            b"These are my notes, not a photo.\n".to_vec(),
            "not a JPG image: the file holds text",
        ),
        (
            "page.png",
            b"<!doctype html><title>x</title>".to_vec(),
            "not a PNG image: the file holds text",
        ),
        (
            "empty.webp",
            Vec::new(),
            "not a WEBP image: the file is empty",
        ),
        (
            "noise.jpg",
            (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect(),
            "not a JPG image: its first bytes match no image format",
        ),
        (
            "anim.gif",
            b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec(),
            "a Gif image, which the site does not publish",
        ),
        (
            "broken.svg",
            b"<svg xmlns='http://www.w3.org/2000/svg'><rect".to_vec(),
            "this SVG cannot be read",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path().join("cache"), Settings::default());
    let mut failures = Vec::new();
    for (name, bytes, expect) in &cases {
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        let display = Path::new("content/briefings/x").join(name);
        match media::process(&path, &display, &cache) {
            Ok(p) => failures.push(format!("{name}: accepted as {}x{}", p.width, p.height)),
            Err(problem) => {
                let text = problem.to_string();
                if problem.path != display || !text.contains(expect) || problem.hint.is_empty() {
                    failures.push(format!("{name}: {text}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(cache.encodes(), 0);
}

#[test]
fn a_missing_or_huge_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path().join("cache"), Settings::default());
    let missing = dir.path().join("gone.jpg");
    let problem = media::process(&missing, Path::new("x/gone.jpg"), &cache).unwrap_err();
    assert!(
        problem
            .to_string()
            .starts_with("x/gone.jpg: cannot read this file"),
        "{problem}"
    );

    let huge = dir.path().join("huge.jpg");
    let file = fs::File::create(&huge).unwrap();
    file.set_len(media::MAX_FILE_BYTES + 1).unwrap();
    let problem = media::process(&huge, Path::new("x/huge.jpg"), &cache).unwrap_err();
    assert!(
        problem
            .to_string()
            .contains("this file has 100 MB; images are read up to 100 MB"),
        "{problem}"
    );
}

/// A 40 MB photo (8000 x 6000, 48 megapixels: a gradient under heavy noise at JPEG
/// quality 94) is processed within the limits.
#[test]
fn a_40_mb_photo_is_processed() {
    let (w, h) = (8000u32, 6000u32);
    let jpeg = common::images::noisy_jpeg(w, h);
    let size = jpeg.len() as u64;
    assert!(
        (40_000_000..media::MAX_FILE_BYTES).contains(&size),
        "{size} bytes"
    );
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join("big.jpg");
    fs::write(&path, &jpeg).unwrap();
    drop(jpeg);
    let cache = Cache::new(dir.path().join("cache"), Settings::default());
    let p = media::process(&path, Path::new("big.jpg"), &cache).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!((p.width, p.height), (w, h));
    let widths: Vec<u32> = p.in_format(Format::Jpeg).map(|v| v.width).collect();
    assert_eq!(widths, vec![480, 960, 1600]);
    assert_eq!(p.in_format(Format::Webp).count(), 3);
}

#[test]
fn image_references_stay_in_the_content_folder() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    let doc = content.join("briefings/astana.it.md");
    fs::create_dir_all(content.join("briefings/astana")).unwrap();
    fs::write(&doc, "---\n").unwrap();
    fs::write(content.join("briefings/astana/my photo.jpg"), b"x").unwrap();
    fs::write(content.join("briefings/astana/map.svg"), b"x").unwrap();
    fs::write(dir.path().join("secret.jpg"), b"x").unwrap();

    let ok = |r: &str| media::resolve(&doc, r, &content).unwrap_or_else(|p| panic!("{r}: {p}"));
    assert_eq!(
        ok("astana/map.svg"),
        content.join("briefings/astana/map.svg")
    );
    assert_eq!(
        ok("./astana/my%20photo.jpg#x"),
        content.join("briefings/astana/my photo.jpg")
    );
    assert_eq!(
        ok("../briefings/astana/map.svg"),
        content.join("briefings/astana/map.svg")
    );

    #[cfg(unix)]
    std::os::unix::fs::symlink(
        dir.path().join("secret.jpg"),
        content.join("briefings/astana/link.jpg"),
    )
    .unwrap();
    let refused = [
        ("../../secret.jpg", "leads out of the content folder"),
        (
            "astana/../../../secret.jpg",
            "leads out of the content folder",
        ),
        ("/etc/passwd", "is not a relative path"),
        ("astana\\map.svg", "is not a relative path"),
        ("https://example.org/a.jpg", "is on another host"),
        ("", "is empty"),
        ("astana/missing.jpg", "does not exist"),
        ("astana", "is a folder, not a file"),
        #[cfg(unix)]
        (
            "astana/link.jpg",
            "a link to a file outside the content folder",
        ),
    ];
    for (reference, expect) in refused {
        let problem = media::resolve(&doc, reference, &content).unwrap_err();
        assert_eq!(problem.path, doc);
        assert!(problem.message.contains(expect), "{reference}: {problem}");
        assert!(!problem.hint.is_empty(), "{reference}: {problem}");
    }
}
