//! Image references: a path written in a document, resolved beside it inside the content folder.

use crate::diagnostics::Problem;
use std::collections::HashMap;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// Whether `reference` names something on another host (`https://…`, `//host/…`,
/// `data:…`), which the media step leaves alone.
pub fn is_external(reference: &str) -> bool {
    reference.starts_with("//")
        || reference
            .split_once(':')
            .is_some_and(|(scheme, _)| is_scheme(scheme))
}

fn is_scheme(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// The file `reference` names, relative to the folder of `document`; both inside
/// `content_root`. `%xx` escapes are decoded, `?query` and `#fragment` dropped.
///
/// Refused, each with a [`Problem`] on `document` (the caller adds line and column):
/// an empty path, a URL, an absolute path, a backslash, a path whose `..` leaves
/// `content_root`, a symlink that leads out of it, and a file that does not exist.
pub fn resolve(document: &Path, reference: &str, content_root: &Path) -> Result<PathBuf, Problem> {
    resolve_as(document, reference, content_root, "image")
}

/// [`resolve`] for a `kind` of file (`image`, `file`), as problems name it.
pub fn resolve_as(
    document: &Path,
    reference: &str,
    content_root: &Path,
    kind: &str,
) -> Result<PathBuf, Problem> {
    let folders = Folders::new(content_root);
    resolve_within(document, reference, &folders, kind).map(|(path, _)| path)
}

/// The content folder and the real path (every symlink resolved) of each folder under it
/// that a reference has gone through, worked out once per build. A photo in a folder
/// already known is then proved inside with one `lstat` of the photo, where a
/// `realpath` of the whole path costs a `readlink` per component and a `getcwd`.
pub(crate) struct Folders {
    /// `content/` as problems name it.
    root: PathBuf,
    /// `content/` with its symlinks resolved, which every file must stay in.
    real_root: PathBuf,
    known: Mutex<HashMap<PathBuf, PathBuf>>,
}

impl Folders {
    pub(crate) fn new(root: &Path) -> Folders {
        Folders {
            real_root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
            root: root.to_path_buf(),
            known: Mutex::new(HashMap::new()),
        }
    }

    /// The real path of `path` (the content folder or a path under it), resolving it
    /// component by component from the content folder: a component that is not a
    /// symlink keeps its name, one that is is resolved whole. None when a component
    /// is missing, or a folder on the way is not one.
    fn real(&self, path: &Path) -> Option<PathBuf> {
        if path == self.root {
            return Some(self.real_root.clone());
        }
        if let Some(known) = self.known.lock().expect("no holder panics").get(path) {
            return Some(known.clone());
        }
        let meta = fs::symlink_metadata(path).ok()?;
        let real = if meta.file_type().is_symlink() {
            path.canonicalize().ok()?
        } else if meta.is_dir() {
            self.real(path.parent()?)?.join(path.file_name()?)
        } else {
            return None;
        };
        self.known
            .lock()
            .expect("no holder panics")
            .insert(path.to_path_buf(), real.clone());
        Some(real)
    }
}

/// [`resolve_as`] with the content folder's [`Folders`] shared by the caller. Also
/// returns the file's status when the file itself is not a symlink (then it is the
/// status of what it names), so the caller need not stat it again.
pub(crate) fn resolve_within(
    document: &Path,
    reference: &str,
    folders: &Folders,
    kind: &str,
) -> Result<(PathBuf, Option<fs::Metadata>), Problem> {
    let content_root = folders.root.as_path();
    let refuse = |message: String, hint: &str| Err(Problem::new(document, message).hint(hint));
    let path_part = reference.split(['#', '?']).next().unwrap_or_default();
    if path_part.trim().is_empty() {
        return refuse(
            format!("the {kind} path `{reference}` is empty"),
            "write the file name, e.g. `NAME/photo.jpg`",
        );
    }
    if is_external(reference) {
        return refuse(
            format!(
                "`{reference}` is on another host; {kind}s are published from the content folder"
            ),
            "save the file beside the briefing and link it by its relative path",
        );
    }
    let Ok(decoded) = String::from_utf8(crate::urls::percent_decode(path_part)) else {
        return refuse(
            format!("`{reference}` has %-escapes that are not UTF-8"),
            "write the file name as it is",
        );
    };
    if decoded.starts_with('/') || decoded.contains('\\') || Path::new(&decoded).has_root() {
        return refuse(
            format!("`{reference}` is not a relative path"),
            "write it relative to the briefing, with `/` between folders: `NAME/photo.jpg`",
        );
    }
    let Some(base) = document
        .parent()
        .and_then(|dir| dir.strip_prefix(content_root).ok())
    else {
        return refuse(
            format!("this document is not inside {}", content_root.display()),
            "keep documents under the content folder",
        );
    };
    let Some(inside) = normalize(base, &decoded) else {
        return refuse(
            format!("`{reference}` leads out of the content folder"),
            "keep images beside the briefing, in its `NAME/` folder",
        );
    };
    let path = content_root.join(inside);
    let meta = check_target(document, reference, &path, folders, kind)?;
    Ok((path, meta))
}

/// `base/reference` with `.` and `..` applied, or `None` if it climbs above `base`'s root.
fn normalize(base: &Path, reference: &str) -> Option<PathBuf> {
    let mut parts: Vec<String> = Vec::new();
    for c in base.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_string_lossy().to_string()),
            Component::CurDir => {}
            _ => return None,
        }
    }
    for segment in reference.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s.to_string()),
        }
    }
    Some(parts.iter().collect())
}

