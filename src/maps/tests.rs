use super::draw::classes;
use super::geo::{FILE_NAME, Group};
use super::projection::{CENTRE, Lambert, PARALLELS};
use super::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
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
    let (middle, _) = super::label::pole(&rings).expect("the Caspian has an inside");
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
fn the_projection_is_a_conic_centred_on_the_region() {
    let p = Lambert::new(CENTRE[0], CENTRE[1], PARALLELS);
    let [x, y] = p.project(CENTRE);
    assert!(x.abs() < 1e-12 && y.abs() < 1e-12);
    // North is up; east is right; meridians converge towards the pole.
    assert!(p.project([75.0, 50.0])[1] > 0.0 && p.project([80.0, 45.0])[0] > 0.0);
    let width = |lat: f64| p.project([80.0, lat])[0] - p.project([70.0, lat])[0];
    assert!(width(55.0) < width(35.0));
    // True scale on both standard parallels, a little smaller between them.
    let scale = |lat: f64| {
        let a = p.project([75.0, lat]);
        let b = p.project([75.01, lat]);
        (b[0] - a[0]).hypot(b[1] - a[1]) / (0.01f64.to_radians() * lat.to_radians().cos())
    };
    assert!((scale(35.0) - 1.0).abs() < 1e-3 && (scale(55.0) - 1.0).abs() < 1e-3);
    assert!(scale(45.0) < 0.99);
}

#[test]
fn the_svg_parses_and_highlights_exactly_the_countries_asked() {
    for (extent, highlight) in [
        (Extent::Region, vec!["kazakhstan", "china"]),
        (Extent::Fit(vec!["kyrgyzstan".into()]), vec!["kyrgyzstan"]),
        (Extent::Region, vec![]),
    ] {
        let view = draw(geo(), &spec("it", extent, &highlight)).unwrap();
        let doc = parse(&view.svg);
        let drawn: BTreeSet<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("path") && has_class(n, "map-highlight"))
            .filter_map(|n| n.attribute("data-key"))
            .collect();
        assert_eq!(drawn, highlight.iter().copied().collect());
        assert_eq!(
            doc.descendants()
                .filter(|n| has_class(n, "map-outline"))
                .count(),
            usize::from(!highlight.is_empty())
        );
    }
}

#[test]
fn links_names_and_texts_are_the_ones_passed_in_reading_order() {
    let mut spec = home("it");
    spec.title = "Paesi <e> briefing".into();
    spec.countries[3].href = None;
    let view = draw(geo(), &spec).unwrap();
    let doc = parse(&view.svg);
    let svg = doc.root_element();
    assert_eq!(svg.attribute("aria-labelledby"), Some("map-test-title"));
    let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
    assert_eq!(
        (title.attribute("id"), title.text()),
        (Some("map-test-title"), Some("Paesi <e> briefing"))
    );
    let links: Vec<(String, String, String)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .map(|a| {
            let key = a.children().find(|c| c.has_tag_name("path")).unwrap();
            (
                a.attribute("href").unwrap().to_string(),
                a.attribute("aria-label").unwrap().to_string(),
                key.attribute("data-key").unwrap().to_string(),
            )
        })
        .collect();
    let expected: Vec<_> = spec
        .countries
        .iter()
        .filter_map(|c| Some((c.href.clone()?, c.name.clone(), c.key.clone())))
        .collect();
    assert_eq!(links, expected);
    assert_eq!(links.len(), 5);
    let labels: BTreeSet<&str> = doc
        .descendants()
        .filter(|n| has_class(n, "map-label-country"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        labels.contains("Kazakistan") && labels.contains("Tagikistan"),
        "{labels:?}"
    );
    let credit = doc
        .descendants()
        .find(|n| has_class(n, "map-credit"))
        .unwrap();
    assert_eq!(credit.text(), Some("Confini: Natural Earth"));
    let numbers: Vec<usize> = view.items.iter().map(|i| i.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6]);
    assert_eq!(view.items[1].name, "Kazakistan");
}

