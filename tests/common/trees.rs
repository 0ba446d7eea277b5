//! Whole output trees, for comparing builds: every file and folder with its bytes, and
//! every file's identity on disk (inode and mtime) to see which files a build rewrote.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

/// Every file and folder under `dir` (links not followed), folders with no bytes:
/// two builds are equal when their trees are, empty folders included.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    super::site::listing(dir)
}

/// Each file under `dir` by path: its inode (0 off Unix) and modification time. A file
/// rewritten or replaced gets another.
pub fn stamps(dir: &Path) -> BTreeMap<String, (u64, SystemTime)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let meta = e.metadata().unwrap();
            #[cfg(unix)]
            let ino = std::os::unix::fs::MetadataExt::ino(&meta);
            #[cfg(not(unix))]
            let ino = 0;
            let name = e.path().strip_prefix(dir).unwrap().to_string_lossy();
            (name.to_string(), (ino, meta.modified().unwrap()))
        })
        .collect()
}

/// The paths whose entries differ between two trees or stamp maps (added, removed or
/// changed), sorted.
pub fn differences<V: PartialEq>(a: &BTreeMap<String, V>, b: &BTreeMap<String, V>) -> Vec<String> {
    let mut paths: Vec<String> = a
        .iter()
        .filter(|(k, v)| b.get(*k) != Some(v))
        .map(|(k, _)| k.clone())
        .chain(b.keys().filter(|k| !a.contains_key(*k)).cloned())
        .collect();
    paths.sort();
    paths.dedup();
    paths
}
