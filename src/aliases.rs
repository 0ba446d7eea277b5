//! Aliases: the old URLs of a page (front-matter `aliases:`), checked against the
//! site, drawn as redirect pages, and listed in a `_redirects` file for hosts that read one.

use crate::diagnostics::Problem;
use crate::site::{Route, Site};
use crate::urls::root_of;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A URL path of this site as an editor writes it (`/en/briefings/old-slug/`), checked.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct UrlPath {
    /// From the site root, in one spelling: `/en/briefings/old/` (a folder, written
    /// with or without `index.html`) or `/en/old.html` (a file).
    pub url: String,
    /// The output file that answers it: `en/briefings/old/index.html`.
    pub file: String,
}

/// The longest URL path accepted: far beyond any real one, well inside file-system limits.
const MAX_URL: usize = 1000;
/// The longest segment: a file name has at most 255 bytes.
const MAX_SEGMENT: usize = 200;

/// Parses an old URL path: from the site root, a plain path inside the site (no scheme
/// or host, no `..`, no query), naming a folder or an `.html` file. `base_url` is
/// only used to suggest the path when an editor pasted a full URL. Errors are
/// `(what is wrong, what to do)`.
pub(crate) fn parse_url_path(text: &str, base_url: &str) -> Result<UrlPath, (String, String)> {
    let shown = text.escape_debug().to_string();
    let refuse = |what: &str, hint: &str| Err((format!("`{shown}` {what}"), hint.to_string()));
    let example = "write it from the site root, like `/en/briefings/old-slug/`";
    if text.is_empty() {
        return refuse("is empty", example);
    }
    if text.len() > MAX_URL {
        return refuse(&format!("is longer than {MAX_URL} characters"), example);
    }
    if crate::urls::has_scheme(text) || text.starts_with("//") {
        let hint = match text.strip_prefix(base_url.trim_end_matches('/')) {
            Some(rest) if rest.starts_with('/') => {
                format!("write the path alone, without scheme and host: `{rest}`")
            }
            _ => "an alias is a path of this site: write it without scheme and host, like `/en/briefings/old-slug/`".to_string(),
        };
        return refuse("is a full URL, not a path of this site", &hint);
    }
    if !text.starts_with('/') {
        return refuse(
            "does not start with `/`",
            &format!(
                "write it from the site root: `/{}`",
                text.trim_start_matches("./")
            ),
        );
    }
    if text.contains(['?', '#']) {
        return refuse(
            "has a query or a fragment, which no file can answer",
            "write the path alone, like `/en/briefings/old-slug/`",
        );
    }
    let segments: Vec<&str> = text[1..].split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        check_segment(segment, i == last)
            .map_err(|(what, hint)| (format!("`{shown}` {what}"), hint))?;
    }
    if segments[0] == "__briefing" {
        return refuse(
            "is under `/__briefing/`, which `briefing serve` keeps for itself",
            "choose another path",
        );
    }
    let name = segments[last];
    let folders = &segments[..last];
    let (url, file) = if name.is_empty() || name == "index.html" || !name.contains('.') {
        let mut parts: Vec<&str> = folders.to_vec();
        if !name.is_empty() && name != "index.html" {
            parts.push(name);
        }
        let dir: String = parts.iter().map(|p| format!("{p}/")).collect();
        (format!("/{dir}"), format!("{dir}index.html"))
    } else if name.ends_with(".html") || name.ends_with(".htm") {
        (text.to_string(), text[1..].to_string())
    } else {
        return refuse(
            "names a file that is not a page",
            "an alias names a folder (`/en/briefings/old/`) or an `.html` file; end a folder with `/`",
        );
    };
    Ok(UrlPath { url, file })
}

