//! The translation desk of `briefing serve`, over HTTP: every pair with its status, one
//! pair side by side with its differences marked, live after an edit, never built.

mod common;

use common::serve::Server;
use common::site::select;
use scraper::{ElementRef, Html, Selector};
use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

const DESK: &str = "/__briefing/desk/";

fn scratch() -> (tempfile::TempDir, PathBuf) {
    common::site::scratch("parity")
}

fn text(e: &ElementRef) -> String {
    e.text().collect::<String>()
}

/// Pair name -> the `data-status` of its English cell.
fn statuses(server: &Server) -> BTreeMap<String, String> {
    let page = server.get(DESK);
    assert_eq!(page.status, 200, "{}", server.logs());
    let html = Html::parse_document(&page.body);
    select(&html, "tr[data-pair]")
        .iter()
        .map(|row| {
            let name = row.value().attr("data-pair").unwrap().to_string();
            let en = row
                .select(&Selector::parse("td[data-lang=en]").unwrap())
                .next()
                .unwrap_or_else(|| panic!("no en cell for {name}"));
            (name, en.value().attr("data-status").unwrap().to_string())
        })
        .collect()
}

#[test]
fn the_desk_lists_every_pair_with_its_status() {
    let (_dir, root) = scratch();
    let server = Server::start(&root, &[]);
    assert!(
        server
            .stdout
            .lock()
            .unwrap()
            .contains("translation desk at http://127.0.0.1:"),
        "{}",
        server.logs()
    );
    let page = server.get(DESK);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let html = Html::parse_document(&page.body);
    let robots = select(&html, "meta[name=robots]");
    assert_eq!(robots[0].value().attr("content"), Some("noindex, nofollow"));
    assert!(
        page.body.contains("src=\"/__briefing/live.js\""),
        "reloads live"
    );

    let expected: BTreeMap<String, String> = [
        ("briefings/behind", "behind"),
        ("briefings/heading", "differences"),
        ("briefings/link", "differences"),
        ("briefings/marked", "parity"),
        ("briefings/numbers", "differences"),
        ("briefings/paragraph", "differences"),
        ("briefings/solo", "missing"),
        ("briefings/terms", "differences"),
        ("pages/about", "parity"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(statuses(&server), expected);
    for cell in select(&html, "td[data-lang=it]") {
        assert_eq!(cell.value().attr("data-status"), Some("original"));
    }
    let numbers = select(
        &html,
        "tr[data-pair=\"briefings/numbers\"] td[data-lang=en] a",
    );
    assert_eq!(text(&numbers[0]), "3 differences");
    assert_eq!(
        numbers[0].value().attr("href"),
        Some("/__briefing/desk/briefings/numbers/en/")
    );
    let solo = select(&html, "tr[data-pair=\"briefings/solo\"] td[data-lang=en]");
    assert!(
        text(&solo[0]).contains("solo.en.md"),
        "names the file to write"
    );

    let folder = server.get("/__briefing/desk");
    assert_eq!(
        (folder.status, folder.header("location")),
        (301, Some(DESK))
    );
    // Nothing on the site leads to the desk.
    for path in ["/", "/it/", "/en/", "/it/analisi/cifre-in-due-notazioni/"] {
        let page = server.get(path);
        assert_eq!(page.status, 200, "{path}");
        assert!(
            !page.body.contains("/__briefing/desk"),
            "{path} links the desk"
        );
    }
}

#[test]
fn one_pair_side_by_side_with_its_differences_marked() {
    let (_dir, root) = scratch();
    let server = Server::start(&root, &[]);
    let page = server.get("/__briefing/desk/briefings/numbers/en/");
    assert_eq!(page.status, 200, "{}", server.logs());
    let html = Html::parse_document(&page.body);
    let items: Vec<String> = select(&html, ".differences li").iter().map(text).collect();
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(
        items
            .iter()
            .any(|i| i.contains("numbers.en.md:11") && i.contains("has 94.9 where")),
        "{items:?}"
    );
    // Marks in each column, on the values as each language writes them.
    let marks = |lang: &str| -> Vec<String> {
        select(&html, &format!(".sections td[lang={lang}] mark.numbers"))
            .iter()
            .map(text)
            .collect()
    };
    assert_eq!(marks("it"), ["16 giugno 2025", "94,8"]);
    assert_eq!(marks("en"), ["17 June 2025", "94.9"]);
    let figures = select(&html, "#field-figures");
    assert_eq!(figures[0].value().attr("class"), Some("differs"));
    assert!(text(&figures[0]).contains("has 1,600 where"));
    assert_eq!(
        select(&html, "#field-topics")[0].value().attr("class"),
        None
    );
    // The served pages of both files are linked.
    let links: Vec<&str> = select(&html, ".files a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        links,
        [
            "/it/analisi/cifre-in-due-notazioni/",
            "/en/briefings/figures-in-two-notations/"
        ]
    );
    for link in links {
        assert_eq!(server.get(link).status, 200, "{link}");
    }

    // A section without a counterpart is a gap beside it.
    let page = server.get("/__briefing/desk/briefings/heading/en/");
    let html = Html::parse_document(&page.body);
    let rows = select(&html, ".sections tbody tr");
    let gap = rows
        .iter()
        .find(|r| text(r).contains("## Perché conta"))
        .unwrap_or_else(|| panic!("{}", page.body));
    assert_eq!(gap.value().attr("class"), Some("differs"));
    assert!(text(gap).contains("no counterpart"));
    assert!(text(gap).contains("this translation has no such section"));

    assert_eq!(
        server.get("/__briefing/desk/briefings/solo/en/").status,
        404
    );
    assert_eq!(
        server.get("/__briefing/desk/briefings/nope/en/").status,
        404
    );
}

#[test]
fn the_desk_follows_an_edit() {
    let (_dir, root) = scratch();
    let server = Server::start(&root, &[]);
    let pair = "/__briefing/desk/briefings/numbers/en/";
    assert!(server.get(pair).body.contains("94.9</mark>"));
    let edit = |file: &str, from: &str, to: &str| {
        let path = root.join(file);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from:?} not in {file}");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    // Fixing a number removes its difference; a new one in a page in parity shows up.
    edit(
        "content/briefings/numbers.en.md",
        "94.9 billion",
        "94.8 billion",
    );
    edit("content/pages/about.en.md", "Text.", "Text of 2025.");
    server.wait_for("the desk to follow", || {
        let status = statuses(&server);
        status["pages/about"] == "differences"
            && status["briefings/numbers"] == "differences"
            && server.get(pair).body.contains("2 differences")
    });
    let page = server.get(pair);
    assert!(!page.body.contains("94.9"), "the fixed number is gone");
    // A broken edit keeps the last good desk.
    edit("content/briefings/numbers.en.md", "title:", "titel:");
    server.wait_for("the problem", || {
        !server.status()["problems"].as_array().unwrap().is_empty()
    });
    assert_eq!(server.get(pair).status, 200);
    assert!(server.get(pair).body.contains("2 differences"));
}

#[test]
fn the_desk_pages_are_valid_html() {
    use common::tools::nu_checker;
    let Some(jar) = nu_checker() else {
        return;
    };
    let (dir, root) = scratch();
    let server = Server::start(&root, &[]);
    let pages = dir.path().join("desk");
    fs::create_dir(&pages).unwrap();
    for (i, path) in [
        "",
        "briefings/numbers/en/",
        "briefings/heading/en/",
        "briefings/marked/en/",
        "briefings/nope/en/",
    ]
    .iter()
    .enumerate()
    {
        let page = server.get(&format!("{DESK}{path}"));
        assert!(
            page.body.starts_with("<!doctype html>"),
            "{path}: {}",
            page.body
        );
        fs::write(pages.join(format!("{i}.html")), page.body).unwrap();
    }
    let out = std::process::Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html"])
        .arg(&pages)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
