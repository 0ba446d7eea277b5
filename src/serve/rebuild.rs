//! The rebuild after each change: an incremental update of the last good build when it
//! can, a whole build in memory when it must, and what the terminal and the tabs are told.

use super::{ServeOptions, Shared, incremental};
use crate::diagnostics::{Failure, Problem};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// Turns the site into a served build; called once at start and after each change.
pub struct Rebuild {
    root: PathBuf,
    drafts: bool,
    future: bool,
    shared: Arc<Shared>,
    /// The last good build, to rebuild incrementally from.
    cache: Option<incremental::Cache>,
    /// Changes since the last good build (a failed build keeps them for the next try).
    pending: BTreeSet<PathBuf>,
    base_url: String,
}

impl Rebuild {
    /// Nothing built yet; `base_url` is the server's address, which absolute links use.
    pub(super) fn new(options: &ServeOptions, base_url: String, shared: Arc<Shared>) -> Rebuild {
        Rebuild {
            root: options.root.clone(),
            drafts: options.drafts,
            future: options.future,
            shared,
            cache: None,
            pending: BTreeSet::new(),
            base_url,
        }
    }

    /// What this rebuild publishes; "today" is taken anew, so a page scheduled for
    /// tomorrow appears in a server left running overnight.
    fn selection(&self) -> Result<crate::content::Selection, Problem> {
        crate::content::Selection::new(self.drafts, self.future)
    }

    /// Rebuilds after `changed` (paths relative to the root; empty for the first build),
    /// publishes a good build, or keeps the last one and reports the problems.
    pub(super) fn run(&mut self, changed: &[PathBuf]) {
        let started = Instant::now();
        self.pending.extend(changed.iter().cloned());
        let changed: Vec<PathBuf> = self.pending.iter().cloned().collect();
        let had_problems = !self.shared.status.borrow().problems.is_empty();
        let fixed = if had_problems { "fixed; " } else { "" };
        let what = describe(&changed);

        let selection = self.selection();
        let update = match self.cache.as_mut() {
            Some(cache) if !changed.is_empty() => match selection {
                Ok(selection) => cache.update(&changed, selection),
                Err(ref problem) => Some(Err(vec![problem.clone()])),
            },
            _ => None,
        };
        let result = match update {
            Some(Ok(update)) => {
                self.published_update(&update, started, &format!("{fixed}updated"), &what);
                Ok(())
            }
            Some(Err(problems)) => Err(Failure::Problems(problems)),
            None => selection.map_err(Failure::from).and_then(|selection| {
                let note = if changed.is_empty() {
                    String::new()
                } else {
                    format!(" after a change to {what}")
                };
                self.full_build(selection, started, fixed, &note)
            }),
        };
        match result {
            Ok(()) => self.pending.clear(),
            Err(failure) => self.failed(failure),
        }
    }

    /// Serves the cache an incremental update left, and says what it did.
    fn published_update(
        &self,
        update: &incremental::Update,
        started: Instant,
        done: &str,
        what: &str,
    ) {
        let (files, media) = self
            .cache
            .as_ref()
            .map(|c| (c.files.clone(), c.media.clone()))
            .unwrap_or_default();
        self.shared.publish(files, media);
        let pages = if update.all_pages {
            "every page".to_string()
        } else {
            let s = if update.files == 1 { "" } else { "s" };
            format!("{} file{s}", update.files)
        };
        println!(
            "{done} {pages} in {} ms after a change to {what}",
            started.elapsed().as_millis()
        );
        // What `build` would warn about: the old URL of a page given a new slug.
        for problem in &update.lost {
            eprintln!("warning: {problem}");
        }
    }

    /// A whole build in memory, served and kept for the next update.
    fn full_build(
        &mut self,
        selection: crate::content::Selection,
        started: Instant,
        fixed: &str,
        note: &str,
    ) -> Result<(), Failure> {
        let cache = incremental::Cache::build(&self.root, selection, Some(&self.base_url))?;
        let count = cache.files.len();
        self.shared
            .publish(cache.files.clone(), cache.media.clone());
        self.cache = Some(cache);
        let elapsed = started.elapsed().as_millis();
        if note.is_empty() {
            println!("built {count} files in {elapsed} ms");
        } else {
            println!("{fixed}rebuilt {count} files in {elapsed} ms{note}");
        }
        Ok(())
    }

    /// Reports a failed build on the terminal and in the open tabs.
    fn failed(&self, failure: Failure) {
        let problems = match failure {
            Failure::Problems(problems) => problems,
            Failure::Io(err) => vec![Problem::new(&self.root, format!("{err:#}"))],
        };
        for problem in &problems {
            eprintln!("error: {problem}");
        }
        let s = if problems.len() == 1 { "" } else { "s" };
        if self.shared.snapshot().build == 0 {
            eprintln!(
                "{} problem{s}: nothing to serve until they are fixed; the browser shows them too",
                problems.len()
            );
        } else {
            eprintln!(
                "{} problem{s}: still serving the last good build; the browser shows them too",
                problems.len()
            );
        }
        self.shared.fail(&problems);
    }
}

impl Rebuild {
    /// Whether the feeds, search index and sitemap wait for a pause in the edits.
    pub(super) fn behind(&self) -> bool {
        self.cache.as_ref().is_some_and(|c| c.extras_stale)
    }

    /// Brings the feeds, search index and sitemap up to date, without reloading tabs.
    pub(super) fn catch_up(&mut self) {
        let Some(cache) = self.cache.as_mut() else {
            return;
        };
        let started = Instant::now();
        match cache.catch_up() {
            Ok(()) => {
                self.shared
                    .replace(cache.files.clone(), cache.media.clone());
                println!(
                    "  feeds, search index and sitemap caught up in {} ms",
                    started.elapsed().as_millis()
                );
            }
            Err(problems) => {
                // Not expected after good pages; a full build sorts it out.
                for problem in &problems {
                    eprintln!("error: {problem}");
                }
                self.cache = None;
                self.shared.fail(&problems);
            }
        }
    }
}

fn describe(changed: &[PathBuf]) -> String {
    match changed {
        [] => "nothing".to_string(),
        [one] => one.display().to_string(),
        [first, rest @ ..] => format!("{} and {} other files", first.display(), rest.len()),
    }
}
