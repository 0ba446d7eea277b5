//! The open site model as a user builds it: a fixture in three languages (it, en, ru)
//! with three taxonomies and a third section, a one-language fixture, the fields
//! `authors`, `extra` and `template`, scheduling, and site.yaml errors located.

mod common;

use common::site::{
    assert_links_resolve, briefing, build, page, scratch, select, snapshot, stderr, stdout, text,
};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

const BASE: &str = "https://multi.example.org/sub/";
/// 2026-05-28, noon UTC: the builds below do not depend on the clock.
const NOW: (&str, &str) = ("SOURCE_DATE_EPOCH", "1779969600");

fn built(name: &str, extra: &[&str], env: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let (dir, root) = scratch(name);
    let output = dir.path().join("public");
    build(&root, &output, extra, env);
    (dir, output)
}

/// A broken copy of a fixture: `edit` changes it, the build must fail with `expected`.
fn fails(name: &str, edit: impl FnOnce(&Path), expected: &[&str]) {
    let (dir, root) = scratch(name);
    edit(&root);
    let out = briefing(
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--output",
            dir.path().join("public").to_str().unwrap(),
        ],
        &[NOW],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for needle in expected {
        assert!(err.contains(needle), "expected `{needle}` in:\n{err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    assert!(!dir.path().join("public").exists());
}

fn replace(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} not in {file}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// hreflang -> href of a page's head alternates, in document order.
fn alternates(output: &Path, relative: &str) -> Vec<(String, String)> {
    select(&page(output, relative), "link[rel=alternate][hreflang]")
        .iter()
        .map(|l| {
            (
                l.value().attr("hreflang").unwrap().to_string(),
                l.value().attr("href").unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn p1_p3_every_link_resolves_and_builds_are_identical() {
    let (dir, root) = scratch("multilingual");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build(&root, &a, &[], &[NOW]);
    build(&root, &b, &[], &[NOW]);
    assert!(snapshot(&a) == snapshot(&b), "two builds differ");
    let checked = assert_links_resolve(&a, BASE.trim_end_matches('/'));
    assert!(checked > 900, "only {checked} links checked");
}

#[test]
fn p2_alternates_are_reciprocal_among_all_three_languages() {
    let (_dir, output) = built("multilingual", &[], &[NOW]);
    let summit = "it/analisi/vertice-di-prova-ad-astana/index.html";
    let langs: Vec<String> = alternates(&output, summit)
        .into_iter()
        .map(|(l, _)| l)
        .collect();
    assert_eq!(
        langs,
        ["it", "en", "ru", "x-default"],
        "declared order, then x-default"
    );

    // Every alternate of every page names that page back, in every language.
    let mut pages_with_three = 0;
    for (relative, _) in snapshot(&output)
        .iter()
        .filter(|(p, _)| p.ends_with("index.html"))
    {
        let mine = alternates(&output, relative);
        let me = format!("{BASE}{}", relative.trim_end_matches("index.html"));
        let real: Vec<&(String, String)> = mine.iter().filter(|(l, _)| l != "x-default").collect();
        if real.len() == 3 {
            pages_with_three += 1;
        }
        for (lang, href) in real {
            if *href == me {
                continue;
            }
            let theirs = format!("{}index.html", href.strip_prefix(BASE).unwrap());
            let back = alternates(&output, &theirs);
            assert!(
                back.iter().any(|(_, h)| *h == me),
                "{relative}: its `{lang}` alternate {theirs} does not name it back: {back:?}"
            );
        }
    }
    assert!(
        pages_with_three > 25,
        "only {pages_with_three} pages in all three languages"
    );

    // The switcher lists every other language in the declared order.
    let switch = |relative: &str| -> Vec<String> {
        select(&page(&output, relative), "nav.lang-switch a[hreflang]")
            .iter()
            .map(|a| a.value().attr("hreflang").unwrap().to_string())
            .collect()
    };
    assert_eq!(switch(summit), ["en", "ru"]);
    assert_eq!(
        switch("ru/obzory/testovyi-sammit-v-astane/index.html"),
        ["it", "en"]
    );
    assert_eq!(switch("en/index.html"), ["it", "ru"]);

    // A page missing two translations says so twice, in its own language.
    let lonely = page(&output, "it/analisi/solo-in-italiano/index.html");
    let notices = text(&lonely, ".no-translation");
    assert!(
        notices.contains("Questa pagina non è disponibile in inglese."),
        "{notices}"
    );
    assert!(
        notices.contains("Questa pagina non è disponibile in russo."),
        "{notices}"
    );
    let links: Vec<&str> = select(&lonely, ".no-translation a")
        .iter()
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(links, ["../../../en/index.html", "../../../ru/index.html"]);

    // A term page links the same term in the other two languages.
    let term = fs::read_to_string(output.join("ru/strany/kazakhstan/index.html")).unwrap();
    assert!(term.contains("href=\"../../../it/paesi/kazakistan/index.html\""));
    assert!(term.contains("href=\"../../../en/countries/kazakhstan/index.html\""));

    // The chooser and the sitemap name the three homes.
    let chooser: Vec<String> = alternates(&output, "index.html")
        .into_iter()
        .map(|(l, _)| l)
        .collect();
    assert_eq!(chooser, ["it", "en", "ru", "x-default"]);
    let sitemap = fs::read_to_string(output.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains(&format!(
        "hreflang=\"ru\" href=\"{BASE}ru/obzory/testovyi-sammit-v-astane/\""
    )));
}

#[test]
fn dates_numbers_and_plural_forms_follow_each_locale() {
    let (_dir, output) = built("multilingual", &[], &[NOW]);
    let date = |relative: &str| text(&page(&output, relative), "header.doc-header p.meta time");
    assert_eq!(
        date("it/analisi/vertice-di-prova-ad-astana/index.html"),
        "16 giugno 2025"
    );
    assert_eq!(
        date("en/briefings/test-summit-in-astana/index.html"),
        "16 June 2025"
    );
    // CLDR writes a narrow no-break space before the abbreviation of "year".
    assert_eq!(
        date("ru/obzory/testovyi-sammit-v-astane/index.html"),
        "16 июня 2025\u{202f}г."
    );
    // Russian has three forms for counts: один обзор, два обзора, ноль обзоров.
    let counts = text(&page(&output, "ru/strany/index.html"), ".term-grid a");
    for expected in [
        "Китай 2 обзора",
        "Казахстан 1 обзор",
        "Узбекистан 0 обзоров",
    ] {
        assert!(counts.contains(expected), "{expected:?} not in {counts:?}");
    }
    let counts = text(&page(&output, "en/countries/index.html"), ".term-grid a");
    assert!(counts.contains("China 2 briefings") && counts.contains("Kazakhstan 1 briefing"));
    assert!(counts.contains("Kyrgyzstan 1 briefing"), "{counts}");
    // Cyrillic titles give transliterated slugs.
    assert!(
        output
            .join("ru/obzory/zheleznaia-doroga-kitai-kirgiziia/index.html")
            .is_file()
    );
    // A term slug in site.yaml is the term's own (ШОС -> shos).
    let shos = page(&output, "ru/organizatsii/shos/index.html");
    assert_eq!(text(&shos, "h1"), "ШОС");
}

#[test]
fn a_third_section_and_a_third_taxonomy_are_built_from_site_yaml() {
    let (_dir, output) = built("multilingual", &[], &[NOW]);
    let list = page(&output, "it/approfondimenti/index.html");
    assert_eq!(text(&list, "h1"), "Approfondimenti");
    assert!(text(&list, ".card-title").contains("Che cos’è la SCO"));
    assert!(
        output
            .join("ru/spravki/chto-takoe-shos/index.html")
            .is_file()
    );
    // Its items are searchable but neither in the feed nor on the home page.
    let feed = fs::read_to_string(output.join("it/feed.xml")).unwrap();
    assert!(!feed.contains("Che cos’è la SCO") && !feed.contains("Che cos'è la SCO"));
    let index = fs::read_to_string(output.join("search-index.ru.js")).unwrap();
    assert!(index.contains("Что такое ШОС"));
    // The organisations taxonomy: term pages in every language, tags on the cards.
    let sco = page(&output, "it/organizzazioni/sco/index.html");
    let titles = text(&sco, ".card-title");
    assert!(titles.contains("Vertice di prova ad Astana") && titles.contains("Che cos’è la SCO"));
    let summit = page(&output, "en/briefings/test-summit-in-astana/index.html");
    let tags: Vec<String> = select(&summit, ".doc-tags a.tag")
        .iter()
        .map(|a| {
            format!(
                "{} {}",
                a.value().attr("class").unwrap(),
                a.text().collect::<String>()
            )
        })
        .collect();
    assert_eq!(
        tags,
        [
            "tag countries China",
            "tag countries Kazakhstan",
            "tag topics Trade",
            "tag organisations SCO"
        ]
    );
    assert_eq!(
        text(&summit, ".doc-tags h2"),
        "Countries | Topics | Organisations"
    );
    // The declared nav: every entry, labelled in the page language.
    let nav = text(&page(&output, "ru/index.html"), "nav.main-nav a");
    assert_eq!(
        nav,
        "Главная | Обзоры | Справки | Страны | Темы | Организации | Хронология | О нас"
    );
    // `@/explainers/NAME.md#anchor` resolves to the same language's page.
    let it = fs::read_to_string(output.join("it/analisi/vertice-di-prova-ad-astana/index.html"))
        .unwrap();
    assert!(it.contains("href=\"../../../it/approfondimenti/che-cos-e-la-sco/index.html#membri\""));
}

#[test]
fn authors_extra_and_a_page_template() {
    let (_dir, output) = built("multilingual", &[], &[NOW]);
    let byline = |relative: &str| text(&page(&output, relative), ".byline");
    assert_eq!(
        byline("it/analisi/vertice-di-prova-ad-astana/index.html"),
        "di Ada Rossi, Ivan Petrov"
    );
    assert_eq!(
        byline("ru/obzory/testovyi-sammit-v-astane/index.html"),
        "Автор: Ада Росси"
    );
    let feed = fs::read_to_string(output.join("ru/feed.xml")).unwrap();
    assert!(
        feed.contains("<author>\n      <name>Ада Росси</name>"),
        "{feed}"
    );
    let lonely = page(&output, "it/analisi/solo-in-italiano/index.html");
    assert_eq!(text(&lonely, "p.banner"), "Edizione speciale");
    assert_eq!(
        select(&lonely, "body.wide").len(),
        1,
        "the page's own template"
    );
}

#[test]
fn front_matter_fields_stay_strict() {
    let file = "content/briefings/summit.it.md";
    fails(
        "multilingual",
        |r| replace(r, file, "authors: [ada, ivan]", "autors: [ada]"),
        &[
            "summit.it.md:8:1: unknown field `autors`",
            "did you mean `authors`?",
        ],
    );
    fails(
        "multilingual",
        |r| replace(r, file, "authors: [ada, ivan]", "authors: [adda]"),
        &["summit.it.md:8:1: unknown author `adda`; did you mean `ada`?"],
    );
    fails(
        "multilingual",
        |r| replace(r, file, "organisations: [sco]", "organisations: [sko]"),
        &["summit.it.md:7:1: unknown term `sko` in `organisations`; did you mean `sco`?"],
    );
    fails(
        "multilingual",
        |r| replace(r, file, "extra: { tone: sobrio }", "extra: 3"),
        &["summit.it.md:10:1: `extra` is not a mapping"],
    );
    fails(
        "multilingual",
        |r| {
            replace(
                r,
                "content/briefings/italian-only.it.md",
                "wide.html",
                "narrow.html",
            )
        },
        &["italian-only.it.md:6:1: template `narrow.html` does not exist"],
    );
    // A Markdown file outside the declared sections names them.
    fails(
        "multilingual",
        |r| {
            fs::create_dir_all(r.join("content/notes")).unwrap();
            fs::write(r.join("content/notes/x.it.md"), "---\ntitle: x\n---\n").unwrap();
        },
        &[
            "content/notes/x.it.md: this file is not in a section declared in site.yaml",
            "content/briefings/, content/explainers/, content/pages/",
        ],
    );
}

#[test]
fn site_yaml_errors_name_file_line_and_column() {
    fails(
        "multilingual",
        |r| replace(r, "site.yaml", "locale: ru-RU", "locale: xx-YY"),
        &["site.yaml:19:5: locale `xx-YY` of language `ru` is not supported"],
    );
    fails(
        "multilingual",
        |r| {
            replace(
                r,
                "site.yaml",
                "    list: list.html\n    item: page.html",
                "    lsit: list.html\n    item: page.html",
            )
        },
        &[
            "site.yaml:36:5: sections.explainers: unknown field `lsit`",
            "did you mean `list`?",
        ],
    );
    fails(
        "multilingual",
        |r| {
            replace(
                r,
                "site.yaml",
                "slug: { it: approfondimenti, en: explainers, ru: spravki }",
                "slug: { it: approfondimenti, en: explainers }",
            )
        },
        &["site.yaml:35:5: section `explainers` has no `ru` text"],
    );
    fails(
        "multilingual",
        |r| {
            replace(
                r,
                "site.yaml",
                "      sco:\n        it: { name: SCO, slug: sco }",
                "      sco:\n        it: { name: SCO, slug: S/CO }",
            )
        },
        &["site.yaml:100:26: term `sco` has an invalid `it` slug `S/CO`"],
    );
    fails(
        "multilingual",
        |r| replace(r, "site.yaml", "  - organisations\n", "  - organizations\n"),
        &["site.yaml:52:1: nav entry 6 `organizations` names nothing to link"],
    );
    fails(
        "multilingual",
        |r| {
            replace(
                r,
                "site.yaml",
                "  organisations:\n    slug",
                "  title:\n    slug",
            )
        },
        &["site.yaml:95:3: taxonomy `title` cannot be a front-matter field"],
    );
    fails(
        "multilingual",
        |r| replace(r, "site.yaml", "item: briefing.html", "item: article.html"),
        &[
            "site.yaml:29:5: section `briefings` names the template `article.html`, which does not exist",
        ],
    );
    fails(
        "multilingual",
        |r| {
            replace(
                r,
                "site.yaml",
                "timeline: { slug: { it: cronologia,",
                "timeline: { slug: { it: paesi,",
            )
        },
        &[
            "site.yaml:64:13: two pages would be written to `it/paesi/index.html`: the timeline and the `countries` list",
        ],
    );
    // A language the builtin UI strings do not have: one error at that language.
    fails(
        "multilingual",
        |r| {
            replace(
                r,
                "site.yaml",
                "  ru:\n    name: Русский\n    locale: ru-RU",
                "  de:\n    name: Deutsch\n    locale: de",
            )
        },
        &["site.yaml:17:3: the builtin UI strings have no `de` text for"],
    );
}

#[test]
fn scheduled_and_expired_items_follow_the_build_date() {
    let later = "it/analisi/analisi-programmata/index.html";
    let gone = "it/analisi/analisi-scaduta/index.html";
    let lead = |output: &Path| text(&page(output, "it/index.html"), ".lead-title");
    let (_d, output) = built("multilingual", &[], &[NOW]);
    assert!(!output.join(later).exists() && !output.join(gone).exists());
    assert_eq!(
        lead(&output),
        "Vertice di prova ad Astana",
        "a future item never leads"
    );
    let (_d, output) = built("multilingual", &["--future"], &[NOW]);
    assert!(output.join(later).exists());
    assert_eq!(lead(&output), "Analisi programmata");
    assert!(
        !output.join(gone).exists(),
        "--future does not bring back expired items"
    );
    // SOURCE_DATE_EPOCH is the build's "now": on 2099-06-01 the item is due...
    let (_d, output) = built("multilingual", &[], &[("SOURCE_DATE_EPOCH", "4083998400")]);
    assert!(output.join(later).exists());
    // ... not the day before; and in 2020 the expired one was still up.
    let (_d, output) = built("multilingual", &[], &[("SOURCE_DATE_EPOCH", "4083912000")]);
    assert!(!output.join(later).exists());
    let (_d, output) = built("multilingual", &[], &[("SOURCE_DATE_EPOCH", "1591012800")]);
    assert!(
        output.join(gone).exists()
            && output
                .join("en/briefings/expired-briefing/index.html")
                .exists()
    );
    // A bad value is an error, not the clock.
    let root = common::site::fixture("multilingual");
    let dir = tempfile::tempdir().unwrap();
    let out = briefing(
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--output",
            dir.path().join("p").to_str().unwrap(),
        ],
        &[("SOURCE_DATE_EPOCH", "yesterday")],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("SOURCE_DATE_EPOCH: `yesterday` is not a number of seconds"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn check_lists_scheduled_and_expired_items_without_failing() {
    let root = common::site::fixture("multilingual");
    let out = briefing(&["check", "--root", root.to_str().unwrap()], &[NOW]);
    let report = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{report}");
    assert!(
        report.contains("later.it.md:3:1: scheduled: dated 2099-06-01, after today (2026-05-28)"),
        "{report}"
    );
    assert!(
        report.contains("gone.it.md:5:1: expired on 2020-12-31"),
        "{report}"
    );
    assert!(
        report.contains("gone.en.md:5:1: expired on 2020-12-31"),
        "{report}"
    );
    assert!(
        report.contains("3 notes (1 scheduled page, 2 expired pages)"),
        "{report}"
    );
    let out = briefing(
        &[
            "check",
            "--root",
            root.to_str().unwrap(),
            "--format",
            "json",
        ],
        &[NOW],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["notes"], 3);
    assert_eq!(json["errors"], 0);
}

#[test]
fn one_language_has_no_switcher_and_no_alternates() {
    let (_dir, output) = built("monolingual", &[], &[NOW]);
    let mut pages = 0;
    for (relative, _) in snapshot(&output)
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
    {
        let doc = page(&output, relative);
        assert!(
            select(&doc, "nav.lang-switch").is_empty(),
            "{relative} has a switcher"
        );
        assert!(
            select(&doc, "link[hreflang]").is_empty(),
            "{relative} has alternates"
        );
        assert!(select(&doc, ".no-translation").is_empty(), "{relative}");
        pages += 1;
    }
    assert!(pages >= 10, "{pages}");
    let sitemap = fs::read_to_string(output.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("xhtml:link"), "{sitemap}");
    assert_links_resolve(&output, "https://mono.example.org");
    let note = page(&output, "en/notes/first-note/index.html");
    let nav = text(&note, "nav.main-nav a");
    assert_eq!(nav, "Home | Notes | Places | Timeline", "the default nav");
    let tags: BTreeSet<String> = select(&note, "a.tag")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(tags, BTreeSet::from(["Almaty".to_string()]));
}
