//! Renders every page with Tera, in parallel, and hands each file to a sink.

pub mod i18n;
pub mod theme;
pub mod views;

use crate::config::Config;
use crate::diagnostics::{Failure, Problem};
use crate::site::{Route, Site};
use crate::urls::{absolute, root_of};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tera::{Context, Kwargs, State, Tera};
use views::{Card, TaxonomyView};

/// Where rendered files go: the staging folder, or memory for `check`.
pub type Sink<'a> = dyn Fn(&str, &[u8]) -> anyhow::Result<()> + Sync + 'a;

/// Tera with the site's templates (the builtin theme where the site has none),
/// one instance per language so its UI strings sit in the global context.
pub struct Renderer {
    by_lang: BTreeMap<String, Tera>,
    neutral: Tera,
    templates_dir: PathBuf,
}

#[derive(Serialize)]
struct Alternate {
    lang: String,
    href: String,
}

#[derive(Serialize)]
struct Switch {
    lang: String,
    name: String,
    path: String,
    /// No translation: the link goes to that language's home.
    missing: bool,
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
struct LangViews {
    charts: Vec<crate::charts::ChartView>,
    taxonomies: Vec<TaxonomyView>,
}

impl Renderer {
    pub fn new(config: &Config) -> Result<Renderer, Vec<Problem>> {
        let templates_dir = crate::content::display_path(config, &config.root.join("templates"));
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        tera.register_function(
            "url",
            |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
                let path: String = kwargs.must_get("path")?;
                let root: String = state.get("root")?.unwrap_or_default();
                Ok(format!("{root}{}", path.trim_start_matches('/')))
            },
        );
        tera.register_filter(
            "number",
            |value: f64, kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
                let decimals: usize = kwargs.get("decimals")?.unwrap_or(1);
                let lang: String = state.get("lang")?.unwrap_or_else(|| "en".into());
                Ok(i18n::number(value, decimals, &lang))
            },
        );
        tera.register_filter(
            "long_date",
            |value: &str, _: Kwargs, state: &State| -> tera::TeraResult<String> {
                let lang: String = state.get("lang")?.unwrap_or_else(|| "en".into());
                let date: jiff::civil::Date = value.parse().map_err(|e| {
                    tera::Error::message(format!("long_date: `{value}` is not a date: {e}"))
                })?;
                Ok(i18n::long_date(date, &lang))
            },
        );
        let sources = theme::templates(&templates_dir).map_err(|p| vec![p])?;
        tera.add_raw_templates(
            sources
                .iter()
                .map(|(name, text)| (name.as_str(), text.as_str())),
        )
        .map_err(|err| vec![template_problem(&err, &templates_dir)])?;
        let mut by_lang = BTreeMap::new();
        for lang in &config.languages {
            let mut t = tera.clone();
            let globals = t.global_context();
            globals.insert("lang", &lang.code);
            globals.insert("t", &config.ui[&lang.code]);
            globals.insert(
                "site",
                &BTreeMap::from([
                    ("title", &lang.title),
                    ("description", &lang.description),
                    ("language_name", &lang.name),
                ]),
            );
            by_lang.insert(lang.code.clone(), t);
        }
        let mut neutral = tera;
        neutral
            .global_context()
            .insert("lang", &config.default_language);
        neutral
            .global_context()
            .insert("t", &config.ui[&config.default_language]);
        Ok(Renderer {
            by_lang,
            neutral,
            templates_dir,
        })
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
        let lang_views = lang_views(site);
        let jobs: Vec<(&str, Route)> = langs
            .iter()
            .flat_map(|&l| site.routes(l).into_iter().map(move |r| (l, r)))
            .collect();
        progress.set_length(jobs.len() as u64 + 2);
        let stop = WriteFailure::default();
        let mut problems: Vec<Problem> = jobs
            .par_iter()
            .filter_map(|&(lang, route)| {
                let result = stop.unless_stopped(|| {
                    self.render_route(site, cards, &lang_views[lang], lang, route, sink)
                });
                progress.inc(1);
                result
            })
            .collect();
        for (name, path) in [("chooser.html", "index.html"), ("404.html", "404.html")] {
            if let Some(problem) =
                stop.unless_stopped(|| self.render_neutral(site, name, path, sink))
            {
                problems.push(problem);
            }
        }
        stop.check()?;
        if !problems.is_empty() {
            // One broken template fails every page that uses it: report each place once.
            problems.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
            problems.dedup_by(|a, b| (&a.path, a.line, a.col) == (&b.path, b.line, b.col));
            return Err(problems.into());
        }
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
        let lang_views = lang_views(site);
        let stop = WriteFailure::default();
        let problems: Vec<Problem> = routes
            .par_iter()
            .filter_map(|&(lang, route)| {
                stop.unless_stopped(|| {
                    self.render_route(site, cards, &lang_views[lang], lang, route, sink)
                })
            })
            .collect();
        stop.check()?;
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Failure::Problems(problems))
        }
    }

    fn render_route(
        &self,
        site: &Site,
        cards: &[Card],
        shared: &LangViews,
        lang: &str,
        route: Route,
        sink: &Sink,
    ) -> Result<(), PageError> {
        let path = site.path(lang, route);
        let mut ctx = self.page_context(site, lang, route, &path);
        let config = site.config;
        let t = &config.ui[lang];
        let per_page = config.page_size;
        let list_cards = |list: &[usize], n: usize| -> Vec<&Card> {
            list.iter()
                .skip((n - 1) * per_page)
                .take(per_page)
                .map(|&i| &cards[i])
                .collect()
        };
        let template = match route {
            Route::Home => {
                let list = &site.briefings[lang];
                ctx.insert("lead", &list.first().map(|&i| &cards[i]));
                ctx.insert(
                    "latest",
                    &list
                        .iter()
                        .skip(1)
                        .take(6)
                        .map(|&i| &cards[i])
                        .collect::<Vec<_>>(),
                );
                ctx.insert(
                    "events",
                    &site.timeline[lang]
                        .iter()
                        .take(3)
                        .map(|&i| &cards[i])
                        .collect::<Vec<_>>(),
                );
                ctx.insert("taxonomies", &shared.taxonomies);
                ctx.insert("charts", &shared.charts);
                ctx.insert("title", &config.language(lang).title);
                "home.html"
            }
            Route::Document(i) => {
                let doc = views::document(site, cards, &shared.charts, i);
                ctx.insert("title", &doc.card.title);
                ctx.insert("description", &doc.card.summary);
                ctx.insert("doc", &doc);
                match site.documents[i].kind {
                    crate::content::Kind::Briefing => "briefing.html",
                    crate::content::Kind::Page => "page.html",
                }
            }
            Route::List(n) => {
                let list = &site.briefings[lang];
                ctx.insert("items", &list_cards(list, n));
                ctx.insert(
                    "pagination",
                    &views::pagination(n, site.page_count(list.len()), |k| {
                        site.path(lang, Route::List(k))
                    }),
                );
                ctx.insert("title", &t.get("briefings").cloned().unwrap_or_default());
                "list.html"
            }
            Route::Taxonomy(t_index) => {
                ctx.insert("taxonomy", &shared.taxonomies[t_index]);
                ctx.insert("title", &shared.taxonomies[t_index].name);
                "taxonomy.html"
            }
            Route::Term(ti, k, n) => {
                let list = &site.terms[&(ti, k, lang.to_string())];
                let tax = &shared.taxonomies[ti];
                let term = tax
                    .terms
                    .iter()
                    .find(|term| term.key == config.taxonomies[ti].terms[k].key)
                    .expect("every term has a view");
                ctx.insert("taxonomy", tax);
                ctx.insert("term", term);
                ctx.insert("title", &term.name);
                ctx.insert("items", &list_cards(list, n));
                ctx.insert(
                    "pagination",
                    &views::pagination(n, site.page_count(list.len()), |p| {
                        site.path(lang, Route::Term(ti, k, p))
                    }),
                );
                "term.html"
            }
            Route::Timeline => {
                ctx.insert(
                    "events",
                    &site.timeline[lang]
                        .iter()
                        .map(|&i| &cards[i])
                        .collect::<Vec<_>>(),
                );
                ctx.insert("title", &t.get("timeline").cloned().unwrap_or_default());
                "timeline.html"
            }
            Route::Search => {
                ctx.insert("title", &t.get("search").cloned().unwrap_or_default());
                ctx.insert("index_path", &format!("search-index.{lang}.js"));
                "search.html"
            }
        };
        let html = self.by_lang[lang].render(template, &ctx).map_err(|err| {
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
        sink(&path, html.as_bytes()).map_err(PageError::Write)
    }

    /// The context every page of a language starts from: where it is, its
    /// translations, and the language switcher.
    fn page_context(&self, site: &Site, lang: &str, route: Route, path: &str) -> Context {
        let config = site.config;
        let mut ctx = Context::new();
        ctx.insert("root", &root_of(path));
        ctx.insert("path", path);
        ctx.insert("canonical", &absolute(&config.base_url, path));
        ctx.insert("description", &config.language(lang).description);
        let mut alternates = Vec::new();
        let mut switch = Vec::new();
        for other in &config.languages {
            let counterpart = site.counterpart(route, &other.code);
            if let Some(r) = site.alternate(route, lang, &other.code) {
                alternates.push(Alternate {
                    lang: other.code.clone(),
                    href: absolute(&config.base_url, &site.path(&other.code, r)),
                });
            }
            if other.code != lang {
                switch.push(Switch {
                    lang: other.code.clone(),
                    name: other.name.clone(),
                    path: site.path(&other.code, counterpart.unwrap_or(Route::Home)),
                    missing: counterpart.is_none(),
                });
            }
        }
        if alternates.len() > 1 {
            alternates.push(Alternate {
                lang: "x-default".into(),
                href: absolute(&config.base_url, &site.x_default(route, lang)),
            });
        }
        ctx.insert("alternates", &alternates);
        ctx.insert("switch", &switch);
        ctx.insert("nav", &nav(site, lang, route));
        ctx.insert("search_path", &site.path(lang, Route::Search));
        ctx
    }

    fn render_neutral(
        &self,
        site: &Site,
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
                    t: &config.ui[&l.code],
                }
            })
            .collect();
        let mut ctx = Context::new();
        ctx.insert("root", &root_of(path));
        ctx.insert("path", path);
        ctx.insert("canonical", &absolute(&config.base_url, path));
        ctx.insert("languages", &languages);
        let alternates: Vec<Alternate> = languages
            .iter()
            .map(|l| Alternate {
                lang: l.code.to_string(),
                href: l.url.clone(),
            })
            .chain([Alternate {
                lang: "x-default".into(),
                href: absolute(&config.base_url, "index.html"),
            }])
            .collect();
        ctx.insert("alternates", &alternates);
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

    fn check(self) -> Result<(), Failure> {
        match self.0.into_inner().expect("no renderer panics") {
            Some(err) => Err(Failure::Io(err)),
            None => Ok(()),
        }
    }
}

