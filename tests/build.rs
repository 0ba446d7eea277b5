//! `briefing build` as a user runs it: properties P1–P6 of SPEC §5 on a fixture site.

mod common;

use common::env::TestSite;
use common::run::{build, run};
use common::site::{assert_links_resolve, resolve, select, snapshot};
use scraper::Html;
use std::fs;
use std::path::{Path, PathBuf};

/// The basic fixture, built.
fn built_site() -> TestSite {
    let site = TestSite::new("basic");
    site.built(&[]);
    site
}

/// Every page under `dir`, parsed.
fn html_pages(dir: &Path) -> Vec<(PathBuf, Html)> {
    snapshot(dir)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, bytes)| {
            (
                dir.join(p),
                Html::parse_document(&String::from_utf8(bytes).unwrap()),
            )
        })
        .collect()
}

#[test]
fn p1_every_internal_link_resolves_to_a_file_from_disk() {
    let site = built_site();
    let pages = html_pages(&site.output);
    assert!(pages.len() > 30, "only {} pages", pages.len());
    // The maps' country links are `<a href>` inside inline SVG: the walk takes them too,
    // and the redirect pages of aliases, whose relative URL must be a file.
    let count = |css: &str| -> usize { pages.iter().map(|(_, doc)| select(doc, css).len()).sum() };
    let in_maps = count("svg a[href]");
    let redirects = count("meta[http-equiv=refresh]");
    // Canonical and alternate links are absolute by design (SPEC P7), and so are the
    // 404 page's links home (it is served at any depth); every other link is relative.
    let checked = assert_links_resolve(&site.output, "https://fixture.example.org/sub/");
    assert!(checked > 500, "only {checked} links checked");
    assert!(in_maps > 50, "only {in_maps} links of maps checked");
    assert_eq!(redirects, 2, "the fixture's two aliases are crawled too");
}

#[test]
fn p2_pages_link_their_translation_both_ways() {
    let site = built_site();
    let output = &site.output;
    let it = output.join("it/analisi/vertice-di-prova-ad-astana/index.html");
    let doc = Html::parse_document(&fs::read_to_string(&it).unwrap());
    assert_eq!(select(&doc, "html")[0].value().attr("lang"), Some("it"));
    let hreflangs: Vec<&str> = select(&doc, "link[rel=alternate][hreflang]")
        .iter()
        .map(|e| e.value().attr("hreflang").unwrap())
        .collect();
    assert_eq!(hreflangs, ["it", "en", "x-default"]);
    // The language homes name the chooser as their default, as the chooser does.
    for home in ["it/index.html", "en/index.html", "index.html"] {
        let doc = Html::parse_document(&fs::read_to_string(output.join(home)).unwrap());
        let default = select(&doc, "link[rel=alternate][hreflang=x-default]");
        assert_eq!(
            default[0].value().attr("href"),
            Some("https://fixture.example.org/sub/"),
            "{home}"
        );
    }
    let switch = select(&doc, "nav.lang-switch a[hreflang=en]");
    let (en, _) = resolve(&it, switch[0].value().attr("href").unwrap());
    assert!(
        en.ends_with("en/briefings/test-summit-in-astana/index.html"),
        "{}",
        en.display()
    );
    let en_doc = Html::parse_document(&fs::read_to_string(&en).unwrap());
    assert_eq!(select(&en_doc, "html")[0].value().attr("lang"), Some("en"));
    let back = select(&en_doc, "nav.lang-switch a[hreflang=it]");
    let (back, _) = resolve(&en, back[0].value().attr("href").unwrap());
    assert_eq!(back.canonicalize().unwrap(), it.canonicalize().unwrap());

    // A page without translation says so and links the other language's home.
    let lonely = output.join("it/analisi/solo-in-italiano/index.html");
    let doc = Html::parse_document(&fs::read_to_string(&lonely).unwrap());
    let notice = select(&doc, ".no-translation");
    assert_eq!(notice.len(), 1);
    assert!(
        notice[0]
            .text()
            .collect::<String>()
            .contains("non è disponibile")
    );
    let link = select(&doc, ".no-translation a")[0]
        .value()
        .attr("href")
        .unwrap();
    assert_eq!(resolve(&lonely, link).0, output.join("en/index.html"));
    assert_eq!(select(&doc, "link[rel=alternate][hreflang]").len(), 1);

    // Term pages link the same term in the other language; dates follow the language.
    let term = fs::read_to_string(output.join("it/paesi/kazakistan/index.html")).unwrap();
    assert!(term.contains("href=\"../../../en/countries/kazakhstan/index.html\""));
    assert!(term.contains("16 giugno 2025"));
    let en_term = fs::read_to_string(output.join("en/countries/kazakhstan/index.html")).unwrap();
    assert!(en_term.contains("16 June 2025"));
}

