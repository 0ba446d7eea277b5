//! Reads a plain-text article into headline, standfirst, body blocks and sources,
//! accounting for every line: kept in the body, moved to the front-matter, or removed.

mod body;

use super::dates;
use super::noise::{self, Boilerplate, Line};
use body::{blocks, ends_sentence, summary};
use std::collections::BTreeMap;
use whatlang::Lang;

/// The article as the import understood it.
#[derive(Debug)]
pub(super) struct Article {
    /// The headline and its line.
    pub title: (usize, String),
    pub summary: String,
    pub summary_from: SummaryFrom,
    /// The body, in order.
    pub blocks: Vec<Block>,
    /// Every line not kept in the body, by line number.
    pub notes: Vec<Note>,
    /// Sources in order of first mention, one per name.
    pub sources: Vec<FoundSource>,
    /// A `Pubblicato il ...` line with a date.
    pub published: Option<(usize, dates::Found)>,
    /// Dates written in the kept text, in reading order.
    pub dates: Vec<(usize, dates::Found)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum SummaryFrom {
    /// The standfirst, moved out of the body (its lines).
    Standfirst(Vec<usize>),
    /// The first sentences of the paragraph starting on this line, copied.
    FirstSentences(usize),
    /// No paragraph at all: the headline again.
    Title,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Block {
    Heading(usize, String),
    Paragraph(Vec<(usize, String)>),
}

/// What became of a line that is not in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Note {
    pub line: usize,
    pub text: String,
    pub fate: Fate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Fate {
    Removed(Reason),
    /// Kept, but in the front-matter.
    Moved(Target),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reason {
    Boilerplate(Boilerplate),
    EmptySources,
    RepeatedHeadline,
    RepeatedStandfirst,
    /// The same text as this earlier line.
    Repeated(usize),
    OtherLanguage(Lang),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Target {
    Title,
    Summary,
    PublicationDate,
    /// A source (or several) named on the line.
    Sources(Vec<String>),
    /// A `Fonti:` label whose list follows.
    SourcesLabel,
    PhotoCredit(String),
}

impl Reason {
    /// Short and stable: the report groups removals by it.
    pub(super) fn label(self) -> String {
        match self {
            Reason::Boilerplate(b) => b.describe().to_string(),
            Reason::EmptySources => "empty sources trailer".into(),
            Reason::RepeatedHeadline => "repeated headline".into(),
            Reason::RepeatedStandfirst => "repeated standfirst".into(),
            Reason::Repeated(_) => "repeated line".into(),
            Reason::OtherLanguage(lang) => format!("other language ({})", lang.eng_name()),
        }
    }
}

impl Fate {
    pub(super) fn describe(&self) -> String {
        match self {
            Fate::Removed(Reason::Repeated(first)) => {
                format!("repeated line (same as line {first})")
            }
            Fate::Removed(reason) => reason.label(),
            Fate::Moved(Target::Title) => "headline -> title".into(),
            Fate::Moved(Target::Summary) => "standfirst -> summary".into(),
            Fate::Moved(Target::PublicationDate) => "publication line -> date".into(),
            Fate::Moved(Target::Sources(names)) => {
                format!("source -> sources: {}", names.join(", "))
            }
            Fate::Moved(Target::SourcesLabel) => "sources label (the list below -> sources)".into(),
            Fate::Moved(Target::PhotoCredit(holder)) => {
                format!("photo credit -> sources: {holder}")
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FoundSource {
    pub name: String,
    pub url: Option<String>,
    pub line: usize,
    pub kind: SourceKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum SourceKind {
    /// `Questo riporta X`, `come riportato da X`.
    Cited,
    /// Listed under `Fonti:`.
    Listed,
    PhotoCredit {
        caption: Option<String>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Blank,
    Keep,
    Gone,
}

/// Reads `text` written in `lang`. `None` when no line has any text.
pub(super) fn read(text: &str, lang: Lang) -> Option<Article> {
    let mut reader = Reader::new(text);
    reader.remove_noise();
    let title_at = reader.headline(lang)?;
    let mut blocks = blocks(&reader.lines, &reader.state, title_at + 1);
    let (summary, summary_from) = summary(&mut blocks, reader.lines[title_at]);
    if let SummaryFrom::Standfirst(standfirst) = &summary_from {
        reader.standfirst(standfirst);
    }
    reader.notes.sort_by_key(|n| n.line);
    let dates = reader.kept_text(title_at, &summary_from, &blocks);
    let mut unique: Vec<FoundSource> = Vec::new();
    for source in reader.sources {
        if !unique
            .iter()
            .any(|u| u.name.eq_ignore_ascii_case(&source.name))
        {
            unique.push(source);
        }
    }
    Some(Article {
        title: (title_at + 1, reader.lines[title_at].to_string()),
        summary,
        summary_from,
        blocks,
        notes: reader.notes,
        sources: unique,
        published: reader.published,
        dates,
    })
}

/// The lines of a text being read, and what has been decided about each.
struct Reader<'t> {
    lines: Vec<&'t str>,
    state: Vec<State>,
    notes: Vec<Note>,
    sources: Vec<FoundSource>,
    published: Option<(usize, dates::Found)>,
}

impl<'t> Reader<'t> {
    fn new(text: &'t str) -> Reader<'t> {
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        let state = lines
            .iter()
            .map(|l| {
                if l.is_empty() {
                    State::Blank
                } else {
                    State::Keep
                }
            })
            .collect();
        Reader {
            lines,
            state,
            notes: Vec::new(),
            sources: Vec::new(),
            published: None,
        }
    }

    /// Line `i` leaves the body, for the reason `fate`.
    fn note(&mut self, i: usize, fate: Fate) {
        self.state[i] = State::Gone;
        self.notes.push(Note {
            line: i + 1,
            text: self.lines[i].to_string(),
            fate,
        });
    }

    fn source(&mut self, name: String, url: Option<String>, line: usize, kind: SourceKind) {
        self.sources.push(FoundSource {
            name,
            url,
            line,
            kind,
        });
    }

    /// Lines that are noise whatever surrounds them.
    fn remove_noise(&mut self) {
        for i in 0..self.lines.len() {
            if self.state[i] != State::Keep {
                continue;
            }
            match noise::classify(self.lines[i]) {
                Line::Text => {}
                Line::Boilerplate(b) => self.note(i, Fate::Removed(Reason::Boilerplate(b))),
                Line::Published(found) => {
                    self.published.get_or_insert((i + 1, found));
                    self.note(i, Fate::Moved(Target::PublicationDate));
                }
                Line::SourcesLabel(names) if names.is_empty() => {
                    if self.sources_list(i) {
                        return;
                    }
                }
                Line::SourcesLabel(names) => {
                    for name in &names {
                        let (name, url) = list_item(name);
                        self.source(name, url, i + 1, SourceKind::Listed);
                    }
                    self.note(i, Fate::Moved(Target::Sources(names)));
                }
                Line::PhotoCredit { holder, caption } => {
                    let kind = SourceKind::PhotoCredit { caption };
                    self.source(holder.clone(), None, i + 1, kind);
                    self.note(i, Fate::Moved(Target::PhotoCredit(holder)));
                }
                Line::Attribution(name) => {
                    self.source(name.clone(), None, i + 1, SourceKind::Cited);
                    self.note(i, Fate::Moved(Target::Sources(vec![name])));
                }
            }
        }
    }

    /// A `Fonti:` label on line `i`: the lines after it are the list of sources when
    /// they look like one (true: nothing else follows), else the label goes alone.
    fn sources_list(&mut self, i: usize) -> bool {
        let rest: Vec<usize> = (i + 1..self.lines.len())
            .filter(|&j| self.state[j] == State::Keep)
            .collect();
        let is_list = !rest.is_empty()
            && rest.len() <= 12
            && rest.iter().all(|&j| looks_like_list_item(self.lines[j]));
        if !is_list {
            self.note(i, Fate::Removed(Reason::EmptySources));
            return false;
        }
        self.note(i, Fate::Moved(Target::SourcesLabel));
        for j in rest {
            let (name, url) = list_item(self.lines[j]);
            self.source(name.clone(), url, j + 1, SourceKind::Listed);
            self.note(j, Fate::Moved(Target::Sources(vec![name])));
        }
        true
    }

    /// The headline (its index), its repeats, other languages and repeated lines.
    fn headline(&mut self, lang: Lang) -> Option<usize> {
        let title_at = self.state.iter().position(|s| *s == State::Keep)?;
        self.note(title_at, Fate::Moved(Target::Title));
        let title_key = key(self.lines[title_at]);
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for i in title_at + 1..self.lines.len() {
            if self.state[i] != State::Keep {
                continue;
            }
            let k = key(self.lines[i]);
            if k == title_key {
                self.note(i, Fate::Removed(Reason::RepeatedHeadline));
            } else if let Some(other) = noise::other_language(self.lines[i], lang) {
                self.note(i, Fate::Removed(Reason::OtherLanguage(other)));
            } else if let Some(&first) = seen.get(&k).filter(|_| k.split(' ').count() >= 4) {
                self.note(i, Fate::Removed(Reason::Repeated(first)));
            } else {
                seen.entry(k).or_insert(i + 1);
            }
        }
        Some(title_at)
    }

    /// The standfirst's lines moved to the summary; a line repeating it is a repeated
    /// standfirst.
    fn standfirst(&mut self, standfirst: &[usize]) {
        for &line in standfirst {
            self.notes.push(Note {
                line,
                text: self.lines[line - 1].to_string(),
                fate: Fate::Moved(Target::Summary),
            });
        }
        for n in &mut self.notes {
            if let Fate::Removed(Reason::Repeated(first)) = n.fate
                && standfirst.contains(&first)
            {
                n.fate = Fate::Removed(Reason::RepeatedStandfirst);
            }
        }
    }

    /// What the kept text says: its attributions join the sources (sorted by line),
    /// its dates are returned in reading order.
    fn kept_text(
        &mut self,
        title_at: usize,
        summary_from: &SummaryFrom,
        blocks: &[Block],
    ) -> Vec<(usize, dates::Found)> {
        let lines = &self.lines;
        let mut kept: Vec<(usize, &str)> = vec![(title_at + 1, lines[title_at])];
        if let SummaryFrom::Standfirst(standfirst) = summary_from {
            kept.extend(standfirst.iter().map(|&l| (l, lines[l - 1])));
        }
        for block in blocks {
            match block {
                Block::Heading(l, text) => kept.push((*l, text)),
                Block::Paragraph(ls) => kept.extend(ls.iter().map(|(l, t)| (*l, t.as_str()))),
            }
        }
        kept.sort_by_key(|(l, _)| *l);
        let mut dates = Vec::new();
        for (line, text) in &kept {
            for name in noise::attributions(text) {
                self.sources.push(FoundSource {
                    name,
                    url: None,
                    line: *line,
                    kind: SourceKind::Cited,
                });
            }
            dates.extend(dates::find(text).into_iter().map(|d| (*line, d)));
        }
        self.sources.sort_by_key(|s| s.line);
        dates
    }
}

/// A line under `Fonti:` that names a source rather than continuing the article.
fn looks_like_list_item(line: &str) -> bool {
    let marked = line.starts_with(['-', '*', '•', '–']);
    let has_url = line.contains("http://") || line.contains("https://");
    let short_name = line.split_whitespace().count() <= 8 && !ends_sentence(line)
        || line.split_whitespace().count() == 1;
    line.chars().count() <= 160 && (marked || has_url || short_name)
}

/// `- Xinhua, https://example.org/a` -> (`Xinhua`, the URL).
fn list_item(line: &str) -> (String, Option<String>) {
    let item = line.trim_start_matches(['-', '*', '•', '–', ' ']).trim();
    let url = item
        .split_whitespace()
        .find(|w| w.starts_with("http://") || w.starts_with("https://"))
        .map(|w| w.trim_end_matches([',', ';', ')', '.']).to_string());
    let name = match &url {
        Some(u) => item.replacen(u.as_str(), "", 1),
        None => item.to_string(),
    };
    let name = name
        .trim()
        .trim_matches(|c: char| {
            c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == '-'
        })
        .trim()
        .trim_end_matches('.')
        .to_string();
    let name = if name.is_empty() {
        url.as_deref()
            .and_then(|u| u.split('/').nth(2))
            .unwrap_or(item)
            .to_string()
    } else {
        name
    };
    (name, url)
}

/// The words of `line`, lowercased: what two copies of a line share.
fn key(line: &str) -> String {
    line.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests;
