//! Reading the site's text files: UTF-8 without a byte-order mark, or a problem that
//! names the file and the line and column of the first bad byte; and the one content
//! digest that names cached images and records built files.

use crate::diagnostics::Problem;
use sha2::{Digest as _, Sha256};
use std::path::Path;

/// Reads a file as UTF-8 text without its byte-order mark.
pub(crate) fn read_text(file: &Path, path: &Path) -> Result<String, Problem> {
    let bytes = std::fs::read(file)
        .map_err(|err| Problem::new(path, format!("cannot read the file: {err}")))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(err) => {
            let good = &bytes[..err.valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() + 1;
            let col = good.iter().rev().take_while(|b| **b != b'\n').count() + 1;
            Err(Problem::new(
                path,
                "the file is not valid UTF-8 (Latin-1 or Windows-1252?)",
            )
            .at(line, col)
            .hint("re-save it as UTF-8, e.g. `iconv -f latin1 -t utf-8`"))
        }
    }
}

/// 32 hex digits (128 bits) of SHA-256 over `parts`, each preceded by its length.
pub(crate) fn digest(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hasher.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Copies the tree `from` into `to` (tests' scratch sites).
#[cfg(test)]
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("the tree is readable");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("a folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("a copy");
        }
    }
}
