//! The media step on real files: variants, sizes, orientation, stripped metadata, the
//! cache, and every kind of bad input (issue 15).

use briefing::media::{self, Cache, Format, Picture, Processed, Settings};
use image::GenericImageView as _;
use std::fs;
use std::path::{Path, PathBuf};

mod common;

/// The image `name` of tests/fixtures/media/.
fn fixture(name: &str) -> PathBuf {
    common::site::fixture("media").join(name)
}

fn process(name: &str, cache: &Cache) -> Processed {
    let path = fixture(name);
    media::process(&path, Path::new(name), cache).unwrap_or_else(|p| panic!("{p}"))
}

fn exif_of(bytes: &[u8]) -> Option<exif::Exif> {
    exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(bytes))
        .ok()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// No EXIF (as an EXIF parser sees it), and none of the fixtures' telltale strings.
fn assert_no_metadata(file: &Path) {
    let bytes = fs::read(file).unwrap();
    assert!(exif_of(&bytes).is_none(), "{} holds EXIF", file.display());
    for needle in [
        &b"GPS"[..],
        b"FixtureCam",
        b"SERIAL-12345",
        b"xmpmeta",
        b"Fixture Author",
        b"ICC_PROFILE",
        b"iCCP",
        b"eXIf",
        b"tEXt",
        b"iTXt",
        b"Exif",
        b"EXIF",
        b"XMP ",
        b"ICCP",
    ] {
        assert!(
            !contains(&bytes, needle),
            "{} holds {:?}",
            file.display(),
            String::from_utf8_lossy(needle)
        );
    }
}

/// Every variant decodes to the size it claims, in the format it claims.
fn assert_files_match(processed: &Processed) {
    for v in &processed.variants {
        let bytes = fs::read(&v.path).unwrap();
        assert_eq!(bytes.len() as u64, v.bytes, "{}", v.file_name);
        let expected = match v.format {
            Format::Jpeg => image::ImageFormat::Jpeg,
            Format::Png => image::ImageFormat::Png,
            Format::Webp => image::ImageFormat::WebP,
            Format::Svg => continue,
        };
        assert_eq!(
            image::guess_format(&bytes).unwrap(),
            expected,
            "{}",
            v.file_name
        );
        let decoded = image::load_from_memory(&bytes).unwrap();
        assert_eq!(
            (decoded.width(), decoded.height()),
            (v.width, v.height),
            "{}",
            v.file_name
        );
        assert!(
            v.file_name
                .ends_with(&format!("-{}.{}", v.width, v.format.extension()))
        );
    }
}

fn widths(processed: &Processed, format: Format) -> Vec<u32> {
    processed.in_format(format).map(|v| v.width).collect()
}

#[test]
fn the_fixtures_carry_the_metadata_that_must_go() {
    for name in ["photo-gps.jpg", "diagram.png", "photo.webp"] {
        let bytes = fs::read(fixture(name)).unwrap();
        let exif = exif_of(&bytes).unwrap_or_else(|| panic!("{name} has no EXIF"));
        assert!(
            exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY)
                .is_some(),
            "{name} has no GPS position"
        );
    }
    let jpeg = fs::read(fixture("photo-gps.jpg")).unwrap();
    let exif = exif_of(&jpeg).unwrap();
    let orientation = exif
        .get_field(exif::Tag::Orientation, exif::In::PRIMARY)
        .unwrap();
    assert_eq!(orientation.value.get_uint(0), Some(6));
    assert!(contains(&jpeg, b"ICC_PROFILE") && contains(&jpeg, b"xmpmeta"));
}