#[test]
fn p3_same_input_gives_identical_bytes() {
    let site = TestSite::new("basic");
    let (dir, root) = (site.dir(), &site.root);
    let (a, b) = (dir.join("a"), dir.join("b"));
    assert!(build(root, &a).code == Some(0));
    assert!(build(root, &b).code == Some(0));
    let (first, second) = (snapshot(&a), snapshot(&b));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(bytes == &second[path], "{path} differs between builds");
    }
}

#[test]
fn p4_a_failed_build_leaves_the_previous_output_untouched() {
    let site = TestSite::new("basic");
    let (dir, root) = (site.dir(), &site.root);
    let output = dir.join("public");
    assert!(build(root, &output).code == Some(0));
    let before = snapshot(&output);
    fs::write(
        root.join("content/briefings/broken.it.md"),
        "---\ntitle: [\n---\n",
    )
    .unwrap();
    let out = build(root, &output);
    assert_eq!(out.code, Some(1));
    assert_eq!(snapshot(&output), before);
    let leftovers: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "staging left behind: {leftovers:?}");
}

#[test]
fn p4_a_slug_cannot_escape_the_output() {
    let site = TestSite::new("basic");
    let (dir, root) = (site.dir(), &site.root);
    fs::write(
        root.join("content/briefings/evil.it.md"),
        "---\ntitle: x\ndate: 2025-01-01\nsummary: s\nslug: ../../../escaped\n---\n",
    )
    .unwrap();
    let out = build(root, &dir.join("public"));
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr
            .contains("evil.it.md:5:1: slug `../../../escaped` is not a safe URL segment"),
        "{}",
        out.stderr
    );
    assert!(!dir.join("escaped").exists());
    assert!(!dir.join("public").exists());
}

#[test]
fn p4_a_folder_we_did_not_make_is_never_cleaned() {
    let site = TestSite::new("basic");
    let (dir, root) = (site.dir(), &site.root);
    let output = dir.join("precious");
    fs::create_dir(&output).unwrap();
    fs::write(output.join("thesis.txt"), "years of work").unwrap();
    let out = build(root, &output);
    assert_eq!(out.code, Some(1));
    out.says(&["was not made by `briefing build`"]);
    assert_eq!(
        fs::read_to_string(output.join("thesis.txt")).unwrap(),
        "years of work"
    );
    // A folder of ours is replaced, and files that vanished from the input vanish.
    let ours = dir.join("public");
    assert!(build(root, &ours).code == Some(0));
    fs::remove_file(root.join("content/briefings/gamma.it.md")).unwrap();
    assert!(build(root, &ours).code == Some(0));
    assert!(!ours.join("it/analisi/solo-in-italiano/index.html").exists());
}

/// (file to write, its text, expected location and message in stderr)
const BAD_INPUTS: &[(&str, &str, &str)] = &[
    (
        "content/briefings/bad.it.md",
        "---\ntitle: a: b\ndate: 2025-01-01\n---\n",
        "bad.it.md:2:9: mapping values are not allowed",
    ),
    (
        "content/briefings/bad.it.md",
        "---\ntitle: t\nsummary: s\n---\n",
        "bad.it.md:2:1: missing field `date`",
    ),
    (
        "content/briefings/bad.it.md",
        "---\ntitle: t\ndate: 2025-01-01\nsummary: s\ntitel: x\n---\n",
        "bad.it.md:5:1: unknown field `titel`",
    ),
    (
        "content/briefings/bad.it.md",
        "---\ntitle: t\ndate: 2025-01-01\nsummary: s\ncountries: [kazakstan]\n---\n",
        "bad.it.md:5:1: unknown term `kazakstan` in `countries`; did you mean `kazakhstan`?",
    ),
    (
        "content/briefings/bad.it.md",
        "---\ntitle: t\ndate: 2025-02-30\nsummary: s\n---\n",
        "bad.it.md:3:1: `date` is `2025-02-30`, which is not a valid date",
    ),
    (
        "content/briefings/bad.it.md",
        "---\ntitle: Secondo briefing\ndate: 2025-01-01\nsummary: s\n---\n",
        "has the same URL `it/analisi/secondo-briefing/index.html` as",
    ),
    (
        "content/briefings/bad.it.md",
        "---\ntitle: t\n",
        "bad.it.md:1:1: the front-matter is never closed",
    ),
    (
        "templates/list.html",
        "{% extends \"base.html\" %}{% block main %}\n<p>{{ missing_variable }}</p>{% endblock main %}",
        "templates/list.html:2:7: template error: Variable `missing_variable` is not defined",
    ),
    (
        "templates/list.html",
        "{% extends \"base.html\" %}{% block main %}{% if %}{% endblock main %}",
        "templates/list.html:1:",
    ),
    (
        "templates/base.html",
        "<html></html>",
        "templates/briefing.html:2:10: template error: Block `og_type` is not defined in any parent template",
    ),
];

