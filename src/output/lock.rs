//! The output's lock: an advisory lock on `.NAME.briefing-lock` beside the output,
//! held for a whole build and removed when the build ends.

use anyhow::Context as _;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

pub(super) struct Lock {
    path: PathBuf,
    _file: File,
}

impl Lock {
    /// Takes the lock at `path`, calling `waiting` once and then waiting if another
    /// build holds it. The file is removed by whoever holds it last, so a build that
    /// waited on a file since removed takes the lock again on the file now there.
    pub(super) fn acquire(path: &Path, waiting: &dyn Fn(&Path)) -> anyhow::Result<Lock> {
        let mut told = false;
        loop {
            let file = OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(path)
                .with_context(|| format!("creating the lock file {}", path.display()))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    if !told {
                        waiting(path);
                        told = true;
                    }
                    file.lock()
                        .with_context(|| format!("waiting for the lock {}", path.display()))?;
                }
                Err(TryLockError::Error(err)) => {
                    return Err(err).with_context(|| format!("locking {}", path.display()));
                }
            }
            if still_there(&file, path) {
                return Ok(Lock {
                    path: path.to_path_buf(),
                    _file: file,
                });
            }
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while held; the lock itself goes when the file closes, just after.
        #[cfg(unix)]
        let _ = fs::remove_file(&self.path);
    }
}

/// Whether `path` still names the file we locked (the holder before us may have
/// removed it, and another build made a new one).
#[cfg(unix)]
fn still_there(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Elsewhere the file is never removed, so it is always the one locked.
#[cfg(not(unix))]
fn still_there(_: &File, _: &Path) -> bool {
    true
}
