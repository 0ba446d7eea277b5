//! Which maps a page shows, in its language: the region on the language homes, a
//! locator on each term page of the map taxonomy, and on a document its own countries
//! (with its event's place) and the editors' maps its front-matter names.

use super::{Atlas, CountryLink, Extent, LegendItem, MapSpec, MapView, Mark};
use crate::config::{Config, Taxonomy, Ui};
use crate::diagnostics::Problem;
use crate::site::{Route, Site};
use serde::Serialize;

/// What one map shows, apart from the page it is on: equal keys draw equal bytes, so a
/// rendering draws each key once.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Key {
    lang: String,
    /// The page's way back to the output root: the links in the SVG start with it.
    root: String,
    what: What,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum What {
    /// Every term of the map taxonomy, shaded by its number of documents.
    Home,
    /// One term, highlighted among its neighbours.
    Term(String),
    /// A document's terms, and the place of its event where the data knows it: the
    /// data's place key and the name the document gives it.
    Countries {
        terms: Vec<String>,
        place: Option<(String, String)>,
    },
    /// An editor's map file, by name.
    File(String),
}

/// One map as `partials/map.html` shows it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Figure {
    /// `home`, `term`, `page` (a document's own countries) or `file` (an editor's map):
    /// templates place them by it.
    pub(crate) kind: &'static str,
    /// Unique on the page: the prefix of the SVG's ids.
    pub(crate) id: String,
    pub(crate) title: String,
    /// The editor's note under the map (map files only).
    pub(crate) note: Option<String>,
    pub(crate) svg: String,
    pub(crate) width: u32,
    pub(crate) height: u32,
    /// The countries in reading order (the order of the map's links).
    pub(crate) items: Vec<Item>,
    /// The choropleth's classes, lowest first (the home map only).
    pub(crate) legend: Vec<LegendItem>,
    pub(crate) legend_title: String,
    pub(crate) list_label: String,
    /// Says whose borders these are.
    pub(crate) de_facto: String,
    /// The places marked on the map.
    pub(crate) marks: Vec<String>,
}

/// One country of a map's list.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Item {
    /// The key drawn in its place on small screens.
    pub(crate) number: usize,
    pub(crate) key: String,
    pub(crate) name: String,
    /// Relative to the page, root included; none for the page's own term.
    pub(crate) href: Option<String>,
    /// The number of documents, as the page language says it (`2 analisi`).
    pub(crate) count: Option<String>,
    pub(crate) class: Option<usize>,
    pub(crate) highlighted: bool,
    pub(crate) on_map: bool,
}

/// The maps of `route` in `lang`, in the order the page shows them. None without maps.
pub(crate) fn keys(site: &Site, lang: &str, route: Route, root: &str) -> Vec<Key> {
    let (Some(_), Some(settings)) = (&site.atlas, &site.config.maps) else {
        return Vec::new();
    };
    let key = |what| Key {
        lang: lang.to_string(),
        root: root.to_string(),
        what,
    };
    match route {
        Route::Home => vec![key(What::Home)],
        Route::Term { taxonomy, term, .. } if taxonomy == settings.taxonomy => {
            vec![key(What::Term(term.to_string()))]
        }
        Route::Document(i) => {
            let doc = &site.documents[i];
            let terms = doc.meta.terms_of(&settings.taxonomy).to_vec();
            let mut keys = Vec::new();
            if !terms.is_empty() {
                let place = doc.meta.event.as_ref().and_then(|event| {
                    let (found, _) = site.atlas.as_ref()?.geo.place_named(&event.place)?;
                    Some((found.to_string(), event.place.clone()))
                });
                keys.push(key(What::Countries { terms, place }));
            }
            keys.extend(doc.meta.maps.iter().map(|n| key(What::File(n.clone()))));
            keys
        }
        _ => Vec::new(),
    }
}

