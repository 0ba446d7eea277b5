//! Writes a build into a staging folder beside the output and swaps the two with one
//! atomic exchange; a lock keeps two builds of one output from interleaving, and only
//! folders that carry our marker are ever replaced or deleted.

mod journal;
mod lock;
mod recover;
mod remove;

use crate::diagnostics::{Failure, Problem};
use anyhow::{Context as _, anyhow, bail};
use lock::Lock;
use std::fs;
use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};
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
            if may_link && fs::hard_link(source, &path).is_ok() {
                return Ok(());
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
    /// previous build as far as it can: what cannot be removed is a warning, never a
    /// failure.
    pub fn commit(mut self) -> Result<(), Failure> {
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
        if had_output {
            // `dir` now holds the previous build.
            if let Some(warning) = remove::tree(&self.dir, "the previous build") {
                (self.notify.warning)(&warning);
            }
        }
        Ok(())
    }

    /// Exchanges the staging folder and the output: after it, `dir` holds the previous
    /// build. One `renameat2(RENAME_EXCHANGE)` (Linux) or `renameatx_np(RENAME_SWAP)`
    /// (macOS); elsewhere, or where the file system cannot exchange, two renames.
    fn exchange(&self) -> Result<(), Failure> {
        let err = match exchange(&self.dir, &self.output) {
            Ok(()) => return Ok(()),
            Err(err) => err,
        };
        let unsupported = matches!(err.raw_os_error(), Some(code) if UNSUPPORTED.contains(&code));
        if !unsupported {
            return Err(anyhow!(
                "swapping the new build {} with {}: {err}",
                self.dir.display(),
                self.output.display()
            )
            .into());
        }
        self.two_renames()
    }

    /// The fallback: output -> a marked `old` folder, staging -> output, `old` -> the
    /// staging name. A crash between the first two leaves no output but the `old`
    /// folder, which the next build puts back before anything else.
    fn two_renames(&self) -> Result<(), Failure> {
        let (parent, name) = parent_and_name(&self.output)?;
        let old = parent.join(format!(".{name}.briefing-old-{}", unique_id()));
        fs::rename(&self.output, &old).with_context(|| {
            format!("moving the previous build {} aside", self.output.display())
        })?;
        debug_pause("between");
        if let Err(err) = fs::rename(&self.dir, &self.output) {
            let _ = fs::rename(&old, &self.output);
            return Err(
                anyhow!("moving the new build into {}: {err}", self.output.display()).into(),
            );
        }
        fs::rename(&old, &self.dir)
            .with_context(|| format!("renaming {} for removal", old.display()))?;
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

/// Error codes of an exchange the file system or the platform does not offer.
const UNSUPPORTED: [i32; 4] = [
    22, /* EINVAL */
    38, /* ENOSYS */
    95, /* EOPNOTSUPP */
    45, /* ENOTSUP on macOS */
];

#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    #[cfg(debug_assertions)]
    if std::env::var_os("BRIEFING_DEBUG_NO_EXCHANGE").is_some() {
        return Err(std::io::Error::from_raw_os_error(UNSUPPORTED[0]));
    }
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from_raw_os_error(UNSUPPORTED[0]))
}

/// The folder an output lives in, and its name.
fn parent_and_name(output: &Path) -> Result<(PathBuf, String), Failure> {
    let name = output
        .file_name()
        .ok_or_else(|| Problem::new(output, "the output folder has no name"))?
        .to_string_lossy()
        .to_string();
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    Ok((parent, name))
}

/// A folder that exists and was not made by us is never replaced; an empty one is.
fn refuse_foreign(output: &Path) -> Result<(), Failure> {
    let Ok(meta) = fs::metadata(output) else {
        return Ok(());
    };
    if !meta.is_dir() {
        return Err(Problem::new(
            output,
            "the output is a file, not a folder; refusing to replace it",
        )
        .hint("choose a folder with --output")
        .into());
    }
    let ours = output.join(MARKER).is_file();
    let empty = fs::read_dir(output)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false);
    if ours || empty {
        return Ok(());
    }
    Err(Problem::new(
        output,
        "this folder exists and was not made by `briefing build`; refusing to replace it",
    )
    .hint("remove it yourself or choose another folder with --output")
    .into())
}

