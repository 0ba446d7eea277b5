//! Pairs compared in memory: documents made from text through the real front-matter
//! parser and the adapter, then every kind of difference, marks, and three languages.

use super::*;
use crate::content::frontmatter;
use std::path::PathBuf;

fn config() -> Config {
    Config::load(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/basic"
    )))
    .unwrap()
}

/// A document from the whole text of `NAME.LANG.md`.
fn doc(config: &Config, name: &str, lang: &str, text: &str) -> Document {
    let path = PathBuf::from(format!("content/briefings/{name}.{lang}.md"));
    let split = frontmatter::split(text, &path).unwrap();
    let meta = frontmatter::parse(&split, &path, config, &[]).unwrap();
    Document {
        path,
        section: "briefings".to_string(),
        name: name.to_string(),
        lang: lang.to_string(),
        body: split.body.to_string(),
        body_line: split.body_line,
        body_at: Default::default(),
        meta,
    }
}

/// The survey of `files` ((lang, text) of one briefing `x`), with its sides.
fn survey(files: &[(&str, &str)], languages: &[&str]) -> (Vec<Document>, Vec<String>, Survey) {
    let config = config();
    let docs: Vec<Document> = files
        .iter()
        .map(|(lang, text)| doc(&config, "x", lang, text))
        .collect();
    let sides = sides(&config, &docs);
    for (side, (_, text)) in sides.iter().zip(files) {
        side.file.set(text.to_string()).unwrap();
    }
    let survey = Survey::of(&sides, languages);
    let findings: Vec<String> = survey
        .findings(&sides)
        .iter()
        .map(|f| format!("{:?} {}", f.kind, f.problem))
        .collect();
    drop(sides);
    (docs, findings, survey)
}

fn messages(files: &[(&str, &str)]) -> Vec<String> {
    survey(files, &["it", "en"]).1
}

/// `found` has one message containing each of `expect`, and no other.
fn assert_exactly(found: &[String], expect: &[&str]) {
    for e in expect {
        assert!(
            found.iter().any(|f| f.contains(e)),
            "no {e:?} in {found:#?}"
        );
    }
    assert_eq!(found.len(), expect.len(), "{found:#?}");
}

