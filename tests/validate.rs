//! SPEC P7 with real validators: every HTML page passes the Nu HTML Checker, both Atom
//! feeds follow RFC 4287, `sitemap.xml` validates against the sitemaps.org schema and
//! carries hreflang alternates for every translated page. Checked on the repository's
//! own site and on the fixture sites in two, three and one languages.
//!
//! The external tools (Java + the `vnu-jar` npm package, `xmllint`) must run in CI
//! (`CI=true`): there a missing tool fails the test. On a developer's machine a missing
//! tool skips its check with a loud message. Install them with
//! `npm ci --ignore-scripts` (vnu-jar) and `apt-get install default-jre-headless libxml2-utils`.

mod common;

use common::site::{build, fixture};
use common::tools::{missing_tool, nu_checker, runs};
use scraper::{Html, Selector};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/basic");
/// The schema handed to every developer beside the repository.
const SHARED_SITEMAP_XSD: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/schemas/sitemap.xsd");
/// The same schema kept in the repository, for a checkout without `shared/` beside it.
const LOCAL_SITEMAP_XSD: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/schemas/sitemap.xsd"
);
/// RFC 4287 Appendix B, written out as RELAX NG (XML syntax) for xmllint.
const ATOM_RNG: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/schemas/atom.rng"
);
const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";

/// One built site: its name for messages, its base URL, its languages (in declared
/// order) and its output folder.
struct Built {
    name: &'static str,
    base_url: String,
    languages: Vec<String>,
    output: PathBuf,
    /// Pages with translations the sitemap check must at least see.
    translated: usize,
}

/// Builds the repository's site and the fixture sites (two languages, three, one)
/// into a temporary folder.
fn build_sites() -> (tempfile::TempDir, Vec<Built>) {
    let dir = tempfile::tempdir().unwrap();
    let mut built = Vec::new();
    // The site with photos, figures and linked files is assembled from two fixtures.
    let media = common::site::media_site_in(&dir.path().join("media-site"));
    for (name, root, translated) in [
        ("site", fixture("site").display().to_string(), 20),
        ("fixture", FIXTURE.to_string(), 20),
        (
            "multilingual",
            fixture("multilingual").display().to_string(),
            20,
        ),
        (
            "monolingual",
            fixture("monolingual").display().to_string(),
            0,
        ),
        ("media", media.display().to_string(), 5),
    ] {
        let root = root.as_str();
        let output = dir.path().join(name);
        build(Path::new(root), &output, &[], &[]);
        let config: serde_yaml::Value =
            serde_yaml::from_str(&fs::read_to_string(Path::new(root).join("site.yaml")).unwrap())
                .unwrap();
        let base_url = config["base_url"]
            .as_str()
            .unwrap()
            .trim_end_matches('/')
            .to_string();
        let languages = config["languages"]
            .as_mapping()
            .unwrap()
            .keys()
            .map(|k| k.as_str().unwrap().to_string())
            .collect();
        built.push(Built {
            name,
            base_url,
            languages,
            output,
            translated,
        });
    }
    (dir, built)
}

fn sitemap_xsd() -> PathBuf {
    let shared = Path::new(SHARED_SITEMAP_XSD);
    if shared.is_file() {
        shared.to_path_buf()
    } else {
        PathBuf::from(LOCAL_SITEMAP_XSD)
    }
}

// ---------------------------------------------------------------------------------
// HTML: the Nu HTML Checker
// ---------------------------------------------------------------------------------

