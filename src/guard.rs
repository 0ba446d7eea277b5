//! The published-URL guard: every build records in its output (`.briefing-urls`) the
//! URLs it and the builds before it published; a URL published once that now has
//! neither a page nor an alias, and is not retired in site.yaml, is reported with
//! the `aliases:` line that brings it back.

use crate::aliases::{UrlPath, parse_url_path};
use crate::diagnostics::{Failure, Problem, line_of};
use crate::site::{Route, Site};
use anyhow::Context as _;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The record of published URLs, inside the output folder (it moves with the output
/// in the swap, and a copy of a published site carries it).
pub(crate) const MANIFEST: &str = ".briefing-urls";

/// The document a URL belonged to: section, NAME and language. Site pages (homes,
/// lists, terms, the timeline...) have none.
pub(crate) type Owner = Option<(String, String, String)>;

/// Published URLs (from the site root: `/en/briefings/x/`) and who published them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Manifest {
    pub urls: BTreeMap<String, Owner>,
}

#[derive(Serialize, Deserialize)]
struct ManifestFile {
    about: String,
    /// URL -> `SECTION/NAME.LANG` of its document, or "" for a page of the site.
    urls: BTreeMap<String, String>,
}

const ABOUT: &str = "The URLs published into this folder by `briefing build`, this build's and every earlier one's. A URL here that has no page or alias any more is reported; retire it in site.yaml (`retired:`) to stop that. Keep this file with the site.";

fn owner_key(owner: &Owner) -> String {
    owner
        .as_ref()
        .map_or(String::new(), |(s, n, l)| format!("{s}/{n}.{l}"))
}

fn parse_owner(key: &str) -> Owner {
    let (section, rest) = key.split_once('/')?;
    let (name, lang) = rest.rsplit_once('.')?;
    Some((section.into(), name.into(), lang.into()))
}

impl Manifest {
    /// The record kept in the output folder `dir`: its manifest, or, for a folder with
    /// none (made by an older version, or a copy of a published site), every HTML page
    /// in it. `dir` may also be a manifest file itself. None when there is no `dir`.
    pub(crate) fn read(dir: &Path) -> Result<Option<Manifest>, Failure> {
        let file = if dir.is_file() {
            dir.to_path_buf()
        } else {
            dir.join(MANIFEST)
        };
        match std::fs::read(&file) {
            Ok(bytes) => {
                let parsed: ManifestFile = serde_json::from_slice(&bytes).map_err(|err| {
                    Problem::new(&file, format!("this record of published URLs cannot be read: {err}"))
                        .hint("restore it from a copy of the published site, or delete it to start a new record from the pages in the folder")
                })?;
                let mut urls = BTreeMap::new();
                for (url, owner) in parsed.urls {
                    // Only what a build could have written: a path of the site.
                    if let Ok(path) = parse_url_path(&url, "") {
                        urls.insert(path.url, parse_owner(&owner));
                    }
                }
                Ok(Some(Manifest { urls }))
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                if dir.is_dir() {
                    Ok(Some(Manifest::scan(dir)?))
                } else {
                    Ok(None)
                }
            }
            Err(err) => Err(anyhow::anyhow!("reading {}: {err}", file.display()).into()),
        }
    }

    /// Every HTML page of a site folder, by URL, owners unknown; pages of a paginated
    /// list beyond the first and `404.html` are left out, as a build leaves them out.
    pub(crate) fn scan(dir: &Path) -> Result<Manifest, Failure> {
        let mut urls = BTreeMap::new();
        let walk = walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walk {
            let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let relative = entry
                .path()
                .strip_prefix(dir)
                .expect("walkdir stays under its root")
                .to_string_lossy()
                .replace('\\', "/");
            let page = relative.ends_with(".html") || relative.ends_with(".htm");
            if !page || relative == "404.html" || is_later_page(&relative) {
                continue;
            }
            if let Ok(path) = parse_url_path(&format!("/{relative}"), "") {
                urls.insert(path.url, None);
            }
        }
        Ok(Manifest { urls })
    }