/// The file must exist, be a file, and (through any symlink) stay in the content folder
/// with its symlinks resolved. Its `lstat` when it is not a symlink itself: its folder's
/// real path (known once per folder) then gives its own; a symlink is resolved whole.
fn check_target(
    document: &Path,
    reference: &str,
    path: &Path,
    folders: &Folders,
    kind: &str,
) -> Result<Option<fs::Metadata>, Problem> {
    let missing = || {
        Problem::new(document, format!("the {kind} `{reference}` does not exist"))
            .hint(format!("expected a file at {}", path.display()))
    };
    let meta = fs::symlink_metadata(path).map_err(|_| missing())?;
    let (real, meta) = if meta.file_type().is_symlink() {
        (path.canonicalize().map_err(|_| missing())?, None)
    } else {
        let real = match (path.parent(), path.file_name()) {
            _ if path == folders.root => Some(folders.real_root.clone()),
            (Some(parent), Some(name)) => folders.real(parent).map(|p| p.join(name)),
            _ => None,
        };
        (real.ok_or_else(missing)?, Some(meta))
    };
    if !real.starts_with(&folders.real_root) {
        return Err(Problem::new(
            document,
            format!("`{reference}` is a link to a file outside the content folder"),
        )
        .hint("copy the file beside the briefing instead of linking to it"));
    }
    let is_file = match &meta {
        Some(meta) => meta.is_file(),
        None => real.is_file(),
    };
    if !is_file {
        return Err(
            Problem::new(document, format!("`{reference}` is a folder, not a file"))
                .hint(format!("name the {kind} inside it")),
        );
    }
    Ok(meta)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_references() {
        assert!(is_external("https://example.org/a.jpg"));
        assert!(is_external("//cdn.example.org/a.jpg"));
        assert!(is_external("data:image/png;base64,AAAA"));
        assert!(!is_external("photo.jpg"));
        assert!(!is_external("NAME/photo:1.jpg"));
        assert!(!is_external("../x.jpg"));
    }

    #[test]
    fn normalize_stays_below_the_root() {
        let base = Path::new("briefings");
        assert_eq!(
            normalize(base, "x/./a.jpg"),
            Some(PathBuf::from("briefings/x/a.jpg"))
        );
        assert_eq!(
            normalize(base, "../pages/a.jpg"),
            Some(PathBuf::from("pages/a.jpg"))
        );
        assert_eq!(normalize(base, "../../a.jpg"), None);
        assert_eq!(normalize(base, "x/../../../a.jpg"), None);
    }
}
