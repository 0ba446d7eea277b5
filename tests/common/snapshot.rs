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

/// Whether BRIEFING_BLESS=1 asks to write expected outputs instead of comparing.
pub fn blessing() -> bool {
    std::env::var("BRIEFING_BLESS").is_ok_and(|v| v == "1")
}

/// Compares `actual` with tests/snapshots/NAME: `Err` holds the file's name and a diff.
/// With `BRIEFING_BLESS=1`, writes `actual` there instead.
pub fn check_snapshot(name: &str, actual: &str) -> Result<(), String> {
    let path = snapshot_dir().join(name);
    if blessing() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, actual).unwrap();
        eprintln!("blessed {}", path.display());
        return Ok(());
    }
    let expected = fs::read_to_string(&path).map_err(|e| {
        format!(
            "{}: {e}; write it with BRIEFING_BLESS=1 cargo test --test snapshots",
            path.display()
        )
    })?;
    if expected == actual {
        return Ok(());
    }
    Err(format!(
        "{} differs from the build (- expected, + actual):\n{}",
        path.display(),
        diff(&expected, actual)
    ))
}

/// [`check_snapshot`], failing the test on a difference.
#[track_caller]
pub fn assert_snapshot(name: &str, actual: &str) {
    if let Err(problem) = check_snapshot(name, actual) {
        panic!(
            "{problem}\nIf the change is intended: BRIEFING_BLESS=1 cargo test --test snapshots"
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
    if !element.has_children() {
        out.push_str(&format!("{indent}<{}{attrs}/>\n", value.name()));
        return;
    }
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

const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// An XML element pretty-printed like [`pretty`]; the text of an element with
/// `type="html"` (an Atom `<content>` or `<summary>`) is parsed and shown as HTML.
pub fn pretty_xml(node: roxmltree::Node) -> String {
    let mut out = String::new();
    write_xml(node, 0, &mut out);
    out
}

fn write_xml(node: roxmltree::Node, depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth);
    let name = node.tag_name().name();
    let mut attrs: Vec<(String, &str)> = node
        .attributes()
        .map(|a| match a.namespace() {
            Some(XML_NAMESPACE) => (format!("xml:{}", a.name()), a.value()),
            _ => (a.name().to_owned(), a.value()),
        })
        .collect();
    attrs.sort();
    let attrs: String = attrs
        .iter()
        .map(|(k, v)| format!(" {k}=\"{}\"", collapse(v)))
        .collect();
    if !node.has_children() {
        out.push_str(&format!("{indent}<{name}{attrs}/>\n"));
        return;
    }
    out.push_str(&format!("{indent}<{name}{attrs}>\n"));
    if node.attribute("type") == Some("html") {
        let html = Html::parse_fragment(node.text().unwrap_or_default());
        for child in html.root_element().children().filter_map(ElementRef::wrap) {
            write_node(child, depth + 1, out);
        }
    } else {
        for child in node.children() {
            if child.is_element() {
                write_xml(child, depth + 1, out);
            } else if let Some(text) = child.text().map(collapse).filter(|t| !t.is_empty()) {
                out.push_str(&format!("{indent}  {text}\n"));
            }
        }
    }
    out.push_str(&format!("{indent}</{name}>\n"));
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
        } else if i < old.len() && (j == new.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            lines.push(('-', old[i]));
            i += 1;
        } else {
            lines.push(('+', new[j]));
            j += 1;
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
