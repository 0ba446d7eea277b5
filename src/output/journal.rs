//! Applies an incremental build to the output file by file, crash-safely: the new files
//! wait in the staging folder, a journal there lists what moves in and what goes, and
//! once the journal is on disk the change is decided: this build, or the next one
//! (under the lock, before anything else), carries it out to the end.

use super::debug_pause;
use anyhow::{Context as _, anyhow};
use serde::{Deserialize, Serialize};
use std::fs;
use std::io::{ErrorKind, Write as _};
use std::path::{Path, PathBuf};

/// The journal's name inside the staging folder (never a published path: the staging
/// folder's files are moved into the output only as the journal names them).
pub(super) const JOURNAL: &str = ".briefing-journal";
/// The new manifest, staged beside the journal and copied to its place last.
const NEXT_MANIFEST: &str = ".briefing-manifest";

/// What an incremental build changes in the output.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Journal {
    /// Files of the staging folder to rename into the output (same relative path).
    pub put: Vec<String>,
    /// Files of the output to remove (with the folders they leave empty).
    pub delete: Vec<String>,
    /// Where the manifest goes once the output holds the change.
    pub manifest: PathBuf,
}

/// Makes every staged file durable, then the new manifest and the journal (written
/// under a temporary name, synced, renamed: it exists whole or not at all).
pub(super) fn write(staging: &Path, journal: &Journal, manifest: &[u8]) -> anyhow::Result<()> {
    use rayon::prelude::*;
    journal.put.par_iter().try_for_each(|file| {
        let path = staging.join(file);
        fs::File::open(&path)
            .and_then(|f| f.sync_all())
            .with_context(|| format!("syncing {}", path.display()))
    })?;
    write_synced(&staging.join(NEXT_MANIFEST), manifest)?;
    let text = serde_json::to_vec(journal).expect("plain data serializes");
    let temp = staging.join(format!("{JOURNAL}.tmp"));
    write_synced(&temp, &text)?;
    fs::rename(&temp, staging.join(JOURNAL))
        .with_context(|| format!("writing the journal in {}", staging.display()))?;
    sync_dir(staging);
    Ok(())
}

/// Carries out the journal of `staging` on `output`. Every step can be repeated: a file
/// already moved or removed is skipped, so a build killed half-way is finished by the
/// next. Returns how many files moved in and went.
pub(super) fn apply(staging: &Path, output: &Path) -> anyhow::Result<(usize, usize)> {
    let path = staging.join(JOURNAL);
    let bytes = fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
    let journal: Journal = serde_json::from_slice(&bytes)
        .map_err(|err| anyhow!("reading {}: {err}", path.display()))?;
    for file in &journal.delete {
        let target = super::inside(output, file)?;
        match fs::remove_file(&target) {
            Err(err) if err.kind() != ErrorKind::NotFound => {
                return Err(anyhow!("removing {}: {err}", target.display()));
            }
            _ => prune(output, &target),
        }
    }
    for (i, file) in journal.put.iter().enumerate() {
        let from = super::inside(staging, file)?;
        let to = super::inside(output, file)?;
        if fs::symlink_metadata(&from).is_err() && to.is_file() {
            continue; // moved before an interruption
        }
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        fs::rename(&from, &to)
            .with_context(|| format!("moving {} to {}", from.display(), to.display()))?;
        if i == 0 {
            debug_pause("apply");
        }
    }
    let next = staging.join(NEXT_MANIFEST);
    if next.is_file() {
        if let Some(parent) = journal.manifest.parent() {
            fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        let bytes = fs::read(&next).with_context(|| format!("reading {}", next.display()))?;
        super::write_replacing(&journal.manifest, &bytes)?;
        let _ = fs::remove_file(&next);
    }
    // Done: the journal goes first, so whatever of the folder cannot be removed is
    // never replayed over a later build.
    fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
    sync_dir(staging);
    Ok((journal.put.len(), journal.delete.len()))
}

/// Removes the folders above `removed` that it left empty, up to `output`.
fn prune(output: &Path, removed: &Path) {
    let mut dir = removed.parent();
    while let Some(d) = dir {
        if d == output || !d.starts_with(output) || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut file = fs::File::create(path).with_context(|| format!("writing {}", path.display()))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("writing {}", path.display()))
}

/// Makes a rename in `dir` durable where folders can be synced (not on every platform).
fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}
