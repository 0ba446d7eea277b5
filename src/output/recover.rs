//! Tidies what earlier builds left beside the output: puts back a previous output a
//! crash left aside mid-swap, and sweeps staging folders, but only marked ones.

use super::{MARKER, journal, remove};
use std::fs;
use std::path::{Path, PathBuf};

/// What an earlier build can leave beside the output.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Leftover {
    /// A previous output moved aside by the two-rename swap: complete, restorable.
    Old,
    /// A staging folder, or a previous build being removed: never restored.
    Staging,
}

/// The leftovers of earlier builds beside the output, by kind and name.
fn leftovers(parent: &Path, name: &str) -> Vec<(Leftover, PathBuf)> {
    let prefix = format!(".{name}.briefing-");
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut found: Vec<(Leftover, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let file_name = entry.file_name().to_string_lossy().to_string();
            let rest = file_name.strip_prefix(&prefix)?;
            let kind = match rest.split_once('-').map_or(rest, |(kind, _)| kind) {
                "old" => Leftover::Old,
                "staging" => Leftover::Staging,
                _ => return None,
            };
            Some((kind, entry.path()))
        })
        .collect();
    found.sort();
    found
}

/// Puts back a previous output that a crash left aside, and sweeps every leftover
/// that carries our marker. Returns what it did or could not do, as warnings.
pub(super) fn recover(parent: &Path, name: &str, output: &Path) -> Vec<String> {
    let mut warnings = Vec::new();
    let mut found = leftovers(parent, name);
    let missing = fs::symlink_metadata(output).is_err();
    if missing
        && let Some(i) = found
            .iter()
            .rposition(|(kind, dir)| *kind == Leftover::Old && dir.join(MARKER).is_file())
    {
        let (_, old) = found.remove(i);
        match fs::rename(&old, output) {
            Ok(()) => warnings.push(format!(
                "put back the previous build from {} (a build was interrupted while swapping it)",
                old.display()
            )),
            Err(err) => warnings.push(format!(
                "could not put back the previous build {}: {err}",
                old.display()
            )),
        }
    }
    for (_, dir) in found {
        if dir.join(journal::JOURNAL).is_file() && !missing {
            warnings.push(finish(&dir, output));
        }
        if dir.join(MARKER).is_file() {
            warnings.extend(remove::tree(&dir, "a leftover of an earlier build"));
        } else if fs::remove_dir(&dir).is_ok() {
            // Empty: a build killed between making its folder and marking it. Only an
            // empty folder can be removed this way, so nothing of anyone's is lost.
        } else {
            warnings.push(format!(
                "{} looks like a leftover of a build but has no {MARKER} marker; left alone (remove it yourself)",
                dir.display()
            ));
        }
    }
    warnings
}

/// Finishes the incremental build a crash interrupted in `dir` (its journal was
/// written: the change was decided). If it cannot be finished, the manifest still
/// names the files as they were, the output no longer matches it, and this build is
/// a full one.
fn finish(dir: &Path, output: &Path) -> String {
    match journal::apply(dir, output) {
        Ok((put, gone)) => format!(
            "finished an interrupted incremental build of {} ({put} files replaced, {gone} removed)",
            output.display()
        ),
        Err(err) => format!(
            "could not finish the interrupted incremental build of {}: {err:#}; this build replaces the whole output",
            output.display()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_are_recognised_by_name() {
        let tmp = tempfile::tempdir().unwrap();
        for name in [
            ".public.briefing-staging",
            ".public.briefing-old",
            ".public.briefing-staging-1-2-0",
            ".public.briefing-old-3-4-0",
            ".public.briefing-lock",
            ".publicity.briefing-old",
            "public",
        ] {
            fs::create_dir(tmp.path().join(name)).unwrap();
        }
        let found: Vec<String> = leftovers(tmp.path(), "public")
            .into_iter()
            .map(|(kind, p)| format!("{kind:?} {}", p.file_name().unwrap().to_string_lossy()))
            .collect();
        assert_eq!(
            found,
            [
                "Old .public.briefing-old",
                "Old .public.briefing-old-3-4-0",
                "Staging .public.briefing-staging",
                "Staging .public.briefing-staging-1-2-0",
            ]
        );
    }
}
