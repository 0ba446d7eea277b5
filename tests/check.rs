//! `briefing check` as a user runs it: each kind of problem is reported with its file,
//! the exit code follows errors, and the repository's own site passes.

mod common;

use common::run::{Run, check, check_json};
use common::site::copy_tree as copy_dir;
use serde_json::Value;
use std::path::Path;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn json(root: &Path) -> (Run, Value) {
    check_json(root, &[])
}

/// The problems of `kind` as (path ending, line, message).
fn problems<'a>(report: &'a Value, kind: &str) -> Vec<(&'a str, Option<u64>, &'a str)> {
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["kind"] == kind)
        .map(|p| {
            (
                p["path"].as_str().unwrap(),
                p["line"].as_u64(),
                p["message"].as_str().unwrap(),
            )
        })
        .collect()
}

#[test]
fn every_kind_of_problem_is_reported_with_its_file() {
    let root = Path::new(FIXTURES).join("check-problems");
    let (out, report) = json(&root);
    assert_eq!(out.code, Some(1), "{report:#}");
    assert_eq!(report["built"], true);

    let broken = problems(&report, "broken-link");
    let a_it = "content/briefings/a.it.md";
    let has = |list: &[(&str, Option<u64>, &str)], path: &str, line: Option<u64>, text: &str| {
        list.iter()
            .any(|(p, l, m)| p.ends_with(path) && *l == line && m.contains(text))
    };
    assert!(
        has(&broken, a_it, Some(9), "../nessuna/index.html"),
        "{broken:?}"
    );
    assert!(has(&broken, a_it, Some(13), "names a folder"), "{broken:?}");
    assert!(
        has(&broken, a_it, Some(13), "`/it/index.html` starts with `/`"),
        "{broken:?}"
    );
    // A template's broken link is reported once, on a rendered page, not per page.
    let template: Vec<_> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| {
            p["message"]
                .as_str()
                .unwrap()
                .contains("nowhere/index.html")
        })
        .collect();
    assert_eq!(template.len(), 1, "{template:?}");
    assert_eq!(template[0]["path"], "en/timeline/index.html");
    assert_eq!(template[0]["more_pages"], 1);
    assert!(
        template[0]["hint"]
            .as_str()
            .unwrap()
            .contains("timeline.html")
    );

    let anchors = problems(&report, "missing-anchor");
    assert!(has(&anchors, a_it, Some(11), "`#nessuna`"), "{anchors:?}");
    assert!(has(&anchors, a_it, Some(17), "`#assente`"), "{anchors:?}");
    assert_eq!(
        anchors.len(),
        2,
        "`#sezione` and `#details` exist: {anchors:?}"
    );

    let missing = problems(&report, "missing-translation");
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(has(&missing, "content/briefings/c.it.md", None, "c.en.md"));

    let outdated = problems(&report, "outdated-translation");
    assert_eq!(outdated.len(), 1, "{outdated:?}");
    assert!(has(
        &outdated,
        "content/briefings/a.en.md",
        Some(4),
        "2025-07-01"
    ));

    let orphans = problems(&report, "orphan");
    let mut orphan_files: Vec<&str> = orphans.iter().map(|(p, _, _)| *p).collect();
    orphan_files.sort();
    assert_eq!(orphans.len(), 2, "{orphans:?}");
    assert!(orphan_files[0].ends_with("content/pages/hidden.en.md"));
    assert!(orphan_files[1].ends_with("content/pages/hidden.it.md"));

    assert_eq!(report["errors"], 8);
    assert_eq!(report["warnings"], 2);
}

#[test]
fn text_output_is_grouped_by_file_with_a_summary() {
    let root = Path::new(FIXTURES).join("check-problems");
    let out = check(&root, &[]);
    assert_eq!(out.code, Some(1));
    let stdout = out.stdout;
    let last = stdout.lines().last().unwrap();
    assert_eq!(
        last,
        "check: 48 pages, 834 internal links, 3 translations compared: 8 errors (4 broken links, 2 missing anchors, 2 orphan pages), 2 warnings (1 missing translation, 1 outdated translation)"
    );
    // Groups: the lines of one file are together, separated from the next by a blank line.
    let groups: Vec<&str> = stdout.trim_end().split("\n\n").collect();
    let a_it: Vec<&str> = groups
        .iter()
        .filter(|g| g.contains("a.it.md:"))
        .copied()
        .collect();
    assert_eq!(a_it.len(), 1, "{stdout}");
    assert_eq!(a_it[0].lines().count(), 5, "{stdout}");
    assert!(
        a_it[0]
            .lines()
            .all(|l| l.starts_with("error: ") && l.contains("content/briefings/a.it.md:"))
    );
    assert!(stdout.contains("warning: "), "{stdout}");
}

