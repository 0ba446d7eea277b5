//! The maps on the built pages (issue 16): on the language homes, the country pages and
//! the briefings of the repository's own site; named in the page language, linked to
//! pages that exist, highlighting exactly the page's countries, within their byte
//! budget, the same bytes on every build; an editor's `kind: map` file placed in a
//! briefing; and the errors of a wrong setting, each at its file and line.

mod common;

use common::site::{build, fixture, page, resolve, scratch, select, stderr};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// What one map may add to a page.
const BUDGET: usize = 30 * 1024;

/// The repository's countries: key, Italian name and slug, English name and slug.
const COUNTRIES: [(&str, &str, &str, &str, &str); 6] = [
    ("china", "Cina", "cina", "China", "china"),
    (
        "kazakhstan",
        "Kazakistan",
        "kazakistan",
        "Kazakhstan",
        "kazakhstan",
    ),
    (
        "kyrgyzstan",
        "Kirghizistan",
        "kirghizistan",
        "Kyrgyzstan",
        "kyrgyzstan",
    ),
    (
        "tajikistan",
        "Tagikistan",
        "tagikistan",
        "Tajikistan",
        "tajikistan",
    ),
    (
        "turkmenistan",
        "Turkmenistan",
        "turkmenistan",
        "Turkmenistan",
        "turkmenistan",
    ),
    (
        "uzbekistan",
        "Uzbekistan",
        "uzbekistan",
        "Uzbekistan",
        "uzbekistan",
    ),
];

/// The folder of the country pages in each language.
fn countries_dir(lang: &str) -> &'static str {
    if lang == "it" {
        "it/paesi"
    } else {
        "en/countries"
    }
}

/// (key, name, slug) of the repository's countries in `lang`.
fn countries(lang: &str) -> Vec<(&'static str, &'static str, &'static str)> {
    COUNTRIES
        .iter()
        .map(|&(key, it, it_slug, en, en_slug)| {
            if lang == "it" {
                (key, it, it_slug)
            } else {
                (key, en, en_slug)
            }
        })
        .collect()
}

/// A scratch copy of the `site` fixture (a copy of the repository's site), so a test
/// may change it.
fn repo_copy() -> (tempfile::TempDir, PathBuf) {
    scratch("site")
}

/// The `site` fixture, built.
fn built() -> (tempfile::TempDir, PathBuf) {
    let (dir, root) = repo_copy();
    let output = dir.path().join("public");
    build(&root, &output, &[], &[]);
    (dir, output)
}

/// One map of a page, read from its SVG (which must parse as XML).
#[derive(Debug)]
struct Map {
    svg: String,
    title: String,
    desc: String,
    /// The `data-key` of every shape drawn highlighted.
    highlighted: BTreeSet<String>,
    /// Every link, in document order: href and accessible name.
    links: Vec<(String, String)>,
    /// The choropleth class of each shaded country.
    classes: BTreeMap<String, usize>,
    /// The names of the marked places.
    places: Vec<String>,
    /// Every label's text.
    labels: Vec<String>,
}

fn classes(node: &roxmltree::Node) -> Vec<String> {
    node.attribute("class")
        .unwrap_or("")
        .split(' ')
        .map(str::to_string)
        .collect()
}

/// The maps of a page, in order.
fn maps_of(html: &str) -> Vec<Map> {
    let mut maps = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg class=\"map-svg\"") {
        let end = start + rest[start..].find("</svg>").expect("the SVG ends") + "</svg>".len();
        let svg = rest[start..end].to_string();
        rest = &rest[end..];
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
        let text = |tag: &str| {
            doc.descendants()
                .find(|n| n.has_tag_name(tag))
                .and_then(|n| n.text())
                .unwrap_or("")
                .to_string()
        };
        let texts = |class: &str| -> Vec<String> {
            doc.descendants()
                .filter(|n| classes(n).iter().any(|c| c == class))
                .filter_map(|n| n.text().map(str::to_string))
                .collect()
        };
        let shapes: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("path") && n.attribute("data-key").is_some())
            .collect();
        let map = Map {
            title: text("title"),
            desc: text("desc"),
            highlighted: shapes
                .iter()
                .filter(|n| classes(n).iter().any(|c| c == "map-highlight"))
                .map(|n| n.attribute("data-key").unwrap().to_string())
                .collect(),
            links: doc
                .descendants()
                .filter(|n| n.has_tag_name("a"))
                .map(|a| {
                    (
                        a.attribute("href").unwrap().to_string(),
                        a.attribute("aria-label").unwrap().to_string(),
                    )
                })
                .collect(),
            classes: shapes
                .iter()
                .filter_map(|n| {
                    let class = classes(n)
                        .iter()
                        .find_map(|c| c.strip_prefix("map-class-")?.parse().ok())?;
                    Some((n.attribute("data-key").unwrap().to_string(), class))
                })
                .collect(),
            places: texts("map-label-place"),
            labels: texts("map-label"),
            svg,
        };
        maps.push(map);
    }
    maps
}

