//! Share cards: the 1200x630 PNG a link preview shows for a page without a photo.
//!
//! The card is an SVG drawn here (title wrapped to the card, site name, date, an
//! optional figure such as a map) and rendered by resvg with the two fonts vendored
//! in `assets/fonts/` (Noto Serif Bold, Noto Sans Regular; SIL OFL 1.1) and no other:
//! no system font is read, so the same input gives the same bytes on any machine.

use crate::diagnostics::Problem;
use crate::markup::escape_xml;
use crate::media::Cache;
use resvg::usvg;
use skrifa::MetadataProvider as _;
use skrifa::instance::{LocationRef, Size};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

mod encode;

/// The size of every card, in pixels (the size OpenGraph and X ask for).
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

const SERIF: &[u8] = include_bytes!("../assets/fonts/NotoSerif-Bold.ttf");
const SANS: &[u8] = include_bytes!("../assets/fonts/NotoSans-Regular.ttf");

/// The theme's colours (`static/style.css`, light scheme).
const PAPER: &str = "#faf9f6";
const TEXT: &str = "#1c2024";
const MUTED: &str = "#5a636d";
const ACCENT: &str = "#9b2226";
const RULE: &str = "#d8d4cb";

/// Left and right margin; the figure box, when there is one, on the right.
const MARGIN: f32 = 80.0;
const FIGURE: (f32, f32, f32, f32) = (760.0, 70.0, 360.0, 420.0);
/// The band the title may fill, from its top to the rule above the date.
const TITLE_TOP: f32 = 150.0;
const TITLE_BOTTOM: f32 = 505.0;
/// Title sizes tried in turn, largest first, before the last one is cut short.
const TITLE_SIZES: [f32; 3] = [72.0, 62.0, 54.0];
const LINE_HEIGHT: f32 = 1.18;
const MAX_LINES: usize = 4;

/// What one card shows.
pub struct Card<'a> {
    /// The page title; wrapped, and shortened with `…` when it does not fit.
    pub title: &'a str,
    pub site_name: &'a str,
    /// The date as the page shows it (`16 giugno 2025`).
    pub date: &'a str,
    /// The page's language (`it`), set as `xml:lang`.
    pub lang: &'a str,
    /// An SVG element drawn in a 360x420 box on the right: a `<g>` in that box's
    /// units, or a whole `<svg viewBox=...>` scaled into it.
    pub figure: Option<&'a str>,
}

/// A map of `crate::maps` made ready for a card's figure box. On a page a map takes its
/// colours from the stylesheet, which the card's renderer never sees: here each element
/// gets them as attributes, from the card's own palette. Names, keys and the credit are
/// left out (they would be a few pixels high); the map is scaled into the box, centred.
pub fn map_figure(svg: &str, width: u32, height: u32) -> String {
    let (_, _, box_w, box_h) = FIGURE;
    let scale = (box_w / width.max(1) as f32).min(box_h / height.max(1) as f32);
    let x = (box_w - width as f32 * scale) / 2.0;
    let y = (box_h - height as f32 * scale) / 2.0;
    let body = match (svg.find('>'), svg.rfind("</svg>")) {
        (Some(start), Some(end)) if start < end => &svg[start + 1..end],
        _ => "",
    };
    format!(
        "<g transform=\"translate({x:.1} {y:.1}) scale({scale:.4})\">{}</g>",
        coloured(body)
    )
}

/// The map classes of `static/style.css` (section 20) in the card's light palette (the
/// accent mixed into the paper at the page's proportions); a later entry wins, as in CSS.
const MAP_COLOURS: [(&str, &str); 12] = [
    ("map-sea", "fill=\"#e1e8ee\""),
    ("map-water", "fill=\"#e1e8ee\""),
    ("map-land", "fill=\"#eeebe4\""),
    (
        "map-outline",
        "fill=\"none\" stroke=\"#9b2226\" stroke-width=\"4\"",
    ),
    (
        "map-neighbour",
        "fill=\"#eeebe4\" stroke=\"#a9a49b\" stroke-width=\"2.5\"",
    ),
    (
        "map-subject",
        "fill=\"#e3ded5\" stroke=\"#8f8a81\" stroke-width=\"2.5\"",
    ),
    (
        "map-highlight",
        "fill=\"#dcb4b4\" stroke=\"#8f8a81\" stroke-width=\"2.5\"",
    ),
    (
        "map-class-1",
        "fill=\"#e7cecc\" stroke=\"#8f8a81\" stroke-width=\"2.5\"",
    ),
    (
        "map-class-2",
        "fill=\"#d29f9f\" stroke=\"#8f8a81\" stroke-width=\"2.5\"",
    ),
    (
        "map-class-3",
        "fill=\"#bf7475\" stroke=\"#8f8a81\" stroke-width=\"2.5\"",
    ),
    (
        "map-class-4",
        "fill=\"#ae4d50\" stroke=\"#8f8a81\" stroke-width=\"2.5\"",
    ),
    ("map-mark", "fill=\"#1c2024\""),
];
const MAP_HIDDEN: [&str; 3] = ["map-labels", "map-keys", "map-credit"];

