//! Preview pages of the maps, for the Nu HTML Checker and for a look in a browser.

use super::tests::{astana, geo, home, locator, root};
use super::{MapSpec, MapView, draw};
use std::path::{Path, PathBuf};

/// The markup a template gives a map: the figure, its caption, the text list, the legend.
fn figure(view: &MapView, caption: &str) -> String {
    let mut html = format!(
        "<figure class=\"map\"><figcaption>{caption}</figcaption>{}",
        view.svg
    );
    if !view.legend.is_empty() {
        html.push_str("<ul class=\"map-legend\">");
        for item in &view.legend {
            html.push_str(&format!(
                "<li><span class=\"map-swatch map-class-{}\"></span>{}</li>",
                item.class, item.label
            ));
        }
        html.push_str("</ul>");
    }
    html.push_str("<ol class=\"map-list\">");
    for item in &view.items {
        let name = match &item.href {
            Some(href) => format!("<a href=\"{href}\">{}</a>", item.name),
            None => item.name.clone(),
        };
        let count = item.count.map_or(String::new(), |c| {
            format!(" <span class=\"map-count\">{c}</span>")
        });
        html.push_str(&format!("<li value=\"{}\">{name}{count}</li>", item.number));
    }
    html.push_str("</ol></figure>");
    html
}

/// A page for a look in a browser: `<main>` holding the figures.
fn page(body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Map preview</title><link rel=\"stylesheet\" href=\"style.css\"></head>\
         <body><main class=\"wrap\">{body}</main></body></html>"
    )
}

/// The region maps in both languages and a few locators, each valid HTML. Written to the
/// folder in `MAP_PREVIEW`, when set: `index.html` with them all, `NAME.html` with one
/// each, and `static/style.css` copied beside them.
#[test]
fn preview_pages() {
    let mut figures = Vec::new();
    for lang in ["it", "en"] {
        let spec = MapSpec {
            id: format!("home-{lang}"),
            marks: vec![astana()],
            ..home(lang)
        };
        let view = draw(geo(), &spec).unwrap();
        let caption = format!("Home ({lang}), {} bytes", view.svg.len());
        figures.push((format!("home-{lang}"), figure(&view, &caption)));
    }
    for key in ["kazakhstan", "kyrgyzstan", "tajikistan", "china"] {
        let spec = MapSpec {
            id: format!("loc-{key}"),
            marks: vec![astana()],
            ..locator("en", key)
        };
        let view = draw(geo(), &spec).unwrap();
        let caption = format!("Locator: {key}, {} bytes", view.svg.len());
        figures.push((format!("loc-{key}"), figure(&view, &caption)));
    }
    let all: String = figures.iter().map(|(_, f)| f.as_str()).collect();
    let mut pages = vec![("index".to_string(), page(&all))];
    pages.extend(figures.iter().map(|(name, f)| (name.clone(), page(f))));
    let links = scraper::Selector::parse("svg a[href]").unwrap();
    for (name, html) in &pages {
        let parsed = scraper::Html::parse_document(html);
        assert!(parsed.errors.is_empty(), "{name}: {:?}", parsed.errors);
        // The map's links are links to the HTML tools too (the P1 and `check` walks).
        if name.starts_with("home-") {
            assert_eq!(parsed.select(&links).count(), 6, "{name}");
        }
    }
    let scratch = tempfile::tempdir().unwrap();
    let dir =
        std::env::var("MAP_PREVIEW").map_or_else(|_| scratch.path().to_path_buf(), PathBuf::from);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, html) in &pages {
        std::fs::write(dir.join(format!("{name}.html")), html).unwrap();
    }
    std::fs::copy(root().join("static/style.css"), dir.join("style.css")).unwrap();
    nu_html_check(&dir);
}

/// The Nu HTML Checker over the folder's pages: required in CI, skipped loudly elsewhere.
fn nu_html_check(dir: &Path) {
    let jar = root().join("node_modules/vnu-jar/build/dist/vnu.jar");
    let run = std::process::Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html"])
        .arg(dir)
        .output();
    match run {
        Ok(out) if jar.is_file() => assert!(
            out.status.success(),
            "the Nu HTML Checker rejects the map pages:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ),
        _ if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("the Nu HTML Checker is needed in CI: Java and `npm ci --ignore-scripts`")
        }
        _ => eprintln!(
            "!!! SKIPPING THE NU HTML CHECK OF THE MAP PAGES: Java or vnu-jar is missing."
        ),
    }
}
