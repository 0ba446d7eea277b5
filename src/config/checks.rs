//! Validates a parsed `site.yaml` and its UI strings into a [`Config`]; every problem
//! is located at its file, line and column.

use super::raw::{LangMap, RawConfig, RawText};
use super::ui::{self, Ui};
use super::{Config, Language, Section, Taxonomy, Term, TermName};
use crate::content::frontmatter::FIELDS;
use crate::diagnostics::Problem;
use crate::i18n::{Format, LocaleError};
use crate::urls::is_valid_slug;
use crate::yaml;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// A file and its text, to locate problems in.
#[derive(Clone, Copy)]
pub(super) struct Source<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

impl Source<'_> {
    /// A problem at the key `keys` (or its deepest ancestor present).
    pub(super) fn at(
        &self,
        keys: &[&str],
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Problem {
        let (line, col) = yaml::locate(self.text, keys).unwrap_or((1, 1));
        Problem::new(self.path, message).at(line, col).hint(hint)
    }
}

const SLUG_HINT: &str = "use lowercase ASCII letters, digits and `-`";

pub(super) struct Checker<'a> {
    site: Source<'a>,
    codes: Vec<String>,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    pub(super) fn push(
        &mut self,
        keys: &[&str],
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let problem = self.site.at(keys, message, hint);
        self.problems.push(problem);
    }

    pub(super) fn push_problem(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    /// Every language must have a non-empty text in `map`.
    fn every_language(&mut self, keys: &[&str], what: &str, map: &LangMap) {
        for code in self.codes.clone() {
            if map.get(&code).is_none_or(|v| v.trim().is_empty()) {
                self.push(
                    keys,
                    format!("{what} has no `{code}` text"),
                    "give it a value for every language of `languages:`",
                );
            }
        }
        for code in map.keys() {
            if !self.codes.contains(code) {
                let mut at = keys.to_vec();
                at.push(code);
                self.push(
                    &at,
                    format!("{what} has a text for `{code}`, which is not among the languages"),
                    format!("the languages are {}", self.codes.join(", ")),
                );
            }
        }
    }

    /// `map` holds one valid URL segment per language.
    fn slugs(&mut self, keys: &[&str], what: &str, map: &LangMap) {
        self.every_language(keys, what, map);
        for (code, slug) in map {
            if !is_valid_slug(slug) {
                let mut at = keys.to_vec();
                at.push(code);
                self.push(
                    &at,
                    format!("{what} has an invalid `{code}` slug `{slug}`"),
                    SLUG_HINT,
                );
            }
        }
    }
}

pub(super) fn validate(
    root: &Path,
    raw: RawConfig,
    site: Source,
    ui_file: Source,
) -> Result<Config, Vec<Problem>> {
    let mut c = Checker {
        site,
        codes: raw.languages.0.iter().map(|(k, _)| k.clone()).collect(),
        problems: Vec::new(),
    };
    let languages = languages(&mut c, &raw);
    if !c.codes.contains(&raw.default_language) {
        c.push(
            &["default_language"],
            format!(
                "default_language `{}` is not among the languages",
                raw.default_language
            ),
            "add it under `languages:` or pick one listed there",
        );
    }
    let base_url = super::base_url(&raw.base_url).unwrap_or_else(|(what, hint)| {
        c.push(&["base_url"], format!("base_url {what}"), hint);
        String::new()
    });
    if raw.page_size == 0 {
        c.push(
            &["page_size"],
            "page_size must be at least 1",
            "set it to 10, say",
        );
    }
    let sections = sections(&mut c, &raw);
    let taxonomies = taxonomies(&mut c, &raw);
    for (key, names) in &raw.authors.0 {
        c.every_language(&["authors", key], &format!("author `{key}`"), names);
    }
    c.slugs(&["timeline", "slug"], "the timeline", &raw.timeline.slug);
    c.slugs(&["search", "slug"], "the search page", &raw.search.slug);
    let ui = ui_strings(&mut c, &raw, ui_file, &languages);
    let nav = super::nav::nav(&mut c, &raw, &sections, &taxonomies, &ui);
    let maps = super::maps::maps(&mut c, &raw, &taxonomies, ui_file, &ui);
    let retired = retired(&mut c, &raw);
    if !c.problems.is_empty() {
        return Err(c.problems);
    }
    Ok(Config {
        root: root.to_path_buf(),
        base_url,
        default_language: raw.default_language,
        page_size: raw.page_size,
        languages,
        sections,
        taxonomies,
        authors: raw.authors.0.into_iter().collect(),
        timeline: raw.timeline.slug,
        search: raw.search.slug,
        nav,
        maps,
        ui,
        source: Arc::from(site.text),
        retired,
    })
}