fn read(output: &Path, relative: &str) -> String {
    fs::read_to_string(output.join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// The term pages of the countries in `lang` a page links to, as keys.
fn linked_keys(page: &Path, hrefs: &[String], lang: &str) -> Vec<String> {
    hrefs
        .iter()
        .map(|href| {
            let (target, _) = resolve(page, href);
            assert!(
                target.is_file(),
                "{} -> {href}: no such file",
                page.display()
            );
            countries(lang)
                .iter()
                .find(|(_, _, slug)| target.ends_with(format!("{slug}/index.html")))
                .unwrap_or_else(|| panic!("{href} is no country page"))
                .0
                .to_string()
        })
        .collect()
}

#[test]
fn the_homes_map_every_country_linked_by_its_name_and_shaded_by_its_briefings() {
    let (_dir, output) = built();
    for (lang, title) in [
        ("it", "Le analisi sulla mappa"),
        ("en", "The briefings on the map"),
    ] {
        let home = output.join(lang).join("index.html");
        let maps = maps_of(&read(&output, &format!("{lang}/index.html")));
        assert_eq!(maps.len(), 1, "{lang}");
        let map = &maps[0];
        assert_eq!(map.title, title);
        assert!(map.svg.contains("Natural Earth"), "the credit line");
        // Every country once, in reading order (by name), each named in the page language
        // and leading to its own page in that language.
        let mut expected: Vec<_> = countries(lang);
        expected.sort_by_key(|(_, name, _)| *name);
        let hrefs: Vec<String> = map.links.iter().map(|(h, _)| h.clone()).collect();
        let names: Vec<&str> = map.links.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(
            names,
            expected.iter().map(|(_, n, _)| *n).collect::<Vec<_>>()
        );
        let keys = linked_keys(&home, &hrefs, lang);
        assert_eq!(keys, expected.iter().map(|(k, ..)| *k).collect::<Vec<_>>());
        for (href, name) in &map.links {
            let target = page(
                &output,
                &resolve(&home, href)
                    .0
                    .strip_prefix(&output)
                    .unwrap()
                    .to_string_lossy(),
            );
            assert_eq!(common::site::text(&target, "h1"), *name);
            assert_eq!(select(&target, "html")[0].value().attr("lang"), Some(lang));
        }
        // Shaded by the number of briefings on each country page: the same count, the
        // same class; more briefings, a class no lighter; none, class 0, not highlighted.
        let counts: BTreeMap<String, usize> = map
            .links
            .iter()
            .zip(&keys)
            .map(|((href, _), key)| {
                let (target, _) = resolve(&home, href);
                let html = fs::read_to_string(target).unwrap();
                (
                    key.clone(),
                    html.matches("<article class=\"card\">").count(),
                )
            })
            .collect();
        assert_eq!(map.classes.len(), 6, "{:?}", map.classes);
        for (a, n) in &counts {
            assert_eq!(map.classes[a] == 0, *n == 0, "{a}");
            assert_eq!(map.highlighted.contains(a), *n > 0, "{a}");
            for (b, m) in &counts {
                if n == m {
                    assert_eq!(map.classes[a], map.classes[b], "{a} {b}");
                } else if n > m {
                    assert!(map.classes[a] > map.classes[b], "{a} {b}");
                }
            }
        }
        // The list beside it: the same countries, links and counts, for screen readers
        // and print; the legend explains the classes.
        let doc = page(&output, &format!("{lang}/index.html"));
        let list: Vec<String> = select(&doc, "figure.map ol.map-list a")
            .iter()
            .map(|a| a.value().attr("href").unwrap().to_string())
            .collect();
        assert_eq!(list, hrefs);
        let counted = common::site::text(&doc, "figure.map ol.map-list .map-count");
        assert!(
            counted.contains(if lang == "it" {
                "2 analisi"
            } else {
                "2 briefings"
            }),
            "{counted}"
        );
        assert!(!select(&doc, "figure.map .map-legend li").is_empty());
    }
}

#[test]
fn every_country_page_shows_that_country_on_a_locator_map() {
    let (_dir, output) = built();
    for lang in ["it", "en"] {
        for (key, name, slug) in countries(lang) {
            let relative = format!("{}/{slug}/index.html", countries_dir(lang));
            let html = read(&output, &relative);
            let maps = maps_of(&html);
            assert_eq!(maps.len(), 1, "{relative}");
            let map = &maps[0];
            assert_eq!(
                map.highlighted,
                BTreeSet::from([key.to_string()]),
                "{relative}"
            );
            assert!(map.title.contains(name), "{relative}: {}", map.title);
            assert!(map.desc.contains(name), "{relative}: {}", map.desc);
            // The other countries link to their pages (those in view on the map, all of
            // them in the list); the page's own does not link to itself.
            let file = output.join(&relative);
            let hrefs: Vec<String> = map.links.iter().map(|(h, _)| h.clone()).collect();
            let keys = linked_keys(&file, &hrefs, lang);
            assert!(!keys.contains(&key.to_string()), "{relative} links itself");
            assert!(keys.len() >= 3, "{relative}: {keys:?}");
            let doc = page(&output, &relative);
            let listed: Vec<String> = select(&doc, "figure.map ol.map-list a")
                .iter()
                .map(|a| a.value().attr("href").unwrap().to_string())
                .collect();
            let listed = linked_keys(&file, &listed, lang);
            assert_eq!(listed.len(), 5, "{relative}");
            assert!(keys.iter().all(|k| listed.contains(k)), "{relative}");
            assert_eq!(common::site::text(&doc, "figure.map .map-item-self"), name);
            assert!(
                map.labels.iter().any(|l| l == name),
                "{relative}: {:?}",
                map.labels
            );
        }
    }
    // Topics are not places: their pages have no map.
    let topic = read(&output, "en/topics/trade/index.html");
    assert!(maps_of(&topic).is_empty());
    assert!(!topic.contains("class=\"map "));
}

#[test]
fn briefings_highlight_exactly_their_countries_and_mark_their_event_place() {
    let (_dir, output) = built();
    let mut seen = 0;
    for lang in ["it", "en"] {
        let folder = if lang == "it" {
            "it/analisi"
        } else {
            "en/briefings"
        };
        for entry in fs::read_dir(output.join(folder)).unwrap() {
            let file = entry.unwrap().path().join("index.html");
            if !file.is_file() || file.parent().unwrap().ends_with("page") {
                continue;
            }
            let relative = file
                .strip_prefix(&output)
                .unwrap()
                .to_string_lossy()
                .to_string();
            let html = fs::read_to_string(&file).unwrap();
            let doc = page(&output, &relative);
            let tags: Vec<String> = select(&doc, ".doc-tags a.tag.countries")
                .iter()
                .map(|a| a.value().attr("href").unwrap().to_string())
                .collect();
            let expected: BTreeSet<String> = linked_keys(&file, &tags, lang).into_iter().collect();
            let maps = maps_of(&html);
            assert_eq!(maps.len(), 1, "{relative}");
            assert_eq!(maps[0].highlighted, expected, "{relative}");
            // Every briefing here is about an event in Astana, which the data places.
            let event = common::site::text(&doc, ".event-line");
            assert!(event.contains("Astana"), "{relative}: {event}");
            assert_eq!(maps[0].places, ["Astana"], "{relative}");
            assert!(
                maps[0].desc.contains("Astana"),
                "{relative}: {}",
                maps[0].desc
            );
            // Named in the page language.
            let (_, china, _) = countries(lang)[0];
            assert!(maps[0].labels.iter().any(|l| l == china), "{relative}");
            seen += 1;
        }
    }
    assert_eq!(seen, 4, "two briefings in two languages");
}

#[test]
fn every_map_on_the_real_site_stays_within_its_byte_budget() {
    let (_dir, output) = built();
    let mut largest: BTreeMap<&str, usize> = BTreeMap::new();
    for (relative, bytes) in common::site::snapshot(&output) {
        if !relative.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let kind = if relative.ends_with("it/index.html") || relative.ends_with("en/index.html") {
            "home"
        } else if relative.starts_with("it/paesi/") || relative.starts_with("en/countries/") {
            "country"
        } else {
            "briefing"
        };
        for map in maps_of(&html) {
            assert!(
                map.svg.len() <= BUDGET,
                "{relative}: a map of {} bytes",
                map.svg.len()
            );
            let entry = largest.entry(kind).or_default();
            *entry = (*entry).max(map.svg.len());
        }
    }
    eprintln!("largest map per page type, bytes: {largest:?}");
    assert_eq!(largest.len(), 3, "{largest:?}");
}

/// Every map of the real site is plain markup: no script on its page, no event handler
/// or `javascript:` link, no foreign content, no colour of its own (the stylesheet paints
/// it); its `<title>` and `<desc>` are what `aria-labelledby` and `aria-describedby`
/// name, the title is the caption's, both in the page language; `width` and `height`
/// are the view box's, so the page reserves its shape before the styles load.
#[test]
fn every_map_is_plain_markup_described_in_the_page_language() {
    let (_dir, output) = built();
    let mut seen = 0;
    for (relative, bytes) in common::site::snapshot(&output) {
        if !relative.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let maps = maps_of(&html);
        if maps.is_empty() {
            continue;
        }
        let doc = page(&output, &relative);
        let lang = select(&doc, "html")[0]
            .value()
            .attr("lang")
            .unwrap()
            .to_string();
        // Structured data (JSON-LD) is a script element that runs nothing.
        assert!(
            select(&doc, "script:not([type=\"application/ld+json\"])").is_empty(),
            "{relative}: a script"
        );
        let captions = select(&doc, "figure.map .map-title");
        assert_eq!(captions.len(), maps.len(), "{relative}");
        for (map, caption) in maps.iter().zip(captions) {
            let svg = roxmltree::Document::parse(&map.svg).unwrap();
            let root = svg.root_element();
            for node in svg.descendants().filter(|n| n.is_element()) {
                let tag = node.tag_name().name();
                assert!(
                    !["script", "foreignObject", "style", "image"].contains(&tag),
                    "{relative}: <{tag}> in a map"
                );
                for attr in node.attributes() {
                    let name = attr.name();
                    assert!(
                        !name.starts_with("on")
                            && !["fill", "stroke", "style", "color"].contains(&name),
                        "{relative}: {name}=\"{}\" on <{tag}>",
                        attr.value()
                    );
                    assert!(
                        !attr.value().trim_start().starts_with("javascript:"),
                        "{relative}"
                    );
                }
            }
            let id_of = |tag: &str| {
                svg.descendants()
                    .find(|n| n.has_tag_name(tag))
                    .and_then(|n| n.attribute("id"))
                    .unwrap_or_else(|| panic!("{relative}: <{tag}> without an id"))
                    .to_string()
            };
            assert_eq!(root.attribute("aria-labelledby"), Some(&*id_of("title")));
            assert_eq!(root.attribute("aria-describedby"), Some(&*id_of("desc")));
            assert_eq!(
                html.matches(&format!("id=\"{}\"", id_of("title"))).count(),
                1
            );
            assert_eq!(map.title, caption.text().collect::<String>(), "{relative}");
            assert!(!map.desc.is_empty(), "{relative}");
            // Where a country's name differs between the languages, the title and the
            // description use the page's, never the other's.
            for (_, it, _, en, _) in COUNTRIES.iter().filter(|c| c.1 != c.3) {
                let other = if lang == "it" { en } else { it };
                for text in [&map.title, &map.desc] {
                    assert!(!text.contains(other), "{relative}: {other} in {text:?}");
                }
            }
            let view: Vec<&str> = root.attribute("viewBox").unwrap().split(' ').collect();
            assert_eq!(root.attribute("width"), Some(view[2]), "{relative}");
            assert_eq!(root.attribute("height"), Some(view[3]), "{relative}");
            seen += 1;
        }
    }
    assert_eq!(seen, 18, "two homes, twelve country pages, four briefings");
    // The descriptions are written per language, not one text for both.
    let desc = |page: &str| maps_of(&read(&output, page))[0].desc.clone();
    assert_ne!(desc("it/index.html"), desc("en/index.html"));
    assert!(
        desc("it/index.html").contains("analisi"),
        "{}",
        desc("it/index.html")
    );
}

#[test]
fn two_builds_draw_the_same_bytes() {
    let (dir, root) = repo_copy();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build(&root, &a, &[], &[]);
    build(&root, &b, &[], &[]);
    let (first, second) = (common::site::snapshot(&a), common::site::snapshot(&b));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    let mut with_maps = 0;
    for (path, bytes) in &first {
        assert!(bytes == &second[path], "{path} differs between builds");
        with_maps += usize::from(String::from_utf8_lossy(bytes).contains("class=\"map-svg\""));
    }
    // Two homes, twelve country pages, four briefings.
    assert_eq!(with_maps, 18);
}

const SUMMIT_MAP: &str = "kind: map\n\
title: { it: \"Le capitali del vertice\", en: \"The summit's capitals\" }\n\
note: { it: \"Astana ospita, Tashkent partecipa.\", en: \"Astana hosts, Tashkent takes part.\" }\n\
countries: [kazakhstan, uzbekistan]\n\
places: [Astana, Tashkent]\n";

/// Adds `line` to the front-matter of both language files of the Astana 2025 briefing.
fn add_to_front_matter(root: &Path, line: &str) {
    for lang in ["it", "en"] {
        let path = root.join(format!("content/briefings/astana-summit-2025.{lang}.md"));
        let text = fs::read_to_string(&path).unwrap();
        let text = text.replacen("\ndraft: false\n", &format!("\n{line}\ndraft: false\n"), 1);
        fs::write(&path, text).unwrap();
    }
}

#[test]
fn an_editors_map_file_is_drawn_where_a_briefing_names_it() {
    let (dir, root) = repo_copy();
    fs::write(root.join("content/data/summit.yaml"), SUMMIT_MAP).unwrap();
    add_to_front_matter(&root, "maps: [summit]");
    let output = dir.path().join("public");
    build(&root, &output, &[], &[]);
    for (relative, title, note) in [
        (
            "it/analisi/vertice-astana-2025/index.html",
            "Le capitali del vertice",
            "Astana ospita",
        ),
        (
            "en/briefings/astana-summit-2025/index.html",
            "The summit's capitals",
            "Astana hosts",
        ),
    ] {
        let html = read(&output, relative);
        let maps = maps_of(&html);
        assert_eq!(
            maps.len(),
            2,
            "{relative}: the file's map and the briefing's own"
        );
        // The editor's map comes before the text, as charts do; the page's own after it.
        let doc = page(&output, relative);
        let figures = select(&doc, "figure.map");
        assert_eq!(figures[0].value().attr("id"), Some("map-data-summit"));
        assert!(html.find("id=\"map-data-summit\"") < html.find("class=\"prose\""));
        let file = &maps[0];
        assert_eq!(file.title, title);
        assert!(common::site::text(&doc, "#map-data-summit .map-note").contains(note));
        assert_eq!(
            file.highlighted,
            BTreeSet::from(["kazakhstan".to_string(), "uzbekistan".to_string()])
        );
        assert_eq!(file.places, ["Astana", "Tashkent"]);
        assert_eq!(
            maps[1].highlighted.len(),
            6,
            "{relative}: the page's own map"
        );
    }
    common::site::assert_links_resolve(&output, "https://briefing.example.org");
}

#[test]
fn a_map_name_that_is_not_a_map_file_is_an_error_with_a_hint() {
    let (dir, root) = repo_copy();
    fs::write(root.join("content/data/summit.yaml"), SUMMIT_MAP).unwrap();
    add_to_front_matter(&root, "maps: [sumit]");
    let out = common::site::briefing(
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--output",
            dir.path().join("public").to_str().unwrap(),
        ],
        &[],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("astana-summit-2025.it.md:21:1: unknown map `sumit`; did you mean `summit`?"),
        "{err}"
    );
    assert!(err.contains("astana-summit-2025.en.md:"), "{err}");
    assert!(!dir.path().join("public").exists());
}

/// Builds `root` expecting failure; returns stderr.
fn failing_build(root: &Path) -> String {
    let out = common::site::briefing(
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--output",
            root.parent().unwrap().join("public").to_str().unwrap(),
        ],
        &[],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn a_wrong_maps_setting_is_an_error_at_its_line() {
    let setting = "maps: { taxonomy: countries, data: central-asia.geo.yaml }";
    let site = fs::read_to_string(fixture("site").join("site.yaml")).unwrap();
    let line = site
        .lines()
        .position(|l| l == setting)
        .expect("site.yaml sets maps")
        + 1;
    let cases = [
        (
            setting.replace("taxonomy: countries", "taxonomy: countires"),
            format!(
                "site.yaml:{line}:9: `maps` names the taxonomy `countires`, which site.yaml does not declare; name one of: countries, topics"
            ),
        ),
        (
            setting.replace("central-asia.geo.yaml", "../outside.geo.yaml"),
            format!(
                "site.yaml:{line}:30: `maps.data` is `../outside.geo.yaml`, not the name of a map data file"
            ),
        ),
        (
            setting.replace("central-asia.geo.yaml", "asia.geo.yaml"),
            "content/data/asia.geo.yaml: cannot read the file".to_string(),
        ),
        (
            format!("{setting}\nmap: {{}}"),
            format!("site.yaml:{}:1: unknown field `map`", line + 1),
        ),
    ];
    for (replacement, expected) in cases {
        let (_dir, root) = repo_copy();
        fs::write(root.join("site.yaml"), site.replace(setting, &replacement)).unwrap();
        let err = failing_build(&root);
        assert!(err.contains(&expected), "expected `{expected}` in:\n{err}");
    }
    // A term the map data does not know, and a credit line that drops Natural Earth.
    let (_dir, root) = repo_copy();
    let term = "      uzbekistan:\n        it: { name: Uzbekistan, slug: uzbekistan }\n        en: { name: Uzbekistan, slug: uzbekistan }\n";
    let atlantis = format!(
        "{term}      atlantis:\n        it: {{ name: Atlantide, slug: atlantide }}\n        en: {{ name: Atlantis, slug: atlantis }}\n"
    );
    fs::write(root.join("site.yaml"), site.replace(term, &atlantis)).unwrap();
    let err = failing_build(&root);
    let at = site.lines().position(|l| l == "      uzbekistan:").unwrap() + 4;
    assert!(
        err.contains(&format!("site.yaml:{at}:7: term `atlantis` of `countries` is not a country of the map data central-asia.geo.yaml")),
        "{err}"
    );
    // The fixture uses the built-in strings: give it the repository's ui.yaml to change.
    let (_dir, root) = repo_copy();
    let ui = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ui.yaml")).unwrap();
    let site = fs::read_to_string(root.join("site.yaml")).unwrap();
    fs::write(root.join("site.yaml"), site + "\nui: ui.yaml\n").unwrap();
    fs::write(
        root.join("ui.yaml"),
        ui.replace("en: \"Borders: Natural Earth\"", "en: \"Borders: ours\""),
    )
    .unwrap();
    let err = failing_build(&root);
    let credit_line = ui
        .lines()
        .position(|l| l.starts_with("map_credit:"))
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!("ui.yaml:{credit_line}:"))
            && err.contains("the map credit `Borders: ours` in `en` does not name Natural Earth"),
        "{err}"
    );
}

