//! URLs that never break (issue 14), as a user meets them: aliases and their redirect
//! pages (from disk and under a sub-path, in Chromium), `_redirects`, the guard that
//! reports a published URL gone without an alias (`build` warns, `check` fails),
//! retiring a URL, alias collisions and loops, and feed ids that survive a new slug.

mod common;

use common::browser::{Browser, browser_available, file_url};
use common::http::StaticServer;
use common::site::{briefing, build, page, scratch, select, stderr, stdout};
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

const BETA_EN: &str = "content/briefings/beta.en.md";
const OLD: &str = "en/briefings/second-briefing/index.html";
const NEW: &str = "en/briefings/renamed-second/index.html";

fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} not in {file}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// `briefing check --root ROOT EXTRA...`.
fn check(root: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["check", "--root", s(root)];
    args.extend(extra);
    briefing(&args, &[])
}

/// Gives beta.en a new slug; with `alias`, its old URL too.
fn rename_beta(root: &Path, alias: bool) {
    let aliases = if alias {
        "aliases: [\"/en/briefings/old-second/\", \"/en/briefings/second-briefing/\"]"
    } else {
        "aliases: [\"/en/briefings/old-second/\"]"
    };
    edit(
        root,
        BETA_EN,
        "aliases: [\"/en/briefings/old-second/\"]",
        &format!("slug: renamed-second\n{aliases}"),
    );
}