/// The entries of `retired:`: URL paths of the site, like aliases, each located.
fn retired(c: &mut Checker, raw: &RawConfig) -> Vec<crate::aliases::UrlPath> {
    let from = yaml::locate(c.site.text, &["retired"]).map_or(1, |(line, _)| line);
    let places = crate::aliases::locate_values(c.site.text, from, &raw.retired);
    let mut urls = Vec::new();
    for (text, (line, col)) in raw.retired.iter().zip(places) {
        match crate::aliases::parse_url_path(text, &raw.base_url) {
            Ok(url) => urls.push(url),
            Err((message, hint)) => c.problems.push(
                Problem::new(c.site.path, format!("retired URL {message}"))
                    .at(line, col)
                    .hint(hint),
            ),
        }
    }
    urls.sort();
    urls.dedup();
    urls
}

fn languages(c: &mut Checker, raw: &RawConfig) -> Vec<Language> {
    if raw.languages.0.is_empty() {
        c.push(
            &["languages"],
            "no language is declared",
            "declare at least one under `languages:`",
        );
    }
    let mut languages = Vec::new();
    for (code, l) in &raw.languages.0 {
        if !is_valid_slug(code) || code.contains('_') {
            c.push(
                &["languages", code],
                format!("language code `{code}` cannot name folders and files"),
                "use a lowercase code such as `it`, `en`, `ru` or `pt-br`",
            );
        }
        for (field, value) in [
            ("name", &l.name),
            ("title", &l.title),
            ("description", &l.description),
        ] {
            if value.trim().is_empty() {
                c.push(
                    &["languages", code, field],
                    format!("language `{code}` has an empty `{field}`"),
                    "write it",
                );
            }
        }
        let tag = l.locale.clone().unwrap_or_else(|| code.clone());
        let keys: &[&str] = if l.locale.is_some() {
            &["languages", code, "locale"]
        } else {
            &["languages", code]
        };
        match Format::new(&tag) {
            Ok(format) => languages.push(Language {
                code: code.clone(),
                name: l.name.clone(),
                locale: tag,
                title: l.title.clone(),
                description: l.description.clone(),
                format: Arc::new(format),
            }),
            Err(LocaleError::Invalid) => c.push(
                keys,
                format!("locale `{tag}` of language `{code}` is not a BCP 47 locale"),
                "write it like `it`, `en-GB` or `ru-RU`",
            ),
            Err(LocaleError::Unsupported) => c.push(
                keys,
                format!("locale `{tag}` of language `{code}` is not supported: this build has no CLDR dates, numbers and plural rules for it"),
                "set `locale:` to a supported locale (the README lists them), e.g. `en-GB`",
            ),
        }
    }
    languages
}

fn sections(c: &mut Checker, raw: &RawConfig) -> Vec<Section> {
    if raw.sections.0.is_empty() {
        c.push(
            &["sections"],
            "no section is declared",
            "declare at least one under `sections:`, e.g. `briefings`",
        );
    }
    let mut sections = Vec::new();
    for (key, s) in &raw.sections.0 {
        if !is_valid_slug(key) || key == "data" {
            c.push(
                &["sections", key],
                format!("section `{key}` cannot name a folder of content/"),
                "use lowercase ASCII letters, digits and `-`; `data` holds chart data",
            );
        }
        c.every_language(
            &["sections", key, "name"],
            &format!("section `{key}` name"),
            &s.name,
        );
        c.slugs(
            &["sections", key, "slug"],
            &format!("section `{key}`"),
            &s.slug,
        );
        if let Some(description) = &s.description {
            c.every_language(
                &["sections", key, "description"],
                &format!("section `{key}` description"),
                description,
            );
        }
        if s.page_size == Some(0) {
            c.push(
                &["sections", key, "page_size"],
                "page_size must be at least 1",
                "set it to 10, say",
            );
        }
        sections.push(Section {
            key: key.clone(),
            name: s.name.clone(),
            description: s.description.clone(),
            slug: s.slug.clone(),
            list: s.list.clone(),
            item: s.item.clone(),
            page_size: s.page_size.unwrap_or(raw.page_size).max(1),
            timeline: s.timeline,
            feed: s.feed,
            search: s.search,
        });
    }
    sections
}

