//! Photos, figures and share cards on a site built by the CLI (issue 15): the fixture
//! `media-site` with a JPEG (EXIF GPS, rotation), a PNG, a WebP and an SVG beside its
//! briefing, a linked PDF, a briefing without a cover and one with a WebP cover.

mod common;

use common::site::{
    assert_links_resolve, build, media_site, page, select, snapshot, srcset_urls, warm_media_site,
};
use image::GenericImageView as _;
use scraper::Html;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

const BASE: &str = "https://media.example.org/sub/";
const ASTANA_IT: &str = "it/analisi/vertice-con-foto-ad-astana/index.html";
const ASTANA_EN: &str = "en/briefings/summit-with-photos-in-astana/index.html";
const PLAIN_IT: &str = "it/analisi/un-briefing-senza-copertina/index.html";
const WEBP_IT: &str = "it/analisi/copertina-in-webp/index.html";

fn built() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (dir, root) = warm_media_site();
    let output = dir.path().join("public");
    build(&root, &output, &[], &[]);
    (dir, root, output)
}

fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} not in {file}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn attr<'a>(el: &scraper::ElementRef<'a>, name: &str) -> Option<&'a str> {
    el.value().attr(name)
}

/// The file a relative URL of the page `page` (under `output`) names.
fn target(output: &Path, page: &str, url: &str) -> PathBuf {
    common::site::resolve(&output.join(page), url).0
}

fn dimensions(file: &Path) -> (u32, u32) {
    image::open(file)
        .unwrap_or_else(|e| panic!("{}: {e}", file.display()))
        .dimensions()
}

