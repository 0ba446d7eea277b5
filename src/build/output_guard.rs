//! Guarding the output: where it really is, and never the site or one of its inputs.

use crate::diagnostics::{Failure, Problem};
use crate::output;
use crate::sources::SOURCES;
use std::path::{Path, PathBuf};

/// Where the output really is (every symlink and `..` resolved), if it may be there:
/// not the site, not a folder that holds the site or any of its inputs (a build
/// replaces its output, and would delete them), and not inside content/, templates/
/// or static/ (the next build would read it back as input). Checked before anything
/// is read or written. An output that is a symlink is followed: the build replaces
/// the folder it points to and leaves the link alone.
pub(crate) fn guard_output(root: &Path, output: &Path) -> Result<PathBuf, Failure> {
    let resolved = output::resolve(output)?;
    let root = output::resolve(root)?;
    let refuse = |message: String| -> Failure {
        Problem::new(output, message)
            .hint("choose an output outside the site's sources, e.g. the default ROOT/public")
            .into()
    };
    if root.starts_with(&resolved) {
        return Err(refuse(format!(
            "the output folder {} holds the site itself ({}); a build replaces its output and would delete the site",
            resolved.display(),
            root.display()
        )));
    }
    // The source folders count even before they exist: an output there would make them.
    let mut inputs: Vec<PathBuf> = SOURCES.iter().map(|name| root.join(name)).collect();
    if let Ok(entries) = std::fs::read_dir(&root) {
        inputs.extend(
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml")),
        );
    }
    for input in inputs {
        let name = input
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let folder = SOURCES.contains(&name.as_str());
        // A source linked from elsewhere counts where it really is.
        let Ok(input) = output::resolve(&input) else {
            continue;
        };
        if folder && resolved.starts_with(&input) {
            return Err(refuse(format!(
                "the output folder is inside the site's {name}/ folder, which every build reads"
            )));
        }
        if input.starts_with(&resolved) {
            return Err(refuse(format!(
                "the output folder {} holds the site's {name}, which a build would delete",
                resolved.display()
            )));
        }
    }
    Ok(resolved)
}
