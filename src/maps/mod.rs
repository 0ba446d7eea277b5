//! Maps of Central Asia drawn at build time as inline SVG, from the committed Natural
//! Earth outlines in `content/data/central-asia.geo.yaml`.
//!
//! The renderer reads the data once ([`Geo::load`]), then calls [`draw`] with a
//! [`MapSpec`] per map: which countries to name, link, highlight or shade, what to mark,
//! and the texts in the page language. The SVG carries no colour of its own: the classes
//! it uses are styled by the `/* Maps */` block of `static/style.css`.

mod draw;
pub(crate) mod geo;
pub(crate) mod kind;
mod label;
pub(crate) mod pages;
#[cfg(test)]
mod preview;
mod projection;
mod shapes;
#[cfg(test)]
mod tests;
mod text;

pub(crate) use geo::Geo;
use kind::MapFile;
use serde::Serialize;
use std::sync::Arc;

/// What a build draws its maps from: the outlines, read once, and the editors' maps.
#[derive(Debug, Clone)]
pub(crate) struct Atlas {
    pub(crate) geo: Arc<Geo>,
    /// The `kind: map` files of `content/data/`, by file name.
    pub(crate) files: Vec<MapFile>,
    /// Each area drawn so far, projected once for all the maps that show it.
    areas: Arc<shapes::Areas>,
}

impl Atlas {
    pub(crate) fn new(geo: Arc<Geo>, files: Vec<MapFile>) -> Atlas {
        Atlas {
            geo,
            files,
            areas: Arc::default(),
        }
    }

    /// Draws one map, as [`draw`] does, reusing the areas drawn before.
    pub(crate) fn draw(&self, spec: &MapSpec) -> Result<MapView, MapError> {
        check(&self.geo, spec)?;
        let names = self.geo.context_names(&spec.langs);
        let shapes = self.areas.shapes(&self.geo, &spec.extent);
        Ok(draw::draw(&self.geo, spec, &names, &shapes))
    }
}

/// The width of every map's view box; the height follows from the area shown.
pub(crate) const WIDTH: f64 = 1000.0;
/// The most one map may add to a page, in bytes (held by the tests, on the real pages too).
#[cfg(test)]
pub(crate) const MAX_SVG_BYTES: usize = 30 * 1024;

/// The area a map shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Extent {
    /// Central Asia and western China, centred near 45°N 75°E (the home map).
    Region,
    /// The countries with these keys, with their surroundings as context.
    Fit(Vec<String>),
    /// As `Fit`, but the region when that would show more than the region (China with
    /// Central Asia): a briefing's map stays a map of Central Asia.
    Within(Vec<String>),
}

/// One country the map names (and lists), in reading order.
#[derive(Debug, Clone)]
pub(crate) struct CountryLink {
    pub(crate) key: String,
    /// The label and accessible name in the page language (site.yaml's term name).
    pub(crate) name: String,
    /// Where the country's shape links to (relative, as every internal link).
    pub(crate) href: Option<String>,
    /// The number the choropleth shades by (briefings about the country).
    pub(crate) count: Option<usize>,
}

/// A place marked with a dot and its name.
#[derive(Debug, Clone)]
pub(crate) struct Mark {
    pub(crate) name: String,
    /// Longitude, latitude in degrees.
    pub(crate) at: [f64; 2],
}

/// What to draw; every text is in the page language.
#[derive(Debug, Clone)]
pub(crate) struct MapSpec {
    /// Unique on the page: the prefix of the SVG's element ids.
    pub(crate) id: String,
    /// The languages of the neighbours' and seas' names (from the data file), in order
    /// of preference: the page language first, then the fallbacks.
    pub(crate) langs: Vec<String>,
    pub(crate) title: String,
    /// The text alternative: what the map shows, in a sentence or two.
    pub(crate) desc: String,
    /// Must name "Natural Earth".
    pub(crate) credit: String,
    pub(crate) extent: Extent,
    /// Labelled, listed and (where `href` is given) linked, in this order.
    pub(crate) countries: Vec<CountryLink>,
    /// Keys drawn highlighted; any country of the data.
    pub(crate) highlight: Vec<String>,
    pub(crate) marks: Vec<Mark>,
}

/// One drawn map, ready for a template.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MapView {
    pub(crate) svg: String,
    pub(crate) width: u32,
    pub(crate) height: u32,
    /// The countries in reading order: the text list for screen readers and print.
    pub(crate) items: Vec<MapItem>,
    /// The choropleth's classes, lowest first; empty when nothing is shaded.
    pub(crate) legend: Vec<LegendItem>,
    /// The names of the marked places that lie on the map.
    pub(crate) marks: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct MapItem {
    /// The numbered key drawn on the map where labels give way (small screens).
    pub(crate) number: usize,
    pub(crate) key: String,
    pub(crate) name: String,
    pub(crate) href: Option<String>,
    pub(crate) count: Option<usize>,
    /// The choropleth class (`map-class-N`), when shaded.
    pub(crate) class: Option<usize>,
    pub(crate) highlighted: bool,
    /// Whether any of it lies in the map's view (and so has a shape, a link, a key).
    pub(crate) on_map: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct LegendItem {
    pub(crate) class: usize,
    /// The counts the class stands for: `0`, `2`, `3–5`.
    pub(crate) label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum MapError {
    #[error("the map data has no country `{0}`")]
    UnknownCountry(String),
    #[error("a map's credit line must name Natural Earth, whose data it draws: `{0}`")]
    Credit(String),
    #[error("a map needs an id")]
    NoId,
}

/// Draws one map: deterministic bytes for the same data and spec.
#[cfg(test)]
pub(crate) fn draw(geo: &Geo, spec: &MapSpec) -> Result<MapView, MapError> {
    check(geo, spec)?;
    let names = geo.context_names(&spec.langs);
    let shapes = shapes::Shapes::new(geo, &shapes::frame_for(geo, &spec.extent));
    Ok(draw::draw(geo, spec, &names, &shapes))
}

/// Every key the spec names is a country of the data; the credit names the source.
fn check(geo: &Geo, spec: &MapSpec) -> Result<(), MapError> {
    let keys = spec
        .countries
        .iter()
        .map(|c| &c.key)
        .chain(&spec.highlight)
        .chain(match &spec.extent {
            Extent::Fit(keys) | Extent::Within(keys) => keys.iter(),
            Extent::Region => [].iter(),
        });
    for key in keys {
        if !geo.countries.contains_key(key) {
            return Err(MapError::UnknownCountry(key.clone()));
        }
    }
    if !spec.credit.contains("Natural Earth") {
        return Err(MapError::Credit(spec.credit.clone()));
    }
    if spec.id.is_empty() {
        return Err(MapError::NoId);
    }
    Ok(())
}