/// `svg` with each `class="..."` followed by the attributes its classes call for, and
/// without its links' tags (a picture has nothing to follow).
fn coloured(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len() + svg.len() / 4);
    let mut rest = svg;
    while let Some(at) = rest.find("class=\"") {
        let open = at + "class=\"".len();
        let Some(len) = rest[open..].find('"') else {
            break;
        };
        let classes: Vec<&str> = rest[open..open + len].split(' ').collect();
        out.push_str(&rest[..open + len + 1]);
        let chosen = MAP_COLOURS
            .iter()
            .rev()
            .find(|(class, _)| classes.contains(class));
        if let Some((_, attributes)) = chosen {
            out.push(' ');
            out.push_str(attributes);
        } else if MAP_HIDDEN.iter().any(|class| classes.contains(class)) {
            out.push_str(" display=\"none\"");
        }
        rest = &rest[open + len + 1..];
    }
    out.push_str(rest);
    let mut linkless = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(at) = rest.find("<a ").into_iter().chain(rest.find("</a>")).min() {
        linkless.push_str(&rest[..at]);
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        rest = &rest[end..];
    }
    linkless.push_str(rest);
    linkless
}

/// The card renderer: the fonts, loaded once, and the SVG options.
pub struct ShareCards {
    options: usvg::Options<'static>,
    serif: skrifa::FontRef<'static>,
    sans: skrifa::FontRef<'static>,
    fonts_key: String,
}

impl ShareCards {
    pub fn new() -> ShareCards {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(SERIF.to_vec());
        db.load_font_data(SANS.to_vec());
        db.set_serif_family("Noto Serif");
        db.set_sans_serif_family("Noto Sans");
        let options = usvg::Options {
            font_family: "Noto Sans".to_string(),
            fontdb: Arc::new(db),
            image_href_resolver: no_images(),
            ..usvg::Options::default()
        };
        ShareCards {
            options,
            // The vendored files are checked by the tests; a broken one is a bug here.
            serif: skrifa::FontRef::new(SERIF).expect("assets/fonts/NotoSerif-Bold.ttf parses"),
            sans: skrifa::FontRef::new(SANS).expect("assets/fonts/NotoSans-Regular.ttf parses"),
            fonts_key: crate::files::digest(&[SERIF, SANS]),
        }
    }

