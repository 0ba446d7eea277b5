//! The one place that reads YAML: serde_yaml errors mapped to file lines and columns.

mod strict;

use crate::diagnostics::{Problem, nearest};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Parses `text`, which starts on line `first_line` (1-based) of `path`.
/// `known_fields` feeds the "did you mean" hint for an unknown field.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    path: &Path,
    first_line: usize,
    known_fields: &[&str],
) -> Result<T, Problem> {
    parse_seed(
        std::marker::PhantomData::<T>,
        text,
        path,
        first_line,
        known_fields,
    )
}

/// The first YAML tag (`!x`, `!!binary`, `!<...>`) that starts a value, as (line,
/// column, tag). serde_yaml drops most tags silently and reads `!!binary` or
/// `!!python/object:...` as the text after them. Quoted text, comments and block
/// scalars (`|`, `>`) are skipped; a `!` inside plain text is not a tag.
fn find_tag(text: &str) -> Option<(usize, usize, String)> {
    if !text.contains('!') {
        return None;
    }
    let mut quote: Option<char> = None;
    let mut depth = 0usize;
    // The indentation of the line that opened a block scalar, while inside it.
    let mut block: Option<usize> = None;
    for (n, line) in text.split('\n').enumerate() {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(open) = block {
            if line.trim().is_empty() || indent > open {
                continue;
            }
            block = None;
        }
        // The last character that matters on this line, outside quotes.
        let mut last: Option<char> = None;
        let mut previous = ' ';
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        for (i, &(_, c)) in chars.iter().enumerate() {
            match quote {
                Some('\'') if c == '\'' => quote = None,
                Some('"') if c == '"' && previous != '\\' => quote = None,
                Some(_) => {}
                None => match c {
                    '"' | '\'' => quote = Some(c),
                    '#' if previous == ' ' || previous == '\t' || i == 0 => break,
                    '[' | '{' => depth += 1,
                    ']' | '}' => depth = depth.saturating_sub(1),
                    '!' if starts_value(&line[..chars[i].0], last, previous, depth) => {
                        let tag: String = chars[i..]
                            .iter()
                            .map(|&(_, c)| c)
                            .take_while(|c| !c.is_whitespace() && !",]}".contains(*c))
                            .collect();
                        return Some((n + 1, i + 1, tag));
                    }
                    '|' | '>'
                        if matches!(last, None | Some(':' | '-' | '?')) && previous == ' ' =>
                    {
                        let rest: String = chars[i + 1..].iter().map(|&(_, c)| c).collect();
                        let rest = rest.split(" #").next().unwrap_or_default();
                        if rest
                            .trim()
                            .chars()
                            .all(|c| c.is_ascii_digit() || c == '-' || c == '+')
                        {
                            block = Some(indent);
                            break;
                        }
                    }
                    _ => {}
                },
            }
            if quote.is_none() && !c.is_whitespace() && c != '"' && c != '\'' {
                last = Some(c);
            }
            previous = c;
        }
    }
    None
}

/// Whether a `!` after `before` on its line, `last` (the last character there that
/// matters) and right after `previous` begins a value: at the start of a line, after
/// `key: `, after `- ` or `? ` that start the line, after `[`, `{` or `,` in brackets.
fn starts_value(before: &str, last: Option<char>, previous: char, depth: usize) -> bool {
    let spaced = previous == ' ' || previous == '\t';
    match last {
        None => true,
        Some(':') => spaced,
        Some('-' | '?') => spaced && before.chars().all(|c| matches!(c, '-' | '?' | ' ' | '\t')),
        Some('[' | '{' | ',') => depth > 0,
        _ => false,
    }
}

/// Like [`parse`], for a type whose deserialization needs outside knowledge (the
/// taxonomies a front-matter may name).
pub fn parse_seed<'de, S: serde::de::DeserializeSeed<'de>>(
    seed: S,
    text: &'de str,
    path: &Path,
    first_line: usize,
    known_fields: &[&str],
) -> Result<S::Value, Problem> {
    if let Some((line, col)) = too_deep(text) {
        return Err(Problem::new(
            path,
            format!("the YAML nests `[` and `{{` more than {MAX_FLOW_DEPTH} deep"),
        )
        .at(first_line + line - 1, col)
        .hint("write the values out flat; no front-matter or data file needs that depth"));
    }
    if let Some((line, col, tag)) = find_tag(text) {
        return Err(Problem::new(
            path,
            format!(
                "the YAML tag `{tag}` is not allowed: values here are text, numbers, lists and maps"
            ),
        )
        .at(first_line + line - 1, col)
        .hint("remove the tag, or put the value in quotes if the `!` belongs to the text"));
    }
    let deserializer = strict::Strict::new(serde_yaml::Deserializer::from_str(text));
    seed.deserialize(deserializer)
        .map_err(|err| to_problem(&err, text, path, first_line, known_fields))
}

