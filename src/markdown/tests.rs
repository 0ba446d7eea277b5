//! Tests of the Markdown step: ids, contents, footnotes, links, and the checks-only walk.

use super::*;

fn plain(body: &str) -> Rendered {
    render(body, &|_| None)
}

#[test]
fn headings_end_as_sentences_in_the_plain_text() {
    let r = plain("## Che cosa è successo\n\nIl vertice.\n\n## Perché conta?\n\nPerché sì.\n");
    assert_eq!(
        r.text.trim_end(),
        "Che cosa è successo. Il vertice. Perché conta? Perché sì."
    );
    assert_eq!(r.words, 10);
}

#[test]
fn headings_get_unique_ids_and_a_toc() {
    let r = plain("## Città e commercio\n\ntext\n\n## Città e commercio\n\n### Dati {#dati}\n");
    let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["citta-e-commercio", "citta-e-commercio-1", "dati"]);
    assert!(
        r.html.contains("<h2 id=\"citta-e-commercio\">"),
        "{}",
        r.html
    );
    assert_eq!(r.toc[2].level, 3);
}

#[test]
fn footnotes_are_prefixed_and_numbered() {
    let r = plain("Fact[^a].\n\n[^a]: Source.\n");
    assert!(r.html.contains("href=\"#fn-a\">1</a>"), "{}", r.html);
    assert!(r.html.contains("id=\"fn-a\""), "{}", r.html);
}

#[test]
fn internal_links_resolve_or_are_reported() {
    let r = render("[a](@/briefings/x.md) [b](@/briefings/y.md)", &|d| {
        (d == "@/briefings/x.md").then(|| "../x/index.html".to_string())
    });
    assert!(r.html.contains("href=\"../x/index.html\""));
    assert_eq!(r.broken_links, ["@/briefings/y.md"]);
}

#[test]
fn raw_html_passes_through_and_text_is_counted() {
    let r = plain("Hello <b>there</b> world, *friend*.");
    assert!(r.html.contains("<b>there</b>"));
    assert_eq!(r.words, 4);
    let r = plain("| a | b |\n|---|---|\n| 1 | 2 |\n");
    assert!(
        r.html.starts_with("<div class=\"table-wrap\"><table>"),
        "{}",
        r.html
    );
}

