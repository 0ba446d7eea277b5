//! `briefing import` as an editor runs it: noisy plain-text articles in, draft
//! briefings out, every input line either kept or reported.

mod common;

use common::run::run;
use common::site::{scratch, snapshot};
use std::fs;

const SITE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/basic");
const ARTICLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import");
const FIXTURES: [&str; 4] = ["noisy.txt", "english.txt", "wrapped.txt", "latin1.txt"];

fn article(name: &str) -> String {
    format!("{ARTICLES}/{name}")
}
/// A scratch copy of the fixture site, so a test may write into it.
fn scratch_site() -> (tempfile::TempDir, std::path::PathBuf) {
    scratch("basic")
}

fn dry_run(name: &str) -> (String, String) {
    let out = run(&["import", "--root", SITE, "--dry-run", &article(name)]);
    assert!(out.code == Some(0), "{name}: {}", out.stderr);
    (out.stdout, out.stderr)
}

/// The input as import reads it: UTF-8, or Windows-1252 when it is not.
fn input_lines(name: &str) -> Vec<String> {
    let bytes = fs::read(article(name)).unwrap();
    let text = match String::from_utf8(bytes.clone()) {
        Ok(text) => text,
        Err(_) => encoding_rs::WINDOWS_1252.decode(&bytes).0.into_owned(),
    };
    text.lines().map(|l| l.trim().to_string()).collect()
}

#[test]
fn every_input_line_is_in_the_output_or_in_the_report() {
    for name in FIXTURES {
        let (markdown, report) = dry_run(name);
        let output = markdown.replace("\\\"", "\"").replace("&lt;", "<");
        for (i, line) in input_lines(name).iter().enumerate() {
            if line.is_empty() {
                continue;
            }
            let number = i + 1;
            let reported = report.lines().any(|r| {
                r.starts_with(&format!("  line {number}: ")) && r.ends_with(&format!("\"{line}\""))
            });
            assert!(
                output.contains(line.as_str()) || reported,
                "{name}:{number} is neither in the output nor in the report: {line:?}\n{markdown}\n{report}"
            );
        }
    }
}

#[test]
fn each_kind_of_noise_is_removed_and_reported_with_its_reason() {
    let (markdown, report) = dry_run("noisy.txt");
    for expected in [
        "line 3: removed, boilerplate (transparency note): \"Trasparenza:",
        "line 4: removed, boilerplate (publication line without a date): \"Pubblicato il\"",
        "line 8: removed, other language (German): \"Peking und Aschgabat",
        "line 9: removed, repeated standfirst: \"Pechino e Ashgabat",
        "line 10: removed, repeated headline: \"Nuovo accordo",
        "line 14: removed, other language (English): \"Sign up",
        "line 19: moved, source -> sources: ots.at: \"Questo riporta ots.at.\"",
        "line 21: removed, boilerplate (\"read also\" link): \"Leggi anche:\"",
        "line 27: moved, photo credit -> sources: Archivio Esempio:",
        "line 28: removed, empty sources trailer: \"Fonti:\"",
    ] {
        assert!(
            report.contains(expected),
            "missing {expected:?} in\n{report}"
        );
    }
    for gone in [
        "Peking",
        "Sign up",
        "Leggi anche",
        "Trasparenza",
        "Pubblicato il",
    ] {
        assert!(!markdown.contains(gone), "{gone} left in\n{markdown}");
    }
    // The body: paragraphs in order, short unpunctuated lines as sub-headings.
    let body = markdown.split("\n---\n").nth(1).unwrap();
    let first = body.find("Il 12 marzo 2025").unwrap();
    let heading = body.find("## Le cifre dell'accordo").unwrap();
    let last = body.find("## Perché conta").unwrap();
    assert!(first < heading && heading < last, "{body}");
    assert_eq!(body.matches("Nuovo accordo sul gas").count(), 0, "{body}");
    assert!(report.contains(
        "8 removed (boilerplate (\"read also\" link): 1; boilerplate (publication line without a date): 1; boilerplate (transparency note): 1; empty sources trailer: 1; other language (English): 1; other language (German): 1; repeated headline: 1; repeated standfirst: 1)"
    ), "{report}");
}

