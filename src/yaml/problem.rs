//! serde_yaml's errors as problems: placed at the file's line and column, with a hint.

use super::keys::find_key;
use super::strict;
use crate::diagnostics::{Problem, nearest};
use std::path::Path;

pub(super) fn to_problem(
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

/// libyaml's 1-based (line, column) turned into the editor's: YAML also breaks lines at
/// a lone `\r`, NEL (U+0085), LS and PS (U+2028, U+2029); editors and our own line
/// counts break only at `\n`.
pub(super) fn editor_position(text: &str, yaml_line: usize, yaml_col: usize) -> (usize, usize) {
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

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(&text[from..from + len])
}