#[test]
fn a_rotated_jpeg_stays_tall_and_loses_its_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path(), Settings::default());
    let p = process("photo-gps.jpg", &cache);
    assert_eq!(p.source_format, Format::Jpeg);
    // Stored 2400x1800 with orientation 6: shown 1800x2400.
    assert_eq!((p.width, p.height), (1800, 2400));
    assert_eq!(widths(&p, Format::Webp), vec![480, 960, 1600]);
    assert_eq!(widths(&p, Format::Jpeg), vec![480, 960, 1600]);
    assert_eq!(p.formats(), vec![Format::Webp, Format::Jpeg]);
    assert_files_match(&p);
    for v in &p.variants {
        assert!(v.height > v.width, "{} is not tall", v.file_name);
        assert_eq!(v.height, v.width * 4 / 3, "{}", v.file_name);
        assert_no_metadata(&v.path);
        // Red was the stored top: turned a quarter clockwise, it is on the right.
        let img = image::open(&v.path).unwrap().to_rgb8();
        let (w, h) = img.dimensions();
        let right = img.get_pixel(w - 10, h / 2);
        let left = img.get_pixel(10, h / 2);
        assert!(
            right[0] > 150 && right[2] < 100,
            "{}: right is {right:?}",
            v.file_name
        );
        assert!(
            left[2] > 150 && left[0] < 100,
            "{}: left is {left:?}",
            v.file_name
        );
    }
}

#[test]
fn a_png_keeps_its_transparency_and_its_own_width() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path(), Settings::default());
    let p = process("diagram.png", &cache);
    assert_eq!((p.width, p.height), (1200, 800));
    // Never upscaled: 1200 wide is published at 1200, not 1600.
    assert_eq!(widths(&p, Format::Png), vec![480, 960, 1200]);
    assert_eq!(widths(&p, Format::Webp), vec![480, 960, 1200]);
    assert_files_match(&p);
    for v in &p.variants {
        assert_no_metadata(&v.path);
        let img = image::open(&v.path).unwrap();
        assert_eq!(
            img.get_pixel(2, 2)[3],
            0,
            "{} lost its transparency",
            v.file_name
        );
    }
}

#[test]
fn a_webp_is_published_as_webp_only() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path(), Settings::default());
    let p = process("photo.webp", &cache);
    assert_eq!((p.width, p.height), (1000, 750));
    assert_eq!(p.formats(), vec![Format::Webp]);
    assert_eq!(widths(&p, Format::Webp), vec![480, 960, 1000]);
    assert_files_match(&p);
    for v in &p.variants {
        assert_no_metadata(&v.path);
    }
}

#[test]
fn an_svg_is_published_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path(), Settings::default());
    let p = process("figure.svg", &cache);
    assert_eq!(
        (p.width, p.height, p.source_format),
        (400, 300, Format::Svg)
    );
    assert_eq!(p.variants.len(), 1);
    let v = &p.variants[0];
    assert_eq!(
        fs::read(&v.path).unwrap(),
        fs::read(fixture("figure.svg")).unwrap()
    );
    assert!(v.file_name.starts_with("figure-") && v.file_name.ends_with(".svg"));
    assert_eq!(cache.encodes(), 0);
}

#[test]
fn the_picture_element_points_at_the_files_and_their_size() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path(), Settings::default());
    let p = process("photo-gps.jpg", &cache);
    let html = media::picture_html(&Picture {
        image: &p,
        base: "../../media/",
        alt: "Astana",
        sizes: "100vw",
        lazy: true,
    });
    let doc = scraper::Html::parse_fragment(&html);
    let img = scraper::Selector::parse("picture > img").unwrap();
    let img = doc.select(&img).next().expect("an <img> in a <picture>");
    let widest = p.in_format(Format::Jpeg).last().unwrap();
    let decoded = image::open(&widest.path).unwrap();
    assert_eq!(
        img.attr("width"),
        Some(decoded.width().to_string().as_str())
    );
    assert_eq!(
        img.attr("height"),
        Some(decoded.height().to_string().as_str())
    );
    assert_eq!(img.attr("loading"), Some("lazy"));
    assert_eq!(img.attr("decoding"), Some("async"));
    let source = scraper::Selector::parse("picture > source[type='image/webp']").unwrap();
    let source = doc.select(&source).next().expect("a WebP <source>");
    let names: Vec<&str> = p.variants.iter().map(|v| v.file_name.as_str()).collect();
    for srcset in [source.attr("srcset").unwrap(), img.attr("srcset").unwrap()] {
        for candidate in srcset.split(", ") {
            let (url, width) = candidate.split_once(' ').unwrap();
            let name = url.strip_prefix("../../media/").unwrap();
            assert!(names.contains(&name), "{name} is not a variant");
            let v = p.variants.iter().find(|v| v.file_name == name).unwrap();
            assert_eq!(width, format!("{}w", v.width));
        }
    }
}

