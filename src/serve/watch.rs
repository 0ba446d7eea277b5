//! Watches the site's sources and rebuilds after each (debounced) change.

use super::Rebuild;
use crate::diagnostics::Failure;
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::thread::JoinHandle;
use std::time::Duration;

/// Quiet time after the last file event before rebuilding: long enough to take an
/// editor's save (write, rename, chmod) as one change, short enough not to be felt.
const DEBOUNCE: Duration = Duration::from_millis(30);
const TICK: Duration = Duration::from_millis(10);

/// After an incremental update, how long the edits must pause before the feeds,
/// search index and sitemap (which cover every page) are brought up to date.
const PAUSE: Duration = Duration::from_millis(250);

pub(crate) use crate::sources::SOURCES;

pub(super) struct Watch {
    stop: StopFlag,
    thread: JoinHandle<()>,
}

type Debouncer = notify_debouncer_full::Debouncer<
    notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

impl Watch {
    /// Watches `root` and runs `rebuild` after every relevant change, on its own thread.
    pub(super) fn start(root: &Path, rebuild: Rebuild) -> Result<Watch, Failure> {
        let root = root.canonicalize().map_err(|e| {
            Failure::Io(anyhow::anyhow!(
                "resolving the site root {}: {e}",
                root.display()
            ))
        })?;
        let (tx, rx) = mpsc::channel::<Vec<PathBuf>>();
        let mut debouncer = debouncer(tx, &root)?;
        let mut watched = Vec::new();
        for name in SOURCES {
            let dir = root.join(name);
            if dir.is_dir() {
                debouncer
                    .watch(&dir, RecursiveMode::Recursive)
                    .map_err(|e| Failure::Io(anyhow::anyhow!("watching {}: {e}", dir.display())))?;
                watched.push(name);
            }
        }
        let stop = StopFlag::default();
        let watcher = Watcher {
            root,
            rx,
            debouncer,
            watched,
            rebuild,
            flag: stop.clone(),
        };
        let thread = std::thread::Builder::new()
            .name("briefing-rebuild".into())
            .spawn(move || watcher.run())
            .map_err(|e| Failure::Io(anyhow::anyhow!("starting the watcher: {e}")))?;
        Ok(Watch { stop, thread })
    }

    /// Stops watching; a rebuild under way finishes first.
    pub(super) fn stop(self) {
        self.stop.set();
        let _ = self.thread.join();
    }
}

/// The debounced watcher of the root folder itself (its YAML files, source folders
/// appearing), sending each batch of changed paths to `tx`.
fn debouncer(tx: mpsc::Sender<Vec<PathBuf>>, root: &Path) -> Result<Debouncer, Failure> {
    let mut debouncer =
        new_debouncer(
            DEBOUNCE,
            Some(TICK),
            move |result: DebounceEventResult| match result {
                Ok(events) => {
                    let paths = events
                        .into_iter()
                        .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                        .flat_map(|e| e.event.paths)
                        .collect();
                    let _ = tx.send(paths);
                }
                Err(errors) => {
                    for error in errors {
                        eprintln!("warning: watching for changes: {error}");
                    }
                }
            },
        )
        .map_err(|e| Failure::Io(anyhow::anyhow!("watching {}: {e}", root.display())))?;
    debouncer
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| Failure::Io(anyhow::anyhow!("watching {}: {e}", root.display())))?;
    Ok(debouncer)
}

/// The rebuild thread: what it watches and what it rebuilds.
struct Watcher {
    root: PathBuf,
    rx: mpsc::Receiver<Vec<PathBuf>>,
    debouncer: Debouncer,
    watched: Vec<&'static str>,
    rebuild: Rebuild,
    flag: StopFlag,
}

impl Watcher {
    /// Rebuilds after each batch of changes, catches up in the pauses, until stopped.
    fn run(mut self) {
        loop {
            let wait = if self.rebuild.behind() {
                PAUSE
            } else {
                Duration::from_millis(200)
            };
            let mut paths = match self.rx.recv_timeout(wait) {
                Ok(paths) => paths,
                Err(mpsc::RecvTimeoutError::Timeout) if !self.flag.is_set() => {
                    if self.rebuild.behind() {
                        self.rebuild.catch_up();
                    }
                    continue;
                }
                Err(_) => break,
            };
            while let Ok(more) = self.rx.try_recv() {
                paths.extend(more);
            }
            if self.flag.is_set() {
                break;
            }
            let mut changed: Vec<PathBuf> = paths
                .iter()
                .filter_map(|p| relative_to(p, &self.root))
                .filter(|p| relevant(p))
                .map(Path::to_path_buf)
                .collect();
            changed.sort();
            changed.dedup();
            if changed.is_empty() {
                continue;
            }
            self.watch_new_sources();
            self.rebuild.run(&changed);
        }
        self.debouncer.stop_nonblocking();
    }

    /// A source folder made after the start is watched from now on.
    fn watch_new_sources(&mut self) {
        for name in SOURCES {
            let dir = self.root.join(name);
            if !self.watched.contains(&name)
                && dir.is_dir()
                && self.debouncer.watch(&dir, RecursiveMode::Recursive).is_ok()
            {
                self.watched.push(name);
            }
        }
    }
}

/// Whether a change to `path` (relative to the root) can change the site: a file
/// under a source folder or a YAML file at the root, but not an editor's scratch file.
pub(super) fn relevant(path: &Path) -> bool {
    let mut components = path.components();
    let Some(first) = components.next() else {
        return false;
    };
    let first = first.as_os_str().to_string_lossy();
    if crate::sources::is_editor_file(path) {
        return false;
    }
    if components.next().is_none() {
        // At the root: the site's YAML (site.yaml and the UI strings it names), or a
        // source folder itself appearing or going.
        return first.ends_with(".yaml") || first.ends_with(".yml") || SOURCES.contains(&&*first);
    }
    SOURCES.contains(&&*first)
}

/// Set when the watcher should stop; shared with its thread.
#[derive(Clone, Default)]
struct StopFlag(Arc<AtomicBool>);

impl StopFlag {
    fn set(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
    fn is_set(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// The path of `path` under `root` (both as the watcher reports them).
fn relative_to<'a>(path: &'a Path, root: &Path) -> Option<&'a Path> {
    path.strip_prefix(root).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_count() {
        for yes in [
            "site.yaml",
            "ui.yaml",
            "content/briefings/a.it.md",
            "templates/base.html",
            "static/style.css",
            "templates",
        ] {
            assert!(relevant(Path::new(yes)), "{yes}");
        }
        for no in [
            "public/index.html",
            "target/debug/x",
            "README.md",
            "content/briefings/.a.it.md.swp",
            "content/briefings/a.it.md~",
            "content/briefings/4913",
            "content/briefings/#a.it.md#",
            ".git/index",
        ] {
            assert!(!relevant(Path::new(no)), "{no}");
        }
    }
}