    /// What `site` publishes: every page (but pages 2 and later of a list, which come
    /// and go with its length) and every alias.
    pub(crate) fn of_site(site: &Site) -> Manifest {
        let mut urls = BTreeMap::new();
        urls.insert("/".to_string(), None);
        let owner = |i: usize| {
            let d = &site.documents[i];
            Some((d.section.clone(), d.name.clone(), d.lang.clone()))
        };
        for lang in site.config.codes() {
            for route in site.routes(lang) {
                let who = match route {
                    Route::List { page, .. } | Route::Term { page, .. } if page > 1 => continue,
                    Route::Document(i) => owner(i),
                    _ => None,
                };
                urls.insert(url_of(&site.path(lang, route)), who);
            }
        }
        for a in &site.aliases {
            urls.insert(a.path.url.clone(), owner(a.doc));
        }
        Manifest { urls }
    }

    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let file = ManifestFile {
            about: ABOUT.to_string(),
            urls: self
                .urls
                .iter()
                .map(|(url, owner)| (url.clone(), owner_key(owner)))
                .collect(),
        };
        let mut bytes = serde_json::to_vec_pretty(&file).expect("plain data serializes");
        bytes.push(b'\n');
        bytes
    }
}

/// `/en/x/` for the output file `en/x/index.html`, `/x.html` for `x.html`.
pub(crate) fn url_of(file: &str) -> String {
    match file.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/{dir}"),
        _ => format!("/{file}"),
    }
}

/// `it/analisi/page/2/index.html` and deeper pages of a list.
fn is_later_page(file: &str) -> bool {
    let parts: Vec<&str> = file.split('/').collect();
    matches!(parts.as_slice(), [.., "page", n, "index.html"] if n.parse::<usize>().is_ok_and(|n| n > 1))
}

/// A URL published before that this build does not publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Lost {
    pub url: String,
    pub owner: Owner,
}

/// What a build learns by comparing its site with the previous record.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    /// The record to keep: the previous one (retired URLs removed) and this build's.
    pub next: Manifest,
    /// Lost URLs: no page, no alias, not retired, and not a page of a document that is
    /// only held back (a draft, scheduled, expired).
    pub lost: Vec<Lost>,
    /// How many URLs the previous record held.
    pub guarded: usize,
}

/// Compares this build's site with the `previous` record. `written` says whether the
/// build wrote an output file (a static page or a later list page counts too);
/// `unpublished` names the documents the build holds back.
pub(crate) fn compare(
    previous: Option<&Manifest>,
    site: &Site,
    written: &dyn Fn(&str) -> bool,
    unpublished: &BTreeSet<(String, String, String)>,
) -> Outcome {
    let current = Manifest::of_site(site);
    let Some(previous) = previous else {
        return Outcome {
            next: current,
            ..Outcome::default()
        };
    };
    let retired: BTreeSet<&str> = site.config.retired.iter().map(|u| u.url.as_str()).collect();
    let mut next = Manifest::default();
    let mut lost = Vec::new();
    for (url, owner) in &previous.urls {
        if retired.contains(url.as_str()) {
            continue;
        }
        next.urls.insert(url.clone(), owner.clone());
        let published = current.urls.contains_key(url)
            || parse_url_path(url, "").is_ok_and(|p: UrlPath| written(&p.file));
        let held = owner.as_ref().is_some_and(|key| unpublished.contains(key));
        if !published && !held {
            lost.push(Lost {
                url: url.clone(),
                owner: owner.clone(),
            });
        }
    }
    next.urls.extend(current.urls);
    Outcome {
        next,
        lost,
        guarded: previous.urls.len(),
    }
}

/// One problem per file for the `lost` URLs: the document that moved (its section, NAME
/// and language still exist) gets the exact `aliases:` line to add; URLs of documents
/// that are gone and of site pages get the `retired:` line that gives them up.
pub(crate) fn problems(site: &Site, lost: &[Lost]) -> Vec<Problem> {
    let mut moved: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    let mut problems = Vec::new();
    let retire = |urls: &[&str]| {
        let list: Vec<String> = urls.iter().map(|u| format!("\"{u}\"")).collect();
        format!("`retired: [{}]` in site.yaml", list.join(", "))
    };
    for l in lost {
        let found = l
            .owner
            .as_ref()
            .and_then(|(section, name, lang)| site.find(section, name, lang));
        match (found, &l.owner) {
            (Some(i), _) => moved.entry(i).or_default().push(&l.url),
            (None, Some((section, name, lang))) => problems.push(
                Problem::new(
                    crate::content::display_path(
                        site.config,
                        &site
                            .config
                            .root
                            .join("content")
                            .join(section)
                            .join(format!("{name}.{lang}.md")),
                    ),
                    format!(
                        "the URL `{}` was published by an earlier build, and this document is gone: the URL now has no page and no alias",
                        l.url
                    ),
                )
                .hint(format!(
                    "if the document was renamed, add `aliases: [\"{}\"]` to its new file; if it was removed on purpose, retire the URL with {}",
                    l.url,
                    retire(&[&l.url])
                )),
            ),
            (None, None) => problems.push(
                site.config
                    .problem_at(
                        &["retired"],
                        format!(
                            "the URL `{}` was published by an earlier build and now has no page and no alias",
                            l.url
                        ),
                    )
                    .hint(format!(
                        "if a URL segment in site.yaml changed, restore it, or add the URL to the `aliases:` of the page that replaces it; to give it up, retire it with {}",
                        retire(&[&l.url])
                    )),
            ),
        }
    }
    for (i, urls) in moved {
        problems.push(moved_problem(site, i, &urls, &retire(&urls)));
    }
    problems.sort();
    problems
}

