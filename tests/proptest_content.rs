//! Property tests (fuzzing on the stable toolchain) for what editors type: front-matter
//! splitting and parsing, the YAML module, and Markdown rendering. None may panic on
//! any input; errors must point inside the file; nothing may be lost or reordered.
//!
//! The default case counts keep this file to a few seconds in CI. Run longer by hand:
//!
//!     PROPTEST_CASES=100000 cargo test --release --test proptest_content -- --nocapture
//!
//! Each property prints how many cases it ran (visible with `--nocapture`).

mod common;

use briefing::config::Config;
use briefing::content::frontmatter::{self, FIELDS};
use briefing::markdown;
use briefing::yaml;
use common::props::check;
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        Config::load(&common::site::fixture("basic"))
            .unwrap_or_else(|_| panic!("the fixture's site.yaml does not load"))
    })
}

/// Lines that look like front-matter: fences, known and unknown keys, YAML oddities.
fn yaml_line() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        proptest::sample::select(FIELDS.to_vec()).prop_map(str::to_string),
        proptest::sample::select(vec![
            "titel",
            "Title",
            "\"title\"",
            "? title",
            "<<",
            "&a title",
            "*a",
            "",
            " title",
            "date ",
            "event.date",
            "-",
        ])
        .prop_map(str::to_string),
        "[a-z]{1,8}",
    ];
    let value = prop_oneof![
        proptest::sample::select(vec![
            "x",
            "2025-06-16",
            "2025-02-30",
            "2024-02-29",
            "''",
            "\"\\u0000\"",
            "\"\\e[2J\"",
            "~",
            "null",
            "true",
            "[a, b]",
            "{a: b}",
            "&a x",
            "*a",
            "*b",
            "[[[[",
            "]]",
            "{{",
            "|",
            ">-",
            "!!binary aGVsbG8=",
            "!tag x",
            "[kazakhstan, china]",
            "[Kazakhstan]",
            "[trade]",
            "{date: 2025-06-16, name: n, place: p}",
            "[{label: a, value: b}]",
            "[{name: n, url: \"https://a.org\"}]",
            "\"../../x\"",
            "a/b",
            "\"%2e%2e\"",
            "-1",
            "1e400",
            "0x1F",
            ".inf",
            "'it''s'",
            "\"unterminated",
            "# comment",
            "---",
        ])
        .prop_map(str::to_string),
        any::<String>(),
        "[a-zA-Zàèéìòù .,:#-]{0,30}",
    ];
    prop_oneof![
        4 => (key, value).prop_map(|(k, v)| format!("{k}: {v}")),
        1 => "[ ]{0,4}- [a-z:,\\[\\]{}&*]{0,12}",
        1 => proptest::sample::select(vec!["---", "--- ", "---\r", "----", "...", "", " ", "\t", "#"])
            .prop_map(str::to_string),
        1 => any::<String>(),
    ]
}

/// A whole file: mostly front-matter shaped, sometimes anything at all.
fn document() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (
            proptest::sample::select(vec!["---\n", "---\r\n", "\u{feff}---\n", "--- \n", "", "---"]),
            prop::collection::vec(yaml_line(), 0..12),
            proptest::sample::select(vec!["\n---\n", "\r\n---\r\n", "\n---", "\n", "", "\n--- \nbody"]),
            ".{0,40}",
        )
            .prop_map(|(open, lines, close, body)| format!("{open}{}{close}{body}", lines.join("\n"))),
        1 => any::<String>(),
        1 => prop::collection::vec(
            proptest::sample::select(vec!["---", "\n", "\r\n", "\r", "a: b", "\u{feff}", " "]),
            0..16,
        )
        .prop_map(|parts| parts.concat()),
    ]
}

