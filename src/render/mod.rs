//! Renders every page with Tera, in parallel, and hands each file to a sink.

mod errors;
mod filters;
mod maps;
pub(crate) mod meta;
mod nav;
mod redirect;
mod route;
pub(crate) mod share;
pub(crate) mod views;

use crate::config::Config;
use crate::diagnostics::{Failure, Problem};
use crate::site::{Route, Site};
/// The locale formatters and the builtin theme, at their old paths.
use crate::theme;
use crate::urls::{absolute, root_of};
pub(crate) use errors::template_problem;
use filters::register_filters;
use maps::MapValues;
use nav::Alternate;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use tera::{Context, Tera, Value};
use views::{Card, SectionView, TaxonomyView};

/// Where rendered files go: the staging folder, or memory for `check`.
pub(crate) type Sink<'a> = dyn Fn(&str, &[u8]) -> anyhow::Result<()> + Sync + 'a;

/// Tera with the site's templates (the builtin theme where the site has none),
/// one instance per language so its UI strings sit in the global context.
pub struct Renderer {
    by_lang: BTreeMap<String, Tera>,
    neutral: Tera,
    templates_dir: PathBuf,
    /// Every template name, builtin or the site's.
    names: Vec<String>,
    /// Draws the share cards (its fonts loaded once).
    share: crate::share_card::ShareCards,
}

#[derive(Serialize)]
struct LanguageView<'a> {
    code: &'a str,
    name: &'a str,
    title: &'a str,
    description: &'a str,
    path: String,
    /// The absolute address of this language's home: the 404 page is served at any
    /// depth, where no relative link holds.
    url: String,
    /// The UI strings of this language: the chooser and 404 pages speak every language.
    t: &'a BTreeMap<String, String>,
}

/// What every page of one language shares.
struct LangViews<'v> {
    /// Every card as a template value, made once: a list inserts clones, which share
    /// their data instead of serializing each card again on every page that shows it.
    cards: &'v CardValues<'v>,
    /// The maps, drawn the first time a page shows them (every language shares them).
    maps: &'v MapValues,
    charts: Vec<crate::charts::ChartView>,
    taxonomies: BTreeMap<String, TaxonomyView>,
    /// Taxonomy keys in declared order, to iterate `taxonomies` by.
    taxonomy_list: Vec<String>,
    /// The share card of the language's home, which its other pages (lists, terms,
    /// timeline, search) show too: drawn on first use.
    home_share: std::sync::OnceLock<Result<share::ShareImage, Problem>>,
}

/// The paths every page of a language links: `links.home`, `links.timeline`...
#[derive(Serialize)]
struct Links {
    home: String,
    timeline: String,
    search: String,
}

impl Renderer {
    pub fn new(config: &Config) -> Result<Renderer, Vec<Problem>> {
        let templates_dir = crate::content::display_path(config, &config.root.join("templates"));
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        register_filters(&mut tera, config);
        let sources = theme::templates(&templates_dir).map_err(|p| vec![p])?;
        tera.add_raw_templates(
            sources
                .iter()
                .map(|(name, text)| (name.as_str(), text.as_str())),
        )
        .map_err(|err| vec![template_problem(&err, &templates_dir)])?;
        let names: Vec<&str> = config.languages.iter().map(|l| l.name.as_str()).collect();
        let all_languages = names.join(" / ");
        let mut by_lang = BTreeMap::new();
        for lang in &config.languages {
            let mut t = tera.clone();
            let globals = t.global_context();
            globals.insert("lang", &lang.code);
            globals.insert("t", &config.ui[&lang.code].strings);
            globals.insert(
                "site",
                &BTreeMap::from([
                    ("title", &lang.title),
                    ("description", &lang.description),
                    ("language_name", &lang.name),
                    ("locale", &lang.locale),
                ]),
            );
            globals.insert("all_languages", &all_languages);
            by_lang.insert(lang.code.clone(), t);
        }
        let mut neutral = tera;
        neutral
            .global_context()
            .insert("lang", &config.default_language);
        neutral
            .global_context()
            .insert("t", &config.ui[&config.default_language].strings);
        Ok(Renderer {
            by_lang,
            neutral,
            templates_dir,
            names: sources.into_keys().collect(),
            share: crate::share_card::ShareCards::new(),
        })
    }

