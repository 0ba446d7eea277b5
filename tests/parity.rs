//! Translation parity as `briefing check` reports it: a fixture pair for each kind of
//! difference, each reported with both files and lines; marks; exit codes; this site.

mod common;

use common::run::{check, check_json as json};
use common::site::{fixture, scratch as scratch_of};
use serde_json::Value;
use std::fs;
use std::path::Path;

/// One reported problem: (kind, file, line, other file, other line, message).
type Item = (String, String, u64, String, u64, String);

fn parity(report: &Value) -> Vec<Item> {
    let file = |v: &Value| {
        let path = v.as_str().unwrap_or_default();
        path.rsplit('/').next().unwrap_or_default().to_string()
    };
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["kind"].as_str().unwrap().starts_with("parity-"))
        .map(|p| {
            (
                p["kind"].as_str().unwrap().to_string(),
                file(&p["path"]),
                p["line"].as_u64().unwrap_or(0),
                file(&p["other"]["path"]),
                p["other"]["line"].as_u64().unwrap_or(0),
                p["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// (kind, translation, line, original, line, what the message says).
type Expected = (
    &'static str,
    &'static str,
    u64,
    &'static str,
    u64,
    &'static [&'static str],
);

/// A scratch copy of the fixture.
fn scratch() -> (tempfile::TempDir, std::path::PathBuf) {
    scratch_of("parity")
}

fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join("content/briefings").join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} not in {file}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn each_kind_of_difference_is_reported_with_both_files_and_lines() {
    let (out, report) = json(&fixture("parity"), &[]);
    assert_eq!(out.code, Some(0), "warnings only: {report:#}");
    let found = parity(&report);
    // (kind, translation:line, original:line, what the message says)
    let expected: [Expected; 9] = [
        // A changed number in the English notation, and a date, in the body...
        (
            "parity-number",
            "numbers.en.md",
            11,
            "numbers.it.md",
            11,
            &["has 94.9 where", ":11 has 94,8"],
        ),
        (
            "parity-number",
            "numbers.en.md",
            11,
            "numbers.it.md",
            11,
            &["has 17 June 2025 where", "has 16 giugno 2025"],
        ),
        // ...and one in the figures, against the Italian notation (`1.500` is 1500).
        (
            "parity-number",
            "numbers.en.md",
            9,
            "numbers.it.md",
            9,
            &["has 1,600 where", "has 1.500"],
        ),
        (
            "parity-structure",
            "paragraph.en.md",
            7,
            "paragraph.it.md",
            7,
            &["`## What happened` has 1 paragraph", "has 2"],
        ),
        (
            "parity-structure",
            "heading.en.md",
            7,
            "heading.it.md",
            11,
            &["has the section `## Perché conta`", "no such section"],
        ),
        (
            "parity-link",
            "link.en.md",
            7,
            "link.it.md",
            7,
            &["links @/briefings/numbers.md"],
        ),
        (
            "parity-link",
            "link.en.md",
            7,
            "link.it.md",
            7,
            &["links https://example.org/rapporto"],
        ),
        (
            "parity-field",
            "terms.en.md",
            5,
            "terms.it.md",
            5,
            &["`countries` lacks uzbekistan"],
        ),
        (
            "parity-field",
            "terms.en.md",
            6,
            "terms.it.md",
            6,
            &["`topics` has security", "lacks energy"],
        ),
    ];
    for (kind, file, line, other, other_line, says) in expected {
        let hit = found.iter().any(|(k, f, l, o, ol, m)| {
            k == kind
                && f == file
                && *l == line
                && o == other
                && *ol == other_line
                && says.iter().all(|s| m.contains(s))
        });
        assert!(
            hit,
            "no {kind} {file}:{line} / {other}:{other_line} {says:?} in {found:#?}"
        );
    }
    assert_eq!(found.len(), expected.len(), "{found:#?}");
    // The same values in the other notation are not differences.
    for same in ["1,782.75", "1.782,75", "6%", "per cento", "94.8 billion"] {
        assert!(
            found.iter().all(|i| !i.5.contains(same)),
            "{same}: {found:#?}"
        );
    }
    assert_eq!(report["translations"], 8);
    assert!(report["numbers"].as_u64().unwrap() > 20, "{report:#}");
}

#[test]
fn the_text_report_names_both_files() {
    let out = check(&fixture("parity"), &[]);
    let text = out.stdout;
    let line = text
        .lines()
        .find(|l| l.contains("has 94.9"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        line.starts_with("warning: ")
            && line.contains("content/briefings/numbers.en.md:11:1: has 94.9 where ")
            && line.contains("content/briefings/numbers.it.md:11 has 94,8; "),
        "{line}"
    );
    assert!(
        line.contains("parity: { numbers: [\"94.9\", \"94.8\"] }"),
        "{line}"
    );
    let summary = text.lines().last().unwrap();
    assert!(
        summary.contains("8 translations compared: 0 errors, 11 warnings (1 missing translation, 1 outdated translation, 3 number differences, 2 link differences, 2 structure differences, 2 front-matter differences)"),
        "{summary}"
    );
}

#[test]
fn differences_fail_check_only_when_strict() {
    assert_eq!(check(&fixture("parity"), &[]).code, Some(0));
    assert_eq!(check(&fixture("parity"), &["--strict"]).code, Some(1));
    // Fixed, marked or gone, the same pairs pass --strict.
    let (_dir, root) = scratch();
    edit(&root, "numbers.en.md", "94.9 billion", "94.8 billion");
    edit(&root, "numbers.en.md", "On 17 June", "On 16 June");
    edit(&root, "numbers.en.md", "1,600 MW", "1,500 MW");
    edit(
        &root,
        "paragraph.en.md",
        "First paragraph.\n",
        "First paragraph.\n\nThe second.\n",
    );
    edit(
        &root,
        "heading.en.md",
        "topics: [energy]",
        "topics: [energy]\nparity: { skip: [headings] }",
    );
    edit(
        &root,
        "link.en.md",
        "the source and the briefing on figures",
        "[the source](https://example.org/rapporto) and [the figures](@/briefings/numbers.md)",
    );
    edit(
        &root,
        "terms.en.md",
        "countries: [china]\ntopics: [trade, security]",
        "countries: [uzbekistan, china]\ntopics: [energy, trade]",
    );
    edit(
        &root,
        "behind.en.md",
        "date: 2025-06-05",
        "date: 2025-06-05\nupdated: 2025-07-01",
    );
    fs::remove_file(root.join("content/briefings/solo.it.md")).unwrap();
    let (out, report) = json(&root, &["--strict"]);
    assert_eq!(out.code, Some(0), "{report:#}");
    assert_eq!(report["warnings"], 0);
}

#[test]
fn marks_silence_what_they_name_and_are_checked() {
    let (_dir, root) = scratch();
    let marked = root.join("content/briefings/marked.en.md");
    let original = fs::read_to_string(&marked).unwrap();
    let without = original.replace("parity:\n  numbers: [\"1944\"]\n  links: [\"https://example.org/it/fonte\"]\n  skip: [paragraphs]\n", "");
    assert_ne!(without, original);

    // The marked pair is silent; without its marks it is not.
    let (_, report) = json(&fixture("parity"), &[]);
    assert!(parity(&report).iter().all(|i| i.1 != "marked.en.md"));
    fs::write(&marked, &without).unwrap();
    let (_, report) = json(&root, &[]);
    let kinds: Vec<String> = parity(&report)
        .into_iter()
        .filter(|i| i.1 == "marked.en.md")
        .map(|i| i.0)
        .collect();
    assert_eq!(
        kinds,
        ["parity-number", "parity-link", "parity-structure"],
        "{report:#}"
    );

    // A mark that silences nothing is a warning at its line.
    fs::write(
        &marked,
        original.replace("[\"1944\"]", "[\"1944\", \"2030\"]"),
    )
    .unwrap();
    let (out, report) = json(&root, &["--strict"]);
    assert_eq!(out.code, Some(1));
    let unused: Vec<&Value> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["kind"] == "unused-parity-mark")
        .collect();
    assert_eq!(unused.len(), 1, "{report:#}");
    assert_eq!(unused[0]["line"], 7);
    assert!(unused[0]["message"].as_str().unwrap().contains("`2030`"));

    // A mark that cannot be understood is an error with a hint.
    fs::write(
        &marked,
        original.replace("skip: [paragraphs]", "skip: [paragrahps]"),
    )
    .unwrap();
    let (out, report) = json(&root, &[]);
    assert_eq!(out.code, Some(1));
    let invalid = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "parity-mark")
        .unwrap_or_else(|| panic!("{report:#}"));
    assert_eq!(invalid["line"], 9);
    assert_eq!(invalid["hint"], "did you mean `paragraphs`?");

    // A misspelt field is a build error naming the field, like every other field.
    fs::write(&marked, original.replace("parity:", "parit:")).unwrap();
    let out = check(&root, &[]);
    assert_eq!(out.code, Some(1));
    let text = out.stdout;
    assert!(
        text.contains("marked.en.md:6:1: unknown field `parit`"),
        "{text}"
    );
    assert!(text.contains("did you mean `parity`?"), "{text}");
}

#[test]
fn the_repository_site_is_in_parity() {
    let (out, report) = json(Path::new(env!("CARGO_MANIFEST_DIR")), &["--strict"]);
    assert_eq!(out.code, Some(0), "{report:#}");
    assert_eq!(report["warnings"], 0, "{report:#}");
    assert_eq!(report["translations"], 3);
    assert!(report["numbers"].as_u64().unwrap() >= 100, "{report:#}");
}
