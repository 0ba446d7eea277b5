//! Recognises scraping noise line by line: boilerplate, photo credits, attributions,
//! and lines written in another language than the article.

use super::dates;
use whatlang::{Detector, Lang};

/// What a single line is, before the article around it is considered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Line {
    /// Removed: it carries nothing an editor would keep.
    Boilerplate(Boilerplate),
    /// `Pubblicato il 16 giugno 2025`: the date goes to the front-matter.
    Published(dates::Found),
    /// `Fonti: a, b` (names) or a bare `Fonti:` label (no names).
    SourcesLabel(Vec<String>),
    /// `Foto: caption. Credito fotografico: Holder`.
    PhotoCredit {
        holder: String,
        caption: Option<String>,
    },
    /// A line that only says where the article comes from: `Questo riporta ots.at.`
    Attribution(String),
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Boilerplate {
    ReadAlso,
    Transparency,
    UndatedPublication,
    ShareOrCopyright,
    Separator,
}

impl Boilerplate {
    pub(super) fn describe(self) -> &'static str {
        match self {
            Boilerplate::ReadAlso => "boilerplate (\"read also\" link)",
            Boilerplate::Transparency => "boilerplate (transparency note)",
            Boilerplate::UndatedPublication => "boilerplate (publication line without a date)",
            Boilerplate::ShareOrCopyright => "boilerplate (share or copyright line)",
            Boilerplate::Separator => "separator line",
        }
    }
}

const READ_ALSO: [&str; 11] = [
    "leggi anche",
    "vedi anche",
    "leggi di più",
    "per saperne di più",
    "read also",
    "read more",
    "see also",
    "related",
    "lesen sie auch",
    "mehr zum thema",
    "auch interessant",
];
const TRANSPARENCY: [&str; 4] = [
    "trasparenza",
    "transparenz",
    "transparency",
    "hinweis zur transparenz",
];
const SOURCES: [&str; 7] = [
    "fonti",
    "fonte",
    "quellen",
    "quelle",
    "sources",
    "source",
    "references",
];
const PUBLISHED: [&str; 14] = [
    "data di pubblicazione",
    "pubblicato il",
    "pubblicato",
    "ultimo aggiornamento",
    "aggiornato il",
    "aggiornato",
    "veröffentlicht am",
    "veröffentlicht",
    "zuletzt aktualisiert",
    "aktualisiert am",
    "published on",
    "published",
    "updated on",
    "last updated",
];
const SHARE_OR_COPYRIGHT: [&str; 8] = [
    "condividi",
    "share",
    "teilen",
    "tutti i diritti riservati",
    "all rights reserved",
    "alle rechte vorbehalten",
    "riproduzione riservata",
    "stampa",
];
/// Labels that open a photo-credit line, longest first.
const CREDIT_OPENERS: [&str; 21] = [
    "credito fotografico",
    "crediti fotografici",
    "foto di copertina",
    "immagine di copertina",
    "foto copertina",
    "credito foto",
    "photo credit",
    "image credit",
    "cover photo",
    "bildquelle",
    "bildnachweis",
    "titelbild",
    "immagine",
    "credits",
    "crediti",
    "credito",
    "credit",
    "photo",
    "image",
    "foto",
    "bild",
];
/// Labels after which the credit holder is named.
const HOLDER_LABELS: [&str; 13] = [
    "credito fotografico:",
    "crediti fotografici:",
    "credito foto:",
    "photo credit:",
    "image credit:",
    "bildquelle:",
    "bildnachweis:",
    "credits:",
    "crediti:",
    "credito:",
    "credit:",
    "foto:",
    "photo:",
];

/// `line` lowercased without changing byte offsets (ASCII only), for matching labels.
fn lower(line: &str) -> String {
    line.to_ascii_lowercase()
}

/// `line` without `prefix`, compared case-insensitively character by character.
fn strip_prefix_ci<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    let mut chars = line.char_indices();
    for p in prefix.chars() {
        let (_, c) = chars.next()?;
        if !c.to_lowercase().eq(p.to_lowercase()) {
            return None;
        }
    }
    Some(chars.next().map_or("", |(i, _)| &line[i..]))
}

