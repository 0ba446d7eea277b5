//! Word folding: the one way build and `static/search.js` turn text into search terms.

use super::MAX_WORD_CHARS;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Calls `out` with every character of `text` folded: lowercase, compatibility
/// decomposition, combining marks dropped. `static/search.js` folds the same way.
fn fold_chars(text: &str, mut out: impl FnMut(char)) {
    for c in text.chars() {
        if c.is_ascii() {
            out(c.to_ascii_lowercase());
            continue;
        }
        for lower in c.to_lowercase() {
            decompose_compatible(lower, |d| {
                // A decomposition can be uppercase again (U+1D400 is `A`): lower it too.
                if !is_combining_mark(d) {
                    d.to_lowercase().for_each(&mut out);
                }
            });
        }
    }
}

/// `text` folded for comparison: `Città` -> `citta`, `ﬁne` -> `fine`.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_chars(text, |c| out.push(c));
    out
}

/// Appends `text` folded to `out`, with a space for every character that cannot be
/// part of a word, so words are what `split(' ')` leaves that is not empty.
pub(super) fn fold_words_into(text: &str, out: &mut String) {
    fold_chars(text, |c| {
        out.push(if c.is_alphanumeric() { c } else { ' ' })
    });
}

/// A word is a run of alphanumeric characters, at most `MAX_WORD_CHARS` long.
pub(super) fn is_word(w: &str) -> bool {
    !w.is_empty() && (w.len() <= MAX_WORD_CHARS || w.chars().count() <= MAX_WORD_CHARS)
}

/// Calls `f` with each folded word of `text`, in order, repeats included.
pub fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    let mut folded = String::with_capacity(text.len());
    fold_words_into(text, &mut folded);
    folded.split(' ').filter(|w| is_word(w)).for_each(&mut f);
}

/// The folded words of `text`, in order.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |w| out.push(w.to_string()));
    out
}
