//! Property test (fuzzing on the stable toolchain) for `briefing import`: on any
//! plain-text article it never panics, and it never loses a line. Every non-blank line
//! of the input is either kept in the Markdown body, in order, or named in the report
//! (`line N: moved ...` / `line N: removed ...`); and the draft it writes is front-matter
//! the build accepts.
//!
//! It runs the real binary (`--dry-run`, so nothing is written) on generated articles:
//! headlines, Italian paragraphs, sub-headings, the noise real sources carry (repeated
//! headlines, lines in other languages, `Leggi anche:`, empty `Quellen:`, photo
//! credits) and arbitrary Unicode. Run longer by hand:
//!
//!     PROPTEST_CASES=5000 cargo test --release --test proptest_import -- --nocapture

mod common;

use briefing::config::Config;
use briefing::content::frontmatter;
use common::props::check;
use common::run::Bin;
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::path::Path;

use std::sync::atomic::{AtomicUsize, Ordering};

fn line() -> impl Strategy<Value = String> {
    let sentence = proptest::sample::select(vec![
        "Il presidente ha incontrato i ministri degli esteri dei cinque paesi.",
        "Il commercio tra la Cina e l'Asia centrale ha superato i 94,8 miliardi di dollari nel 2024.",
        "Secondo l'agenzia, il vertice si è svolto ad Astana il 16 giugno 2025.",
        "La ferrovia tra Cina, Kirghizistan e Uzbekistan è in costruzione.",
        "Questo riporta ots.at.",
        "come riportato da Xinhua, la cooperazione energetica cresce.",
        "Il gasdotto porta il gas dal Turkmenistan alla Cina attraverso il Kazakistan.",
        "Le riforme economiche sono state discusse anche a Tashkent.",
    ]);
    prop_oneof![
        6 => prop::collection::vec(sentence, 1..4).prop_map(|s| s.join(" ")),
        2 => proptest::sample::select(vec![
            "Cooperazione economica nella regione",
            "Secondo vertice in Kazakistan: la Cina e l'Asia centrale rafforzano la partnership",
            "",
            "",
            "   ",
            "Leggi anche: il vertice di Xi'an del 2023",
            "Quellen:",
            "Fonti:",
            "Foto: ANSA/EPA",
            "© Reuters",
            "Transparenz: Redaktionell erstellt und geprüft.",
            "Veröffentlicht am",
            "Pubblicato il 3 luglio 2024",
            "Xi Jinping nimmt am Gipfeltreffen zwischen China und Zentralasien in Kasachstan teil.",
            "The leaders signed a treaty on permanent good-neighbourliness and friendship.",
            "https://www.example.org/articolo",
            "- un elenco puntato",
            "1. primo punto",
            "# non un titolo",
            "---",
            "<script>alert(1)</script> testo",
            "a < b e c > d & e",
            "\"virgolette\" e 'apici' e \\ barre",
        ])
        .prop_map(str::to_string),
        1 => "[A-Za-zàèéìòù ,.;:'!?0-9-]{0,80}",
        1 => any::<String>(),
    ]
    // import reads lines as the file has them: no line breaks inside one
    .prop_map(|l| l.replace(['\r', '\n', '\u{85}', '\u{2028}', '\u{2029}'], " "))
}

/// Lines, sometimes with one repeated, joined with `\n` or `\r\n`.
fn article() -> impl Strategy<Value = (Vec<String>, bool)> {
    (
        prop::collection::vec(line(), 0..30),
        any::<bool>(),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(mut lines, crlf, repeat)| {
            if !lines.is_empty() {
                let i = repeat.index(lines.len());
                let copy = lines[i].clone();
                lines.push(copy);
            }
            (lines, crlf)
        })
}

/// Letters and digits of `text`, in order: what survives escaping and quoting.
fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[test]
fn import_never_panics_and_never_loses_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::copy(
        common::site::fixture("basic").join("site.yaml"),
        root.join("site.yaml"),
    )
    .unwrap();
    let config = Config::load(&root).unwrap_or_else(|_| panic!("site.yaml loads"));
    let imported = AtomicUsize::new(0);
    let refused = AtomicUsize::new(0);
    let file = dir.path().join("articolo.txt");

    check("briefing import", 150, article(), |(lines, crlf)| {
        let newline = if crlf { "\r\n" } else { "\n" };
        std::fs::write(&file, lines.join(newline)).unwrap();
        // A panic in the binary fails the property (the harness checks every run).
        let out = Bin::new(&["import", "--lang", "it", "--dry-run", "--root"])
            .arg(&root)
            .arg(&file)
            .run();
        let (stdout, stderr) = (&out.stdout, &out.stderr);
        match out.code {
            Some(0) => {}
            Some(1) => {
                // A clear refusal (no text, not Italian, control characters) names the file.
                prop_assert!(stderr.contains("articolo.txt"), "{stderr}");
                refused.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
            other => prop_assert!(false, "exit {other:?}:\n{stderr}"),
        }
        imported.fetch_add(1, Ordering::Relaxed);

        // Every line the report names, by number.
        let mut noted = BTreeSet::new();
        for report_line in stderr.lines() {
            if let Some(rest) = report_line.strip_prefix("  line ")
                && let Some((n, what)) = rest.split_once(": ")
                && (what.starts_with("moved") || what.starts_with("removed"))
            {
                let n: usize = n.parse().unwrap();
                prop_assert!(noted.insert(n), "line {n} reported twice");
                prop_assert!(
                    n >= 1 && n <= lines.len() && !lines[n - 1].trim().is_empty(),
                    "the report names line {n}, which is blank or missing"
                );
            }
        }
        // The body: everything after the front-matter.
        let body = stdout.splitn(3, "---\n").nth(2).unwrap_or_default();
        let body_tokens = tokens(body);
        let mut cursor = 0;
        for (i, text) in lines.iter().enumerate() {
            if text.trim().is_empty() || noted.contains(&(i + 1)) {
                continue;
            }
            for token in tokens(text) {
                match body_tokens[cursor..].iter().position(|t| *t == token) {
                    Some(at) => cursor += at + 1,
                    None => prop_assert!(
                        false,
                        "line {} ({text:?}) is neither in the body (in order) nor in the report; lost `{token}`\n--- body:\n{body}\n--- report:\n{stderr}",
                        i + 1
                    ),
                }
            }
        }
        // The draft is front-matter the build accepts.
        let path = Path::new("imported.it.md");
        let split =
            frontmatter::split(stdout, path).map_err(|p| TestCaseError::fail(p.to_string()))?;
        if let Err(problems) = frontmatter::parse(&split, path, &config, &[]) {
            let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
            prop_assert!(
                false,
                "the draft does not build:\n{}\n{stdout}",
                text.join("\n")
            );
        }
        Ok(())
    });
    let (imported, refused) = (imported.into_inner(), refused.into_inner());
    eprintln!(
        "briefing import: {imported} articles imported, {refused} refused with a clear error"
    );
    assert!(
        imported > refused,
        "most generated articles should import: {imported} imported, {refused} refused"
    );
}
