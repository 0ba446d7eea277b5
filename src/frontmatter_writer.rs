//! Writes front-matter: the commented skeleton of `briefing new` and the drafts of
//! `briefing import`, one YAML writer whose prose (placeholders, headings, source
//! notes) comes from the `draft_*` UI strings of ui.yaml.

mod skeleton;

pub(crate) use skeleton::skeleton;

use crate::config::{BUILTIN_UI, Config, raw::RawText, ui};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::OnceLock;

/// The prefix of the UI strings the writer uses. A language may leave them out: it
/// then gets the builtin English ones (as `briefing init` fills in the English text
/// of a language the builtin strings do not speak).
pub(crate) const PROSE_PREFIX: &str = "draft_";

/// The prose a draft is written with, in one language.
#[derive(Debug, Clone)]
pub(crate) struct Prose {
    /// The placeholder headline and summary.
    pub(crate) title: String,
    pub(crate) summary: String,
    /// The body's section headings.
    pub(crate) headings: [String; 3],
    /// The `note` of a source cited in the text, listed among its sources, credited
    /// for a photo, and credited for a photo with a caption (`{caption}`).
    pub(crate) cited: String,
    pub(crate) listed: String,
    pub(crate) photo: String,
    pub(crate) photo_caption: String,
}

impl Prose {
    /// The prose of `lang`: the site's UI strings, else the builtin English ones.
    pub(crate) fn of(config: &Config, lang: &str) -> Prose {
        let own = config.ui.get(lang);
        let text = |key: &str| {
            let key = format!("{PROSE_PREFIX}{key}");
            own.and_then(|ui| ui.strings.get(&key))
                .or_else(|| builtin_english().get(&key))
                .cloned()
                .unwrap_or_default()
        };
        Prose {
            title: text("title"),
            summary: text("summary"),
            headings: [
                text("heading_happened"),
                text("heading_matters"),
                text("heading_watch"),
            ],
            cited: text("source_cited"),
            listed: text("source_listed"),
            photo: text("photo_credit"),
            photo_caption: text("photo_caption"),
        }
    }
}

/// The builtin English `draft_*` strings, read once.
fn builtin_english() -> &'static BTreeMap<String, String> {
    static ENGLISH: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    ENGLISH.get_or_init(|| {
        let builtin = ui::parse(BUILTIN_UI, Path::new("<builtin>/ui.yaml")).unwrap_or_default();
        builtin
            .into_iter()
            .filter(|(key, _)| key.starts_with(PROSE_PREFIX))
            .filter_map(|(key, texts)| match texts.get("en") {
                Some(RawText::Text(text)) => Some((key, text.clone())),
                _ => None,
            })
            .collect()
    })
}

/// A YAML double-quoted scalar: always valid, whatever the text holds.
pub(crate) fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}') => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text safe inside a YAML comment: one line.
fn comment(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

/// `[a, b]`: a flow list of keys.
fn list(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

/// One flow-mapping item of a list: `  - { first: "...", key: "..." }` and its line
/// end, leaving out the keys without a value.
fn item(first: (&str, &str), rest: &[(&str, Option<&str>)]) -> String {
    let mut out = format!("  - {{ {}: {}", first.0, quote(first.1));
    for (key, value) in rest {
        if let Some(value) = value {
            let _ = write!(out, ", {key}: {}", quote(value));
        }
    }
    out.push_str(" }\n");
    out
}

/// Everything the front-matter of an imported draft says.
pub(crate) struct ImportedFront<'a> {
    /// The file it came from, named in a comment.
    pub(crate) origin: &'a str,
    pub(crate) title: &'a str,
    pub(crate) date: jiff::civil::Date,
    /// Where the date comes from, as a YAML comment.
    pub(crate) date_comment: &'a str,
    pub(crate) summary: &'a str,
    pub(crate) slug: &'a str,
    /// The terms suggested for each taxonomy, in declared order.
    pub(crate) taxonomies: &'a [Terms<'a>],
    /// The sources named in the text: name, URL, and the note saying how.
    pub(crate) sources: &'a [(String, Option<String>, String)],
}

/// One taxonomy's line of an imported draft.
pub(crate) struct Terms<'a> {
    pub(crate) key: &'a str,
    /// The keys suggested from names in the text.
    pub(crate) chosen: Vec<String>,
    /// Every key, listed in a comment for the editor.
    pub(crate) all: Vec<String>,
}

/// The front-matter of an imported draft, `---` to `---`.
pub(crate) fn imported(front: &ImportedFront) -> String {
    let mut out = String::from("---\n");
    let _ = writeln!(
        out,
        "# Imported by `briefing import` from {}. Check it against the source, then set `draft: false`.",
        comment(front.origin)
    );
    let _ = writeln!(out, "title: {}", quote(front.title));
    let _ = writeln!(
        out,
        "date: {}  # {}",
        front.date,
        comment(front.date_comment)
    );
    let _ = writeln!(out, "summary: {}", quote(front.summary));
    let _ = writeln!(out, "slug: {}", quote(front.slug));
    for Terms { key, chosen, all } in front.taxonomies {
        let why = if chosen.is_empty() {
            "none named in the text"
        } else {
            "suggested from names in the text"
        };
        let _ = writeln!(
            out,
            "{key}: {}  # {why}; keys: {}",
            list(chosen),
            all.join(", ")
        );
    }
    if front.sources.is_empty() {
        out.push_str("sources: []  # none named in the text\n");
    } else {
        out.push_str("sources:\n");
        for (name, url, note) in front.sources {
            out.push_str(&item(
                ("name", name),
                &[("url", url.as_deref()), ("note", Some(note))],
            ));
        }
    }
    out.push_str("draft: true\n---\n");
    out
}

#[cfg(test)]
mod tests;
