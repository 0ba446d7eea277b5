//! The one place that reads YAML: serde_yaml errors mapped to file lines and columns.

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
    if let Some((line, col)) = too_deep(text) {
        return Err(Problem::new(
            path,
            format!("the YAML nests `[` and `{{` more than {MAX_FLOW_DEPTH} deep"),
        )
        .at(first_line + line - 1, col)
        .hint("write the values out flat; no front-matter or data file needs that depth"));
    }
    serde_yaml::from_str(text).map_err(|err| to_problem(&err, text, path, first_line, known_fields))
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
    let problem = Problem::new(path, message.clone()).at(line, col);
    if let Some(field) = between(&message, "unknown field `", "`") {
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
        let hint = match nearest(field, known.iter().copied()) {
            Some(k) => format!("did you mean `{k}`?"),
            None => format!("known fields: {}", known.join(", ")),
        };
        return problem.hint(hint);
    }
    if message.starts_with("missing field") {
        return problem.hint("add it to the front-matter");
    }
    if message.contains("recursion limit") || message.contains("repetition limit") {
        return problem.hint("the YAML nests or repeats aliases too deeply; write the values out");
    }
    problem.hint("check the YAML syntax (indentation, quotes around text with `:` or `#`)")
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
}
