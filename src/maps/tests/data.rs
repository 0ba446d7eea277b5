//! Tests of the map data file: the countries and places the site names, the Caspian,
//! its size, and a broken file refused with its name.

use super::*;
use crate::maps::geo::{FILE_NAME, Group};
use std::collections::BTreeSet;
use std::path::Path;

#[test]
fn the_data_file_has_the_countries_the_site_names_and_stays_small() {
    let geo = geo();
    let subjects: BTreeSet<&str> = geo
        .countries
        .iter()
        .filter(|(_, c)| c.group == Group::Subject)
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(subjects, SUBJECTS.iter().map(|s| s.0).collect());
    for key in [
        "russia",
        "mongolia",
        "afghanistan",
        "iran",
        "pakistan",
        "india",
        "azerbaijan",
    ] {
        assert_eq!(geo.countries[key].group, Group::Neighbour, "{key}");
        assert!(!geo.countries[key].names["it"].is_empty(), "{key}");
    }
    assert!(geo.water.contains_key("caspian"));
    assert!(geo.source.contains("Natural Earth") && geo.licence == "public domain");
    assert_eq!(geo.scale, "1:50m");
    let [west, south, east, north] = geo.bounds;
    for point in geo.arcs.iter().flatten() {
        assert!(
            (west..=east).contains(&point[0]) && (south..=north).contains(&point[1]),
            "{point:?} lies outside the data's bounds"
        );
    }
    let size = std::fs::metadata(root().join("content/data").join(FILE_NAME))
        .unwrap()
        .len();
    assert!(size <= 40_000, "the map data grew to {size} bytes");
}

#[test]
fn every_place_lies_inside_its_own_country() {
    let geo = geo();
    assert!(geo.places.len() >= 6);
    for (key, place) in &geo.places {
        assert_eq!(
            geo.country_at(place.at),
            Some(place.country.as_str()),
            "{key}"
        );
    }
    // Briefings name Astana; the data's source calls it Nur-Sultan.
    let (key, place) = geo.place_named("astana").unwrap();
    assert_eq!((key, place.country.as_str()), ("astana", "kazakhstan"));
    assert!(geo.place_named("Pechino").is_some() && geo.place_named("Xi'an").is_none());
}

#[test]
fn the_caspian_is_water_that_no_country_covers() {
    let geo = geo();
    let rings: Vec<_> = geo.water["caspian"]
        .rings
        .iter()
        .filter_map(|r| geo.ring(r))
        .collect();
    let (middle, _) = crate::maps::label::pole(&rings).expect("the Caspian has an inside");
    assert_eq!(geo.country_at(middle), None, "{middle:?}");
    // Its shores are the five countries around it: each comes within 0.3° of it.
    for key in ["russia", "kazakhstan", "turkmenistan", "iran", "azerbaijan"] {
        let country = geo.country_rings(key);
        let near = rings[0].iter().any(|p| {
            country
                .iter()
                .flatten()
                .any(|q| (p[0] - q[0]).abs() < 0.3 && (p[1] - q[1]).abs() < 0.3)
        });
        assert!(near, "{key} does not reach the Caspian");
    }
}

#[test]
fn a_broken_data_file_is_an_error_naming_the_file() {
    let path = Path::new("content/data/central-asia.geo.yaml");
    let good = std::fs::read_to_string(root().join(path)).unwrap();
    let missing_arc = good.replacen("rings: [[", "rings: [[9999,", 1);
    let err = Geo::parse(&missing_arc, path).unwrap_err();
    assert!(err.message.contains("not in `arcs`"), "{err}");
    assert!(
        err.to_string()
            .starts_with("content/data/central-asia.geo.yaml"),
        "{err}"
    );
    let odd_arc = good.replacen("  - [", "  - [1,", 1);
    assert!(
        Geo::parse(&odd_arc, path)
            .unwrap_err()
            .message
            .contains("malformed")
    );
    let unknown = good.replacen("format: 1", "format: 1\nformats: 2", 1);
    assert!(
        Geo::parse(&unknown, path)
            .unwrap_err()
            .hint
            .contains("format")
    );
}
