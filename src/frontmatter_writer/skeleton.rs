//! The skeleton `briefing new` writes: every front-matter field with a comment
//! beside it, a draft that builds, and the usual section headings.

use super::{Prose, item, list, quote};
use crate::config::Config;
use crate::content::DataNames;
use crate::content::frontmatter::FrontMatter;
use jiff::civil::Date;
use std::fmt::Write as _;
use std::path::Path;

/// One field line with its comment aligned beside it.
fn field(out: &mut String, line: &str, comment: &str) {
    // A comment needs a space before its `#`; two keep it readable.
    let _ = writeln!(out, "{:<38}  # {comment}", line);
}

/// The skeleton for `lang`: every front-matter field with a comment, a draft that
/// builds, and the usual section headings. `counterpart` (the other language's file)
/// fills the fields that do not need translating.
pub(crate) fn skeleton(
    name: &str,
    lang: &str,
    config: &Config,
    data: &DataNames,
    today: Date,
    counterpart: Option<(&Path, &FrontMatter)>,
) -> String {
    let prose = Prose::of(config, lang);
    let front = counterpart.map(|(_, front)| front);
    let mut out = String::from("---\n");
    let language = &config.language(lang).name;
    let _ = writeln!(
        out,
        "# New briefing `{name}` ({language}). Fill in the fields, write the text, then set `draft: false`."
    );
    if let Some((path, _)) = counterpart {
        let file = path.file_name().unwrap_or_default().to_string_lossy();
        let _ = writeln!(
            out,
            "# Date, terms, event, sources, figures, charts and maps are copied from {file}: translate their text."
        );
    }
    heading_fields(&mut out, name, &prose, today, front);
    for tax in &config.taxonomies {
        let chosen = front
            .and_then(|f| f.terms.get(&tax.key))
            .map_or("[]".to_string(), |keys| list(keys));
        let keys: Vec<&str> = tax.terms.iter().map(|t| t.key.as_str()).collect();
        field(
            &mut out,
            &format!("{}: {chosen}", tax.key),
            &format!("keys from site.yaml: {}", keys.join(", ")),
        );
    }
    event(&mut out, front);
    sources(&mut out, front);
    figures(&mut out, front);
    image(&mut out, front);
    references(&mut out, config, data, front);
    closing_fields(&mut out);
    out.push_str("---\n\n");
    for heading in &prose.headings {
        let _ = write!(out, "## {heading}\n\nTODO\n\n");
    }
    out.pop();
    out
}

/// Title, date, summary, slug, aliases and updated.
fn heading_fields(
    out: &mut String,
    name: &str,
    prose: &Prose,
    today: Date,
    front: Option<&FrontMatter>,
) {
    field(
        out,
        &format!("title: {}", quote(&prose.title)),
        "required: the headline",
    );
    let date = front
        .and_then(|f| f.date.clone())
        .unwrap_or_else(|| today.to_string());
    field(
        out,
        &format!("date: {date}"),
        "required: publication date, YYYY-MM-DD",
    );
    field(
        out,
        &format!("summary: {}", quote(&prose.summary)),
        "required: one or two sentences for lists, feeds and search results",
    );
    field(
        out,
        &format!("slug: {}", quote(name)),
        "URL segment; remove it to derive one from the title",
    );
    field(
        out,
        "aliases: []",
        "old URLs of this page, each redirecting here: [\"/LANG/SECTION/old-slug/\"]",
    );
    field(
        out,
        "updated:",
        "date of the last substantive change, YYYY-MM-DD; empty if none",
    );
}

fn event(out: &mut String, front: Option<&FrontMatter>) {
    match front.and_then(|f| f.event.as_ref()) {
        Some(event) => field(
            out,
            &format!(
                "event: {{ date: {}, name: {}, place: {} }}",
                event.date,
                quote(&event.name),
                quote(&event.place)
            ),
            "the event covered, for the timeline",
        ),
        None => field(
            out,
            "event:",
            "for the timeline: { date: YYYY-MM-DD, name: \"...\", place: \"...\" }; empty if none",
        ),
    }
}

/// A list field: `KEY: []` with how to fill it, or `KEY:` and one item per line.
fn list_field(out: &mut String, key: &str, items: &[String], empty_help: &str, help: &str) {
    if items.is_empty() {
        field(out, &format!("{key}: []"), empty_help);
        return;
    }
    field(out, &format!("{key}:"), help);
    for line in items {
        out.push_str(line);
    }
}

