//! The builtin theme: the repository's templates and static files, compiled in,
//! which a site overrides file by file.

use crate::diagnostics::Problem;
use std::collections::BTreeMap;
use std::path::Path;
use walkdir::WalkDir;

macro_rules! embed {
    ($dir:literal: $($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../", $dir, "/", $name)))),*]
    };
}

const TEMPLATES: &[(&str, &str)] = embed!("templates":
    "base.html", "chooser.html", "404.html", "home.html", "briefing.html", "page.html",
    "list.html", "taxonomy.html", "term.html", "timeline.html", "search.html", "redirect.html",
    "partials/card.html", "partials/pagination.html", "partials/chart.html", "partials/toc.html",
    "partials/map.html", "partials/meta.html", "partials/cover.html",
);

/// Static files every site gets unless it has its own.
pub(crate) const STATIC: &[(&str, &str)] =
    embed!("static": "style.css", "search.js", "favicon.svg");

/// Binary static files every site gets unless it has its own: the 180 px touch icon
/// (drawn once from `tools/touch-icon/apple-touch-icon.svg`, see the README).
pub(crate) const STATIC_BINARY: &[(&str, &[u8])] = &[(
    "apple-touch-icon.png",
    include_bytes!("../static/apple-touch-icon.png"),
)];

/// Builtin templates overridden by every `*.html` under the site's `templates/`.
pub(crate) fn templates(dir: &Path) -> Result<BTreeMap<String, String>, Problem> {
    let mut all: BTreeMap<String, String> = TEMPLATES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    if !dir.is_dir() {
        return Ok(all);
    }
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry =
            entry.map_err(|err| Problem::new(dir, format!("cannot read the templates: {err}")))?;
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") || crate::sources::is_editor_file(path) {
            continue;
        }
        if entry.path_is_symlink() {
            // Followed only when it stays inside the site, like content/ and static/.
            let root = dir.parent().and_then(|r| r.canonicalize().ok());
            match (path.canonicalize(), root) {
                (Ok(target), Some(root)) if target.starts_with(&root) && target.is_file() => {}
                _ => {
                    return Err(
                        Problem::new(path, "this symlink points outside the site root")
                            .hint("copy the template into templates/ instead of linking to it"),
                    );
                }
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        let name = path
            .strip_prefix(dir)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let text = crate::files::read_text(path, path)?;
        all.insert(name, text);
    }
    Ok(all)
}
