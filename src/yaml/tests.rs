//! Tests of the YAML reader: error places and hints, nulls, tags, nesting and alias limits.

use super::keys::find_key;
use super::problem::editor_position;
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
    let err = parse::<Doc>("title: a\ndate: [unclosed\n", Path::new("a.md"), 1, &[]).unwrap_err();
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
