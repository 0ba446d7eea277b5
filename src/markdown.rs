//! Markdown to HTML: heading ids, table of contents, footnotes, internal links, plain text.

mod media;

pub use media::{Media, NoMedia, Refused};

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
    /// What in the body makes the page wrong (a footnote defined twice, a comment
    /// never closed), with its place in the body.
    pub problems: Vec<BodyProblem>,
    /// The files its images and links publish: output path (`media/…`) and source.
    pub media: Vec<(String, std::path::PathBuf)>,
}

/// A problem in a Markdown body: where (1-based line and column in the body), what,
/// and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyProblem {
    pub line: usize,
    pub col: usize,
    pub message: String,
    pub hint: String,
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
    render_with(body, resolve, &NoMedia, false)
}

/// [`render`], with the images and linked files of `body` published through `media`;
/// `eager_first` when the page has no cover, so its first image may be on the first
/// screen.
pub fn render_with(
    body: &str,
    resolve: &dyn Fn(&str) -> Option<String>,
    media: &dyn Media,
    eager_first: bool,
) -> Rendered {
    let (mut events, offsets): (Vec<Event>, Vec<std::ops::Range<usize>>) =
        Parser::new_ext(body, options()).into_offset_iter().unzip();
    let toc = assign_heading_ids(&mut events);

    let mut out = Rendered {
        toc,
        ..Rendered::default()
    };
    out.problems
        .extend(unclosed_comment_problem(body, &events, &offsets));
    let (events, offsets) =
        media::rewrite(events, offsets, body, media, eager_first, &mut out.problems);
    // The passes below change no text, break or block end: the text is the same after.
    out.text = plain_text(&events);
    let mut footnotes = Footnotes::default();
    let mut rewritten = Vec::with_capacity(events.len());
    for (event, range) in events.into_iter().zip(offsets) {
        match event {
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
                let dest_url = CowStr::from(dest);
                rewritten.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::FootnoteReference(name) => rewritten.push(footnotes.citation(&name)),
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let (html, again) = footnotes.text(&name);
                if again {
                    out.problems.push(problem_at(
                        body,
                        range.start,
                        &format!("footnote `{name}` is defined a second time here; a footnote has one text"),
                        "remove one of the definitions, or give this one another name and cite it",
                    ));
                }
                rewritten.push(html);
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
            other => rewritten.push(other),
        }
    }
    out.words = out.text.split_whitespace().count();
    out.html.reserve(body.len() * 3 / 2);
    html::push_html(&mut out.html, rewritten.into_iter());
    out
}

/// The words of `events` as search snippets read them: a space at every break and
/// block end (not at inline ends such as emphasis or links), each heading closed as a
/// sentence of its own.
fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Heading(_)) => {
                let last = text.trim_end().chars().last();
                if last.is_some_and(|c| !matches!(c, '.' | '?' | '!' | ':' | '…')) {
                    text.truncate(text.trim_end().len());
                    text.push('.');
                }
                text.push(' ');
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_),
            ) => text.push(' '),
            _ => {}
        }
    }
    text
}

/// Footnote numbers and ids, per page: one id per footnote (unique even when two
/// names give one slug), one number in order of first use, and counts of citations
/// and definitions so that each gets an id of its own.
#[derive(Default)]
struct Footnotes {
    /// By name as pulldown-cmark matches it (case-insensitively).
    by_name: BTreeMap<String, Footnote>,
    ids: BTreeSet<String>,
}

struct Footnote {
    number: usize,
    id: String,
    references: usize,
    definitions: usize,
}

impl Footnotes {
    fn entry(&mut self, name: &str) -> &mut Footnote {
        let key = name.to_lowercase();
        if !self.by_name.contains_key(&key) {
            let base = match slugify(name) {
                s if s.is_empty() => "note".to_string(),
                s => s,
            };
            let mut id = base.clone();
            let mut n = 2;
            while !self.ids.insert(id.clone()) {
                id = format!("{base}-{n}");
                n += 1;
            }
            let number = self.by_name.len() + 1;
            self.by_name.insert(
                key.clone(),
                Footnote {
                    number,
                    id,
                    references: 0,
                    definitions: 0,
                },
            );
        }
        self.by_name.get_mut(&key).expect("inserted above")
    }

    /// (number, id, which citation this is, from 1).
    fn reference(&mut self, name: &str) -> (usize, String, usize) {
        let note = self.entry(name);
        note.references += 1;
        (note.number, note.id.clone(), note.references)
    }

    /// (number, id, which definition this is, from 1).
    fn definition(&mut self, name: &str) -> (usize, String, usize) {
        let note = self.entry(name);
        note.definitions += 1;
        (note.number, note.id.clone(), note.definitions)
    }

    /// The superscript number that cites footnote `name`. A footnote cited again gets
    /// an id of its own for each citation.
    fn citation(&mut self, name: &str) -> Event<'static> {
        let (n, id, k) = self.reference(name);
        let own = own_id(&id, k);
        Event::Html(CowStr::from(format!(
            "<sup class=\"footnote-reference\" id=\"fnref-{own}\"><a href=\"#fn-{id}\">{n}</a></sup>"
        )))
    }

    /// The opening of the text of footnote `name`, and whether it was defined before.
    fn text(&mut self, name: &str) -> (Event<'static>, bool) {
        let (n, id, k) = self.definition(name);
        let own = own_id(&id, k);
        let html = Event::Html(CowStr::from(format!(
            "<div class=\"footnote-definition\" id=\"fn-{own}\"><sup class=\"footnote-definition-label\"><a href=\"#fnref-{id}\">{n}</a></sup>"
        )));
        (html, k > 1)
    }
}

