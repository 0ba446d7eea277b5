//! Expected-output files: a part of a built page, normalised so that only a change a
//! reader could see shows, compared with a file under tests/snapshots/. A difference
//! fails with a line diff; `BRIEFING_BLESS=1 cargo test --test snapshots` writes the
//! new output instead, to be reviewed in `git diff` and committed.

use std::fs;
use std::path::PathBuf;

use scraper::{ElementRef, Html, Node, Selector};

/// Where the expected outputs live.
pub fn snapshot_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots")
}

/// Fails unless `actual` equals tests/snapshots/NAME, printing a diff; with
/// `BRIEFING_BLESS=1` writes `actual` there instead.
#[track_caller]
pub fn assert_snapshot(name: &str, actual: &str) {
    let path = snapshot_dir().join(name);
    if std::env::var("BRIEFING_BLESS").is_ok_and(|v| v == "1") {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, actual).unwrap();
        eprintln!("blessed {}", path.display());
        return;
    }
    let expected = fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; write it with BRIEFING_BLESS=1 cargo test --test snapshots",
            path.display()
        )
    });
    if expected != actual {
        panic!(
            "{} differs from the build (- expected, + actual):\n{}\n\
             If the change is intended: BRIEFING_BLESS=1 cargo test --test snapshots",
            path.display(),
            diff(&expected, actual)
        );
    }
}

/// The element `css` of the page `html`, pretty-printed by [`pretty`]; fails if the page
/// has none.
#[track_caller]
pub fn fragment(html: &str, css: &str) -> String {
    let doc = Html::parse_document(html);
    let selector = Selector::parse(css).unwrap();
    let element = doc
        .select(&selector)
        .next()
        .unwrap_or_else(|| panic!("no `{css}` in the page"));
    pretty(element)
}

/// One tag or one run of text a line, indented by depth, attributes sorted, runs of
/// white space collapsed: stable against formatting, sensitive to any visible change.
pub fn pretty(element: ElementRef) -> String {
    let mut out = String::new();
    write_node(element, 0, &mut out);
    out
}

fn write_node(element: ElementRef, depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth);
    let value = element.value();
    let mut attrs: Vec<(&str, &str)> = value.attrs().collect();
    attrs.sort();
    let attrs: String = attrs
        .iter()
        .map(|(k, v)| format!(" {k}=\"{}\"", collapse(v)))
        .collect();
    out.push_str(&format!("{indent}<{}{attrs}>\n", value.name()));
    for child in element.children() {
        match child.value() {
            Node::Text(text) => {
                let text = collapse(text);
                if !text.is_empty() {
                    out.push_str(&format!("{indent}  {text}\n"));
                }
            }
            Node::Element(_) => write_node(ElementRef::wrap(child).unwrap(), depth + 1, out),
            Node::Comment(comment) => out.push_str(&format!("{indent}  <!--{}-->\n", &**comment)),
            _ => {}
        }
    }
    out.push_str(&format!("{indent}</{}>\n", value.name()));
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A line diff of `expected` and `actual` (longest common subsequence), with two lines
/// of context around each change and `…` where unchanged lines are left out.
pub fn diff(expected: &str, actual: &str) -> String {
    let old: Vec<&str> = expected.lines().collect();
    let new: Vec<&str> = actual.lines().collect();
    // lcs[i][j]: the longest common subsequence of old[i..] and new[j..].
    let mut lcs = vec![vec![0u32; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            lcs[i][j] = if old[i] == new[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut lines = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            lines.push((' ', old[i]));
            (i, j) = (i + 1, j + 1);
        } else if j < new.len() && (i == old.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            lines.push(('+', new[j]));
            j += 1;
        } else {
            lines.push(('-', old[i]));
            i += 1;
        }
    }
    let near_change = |k: usize| {
        let from = k.saturating_sub(2);
        lines[from..(k + 3).min(lines.len())]
            .iter()
            .any(|(mark, _)| *mark != ' ')
    };
    let mut out = String::new();
    let mut skipped = false;
    for (k, (mark, line)) in lines.iter().enumerate() {
        if near_change(k) {
            out.push_str(&format!("{mark} {line}\n"));
            skipped = false;
        } else if !skipped {
            out.push_str("  …\n");
            skipped = true;
        }
    }
    out
}
