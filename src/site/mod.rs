//! The immutable site model: routes, translations, section lists, term index,
//! timeline, pagination. Sections, taxonomies and terms are named by their keys in
//! site.yaml, never by position.

use crate::config::Config;
use crate::content::{Content, Document, data::DataSet};
use crate::diagnostics::Problem;
use crate::markdown::Rendered;
use crate::search::BodyWords;
use crate::urls::{page_path, paginated};

mod bodies;
pub(crate) mod card;
mod checks;
mod lists;
pub(crate) mod media;
use lists::Lists;
pub(crate) use media::Cover;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Every page the site has, by what it shows; its path depends on the language.
/// Names borrow the keys of site.yaml.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Route<'c> {
    Home,
    /// A document, by index into `Site::documents`.
    Document(usize),
    /// Page `page` (1-based) of a section's list.
    List {
        section: &'c str,
        page: usize,
    },
    /// The list of terms of one taxonomy.
    Taxonomy(&'c str),
    /// Page `page` of one term of one taxonomy.
    Term {
        taxonomy: &'c str,
        term: &'c str,
        page: usize,
    },
    Timeline,
    Search,
}

impl Route<'_> {
    /// The template that renders this route of `site`: a document's own `template:`,
    /// else its section's; the one mapping `render` and `check` both use.
    pub fn template<'s>(self, site: &'s Site) -> &'s str {
        let config = site.config;
        match self {
            Route::Home => "home.html",
            Route::Document(i) => {
                let d = &site.documents[i];
                match &d.meta.template {
                    Some(template) => template,
                    None => config.section(&d.section).map_or("page.html", |s| &s.item),
                }
            }
            Route::List { section, .. } => config
                .section(section)
                .and_then(|s| s.list.as_deref())
                .unwrap_or("list.html"),
            Route::Taxonomy(_) => "taxonomy.html",
            Route::Term { .. } => "term.html",
            Route::Timeline => "timeline.html",
            Route::Search => "search.html",
        }
    }
}

pub struct Site<'c> {
    pub config: &'c Config,
    pub documents: Vec<Document>,
    pub data: Vec<DataSet>,
    /// The maps' outlines and the editors' maps, when site.yaml asks for maps.
    pub(crate) atlas: Option<crate::maps::Atlas>,
    /// Output path of each document.
    pub paths: Vec<String>,
    /// Rendered Markdown of each document; without its HTML and text on a lean site
    /// (see `body_html`, `body_text`).
    pub bodies: Vec<Rendered>,
    /// Whether `bodies` keep their HTML and text (`serve`, `check`), or each page
    /// renders its body again (`build`: memory does not grow with every body).
    keep_bodies: bool,
    /// Each document's distinct search words and text length: what search indexes.
    pub(crate) search_words: Vec<BodyWords>,
    /// Per (section, language): its documents, newest first.
    pub sections: BTreeMap<(&'c str, &'c str), Vec<usize>>,
    /// Per language: the documents of the sections in the feed, newest first. The
    /// home page leads with them and the Atom feed carries them.
    pub feed: BTreeMap<&'c str, Vec<usize>>,
    /// Per language: what the search indexes, section by section in declared order.
    pub searchable: BTreeMap<&'c str, Vec<usize>>,
    /// Per (taxonomy, term, language): its documents, newest first.
    pub terms: BTreeMap<(&'c str, &'c str, &'c str), Vec<usize>>,
    /// Per language: documents of timeline sections with an event, newest event first.
    pub timeline: BTreeMap<&'c str, Vec<usize>>,
    /// The old URLs of documents (front-matter `aliases:`), sorted by output file.
    pub aliases: Vec<crate::aliases::Alias>,
    /// (section, name) -> language -> document index.
    translations: BTreeMap<(String, String), BTreeMap<String, usize>>,
    /// Each document's cover, processed.
    pub covers: Vec<Option<Cover>>,
    /// The build's images, linked files and share cards, and what to publish of them.
    pub media: crate::media::Library,
    /// Files found changed when their bodies were read again, by path (a lean site).
    changed: std::sync::Mutex<BTreeMap<std::path::PathBuf, Problem>>,
}

/// A document's rendered body kept from an earlier build, if it is still valid.
pub(crate) type Reuse<'a> = dyn Fn(&Document) -> Option<Rendered> + Sync + 'a;

