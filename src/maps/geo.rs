//! The map data file (`content/data/central-asia.geo.yaml`): read once, checked, decoded.

use crate::diagnostics::Problem;
use crate::yaml;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// A point as (longitude, latitude) in degrees.
pub(crate) type LonLat = [f64; 2];

/// A ring as arc references: `i` is arc `i`, `-1 - i` is arc `i` walked backwards.
pub(crate) type ArcRing = Vec<i64>;

/// Everything the maps draw: outlines that share their borders (as TopoJSON does), the
/// seas and lakes, and the places a map can mark.
#[derive(Debug, Clone)]
pub(crate) struct Geo {
    // What the file says of itself; the tests hold the maps to it.
    #[cfg_attr(not(test), allow(dead_code))]
    /// The source line for credits, e.g. "Natural Earth 4.1.0 via world-atlas 2.0.2 ...".
    pub(crate) source: String,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) scale: String,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) licence: String,
    /// The clip box, [west, south, east, north]: nothing lies outside it.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) bounds: [f64; 4],
    /// Polylines in degrees; shared borders are stored once.
    pub(crate) arcs: Vec<Vec<LonLat>>,
    pub(crate) countries: BTreeMap<String, Country>,
    /// All land that is none of the countries above, merged.
    pub(crate) land: Vec<ArcRing>,
    /// Named seas (the Caspian), drawn under the land.
    pub(crate) water: BTreeMap<String, Water>,
    /// Unnamed lakes, drawn over the land.
    pub(crate) lakes: Vec<ArcRing>,
    pub(crate) places: BTreeMap<String, Place>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Group {
    /// One of the countries the site is about (a `countries` term of site.yaml).
    Subject,
    /// Drawn for context; named by the data file.
    Neighbour,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Country {
    pub(crate) group: Group,
    /// Names per language (neighbours only: the subjects' names are site.yaml's).
    #[serde(default)]
    pub(crate) names: BTreeMap<String, String>,
    pub(crate) rings: Vec<ArcRing>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Water {
    pub(crate) names: BTreeMap<String, String>,
    pub(crate) rings: Vec<ArcRing>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Place {
    pub(crate) names: BTreeMap<String, String>,
    /// The name in the source data, when it differs from ours (Nur-Sultan for Astana).
    pub(crate) source_name: String,
    /// The key of the country the place is in.
    pub(crate) country: String,
    pub(crate) at: LonLat,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    format: u32,
    source: String,
    scale: String,
    licence: String,
    bounds: [f64; 4],
    countries: BTreeMap<String, Country>,
    land: Rings,
    water: BTreeMap<String, Water>,
    lakes: Rings,
    places: BTreeMap<String, Place>,
    arcs: Vec<Vec<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Rings {
    rings: Vec<ArcRing>,
}

const FIELDS: [&str; 11] = [
    "format",
    "source",
    "scale",
    "licence",
    "bounds",
    "countries",
    "land",
    "water",
    "lakes",
    "places",
    "arcs",
];

/// The file name under `content/data/` of this repository's map data.
#[cfg(test)]
pub(crate) const FILE_NAME: &str = "central-asia.geo.yaml";

impl Geo {
    /// Reads `ROOT/content/data/central-asia.geo.yaml`.
    #[cfg(test)]
    pub(crate) fn load(root: &Path) -> Result<Geo, Problem> {
        let file = root.join("content").join("data").join(FILE_NAME);
        Geo::load_file(&file, &file)
    }

    /// Reads the map data in `file`; problems name it as `display`.
    pub(crate) fn load_file(file: &Path, display: &Path) -> Result<Geo, Problem> {
        let text = crate::files::read_text(file, display).map_err(|p| {
            p.hint("site.yaml's `maps.data` names it; `node tools/map-data/convert.mjs` makes it")
        })?;
        Geo::parse(&text, display)
    }

    pub(crate) fn parse(text: &str, path: &Path) -> Result<Geo, Problem> {
        let raw: Raw = yaml::parse(text, path, 1, &FIELDS)?;
        let broken = |message: String| {
            Problem::new(path, message)
                .hint("regenerate the file with `node tools/map-data/convert.mjs`")
        };
        if raw.format != 1 {
            return Err(broken(format!(
                "map data format {} is not the one this briefing reads (1)",
                raw.format
            )));
        }
        let arcs = raw
            .arcs
            .iter()
            .enumerate()
            .map(|(i, flat)| {
                decode_arc(flat).ok_or_else(|| broken(format!("arc {i} is malformed")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let geo = Geo {
            source: raw.source,
            scale: raw.scale,
            licence: raw.licence,
            bounds: raw.bounds,
            arcs,
            countries: raw.countries,
            land: raw.land.rings,
            water: raw.water,
            lakes: raw.lakes.rings,
            places: raw.places,
        };
        geo.check().map_err(broken)?;
        Ok(geo)
    }

    /// Every ring closes and refers to arcs that exist; every place names a country.
    fn check(&self) -> Result<(), String> {
        let shapes = self
            .countries
            .iter()
            .map(|(k, c)| (k.as_str(), &c.rings))
            .chain(self.water.iter().map(|(k, w)| (k.as_str(), &w.rings)))
            .chain([("land", &self.land), ("lakes", &self.lakes)]);
        for (key, rings) in shapes {
            for ring in rings {
                let points = self
                    .ring(ring)
                    .ok_or_else(|| format!("`{key}` refers to an arc that is not in `arcs`"))?;
                if points.first() != points.last() {
                    return Err(format!("a ring of `{key}` does not close"));
                }
            }
        }
        for (key, place) in &self.places {
            if !self.countries.contains_key(&place.country) {
                return Err(format!(
                    "place `{key}` lies in `{}`, which is not a country of the file",
                    place.country
                ));
            }
        }
        Ok(())
    }

    /// The points of a ring, arcs joined end to start; None for an unknown arc.
    pub(crate) fn ring(&self, ring: &[i64]) -> Option<Vec<LonLat>> {
        join_arcs(ring, |i| self.arcs.get(i).map(Vec::as_slice))
    }

    /// The rings of a country in degrees.
    pub(crate) fn country_rings(&self, key: &str) -> Vec<Vec<LonLat>> {
        self.countries.get(key).map_or_else(Vec::new, |c| {
            c.rings.iter().filter_map(|r| self.ring(r)).collect()
        })
    }

    /// The country whose shape holds the point, if any (even-odd rule, as drawn).
    #[cfg(test)]
    pub(crate) fn country_at(&self, point: LonLat) -> Option<&str> {
        self.countries
            .keys()
            .find(|key| inside(point, &self.country_rings(key)))
            .map(String::as_str)
    }

    /// The place an editor means by `name` (its key, or its name in any language).
    pub(crate) fn place_named(&self, name: &str) -> Option<(&str, &Place)> {
        let wanted = name.trim().to_lowercase();
        self.places
            .iter()
            .find(|(key, place)| {
                **key == wanted || place.names.values().any(|n| n.to_lowercase() == wanted)
            })
            .map(|(key, place)| (key.as_str(), place))
    }

    /// The names of the neighbours and seas, by key, each in the first of `langs` the
    /// data has a name in; one named in none of them is left out (drawn unlabelled).
    pub(crate) fn context_names(&self, langs: &[String]) -> BTreeMap<String, String> {
        let named = self
            .countries
            .iter()
            .filter(|(_, c)| c.group == Group::Neighbour)
            .map(|(k, c)| (k, &c.names))
            .chain(self.water.iter().map(|(k, w)| (k, &w.names)));
        named
            .filter_map(|(key, names)| {
                let name = langs.iter().find_map(|l| names.get(l))?;
                Some((key.clone(), name.clone()))
            })
            .collect()
    }
}

impl Place {
    /// Its name in the first of `langs` the data has, else the source data's.
    pub(crate) fn name(&self, langs: &[String]) -> &str {
        langs
            .iter()
            .find_map(|l| self.names.get(l))
            .unwrap_or(&self.source_name)
    }
}

/// A flat `[x0, y0, dx1, dy1, ...]` list of hundredths of a degree, as degrees.
fn decode_arc(flat: &[i64]) -> Option<Vec<LonLat>> {
    if flat.len() < 4 || !flat.len().is_multiple_of(2) {
        return None;
    }
    let (mut x, mut y) = (0i64, 0i64);
    let mut out = Vec::with_capacity(flat.len() / 2);
    for pair in flat.chunks(2) {
        x = x.checked_add(pair[0])?;
        y = y.checked_add(pair[1])?;
        out.push([x as f64 / 100.0, y as f64 / 100.0]);
    }
    Some(out)
}

/// The arcs of a ring joined: each next arc starts where the one before ended.
pub(crate) fn join_arcs<'a, T: Copy + 'a>(
    ring: &[i64],
    arc: impl Fn(usize) -> Option<&'a [T]>,
) -> Option<Vec<T>> {
    let mut out: Vec<T> = Vec::new();
    for &index in ring {
        let (i, backwards) = if index < 0 {
            (usize::try_from(-1 - index).ok()?, true)
        } else {
            (usize::try_from(index).ok()?, false)
        };
        let points = arc(i)?;
        let skip = usize::from(!out.is_empty());
        if backwards {
            out.extend(points.iter().rev().skip(skip));
        } else {
            out.extend(points.iter().skip(skip));
        }
    }
    Some(out)
}

/// Whether `point` is inside the rings by the even-odd rule.
pub(crate) fn inside(point: [f64; 2], rings: &[Vec<[f64; 2]>]) -> bool {
    let [x, y] = point;
    let mut odd = false;
    for ring in rings {
        for pair in ring.windows(2) {
            let ([x1, y1], [x2, y2]) = (pair[0], pair[1]);
            if (y1 > y) != (y2 > y) && x < x1 + (y - y1) * (x2 - x1) / (y2 - y1) {
                odd = !odd;
            }
        }
    }
    odd
}
