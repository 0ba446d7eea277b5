//! The immutable site model: routes, translations, term index, timeline, pagination.

use crate::config::Config;
use crate::content::{Content, Document, Kind, data::DataSet};
use crate::diagnostics::Problem;
use crate::markdown::{self, Rendered};
use crate::urls::{self, page_path, paginated};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Every page the site has, by what it shows; its path depends on the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Home,
    /// A briefing or page, by index into `Site::documents`.
    Document(usize),
    /// Page `n` (1-based) of the briefing list.
    List(usize),
    /// The list of terms of one taxonomy.
    Taxonomy(usize),
    /// Page `n` of one term: taxonomy index, term index, page.
    Term(usize, usize, usize),
    Timeline,
    Search,
}

pub struct Site<'c> {
    pub config: &'c Config,
    pub documents: Vec<Document>,
    pub data: Vec<DataSet>,
    /// Output path of each document.
    pub paths: Vec<String>,
    /// Rendered Markdown of each document.
    pub bodies: Vec<Rendered>,
    /// Per language: briefing indices, newest first.
    pub briefings: BTreeMap<String, Vec<usize>>,
    /// Per language: page indices, by title.
    pub pages: BTreeMap<String, Vec<usize>>,
    /// Per (taxonomy, term, language): briefing indices, newest first.
    pub terms: BTreeMap<(usize, usize, String), Vec<usize>>,
    /// Per language: briefings with an event, newest event first.
    pub timeline: BTreeMap<String, Vec<usize>>,
    /// (kind, name) -> language -> document index.
    translations: BTreeMap<(Kind, String), BTreeMap<String, usize>>,
}

/// A document's rendered body kept from an earlier build, if it is still valid.
pub type Reuse<'a> = dyn Fn(&Document) -> Option<Rendered> + Sync + 'a;

