//! Writes a build into a staging folder beside the output and swaps the two with one
//! atomic exchange; a lock keeps two builds of one output from interleaving, and only
//! folders that carry our marker are ever replaced or deleted.

mod journal;
mod lock;
mod paths;
mod recover;
mod remove;
mod swap;

use crate::diagnostics::Failure;
use anyhow::{Context as _, anyhow, bail};
use lock::Lock;
pub use paths::{inside, resolve};
use paths::{parent_and_name, refuse_foreign, unique_folder, unique_id};
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// The file that marks a folder as made by `briefing build`.
pub const MARKER: &str = ".briefing-build";
const MARKER_TEXT: &str = "made by `briefing build`; the next build replaces this folder\n";

/// How a build tells its user what happens besides the build; `main` prints it.
#[derive(Debug, Clone, Copy)]
pub struct Notify {
    /// Another build holds the output's lock (output, lock file); this one waits.
    pub waiting: fn(&Path, &Path),
    /// Something was tidied, or could not be: the build goes on.
    pub warning: fn(&str),
}

impl Notify {
    /// Says nothing (tests, tools).
    pub const QUIET: Notify = Notify {
        waiting: |_, _| {},
        warning: |_| {},
    };
}

/// A build being written: a staging folder of its own beside the output, and the
/// output's lock, held until the build is swapped in or given up.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    /// The first write that failed; every later write is refused at once.
    first_error: Mutex<Option<anyhow::Error>>,
    failed: AtomicBool,
    /// Cleared when a hard link fails because the cache and the output are on different
    /// file systems: every later file is copied without trying (tmpfs, 10,000 cards).
    may_link: AtomicBool,
    notify: Notify,
    /// Swapped in, or its journal written: the folder is no longer ours to drop.
    committed: bool,
    /// Dropped last: the folders are settled before another build may start.
    _lock: Lock,
}

impl Staging {
    /// Locks `output` (telling `notify.waiting` once if another build holds it, then
    /// waiting), tidies what an interrupted build left, checks that `output` may be
    /// replaced, and creates an empty staging folder. `output` must be [`resolve`]d.
    pub fn begin(output: &Path, notify: Notify) -> Result<Staging, Failure> {
        let (parent, name) = parent_and_name(output)?;
        fs::create_dir_all(&parent)
            .with_context(|| format!("creating the folder {}", parent.display()))?;
        let lock_path = parent.join(format!(".{name}.briefing-lock"));
        let lock = Lock::acquire(&lock_path, &|lock: &Path| (notify.waiting)(output, lock))?;
        debug_pause("locked");
        for warning in recover::recover(&parent, &name, output) {
            (notify.warning)(&warning);
        }
        refuse_foreign(output)?;
        let dir = unique_folder(&parent, &name, "staging")?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
            first_error: Mutex::new(None),
            failed: AtomicBool::new(false),
            may_link: AtomicBool::new(true),
            notify,
            committed: false,
            _lock: lock,
        })
    }

    /// The staging folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes one file at `relative` inside the build; a path that could leave the
    /// build folder is refused. After the first failure every write fails at once, so
    /// a full disk stops the build instead of failing once per file.
    pub fn write(&self, relative: &str, bytes: &[u8]) -> anyhow::Result<()> {
        if self.failed.load(Ordering::Relaxed) {
            bail!("an earlier write failed");
        }
        let path = inside(&self.dir, relative)?;
        let result = path
            .parent()
            .map_or(Ok(()), |parent| {
                fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))
            })
            .and_then(|()| {
                fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))
            });
        if let Err(err) = &result {
            let mut first = self.first_error.lock().expect("no writer panics");
            if first.is_none() {
                *first = Some(anyhow!("{err:#}"));
                self.failed.store(true, Ordering::Relaxed);
            }
        }
        result
    }

    /// Publishes the file at `source` as `relative` inside the build, like [`write`]:
    /// as a hard link when `may_link` (a file of the media cache, which is only ever
    /// replaced, never changed in place), else, or where links are not possible (another
    /// file system), as a copy.
    ///
    /// [`write`]: Staging::write
    pub fn publish(&self, relative: &str, source: &Path, may_link: bool) -> anyhow::Result<()> {
        if self.failed.load(Ordering::Relaxed) {
            bail!("an earlier write failed");
        }
        let path = inside(&self.dir, relative)?;
        let place = || {
            if may_link && self.may_link.load(Ordering::Relaxed) {
                match fs::hard_link(source, &path) {
                    Ok(()) => return Ok(()),
                    Err(err) if err.kind() == ErrorKind::CrossesDevices => {
                        self.may_link.store(false, Ordering::Relaxed);
                    }
                    Err(_) => {}
                }
            }
            fs::copy(source, &path).map(|_| ())
        };
        // The folder is made when the first file in it finds it missing, not checked for
        // every file: a site publishes a thousand photos into one `media/`. Files are
        // placed in parallel, so another thread may have made the folder in between:
        // after a miss, place the file again either way.
        let result = match (place(), path.parent()) {
            (Err(err), Some(parent)) if err.kind() == ErrorKind::NotFound => {
                fs::create_dir_all(parent)
                    .with_context(|| format!("creating {}", parent.display()))
                    .and_then(|()| Ok(place()?))
            }
            (placed, _) => placed.map_err(anyhow::Error::from),
        }
        .with_context(|| format!("copying {} to {}", source.display(), path.display()));
        if let Err(err) = &result {
            let mut first = self.first_error.lock().expect("no writer panics");
            if first.is_none() {
                *first = Some(anyhow!("{err:#}"));
                self.failed.store(true, Ordering::Relaxed);
            }
        }
        result
    }

    /// Applies an incremental build instead of swapping: `put` (staged files) move into
    /// the output, `delete` go, and the manifest is written to `manifest_path`, all
    /// through a journal, so that a crash at any moment leaves every file whole and the
    /// next build finishes the change before it starts. Nothing to change: nothing is
    /// touched (the staging folder goes).
    pub(crate) fn apply(
        mut self,
        put: Vec<String>,
        delete: Vec<String>,
        manifest_path: &Path,
        manifest: &[u8],
    ) -> Result<(), Failure> {
        if put.is_empty() && delete.is_empty() {
            return Ok(());
        }
        let plan = journal::Journal {
            put,
            delete,
            manifest: manifest_path.to_path_buf(),
        };
        journal::write(&self.dir, &plan, manifest)?;
        // From here the change is decided: a failure below leaves the journal for the
        // next build to finish.
        self.committed = true;
        debug_pause("journal");
        journal::apply(&self.dir, &self.output)?;
        if let Some(warning) = remove::tree(&self.dir, "an applied incremental build") {
            (self.notify.warning)(&warning);
        }
        Ok(())
    }

    /// The first write that failed, if one did.
    pub fn take_error(&self) -> Option<anyhow::Error> {
        self.first_error.lock().expect("no writer panics").take()
    }

    /// Swaps the finished build in for the previous one in one step, then removes the
    /// previous build as far as it can (what cannot be removed is a warning, never a
    /// failure) while `meanwhile` runs: the manifest of the new output is stat'ed and
    /// saved as the old tree goes, instead of after it. The lock is held until both end.
    pub fn commit_then(mut self, meanwhile: impl FnOnce()) -> Result<(), Failure> {
        debug_pause("swap");
        let had_output = match fs::symlink_metadata(&self.output) {
            Ok(_) => true,
            Err(err) if err.kind() == ErrorKind::NotFound => false,
            Err(err) => {
                return Err(anyhow!("reading {}: {err}", self.output.display()).into());
            }
        };
        if had_output {
            self.exchange()?;
        } else {
            fs::rename(&self.dir, &self.output)
                .with_context(|| format!("moving the new build into {}", self.output.display()))?;
        }
        self.committed = true;
        debug_pause("cleanup");
        if !had_output {
            meanwhile();
            return Ok(());
        }
        // `dir` now holds the previous build.
        let warning = std::thread::scope(|scope| {
            let removal = scope.spawn(|| remove::tree(&self.dir, "the previous build"));
            meanwhile();
            removal.join()
        });
        match warning {
            Ok(Some(warning)) => (self.notify.warning)(&warning),
            Ok(None) => {}
            // A panic while removing leaves a marked folder the next build sweeps.
            Err(_) => (self.notify.warning)("removing the previous build failed"),
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // A build that did not finish leaves nothing: its staging folder goes (what
        // cannot be removed keeps its marker, and the next build sweeps it).
        if !self.committed {
            let _ = remove::tree(&self.dir, "an unfinished build");
        }
    }
}

