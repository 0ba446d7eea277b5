//! Lines written in another language than the article, judged only when the
//! detector is sure.

use whatlang::{Detector, Lang};

/// The language of `line` when it is confidently one other than `article`'s.
/// Short lines are never judged: trigram statistics on a few words are guesswork.
pub(in crate::import) fn other_language(line: &str, article: Lang) -> Option<Lang> {
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
