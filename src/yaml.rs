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
    serde_yaml::from_str(text).map_err(|err| to_problem(&err, path, first_line, known_fields))
}

fn to_problem(
    err: &serde_yaml::Error,
    path: &Path,
    first_line: usize,
    known_fields: &[&str],
) -> Problem {
    let (line, col) = match err.location() {
        Some(loc) => (first_line + loc.line() - 1, loc.column()),
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
        let hint = match nearest(field, known_fields.iter().copied()) {
            Some(known) => format!("did you mean `{known}`?"),
            None => format!("known fields: {}", known_fields.join(", ")),
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
    fn syntax_error_is_located() {
        let err =
            parse::<Doc>("title: a\ndate: [unclosed\n", Path::new("a.md"), 1, &[]).unwrap_err();
        assert!(err.line >= 2, "{err}");
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
