//! What a warm build trusts of the media cache (issue 15): a rebuild into its previous
//! output takes a cache variant as whole without a stat when the output's trusted
//! manifest has just found that very file (a hard link) in `media/`. These tests break
//! the cache under it and check that no broken file is ever published.

mod common;

use common::site::{build, media_site, snapshot};
use std::fs;
use std::path::{Path, PathBuf};

/// The variants in the media cache (`images/KEY-WIDTH.EXT`), by path.
fn variants(root: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(root.join(".briefing-cache/images"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "webp" || e == "jpg"))
        .collect();
    found.sort();
    assert!(!found.is_empty(), "no variant in the cache");
    found
}

/// A site built twice into `public/` (the second build is warm, into its output).
fn warm() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (dir, root) = media_site();
    let output = dir.path().join("public");
    build(&root, &output, &[], &[]);
    build(&root, &output, &[], &[]);
    (dir, root, output)
}

#[test]
fn a_variant_cut_short_in_place_is_made_again_by_a_rebuild_into_the_same_output() {
    let (_dir, root, output) = warm();
    let before = snapshot(&output);
    for victim in variants(&root) {
        let bytes = fs::read(&victim).unwrap();
        // Cut short in place, as a crash or a full disk would: the same inode, so the
        // output's hard link to it is cut short too, and its manifest is not trusted.
        let file = fs::OpenOptions::new().write(true).open(&victim).unwrap();
        file.set_len(bytes.len() as u64 / 2).unwrap();
        drop(file);
        build(&root, &output, &[], &[]);
        assert_eq!(fs::read(&victim).unwrap(), bytes, "{}", victim.display());
        assert!(
            snapshot(&output) == before,
            "{} left broken",
            victim.display()
        );
    }
}

#[test]
fn a_variant_replaced_in_the_cache_leaves_the_output_whole_and_a_clean_build_makes_it_again() {
    let (_dir, root, output) = warm();
    let before = snapshot(&output);
    let victim = variants(&root).remove(0);
    let bytes = fs::read(&victim).unwrap();
    // Another file put in its place (a new inode): the output still holds the old one,
    // whole, and a rebuild into it publishes nothing new, so it stays whole.
    let broken = victim.with_extension("broken");
    fs::write(&broken, &bytes[..bytes.len() / 2]).unwrap();
    fs::rename(&broken, &victim).unwrap();
    build(&root, &output, &[], &[]);
    assert!(snapshot(&output) == before, "the rebuild broke the output");
    // A build that publishes from the cache (`--clean`, or another output) checks every
    // variant: the short one is made again before it is published.
    build(&root, &output, &["--clean"], &[]);
    assert_eq!(fs::read(&victim).unwrap(), bytes);
    assert!(
        snapshot(&output) == before,
        "the clean build published it broken"
    );
    // Gone from the cache altogether: the same.
    fs::remove_file(&victim).unwrap();
    build(&root, &output, &[], &[]);
    assert!(snapshot(&output) == before);
    let other = root.parent().unwrap().join("other");
    build(&root, &other, &[], &[]);
    assert_eq!(fs::read(&victim).unwrap(), bytes);
    assert!(
        snapshot(&other) == before,
        "a build into another output differs"
    );
}
