//! Where a build may write: the output's path resolved through every symlink, relative
//! paths that cannot leave it, and the uniquely named folders beside it.

use super::{MARKER, MARKER_TEXT};
use crate::diagnostics::{Failure, Problem};
use anyhow::{Context as _, anyhow, bail};
use std::fs;
use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};

/// The folder an output lives in, and its name.
pub(super) fn parent_and_name(output: &Path) -> Result<(PathBuf, String), Failure> {
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
pub(super) fn refuse_foreign(output: &Path) -> Result<(), Failure> {
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
pub(super) fn unique_folder(parent: &Path, name: &str, kind: &str) -> Result<PathBuf, Failure> {
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
pub(super) fn unique_id() -> String {
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
}
