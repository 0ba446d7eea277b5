//! Incremental rebuilds for `serve`. The last good build is kept: config, templates,
//! documents, rendered bodies, cards and files. An edit to existing briefings or pages
//! re-reads those files only, re-renders only their Markdown, and renders again only the
//! pages that show what changed: the page itself and, when its card changed (title,
//! summary, date, terms...), the lists, term pages, neighbours, home and timeline it
//! appears on. The pages are served at once; the feeds, search index and sitemap follow.
//!
//! Everything else (a new, deleted or renamed file, a slug change, data, templates,
//! site.yaml) is a full build. Pages that move (an edit that reorders a list or changes
//! a term) re-render every page but still reuse every unchanged body.

use crate::build::{generate_extras, load, render_in_memory};
use crate::changes::{Structure, affected, serialized_cards};
use crate::config::{Config, NavTarget};
use crate::content::data::DataSet;
use crate::content::{Content, DataNames, Document, Selection, display_path, load_document};
use crate::diagnostics::{Failure, Problem};
use crate::markdown::Rendered;
use crate::render::{Renderer, views};
use crate::site::{Route, Site};
use axum::body::Bytes;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

pub(super) type Files = HashMap<String, Bytes>;

/// The last good build, kept to rebuild from.
pub(super) struct Cache {
    config: Config,
    renderer: Renderer,
    /// In the site's order.
    documents: Vec<Document>,
    data: Vec<DataSet>,
    atlas: Option<crate::maps::Atlas>,
    /// By document path: the body text and what it rendered to.
    bodies: HashMap<PathBuf, (String, Rendered)>,
    /// By document path: the card every list shows, serialized for comparison.
    cards: HashMap<PathBuf, String>,
    structure: Structure,
    /// The redirect pages of the aliases, by file.
    redirects: Vec<String>,
    pub files: Files,
    /// Images, linked files and share cards: output path -> where their bytes are.
    pub media: HashMap<String, PathBuf>,
    /// The feeds, search index and sitemap still show the build before `update`.
    pub extras_stale: bool,
}

/// The documents of an update: the edited ones put in place, and what they touch.
struct Plan {
    /// (section, NAME) of the edited documents given a new slug.
    moved: Vec<(String, String)>,
    /// The edited documents' paths.
    edited: Vec<PathBuf>,
    /// Every document, the edited ones as they are now.
    documents: Vec<Document>,
    /// The documents whose bodies link a moved one.
    linking: Vec<PathBuf>,
}

/// What an update keeps of the site it rendered.
struct Kept {
    bodies: Vec<(PathBuf, (String, Rendered))>,
    redirects: Vec<String>,
    documents: Vec<Document>,
    media: Vec<(String, PathBuf)>,
    cards: Vec<(PathBuf, String)>,
    structure: Structure,
    files: Files,
    update: Update,
}

/// What an incremental update did.
pub(super) struct Update {
    /// Files written again in the first step (pages and static files).
    pub files: usize,
    /// Whether every page had to be rendered again (pages moved).
    pub all_pages: bool,
    /// URLs this update took away (a new slug) that no alias answers.
    pub lost: Vec<Problem>,
}

fn sink_into(files: &Mutex<Files>) -> impl Fn(&str, &[u8]) -> anyhow::Result<()> + Sync + '_ {
    |path: &str, bytes: &[u8]| {
        files
            .lock()
            .expect("no writer panics")
            .insert(path.to_string(), Bytes::copy_from_slice(bytes));
        Ok(())
    }
}

impl Cache {
    /// A full build in memory, kept for the next update; `base_url` replaces site.yaml's.
    pub(super) fn build(
        root: &Path,
        selection: Selection,
        base_url: Option<&str>,
    ) -> Result<Cache, Failure> {
        let (config, content, renderer) = load(root, selection, base_url)?;
        let mut site = Site::build(&config, content)?;
        let (files, media) = render_in_memory(&site, &renderer)?;
        let files: Files = files
            .into_iter()
            .map(|(path, bytes)| (path, Bytes::from(bytes)))
            .collect();
        let media = media.into_iter().collect();
        let cards = serialized_cards(&site, &views::cards(&site));
        let structure = Structure::of(&site);
        let redirects = site.aliases.iter().map(|a| a.path.file.clone()).collect();
        let documents = std::mem::take(&mut site.documents);
        let bodies = std::mem::take(&mut site.bodies);
        let data = std::mem::take(&mut site.data);
        let atlas = site.atlas.take();
        drop(site);
        let bodies = documents
            .iter()
            .zip(bodies)
            .map(|(d, r)| (d.path.clone(), (d.body.clone(), r)))
            .collect();
        Ok(Cache {
            config,
            renderer,
            documents,
            data,
            atlas,
            bodies,
            cards,
            structure,
            redirects,
            files,
            media,
            extras_stale: false,
        })
    }

