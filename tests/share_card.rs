//! Share cards: 1200x630 PNGs drawn from the vendored fonts only, byte-identical on
//! every render, with the title escaped and fitted (issue 15).

mod common;

use briefing::media::{Cache, Settings};
use briefing::share_card::{Card, HEIGHT, ShareCards, WIDTH};
use std::path::Path;

fn card<'a>(title: &'a str, figure: Option<&'a str>) -> Card<'a> {
    Card {
        title,
        site_name: "Briefing Cina–Asia centrale",
        date: "16 giugno 2025",
        lang: "it",
        figure,
    }
}

fn decode(png: &[u8]) -> image::RgbaImage {
    assert_eq!(image::guess_format(png).unwrap(), image::ImageFormat::Png);
    image::load_from_memory(png).unwrap().to_rgba8()
}

/// Pixels in the rectangle that are much darker than the paper: drawn text.
fn ink(img: &image::RgbaImage, x0: u32, y0: u32, x1: u32, y1: u32) -> usize {
    let mut n = 0;
    for y in y0..y1 {
        for x in x0..x1 {
            let p = img.get_pixel(x, y);
            if u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2]) < 300 {
                n += 1;
            }
        }
    }
    n
}

/// Pixels in the rectangle clearly redder than grey: the accent mixed into a map's fill.
fn tinted(img: &image::RgbaImage, x0: u32, y0: u32, x1: u32, y1: u32) -> usize {
    let mut n = 0;
    for y in y0..y1 {
        for x in x0..x1 {
            let p = img.get_pixel(x, y);
            if i32::from(p[0]) - i32::from(p[1]) > 25 {
                n += 1;
            }
        }
    }
    n
}

#[test]
fn a_card_is_a_1200x630_png_in_the_theme_colours() {
    let cards = ShareCards::new();
    let png = cards
        .render(
            &card("Tokayev e Xi firmano a Astana", None),
            Path::new("a.it.md"),
        )
        .unwrap();
    let img = decode(&png);
    assert_eq!((img.width(), img.height()), (WIDTH, HEIGHT));
    assert_eq!((WIDTH, HEIGHT), (1200, 630));
    assert_eq!(
        img.get_pixel(600, 5).0,
        [0x9b, 0x22, 0x26, 255],
        "accent bar"
    );
    assert_eq!(img.get_pixel(1190, 620).0, [0xfa, 0xf9, 0xf6, 255], "paper");
    // The title is drawn (the vendored font was found): dark ink in its band.
    assert!(ink(&img, 80, 150, 1120, 505) > 5_000, "no title drawn");
    // The date, in the muted colour, below the rule.
    let date: usize = (550..600)
        .flat_map(|y| (80..500).map(move |x| (x, y)))
        .filter(|&(x, y)| img.get_pixel(x, y).0 == [0x5a, 0x63, 0x6d, 255])
        .count();
    assert!(date > 50, "no date drawn");
}

#[test]
fn two_renders_are_byte_identical() {
    let a = ShareCards::new()
        .render(
            &card("Казахстан и Китай: новый коридор", None),
            Path::new("x"),
        )
        .unwrap();
    let b = ShareCards::new()
        .render(
            &card("Казахстан и Китай: новый коридор", None),
            Path::new("x"),
        )
        .unwrap();
    assert_eq!(a, b);
    let img = decode(&a);
    assert!(
        ink(&img, 80, 150, 1120, 505) > 5_000,
        "no Cyrillic title drawn"
    );
}

#[test]
fn the_title_is_escaped_and_a_long_one_shortened() {
    let cards = ShareCards::new();
    let title = "</text><script>alert(1)</script> & \"quotes\" ".repeat(12);
    let svg = cards.svg(&card(&title, None));
    assert!(!svg.contains("<script>"), "{svg}");
    assert!(svg.contains("&lt;/text&gt;&lt;script&gt;"), "{svg}");
    assert!(svg.contains('…'), "a long title is not shortened: {svg}");
    let tspans = svg.matches("<tspan").count();
    assert!((1..=4).contains(&tspans), "{tspans} lines");
    let png = cards.render(&card(&title, None), Path::new("x")).unwrap();
    assert_eq!(decode(&png).dimensions(), (1200, 630));
}

