//! Writes an imported article as Markdown with YAML front-matter.

use super::article::{Block, FoundSource, SourceKind};

/// Everything the front-matter of an imported draft says.
pub struct Front<'a> {
    /// The file it came from, named in a comment.
    pub origin: &'a str,
    pub lang: &'a str,
    pub title: &'a str,
    pub date: jiff::civil::Date,
    /// Where the date comes from, as a YAML comment.
    pub date_comment: &'a str,
    pub summary: &'a str,
    pub slug: &'a str,
    /// The terms suggested for each taxonomy, in declared order.
    pub taxonomies: &'a [Terms<'a>],
    pub sources: &'a [FoundSource],
}

/// One taxonomy's line of the front-matter.
pub struct Terms<'a> {
    pub key: &'a str,
    /// The keys suggested from names in the text.
    pub chosen: Vec<String>,
    /// Every key, listed in a comment for the editor.
    pub all: Vec<String>,
}

/// The whole file: front-matter, then the body blocks.
pub fn markdown(front: &Front, blocks: &[Block]) -> String {
    let mut out = String::from("---\n");
    out.push_str(&format!(
        "# Imported by `briefing import` from {}. Check it against the source, then set `draft: false`.\n",
        comment(front.origin)
    ));
    out.push_str(&format!("title: {}\n", quote(front.title)));
    out.push_str(&format!(
        "date: {}  # {}\n",
        front.date,
        comment(front.date_comment)
    ));
    out.push_str(&format!("summary: {}\n", quote(front.summary)));
    out.push_str(&format!("slug: {}\n", quote(front.slug)));
    for Terms {
        key: field,
        chosen,
        all,
    } in front.taxonomies
    {
        let why = if chosen.is_empty() {
            "none named in the text"
        } else {
            "suggested from names in the text"
        };
        out.push_str(&format!(
            "{field}: [{}]  # {why}; keys: {}\n",
            chosen.join(", "),
            all.join(", ")
        ));
    }
    if front.sources.is_empty() {
        out.push_str("sources: []  # none named in the text\n");
    } else {
        out.push_str("sources:\n");
        for source in front.sources {
            out.push_str(&format!("  - {{ name: {}", quote(&source.name)));
            if let Some(url) = &source.url {
                out.push_str(&format!(", url: {}", quote(url)));
            }
            out.push_str(&format!(
                ", note: {} }}\n",
                quote(&note(source, front.lang))
            ));
        }
    }
    out.push_str("draft: true\n---\n");
    for block in blocks {
        out.push('\n');
        match block {
            Block::Heading(_, text) => {
                out.push_str("## ");
                out.push_str(&escape_html(text));
                out.push('\n');
            }
            Block::Paragraph(lines) => {
                for (_, text) in lines {
                    out.push_str(&escape_html(text));
                    out.push('\n');
                }
            }
        }
    }
    out
}

/// What a source is for, in the article's language.
fn note(source: &FoundSource, lang: &str) -> String {
    let italian = lang == "it";
    match (&source.kind, italian) {
        (SourceKind::Cited, true) => "Citata come fonte nel testo importato.".into(),
        (SourceKind::Cited, false) => "Named as a source in the imported text.".into(),
        (SourceKind::Listed, true) => "Elencata tra le fonti del testo importato.".into(),
        (SourceKind::Listed, false) => "Listed among the sources of the imported text.".into(),
        (SourceKind::PhotoCredit { caption: None }, true) => "Credito fotografico.".into(),
        (SourceKind::PhotoCredit { caption: None }, false) => "Photo credit.".into(),
        (SourceKind::PhotoCredit { caption: Some(c) }, true) => {
            format!("Credito fotografico. Didascalia: «{c}»")
        }
        (SourceKind::PhotoCredit { caption: Some(c) }, false) => {
            format!("Photo credit. Caption: “{c}”")
        }
    }
}

/// A YAML double-quoted scalar: always valid, whatever the text holds.
pub fn quote(text: &str) -> String {
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

/// Imported text is not the editor's: a `<` that could open a tag is written `&lt;`,
/// so scraped markup shows as text instead of passing through as raw HTML.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '<'
            && chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?'))
        {
            out.push_str("&lt;");
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::frontmatter::{FrontMatter, Seed};
    use std::path::Path;

    #[test]
    fn quoted_text_round_trips_through_yaml() {
        for text in [
            "plain",
            "with \"quotes\" and \\ and : colon # hash",
            "tab\tand\u{7}bell",
            "l'Asia centrale: «sì» — “no”",
            "- starts like a list",
            "yes",
        ] {
            let yaml = format!("title: {}\ndate: x\nsummary: y\n", quote(text));
            let seed = Seed { taxonomies: &[] };
            let front: FrontMatter =
                crate::yaml::parse_seed(seed, &yaml, Path::new("t"), 1, &[]).unwrap();
            assert_eq!(front.title.as_deref(), Some(text));
        }
    }

    #[test]
    fn front_matter_parses_and_html_is_escaped() {
        let sources = [
            FoundSource {
                name: "ots.at".into(),
                url: None,
                line: 3,
                kind: SourceKind::Cited,
            },
            FoundSource {
                name: "Akorda".into(),
                url: Some("https://akorda.example".into()),
                line: 9,
                kind: SourceKind::PhotoCredit {
                    caption: Some("Xi \"e\" Tokayev".into()),
                },
            },
        ];
        let terms = [Terms {
            key: "countries",
            chosen: vec!["china".to_string()],
            all: vec!["china".to_string()],
        }];
        let front = Front {
            origin: "a # b.txt",
            lang: "it",
            title: "Titolo: \"sì\"",
            date: jiff::civil::date(2025, 6, 16),
            date_comment: "found in the text",
            summary: "Sommario.",
            slug: "titolo-si",
            taxonomies: &terms,
            sources: &sources,
        };
        let blocks = [
            Block::Heading(4, "Sotto".into()),
            Block::Paragraph(vec![(5, "Un <script>x</script> e 3 < 4.".into())]),
        ];
        let text = markdown(&front, &blocks);
        let split = crate::content::frontmatter::split(&text, Path::new("t")).unwrap();
        let seed = Seed {
            taxonomies: &["countries"],
        };
        let parsed: FrontMatter =
            crate::yaml::parse_seed(seed, split.yaml, Path::new("t"), 2, &[]).unwrap();
        assert_eq!(parsed.title.as_deref(), Some("Titolo: \"sì\""));
        assert_eq!(parsed.date.as_deref(), Some("2025-06-16"));
        assert!(parsed.draft);
        assert_eq!(parsed.terms["countries"], ["china"]);
        assert_eq!(parsed.sources.len(), 2);
        assert_eq!(
            parsed.sources[1].url.as_deref(),
            Some("https://akorda.example")
        );
        assert!(split.body.contains("\n## Sotto\n"));
        assert!(split.body.contains("Un &lt;script>x&lt;/script> e 3 < 4."));
    }
}