/// The 1-based line and column of the key at `keys` (a path from the top level:
/// `["sections", "briefings", "slug", "it"]`), in block or flow style, or of the
/// deepest of its ancestors that is there: where an editor should look for a
/// problem found after parsing. `None` when not even the first key is there.
pub fn locate(text: &str, keys: &[&str]) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found: Option<(usize, usize)> = None;
    // Where the search for the next key starts: line, byte in it, and the indentation
    // of the block the key must be inside.
    let (mut line, mut from, mut parent_indent) = (0usize, 0usize, -1isize);
    for key in keys {
        // A flow mapping on the same line: `slug: { it: analisi, en: briefings }`.
        let mut hit = lines
            .get(line)
            .filter(|_| found.is_some())
            .and_then(|l| flow_key(&l[from..], key))
            .map(|at| (line, from + at, parent_indent));
        if hit.is_none() {
            let start = if found.is_some() { line + 1 } else { 0 };
            for (n, text_line) in lines.iter().enumerate().skip(start) {
                let trimmed = text_line.trim_start();
                if trimmed.is_empty() || trimmed.starts_with('#') {
                    continue;
                }
                let indent = (text_line.len() - trimmed.len()) as isize;
                if indent <= parent_indent {
                    break;
                }
                let item = trimmed.strip_prefix("- ").unwrap_or(trimmed);
                let offset = text_line.len() - item.len();
                if is_key(item, key) {
                    hit = Some((n, offset, indent));
                    break;
                }
            }
        }
        let Some((n, at, indent)) = hit else { break };
        found = Some((n + 1, column(lines[n], at)));
        (line, from, parent_indent) = (n, at + key.len(), indent);
    }
    found
}