/// What every page of each language shares.
fn lang_views<'s>(site: &'s Site) -> BTreeMap<&'s str, LangViews> {
    site.config
        .codes()
        .map(|l| {
            (
                l,
                LangViews {
                    charts: views::charts(site, l),
                    taxonomies: views::taxonomies(site, l),
                },
            )
        })
        .collect()
}

#[derive(Serialize)]
struct NavItem {
    key: &'static str,
    path: String,
    current: bool,
}

/// The main navigation; `current` marks the section the page belongs to.
fn nav(site: &Site, lang: &str, route: Route) -> Vec<NavItem> {
    let item = |key: &'static str, target: Route, current: bool| NavItem {
        key,
        path: site.path(lang, target),
        current,
    };
    let about = site.pages[lang]
        .iter()
        .copied()
        .find(|&i| site.documents[i].name == "about");
    let mut items = vec![
        item("home", Route::Home, route == Route::Home),
        item(
            "briefings",
            Route::List(1),
            matches!(route, Route::List(_))
                || matches!(route, Route::Document(i) if site.documents[i].kind == crate::content::Kind::Briefing),
        ),
        item(
            "countries",
            Route::Taxonomy(0),
            matches!(route, Route::Taxonomy(0) | Route::Term(0, _, _)),
        ),
        item(
            "topics",
            Route::Taxonomy(1),
            matches!(route, Route::Taxonomy(1) | Route::Term(1, _, _)),
        ),
        item("timeline", Route::Timeline, route == Route::Timeline),
    ];
    if let Some(i) = about {
        items.push(item(
            "about",
            Route::Document(i),
            route == Route::Document(i),
        ));
    }
    items
}

