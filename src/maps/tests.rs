//! What the maps' tests share: the site's six countries, the data file read once, and
//! the specs of a region map and a locator; the tests sit in `tests/` by what they check.

mod data;
mod placement;
mod svg;

use super::*;
use std::path::PathBuf;
use std::sync::OnceLock;

const SUBJECTS: [(&str, &str, &str); 6] = [
    ("china", "Cina", "China"),
    ("kazakhstan", "Kazakistan", "Kazakhstan"),
    ("kyrgyzstan", "Kirghizistan", "Kyrgyzstan"),
    ("tajikistan", "Tagikistan", "Tajikistan"),
    ("turkmenistan", "Turkmenistan", "Turkmenistan"),
    ("uzbekistan", "Uzbekistan", "Uzbekistan"),
];

pub(super) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(super) fn geo() -> &'static Geo {
    static GEO: OnceLock<Geo> = OnceLock::new();
    GEO.get_or_init(|| Geo::load(&root()).unwrap_or_else(|p| panic!("{p}")))
}

/// The six countries named in `lang`, linked to their (made-up) country pages.
fn links(lang: &str, counts: Option<[usize; 6]>) -> Vec<CountryLink> {
    SUBJECTS
        .iter()
        .enumerate()
        .map(|(i, (key, it, en))| CountryLink {
            key: key.to_string(),
            name: if lang == "it" { it } else { en }.to_string(),
            href: Some(format!("../paesi/{key}/index.html")),
            count: counts.map(|c| c[i]),
        })
        .collect()
}

fn spec(lang: &str, extent: Extent, highlight: &[&str]) -> MapSpec {
    MapSpec {
        id: "map-test".into(),
        langs: vec![lang.into()],
        title: "Asia centrale".into(),
        desc: "Una mappa".into(),
        credit: "Confini: Natural Earth".into(),
        extent,
        countries: links(lang, None),
        highlight: highlight.iter().map(|k| k.to_string()).collect(),
        marks: Vec::new(),
    }
}

pub(super) fn home(lang: &str) -> MapSpec {
    MapSpec {
        countries: links(lang, Some([2, 2, 1, 1, 1, 1])),
        highlight: SUBJECTS.iter().map(|s| s.0.to_string()).collect(),
        ..spec(lang, Extent::Region, &[])
    }
}

pub(super) fn locator(lang: &str, key: &str) -> MapSpec {
    spec(lang, Extent::Fit(vec![key.into()]), &[key])
}

pub(super) fn astana() -> Mark {
    let (_, place) = geo().place_named("Astana").expect("Astana is in the data");
    Mark {
        name: place.names["en"].clone(),
        at: place.at,
    }
}

fn parse(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}\n{svg}"))
}

fn has_class(node: &roxmltree::Node, class: &str) -> bool {
    node.attribute("class")
        .is_some_and(|c| c.split(' ').any(|c| c == class))
}
