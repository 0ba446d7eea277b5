//! What parity compares in one Markdown body: its sections (split at `#` and `##`
//! headings), their structure, the numbers of their text and their link targets.

use super::numbers::{Found, Numerals};
use pulldown_cmark::{Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};
use std::ops::Range;

/// One body, read.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scan {
    /// The text before the first heading, then one per `#`/`##` heading; never empty.
    pub sections: Vec<Section>,
    pub footnote_definitions: usize,
    /// The file line of the body's first line.
    pub first_line: usize,
    /// Byte offsets where the body's lines start.
    line_starts: Vec<usize>,
}

/// A heading and what follows it, up to the next heading of its level or above.
#[derive(Debug, Clone, Default)]
pub(crate) struct Section {
    /// None for the text before the first heading.
    pub heading: Option<Heading>,
    /// Bytes of the body, heading included.
    pub range: Range<usize>,
    pub counts: Counts,
    pub values: Vec<Found>,
    pub links: Vec<Link>,
}

#[derive(Debug, Clone)]
pub(crate) struct Heading {
    pub level: u8,
    pub text: String,
}

/// The structure of a section that its translation must repeat.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    /// Paragraphs outside lists and footnotes (a loose list's items are not paragraphs).
    pub paragraphs: usize,
    pub list_items: usize,
    pub tables: usize,
    /// Footnote references.
    pub footnotes: usize,
    /// Headings below `##`.
    pub subheadings: usize,
}

/// A link or image target that parity compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Link {
    /// `@/briefings/NAME.md` without its `#anchor` or this language's `.LANG`, or an
    /// absolute URL (one with a scheme) as written.
    pub target: String,
    /// Where the link is written in the body.
    pub range: Range<usize>,
}

impl Scan {
    /// Reads `body` (which starts on file line `first_line`) as written in `numerals`.
    pub(crate) fn of(body: &str, first_line: usize, lang: &str, numerals: &Numerals) -> Scan {
        let mut scan = Scan {
            sections: vec![Section::default()],
            first_line,
            line_starts: std::iter::once(0)
                .chain(body.match_indices('\n').map(|(at, _)| at + 1))
                .collect(),
            ..Scan::default()
        };
        let mut reader = Reader::default();
        for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
            reader.event(&mut scan, body, lang, numerals, event, range);
        }
        reader.flush(&mut scan, numerals);
        if let Some(last) = scan.sections.last_mut() {
            last.range.end = body.len();
        }
        scan
    }

    /// The file line of a byte offset of the body.
    pub(crate) fn line(&self, offset: usize) -> usize {
        self.first_line + self.line_starts.partition_point(|&start| start <= offset) - 1
    }

    /// The file line where section `i` starts: its heading, or the body's first line.
    pub(crate) fn section_line(&self, i: usize) -> usize {
        match self.sections.get(i) {
            Some(s) if s.heading.is_some() => self.line(s.range.start),
            _ => self.first_line,
        }
    }

    /// Section `i` as a message names it: `` `## Why it matters` `` or `the introduction`.
    pub(crate) fn section_name(&self, i: usize) -> String {
        match self.sections.get(i).and_then(|s| s.heading.as_ref()) {
            Some(h) => format!("`{} {}`", "#".repeat(usize::from(h.level)), h.text),
            None => "the text before the first heading".to_string(),
        }
    }
}

/// The state of one pass over a body's events.
#[derive(Default)]
struct Reader {
    /// Inside a list item or footnote: paragraphs there are not counted.
    nested: usize,
    /// Inside code or an autolink: no numbers are read.
    literal: usize,
    /// Per open link: whether it is an autolink (`<https://...>`), whose text is its URL.
    links: Vec<bool>,
    /// The heading being read, and its level.
    heading: Option<(u8, String)>,
    /// The text of the current block, not yet read for numbers: event texts joined, so
    /// `16 *giugno* 2025` and a number pulldown-cmark splits at a dot read whole.
    text: String,
    /// Where the pieces of `text` come from: (offset in `text`, bytes of the body).
    pieces: Vec<(usize, Range<usize>)>,
}