/// A new folder `.NAME.briefing-KIND-ID` beside the output, with our marker in it
/// from the start, so that whatever a crash leaves of it can be swept.
fn unique_folder(parent: &Path, name: &str, kind: &str) -> Result<PathBuf, Failure> {
    for attempt in 0..100 {
        let dir = parent.join(format!(".{name}.briefing-{kind}-{}-{attempt}", unique_id()));
        match fs::create_dir(&dir) {
            Ok(()) => {
                fs::write(dir.join(MARKER), MARKER_TEXT)
                    .with_context(|| format!("writing {}", dir.join(MARKER).display()))?;
                return Ok(dir);
            }
            Err(err) if err.kind() == ErrorKind::AlreadyExists => continue,
            Err(err) => {
                return Err(anyhow!("creating the staging folder {}: {err}", dir.display()).into());
            }
        }
    }
    Err(anyhow!("no free name for a staging folder in {}", parent.display()).into())
}

/// Time-ordered and unique between processes: nanoseconds since 1970, then the pid.
fn unique_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{nanos:020}-{}", std::process::id())
}

/// `path` made absolute and canonical as far as it exists: every symlink resolved,
/// `.` and `..` applied to what is really there, so no spelling of a path can point
/// the output somewhere the guard did not look. A symlink that points nowhere is
/// refused, naming its target.
pub fn resolve(path: &Path) -> Result<PathBuf, Failure> {
    let mut resolved = if path.is_absolute() {
        PathBuf::new()
    } else {
        std::env::current_dir()
            .and_then(|d| d.canonicalize())
            .context("reading the current folder")?
    };
    for component in path.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component),
            Component::CurDir => {}
            // `resolved` is canonical down to its first missing part: popping is exact.
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(part) => {
                resolved.push(part);
                let is_link = fs::symlink_metadata(&resolved)
                    .map(|m| m.file_type().is_symlink())
                    .unwrap_or(false);
                if is_link {
                    resolved = resolved
                        .canonicalize()
                        .map_err(|err| dangling(&resolved, &err))?;
                }
            }
        }
    }
    Ok(resolved)
}

fn dangling(link: &Path, err: &std::io::Error) -> Failure {
    let target = fs::read_link(link)
        .map(|t| t.display().to_string())
        .unwrap_or_default();
    Problem::new(
        link,
        format!("this is a symlink to `{target}`, which cannot be followed ({err})"),
    )
    .hint("create the folder it points to, or remove the link and let the build make a folder")
    .into()
}

/// `dir/relative`, if `relative` is a plain relative path that stays inside `dir`.
pub fn inside(dir: &Path, relative: &str) -> anyhow::Result<PathBuf> {
    let path = Path::new(relative);
    if relative.is_empty()
        || relative.contains('\\')
        || !path.components().all(|c| matches!(c, Component::Normal(_)))
    {
        bail!("refusing to write `{relative}`: it is not a plain path inside the output folder");
    }
    Ok(dir.join(path))
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
    fn paths_cannot_leave_the_output() {
        let dir = Path::new("/out");
        assert!(inside(dir, "it/x/index.html").is_ok());
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "a\\..\\b", "./a"] {
            assert!(inside(dir, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn resolve_applies_dots_to_what_exists() {
        let tmp = tempfile::tempdir().unwrap();
        let base = tmp.path().canonicalize().unwrap();
        fs::create_dir_all(base.join("site/static")).unwrap();
        let tricky = base.join("site/nope/../static/x");
        assert_eq!(resolve(&tricky).unwrap(), base.join("site/static/x"));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(base.join("site/static"), base.join("link")).unwrap();
            assert_eq!(
                resolve(&base.join("link/y")).unwrap(),
                base.join("site/static/y")
            );
            assert_eq!(
                resolve(&base.join("link/../z")).unwrap(),
                base.join("site/z")
            );
            std::os::unix::fs::symlink(base.join("gone"), base.join("dangling")).unwrap();
            assert!(resolve(&base.join("dangling")).is_err());
        }
    }

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
