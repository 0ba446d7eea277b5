//! Sources named in running text: `riporta ots.at`, `come Xinhua riportato`, and lines
//! that say nothing but where the article comes from.

use super::lower;

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

pub(super) fn only_attribution(line: &str, name: &str) -> bool {
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
pub(in crate::import) fn attributions(line: &str) -> Vec<String> {
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
