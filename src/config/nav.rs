//! The main navigation of `site.yaml`: named entries, checked against the sections,
//! taxonomies and UI strings; or the default one.

use super::checks::Checker;
use super::raw::{RawConfig, RawNav};
use super::{NavEntry, NavTarget, Section, Taxonomy, Ui};
use std::collections::BTreeMap;

pub(super) fn nav(
    c: &mut Checker,
    raw: &RawConfig,
    sections: &[Section],
    taxonomies: &[Taxonomy],
    ui: &BTreeMap<String, Ui>,
) -> Vec<NavEntry> {
    let Some(entries) = &raw.nav else {
        return default_nav(sections, taxonomies);
    };
    let mut nav = Vec::new();
    for (n, item) in entries.iter().enumerate() {
        let checked = match item {
            RawNav::Name(name) => named(c, n, name, sections, taxonomies),
            RawNav::Page { page, label } => page_entry(c, n, page, label, sections, ui),
        };
        nav.extend(checked);
    }
    nav
}

/// The default: home, every listed section, every taxonomy, the timeline.
fn default_nav(sections: &[Section], taxonomies: &[Taxonomy]) -> Vec<NavEntry> {
    let mut nav = vec![entry("home", NavTarget::Home)];
    for s in sections.iter().filter(|s| s.list.is_some()) {
        nav.push(entry(&s.key, NavTarget::Section(s.key.clone())));
    }
    for t in taxonomies {
        nav.push(entry(&t.key, NavTarget::Taxonomy(t.key.clone())));
    }
    if sections.iter().any(|s| s.timeline) {
        nav.push(entry("timeline", NavTarget::Timeline));
    }
    nav
}

/// Entry `n` (from 0) written as a name: `home`, `timeline`, `search`, a listed
/// section or a taxonomy.
fn named(
    c: &mut Checker,
    n: usize,
    name: &str,
    sections: &[Section],
    taxonomies: &[Taxonomy],
) -> Option<NavEntry> {
    let target = match name {
        "home" => NavTarget::Home,
        "timeline" => NavTarget::Timeline,
        "search" => NavTarget::Search,
        s if sections.iter().any(|x| x.key == s && x.list.is_some()) => {
            NavTarget::Section(s.into())
        }
        t if taxonomies.iter().any(|x| x.key == t) => NavTarget::Taxonomy(t.into()),
        other => {
            let mut known: Vec<&str> = vec!["home", "timeline", "search"];
            known.extend(
                sections
                    .iter()
                    .filter(|s| s.list.is_some())
                    .map(|s| s.key.as_str()),
            );
            known.extend(taxonomies.iter().map(|t| t.key.as_str()));
            c.push(
                &["nav"],
                format!("nav entry {} `{other}` names nothing to link", n + 1),
                format!(
                    "use one of {}, or {{ page: \"@/SECTION/NAME.md\", label: UI_KEY }}",
                    known.join(", ")
                ),
            );
            return None;
        }
    };
    Some(entry(name, target))
}

/// Entry `n` (from 0) written as `{ page: "@/SECTION/NAME.md", label: UI_KEY }`.
fn page_entry(
    c: &mut Checker,
    n: usize,
    page: &str,
    label: &str,
    sections: &[Section],
    ui: &BTreeMap<String, Ui>,
) -> Option<NavEntry> {
    let parsed = page
        .strip_prefix("@/")
        .and_then(|p| p.strip_suffix(".md"))
        .and_then(|p| p.split_once('/'))
        .filter(|(s, name)| sections.iter().any(|x| x.key == *s) && !name.is_empty());
    let Some((section, name)) = parsed else {
        c.push(
            &["nav", &n.to_string()],
            format!(
                "nav entry {} `{page}` is not a page of a declared section",
                n + 1
            ),
            "write it as @/SECTION/NAME.md, e.g. @/pages/about.md",
        );
        return None;
    };
    if ui.values().any(|u| !u.strings.contains_key(label)) {
        c.push(
            &["nav"],
            format!(
                "nav entry {} has the label `{label}`, which is no UI string",
                n + 1
            ),
            "name a key of the ui file, or add one",
        );
    }
    Some(NavEntry {
        name: name.to_string(),
        label: Some(label.to_string()),
        target: NavTarget::Page {
            section: section.to_string(),
            name: name.to_string(),
        },
    })
}

fn entry(name: &str, target: NavTarget) -> NavEntry {
    NavEntry {
        name: name.to_string(),
        label: None,
        target,
    }
}
