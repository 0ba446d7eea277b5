//! What the front-matter names, checked against the site (terms, authors, charts, maps),
//! and the shape of its free fields (`title`, `summary`, `extra`, `template`).

use super::fences::{Split, key_line};
use super::raw::FrontMatter;
use crate::config::Config;
use crate::diagnostics::{Problem, nearest};
use std::path::Path;

/// The terms, authors and charts the front-matter names: each one declared.
pub(super) fn check_names(
    front: &FrontMatter,
    split: &Split,
    path: &Path,
    config: &Config,
    chart_names: &[String],
    problems: &mut Vec<Problem>,
) {
    let at = |key: &str| key_line(split, key);
    for (field, keys) in &front.terms {
        let tax = config
            .taxonomy(field)
            .expect("only declared taxonomies are read");
        let known: Vec<&str> = tax.terms.iter().map(|t| t.key.as_str()).collect();
        for key in keys {
            if !known.contains(&key.as_str()) {
                let suggestion = nearest(&key.to_lowercase(), known.iter().copied())
                    .map(|k| format!("did you mean `{k}`?"))
                    .unwrap_or_else(|| format!("known {field}: {}", known.join(", ")));
                problems.push(
                    Problem::new(path, format!("unknown term `{key}` in `{field}`"))
                        .at(at(field), 1)
                        .hint(format!("{suggestion} (terms are defined in site.yaml)")),
                );
            }
        }
    }
    for author in &front.authors {
        if !config.authors.contains_key(author) {
            let known: Vec<&str> = config.authors.keys().map(String::as_str).collect();
            let suggestion = match nearest(author, known.iter().copied()) {
                Some(k) => format!("did you mean `{k}`?"),
                None if known.is_empty() => "site.yaml declares no `authors:`".to_string(),
                None => format!("known authors: {}", known.join(", ")),
            };
            problems.push(
                Problem::new(path, format!("unknown author `{author}`"))
                    .at(at("authors"), 1)
                    .hint(format!("{suggestion} (authors are declared in site.yaml)")),
            );
        }
    }
    for chart in &front.charts {
        if !chart_names.contains(chart) {
            problems.push(
                Problem::new(path, format!("unknown chart `{chart}`"))
                    .at(at("charts"), 1)
                    .hint(format!(
                        "add content/data/{chart}.yaml or use one of: {}",
                        chart_names.join(", ")
                    )),
            );
        }
    }
}

/// `title` and `summary` are not blank, `extra` is a mapping, `template` an `.html`
/// name inside templates/.
pub(super) fn check_shape(
    front: &FrontMatter,
    split: &Split,
    path: &Path,
    problems: &mut Vec<Problem>,
) {
    let at = |key: &str| key_line(split, key);
    for (key, value) in [("title", &front.title), ("summary", &front.summary)] {
        if value.as_deref().unwrap_or_default().trim().is_empty() {
            problems.push(
                Problem::new(path, format!("`{key}` is empty"))
                    .at(at(key), 1)
                    .hint("write it"),
            );
        }
    }
    if let Some(extra) = &front.extra
        && !extra.is_object()
    {
        problems.push(
            Problem::new(path, "`extra` is not a mapping")
                .at(at("extra"), 1)
                .hint("write it as `extra: { key: value, ... }`"),
        );
    }
    if let Some(template) = &front.template
        && (template.contains("..") || template.starts_with('/') || !template.ends_with(".html"))
    {
        problems.push(
            Problem::new(
                path,
                format!("template `{template}` is not a template name"),
            )
            .at(at("template"), 1)
            .hint("name an .html file of templates/, e.g. `template: wide.html`"),
        );
    }
}

/// The `maps:` of a front-matter against the map files of `content/data/` (`known`;
/// None when site.yaml asks for no maps): each one known, and named once.
pub(crate) fn check_maps(
    split: &Split,
    path: &Path,
    maps: &[String],
    known: Option<&[String]>,
) -> Vec<Problem> {
    let at = key_line(split, "maps");
    let Some(known) = known else {
        return match maps.first() {
            Some(name) => vec![
                Problem::new(path, format!("map `{name}` cannot be drawn: this site draws no maps"))
                    .at(at, 1)
                    .hint("add `maps: { taxonomy: TAXONOMY, data: NAME.geo.yaml }` to site.yaml, or remove `maps:` here"),
            ],
            None => Vec::new(),
        };
    };
    let mut problems = Vec::new();
    for (i, name) in maps.iter().enumerate() {
        if maps[..i].contains(name) {
            problems.push(
                Problem::new(path, format!("map `{name}` is named twice"))
                    .at(at, 1)
                    .hint("name each map once"),
            );
        } else if !known.contains(name) {
            let hint = match nearest(name, known.iter().map(String::as_str)) {
                Some(near) => format!("did you mean `{near}`?"),
                None if known.is_empty() => format!(
                    "add content/data/{name}.yaml with `kind: map`; there is no map file yet"
                ),
                None => format!(
                    "add content/data/{name}.yaml with `kind: map`, or use one of: {}",
                    known.join(", ")
                ),
            };
            problems.push(
                Problem::new(path, format!("unknown map `{name}`"))
                    .at(at, 1)
                    .hint(hint),
            );
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::frontmatter::split;

    #[test]
    fn maps_are_checked_against_the_map_files() {
        let text = "---\ntitle: a\nmaps: [summit, summit, sumit, other]\n---\n";
        let split = split(text, Path::new("a.en.md")).unwrap();
        let names: Vec<String> = text.lines().nth(2).unwrap()[7..]
            .trim_end_matches(']')
            .split(", ")
            .map(str::to_string)
            .collect();
        let known = ["summit".to_string()];
        let problems = check_maps(&split, Path::new("a.en.md"), &names, Some(&known));
        let messages: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 3, "{messages:?}");
        assert!(messages[0].starts_with("a.en.md:3:1: map `summit` is named twice"));
        assert!(messages[1].contains("unknown map `sumit`; did you mean `summit`?"));
        assert!(messages[2].contains("unknown map `other`; add content/data/other.yaml with `kind: map`, or use one of: summit"));
        assert!(check_maps(&split, Path::new("a.en.md"), &names[..1], Some(&known)).is_empty());
        let none = check_maps(&split, Path::new("a.en.md"), &names, None);
        assert_eq!(none.len(), 1);
        assert!(none[0].message.contains("this site draws no maps"));
        assert!(check_maps(&split, Path::new("a.en.md"), &[], None).is_empty());
    }
}
