//! Incremental updates must equal full builds.

use super::*;
use crate::build::build_in_memory;
use crate::files::copy_tree;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/basic");

fn edit(root: &Path, file: &str, from: &str, to: &str) -> PathBuf {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} not in {file}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    PathBuf::from(file)
}

/// The incremental result must be byte-identical to a full build of the edited site.
fn same_as_full(root: &Path, cache: &mut Cache) {
    cache.catch_up().unwrap();
    assert!(!cache.extras_stale);
    let full = build_in_memory(root, false).ok().unwrap();
    // Share cards an edit replaced stay listed (nothing links them any more).
    let mut ours: Vec<&String> = cache
        .files
        .keys()
        .chain(cache.media.keys())
        .filter(|k| full.contains_key(*k) || !k.starts_with("media/cards/"))
        .collect();
    ours.sort();
    assert_eq!(ours, full.keys().collect::<Vec<_>>());
    for (path, bytes) in &full {
        let served = match cache.files.get(path) {
            Some(bytes) => bytes.to_vec(),
            None => std::fs::read(&cache.media[path]).unwrap(),
        };
        assert!(served == bytes[..], "{path} differs from a full build");
    }
}

#[test]
fn updates_equal_full_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(Path::new(FIXTURE), &root);
    let selection = Selection::new(false, false).unwrap();
    let mut cache = Cache::build(&root, selection, None).ok().unwrap();

    let alpha = "content/briefings/alpha.it.md";
    // 1. The body only: one page (and the extras).
    let changed = edit(&root, alpha, "Testo con un", "Testo cambiato con un");
    let update = cache.update(&[changed], selection).unwrap().unwrap();
    assert!(!update.all_pages);
    // The fixture's alias pages are re-rendered on every update (they are few and small).
    assert_eq!(update.files, 1 + cache.redirects.len());
    assert!(cache.extras_stale, "the search index follows later");
    same_as_full(&root, &mut cache);

    // 2. The summary: the card changes, so lists, terms, home, timeline, neighbours.
    let changed = edit(&root, alpha, "Un vertice di prova", "Un vertice rivisto");
    let update = cache.update(&[changed], selection).unwrap().unwrap();
    assert!(!update.all_pages);
    assert!(update.files > 3, "{}", update.files);
    same_as_full(&root, &mut cache);

    // 3. A term: pages move; every page is rendered, bodies are reused.
    let changed = edit(&root, alpha, "topics: [trade]", "topics: [trade, energy]");
    let update = cache.update(&[changed], selection).unwrap().unwrap();
    assert!(update.all_pages);
    same_as_full(&root, &mut cache);

    // 4. A static file.
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::fs::write(root.join("static/extra.css"), "p { color: red }").unwrap();
    let update = cache
        .update(&[PathBuf::from("static/extra.css")], selection)
        .unwrap()
        .unwrap();
    assert_eq!(update.files, 1);
    same_as_full(&root, &mut cache);

    // 5. A broken edit reports its problem and leaves the cache as it was.
    let changed = edit(&root, alpha, "title:", "titel:");
    let problems = cache
        .update(std::slice::from_ref(&changed), selection)
        .unwrap();
    assert!(problems.is_err());
    edit(&root, alpha, "titel:", "title:");
    let update = cache.update(&[changed], selection).unwrap().unwrap();
    assert_eq!(
        update.files,
        1 + cache.redirects.len(),
        "the fix re-renders the page"
    );
    same_as_full(&root, &mut cache);

    // Full builds for the rest: a new file, a template, site.yaml.
    std::fs::write(
        root.join("content/briefings/new.it.md"),
        "---\ntitle: N\ndate: 2025-01-01\nsummary: S\n---\nT\n",
    )
    .unwrap();
    assert!(
        cache
            .update(&[PathBuf::from("content/briefings/new.it.md")], selection)
            .is_none()
    );
    assert!(
        cache
            .update(&[PathBuf::from("templates/base.html")], selection)
            .is_none()
    );
    assert!(
        cache
            .update(&[PathBuf::from("site.yaml")], selection)
            .is_none()
    );
}