fn sources(out: &mut String, front: Option<&FrontMatter>) {
    let sources = front.map(|f| f.sources.as_slice()).unwrap_or(&[]);
    let items: Vec<String> = sources
        .iter()
        .map(|s| {
            item(
                ("name", &s.name),
                &[
                    ("url", s.url.as_deref()),
                    ("date", s.date.as_deref()),
                    ("note", s.note.as_deref()),
                ],
            )
        })
        .collect();
    list_field(
        out,
        "sources",
        &items,
        "where the facts come from; one per line: - { name: \"...\", url: \"https://...\", date: YYYY-MM-DD, note: \"...\" }",
        "where the facts come from",
    );
}

fn figures(out: &mut String, front: Option<&FrontMatter>) {
    let figures = front.map(|f| f.figures.as_slice()).unwrap_or(&[]);
    let items: Vec<String> = figures
        .iter()
        .map(|f| {
            item(
                ("label", &f.label),
                &[("value", Some(&f.value)), ("source", f.source.as_deref())],
            )
        })
        .collect();
    list_field(
        out,
        "figures",
        &items,
        "key facts; one per line: - { label: \"...\", value: \"...\", source: \"...\" }",
        "key facts",
    );
}

fn image(out: &mut String, front: Option<&FrontMatter>) {
    let Some(image) = front.and_then(|f| f.image.as_ref()) else {
        field(
            out,
            "image:",
            "a cover: { src: NAME/photo.jpg, alt: \"what it shows\", caption: \"...\", credit: \"who took it\" }; empty if none",
        );
        return;
    };
    let mut value = format!(
        "image: {{ src: {}, alt: {}",
        quote(&image.src),
        quote(&image.alt)
    );
    for (key, text) in [("caption", &image.caption), ("credit", &image.credit)] {
        if let Some(text) = text {
            let _ = write!(value, ", {key}: {}", quote(text));
        }
    }
    value.push_str(" }");
    field(
        out,
        &value,
        "the cover: translate `alt` and `caption` into this file's language",
    );
}

/// Charts, maps and authors: keys of what the site has, listed in the comments.
fn references(out: &mut String, config: &Config, data: &DataNames, front: Option<&FrontMatter>) {
    let available = |names: &[String]| {
        if names.is_empty() {
            "none yet".to_string()
        } else {
            names.join(", ")
        }
    };
    let charts_chosen = front.map_or("[]".to_string(), |f| list(&f.charts));
    field(
        out,
        &format!("charts: {charts_chosen}"),
        &format!(
            "charts drawn from content/data/NAME.yaml: {}",
            available(&data.charts)
        ),
    );
    let maps_chosen = front.map_or("[]".to_string(), |f| list(&f.maps));
    let maps_help = if config.maps.is_some() {
        format!(
            "maps drawn from content/data/NAME.yaml (`kind: map`): {}",
            available(&data.maps)
        )
    } else {
        "maps from content/data/ (`kind: map`); this site draws none: see `maps:` in the README"
            .to_string()
    };
    field(out, &format!("maps: {maps_chosen}"), &maps_help);
    let authors: Vec<&str> = config.authors.keys().map(String::as_str).collect();
    let authors_help = if authors.is_empty() {
        "author keys declared under `authors:` in site.yaml (none yet)".to_string()
    } else {
        format!("keys from site.yaml: {}", authors.join(", "))
    };
    field(out, "authors: []", &authors_help);
}

/// The fields a new draft leaves empty, and `draft: true`.
fn closing_fields(out: &mut String) {
    for (line, comment) in [
        (
            "expires:",
            "after this date (YYYY-MM-DD) the page is left out; empty if never",
        ),
        (
            "template:",
            "a template of templates/ instead of the section's; empty for the section's",
        ),
        (
            "extra: {}",
            "free values handed to templates as `doc.extra`: { key: value }",
        ),
        (
            "draft: true",
            "true keeps it out of a build unless --drafts",
        ),
        (
            "parity:",
            "differences from the translation that are meant: { numbers: [...], links: [...], skip: [...] }; empty if none",
        ),
    ] {
        field(out, line, comment);
    }
}
