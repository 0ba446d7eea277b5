//! The maps of the `site` fixture (a copy of the repository's site) in headless Chromium, opened from disk: Tab reaches
//! each country's link in reading order; at phone width the names give way to numbered
//! keys, the text stays legible and nothing overflows; the drawing keeps the shape its
//! `width`/`height` reserve (no layout shift); its colours are the theme's, light and
//! dark; it prints on one page with its list. Element screenshots of every map, light
//! and dark, at both widths, go to `target/screenshots/maps/`.

mod common;

use std::process::Command;

use common::browser::{self, Browser, file_url, site_and_browser};

/// No text on a map is drawn smaller than this (CSS pixels of font size), phone or not.
const SMALLEST_TEXT: f64 = 9.5;
/// Screenshot widths: a laptop, and a phone (iPhone 12-15 class, in CSS pixels).
const WIDTHS: [u32; 2] = [1280, 390];

/// The pages with maps the map test visits: a name, the page, the map's figure.
const MAP_PAGES: [(&str, &str, &str); 6] = [
    ("it-home", "it/index.html", "#map-home"),
    ("en-home", "en/index.html", "#map-home"),
    ("it-country", "it/paesi/kazakistan/index.html", "#map-term"),
    (
        "en-country",
        "en/countries/kazakhstan/index.html",
        "#map-term",
    ),
    (
        "it-briefing",
        "it/analisi/vertice-astana-2025/index.html",
        "#map-page",
    ),
    (
        "en-briefing",
        "en/briefings/xi-astana-sco-summit-2024/index.html",
        "#map-page",
    ),
];

/// Tab reaches each country's link in reading order (the order of the list beside the
/// map, which follows them); at phone width the names give way to numbered keys, no
/// text is smaller than [`SMALLEST_TEXT`] and nothing overflows; the drawing keeps the
/// shape its `width`/`height` reserve; element screenshots, light and dark, both widths.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn maps_are_reached_by_keyboard_in_reading_order_and_fit_a_phone() {
    let Some((_dir, public, browser)) = site_and_browser().await else {
        return;
    };
    let mut failures = Vec::new();
    let checked: browser::Result<()> = async {
        for (name, page, figure) in MAP_PAGES {
            let url = file_url(&public.join(page));
            let report = browser.check_page(&url).await?;
            for problem in report.problems {
                failures.push(format!("{page}: {problem}"));
            }
            check_map_keyboard(&browser, page, figure, &mut failures).await?;
            check_map_widths(&browser, page, figure, &mut failures).await?;
            for scheme in ["light", "dark"] {
                browser.emulate_color_scheme(scheme).await?;
                browser.open(&url).await?;
                for width in WIDTHS {
                    let path = browser::screenshot_dir()
                        .join("maps")
                        .join(format!("{name}-{width}-{scheme}.png"));
                    if let Err(error) = browser.screenshot_element(figure, width, &path).await {
                        failures.push(format!("{page}: screenshot at {width} px: {error}"));
                    }
                }
                for problem in browser.console_errors().await? {
                    failures.push(format!("{page} ({scheme}): {problem}"));
                }
            }
            browser.emulate_color_scheme("").await?;
        }
        Ok(())
    }
    .await;
    browser.finish(checked, failures, "with the maps").await;
}

/// Focuses the last focusable element before the map, then presses Tab: each press must
/// land on the map's next country link, then on the first link of the list beside it.
async fn check_map_keyboard(
    browser: &Browser,
    page: &str,
    figure: &str,
    failures: &mut Vec<String>,
) -> browser::Result<()> {
    let found = browser
        .client()
        .execute(MAP_LINKS_JS, vec![serde_json::json!(figure)])
        .await?;
    let hrefs = |i: usize| -> Vec<String> {
        found[i]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    };
    let (in_map, in_list) = (hrefs(0), hrefs(1));
    if in_map.len() < 3 {
        failures.push(format!("{page}: only {} links on the map", in_map.len()));
        return Ok(());
    }
    // The map's links are the list's, in the list's order (some may lie out of view).
    let mut rest = in_list.iter();
    if !in_map.iter().all(|h| rest.any(|l| l == h)) {
        failures.push(format!(
            "{page}: the map's links {in_map:?} are not in the list's order {in_list:?}"
        ));
    }
    let expected = in_map.iter().chain(in_list.first());
    for (step, want) in expected.enumerate() {
        browser.press_tab().await?;
        let got = browser
            .client()
            .execute(ACTIVE_JS, vec![serde_json::json!(figure)])
            .await?;
        let href = got[0].as_str().unwrap_or("(no href)");
        let place = got[1].as_str().unwrap_or("");
        let want_place = if step < in_map.len() { "map" } else { "list" };
        if href != want || place != want_place {
            failures.push(format!(
                "{page}: Tab {} reached {href} in the {place}, expected {want} in the {want_place}",
                step + 1
            ));
            break;
        }
    }
    Ok(())
}