#[test]
fn every_html_page_passes_the_nu_html_checker() {
    let Some(jar) = nu_checker() else {
        return;
    };
    let (dir, built) = build_sites();
    // A page we know is invalid proves the checker really checks and reports.
    let canary = dir.path().join("canary");
    fs::create_dir(&canary).unwrap();
    fs::write(
        canary.join("bad.html"),
        "<!DOCTYPE html><html lang=en><title>x</title><p><div></p></html>",
    )
    .unwrap();
    let pages: usize = built.iter().map(|b| count_files(&b.output, "html")).sum();
    assert!(pages > 80, "only {pages} HTML pages built");
    // The redirect pages of aliases (in Italian, English and Russian) are checked too.
    for (site, redirect) in [
        ("fixture", "en/briefings/old-second/index.html"),
        ("fixture", "it/vecchio-vertice.html"),
        ("multilingual", "ru/obzory/staryj-sammit/index.html"),
    ] {
        let b = built.iter().find(|b| b.name == site).unwrap();
        let text = fs::read_to_string(b.output.join(redirect)).unwrap();
        assert!(
            text.contains("http-equiv=\"refresh\""),
            "{site}: {redirect}"
        );
    }

    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html"])
        .args(built.iter().map(|b| &b.output))
        .arg(&canary)
        .output()
        .unwrap();
    // vnu writes its findings to stderr, one per line.
    let report =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    let canary_url = canary.join("bad.html").display().to_string();
    assert!(
        report
            .lines()
            .any(|l| l.contains(&canary_url) && l.contains("error")),
        "the checker did not flag the invalid canary page; is it working?\n{report}"
    );
    let errors: Vec<String> = report
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.contains(&canary_url))
        .map(|l| {
            let mut l = l.to_string();
            for b in &built {
                l = l.replace(&b.output.display().to_string(), b.name);
            }
            l
        })
        .collect();
    assert!(
        errors.is_empty(),
        "the Nu HTML Checker found {} error(s) in {pages} pages:\n{}",
        errors.len(),
        errors.join("\n")
    );
}

fn count_files(dir: &Path, extension: &str) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == extension))
        .count()
}

// ---------------------------------------------------------------------------------
// Atom (RFC 4287)
// ---------------------------------------------------------------------------------

/// RFC 3339 `date-time` (section 5.6), as RFC 4287 section 3.3 requires: upper-case
/// `T` and `Z`, seconds present, a real calendar date and time.
fn is_rfc3339(text: &str) -> bool {
    let b = text.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
    if b.len() < 20
        || !digits(0..4)
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
        || b[10] != b'T'
        || !digits(11..13)
        || b[13] != b':'
        || !digits(14..16)
        || b[16] != b':'
        || !digits(17..19)
    {
        return false;
    }
    let mut rest = &text[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    let offset_ok = rest == "Z"
        || (rest.len() == 6
            && (rest.starts_with('+') || rest.starts_with('-'))
            && rest.as_bytes()[3] == b':'
            && rest[1..3]
                .bytes()
                .chain(rest[4..6].bytes())
                .all(|c| c.is_ascii_digit()));
    // The calendar check: jiff refuses 2025-02-30 and 25:00.
    offset_ok && text.parse::<jiff::Timestamp>().is_ok()
}

/// A language tag as `xml:lang` wants it (RFC 3066 / BCP 47 shape).
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or_default();
    (1..=8).contains(&first.len())
        && first.bytes().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_alphanumeric()))
}

fn is_absolute_http(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://"))
        && !url.contains(char::is_whitespace)
        && url
            .split_once("://")
            .is_some_and(|(_, rest)| !rest.is_empty() && !rest.starts_with('/'))
}

/// RFC 4151: `tag:` authority `,` date `:` specific, where the authority is a DNS name
/// (or an e-mail address), the date `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, and the specific
/// part URI characters (percent-encoded beyond them).
fn is_tag_uri(id: &str) -> bool {
    let Some(rest) = id.strip_prefix("tag:") else {
        return false;
    };
    let Some((authority, rest)) = rest.split_once(',') else {
        return false;
    };
    let Some((date, specific)) = rest.split_once(':') else {
        return false;
    };
    let host = authority.rsplit('@').next().unwrap_or_default();
    let dns = !host.is_empty()
        && host.split('.').all(|part| {
            !part.is_empty()
                && !part.starts_with('-')
                && !part.ends_with('-')
                && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    let digits = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_digit());
    let parts: Vec<&str> = date.split('-').collect();
    let date_ok = match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2),
        [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2),
        _ => false,
    };
    let specific_ok = !specific.is_empty()
        && specific
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/?%".contains(c));
    dns && date_ok && specific_ok
}

fn atom_children<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
    name: &'static str,
) -> Vec<roxmltree::Node<'a, 'i>> {
    node.children()
        .filter(|c| {
            c.is_element()
                && c.tag_name().namespace() == Some(ATOM_NS)
                && c.tag_name().name() == name
        })
        .collect()
}