/// A Tera error as `templates/NAME:line:col: message`.
pub fn template_problem(err: &tera::Error, templates_dir: &Path) -> Problem {
    use std::error::Error as _;
    let (mut name, mut line, mut col, mut message) = match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            (
                report.filename().to_string(),
                span.start_line,
                span.start_col + 1,
                report.message().to_string(),
            )
        }
        _ => {
            let mut message = err.to_string();
            let mut source = err.source();
            while let Some(cause) = source {
                message.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            (String::new(), 0, 0, message)
        }
    };
    // Some errors carry their place only in their text: ` --> NAME:LINE:COL`.
    if name.is_empty()
        && let Some((_, rest)) = message.split_once(" --> ")
    {
        let first = rest.lines().next().unwrap_or_default();
        let mut parts = first.rsplitn(3, ':');
        if let (Some(c), Some(l), Some(n)) = (parts.next(), parts.next(), parts.next())
            && let (Ok(c), Ok(l)) = (c.parse(), l.parse())
        {
            (name, line, col) = (n.to_string(), l, c);
            message = message
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches("error: ")
                .to_string();
        }
    }
    Problem::new(
        templates_dir.join(name),
        format!("template error: {message}"),
    )
    .at(line, col)
    .hint("fix the template; the syntax is Tera 2's (https://keats.github.io/tera/)")
}