#[test]
fn p5_bad_input_is_reported_with_file_line_and_column() {
    for (file, text, expected) in BAD_INPUTS {
        let site = TestSite::new("basic");
        let (dir, root) = (site.dir(), &site.root);
        let path = root.join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        let out = build(root, &dir.join("public"));
        let err = &out.stderr;
        assert_eq!(out.code, Some(1), "{file}: {err}");
        assert!(err.contains(expected), "expected `{expected}` in:\n{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(!dir.join("public").exists());
    }
}

#[test]
fn p5_all_content_errors_come_in_one_run() {
    let site = TestSite::new("basic");
    let (dir, root) = (site.dir(), &site.root);
    fs::write(
        root.join("content/briefings/one.it.md"),
        "---\ntitle: t\ndate: 2025-13-01\nsummary: s\n---\n",
    )
    .unwrap();
    fs::write(
        root.join("content/briefings/two.en.md"),
        "---\ntitle: t\ndate: 2025-01-01\nsummary: s\ntopics: [nope]\n---\n",
    )
    .unwrap();
    let out = build(root, &dir.join("public"));
    let err = &out.stderr;
    assert!(
        err.contains("one.it.md:3:1") && err.contains("two.en.md:5:1"),
        "{err}"
    );
    assert!(err.contains("2 problems found"), "{err}");
}

#[test]
fn p5_usage_errors_exit_with_2() {
    let out = run(&["build", "--no-such-flag"]);
    assert_eq!(out.code, Some(2));
    let out = run(&["build", "--root", "/nonexistent/site"]);
    assert_eq!(out.code, Some(1));
    out.says(&["/nonexistent/site/site.yaml"]);
}

#[test]
fn p6_front_matter_is_escaped_and_markdown_html_passes_through() {
    let site = TestSite::new("basic");
    let (dir, root) = (site.dir(), &site.root);
    fs::write(
        root.join("content/briefings/xss.it.md"),
        "---\ntitle: \"<script>alert(1)</script> Titolo\"\ndate: 2025-01-01\nsummary: \"a & b\"\n---\n<em class=\"trusted\">ok</em>\n",
    )
    .unwrap();
    let output = dir.join("public");
    assert!(build(root, &output).code == Some(0));
    let html =
        fs::read_to_string(output.join("it/analisi/script-alert-1-script-titolo/index.html"))
            .unwrap();
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt; Titolo")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt; Titolo"),
        "{html}"
    );
    assert!(html.contains("a &amp; b"));
    assert!(html.contains("<em class=\"trusted\">ok</em>"));
}

#[test]
fn drafts_are_built_only_when_asked() {
    let site = TestSite::new("basic");
    let (dir, root) = (site.dir(), &site.root);
    let output = dir.join("public");
    assert!(build(root, &output).code == Some(0));
    assert!(!output.join("it/analisi/bozza/index.html").exists());
    let out = run(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
        "--drafts",
        "--base-url",
        "https://other.example.net/x/",
    ]);
    assert!(out.code == Some(0), "{}", out.stderr);
    assert!(output.join("it/analisi/bozza/index.html").exists());
    let feed = fs::read_to_string(output.join("it/feed.xml")).unwrap();
    assert!(
        feed.contains("href=\"https://other.example.net/x/it/analisi/bozza/\""),
        "{feed}"
    );
    // Entry ids are tags of the host and path, not URLs (a new slug keeps them).
    assert!(
        feed.contains("<id>tag:other.example.net,2025:x/briefings/draft.it</id>"),
        "{feed}"
    );
    let summary = &out.stdout;
    assert!(summary.contains("pages (en 22, it 25)"), "{summary}");
}

#[test]
fn lists_are_paginated_and_charts_are_inline_svg() {
    let site = built_site();
    let output = &site.output;
    // page_size is 2 in the fixture: 3 Italian briefings make two list pages.
    let second = fs::read_to_string(output.join("it/analisi/page/2/index.html")).unwrap();
    assert!(second.contains("Solo in italiano"));
    let briefing =
        fs::read_to_string(output.join("it/analisi/vertice-di-prova-ad-astana/index.html"))
            .unwrap();
    assert!(briefing.contains("<svg class=\"chart-svg\""));
    assert!(briefing.contains("<title id=\"chart-trade-t\">Commercio</title>"));
    assert!(briefing.contains("89,4"), "numbers follow the language");
    assert!(
        briefing.contains("class=\"toc\""),
        "three headings make a table of contents"
    );
    let timeline = fs::read_to_string(output.join("it/cronologia/index.html")).unwrap();
    assert!(timeline.contains("Vertice di prova"));
}
