//! Suggests taxonomy terms for an imported article from the term names in its text.

use crate::config::Taxonomy;

/// Words of `text`, lowercased and folded to ASCII (`Città` -> `citta`).
pub(super) fn words(text: &str) -> Vec<String> {
    deunicode::deunicode(text)
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Terms whose display name, in any language, occurs in `words` as whole words:
/// `(key, mentions)`, most mentioned first, then by key.
pub(super) fn suggest(words: &[String], taxonomy: &Taxonomy) -> Vec<(String, usize)> {
    let mut found: Vec<(String, usize)> = taxonomy
        .terms
        .iter()
        .filter_map(|term| {
            let mut names: Vec<Vec<String>> = term
                .names
                .values()
                .map(|n| self::words(&n.name))
                .filter(|n| !n.is_empty())
                .collect();
            names.sort();
            names.dedup();
            let count: usize = names.iter().map(|name| occurrences(words, name)).sum();
            (count > 0).then(|| (term.key.clone(), count))
        })
        .collect();
    found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    found
}

fn occurrences(words: &[String], name: &[String]) -> usize {
    words.windows(name.len()).filter(|w| *w == name).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Term, TermName};
    use std::collections::BTreeMap;

    fn term(key: &str, it: &str, en: &str) -> Term {
        let name = |n: &str| TermName {
            name: n.into(),
            slug: n.to_lowercase(),
        };
        Term {
            key: key.into(),
            names: BTreeMap::from([("it".into(), name(it)), ("en".into(), name(en))]),
        }
    }

    #[test]
    fn names_in_either_language_count_as_whole_words() {
        let taxonomy = Taxonomy {
            key: "countries".into(),
            slug: BTreeMap::new(),
            name: BTreeMap::new(),
            description: None,
            terms: vec![
                term("china", "Cina", "China"),
                term("kazakhstan", "Kazakistan", "Kazakhstan"),
                term("turkmenistan", "Turkmenistan", "Turkmenistan"),
                term("central-asia", "Asia centrale", "Central Asia"),
            ],
        };
        let text = words(
            "La Cina e il Kazakhstan; Kazakistan, cinese, Turkmenistan. L'Asia centrale e la Cina.",
        );
        assert_eq!(
            suggest(&text, &taxonomy),
            vec![
                ("china".into(), 2),
                ("kazakhstan".into(), 2),
                ("central-asia".into(), 1),
                ("turkmenistan".into(), 1),
            ]
        );
    }
}