#[test]
fn a_renamed_slug_with_an_alias_keeps_its_old_url() {
    let (dir, root) = scratch("basic");
    let output = dir.path().join("public");
    build(&root, &output, &[], &[]);
    assert!(output.join(OLD).is_file());
    rename_beta(&root, true);
    let out = build(&root, &output, &[], &[]);
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    assert!(stdout(&out).contains(", 3 redirects,"), "{}", stdout(&out));
    assert!(output.join(NEW).is_file());

    // The old path is a small redirect page: relative refresh, absolute canonical,
    // noindex, and a visible link in the page's language.
    let redirect = page(&output, OLD);
    let refresh = select(&redirect, "meta[http-equiv=refresh]");
    assert_eq!(
        refresh[0].value().attr("content"),
        Some("0; url=../../../en/briefings/renamed-second/index.html")
    );
    let canonical = select(&redirect, "link[rel=canonical]");
    assert_eq!(
        canonical[0].value().attr("href"),
        Some("https://fixture.example.org/sub/en/briefings/renamed-second/")
    );
    assert_eq!(
        select(&redirect, "meta[name=robots]")[0]
            .value()
            .attr("content"),
        Some("noindex")
    );
    assert_eq!(
        select(&redirect, "html")[0].value().attr("lang"),
        Some("en")
    );
    let link = select(&redirect, "main a[href]");
    assert_eq!(
        link[0].value().attr("href"),
        Some("../../../en/briefings/renamed-second/index.html")
    );
    assert!(redirect.html().contains("This page has moved:"));
    // The Italian file alias speaks Italian, and leads two folders less far.
    let italian = page(&output, "it/vecchio-vertice.html");
    assert!(italian.html().contains("Questa pagina è stata spostata:"));
    assert!(
        italian
            .html()
            .contains("url=../it/analisi/vertice-di-prova-ad-astana/index.html")
    );

    // Redirect pages are not pages to find: not in the sitemap, feeds or search.
    for file in [
        "sitemap.xml",
        "en/feed.xml",
        "it/feed.xml",
        "search-index.en.js",
    ] {
        let text = fs::read_to_string(output.join(file)).unwrap();
        assert!(
            !text.contains("second-briefing") && !text.contains("old-second"),
            "{file} names an old URL"
        );
    }
    let check = check(&root, &[]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    assert!(!stdout(&check).contains("orphan"), "{}", stdout(&check));
}

/// Waits until the browser has left `from` (the redirect page) and returns where it is.
async fn landed(browser: &Browser, from: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let url = browser.current_url().await.unwrap();
        if url != from || Instant::now() > deadline {
            let ready = browser
                .client()
                .execute("return document.readyState;", vec![])
                .await
                .unwrap();
            if ready == "complete" {
                return url;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_old_url_ends_on_the_new_page_from_disk_and_under_a_sub_path() {
    if !browser_available() {
        return;
    }
    let (dir, root) = scratch("basic");
    let output = dir.path().join("public");
    build(&root, &output, &[], &[]);
    rename_beta(&root, true);
    build(&root, &output, &[], &[]);
    let server = StaticServer::start(&output, "/sub/path/").unwrap();
    let browser = Browser::start().await.expect("cannot start the browser");
    let mut failures = Vec::new();
    let cases = [
        (file_url(&output.join(OLD)), file_url(&output.join(NEW))),
        (server.url_of(OLD), server.url_of(NEW)),
        (
            file_url(&output.join("en/briefings/old-second/index.html")),
            file_url(&output.join(NEW)),
        ),
        (
            server.url_of("it/vecchio-vertice.html"),
            server.url_of("it/analisi/vertice-di-prova-ad-astana/index.html"),
        ),
    ];
    for (from, to) in &cases {
        browser.console_errors().await.unwrap();
        browser.open(from).await.unwrap();
        let at = landed(&browser, from).await;
        if at != *to {
            failures.push(format!("{from} ended on {at}, not {to}"));
            continue;
        }
        let problems = browser.failed_requests().await.unwrap();
        let errors = browser.console_errors().await.unwrap();
        failures.extend(
            problems
                .into_iter()
                .chain(errors)
                .map(|p| format!("{to}: {p}")),
        );
        let title = browser
            .client()
            .execute("return document.querySelector('h1').textContent;", vec![])
            .await
            .unwrap();
        let title = title.as_str().unwrap_or_default();
        if !title.contains("Second briefing") && !title.contains("Vertice di prova") {
            failures.push(format!("{to} shows `{title}`"));
        }
    }
    failures.extend(
        server
            .take_misses()
            .into_iter()
            .map(|m| format!("HTTP miss: {m}")),
    );
    browser.close().await.unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_renamed_slug_without_an_alias_is_reported_by_build_and_check() {
    let (dir, root) = scratch("basic");
    // The default output, which `check` compares with unless told otherwise.
    let output = root.join("public");
    build(&root, &output, &[], &[]);
    // A copy of the published site somewhere else, as `check --against` reads it.
    let deployed = dir.path().join("deployed");
    common::site::copy_tree(&output, &deployed);
    rename_beta(&root, false);

    // `build` warns with the exact line to add, and succeeds.
    let out = build(&root, &output, &[], &[]);
    let warning = stderr(&out);
    let expected = "replace its `aliases:` with `aliases: [\"/en/briefings/old-second/\", \"/en/briefings/second-briefing/\"]`";
    assert!(
        warning.contains("warning: ")
            && warning.contains("beta.en.md:")
            && warning.contains(expected),
        "{warning}"
    );
    // Still guarded on the next build: the record keeps it.
    let again = build(&root, &output, &[], &[]);
    assert!(stderr(&again).contains("/en/briefings/second-briefing/"));

    // `check` counts it as an error: against the default output, `--against` a copy
    // (folder or record file), and with `--strict`.
    for extra in [
        vec![],
        vec!["--against", s(&deployed)],
        vec![
            "--against",
            deployed.join(".briefing-urls").to_str().unwrap(),
        ],
        vec!["--strict"],
    ] {
        let out = check(&root, &extra);
        assert_eq!(out.status.code(), Some(1), "{extra:?}: {}", stdout(&out));
        let text = stdout(&out);
        assert!(
            text.contains("error: ") && text.contains(expected),
            "{extra:?}: {text}"
        );
        assert!(text.contains("1 lost URL"), "{text}");
    }
    let json = check(&root, &["--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["counts"]["lost-url"], 1, "{report}");
    assert!(report["guarded_urls"].as_u64().unwrap() > 40);

    // A folder of a site that has no record (an older build, a mirror): its pages count.
    fs::remove_file(deployed.join(".briefing-urls")).unwrap();
    let out = check(&root, &["--against", s(&deployed)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("`/en/briefings/second-briefing/`"),
        "{}",
        stdout(&out)
    );
    let missing = check(&root, &["--against", s(&dir.path().join("nothing"))]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("--against names nothing"));

    // The suggested line fixes it.
    rename_beta_fix(&root);
    let out = build(&root, &output, &[], &[]);
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    assert_eq!(check(&root, &[]).status.code(), Some(0));
    let out = check(&root, &["--against", s(&deployed)]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

fn rename_beta_fix(root: &Path) {
    edit(
        root,
        BETA_EN,
        "aliases: [\"/en/briefings/old-second/\"]",
        "aliases: [\"/en/briefings/old-second/\", \"/en/briefings/second-briefing/\"]",
    );
}

#[test]
fn a_retired_url_is_given_up_and_held_pages_are_not_lost() {
    let (dir, root) = scratch("basic");
    let output = dir.path().join("public");
    build(&root, &output, &[], &[]);
    rename_beta(&root, false);
    let site_yaml = root.join("site.yaml");
    let mut config = fs::read_to_string(&site_yaml).unwrap();
    config.push_str(
        "\n# Published URLs given up on purpose.\nretired: [\"/en/briefings/second-briefing/\"]\n",
    );
    fs::write(&site_yaml, &config).unwrap();
    let out = build(&root, &output, &[], &[]);
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    assert_eq!(check(&root, &[]).status.code(), Some(0));
    let record = fs::read_to_string(output.join(".briefing-urls")).unwrap();
    assert!(!record.contains("\"/en/briefings/second-briefing/\""));
    assert!(record.contains("\"/en/briefings/renamed-second/\": \"briefings/beta.en\""));
    // Forgotten for good: removing the entry brings no warning back.
    fs::write(
        &site_yaml,
        config.replace("retired: [\"/en/briefings/second-briefing/\"]", ""),
    )
    .unwrap();
    let out = build(&root, &output, &[], &[]);
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));

    // A page held back on purpose (a draft) is not lost; its file deleted, it is.
    edit(
        &root,
        "content/pages/about.en.md",
        "---\n",
        "---\ndraft: true\n",
    );
    let out = build(&root, &output, &[], &[]);
    assert!(
        !stderr(&out).contains("/en/pages/about/"),
        "{}",
        stderr(&out)
    );
    fs::remove_file(root.join("content/pages/about.en.md")).unwrap();
    let out = build(&root, &output, &[], &[]);
    let warning = stderr(&out);
    assert!(
        warning.contains("content/pages/about.en.md: the URL `/en/pages/about/`")
            && warning.contains("this document is gone")
            && warning.contains("`retired: [\"/en/pages/about/\"]` in site.yaml"),
        "{warning}"
    );

    // A retired entry is checked like an alias, at its line and column.
    fs::write(
        &site_yaml,
        format!("{config}\nretired: [\"../x/\"]\n")
            .replace("retired: [\"/en/briefings/second-briefing/\"]\n", ""),
    )
    .unwrap();
    let out = briefing(&["build", "--root", s(&root), "--output", s(&output)], &[]);
    assert_eq!(out.status.code(), Some(1));
    let line = fs::read_to_string(&site_yaml)
        .unwrap()
        .lines()
        .position(|l| l.starts_with("retired:"))
        .unwrap()
        + 1;
    assert!(
        stderr(&out).contains(&format!(
            "site.yaml:{line}:11: retired URL `../x/` does not start with `/`"
        )),
        "{}",
        stderr(&out)
    );
}

#[test]
fn site_pages_that_disappear_are_reported_with_the_retired_line() {
    let (dir, root) = scratch("basic");
    let output = dir.path().join("public");
    build(&root, &output, &[], &[]);
    edit(
        &root,
        "site.yaml",
        "en: { name: Culture, slug: culture }",
        "en: { name: Culture, slug: arts }",
    );
    let out = build(&root, &output, &[], &[]);
    let warning = stderr(&out);
    assert!(
        warning.contains("site.yaml:1:1: the URL `/en/topics/culture/` was published")
            && warning.contains("`retired: [\"/en/topics/culture/\"]`"),
        "{warning}"
    );
}

/// Builds the fixture with each `(file, line)` added at the top of the file's
/// front-matter (`(file, from, to)` edits after that), expecting failure with every
/// text of `expected` in the errors, and nothing written.
fn build_fails_with(top: &[(&str, &str)], edits: &[(&str, &str, &str)], expected: &[&str]) {
    let (dir, root) = scratch("basic");
    for (file, line) in top {
        edit(&root, file, "---\n", &format!("---\n{line}\n"));
    }
    for (file, from, to) in edits {
        edit(&root, file, from, to);
    }
    fs::create_dir_all(root.join("static/old")).unwrap();
    fs::write(root.join("static/old/page.html"), "<!doctype html>").unwrap();
    let out = briefing(
        &[
            "build",
            "--root",
            s(&root),
            "--output",
            s(&dir.path().join("out")),
        ],
        &[],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{top:?}: {err}");
    for e in expected {
        assert!(err.contains(e), "{top:?}: missing {e:?} in\n{err}");
    }
    assert!(!dir.path().join("out").exists(), "nothing is written");
}

#[test]
fn alias_collisions_and_loops_are_errors_naming_both_files() {
    let alpha_en = "content/briefings/alpha.en.md";
    let gamma = "content/briefings/gamma.it.md";
    // Its own URL.
    build_fails_with(
        &[(
            alpha_en,
            "aliases: [\"/en/briefings/test-summit-in-astana/\"]",
        )],
        &[],
        &[
            "alpha.en.md:2:11: the alias `/en/briefings/test-summit-in-astana/` is this page's own URL",
        ],
    );
    // Another page's URL: named, both files.
    build_fails_with(
        &[(
            alpha_en,
            "aliases: [\"/en/briefings/second-briefing/index.html\"]",
        )],
        &[],
        &[
            "alpha.en.md:2:11: the alias `/en/briefings/second-briefing/` is the URL of",
            "beta.en.md: a redirect there would replace that page",
        ],
    );
    // Two pages' URLs aliased each way: a loop, reported on both.
    build_fails_with(
        &[(alpha_en, "aliases: [\"/en/briefings/second-briefing/\"]")],
        &[(
            BETA_EN,
            "aliases: [\"/en/briefings/old-second/\"]",
            "aliases: [\"/en/briefings/test-summit-in-astana/\"]",
        )],
        &[
            "alpha.en.md:2:11: the alias `/en/briefings/second-briefing/` is the URL of",
            "beta.en.md, whose aliases name this page's URL: the two would redirect to each other in a loop",
            "beta.en.md:6:11: the alias `/en/briefings/test-summit-in-astana/` is the URL of",
            "alpha.en.md, whose aliases name this page's URL",
        ],
    );
    // One old URL claimed by two pages.
    build_fails_with(
        &[(gamma, "aliases: [\"/en/briefings/old-second/\"]")],
        &[],
        &[
            "the alias `/en/briefings/old-second/` is also an alias of",
            "beta.en.md: one URL can redirect to one page only",
        ],
    );
    // Listed twice, a home, a term, a static file.
    build_fails_with(
        &[(
            alpha_en,
            "aliases:\n  - /en/x/\n  - /en/y/\n  - \"/en/x/\"\n  - /en/\n  - /en/topics/trade/\n  - /old/page.html",
        )],
        &[],
        &[
            "alpha.en.md:5:5: the alias `/en/x/` is listed twice",
            "alpha.en.md:6:5: the alias `/en/` is the URL of the `en` home page",
            "alpha.en.md:7:5: the alias `/en/topics/trade/` is the URL of page 1 of the `topics` term `trade` in `en`",
            "alpha.en.md:8:5: the alias `/old/page.html` is the URL of static/old/page.html",
        ],
    );
    // Not a plain path of the site: at the entry's line and column.
    build_fails_with(
        &[(
            alpha_en,
            "aliases: [\"en/x/\", \"/en/../../etc/\", \"https://fixture.example.org/sub/en/x/\", \"/en/x/?p=1\", /a//b/, /.git/, /en/x.php]",
        )],
        &[],
        &[
            "alpha.en.md:2:11: alias `en/x/` does not start with `/`; write it from the site root: `/en/x/`",
            "alpha.en.md:2:20: alias `/en/../../etc/` has a `..` part",
            "alpha.en.md:2:38: alias `https://fixture.example.org/sub/en/x/` is a full URL, not a path of this site; write the path alone, without scheme and host: `/en/x/`",
            "alias `/en/x/?p=1` has a query or a fragment",
            "alias `/a//b/` has an empty part",
            "alias `/.git/` has a part `.git` that starts with `.`",
            "alias `/en/x.php` names a file that is not a page",
        ],
    );
}

#[test]
fn every_redirects_line_resolves_to_files_under_the_base_path() {
    for (base, prefix) in [("https://x.org/sub", "/sub/"), ("https://x.org", "/")] {
        let (dir, root) = scratch("basic");
        fs::create_dir_all(root.join("static")).unwrap();
        fs::write(root.join("static/_redirects"), "/feed /it/feed.xml 301").unwrap();
        let output = dir.path().join("public");
        build(&root, &output, &["--base-url", base], &[]);
        let text = fs::read_to_string(output.join("_redirects")).unwrap();
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .collect();
        assert_eq!(
            lines[0], "/feed /it/feed.xml 301",
            "the site's own rules come first"
        );
        let ours = &lines[1..];
        assert_eq!(ours.len(), 2, "{text}");
        for line in ours {
            let fields: Vec<&str> = line.split(' ').collect();
            assert_eq!(fields.len(), 3, "{line}");
            assert_eq!(fields[2], "301", "{line}");
            for (i, url) in fields[..2].iter().enumerate() {
                let rest = url
                    .strip_prefix(prefix)
                    .unwrap_or_else(|| panic!("{line}: {url} is not under {prefix}"));
                let file = if rest.ends_with('/') || rest.is_empty() {
                    output.join(rest).join("index.html")
                } else {
                    output.join(rest)
                };
                assert!(file.is_file(), "{line}: {} does not exist", file.display());
                let html = fs::read_to_string(&file).unwrap();
                // The first path answers with a redirect page, the second with the page.
                assert_eq!(html.contains("http-equiv=\"refresh\""), i == 0, "{line}");
            }
        }
        if prefix == "/sub/" {
            assert!(
                ours.contains(
                    &"/sub/en/briefings/old-second/ /sub/en/briefings/second-briefing/ 301"
                ),
                "{text}"
            );
        }
    }
}

/// (id, published, alternate link) of the entry titled `title` in `feed`.
fn entry(feed: &Path, title: &str) -> (String, String, String) {
    let text = fs::read_to_string(feed).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let entry = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .find(|e| {
            e.children()
                .any(|c| c.has_tag_name("title") && c.text() == Some(title))
        })
        .unwrap_or_else(|| panic!("no entry `{title}` in {}", feed.display()));
    let child = |name: &str| {
        entry
            .children()
            .find(|c| c.has_tag_name(name))
            .and_then(|c| c.text())
            .unwrap_or_default()
            .to_string()
    };
    let link = entry
        .children()
        .find(|c| c.has_tag_name("link"))
        .and_then(|l| l.attribute("href"))
        .unwrap_or_default()
        .to_string();
    (child("id"), child("published"), link)
}

#[test]
fn feed_ids_and_published_dates_survive_a_new_slug() {
    let (dir, root) = scratch("basic");
    let output = dir.path().join("public");
    build(&root, &output, &[], &[]);
    let before = entry(&output.join("en/feed.xml"), "Second briefing");
    let italian = entry(&output.join("it/feed.xml"), "Vertice di prova ad Astana");
    rename_beta(&root, true);
    // A new title derives a new slug too.
    edit(
        &root,
        "content/briefings/alpha.it.md",
        "title: \"Vertice di prova ad Astana\"",
        "title: \"Vertice rinominato\"",
    );
    build(&root, &output, &[], &[]);
    let after = entry(&output.join("en/feed.xml"), "Second briefing");
    assert_eq!(
        before.0,
        "tag:fixture.example.org,2025:sub/briefings/beta.en"
    );
    assert_eq!(
        after.0, before.0,
        "the id follows section, NAME and language"
    );
    assert_eq!(after.1, before.1, "published is unchanged");
    assert_ne!(after.2, before.2, "the link follows the new URL");
    assert!(after.2.ends_with("/en/briefings/renamed-second/"));
    let renamed = entry(&output.join("it/feed.xml"), "Vertice rinominato");
    assert_eq!((&renamed.0, &renamed.1), (&italian.0, &italian.1));
    assert_ne!(renamed.2, italian.2);
}

#[test]
fn serve_updates_a_new_slug_in_place_and_redirects_the_old_url() {
    let (_dir, root) = scratch("basic");
    let server = common::serve::Server::start(&root, &[]);
    let old = format!("/{OLD}");
    let new = format!("/{NEW}");
    assert_eq!(server.get(&old).status, 200);

    // Without an alias first: the old URL answers 404, and the terminal says what
    // `build` would warn about.
    edit(&root, BETA_EN, "summary:", "slug: renamed-second\nsummary:");
    server.wait_for("the new URL", || server.get(&new).status == 200);
    assert_eq!(server.get(&old).status, 404);
    server.wait_for("the warning", || {
        server.logs().contains("warning: ")
            && server.logs().contains("\"/en/briefings/second-briefing/\"")
    });

    // With the alias: the old URL is a redirect page to the new one.
    rename_beta_fix(&root);
    server.wait_for("the redirect page", || {
        server.get(&old).body.contains("http-equiv=\"refresh\"")
    });
    let redirect = server.get(&old).body;
    assert!(
        redirect.contains("url=../../../en/briefings/renamed-second/index.html"),
        "{redirect}"
    );
    // Both edits were incremental updates, not full builds.
    let logs = server.logs();
    let updates = logs.matches("updated ").count();
    assert!(updates >= 2 && !logs.contains("rebuilt "), "{logs}");
}
