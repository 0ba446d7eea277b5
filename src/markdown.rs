//! Markdown to HTML: heading ids, table of contents, footnotes, internal links, plain text.

use crate::urls::slugify;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One heading of the table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// The words of the body without markup, for search and reading time.
    pub text: String,
    pub words: usize,
    /// `@/...` links that named no page.
    pub broken_links: Vec<String>,
}

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `body`. `resolve` turns an internal link like `@/briefings/NAME.md#part`
/// into a URL relative to the page being rendered.
pub fn render(body: &str, resolve: &dyn Fn(&str) -> Option<String>) -> Rendered {
    let mut events: Vec<Event> = Parser::new_ext(body, options()).collect();
    let toc = assign_heading_ids(&mut events);

    let mut out = Rendered {
        toc,
        ..Rendered::default()
    };
    let mut footnotes: BTreeMap<String, usize> = BTreeMap::new();
    let mut number_of = |name: &str| {
        let next = footnotes.len() + 1;
        *footnotes.entry(name.to_string()).or_insert(next)
    };
    let mut rewritten = Vec::with_capacity(events.len());
    for event in events {
        match event {
            Event::Text(ref text) | Event::Code(ref text) => {
                out.text.push_str(text);
                rewritten.push(event);
            }
            Event::SoftBreak | Event::HardBreak => {
                out.text.push(' ');
                rewritten.push(event);
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if dest_url.starts_with("@/") => {
                let dest = resolve(&dest_url).unwrap_or_else(|| {
                    out.broken_links.push(dest_url.to_string());
                    dest_url.to_string()
                });
                rewritten.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(dest),
                    title,
                    id,
                }));
            }
            Event::FootnoteReference(name) => {
                let n = number_of(&name);
                let id = slugify(&name);
                rewritten.push(Event::Html(CowStr::from(format!(
                    "<sup class=\"footnote-reference\" id=\"fnref-{id}\"><a href=\"#fn-{id}\">{n}</a></sup>"
                ))));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let n = number_of(&name);
                let id = slugify(&name);
                rewritten.push(Event::Html(CowStr::from(format!(
                    "<div class=\"footnote-definition\" id=\"fn-{id}\"><sup class=\"footnote-definition-label\"><a href=\"#fnref-{id}\">{n}</a></sup>"
                ))));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                rewritten.push(Event::Html("</div>\n".into()))
            }
            Event::Start(Tag::Table(_)) => {
                rewritten.push(Event::Html("<div class=\"table-wrap\">".into()));
                rewritten.push(event);
            }
            Event::End(TagEnd::Table) => {
                rewritten.push(event);
                rewritten.push(Event::Html("</div>\n".into()));
            }
            // A heading reads as a sentence of its own in search snippets.
            Event::End(TagEnd::Heading(_)) => {
                let last = out.text.trim_end().chars().last();
                if last.is_some_and(|c| !matches!(c, '.' | '?' | '!' | ':' | '…')) {
                    out.text.truncate(out.text.trim_end().len());
                    out.text.push('.');
                }
                out.text.push(' ');
                rewritten.push(event);
            }
            // Block ends separate words; inline ends (emphasis, links) do not.
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_),
            ) => {
                out.text.push(' ');
                rewritten.push(event);
            }
            other => rewritten.push(other),
        }
    }
    out.words = out.text.split_whitespace().count();
    out.html.reserve(body.len() * 3 / 2);
    html::push_html(&mut out.html, rewritten.into_iter());
    out
}

/// Gives every heading a unique id (the editor's `{#id}` wins) and returns the
/// second- and third-level headings for the table of contents.
fn assign_heading_ids(events: &mut [Event]) -> Vec<TocEntry> {
    let mut used = BTreeSet::new();
    let mut toc = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::Heading { level, id, .. }) = &events[i] else {
            i += 1;
            continue;
        };
        let (level, explicit) = (*level, id.as_ref().map(|s| s.to_string()));
        let mut title = String::new();
        let mut end = i + 1;
        while end < events.len() && !matches!(events[end], Event::End(TagEnd::Heading(_))) {
            if let Event::Text(t) | Event::Code(t) = &events[end] {
                title.push_str(t);
            }
            end += 1;
        }
        let base = explicit.unwrap_or_else(|| match slugify(&title) {
            s if s.is_empty() => "section".to_string(),
            s if s.starts_with("fn-") || s.starts_with("fnref-") => format!("h-{s}"),
            s => s,
        });
        let mut unique = base.clone();
        let mut n = 1;
        while !used.insert(unique.clone()) {
            unique = format!("{base}-{n}");
            n += 1;
        }
        if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
            *id = Some(CowStr::from(unique.clone()));
        }
        if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
            toc.push(TocEntry {
                level: level as u8,
                id: unique,
                title: title.trim().to_string(),
            });
        }
        i = end + 1;
    }
    toc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(body: &str) -> Rendered {
        render(body, &|_| None)
    }

    #[test]
    fn headings_end_as_sentences_in_the_plain_text() {
        let r = plain("## Che cosa è successo\n\nIl vertice.\n\n## Perché conta?\n\nPerché sì.\n");
        assert_eq!(
            r.text.trim_end(),
            "Che cosa è successo. Il vertice. Perché conta? Perché sì."
        );
        assert_eq!(r.words, 10);
    }

    #[test]
    fn headings_get_unique_ids_and_a_toc() {
        let r = plain("## Città e commercio\n\ntext\n\n## Città e commercio\n\n### Dati {#dati}\n");
        let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["citta-e-commercio", "citta-e-commercio-1", "dati"]);
        assert!(
            r.html.contains("<h2 id=\"citta-e-commercio\">"),
            "{}",
            r.html
        );
        assert_eq!(r.toc[2].level, 3);
    }

    #[test]
    fn footnotes_are_prefixed_and_numbered() {
        let r = plain("Fact[^a].\n\n[^a]: Source.\n");
        assert!(r.html.contains("href=\"#fn-a\">1</a>"), "{}", r.html);
        assert!(r.html.contains("id=\"fn-a\""), "{}", r.html);
    }

    #[test]
    fn internal_links_resolve_or_are_reported() {
        let r = render("[a](@/briefings/x.md) [b](@/briefings/y.md)", &|d| {
            (d == "@/briefings/x.md").then(|| "../x/index.html".to_string())
        });
        assert!(r.html.contains("href=\"../x/index.html\""));
        assert_eq!(r.broken_links, ["@/briefings/y.md"]);
    }

    #[test]
    fn raw_html_passes_through_and_text_is_counted() {
        let r = plain("Hello <b>there</b> world, *friend*.");
        assert!(r.html.contains("<b>there</b>"));
        assert_eq!(r.words, 4);
        let r = plain("| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(
            r.html.starts_with("<div class=\"table-wrap\"><table>"),
            "{}",
            r.html
        );
    }
}
