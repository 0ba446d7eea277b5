//! `briefing init` as a user runs it: a new site that builds and passes `check` at once.

mod common;

use common::site::{briefing, page, select, stderr, stdout, text};
use std::fs;
use std::path::Path;

fn init(dir: &Path, languages: Option<&str>) -> std::process::Output {
    let mut args = vec!["init", dir.to_str().unwrap()];
    if let Some(languages) = languages {
        args.extend(["--languages", languages]);
    }
    briefing(&args, &[])
}

/// `init`, then `build`, then `check`, as processes; returns the output folder.
fn init_build_check(dir: &Path, languages: Option<&str>) -> std::path::PathBuf {
    let out = init(dir, languages);
    assert!(out.status.success(), "init failed: {}", stderr(&out));
    let written = stdout(&out);
    assert!(
        written.contains("site.yaml") && written.contains("ui.yaml"),
        "{written}"
    );
    assert!(
        !dir.join("templates").exists(),
        "init writes no templates: the builtin theme serves"
    );
    let root = dir.to_str().unwrap();
    let out = briefing(&["build", "--root", root], &[]);
    assert!(
        out.status.success(),
        "the new site does not build: {}",
        stderr(&out)
    );
    let out = briefing(&["check", "--root", root, "--strict"], &[]);
    assert_eq!(out.status.code(), Some(0), "check fails:\n{}", stdout(&out));
    assert!(
        stdout(&out).contains(": 0 errors, 0 warnings"),
        "{}",
        stdout(&out)
    );
    dir.join("public")
}

#[test]
fn a_new_site_builds_and_passes_check_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("my-site");
    let public = init_build_check(&site, None);
    // Italian and English by default, Italian first.
    let config = fs::read_to_string(site.join("site.yaml")).unwrap();
    assert!(config.contains("default_language: it"), "{config}");
    assert!(
        config
            .lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .count()
            > 10,
        "commented"
    );
    for lang in ["it", "en"] {
        assert!(
            site.join(format!("content/briefings/welcome.{lang}.md"))
                .is_file()
        );
        let home = page(&public, &format!("{lang}/index.html"));
        assert_eq!(
            select(&home, ".lead-title").len(),
            1,
            "{lang}: the example leads"
        );
    }
    let it = page(&public, "it/briefings/welcome/index.html");
    assert_eq!(text(&it, "h1"), "Benvenuti nel briefing");
    assert_eq!(text(&it, "header.doc-header p.meta time"), "1 gennaio 2025");
}

#[test]
fn three_languages_and_one_without_builtin_strings() {
    let dir = tempfile::tempdir().unwrap();
    let public = init_build_check(&dir.path().join("ru"), Some("ru,en,it"));
    let ru = page(&public, "ru/briefings/welcome/index.html");
    assert_eq!(
        text(&ru, "header.doc-header p.meta time"),
        "1 января 2025\u{202f}г."
    );
    let langs: Vec<&str> = select(&ru, "nav.lang-switch a")
        .iter()
        .map(|a| a.value().attr("hreflang").unwrap())
        .collect();
    assert_eq!(langs, ["en", "it"], "the order of --languages");
    // German: the builtin strings have none, so init writes English ones to translate.
    let site = dir.path().join("de");
    let public = init_build_check(&site, Some("de,pl"));
    let ui = fs::read_to_string(site.join("ui.yaml")).unwrap();
    assert!(
        ui.contains("  de: \"Skip to content\"  # TODO: translate"),
        "{ui}"
    );
    // Polish counts need one, few and many forms: all there, marked for translation.
    assert!(ui.contains("briefing_count:\n  de:  # TODO: translate\n    one: \"{n} briefing\"\n    other: \"{n} briefings\"\n  pl:  # TODO: translate\n    one: \"{n} briefing\"\n    few: \"{n} briefings\"\n    many: \"{n} briefings\""), "{ui}");
    assert_eq!(
        text(&page(&public, "pl/topics/index.html"), ".count"),
        "1 briefing"
    );
}

#[test]
fn a_folder_that_is_not_empty_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let out = init(dir.path(), None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("the folder is not empty"),
        "{}",
        stderr(&out)
    );
    let left: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "nothing was written");
    // Unknown or repeated languages are refused before anything is written.
    let target = dir.path().join("new");
    let out = init(&target, Some("en,xx"));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("--languages: `xx` has no CLDR dates, numbers and plural rules"),
        "{}",
        stderr(&out)
    );
    let out = init(&target, Some("en,en"));
    assert!(
        stderr(&out).contains("`en` is given twice"),
        "{}",
        stderr(&out)
    );
    assert!(!target.exists());
}
