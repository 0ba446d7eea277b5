//! Around the pages: `robots.txt`, theme colours, the touch icon, the printed address,
//! named search landmarks and deferred scripts, on the fixture site as built.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::env::TestSite;
use common::site::select;
use scraper::{Html, Selector};

const BASE_URL: &str = "https://fixture.example.org/sub";

/// Copies the basic fixture into a temporary folder, optionally changes it, builds it.
fn build_fixture(change: impl FnOnce(&Path)) -> (TestSite, PathBuf) {
    let site = TestSite::new("basic");
    change(&site.root);
    site.built(&[]);
    let public = site.output.clone();
    (site, public)
}

/// Every HTML page but the 404 page and the redirect pages of old URLs (which carry
/// their own minimal heads), parsed.
fn pages(public: &Path) -> Vec<(String, Html)> {
    walkdir::WalkDir::new(public)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .filter(|e| e.path() != public.join("404.html"))
        .map(|e| {
            let name = e.path().strip_prefix(public).unwrap().display().to_string();
            (
                name,
                Html::parse_document(&fs::read_to_string(e.path()).unwrap()),
            )
        })
        .filter(|(_, doc)| select(doc, r#"meta[http-equiv="refresh"]"#).is_empty())
        .collect()
}

#[test]
fn robots_txt_names_the_sitemap_by_its_absolute_url() {
    let (_dir, public) = build_fixture(|_| {});
    let robots = fs::read_to_string(public.join("robots.txt")).unwrap();
    assert!(
        robots
            .lines()
            .any(|l| l == format!("Sitemap: {BASE_URL}/sitemap.xml")),
        "{robots}"
    );
    assert!(robots.contains("User-agent: *"), "{robots}");

    // A site's own robots.txt wins.
    let (_dir, public) = build_fixture(|root| {
        fs::create_dir_all(root.join("static")).unwrap();
        fs::write(
            root.join("static/robots.txt"),
            "User-agent: *\nDisallow: /\n",
        )
        .unwrap();
    });
    let robots = fs::read_to_string(public.join("robots.txt")).unwrap();
    assert_eq!(robots, "User-agent: *\nDisallow: /\n");
}

#[test]
fn every_page_has_theme_colours_and_a_png_touch_icon() {
    let (_dir, public) = build_fixture(|_| {});
    for (name, doc) in pages(&public) {
        let colours: Vec<(Option<&str>, Option<&str>)> =
            select(&doc, r#"meta[name="theme-color"]"#)
                .iter()
                .map(|m| (m.value().attr("media"), m.value().attr("content")))
                .collect();
        let media: Vec<_> = colours.iter().map(|(m, _)| m.unwrap_or("")).collect();
        assert_eq!(
            media,
            [
                "(prefers-color-scheme: light)",
                "(prefers-color-scheme: dark)"
            ],
            "{name}: theme colours {colours:?}"
        );
        assert!(
            colours
                .iter()
                .all(|(_, c)| c.is_some_and(|c| c.starts_with('#'))),
            "{name}"
        );

        let icon = select(&doc, r#"link[rel="apple-touch-icon"]"#);
        let href = icon.first().and_then(|l| l.value().attr("href"));
        let href = href.unwrap_or_else(|| panic!("{name}: no apple-touch-icon link"));
        let file = public.join(&name).parent().unwrap().join(href);
        let png = fs::read(&file).unwrap_or_else(|e| panic!("{name}: {href}: {e}"));
        assert_eq!(
            &png[..8],
            b"\x89PNG\r\n\x1a\n",
            "{name}: {href} is not a PNG"
        );
        let size = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
        assert_eq!(
            (size(16), size(20)),
            (180, 180),
            "{name}: the touch icon is not 180x180"
        );
    }
}

#[test]
fn printed_pages_carry_their_address() {
    let (_dir, public) = build_fixture(|_| {});
    let mut seen = 0;
    for (name, doc) in pages(&public) {
        let Some(canonical) = select(&doc, r#"link[rel="canonical"]"#)
            .first()
            .and_then(|l| l.value().attr("href").map(str::to_owned))
        else {
            continue;
        };
        if select(&doc, "header.site-header").is_empty() {
            continue; // the language chooser has no site header
        }
        let printed: Vec<String> = select(&doc, ".print-url")
            .iter()
            .map(|p| p.text().collect::<String>())
            .collect();
        assert_eq!(printed, [canonical], "{name}");
        seen += 1;
    }
    assert!(seen > 5, "only {seen} pages checked");
}

#[test]
fn search_landmarks_have_distinct_names_and_scripts_are_deferred() {
    let (_dir, public) = build_fixture(|_| {});
    for (name, doc) in pages(&public) {
        let mut names = Vec::new();
        for form in select(&doc, r#"[role="search"]"#) {
            let label = form
                .value()
                .attr("aria-label")
                .map(str::to_owned)
                .or_else(|| {
                    let id = form.value().attr("aria-labelledby")?;
                    let target = select(&doc, &format!("#{id}"));
                    target.first().map(|t| t.text().collect::<String>())
                });
            let label = label.unwrap_or_else(|| panic!("{name}: a search landmark has no name"));
            assert!(
                !names.contains(&label),
                "{name}: two search landmarks named {label:?}"
            );
            names.push(label);
        }
        for script in select(&doc, "script[src]") {
            assert!(
                script.value().attr("defer").is_some(),
                "{name}: {} loads without defer",
                script.value().attr("src").unwrap()
            );
        }
    }
}

#[test]
fn feeds_name_a_stylesheet_in_their_language() {
    let (_dir, public) = build_fixture(|_| {});
    for (lang, words) in [("it", "Feed Atom"), ("en", "Atom feed")] {
        let feed = fs::read_to_string(public.join(format!("{lang}/feed.xml"))).unwrap();
        let mut lines = feed.lines();
        assert!(lines.next().unwrap().starts_with("<?xml "), "{feed}");
        assert_eq!(
            lines.next().unwrap(),
            r#"<?xml-stylesheet type="text/xsl" href="feed.xsl"?>"#,
            "{lang}/feed.xml"
        );
        let xsl = fs::read_to_string(public.join(format!("{lang}/feed.xsl"))).unwrap();
        let doc =
            roxmltree::Document::parse(&xsl).unwrap_or_else(|e| panic!("{lang}/feed.xsl: {e}"));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "stylesheet");
        assert_eq!(root.attribute("version"), Some("1.0"));
        let html = doc.descendants().find(|n| n.has_tag_name("html")).unwrap();
        assert_eq!(html.attribute("lang"), Some(lang));
        assert!(xsl.contains(words), "{lang}/feed.xsl lacks {words:?}");
        // Its links lead back to the site's own files.
        for href in doc.descendants().filter_map(|n| n.attribute("href")) {
            if !href.starts_with('{') {
                let target = public.join(lang).join(href);
                assert!(target.is_file(), "{lang}/feed.xsl links to missing {href}");
            }
        }
    }
}

#[test]
fn briefings_show_their_place_and_sources_with_link_and_date() {
    let (_dir, public) = build_fixture(|_| {});
    let page = public.join("it/analisi");
    let alpha = walkdir::WalkDir::new(&page)
        .into_iter()
        .map(Result::unwrap)
        .map(|e| e.into_path())
        .find(|p| {
            p.ends_with("index.html") && fs::read_to_string(p).unwrap().contains("Fonte di prova")
        })
        .expect("the fixture's briefing with a source");
    let doc = Html::parse_document(&fs::read_to_string(&alpha).unwrap());
    let meta: String = select(&doc, ".doc-header .meta .place")
        .iter()
        .map(|p| p.text().collect::<String>())
        .collect();
    assert_eq!(meta, "Astana", "the place is in the briefing's header");
    let link = select(&doc, ".sources li a");
    assert_eq!(
        link.first().and_then(|a| a.value().attr("href")),
        Some("https://example.org/a")
    );
    let date = select(&doc, ".sources li time");
    let date = date.first().expect("the source's date");
    assert_eq!(date.value().attr("datetime"), Some("2025-06-16"));
    assert_eq!(date.text().collect::<String>(), "16 giugno 2025");
}

#[test]
fn the_switcher_lists_the_languages_in_declared_order_on_every_page() {
    let (_dir, public) = build_fixture(|_| {});
    let mut seen = 0;
    for (name, doc) in pages(&public) {
        let codes: Vec<String> = select(&doc, "nav.lang-switch li .lang-code")
            .iter()
            .map(|c| c.text().collect::<String>())
            .collect();
        if codes.is_empty() {
            continue; // the chooser has cards, not a switcher
        }
        assert_eq!(codes, ["IT", "EN"], "{name}");
        let current = select(&doc, "nav.lang-switch li .lang-current .lang-code");
        let lang = name.split('/').next().unwrap().to_uppercase();
        assert_eq!(current.len(), 1, "{name}");
        assert_eq!(current[0].text().collect::<String>(), lang, "{name}");
        seen += 1;
    }
    assert!(seen > 10, "only {seen} pages have a switcher");
}

/// On this site's Italian pages, the topic tags of every card and briefing follow the
/// Italian names (Commercio, Diplomazia, Energia...), not the English keys (diplomacy,
/// energy, health...). A plain accent-free, lower-case comparison is enough for these
/// names; the build itself sorts with the language's CLDR collation.
#[test]
fn tags_are_sorted_by_their_names_in_the_page_language() {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    common::pages::build_site(&public);
    let fold = |s: &str| {
        s.to_lowercase()
            .replace(['à', 'è', 'é', 'ì', 'ò', 'ù'], "e")
    };
    let mut groups = 0;
    for (name, doc) in pages(&public)
        .into_iter()
        .filter(|(n, _)| n.starts_with("it/"))
    {
        for list in select(&doc, "ul.tags") {
            let topics: Vec<String> = list
                .select(&Selector::parse("a.tag.topics").unwrap())
                .map(|a| a.text().collect::<String>())
                .collect();
            if topics.len() < 2 {
                continue;
            }
            let mut sorted = topics.clone();
            sorted.sort_by_key(|t| fold(t));
            assert_eq!(topics, sorted, "{name}: topic tags out of Italian order");
            groups += 1;
        }
    }
    assert!(
        groups >= 3,
        "only {groups} tag lists with two topics or more"
    );
}

#[test]
fn taxonomy_index_pages_have_the_lede_site_yaml_gives_them() {
    let with_lede = |root: &Path| {
        let site = root.join("site.yaml");
        let text = fs::read_to_string(&site).unwrap();
        let text = text.replacen(
            "  countries:\n",
            "  countries:\n    description: { it: \"Paesi, in breve.\", en: \"Countries, in short.\" }\n",
            1,
        );
        fs::write(site, text).unwrap();
    };
    let (_dir, public) = build_fixture(with_lede);
    let mut ledes = Vec::new();
    for (name, doc) in pages(&public) {
        let body = select(&doc, "body.taxonomy");
        if body.is_empty() {
            continue;
        }
        let lede: Vec<String> = select(&doc, ".page-header .lede")
            .iter()
            .map(|p| p.text().collect())
            .collect();
        let meta = select(&doc, r#"meta[name="description"]"#)[0]
            .value()
            .attr("content");
        if let [one] = lede.as_slice() {
            assert_eq!(
                meta,
                Some(one.as_str()),
                "{name}: the lede is the description too"
            );
        }
        ledes.push(lede.join(""));
    }
    ledes.sort();
    // Topics have no description in this fixture: their index page has no lede.
    assert_eq!(ledes, ["", "", "Countries, in short.", "Paesi, in breve."]);
}

#[test]
fn the_home_chart_has_a_label_and_links_the_briefing_it_comes_from() {
    let (_dir, public) = build_fixture(|_| {});
    for lang in ["it", "en"] {
        let home = public.join(format!("{lang}/index.html"));
        let doc = Html::parse_document(&fs::read_to_string(&home).unwrap());
        let section = select(&doc, "section.home-charts");
        let section = section
            .first()
            .unwrap_or_else(|| panic!("{lang}: no chart section"));
        let heading = section.value().attr("aria-labelledby").unwrap();
        assert!(
            !select(&doc, &format!("h2#{heading}")).is_empty(),
            "{lang}: no label"
        );
        for figure in select(&doc, "section.home-charts figure.chart") {
            let id = figure.value().attr("id").unwrap();
            let link = figure
                .select(&Selector::parse(".chart-from a").unwrap())
                .next();
            // In the fixture only the Italian briefing shows the chart.
            if lang == "en" {
                assert!(
                    link.is_none(),
                    "en: {id} links a briefing that does not show it"
                );
                continue;
            }
            let link = link.unwrap_or_else(|| panic!("{lang}: {id} links no briefing"));
            let target = home
                .parent()
                .unwrap()
                .join(link.value().attr("href").unwrap());
            let briefing = fs::read_to_string(&target).unwrap();
            assert!(
                briefing.contains(&format!("id=\"{id}\"")),
                "{lang}: {target:?} lacks {id}"
            );
        }
    }
}

#[test]
fn a_chart_note_starts_with_its_key() {
    let (_dir, public) = build_fixture(|_| {});
    let mut notes = 0;
    for (name, doc) in pages(&public) {
        for note in select(&doc, "figure.chart p.chart-note") {
            notes += 1;
            let first = note.children().find_map(scraper::ElementRef::wrap);
            let key = first.filter(|e| e.value().classes().any(|c| c == "chart-key"));
            let key = key.unwrap_or_else(|| panic!("{name}: the note does not open with its key"));
            assert!(
                key.select(&Selector::parse(".swatch.derived").unwrap())
                    .next()
                    .is_some()
                    && key.text().collect::<String>().trim() == "*",
                "{name}: the key is the hatched swatch and the asterisk"
            );
            let before: String = note
                .children()
                .take_while(|n| n.id() != key.id())
                .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
                .collect();
            assert!(
                before.trim().is_empty(),
                "{name}: text before the key: {before:?}"
            );
        }
    }
    assert!(notes > 0, "the fixture's chart has a note");
}
