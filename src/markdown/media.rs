//! Images and linked files in a Markdown body: `![alt](src "title")` becomes the page's
//! `<picture>` (a paragraph holding only an image, a `<figure>` with the title as its
//! caption), and a link to a file beside the document points at its published copy.

use super::{BodyProblem, problem_at};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::ops::Range;

/// What a page's Markdown may publish beside it. `None` leaves the image or link as
/// written (pulldown-cmark's own `<img>`, the URL unchanged).
pub trait Media {
    /// The HTML for the image `src` with the text alternative `alt`; `lazy` when it is
    /// below the first screen.
    fn image(&self, src: &str, alt: &str, lazy: bool) -> Option<Result<String, Refused>>;
    /// The URL of a link to `href`, when `href` names a file beside the document (not
    /// a page, an anchor or another host).
    fn file(&self, href: &str) -> Option<Result<String, Refused>>;
}

/// Why an image or a linked file cannot be published: what is wrong, what to do.
#[derive(Debug, Clone)]
pub struct Refused {
    pub message: String,
    pub hint: String,
}

/// Leaves every image and link as written.
pub struct NoMedia;

impl Media for NoMedia {
    fn image(&self, _: &str, _: &str, _: bool) -> Option<Result<String, Refused>> {
        None
    }
    fn file(&self, _: &str) -> Option<Result<String, Refused>> {
        None
    }
}

/// Paragraphs before which the first image still counts as on the first screen.
const FIRST_SCREEN_PARAGRAPHS: usize = 2;

/// Rewrites the images and file links of `events` (with their `offsets` in `body`)
/// through `media`. With `eager_first`, the first image loads at once when it comes
/// before the second paragraph (a page without a cover); every other image is lazy.
pub(super) fn rewrite<'a>(
    events: Vec<Event<'a>>,
    offsets: Vec<Range<usize>>,
    body: &str,
    media: &dyn Media,
    eager_first: bool,
    problems: &mut Vec<BodyProblem>,
) -> (Vec<Event<'a>>, Vec<Range<usize>>) {
    let mut out = Vec::with_capacity(events.len());
    let mut out_offsets = Vec::with_capacity(events.len());
    let mut paragraphs = 0;
    let mut images = 0;
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Paragraph) if alone_image(&events, i).is_some() => {
                let end = alone_image(&events, i).expect("checked");
                let lazy = !(eager_first && images == 0 && paragraphs < FIRST_SCREEN_PARAGRAPHS);
                images += 1;
                let (html, title) = image(&events, &offsets, i + 1, body, media, lazy, problems);
                match html {
                    Some(html) => {
                        push_figure(&mut out, html, title);
                        out_offsets.extend(std::iter::repeat_n(
                            offsets[i].clone(),
                            out.len() - out_offsets.len(),
                        ));
                    }
                    None => {
                        out.extend(events[i..=end].iter().cloned());
                        out_offsets.extend(offsets[i..=end].iter().cloned());
                    }
                }
                paragraphs += 1;
                i = end + 1;
                continue;
            }
            Event::Start(Tag::Image { .. }) => {
                let end = end_of_image(&events, i);
                let lazy = !(eager_first && images == 0 && paragraphs < FIRST_SCREEN_PARAGRAPHS);
                images += 1;
                match image(&events, &offsets, i, body, media, lazy, problems).0 {
                    Some(html) => {
                        out.push(Event::Html(html.into()));
                        out_offsets.push(offsets[i].clone());
                    }
                    None => {
                        out.extend(events[i..=end].iter().cloned());
                        out_offsets.extend(offsets[i..=end].iter().cloned());
                    }
                }
                i = end + 1;
                continue;
            }
            Event::Start(Tag::Link { dest_url, .. }) if !dest_url.starts_with("@/") => {
                out.push(file_link(
                    &events[i],
                    dest_url,
                    media,
                    body,
                    &offsets[i],
                    problems,
                ));
            }
            Event::End(TagEnd::Paragraph) => {
                paragraphs += 1;
                out.push(events[i].clone());
            }
            event => out.push(event.clone()),
        }
        out_offsets.push(offsets[i].clone());
        i += 1;
    }
    (out, out_offsets)
}

/// A `<figure>` of the image `html`, with the image's title as its caption.
fn push_figure<'a>(out: &mut Vec<Event<'a>>, html: String, title: CowStr<'a>) {
    out.push(Event::Html("<figure>".into()));
    out.push(Event::Html(html.into()));
    if !title.trim().is_empty() {
        out.push(Event::Html("<figcaption>".into()));
        out.push(Event::Text(title));
        out.push(Event::Html("</figcaption>".into()));
    }
    out.push(Event::Html("</figure>\n".into()));
}

