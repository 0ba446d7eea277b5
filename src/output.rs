//! Writes a build into a staging folder beside the output and swaps it in only
//! when everything succeeded; never touches a folder an earlier build did not make.

use crate::diagnostics::{Failure, Problem};
use anyhow::{Context as _, bail};
use std::fs;
use std::path::{Component, Path, PathBuf};

/// The file that marks a folder as made by `briefing build`.
pub const MARKER: &str = ".briefing-build";

pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
}

impl Staging {
    /// Checks that `output` may be replaced, then creates an empty staging folder.
    pub fn begin(output: &Path) -> Result<Staging, Failure> {
        if output.exists() {
            let ours = output.join(MARKER).is_file();
            let empty = output.is_dir()
                && fs::read_dir(output)
                    .map(|mut d| d.next().is_none())
                    .unwrap_or(false);
            if !ours && !empty {
                return Err(Problem::new(output, "this folder exists and was not made by `briefing build`; refusing to replace it")
                    .hint("remove it yourself or choose another folder with --output")
                    .into());
            }
        }
        let name = output
            .file_name()
            .context("the output folder has no name")?
            .to_string_lossy()
            .to_string();
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        let dir = parent.join(format!(".{name}.briefing-staging"));
        if dir.exists() {
            // Left over from a build that was killed; the name is ours alone.
            fs::remove_dir_all(&dir)
                .with_context(|| format!("removing the old staging folder {}", dir.display()))?;
        }
        fs::create_dir(&dir)
            .with_context(|| format!("creating the staging folder {}", dir.display()))?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
        })
    }

    /// Writes one file at `relative` inside the build; a path that could leave
    /// the build folder is refused.
    pub fn write(&self, relative: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let path = inside(&self.dir, relative)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))
    }

    /// Swaps the finished build in for the previous one.
    pub fn commit(self) -> anyhow::Result<()> {
        fs::write(
            self.dir.join(MARKER),
            "made by `briefing build`; the next build replaces this folder\n",
        )?;
        let old = self.dir.with_file_name(format!(
            ".{}.briefing-old",
            self.output
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
        ));
        if old.exists() {
            fs::remove_dir_all(&old).with_context(|| format!("removing {}", old.display()))?;
        }
        if self.output.exists() {
            fs::rename(&self.output, &old).with_context(|| {
                format!("moving the previous build {} aside", self.output.display())
            })?;
        }
        fs::rename(&self.dir, &self.output)
            .with_context(|| format!("moving the new build into {}", self.output.display()))?;
        if old.exists() {
            fs::remove_dir_all(&old)
                .with_context(|| format!("removing the previous build {}", old.display()))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // After a failed build the staging folder goes; after commit it no longer exists.
        let _ = fs::remove_dir_all(&self.dir);
    }
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
}
