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
        // The default: home, every listed section, every taxonomy, the timeline.
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
        return nav;
    };
    let mut nav = Vec::new();
    for (n, item) in entries.iter().enumerate() {
        let index = n.to_string();
        match item {
            RawNav::Name(name) => {
                let target = match name.as_str() {
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
                        continue;
                    }
                };
                nav.push(entry(name, target));
            }
            RawNav::Page { page, label } => {
                let parsed = page
                    .strip_prefix("@/")
                    .and_then(|p| p.strip_suffix(".md"))
                    .and_then(|p| p.split_once('/'))
                    .filter(|(s, name)| sections.iter().any(|x| x.key == *s) && !name.is_empty());
                let Some((section, name)) = parsed else {
                    c.push(
                        &["nav", &index],
                        format!(
                            "nav entry {} `{page}` is not a page of a declared section",
                            n + 1
                        ),
                        "write it as @/SECTION/NAME.md, e.g. @/pages/about.md",
                    );
                    continue;
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
                nav.push(NavEntry {
                    name: name.to_string(),
                    label: Some(label.clone()),
                    target: NavTarget::Page {
                        section: section.to_string(),
                        name: name.to_string(),
                    },
                });
            }
        }
    }
    nav
}

fn entry(name: &str, target: NavTarget) -> NavEntry {
    NavEntry {
        name: name.to_string(),
        label: None,
        target,
    }
}
