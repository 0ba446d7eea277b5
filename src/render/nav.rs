//! The main navigation, the language switcher and the alternates of one page.

use crate::config::NavTarget;
use crate::site::{Route, Site};
use crate::urls::absolute;
use serde::Serialize;

#[derive(Serialize)]
pub(super) struct NavItem<'c> {
    /// What templates test for: a section's or taxonomy's key, `home`, `timeline`,
    /// `search`, or a page's NAME (`item.name == "about"`).
    pub name: &'c str,
    pub label: &'c str,
    pub path: String,
    pub current: bool,
}

/// The main navigation of a page of `lang`; `current` marks the part of the site
/// the page belongs to. A page entry without a version in `lang` is left out.
pub(super) fn nav<'c>(site: &Site<'c>, lang: &str, route: Route) -> Vec<NavItem<'c>> {
    let config = site.config;
    let ui = &config.ui[lang];
    let mut items = Vec::with_capacity(config.nav.len());
    for entry in &config.nav {
        let (target, label, current) = match &entry.target {
            NavTarget::Home => (Route::Home, ui.get("home"), route == Route::Home),
            NavTarget::Timeline => (
                Route::Timeline,
                ui.get("timeline"),
                route == Route::Timeline,
            ),
            NavTarget::Search => (Route::Search, ui.get("search"), route == Route::Search),
            NavTarget::Section(key) => {
                let Some(section) = config.section(key) else {
                    continue;
                };
                let current = match route {
                    Route::List { section, .. } => section == key,
                    Route::Document(i) => site.documents[i].section == *key,
                    _ => false,
                };
                let target = Route::List {
                    section: &section.key,
                    page: 1,
                };
                (target, section.name[lang].as_str(), current)
            }
            NavTarget::Taxonomy(key) => {
                let Some(tax) = config.taxonomy(key) else {
                    continue;
                };
                let current = match route {
                    Route::Taxonomy(t) | Route::Term { taxonomy: t, .. } => t == key,
                    _ => false,
                };
                (Route::Taxonomy(&tax.key), tax.name[lang].as_str(), current)
            }
            NavTarget::Page { section, name } => {
                let Some(i) = site.find(section, name, lang) else {
                    continue;
                };
                let label = entry.label.as_deref().map_or("", |l| ui.get(l));
                (Route::Document(i), label, route == Route::Document(i))
            }
        };
        items.push(NavItem {
            name: &entry.name,
            label,
            path: site.path(lang, target),
            current,
        });
    }
    items
}

#[derive(Serialize)]
pub(super) struct Alternate {
    pub lang: String,
    pub href: String,
}

#[derive(Serialize)]
pub(super) struct Switch {
    pub lang: String,
    pub name: String,
    pub path: String,
    /// No translation: the link goes to that language's home.
    pub missing: bool,
    /// Declared before the page's own language: the switcher lists it before the
    /// current language, so the order is the same on every page.
    pub before: bool,
    /// The notice a page without this translation shows, in the page's language.
    pub notice: Option<Notice>,
}

#[derive(Serialize)]
pub(super) struct Notice {
    pub text: String,
    pub link: String,
}

/// The hreflang alternates (with x-default when there are two or more) and the
/// language switcher of `route` in `lang`: every other language, in declared order.
pub(super) fn languages<'c>(
    site: &Site<'c>,
    lang: &str,
    route: Route<'c>,
) -> (Vec<Alternate>, Vec<Switch>) {
    let config = site.config;
    let ui = &config.ui[lang];
    let mut alternates = Vec::new();
    let mut switch = Vec::new();
    let mut before = true;
    for other in &config.languages {
        if let Some(r) = site.alternate(route, lang, &other.code) {
            alternates.push(Alternate {
                lang: other.code.clone(),
                href: absolute(&config.base_url, &site.path(&other.code, r)),
            });
        }
        if other.code == lang {
            before = false;
            continue;
        }
        let counterpart = site.counterpart(route, &other.code);
        let notice = counterpart.is_none().then(|| {
            let phrase = ui.get(&format!("in_{}", other.code));
            Notice {
                text: ui.get("no_translation").replace("{in_language}", phrase),
                link: ui
                    .get("no_translation_link")
                    .replace("{in_language}", phrase),
            }
        });
        switch.push(Switch {
            lang: other.code.clone(),
            name: other.name.clone(),
            path: site.path(&other.code, counterpart.unwrap_or(Route::Home)),
            missing: counterpart.is_none(),
            before,
            notice,
        });
    }
    if config.languages.len() == 1 {
        // One language: nothing to alternate with.
        alternates.clear();
    } else if alternates.len() > 1 {
        alternates.push(Alternate {
            lang: "x-default".into(),
            href: absolute(&config.base_url, &site.x_default(route, lang)),
        });
    }
    (alternates, switch)
}