/// At 390 px the names give way to numbered keys and the page does not scroll sideways;
/// at 1280 px the names show; at both, the drawing has its view box's proportions.
async fn check_map_widths(
    browser: &Browser,
    page: &str,
    figure: &str,
    failures: &mut Vec<String>,
) -> browser::Result<()> {
    for (width, keys) in [(390, true), (1280, false)] {
        browser.resize(width, 900).await?;
        let state = settled_layout(browser, figure, width).await?;
        let keys_shown = state["keys"].as_bool().unwrap_or(!keys);
        let names_shown = state["names"].as_bool().unwrap_or(keys);
        if keys_shown != keys || names_shown == keys {
            failures.push(format!(
                "{page} at {width} px: numbered keys shown {keys_shown}, names shown {names_shown}"
            ));
        }
        let smallest = state["smallest"][0].as_f64().unwrap_or(0.0);
        if smallest < SMALLEST_TEXT {
            failures.push(format!(
                "{page} at {width} px: {:?} is drawn {smallest:.1} px high, under {SMALLEST_TEXT}",
                state["smallest"][1]
            ));
        }
        let overflow = state["overflow"].as_f64().unwrap_or(1.0);
        if overflow > 0.0 {
            failures.push(format!(
                "{page} at {width} px: the page is {overflow} px too wide"
            ));
        }
        let (drawn, reserved) = (
            state["ratio"].as_f64().unwrap_or(0.0),
            state["viewBox"].as_f64().unwrap_or(1.0),
        );
        if (drawn - reserved).abs() > 0.01 * reserved {
            failures.push(format!(
                "{page} at {width} px: drawn {drawn:.3} high per unit of width, view box {reserved:.3}"
            ));
        }
    }
    let (w, h) = browser::DEFAULT_SIZE;
    browser.resize(w, h).await
}

/// The hrefs of the map's links and of its list's, after focusing the last focusable
/// element before the map.
const MAP_LINKS_JS: &str = r#"
const figure = document.querySelector(arguments[0]);
const svg = figure.querySelector("svg.map-svg");
const focusable = [...document.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]")]
  .filter((el) => el.tabIndex >= 0 && !el.disabled && !svg.contains(el)
    && (svg.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING)
    && el.getClientRects().length > 0);
focusable[focusable.length - 1].focus();
return [
  [...svg.querySelectorAll("a")].map((a) => a.getAttribute("href")),
  [...figure.querySelectorAll("ol.map-list a")].map((a) => a.getAttribute("href")),
];
"#;

/// The focused element's href, and whether it is in the map, the list or elsewhere.
const ACTIVE_JS: &str = r#"
const figure = document.querySelector(arguments[0]);
const el = document.activeElement;
const place = figure.querySelector("svg.map-svg").contains(el) ? "map"
  : figure.querySelector("ol.map-list").contains(el) ? "list" : "elsewhere";
return [el.getAttribute("href") || el.tagName, place];
"#;

