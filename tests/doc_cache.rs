//! The document cache (`.briefing-cache/docs/`): a build with a warm cache checks
//! again only the bodies that changed, sees every edit (whatever its size and time
//! stamps), still reports every problem between documents, and ignores a damaged cache.

mod common;

use common::site::{briefing, build, copy_tree, fixture, listing, stderr};
use common::trees::{differences, stamps};
use std::fs;
use std::path::{Path, PathBuf};

/// A copy of the fixture `name` in `dir`.
fn site(dir: &Path, name: &str) -> PathBuf {
    let root = dir.join("site");
    copy_tree(&fixture(name), &root);
    root
}

fn shards(root: &Path) -> PathBuf {
    root.join(".briefing-cache/docs")
}

/// The output of a `--clean` build of `root` (into a folder of its own).
fn clean(root: &Path, dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let output = dir.join("clean");
    build(root, &output, &["--clean"], &[]);
    listing(&output)
}

/// An unchanged rebuild rewrites no shard; an edit of the same length (only its time
/// stamps and bytes differ) is seen, and rewrites only its shard.
#[test]
fn an_edit_of_the_same_size_is_seen_and_rewrites_one_shard() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path(), "basic");
    let output = tmp.path().join("public");
    build(&root, &output, &[], &[]);
    let cached = stamps(&shards(&root));
    assert!(cached.len() > 1, "the cache has its shards: {cached:?}");

    build(&root, &output, &[], &[]);
    assert_eq!(
        differences(&cached, &stamps(&shards(&root))),
        Vec::<String>::new()
    );

    let file = root.join("content/briefings/beta.en.md");
    let text = fs::read_to_string(&file).unwrap();
    let edited = text.replacen("Text.", "Tekst", 1);
    assert_eq!(edited.len(), text.len());
    fs::write(&file, edited).unwrap();
    build(&root, &output, &[], &[]);
    let page = fs::read_to_string(output.join("en/briefings/second-briefing/index.html")).unwrap();
    assert!(page.contains("Tekst"), "the edit is not on its page");
    assert_eq!(
        differences(&cached, &stamps(&shards(&root))).len(),
        1,
        "one shard holds the edited document"
    );
    assert_eq!(
        differences(&listing(&output), &clean(&root, tmp.path())),
        Vec::<String>::new()
    );
}

/// alpha.en links to beta; beta removed, alpha unchanged (its check cached): the
/// broken link is still an error at alpha's line, and the output is not touched.
#[test]
fn a_link_another_edit_broke_is_an_error_with_a_warm_cache() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path(), "basic");
    let output = tmp.path().join("public");
    build(&root, &output, &[], &[]);
    let before = listing(&output);
    fs::remove_file(root.join("content/briefings/beta.en.md")).unwrap();

    let run = briefing(&common::run::build_args(&root, &output), &[]);
    assert!(
        !run.status.success(),
        "a build with a broken link succeeded"
    );
    let shown = stderr(&run);
    assert!(
        shown.contains("alpha.en.md:11:") && shown.contains("@/briefings/beta.md#details"),
        "{shown}"
    );
    assert_eq!(
        differences(&before, &listing(&output)),
        Vec::<String>::new()
    );
}

/// An image removed from beside a document whose body did not change: the cached
/// check asks for the image again, and its problem is reported.
#[test]
fn an_image_removed_under_an_unchanged_body_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let root = common::site::media_site_in(&tmp.path().join("site"));
    let output = tmp.path().join("public");
    build(&root, &output, &[], &[]);
    fs::remove_file(root.join("content/briefings/astana/diagram.png")).unwrap();

    let run = briefing(&common::run::build_args(&root, &output), &[]);
    assert!(!run.status.success(), "a build without its image succeeded");
    let shown = stderr(&run);
    assert!(shown.contains("plain.en.md:7:"), "{shown}");
    assert!(shown.contains("plain.it.md:7:"), "{shown}");
}

/// Shards damaged, cut short or replaced by other bytes are ignored: the build
/// succeeds and equals a clean one, and writes the cache anew.
#[test]
fn a_damaged_cache_is_ignored_and_written_anew() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path(), "basic");
    let output = tmp.path().join("public");
    build(&root, &output, &[], &[]);
    let mut files: Vec<PathBuf> = fs::read_dir(shards(&root))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for (n, file) in files.iter().enumerate() {
        let bytes = fs::read(file).unwrap();
        let damaged = match n % 3 {
            0 => bytes[..bytes.len() / 2].to_vec(),
            1 => bytes.iter().map(|b| b ^ 0x55).collect(),
            _ => b"\0\0\0".to_vec(),
        };
        fs::write(file, damaged).unwrap();
    }
    // A body edit too, so that the build checks one body and takes the others from
    // the (damaged) cache.
    let file = root.join("content/briefings/alpha.en.md");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, format!("{text}\nOne more line.\n")).unwrap();
    build(&root, &output, &[], &[]);
    // Written anew: the next build finds every entry and rewrites no shard.
    let written = stamps(&shards(&root));
    build(&root, &output, &[], &[]);
    assert_eq!(
        differences(&written, &stamps(&shards(&root))),
        Vec::<String>::new()
    );
    assert_eq!(
        differences(&listing(&output), &clean(&root, tmp.path())),
        Vec::<String>::new()
    );
}
