//! The `---` fences: front-matter text and body apart, and where a key sits in the text.

use crate::diagnostics::Problem;
use std::path::Path;

/// The front-matter text, the file line it starts on, and the body after it.
pub struct Split<'a> {
    pub yaml: &'a str,
    pub yaml_line: usize,
    pub body: &'a str,
    pub body_line: usize,
}

/// Splits `text` (BOM already removed) at its `---` fences.
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Problem> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(
            Problem::new(path, "the file does not start with `---` front-matter")
                .at(1, 1)
                .hint("put `---`, then `title:`, `date:`, `summary:`, then `---` at the top"),
        );
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    for (line, raw_line) in (2..).zip(text[yaml_start..].split_inclusive('\n')) {
        if raw_line.trim_end() == "---" {
            let body_start = offset + raw_line.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset += raw_line.len();
    }
    Err(Problem::new(path, "the front-matter is never closed")
        .at(1, 1)
        .hint("add a line with `---` after the last field"))
}

/// The 1-based file line of a top-level `key:` in the front-matter.
pub(super) fn key_line(split: &Split, key: &str) -> usize {
    split
        .yaml
        .lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.starts_with(':'))
        })
        .map_or(split.yaml_line, |i| split.yaml_line + i)
}

/// The 1-based file line and column of the value of `field` inside the mapping of the
/// top-level `key` (`image: { src: a.jpg }` or `src:` on a line of its own below it).
pub(super) fn nested_position(split: &Split, key: &str, field: &str) -> (usize, usize) {
    let start = key_line(split, key);
    let needle = format!("{field}:");
    for (n, line) in split.yaml.lines().enumerate().skip(start - split.yaml_line) {
        if n > start - split.yaml_line && !line.starts_with([' ', '\t']) {
            break;
        }
        if let Some(at) = line.find(&needle) {
            let after = &line[at + needle.len()..];
            let value = at + needle.len() + (after.len() - after.trim_start().len());
            return (split.yaml_line + n, line[..value].chars().count() + 1);
        }
    }
    (start, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_fences_and_counts_lines() {
        let text = "---\ntitle: a\n---\nbody\n";
        let s = split(text, Path::new("a.md")).unwrap();
        assert_eq!(s.yaml, "title: a\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn crlf_fences_split_too() {
        let text = "---\r\ntitle: a\r\n---\r\nbody\r\n";
        let s = split(text, Path::new("a.md")).unwrap();
        assert_eq!(s.yaml, "title: a\r\n");
        assert_eq!(s.body, "body\r\n");
    }

    #[test]
    fn nested_values_are_located_in_block_and_flow_style() {
        let text = "---\ntitle: a\nimage:\n  alt: x\n  src:  \"p.jpg\"\nsrc: no\n---\n";
        let s = split(text, Path::new("a.md")).unwrap();
        assert_eq!(nested_position(&s, "image", "src"), (5, 9));
        let text = "---\nimage: { src: p.jpg, alt: x }\n---\n";
        let s = split(text, Path::new("a.md")).unwrap();
        assert_eq!(nested_position(&s, "image", "alt"), (2, 27));
        // Not below `image:` at all: its own line.
        assert_eq!(nested_position(&s, "image", "credit"), (2, 1));
    }

    #[test]
    fn unclosed_and_missing_front_matter_are_located() {
        let err = split("---\ntitle: a\n", Path::new("a.md")).err().unwrap();
        assert!(err.message.contains("never closed"));
        let err = split("title: a\n", Path::new("a.md")).err().unwrap();
        assert_eq!((err.line, err.col), (1, 1));
        assert!(split("", Path::new("a.md")).is_err());
    }
}