#[test]
fn a_rebuild_with_unchanged_images_encodes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let names = ["photo-gps.jpg", "diagram.png", "photo.webp", "figure.svg"];
    let first = Cache::new(dir.path(), Settings::default());
    let made: Vec<Processed> = names.iter().map(|n| process(n, &first)).collect();
    assert_eq!(first.encodes(), 3);
    let again = Cache::new(dir.path(), Settings::default());
    let found: Vec<Processed> = names.iter().map(|n| process(n, &again)).collect();
    assert_eq!(again.encodes(), 0);
    // Known by size and times: not even read (the SVG is always read, never encoded).
    assert_eq!(again.hashes(), 0);
    assert_eq!(made, found);
    assert!(dir.path().join("CACHEDIR.TAG").is_file());
    let leftovers: Vec<_> = fs::read_dir(dir.path().join("images"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // A variant cut short (a crash, a full disk) is made again, and only its image.
    let victim = &made[0].variants[1].path;
    let bytes = fs::read(victim).unwrap();
    fs::write(victim, &bytes[..bytes.len() / 2]).unwrap();
    let repair = Cache::new(dir.path(), Settings::default());
    let repaired: Vec<Processed> = names.iter().map(|n| process(n, &repair)).collect();
    assert_eq!(repair.encodes(), 1);
    assert_eq!(fs::read(victim).unwrap(), bytes);
    assert_eq!(repaired, made);

    // Other settings are other keys.
    let narrow = Cache::new(
        dir.path(),
        Settings {
            widths: vec![320],
            ..Settings::default()
        },
    );
    let p = process("photo-gps.jpg", &narrow);
    assert_eq!(narrow.encodes(), 1);
    assert_eq!(widths(&p, Format::Jpeg), vec![320]);
    assert_ne!(p.variants[0].file_name, made[0].variants[0].file_name);
}

#[test]
fn a_changed_source_is_read_again() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("photo.jpg");
    fs::copy(fixture("photo-gps.jpg"), &source).unwrap();
    let display = Path::new("photo.jpg");
    let first = Cache::new(dir.path().join("cache"), Settings::default());
    let before = media::process(&source, display, &first).unwrap();
    // Same name, other picture (a PNG's bytes: the content decides the format).
    fs::copy(fixture("diagram.png"), &source).unwrap();
    let second = Cache::new(dir.path().join("cache"), Settings::default());
    let after = media::process(&source, display, &second).unwrap();
    assert_eq!((second.hashes(), second.encodes()), (1, 1));
    assert_eq!(after.source_format, Format::Png);
    assert_ne!(before.variants[0].file_name, after.variants[0].file_name);
    // And back: the first picture's files are still in the cache.
    fs::copy(fixture("photo-gps.jpg"), &source).unwrap();
    let third = Cache::new(dir.path().join("cache"), Settings::default());
    assert_eq!(media::process(&source, display, &third).unwrap(), before);
    assert_eq!((third.hashes(), third.encodes()), (1, 0));
}