#[test]
fn new_slugs_are_incremental_and_aliases_follow() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(Path::new(FIXTURE), &root);
    let selection = Selection::new(false, false).unwrap();
    let mut cache = Cache::build(&root, selection, None).ok().unwrap();
    let old = "it/analisi/secondo-briefing/index.html";
    assert!(cache.files.contains_key(old));

    // 1. A new slug for a page that alpha's body links (`@/briefings/beta.md`), without
    //    an alias: the old URL goes, the guard's warning comes back, the linking body
    //    and the translation follow.
    let beta = "content/briefings/beta.it.md";
    let changed = edit(&root, beta, "summary:", "slug: beta-nuovo\nsummary:");
    let update = cache.update(&[changed], selection).unwrap().unwrap();
    assert!(!update.all_pages, "a new slug alone moves no list");
    assert!(!cache.files.contains_key(old));
    assert!(cache.files.contains_key("it/analisi/beta-nuovo/index.html"));
    let alpha =
        String::from_utf8_lossy(&cache.files["it/analisi/vertice-di-prova-ad-astana/index.html"])
            .to_string();
    assert!(
        alpha.contains("it/analisi/beta-nuovo/index.html") && !alpha.contains("secondo-briefing"),
        "the link in alpha's body follows"
    );
    assert_eq!(update.lost.len(), 1, "{:?}", update.lost);
    let warning = update.lost[0].to_string();
    assert!(
        warning.contains("beta.it.md")
            && warning.contains("aliases: [\"/it/analisi/secondo-briefing/\"]"),
        "{warning}"
    );
    same_as_full(&root, &mut cache);

    // 2. With the alias: the old URL redirects, and nothing is lost.
    let changed = edit(
        &root,
        beta,
        "slug: beta-nuovo",
        "slug: beta-nuovo\naliases: [\"/it/analisi/secondo-briefing/\"]",
    );
    let update = cache.update(&[changed], selection).unwrap().unwrap();
    assert!(update.lost.is_empty());
    let redirect = String::from_utf8_lossy(&cache.files[old]).to_string();
    assert!(
        redirect.contains("url=../../../it/analisi/beta-nuovo/index.html"),
        "{redirect}"
    );
    same_as_full(&root, &mut cache);

    retitle_then_drop_the_alias(&root, &mut cache, selection, beta, old);
}

/// Steps 3 and 4 of `new_slugs_are_incremental_and_aliases_follow`.
fn retitle_then_drop_the_alias(
    root: &Path,
    cache: &mut Cache,
    selection: Selection,
    beta: &str,
    old: &str,
) {
    // 3. A title that derives the slug: still incremental (every page, as the order
    //    may change); the alias page now leads to the new URL.
    let alpha_file = "content/briefings/alpha.it.md";
    edit(
        root,
        alpha_file,
        "title: \"Vertice di prova ad Astana\"",
        "title: \"Nuovo titolo\"",
    );
    // The fixture has an alias already: the old URL joins its list.
    let changed = edit(
        root,
        alpha_file,
        "  - /it/vecchio-vertice.html\n",
        "  - /it/vecchio-vertice.html\n  - /it/analisi/vertice-di-prova-ad-astana/\n",
    );
    let update = cache.update(&[changed], selection).unwrap().unwrap();
    assert!(update.lost.is_empty());
    assert!(
        cache
            .files
            .contains_key("it/analisi/nuovo-titolo/index.html")
    );
    same_as_full(root, cache);

    // 4. The alias removed: its redirect page goes, and `_redirects` follows the extras.
    let changed = edit(
        root,
        beta,
        "aliases: [\"/it/analisi/secondo-briefing/\"]\n",
        "",
    );
    let update = cache.update(&[changed], selection).unwrap().unwrap();
    assert!(!cache.files.contains_key(old));
    assert!(
        update.lost.is_empty(),
        "serve warns about the pages it moves, not about aliases"
    );
    same_as_full(root, cache);
}