impl<'c> Site<'c> {
    pub fn build(config: &'c Config, content: Content) -> Result<Site<'c>, Vec<Problem>> {
        Site::build_reusing(config, content, &|_| None)
    }

    /// Like `build`, keeping of each body only what lists, cards and search need: its
    /// HTML and text are rendered again when asked for (`briefing build`).
    pub fn build_lean(config: &'c Config, content: Content) -> Result<Site<'c>, Vec<Problem>> {
        Site::build_lean_trusting(config, content, crate::media::Published::default())
    }

    /// [`Site::build_lean`] into an output whose `media/` files a trusted manifest has
    /// just checked (`published`): the media step then stats fewer cache files.
    pub(crate) fn build_lean_trusting(
        config: &'c Config,
        content: Content,
        published: crate::media::Published,
    ) -> Result<Site<'c>, Vec<Problem>> {
        let library = crate::media::Library::new(config).trusting(published);
        Site::build_with(config, content, &|_| None, library, false)
    }

    /// Like `build`, but takes a document's rendered body from `reuse` when it has one
    /// (`serve` keeps the bodies of unchanged documents while no page moved).
    pub fn build_reusing(
        config: &'c Config,
        content: Content,
        reuse: &Reuse,
    ) -> Result<Site<'c>, Vec<Problem>> {
        Site::build_with(
            config,
            content,
            reuse,
            crate::media::Library::new(config),
            true,
        )
    }

