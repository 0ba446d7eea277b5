//! Loads and validates `site.yaml` (and the UI strings file it names).

use crate::diagnostics::{Failure, Problem, line_of};
use crate::yaml;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Languages whose dates and numbers we know how to write.
pub const SUPPORTED_LANGUAGES: [&str; 2] = ["it", "en"];
/// The taxonomies front-matter can name, in display order.
pub const TAXONOMIES: [&str; 2] = ["countries", "topics"];
/// The builtin theme's UI strings, used for every key a site does not define.
const BUILTIN_UI: &str = include_str!("../ui.yaml");

/// Text per language code.
pub type LangMap = BTreeMap<String, String>;

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    pub base_url: String,
    pub default_language: String,
    /// Items per list page before paginating.
    pub page_size: usize,
    /// The default language first, then the others by code.
    pub languages: Vec<Language>,
    pub sections: Sections,
    /// In the order of [`TAXONOMIES`].
    pub taxonomies: Vec<Taxonomy>,
    /// language -> key -> text.
    pub ui: BTreeMap<String, BTreeMap<String, String>>,
}

#[derive(Debug, Clone)]
pub struct Language {
    pub code: String,
    pub name: String,
    pub title: String,
    pub description: String,
}

/// URL segments of the built-in sections, per language.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sections {
    pub briefings: LangMap,
    pub pages: LangMap,
    pub timeline: LangMap,
    pub search: LangMap,
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub key: String,
    pub slug: LangMap,
    pub name: LangMap,
    /// Sorted by key.
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone)]
pub struct Term {
    pub key: String,
    /// language -> display name and URL slug.
    pub names: BTreeMap<String, TermName>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermName {
    pub name: String,
    pub slug: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    base_url: String,
    default_language: String,
    #[serde(default = "default_page_size")]
    page_size: usize,
    languages: BTreeMap<String, RawLanguage>,
    sections: Sections,
    taxonomies: BTreeMap<String, RawTaxonomy>,
    /// A file beside site.yaml holding `key: {it: ..., en: ...}`; its strings
    /// override the builtin theme's, key by key.
    ui: Option<String>,
}

fn default_page_size() -> usize {
    10
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    name: String,
    title: String,
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaxonomy {
    slug: LangMap,
    name: LangMap,
    terms: BTreeMap<String, BTreeMap<String, TermName>>,
}

const CONFIG_FIELDS: [&str; 7] = [
    "base_url",
    "default_language",
    "page_size",
    "languages",
    "sections",
    "taxonomies",
    "ui",
];

impl Config {
    pub fn load(root: &Path) -> Result<Config, Failure> {
        let path = root.join("site.yaml");
        let text = read(&path)?;
        let raw: RawConfig = yaml::parse(&text, &path, 1, &CONFIG_FIELDS)?;
        let (ui_path, ui_text) = match &raw.ui {
            Some(file) => {
                let ui_path = root.join(file);
                let ui_text = read(&ui_path)?;
                (ui_path, ui_text)
            }
            None => (PathBuf::from("<builtin>/ui.yaml"), BUILTIN_UI.to_string()),
        };
        let mut ui: BTreeMap<String, LangMap> = yaml::parse(&ui_text, &ui_path, 1, &[])?;
        let builtin: BTreeMap<String, LangMap> =
            yaml::parse(BUILTIN_UI, Path::new("<builtin>/ui.yaml"), 1, &[])?;
        for (key, texts) in builtin {
            ui.entry(key).or_insert(texts);
        }
        validate(root, raw, &text, &ui_path, ui, &ui_text)
    }

    pub fn language(&self, code: &str) -> &Language {
        self.languages
            .iter()
            .find(|l| l.code == code)
            .expect("languages are validated when the config loads")
    }

    pub fn taxonomy(&self, key: &str) -> &Taxonomy {
        self.taxonomies
            .iter()
            .find(|t| t.key == key)
            .expect("taxonomies are validated when the config loads")
    }

    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.languages.iter().map(|l| l.code.as_str())
    }
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

fn validate(
    root: &Path,
    raw: RawConfig,
    text: &str,
    ui_path: &Path,
    ui: BTreeMap<String, LangMap>,
    ui_text: &str,
) -> Result<Config, Failure> {
    let path = root.join("site.yaml");
    let ui_path = ui_path.to_path_buf();
    let mut problems = Vec::new();
    let located = |file: &Path, needle: &str, message: String, hint: &str| {
        let source = if file == path { text } else { ui_text };
        Problem::new(file, message)
            .at(line_of(source, needle), 1)
            .hint(hint)
    };
    let codes: Vec<&String> = raw.languages.keys().collect();
    // Every language must have a non-empty text in `map`.
    let every_language = |what: &str, map: &LangMap, needle: &str| -> Vec<Problem> {
        codes
            .iter()
            .filter(|code| map.get(code.as_str()).is_none_or(|v| v.trim().is_empty()))
            .map(|code| {
                located(
                    &path,
                    needle,
                    format!("{what} has no `{code}` text"),
                    "give it a value for every language",
                )
            })
            .collect()
    };

    for code in raw.languages.keys() {
        if !SUPPORTED_LANGUAGES.contains(&code.as_str()) {
            problems.push(located(
                &path,
                &format!("{code}:"),
                format!("language `{code}` is not supported"),
                "supported languages are `it` and `en`",
            ));
        }
    }
    if !raw.languages.contains_key(&raw.default_language) {
        problems.push(located(
            &path,
            "default_language",
            format!(
                "default_language `{}` is not among the languages",
                raw.default_language
            ),
            "add it under `languages:` or pick one listed there",
        ));
    }
    if !raw.base_url.starts_with("http://") && !raw.base_url.starts_with("https://") {
        problems.push(located(
            &path,
            "base_url",
            format!("base_url `{}` is not an absolute http(s) URL", raw.base_url),
            "write it like `https://example.org/briefing`",
        ));
    }
    if raw.page_size == 0 {
        problems.push(located(
            &path,
            "page_size",
            "page_size must be at least 1".into(),
            "set it to 10, say",
        ));
    }
    let sections = &raw.sections;
    for (name, map) in [
        ("briefings", &sections.briefings),
        ("pages", &sections.pages),
        ("timeline", &sections.timeline),
        ("search", &sections.search),
    ] {
        problems.extend(every_language(
            &format!("sections.{name}"),
            map,
            &format!("{name}:"),
        ));
        for (lang, slug) in map {
            if !crate::urls::is_valid_slug(slug) {
                problems.push(located(
                    &path,
                    &format!("{name}:"),
                    format!("section `{name}` has an invalid `{lang}` slug `{slug}`"),
                    "use lowercase ASCII letters, digits and `-`",
                ));
            }
        }
    }
    for (key, tax) in &raw.taxonomies {
        if !TAXONOMIES.contains(&key.as_str()) {
            problems.push(located(
                &path,
                &format!("{key}:"),
                format!("unknown taxonomy `{key}`"),
                "the taxonomies are `countries` and `topics`",
            ));
        }
        problems.extend(every_language(
            &format!("taxonomy `{key}` slug"),
            &tax.slug,
            &format!("{key}:"),
        ));
        problems.extend(every_language(
            &format!("taxonomy `{key}` name"),
            &tax.name,
            &format!("{key}:"),
        ));
        for (lang, slug) in &tax.slug {
            if !crate::urls::is_valid_slug(slug) {
                problems.push(located(
                    &path,
                    &format!("{key}:"),
                    format!("taxonomy `{key}` has an invalid `{lang}` slug `{slug}`"),
                    "use lowercase ASCII letters, digits and `-`",
                ));
            }
        }
        for (term, names) in &tax.terms {
            let as_names: LangMap = names
                .iter()
                .map(|(l, n)| (l.clone(), n.name.clone()))
                .collect();
            problems.extend(every_language(
                &format!("term `{term}` name"),
                &as_names,
                &format!("{term}:"),
            ));
            for (lang, name) in names {
                if !crate::urls::is_valid_slug(&name.slug) {
                    problems.push(located(
                        &path,
                        &format!("{term}:"),
                        format!("term `{term}` has an invalid `{lang}` slug `{}`", name.slug),
                        "use lowercase ASCII letters, digits and `-`",
                    ));
                }
            }
        }
    }
    for key in TAXONOMIES {
        if !raw.taxonomies.contains_key(key) {
            problems.push(located(
                &path,
                "taxonomies",
                format!("taxonomy `{key}` is missing"),
                "define its slug, name and terms under `taxonomies:`",
            ));
        }
    }
    let mut ui_by_lang: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (key, texts) in &ui {
        for code in raw.languages.keys() {
            match texts.get(code) {
                Some(text) => {
                    ui_by_lang
                        .entry(code.clone())
                        .or_default()
                        .insert(key.clone(), text.clone());
                }
                None => problems.push(located(
                    &ui_path,
                    &format!("{key}:"),
                    format!("UI string `{key}` is missing in language `{code}`"),
                    "add the translation next to the others",
                )),
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems.into());
    }

    let mut languages: Vec<Language> = raw
        .languages
        .into_iter()
        .map(|(code, l)| Language {
            code,
            name: l.name,
            title: l.title,
            description: l.description,
        })
        .collect();
    languages.sort_by_key(|l| (l.code != raw.default_language, l.code.clone()));
    let taxonomies = TAXONOMIES
        .iter()
        .map(|key| {
            let tax = &raw.taxonomies[*key];
            Taxonomy {
                key: key.to_string(),
                slug: tax.slug.clone(),
                name: tax.name.clone(),
                terms: tax
                    .terms
                    .iter()
                    .map(|(k, names)| Term {
                        key: k.clone(),
                        names: names.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(Config {
        root: root.to_path_buf(),
        base_url: raw.base_url.trim_end_matches('/').to_string(),
        default_language: raw.default_language,
        page_size: raw.page_size,
        languages,
        sections: raw.sections,
        taxonomies,
        ui: ui_by_lang,
    })
}