    /// Every template site.yaml and the pages name must exist: a problem at the
    /// section in site.yaml, or at the page's `template:` line.
    pub fn check_templates(
        &self,
        config: &Config,
        content: &crate::content::Content,
    ) -> Vec<Problem> {
        let mut problems = Vec::new();
        let missing = |name: &str| !self.names.iter().any(|n| n == name);
        let known = || self.names.join(", ");
        for section in &config.sections {
            for (field, name) in [
                ("list", section.list.as_deref()),
                ("item", Some(&*section.item)),
            ] {
                let Some(name) = name.filter(|n| missing(n)) else {
                    continue;
                };
                problems.push(
                    config
                        .problem_at(
                            &["sections", &section.key, field],
                            format!(
                                "section `{}` names the template `{name}`, which does not exist",
                                section.key
                            ),
                        )
                        .hint(format!("add templates/{name}, or use one of: {}", known())),
                );
            }
        }
        for doc in &content.documents {
            if let Some(name) = doc.meta.template.as_deref().filter(|n| missing(n)) {
                let text = std::fs::read_to_string(&doc.path).unwrap_or_default();
                let line = crate::diagnostics::line_of(&text, "template:");
                problems.push(
                    Problem::new(&doc.path, format!("template `{name}` does not exist"))
                        .at(line, 1)
                        .hint(format!("add templates/{name}, or use one of: {}", known())),
                );
            }
        }
        problems
    }