    /// The card as SVG text, before rendering.
    pub fn svg(&self, card: &Card) -> String {
        let right = if card.figure.is_some() {
            FIGURE.0 - 40.0
        } else {
            WIDTH as f32 - MARGIN
        };
        let width = right - MARGIN;
        let (size, lines) = self.wrap_title(card.title, width);
        let site = fit(
            &self.sans,
            card.site_name,
            30.0,
            WIDTH as f32 - 2.0 * MARGIN,
        );
        let date = fit(&self.sans, card.date, 28.0, WIDTH as f32 - 2.0 * MARGIN);
        let mut svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" \
             viewBox=\"0 0 {WIDTH} {HEIGHT}\" xml:lang=\"{}\">\n\
             <rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"{PAPER}\"/>\n\
             <rect width=\"{WIDTH}\" height=\"14\" fill=\"{ACCENT}\"/>\n\
             <text x=\"{MARGIN}\" y=\"108\" font-family=\"Noto Sans\" font-size=\"30\" \
             fill=\"{ACCENT}\">{}</text>\n\
             <text font-family=\"Noto Serif\" font-weight=\"700\" font-size=\"{size}\" fill=\"{TEXT}\">",
            escape_xml(card.lang),
            escape_xml(&site)
        );
        for (i, line) in lines.iter().enumerate() {
            let y = TITLE_TOP + size * 0.92 + i as f32 * size * LINE_HEIGHT;
            let _ = write!(
                svg,
                "<tspan x=\"{MARGIN}\" y=\"{y:.1}\">{}</tspan>",
                escape_xml(line)
            );
        }
        let _ = write!(
            svg,
            "</text>\n<rect x=\"{MARGIN}\" y=\"530\" width=\"{}\" height=\"2\" fill=\"{RULE}\"/>\n\
             <text x=\"{MARGIN}\" y=\"584\" font-family=\"Noto Sans\" font-size=\"28\" \
             fill=\"{MUTED}\">{}</text>\n",
            WIDTH as f32 - 2.0 * MARGIN,
            escape_xml(&date)
        );
        if let Some(figure) = card.figure {
            let (x, y, w, h) = FIGURE;
            let _ = writeln!(
                svg,
                "<svg x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">{figure}</svg>"
            );
        }
        svg.push_str("</svg>\n");
        svg
    }

    /// The card as PNG bytes; `display` (the page's source) names any problem.
    pub fn render(&self, card: &Card, display: &Path) -> Result<Vec<u8>, Problem> {
        let svg = self.svg(card);
        let problem = |what: String| {
            Problem::new(display, format!("cannot draw the share card: {what}"))
                .hint("the figure given to the card must be well-formed SVG")
        };
        let tree = usvg::Tree::from_str(&svg, &self.options).map_err(|e| problem(e.to_string()))?;
        let mut pixmap = resvg::tiny_skia::Pixmap::new(WIDTH, HEIGHT)
            .ok_or_else(|| problem("no memory for the picture".into()))?;
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::default(),
            &mut pixmap.as_mut(),
        );
        encode_png(&pixmap).map_err(|e| problem(e.to_string()))
    }

    /// [`render`](Self::render), reusing the card `cache` holds for the same SVG.
    pub fn render_cached(
        &self,
        card: &Card,
        display: &Path,
        cache: &Cache,
    ) -> Result<Vec<u8>, Problem> {
        let svg = self.svg(card);
        let key = self.key_of(&svg);
        cache.card(&key, display, || self.render(card, display))
    }

    /// The card's file in `cache` (drawn first when it is not there yet) and the key
    /// it is stored under, which follows everything drawn on it.
    pub fn file_in(
        &self,
        card: &Card,
        display: &Path,
        cache: &Cache,
    ) -> Result<(String, std::path::PathBuf), Problem> {
        let svg = self.svg(card);
        let key = self.key_of(&svg);
        let path = cache.card_file(&key, display, || self.render(card, display))?;
        Ok((key, path))
    }

    /// The cache key of a card: its SVG, the fonts that draw it and the encoding
    /// (`v2`: indexed colour; a `v1` card of the old RGB encoding is never taken for one).
    fn key_of(&self, svg: &str) -> String {
        crate::files::digest(&[b"card v2", self.fonts_key.as_bytes(), svg.as_bytes()])
    }

    /// The title's font size and lines: the largest size at which it fits in
    /// [`MAX_LINES`], or else the smallest size with the last line cut short.
    fn wrap_title(&self, title: &str, width: f32) -> (f32, Vec<String>) {
        let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        for size in TITLE_SIZES {
            let lines = wrap(&self.serif, &title, size, width);
            if lines.len() <= max_lines(size) {
                return (size, lines);
            }
        }
        let size = TITLE_SIZES[TITLE_SIZES.len() - 1];
        let mut lines = wrap(&self.serif, &title, size, width);
        lines.truncate(max_lines(size));
        if let Some(last) = lines.last_mut() {
            *last = with_ellipsis(&self.serif, last, size, width);
        }
        (size, lines)
    }
}

impl Default for ShareCards {
    fn default() -> Self {
        ShareCards::new()
    }
}

/// The card as an indexed-colour PNG (see [`encode`]): the paper is opaque, so an
/// alpha channel would say nothing.
fn encode_png(pixmap: &resvg::tiny_skia::Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    let rgb: Vec<[u8; 3]> = pixmap
        .pixels()
        .iter()
        .map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue()]
        })
        .collect();
    encode::indexed_png(&rgb, pixmap.width(), pixmap.height())
}

/// An `<image href>` resolver that loads nothing: no file is read behind the build's back.
pub(crate) fn no_images() -> usvg::ImageHrefResolver<'static> {
    usvg::ImageHrefResolver {
        resolve_data: Box::new(|_, _, _| None),
        resolve_string: Box::new(|_, _| None),
    }
}

fn max_lines(size: f32) -> usize {
    (((TITLE_BOTTOM - TITLE_TOP) / (size * LINE_HEIGHT)) as usize).clamp(1, MAX_LINES)
}