    /// Like `build`, writing nothing to the media cache (`check`).
    pub fn build_checking(config: &'c Config, content: Content) -> Result<Site<'c>, Vec<Problem>> {
        let library = crate::media::Library::new(config).read_only();
        Site::build_with(config, content, &|_| None, library, true)
    }

    fn build_with(
        config: &'c Config,
        content: Content,
        reuse: &Reuse,
        library: crate::media::Library,
        keep_bodies: bool,
    ) -> Result<Site<'c>, Vec<Problem>> {
        let Content {
            mut documents,
            data,
            atlas,
            doc_cache,
            ..
        } = content;
        sort_documents(config, &mut documents);
        let (paths, mut problems) = document_paths(config, &documents);
        let mut translations: BTreeMap<(String, String), BTreeMap<String, usize>> = BTreeMap::new();
        for (i, d) in documents.iter().enumerate() {
            translations
                .entry((d.section.clone(), d.name.clone()))
                .or_default()
                .insert(d.lang.clone(), i);
        }
        let lists = Lists::of(config, &documents);
        let mut site = Site {
            config,
            documents,
            data,
            atlas,
            paths,
            bodies: Vec::new(),
            keep_bodies,
            search_words: Vec::new(),
            sections: lists.sections,
            feed: lists.feed,
            searchable: lists.searchable,
            terms: lists.terms,
            timeline: lists.timeline,
            aliases: Vec::new(),
            translations,
            covers: Vec::new(),
            media: library,
            changed: Default::default(),
        };
        let pass = site.first_pass(reuse, doc_cache.as_ref());
        let (bodies, search_words) = (pass.bodies, pass.words);
        site.keep_checks(doc_cache, pass.fresh);
        site.covers = site
            .documents
            .par_iter()
            .map(|d| media::cover(&site.media, d))
            .collect::<Vec<_>>()
            .into_iter()
            .map(|result| {
                result.unwrap_or_else(|problem| {
                    problems.push(problem);
                    None
                })
            })
            .collect();
        problems.extend(site.body_problems(&bodies));
        if let Err(changed) = site.changed_files() {
            problems.extend(changed);
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        site.bodies = bodies;
        site.search_words = search_words;
        site.check_unique_paths()?;
        site.aliases = crate::aliases::collect(&site)?;
        Ok(site)
    }

    /// Two routes on one output file would overwrite each other (which one wins
    /// depends on the render order): sections, taxonomies and terms whose URL segments
    /// in site.yaml meet, or a page slug equal to a term's or a pagination folder.
    fn check_unique_paths(&self) -> Result<(), Vec<Problem>> {
        let mut owners: BTreeMap<String, Route> = BTreeMap::new();
        let mut problems = Vec::new();
        for lang in self.config.codes() {
            for route in self.routes(lang) {
                let path = self.path(lang, route);
                let Some(&first) = owners.get(&path) else {
                    owners.insert(path, route);
                    continue;
                };
                let message = format!(
                    "two pages would be written to `{path}`: {} and {}",
                    self.describe(first),
                    self.describe(route)
                );
                let problem = match (first, route) {
                    (_, Route::Document(i)) | (Route::Document(i), _) => {
                        Problem::new(&self.documents[i].path, message)
                    }
                    _ => self.config.problem_at(&slug_keys(route, lang), message),
                };
                problems.push(problem.hint("give sections, taxonomies and terms distinct URL segments in site.yaml, and pages distinct slugs"));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    fn describe(&self, route: Route) -> String {
        match route {
            Route::Home => "the language home".into(),
            Route::Document(i) => self.documents[i].path.display().to_string(),
            Route::List { section, page } => format!("page {page} of the `{section}` list"),
            Route::Taxonomy(t) => format!("the `{t}` list"),
            Route::Term {
                taxonomy,
                term,
                page,
            } => format!("page {page} of the `{taxonomy}` term `{term}`"),
            Route::Timeline => "the timeline".into(),
            Route::Search => "the search page".into(),
        }
    }

    /// The same document in `lang`, if it has been translated.
    pub fn translation(&self, i: usize, lang: &str) -> Option<usize> {
        let d = &self.documents[i];
        self.translations
            .get(&(d.section.clone(), d.name.clone()))?
            .get(lang)
            .copied()
    }

    /// The document `name` of `section` in `lang`, if it exists.
    pub fn find(&self, section: &str, name: &str, lang: &str) -> Option<usize> {
        self.translations
            .get(&(section.to_string(), name.to_string()))?
            .get(lang)
            .copied()
    }

    /// How many pages a list of `len` items takes, `per_page` to a page.
    pub fn page_count(len: usize, per_page: usize) -> usize {
        len.div_ceil(per_page.max(1)).max(1)
    }

    /// The documents of `section` in `lang`, newest first.
    pub fn list<'a>(&'a self, section: &'a str, lang: &'a str) -> &'a [usize] {
        self.sections
            .get(&(section, lang))
            .map_or(&[], Vec::as_slice)
    }

    /// The documents of a term in `lang`, newest first.
    pub fn term_list<'a>(&'a self, taxonomy: &'a str, term: &'a str, lang: &'a str) -> &'a [usize] {
        self.terms
            .get(&(taxonomy, term, lang))
            .map_or(&[], Vec::as_slice)
    }

    /// How many list pages `section` has in `lang`.
    pub fn list_pages(&self, section: &str, lang: &str) -> usize {
        let per_page = self.config.section(section).map_or(1, |s| s.page_size);
        Site::page_count(self.list(section, lang).len(), per_page)
    }

    /// How many pages a term has in `lang`.
    pub fn term_pages(&self, taxonomy: &str, term: &str, lang: &str) -> usize {
        Site::page_count(
            self.term_list(taxonomy, term, lang).len(),
            self.config.page_size,
        )
    }

    /// The output path of `route` in `lang`.
    pub fn path(&self, lang: &str, route: Route) -> String {
        let c = self.config;
        match route {
            Route::Home => page_path(&[lang]),
            Route::Document(i) => self.paths[i].clone(),
            Route::List { section, page } => {
                let slug = c.section(section).map_or("", |s| s.slug[lang].as_str());
                paginated(&page_path(&[lang, slug]), page)
            }
            Route::Taxonomy(t) => {
                let slug = c.taxonomy(t).map_or("", |t| t.slug[lang].as_str());
                page_path(&[lang, slug])
            }
            Route::Term {
                taxonomy,
                term,
                page,
            } => {
                let tax = c
                    .taxonomy(taxonomy)
                    .expect("routes name declared taxonomies");
                let term = tax
                    .terms
                    .iter()
                    .find(|t| t.key == term)
                    .expect("routes name declared terms");
                paginated(
                    &page_path(&[lang, &tax.slug[lang], &term.names[lang].slug]),
                    page,
                )
            }
            Route::Timeline => page_path(&[lang, &c.timeline[lang]]),
            Route::Search => page_path(&[lang, &c.search[lang]]),
        }
    }

    /// The route that shows the same thing in `lang`, or None when a document
    /// has no translation there.
    pub fn counterpart(&self, route: Route<'c>, lang: &str) -> Option<Route<'c>> {
        Some(match route {
            Route::Document(i) => Route::Document(self.translation(i, lang)?),
            Route::List { section, page } => Route::List {
                section,
                page: page.min(self.list_pages(section, lang)),
            },
            Route::Term {
                taxonomy,
                term,
                page,
            } => Route::Term {
                taxonomy,
                term,
                page: page.min(self.term_pages(taxonomy, term, lang)),
            },
            other => other,
        })
    }

    /// The route in `other` that an hreflang alternate of `route` (in `lang`) may name:
    /// its counterpart, only if that names `route` back. Search engines drop one-way
    /// pairs: page 2 of a list whose translation has one page names none.
    pub fn alternate(&self, route: Route<'c>, lang: &str, other: &str) -> Option<Route<'c>> {
        self.counterpart(route, other)
            .filter(|&r| self.counterpart(r, lang) == Some(route))
    }

    /// The output path hreflang `x-default` names for `route` in `lang`: the language
    /// chooser for the homes (as on the chooser itself), else the default language's
    /// version of the page, or the page itself when it has none.
    pub fn x_default(&self, route: Route<'c>, lang: &str) -> String {
        let default = &self.config.default_language;
        match (route, self.alternate(route, lang, default)) {
            (Route::Home, _) => "index.html".to_string(),
            (_, Some(r)) => self.path(default, r),
            (_, None) => self.path(lang, route),
        }
    }

    /// Every route of one language, in a stable order.
    pub fn routes(&self, lang: &str) -> Vec<Route<'c>> {
        let c = self.config;
        let mut routes = vec![Route::Home, Route::Timeline, Route::Search];
        for section in &c.sections {
            routes.extend(
                self.list(&section.key, lang)
                    .iter()
                    .map(|&i| Route::Document(i)),
            );
        }
        for section in c.sections.iter().filter(|s| s.list.is_some()) {
            routes.extend(
                (1..=self.list_pages(&section.key, lang)).map(|page| Route::List {
                    section: &section.key,
                    page,
                }),
            );
        }
        for tax in &c.taxonomies {
            routes.push(Route::Taxonomy(&tax.key));
            for term in &tax.terms {
                let pages = self.term_pages(&tax.key, &term.key, lang);
                routes.extend((1..=pages).map(|page| Route::Term {
                    taxonomy: &tax.key,
                    term: &term.key,
                    page,
                }));
            }
        }
        routes
    }
}

/// Sections in declared order, then language, newest first, title, name.
fn sort_documents(config: &Config, documents: &mut [Document]) {
    documents.sort_by(|a, b| {
        let rank = |d: &Document| config.section_rank(&d.section);
        (rank(a), &a.lang, std::cmp::Reverse(a.meta.date))
            .cmp(&(rank(b), &b.lang, std::cmp::Reverse(b.meta.date)))
            .then_with(|| (&a.meta.title, &a.name).cmp(&(&b.meta.title, &b.name)))
    });
}

/// The output path of each document, and a problem for each that repeats another's.
fn document_paths(config: &Config, documents: &[Document]) -> (Vec<String>, Vec<Problem>) {
    let mut problems = Vec::new();
    let paths: Vec<String> = documents
        .iter()
        .map(|d| {
            let section = config
                .section(&d.section)
                .expect("content is in declared sections");
            page_path(&[&d.lang, &section.slug[&d.lang], &d.meta.slug])
        })
        .collect();
    let mut owners: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, path) in paths.iter().enumerate() {
        if let Some(&first) = owners.get(path.as_str()) {
            problems.push(
                Problem::new(
                    &documents[i].path,
                    format!(
                        "this page has the same URL `{path}` as {}",
                        documents[first].path.display()
                    ),
                )
                .hint("give one of them a different `slug:`"),
            );
        } else {
            owners.insert(path, i);
        }
    }
    (paths, problems)
}

/// Where site.yaml sets the URL segment of `route` in `lang`.
fn slug_keys<'a>(route: Route<'a>, lang: &'a str) -> Vec<&'a str> {
    match route {
        Route::List { section, .. } => vec!["sections", section, "slug", lang],
        Route::Taxonomy(t) => vec!["taxonomies", t, "slug", lang],
        Route::Term { taxonomy, term, .. } => {
            vec!["taxonomies", taxonomy, "terms", term, lang, "slug"]
        }
        Route::Timeline => vec!["timeline", "slug", lang],
        Route::Search => vec!["search", "slug", lang],
        Route::Home | Route::Document(_) => vec!["languages", lang],
    }
}