/// Draws the map `key` names.
pub(crate) fn figure(site: &Site, key: &Key) -> Result<Figure, Problem> {
    let config = site.config;
    let (Some(atlas), Some(settings)) = (&site.atlas, &config.maps) else {
        return Err(config.problem_at(&["maps"], "this site draws no maps"));
    };
    let taxonomy = config
        .taxonomy(&settings.taxonomy)
        .ok_or_else(|| config.problem_at(&["maps"], "the map taxonomy is not declared"))?;
    let ui = &config.ui[&key.lang];
    let text = |k: &str| ui.get(k).to_string();
    let own = match &key.what {
        What::Term(term) => Some(term.as_str()),
        _ => None,
    };
    let links = links(site, taxonomy, key, own);
    let langs = fallbacks(config, &key.lang);
    let base = MapSpec {
        id: String::new(),
        langs: langs.clone(),
        title: String::new(),
        desc: String::new(),
        credit: text("map_credit"),
        extent: Extent::Region,
        countries: links,
        highlight: Vec::new(),
        marks: Vec::new(),
    };
    let (kind, spec, note) = match &key.what {
        What::Home => ("home", home_spec(site, taxonomy, key, base), None),
        What::Term(term) => ("term", term_spec(taxonomy, ui, term, &key.lang, base), None),
        What::Countries { terms, place } => {
            let spec = countries_spec(atlas, ui, terms, place, base);
            ("page", spec, None)
        }
        What::File(name) => {
            let (spec, note) = file_spec(atlas, config, name, &key.lang, &langs, base)?;
            ("file", spec, note)
        }
    };
    let view = draw_checked(atlas, config, &spec)?;
    // A place that fell outside the view is not marked: the text does not name it.
    let view = match &key.what {
        What::Countries { place: Some(_), .. } if view.marks.is_empty() => {
            let spec = MapSpec {
                desc: countries_desc(ui, &spec.countries, &spec.highlight, None),
                ..spec.clone()
            };
            draw_checked(atlas, config, &spec)?
        }
        _ => view,
    };
    Ok(Figure {
        kind,
        id: spec.id.clone(),
        title: spec.title.clone(),
        note,
        items: items(site, &key.lang, &spec, &view),
        svg: view.svg,
        width: view.width,
        height: view.height,
        legend: view.legend,
        legend_title: text("map_legend"),
        list_label: text("map_list"),
        de_facto: text("map_de_facto"),
        marks: view.marks,
    })
}

/// The locator of `term`, highlighted among its neighbours.
fn term_spec(taxonomy: &Taxonomy, ui: &Ui, term: &str, lang: &str, base: MapSpec) -> MapSpec {
    let name = term_name(taxonomy, term, lang);
    MapSpec {
        id: "map-term".into(),
        title: ui.get("map_term_title").replace("{name}", name),
        desc: ui.get("map_term_desc").replace("{name}", name),
        extent: Extent::Fit(vec![term.to_string()]),
        highlight: vec![term.to_string()],
        ..base
    }
}

/// The editors' map file `name`, and its note in `lang`.
fn file_spec(
    atlas: &Atlas,
    config: &Config,
    name: &str,
    lang: &str,
    langs: &[String],
    base: MapSpec,
) -> Result<(MapSpec, Option<String>), Problem> {
    let file = atlas
        .files
        .iter()
        .find(|f| f.name == name)
        .ok_or_else(|| config.problem_at(&["maps"], format!("no map file `{name}`")))?;
    let mut spec = file.spec(&atlas.geo, langs, base.countries, &base.credit);
    spec.id = format!("map-data-{}", crate::urls::slugify(name));
    let note = file.note.as_ref().and_then(|n| n.get(lang).cloned());
    Ok((spec, note))
}

fn draw_checked(atlas: &Atlas, config: &Config, spec: &MapSpec) -> Result<MapView, Problem> {
    atlas.draw(spec).map_err(|err| {
        config
            .problem_at(
                &["maps"],
                format!("cannot draw the map `{}`: {err}", spec.id),
            )
            .hint("check `maps:` in site.yaml and the map data it names")
    })
}

/// The languages names are looked up in: the page's, the site's default, then English,
/// the language of Natural Earth's own names.
fn fallbacks(config: &Config, lang: &str) -> Vec<String> {
    let mut langs = vec![lang.to_string()];
    for other in [config.default_language.as_str(), "en"] {
        if !langs.iter().any(|l| l == other) {
            langs.push(other.to_string());
        }
    }
    langs
}

