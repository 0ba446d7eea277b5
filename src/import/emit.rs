//! Writes an imported article as Markdown: the front-matter by the one writer, then
//! the body, its markup escaped.

use super::article::{Block, FoundSource, SourceKind};
use crate::frontmatter_writer::{self, ImportedFront, Prose};

/// The whole file: front-matter, then the body blocks.
pub(super) fn markdown(front: &ImportedFront, blocks: &[Block]) -> String {
    let mut out = frontmatter_writer::imported(front);
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

/// The sources for the front-matter: name, URL, and what the source is for, in the
/// article's language.
pub(super) fn sources(
    found: &[FoundSource],
    prose: &Prose,
) -> Vec<(String, Option<String>, String)> {
    found
        .iter()
        .map(|source| {
            let note = match &source.kind {
                SourceKind::Cited => prose.cited.clone(),
                SourceKind::Listed => prose.listed.clone(),
                SourceKind::PhotoCredit { caption: None } => prose.photo.clone(),
                SourceKind::PhotoCredit { caption: Some(c) } => {
                    prose.photo_caption.replace("{caption}", c)
                }
            };
            (source.name.clone(), source.url.clone(), note)
        })
        .collect()
}

/// Imported text is not the editor's: a `<` that could open a tag is written `&lt;`,
/// so scraped markup shows as text instead of passing through as raw HTML.
pub(super) fn escape_html(text: &str) -> String {
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
    use crate::frontmatter_writer::Terms;
    use std::path::Path;

    #[test]
    fn front_matter_parses_and_html_is_escaped() {
        let found = [
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
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = crate::config::Config::load(root).unwrap();
        let sources = sources(&found, &Prose::of(&config, "it"));
        let terms = [Terms {
            key: "countries",
            chosen: vec!["china".to_string()],
            all: vec!["china".to_string()],
        }];
        let front = ImportedFront {
            origin: "a # b.txt",
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
        assert_eq!(
            parsed.sources[1].note.as_deref(),
            Some("Credito fotografico. Didascalia: «Xi \"e\" Tokayev»")
        );
        assert!(split.body.contains("\n## Sotto\n"));
        assert!(split.body.contains("Un &lt;script>x&lt;/script> e 3 < 4."));
    }
}
