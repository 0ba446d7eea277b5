//! The kept lines shaped into the body: headings and paragraphs, and the summary taken
//! from the standfirst or the first sentences.

use super::{Block, State, SummaryFrom};

/// Groups kept lines into headings and paragraphs. Blank and removed lines separate
/// groups; inside a group, a line ending a sentence ends a paragraph unless the group
/// is hard-wrapped text.
pub(super) fn blocks(lines: &[&str], state: &[State], from: usize) -> Vec<Block> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    for (i, s) in state.iter().enumerate().skip(from) {
        if *s == State::Keep {
            current.push(i);
        } else if !current.is_empty() {
            groups.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        groups.push(current);
    }
    let mut blocks = Vec::new();
    for group in groups {
        let mut rest: &[usize] = &group;
        if is_heading(lines[rest[0]])
            && rest.get(1).is_none_or(|&next| {
                lines[next]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic())
            })
        {
            blocks.push(Block::Heading(rest[0] + 1, lines[rest[0]].to_string()));
            rest = &rest[1..];
        }
        if rest.is_empty() {
            continue;
        }
        // Hard-wrapped: short lines that mostly stop mid-sentence.
        let inner = &rest[..rest.len() - 1];
        let wrapped = !inner.is_empty()
            && inner.iter().all(|&i| lines[i].chars().count() <= 100)
            && inner.iter().filter(|&&i| !ends_sentence(lines[i])).count() * 2 > inner.len();
        let mut paragraph = Vec::new();
        for &i in rest {
            paragraph.push((i + 1, lines[i].to_string()));
            if !wrapped && ends_sentence(lines[i]) {
                blocks.push(Block::Paragraph(std::mem::take(&mut paragraph)));
            }
        }
        if !paragraph.is_empty() {
            blocks.push(Block::Paragraph(paragraph));
        }
    }
    blocks
}

pub(super) fn ends_sentence(line: &str) -> bool {
    let end = line.trim_end_matches(['"', '”', '»', '\'', '’', ')']);
    end.ends_with(['.', '!', '?', '…', ':', ';'])
}

/// A short line without a final full stop, as sub-headings are written in plain text.
pub(super) fn is_heading(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let starts_list = line.starts_with(['-', '*', '•', '+', '>', '#', '|'])
        || line
            .split_once(['.', ')'])
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    line.chars().count() <= 90
        && (1..=12).contains(&words)
        && line.chars().any(char::is_alphabetic)
        && !starts_list
        && !line.ends_with(['.', '!', '?', '…', ':', ';', ',', '"', '”', '»', ')'])
}

/// The standfirst when the first block is a short paragraph followed by more text;
/// otherwise the first sentences of the first paragraph (copied); otherwise the title.
pub(super) fn summary(blocks: &mut Vec<Block>, title: &str) -> (String, SummaryFrom) {
    let paragraphs = blocks
        .iter()
        .filter(|b| matches!(b, Block::Paragraph(_)))
        .count();
    if let Some(Block::Paragraph(lines)) = blocks.first() {
        let text = join(lines);
        if paragraphs >= 2 && text.chars().count() <= 400 && sentences(&text).len() <= 3 {
            let numbers = lines.iter().map(|(l, _)| *l).collect();
            blocks.remove(0);
            return (text, SummaryFrom::Standfirst(numbers));
        }
    }
    for block in blocks.iter() {
        if let Block::Paragraph(lines) = block {
            let text = join(lines);
            let mut summary = String::new();
            for sentence in sentences(&text) {
                if !summary.is_empty() && summary.chars().count() + sentence.chars().count() > 300 {
                    break;
                }
                if !summary.is_empty() {
                    summary.push(' ');
                }
                summary.push_str(sentence);
            }
            return (summary, SummaryFrom::FirstSentences(lines[0].0));
        }
    }
    (title.to_string(), SummaryFrom::Title)
}

fn join(lines: &[(usize, String)]) -> String {
    lines
        .iter()
        .map(|(_, t)| t.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Sentences of `text`: split after `.`, `!`, `?` followed by a space and a capital.
pub(super) fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for w in chars.windows(3) {
        let [(_, a), (_, b), (k, c)] = [w[0], w[1], w[2]];
        if ".!?".contains(a) && b == ' ' && (c.is_uppercase() || "\"“«".contains(c)) {
            out.push(text[start..k].trim());
            start = k;
        }
    }
    if start < text.len() {
        out.push(text[start..].trim());
    }
    out.retain(|s| !s.is_empty());
    out
}