/// The map's layout once the viewport is `width` wide and a frame has been drawn at
/// that width: chromedriver may answer a resize before the page has seen it.
async fn settled_layout(
    browser: &Browser,
    figure: &str,
    width: u32,
) -> browser::Result<serde_json::Value> {
    let mut state = serde_json::Value::Null;
    for _ in 0..40 {
        state = browser
            .client()
            .execute_async(MAP_LAYOUT_JS, vec![serde_json::json!(figure)])
            .await?;
        if state["innerWidth"].as_u64() == Some(u64::from(width)) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    Ok(state)
}

/// How the map is laid out at the current width, after the next frame; `smallest` is the smallest text shown
/// on it, in CSS pixels of font size as drawn, with what it says.
const MAP_LAYOUT_JS: &str = r#"
const done = arguments[arguments.length - 1];
requestAnimationFrame(() => requestAnimationFrame(() => {
const figure = document.querySelector(arguments[0]);
const svg = figure.querySelector("svg.map-svg");
const shown = (el) => !!el && getComputedStyle(el).display !== "none";
const box = svg.getBoundingClientRect();
const view = svg.viewBox.baseVal;
const scale = box.width / view.width;
const sizes = [...svg.querySelectorAll("text")]
  .filter((t) => t.getBoundingClientRect().height > 0)
  .map((t) => [parseFloat(getComputedStyle(t).fontSize) * scale, t.textContent]);
sizes.sort((a, b) => a[0] - b[0]);
done({
  innerWidth: window.innerWidth,
  keys: shown(svg.querySelector(".map-keys")),
  names: shown(svg.querySelector(".map-label-country")),
  overflow: document.documentElement.scrollWidth - window.innerWidth,
  ratio: box.height / box.width,
  viewBox: view.height / view.width,
  smallest: sizes[0] || [0, "(no text shown)"],
});
}));
"#;

/// The colours of every map are the theme's, in light and in dark: the paper and the
/// sea light with dark names on light, the reverse in dark; the names in the page's own
/// text colour; highlighted countries apart from the rest; no colour written in the
/// SVG itself. Printed to PDF on A4, each map stays on one page with its list and note,
/// the numbered keys left to the screen.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn maps_take_the_themes_colours_light_and_dark_and_print_on_one_page() {
    let Some((_dir, public, browser)) = site_and_browser().await else {
        return;
    };
    let mut failures = Vec::new();
    let checked: browser::Result<()> = async {
        for (_, page, figure) in MAP_PAGES {
            let url = file_url(&public.join(page));
            let mut seas = Vec::new();
            for scheme in ["light", "dark"] {
                browser.emulate_color_scheme(scheme).await?;
                browser.open(&url).await?;
                let colours = browser
                    .client()
                    .execute(MAP_COLOURS_JS, vec![serde_json::json!(figure)])
                    .await?;
                seas.push(colours["sea"].to_string());
                check_colours(
                    &colours,
                    scheme,
                    &format!("{page} ({scheme})"),
                    &mut failures,
                );
            }
            if seas[0] == seas[1] {
                failures.push(format!("{page}: the sea is {} in light and dark", seas[0]));
            }
            browser.emulate_media("print", "light").await?;
            browser.open(&url).await?;
            let state = browser
                .client()
                .execute(MAP_PRINT_JS, vec![serde_json::json!(figure)])
                .await?;
            check_print_layout(&state, page, &mut failures);
            browser.emulate_media("", "").await?;
            browser.open(&url).await?;
            let pdf = browser.print_pdf().await?;
            check_printed(&pdf, &state, page, &mut failures)?;
        }
        Ok(())
    }
    .await;
    browser
        .finish(checked, failures, "with the maps' colours or print")
        .await;
}