fn term_name<'t>(taxonomy: &'t Taxonomy, term: &'t str, lang: &str) -> &'t str {
    taxonomy
        .terms
        .iter()
        .find(|t| t.key == term)
        .and_then(|t| t.names.get(lang))
        .map_or(term, |n| n.name.as_str())
}

/// Every term of the taxonomy, named in the page language and linked to its page (but
/// `own`, the page's own term), in the order of the taxonomy's lists: by name.
fn links(site: &Site, taxonomy: &Taxonomy, key: &Key, own: Option<&str>) -> Vec<CountryLink> {
    let mut links: Vec<CountryLink> = taxonomy
        .terms
        .iter()
        .map(|term| CountryLink {
            key: term.key.clone(),
            name: term_name(taxonomy, &term.key, &key.lang).to_string(),
            href: (own != Some(term.key.as_str())).then(|| {
                let path = site.path(
                    &key.lang,
                    Route::Term {
                        taxonomy: &taxonomy.key,
                        term: &term.key,
                        page: 1,
                    },
                );
                format!("{}{path}", key.root)
            }),
            count: None,
        })
        .collect();
    links.sort_by(|a, b| a.name.cmp(&b.name));
    links
}

fn home_spec(site: &Site, taxonomy: &Taxonomy, key: &Key, base: MapSpec) -> MapSpec {
    let ui = &site.config.ui[&key.lang];
    let countries: Vec<CountryLink> = base
        .countries
        .into_iter()
        .map(|link| CountryLink {
            count: Some(site.term_list(&taxonomy.key, &link.key, &key.lang).len()),
            ..link
        })
        .collect();
    MapSpec {
        id: "map-home".into(),
        title: ui.get("map_home_title").to_string(),
        desc: ui.get("map_home_desc").to_string(),
        highlight: countries
            .iter()
            .filter(|c| c.count.is_some_and(|n| n > 0))
            .map(|c| c.key.clone())
            .collect(),
        countries,
        ..base
    }
}

fn countries_spec(
    atlas: &Atlas,
    ui: &Ui,
    terms: &[String],
    place: &Option<(String, String)>,
    base: MapSpec,
) -> MapSpec {
    let marks: Vec<Mark> = place
        .iter()
        .filter_map(|(key, name)| {
            Some(Mark {
                name: name.clone(),
                at: atlas.geo.places.get(key)?.at,
            })
        })
        .collect();
    let named = marks.first().map(|m| m.name.as_str());
    MapSpec {
        id: "map-page".into(),
        title: ui.get("map_page_title").to_string(),
        desc: countries_desc(ui, &base.countries, terms, named),
        extent: Extent::Within(terms.to_vec()),
        highlight: terms.to_vec(),
        marks,
        ..base
    }
}

/// The text alternative of a document's map: the countries it highlights, in the list's
/// order, and the place it marks.
fn countries_desc(
    ui: &Ui,
    links: &[CountryLink],
    highlight: &[String],
    place: Option<&str>,
) -> String {
    let names: Vec<&str> = links
        .iter()
        .filter(|l| highlight.contains(&l.key))
        .map(|l| l.name.as_str())
        .collect();
    let mut desc = ui
        .get("map_page_desc")
        .replace("{names}", &names.join(", "));
    if let Some(place) = place {
        desc.push(' ');
        desc.push_str(&ui.get("map_place_desc").replace("{place}", place));
    }
    desc
}

/// The map's list: its countries with their counts in the page language.
fn items(site: &Site, lang: &str, spec: &MapSpec, view: &MapView) -> Vec<Item> {
    let config = site.config;
    let ui = &config.ui[lang];
    view.items
        .iter()
        .map(|item| Item {
            number: item.number,
            key: item.key.clone(),
            name: item.name.clone(),
            href: item.href.clone(),
            count: item
                .count
                .and_then(|n| ui.plural("briefing_count", n as u64, config.format(lang))),
            class: item.class,
            highlighted: spec.highlight.contains(&item.key),
            on_map: item.on_map,
        })
        .collect()
}