#[test]
fn pictures_have_variants_of_the_right_widths_and_sizes_that_match_the_files() {
    let (_dir, _root, output) = built();
    let mut checked = 0;
    for (relative, bytes) in snapshot(&output) {
        if !relative.ends_with(".html") {
            continue;
        }
        let doc = Html::parse_document(&String::from_utf8(bytes).unwrap());
        for el in select(&doc, "img[srcset], source[srcset]") {
            let mut widest = (0, PathBuf::new());
            for candidate in attr(&el, "srcset").unwrap().split(',') {
                let mut parts = candidate.split_whitespace();
                let (url, width) = (parts.next().unwrap(), parts.next().unwrap());
                let width: u32 = width.strip_suffix('w').unwrap().parse().unwrap();
                let file = target(&output, &relative, url);
                assert_eq!(dimensions(&file).0, width, "{relative}: {url}");
                if width > widest.0 {
                    widest = (width, file);
                }
                checked += 1;
            }
            if el.value().name() == "img" {
                let (w, h) = dimensions(&widest.1);
                assert_eq!(
                    attr(&el, "width"),
                    Some(w.to_string().as_str()),
                    "{relative}"
                );
                assert_eq!(
                    attr(&el, "height"),
                    Some(h.to_string().as_str()),
                    "{relative}"
                );
                assert_eq!(attr(&el, "decoding"), Some("async"), "{relative}");
                let src = target(&output, &relative, attr(&el, "src").unwrap());
                assert!(src.is_file(), "{relative}: {}", src.display());
            }
        }
    }
    assert!(checked >= 40, "only {checked} srcset candidates");

    let doc = page(&output, ASTANA_IT);
    // The rotated photo (2400x1800, EXIF orientation 6) is published upright: tall.
    let cover = select(&doc, "header figure.cover picture img");
    assert_eq!(cover.len(), 1);
    let cover = cover[0];
    assert_eq!(attr(&cover, "width"), Some("1600"));
    assert_eq!(attr(&cover, "height"), Some("2133"));
    assert_eq!(attr(&cover, "fetchpriority"), Some("high"));
    assert_eq!(
        attr(&cover, "loading"),
        None,
        "the cover is on the first screen"
    );
    let widths: Vec<&str> = srcset_urls(attr(&cover, "srcset").unwrap());
    assert_eq!(widths.len(), 3);
    assert!(widths.iter().all(|u| u.ends_with(".jpg")), "{widths:?}");
    let webp = select(
        &doc,
        "header figure.cover picture source[type='image/webp']",
    );
    assert_eq!(srcset_urls(attr(&webp[0], "srcset").unwrap()).len(), 3);
    assert_eq!(
        common::site::text(&doc, "figure.cover figcaption"),
        "La sala del vertice Foto di prova / Fixture"
    );

    // A paragraph holding only an image is a figure, its title the caption.
    let figures = select(&doc, ".prose > figure");
    assert_eq!(figures.len(), 2, "the PNG with a title and the SVG");
    assert_eq!(
        common::site::text(&doc, ".prose > figure:first-of-type figcaption"),
        "Le rotte commerciali, 2024"
    );
    let diagram = select(&doc, ".prose > figure picture img");
    assert_eq!(attr(&diagram[0], "alt"), Some("Un diagramma delle rotte"));
    assert_eq!(attr(&diagram[0], "loading"), Some("lazy"));
    assert_eq!(
        (attr(&diagram[0], "width"), attr(&diagram[0], "height")),
        (Some("1200"), Some("800"))
    );
    // An image inside a paragraph stays inline; a WebP has no second format.
    let inline = select(&doc, ".prose p picture img");
    assert_eq!(inline.len(), 1);
    assert!(attr(&inline[0], "src").unwrap().ends_with("-960.webp"));
    // SVG is published as it is, without variants.
    let svg = select(&doc, ".prose > figure > img");
    assert_eq!(svg.len(), 1);
    let svg_file = target(&output, ASTANA_IT, attr(&svg[0], "src").unwrap());
    assert_eq!(
        fs::read(&svg_file).unwrap(),
        fs::read(common::site::fixture("media/figure.svg")).unwrap()
    );
    assert_eq!(
        (attr(&svg[0], "width"), attr(&svg[0], "height")),
        (Some("400"), Some("300"))
    );

    // Without a cover, the first image may be on the first screen: not lazy.
    let plain = page(&output, PLAIN_IT);
    let first = select(&plain, ".prose img");
    assert_eq!(attr(&first[0], "loading"), None);
    assert_eq!(attr(&first[0], "fetchpriority"), Some("high"));

    // Cards show the cover, lazily, in lists and term pages.
    for list in [
        "it/analisi/index.html",
        "it/paesi/kazakistan/index.html",
        "en/briefings/index.html",
    ] {
        let doc = page(&output, list);
        let images = select(&doc, ".card-image img");
        assert!(!images.is_empty(), "{list}");
        assert!(
            images.iter().all(|i| attr(i, "loading") == Some("lazy")),
            "{list}"
        );
    }
}

#[test]
fn linked_files_are_published_once_and_never_the_original_photo() {
    let (_dir, root, output) = built();
    for page_path in [ASTANA_IT, ASTANA_EN] {
        let doc = page(&output, page_path);
        let report = select(&doc, ".prose a[href*='report.pdf']");
        assert_eq!(report.len(), 1, "{page_path}");
        let href = attr(&report[0], "href").unwrap();
        assert!(
            href.ends_with("media/briefings/astana/report.pdf#page=2"),
            "{href}"
        );
        assert_eq!(
            fs::read(target(&output, page_path, href)).unwrap(),
            fs::read(root.join("content/briefings/astana/report.pdf")).unwrap()
        );
        // A link to the photo leads to its widest published JPEG, not to the original.
        let photo = select(&doc, ".prose a[href$='.jpg']");
        let href = attr(&photo[0], "href").unwrap();
        assert!(href.ends_with("-1600.jpg"), "{href}");
        assert_eq!(dimensions(&target(&output, page_path, href)), (1600, 2133));
    }
    // Both languages link the same files: published once, under media/.
    let files = snapshot(&output);
    let original = fs::read(root.join("content/briefings/astana/photo-gps.jpg")).unwrap();
    assert!(
        files.values().all(|bytes| *bytes != original),
        "the original photo is published"
    );
    let pdfs: Vec<&String> = files.keys().filter(|k| k.ends_with(".pdf")).collect();
    assert_eq!(pdfs, ["media/briefings/astana/report.pdf"]);
    let jpegs = files.keys().filter(|k| k.ends_with(".jpg")).count();
    assert_eq!(jpegs, 3, "480, 960 and 1600 of the one JPEG");
    assert!(files.keys().all(|k| !k.contains("content/")));
}

