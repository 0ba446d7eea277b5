//! Change tracking shared by `serve` and `build`: what changed between two versions of a
//! site (its [`Structure`], each document's card and source), and which pages show it
//! ([`affected`]). `serve` compares against the build it keeps in memory; `build`
//! against the [`Record`] the previous build left in its manifest.

use crate::content::display_path_under;
use crate::files::digest;
use crate::incremental::Stat;
use crate::render::views::Card;
use crate::site::{Route, Site};
use crate::sources::{SOURCES, is_editor_file};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Where every document sits: its URL, its place in every list, the redirects of its
/// old URLs and the briefing each chart names as its source. Two builds with equal
/// structures have the same pages and differ only inside them, never in which page
/// shows what.
#[derive(PartialEq, Eq, Serialize)]
pub(crate) struct Structure {
    pub order: Vec<PathBuf>,
    pub paths: Vec<String>,
    /// Each list by its key: a document that leaves a term for another keeps the
    /// lists' contents equal, not their keys.
    pub lists: Vec<(String, Vec<usize>)>,
    aliases: Vec<String>,
    /// Per language and data file: the newest feed document showing it (its title is
    /// on every page that shows the chart).
    charts: Vec<Option<usize>>,
}

impl Structure {
    pub(crate) fn of(site: &Site) -> Structure {
        let mut lists: Vec<(String, Vec<usize>)> = Vec::new();
        let key = |parts: &[&str]| parts.join("/");
        lists.extend(
            site.sections
                .iter()
                .map(|((s, l), v)| (key(&[s, l]), v.clone())),
        );
        lists.extend(
            site.feed
                .iter()
                .map(|(l, v)| (key(&["feed", l]), v.clone())),
        );
        lists.extend(
            site.timeline
                .iter()
                .map(|(l, v)| (key(&["time", l]), v.clone())),
        );
        lists.extend(
            site.terms
                .iter()
                .map(|((t, k, l), v)| (key(&[t, k, l]), v.clone())),
        );
        let charts = site
            .feed
            .values()
            .flat_map(|feed| {
                site.data.iter().map(|d| {
                    feed.iter()
                        .copied()
                        .find(|&i| site.documents[i].meta.charts.contains(&d.name))
                })
            })
            .collect();
        Structure {
            order: site.documents.iter().map(|d| d.path.clone()).collect(),
            paths: site.paths.clone(),
            lists,
            aliases: site.aliases.iter().map(|a| a.path.file.clone()).collect(),
            charts,
        }
    }

    fn digest(&self) -> String {
        digest(&[&serde_json::to_vec(self).expect("plain data serializes")])
    }
}

/// A card as text, to compare two builds' cards.
pub(crate) fn card_text(card: &Card) -> String {
    serde_json::to_string(card).expect("plain data serializes")
}

/// Every document's card as text, by document path.
pub(crate) fn serialized_cards(site: &Site, cards: &[Card]) -> HashMap<PathBuf, String> {
    site.documents
        .iter()
        .zip(cards)
        .map(|(d, card)| (d.path.clone(), card_text(card)))
        .collect()
}

/// The pages to render again when the documents `edited` changed, the cards of
/// `changed_cards` among them; the site's structure is unchanged.
pub(crate) fn affected<'s>(
    site: &'s Site,
    changed_cards: &[PathBuf],
    edited: &[PathBuf],
) -> Vec<(&'s str, Route<'s>)> {
    let edited: BTreeSet<&PathBuf> = edited.iter().collect();
    let changed: BTreeSet<&PathBuf> = changed_cards.iter().collect();
    let mut routes: HashMap<String, (&str, Route<'s>)> = HashMap::new();
    let mut add = |lang: &'s str, route: Route<'s>| {
        routes.insert(site.path(lang, route), (lang, route));
    };
    let per_page = site.config.page_size.max(1);
    for (i, doc) in site.documents.iter().enumerate() {
        let lang = doc.lang.as_str();
        if edited.contains(&doc.path) {
            add(lang, Route::Document(i));
        }
        if !changed.contains(&doc.path) {
            continue;
        }
        // The card changed: everything that shows it.
        add(lang, Route::Home);
        add(lang, Route::Document(i));
        let Some(section) = site.config.section(&doc.section) else {
            continue;
        };
        let list = site.list(&section.key, lang);
        if let Some(p) = list.iter().position(|&j| j == i)
            && section.list.is_some()
        {
            let page = p / section.page_size + 1;
            add(
                lang,
                Route::List {
                    section: &section.key,
                    page,
                },
            );
            if p > 0 {
                add(lang, Route::Document(list[p - 1]));
            }
            if let Some(&next) = list.get(p + 1) {
                add(lang, Route::Document(next));
            }
        }
        for (&(taxonomy, term, l), members) in &site.terms {
            if l == lang
                && let Some(p) = members.iter().position(|&j| j == i)
            {
                let page = p / per_page + 1;
                add(
                    lang,
                    Route::Term {
                        taxonomy,
                        term,
                        page,
                    },
                );
            }
        }
        if site.timeline[lang].contains(&i) {
            add(lang, Route::Timeline);
        }
    }
    let mut routes: Vec<(String, (&str, Route))> = routes.into_iter().collect();
    routes.sort_by(|a, b| a.0.cmp(&b.0));
    routes.into_iter().map(|(_, r)| r).collect()
}

// ---------------------------------------------------------------------------------
// Between builds
// ---------------------------------------------------------------------------------

/// What a build was made from, kept in its manifest for the next build to compare.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Record {
    /// Every input but the documents' own sources: templates, static files, data,
    /// media and the other files of `content/`.
    rest: String,
    /// The digest of the site's [`Structure`].
    structure: String,
    /// By document path, as text: a `Path` compares component by component, and at
    /// 100,000 documents its lookups took seconds of a rebuild.
    documents: BTreeMap<String, Source>,
    /// Per language, where each search text shard starts (see [`kept_shards`]); none
    /// in a record of an older build, which keeps no shard.
    #[serde(default)]
    shards: BTreeMap<String, Vec<usize>>,
    /// Per language, the size of the search index this build wrote (set once it is
    /// written): a build with no document edited keeps the index and reports this.
    pub index_sizes: BTreeMap<String, usize>,
}

