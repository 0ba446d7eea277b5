//! Property tests (fuzzing on the stable toolchain) for everything that turns text into
//! a place on disk or a link: slugs, relative URLs between pages, and the output
//! folder's guard (`output::inside`, `Staging::write`). A slug is always a safe segment,
//! a relative link always lands on its page inside the output root, and no path ever
//! leaves the output folder.
//!
//! The default case counts keep this file to a few seconds in CI. Run longer by hand:
//!
//!     PROPTEST_CASES=100000 cargo test --release --test proptest_paths -- --nocapture

mod common;

use briefing::output::{self, Staging};
use briefing::serve::{Snapshot, lookup};
use briefing::urls::{is_valid_slug, page_path, root_of, slugify};
use common::props::check;
use proptest::prelude::*;
use std::path::{Component, Path};

/// Titles: any Unicode, plus the characters and shapes that matter for slugs.
fn title() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<String>(),
        "[a-zA-Z0-9 ]{1,20}",
        proptest::sample::select(vec![
            "..",
            "/",
            "\\",
            "%2e",
            "%",
            "-",
            "_",
            ".",
            " ",
            "\u{0}",
            "\u{7}",
            "\u{1b}[31m",
            "Città",
            "Kazakistan–Cina",
            "北京",
            "Ōsaka",
            "ǅ",
            "ß",
            "İ",
            "ﬁ",
            "\u{301}",
            "\u{200b}",
            "🇰🇿",
            "Ⅻ",
            "½",
            "x".repeat(60).leak(),
        ])
        .prop_map(str::to_string),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|p| p.concat())
}

#[test]
fn slugify_gives_a_safe_segment_or_nothing_and_is_idempotent() {
    check("urls::slugify", 5_000, title(), |title| {
        let slug = slugify(&title);
        prop_assert!(
            slug.is_empty() || is_valid_slug(&slug),
            "slugify({title:?}) = {slug:?} ({} bytes), which is_valid_slug refuses",
            slug.len()
        );
        prop_assert_eq!(slugify(&slug), slug.clone(), "slugify is not idempotent");
        prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
        Ok(())
    });
}

#[test]
fn is_valid_slug_accepts_only_plain_segments() {
    check("urls::is_valid_slug", 5_000, title(), |text| {
        if is_valid_slug(&text) {
            prop_assert!(!text.is_empty() && text != "." && text != "..");
            prop_assert!(
                !text.contains(['/', '\\', '%', '.', ':']) && !text.chars().any(char::is_control)
            );
            prop_assert_eq!(Path::new(&text).components().count(), 1);
        }
        Ok(())
    });
}

/// Output paths of pages: what `page_path` makes from slugs (empty ones are skipped).
fn page() -> impl Strategy<Value = String> {
    let segment = prop_oneof![
        "[a-z0-9][a-z0-9-]{0,15}",
        title().prop_map(|t| slugify(&t)),
        Just(String::new()),
    ];
    prop::collection::vec(segment, 0..6).prop_map(|segments| {
        let refs: Vec<&str> = segments.iter().map(String::as_str).collect();
        page_path(&refs)
    })
}

/// Resolves `href` from the page at `from` like a browser does for `file://` URLs;
/// `None` if it climbs above the output root.
fn resolve(from: &str, href: &str) -> Option<String> {
    let mut at: Vec<&str> = from.split('/').collect();
    at.pop(); // the file name: links resolve from its folder
    let mut parts = href.split('/').peekable();
    while let Some(part) = parts.next() {
        match part {
            ".." => {
                at.pop()?;
            }
            "." => {}
            "" if parts.peek().is_some() => {}
            other => at.push(other),
        }
    }
    Some(at.join("/"))
}

#[test]
fn relative_links_always_land_on_their_page_inside_the_root() {
    check(
        "urls::root_of + page_path",
        5_000,
        (page(), page()),
        |(from, to)| {
            prop_assert!(to.ends_with("index.html") && !to.starts_with('/'));
            prop_assert!(
                to.split('/')
                    .all(|s| !s.is_empty() && s != ".." && s != ".")
            );
            let href = format!("{}{to}", root_of(&from));
            prop_assert_eq!(
                resolve(&from, &href),
                Some(to.clone()),
                "{} from {} does not reach {}",
                href,
                from,
                to
            );
            Ok(())
        },
    );
}