/// The link `event` to `dest_url`, pointed at the published copy when it names a file
/// beside the document.
fn file_link<'a>(
    event: &Event<'a>,
    dest_url: &str,
    media: &dyn Media,
    body: &str,
    offset: &Range<usize>,
    problems: &mut Vec<BodyProblem>,
) -> Event<'a> {
    let rewritten = match media.file(dest_url) {
        Some(Ok(url)) => Some(url),
        Some(Err(refused)) => {
            problems.push(refusal(body, offset, dest_url, refused));
            None
        }
        None => None,
    };
    match (event, rewritten) {
        (
            Event::Start(Tag::Link {
                link_type,
                title,
                id,
                ..
            }),
            Some(url),
        ) => Event::Start(Tag::Link {
            link_type: *link_type,
            dest_url: CowStr::from(url),
            title: title.clone(),
            id: id.clone(),
        }),
        (event, _) => event.clone(),
    }
}

/// When the paragraph starting at `start` holds one image and nothing else: the index
/// of its end.
fn alone_image(events: &[Event], start: usize) -> Option<usize> {
    if !matches!(events.get(start + 1), Some(Event::Start(Tag::Image { .. }))) {
        return None;
    }
    let end = end_of_image(events, start + 1) + 1;
    matches!(events.get(end), Some(Event::End(TagEnd::Paragraph))).then_some(end)
}

/// The index of the `End(Image)` of the image starting at `start` (images do not nest).
fn end_of_image(events: &[Event], start: usize) -> usize {
    (start..events.len())
        .find(|&j| matches!(events[j], Event::End(TagEnd::Image)))
        .unwrap_or(events.len() - 1)
}

/// The HTML `media` gives the image starting at `start`, and its title.
fn image<'a>(
    events: &[Event<'a>],
    offsets: &[Range<usize>],
    start: usize,
    body: &str,
    media: &dyn Media,
    lazy: bool,
    problems: &mut Vec<BodyProblem>,
) -> (Option<String>, CowStr<'a>) {
    let Event::Start(Tag::Image {
        dest_url, title, ..
    }) = &events[start]
    else {
        return (None, CowStr::from(""));
    };
    let end = end_of_image(events, start);
    let alt: String = events[start + 1..end]
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            Event::SoftBreak | Event::HardBreak => Some(" "),
            _ => None,
        })
        .collect();
    match media.image(dest_url, &alt, lazy) {
        Some(Ok(html)) => (Some(html), title.clone()),
        Some(Err(refused)) => {
            problems.push(refusal(body, &offsets[start], dest_url, refused));
            (None, title.clone())
        }
        None => (None, title.clone()),
    }
}

/// A problem at the reference `url` inside `range` of `body` (or at its start).
fn refusal(body: &str, range: &Range<usize>, url: &str, refused: Refused) -> BodyProblem {
    let at = body
        .get(range.clone())
        .and_then(|text| text.find(url))
        .map_or(range.start, |found| range.start + found);
    problem_at(body, at, &refused.message, &refused.hint)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::render_with;

    /// Images become `<pic SRC ALT lazy|eager>`; files `files/NAME`; `bad.*` is refused.
    struct Fake;

    impl Media for Fake {
        fn image(&self, src: &str, alt: &str, lazy: bool) -> Option<Result<String, Refused>> {
            if src.starts_with("bad") {
                return Some(Err(Refused {
                    message: format!("no {src}"),
                    hint: "fix it".into(),
                }));
            }
            let when = if lazy { "lazy" } else { "eager" };
            Some(Ok(format!("<pic {src} {alt} {when}>")))
        }
        fn file(&self, href: &str) -> Option<Result<String, Refused>> {
            href.ends_with(".pdf").then(|| Ok(format!("files/{href}")))
        }
    }

    fn html(body: &str, eager_first: bool) -> String {
        render_with(body, &|_| None, &Fake, eager_first).html
    }

    #[test]
    fn an_image_alone_in_its_paragraph_is_a_figure_with_its_title() {
        assert_eq!(
            html("![A *map*](m.png \"The <route>\")\n", false),
            "<figure><pic m.png A map lazy><figcaption>The &lt;route&gt;</figcaption></figure>\n"
        );
        assert_eq!(
            html("![](m.svg)\n", false),
            "<figure><pic m.svg  lazy></figure>\n"
        );
        assert_eq!(
            html("Text ![x](m.png) more.\n", false),
            "<p>Text <pic m.png x lazy> more.</p>\n"
        );
    }

    #[test]
    fn only_a_first_image_near_the_top_of_a_page_without_cover_is_eager() {
        let two = "![a](a.png)\n\n![b](b.png)\n";
        assert!(html(two, true).contains("<pic a.png a eager>"));
        assert!(html(two, true).contains("<pic b.png b lazy>"));
        assert!(html(two, false).contains("<pic a.png a lazy>"));
        let late = "One.\n\nTwo.\n\n![a](a.png)\n";
        assert!(html(late, true).contains("<pic a.png a lazy>"));
    }

    #[test]
    fn file_links_are_rewritten_and_refusals_located() {
        assert_eq!(
            html("[r](r.pdf) [p](../x/index.html)\n", false),
            "<p><a href=\"files/r.pdf\">r</a> <a href=\"../x/index.html\">p</a></p>\n"
        );
        let r = render_with("Intro.\n\nSee ![x](bad.png).\n", &|_| None, &Fake, false);
        assert_eq!(r.problems.len(), 1);
        assert_eq!((r.problems[0].line, r.problems[0].col), (3, 10));
        assert_eq!(r.problems[0].message, "no bad.png");
    }
}
