//! Ordinary input that used to give wrong pages or wrong errors (issue 11's smaller
//! defects): footnotes cited or defined twice, an unclosed `<!--`, chart bars too big
//! to draw, a bad data file, YAML tags and nulls, editors' scratch files. Each runs the
//! real binary on a scratch copy of the fixture and checks the page or the error.

mod common;

use common::env::TestSite;
use common::run::Run;
use scraper::Selector;
use std::collections::BTreeSet;
use std::fs;

/// A scratch copy of the basic fixture, with the two ways this file runs the binary.
struct Case(TestSite);

impl std::ops::Deref for Case {
    type Target = TestSite;
    fn deref(&self) -> &TestSite {
        &self.0
    }
}

impl Case {
    fn new() -> Case {
        Case(TestSite::new("basic"))
    }

    /// `build` (into the scratch output) or `check`.
    fn run(&self, command: &str) -> Run {
        match command {
            "build" => self.build(&[]),
            _ => self.0.run(command, &[]),
        }
    }

    #[track_caller]
    fn builds(&self) -> String {
        self.run("build").ok().stderr.clone()
    }

    /// Builds and checks, expecting both to fail with exactly the `expected` errors.
    #[track_caller]
    fn fails_with(&self, expected: &[&str]) {
        for command in ["build", "check"] {
            let out = self.run(command);
            let text = format!("{}{}", out.stdout, out.stderr);
            assert_eq!(out.code, Some(1), "{command}: {text}");
            let errors: Vec<&str> = text.lines().filter(|l| l.starts_with("error:")).collect();
            assert_eq!(errors.len(), expected.len(), "{command}: {text}");
            for (error, needle) in errors.iter().zip(expected) {
                assert!(
                    error.contains(needle),
                    "{command}: expected `{needle}` in {error}"
                );
            }
        }
    }
}

fn briefing(front: &str, body: &str) -> String {
    format!("---\ntitle: \"Note\"\ndate: 2025-01-01\nsummary: \"s\"\n{front}---\n{body}")
}

#[test]
fn a_footnote_cited_twice_gives_a_valid_page() {
    let case = Case::new();
    case.write(
        "content/briefings/notes.it.md",
        briefing(
            "",
            "A[^z], again B[^z], and [^z-2].\n\n[^z]: One.\n\n[^z-2]: Two.\n",
        ),
    );
    case.builds();
    let page = case.page("it/analisi/note/index.html");
    let ids: Vec<String> = page
        .select(&Selector::parse("[id]").unwrap())
        .map(|e| e.value().attr("id").unwrap().to_string())
        .collect();
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids in {ids:?}");
    let citations = page
        .select(&Selector::parse("sup.footnote-reference a[href='#fn-z']").unwrap())
        .count();
    assert_eq!(citations, 2, "both citations link the note");
}

#[test]
fn a_footnote_defined_twice_is_an_error_for_build_and_check() {
    let case = Case::new();
    case.write(
        "content/briefings/notes.it.md",
        briefing("", "A[^z].\n\n[^z]: One.\n\n[^z]: Two.\n"),
    );
    case.fails_with(&["notes.it.md:10:1: footnote `z` is defined a second time here"]);
}

#[test]
fn an_unclosed_comment_is_an_error_at_its_line() {
    let case = Case::new();
    case.write(
        "content/briefings/notes.it.md",
        briefing(
            "",
            "First paragraph.\n\n<div>Aside <!-- draft\n\nEverything else.\n",
        ),
    );
    case.fails_with(&["notes.it.md:8:12: an HTML comment `<!--` is never closed"]);
}

#[test]
fn huge_chart_bars_draw_finite_geometry() {
    let case = Case::new();
    let data = fs::read_to_string(case.root.join("content/data/trade.yaml")).unwrap();
    case.write(
        "content/data/trade.yaml",
        data.replace("value: 94.8", "value: 1e308"),
    );
    case.builds();
    let page = case.page("it/index.html");
    let rects: Vec<_> = page
        .select(&Selector::parse("svg rect.bar").unwrap())
        .collect();
    assert_eq!(rects.len(), 2);
    for rect in rects {
        for attr in ["x", "y", "width", "height"] {
            let value: f64 = rect.value().attr(attr).unwrap().parse().unwrap();
            assert!(
                value.is_finite() && (0.0..=640.0).contains(&value),
                "{attr}={value}"
            );
        }
    }
}