#[test]
fn a_figure_is_drawn_on_the_right() {
    let cards = ShareCards::new();
    let figure =
        "<svg viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\" fill=\"#1b4d89\"/></svg>";
    let with = decode(
        &cards
            .render(&card("Dushanbe", Some(figure)), Path::new("x"))
            .unwrap(),
    );
    let without = decode(
        &cards
            .render(&card("Dushanbe", None), Path::new("x"))
            .unwrap(),
    );
    assert_eq!(with.get_pixel(940, 280).0, [0x1b, 0x4d, 0x89, 255]);
    assert_eq!(without.get_pixel(940, 280).0, [0xfa, 0xf9, 0xf6, 255]);
    // A long title wraps before the figure instead of running under it.
    let long = "Una lunga serie di accordi tra Pechino e le capitali dell'Asia centrale";
    let img = decode(
        &cards
            .render(&card(long, Some(figure)), Path::new("x"))
            .unwrap(),
    );
    assert!(ink(&img, 80, 150, 720, 505) > 5_000);
    assert_eq!(
        ink(&img, 722, 150, 758, 505),
        0,
        "title runs into the figure gap"
    );
}

#[test]
fn a_broken_figure_is_a_problem_on_the_page() {
    let problem = ShareCards::new()
        .render(
            &card("x", Some("<g><rect")),
            Path::new("content/briefings/a.it.md"),
        )
        .unwrap_err();
    assert_eq!(problem.path, Path::new("content/briefings/a.it.md"));
    assert!(
        problem.message.starts_with("cannot draw the share card"),
        "{problem}"
    );
}

#[test]
fn cards_are_cached_by_content() {
    let dir = tempfile::tempdir().unwrap();
    let cards = ShareCards::new();
    let cache = Cache::new(dir.path(), Settings::default());
    let one = cards
        .render_cached(&card("Bishkek", None), Path::new("x"), &cache)
        .unwrap();
    let two = cards
        .render_cached(&card("Bishkek", None), Path::new("x"), &cache)
        .unwrap();
    let other = cards
        .render_cached(&card("Tashkent", None), Path::new("x"), &cache)
        .unwrap();
    assert_eq!(one, two);
    assert_ne!(one, other);
    assert_eq!(cache.renders(), 2);
    assert_eq!(
        one,
        cards
            .render(&card("Bishkek", None), Path::new("x"))
            .unwrap()
    );
    let stored = std::fs::read_dir(dir.path().join("cards")).unwrap().count();
    assert_eq!(stored, 2);
}

#[test]
fn the_renderer_and_the_cache_can_be_shared_by_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<ShareCards>();
    shared::<Cache>();
}

/// The `site` fixture (a copy of the repository's site), built by the CLI: every page's preview is a card of its
/// own language (its documents have no cover), 1200x630, with the title drawn.
#[test]
fn the_repository_site_gets_share_cards_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    common::pages::build_site(&output);
    let og_image = |page: &str| -> String {
        let html = std::fs::read_to_string(output.join(page)).unwrap();
        let doc = scraper::Html::parse_document(&html);
        let selector = scraper::Selector::parse("meta[property='og:image']").unwrap();
        let url = doc
            .select(&selector)
            .next()
            .unwrap()
            .value()
            .attr("content")
            .unwrap();
        url.strip_prefix("https://briefing.example.org/")
            .unwrap()
            .to_string()
    };
    let pages = [
        ("it", "it/index.html", "home-it-"),
        ("en", "en/index.html", "home-en-"),
        (
            "it",
            "it/analisi/vertice-astana-2025/index.html",
            "vertice-astana-2025-",
        ),
        (
            "en",
            "en/briefings/astana-summit-2025/index.html",
            "astana-summit-2025-",
        ),
        ("it", "it/pagine/chi-siamo/index.html", "chi-siamo-"),
        ("en", "en/pages/about/index.html", "about-"),
    ];
    let mut cards = std::collections::BTreeSet::new();
    for (lang, page, stem) in pages {
        let file = og_image(page);
        assert!(
            file.starts_with(&format!("media/cards/{stem}")),
            "{page}: {file}"
        );
        let png = decode(&std::fs::read(output.join(&file)).unwrap());
        assert_eq!((png.width(), png.height()), (WIDTH, HEIGHT), "{file}");
        assert!(
            ink(&png, 80, 150, 1120, 505) > 2_000,
            "{file}: no title drawn ({lang})"
        );
        // The figure box: the page's map (accent-tinted countries) on briefings and
        // homes, paper on pages without a map.
        let tinted = tinted(&png, 760, 70, 1120, 490);
        let page_has_map = std::fs::read_to_string(output.join(page))
            .unwrap()
            .contains("class=\"map-svg\"");
        if page_has_map {
            assert!(
                tinted > 5_000,
                "{file}: no map on the card ({tinted} tinted pixels)"
            );
        } else {
            assert_eq!(tinted, 0, "{file}: a figure on a page without a map");
        }
        cards.insert(file);
    }
    assert_eq!(cards.len(), pages.len(), "each page has a card of its own");
}