/// The id of the `k`-th citation or definition of the footnote `id`: `_` never comes
/// out of a slug, so no other footnote's id can be the same.
fn own_id(id: &str, k: usize) -> String {
    if k == 1 {
        id.to_string()
    } else {
        format!("{id}_{k}")
    }
}

/// The problem of a comment that nothing closes, if the body has one.
fn unclosed_comment_problem(
    body: &str,
    events: &[Event],
    offsets: &[std::ops::Range<usize>],
) -> Option<BodyProblem> {
    unclosed_comment(events, offsets).map(|at| {
        problem_at(
            body,
            at,
            "an HTML comment `<!--` is never closed: everything after it, the page's footer and scripts included, would vanish",
            "close it with `-->`, or write `&lt;!--` to show the characters",
        )
    })
}

/// Where raw HTML opens a comment that nothing closes: the browser would hide the
/// rest of the page in it. Markdown text cannot close it (its `>` is escaped).
fn unclosed_comment(events: &[Event], offsets: &[std::ops::Range<usize>]) -> Option<usize> {
    let mut open: Option<usize> = None;
    for (event, range) in events.iter().zip(offsets) {
        let (Event::Html(html) | Event::InlineHtml(html)) = event else {
            continue;
        };
        let mut rest: &str = html;
        let mut consumed = 0;
        loop {
            if open.is_some() {
                match rest.find("-->") {
                    Some(i) => {
                        open = None;
                        consumed += i + 3;
                        rest = &rest[i + 3..];
                    }
                    None => break,
                }
            }
            let Some(i) = rest.find("<!--") else { break };
            let after = &rest[i + 4..];
            // `<!-->` and `<!--->` close at once.
            let skip = if after.starts_with('>') {
                1
            } else if after.starts_with("->") {
                2
            } else {
                open = Some(range.start + consumed + i);
                0
            };
            consumed += i + 4 + skip;
            rest = &rest[i + 4 + skip..];
        }
    }
    open
}

/// The 1-based (line, column) of byte `offset` in `text`, columns counted in characters.
pub fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .unwrap_or_default()
        .chars()
        .count()
        + 1;
    (line, col)
}

fn problem_at(body: &str, offset: usize, message: &str, hint: &str) -> BodyProblem {
    let (line, col) = position(body, offset);
    BodyProblem {
        line,
        col,
        message: message.to_string(),
        hint: hint.to_string(),
    }
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

    fn ids(html: &str) -> Vec<String> {
        html.split("id=\"")
            .skip(1)
            .map(|rest| rest.split('"').next().unwrap().to_string())
            .collect()
    }

    #[test]
    fn a_footnote_cited_twice_gives_unique_ids() {
        let r = plain("A[^z] and B[^z], then [^z-2] and [^Z].\n\n[^z]: One.\n\n[^z-2]: Two.\n");
        let ids = ids(&r.html);
        let unique: BTreeSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "duplicate ids: {ids:?}");
        assert!(ids.contains(&"fnref-z_2".to_string()), "{ids:?}");
        assert!(
            r.html.contains("href=\"#fnref-z\""),
            "the note links its first citation"
        );
        assert!(r.problems.is_empty(), "{:?}", r.problems);
    }

    #[test]
    fn a_footnote_defined_twice_is_a_problem_at_the_second() {
        let r = plain("A[^z].\n\n[^z]: One.\n\n[^z]: Two.\n");
        let ids = ids(&r.html);
        let unique: BTreeSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "duplicate ids: {ids:?}");
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
        assert_eq!((r.problems[0].line, r.problems[0].col), (5, 1));
        assert!(
            r.problems[0].message.contains("second time"),
            "{:?}",
            r.problems
        );
    }

    #[test]
    fn an_unclosed_comment_is_a_problem_where_it_opens() {
        for (body, line, col) in [
            ("Text.\n\n<!-- forgotten\n\nMore.\n", 3, 1),
            ("Text.\n\n<div>x <!-- inner\n\n</div>\n", 3, 8),
            ("<!-- closed -->\n\n<!-- again\n", 3, 1),
        ] {
            let r = plain(body);
            assert_eq!(r.problems.len(), 1, "{body:?}: {:?}", r.problems);
            assert_eq!(
                (r.problems[0].line, r.problems[0].col),
                (line, col),
                "{body:?}"
            );
        }
        for fine in [
            "<!-- a -->\n\nText.\n",
            "A <!-- inline --> b.\n",
            "<!-->\n\n<!--->\n\nText.\n",
            "`<!--` in code\n\n    <!-- indented code\n",
            "Text <!-- not html, just text\n",
            "A <span><!-- escaped as text</span> b.\n",
        ] {
            let r = plain(fine);
            assert!(r.problems.is_empty(), "{fine:?}: {:?}", r.problems);
        }
    }
}
