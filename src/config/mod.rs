//! Loads and validates `site.yaml` (and the UI strings file it names): the open site
//! model of languages, sections, taxonomies, authors and navigation.

mod checks;
mod maps;
mod nav;
pub mod raw;
pub mod ui;

use crate::diagnostics::{Failure, Problem};
use crate::i18n::Format;
use crate::yaml;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use raw::LangMap;
pub use ui::{Ui, UiText};

/// The builtin theme's UI strings, used for every key a site does not define.
pub const BUILTIN_UI: &str = include_str!("../../ui.yaml");

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    pub base_url: String,
    pub default_language: String,
    /// Items per list page, for sections that do not set their own.
    pub page_size: usize,
    /// In the order site.yaml declares them: the switcher, the chooser, hreflang
    /// alternates and the sitemap all follow it.
    pub languages: Vec<Language>,
    /// In declared order.
    pub sections: Vec<Section>,
    /// In declared order.
    pub taxonomies: Vec<Taxonomy>,
    /// Author key -> name per language.
    pub authors: BTreeMap<String, LangMap>,
    /// URL segment of the timeline page, per language.
    pub timeline: LangMap,
    /// URL segment of the search page, per language.
    pub search: LangMap,
    pub nav: Vec<NavEntry>,
    /// The maps, when site.yaml asks for them (`maps:`).
    pub maps: Option<MapsConfig>,
    /// language -> its UI strings.
    pub ui: BTreeMap<String, Ui>,
    /// The text of site.yaml, to locate problems found after loading.
    pub source: Arc<str>,
    /// URLs given up on purpose (`retired:`): the URL guard forgets them.
    pub retired: Vec<crate::aliases::UrlPath>,
}

#[derive(Debug, Clone)]
pub struct Language {
    pub code: String,
    pub name: String,
    /// The BCP 47 locale its dates, numbers and plurals follow (`en-GB`).
    pub locale: String,
    pub title: String,
    pub description: String,
    pub format: Arc<Format>,
}

/// A folder of `content/` whose Markdown files become pages.
#[derive(Debug, Clone)]
pub struct Section {
    /// Its name in site.yaml, which is also its folder under `content/`.
    pub key: String,
    pub name: LangMap,
    pub description: Option<LangMap>,
    /// URL segment per language.
    pub slug: LangMap,
    /// The template of its list pages; a section without one has no list.
    pub list: Option<String>,
    /// The template of each of its pages (a page's `template:` overrides it).
    pub item: String,
    pub page_size: usize,
    /// Its items with an `event` feed the timeline.
    pub timeline: bool,
    /// Its items are in the Atom feeds and lead the home page.
    pub feed: bool,
    /// Its items are in the search index.
    pub search: bool,
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// Its name in site.yaml, which is also its front-matter field.
    pub key: String,
    pub slug: LangMap,
    pub name: LangMap,
    /// The lede of its index page, per language.
    pub description: Option<LangMap>,
    /// Sorted by key.
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone)]
pub struct Term {
    pub key: String,
    /// language -> display name and URL slug.
    pub names: BTreeMap<String, TermName>,
}

#[derive(Debug, Clone)]
pub struct TermName {
    pub name: String,
    pub slug: String,
}

/// `maps:` in site.yaml: the taxonomy whose terms the maps draw (its term keys are
/// the countries of the map data) and the outlines' file in `content/data/`.
#[derive(Debug, Clone)]
pub struct MapsConfig {
    pub taxonomy: String,
    /// A file name under `content/data/`, ending in `.geo.yaml`.
    pub data: String,
}

/// What a main-navigation entry links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NavTarget {
    Home,
    Timeline,
    Search,
    /// The first list page of a section.
    Section(String),
    /// The term list of a taxonomy.
    Taxonomy(String),
    /// One document, in the page's language: section and NAME.
    Page {
        section: String,
        name: String,
    },
}

#[derive(Debug, Clone)]
pub struct NavEntry {
    /// What templates test for (`item.name == "about"`): the section's or
    /// taxonomy's key, `home`, `timeline`, `search`, or a page's NAME.
    pub name: String,
    /// A UI string key for the label; sections and taxonomies use their own names.
    pub label: Option<String>,
    pub target: NavTarget,
}

