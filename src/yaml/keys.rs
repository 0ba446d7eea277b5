//! Where a key sits in YAML text: the line and column an editor should look at.

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

/// The (line, column) of the value of `key` at or after `from_line` (1-based, in the
/// YAML text): where an editor would write the missing text.
pub(super) fn find_key(text: &str, from_line: usize, key: &str) -> (usize, usize) {
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