/// One segment of a URL path; `last` may be empty (a trailing `/`).
fn check_segment(segment: &str, last: bool) -> Result<(), (String, String)> {
    let plain = "use ASCII letters, digits, `-`, `_`, `.` and `~` in each part of the path";
    match segment {
        "" if last => Ok(()),
        "" => Err((
            "has an empty part (`//`)".into(),
            "write one `/` between parts".into(),
        )),
        "." | ".." => Err((
            format!("has a `{segment}` part: an alias is a plain path inside the site"),
            "write the path from the site root without `.` or `..`".into(),
        )),
        s if s.starts_with('.') => Err((
            format!("has a part `{s}` that starts with `.`: hidden files are not pages"),
            plain.into(),
        )),
        s if s.len() > MAX_SEGMENT => Err((
            format!("has a part longer than {MAX_SEGMENT} characters"),
            "shorten it".into(),
        )),
        s => match s
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~')))
        {
            Some(c) => Err((
                format!(
                    "has the character `{}`, which an alias may not hold",
                    c.escape_debug()
                ),
                plain.into(),
            )),
            None => Ok(()),
        },
    }
}

/// Where each of `values` is written in `text` (1-based line and column, the opening
/// quote when there is one), searched in order from the 1-based line `from` on: the
/// entries of one list, block or flow style. A value not found gets `(from, 1)`.
pub(crate) fn locate_values(text: &str, from: usize, values: &[String]) -> Vec<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let (mut line, mut byte) = (from.saturating_sub(1), 0);
    let mut found = Vec::new();
    for value in values {
        match find_entry(&lines, line, byte, value) {
            Some((n, start, end)) => {
                let col = lines[n][..start].chars().count() + 1;
                found.push((n + 1, col));
                (line, byte) = (n, end);
            }
            None => found.push((from, 1)),
        }
    }
    found
}

/// The next place of `value` as a whole list entry at or after `line`:`byte`:
/// (line, start, end), bytes, the start on its opening quote if it has one.
fn find_entry(
    lines: &[&str],
    line: usize,
    byte: usize,
    value: &str,
) -> Option<(usize, usize, usize)> {
    if value.is_empty() {
        return None;
    }
    for (n, text) in lines.iter().enumerate().skip(line) {
        let mut search = if n == line { byte.min(text.len()) } else { 0 };
        while let Some(i) = text.get(search..).and_then(|t| t.find(value)) {
            let (start, end) = (search + i, search + i + value.len());
            let before = text[..start].chars().last();
            let after = text[end..].chars().next();
            let quoted = matches!(before, Some('"' | '\'')) && before == after;
            let bare = matches!(before, None | Some(' ' | '\t' | '[' | ',' | '-'))
                && matches!(after, None | Some(' ' | '\t' | ']' | ',' | '#'));
            if quoted {
                return Some((n, start - 1, end + 1));
            }
            if bare {
                return Some((n, start, end));
            }
            search = start + 1;
        }
    }
    None
}

/// One redirect of the built site: an old URL of document `doc`.
#[derive(Debug, Clone)]
pub struct Alias {
    pub path: UrlPath,
    /// The document it redirects to, by index into `Site::documents`.
    pub doc: usize,
    /// Where the document's front-matter lists it.
    pub line: usize,
    pub col: usize,
}

/// Every alias of the site's documents, sorted by output file, or the problems that
/// stop them: an alias on its own page's URL, on another page (a redirect there would
/// replace that page, and two such aliases would loop), on a file of `static/`, or
/// listed twice. Each problem names both files.
pub(crate) fn collect(site: &Site) -> Result<Vec<Alias>, Vec<Problem>> {
    let mut aliases: Vec<Alias> = Vec::new();
    for (doc, d) in site.documents.iter().enumerate() {
        for a in &d.meta.aliases {
            aliases.push(Alias {
                path: a.path.clone(),
                doc,
                line: a.line,
                col: a.col,
            });
        }
    }
    aliases.sort_by(|a, b| (&a.path.file, a.doc, a.line).cmp(&(&b.path.file, b.doc, b.line)));
    let pages = page_owners(site);
    let mut problems = Vec::new();
    let problem = |a: &Alias, message: String, hint: &str| {
        Problem::new(&site.documents[a.doc].path, message)
            .at(a.line, a.col)
            .hint(hint)
    };
    for (k, a) in aliases.iter().enumerate() {
        let url = &a.path.url;
        if let Some(prev) = k.checked_sub(1).map(|p| &aliases[p])
            && prev.path.file == a.path.file
        {
            let message = if prev.doc == a.doc {
                format!("the alias `{url}` is listed twice")
            } else {
                format!(
                    "the alias `{url}` is also an alias of {}: one URL can redirect to one page only",
                    site.documents[prev.doc].path.display()
                )
            };
            problems.push(problem(a, message, "keep it on the page it belongs to"));
            continue;
        }
        let Some(&(lang, route)) = pages.get(a.path.file.as_str()) else {
            if static_file(site, &a.path.file) {
                problems.push(problem(
                    a,
                    format!("the alias `{url}` is the URL of static/{}", a.path.file),
                    "remove the alias or the static file",
                ));
            }
            continue;
        };
        problems.push(on_a_page(site, a, lang, route));
    }
    if problems.is_empty() {
        Ok(aliases)
    } else {
        Err(problems)
    }
}

