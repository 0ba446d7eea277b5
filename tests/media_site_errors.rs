//! Photos and files that go wrong, through the CLI (issue 15): a reference to nothing,
//! a strict `image:`, Markdown in an asset folder, and the bad-input table (truncated,
//! corrupt, a decompression bomb, text named `.jpg`, `..` out of `content/`), each a
//! clear error naming the file, exit 1 and no output; a 40 MB photo builds. And `serve`
//! rebuilding when a file inside an asset folder changes.

mod common;

use common::images::crc32;
use common::serve::Server;
use common::site::{briefing, build, page, select, stderr, warm_media_site as media_site};
use std::fs;
use std::path::Path;

/// `briefing build` of `root`, expected to fail with exit 1 and no output, and with
/// every one of `needles` in stderr.
#[track_caller]
fn fails(root: &Path, needles: &[&str]) -> String {
    let output = root.parent().unwrap().join("failed-output");
    let out = briefing(
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--output",
            output.to_str().unwrap(),
        ],
        &[],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "expected exit 1:\n{err}");
    for bad in ["panicked", "RUST_BACKTRACE"] {
        assert!(!err.contains(bad), "{err}");
    }
    for needle in needles {
        assert!(err.contains(needle), "expected `{needle}` in:\n{err}");
    }
    assert!(!output.exists(), "a failed build left {}", output.display());
    err
}

#[track_caller]
fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} not in {file}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

const IT: &str = "content/briefings/astana.it.md";
const PLAIN: &str = "content/briefings/plain.it.md";

#[test]
fn an_image_or_file_that_resolves_to_nothing_is_an_error_at_its_place() {
    let (_dir, root) = media_site();
    edit(&root, IT, "(astana/diagram.png", "(astana/diagrm.png");
    edit(&root, IT, "(astana/report.pdf", "(astana/gone.pdf");
    edit(
        &root,
        IT,
        "src: astana/photo-gps.jpg",
        "src: astana/nope.jpg",
    );
    // All three at once, each at its line and column.
    fails(
        &root,
        &[
            "content/briefings/astana.it.md:9:8: the image `astana/nope.jpg` does not exist",
            "content/briefings/astana.it.md:16:29: the image `astana/diagrm.png` does not exist",
            "content/briefings/astana.it.md:22:24: the file `astana/gone.pdf` does not exist",
            "expected a file at",
        ],
    );
}

#[test]
fn image_front_matter_is_strict() {
    let cases: [(&str, &str, &[&str]); 5] = [
        (
            "  caption: \"La sala del vertice\"",
            "  captoin: \"La sala del vertice\"",
            &[
                "astana.it.md:11:3: image: unknown field `captoin`",
                "did you mean `caption`?",
            ],
        ),
        (
            "  credit: \"Foto di prova / Fixture\"\n",
            "",
            &["astana.it.md:9:8: the cover `astana/photo-gps.jpg` is a photo without `credit`"],
        ),
        (
            "  alt: \"Una foto di prova, rossa a destra\"",
            "  alt: \"\"",
            &[
                "astana.it.md:10:8: `image.alt` is empty",
                "describe what the picture shows",
            ],
        ),
        (
            "  alt: \"Una foto di prova, rossa a destra\"\n",
            "",
            &["astana.it.md:9:3: image: missing field `alt`; add `alt:` to `image`"],
        ),
        (
            "  src: astana/photo-gps.jpg",
            "  src: https://example.org/photo.jpg",
            &[
                "astana.it.md:9:8: `https://example.org/photo.jpg` is on another host",
                "save the file beside the briefing",
            ],
        ),
    ];
    for (from, to, needles) in cases {
        let (_dir, root) = media_site();
        edit(&root, IT, from, to);
        fails(&root, needles);
    }
    // An SVG figure as a cover needs no credit; it is not a photo.
    let (dir, root) = media_site();
    edit(
        &root,
        PLAIN,
        "countries: [china]",
        "countries: [china]\nimage: { src: astana/figure.svg, alt: \"Un grafico\" }",
    );
    let output = dir.path().join("public");
    build(&root, &output, &[], &[]);
    let doc = page(&output, "it/analisi/un-briefing-senza-copertina/index.html");
    let cover = select(&doc, "figure.cover img");
    assert!(cover[0].value().attr("src").unwrap().ends_with(".svg"));
}

#[test]
fn markdown_inside_an_asset_folder_is_an_error() {
    let (_dir, root) = media_site();
    fs::write(
        root.join("content/briefings/astana/notes.it.md"),
        "---\ntitle: x\n---\n",
    )
    .unwrap();
    fails(
        &root,
        &[
            "content/briefings/astana/notes.it.md: a Markdown file inside `astana/`, the folder of `astana`'s photos and files",
            "rename it (e.g. `.txt`) if it is a note",
        ],
    );
}

