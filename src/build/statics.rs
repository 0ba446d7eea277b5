//! The static files of a build: the theme's builtins not overridden, then the site's `static/`.

use crate::config::Config;
use crate::diagnostics::{Failure, Problem};
use crate::render::Sink;
use crate::theme;
use anyhow::Context as _;
use walkdir::WalkDir;

/// The redirects file of Netlify and Cloudflare Pages: the site's own `static/_redirects`
/// with the aliases' lines after it.
pub(super) const REDIRECTS: &str = "_redirects";

/// The builtin static files the site does not override, then the site's `static/`
/// (but `_redirects`, which [`generate_extras`](super::generate_extras) writes with the
/// aliases).
pub(super) fn copy_static(config: &Config, sink: &Sink) -> Result<(), Failure> {
    let dir = config.root.join("static");
    for (name, text) in theme::STATIC {
        if !dir.join(name).exists() {
            sink(name, text.as_bytes())?;
        }
    }
    for (name, bytes) in theme::STATIC_BINARY {
        if !dir.join(name).exists() {
            sink(name, bytes)?;
        }
    }
    if !dir.is_dir() {
        return Ok(());
    }
    let root = config
        .root
        .canonicalize()
        .context("resolving the site root")?;
    let mut problems = Vec::new();
    for entry in WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        if crate::sources::is_editor_file(entry.path()) {
            continue;
        }
        if entry.path_is_symlink() {
            let target = entry.path().canonicalize().ok();
            if !target.as_ref().is_some_and(|t| t.starts_with(&root)) {
                problems.push(
                    Problem::new(entry.path(), "this symlink points outside the site root")
                        .hint("copy the file into static/ instead"),
                );
                continue;
            }
        }
        if !entry.path().is_file() || entry.path() == dir.join(REDIRECTS) {
            continue;
        }
        let relative = entry
            .path()
            .strip_prefix(&dir)
            .expect("walkdir stays under its root")
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = std::fs::read(entry.path())
            .with_context(|| format!("reading {}", entry.path().display()))?;
        sink(&relative, &bytes)?;
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.into())
    }
}
