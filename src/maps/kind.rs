//! The `map` data kind: an editor's map in `content/data/NAME.yaml` (`kind: map`), with
//! its countries highlighted, its places marked and its texts in every language.
//!
//! ```yaml
//! kind: map
//! title: { it: "Il vertice di Astana", en: "The Astana summit" }
//! note: { it: "...", en: "..." }          # optional, shown under the map
//! description: { it: "...", en: "..." }   # optional text alternative (else the note)
//! countries: [china, kazakhstan]          # highlighted; keys of the map data
//! places: [astana]                        # optional; keys or names of its places
//! extent: fit                             # optional: fit (the countries) or region
//! ```

use super::{CountryLink, Extent, Geo, MapSpec, Mark};
use crate::diagnostics::{Problem, line_of, nearest};
use crate::yaml;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

type Texts = BTreeMap<String, String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    kind: String,
    title: Texts,
    note: Option<Texts>,
    description: Option<Texts>,
    countries: Vec<String>,
    #[serde(default)]
    places: Vec<String>,
    extent: Option<String>,
}

const FIELDS: [&str; 7] = [
    "kind",
    "title",
    "note",
    "description",
    "countries",
    "places",
    "extent",
];

/// An editor's map, checked against the map data and the site's languages.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MapFile {
    /// The file name without `.yaml`: what a briefing's front-matter names.
    pub(crate) name: String,
    pub(crate) title: Texts,
    pub(crate) note: Option<Texts>,
    pub(crate) description: Option<Texts>,
    /// Keys of the map data's countries, highlighted.
    pub(crate) countries: Vec<String>,
    /// Keys of the map data's places, marked.
    pub(crate) places: Vec<String>,
    pub(crate) extent: Extent,
}

/// Whether a data file declares itself a map (`kind: map` at the top level).
pub(crate) fn is_map(text: &str) -> bool {
    text.lines().any(|line| {
        line.strip_prefix("kind:").map(|rest| {
            rest.split('#')
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches(['"', '\''])
        }) == Some("map")
    })
}

pub(crate) fn parse(
    text: &str,
    path: &Path,
    name: &str,
    langs: &[&str],
    geo: &Geo,
) -> Result<MapFile, Problem> {
    let raw: Raw = yaml::parse(text, path, 1, &FIELDS)?;
    let at = |needle: &str| line_of(text, needle);
    if raw.kind != "map" {
        return Err(Problem::new(
            path,
            format!("`kind: {}` is not a kind this file can be", raw.kind),
        )
        .at(at("kind"), 1)
        .hint("write `kind: map`, or remove `kind` for a chart's data"));
    }
    let texts = [
        ("title", Some(&raw.title)),
        ("note", raw.note.as_ref()),
        ("description", raw.description.as_ref()),
    ];
    for (field, map) in texts {
        let Some(map) = map else { continue };
        if let Some(lang) = langs.iter().find(|l| !map.contains_key(**l)) {
            return Err(
                Problem::new(path, format!("`{field}` has no `{lang}` text"))
                    .at(at(field), 1)
                    .hint(format!(
                        "give the text in every language: {}",
                        langs.join(", ")
                    )),
            );
        }
    }
    let countries = keys(&raw.countries, geo.countries.keys(), "country", text, path)?;
    if countries.is_empty() {
        return Err(Problem::new(path, "`countries` is empty")
            .at(at("countries"), 1)
            .hint("name the countries the map highlights, e.g. `countries: [kazakhstan]`"));
    }
    let places = places(&raw.places, geo, text, path)?;
    let extent = match raw.extent.as_deref() {
        None | Some("fit") => Extent::Fit(countries.clone()),
        Some("region") => Extent::Region,
        Some(other) => {
            return Err(
                Problem::new(path, format!("`extent: {other}` is not an extent"))
                    .at(at("extent"), 1)
                    .hint("use `fit` (the countries and their surroundings) or `region`"),
            );
        }
    };
    Ok(MapFile {
        name: name.to_string(),
        title: raw.title,
        note: raw.note,
        description: raw.description,
        countries,
        places,
        extent,
    })
}

