//! Output trees compared by identity: every file's inode and mtime, to see which files
//! a build rewrote, and the differences between two listings.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

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