#[test]
fn a_bad_data_file_is_one_error_at_the_bar() {
    let case = Case::new();
    let data = fs::read_to_string(case.root.join("content/data/trade.yaml")).unwrap();
    for (bad, says) in [
        ("-5", "the bar value -5 cannot be drawn"),
        (".inf", "the bar value inf cannot be drawn"),
        (".nan", "the bar value NaN cannot be drawn"),
        (
            "1e999",
            "invalid type: string \"1e999\", expected a number of zero or more",
        ),
        (
            "lots",
            "invalid type: string \"lots\", expected a number of zero or more",
        ),
    ] {
        case.write(
            "content/data/trade.yaml",
            data.replace("value: 94.8", &format!("value: {bad}")),
        );
        // Line 8 holds `- { label: "2024", value: ... }`; briefings using the chart
        // must not be told that it is unknown.
        case.fails_with(&[&format!(
            "content/data/trade.yaml:8:29: bars[1].value: {says}"
        )]);
    }
}

#[test]
fn yaml_tags_and_nulls_are_refused_where_text_is_needed() {
    for (front, expected) in [
        (
            "title: !!binary aGVsbG8=\ndate: 2025-01-01\nsummary: s\n",
            "notes.it.md:2:8: the YAML tag `!!binary` is not allowed",
        ),
        (
            "title: !!python/object:os.system echo\ndate: 2025-01-01\nsummary: s\n",
            "notes.it.md:2:8: the YAML tag `!!python/object:os.system` is not allowed",
        ),
        (
            "title: ~\ndate: 2025-01-01\nsummary: s\n",
            "notes.it.md:2:8: `title` is empty (null), but it must be text",
        ),
        (
            "title: t\ndate: 2025-01-01\nsummary: null\n",
            "notes.it.md:4:10: `summary` is empty (null), but it must be text",
        ),
        (
            "title: t\ndate: 2025-01-01\nsummary: s\nsources:\n  - { name: ~ }\n",
            "notes.it.md:6:13: `sources[0].name` is empty (null), but it must be text",
        ),
    ] {
        let case = Case::new();
        case.write(
            "content/briefings/notes.it.md",
            format!("---\n{front}---\nBody.\n"),
        );
        case.fails_with(&[expected]);
    }
    // Quoted, the same characters are text; an optional field may be null.
    let case = Case::new();
    case.write(
        "content/briefings/notes.it.md",
        "---\ntitle: \"~ tilde\"\ndate: 2025-01-01\nsummary: \"!!binary\"\nslug: ~\n---\nBody.\n",
    );
    case.builds();
    let page = case.page("it/analisi/index.html");
    let text = page.root_element().text().collect::<String>();
    assert!(
        text.contains("!!binary"),
        "the quoted summary is shown as written"
    );
}

#[test]
fn editor_scratch_files_are_skipped_by_build_as_by_serve() {
    let case = Case::new();
    let alpha = fs::read_to_string(case.root.join("content/briefings/alpha.en.md")).unwrap();
    // What Emacs, Vim and others leave beside the files they edit, some broken.
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        "user@host.12345:1700000000",
        case.root.join("content/briefings/.#alpha.en.md"),
    )
    .unwrap();
    case.write(
        "content/briefings/#alpha.en.md#",
        alpha.replace("title:", "titel:"),
    );
    case.write("content/briefings/alpha.en.md~", "not front-matter");
    case.write("content/briefings/.alpha.en.md.swp", "\u{0}binary");
    case.write("content/data/trade.yaml~", "broken: [");
    case.write("content/data/.#trade.yaml", "broken: [");
    case.write("templates/.#base.html", "{% broken");
    case.write("templates/base.html~", "{% broken");
    case.write("static/.style.css.swp", "swap");
    case.write("static/style.css~", "backup");
    case.write("static/kept.txt", "kept");
    let stderr = case.builds();
    assert!(!stderr.contains("error"), "{stderr}");
    assert!(case.output.join("kept.txt").exists());
    for skipped in [".style.css.swp", "style.css~"] {
        assert!(
            !case.output.join(skipped).exists(),
            "{skipped} was published"
        );
    }
    case.run("check").ok();
}
