//! What is refused before libyaml reads the text: flow nesting too deep, and YAML tags.

/// How deep `[`/`{` may nest. libyaml (under serde_yaml) takes time quadratic in
/// this depth, before serde_yaml's own recursion limit applies: 100 000 levels take
/// minutes. Real front-matter nests two or three levels.
pub(super) const MAX_FLOW_DEPTH: usize = 64;

/// The 1-based line and column where flow nesting passes [`MAX_FLOW_DEPTH`].
/// Quoted scalars and comments are skipped; brackets inside plain scalars count too,
/// which can only make the limit stricter for text no editor writes.
pub(super) fn too_deep(text: &str) -> Option<(usize, usize)> {
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

/// The first YAML tag (`!x`, `!!binary`, `!<...>`) that starts a value, as (line,
/// column, tag). serde_yaml drops most tags silently and reads `!!binary` or
/// `!!python/object:...` as the text after them. Quoted text, comments and block
/// scalars (`|`, `>`) are skipped; a `!` inside plain text is not a tag.
pub(super) fn find_tag(text: &str) -> Option<(usize, usize, String)> {
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