impl<'c> Site<'c> {
    pub fn build(config: &'c Config, content: Content) -> Result<Site<'c>, Vec<Problem>> {
        Site::build_reusing(config, content, &|_| None)
    }

    /// Like `build`, but takes a document's rendered body from `reuse` when it has one
    /// (`serve` keeps the bodies of unchanged documents while no page moved).
    pub fn build_reusing(
        config: &'c Config,
        content: Content,
        reuse: &Reuse,
    ) -> Result<Site<'c>, Vec<Problem>> {
        let Content {
            mut documents,
            data,
        } = content;
        documents.sort_by(|a, b| {
            (
                a.kind,
                &a.lang,
                std::cmp::Reverse(a.meta.date),
                &a.meta.title,
                &a.name,
            )
                .cmp(&(
                    b.kind,
                    &b.lang,
                    std::cmp::Reverse(b.meta.date),
                    &b.meta.title,
                    &b.name,
                ))
        });
        let mut problems = Vec::new();
        let paths: Vec<String> = documents
            .iter()
            .map(|d| {
                let section = match d.kind {
                    Kind::Briefing => &config.sections.briefings,
                    Kind::Page => &config.sections.pages,
                };
                page_path(&[&d.lang, &section[&d.lang], &d.meta.slug])
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
        let mut translations: BTreeMap<(Kind, String), BTreeMap<String, usize>> = BTreeMap::new();
        let mut briefings: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut pages: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, d) in documents.iter().enumerate() {
            translations
                .entry((d.kind, d.name.clone()))
                .or_default()
                .insert(d.lang.clone(), i);
            match d.kind {
                Kind::Briefing => briefings.entry(d.lang.clone()).or_default().push(i),
                Kind::Page => pages.entry(d.lang.clone()).or_default().push(i),
            }
        }
        for code in config.codes() {
            briefings.entry(code.to_string()).or_default();
            pages.entry(code.to_string()).or_default();
        }
        let mut terms: BTreeMap<(usize, usize, String), Vec<usize>> = BTreeMap::new();
        for (t, tax) in config.taxonomies.iter().enumerate() {
            for (k, term) in tax.terms.iter().enumerate() {
                for code in config.codes() {
                    let list = briefings[code]
                        .iter()
                        .copied()
                        .filter(|&i| {
                            let m = &documents[i].meta;
                            let keys = if tax.key == "countries" {
                                &m.countries
                            } else {
                                &m.topics
                            };
                            keys.contains(&term.key)
                        })
                        .collect();
                    terms.insert((t, k, code.to_string()), list);
                }
            }
        }
        let mut timeline = BTreeMap::new();
        for (code, list) in &briefings {
            let mut events: Vec<usize> = list
                .iter()
                .copied()
                .filter(|&i| documents[i].meta.event.is_some())
                .collect();
            events.sort_by_key(|&i| {
                std::cmp::Reverse(documents[i].meta.event.as_ref().map(|e| e.date))
            });
            timeline.insert(code.clone(), events);
        }

        // Internal `@/briefings/NAME.md` links resolve to the same language's page.
        let bodies: Vec<Rendered> = documents
            .par_iter()
            .enumerate()
            .map(|(i, d)| {
                let resolve = |dest: &str| {
                    let (target, anchor) = dest.split_once('#').map_or((dest, ""), |(t, a)| (t, a));
                    let rest = target.strip_prefix("@/")?;
                    let (kind, file) = match rest.split_once('/')? {
                        ("briefings", f) => (Kind::Briefing, f),
                        ("pages", f) => (Kind::Page, f),
                        _ => return None,
                    };
                    let name = file.strip_suffix(".md")?;
                    let name = name.strip_suffix(&format!(".{}", d.lang)).unwrap_or(name);
                    let j = *translations.get(&(kind, name.to_string()))?.get(&d.lang)?;
                    let fragment = if anchor.is_empty() {
                        String::new()
                    } else {
                        format!("#{anchor}")
                    };
                    Some(format!(
                        "{}{}{fragment}",
                        urls::root_of(&paths[i]),
                        paths[j]
                    ))
                };
                reuse(d).unwrap_or_else(|| markdown::render(&d.body, &resolve))
            })
            .collect();
        for (i, body) in bodies.iter().enumerate() {
            for link in &body.broken_links {
                let line = documents[i]
                    .body
                    .lines()
                    .position(|l| l.contains(link.as_str()))
                    .map_or(0, |n| n + documents[i].body_line);
                problems.push(
                    Problem::new(
                        &documents[i].path,
                        format!("link `{link}` names no page in `{}`", documents[i].lang),
                    )
                    .at(line, 1)
                    .hint("link as @/briefings/NAME.md or @/pages/NAME.md with an existing NAME"),
                );
            }
            for p in &body.problems {
                problems.push(
                    Problem::new(&documents[i].path, &p.message)
                        .at(documents[i].body_line + p.line - 1, p.col)
                        .hint(&p.hint),
                );
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let site = Site {
            config,
            documents,
            data,
            paths,
            bodies,
            briefings,
            pages,
            terms,
            timeline,
            translations,
        };
        site.check_unique_paths()?;
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
                let file = match (first, route) {
                    (_, Route::Document(i)) | (Route::Document(i), _) => {
                        self.documents[i].path.clone()
                    }
                    _ => self.config.root.join("site.yaml"),
                };
                problems.push(
                    Problem::new(
                        file,
                        format!(
                            "two pages would be written to `{path}`: {} and {}",
                            self.describe(first),
                            self.describe(route)
                        ),
                    )
                    .hint("give sections, taxonomies and terms distinct URL segments in site.yaml, and pages distinct slugs"),
                );
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    fn describe(&self, route: Route) -> String {
        let c = self.config;
        match route {
            Route::Home => "the language home".into(),
            Route::Document(i) => self.documents[i].path.display().to_string(),
            Route::List(n) => format!("page {n} of the briefing list"),
            Route::Taxonomy(t) => format!("the {} list", c.taxonomies[t].key),
            Route::Term(t, k, n) => format!(
                "page {n} of the {} term `{}`",
                c.taxonomies[t].key, c.taxonomies[t].terms[k].key
            ),
            Route::Timeline => "the timeline".into(),
            Route::Search => "the search page".into(),
        }
    }

    /// The same document in `lang`, if it has been translated.
    pub fn translation(&self, i: usize, lang: &str) -> Option<usize> {
        let d = &self.documents[i];
        self.translations
            .get(&(d.kind, d.name.clone()))?
            .get(lang)
            .copied()
    }

    /// How many pages a list of `len` items takes.
    pub fn page_count(&self, len: usize) -> usize {
        len.div_ceil(self.config.page_size).max(1)
    }

    /// The output path of `route` in `lang`.
    pub fn path(&self, lang: &str, route: Route) -> String {
        let c = self.config;
        match route {
            Route::Home => page_path(&[lang]),
            Route::Document(i) => self.paths[i].clone(),
            Route::List(n) => paginated(&page_path(&[lang, &c.sections.briefings[lang]]), n),
            Route::Taxonomy(t) => page_path(&[lang, &c.taxonomies[t].slug[lang]]),
            Route::Term(t, k, n) => {
                let tax = &c.taxonomies[t];
                paginated(
                    &page_path(&[lang, &tax.slug[lang], &tax.terms[k].names[lang].slug]),
                    n,
                )
            }
            Route::Timeline => page_path(&[lang, &c.sections.timeline[lang]]),
            Route::Search => page_path(&[lang, &c.sections.search[lang]]),
        }
    }

    /// The route that shows the same thing in `lang`, or None when a document
    /// has no translation there.
    pub fn counterpart(&self, route: Route, lang: &str) -> Option<Route> {
        Some(match route {
            Route::Document(i) => Route::Document(self.translation(i, lang)?),
            Route::List(n) => Route::List(n.min(self.page_count(self.briefings[lang].len()))),
            Route::Term(t, k, n) => {
                let len = self.terms[&(t, k, lang.to_string())].len();
                Route::Term(t, k, n.min(self.page_count(len)))
            }
            other => other,
        })
    }

    /// The route in `other` that an hreflang alternate of `route` (in `lang`) may name:
    /// its counterpart, only if that names `route` back. Search engines drop one-way
    /// pairs: page 2 of a list whose translation has one page names none.
    pub fn alternate(&self, route: Route, lang: &str, other: &str) -> Option<Route> {
        self.counterpart(route, other)
            .filter(|&r| self.counterpart(r, lang) == Some(route))
    }

    /// The output path hreflang `x-default` names for `route` in `lang`: the language
    /// chooser for the homes (as on the chooser itself), else the default language's
    /// version of the page, or the page itself when it has none.
    pub fn x_default(&self, route: Route, lang: &str) -> String {
        let default = &self.config.default_language;
        match (route, self.alternate(route, lang, default)) {
            (Route::Home, _) => "index.html".to_string(),
            (_, Some(r)) => self.path(default, r),
            (_, None) => self.path(lang, route),
        }
    }

    /// Every route of one language, in a stable order.
    pub fn routes(&self, lang: &str) -> Vec<Route> {
        let mut routes = vec![Route::Home, Route::Timeline, Route::Search];
        routes.extend(
            self.briefings[lang]
                .iter()
                .chain(&self.pages[lang])
                .map(|&i| Route::Document(i)),
        );
        routes.extend((1..=self.page_count(self.briefings[lang].len())).map(Route::List));
        for (t, tax) in self.config.taxonomies.iter().enumerate() {
            routes.push(Route::Taxonomy(t));
            for k in 0..tax.terms.len() {
                let len = self.terms[&(t, k, lang.to_string())].len();
                routes.extend((1..=self.page_count(len)).map(|n| Route::Term(t, k, n)));
            }
        }
        routes
    }
}
