//! `briefing new`: skeletons with every front-matter field, paired by name, that build.

mod common;

use common::run::{Run, build_args, run};
use common::site::scratch;
use std::fs;
use std::path::Path;

const FIELDS: [&str; 12] = [
    "title",
    "date",
    "summary",
    "slug",
    "updated",
    "countries",
    "topics",
    "event",
    "sources",
    "figures",
    "charts",
    "draft",
];

fn scratch_site() -> (tempfile::TempDir, std::path::PathBuf) {
    scratch("basic")
}

fn build(root: &Path, output: &Path, drafts: bool) -> Run {
    let drafts: &[&str] = if drafts { &["--drafts"] } else { &[] };
    run(&[&build_args(root, output)[..], drafts].concat())
}

#[test]
fn both_languages_get_a_commented_skeleton_that_builds() {
    let (dir, root) = scratch_site();
    let out = run(&["new", "gas-deal", "--root", root.to_str().unwrap()]);
    assert!(out.code == Some(0), "{}", out.stderr);
    let briefings = root.join("content/briefings");
    let printed = out.stdout.clone();
    for lang in ["it", "en"] {
        let path = briefings.join(format!("gas-deal.{lang}.md"));
        assert!(printed.contains(&path.display().to_string()), "{printed}");
        let text = fs::read_to_string(&path).unwrap();
        let front = text.split("\n---\n").next().unwrap();
        for field in FIELDS {
            let line = front
                .lines()
                .find(|l| l.starts_with(&format!("{field}:")))
                .unwrap_or_else(|| panic!("{lang}: no `{field}` in\n{text}"));
            assert!(
                line.contains(" # "),
                "{lang}: `{field}` has no comment: {line}"
            );
        }
        assert!(front.contains("draft: true"));
        assert!(front.contains("slug: \"gas-deal\""));
        assert!(front.contains("keys from site.yaml: china, kazakhstan"));
        assert!(front.contains("content/data/NAME.yaml: trade"));
    }
    let it = fs::read_to_string(briefings.join("gas-deal.it.md")).unwrap();
    assert!(it.contains("## Che cosa è successo"));
    let en = fs::read_to_string(briefings.join("gas-deal.en.md")).unwrap();
    assert!(en.contains("## What happened"));

    let output = dir.path().join("public");
    let out = build(&root, &output, true);
    assert!(
        (out.code == Some(0)),
        "build --drafts failed: {}",
        out.stderr
    );
    let it_page = fs::read_to_string(output.join("it/analisi/gas-deal/index.html")).unwrap();
    let en_page = fs::read_to_string(output.join("en/briefings/gas-deal/index.html")).unwrap();
    assert!(it_page.contains("TODO titolo"));
    // Paired by name: each links the other.
    assert!(
        it_page.contains("briefings/gas-deal/"),
        "no link to the English page"
    );
    assert!(
        en_page.contains("analisi/gas-deal/"),
        "no link to the Italian page"
    );

    let out = build(&root, &output, false);
    assert!(out.code == Some(0), "build failed: {}", out.stderr);
    assert!(!output.join("it/analisi/gas-deal").exists());
}

#[test]
fn existing_files_are_never_overwritten() {
    let (_dir, root) = scratch_site();
    let root_arg = root.to_str().unwrap();
    let out = run(&["new", "gas-deal", "--root", root_arg, "--lang", "it"]);
    assert!(out.code == Some(0), "{}", out.stderr);
    let it = root.join("content/briefings/gas-deal.it.md");
    fs::write(&it, "edited").unwrap();

    let out = run(&["new", "gas-deal", "--root", root_arg]);
    assert_eq!(out.code, Some(1));
    let err = out.stderr;
    assert!(err.contains("gas-deal.it.md: already exists"), "{err}");
    assert!(
        err.contains("--lang en"),
        "the hint names the missing language: {err}"
    );
    assert_eq!(fs::read_to_string(&it).unwrap(), "edited");
    assert!(!root.join("content/briefings/gas-deal.en.md").exists());
}

#[test]
fn a_translation_starts_from_its_counterpart() {
    let (_dir, root) = scratch_site();
    // alpha.it.md and alpha.en.md exist in the fixture; start a third language-less pair.
    let it = root.join("content/briefings/gamma.it.md");
    assert!(it.is_file());
    let out = run(&[
        "new",
        "gamma",
        "--root",
        root.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert!(out.code == Some(0), "{}", out.stderr);
    let en = fs::read_to_string(root.join("content/briefings/gamma.en.md")).unwrap();
    assert!(en.contains("copied from gamma.it.md"), "{en}");
    let it_text = fs::read_to_string(&it).unwrap();
    let date = it_text
        .lines()
        .find_map(|l| l.strip_prefix("date: "))
        .unwrap()
        .trim();
    assert!(en.contains(&format!("date: {date}")), "{en}");
}

#[test]
fn bad_names_and_languages_are_refused() {
    let (_dir, root) = scratch_site();
    let out = run(&["new", "Gas Deal", "--root", root.to_str().unwrap()]);
    assert_eq!(out.code, Some(1));
    out.says(&["e.g. `gas-deal`"]);
    let out = run(&["new", "x", "--root", root.to_str().unwrap(), "--lang", "de"]);
    // The site's languages decide, not a fixed list.
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr
            .contains("`de` is not a language of the site; use it, en or both"),
        "{}",
        out.stderr
    );
    let out = run(&[
        "new",
        "x",
        "--root",
        root.to_str().unwrap(),
        "--section",
        "news",
    ]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr
            .contains("`news` is not a section of the site; use one of: briefings, pages"),
        "{}",
        out.stderr
    );
}