impl Config {
    pub fn load(root: &Path) -> Result<Config, Failure> {
        let path = root.join("site.yaml");
        let text = read(&path)?;
        let raw: raw::RawConfig = yaml::parse(&text, &path, 1, &raw::CONFIG_FIELDS)?;
        let (ui_path, ui_text) = match &raw.ui {
            Some(file) => {
                let ui_path = root.join(file);
                let ui_text = read(&ui_path)?;
                (ui_path, ui_text)
            }
            None => (PathBuf::from("<builtin>/ui.yaml"), BUILTIN_UI.to_string()),
        };
        checks::validate(
            root,
            raw,
            checks::Source {
                path: &path,
                text: &text,
            },
            checks::Source {
                path: &ui_path,
                text: &ui_text,
            },
        )
        .map_err(Failure::from)
    }

    pub fn language(&self, code: &str) -> &Language {
        self.languages
            .iter()
            .find(|l| l.code == code)
            .expect("languages are validated when the config loads")
    }

    pub fn taxonomy(&self, key: &str) -> Option<&Taxonomy> {
        self.taxonomies.iter().find(|t| t.key == key)
    }

    pub fn section(&self, key: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.key == key)
    }

    /// The section's place in the declared order (sections sort by it).
    pub fn section_rank(&self, key: &str) -> usize {
        self.sections
            .iter()
            .position(|s| s.key == key)
            .unwrap_or(usize::MAX)
    }

    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.languages.iter().map(|l| l.code.as_str())
    }

    /// A problem in site.yaml at the key `keys` (or its deepest ancestor there).
    pub fn problem_at(&self, keys: &[&str], message: impl Into<String>) -> Problem {
        let (line, col) = yaml::locate(&self.source, keys).unwrap_or((1, 1));
        Problem::new(self.root.join("site.yaml"), message).at(line, col)
    }

    /// The formatters of `lang`.
    pub fn format(&self, lang: &str) -> &Format {
        &self.language(lang).format
    }

    /// Puts `--base-url URL` in place of site.yaml's `base_url`, checked as that is.
    pub fn override_base_url(&mut self, url: &str) -> Result<(), Failure> {
        self.base_url =
            base_url(url).map_err(|(what, hint)| Problem::new("--base-url", what).hint(hint))?;
        Ok(())
    }
}

/// The one check of a `base_url` (site.yaml's or `--base-url`'s): an absolute http(s)
/// URL, returned without its trailing `/`. Errors are `(what is wrong, what to do)`.
pub(crate) fn base_url(url: &str) -> Result<String, (String, String)> {
    if !url.starts_with("http://") && !url.starts_with("https://") {
        return Err((
            format!("`{url}` is not an absolute http(s) URL"),
            "write it like `https://example.org/briefing`".to_string(),
        ));
    }
    Ok(url.trim_end_matches('/').to_string())
}

fn read(path: &Path) -> Result<String, Failure> {
    let bytes = std::fs::read(path).map_err(|err| {
        Problem::new(path, format!("cannot read the site configuration: {err}"))
            .hint("run briefing in the site's folder, or name it with --root")
    })?;
    String::from_utf8(bytes).map_err(|_| {
        Failure::from(Problem::new(path, "the file is not valid UTF-8").hint("save it as UTF-8"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_base_url_check_for_site_yaml_and_the_command_line() {
        assert_eq!(base_url("https://x.org/sub/").unwrap(), "https://x.org/sub");
        let (what, hint) = base_url("ftp://x.org").unwrap_err();
        assert_eq!(what, "`ftp://x.org` is not an absolute http(s) URL");
        assert!(hint.contains("https://example.org/briefing"), "{hint}");

        let mut config = Config::load(Path::new("tests/fixtures/basic")).unwrap();
        config.override_base_url("http://127.0.0.1:1111/").unwrap();
        assert_eq!(config.base_url, "http://127.0.0.1:1111");
        let Err(Failure::Problems(problems)) = config.override_base_url("x.org") else {
            panic!("a URL without scheme is refused");
        };
        let shown = problems[0].to_string();
        assert!(
            shown.starts_with("--base-url: `x.org` is not an absolute http(s) URL; write it like"),
            "{shown}"
        );

        let dir = std::env::temp_dir().join(format!("briefing-base-url-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let yaml = std::fs::read_to_string("tests/fixtures/basic/site.yaml").unwrap();
        let bad = yaml.replacen("base_url: ", "base_url: ftp://x.org #", 1);
        std::fs::write(dir.join("site.yaml"), bad).unwrap();
        let loaded = Config::load(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        let Err(Failure::Problems(problems)) = loaded else {
            panic!("a base_url without http(s) is refused");
        };
        let shown = problems[0].to_string();
        assert!(
            shown.contains("site.yaml:2:1: base_url `ftp://x.org` is not an absolute http(s) URL"),
            "{shown}"
        );
    }
}
