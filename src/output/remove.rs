//! Removes a folder of ours as far as it can, marker last: what cannot be removed
//! stays marked, so a later build can sweep it, and is reported, never fatal.

use super::MARKER;
use rayon::prelude::*;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

type Failures = Mutex<Vec<(PathBuf, io::Error)>>;

/// Removes `dir` (never following a symlink out of it), its marker last. Returns a
/// warning naming the first file that could not be removed, if one could not.
/// Sub-folders are removed in parallel: a previous build of 100,000 pages is removed
/// by every core, not one.
pub(super) fn tree(dir: &Path, what: &str) -> Option<String> {
    let failures = Failures::default();
    let mut gone = contents(dir, true, &failures);
    if gone {
        gone = remove(dir.join(MARKER), |p| fs::remove_file(p), &failures)
            && remove(dir.to_path_buf(), |p| fs::remove_dir(p), &failures);
    }
    if gone {
        return None;
    }
    let mut failures = failures.into_inner().unwrap_or_else(|e| e.into_inner());
    // The first in path order, whichever thread met it first.
    failures.sort_by(|a, b| a.0.cmp(&b.0));
    let (first, err) = failures.first()?;
    let more = match failures.len() {
        1 => String::new(),
        n => format!(" and {} other files", n - 1),
    };
    Some(format!(
        "could not remove {} ({what}): {}: {err}{more}; later builds try again, or remove it yourself",
        dir.display(),
        first.display()
    ))
}

/// Removes everything in `dir` but, at the top, the marker; true when all went.
fn contents(dir: &Path, top: bool, failures: &Failures) -> bool {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return true,
        Err(err) => {
            fail(failures, dir.to_path_buf(), err);
            return false;
        }
    };
    let mut all = true;
    let mut folders = Vec::new();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                fail(failures, dir.to_path_buf(), err);
                all = false;
                continue;
            }
        };
        if top && entry.file_name() == MARKER {
            continue;
        }
        let path = entry.path();
        // `file_type` does not follow symlinks: a link is removed, never its target.
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            folders.push(path);
        } else {
            all &= remove(path, |p| fs::remove_file(p), failures);
        }
    }
    let folders_gone = folders
        .into_par_iter()
        .map(|path| {
            contents(&path, false, failures) && remove(path, |p| fs::remove_dir(p), failures)
        })
        .reduce(|| true, |a, b| a && b);
    all && folders_gone
}

fn fail(failures: &Failures, path: PathBuf, err: io::Error) {
    failures
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push((path, err));
}

fn remove(path: PathBuf, how: fn(&Path) -> io::Result<()>, failures: &Failures) -> bool {
    match how(&path) {
        Ok(()) => true,
        Err(err) if err.kind() == io::ErrorKind::NotFound => true,
        Err(err) => {
            fail(failures, path, err);
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_everything_and_follows_no_link() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("ours");
        let keep = tmp.path().join("keep");
        fs::create_dir_all(dir.join("a/b")).unwrap();
        fs::create_dir(&keep).unwrap();
        fs::write(keep.join("precious"), "x").unwrap();
        fs::write(dir.join(MARKER), "").unwrap();
        fs::write(dir.join("a/b/c.html"), "x").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&keep, dir.join("a/link")).unwrap();
        assert_eq!(tree(&dir, "test"), None);
        assert!(!dir.exists());
        assert!(keep.join("precious").exists());
    }
}