/// Writes `bytes` to `path` through a temporary file beside it, renamed over it.
pub(crate) fn write_replacing(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temp = path.with_file_name(format!(".{name}.tmp-{}", unique_id()));
    let written = fs::write(&temp, bytes).and_then(|()| fs::rename(&temp, path));
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written.with_context(|| format!("writing {}", path.display()))
}

/// Test builds only: `BRIEFING_DEBUG_PAUSE=STEP:MS[,STEP:MS]` says `paused at STEP` on
/// stderr and sleeps there, so a test can kill the build at that step. Release builds
/// ignore it.
#[cfg(debug_assertions)]
pub(crate) fn debug_pause(step: &str) {
    let Some(spec) = std::env::var_os("BRIEFING_DEBUG_PAUSE") else {
        return;
    };
    for item in spec.to_string_lossy().split(',') {
        if let Some((name, ms)) = item.split_once(':')
            && name == step
            && let Ok(ms) = ms.parse::<u64>()
        {
            eprintln!("debug: paused at {step}");
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
    }
}

#[cfg(not(debug_assertions))]
pub(crate) fn debug_pause(_: &str) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_published_at_once_into_a_new_folder_all_arrive() {
        // Threads that miss the folder together: one makes it, every one places its file.
        let tmp = tempfile::tempdir().unwrap();
        let source = tmp.path().join("card.png");
        fs::write(&source, b"png").unwrap();
        for round in 0..100 {
            let output = tmp.path().join(format!("public-{round}"));
            let staging = Staging::begin(&output, Notify::QUIET).unwrap();
            let start = std::sync::Barrier::new(8);
            std::thread::scope(|scope| {
                for i in 0..8 {
                    let (staging, source, start) = (&staging, &source, &start);
                    scope.spawn(move || {
                        start.wait();
                        staging
                            .publish(&format!("media/cards/{i}.png"), source, i % 2 == 0)
                            .unwrap()
                    });
                }
            });
            assert!(staging.take_error().is_none());
            assert_eq!(
                fs::read_dir(staging.dir.join("media/cards"))
                    .unwrap()
                    .count(),
                8
            );
        }
    }
}
