//! Writing a build into its output: pages and media into the tracker, then journal or swap.

use super::BuildOptions;
use super::generate::{Generated, generate_with};
use super::partial;
use crate::config::Config;
use crate::diagnostics::Failure;
use crate::guard;
use crate::incremental::{self, Manifest, Tracker};
use crate::output::{self, Staging};
use crate::render::{Renderer, views};
use crate::site::Site;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Renders the site (or the pages of `plan`) and its media into `tracker`; returns the
/// counts, how many files the build wrote, and the HTML pages among them.
pub(super) fn write_site(
    site: &Site,
    renderer: &Renderer,
    cards: &[views::Card],
    plan: Option<&partial::Plan>,
    tracker: &Tracker,
    options: &BuildOptions,
) -> Result<(Generated, usize, BTreeSet<String>), Failure> {
    let files = AtomicUsize::new(0);
    let html = Mutex::new(BTreeSet::new());
    let sink = |path: &str, bytes: &[u8]| {
        files.fetch_add(1, Ordering::Relaxed);
        if path.ends_with(".html") {
            html.lock()
                .expect("no writer panics")
                .insert(path.to_string());
        }
        tracker.write(path, bytes)
    };
    let generated = match plan {
        Some(plan) => plan.generate(site, renderer, cards, &sink),
        None => generate_with(site, renderer, cards, &sink, options.progress),
    };
    // A failed write stops the build: it alone is reported, not its consequences.
    if let Some(err) = tracker.take_error() {
        return Err(Failure::Io(err));
    }
    let generated = generated?;
    publish_media(site.config, tracker, &generated.media)?;
    let count = files.into_inner() + generated.media.len();
    Ok((
        generated,
        count,
        html.into_inner().expect("no writer panics"),
    ))
}

/// Puts the new build in place: the change set through the journal (incremental), or
/// the whole staging folder swapped in, then the manifest of what the output now holds.
pub(super) fn publish(
    staging: Staging,
    changes: incremental::Changes,
    manifest_path: &Path,
    output: &Path,
    notify: output::Notify,
) -> Result<(), Failure> {
    let incremental::Changes {
        put,
        delete,
        mut manifest,
        incremental,
    } = changes;
    if incremental {
        return staging.apply(put, delete, manifest_path, &manifest.to_bytes());
    }
    // The old manifest goes first: a crash after the swap leaves none, never a wrong one.
    Manifest::forget(manifest_path)?;
    // The new output is stat'ed and its manifest saved while the previous one is
    // removed: that removal (a file system call per file) is then off the critical path.
    staging.commit_then(|| {
        manifest.restat(output);
        if let Err(err) = manifest.save(manifest_path) {
            (notify.warning)(&format!(
                "{err:#}; the next build replaces the whole output again"
            ));
        }
    })
}

/// Copies (or links, from the cache) every image, linked file and share card into
/// the staging folder, in parallel, unless the output already has it: a failure stops
/// the build like a failed write.
fn publish_media(
    config: &Config,
    tracker: &Tracker,
    media: &[(String, PathBuf)],
) -> Result<(), Failure> {
    let cache = config.root.join(crate::media::CACHE_DIR);
    let result = media.par_iter().try_for_each(|(output, source)| {
        tracker.publish(output, source, source.starts_with(&cache))
    });
    match (tracker.take_error(), result) {
        (Some(err), _) | (None, Err(err)) => Err(Failure::Io(err)),
        (None, Ok(())) => Ok(()),
    }
}

/// The record of published URLs of the output being replaced: its `.briefing-urls`,
/// or its pages when it has none; a record that cannot be read is a warning, and the
/// pages stand in for it. None for a new output.
pub(super) fn previous_record(
    output: &Path,
    notify: output::Notify,
) -> Result<Option<guard::Manifest>, Failure> {
    match guard::Manifest::read(output) {
        Err(Failure::Problems(problems)) => {
            for problem in problems {
                (notify.warning)(&format!(
                    "{problem}; this build starts a new record from the pages in the output"
                ));
            }
            guard::Manifest::scan(output).map(Some)
        }
        other => other,
    }
}