#[test]
fn files_of_an_asset_folder_nobody_links_are_not_published() {
    let (dir, root) = media_site();
    fs::copy(
        root.join("content/briefings/astana/photo-gps.jpg"),
        root.join("content/briefings/astana/unused.jpg"),
    )
    .unwrap();
    fs::write(root.join("content/briefings/astana/draft.txt"), "notes").unwrap();
    let output = dir.path().join("public");
    build(&root, &output, &[], &[]);
    let files = common::site::snapshot(&output);
    assert!(
        files
            .keys()
            .all(|k| !k.contains("unused") && !k.contains("draft.txt")),
        "{:?}",
        files.keys()
    );
}

/// The fixture JPEG with its frame header rewritten to claim `w` x `h` pixels.
fn jpeg_claiming(w: u16, h: u16) -> Vec<u8> {
    let mut jpeg = fs::read(common::site::fixture("media/photo-gps.jpg")).unwrap();
    let sof = jpeg.windows(2).position(|m| m == [0xFF, 0xC0]).unwrap();
    jpeg[sof + 5..sof + 7].copy_from_slice(&h.to_be_bytes());
    jpeg[sof + 7..sof + 9].copy_from_slice(&w.to_be_bytes());
    jpeg
}

/// A PNG valid up to its header, which claims 100,000 x 100,000 pixels.
fn png_bomb() -> Vec<u8> {
    let mut png = fs::read(common::site::fixture("media/diagram.png")).unwrap();
    // IHDR's width and height follow the 8-byte signature, its length and its type.
    png[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    png[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

#[test]
fn bad_images_are_errors_naming_the_page_and_the_file() {
    let photo = fs::read(common::site::fixture("media/photo-gps.jpg")).unwrap();
    let mut corrupt = photo.clone();
    let sos = corrupt.windows(2).rposition(|m| m == [0xFF, 0xDA]).unwrap();
    corrupt[sos + 6] = 0xFF;
    corrupt[sos + 8] = 0xFF;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "cut.jpg",
            photo[..photo.len() * 6 / 10].to_vec(),
            "this image is cut short (truncated)",
        ),
        (
            "corrupt.jpg",
            corrupt,
            "this image is damaged and cannot be decoded",
        ),
        (
            "bomb.png",
            png_bomb(),
            "this image claims 100000 x 100000 pixels",
        ),
        (
            "bomb.jpg",
            jpeg_claiming(60_000, 60_000),
            "this image claims 60000 x 60000 pixels",
        ),
        (
            "notes.jpg",
            b"These are my notes, not a photo.\n".to_vec(),
            "not a JPG image: the file holds text",
        ),
        (
            "anim.gif",
            b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec(),
            "this is a Gif image, which the site does not publish",
        ),
    ];
    for (name, bytes, expect) in cases {
        let (_dir, root) = media_site();
        fs::write(root.join("content/briefings/astana").join(name), bytes).unwrap();
        edit(
            &root,
            PLAIN,
            "(astana/diagram.png)",
            &format!("(astana/{name})"),
        );
        let en = "content/briefings/plain.en.md";
        edit(
            &root,
            en,
            "(astana/diagram.png)",
            &format!("(astana/{name})"),
        );
        // Each language names the same file from its own page.
        fails(
            &root,
            &[
                &format!("content/briefings/plain.it.md:7:27: `astana/{name}` ("),
                &format!("content/briefings/plain.en.md:7:23: `astana/{name}` ("),
                &format!("content/briefings/astana/{name}): {expect}"),
            ],
        );
    }
    // Out of the content folder, by `..` or through a link.
    let (_dir, root) = media_site();
    fs::write(root.join("secret.jpg"), b"x").unwrap();
    edit(&root, PLAIN, "(astana/diagram.png)", "(../../secret.jpg)");
    fails(
        &root,
        &[
            "plain.it.md:7:27: `../../secret.jpg` leads out of the content folder",
            "keep images beside the briefing",
        ],
    );
    #[cfg(unix)]
    {
        let (_dir, root) = media_site();
        fs::write(root.join("secret.jpg"), b"x").unwrap();
        std::os::unix::fs::symlink(
            root.join("secret.jpg"),
            root.join("content/briefings/astana/link.jpg"),
        )
        .unwrap();
        edit(&root, PLAIN, "(astana/diagram.png)", "(astana/link.jpg)");
        fails(
            &root,
            &["`astana/link.jpg` is a link to a file outside the content folder"],
        );
    }
}

/// A 40 MB photo (8000 x 6000: a gradient under heavy noise, JPEG quality 94) as a
/// cover builds, within the memory bound.
#[test]
fn a_40_mb_photo_builds() {
    let jpeg = common::images::noisy_jpeg(8000, 6000);
    assert!(jpeg.len() > 40_000_000, "{} bytes", jpeg.len());
    let (dir, root) = media_site();
    fs::write(root.join("content/briefings/astana/big.jpg"), &jpeg).unwrap();
    drop(jpeg);
    edit(
        &root,
        PLAIN,
        "countries: [china]",
        "countries: [china]\nimage: { src: astana/big.jpg, alt: \"Rumore\", credit: \"Test\" }",
    );
    let output = dir.path().join("public");
    build(&root, &output, &[], &[]);
    let doc = page(&output, "it/analisi/un-briefing-senza-copertina/index.html");
    let cover = select(&doc, "figure.cover img");
    assert_eq!(cover[0].value().attr("width"), Some("1600"));
    assert_eq!(cover[0].value().attr("height"), Some("1200"));
    let big: Vec<String> = common::site::snapshot(&output)
        .into_keys()
        .filter(|k| k.starts_with("media/big-"))
        .collect();
    assert_eq!(big.len(), 6, "{big:?}");
}

#[test]
fn serve_rebuilds_when_a_file_of_an_asset_folder_changes() {
    let (dir, root) = media_site();
    // A build first fills the image cache, so that the server starts at once.
    build(&root, &dir.path().join("public"), &[], &[]);
    let server = Server::start(&root, &[]);
    let path = "/it/analisi/vertice-con-foto-ad-astana/index.html";
    let diagram = |body: &str| -> String {
        let at = body
            .find("media/diagram-")
            .expect("the page shows the diagram");
        let rest = &body[at..];
        rest[..rest.find(['"', ' ']).unwrap()].to_string()
    };
    let first = diagram(&server.get(path).body);
    let served = server.get(&format!("/{first}"));
    assert_eq!(served.status, 200, "{}", server.logs());
    assert!(served.header("content-type").unwrap().starts_with("image/"));

    // A new picture under the same name: a new file name on the page, served.
    let replacement = image::RgbImage::from_pixel(600, 300, image::Rgb([20, 90, 160]));
    replacement
        .save(root.join("content/briefings/astana/diagram.png"))
        .unwrap();
    server.wait_for("the page to show the new diagram", || {
        diagram(&server.get(path).body) != first
    });
    let second = diagram(&server.get(path).body);
    assert!(
        second.ends_with("-600.webp") || second.ends_with("-480.webp"),
        "{second}"
    );
    let served = server.get(&format!("/{}", second.replace(".webp", ".png")));
    assert_eq!(served.status, 200, "{}", server.logs());
    assert_eq!(served.header("content-type"), Some("image/png"));
    assert_eq!(server.get(&format!("/{first}")).status, 404);
}

/// `briefing check` of `root`: its exit code and its report (stdout, then stderr).
fn check(root: &Path) -> (Option<i32>, String) {
    let out = briefing(&["check", "--root", root.to_str().unwrap()], &[]);
    let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    (out.status.code(), report)
}

#[test]
fn check_reads_every_image_and_writes_nothing() {
    // A site without a cache: `check` must size its images without encoding them, and
    // leave no cache, no share card and no output behind.
    let (_dir, root) = common::site::media_site();
    let before = common::site::snapshot(&root);
    let (code, err) = check(&root);
    assert_eq!(code, Some(0), "{err}");
    assert!(!root.join(".briefing-cache").exists(), "check made a cache");
    assert!(!root.join("public").exists(), "check made an output");
    assert_eq!(
        common::site::snapshot(&root),
        before,
        "check wrote into the site"
    );

    // A broken image is found by `check` too, still writing nothing.
    let photo = fs::read(common::site::fixture("media/photo-gps.jpg")).unwrap();
    fs::write(
        root.join("content/briefings/astana/cut.jpg"),
        &photo[..photo.len() / 2],
    )
    .unwrap();
    edit(&root, PLAIN, "(astana/diagram.png)", "(astana/cut.jpg)");
    let before = common::site::snapshot(&root);
    let (code, err) = check(&root);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("content/briefings/plain.it.md:7:27: `astana/cut.jpg`")
            && err.contains("cut short"),
        "{err}"
    );
    assert!(!root.join(".briefing-cache").exists(), "check made a cache");
    assert_eq!(
        common::site::snapshot(&root),
        before,
        "check wrote into the site"
    );
}