impl Reader {
    fn event(
        &mut self,
        scan: &mut Scan,
        body: &str,
        lang: &str,
        numerals: &Numerals,
        event: Event,
        range: Range<usize>,
    ) {
        if breaks_text(&event) {
            self.flush(scan, numerals);
        }
        if let Event::Start(Tag::Heading { level, .. }) = event
            && level <= HeadingLevel::H2
        {
            let section = scan.sections.last_mut().expect("never empty");
            section.range.end = range.start;
            scan.sections.push(Section {
                range: range.start..range.start,
                ..Section::default()
            });
            self.heading = Some((level as u8, String::new()));
            return;
        }
        if let Event::Start(Tag::FootnoteDefinition(_)) = event {
            scan.footnote_definitions += 1;
        }
        let section = scan.sections.last_mut().expect("never empty");
        if !self.structure(section, &event) {
            self.inline(section, body, lang, event, range);
        }
    }

    /// Counts what shapes a section; true when the event is only that.
    fn structure(&mut self, section: &mut Section, event: &Event) -> bool {
        let counts = &mut section.counts;
        match event {
            Event::Start(Tag::Heading { .. }) => counts.subheadings += 1,
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text)) = self.heading.take() {
                    section.heading = Some(Heading {
                        level,
                        text: text.trim().to_string(),
                    });
                }
            }
            Event::Start(Tag::Paragraph) if self.nested == 0 => counts.paragraphs += 1,
            Event::Start(Tag::Item) => {
                counts.list_items += 1;
                self.nested += 1;
            }
            Event::Start(Tag::FootnoteDefinition(_)) => self.nested += 1,
            Event::End(TagEnd::Item | TagEnd::FootnoteDefinition) => {
                self.nested = self.nested.saturating_sub(1)
            }
            Event::Start(Tag::Table(_)) => counts.tables += 1,
            Event::FootnoteReference(_) => {
                counts.footnotes += 1;
                self.text.push(' ');
            }
            Event::Start(Tag::CodeBlock(_)) => self.literal += 1,
            Event::End(TagEnd::CodeBlock) => self.literal = self.literal.saturating_sub(1),
            _ => return false,
        }
        true
    }

    /// Text, code, links and images: what numbers and link targets are read from.
    fn inline(
        &mut self,
        section: &mut Section,
        body: &str,
        lang: &str,
        event: Event,
        range: Range<usize>,
    ) {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
                self.literal += usize::from(autolink);
                self.links.push(autolink);
                if let Some(target) = compared_target(&dest_url, lang) {
                    section.links.push(Link { target, range });
                }
            }
            Event::End(TagEnd::Link) => {
                let autolink = self.links.pop() == Some(true);
                self.literal = self.literal.saturating_sub(usize::from(autolink));
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                if let Some(target) = compared_target(&dest_url, lang) {
                    section.links.push(Link { target, range });
                }
            }
            Event::Text(text) => {
                if let Some((_, heading)) = self.heading.as_mut() {
                    heading.push_str(&text);
                }
                if self.literal == 0 {
                    // A piece rewritten by smart punctuation (`'` -> `’`) maps to its start.
                    let source = if body.get(range.clone()) == Some(&*text) {
                        range
                    } else {
                        range.start..range.start
                    };
                    self.pieces.push((self.text.len(), source));
                    self.text.push_str(&text);
                } else {
                    self.text.push(' ');
                }
            }
            Event::Code(text) => {
                if let Some((_, heading)) = self.heading.as_mut() {
                    heading.push_str(&text);
                }
                self.text.push(' ');
            }
            // A line break or inline HTML separates two numbers.
            Event::SoftBreak | Event::HardBreak | Event::InlineHtml(_) | Event::Html(_) => {
                self.text.push(' ')
            }
            _ => {}
        }
    }

    /// Reads the pending text into the current section.
    fn flush(&mut self, scan: &mut Scan, numerals: &Numerals) {
        if self.text.trim().is_empty() {
            self.text.clear();
            self.pieces.clear();
            return;
        }
        let section = scan.sections.last_mut().expect("never empty");
        let source = |offset: usize, end: bool| {
            let at = self.pieces.partition_point(|(start, _)| *start <= offset);
            let (start, range) = &self.pieces[at.max(1) - 1];
            let inside = (offset - start).min(range.len());
            if end && inside == 0 && at > 1 {
                // The end of a piece, not the start of the next.
                let (_, previous) = &self.pieces[at - 2];
                return previous.end;
            }
            range.start + inside
        };
        for mut found in numerals.read(&self.text) {
            found.range = source(found.range.start, false)..source(found.range.end, true);
            section.values.push(found);
        }
        self.text.clear();
        self.pieces.clear();
    }
}

