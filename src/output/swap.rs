//! The swap of a finished build for the previous one: one atomic exchange where the
//! platform offers it, else two renames that a crash between them cannot lose.

use super::paths::{parent_and_name, unique_id};
use super::{Staging, debug_pause};
use crate::diagnostics::Failure;
use anyhow::{Context as _, anyhow};
use std::fs;
use std::path::Path;

impl Staging {
    /// Exchanges the staging folder and the output: after it, `dir` holds the previous
    /// build. One `renameat2(RENAME_EXCHANGE)` (Linux) or `renameatx_np(RENAME_SWAP)`
    /// (macOS); elsewhere, or where the file system cannot exchange, two renames.
    pub(super) fn exchange(&self) -> Result<(), Failure> {
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