fn exif_of(bytes: &[u8]) -> Option<exif::Exif> {
    exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(bytes))
        .ok()
}

#[test]
fn no_published_file_holds_a_location_or_any_exif() {
    let (_dir, root, output) = built();
    // The fixture photo does carry GPS: the check below would see it.
    let source = fs::read(root.join("content/briefings/astana/photo-gps.jpg")).unwrap();
    let exif = exif_of(&source).expect("the fixture has EXIF");
    assert!(exif.fields().any(|f| f.tag == exif::Tag::GPSLatitude));
    let mut images = 0;
    for (relative, bytes) in snapshot(&output) {
        let extension = relative.rsplit('.').next().unwrap();
        if !["jpg", "png", "webp"].contains(&extension) {
            continue;
        }
        images += 1;
        assert!(exif_of(&bytes).is_none(), "{relative} holds EXIF");
        for needle in [
            &b"GPS"[..],
            b"FixtureCam",
            b"SERIAL-12345",
            b"Exif",
            b"xmpmeta",
            b"iCCP",
            b"eXIf",
        ] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{relative} holds {:?}",
                String::from_utf8_lossy(needle)
            );
        }
    }
    assert!(images >= 15, "only {images} images published");
}

#[test]
fn p1_every_href_src_and_srcset_resolves_from_disk() {
    let (_dir, _root, output) = built();
    let checked = assert_links_resolve(&output, BASE);
    assert!(checked > 300, "only {checked} links checked");
}

/// The `content` of `<meta property=NAME>` (or `name=NAME`), every one in order.
fn metas(doc: &Html, name: &str) -> Vec<String> {
    select(
        doc,
        &format!("meta[property='{name}'], meta[name='{name}']"),
    )
    .iter()
    .map(|m| attr(m, "content").unwrap().to_string())
    .collect()
}

fn meta(doc: &Html, name: &str) -> String {
    let all = metas(doc, name);
    assert_eq!(all.len(), 1, "{name}: {all:?}");
    all[0].clone()
}