/// The width of `text` set in `font` at `size` pixels (advances, no kerning: a few
/// pixels wide, which the margins absorb).
fn measure(font: &skrifa::FontRef, text: &str, size: f32) -> f32 {
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
    text.chars()
        .map(|c| {
            let glyph = charmap.map(c).unwrap_or_default();
            metrics.advance_width(glyph).unwrap_or(size * 0.6)
        })
        .sum()
}

/// `text` broken into lines no wider than `width`, between words; a word wider than
/// a line is broken between letters.
fn wrap(font: &skrifa::FontRef, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if measure(font, &candidate, size) <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            line.push(c);
            if measure(font, &line, size) > width && line.chars().count() > 1 {
                line.pop();
                lines.push(std::mem::take(&mut line));
                line.push(c);
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// `line` shortened, at a word if it can be, until it fits with `…` after it.
fn with_ellipsis(font: &skrifa::FontRef, line: &str, size: f32, width: f32) -> String {
    let mut text = line.trim_end().to_string();
    while !text.is_empty() && measure(font, &format!("{text}…"), size) > width {
        match text.rfind(' ') {
            Some(cut) if cut > 0 => text.truncate(cut),
            _ => {
                text.pop();
            }
        }
        let trimmed = text
            .trim_end_matches([' ', ',', ';', ':', '-', '–', '—'])
            .len();
        text.truncate(trimmed);
    }
    format!("{text}…")
}

/// One line of `text`, cut with `…` if it is wider than `width`.
fn fit(font: &skrifa::FontRef, text: &str, size: f32, width: f32) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if measure(font, &text, size) <= width {
        text
    } else {
        with_ellipsis(font, &text, size, width)
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_map_gets_the_card_palette_without_links_or_names() {
        let svg = "<svg viewBox=\"0 0 1000 500\" width=\"1000\" height=\"500\">\
            <a href=\"x.html\"><path class=\"map-country map-subject map-highlight\" d=\"M0 0\"/></a>\
            <g class=\"map-labels\"><text class=\"map-label\">Cina</text></g></svg>";
        let figure = map_figure(svg, 1000, 500);
        assert!(figure.starts_with("<g transform=\"translate(0.0 120.0) scale(0.3600)\">"));
        assert!(
            figure.contains("map-highlight\" fill=\"#dcb4b4\""),
            "{figure}"
        );
        assert!(
            figure.contains("class=\"map-labels\" display=\"none\""),
            "{figure}"
        );
        assert!(
            !figure.contains("<a ") && !figure.contains("</a>"),
            "{figure}"
        );
        assert!(!figure.contains("<svg"), "{figure}");
    }
    use super::*;

    #[test]
    fn short_titles_stay_large_and_long_ones_get_an_ellipsis() {
        let cards = ShareCards::new();
        let (size, lines) = cards.wrap_title("Tokayev meets Xi", 1040.0);
        assert_eq!((size, lines), (72.0, vec!["Tokayev meets Xi".to_string()]));
        let long = "word ".repeat(200);
        let (size, lines) = cards.wrap_title(&long, 1040.0);
        assert_eq!(size, 54.0);
        assert_eq!(lines.len(), max_lines(54.0));
        assert!(lines.last().unwrap().ends_with('…'), "{lines:?}");
        for line in &lines {
            assert!(measure(&cards.serif, line, size) <= 1040.0, "{line}");
        }
    }

    #[test]
    fn a_word_longer_than_a_line_is_broken() {
        let cards = ShareCards::new();
        let lines = wrap(&cards.serif, &"x".repeat(80), 72.0, 600.0);
        assert!(lines.len() > 1);
        assert!(
            lines
                .iter()
                .all(|l| measure(&cards.serif, l, 72.0) <= 600.0)
        );
    }

    #[test]
    fn fonts_cover_latin_and_cyrillic() {
        let cards = ShareCards::new();
        for font in [&cards.serif, &cards.sans] {
            let charmap = font.charmap();
            for c in "AzÀàČčŞşĞğİı ÁáБбЖжЯяӘәҒғҚқҢңӨөҰұҮүҺһІі…–—€“”«»".chars()
            {
                assert!(charmap.map(c).is_some(), "{c} is missing");
            }
        }
    }

    #[test]
    fn card_text_is_escaped_for_xml() {
        let cards = ShareCards::new();
        let svg = cards.svg(&Card {
            title: "Xi & l'Asia <centrale>\u{1}",
            site_name: "Briefing",
            date: "",
            lang: "it",
            figure: None,
        });
        assert!(
            svg.contains(">Xi &amp; l&apos;Asia &lt;centrale&gt;</tspan>"),
            "{svg}"
        );
    }
}