/// One document's source file and the card it made.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Source {
    stat: Stat,
    digest: String,
    card: String,
}

/// The source files as found before the build read them: a file changed while the
/// build runs gets a new stat, so the next build sees it changed.
pub(crate) struct Scan {
    /// Content files (by path as text): stat, and for a document candidate the digest
    /// of its bytes.
    content: BTreeMap<String, (Stat, Option<String>)>,
    /// Templates and static files: path and bytes, digested.
    other: String,
}

impl Scan {
    /// Walks the sources of the site at `root`; a Markdown file whose stat is the one
    /// `previous` recorded keeps its digest unread.
    pub(crate) fn take(root: &Path, previous: Option<&Record>) -> Scan {
        let files = |dir: &str| -> Vec<PathBuf> {
            WalkDir::new(root.join(dir))
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| !e.file_type().is_dir() && !is_editor_file(e.path()))
                .map(|e| display_path_under(root, e.path()))
                .collect()
        };
        let known = |path: &str, stat: &Stat| {
            previous
                .and_then(|r| r.documents.get(path))
                .filter(|s| s.stat == *stat)
                .map(|s| s.digest.clone())
        };
        let content = files(SOURCES[0])
            .into_par_iter()
            .filter_map(|path| {
                let stat = Stat::of(&undisplay(root, &path))?;
                let md = path.extension().is_some_and(|e| e == "md");
                let digest = md.then(|| {
                    known(&path.to_string_lossy(), &stat).unwrap_or_else(|| {
                        let bytes = std::fs::read(undisplay(root, &path)).unwrap_or_default();
                        digest(&[&bytes])
                    })
                });
                Some((path.to_string_lossy().into_owned(), (stat, digest)))
            })
            .collect();
        let mut parts: Vec<Vec<u8>> = Vec::new();
        for dir in &SOURCES[1..] {
            for path in files(dir) {
                parts.push(path.to_string_lossy().as_bytes().to_vec());
                parts.push(std::fs::read(undisplay(root, &path)).unwrap_or_default());
            }
        }
        let parts: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
        Scan {
            content,
            other: digest(&parts),
        }
    }
}

/// The file on disk that [`display_path_under`] named `path`.
fn undisplay(root: &Path, path: &Path) -> PathBuf {
    if root == Path::new(".") {
        root.join(path)
    } else {
        path.to_path_buf()
    }
}

/// A build that renders only some pages: the previous one had the same structure and
/// inputs, and only these documents' sources differ.
pub(crate) struct Partial {
    pub edited: Vec<PathBuf>,
    pub changed_cards: Vec<PathBuf>,
    /// The search text shards the previous output has with the bytes this build would
    /// write (by output path): they are neither rendered nor written again.
    pub kept_shards: BTreeSet<String>,
    /// Per language, the size of the search index kept as it is: with no document of
    /// the language edited (and the same structure and inputs) it would be written
    /// byte for byte again, and building it is the longest step of such a rebuild.
    pub kept_indexes: BTreeMap<String, usize>,
}

/// Every language's search shards, by where each starts.
fn shards_of(site: &Site) -> BTreeMap<String, Vec<usize>> {
    site.config
        .codes()
        .map(|lang| (lang.to_string(), crate::search::shard_starts(site, lang)))
        .collect()
}

