//! Unit tests of the search index: folding, postings, the files.

use super::encode::{DIGITS, encode_postings};
use super::script::SHARD_BYTES;
use super::*;

/// The decoder of `static/search.js`, in Rust.
fn decode_postings(text: &str, n: usize) -> Vec<u32> {
    let (negated, text) = match text.strip_prefix('!') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let mut ids = Vec::new();
    let mut value: i64 = 0;
    let mut previous: i64 = -1;
    for c in text.bytes() {
        let d = DIGITS.iter().position(|&x| x == c).expect("a digit") as i64;
        if d >= 32 {
            value = value * 32 + d - 32;
        } else {
            previous += 1 + value * 32 + d;
            ids.push(previous as u32);
            value = 0;
        }
    }
    if negated {
        (0..n as u32).filter(|id| !ids.contains(id)).collect()
    } else {
        ids
    }
}

fn doc<'a>(title: &'a str, summary: &'a str, tags: Vec<&'a str>, text: &'a str) -> Document<'a> {
    let body = BodyWords::of(text);
    Document {
        path: "it/analisi/x/index.html",
        title,
        date: "1 gennaio 2025",
        date_iso: "2025-01-01",
        summary,
        tags,
        words: Box::leak(body.words.into_boxed_str()),
        text_len: body.text_len,
    }
}

#[test]
fn body_words_are_distinct_and_folded() {
    let body = BodyWords::of("Città, città e CITTA; l'autorità");
    assert_eq!(body.words, "citta e l autorita");
    assert_eq!(body.text_len, "Città, città e CITTA; l'autorità".len());
    assert_eq!(BodyWords::of(" — ").words, "");
}

#[test]
fn folding_ignores_case_and_accents() {
    assert_eq!(normalise("Città"), "citta");
    assert_eq!(normalise("CITTÀ"), "citta");
    assert_eq!(normalise("perché più Ñandú"), "perche piu nandu");
    assert_eq!(normalise("Kazakistan"), "kazakistan");
    // Precomposed and decomposed accents fold alike.
    assert_eq!(normalise("cafe\u{301}"), normalise("café"));
    // Compatibility forms: ligatures, full-width letters.
    assert_eq!(normalise("ﬁnanza ＡＢＣ"), "finanza abc");
    assert_eq!(normalise("İstanbul"), "istanbul");
    // Letters without a decomposition stay as they are.
    assert_eq!(normalise("Straße Øresund"), "straße øresund");
}

#[test]
fn words_split_on_anything_not_alphanumeric() {
    assert_eq!(
        words("L'autorità doganale — 1,2 miliardi (2025)!"),
        ["l", "autorita", "doganale", "1", "2", "miliardi", "2025"]
    );
    assert_eq!(words("Cina–Asia centrale"), ["cina", "asia", "centrale"]);
    assert_eq!(words("dell’Energia"), ["dell", "energia"]);
    assert!(words("  \n—\t").is_empty());
    let long = "a".repeat(MAX_WORD_CHARS + 1);
    assert_eq!(words(&format!("x {long} y")), ["x", "y"]);
    let longest = "é".repeat(MAX_WORD_CHARS);
    assert_eq!(words(&longest), ["e".repeat(MAX_WORD_CHARS)]);
}

#[test]
fn title_summary_tags_and_body_are_indexed_once_per_document() {
    let index = Index::build(
        "it",
        vec![
            doc(
                "Astana ospita il vertice",
                "Cina e Asia centrale",
                vec!["Kazakistan"],
                "Città Città ferrovia",
            ),
            doc(
                "Energia",
                "Gas dal Turkmenistan",
                vec!["Turkmenistan", "Energia"],
                "Il gasdotto",
            ),
        ],
    );
    let id = |t: &str| index.terms.iter().position(|x| x == t);
    let list = |t: &str| index.postings[id(t).unwrap_or_else(|| panic!("{t} is indexed"))].clone();
    assert_eq!(list("astana"), [0]); // title
    assert_eq!(list("cina"), [0]); // summary
    assert_eq!(list("kazakistan"), [0]); // tag
    assert_eq!(list("citta"), [0]); // body, folded, once
    assert_eq!(list("energia"), [1]); // title and tag, once
    assert_eq!(list("turkmenistan"), [1]);
    assert!(id("Città").is_none() && id("città").is_none());
    // Paths, dates and the like are shown but not searched.
    assert!(id("html").is_none() && id("gennaio").is_none());
    let mut sorted = index.terms.clone();
    sorted.sort();
    assert_eq!(index.terms, sorted);
}

