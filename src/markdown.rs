//! Markdown to HTML: heading ids, table of contents, footnotes, internal links, plain text.

mod media;

pub use media::{Media, NoMedia, Refused};

use crate::urls::slugify;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One heading of the table of contents.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
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
    let (mut out, events) = walk(body, resolve, media, eager_first, true);
    out.html.reserve(body.len() * 3 / 2);
    html::push_html(&mut out.html, events.into_iter());
    out
}

/// What [`render_with`] finds in `body` (contents, text and words, broken links,
/// problems, the files it publishes through `media`) without its HTML: the checking
/// pass of `briefing build`, whose pages render their bodies again, needs no HTML, and
/// producing it was an eighth to a quarter of that pass's CPU.
pub(crate) fn check_with(
    body: &str,
    resolve: &dyn Fn(&str) -> Option<String>,
    media: &dyn Media,
    eager_first: bool,
) -> Rendered {
    walk(body, resolve, media, eager_first, false).0
}

/// The one walk of `body`'s events both [`render_with`] and [`check_with`] take, so that
/// the two cannot find different things: everything but the HTML, and, `for_html`, the
/// events to write it from.
fn walk<'a>(
    body: &'a str,
    resolve: &dyn Fn(&str) -> Option<String>,
    media: &dyn Media,
    eager_first: bool,
    for_html: bool,
) -> (Rendered, Vec<Event<'a>>) {
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
    out.words = out.text.split_whitespace().count();
    let events = links_and_notes(events, offsets, body, resolve, &mut out, for_html);
    (out, events)
}

/// Resolves the `@/` links of `events` and numbers their footnotes, recording broken
/// links and footnotes defined twice in `out`; returns the events to write HTML from,
/// or none when `for_html` is false (the checks alone).
fn links_and_notes<'a>(
    events: Vec<Event<'a>>,
    offsets: Vec<std::ops::Range<usize>>,
    body: &str,
    resolve: &dyn Fn(&str) -> Option<String>,
    out: &mut Rendered,
    for_html: bool,
) -> Vec<Event<'a>> {
    let mut footnotes = Footnotes::default();
    let mut rewritten = Vec::with_capacity(if for_html { events.len() + 8 } else { 0 });
    let mut push = |event: Event<'a>| {
        if for_html {
            rewritten.push(event);
        }
    };
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
                push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(dest),
                    title,
                    id,
                }));
            }
            Event::FootnoteReference(name) => push(footnotes.citation(&name)),
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
                push(html);
            }
            Event::End(TagEnd::FootnoteDefinition) => push(Event::Html("</div>\n".into())),
            Event::Start(Tag::Table(_)) => {
                push(Event::Html("<div class=\"table-wrap\">".into()));
                push(event);
            }
            Event::End(TagEnd::Table) => {
                push(event);
                push(Event::Html("</div>\n".into()));
            }
            other => push(other),
        }
    }
    rewritten
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
mod tests;