/// A card is an 8-bit indexed-colour PNG of at most 256 colours (issue 18: the cards were
/// most of a large site's bytes as RGB), small, and still the theme's exact colours where
/// they are flat.
#[test]
fn a_card_is_a_compact_indexed_png() {
    let cards = ShareCards::new();
    let figure = "<rect x=\"20\" y=\"20\" width=\"320\" height=\"380\" fill=\"#dcb4b4\" \
                  stroke=\"#9b2226\" stroke-width=\"4\"/><circle cx=\"180\" cy=\"210\" \
                  r=\"90\" fill=\"#e1e8ee\"/>";
    for (title, figure) in [
        (
            "Tokayev e Xi firmano a Astana un accordo sul corridoio",
            None,
        ),
        ("Казахстан и Китай: новый коридор", Some(figure)),
    ] {
        let bytes = cards.render(&card(title, figure), Path::new("x")).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
        let reader = decoder.read_info().unwrap();
        let info = reader.info();
        assert_eq!(info.color_type, png::ColorType::Indexed, "{title}");
        assert_eq!(info.bit_depth, png::BitDepth::Eight, "{title}");
        let palette = info.palette.as_ref().expect("a palette").len() / 3;
        assert!((2..=256).contains(&palette), "{title}: {palette} colours");
        let img = decode(&bytes);
        // The same pixels as the RGB PNG cards were before: the palette saves half.
        let rgb = image::DynamicImage::ImageRgba8(img.clone()).to_rgb8();
        let mut as_rgb = Vec::new();
        image::ImageEncoder::write_image(
            image::codecs::png::PngEncoder::new_with_quality(
                &mut as_rgb,
                image::codecs::png::CompressionType::Level(4),
                image::codecs::png::FilterType::Adaptive,
            ),
            &rgb,
            WIDTH,
            HEIGHT,
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
        assert!(
            bytes.len() * 10 < as_rgb.len() * 6 && bytes.len() < 30_000,
            "{title}: {} bytes, {} as RGB",
            bytes.len(),
            as_rgb.len()
        );
        assert_eq!(img.get_pixel(1190, 620).0, [0xfa, 0xf9, 0xf6, 255], "paper");
        assert_eq!(img.get_pixel(600, 5).0, [0x9b, 0x22, 0x26, 255], "accent");
        assert!(ink(&img, 80, 150, 1120, 505) > 5_000, "{title}: no title");
    }
}

/// A published card is its cache entry byte for byte: a hard link to it when the cache
/// and the output share a file system (nothing copied), a copy when they do not.
#[test]
fn a_published_card_is_its_cache_entry() {
    let (dir, root) = common::site::scratch("site");
    let check = |output: &Path, linked: bool| {
        common::site::build(&root, output, &[], &[]);
        let mut seen = 0;
        for entry in std::fs::read_dir(output.join("media/cards")).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_stem().unwrap().to_str().unwrap().to_string();
            let prefix = &name[name.rfind('-').unwrap() + 1..];
            let cached: Vec<_> = std::fs::read_dir(root.join(".briefing-cache/cards"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.file_name().unwrap().to_str().unwrap().starts_with(prefix))
                .collect();
            assert_eq!(cached.len(), 1, "{name}: one cache entry");
            let published = std::fs::read(&path).unwrap();
            assert_eq!(published, std::fs::read(&cached[0]).unwrap(), "{name}");
            assert!(
                published.len() < 40_000,
                "{name}: {} bytes",
                published.len()
            );
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt as _;
                let same = std::fs::metadata(&path).unwrap().ino()
                    == std::fs::metadata(&cached[0]).unwrap().ino();
                assert_eq!(same, linked, "{name}: linked {same}, expected {linked}");
            }
            seen += 1;
        }
        assert!(seen >= 8, "only {seen} cards published");
    };
    check(&dir.path().join("public"), true);
    // Another file system, where one is at hand: the same bytes, copied.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let shm = Path::new("/dev/shm");
        if shm.is_dir()
            && std::fs::metadata(shm).unwrap().dev() != std::fs::metadata(&root).unwrap().dev()
        {
            let other = tempfile::tempdir_in(shm).unwrap();
            check(&other.path().join("public"), false);
        }
    }
}
