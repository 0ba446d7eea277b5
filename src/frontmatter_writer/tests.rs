use super::*;
use crate::content::DataNames;
use crate::content::frontmatter::{self, FrontMatter, Seed};

#[test]
fn quoted_text_round_trips_through_yaml() {
    for text in [
        "plain",
        "with \"quotes\" and \\ and : colon # hash",
        "tab\tand\u{7}bell",
        "l'Asia centrale: «sì» — “no”",
        "- starts like a list",
        "yes",
    ] {
        let yaml = format!("title: {}\ndate: x\nsummary: y\n", quote(text));
        let seed = Seed { taxonomies: &[] };
        let front: FrontMatter =
            crate::yaml::parse_seed(seed, &yaml, Path::new("t"), 1, &[]).unwrap();
        assert_eq!(front.title.as_deref(), Some(text));
    }
}

#[test]
fn prose_comes_from_the_ui_strings_and_falls_back_to_english() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut config = Config::load(root).unwrap();
    assert_eq!(Prose::of(&config, "it").title, "TODO titolo");
    assert_eq!(Prose::of(&config, "en").headings[2], "What to watch");
    // A language whose strings leave the draft prose out gets the English.
    let mut ui = config.ui["it"].clone();
    ui.strings.retain(|key, _| !key.starts_with(PROSE_PREFIX));
    config.ui.insert("xx".into(), ui);
    let prose = Prose::of(&config, "xx");
    assert_eq!(prose.summary, "TODO summary in one or two sentences.");
    assert_eq!(prose.photo_caption, "Photo credit. Caption: “{caption}”");
}

#[test]
fn every_field_is_present_and_the_skeleton_parses() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(root).unwrap();
    let today = jiff::civil::date(2026, 1, 2);
    let data = DataNames {
        charts: vec!["trade".into()],
        maps: Vec::new(),
    };
    let text = skeleton("my-briefing", "it", &config, &data, today, None);
    let split = frontmatter::split(&text, Path::new("x.it.md")).unwrap();
    for key in frontmatter::FIELDS {
        assert!(
            split
                .yaml
                .lines()
                .any(|l| l.starts_with(&format!("{key}:"))),
            "{key} missing:\n{text}"
        );
        let line = split
            .yaml
            .lines()
            .find(|l| l.starts_with(&format!("{key}:")))
            .unwrap();
        assert!(line.contains("# "), "{key} has no comment");
    }
    let meta =
        frontmatter::parse(&split, Path::new("x.it.md"), &config, &["trade".into()]).unwrap();
    assert!(meta.draft);
    assert_eq!(meta.slug, "my-briefing");
    assert_eq!(meta.date, today);
    assert!(meta.event.is_none() && meta.updated.is_none());
    assert!(split.body.contains("## Che cosa è successo"));
}

#[test]
fn a_counterpart_fills_what_needs_no_translation() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(root).unwrap();
    let source = "---\ntitle: T\ndate: 2025-06-16\nsummary: S\ncountries: [china]\ntopics: [trade]\nevent: { date: 2025-06-16, name: \"Vertice\", place: Astana }\nsources:\n  - { name: \"ots.at\", note: \"una \\\"nota\\\"\" }\nfigures:\n  - { label: L, value: \"1\" }\n---\n";
    let split = frontmatter::split(source, Path::new("a.it.md")).unwrap();
    let front: FrontMatter = frontmatter::read(&split, Path::new("a.it.md"), &config).unwrap();
    let text = skeleton(
        "a",
        "en",
        &config,
        &DataNames::default(),
        jiff::civil::date(2026, 1, 2),
        Some((Path::new("a.it.md"), &front)),
    );
    let split = frontmatter::split(&text, Path::new("a.en.md")).unwrap();
    let meta = frontmatter::parse(&split, Path::new("a.en.md"), &config, &[]).unwrap();
    assert_eq!(meta.date.to_string(), "2025-06-16");
    assert_eq!(meta.terms_of("countries"), ["china"]);
    assert_eq!(meta.sources[0].note.as_deref(), Some("una \"nota\""));
    assert_eq!(meta.event.unwrap().place, "Astana");
    assert_eq!(meta.figures.len(), 1);
    assert!(text.contains("copied from a.it.md"));
}