#[test]
fn a_source_changed_in_place_with_its_size_and_time_kept_is_read_again() {
    let dir = tempfile::tempdir().unwrap();
    let (changed, kept) = (dir.path().join("a.jpg"), dir.path().join("b.jpg"));
    let original = fs::read(fixture("photo-gps.jpg")).unwrap();
    fs::write(&changed, &original).unwrap();
    fs::write(&kept, &original).unwrap();
    let cache_dir = dir.path().join("cache");
    let first = Cache::new(&cache_dir, Settings::default());
    let before = media::process(&changed, Path::new("a.jpg"), &first).unwrap();
    media::process(&kept, Path::new("b.jpg"), &first).unwrap();
    assert_eq!((first.hashes(), first.encodes()), (2, 1));

    // Other bytes, same length, written into the same file (same inode), and its
    // modification time set back: only the status-change time tells.
    let mtime = rewrite_keeping_size_and_mtime(&changed, &original);
    let meta = fs::metadata(&changed).unwrap();
    assert_eq!(
        (meta.len(), meta.modified().unwrap()),
        (original.len() as u64, mtime)
    );

    let second = Cache::new(&cache_dir, Settings::default());
    let after = media::process(&changed, Path::new("a.jpg"), &second).unwrap();
    let untouched = media::process(&kept, Path::new("b.jpg"), &second).unwrap();
    // The changed file is read, hashed and encoded under a new key; the other is
    // known by its size, times and inode, and not even read.
    assert_eq!((second.hashes(), second.encodes()), (1, 1));
    assert_ne!(before.variants[0].file_name, after.variants[0].file_name);
    assert_eq!(untouched.variants.len(), before.variants.len());
    let third = Cache::new(&cache_dir, Settings::default());
    assert_eq!(
        media::process(&changed, Path::new("a.jpg"), &third).unwrap(),
        after
    );
    assert_eq!((third.hashes(), third.encodes()), (0, 0));
}