/// Whether `text` starts with the mapping key `key` (bare or quoted).
fn is_key(text: &str, key: &str) -> bool {
    [key.to_string(), format!("\"{key}\""), format!("'{key}'")]
        .iter()
        .any(|k| {
            text.strip_prefix(k.as_str())
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
}

/// The byte offset of `key:` in a flow mapping inside `text`.
fn flow_key(text: &str, key: &str) -> Option<usize> {
    let mut search = 0;
    while let Some(i) = text[search..].find(key) {
        let at = search + i;
        let before = text[..at].trim_end().chars().last();
        if matches!(before, Some('{' | ',')) && is_key(&text[at..], key) {
            return Some(at);
        }
        search = at + key.len();
    }
    None
}

/// The 1-based column of byte `at` in `line`, counted in characters as editors do.
fn column(line: &str, at: usize) -> usize {
    line[..at.min(line.len())].chars().count() + 1
}

/// libyaml's 1-based (line, column) turned into the editor's: YAML also breaks lines at
/// a lone `\r`, NEL (U+0085), LS and PS (U+2028, U+2029); editors and our own line
/// counts break only at `\n`.
fn editor_position(text: &str, yaml_line: usize, yaml_col: usize) -> (usize, usize) {
    let (mut line, mut col) = (1, 1);
    let mut breaks = 1;
    let mut chars = text.chars().peekable();
    while breaks < yaml_line {
        let Some(c) = chars.next() else { break };
        match c {
            '\n' => (line, col, breaks) = (line + 1, 1, breaks + 1),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => (col, breaks) = (col + 1, breaks + 1),
            _ => col += 1,
        }
    }
    (line, col + yaml_col - 1)
}

/// How deep `[`/`{` may nest. libyaml (under serde_yaml) takes time quadratic in
/// this depth, before serde_yaml's own recursion limit applies: 100 000 levels take
/// minutes. Real front-matter nests two or three levels.
const MAX_FLOW_DEPTH: usize = 64;

/// The 1-based line and column where flow nesting passes [`MAX_FLOW_DEPTH`].
/// Quoted scalars and comments are skipped; brackets inside plain scalars count too,
/// which can only make the limit stricter for text no editor writes.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let (mut depth, mut line, mut col) = (0usize, 1usize, 0usize);
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut comment = false;
    let mut previous = '\n';
    for c in text.chars() {
        col += 1;
        if c == '\n' {
            (line, col, comment) = (line + 1, 0, false);
            if quote.is_none() {
                previous = c;
                continue;
            }
        }
        match quote {
            _ if comment => {}
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' => quote = Some(c),
                '#' if previous.is_whitespace() => comment = true,
                '[' | '{' => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Some((line, col));
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        previous = c;
    }
    None
}

fn to_problem(
    err: &serde_yaml::Error,
    text: &str,
    path: &Path,
    first_line: usize,
    known_fields: &[&str],
) -> Problem {
    let (line, col) = match err.location() {
        Some(loc) => {
            let (line, col) = editor_position(text, loc.line(), loc.column());
            (first_line + line - 1, col)
        }
        None => (first_line, 1),
    };
    // serde_yaml appends " at line X column Y" relative to the YAML block; we report our own.
    let raw = err.to_string();
    let message = match raw.find(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw,
    };
    if let Some((parent, key)) = message.split_once(strict::NULL_TEXT) {
        // Placed at its mapping by serde_yaml: find the field's own line from there.
        let parent = parent.trim_end_matches(": ");
        let field = match parent {
            "" | "." => key.to_string(),
            parent => format!("{parent}.{key}"),
        };
        let (line, col) = find_key(text, line - first_line + 1, key);
        return Problem::new(
            path,
            format!("`{field}` is empty (null), but it must be text"),
        )
        .at(first_line + line - 1, col)
        .hint("write the text; put it in quotes if it really is `~` or `null`");
    }
    let problem = Problem::new(path, message.clone()).at(line, col);
    if let Some(field) = between(&message, "unknown field `", "`") {
        return problem.hint(unknown_field_hint(&message, field, known_fields));
    }
    if let Some((parent, rest)) = message.split_once(": missing field `")
        && let Some(field) = rest.split('`').next()
    {
        // Inside a mapping (`image: {src: ...}` without `alt`): name both.
        return problem.hint(format!("add `{field}:` to `{parent}`"));
    }
    if message.starts_with("missing field") {
        let file = path.file_name().unwrap_or_default().to_string_lossy();
        return problem.hint(if file.ends_with(".md") {
            "add it to the front-matter".to_string()
        } else {
            format!("add it to {file}")
        });
    }
    if message.contains("recursion limit") || message.contains("repetition limit") {
        return problem.hint("the YAML nests or repeats aliases too deeply; write the values out");
    }
    // A check of our own (a bar value, say) says what to do after `; `.
    if let Some((what, hint)) = message.split_once("; ") {
        return Problem::new(path, what).at(line, col).hint(hint);
    }
    problem.hint("check the YAML syntax (indentation, quotes around text with `:` or `#`)")
}

/// What to do about the unknown `field` serde's `message` names: the nearest field it
/// expects there, or the list of them.
fn unknown_field_hint(message: &str, field: &str, known_fields: &[&str]) -> String {
    // In a nested map (`parity: {nubmers: ...}`) serde names the fields it expects.
    // serde writes "expected `a`", "expected `a` or `b`", "expected one of `a`, `b`, `c`".
    let expected: Vec<&str> = message
        .split_once("`, expected ")
        .map(|(_, list)| list.trim_start_matches("one of "))
        .filter(|list| list.starts_with('`'))
        .map(|list| {
            list.split(['`', ','])
                .map(str::trim)
                .filter(|f| !f.is_empty() && *f != "or")
                .collect()
        })
        .unwrap_or_default();
    let known: Vec<&str> = if expected.is_empty() {
        known_fields.to_vec()
    } else {
        expected
    };
    match nearest(field, known.iter().copied()) {
        Some(k) => format!("did you mean `{k}`?"),
        None => format!("known fields: {}", known.join(", ")),
    }
}

/// The (line, column) of the value of `key` at or after `from_line` (1-based, in the
/// YAML text): where an editor would write the missing text.
fn find_key(text: &str, from_line: usize, key: &str) -> (usize, usize) {
    if key.is_empty() {
        return (from_line.max(1), 1);
    }
    for (n, line) in text
        .split('\n')
        .enumerate()
        .skip(from_line.saturating_sub(1))
    {
        let mut search = 0;
        while let Some(i) = line
            .get(search..)
            .and_then(|rest| rest.find(key))
            .map(|i| i + search)
        {
            let before = line[..i].trim_end();
            let after = line[i + key.len()..].trim_start_matches([' ', '\t', '"', '\'']);
            let starts = before.is_empty() || before.ends_with(['-', '{', ',', '"', '\'']);
            if starts && after.starts_with(':') {
                let value = after[1..].trim_start();
                let at = line.len() - value.len();
                return (n + 1, line[..at].chars().count() + 1);
            }
            search = i + key.len();
        }
    }
    (from_line.max(1), 1)
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(&text[from..from + len])
}

#[cfg(test)]
mod tests {
    use super::*;

    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        date: String,
    }

    #[test]
    fn lines_are_counted_at_newlines_only_as_editors_do() {
        assert_eq!(editor_position("a\nb\nc", 3, 1), (3, 1));
        assert_eq!(editor_position("a\r\nb\r\nc", 3, 2), (3, 2));
        // `x` + NEL + `y: [`: libyaml puts the `[` on line 2, column 4.
        assert_eq!(editor_position("x\u{85}y: [\n", 2, 4), (1, 6));
        let err = parse::<Doc>("a: 1\r\u{2028}\r[\n", Path::new("a.md"), 2, &[]).unwrap_err();
        assert_eq!(err.line, 2, "{err}");
    }

    #[test]
    fn unknown_field_points_at_its_line_with_a_suggestion() {
        let err = parse::<Doc>(
            "title: a\ntitel: b\ndate: x\n",
            Path::new("a.md"),
            2,
            &["title", "date"],
        )
        .unwrap_err();
        assert_eq!((err.line, err.col), (3, 1));
        assert!(
            err.message.contains("unknown field `titel`"),
            "{}",
            err.message
        );
        assert_eq!(err.hint, "did you mean `title`?");
    }

    #[test]
    fn a_nested_unknown_field_is_matched_against_its_own_fields() {
        #[derive(Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Inner {
            numbers: Vec<u32>,
        }
        #[derive(Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Outer {
            parity: Inner,
        }
        let err = parse::<Outer>(
            "parity: { nubmers: [1] }\n",
            Path::new("a.md"),
            2,
            &["parity"],
        )
        .unwrap_err();
        assert_eq!(err.hint, "did you mean `numbers`?", "{err}");
    }

    #[test]
    fn syntax_error_is_located() {
        let err =
            parse::<Doc>("title: a\ndate: [unclosed\n", Path::new("a.md"), 1, &[]).unwrap_err();
        assert!(err.line >= 2, "{err}");
    }

    #[test]
    fn deep_flow_nesting_is_refused_before_libyaml_sees_it() {
        let deep = format!(
            "a: b\ntitle: {}x{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let started = std::time::Instant::now();
        let err = parse::<serde_yaml::Value>(&deep, Path::new("x.md"), 2, &[]).unwrap_err();
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "a guard against a hang, not a benchmark"
        );
        assert_eq!((err.line, err.col), (3, 8 + MAX_FLOW_DEPTH), "{err}");
        // Brackets in quotes and comments do not count; normal nesting passes.
        let quoted = format!(
            "a: \"{}\"  # {}\nb: [[1, {{c: [2]}}]]\n",
            "[".repeat(100),
            "{".repeat(100)
        );
        assert!(parse::<serde_yaml::Value>(&quoted, Path::new("x.md"), 1, &[]).is_ok());
    }

    #[test]
    fn an_empty_or_multibyte_key_is_searched_without_slicing_past_a_line() {
        // Found by proptest in CI: `- &a]` once made the search slice past the line's end.
        assert_eq!(find_key("charts: \n- &a]\n", 2, ""), (2, 1));
        assert_eq!(find_key("é: x\nkey: 1\n", 1, "key"), (2, 6));
        assert_eq!(find_key("a: b\n", 1, "ab"), (1, 1));
    }

    #[test]
    fn an_empty_key_is_searched_without_slicing_a_character() {
        assert_eq!(find_key("é: 1\nàb", 1, ""), (1, 1));
        assert_eq!(find_key("àé", 1, ""), (1, 1));
    }

    #[test]
    fn keys_are_located_in_block_and_flow_style() {
        let text = "a: 1\nsections:\n  briefings:\n    slug: { it: analisi, en: briefings }\n  pages:\n    slug:\n      it: pagine\nlanguages:\n  - it: x\n";
        assert_eq!(locate(text, &["sections"]), Some((2, 1)));
        assert_eq!(
            locate(text, &["sections", "briefings", "slug", "en"]),
            Some((4, 26))
        );
        assert_eq!(
            locate(text, &["sections", "pages", "slug", "it"]),
            Some((7, 7))
        );
        // The deepest ancestor when the key is not there; none for an absent top key.
        assert_eq!(locate(text, &["sections", "pages", "name"]), Some((5, 3)));
        assert_eq!(locate(text, &["languages", "it"]), Some((9, 5)));
        assert_eq!(locate(text, &["nope"]), None);
        // A key of another block is not taken for this one's.
        assert_eq!(locate(text, &["sections", "a"]), Some((2, 1)));
    }

    #[test]
    fn billion_laughs_is_refused_quickly() {
        let mut doc = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 0..9 {
            let prev = (b'a' + i) as char;
            let next = (b'a' + i + 1) as char;
            doc.push_str(&format!("{next}: &{next} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let err = parse::<serde_yaml::Value>(&doc, Path::new("x.yaml"), 1, &[]).unwrap_err();
        assert!(err.message.contains("limit"), "{err}");
    }

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Page {
        title: String,
        slug: Option<String>,
        event: Option<Inner>,
        names: Option<std::collections::BTreeMap<String, String>>,
    }

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Inner {
        name: String,
    }

    #[test]
    fn null_is_refused_where_text_is_needed_and_placed_at_its_field() {
        let path = Path::new("a.md");
        for (yaml, line, col, field) in [
            ("title: ~\n", 2, 8, "title"),
            ("title: null\n", 2, 8, "title"),
            ("slug: x\ntitle:\n", 3, 7, "title"),
            ("title: t\nevent:\n  name: ~\n", 4, 9, "event.name"),
            ("title: t\nevent: {name: NULL}\n", 3, 15, "event.name"),
            ("title: t\nnames: {it: ~, en: x}\n", 3, 13, "names.it"),
        ] {
            let err = parse::<Page>(yaml, path, 2, &[]).unwrap_err();
            assert_eq!((err.line, err.col), (line, col), "{yaml}: {err}");
            assert!(
                err.message.contains(&format!("`{field}` is empty (null)")),
                "{err}"
            );
        }
        // Null where a value may be absent, and text that only looks like null, pass.
        let page = parse::<Page>("title: \"~\"\nslug: ~\nevent: null\n", path, 1, &[]).unwrap();
        assert_eq!((page.title.as_str(), page.slug), ("~", None));
        let page = parse::<Page>("title: 1.10\n", path, 1, &[]).unwrap();
        assert_eq!(page.title, "1.10", "numbers stay as written");
    }

    #[test]
    fn tags_are_refused_where_they_start_a_value() {
        let path = Path::new("a.md");
        for (yaml, line, col, tag) in [
            ("title: !!binary aGVsbG8=\n", 2, 8, "!!binary"),
            (
                "title: t\nslug: !!python/object:os.system x\n",
                3,
                7,
                "!!python/object:os.system",
            ),
            ("title: t\nnames: [a, !x b]\n", 3, 12, "!x"),
            ("title: t\nlist:\n  - !<tag:x> y\n", 4, 5, "!<tag:x>"),
        ] {
            let err = parse::<serde_yaml::Value>(yaml, path, 2, &[]).unwrap_err();
            assert_eq!((err.line, err.col), (line, col), "{yaml}: {err}");
            assert!(err.message.contains(&format!("`{tag}`")), "{err}");
        }
        for fine in [
            "title: Wow! A title\n",
            "title: \"!!binary\"\n",
            "title: '!x'\n",
            "title: a # !comment\n",
            "summary: |\n  !Not a tag\n  text\ntitle: t\n",
            "summary: >-\n  ! still text\n",
            "title: a, !b\n",
            "title: a - !b\n",
        ] {
            assert!(
                parse::<serde_yaml::Value>(fine, path, 1, &[]).is_ok(),
                "{fine}"
            );
        }
    }
}