    /// Brings the feeds, search index and sitemap up to date with the pages; `serve`
    /// calls it when the edits pause. They cover every document, so they are the one
    /// part of an update that costs as much as on a full build.
    pub(super) fn catch_up(&mut self) -> Result<(), Vec<Problem>> {
        if !self.extras_stale {
            return Ok(());
        }
        let content = Content {
            documents: self.documents.clone(),
            data: self.data.clone(),
            atlas: self.atlas.clone(),
            ..Content::default()
        };
        let bodies = &self.bodies;
        let reuse = |d: &Document| bodies.get(&d.path).map(|(_, rendered)| rendered.clone());
        let site = Site::build_reusing(&self.config, content, &reuse)?;
        let cards = views::cards(&site);
        let extras = Mutex::new(Files::new());
        generate_extras(&site, &cards, &sink_into(&extras)).map_err(|failure| match failure {
            Failure::Problems(problems) => problems,
            Failure::Io(err) => vec![Problem::new(&self.config.root, format!("{err:#}"))],
        })?;
        // `_redirects` goes when the last alias does.
        self.files.remove("_redirects");
        self.files
            .extend(extras.into_inner().expect("no writer panics"));
        self.media.extend(site.media.published());
        self.extras_stale = false;
        Ok(())
    }

    /// Applies `changed` (paths relative to the site root) to the last good build:
    /// `files` then holds the pages to serve at once. None when the change needs a
    /// full build. The feeds, search index and sitemap are left for `catch_up`.
    /// On error the cache is unchanged.
    pub(super) fn update(
        &mut self,
        changed: &[PathBuf],
        selection: Selection,
    ) -> Option<Result<Update, Vec<Problem>>> {
        let (edited, statics) = match self.read_changes(changed, selection)? {
            Ok(found) => found,
            Err(problems) => return Some(Err(problems)),
        };
        let mut files = self.files.clone();
        let written = statics.len();
        files.extend(statics);
        if edited.is_empty() {
            self.files = files;
            return Some(Ok(Update {
                files: written,
                all_pages: false,
                lost: Vec::new(),
            }));
        }
        let plan = self.plan(edited);
        let bodies = &self.bodies;
        let linking = &plan.linking;
        let reuse = |d: &Document| {
            bodies
                .get(&d.path)
                .filter(|(text, _)| *text == d.body && !linking.contains(&d.path))
                .map(|(_, rendered)| rendered.clone())
        };
        let content = Content {
            documents: plan.documents.clone(),
            data: self.data.clone(),
            atlas: self.atlas.clone(),
            ..Content::default()
        };
        let site = match Site::build_reusing(&self.config, content, &reuse) {
            Ok(site) => site,
            Err(problems) => return Some(Err(problems)),
        };
        let structure = Structure::of(&site);
        if structure.order.len() != self.structure.order.len() {
            return None;
        }
        let kept = match self.render_update(site, structure, &plan, files, written) {
            Ok(kept) => kept,
            Err(problems) => return Some(Err(problems)),
        };
        Some(Ok(self.keep(kept)))
    }

    /// What an edit of the documents `edited` touches besides them.
    fn plan(&self, edited: Vec<(usize, Document)>) -> Plan {
        // A new slug moves a page: its links in other bodies are rendered again.
        let moved: Vec<(String, String)> = edited
            .iter()
            .filter(|(at, doc)| doc.meta.slug != self.documents[*at].meta.slug)
            .map(|(_, doc)| (doc.section.clone(), doc.name.clone()))
            .collect();
        let edited_paths: Vec<PathBuf> = edited.iter().map(|(_, d)| d.path.clone()).collect();
        let mut documents = self.documents.clone();
        for (at, doc) in edited {
            documents[at] = doc;
        }
        let linking: Vec<PathBuf> = documents
            .iter()
            .filter(|d| !edited_paths.contains(&d.path) && links_any(&d.body, &moved))
            .map(|d| d.path.clone())
            .collect();
        Plan {
            moved,
            edited: edited_paths,
            documents,
            linking,
        }
    }