/// The problem of alias `a`, which is the URL of the page of `route` in `lang`.
fn on_a_page(site: &Site, a: &Alias, lang: &str, route: Option<Route>) -> Problem {
    let url = &a.path.url;
    let problem = |message: String, hint: &str| {
        Problem::new(&site.documents[a.doc].path, message)
            .at(a.line, a.col)
            .hint(hint)
    };
    match route {
        Some(Route::Document(j)) if j == a.doc => problem(
            format!("the alias `{url}` is this page's own URL"),
            "remove it: an alias names an old URL the page no longer has",
        ),
        Some(Route::Document(j)) => {
            let other = &site.documents[j];
            let own = &site.paths[a.doc];
            let back = other.meta.aliases.iter().any(|b| &b.path.file == own);
            let message = if back {
                format!(
                    "the alias `{url}` is the URL of {}, whose aliases name this page's URL: the two would redirect to each other in a loop",
                    other.path.display()
                )
            } else {
                format!(
                    "the alias `{url}` is the URL of {}: a redirect there would replace that page (and chain its own aliases through this one)",
                    other.path.display()
                )
            };
            problem(
                message,
                "an alias names an old URL that no page has now: remove it, or change the other page's slug",
            )
        }
        _ => problem(
            format!(
                "the alias `{url}` is the URL of {}",
                describe(site, lang, route)
            ),
            "an alias names an old URL that no page has now: remove it",
        ),
    }
}

/// Every page file the site renders, with its language and route (None for the
/// language chooser and the 404 page).
fn page_owners<'s>(site: &'s Site) -> BTreeMap<String, (&'s str, Option<Route<'s>>)> {
    let mut pages = BTreeMap::new();
    pages.insert("index.html".to_string(), ("", None));
    pages.insert("404.html".to_string(), ("", None));
    for lang in site.config.codes() {
        for route in site.routes(lang) {
            pages.insert(site.path(lang, route), (lang, Some(route)));
        }
    }
    pages
}

fn describe(site: &Site, lang: &str, route: Option<Route>) -> String {
    match route {
        None if lang.is_empty() => "the language chooser or the 404 page".into(),
        None => "a page".into(),
        Some(Route::Home) => format!("the `{lang}` home page"),
        Some(Route::List { section, page }) => {
            format!("page {page} of the `{section}` list in `{lang}`")
        }
        Some(Route::Taxonomy(t)) => format!("the `{t}` list in `{lang}`"),
        Some(Route::Term {
            taxonomy,
            term,
            page,
        }) => {
            format!("page {page} of the `{taxonomy}` term `{term}` in `{lang}`")
        }
        Some(Route::Timeline) => format!("the `{lang}` timeline"),
        Some(Route::Search) => format!("the `{lang}` search page"),
        Some(Route::Document(i)) => site.documents[i].path.display().to_string(),
    }
}

/// Whether the site's `static/` (or the builtin theme) has a file at `file`.
fn static_file(site: &Site, file: &str) -> bool {
    crate::theme::STATIC.iter().any(|(name, _)| *name == file)
        || site.config.root.join("static").join(file).is_file()
}

/// What a redirect page shows: the relative URL of the new page from the alias's
/// file (so it works from disk and under any sub-path), the new absolute URL for the
/// canonical link, and the page's title in its language.
pub(crate) struct Redirect<'s> {
    pub file: &'s str,
    pub lang: &'s str,
    pub target: String,
    pub canonical: String,
    pub title: &'s str,
}

