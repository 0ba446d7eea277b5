//! Expected output: parts of the `site` fixture's build compared with the files in
//! tests/snapshots/ (`NAME.snap`: data, not code, for `duplicates`) (pretty-printed: one tag or text a line, attributes sorted), so any
//! change a reader could see in them fails with a diff. After an intended change:
//!
//!     BRIEFING_BLESS=1 cargo test --test snapshots
//!
//! and review the new files in `git diff` before committing them.

mod common;

use common::pages::build_site;
use common::snapshot::{blessing, check_snapshot, diff, fragment, pretty_xml, snapshot_dir};
use std::fs;
use std::path::Path;

/// (snapshot file, built page, the element of it that is compared)
const PAGES: [(&str, &str, &str); 2] = [
    (
        "briefing-main.html.snap",
        "en/briefings/astana-summit-2025/index.html",
        "main",
    ),
    (
        "term-main.html.snap",
        "it/paesi/kazakistan/index.html",
        "main",
    ),
];

/// The first `<entry>` of the feed at `relative`, pretty-printed.
fn first_entry(public: &Path, relative: &str) -> String {
    let xml = fs::read_to_string(public.join(relative)).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let entry = doc
        .descendants()
        .find(|n| n.has_tag_name("entry"))
        .unwrap_or_else(|| panic!("{relative} has no entry"));
    pretty_xml(entry)
}

#[test]
fn pages_and_feed_entries_match_their_expected_output() {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    build_site(&public);
    let mut outputs = Vec::new();
    for (name, page, css) in PAGES {
        let html = fs::read_to_string(public.join(page)).unwrap();
        outputs.push((name, fragment(&html, css)));
    }
    outputs.push(("feed-entry.xml.snap", first_entry(&public, "en/feed.xml")));
    let problems: Vec<String> = outputs
        .iter()
        .filter_map(|(name, text)| check_snapshot(name, text).err())
        .collect();
    assert!(
        problems.is_empty(),
        "{}\nIf the change is intended: BRIEFING_BLESS=1 cargo test --test snapshots",
        problems.join("\n")
    );
}

/// The comparison can fail, and says where: one changed word in a stored snapshot gives
/// a diff with the old line, the new line and a little context, not the whole file.
#[test]
fn a_changed_snapshot_fails_with_a_short_readable_diff() {
    if blessing() {
        return;
    }
    let stored = fs::read_to_string(snapshot_dir().join("briefing-main.html.snap")).unwrap();
    let line = stored
        .lines()
        .position(|l| l.contains("Astana"))
        .expect("the briefing names Astana");
    let changed: String = stored
        .lines()
        .enumerate()
        .map(|(i, l)| match i == line {
            true => format!("{}\n", l.replacen("Astana", "Nur-Sultan", 1)),
            false => format!("{l}\n"),
        })
        .collect();
    let problem = check_snapshot("briefing-main.html.snap", &changed).unwrap_err();
    let old = stored.lines().nth(line).unwrap();
    assert!(problem.contains(&format!("- {old}")), "{problem}");
    assert!(
        problem.contains("+ ") && problem.contains("Nur-Sultan"),
        "{problem}"
    );
    assert!(
        problem.lines().count() < 12,
        "the diff is not short:\n{problem}"
    );
    assert_eq!(check_snapshot("briefing-main.html.snap", &stored), Ok(()));
    // And the diff itself: a removed line, an added one, unchanged lines elided.
    let text = diff("a\nb\nc\nd\ne\nf\ng\n", "a\nb\nc\nD\ne\nf\ng\n");
    assert_eq!(text, "  …\n  b\n  c\n- d\n+ D\n  e\n  f\n  …\n");
}