fn ids(html: &str) -> Vec<String> {
    html.split("id=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .collect()
}

#[test]
fn a_footnote_cited_twice_gives_unique_ids() {
    let r = plain("A[^z] and B[^z], then [^z-2] and [^Z].\n\n[^z]: One.\n\n[^z-2]: Two.\n");
    let ids = ids(&r.html);
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids: {ids:?}");
    assert!(ids.contains(&"fnref-z_2".to_string()), "{ids:?}");
    assert!(
        r.html.contains("href=\"#fnref-z\""),
        "the note links its first citation"
    );
    assert!(r.problems.is_empty(), "{:?}", r.problems);
}

#[test]
fn a_footnote_defined_twice_is_a_problem_at_the_second() {
    let r = plain("A[^z].\n\n[^z]: One.\n\n[^z]: Two.\n");
    let ids = ids(&r.html);
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids: {ids:?}");
    assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
    assert_eq!((r.problems[0].line, r.problems[0].col), (5, 1));
    assert!(
        r.problems[0].message.contains("second time"),
        "{:?}",
        r.problems
    );
}

#[test]
fn an_unclosed_comment_is_a_problem_where_it_opens() {
    for (body, line, col) in [
        ("Text.\n\n<!-- forgotten\n\nMore.\n", 3, 1),
        ("Text.\n\n<div>x <!-- inner\n\n</div>\n", 3, 8),
        ("<!-- closed -->\n\n<!-- again\n", 3, 1),
    ] {
        let r = plain(body);
        assert_eq!(r.problems.len(), 1, "{body:?}: {:?}", r.problems);
        assert_eq!(
            (r.problems[0].line, r.problems[0].col),
            (line, col),
            "{body:?}"
        );
    }
    for fine in [
        "<!-- a -->\n\nText.\n",
        "A <!-- inline --> b.\n",
        "<!-->\n\n<!--->\n\nText.\n",
        "`<!--` in code\n\n    <!-- indented code\n",
        "Text <!-- not html, just text\n",
        "A <span><!-- escaped as text</span> b.\n",
    ] {
        let r = plain(fine);
        assert!(r.problems.is_empty(), "{fine:?}: {:?}", r.problems);
    }
}

/// A media library that publishes `ok-*` images and files, refuses `bad-*` ones and
/// leaves the others alone, and records every question it was asked.
#[derive(Default)]
struct Recording(std::sync::Mutex<Vec<String>>);

impl Recording {
    fn answer(&self, asked: String, url: &str) -> Option<Result<String, Refused>> {
        self.0.lock().unwrap().push(asked);
        if url.starts_with("ok-") {
            Some(Ok(format!("<img src=\"media/{url}\">")))
        } else if url.starts_with("bad-") {
            Some(Err(Refused {
                message: format!("`{url}` is refused"),
                hint: "rename it".to_string(),
            }))
        } else {
            None
        }
    }
}

impl Media for Recording {
    fn image(&self, src: &str, alt: &str, lazy: bool) -> Option<Result<String, Refused>> {
        self.answer(format!("image {src} {alt} {lazy}"), src)
    }

    fn file(&self, href: &str) -> Option<Result<String, Refused>> {
        self.answer(format!("file {href}"), href)
    }
}

/// Bodies with every kind of thing the checks look at, and the Markdown of this
/// repository's own site and fixtures.
fn sample_bodies() -> Vec<String> {
    let mut bodies: Vec<String> = [
        "## Città e commercio\n\nText [a](@/briefings/x.md) and [b](@/briefings/y.md#part).\n\n## Città e commercio\n\n### Dati {#dati}\n",
        "![Cover](ok-a.jpg \"A caption\")\n\nText ![inline](ok-b.png) and ![gone](bad-c.png).\n\n![plain](other.png)\n",
        "A[^z] and B[^z], then [^z-2].\n\n[^z]: One.\n\n[^z]: Two.\n\n[^z-2]: Three [c](@/briefings/x.md).\n",
        "| a | b |\n|---|---|\n| 1 | [f](ok-file.pdf) |\n\n> quote [g](bad-file.pdf)\n\n- item `code`\n- [h](https://example.org)\n",
        "Text.\n\n<div>x <!-- inner\n\n</div>\n\n```\n<!-- in code\n```\n",
        "# Title\n\nSetext\n------\n\n1. one\n2. two  \nbreak\n",
    ]
    .map(String::from)
    .to_vec();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["content", "tests/fixtures"] {
        for entry in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "md") {
                let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                match crate::content::frontmatter::split(&text, entry.path()) {
                    Ok(split) => bodies.push(split.body.to_string()),
                    Err(_) => bodies.push(text),
                }
            }
        }
    }
    bodies
}

/// What the checks of a walk found, HTML aside, and what it asked the media library.
fn findings(r: &Rendered, media: &Recording) -> String {
    let toc: Vec<_> = r.toc.iter().map(|t| (t.level, &t.id, &t.title)).collect();
    let asked = media.0.lock().unwrap();
    format!(
        "toc {toc:?}\ntext {:?}\nwords {}\nbroken {:?}\nproblems {:?}\nasked {asked:?}",
        r.text, r.words, r.broken_links, r.problems
    )
}

/// The checks-only walk of `briefing build` finds in every body what the full render
/// finds: headings, text and words, links, images, files, problems.
#[test]
fn the_checks_only_walk_finds_what_the_render_finds() {
    let resolve = |d: &str| {
        d.starts_with("@/briefings/x.md")
            .then(|| "../x/".to_string())
    };
    let bodies = sample_bodies();
    assert!(
        bodies.len() > 20,
        "the sample is too small: {}",
        bodies.len()
    );
    let (mut links, mut images, mut headings) = (0, 0, 0);
    for body in &bodies {
        for eager in [false, true] {
            let (full_media, check_media) = (Recording::default(), Recording::default());
            let full = render_with(body, &resolve, &full_media, eager);
            let checked = check_with(body, &resolve, &check_media, eager);
            assert!(checked.html.is_empty());
            assert_eq!(
                findings(&full, &full_media),
                findings(&checked, &check_media),
                "{body}"
            );
            links += full.broken_links.len() + full.html.matches("<a ").count();
            images += full_media.0.lock().unwrap().len();
            headings += full.toc.len();
        }
    }
    // The sample has each kind of thing the walk finds, or the test proves nothing.
    assert!(
        links > 10 && images > 4 && headings > 10,
        "{links} {images} {headings}"
    );
}