/// If `line` is `label` alone or `label: rest`, the rest (possibly empty).
fn labelled<'a>(line: &'a str, labels: &[&str]) -> Option<&'a str> {
    labels.iter().find_map(|label| {
        let rest = strip_prefix_ci(line, label)?.trim_start();
        if rest.chars().all(|c| ".:…".contains(c)) {
            Some("")
        } else {
            rest.strip_prefix(':').map(str::trim)
        }
    })
}

/// Sorts out one trimmed, non-empty line.
pub(super) fn classify(line: &str) -> Line {
    if is_separator(line) {
        return Line::Boilerplate(Boilerplate::Separator);
    }
    if labelled(line, &READ_ALSO).is_some() {
        return Line::Boilerplate(Boilerplate::ReadAlso);
    }
    if labelled(line, &TRANSPARENCY).is_some() {
        return Line::Boilerplate(Boilerplate::Transparency);
    }
    if let Some(rest) = labelled(line, &SOURCES) {
        return Line::SourcesLabel(split_names(rest));
    }
    let low = line.to_lowercase();
    let low_trimmed = low.trim_end_matches(['.', '!', ':']);
    if SHARE_OR_COPYRIGHT.contains(&low_trimmed) {
        return Line::Boilerplate(Boilerplate::ShareOrCopyright);
    }
    let words = line.split_whitespace().count();
    if words <= 8 && PUBLISHED.iter().any(|p| starts_with_word(&low, p)) {
        return match dates::find(line).into_iter().next() {
            Some(found) => Line::Published(found),
            None => Line::Boilerplate(Boilerplate::UndatedPublication),
        };
    }
    if let Some(credit) = photo_credit(line) {
        return credit;
    }
    if words <= 8
        && let Some(name) = attributions(line).into_iter().next()
        && only_attribution(line, &name)
    {
        return Line::Attribution(name);
    }
    Line::Text
}

fn starts_with_word(low: &str, prefix: &str) -> bool {
    low.strip_prefix(prefix)
        .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
}

fn is_separator(line: &str) -> bool {
    line.chars().filter(|c| !c.is_whitespace()).count() >= 3
        && line
            .chars()
            .all(|c| c.is_whitespace() || "-–—_=*#~·•.+".contains(c))
}

fn split_names(list: &str) -> Vec<String> {
    list.split([',', ';'])
        .map(|n| n.trim().trim_end_matches('.').trim().to_string())
        .filter(|n| !n.is_empty())
        .collect()
}

fn photo_credit(line: &str) -> Option<Line> {
    if line.chars().count() > 300 {
        return None;
    }
    let low = lower(line);
    let copyright = low.starts_with('©') || low.starts_with("(c) ");
    let opener = CREDIT_OPENERS.iter().find(|o| {
        low.strip_prefix(**o)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    });
    if !copyright && opener.is_none() {
        return None;
    }
    // The holder follows the last holder label (or the copyright sign).
    // The last label wins; of two ending together (`credito foto:`, `foto:`), the longer.
    let holder_at = HOLDER_LABELS
        .iter()
        .filter_map(|l| low.rfind(l).map(|i| (i, i + l.len())))
        .chain(low.rfind('©').map(|i| (i, i + '©'.len_utf8())))
        .max_by_key(|(start, end)| (*end, std::cmp::Reverse(*start)));
    let (label_start, holder_start) = holder_at.or_else(|| {
        // `Foto di copertina: Reuters`: the opener itself names the holder.
        let o = opener?;
        let colon = low[o.len()..].find(':')? + o.len();
        Some((0, colon + 1))
    })?;
    let holder = line[holder_start..]
        .trim()
        .trim_end_matches('.')
        .trim()
        .to_string();
    if holder.is_empty() || holder.split_whitespace().count() > 8 {
        return None;
    }
    let caption = opener
        .and_then(|o| {
            let colon = low[o.len()..].find(':')? + o.len() + 1;
            (colon < label_start).then(|| line[colon..label_start].trim().to_string())
        })
        .filter(|c| !c.is_empty());
    Some(Line::PhotoCredit { holder, caption })
}

