//! Tests of where things go: numbered keys clear of each other and of the credit, the
//! area a briefing's map shows, and areas drawn once and reused.

use super::*;

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