#[test]
fn every_page_has_an_absolute_og_image_whose_file_exists() {
    let (_dir, _root, output) = built();
    let mut pages = 0;
    for (relative, bytes) in snapshot(&output) {
        if !relative.ends_with(".html") || relative == "404.html" {
            continue;
        }
        pages += 1;
        let doc = Html::parse_document(&String::from_utf8(bytes).unwrap());
        let url = meta(&doc, "og:image");
        let file = output.join(
            url.strip_prefix(BASE)
                .unwrap_or_else(|| panic!("{relative}: {url}")),
        );
        let (w, h) = dimensions(&file);
        assert_eq!(meta(&doc, "og:image:width"), w.to_string(), "{relative}");
        assert_eq!(meta(&doc, "og:image:height"), h.to_string(), "{relative}");
        let kind = image::guess_format(&fs::read(&file).unwrap()).unwrap();
        assert_eq!(
            meta(&doc, "og:image:type"),
            kind.to_mime_type(),
            "{relative}"
        );
        assert_ne!(kind, image::ImageFormat::WebP, "{relative}");
        assert!(!meta(&doc, "og:image:alt").is_empty(), "{relative}");
        assert_eq!(
            meta(&doc, "twitter:card"),
            "summary_large_image",
            "{relative}"
        );
        assert_eq!(meta(&doc, "twitter:image"), url, "{relative}");
        assert!(!meta(&doc, "twitter:image:alt").is_empty(), "{relative}");
    }
    assert!(pages >= 20, "{pages}");

    // A JPEG cover is the preview itself, at its widest.
    let astana = page(&output, ASTANA_IT);
    assert!(
        meta(&astana, "og:image").ends_with("-1600.jpg"),
        "{}",
        meta(&astana, "og:image")
    );
    assert_eq!(
        meta(&astana, "og:image:alt"),
        "Una foto di prova, rossa a destra"
    );
    assert_eq!(meta(&astana, "twitter:title"), "Vertice con foto ad Astana");
    // Without a cover, or with a WebP one, the preview is the page's own card.
    for (path, stem) in [
        (PLAIN_IT, "un-briefing-senza-copertina-"),
        (WEBP_IT, "copertina-in-webp-"),
    ] {
        let doc = page(&output, path);
        let url = meta(&doc, "og:image");
        assert!(
            url.starts_with(&format!("{BASE}media/cards/{stem}")),
            "{url}"
        );
        assert_eq!(meta(&doc, "og:image:type"), "image/png");
    }
    // The other pages of a language share its home's card.
    let home = meta(&page(&output, "it/index.html"), "og:image");
    assert!(home.contains("media/cards/home-it-"), "{home}");
    for other in [
        "it/analisi/index.html",
        "it/paesi/index.html",
        "it/paesi/cina/index.html",
        "it/cronologia/index.html",
        "it/cerca/index.html",
    ] {
        assert_eq!(meta(&page(&output, other), "og:image"), home, "{other}");
    }
    assert!(meta(&page(&output, "en/index.html"), "og:image").contains("media/cards/home-en-"));
    // The language chooser shows the default language's card.
    assert_eq!(meta(&page(&output, "index.html"), "og:image"), home);
}

#[test]
fn briefings_carry_article_times_section_tags_and_locales() {
    let (_dir, _root, output) = built();
    let it = page(&output, ASTANA_IT);
    assert_eq!(meta(&it, "og:type"), "article");
    assert_eq!(meta(&it, "article:published_time"), "2025-06-16");
    assert_eq!(meta(&it, "article:modified_time"), "2025-06-18");
    assert_eq!(meta(&it, "article:section"), "Analisi");
    assert_eq!(metas(&it, "article:tag"), ["Cina", "Kazakistan"]);
    assert_eq!(meta(&it, "og:locale"), "it_IT");
    assert_eq!(metas(&it, "og:locale:alternate"), ["en_GB"]);
    let en = page(&output, ASTANA_EN);
    assert_eq!(meta(&en, "og:locale"), "en_GB");
    assert_eq!(metas(&en, "og:locale:alternate"), ["it_IT"]);
    assert_eq!(meta(&en, "article:section"), "Briefings");
    assert_eq!(metas(&en, "article:tag"), ["China", "Kazakhstan"]);
    // A page in one language only has no alternate locale; pages are not articles.
    assert!(metas(&page(&output, WEBP_IT), "og:locale:alternate").is_empty());
    let about = page(&output, "it/pagine/chi-siamo/index.html");
    assert!(metas(&about, "article:published_time").is_empty());
    assert_eq!(meta(&about, "og:type"), "website");
}