    /// Renders what the edit touched of `site`; returns what to keep of it.
    fn render_update(
        &self,
        mut site: Site,
        structure: Structure,
        plan: &Plan,
        mut files: Files,
        written: usize,
    ) -> Result<Kept, Vec<Problem>> {
        let cards = views::cards(&site);
        // A card shows its own document only: only the edited ones can have changed.
        let new_cards: Vec<(PathBuf, String)> = site
            .documents
            .iter()
            .zip(&cards)
            .filter(|(doc, _)| plan.edited.contains(&doc.path))
            .map(|(doc, card)| (doc.path.clone(), crate::changes::card_text(card)))
            .filter(|(path, text)| self.cards.get(path) != Some(text))
            .collect();
        let changed_cards: Vec<PathBuf> = new_cards.iter().map(|(p, _)| p.clone()).collect();
        let in_nav = self.config.nav.iter().any(|entry| {
            matches!(&entry.target, NavTarget::Page { section, name }
                if plan.moved.iter().any(|(s, n)| s == section && n == name))
        });
        let all_pages = structure.order != self.structure.order
            || structure.lists != self.structure.lists
            || in_nav;
        let pages = self.render_pages(&site, &cards, plan, &changed_cards, all_pages)?;
        let written = written + pages.len();
        let gone = self.forget_moved(&structure, &mut files);
        files.extend(pages);
        let lost = lost_urls(&site, &gone, &files);
        let bodies = plan
            .edited
            .iter()
            .chain(&plan.linking)
            .filter_map(|path| {
                let i = site.documents.iter().position(|d| &d.path == path)?;
                let kept = (site.documents[i].body.clone(), site.bodies[i].clone());
                Some((path.clone(), kept))
            })
            .collect();
        Ok(Kept {
            bodies,
            redirects: site.aliases.iter().map(|a| a.path.file.clone()).collect(),
            documents: std::mem::take(&mut site.documents),
            media: site.media.published(),
            cards: new_cards,
            structure,
            files,
            update: Update {
                files: written,
                all_pages,
                lost,
            },
        })
    }

    /// Keeps the updated build for the next edit.
    fn keep(&mut self, kept: Kept) -> Update {
        self.bodies.extend(kept.bodies);
        self.redirects = kept.redirects;
        let old = std::mem::replace(&mut self.documents, kept.documents);
        // Freeing thousands of documents takes a while: not on the way to the browser.
        std::thread::spawn(move || drop(old));
        self.cards.extend(kept.cards);
        self.structure = kept.structure;
        self.files = kept.files;
        self.media.extend(kept.media);
        self.extras_stale = true;
        kept.update
    }

    /// Every page (`all_pages`), or those that show what changed, and the redirects.
    fn render_pages(
        &self,
        site: &Site,
        cards: &[views::Card],
        plan: &Plan,
        changed_cards: &[PathBuf],
        all_pages: bool,
    ) -> Result<Files, Vec<Problem>> {
        let rendered = Mutex::new(Files::new());
        let sink = sink_into(&rendered);
        let result = if all_pages {
            self.renderer
                .render_site(site, cards, &sink, &indicatif::ProgressBar::hidden())
                .map(|_| ())
        } else {
            let mut routes = affected(site, changed_cards, &plan.edited);
            routes.extend(moved_neighbours(site, &plan.moved, &plan.linking));
            routes.sort_by_key(|&(lang, route)| site.path(lang, route));
            routes.dedup_by_key(|&mut (lang, route)| site.path(lang, route));
            self.renderer.render_routes(site, cards, &routes, &sink)
        };
        result
            .and_then(|()| self.renderer.render_redirects(site, &sink))
            .map_err(|failure| match failure {
                Failure::Problems(problems) => problems,
                Failure::Io(err) => vec![Problem::new(&self.config.root, format!("{err:#}"))],
            })?;
        drop(sink);
        Ok(rendered.into_inner().expect("no writer panics"))
    }

    /// Removes from `files` the pages that moved (returned: old path, document) and the
    /// redirects of the last build (the new ones are rendered again).
    fn forget_moved(&self, structure: &Structure, files: &mut Files) -> Vec<(String, usize)> {
        let old_paths: HashMap<&PathBuf, &String> = self
            .structure
            .order
            .iter()
            .zip(&self.structure.paths)
            .collect();
        let mut gone: Vec<(String, usize)> = Vec::new();
        for (i, (doc, path)) in structure.order.iter().zip(&structure.paths).enumerate() {
            if let Some(&old) = old_paths.get(doc)
                && old != path
            {
                files.remove(old.as_str());
                gone.push((old.clone(), i));
            }
        }
        for file in &self.redirects {
            files.remove(file);
        }
        gone
    }