/// Words that may stand around a source name in a line that only attributes.
const ATTRIBUTION_FILLER: [&str; 24] = [
    "questo",
    "lo",
    "ciò",
    "cio",
    "quanto",
    "come",
    "riporta",
    "riportano",
    "riportato",
    "ha",
    "da",
    "secondo",
    "fonte",
    "il",
    "la",
    "l",
    "this",
    "is",
    "what",
    "reports",
    "reported",
    "by",
    "source",
    "the",
];

fn only_attribution(line: &str, name: &str) -> bool {
    let Some(at) = line.find(name) else {
        return false;
    };
    let rest = format!("{} {}", &line[..at], &line[at + name.len()..]);
    rest.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| ATTRIBUTION_FILLER.contains(&w.to_lowercase().as_str()))
}

/// Markers followed by the name of a source: `riporta ots.at`, `riportato da Xinhua`.
const NAME_AFTER: [&str; 12] = [
    "riporta ",
    "riportano ",
    "ha riportato ",
    "riportato da ",
    "riportata da ",
    "riportati da ",
    "riferisce ",
    "riferito da ",
    "scrive ",
    "fonte: ",
    "reports ",
    "reported by ",
];
/// Markers preceded by `come NAME` / `as NAME`: `come China.org.cn riportato`.
const NAME_BEFORE: [&str; 6] = [
    " riportato",
    " ha riportato",
    " riporta",
    " reported",
    " has reported",
    " reports",
];

/// Names of the sources a line attributes its content to, in order.
pub(super) fn attributions(line: &str) -> Vec<String> {
    let low = lower(line);
    let mut found: Vec<(usize, String)> = Vec::new();
    for marker in NAME_AFTER {
        for (i, _) in low.match_indices(marker) {
            if i > 0 && low.as_bytes()[i - 1].is_ascii_alphanumeric() {
                continue;
            }
            if let Some(name) = name_at_start(&line[i + marker.len()..]) {
                found.push((i, name));
            }
        }
    }
    for marker in NAME_BEFORE {
        for (i, _) in low.match_indices(marker) {
            let after = low.as_bytes().get(i + marker.len());
            if after.is_some_and(u8::is_ascii_alphanumeric) {
                continue;
            }
            let before = &line[..i];
            let low_before = &low[..i];
            let Some(opener) = ["come ", "as "]
                .iter()
                .flat_map(|o| low_before.match_indices(o).map(|(at, _)| (at, o.len())))
                .filter(|(at, _)| *at == 0 || !low.as_bytes()[at - 1].is_ascii_alphanumeric())
                .map(|(at, len)| at + len)
                .max()
            else {
                continue;
            };
            let candidate = before[opener..].trim();
            let words: Vec<&str> = candidate.split_whitespace().collect();
            if !words.is_empty() && words.len() <= 5 && words.iter().all(|w| name_like(w)) {
                found.push((opener, candidate.to_string()));
            }
        }
    }
    found.sort();
    let mut names: Vec<String> = Vec::new();
    for (_, name) in found {
        if !names.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
            names.push(name);
        }
    }
    names
}

/// A word that can be part of a source's name: capitalised, or a domain like `ots.at`.
fn name_like(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase) || domain_like(word)
}

fn domain_like(word: &str) -> bool {
    let parts: Vec<&str> = word.split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || c == '-'))
        && parts
            .last()
            .is_some_and(|tld| (2..=6).contains(&tld.len()) && tld.chars().all(char::is_alphabetic))
}