    /// The language instances with what every page of the site shares in their
    /// global context: `taxonomies`, `sections`, `links`.
    fn for_site<'v>(
        &self,
        site: &Site,
        cards: &'v CardValues<'v>,
        maps: &'v MapValues,
    ) -> BTreeMap<String, (Tera, LangViews<'v>)> {
        site.config
            .codes()
            .map(|lang| {
                let mut tera = self.by_lang[lang].clone();
                let views = LangViews {
                    cards,
                    maps,
                    charts: views::charts(site, lang),
                    taxonomies: views::taxonomies(site, lang),
                    taxonomy_list: site
                        .config
                        .taxonomies
                        .iter()
                        .map(|t| t.key.clone())
                        .collect(),
                    home_share: std::sync::OnceLock::new(),
                };
                let sections: BTreeMap<String, SectionView> = views::sections(site, lang);
                let section_list: Vec<&str> = site
                    .config
                    .sections
                    .iter()
                    .map(|s| s.key.as_str())
                    .collect();
                let globals = tera.global_context();
                globals.insert("sections", &sections);
                globals.insert("section_list", &section_list);
                globals.insert("taxonomy_list", &views.taxonomy_list);
                globals.insert(
                    "links",
                    &Links {
                        home: site.path(lang, Route::Home),
                        timeline: site.path(lang, Route::Timeline),
                        search: site.path(lang, Route::Search),
                    },
                );
                (lang.to_string(), (tera, views))
            })
            .collect()
    }

    /// Renders every page of the site into `sink`; returns the number of HTML pages
    /// per language. Every failing page is reported, not just the first.
    pub fn render_site(
        &self,
        site: &Site,
        cards: &[Card],
        sink: &Sink,
        progress: &indicatif::ProgressBar,
    ) -> Result<BTreeMap<String, usize>, Failure> {
        let langs: Vec<&str> = site.config.codes().collect();
        let values = CardValues::new(cards);
        let maps = MapValues::default();
        let prepared = self.for_site(site, &values, &maps);
        let jobs: Vec<(&str, Route)> = langs
            .iter()
            .flat_map(|&l| site.routes(l).into_iter().map(move |r| (l, r)))
            .collect();
        progress.set_length(jobs.len() as u64 + 2);
        let stop = WriteFailure::default();
        let mut problems: Vec<Problem> = jobs
            .par_iter()
            .filter_map(|&(lang, route)| {
                let (tera, shared) = &prepared[lang];
                let result = stop.unless_stopped(|| {
                    self.render_route(tera, site, cards, shared, lang, route, sink)
                });
                progress.inc(1);
                result
            })
            .collect();
        for (name, path) in [("chooser.html", "index.html"), ("404.html", "404.html")] {
            if let Some(problem) =
                stop.unless_stopped(|| self.render_neutral(site, &maps, name, path, sink))
            {
                problems.push(problem);
            }
        }
        stop.finish(problems)?;
        let mut counts = BTreeMap::new();
        for (lang, _) in &jobs {
            *counts.entry(lang.to_string()).or_insert(0) += 1;
        }
        Ok(counts)
    }

    /// Renders only `routes` into `sink`, as `render_site` would: `serve` re-renders
    /// the pages an edit touches. Every failing page is reported.
    pub fn render_routes(
        &self,
        site: &Site,
        cards: &[Card],
        routes: &[(&str, Route)],
        sink: &Sink,
    ) -> Result<(), Failure> {
        let values = CardValues::new(cards);
        let maps = MapValues::default();
        let prepared = self.for_site(site, &values, &maps);
        let stop = WriteFailure::default();
        let problems: Vec<Problem> = routes
            .par_iter()
            .filter_map(|&(lang, route)| {
                let (tera, shared) = &prepared[lang];
                stop.unless_stopped(|| {
                    self.render_route(tera, site, cards, shared, lang, route, sink)
                })
            })
            .collect();
        stop.finish(problems)
    }

    /// The language chooser and the 404 page, as `render_site` renders them: a build
    /// that renders only some routes renders these too.
    pub(crate) fn render_neutral_pages(&self, site: &Site, sink: &Sink) -> Result<(), Failure> {
        let maps = MapValues::default();
        let stop = WriteFailure::default();
        let problems: Vec<Problem> = [("chooser.html", "index.html"), ("404.html", "404.html")]
            .into_iter()
            .filter_map(|(name, path)| {
                stop.unless_stopped(|| self.render_neutral(site, &maps, name, path, sink))
            })
            .collect();
        stop.finish(problems)
    }

    #[allow(clippy::too_many_arguments)]
    fn render_route(
        &self,
        tera: &Tera,
        site: &Site,
        cards: &[Card],
        shared: &LangViews,
        lang: &str,
        route: Route,
        sink: &Sink,
    ) -> Result<(), PageError> {
        let path = site.path(lang, route);
        let mut ctx = page_context(site, lang, route, &path);
        ctx.insert_value("maps", shared.maps.of(site, lang, route, &root_of(&path))?);
        route::fill(&mut ctx, site, cards, shared, lang, route);
        let image = match route {
            Route::Document(i) => share::of_document(site, &self.share, shared.maps, i, &cards[i])?,
            _ => shared
                .home_share
                .get_or_init(|| share::of_home(site, &self.share, shared.maps, lang))
                .clone()?,
        };
        ctx.insert("meta", &meta::page(site, cards, lang, route, image));
        let template = route.template(site);
        let html = tera.render(template, &ctx).map_err(|err| {
            let mut problem = template_problem(&err, &self.templates_dir);
            if problem.path == self.templates_dir {
                // Tera gave no place (a component recursing, say): name the template.
                problem.path = self.templates_dir.join(template);
                problem
                    .message
                    .push_str(&format!(" (while rendering {path})"));
            }
            problem
        })?;
        // The context holds the page's body: let it go before the next page starts.
        drop(ctx);
        sink(&path, html.as_bytes()).map_err(PageError::Write)
    }

    fn render_neutral(
        &self,
        site: &Site,
        maps: &MapValues,
        template: &str,
        path: &str,
        sink: &Sink,
    ) -> Result<(), PageError> {
        let config = site.config;
        let languages: Vec<LanguageView> = config
            .languages
            .iter()
            .map(|l| {
                let path = site.path(&l.code, Route::Home);
                LanguageView {
                    code: &l.code,
                    name: &l.name,
                    title: &l.title,
                    description: &l.description,
                    url: absolute(&config.base_url, &path),
                    path,
                    t: &config.ui[&l.code].strings,
                }
            })
            .collect();
        let mut ctx = Context::new();
        ctx.insert("root", &root_of(path));
        ctx.insert("path", path);
        ctx.insert("canonical", &absolute(&config.base_url, path));
        ctx.insert("languages", &languages);
        let mut alternates: Vec<Alternate> = languages
            .iter()
            .map(|l| Alternate {
                lang: l.code.to_string(),
                href: l.url.clone(),
            })
            .collect();
        if alternates.len() > 1 {
            alternates.push(Alternate {
                lang: "x-default".into(),
                href: absolute(&config.base_url, "index.html"),
            });
        } else {
            alternates.clear();
        }
        ctx.insert("alternates", &alternates);
        let image = share::of_home(site, &self.share, maps, &config.default_language)?;
        ctx.insert("share_image", &image);
        let html = self
            .neutral
            .render(template, &ctx)
            .map_err(|err| template_problem(&err, &self.templates_dir))?;
        sink(path, html.as_bytes()).map_err(PageError::Write)
    }
}

