//! Recognises scraping noise line by line: boilerplate, photo credits, attributions,
//! and lines written in another language than the article.

mod attribution;
mod language;

pub(super) use attribution::attributions;
pub(super) use language::other_language;

use super::dates;
use attribution::only_attribution;

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

#[cfg(test)]
mod tests;
