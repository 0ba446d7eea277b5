//! Which files make the site: the source folders, and the editors' scratch files
//! in them (temp, lock, swap and backup files) that build and serve both skip.

use std::path::Path;

/// The folders whose files make the site; the root's `*.yaml` files count too.
pub(crate) const SOURCES: [&str; 3] = ["content", "templates", "static"];

/// Whether a file name is an editor's scratch file, never a source: Emacs's lock
/// links and autosaves (`.#NAME`, `#NAME#`), backups (`NAME~`), Vim's swap files
/// (`.NAME.swp`, `.swo`, `.swx`) and its write test (`4913`), Kate's swap files,
/// GNOME's `.goutputstream-*` and `*.tmp`.
pub(crate) fn is_editor_file(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return false;
    };
    name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with('~')
        || name.starts_with(".goutputstream")
        || name == "4913"
        || [".swp", ".swo", ".swx", ".tmp", ".kate-swp"]
            .iter()
            .any(|e| name.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scratch_files_are_recognised() {
        for yes in [
            "content/briefings/.#a.en.md",
            "#a.it.md#",
            "a.it.md~",
            ".a.it.md.swp",
            ".a.it.md.swo",
            "4913",
            "static/.goutputstream-XYZ12",
            "style.css.tmp",
            "a.md.kate-swp",
        ] {
            assert!(is_editor_file(Path::new(yes)), "{yes}");
        }
        for no in ["a.it.md", "#hash.md", "style.css", "data.yaml", "a#b.md"] {
            assert!(!is_editor_file(Path::new(no)), "{no}");
        }
    }
}