#[test]
fn neighbours_and_seas_are_named_in_the_page_language() {
    for (lang, sea, azerbaijan) in [
        ("it", "Mar Caspio", "Azerbaigian"),
        ("en", "Caspian Sea", "Azerbaijan"),
    ] {
        let view = draw(geo(), &spec(lang, Extent::Region, &[])).unwrap();
        let doc = parse(&view.svg);
        let texts: BTreeSet<&str> = doc
            .descendants()
            .filter(|n| has_class(n, "map-label"))
            .filter_map(|n| n.text())
            .collect();
        assert!(
            texts.contains(sea) && texts.contains(azerbaijan),
            "{lang}: {texts:?}"
        );
    }
    // A language the data has no names in falls back to the next language asked for.
    let french = MapSpec {
        langs: vec!["fr".into(), "en".into()],
        ..spec("fr", Extent::Region, &[])
    };
    let doc_text = draw(geo(), &french).unwrap().svg;
    assert!(doc_text.contains(">Caspian Sea<"), "{doc_text}");
    // And with no fallback, neighbours and seas go unlabelled rather than failing.
    let bare = draw(geo(), &spec("fr", Extent::Region, &[])).unwrap();
    let doc = parse(&bare.svg);
    assert!(
        !doc.descendants()
            .any(|n| has_class(&n, "map-label-neighbour") || has_class(&n, "map-label-water"))
    );
    assert!(
        doc.descendants()
            .any(|n| has_class(&n, "map-label-country"))
    );
}

#[test]
fn every_map_stays_within_its_byte_budget() {
    let mut sizes = vec![("region", draw(geo(), &home("it")).unwrap().svg.len())];
    for key in geo().countries.keys() {
        let view = draw(geo(), &locator("en", key)).unwrap();
        sizes.push((key, view.svg.len()));
    }
    for (name, size) in &sizes {
        assert!(*size <= MAX_SVG_BYTES, "{name}: {size} bytes: {sizes:?}");
    }
}

#[test]
fn two_draws_are_byte_identical() {
    let spec = MapSpec {
        marks: vec![astana()],
        ..home("en")
    };
    let again = Geo::load(&root()).unwrap();
    assert_eq!(
        draw(geo(), &spec).unwrap().svg,
        draw(&again, &spec).unwrap().svg
    );
}

#[test]
fn coordinates_are_integers() {
    let view = draw(
        geo(),
        &MapSpec {
            marks: vec![astana()],
            ..home("en")
        },
    )
    .unwrap();
    let doc = parse(&view.svg);
    for node in doc.descendants().filter(|n| n.is_element()) {
        for attr in ["d", "x", "y", "cx", "cy", "r", "width", "height"] {
            if let Some(value) = node.attribute(attr) {
                assert!(
                    !value.contains('.') && !value.contains('e'),
                    "{attr}=\"{}\"",
                    &value[..value.len().min(60)]
                );
            }
        }
    }
}