/// Relative luminance (WCAG) of `[r, g, b]` in 0..=255.
fn luminance(rgb: &serde_json::Value) -> f64 {
    let channel = |i: usize| {
        let c = rgb[i].as_f64().unwrap_or(f64::NAN) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
}

fn check_colours(colours: &serde_json::Value, scheme: &str, at: &str, failures: &mut Vec<String>) {
    let dark = scheme == "dark";
    for (part, light_above) in [
        ("page", 0.7),
        ("sea", 0.6),
        ("water", 0.6),
        ("lake", 0.6),
        ("land", 0.45),
        ("label", 0.0),
    ] {
        let l = luminance(&colours[part]);
        let ok = match (part, dark) {
            ("label", false) => l < 0.2,
            ("label", true) => l > 0.5,
            (_, false) => l > light_above,
            (_, true) => l < 0.3,
        };
        if !ok {
            failures.push(format!(
                "{at}: the {part} is {} (luminance {l:.2})",
                colours[part]
            ));
        }
    }
    if colours["label"] != colours["text"] {
        failures.push(format!(
            "{at}: names are {} but the page's text is {}",
            colours["label"], colours["text"]
        ));
    }
    let apart: f64 = (0..3)
        .map(|i| {
            let a = colours["highlight"][i].as_f64().unwrap_or(0.0);
            let b = colours["land"][i].as_f64().unwrap_or(0.0);
            (a - b).abs()
        })
        .sum();
    if apart < 30.0 {
        failures.push(format!(
            "{at}: highlighted {} too close to the other land {}",
            colours["highlight"], colours["land"]
        ));
    }
    if colours["painted"].as_u64() != Some(0) {
        failures.push(format!(
            "{at}: {} SVG elements carry their own fill, stroke or style",
            colours["painted"]
        ));
    }
}

/// With print styles: the figure does not break across pages, the drawing stays under
/// 12 cm high, the list shows, the keys do not, nothing is wider than the page.
fn check_print_layout(state: &serde_json::Value, page: &str, failures: &mut Vec<String>) {
    let cm = 96.0 / 2.54;
    if state["breakInside"] != "avoid" {
        failures.push(format!(
            "{page} (print): break-inside is {}",
            state["breakInside"]
        ));
    }
    let svg = state["svgHeight"].as_f64().unwrap_or(f64::MAX);
    if svg > 12.0 * cm + 1.0 {
        failures.push(format!("{page} (print): the drawing is {svg:.0} px high"));
    }
    if state["listShown"] != true || state["keysShown"] != false {
        failures.push(format!(
            "{page} (print): list shown {}, keys shown {}",
            state["listShown"], state["keysShown"]
        ));
    }
    if state["overflow"].as_f64().unwrap_or(1.0) > 0.0 {
        failures.push(format!("{page} (print): {} px too wide", state["overflow"]));
    }
}

/// The printed PDF, read back with pdftotext: the page with the map's title also holds
/// every name of its list and its note on borders.
fn check_printed(
    pdf: &[u8],
    state: &serde_json::Value,
    page: &str,
    failures: &mut Vec<String>,
) -> browser::Result<()> {
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("page.pdf");
    std::fs::write(&file, pdf)?;
    let out = Command::new("pdftotext").arg(&file).arg("-").output()?;
    if !out.status.success() {
        return Err(format!("pdftotext failed: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    let text = String::from_utf8_lossy(&out.stdout).replace(['\n', ' '], "");
    let squeeze = |v: &serde_json::Value| v.as_str().unwrap_or("").replace([' ', '\n'], "");
    let title = squeeze(&state["title"]);
    let Some(sheet) = text.split('\u{c}').find(|sheet| sheet.contains(&title)) else {
        failures.push(format!(
            "{page} (PDF): no page shows the map's title {title:?}"
        ));
        return Ok(());
    };
    let names = state["names"].as_array().cloned().unwrap_or_default();
    for wanted in names.iter().chain([&state["note"]]) {
        if !sheet.contains(&squeeze(wanted)) {
            failures.push(format!("{page} (PDF): {wanted} is not on the map's page"));
        }
    }
    Ok(())
}

/// The colours the map is painted in, as `[r, g, b]`, with the page's own.
const MAP_COLOURS_JS: &str = r#"
const figure = document.querySelector(arguments[0]);
const svg = figure.querySelector("svg.map-svg");
const ctx = document.createElement("canvas").getContext("2d", { willReadFrequently: true });
const rgb = (colour) => {
  ctx.clearRect(0, 0, 1, 1);
  ctx.fillStyle = "black";
  ctx.fillStyle = colour;
  ctx.fillRect(0, 0, 1, 1);
  return [...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)];
};
const fill = (css) => {
  const el = svg.querySelector(css);
  return el ? rgb(getComputedStyle(el).fill) : null;
};
const body = getComputedStyle(document.body);
return {
  page: rgb(body.backgroundColor),
  text: rgb(body.color),
  sea: fill(".map-sea"),
  water: fill(".map-water:not(.map-lake)"),
  lake: fill(".map-lake"),
  land: fill(".map-neighbour"),
  highlight: fill(".map-highlight"),
  label: fill(".map-label-country") || fill(".map-label-place"),
  painted: [...svg.querySelectorAll("*")]
    .filter((el) => ["fill", "stroke", "style", "color"].some((a) => el.hasAttribute(a)))
    .length,
};
"#;

/// The map's print layout, and the texts the printed page must hold.
const MAP_PRINT_JS: &str = r#"
const figure = document.querySelector(arguments[0]);
const svg = figure.querySelector("svg.map-svg");
const list = figure.querySelector("ol.map-list");
const shown = (el) => !!el && getComputedStyle(el).display !== "none"
  && el.getBoundingClientRect().height > 0;
return {
  breakInside: getComputedStyle(figure).breakInside,
  svgHeight: svg.getBoundingClientRect().height,
  listShown: shown(list),
  keysShown: shown(svg.querySelector(".map-keys")),
  overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  title: figure.querySelector(".map-title").textContent,
  names: [...list.querySelectorAll("li")].map((li) => li.firstChild && li.querySelector("a, span.map-item-self").textContent),
  note: figure.querySelector(".map-source").textContent,
};
"#;