/// The source name that opens `text`, skipping an article: `l'agenzia Xinhua.` -> `Xinhua`.
fn name_at_start(text: &str) -> Option<String> {
    let mut name: Vec<&str> = Vec::new();
    for (i, raw) in text.split_whitespace().enumerate() {
        if i >= 8 {
            break;
        }
        let word = raw
            .trim_start_matches(['«', '“', '"', '('])
            .trim_end_matches(['.', ',', ';', ':', ')', '»', '”', '"', '!', '?']);
        let word = word
            .strip_prefix("l'")
            .or_else(|| word.strip_prefix("l’"))
            .unwrap_or(word);
        let ends = word.len() + raw.find(word).unwrap_or(0) < raw.len();
        if name_like(word) {
            name.push(word);
        } else if name.is_empty()
            && [
                "il",
                "lo",
                "la",
                "the",
                "agenzia",
                "quotidiano",
                "sito",
                "agency",
            ]
            .contains(&word.to_lowercase().as_str())
        {
            // Skip an article or a generic noun before the name.
        } else if !name.is_empty() && ["di", "de", "del", "of", "&"].contains(&word) && !ends {
            name.push(word);
        } else {
            break;
        }
        if ends {
            break;
        }
    }
    while name
        .last()
        .is_some_and(|w| ["di", "de", "del", "of", "&"].contains(w))
    {
        name.pop();
    }
    (!name.is_empty()).then(|| name.join(" "))
}

/// The language of `line` when it is confidently one other than `article`'s.
/// Short lines are never judged: trigram statistics on a few words are guesswork.
pub(super) fn other_language(line: &str, article: Lang) -> Option<Lang> {
    let words: Vec<&str> = line
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .collect();
    // Prose has mostly lowercase words; a line of names (`Xi Jinping, Kassym-Jomart
    // Tokayev`) or a title in capitals gives trigram statistics nothing to go on.
    let lowercase = words
        .iter()
        .filter(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_lowercase)
        })
        .count();
    if words.len() < 3 || lowercase * 5 < words.len() * 2 {
        return None;
    }
    let info = whatlang::detect(line)?;
    if info.lang() == article {
        return None;
    }
    let pair = Detector::with_allowlist(vec![article, info.lang()]);
    // Italian misread as Catalan is common; Italian misread as English is not. A
    // language of the article's own family must be certain. Another family needs a
    // sentence-long line, a clear choice against the article's language, and either
    // a fair confidence or a runner-up of the same family (Italian, then Spanish).
    let sure = if family(info.lang()).is_some() && family(info.lang()) == family(article) {
        info.is_reliable()
    } else {
        let runner_up = || {
            Detector::with_denylist(vec![info.lang()])
                .detect_lang(line)
                .is_some_and(|second| {
                    family(second).is_some() && family(second) == family(info.lang())
                })
        };
        info.is_reliable()
            || (words.len() >= 6
                && pair.detect(line).is_some_and(|p| {
                    p.lang() == info.lang() && (p.is_reliable() || p.confidence() >= 0.5)
                })
                && (info.confidence() >= 0.3 || runner_up()))
    };
    if !sure {
        return None;
    }
    // A quotation in another language inside a sentence of the article's language
    // belongs to the article.
    let outside = outside_quotes(line);
    if outside.len() < line.len()
        && outside.split_whitespace().count() >= 2
        && pair.detect_lang(&outside) == Some(article)
    {
        return None;
    }
    Some(info.lang())
}

/// Languages close enough to be confused with one another on a short line.
fn family(lang: Lang) -> Option<u8> {
    use Lang::*;
    match lang {
        Ita | Spa | Por | Fra | Cat | Ron | Lat => Some(1),
        Eng | Deu | Nld | Swe | Dan | Nob | Afr => Some(2),
        Rus | Ukr | Bel | Pol | Ces | Slk | Slv | Hrv | Srp | Bul | Mkd => Some(3),
        _ => None,
    }
}

fn outside_quotes(line: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    let mut straight = false;
    for c in line.chars() {
        match c {
            '“' | '«' | '„' => depth += 1,
            '”' | '»' => depth = depth.saturating_sub(1),
            '"' => straight = !straight,
            _ if depth == 0 && !straight => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests;