#[test]
fn two_builds_at_once_share_the_cache_safely() {
    let dir = tempfile::tempdir().unwrap();
    let results: Vec<Processed> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..2)
            .map(|_| {
                s.spawn(|| {
                    let cache = Cache::new(dir.path(), Settings::default());
                    process("diagram.png", &cache)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(results[0], results[1]);
    assert_files_match(&results[0]);
    let later = Cache::new(dir.path(), Settings::default());
    assert_eq!(process("diagram.png", &later), results[0]);
    assert_eq!(later.encodes(), 0);
}

#[test]
fn file_names_are_stable_and_follow_the_content() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let one = process("photo.webp", &Cache::new(a.path(), Settings::default()));
    let two = process("photo.webp", &Cache::new(b.path(), Settings::default()));
    let names = |p: &Processed| {
        p.variants
            .iter()
            .map(|v| v.file_name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&one), names(&two));
    assert!(names(&one)[0].starts_with("photo-"), "{:?}", names(&one));
    // Same bytes, same published bytes.
    for (x, y) in one.variants.iter().zip(&two.variants) {
        assert_eq!(fs::read(&x.path).unwrap(), fs::read(&y.path).unwrap());
    }
}

/// The names of the files in the cache folder `dir`/`sub`.
fn cache_files(dir: &Path, sub: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir.join(sub))
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Processes the raster fixtures with a fresh `Cache` on `dir`, dropped at the end (as a
/// build ends), and returns what it made with its hash and encode counts.
fn one_build(dir: &Path) -> (Vec<Processed>, usize, usize) {
    let cache = Cache::new(dir, Settings::default());
    let made = ["photo-gps.jpg", "diagram.png", "photo.webp"]
        .iter()
        .map(|n| process(n, &cache))
        .collect();
    (made, cache.hashes(), cache.encodes())
}

#[test]
fn a_warm_build_reads_the_index_and_no_file_per_image() {
    let dir = tempfile::tempdir().unwrap();
    let (made, _, encodes) = one_build(dir.path());
    assert_eq!(encodes, 3);
    let index: Vec<String> = cache_files(dir.path(), "images")
        .into_iter()
        .filter(|n| n.starts_with("index-"))
        .collect();
    assert_eq!(index.len(), 1, "one index file: {index:?}");
    // The per-image records go: the memos and every KEY.json. Were either still read,
    // the sources would be hashed again.
    fs::remove_dir_all(dir.path().join("sources")).unwrap();
    for name in cache_files(dir.path(), "images") {
        if name.ends_with(".json") && !name.starts_with("index-") {
            fs::remove_file(dir.path().join("images").join(name)).unwrap();
        }
    }
    let (again, hashes, encodes) = one_build(dir.path());
    assert_eq!((hashes, encodes), (0, 0));
    assert_eq!(again, made);
    // Nothing changed, so nothing was written: no memo made again.
    assert!(cache_files(dir.path(), "sources").is_empty());

    // A variant cut short is still noticed with the index: made again, only its image.
    let victim = &made[0].variants[1].path;
    let bytes = fs::read(victim).unwrap();
    fs::write(victim, &bytes[..bytes.len() / 2]).unwrap();
    let (repaired, hashes, encodes) = one_build(dir.path());
    assert_eq!((hashes, encodes), (1, 1));
    assert_eq!(fs::read(victim).unwrap(), bytes);
    assert_eq!(repaired, made);
}

#[test]
fn a_damaged_index_is_ignored_and_written_again() {
    let dir = tempfile::tempdir().unwrap();
    let (made, _, _) = one_build(dir.path());
    let index = cache_files(dir.path(), "images")
        .into_iter()
        .find(|n| n.starts_with("index-"))
        .map(|n| dir.path().join("images").join(n))
        .unwrap();
    let good = fs::read(&index).unwrap();
    let damaged: Vec<(&str, Vec<u8>)> = vec![
        ("cut short", good[..good.len() / 2].to_vec()),
        ("empty", Vec::new()),
        ("garbage", vec![0xff; 4096]),
        ("one byte changed", {
            let mut b = good.clone();
            let at = b.len() - 40;
            b[at] = if b[at] == b'1' { b'2' } else { b'1' };
            b
        }),
        // Well-formed JSON with the digest line removed: not trusted either.
        (
            "no digest",
            good[good.iter().position(|&b| b == b'\n').unwrap() + 1..].to_vec(),
        ),
    ];
    for (what, bytes) in damaged {
        fs::write(&index, &bytes).unwrap();
        let (found, hashes, encodes) = one_build(dir.path());
        // Found through the memos instead: not hashed, not encoded, the same result.
        assert_eq!((hashes, encodes), (0, 0), "{what}");
        assert_eq!(found, made, "{what}");
        assert_eq!(fs::read(&index).unwrap(), good, "{what}: written again");
    }
    // With the index and the memos gone (the sources moved, say), every image is read
    // and hashed again but not encoded.
    fs::write(&index, b"{").unwrap();
    fs::remove_dir_all(dir.path().join("sources")).unwrap();
    let (found, hashes, encodes) = one_build(dir.path());
    assert_eq!((hashes, encodes, found), (3, 0, made));
}

#[test]
fn an_index_entry_of_a_changed_source_is_not_used() {
    // The index knows a file by the same size, times and inode as the memo: a file
    // rewritten with its size and modification time kept is read again.
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("a.jpg");
    let original = fs::read(fixture("photo-gps.jpg")).unwrap();
    fs::write(&source, &original).unwrap();
    let cache_dir = dir.path().join("cache");
    let before = {
        let cache = Cache::new(&cache_dir, Settings::default());
        media::process(&source, Path::new("a.jpg"), &cache).unwrap()
    };
    rewrite_keeping_size_and_mtime(&source, &original);
    let cache = Cache::new(&cache_dir, Settings::default());
    let after = media::process(&source, Path::new("a.jpg"), &cache).unwrap();
    assert_eq!((cache.hashes(), cache.encodes()), (1, 1));
    assert_ne!(before.variants[0].file_name, after.variants[0].file_name);
}

/// Writes other bytes of the same length into `path` (same inode) and sets its
/// modification time back (returned): only the status-change time tells it changed.
fn rewrite_keeping_size_and_mtime(path: &Path, original: &[u8]) -> std::time::SystemTime {
    let at = original
        .windows(10)
        .position(|w| w == b"FixtureCam")
        .unwrap();
    let mut other = original.to_vec();
    other[at..at + 10].copy_from_slice(b"FixtureCAM");
    let mtime = fs::metadata(path).unwrap().modified().unwrap();
    fs::write(path, &other).unwrap();
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    mtime
}
