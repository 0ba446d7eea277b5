//! Tests of the SVG a map draws: highlights, links and names in reading order, labels in
//! the page language, byte budget, identical bytes, integer coordinates, marks, shading,
//! bad specs refused.

use super::*;
use crate::maps::draw::classes;
use std::collections::BTreeSet;

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