/// The keys, each known and named once.
fn keys<'a>(
    wanted: &[String],
    known: impl Iterator<Item = &'a String> + Clone,
    what: &str,
    text: &str,
    path: &Path,
) -> Result<Vec<String>, Problem> {
    let mut out: Vec<String> = Vec::new();
    for key in wanted {
        if !known.clone().any(|k| k == key) {
            let hint = match nearest(key, known.clone().map(String::as_str)) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!(
                    "the map data knows: {}",
                    known
                        .clone()
                        .map(String::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            return Err(Problem::new(path, format!("unknown {what} `{key}`"))
                .at(line_of(text, key), 1)
                .hint(hint));
        }
        if out.contains(key) {
            return Err(Problem::new(path, format!("{what} `{key}` is named twice"))
                .at(line_of(text, key), 1)
                .hint("name each once"));
        }
        out.push(key.clone());
    }
    Ok(out)
}

/// Place keys for the names an editor wrote (a key, or a name in any language).
fn places(wanted: &[String], geo: &Geo, text: &str, path: &Path) -> Result<Vec<String>, Problem> {
    let resolved: Vec<String> = wanted
        .iter()
        .map(|w| {
            geo.place_named(w)
                .map_or_else(|| w.clone(), |(key, _)| key.to_string())
        })
        .collect();
    keys(&resolved, geo.places.keys(), "place", text, path)
}

impl MapFile {
    /// The spec that draws this map in `langs[0]`, the page language (the others are
    /// the fallbacks for names the map data lacks): the file's countries highlighted, its
    /// places marked, `links` (site.yaml's countries, named in that language) labelled
    /// and listed.
    pub(crate) fn spec(
        &self,
        geo: &Geo,
        langs: &[String],
        links: Vec<CountryLink>,
        credit: &str,
    ) -> MapSpec {
        let lang = langs.first().map_or("", String::as_str);
        let text = |map: &Texts| map.get(lang).cloned().unwrap_or_default();
        let desc = self
            .description
            .as_ref()
            .or(self.note.as_ref())
            .map_or_else(|| text(&self.title), text);
        let marks = self
            .places
            .iter()
            .filter_map(|key| geo.places.get(key))
            .map(|place| Mark {
                name: place.name(langs).to_string(),
                at: place.at,
            })
            .collect();
        MapSpec {
            id: format!("map-{}", crate::urls::slugify(&self.name)),
            langs: langs.to_vec(),
            title: text(&self.title),
            desc,
            credit: credit.to_string(),
            extent: self.extent.clone(),
            countries: links,
            highlight: self.countries.clone(),
            marks,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn geo() -> Geo {
        Geo::load(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    const GOOD: &str = "kind: map\n\
        title: { it: \"Il vertice\", en: \"The summit\" }\n\
        note: { it: \"Nota\", en: \"Note\" }\n\
        countries: [china, kazakhstan]\n\
        places: [Astana]\n";

    fn parse_text(text: &str) -> Result<MapFile, Problem> {
        parse(
            text,
            Path::new("content/data/summit.yaml"),
            "summit",
            &["it", "en"],
            &geo(),
        )
    }

    #[test]
    fn a_map_file_names_its_countries_places_and_texts() {
        assert!(is_map(GOOD) && is_map("title: x\nkind: 'map' # a map\n"));
        assert!(!is_map("title: { it: kind: map }\nbars: []\n"));
        let map = parse_text(GOOD).unwrap();
        assert_eq!(map.countries, ["china", "kazakhstan"]);
        assert_eq!(map.places, ["astana"]);
        assert_eq!(
            map.extent,
            Extent::Fit(vec!["china".into(), "kazakhstan".into()])
        );
        let geo = geo();
        let spec = map.spec(&geo, &["it".into()], Vec::new(), "Confini: Natural Earth");
        assert_eq!(
            (spec.title.as_str(), spec.desc.as_str()),
            ("Il vertice", "Nota")
        );
        assert_eq!(spec.marks.len(), 1);
        assert_eq!(spec.marks[0].name, "Astana");
        let view = super::super::draw(&geo, &spec).unwrap();
        assert_eq!(view.marks, ["Astana"]);
        let region = parse_text(&format!("{GOOD}extent: region\n")).unwrap();
        assert_eq!(region.extent, Extent::Region);
    }

    #[test]
    fn mistakes_point_at_their_line_with_a_way_out() {
        let cases = [
            (
                GOOD.replace("kazakhstan]", "kazakstan]"),
                4,
                "unknown country `kazakstan`",
                "did you mean `kazakhstan`?",
            ),
            (
                GOOD.replace("[Astana]", "[Xian]"),
                5,
                "unknown place `Xian`",
                "the map data knows: ashgabat",
            ),
            (
                GOOD.replace("china, kazakhstan", "china, china"),
                4,
                "named twice",
                "once",
            ),
            (
                GOOD.replace(", en: \"Note\"", ""),
                3,
                "`note` has no `en` text",
                "every language",
            ),
            (
                GOOD.replace("kind: map", "kind: chart"),
                1,
                "`kind: chart`",
                "kind: map",
            ),
            (
                format!("{GOOD}extent: world\n"),
                6,
                "`extent: world`",
                "fit",
            ),
            (
                GOOD.replace("countries: [china, kazakhstan]", "countries: []"),
                4,
                "`countries` is empty",
                "e.g.",
            ),
            (
                format!("{GOOD}colour: red\n"),
                6,
                "unknown field `colour`",
                "known fields",
            ),
        ];
        for (text, line, message, hint) in cases {
            let err = parse_text(&text).unwrap_err();
            assert_eq!(err.line, line, "{err}");
            assert!(err.message.contains(message), "{err}");
            assert!(err.hint.contains(hint), "{err}");
            assert!(
                err.to_string().starts_with("content/data/summit.yaml:"),
                "{err}"
            );
        }
    }
}
