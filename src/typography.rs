//! Smart punctuation for front-matter text (titles, summaries, events, figures,
//! sources): the curly apostrophes the Markdown body gets, and quotation marks in the
//! page language's style.
//!
//! The body goes through pulldown-cmark's smart punctuation; front-matter text is plain
//! text, so this does the same for it: `'` becomes ’ (or ‘ where a quotation opens),
//! `"` becomes the language's double quotes, `...` an ellipsis, `--` an en dash and
//! `---` an em dash. Text that is already typographic is left as it is.

use crate::content::frontmatter::Meta;

/// A language's quotation marks: double (open, close), single (open, close).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Quotes {
    pub double: (char, char),
    pub single: (char, char),
}

/// The quotation marks of `lang` (a BCP 47 tag; its first subtag decides), from a small
/// table of common usage: guillemets for Italian, French, Spanish, Portuguese, Russian,
/// Ukrainian and Greek; „“ for German and other central European languages; “” for
/// English and every language not listed.
pub(crate) fn quotes(lang: &str) -> Quotes {
    let primary = lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match primary.as_str() {
        "it" | "fr" | "es" | "pt" | "ru" | "uk" | "el" | "ca" => Quotes {
            double: ('«', '»'),
            single: ('‘', '’'),
        },
        "de" | "cs" | "sk" | "sl" | "hr" | "bg" | "lt" | "et" | "pl" | "ro" | "hu" => Quotes {
            double: ('„', '“'),
            single: ('‚', '‘'),
        },
        _ => Quotes {
            double: ('“', '”'),
            single: ('‘', '’'),
        },
    }
}

/// `text` with smart punctuation in the style of `lang`.
pub(crate) fn smart(text: &str, lang: &str) -> String {
    if !text.contains(['\'', '"', '.', '-']) {
        return text.to_owned();
    }
    let marks = quotes(lang);
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let before = i.checked_sub(1).map(|k| chars[k]);
        let after = chars.get(i + 1).copied();
        match c {
            '.' if chars[i..].starts_with(&['.', '.', '.']) => {
                out.push('…');
                i += 3;
                continue;
            }
            '-' if chars[i..].starts_with(&['-', '-', '-']) => {
                out.push('—');
                i += 3;
                continue;
            }
            '-' if after == Some('-') => {
                out.push('–');
                i += 2;
                continue;
            }
            '\'' => out.push(if opens(before, after) {
                marks.single.0
            } else {
                '’'
            }),
            '"' => out.push(if opens(before, after) {
                marks.double.0
            } else {
                marks.double.1
            }),
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// A quote mark opens when nothing, a space or an opening bracket or dash is before it,
/// and something that is not a space follows. Elsewhere it closes (or is an apostrophe:
/// `l'Asia`, `Xi'an`, `1990's`).
fn opens(before: Option<char>, after: Option<char>) -> bool {
    let open_side = before.is_none_or(|b| b.is_whitespace() || "([{–—-/".contains(b));
    open_side && after.is_some_and(|a| !a.is_whitespace())
}

/// Smart punctuation on every text of `meta` that pages show, in the style of `lang`.
pub(crate) fn smarten(meta: &mut Meta, lang: &str) {
    let fix = |text: &mut String| *text = smart(text, lang);
    fix(&mut meta.title);
    fix(&mut meta.summary);
    if let Some(event) = &mut meta.event {
        fix(&mut event.name);
        fix(&mut event.place);
    }
    for figure in &mut meta.figures {
        fix(&mut figure.label);
        fix(&mut figure.value);
        if let Some(source) = &mut figure.source {
            fix(source);
        }
    }
    for source in &mut meta.sources {
        fix(&mut source.name);
        if let Some(note) = &mut source.note {
            fix(note);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apostrophes_curl_like_the_body() {
        assert_eq!(
            smart("l'interscambio dell'Asia", "it"),
            "l’interscambio dell’Asia"
        );
        assert_eq!(smart("China's trade, Xi'an", "en"), "China’s trade, Xi’an");
    }

    #[test]
    fn quotes_follow_the_page_language() {
        assert_eq!(
            smart(r#"la fonte dice "oltre 94,8""#, "it"),
            "la fonte dice «oltre 94,8»"
        );
        assert_eq!(
            smart(r#"the source says "over 94.8""#, "en-GB"),
            "the source says “over 94.8”"
        );
        assert_eq!(smart(r#"("quoted")"#, "de"), "(„quoted“)");
        assert_eq!(smart("a 'word' here", "en"), "a ‘word’ here");
    }

    #[test]
    fn dashes_and_ellipses_and_typographic_text_untouched() {
        assert_eq!(
            smart("wait... 1990--2000 --- done", "en"),
            "wait… 1990–2000 — done"
        );
        assert_eq!(smart("già «così» – l’altro", "it"), "già «così» – l’altro");
        assert_eq!(smart("Cina–Asia centrale", "it"), "Cina–Asia centrale");
        assert_eq!(smart("", "it"), "");
    }
}