/// The text shards of the previous build (cut at `before`) that this one (cut at
/// `now`) would write again byte for byte. A shard holds the plain texts of a run of
/// documents, and a body's text is made from its source alone: a shard with the same
/// first and last document as before, none of them `edited`, is the same file. The
/// order of the documents is the same, as the structure is.
fn kept_shards(
    site: &Site,
    before: &BTreeMap<String, Vec<usize>>,
    now: &BTreeMap<String, Vec<usize>>,
    edited: &[PathBuf],
) -> BTreeSet<String> {
    let edited: BTreeSet<&PathBuf> = edited.iter().collect();
    let mut kept = BTreeSet::new();
    for (lang, starts) in now {
        let Some(old) = before.get(lang) else {
            continue;
        };
        let docs = &site.searchable[lang.as_str()];
        for (k, &start) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(docs.len());
            let same_run =
                old.get(k) == Some(&start) && old.get(k + 1).copied().unwrap_or(docs.len()) == end;
            let untouched = docs[start..end]
                .iter()
                .all(|&i| !edited.contains(&site.documents[i].path));
            if same_run && untouched {
                kept.insert(crate::search::shard_path(lang, k));
            }
        }
    }
    kept
}

impl Record {
    /// The record of this build, and whether only some pages need rendering (against
    /// `previous`, the record of a manifest that still describes the output).
    pub(crate) fn new(
        mut scan: Scan,
        site: &Site,
        cards: &[Card],
        previous: Option<&Record>,
    ) -> (Record, Option<Partial>) {
        let keys: Vec<String> = site
            .documents
            .iter()
            .map(|d| d.path.to_string_lossy().into_owned())
            .collect();
        let sources: Vec<(Stat, String)> = keys
            .iter()
            .map(|key| match scan.content.remove(key) {
                Some((stat, Some(digest))) => (stat, digest),
                // Read by the build but not seen by the walk: never equal to a record.
                _ => (Stat::default(), String::new()),
            })
            .collect();
        let mut parts: Vec<String> = vec![scan.other];
        for (path, (stat, _)) in &scan.content {
            parts.push(format!("{path}\n{stat:?}"));
        }
        let parts: Vec<&[u8]> = parts.iter().map(String::as_bytes).collect();
        let rest = digest(&parts);
        let structure = Structure::of(site).digest();
        let shards = shards_of(site);
        let same = previous.filter(|p| {
            p.rest == rest
                && p.structure == structure
                && p.documents.len() == site.documents.len()
                && keys.iter().all(|key| p.documents.contains_key(key))
        });
        let cards: Vec<String> = keys
            .par_iter()
            .zip(&sources)
            .zip(cards)
            .map(|((key, (_, digest)), card)| {
                let unchanged = same
                    .and_then(|p| p.documents.get(key))
                    .filter(|s| !digest.is_empty() && s.digest == *digest);
                match unchanged {
                    // Same source, inputs and structure: the same card.
                    Some(s) => s.card.clone(),
                    None => crate::files::digest(&[card_text(card).as_bytes()]),
                }
            })
            .collect();
        let partial = same.map(|p| partial_against(p, site, &keys, &sources, &cards, &shards));
        let documents = keys
            .into_iter()
            .zip(sources)
            .zip(cards)
            .map(|((key, (stat, digest)), card)| (key, Source { stat, digest, card }))
            .collect();
        let record = Record {
            rest,
            structure,
            documents,
            shards,
            index_sizes: BTreeMap::new(),
        };
        (record, partial)
    }
}

/// What differs from `previous`, a record of the same structure and inputs: the
/// documents whose source changed, those whose card changed, and the search text
/// shards that can stay.
fn partial_against(
    previous: &Record,
    site: &Site,
    keys: &[String],
    sources: &[(Stat, String)],
    cards: &[String],
    shards: &BTreeMap<String, Vec<usize>>,
) -> Partial {
    let mut partial = Partial {
        edited: Vec::new(),
        changed_cards: Vec::new(),
        kept_shards: BTreeSet::new(),
        kept_indexes: BTreeMap::new(),
    };
    let mut edited_langs: BTreeSet<&str> = BTreeSet::new();
    let documents = site.documents.iter().zip(keys);
    for (((d, key), (_, digest)), card) in documents.zip(sources).zip(cards) {
        let old = &previous.documents[key];
        if old.digest != *digest || digest.is_empty() {
            edited_langs.insert(d.lang.as_str());
            partial.edited.push(d.path.clone());
            if old.card != *card {
                partial.changed_cards.push(d.path.clone());
            }
        }
    }
    partial.kept_shards = kept_shards(site, &previous.shards, shards, &partial.edited);
    // A language's index holds only its own documents' cards and words: with none of
    // them edited, and every text shard of it kept, it is the same file.
    for (lang, starts) in shards {
        let whole = (0..starts.len()).all(|k| {
            partial
                .kept_shards
                .contains(&crate::search::shard_path(lang, k))
        });
        if let Some(&size) = previous.index_sizes.get(lang)
            && whole
            && !edited_langs.contains(lang.as_str())
        {
            partial.kept_indexes.insert(lang.clone(), size);
        }
    }
    partial
}