/// Lines as YAML counts them: `\n`, `\r\n`, a lone `\r` (old Mac files) and the
/// Unicode breaks NEL, LS and PS all end one.
fn line_count(text: &str) -> usize {
    text.replace("\r\n", "\n")
        .chars()
        .filter(|c| matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'))
        .count()
        + 1
}

#[test]
fn front_matter_split_never_panics_and_loses_nothing() {
    check("frontmatter::split", 4_000, document(), |text| {
        let path = Path::new("content/briefings/x.it.md");
        match frontmatter::split(&text, path) {
            Ok(split) => {
                // The pieces are the file's own text, in order, with the fences between.
                let yaml_at = text.find(split.yaml).unwrap_or(usize::MAX);
                prop_assert!(text.ends_with(split.body));
                prop_assert!(yaml_at <= text.len() - split.body.len());
                let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
                prop_assert_eq!(&text[..first_line_end].trim_end(), &"---");
                prop_assert!(text[first_line_end..].starts_with(split.yaml));
                let between =
                    &text[first_line_end + split.yaml.len()..text.len() - split.body.len()];
                prop_assert_eq!(
                    between.trim_end(),
                    "---",
                    "the closing fence is all that is dropped"
                );
                prop_assert_eq!(split.yaml_line, 2);
                if !split.body.is_empty() {
                    let before_body = &text[..text.len() - split.body.len()];
                    prop_assert_eq!(split.body_line, before_body.matches('\n').count() + 1);
                }
            }
            Err(problem) => {
                prop_assert_eq!(problem.path.as_path(), path);
                prop_assert!(problem.line >= 1 && problem.line <= line_count(&text));
                prop_assert!(!problem.message.is_empty() && !problem.hint.is_empty());
            }
        }
        Ok(())
    });
}

#[test]
fn front_matter_parse_never_panics_and_locates_every_problem() {
    let config = config();
    let charts = vec!["trade".to_string()];
    check("frontmatter::parse", 4_000, document(), |text| {
        let path = Path::new("content/briefings/x.it.md");
        let Ok(split) = frontmatter::split(&text, path) else {
            return Ok(());
        };
        match frontmatter::parse(&split, path, config, &charts) {
            Ok(meta) => {
                prop_assert!(
                    briefing::urls::is_valid_slug(&meta.slug),
                    "an accepted page has the unsafe slug {:?}",
                    meta.slug
                );
                prop_assert!(!meta.title.trim().is_empty() && !meta.summary.trim().is_empty());
                let keys: BTreeSet<&str> = config
                    .taxonomies
                    .iter()
                    .flat_map(|t| t.terms.iter().map(|term| term.key.as_str()))
                    .collect();
                for term in meta.terms.values().flatten() {
                    prop_assert!(
                        keys.contains(term.as_str()),
                        "unknown term {term:?} accepted"
                    );
                }
            }
            Err(problems) => {
                prop_assert!(!problems.is_empty());
                let last = split.yaml_line + line_count(split.yaml);
                for problem in problems {
                    prop_assert_eq!(problem.path.as_path(), path);
                    prop_assert!(
                        problem.line >= 1 && problem.line <= last,
                        "line {} outside the front-matter (lines 2..{last}): {problem}",
                        problem.line
                    );
                    prop_assert!(!problem.message.is_empty());
                }
            }
        }
        Ok(())
    });
}

#[test]
fn the_yaml_module_never_panics_and_offsets_lines() {
    let text = prop::collection::vec(yaml_line(), 0..16).prop_map(|l| l.join("\n"));
    check(
        "yaml::parse",
        4_000,
        (text, 1usize..500),
        |(text, first)| {
            let path = Path::new("x.yaml");
            if let Err(problem) = yaml::parse::<serde_yaml::Value>(&text, path, first, &FIELDS) {
                prop_assert!(problem.line >= first, "{problem} before line {first}");
                prop_assert!(problem.line < first + line_count(&text) + 1, "{problem}");
            }
            Ok(())
        },
    );
}

/// Markdown-shaped text: headings, lists, links (internal too), footnotes, raw HTML.
fn markdown_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        proptest::sample::select(vec![
            "# ",
            "## ",
            "### ",
            "#### ",
            "- ",
            "1. ",
            "> ",
            "```",
            "~~~",
            "    ",
            "| a | b |\n|---|---|\n",
            "[x](@/briefings/alpha.md)",
            "[x](@/briefings/nope.md#a)",
            "[x](@/pages/about.md)",
            "[^1]",
            "[^1]: nota",
            "[^a b]",
            "<div>",
            "</div>",
            "<!--",
            "-->",
            "**",
            "*",
            "_",
            "`",
            "\\",
            "&amp;",
            "&#0;",
            "\u{0}",
            "\r\n",
            "\n",
            "\n\n",
            "{#id}",
            "{#}",
            " {.class}",
            "![img](a.png)",
            "<https://a.org>",
            "---",
            "===",
            "[",
            "]",
            "(",
            ")",
            "città",
            "Città",
            "\u{200b}",
            "\u{feff}",
        ])
        .prop_map(str::to_string),
        "[a-zA-Z0-9 ]{1,12}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|p| p.concat())
}

#[test]
fn markdown_rendering_never_panics_and_gives_unique_anchors() {
    check("markdown::render", 2_000, markdown_text(), |body| {
        let resolve = |target: &str| -> Option<String> {
            target
                .starts_with("briefings/alpha")
                .then(|| "../alpha/index.html".to_string())
        };
        let rendered = markdown::render(&body, &resolve);
        let again = markdown::render(&body, &resolve);
        prop_assert_eq!(
            &rendered.html,
            &again.html,
            "rendering is not deterministic"
        );
        let mut ids = BTreeSet::new();
        for entry in &rendered.toc {
            prop_assert!(
                ids.insert(entry.id.clone()),
                "duplicate heading id {:?}",
                entry.id
            );
            let attr = format!("id=\"{}\"", entry.id);
            prop_assert!(rendered.html.contains(&attr), "no {attr} in the HTML");
        }
        Ok(())
    });
}
