//! `briefing build` as a user runs it: properties P1–P6 of SPEC §5 on a fixture site.

use scraper::{Html, Selector};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/basic");

/// A scratch copy of the fixture site, so a test may break it.
fn scratch_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(Path::new(FIXTURE), &root);
    (dir, root)
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn briefing(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args)
        .output()
        .unwrap()
}

fn build(root: &Path, output: &Path) -> Output {
    briefing(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
    ])
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

fn built_site() -> (tempfile::TempDir, PathBuf) {
    let (dir, root) = scratch_site();
    let output = dir.path().join("public");
    let out = build(&root, &output);
    assert!(out.status.success(), "build failed: {}", stderr(&out));
    (dir, output)
}

/// Every file under `dir`, by path relative to it.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .to_string(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

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

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

/// Resolves a relative URL against the page's file, without any server help.
fn resolve(page: &Path, url: &str) -> (PathBuf, Option<String>) {
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (url, None),
    };
    let path = path.split('?').next().unwrap();
    if path.is_empty() {
        return (page.to_path_buf(), fragment);
    }
    let mut target = page.parent().unwrap().to_path_buf();
    for part in path.split('/') {
        match part {
            ".." => {
                target.pop();
            }
            "." | "" => {}
            other => target.push(other),
        }
    }
    (target, fragment)
}

#[test]
fn p1_every_internal_link_resolves_to_a_file_from_disk() {
    let (_dir, output) = built_site();
    let pages = html_pages(&output);
    assert!(pages.len() > 30, "only {} pages", pages.len());
    let mut broken = Vec::new();
    let mut checked = 0;
    let mut in_maps = 0;
    let mut redirects = 0;
    for (page, doc) in &pages {
        // The maps' country links are `<a href>` inside inline SVG: the walk takes them too.
        in_maps += select(doc, "svg a[href]").len();
        // The redirect pages of aliases move on to a relative URL, which must be a file.
        for meta in select(doc, "meta[http-equiv=refresh]") {
            redirects += 1;
            let content = meta.value().attr("content").unwrap();
            let url = content
                .split_once("url=")
                .map(|(_, u)| u)
                .unwrap_or_default();
            assert!(!url.is_empty() && !url.contains("://"), "{content}");
            checked += 1;
            if !resolve(page, url).0.is_file() {
                broken.push(format!("{} -> refresh {url} (not a file)", page.display()));
            }
        }
        for (css, attr) in [
            ("a[href]", "href"),
            ("link[href]", "href"),
            ("img[src]", "src"),
            ("script[src]", "src"),
        ] {
            for el in select(doc, css) {
                let url = el.value().attr(attr).unwrap();
                let rel = el.value().attr("rel").unwrap_or("");
                // Canonical and alternate links are absolute by design (SPEC P7).
                if rel == "canonical"
                    || (rel == "alternate" && el.value().attr("hreflang").is_some())
                {
                    assert!(url.starts_with("https://fixture.example.org/sub/"), "{url}");
                    continue;
                }
                // The 404 page is served at any depth: it links home absolutely, by the
                // same URLs as the canonical links (a host completes `it/`).
                if page.ends_with("404.html")
                    && let Some(rest) = url.strip_prefix("https://fixture.example.org/sub/")
                {
                    checked += 1;
                    if !output.join(rest).join("index.html").is_file() {
                        broken.push(format!("404.html -> {url} (not a file)"));
                    }
                    continue;
                }
                if url.starts_with("https://")
                    || url.starts_with("http://")
                    || url.starts_with("mailto:")
                    || url.starts_with("data:")
                {
                    assert!(
                        !url.contains("fixture.example.org"),
                        "{}: internal link is absolute: {url}",
                        page.display()
                    );
                    continue;
                }
                assert!(
                    !url.starts_with('/'),
                    "{}: root-absolute URL {url}",
                    page.display()
                );
                let (target, fragment) = resolve(page, url);
                checked += 1;
                if !target.is_file() {
                    broken.push(format!("{} -> {url} (not a file)", page.display()));
                    continue;
                }
                if let Some(id) = fragment.filter(|f| !f.is_empty()) {
                    let html = fs::read_to_string(&target).unwrap();
                    if !html.contains(&format!("id=\"{id}\"")) {
                        broken.push(format!("{} -> {url} (no #{id})", page.display()));
                    }
                }
            }
        }
    }
    assert!(checked > 500, "only {checked} links checked");
    assert!(in_maps > 50, "only {in_maps} links of maps checked");
    assert_eq!(redirects, 2, "the fixture's two aliases are crawled too");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn p2_pages_link_their_translation_both_ways() {
    let (_dir, output) = built_site();
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
    let (dir, root) = scratch_site();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert!(build(&root, &a).status.success());
    assert!(build(&root, &b).status.success());
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
    let (dir, root) = scratch_site();
    let output = dir.path().join("public");
    assert!(build(&root, &output).status.success());
    let before = snapshot(&output);
    fs::write(
        root.join("content/briefings/broken.it.md"),
        "---\ntitle: [\n---\n",
    )
    .unwrap();
    let out = build(&root, &output);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(snapshot(&output), before);
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "staging left behind: {leftovers:?}");
}