/// Relative paths as hostile as they come: traversal, absolute, Windows, NUL, empty.
fn relative_path() -> impl Strategy<Value = String> {
    let part = prop_oneof![
        proptest::sample::select(vec![
            "..",
            ".",
            "",
            "/",
            "\\",
            "..\\",
            "C:",
            "C:\\",
            "//",
            "\u{0}",
            "~",
            "%2e%2e",
            "a",
            "index.html",
            "it",
            "é",
            " ",
            "...",
            ".hidden",
        ])
        .prop_map(str::to_string),
        "[a-z.]{1,6}",
        any::<String>(),
    ];
    prop::collection::vec(part, 0..8).prop_map(|parts| parts.join("/"))
}

#[test]
fn output_inside_never_accepts_an_escaping_path() {
    check("output::inside", 10_000, relative_path(), |relative| {
        let dir = Path::new("/srv/out");
        if let Ok(path) = output::inside(dir, &relative) {
            let rest = path
                .strip_prefix(dir)
                .expect("the path starts inside the folder");
            prop_assert!(rest.components().count() > 0);
            prop_assert!(
                rest.components().all(|c| matches!(c, Component::Normal(_))),
                "{relative:?} -> {}",
                path.display()
            );
            prop_assert!(!relative.contains('\\') && !relative.starts_with('/'));
        }
        Ok(())
    });
}

#[test]
fn staging_writes_nothing_outside_its_folder() {
    let paths = prop::collection::vec(relative_path(), 1..6);
    check("output::Staging::write", 300, paths, |paths| {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("out");
        let staging =
            Staging::begin(&output, output::Notify::QUIET).unwrap_or_else(|_| panic!("begin"));
        for relative in &paths {
            // Refused or written: either is fine, as long as it stays inside.
            let _ = staging.write(relative, b"x");
        }
        let staging_dir = staging.dir().to_path_buf();
        let lock = dir.path().join(".out.briefing-lock");
        for entry in walkdir::WalkDir::new(dir.path()).min_depth(1) {
            let entry = entry.unwrap();
            prop_assert!(
                entry.path().starts_with(&staging_dir) || entry.path() == lock,
                "{} was written outside the staging folder (paths {paths:?})",
                entry.path().display()
            );
        }
        drop(staging);
        prop_assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        Ok(())
    });
}

/// Request paths as a browser, a crawler or an attacker might send them.
fn request_path() -> impl Strategy<Value = String> {
    let part = prop_oneof![
        proptest::sample::select(vec![
            "..",
            ".",
            "",
            "%2e%2e",
            "%2E.",
            ".%2e",
            "%2f",
            "%5c",
            "\\",
            "%00",
            "%",
            "%2",
            "%zz",
            "%c0%ae",
            "%ff",
            "it",
            "en",
            "index.html",
            "analisi",
            "__briefing",
            "?",
            "#",
            ";",
            "%3f",
            "%23",
            "é",
            "%C3%A9",
        ])
        .prop_map(str::to_string),
        "[a-z.%0-9]{1,8}",
        any::<String>(),
    ];
    prop::collection::vec(part, 0..10).prop_map(|parts| format!("/{}", parts.join("/")))
}

#[test]
fn serve_lookup_only_ever_names_a_built_file() {
    let files = [
        "index.html",
        "it/index.html",
        "it/analisi/x/index.html",
        "style.css",
        "404.html",
    ];
    let map: std::collections::HashMap<String, axum::body::Bytes> = files
        .iter()
        .map(|f| (f.to_string(), axum::body::Bytes::from_static(b"x")))
        .collect();
    // `into` fits whether the snapshot holds the map itself or shares it in an `Arc`.
    #[allow(clippy::useless_conversion)]
    let snapshot = Snapshot {
        files: map.into(),
        media: Default::default(),
        build: 1,
    };
    check("serve::lookup", 10_000, request_path(), |path| {
        // `Lookup` is not exported; its Debug form names the file: `Found("key")`.
        let found = format!("{:?}", lookup(&snapshot, &path));
        if let Some(key) = found
            .strip_prefix("Found(\"")
            .and_then(|k| k.strip_suffix("\")"))
        {
            prop_assert!(files.contains(&key), "{path:?} -> {key:?}");
        } else {
            prop_assert!(found == "Folder" || found == "Missing", "{found}");
        }
        Ok(())
    });
}
