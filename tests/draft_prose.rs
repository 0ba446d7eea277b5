//! The prose of the drafts `new` and `import` write comes from the `draft_*` UI
//! strings: a site's ui.yaml overrides them, a language without them gets English.

mod common;

use common::site::{build, stderr, stdout};
use std::fs;
use std::path::Path;

/// `briefing ARGS...`, which must succeed.
fn briefing(args: &[&str]) -> std::process::Output {
    let out = common::site::briefing(args, &[]);
    assert!(
        out.status.success(),
        "briefing {args:?} failed:\n{}",
        stderr(&out)
    );
    out
}

fn new_site(languages: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site").to_str().unwrap().to_string();
    briefing(&["init", &root, "--languages", languages]);
    (dir, root)
}

fn read(root: &str, file: &str) -> String {
    fs::read_to_string(Path::new(root).join("content/briefings").join(file)).unwrap()
}

#[test]
fn new_writes_each_languages_prose_and_english_where_it_has_none() {
    let (_dir, root) = new_site("it,ru");
    briefing(&["new", "first", "--root", &root]);
    let it = read(&root, "first.it.md");
    assert!(it.contains("title: \"TODO titolo\""), "{it}");
    assert!(it.contains("\n## Che cosa è successo\n"), "{it}");
    // The builtin strings have no Russian draft prose: the English stands in.
    let ru = read(&root, "first.ru.md");
    assert!(ru.contains("title: \"TODO headline\""), "{ru}");
    assert!(ru.contains("\n## What to watch\n"), "{ru}");

    let ui = Path::new(&root).join("ui.yaml");
    let mut text = fs::read_to_string(&ui).unwrap();
    text.push_str("draft_title: { it: \"DA SCRIVERE: titolo\", ru: \"Заголовок\" }\n");
    // A draft string may leave languages out: they keep the English.
    text.push_str("draft_heading_watch: { it: \"Che cosa aspettarsi\" }\n");
    fs::write(&ui, text).unwrap();
    briefing(&["new", "second", "--root", &root]);
    let it = read(&root, "second.it.md");
    assert!(it.contains("title: \"DA SCRIVERE: titolo\""), "{it}");
    assert!(it.contains("\n## Che cosa aspettarsi\n"), "{it}");
    assert!(it.contains("\n## Perché conta\n"), "{it}");
    let ru = read(&root, "second.ru.md");
    assert!(ru.contains("title: \"Заголовок\""), "{ru}");
    assert!(ru.contains("\n## What to watch\n"), "{ru}");
    // The overridden strings are UI strings like the others: the site still builds.
    build(
        Path::new(&root),
        &Path::new(&root).join("public"),
        &["--drafts"],
        &[],
    );
}

#[test]
fn import_notes_its_sources_in_the_sites_words() {
    let (_dir, root) = new_site("it,en");
    let article = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/import/english.txt"
    );
    let out = briefing(&["import", "--root", &root, "--dry-run", article]);
    let draft = stdout(&out);
    assert!(
        draft.contains("note: \"Named as a source in the imported text.\""),
        "{draft}"
    );
    let ui = Path::new(&root).join("ui.yaml");
    let mut text = fs::read_to_string(&ui).unwrap();
    text.push_str("draft_source_cited: { it: \"Citata.\", en: \"Quoted in the text.\" }\n");
    text.push_str("draft_photo_credit: { it: \"Foto.\", en: \"Picture by them.\" }\n");
    fs::write(&ui, text).unwrap();
    let out = briefing(&["import", "--root", &root, "--dry-run", article]);
    let draft = stdout(&out);
    assert!(draft.contains("note: \"Quoted in the text.\""), "{draft}");
    assert!(draft.contains("note: \"Picture by them.\""), "{draft}");
}