#[test]
fn front_matter_has_title_date_summary_slug_sources_terms_and_draft() {
    let (markdown, report) = dry_run("noisy.txt");
    for expected in [
        "title: \"Nuovo accordo sul gas tra Cina e Turkmenistan\"\n",
        "date: 2025-03-12  # the first date in the text: \"12 marzo 2025\", line 12\n",
        "summary: \"Pechino e Ashgabat firmano un'intesa per ampliare la rete dei gasdotti verso est. L'accordo ha una durata di vent'anni.\"\n",
        "slug: \"nuovo-accordo-sul-gas-tra-cina-e-turkmenistan\"\n",
        "countries: [china, turkmenistan, kyrgyzstan, tajikistan, uzbekistan]",
        "topics: [energy, security, trade]",
        "  - { name: \"Xinhua\", note: \"Citata come fonte nel testo importato.\" }\n",
        "  - { name: \"ots.at\", note: \"Citata come fonte nel testo importato.\" }\n",
        "  - { name: \"Archivio Esempio\", note: \"Credito fotografico. Didascalia: «la stazione di compressione di Galkynysh.»\" }\n",
        "draft: true\n",
    ] {
        assert!(
            markdown.contains(expected),
            "missing {expected:?} in\n{markdown}"
        );
    }
    assert!(report.contains("date: 2025-03-12, the first date in the text"));
    assert!(report.contains("language: it (detected: Italian)"));
}

#[test]
fn english_articles_get_english_file_names_and_lose_italian_lines() {
    let (markdown, report) = dry_run("english.txt");
    assert!(
        report.contains("uzbekistan-and-china-agree-on-a-new-solar-park.en.md"),
        "{report}"
    );
    assert!(
        report.contains("line 7: removed, other language (Italian)"),
        "{report}"
    );
    assert!(markdown.contains("date: 2024-09-04"));
    assert!(
        markdown
            .contains("{ name: \"Gazeta.uz\", note: \"Named as a source in the imported text.\" }")
    );
    assert!(markdown.contains("\n## Financing and timetable\n"));
}

#[test]
fn publication_lines_date_the_article_and_source_lists_become_sources() {
    let (markdown, report) = dry_run("wrapped.txt");
    assert!(markdown.contains("date: 2024-05-02  # from the publication line 2"));
    assert!(markdown.contains(
        "  - { name: \"Ministero della difesa del Tagikistan\", url: \"https://example.org/difesa-tj\","
    ));
    assert!(markdown.contains("  - { name: \"Asia-Plus\","));
    assert!(report.contains("line 8: removed, separator line: \"* * *\""));
    // A hard-wrapped paragraph stays one paragraph.
    assert!(markdown.contains("congiunte\nper l'autunno"));
}

#[test]
fn latin1_input_is_converted_and_the_report_says_so() {
    let (markdown, report) = dry_run("latin1.txt");
    assert!(
        report.contains("encoding: converted from Windows-1252 (Latin-1)"),
        "{report}"
    );
    assert!(markdown.contains("è costato 1,2 miliardi di euro (€)"));
    assert!(markdown.contains("tra la Cina e l’Europa"));
    assert!(markdown.contains("{ name: \"Kazinform\""));
}

#[test]
fn dry_run_writes_nothing() {
    let (_dir, root) = scratch_site();
    let before = snapshot(&root);
    let out = run(&[
        "import",
        "--root",
        root.to_str().unwrap(),
        "--dry-run",
        ARTICLES,
    ]);
    assert!(out.code == Some(0), "{}", out.stderr);
    assert_eq!(snapshot(&root), before);
    // Several files: each is introduced by the file it would become.
    assert_eq!(out.stdout.matches("==> ").count(), FIXTURES.len());
}

#[test]
fn imported_files_build_with_drafts() {
    let (dir, root) = scratch_site();
    let out = run(&["import", "--root", root.to_str().unwrap(), ARTICLES]);
    assert!(out.code == Some(0), "{}", out.stderr);
    let report = out.stderr;
    assert!(
        report.contains("4 files imported:"),
        "the summary counts files: {report}"
    );
    let written =
        root.join("content/briefings/nuovo-accordo-sul-gas-tra-cina-e-turkmenistan.it.md");
    assert!(written.is_file(), "{report}");
    let output = dir.path().join("public");
    let out = run(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
        "--drafts",
    ]);
    assert!(out.code == Some(0), "build failed: {}", out.stderr);
    let page = fs::read_to_string(
        output.join("it/analisi/nuovo-accordo-sul-gas-tra-cina-e-turkmenistan/index.html"),
    )
    .unwrap();
    assert!(page.contains("Nuovo accordo sul gas tra Cina e Turkmenistan"));
    assert!(page.contains("Le cifre dell"));
    assert!(
        output
            .join("en/briefings/uzbekistan-and-china-agree-on-a-new-solar-park/index.html")
            .is_file()
    );
    // Without --drafts the imported drafts stay out, and the build still succeeds.
    let out = run(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
    ]);
    assert!(out.code == Some(0), "build failed: {}", out.stderr);
    assert!(
        !output
            .join("it/analisi/nuovo-accordo-sul-gas-tra-cina-e-turkmenistan")
            .exists()
    );
}