#[test]
fn a_mark_is_drawn_where_it_lies_and_only_there() {
    let beijing = geo().place_named("beijing").unwrap().1;
    let marks = vec![
        astana(),
        Mark {
            name: "Beijing".into(),
            at: beijing.at,
        },
    ];
    let region = draw(
        geo(),
        &MapSpec {
            marks: marks.clone(),
            ..home("en")
        },
    )
    .unwrap();
    assert_eq!(
        region.marks,
        ["Astana"],
        "Beijing lies east of the region map"
    );
    let china = draw(
        geo(),
        &MapSpec {
            marks,
            ..locator("en", "china")
        },
    )
    .unwrap();
    assert_eq!(china.marks, ["Astana", "Beijing"]);
    let doc = parse(&china.svg);
    let places: Vec<&str> = doc
        .descendants()
        .filter(|n| has_class(n, "map-label-place"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(places, ["Astana", "Beijing"]);
    assert_eq!(
        doc.descendants()
            .filter(|n| has_class(n, "map-mark"))
            .count(),
        2
    );
}

#[test]
fn the_choropleth_shades_by_count_in_a_few_classes() {
    let (classes_of, legend) = classes(&[2, 2, 1, 1, 1, 0]);
    assert_eq!(classes_of, [2, 2, 1, 1, 1, 0]);
    let labels: Vec<&str> = legend.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(labels, ["0", "1", "2"]);
    let (classes_of, legend) = classes(&[1, 2, 3, 5, 8, 13]);
    assert_eq!(classes_of, [1, 2, 2, 3, 4, 4]);
    let labels: Vec<&str> = legend.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(labels, ["1", "2–3", "5", "8–13"]);
    let view = draw(geo(), &home("en")).unwrap();
    let doc = parse(&view.svg);
    let kz = doc
        .descendants()
        .find(|n| n.attribute("data-key") == Some("kazakhstan"))
        .unwrap();
    assert!(has_class(&kz, "map-class-2"), "{:?}", kz.attribute("class"));
    assert_eq!(view.legend.len(), 2);
    assert!(doc.descendants().all(|n| !has_class(&n, "map-outline")));
}

#[test]
fn bad_specs_are_refused_with_what_is_wrong() {
    let unknown = draw(
        geo(),
        &spec("en", Extent::Fit(vec!["kazakstan".into()]), &[]),
    )
    .unwrap_err();
    assert_eq!(unknown, MapError::UnknownCountry("kazakstan".into()));
    let credit = MapSpec {
        credit: "Our own borders".into(),
        ..home("en")
    };
    assert!(matches!(draw(geo(), &credit), Err(MapError::Credit(_))));
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

#[test]
fn numbered_keys_overlap_neither_each_other_nor_the_credit_at_their_small_screen_size() {
    let countries = [
        "china",
        "kazakhstan",
        "kyrgyzstan",
        "tajikistan",
        "turkmenistan",
        "uzbekistan",
    ];
    let locators = countries
        .iter()
        .flat_map(|c| [locator("en", c), locator("it", c)]);
    for spec in [home("en"), home("it")].into_iter().chain(locators) {
        let view = draw(geo(), &spec).unwrap();
        let doc = parse(&view.svg);
        let keys: Vec<(f64, f64)> = doc
            .descendants()
            .filter(|n| {
                n.has_tag_name("circle") && n.parent().is_some_and(|p| has_class(&p, "map-key"))
            })
            .map(|c| {
                (
                    c.attribute("cx").unwrap().parse().unwrap(),
                    c.attribute("cy").unwrap().parse().unwrap(),
                )
            })
            .collect();
        assert!(keys.len() >= 3, "{:?}", spec.extent);
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert!(
                    (a.0 - b.0).hypot(a.1 - b.1) >= 64.0,
                    "{a:?} {b:?} in {:?}",
                    spec.extent
                );
            }
        }
        // Nor does one cover the credit line, which ends 10 units from the bottom right
        // corner and is 28 units high on small screens (about 0.56 em a letter).
        let root = doc.root_element();
        let view: Vec<f64> = root
            .attribute("viewBox")
            .unwrap()
            .split(' ')
            .map(|v| v.parse().unwrap())
            .collect();
        let credit_left = view[2] - 10.0 - spec.credit.chars().count() as f64 * 28.0 * 0.56;
        let credit_top = view[3] - 10.0 - 28.0 * 0.75;
        for (x, y) in &keys {
            assert!(
                x + 32.0 <= credit_left || y + 32.0 <= credit_top,
                "a key at {x} {y} covers the credit line in {:?}",
                spec.extent
            );
        }
        let hidden = doc
            .descendants()
            .find(|n| has_class(n, "map-keys"))
            .unwrap();
        assert_eq!(hidden.attribute("aria-hidden"), Some("true"));
    }
}

#[test]
fn a_briefings_map_fits_its_countries_but_never_shows_more_than_the_region() {
    let with = |extent: Extent, keys: &[&str]| {
        draw(
            geo(),
            &MapSpec {
                extent,
                ..spec("en", Extent::Region, keys)
            },
        )
        .unwrap()
        .svg
    };
    let keys = |k: &[&str]| k.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    // A small country: the close-up a locator would show.
    let small = ["kyrgyzstan"];
    assert_eq!(
        with(Extent::Within(keys(&small)), &small),
        with(Extent::Fit(keys(&small)), &small)
    );
    // China with Kazakhstan would show all of China: the region instead.
    let wide = ["china", "kazakhstan"];
    assert_eq!(
        with(Extent::Within(keys(&wide)), &wide),
        with(Extent::Region, &wide)
    );
    assert_ne!(
        with(Extent::Fit(keys(&wide)), &wide),
        with(Extent::Region, &wide)
    );
}

#[test]
fn areas_drawn_before_are_reused_and_draw_the_same_bytes() {
    let atlas = Atlas::new(Arc::new(geo().clone()), Vec::new());
    let specs = [
        home("it"),
        home("en"),
        locator("en", "kazakhstan"),
        locator("it", "kazakhstan"),
        MapSpec {
            marks: vec![astana()],
            ..locator("en", "kazakhstan")
        },
    ];
    for round in 0..2 {
        for spec in &specs {
            assert_eq!(
                atlas.draw(spec).unwrap().svg,
                draw(geo(), spec).unwrap().svg,
                "round {round}: {:?}",
                spec.extent
            );
        }
    }
    assert_eq!(format!("{:?}", atlas.areas), "Areas(2 drawn)");
}