#[test]
fn without_a_maps_setting_there_are_no_maps_and_map_fields_are_errors() {
    let (dir, root) = repo_copy();
    let site = fs::read_to_string(root.join("site.yaml")).unwrap();
    let without: String = site
        .lines()
        .filter(|l| !l.starts_with("maps:"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(root.join("site.yaml"), &without).unwrap();
    let output = dir.path().join("public");
    build(&root, &output, &[], &[]);
    for (relative, bytes) in common::site::snapshot(&output) {
        assert!(
            !relative.ends_with(".html") || !String::from_utf8_lossy(&bytes).contains("map-svg"),
            "{relative} has a map"
        );
    }
    fs::write(root.join("content/data/summit.yaml"), SUMMIT_MAP).unwrap();
    add_to_front_matter(&root, "maps: [summit]");
    let err = failing_build(&root);
    assert!(
        err.contains("content/data/summit.yaml:1:1: this file is a map (`kind: map`), but this site draws no maps"),
        "{err}"
    );
    assert!(
        err.contains("map `summit` cannot be drawn: this site draws no maps"),
        "{err}"
    );
}

#[test]
fn a_language_the_map_data_has_no_names_in_still_gets_its_maps() {
    // The three-language fixture: Russian is no language of the map data.
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    build(&common::site::fixture("multilingual"), &output, &[], &[]);
    let maps = maps_of(&read(&output, "ru/index.html"));
    assert_eq!(maps.len(), 1);
    let map = &maps[0];
    assert_eq!(map.title, "Обзоры на карте");
    let names: Vec<&str> = map.links.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(names, ["Казахстан", "Киргизия", "Китай", "Узбекистан"]);
    // The seas and neighbours fall back to the site's default language (Italian).
    assert!(
        map.labels.iter().any(|l| l == "Mar Caspio"),
        "{:?}",
        map.labels
    );
    let locator = maps_of(&read(&output, "ru/strany/kazakhstan/index.html"));
    assert_eq!(
        locator[0].highlighted,
        BTreeSet::from(["kazakhstan".to_string()])
    );
    common::site::assert_links_resolve(&output, "https://multi.example.org/sub");
}