/// Why a page did not come out: its template (reported with the others), or writing
/// it, which stops the rendering: a full disk is one error, not one per page.
enum PageError {
    Template(Problem),
    Write(anyhow::Error),
}

impl From<Problem> for PageError {
    fn from(problem: Problem) -> Self {
        PageError::Template(problem)
    }
}

/// The first failed write of a rendering; once there is one, no page is rendered.
#[derive(Default)]
struct WriteFailure(std::sync::Mutex<Option<anyhow::Error>>);

impl WriteFailure {
    /// Renders with `render` unless a write failed already; returns its template problem.
    fn unless_stopped(&self, render: impl FnOnce() -> Result<(), PageError>) -> Option<Problem> {
        if self.0.lock().expect("no renderer panics").is_some() {
            return None;
        }
        match render() {
            Ok(()) => None,
            Err(PageError::Template(problem)) => Some(problem),
            Err(PageError::Write(err)) => {
                self.0
                    .lock()
                    .expect("no renderer panics")
                    .get_or_insert(err);
                None
            }
        }
    }

    /// The failed write, else the template problems of a rendering: one broken template
    /// fails every page that uses it, so each place is reported once.
    fn finish(self, mut problems: Vec<Problem>) -> Result<(), Failure> {
        self.check()?;
        if problems.is_empty() {
            return Ok(());
        }
        problems.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
        problems.dedup_by(|a, b| (&a.path, a.line, a.col) == (&b.path, b.line, b.col));
        Err(problems.into())
    }

    fn check(self) -> Result<(), Failure> {
        match self.0.into_inner().expect("no renderer panics") {
            Some(err) => Err(Failure::Io(err)),
            None => Ok(()),
        }
    }
}

/// Every card as a template value, made the first time a page shows it and shared
/// after that (a value's data is reference-counted): a card on twenty list and term
/// pages is serialized once, and `serve` re-rendering three pages makes only theirs.
struct CardValues<'a> {
    cards: &'a [Card],
    values: Vec<std::sync::OnceLock<Value>>,
}

impl<'a> CardValues<'a> {
    fn new(cards: &'a [Card]) -> Self {
        CardValues {
            cards,
            values: (0..cards.len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
        }
    }

    fn get(&self, i: usize) -> Value {
        self.values[i]
            .get_or_init(|| Value::from_serializable(&self.cards[i]))
            .clone()
    }
}

/// The context every page of a language starts from: where it is, its
/// translations, the language switcher and the navigation.
fn page_context(site: &Site, lang: &str, route: Route, path: &str) -> Context {
    let config = site.config;
    let mut ctx = Context::new();
    ctx.insert("root", &root_of(path));
    ctx.insert("path", path);
    ctx.insert("canonical", &absolute(&config.base_url, path));
    ctx.insert("description", &config.language(lang).description);
    let (alternates, switch) = nav::languages(site, lang, route);
    ctx.insert("alternates", &alternates);
    ctx.insert("switch", &switch);
    ctx.insert("nav", &nav::nav(site, lang, route));
    ctx.insert("search_path", &site.path(lang, Route::Search));
    ctx
}