#[test]
fn terms_are_sorted_as_javascript_compares_strings() {
    // U+FA0E (a BMP ideograph without decomposition) sorts before U+20000 (astral)
    // in UTF-8 and code points, after it in UTF-16 code units, as JavaScript compares.
    let index = Index::build("en", vec![doc("\u{FA0E} \u{20000} z", "", vec![], "")]);
    assert_eq!(index.terms, ["z", "\u{20000}", "\u{FA0E}"]);
    // Mathematical letters fold to plain lowercase ones.
    let index = Index::build("en", vec![doc("\u{1D400}x", "", vec![], "")]);
    assert_eq!(index.terms, ["ax"]);
}

#[test]
fn postings_round_trip() {
    for (ids, n) in [
        (vec![], 10),
        (vec![0], 1),
        (vec![0, 1, 2], 3),
        (vec![5, 31, 32, 33, 1000, 1_000_000], 2_000_000),
        (vec![0, 2, 3, 4, 5, 6, 9], 10),
        ((0..5000).filter(|i| i % 7 != 0).collect(), 5000),
    ] {
        let mut out = String::new();
        encode_postings(&ids, n, &mut out);
        assert_eq!(decode_postings(&out, n), ids, "{out}");
        assert!(out.bytes().all(|b| b == b'!' || DIGITS.contains(&b)));
    }
    // A term in every document costs one character.
    let mut out = String::new();
    encode_postings(&(0..5000).collect::<Vec<_>>(), 5000, &mut out);
    assert_eq!(out, "!");
}

#[test]
fn the_index_file_is_a_script_with_relative_paths() {
    let index = Index::build(
        "it",
        vec![doc(
            "Città </script>",
            "Sommario",
            vec!["Cina", "Energia"],
            "Testo del corpo",
        )],
    );
    let files = index
        .files(Some(&|k| ["Testo del corpo"][k].to_string()))
        .unwrap();
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["search-index.it.js", "search-text/it/0.js"]);
    let main = String::from_utf8(files[0].1.clone()).unwrap();
    assert!(main.starts_with("window.BRIEFING_SEARCH = {\"v\":1,\"lang\":\"it\","));
    assert!(!main.contains("</script"));
    let json = main
        .trim_start_matches("window.BRIEFING_SEARCH = ")
        .trim_end()
        .trim_end_matches(';');
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(
        value["docs"][0],
        serde_json::json!([
            "it/analisi/x/index.html",
            "Città </script>",
            "1 gennaio 2025",
            "2025-01-01",
            "Sommario",
            "Cina, Energia"
        ])
    );
    assert_eq!(value["text"], "search-text/it/");
    assert_eq!(value["shards"], serde_json::json!([0]));
    // Body text is only in the shard.
    assert!(!main.contains("Testo del corpo"));
    let shard = String::from_utf8(files[1].1.clone()).unwrap();
    assert_eq!(
        shard,
        "BRIEFING_SEARCH_TEXT(\"it\", 0, [\"Testo del corpo\"]);\n"
    );
    // Without text, no shards and none announced.
    let alone = index.files(None).unwrap();
    assert_eq!(alone.len(), 1);
    assert!(String::from_utf8_lossy(&alone[0].1).contains("\"shards\":[]"));
}

#[test]
fn shards_split_long_text() {
    let big = "parola ".repeat(SHARD_BYTES / 7 / 2 + 1); // a bit over half a shard
    let docs = (0..5).map(|_| doc("T", "S", vec![], &big)).collect();
    let index = Index::build("en", docs);
    assert_eq!(index.shard_starts(), [0, 1, 2, 3, 4]);
    let small = (0..5).map(|_| doc("T", "S", vec![], "short")).collect();
    assert_eq!(Index::build("en", small).shard_starts(), [0]);
    assert!(Index::build("en", vec![]).shard_starts().is_empty());
}