/// The single Atom child `name` of `node`, or a problem.
fn one<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
    name: &'static str,
    at: &str,
    problems: &mut Vec<String>,
) -> Option<roxmltree::Node<'a, 'i>> {
    let found = atom_children(node, name);
    if found.len() != 1 {
        problems.push(format!(
            "{at}: {} <{name}> elements, RFC 4287 wants exactly one",
            found.len()
        ));
    }
    found.into_iter().next()
}

fn text_of(node: Option<roxmltree::Node>) -> String {
    node.and_then(|n| n.text())
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// Checks a Person construct (RFC 4287 3.2): one non-empty `name`.
fn check_person(person: roxmltree::Node, at: &str, problems: &mut Vec<String>) {
    let name = one(person, "name", at, problems);
    if text_of(name).is_empty() {
        problems.push(format!("{at}: the author has an empty <name>"));
    }
}

/// Checks a Text construct (RFC 4287 3.1): `type` is text, html or xhtml.
fn check_text(node: roxmltree::Node, at: &str, problems: &mut Vec<String>) {
    match node.attribute("type").unwrap_or("text") {
        "text" | "html" => {
            if node.children().any(|c| c.is_element()) {
                problems.push(format!(
                    "{at}: a text/html construct contains child elements"
                ));
            }
        }
        "xhtml" => {
            let divs: Vec<_> = node.children().filter(|c| c.is_element()).collect();
            if divs.len() != 1 || divs[0].tag_name().namespace() != Some(XHTML_NS) {
                problems.push(format!("{at}: xhtml content must be one xhtml:div"));
            }
        }
        other => problems.push(format!("{at}: unknown text type `{other}`")),
    }
}

/// Resolves `reference` against the absolute `base` the way RFC 3986 section 5 does,
/// for the reference forms our HTML uses (relative paths, fragments, absolute URLs).
fn resolve_url(base: &str, reference: &str) -> String {
    if reference.contains("://") || reference.starts_with("mailto:") {
        return reference.to_string();
    }
    let base = base.split('#').next().unwrap();
    if reference.starts_with('#') {
        return format!("{base}{reference}");
    }
    let (origin, path) = {
        let after = base.find("://").unwrap() + 3;
        let slash = base[after..].find('/').map_or(base.len(), |i| after + i);
        (&base[..slash], &base[slash..])
    };
    let mut segments: Vec<&str> = if reference.starts_with('/') {
        Vec::new()
    } else {
        let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    let (ref_path, tail) = match reference.find(['?', '#']) {
        Some(i) => reference.split_at(i),
        None => (reference, ""),
    };
    let parts: Vec<&str> = ref_path.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        match *part {
            ".." => {
                segments.pop();
            }
            "." | "" if i + 1 < parts.len() => {}
            other => segments.push(other),
        }
    }
    format!("{origin}/{}{tail}", segments.join("/"))
}

/// Every structural rule of RFC 4287 that a feed of ours could break.
fn atom_problems(feed_path: &Path, lang: &str, base_url: &str) -> Vec<String> {
    let text = fs::read_to_string(feed_path).unwrap();
    let doc = match roxmltree::Document::parse(&text) {
        Ok(doc) => doc,
        Err(err) => return vec![format!("not well-formed XML: {err}")],
    };
    let mut problems = Vec::new();
    let feed = doc.root_element();
    if feed.tag_name().namespace() != Some(ATOM_NS) || feed.tag_name().name() != "feed" {
        return vec![format!(
            "the root element is {:?}, not atom:feed",
            feed.tag_name()
        )];
    }
    let xml_lang = feed.attribute(("http://www.w3.org/XML/1998/namespace", "lang"));
    if xml_lang != Some(lang) || !is_language_tag(lang) {
        problems.push(format!("feed: xml:lang is {xml_lang:?}, expected {lang:?}"));
    }
    // Every element in the Atom namespace must be one RFC 4287 defines.
    const KNOWN: &[&str] = &[
        "feed",
        "entry",
        "id",
        "title",
        "subtitle",
        "updated",
        "published",
        "link",
        "author",
        "contributor",
        "name",
        "uri",
        "email",
        "generator",
        "icon",
        "logo",
        "rights",
        "category",
        "summary",
        "content",
        "source",
    ];
    for node in doc.descendants().filter(|n| n.is_element()) {
        if node.tag_name().namespace() == Some(ATOM_NS) && !KNOWN.contains(&node.tag_name().name())
        {
            problems.push(format!("unknown Atom element <{}>", node.tag_name().name()));
        }
        for attr in node.attributes() {
            let is_uri = matches!(
                (node.tag_name().name(), attr.name()),
                ("link", "href")
                    | ("category", "scheme")
                    | ("content", "src")
                    | ("generator", "uri")
            );
            if is_uri && !is_absolute_http(attr.value()) {
                problems.push(format!(
                    "<{} {}=\"{}\">: not an absolute http(s) URL",
                    node.tag_name().name(),
                    attr.name(),
                    attr.value()
                ));
            }
        }
    }
    check_feed_level(feed, lang, base_url, &mut problems);
    let entries = atom_children(feed, "entry");
    if entries.is_empty() {
        problems.push("feed: no entries".into());
    }
    let feed_updated = text_of(atom_children(feed, "updated").into_iter().next());
    let feed_has_author = !atom_children(feed, "author").is_empty();
    let mut ids = BTreeSet::new();
    for (n, entry) in entries.into_iter().enumerate() {
        let at = format!("entry {}", n + 1);
        check_entry(
            entry,
            &at,
            base_url,
            feed_has_author,
            &feed_updated,
            &mut ids,
            &mut problems,
        );
    }
    problems
}

fn check_feed_level(feed: roxmltree::Node, lang: &str, base_url: &str, problems: &mut Vec<String>) {
    let id = text_of(one(feed, "id", "feed", problems));
    if !is_absolute_http(&id) {
        problems.push(format!("feed: <id> `{id}` is not an absolute IRI"));
    }
    if let Some(title) = one(feed, "title", "feed", problems) {
        check_text(title, "feed <title>", problems);
        if text_of(Some(title)).is_empty() {
            problems.push("feed: empty <title>".into());
        }
    }
    for subtitle in atom_children(feed, "subtitle") {
        check_text(subtitle, "feed <subtitle>", problems);
    }
    let updated = text_of(one(feed, "updated", "feed", problems));
    if !is_rfc3339(&updated) {
        problems.push(format!(
            "feed: <updated> `{updated}` is not an RFC 3339 date-time"
        ));
    }
    let authors = atom_children(feed, "author");
    for author in &authors {
        check_person(*author, "feed <author>", problems);
    }
    let links = atom_children(feed, "link");
    let selfs: Vec<_> = links
        .iter()
        .filter(|l| l.attribute("rel") == Some("self"))
        .collect();
    let expected_self = format!("{base_url}/{lang}/feed.xml");
    match selfs.as_slice() {
        [one] if one.attribute("href") == Some(expected_self.as_str()) => {}
        _ => problems.push(format!(
            "feed: wants exactly one <link rel=\"self\" href=\"{expected_self}\">, found {:?}",
            selfs
                .iter()
                .map(|l| l.attribute("href"))
                .collect::<Vec<_>>()
        )),
    }
    check_links(&links, "feed", problems);
    if !links.iter().any(|l| {
        l.attribute("rel") == Some("alternate")
            && l.attribute("href") == Some(&format!("{base_url}/{lang}/"))
    }) {
        problems.push(format!(
            "feed: no <link rel=\"alternate\"> to the language home {base_url}/{lang}/"
        ));
    }
}

/// RFC 4287 4.1.1: at most one alternate link per (type, hreflang); every link has href.
fn check_links(links: &[roxmltree::Node], at: &str, problems: &mut Vec<String>) {
    let mut alternates = BTreeSet::new();
    for link in links {
        if link.attribute("href").is_none() {
            problems.push(format!("{at}: a <link> without href"));
        }
        if link.attribute("rel").unwrap_or("alternate") == "alternate"
            && !alternates.insert((link.attribute("type"), link.attribute("hreflang")))
        {
            problems.push(format!(
                "{at}: two alternate links with the same type and hreflang"
            ));
        }
    }
}

fn check_entry(
    entry: roxmltree::Node,
    at: &str,
    base_url: &str,
    feed_has_author: bool,
    feed_updated: &str,
    ids: &mut BTreeSet<String>,
    problems: &mut Vec<String>,
) {
    let id = text_of(one(entry, "id", at, problems));
    if !is_tag_uri(&id) {
        problems.push(format!(
            "{at}: <id> `{id}` is not a tag: URI (RFC 4151) of a host, a date and a name"
        ));
    }
    if !ids.insert(id.clone()) {
        problems.push(format!("{at}: <id> `{id}` is used by two entries"));
    }
    if let Some(title) = one(entry, "title", at, problems) {
        check_text(title, &format!("{at} <title>"), problems);
        if text_of(Some(title)).is_empty() {
            problems.push(format!("{at}: empty <title>"));
        }
    }
    let updated = text_of(one(entry, "updated", at, problems));
    if !is_rfc3339(&updated) {
        problems.push(format!(
            "{at}: <updated> `{updated}` is not an RFC 3339 date-time"
        ));
    } else if is_rfc3339(feed_updated)
        && updated.parse::<jiff::Timestamp>().unwrap()
            > feed_updated.parse::<jiff::Timestamp>().unwrap()
    {
        problems.push(format!(
            "{at}: updated {updated} is later than the feed's {feed_updated}"
        ));
    }
    let published = atom_children(entry, "published");
    if published.len() > 1 {
        problems.push(format!("{at}: more than one <published>"));
    }
    for p in published {
        let value = text_of(Some(p));
        if !is_rfc3339(&value) {
            problems.push(format!(
                "{at}: <published> `{value}` is not an RFC 3339 date-time"
            ));
        } else if is_rfc3339(&updated)
            && value.parse::<jiff::Timestamp>().unwrap()
                > updated.parse::<jiff::Timestamp>().unwrap()
        {
            problems.push(format!(
                "{at}: published {value} is after updated {updated}"
            ));
        }
    }
    let authors = atom_children(entry, "author");
    if authors.is_empty() && !feed_has_author {
        problems.push(format!("{at}: no <author> in the entry nor in the feed"));
    }
    for author in authors {
        check_person(author, &format!("{at} <author>"), problems);
    }
    let links = atom_children(entry, "link");
    check_links(&links, at, problems);
    let alternate = links
        .iter()
        .find(|l| l.attribute("rel").unwrap_or("alternate") == "alternate")
        .and_then(|l| l.attribute("href"));
    let contents = atom_children(entry, "content");
    if contents.len() > 1 {
        problems.push(format!("{at}: more than one <content>"));
    }
    if alternate.is_none() && contents.is_empty() {
        problems.push(format!(
            "{at}: neither <content> nor <link rel=\"alternate\">"
        ));
    }
    if let Some(href) = alternate
        && !href.starts_with(&format!("{base_url}/"))
    {
        problems.push(format!(
            "{at}: the alternate link {href} is not under {base_url}/"
        ));
    }
    for summary in atom_children(entry, "summary") {
        check_text(summary, &format!("{at} <summary>"), problems);
    }
    for content in contents {
        check_text(content, &format!("{at} <content>"), problems);
        if content.attribute("type") == Some("html") {
            check_content_urls(content, alternate, at, base_url, problems);
        }
    }
    for category in atom_children(entry, "category") {
        if category.attribute("term").is_none_or(str::is_empty) {
            problems.push(format!("{at}: a <category> without term"));
        }
    }
}

/// The URLs inside escaped HTML content must mean the same page for a feed reader as
/// they do on the site: either absolute, or relative to an `xml:base` that is the
/// entry's page (a relative URL is otherwise resolved against the feed's own URL).
fn check_content_urls(
    content: roxmltree::Node,
    page: Option<&str>,
    at: &str,
    base_url: &str,
    problems: &mut Vec<String>,
) {
    let xml_base = content
        .ancestors()
        .find_map(|n| n.attribute(("http://www.w3.org/XML/1998/namespace", "base")));
    let html = Html::parse_fragment(content.text().unwrap_or_default());
    let selector = Selector::parse("[href], [src]").unwrap();
    for element in html.select(&selector) {
        for attr in ["href", "src"] {
            let Some(url) = element.value().attr(attr) else {
                continue;
            };
            if is_absolute_http(url) || url.starts_with("mailto:") {
                continue;
            }
            let Some(base) = xml_base else {
                problems.push(format!(
                    "{at}: <content> has the relative URL `{url}` and no xml:base: a feed reader resolves it against the feed's URL"
                ));
                continue;
            };
            let resolved = resolve_url(base, url);
            if !resolved.starts_with(&format!("{base_url}/")) {
                problems.push(format!(
                    "{at}: `{url}` in <content> resolves to {resolved}, outside the site {base_url}/"
                ));
            }
            if url.starts_with('#')
                && let Some(page) = page
                && !resolved.starts_with(page)
            {
                problems.push(format!(
                    "{at}: `{url}` resolves to {resolved}, not into the page {page}"
                ));
            }
        }
    }
}

#[test]
fn every_atom_feed_follows_rfc_4287() {
    let (_dir, built) = build_sites();
    let mut report = Vec::new();
    for site in &built {
        for lang in &site.languages {
            let path = site.output.join(lang).join("feed.xml");
            for problem in atom_problems(&path, lang, &site.base_url) {
                report.push(format!("{} {lang}/feed.xml: {problem}", site.name));
            }
        }
    }
    assert!(report.is_empty(), "Atom problems:\n{}", report.join("\n"));
}

#[test]
fn the_atom_checker_catches_broken_feeds() {
    // The checks above must be able to fail: a feed with every kind of mistake.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.xml");
    fs::write(
        &path,
        r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>t</title>
  <updated>2025-02-30T00:00:00Z</updated>
  <link rel="self" href="feed.xml"/>
  <link rel="self" href="https://x.org/it/feed.xml"/>
  <entry>
    <id>/relative</id>
    <title></title>
    <updated>2025-06-16</updated>
    <content type="html">&lt;a href="../../x/"&gt;x&lt;/a&gt;</content>
    <bogus/>
  </entry>
</feed>"#,
    )
    .unwrap();
    let problems = atom_problems(&path, "it", "https://x.org").join("\n");
    for expected in [
        "xml:lang",
        "0 <id> elements",
        "`2025-02-30T00:00:00Z` is not an RFC 3339",
        "exactly one <link rel=\"self\"",
        "href=\"feed.xml\">: not an absolute",
        "`/relative` is not a tag: URI",
        "empty <title>",
        "`2025-06-16` is not an RFC 3339",
        "no <author>",
        "relative URL `../../x/` and no xml:base",
        "unknown Atom element <bogus>",
    ] {
        assert!(
            problems.contains(expected),
            "missed `{expected}` in:\n{problems}"
        );
    }
    assert!(is_tag_uri("tag:x.org,2025:sub/briefings/a.it"));
    assert!(is_tag_uri("tag:ed@x.org,2025-06-16:a"));
    for bad in [
        "https://x.org/a/",
        "tag:x.org:a",
        "tag:x.org,25:a",
        "tag:-x.org,2025:a",
        "tag:x.org,2025:",
        "tag:x.org,2025:a b",
    ] {
        assert!(!is_tag_uri(bad), "{bad}");
    }
    assert!(is_rfc3339("2025-06-16T00:00:00Z"));
    assert!(is_rfc3339("2025-06-16T10:20:30.5+05:00"));
    assert!(!is_rfc3339("2025-06-16t00:00:00z"));
    assert!(!is_rfc3339("2025-06-16T24:00:00Z"));
    assert_eq!(
        resolve_url("https://a.org/sub/it/x/y/", "../../../en/z/index.html#k"),
        "https://a.org/sub/en/z/index.html#k"
    );
    assert_eq!(
        resolve_url("https://a.org/sub/it/x/", "#fn-1"),
        "https://a.org/sub/it/x/#fn-1"
    );
}

#[test]
fn every_atom_feed_validates_against_the_relax_ng_schema_of_rfc_4287() {
    if !runs("xmllint", &["--version"]) {
        return missing_tool("xmllint", "apt-get install libxml2-utils");
    }
    let rng = Path::new(ATOM_RNG);
    let (dir, built) = build_sites();
    for site in &built {
        for lang in &site.languages {
            let out = xmllint_relaxng(rng, &site.output.join(lang).join("feed.xml"));
            assert!(
                out.status.success(),
                "{} {lang}/feed.xml does not match the RFC 4287 schema:\n{}",
                site.name,
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    // The schema must really be applied: a feed without <id> and with an unknown element fails.
    let feed = fs::read_to_string(built[1].output.join("it/feed.xml")).unwrap();
    let id_end = feed.find("</id>").unwrap() + "</id>".len();
    let id_start = feed[..id_end].rfind("<id>").unwrap();
    let bad = dir.path().join("bad-feed.xml");
    fs::write(&bad, format!("{}{}", &feed[..id_start], &feed[id_end..])).unwrap();
    assert!(
        !xmllint_relaxng(rng, &bad).status.success(),
        "xmllint accepted a feed without <id>: is the schema applied?"
    );
    fs::write(&bad, feed.replacen("<generator>", "<bogus/><generator>", 1)).unwrap();
    assert!(!xmllint_relaxng(rng, &bad).status.success());
}

fn xmllint_relaxng(rng: &Path, file: &Path) -> std::process::Output {
    Command::new("xmllint")
        .args(["--noout", "--nonet", "--relaxng"])
        .arg(rng)
        .arg(file)
        .output()
        .unwrap()
}

// ---------------------------------------------------------------------------------
// Sitemap
// ---------------------------------------------------------------------------------

fn xmllint_schema(xsd: &Path, file: &Path) -> std::process::Output {
    Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(xsd)
        .arg(file)
        .output()
        .unwrap()
}

#[test]
fn sitemap_validates_against_the_sitemaps_org_schema() {
    if !runs("xmllint", &["--version"]) {
        return missing_tool("xmllint", "apt-get install libxml2-utils");
    }
    let xsd = sitemap_xsd();
    assert!(xsd.is_file(), "no sitemap schema at {}", xsd.display());
    let (dir, built) = build_sites();
    for site in &built {
        let out = xmllint_schema(&xsd, &site.output.join("sitemap.xml"));
        assert!(
            out.status.success(),
            "{} sitemap.xml is invalid against {}:\n{}",
            site.name,
            xsd.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The schema must really be applied: a sitemap with a bad date and a bad priority fails.
    let bad = dir.path().join("bad-sitemap.xml");
    fs::write(
        &bad,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://example.org/x/</loc><lastmod>2025-02-30</lastmod><priority>2</priority></url>
</urlset>"#,
    )
    .unwrap();
    assert!(
        !xmllint_schema(&xsd, &bad).status.success(),
        "xmllint accepted an invalid sitemap: is the schema applied?"
    );
}

#[test]
fn the_local_copy_of_the_sitemap_schema_matches_the_shared_one() {
    let shared = Path::new(SHARED_SITEMAP_XSD);
    if !shared.is_file() {
        eprintln!("no ../shared/schemas/sitemap.xsd beside the repository; using the local copy");
        return;
    }
    let local = fs::read_to_string(LOCAL_SITEMAP_XSD).unwrap();
    let shared = fs::read_to_string(shared).unwrap();
    // The local copy adds a licence note at the top, then carries the schema unchanged.
    let body = |s: &str| s[s.find("<xsd:schema").unwrap()..].to_string();
    assert_eq!(
        body(&local),
        body(&shared),
        "tests/fixtures/schemas/sitemap.xsd is out of date"
    );
}

/// `(hreflang, href)` pairs, sorted.
type Alternates = BTreeSet<(String, String)>;

/// loc -> its hreflang alternates, from `sitemap.xml`.
fn sitemap_entries(path: &Path) -> BTreeMap<String, Alternates> {
    let text = fs::read_to_string(path).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let mut entries = BTreeMap::new();
    for url in doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name((SITEMAP_NS, "url")))
    {
        let loc = url
            .children()
            .find(|n| n.has_tag_name((SITEMAP_NS, "loc")))
            .and_then(|n| n.text())
            .unwrap()
            .trim()
            .to_string();
        let mut alternates = Alternates::new();
        for link in url
            .children()
            .filter(|n| n.has_tag_name((XHTML_NS, "link")))
        {
            assert_eq!(
                link.attribute("rel"),
                Some("alternate"),
                "{loc}: xhtml:link rel"
            );
            let pair = (
                link.attribute("hreflang").unwrap().to_string(),
                link.attribute("href").unwrap().to_string(),
            );
            assert!(
                alternates.insert(pair.clone()),
                "{loc}: duplicate alternate {pair:?}"
            );
        }
        assert!(
            entries.insert(loc.clone(), alternates).is_none(),
            "{loc} is listed twice in the sitemap"
        );
    }
    entries
}

/// The public URL of an output file: `base/it/x/` for `it/x/index.html`.
fn public_url(base_url: &str, relative: &str) -> String {
    format!(
        "{base_url}/{}",
        relative.strip_suffix("index.html").unwrap_or(relative)
    )
}

#[test]
fn sitemap_lists_every_page_with_hreflang_alternates() {
    let (_dir, built) = build_sites();
    let link = Selector::parse("head link[rel=alternate][hreflang]").unwrap();
    let canonical = Selector::parse("head link[rel=canonical]").unwrap();
    let html_lang = Selector::parse("html").unwrap();
    let mut redirects = 0;
    for site in &built {
        let entries = sitemap_entries(&site.output.join("sitemap.xml"));
        let mut problems = Vec::new();
        let mut translated = 0;
        let mut pages = BTreeSet::new();
        for entry in walkdir::WalkDir::new(&site.output).sort_by_file_name() {
            let entry = entry.unwrap();
            let relative = entry
                .path()
                .strip_prefix(&site.output)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if !relative.ends_with("index.html") {
                continue; // 404.html and static files are not pages to index
            }
            let url = public_url(&site.base_url, &relative);
            let text = fs::read_to_string(entry.path()).unwrap();
            if text.contains("<meta http-equiv=\"refresh\"") {
                // The redirect page of an alias: noindex, and kept out of the sitemap.
                redirects += 1;
                assert!(
                    text.contains("<meta name=\"robots\" content=\"noindex\">"),
                    "{relative}"
                );
                if entries.contains_key(&url) {
                    problems.push(format!("{relative}: a redirect page is in the sitemap"));
                }
                continue;
            }
            pages.insert(url.clone());
            let Some(in_sitemap) = entries.get(&url) else {
                problems.push(format!("{relative}: {url} is not in the sitemap"));
                continue;
            };
            let doc = Html::parse_document(&fs::read_to_string(entry.path()).unwrap());
            if let Some(c) = doc.select(&canonical).next() {
                let href = c.value().attr("href").unwrap_or_default();
                if href != url {
                    problems.push(format!(
                        "{relative}: canonical {href} differs from its sitemap URL {url}"
                    ));
                }
            }
            let in_page: Alternates = doc
                .select(&link)
                .map(|l| {
                    (
                        l.value().attr("hreflang").unwrap().to_string(),
                        l.value().attr("href").unwrap().to_string(),
                    )
                })
                .collect();
            let languages: BTreeSet<&str> = in_page
                .iter()
                .map(|(l, _)| l.as_str())
                .filter(|l| *l != "x-default")
                .collect();
            if languages.len() < 2 {
                // Untranslated (or the language chooser): no alternates to promise.
                if !in_sitemap.is_empty() && languages.len() == 1 {
                    problems.push(format!(
                        "{relative}: untranslated page has sitemap alternates {in_sitemap:?}"
                    ));
                }
                continue;
            }
            if *in_sitemap != in_page {
                problems.push(format!(
                    "{relative}: the sitemap's alternates {in_sitemap:?} differ from the page's {in_page:?}"
                ));
            }
            if relative == "index.html" {
                // The language chooser belongs to no language: it is the x-default itself.
                if !in_sitemap.contains(&("x-default".to_string(), url.clone())) {
                    problems.push(format!("{relative}: the chooser is not its own x-default"));
                }
                continue;
            }
            translated += 1;
            let lang = doc
                .select(&html_lang)
                .next()
                .and_then(|h| h.value().attr("lang"))
                .unwrap_or_default();
            if !in_sitemap.contains(&(lang.to_string(), url.clone())) {
                problems.push(format!(
                    "{relative}: the alternates do not include the page itself as `{lang}`"
                ));
            }
            if !in_sitemap.iter().any(|(l, _)| l == "x-default") {
                problems.push(format!("{relative}: no x-default alternate"));
            }
            // Reciprocity: every alternate lists this page back.
            for (other_lang, href) in in_sitemap.iter().filter(|(l, _)| l != "x-default") {
                match entries.get(href) {
                    Some(theirs) if theirs.contains(&(lang.to_string(), url.clone())) => {}
                    _ => problems.push(format!(
                        "{relative}: its `{other_lang}` alternate {href} does not list it back"
                    )),
                }
            }
        }
        for loc in entries.keys() {
            if !pages.contains(loc) {
                problems.push(format!(
                    "the sitemap lists {loc}, which is not a built page"
                ));
            }
        }
        assert!(
            problems.is_empty(),
            "{} sitemap:\n{}",
            site.name,
            problems.join("\n")
        );
        assert!(
            translated >= site.translated,
            "{}: only {translated} translated pages checked",
            site.name
        );
    }
    assert!(redirects >= 2, "only {redirects} redirect pages seen");
}