/// The one JSON-LD script of a page, parsed; its raw text never holds `<`.
fn json_ld(doc: &Html) -> serde_json::Value {
    let scripts = select(doc, "script[type='application/ld+json']");
    assert_eq!(scripts.len(), 1);
    let text: String = scripts[0].text().collect();
    assert!(!text.contains('<'), "{text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn of_type<'a>(ld: &'a serde_json::Value, kind: &str) -> Vec<&'a serde_json::Value> {
    ld["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["@type"] == kind)
        .collect()
}

#[test]
fn json_ld_parses_and_carries_the_required_properties() {
    let (_dir, _root, output) = built();
    let doc = page(&output, ASTANA_IT);
    let ld = json_ld(&doc);
    assert_eq!(ld["@context"], "https://schema.org");
    let article = of_type(&ld, "NewsArticle");
    assert_eq!(article.len(), 1);
    let a = article[0];
    assert_eq!(a["headline"], "Vertice con foto ad Astana");
    assert_eq!(a["description"], meta(&doc, "og:description"));
    assert_eq!(a["datePublished"], "2025-06-16");
    assert_eq!(a["dateModified"], "2025-06-18");
    assert_eq!(a["inLanguage"], "it-IT");
    assert_eq!(a["image"][0], meta(&doc, "og:image"));
    assert_eq!(
        a["author"][0],
        serde_json::json!({ "@type": "Person", "name": "Ada Rossi" })
    );
    assert_eq!(a["publisher"]["@type"], "Organization");
    assert_eq!(a["publisher"]["name"], "Cina e Asia centrale: il briefing");
    assert_eq!(
        a["mainEntityOfPage"],
        format!("{BASE}it/analisi/vertice-con-foto-ad-astana/")
    );
    let crumbs = of_type(&ld, "BreadcrumbList");
    let items = crumbs[0]["itemListElement"].as_array().unwrap();
    let names: Vec<&str> = items.iter().map(|i| i["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Home", "Analisi", "Vertice con foto ad Astana"]);
    for (n, item) in items.iter().enumerate() {
        assert_eq!(item["position"], n + 1);
        let url = item["item"].as_str().unwrap();
        let path = url.strip_prefix(BASE).unwrap();
        assert!(output.join(path).join("index.html").is_file(), "{url}");
    }
    // Without authors, the site is the author.
    let plain = json_ld(&page(&output, PLAIN_IT));
    assert_eq!(
        of_type(&plain, "NewsArticle")[0]["author"][0]["@type"],
        "Organization"
    );

    // The homes: the site and how to search it.
    for (home, search) in [
        ("it/index.html", "it/cerca/"),
        ("en/index.html", "en/search/"),
    ] {
        let ld = json_ld(&page(&output, home));
        let site = of_type(&ld, "WebSite");
        assert_eq!(site.len(), 1, "{home}");
        let action = &site[0]["potentialAction"];
        assert_eq!(action["@type"], "SearchAction");
        assert_eq!(
            action["target"]["urlTemplate"],
            format!("{BASE}{search}?q={{search_term_string}}")
        );
        assert_eq!(action["query-input"], "required name=search_term_string");
        assert!(output.join(search).join("index.html").is_file());
        assert!(of_type(&ld, "BreadcrumbList").is_empty());
    }
    // Term pages: Home > taxonomy > term.
    let term = json_ld(&page(&output, "en/countries/china/index.html"));
    let names: Vec<&str> = of_type(&term, "BreadcrumbList")[0]["itemListElement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Home", "Countries", "China"]);
}

#[test]
fn a_title_cannot_close_the_json_ld_script() {
    let (dir, root) = warm_media_site();
    edit(
        &root,
        "content/briefings/plain.en.md",
        "title: \"A briefing without a cover\"",
        "title: \"Cover </script><script>alert(1)</script> <!-- x\"\nslug: no-cover",
    );
    let output = dir.path().join("public");
    build(&root, &output, &[], &[]);
    let doc = page(&output, "en/briefings/no-cover/index.html");
    let ld = json_ld(&doc);
    assert_eq!(
        of_type(&ld, "NewsArticle")[0]["headline"],
        // Titles get smart punctuation: `--` is an en dash.
        "Cover </script><script>alert(1)</script> <!\u{2013} x"
    );
    // No script element of its own: the title stays text inside the JSON.
    assert_eq!(select(&doc, "script").len(), 1);
    assert!(common::site::text(&doc, "h1").contains("</script>"));
}

#[test]
fn share_cards_are_1200x630_pngs_in_each_language() {
    let (_dir, _root, output) = built();
    let cards: Vec<(String, Vec<u8>)> = snapshot(&output)
        .into_iter()
        .filter(|(k, _)| k.starts_with("media/cards/"))
        .collect();
    let names: BTreeSet<&str> = cards
        .iter()
        .map(|(k, _)| {
            k.trim_start_matches("media/cards/")
                .rsplit_once('-')
                .unwrap()
                .0
        })
        .collect();
    // One per document without a JPEG or PNG cover, one per language home.
    let expected: BTreeSet<&str> = [
        "home-it",
        "home-en",
        "un-briefing-senza-copertina",
        "a-briefing-without-a-cover",
        "copertina-in-webp",
        "chi-siamo",
        "about",
    ]
    .into();
    assert_eq!(names, expected);
    for (name, bytes) in &cards {
        assert_eq!(
            image::guess_format(bytes).unwrap(),
            image::ImageFormat::Png,
            "{name}"
        );
        let card = image::load_from_memory(bytes).unwrap();
        assert_eq!(card.dimensions(), (1200, 630), "{name}");
    }
}

#[test]
fn two_builds_give_the_same_bytes_and_the_second_encodes_nothing() {
    // A cache of its own: the other tests write to the shared one.
    let (dir, root) = media_site();
    let first = dir.path().join("public");
    build(&root, &first, &[], &[]);
    let cache = root.join(".briefing-cache");
    // The media cache only: `builds/` holds the manifests of the outputs (one each).
    let media_cache = |cache: &Path| {
        let mut files = snapshot(cache);
        files.retain(|k, _| !k.starts_with("builds/"));
        files
    };
    let before = media_cache(&cache);
    assert!(
        before.keys().any(|k| k.starts_with("images/")),
        "{:?}",
        before.keys()
    );
    let second = dir.path().join("second");
    build(&root, &second, &[], &[]);
    assert_eq!(snapshot(&first), snapshot(&second));
    assert_eq!(
        media_cache(&cache),
        before,
        "the second build changed the cache"
    );
    // The cache is never published.
    assert!(
        snapshot(&second)
            .keys()
            .all(|k| !k.contains("briefing-cache"))
    );
}

#[test]
fn a_warm_build_finds_its_images_through_the_index_alone() {
    let (dir, root) = media_site();
    let first = dir.path().join("public");
    build(&root, &first, &[], &[]);
    let images = root.join(".briefing-cache/images");
    let index = fs::read_dir(&images)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("index-")
        })
        .expect("the build left an index");
    let good = fs::read(&index).unwrap();
    // Without the per-image records (memos and KEY.json), a build that still read them
    // would hash every source again and write them back.
    fs::remove_dir_all(root.join(".briefing-cache/sources")).unwrap();
    let records = |images: &Path| -> Vec<PathBuf> {
        fs::read_dir(images)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json") && *p != index)
            .collect()
    };
    assert!(!records(&images).is_empty());
    for record in records(&images) {
        fs::remove_file(record).unwrap();
    }
    let second = dir.path().join("second");
    build(&root, &second, &[], &[]);
    assert_eq!(snapshot(&first), snapshot(&second));
    assert!(!root.join(".briefing-cache/sources").exists());
    assert!(records(&images).is_empty());
    assert_eq!(
        fs::read(&index).unwrap(),
        good,
        "a warm build rewrote the index"
    );

    // A damaged index is not trusted: the images are found (or made) again, the pages
    // are the same, and the index is written whole again.
    fs::write(&index, &good[..good.len() - 7]).unwrap();
    let third = dir.path().join("third");
    build(&root, &third, &[], &[]);
    assert_eq!(snapshot(&first), snapshot(&third));
    // The same entries; only the inode and time of each variant made again differ.
    assert_eq!(
        index_entries(&fs::read(&index).unwrap()),
        index_entries(&good)
    );
}

/// The entries of a media index file, without the `files` (inode and time) of each.
fn index_entries(bytes: &[u8]) -> serde_json::Value {
    let body = &bytes[bytes.iter().position(|&b| b == b'\n').unwrap() + 1..];
    let mut entries: serde_json::Value = serde_json::from_slice(body).unwrap();
    for entry in entries.as_object_mut().unwrap().values_mut() {
        assert!(entry.as_object_mut().unwrap().remove("files").is_some());
    }
    entries
}