#[test]
fn invalid_content_fails_with_each_file_named() {
    let root = Path::new(FIXTURES).join("check-invalid");
    let (out, report) = json(&root);
    assert_eq!(out.code, Some(1));
    assert_eq!(report["built"], false);
    let build = problems(&report, "build");
    assert!(
        build
            .iter()
            .any(|(p, l, m)| p.ends_with("a.en.md") && *l == Some(2) && m.contains("titel")),
        "{build:?}"
    );
    assert!(
        build
            .iter()
            .any(|(p, l, m)| p.ends_with("a.it.md") && *l == Some(5) && m.contains("narnia")),
        "{build:?}"
    );
    let out = check(&root, &[]);
    assert!(out.stdout.contains("the site does not build"));
}

#[test]
fn warnings_alone_pass_unless_strict() {
    // The basic fixture's only problem: a briefing without its English translation.
    let root = Path::new(FIXTURES).join("basic");
    let out = check(&root, &[]);
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    assert!(out.stdout.contains("1 missing translation"));
    let out = check(&root, &["--strict"]);
    assert_eq!(out.code, Some(1));
}

#[test]
fn check_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    for entry in walkdir::WalkDir::new(Path::new(FIXTURES).join("basic")) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(Path::new(FIXTURES).join("basic"))
            .unwrap();
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(root.join(rel)).unwrap();
        } else {
            std::fs::copy(entry.path(), root.join(rel)).unwrap();
        }
    }
    let before: Vec<_> = walkdir::WalkDir::new(dir.path())
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .collect();
    check(&root, &[]);
    let after: Vec<_> = walkdir::WalkDir::new(dir.path())
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .collect();
    assert_eq!(before, after);
}

#[test]
fn the_repository_site_passes() {
    // Against an empty reference, not whatever public/ a local build left: the guard's
    // comparison with an earlier build is tested in tests/aliases.rs.
    let reference = tempfile::tempdir().unwrap();
    let out = check(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["--against", reference.path().to_str().unwrap()],
    );
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    assert!(out.stdout.contains(": 0 errors"), "{}", out.stdout);
}

/// Titles over 60 and descriptions over 160 characters are warnings at the front-matter
/// line; lengths are counted in characters (`à` is one), so 60 accented letters pass.
#[test]
fn titles_and_descriptions_that_search_results_cut_are_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_dir(&Path::new(FIXTURES).join("basic"), &root);
    let alpha = root.join("content/briefings/alpha.en.md");
    let at_limit = "à".repeat(60);
    let source = std::fs::read_to_string(&alpha).unwrap();
    std::fs::write(
        &alpha,
        source
            .replace(
                "title: \"Test summit in Astana\"",
                &format!("title: \"{at_limit}\""),
            )
            .replace(
                "summary: \"A test summit.\"",
                &format!("summary: \"{}\"", "è".repeat(160)),
            ),
    )
    .unwrap();
    let out = check(&root, &["--format", "json"]);
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(problems(&report, "long-title").is_empty(), "{report:#}");
    assert!(
        problems(&report, "long-description").is_empty(),
        "{report:#}"
    );

    let beta = root.join("content/briefings/beta.en.md");
    let source = std::fs::read_to_string(&beta).unwrap();
    let title_line = source
        .lines()
        .position(|l| l.starts_with("title:"))
        .unwrap()
        + 1;
    let long = source
        .lines()
        .map(|l| {
            if l.starts_with("title:") {
                format!("title: \"{}\"", "é".repeat(61))
            } else if l.starts_with("summary:") {
                format!("summary: \"{}\"", "x".repeat(161))
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&beta, long + "\n").unwrap();
    let (out, report) = json(&root);
    let titles = problems(&report, "long-title");
    assert_eq!(titles.len(), 1, "{report:#}");
    assert!(
        titles[0].0.ends_with("content/briefings/beta.en.md"),
        "{titles:?}"
    );
    assert_eq!(titles[0].1, Some(title_line as u64));
    assert!(titles[0].2.contains("61 characters"), "{titles:?}");
    let descriptions = problems(&report, "long-description");
    assert_eq!(descriptions.len(), 1, "{report:#}");
    assert!(
        descriptions[0].2.contains("161 characters"),
        "{descriptions:?}"
    );
    assert_eq!(report["errors"], 0, "{report:#}");
    assert_eq!(out.code, Some(0), "warnings alone do not fail check");
    assert_eq!(check(&root, &["--strict"]).code, Some(1));
}