const IT: &str = "---
title: \"Vertice del 2025\"
date: 2025-06-16
summary: \"Il 16 giugno 2025, 94,8 miliardi.\"
countries: [china, kazakhstan]
topics: [trade]
event: { date: 2025-06-16, name: \"Vertice\", place: \"Astana\" }
sources:
  - { name: \"ots.at\" }
figures:
  - { label: \"Interscambio 2024\", value: \"94,8 miliardi\" }
  - { label: \"Centrale\", value: \"1.500 MW\" }
---
Introduzione del 16 giugno 2025, con [un link](https://e.org/a).

## Che cosa è successo

L'interscambio ha superato i 94,8 miliardi, il 6 per cento in più.

Una centrale da 1.500 MW, vedi [l'altra analisi](@/briefings/y.md#sezione).

## Perché conta

- primo punto, 3 progetti;
- secondo punto.

## Da seguire

Il 24° vertice.
";

const EN: &str = "---
title: \"The 2025 summit\"
date: 2025-06-16
summary: \"On 16 June 2025, 94.8 billion.\"
countries: [kazakhstan, china]
topics: [trade]
event: { date: 2025-06-16, name: \"Summit\", place: \"Astana\" }
sources:
  - { name: \"ots.at\" }
figures:
  - { label: \"Trade 2024\", value: \"94.8 billion\" }
  - { label: \"Power plant\", value: \"1,500 MW\" }
---
An introduction of June 16, 2025, with [a link](https://e.org/a).

## What happened

Trade passed 94.8 billion, 6% more.

A 1,500 MW plant, see [the other briefing](@/briefings/y.en.md#section).

## Why it matters

- first point, 3 projects;
- second point.

## What to watch

The 24th summit.
";

#[test]
fn a_faithful_translation_has_no_difference() {
    let (_, findings, surveyed) = survey(&[("it", IT), ("en", EN)], &["it", "en"]);
    assert_eq!(findings, Vec::<String>::new());
    assert_eq!(surveyed.pairs, 1);
    // Per side: title 1, summary 2, figures 2 + 1, body 1 + 2 + 1 + 1 + 1.
    assert_eq!(surveyed.values, 2 * 12);
}

#[test]
fn a_changed_number_is_one_difference_naming_both_files() {
    let en = EN.replace("Trade passed 94.8 billion", "Trade passed 94.9 billion");
    let found = messages(&[("it", IT), ("en", &en)]);
    assert_eq!(
        found,
        [
            "ParityNumber content/briefings/x.en.md:18:1: has 94.9 where content/briefings/x.it.md:18 has 94,8; correct the figure in the language that is wrong; if the difference is meant, add `parity: { numbers: [\"94.9\", \"94.8\"] }` to the front-matter"
        ]
    );
    // Changed in the Italian notation: `1.600` is one thousand six hundred.
    let it = IT.replace("Una centrale da 1.500 MW", "Una centrale da 1.600 MW");
    let found = messages(&[("it", &it), ("en", EN)]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("x.en.md:20:1: has 1,500 where content/briefings/x.it.md:20 has 1.600"),
        "{found:?}"
    );
}

#[test]
fn dropped_numbers_links_paragraphs_and_sections() {
    let en = EN
        .replace(
            "\nA 1,500 MW plant, see [the other briefing](@/briefings/y.en.md#section).\n",
            "",
        )
        .replace(
            "## Why it matters\n\n- first point, 3 projects;\n- second point.\n\n",
            "",
        );
    let en = en.replace(
        "An introduction of June 16, 2025, with [a link](https://e.org/a).",
        "An introduction.",
    );
    let found = messages(&[("it", IT), ("en", &en)]);
    let expect = [
        "x.en.md:14:1: content/briefings/x.it.md:14 has 16 giugno 2025; this translation has no such date",
        "x.en.md:14:1: content/briefings/x.it.md:14 links https://e.org/a; this translation has no such link",
        "x.en.md:16:1: content/briefings/x.it.md:20 has 1.500; this translation has no such number in its section `## What happened`",
        "x.en.md:16:1: content/briefings/x.it.md:20 links @/briefings/y.md; this translation has no such link in its section `## What happened`",
        "x.en.md:16:1: its section `## What happened` has 1 paragraph; `## Che cosa è successo` at content/briefings/x.it.md:16 has 2",
        "x.en.md:16:1: content/briefings/x.it.md:22 has the section `## Perché conta`, with 1 number (3); this translation has no such section (it would follow `## What happened`)",
    ];
    assert_exactly(&found, &expect);
}

#[test]
fn an_added_section_and_number_are_reported_where_they_are() {
    let en = EN.replace(
        "## What to watch",
        "## An extra section\n\nIn 1944.\n\n## What to watch",
    );
    let en = en.replace("6% more.", "6% more, 5 of them.");
    let found = messages(&[("it", IT), ("en", &en)]);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found[0].contains("x.en.md:18:1: has 5; content/briefings/x.it.md has no such number in its section `## Che cosa è successo`"), "{found:#?}");
    assert!(found[1].contains("x.en.md:27:1: has the section `## An extra section`, with 1 number (1944); content/briefings/x.it.md has no such section"), "{found:#?}");
}

#[test]
fn front_matter_fields_that_need_no_translating() {
    let en = EN
        .replace("topics: [trade]", "topics: [trade, energy]")
        .replace("countries: [kazakhstan, china]", "countries: [china]")
        .replace("event: { date: 2025-06-16,", "event: { date: 2025-06-17,")
        .replace("sources:\n  - { name: \"ots.at\" }\n", "")
        .replace("  - { label: \"Power plant\", value: \"1,500 MW\" }\n", "");
    let found = messages(&[("it", IT), ("en", &en)]);
    let expect = [
        "x.en.md:5:1: `countries` lacks kazakhstan, which content/briefings/x.it.md:5 has",
        "x.en.md:6:1: `topics` has energy, which content/briefings/x.it.md:6 does not",
        "x.en.md:7:1: `event` is on 2025-06-17; content/briefings/x.it.md:7 has it on 2025-06-16",
        // An absent field is located where it would be added: before the closing `---`.
        "x.en.md:10:1: has 0 sources; content/briefings/x.it.md:8 has 1",
        "x.en.md:8:1: has 1 figure; content/briefings/x.it.md:10 has 2",
        "x.en.md:8:1: content/briefings/x.it.md:12 has 1.500; this translation has no such number",
    ];
    assert_exactly(&found, &expect);
}

#[test]
fn marks_silence_what_they_name_and_nothing_else() {
    let en = EN
        .replace("Trade passed 94.8 billion", "Trade passed 94.9 billion")
        .replace("topics: [trade]", "topics: [trade, energy]")
        .replace("---\nAn intro", "parity:\n  numbers: [\"94.9\", 94.8, \"1944\"]\n  skip: [topics, tables]\n---\nAn intro");
    let found = messages(&[("it", IT), ("en", &en)]);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found[0].contains("UnusedParityMark content/briefings/x.en.md:14:1: `1944` in `parity.numbers` differs in no pair"), "{found:#?}");
    assert!(
        found[1]
            .contains("UnusedParityMark content/briefings/x.en.md:15:1: `tables` in `parity.skip`"),
        "{found:#?}"
    );
    // A mark in the original counts for the pair too.
    let it = IT.replace(
        "topics: [trade]",
        "topics: [trade]\nparity: { skip: [topics] }",
    );
    let en = EN.replace("topics: [trade]", "topics: [trade, energy]");
    assert_eq!(messages(&[("it", &it), ("en", &en)]), Vec::<String>::new());
}

#[test]
fn invalid_marks_are_errors_at_their_line() {
    let en = EN.replace(
        "topics: [trade]",
        "topics: [trade]\nparity:\n  numbers: [\"94,8\"]\n  skip: [paragrahps]",
    );
    let found = messages(&[("it", IT), ("en", &en)]);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found[0].starts_with("ParityMark content/briefings/x.en.md:8:1: `94,8` in `parity.numbers` is not one number or date as `en` writes it (2 found)"), "{found:#?}");
    assert!(found[1].starts_with("ParityMark content/briefings/x.en.md:9:1: unknown comparison `paragrahps` in `parity.skip`; did you mean `paragraphs`?"), "{found:#?}");
}

#[test]
fn the_marks_of_a_file_without_translation_are_checked_too() {
    let it = IT.replace(
        "topics: [trade]",
        "topics: [trade]\nparity: { skip: [topic] }",
    );
    let found = messages(&[("it", &it)]);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0]
            .starts_with("ParityMark content/briefings/x.it.md:7:1: unknown comparison `topic`"),
        "{found:#?}"
    );
    assert!(found[0].ends_with("did you mean `topics`?"), "{found:#?}");
}

#[test]
fn every_translation_is_compared_with_the_original() {
    // Three languages: the Russian text is compared with the Italian original, not with
    // the English, each read in its own notation (CLDR's for Russian).
    let text = |body: &str| format!("---\ntitle: T\ndate: 2025-06-16\nsummary: S\n---\n{body}");
    let it = text("A 94,8 e 1.500.\n\n## A\n\nIl 24° vertice.\n");
    let en = text("A 94.8 and 1,500.\n\n## A\n\nThe 24th summit.\n");
    let ru = text("A 94,8 и 1\u{a0}500.\n\n## A\n\n25 саммит.\n");
    let (docs, findings, surveyed) = survey(
        &[("en", &en), ("it", &it), ("ru", &ru)],
        &["it", "en", "ru"],
    );
    assert_eq!(surveyed.pairs, 2);
    let group = &surveyed.groups[0];
    assert_eq!(docs[group.original].lang, "it");
    let langs: Vec<&str> = group.translations.iter().map(|t| t.lang.as_str()).collect();
    assert_eq!(langs, ["en", "ru"]);
    assert_eq!(
        findings,
        [
            "ParityNumber content/briefings/x.ru.md:10:1: has 25 where content/briefings/x.it.md:10 has 24°; correct the figure in the language that is wrong; if the difference is meant, add `parity: { numbers: [25, 24] }` to the front-matter"
        ]
    );

    // Without the default language, the oldest file is the original.
    let en = en.replace("date: 2025-06-16", "date: 2025-06-10");
    let (docs, _, surveyed) = survey(&[("ru", &ru), ("en", &en)], &["it", "en", "ru"]);
    assert_eq!(docs[surveyed.groups[0].original].lang, "en");
    let present: Vec<(&str, bool)> = surveyed.groups[0]
        .translations
        .iter()
        .map(|t| (t.lang.as_str(), t.doc.is_some()))
        .collect();
    assert_eq!(present, [("it", false), ("ru", true)]);
}

#[test]
fn a_translation_behind_its_original() {
    let it = IT.replacen(
        "date: 2025-06-16",
        "date: 2025-06-16\nupdated: 2025-07-01",
        1,
    );
    let (_, _, surveyed) = survey(&[("it", &it), ("en", EN)], &["it", "en"]);
    let behind = surveyed.groups[0].translations[0].behind;
    assert_eq!(behind.map(|d| d.to_string()).as_deref(), Some("2025-07-01"));
}
