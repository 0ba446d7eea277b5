//! UI strings: the builtin theme's, overridden key by key by the site's `ui.yaml`;
//! plain texts, or plural forms by CLDR category.

use super::raw::RawText;
use crate::diagnostics::Problem;
use crate::i18n::{Format, PLURAL_CATEGORIES};
use crate::yaml;
use std::collections::BTreeMap;
use std::path::Path;

/// The UI strings of one language.
#[derive(Debug, Clone, Default)]
pub struct Ui {
    /// Every key as a text (a plural string by its `other` form): the templates' `t`.
    pub strings: BTreeMap<String, String>,
    /// Plural strings: key -> CLDR category -> text, where `{n}` stands for the number.
    pub plurals: BTreeMap<String, BTreeMap<String, String>>,
}

/// One UI string of one language.
#[derive(Debug, Clone)]
pub enum UiText {
    Text(String),
    Plural(BTreeMap<String, String>),
}

impl Ui {
    /// The text of `key` ("" for a key that does not exist).
    pub fn get(&self, key: &str) -> &str {
        self.strings.get(key).map_or("", String::as_str)
    }

    /// The form of `key` for the number `n`, with `{n}` written the locale's way; a plain
    /// string is returned as it is.
    pub fn plural(&self, key: &str, n: u64, format: &Format) -> Option<String> {
        let form = match self.plurals.get(key) {
            Some(forms) => forms.get(format.plural(n)).or_else(|| forms.get("other"))?,
            None => self.strings.get(key)?,
        };
        Some(form.replace("{n}", &format.number(n as f64, 0)))
    }
}

/// key -> language -> text, as a UI file holds it.
pub type RawUi = BTreeMap<String, BTreeMap<String, RawText>>;

/// Parses a UI file; keys and languages are checked later, against the site.
pub fn parse(text: &str, path: &Path) -> Result<RawUi, Problem> {
    yaml::parse(text, path, 1, &[])
}

/// A plural string's forms checked against the categories `format` uses: every one of
/// them, `other` always, and no unknown category. Returns the problems as messages.
pub fn check_plural(
    key: &str,
    code: &str,
    forms: &BTreeMap<String, String>,
    format: &Format,
) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    for category in forms.keys() {
        if !PLURAL_CATEGORIES.contains(&category.as_str()) {
            problems.push((
                format!("UI string `{key}` has a form `{category}` in `{code}`, which is no plural category"),
                format!("the CLDR categories are {}", PLURAL_CATEGORIES.join(", ")),
            ));
        }
    }
    let needed = format.plural_categories();
    let missing: Vec<&str> = needed
        .iter()
        .copied()
        .filter(|c| !forms.contains_key(*c))
        .collect();
    if !missing.is_empty() {
        problems.push((
            format!(
                "UI string `{key}` has no `{}` form in `{code}`",
                missing.join("`, `")
            ),
            format!(
                "`{code}` uses the plural forms {}: give each, with `{{n}}` where the number goes",
                needed.join(", ")
            ),
        ));
    }
    problems
}