/// The redirect page of every alias of `site`, sorted by file.
pub(crate) fn redirects<'s>(site: &'s Site) -> Vec<Redirect<'s>> {
    site.aliases
        .iter()
        .map(|a| {
            let d = &site.documents[a.doc];
            let page = &site.paths[a.doc];
            Redirect {
                file: &a.path.file,
                lang: &d.lang,
                target: format!("{}{page}", root_of(&a.path.file)),
                canonical: crate::urls::absolute(&site.config.base_url, page),
                title: &d.meta.title,
            }
        })
        .collect()
}

/// `_redirects` (Netlify, Cloudflare Pages): one `FROM TO 301` line per alias, both
/// paths under the path of `base_url` (`/sub/en/briefings/old/ /sub/en/briefings/new/ 301`),
/// after the site's own `static/_redirects` when it has one. None without either.
pub(crate) fn redirects_file(site: &Site, own: Option<&str>) -> Option<String> {
    if site.aliases.is_empty() && own.is_none() {
        return None;
    }
    let mut text = String::new();
    if let Some(own) = own {
        text.push_str(own);
        if !own.is_empty() && !own.ends_with('\n') {
            text.push('\n');
        }
    }
    if site.aliases.is_empty() {
        return Some(text);
    }
    let base = crate::urls::base_path(&site.config.base_url);
    text.push_str(
        "# The aliases of the site's pages (front-matter `aliases:`), made by `briefing build`.\n",
    );
    for a in &site.aliases {
        let page = &site.paths[a.doc];
        let to = page.strip_suffix("index.html").unwrap_or(page);
        let _ = writeln!(text, "{base}{} {base}/{to} 301", a.path.url);
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> (String, String) {
        let p =
            parse_url_path(text, "https://x.org/sub").unwrap_or_else(|e| panic!("{text}: {e:?}"));
        (p.url, p.file)
    }

    #[test]
    fn folders_are_written_with_or_without_index_html() {
        let folder = (
            "/en/briefings/old/".to_string(),
            "en/briefings/old/index.html".to_string(),
        );
        assert_eq!(ok("/en/briefings/old/"), folder);
        assert_eq!(ok("/en/briefings/old/index.html"), folder);
        assert_eq!(ok("/en/briefings/old"), folder);
        assert_eq!(ok("/old.html"), ("/old.html".into(), "old.html".into()));
        assert_eq!(ok("/"), ("/".into(), "index.html".into()));
        assert_eq!(
            ok("/a/v1.2/b_c~d/"),
            ("/a/v1.2/b_c~d/".into(), "a/v1.2/b_c~d/index.html".into())
        );
    }

    #[test]
    fn anything_but_a_plain_path_is_refused() {
        for bad in [
            "",
            "en/briefings/old/",
            "/en/../../etc/",
            "/en/./x/",
            "/en//x/",
            "https://x.org/sub/en/x/",
            "//evil.org/x/",
            "javascript:alert(1)",
            "/x/?a=1",
            "/x/#top",
            "/x/.briefing-build",
            "/.git/",
            "/x y/",
            "/città/",
            "/x%2e%2e/",
            "/x\\..\\y/",
            "/style.css",
            "/__briefing/desk/",
            "/x\u{7}/",
        ] {
            assert!(parse_url_path(bad, "https://x.org/sub").is_err(), "{bad:?}");
        }
        let (_, hint) = parse_url_path("https://x.org/sub/en/x/", "https://x.org/sub").unwrap_err();
        assert!(hint.contains("`/en/x/`"), "{hint}");
        let (_, hint) = parse_url_path("en/x/", "https://x.org").unwrap_err();
        assert!(hint.contains("`/en/x/`"), "{hint}");
    }

    #[test]
    fn values_are_located_in_block_and_flow_lists() {
        let v = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let yaml = "title: x\naliases:\n  - /en/a/\n  - \"/en/b/\"\nother: [\"/en/c/x/\", /en/c/, '/en/c/']\n";
        assert_eq!(
            locate_values(yaml, 2, &v(&["/en/a/", "/en/b/"])),
            [(3, 5), (4, 5)]
        );
        assert_eq!(
            locate_values(yaml, 5, &v(&["/en/c/x/", "/en/c/", "/en/c/"])),
            [(5, 9), (5, 21), (5, 29)]
        );
        assert_eq!(locate_values(yaml, 4, &v(&["/en/a/"])), [(4, 1)]);
    }
}