/// The document `i` lost `urls`: the `aliases:` line that brings them back, with the
/// aliases it has already.
fn moved_problem(site: &Site, i: usize, urls: &[&str], retire: &str) -> Problem {
    let d = &site.documents[i];
    let text = std::fs::read_to_string(&d.path).unwrap_or_default();
    let mut all: Vec<String> = d.meta.aliases.iter().map(|a| a.path.url.clone()).collect();
    all.extend(urls.iter().map(|u| u.to_string()));
    let quoted: Vec<String> = all.iter().map(|u| format!("\"{u}\"")).collect();
    let line = format!("aliases: [{}]", quoted.join(", "));
    let (field, action) = if d.meta.aliases.is_empty() {
        (
            if text.lines().any(|l| l.starts_with("slug:")) {
                "slug:"
            } else {
                "title:"
            },
            format!("add `{line}` to the front-matter"),
        )
    } else {
        ("aliases:", format!("replace its `aliases:` with `{line}`"))
    };
    let list: Vec<String> = urls.iter().map(|u| format!("`{u}`")).collect();
    let (s, it) = if urls.len() == 1 {
        ("", "it")
    } else {
        ("s", "them")
    };
    Problem::new(
        &d.path,
        format!(
            "the URL{s} {} published by an earlier build now {} no page and no alias: this page moved from {it}",
            list.join(", "),
            if urls.len() == 1 { "has" } else { "have" }
        ),
    )
    .at(line_of(&text, field), 1)
    .hint(format!(
        "{action} so that old links lead here; to give {it} up on purpose, retire {it} with {retire}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_of_files() {
        assert_eq!(url_of("index.html"), "/");
        assert_eq!(url_of("en/x/index.html"), "/en/x/");
        assert_eq!(url_of("en/old.html"), "/en/old.html");
        assert_eq!(url_of("en/myindex.html"), "/en/myindex.html");
        assert!(is_later_page("it/analisi/page/2/index.html"));
        assert!(!is_later_page("it/analisi/page/1/index.html"));
        assert!(!is_later_page("it/analisi/page/index.html"));
    }

    #[test]
    fn the_record_reads_back_and_owners_round_trip() {
        let mut m = Manifest::default();
        m.urls.insert("/".into(), None);
        m.urls.insert(
            "/en/briefings/a.b/".into(),
            Some(("briefings".into(), "a.b".into(), "en".into())),
        );
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(MANIFEST), m.to_bytes()).unwrap();
        assert_eq!(Manifest::read(dir.path()).ok().flatten(), Some(m.clone()));
        assert_eq!(
            Manifest::read(&dir.path().join(MANIFEST)).ok().flatten(),
            Some(m)
        );
        assert!(
            Manifest::read(&dir.path().join("nothing"))
                .ok()
                .unwrap()
                .is_none()
        );
        std::fs::write(dir.path().join(MANIFEST), "{ not json").unwrap();
        assert!(Manifest::read(dir.path()).is_err());
    }

    #[test]
    fn a_folder_without_a_record_is_read_from_its_pages() {
        let dir = tempfile::tempdir().unwrap();
        for file in [
            "index.html",
            "404.html",
            "en/x/index.html",
            "en/list/page/2/index.html",
            "en/old.html",
            "style.css",
            "_redirects",
            ".hidden/index.html",
        ] {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let m = Manifest::read(dir.path()).ok().flatten().unwrap();
        let urls: Vec<&str> = m.urls.keys().map(String::as_str).collect();
        assert_eq!(urls, ["/", "/en/old.html", "/en/x/"]);
    }
}