#[test]
fn p4_a_slug_cannot_escape_the_output() {
    let (dir, root) = scratch_site();
    fs::write(
        root.join("content/briefings/evil.it.md"),
        "---\ntitle: x\ndate: 2025-01-01\nsummary: s\nslug: ../../../escaped\n---\n",
    )
    .unwrap();
    let out = build(&root, &dir.path().join("public"));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("evil.it.md:5:1: slug `../../../escaped` is not a safe URL segment"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("escaped").exists());
    assert!(!dir.path().join("public").exists());
}

#[test]
fn p4_a_folder_we_did_not_make_is_never_cleaned() {
    let (dir, root) = scratch_site();
    let output = dir.path().join("precious");
    fs::create_dir(&output).unwrap();
    fs::write(output.join("thesis.txt"), "years of work").unwrap();
    let out = build(&root, &output);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("was not made by `briefing build`"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        fs::read_to_string(output.join("thesis.txt")).unwrap(),
        "years of work"
    );
    // A folder of ours is replaced, and files that vanished from the input vanish.
    let ours = dir.path().join("public");
    assert!(build(&root, &ours).status.success());
    fs::remove_file(root.join("content/briefings/gamma.it.md")).unwrap();
    assert!(build(&root, &ours).status.success());
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
        let (dir, root) = scratch_site();
        let path = root.join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        let out = build(&root, &dir.path().join("public"));
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{file}: {err}");
        assert!(err.contains(expected), "expected `{expected}` in:\n{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(!dir.path().join("public").exists());
    }
}

#[test]
fn p5_all_content_errors_come_in_one_run() {
    let (dir, root) = scratch_site();
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
    let out = build(&root, &dir.path().join("public"));
    let err = stderr(&out);
    assert!(
        err.contains("one.it.md:3:1") && err.contains("two.en.md:5:1"),
        "{err}"
    );
    assert!(err.contains("2 problems found"), "{err}");
}

#[test]
fn p5_usage_errors_exit_with_2() {
    let out = briefing(&["build", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
    let out = briefing(&["build", "--root", "/nonexistent/site"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("/nonexistent/site/site.yaml"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn p6_front_matter_is_escaped_and_markdown_html_passes_through() {
    let (dir, root) = scratch_site();
    fs::write(
        root.join("content/briefings/xss.it.md"),
        "---\ntitle: \"<script>alert(1)</script> Titolo\"\ndate: 2025-01-01\nsummary: \"a & b\"\n---\n<em class=\"trusted\">ok</em>\n",
    )
    .unwrap();
    let output = dir.path().join("public");
    assert!(build(&root, &output).status.success());
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
    let (dir, root) = scratch_site();
    let output = dir.path().join("public");
    assert!(build(&root, &output).status.success());
    assert!(!output.join("it/analisi/bozza/index.html").exists());
    let out = briefing(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
        "--drafts",
        "--base-url",
        "https://other.example.net/x/",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
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
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(summary.contains("pages (en 22, it 25)"), "{summary}");
}

#[test]
fn lists_are_paginated_and_charts_are_inline_svg() {
    let (_dir, output) = built_site();
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