/// Whether an event ends the running text of a block (inline markup does not).
fn breaks_text(event: &Event) -> bool {
    match event {
        Event::Start(tag) => !matches!(
            tag,
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
        ),
        Event::End(tag) => !matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
        ),
        Event::Rule | Event::TaskListMarker(_) => true,
        _ => false,
    }
}

/// The form of a link target parity compares, or None for links it leaves alone: an
/// in-page `#anchor` or a relative URL depends on each language's slugs and ids.
pub(super) fn compared_target(url: &str, lang: &str) -> Option<String> {
    let url = url.trim();
    if let Some(rest) = url.strip_prefix("@/") {
        let path = rest.split('#').next().unwrap_or_default();
        let own = format!(".{lang}.md");
        let path = match path.strip_suffix(&own) {
            Some(name) => format!("{name}.md"),
            None => path.to_string(),
        };
        return Some(format!("@/{path}"));
    }
    let scheme = url.split_once(':').map(|(s, _)| s)?;
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    is_scheme.then(|| url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(lang: &str, body: &str) -> Scan {
        Scan::of(body, 10, lang, &Numerals::of(lang))
    }

    #[test]
    fn sections_split_at_level_two_headings() {
        let s = scan(
            "en",
            "Intro 1.\n\n## First 2024 {#first}\n\nA 94.8.\n\n### Sub\n\nB.\n\n# Top\n\n- x 3\n- y\n",
        );
        assert_eq!(s.sections.len(), 3);
        assert!(s.sections[0].heading.is_none());
        let first = &s.sections[1];
        let heading = first.heading.as_ref().unwrap();
        assert_eq!((heading.level, heading.text.as_str()), (2, "First 2024"));
        assert_eq!(first.counts.subheadings, 1);
        assert_eq!(first.counts.paragraphs, 2);
        let values: Vec<String> = first.values.iter().map(|f| f.value.to_string()).collect();
        assert_eq!(values, ["2024", "94.8"], "the heading's number, not its id");
        assert_eq!(s.sections[2].counts.list_items, 2);
        assert_eq!(s.sections[2].counts.paragraphs, 0);
        assert_eq!(s.section_line(1), 12);
        assert_eq!(s.section_line(0), 10);
        assert_eq!(s.section_name(1), "`## First 2024`");
    }

    #[test]
    fn what_is_not_read_for_numbers() {
        let s = scan(
            "en",
            "1. one[^2]\n2. two\n\n`code 5` <https://x.org/2024> <b data-x=\"7\">8</b>\n\n```\n9\n```\n\n[^2]: Note.\n",
        );
        let values: Vec<String> = s
            .sections
            .iter()
            .flat_map(|s| &s.values)
            .map(|f| f.value.to_string())
            .collect();
        // List markers, footnote labels, code, autolinks and HTML attributes are not
        // numbers of the text; the text between HTML tags is.
        assert_eq!(values, ["8"]);
        assert_eq!(s.sections[0].counts.footnotes, 1);
        assert_eq!(s.footnote_definitions, 1);
        assert_eq!(s.sections[0].counts.list_items, 2);
        assert_eq!(s.sections[0].counts.paragraphs, 1, "not the note's");
    }

    #[test]
    fn numbers_split_by_smart_punctuation_are_read_whole() {
        let s = scan(
            "it",
            "L'interscambio: 1.500... e \"94,8\"\nmiliardi dal 16\ngiugno 2025.",
        );
        let values: Vec<String> = s.sections[0]
            .values
            .iter()
            .map(|f| f.value.to_string())
            .collect();
        assert_eq!(values, ["1500", "94.8", "2025-06-16"]);
        let at = s.sections[0].values[2].range.start;
        assert_eq!(s.line(at), 11);
    }

    #[test]
    fn link_targets_in_a_comparable_form() {
        let s = scan(
            "it",
            "[a](@/briefings/x.it.md#sezione) [b](https://e.org/a?b=1) [c](../y/index.html) [d](#z) ![e](https://e.org/i.png) <mailto:a@b.c>",
        );
        let targets: Vec<&str> = s.sections[0]
            .links
            .iter()
            .map(|l| l.target.as_str())
            .collect();
        assert_eq!(
            targets,
            [
                "@/briefings/x.md",
                "https://e.org/a?b=1",
                "https://e.org/i.png",
                "mailto:a@b.c"
            ]
        );
    }
}