fn taxonomies(c: &mut Checker, raw: &RawConfig) -> Vec<Taxonomy> {
    let mut taxonomies = Vec::new();
    for (key, tax) in &raw.taxonomies.0 {
        if !is_valid_slug(key) || FIELDS.contains(&key.as_str()) {
            c.push(
                &["taxonomies", key],
                format!("taxonomy `{key}` cannot be a front-matter field"),
                format!(
                    "use lowercase ASCII letters, digits and `-`, and none of the fields {}",
                    FIELDS.join(", ")
                ),
            );
        }
        c.slugs(
            &["taxonomies", key, "slug"],
            &format!("taxonomy `{key}`"),
            &tax.slug,
        );
        c.every_language(
            &["taxonomies", key, "name"],
            &format!("taxonomy `{key}` name"),
            &tax.name,
        );
        if let Some(description) = &tax.description {
            c.every_language(
                &["taxonomies", key, "description"],
                &format!("taxonomy `{key}` description"),
                description,
            );
        }
        let mut terms = Vec::new();
        for (term, names) in &tax.terms {
            let keys = ["taxonomies", key, "terms", term];
            let as_names: LangMap = names
                .iter()
                .map(|(l, n)| (l.clone(), n.name.clone()))
                .collect();
            c.every_language(&keys, &format!("term `{term}` name"), &as_names);
            for (lang, name) in names {
                if !is_valid_slug(&name.slug) {
                    c.push(
                        &["taxonomies", key, "terms", term, lang, "slug"],
                        format!("term `{term}` has an invalid `{lang}` slug `{}`", name.slug),
                        SLUG_HINT,
                    );
                }
            }
            terms.push(Term {
                key: term.clone(),
                names: names
                    .iter()
                    .map(|(l, n)| {
                        (
                            l.clone(),
                            TermName {
                                name: n.name.clone(),
                                slug: n.slug.clone(),
                            },
                        )
                    })
                    .collect(),
            });
        }
        taxonomies.push(Taxonomy {
            key: key.clone(),
            slug: tax.slug.clone(),
            name: tax.name.clone(),
            description: tax.description.clone(),
            terms,
        });
    }
    taxonomies
}

/// The builtin strings under the site's, every key in every language, plural
/// forms complete, and a `in_CODE` phrase for every language.
fn ui_strings(
    c: &mut Checker,
    raw: &RawConfig,
    file: Source,
    languages: &[Language],
) -> BTreeMap<String, Ui> {
    let builtin_path = Path::new("<builtin>/ui.yaml");
    let parsed = ui::parse(super::BUILTIN_UI, builtin_path).and_then(|builtin| {
        let own = if file.path == builtin_path {
            BTreeMap::new()
        } else {
            ui::parse(file.text, file.path)?
        };
        Ok((builtin, own))
    });
    let (builtin, own) = match parsed {
        Ok(both) => both,
        Err(problem) => {
            c.problems.push(problem);
            return BTreeMap::new();
        }
    };
    let mut keys: Vec<&String> = builtin.keys().chain(own.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut by_lang: BTreeMap<String, Ui> = BTreeMap::new();
    for language in languages {
        let code = language.code.as_str();
        let mut strings = Ui::default();
        // Builtin keys the language has no text for (and the site gave none either).
        let mut gaps: Vec<&str> = Vec::new();
        for key in &keys {
            let (texts, from_site) = match own.get(*key) {
                Some(texts) => (texts, true),
                None => (&builtin[*key], false),
            };
            match texts.get(code) {
                Some(RawText::Text(text)) => {
                    strings.strings.insert(key.to_string(), text.clone());
                }
                Some(RawText::Plural(forms)) => {
                    for (message, hint) in ui::check_plural(key, code, forms, &language.format) {
                        c.problems.push(file.at(&[key, code], message, hint));
                    }
                    let other = forms.get("other").cloned().unwrap_or_default();
                    strings.strings.insert(key.to_string(), other);
                    strings.plurals.insert(key.to_string(), forms.clone());
                }
                // The drafts' prose falls back to English (see `frontmatter_writer`).
                None if key.starts_with(crate::frontmatter_writer::PROSE_PREFIX) => {}
                None if from_site => c.problems.push(file.at(
                    &[key],
                    format!("UI string `{key}` is missing in language `{code}`"),
                    "add the translation next to the others",
                )),
                None => gaps.push(key),
            }
        }
        let phrase = format!("in_{code}");
        if !keys.iter().any(|k| **k == phrase) {
            c.problems.push(file.at(
                &[],
                format!(
                    "UI string `{phrase}` is missing: the missing-translation notice names {} with it",
                    language.name
                ),
                format!("add `{phrase}: {{ {code}: \"in {}\" }}` with a text for every language", language.name),
            ));
        }
        if !gaps.is_empty() {
            builtin_gaps(c, raw, code, &gaps);
        }
        by_lang.insert(code.to_string(), strings);
    }
    by_lang
}

/// One problem for all the builtin strings a language has no text for: a language the
/// builtin theme does not speak.
fn builtin_gaps(c: &mut Checker, raw: &RawConfig, code: &str, gaps: &[&str]) {
    let shown: Vec<&str> = gaps.iter().take(5).copied().collect();
    let target = if raw.ui.is_some() {
        "the ui file named by `ui:`"
    } else {
        "a ui file (`ui: ui.yaml` in site.yaml)"
    };
    c.push(
        &["languages", code],
        format!(
            "the builtin UI strings have no `{code}` text for {} keys ({}{})",
            gaps.len(),
            shown.join(", "),
            if gaps.len() > shown.len() {
                ", ..."
            } else {
                ""
            }
        ),
        format!(
            "give `{code}` texts for them in {target}; `briefing init` writes one with every key"
        ),
    );
}