    /// The edited documents (by their place in the site) and static files of `changed`;
    /// None when one of them needs a full build: a new, deleted or renamed file, a
    /// document that is now held back or a draft, a new template, anything else.
    #[allow(clippy::type_complexity)]
    fn read_changes(
        &self,
        changed: &[PathBuf],
        selection: Selection,
    ) -> Option<Result<(Vec<(usize, Document)>, Vec<(String, Bytes)>), Vec<Problem>>> {
        let names = DataNames::of(&self.data, self.atlas.as_ref());
        let mut edited: Vec<(usize, Document)> = Vec::new();
        let mut statics: Vec<(String, Bytes)> = Vec::new();
        let mut problems = Vec::new();
        for relative in changed {
            let file = self.config.root.join(relative);
            // Only regular files that still exist: a deletion or a symlink is a full build.
            if !std::fs::symlink_metadata(&file).ok()?.is_file() {
                return None;
            }
            let parts: Vec<&str> = relative
                .components()
                .map(|c| match c {
                    Component::Normal(s) => s.to_str(),
                    _ => None,
                })
                .collect::<Option<_>>()?;
            match parts.as_slice() {
                // Merged with the aliases' lines: a full build.
                ["static", "_redirects"] => return None,
                ["static", rest @ ..] if !rest.is_empty() => {
                    let bytes = std::fs::read(&file).ok()?;
                    statics.push((rest.join("/"), Bytes::from(bytes)));
                }
                ["content", section, .., name] if name.ends_with(".md") => {
                    let section = self.config.section(section)?.key.clone();
                    let path = display_path(&self.config, &file);
                    let at = self.documents.iter().position(|d| d.path == path)?;
                    match load_document(
                        &section,
                        &file,
                        &path,
                        &self.config,
                        &names,
                        selection.drafts,
                    ) {
                        // Scheduled or expired now: the page goes away.
                        Ok(Some(doc)) if selection.holds(&doc).is_some() => return None,
                        Ok(Some(doc)) => {
                            let old = &self.documents[at];
                            if doc.name != old.name || doc.meta.template != old.meta.template {
                                return None;
                            }
                            edited.push((at, doc));
                        }
                        // Now a draft: the page goes away.
                        Ok(None) => return None,
                        Err(mut found) => problems.append(&mut found),
                    }
                }
                _ => return None,
            }
        }
        if problems.is_empty() {
            Some(Ok((edited, statics)))
        } else {
            Some(Err(problems))
        }
    }
}

/// Whether a Markdown body links one of the documents `moved` (`@/SECTION/NAME.md`,
/// `@/SECTION/NAME.LANG.md`).
fn links_any(body: &str, moved: &[(String, String)]) -> bool {
    moved
        .iter()
        .any(|(section, name)| body.contains(&format!("@/{section}/{name}.")))
}

/// Besides the pages that show a moved document's card: its translations (their
/// alternates and switchers name its URL) and the documents whose bodies link it.
fn moved_neighbours<'s>(
    site: &'s Site,
    moved: &[(String, String)],
    linking: &[PathBuf],
) -> Vec<(&'s str, Route<'s>)> {
    let mut routes = Vec::new();
    for (i, d) in site.documents.iter().enumerate() {
        let lang = d.lang.as_str();
        if moved.iter().any(|(s, n)| *s == d.section && *n == d.name) || linking.contains(&d.path) {
            routes.push((lang, Route::Document(i)));
        }
    }
    routes
}

/// The URLs `gone` (old path, document) that no page and no alias answers now, as the
/// build's URL guard would report them.
fn lost_urls(site: &Site, gone: &[(String, usize)], files: &Files) -> Vec<Problem> {
    let lost: Vec<crate::guard::Lost> = gone
        .iter()
        .filter(|(path, _)| !files.contains_key(path.as_str()))
        .map(|(path, i)| {
            let d = &site.documents[*i];
            crate::guard::Lost {
                url: crate::guard::url_of(path),
                owner: Some((d.section.clone(), d.name.clone(), d.lang.clone())),
            }
        })
        .collect();
    crate::guard::problems(site, &lost)
}

#[cfg(test)]
mod tests;