#[test]
fn an_existing_file_is_never_overwritten_without_force() {
    let (_dir, root) = scratch_site();
    let root_arg = root.to_str().unwrap();
    let first = run(&["import", "--root", root_arg, &article("noisy.txt")]);
    assert!(first.code == Some(0), "{}", first.stderr);
    let target = root.join("content/briefings/nuovo-accordo-sul-gas-tra-cina-e-turkmenistan.it.md");
    fs::write(&target, "edited by hand").unwrap();
    let before = snapshot(&root);

    // Together with a new file: nothing at all is written.
    let again = run(&[
        "import",
        "--root",
        root_arg,
        &article("english.txt"),
        &article("noisy.txt"),
    ]);
    assert_eq!(again.code, Some(1));
    let err = again.stderr;
    assert!(err.contains("already exists"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(snapshot(&root), before);

    let forced = run(&[
        "import",
        "--root",
        root_arg,
        "--force",
        &article("noisy.txt"),
    ]);
    assert!(forced.code == Some(0), "{}", forced.stderr);
    assert!(fs::read_to_string(&target).unwrap().starts_with("---\n"));
}

#[test]
fn into_and_date_flags() {
    let (dir, root) = scratch_site();
    let into = dir.path().join("drafts");
    let out = run(&[
        "import",
        "--root",
        root.to_str().unwrap(),
        "--into",
        into.to_str().unwrap(),
        "--date",
        "2025-01-31",
        &article("noisy.txt"),
    ]);
    assert!(out.code == Some(0), "{}", out.stderr);
    let text = fs::read_to_string(into.join("nuovo-accordo-sul-gas-tra-cina-e-turkmenistan.it.md"))
        .unwrap();
    assert!(text.contains("date: 2025-01-31  # from --date"), "{text}");
    assert!(out.stderr.contains("date: 2025-01-31, from --date"));

    let bad = run(&[
        "import",
        "--root",
        SITE,
        "--dry-run",
        "--date",
        "31/01/2025",
        &article("noisy.txt"),
    ]);
    assert_eq!(bad.code, Some(1));
    assert!(
        bad.stderr
            .contains("--date: `31/01/2025` is not a date; write it as YYYY-MM-DD")
    );
}

#[test]
fn a_date_without_a_year_or_no_date_at_all_is_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    fs::write(
        &file,
        "Un titolo qualunque\n\nIl vertice si terrà il 3 luglio ad Astana, con i capi di Stato della regione.\n\nUn secondo paragrafo, con altro testo in italiano.\n",
    )
    .unwrap();
    let out = run(&[
        "import",
        "--root",
        SITE,
        "--dry-run",
        file.to_str().unwrap(),
    ]);
    assert!(out.code == Some(0), "{}", out.stderr);
    out.says(&["the text gives no year"]);
    fs::write(
        &file,
        "Un titolo\n\nNessuna data in questo testo, solo parole in italiano.\n",
    )
    .unwrap();
    let out = run(&[
        "import",
        "--root",
        SITE,
        "--dry-run",
        file.to_str().unwrap(),
    ]);
    out.says(&["today: no date found in the text"]);
}

#[test]
fn unreadable_input_is_refused_with_a_clear_error_and_nothing_is_written() {
    let (dir, root) = scratch_site();
    let binary = dir.path().join("photo.txt");
    fs::write(&binary, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01").unwrap();
    let before = snapshot(&root);
    let out = run(&[
        "import",
        "--root",
        root.to_str().unwrap(),
        &article("noisy.txt"),
        binary.to_str().unwrap(),
        "missing.txt",
    ]);
    assert_eq!(out.code, Some(1));
    let err = out.stderr;
    assert!(err.contains("photo.txt: the file holds"), "{err}");
    assert!(err.contains("save it as UTF-8"), "{err}");
    assert!(err.contains("missing.txt: no such file or folder"), "{err}");
    assert_eq!(snapshot(&root), before);
}

#[test]
fn language_flag_must_match_the_text() {
    let out = run(&[
        "import",
        "--root",
        SITE,
        "--dry-run",
        "--lang",
        "en",
        &article("noisy.txt"),
    ]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr
            .contains("the text reads as Italian, but --lang en was given")
    );
    let out = run(&[
        "import",
        "--root",
        SITE,
        "--dry-run",
        "--lang",
        "it",
        &article("noisy.txt"),
    ]);
    assert!(out.code == Some(0), "{}", out.stderr);
    assert!(out.stderr.contains("language: it (from --lang)"));
}

#[test]
fn a_folder_without_text_files_or_a_missing_site_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["import", "--root", SITE, dir.path().to_str().unwrap()]);
    assert_eq!(out.code, Some(1));
    assert!(out.stderr.contains("the folder holds no .txt file"));
    let out = run(&[
        "import",
        "--root",
        dir.path().to_str().unwrap(),
        &article("noisy.txt"),
    ]);
    assert_eq!(out.code, Some(1));
    out.says(&["pass --root DIR"]);
}
