//! The incremental build (issue 18): a build against the manifest of the previous one
//! rewrites only the files whose bytes changed, leaves every other file as it was
//! (same inode, same mtime), and its output equals a `--clean` build's byte for byte,
//! after any sequence of edits and after a kill at any moment.

mod common;

use common::site::{briefing, build, copy_tree, fixture, listing as tree, stderr, stdout};
use common::trees::{differences, stamps};
use proptest::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The basic fixture with its own ui.yaml and base template (so edits to both can be
/// tested) and `extra` more briefing pairs.
fn site(dir: &Path, extra: usize) -> PathBuf {
    let root = dir.join("site");
    copy_tree(&fixture("basic"), &root);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::copy(repo.join("ui.yaml"), root.join("ui.yaml")).unwrap();
    let yaml = fs::read_to_string(root.join("site.yaml")).unwrap();
    fs::write(root.join("site.yaml"), format!("{yaml}\nui: ui.yaml\n")).unwrap();
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::copy(
        repo.join("templates/base.html"),
        root.join("templates/base.html"),
    )
    .unwrap();
    for i in 0..extra {
        add_pair(&root, &format!("extra{i}"), i, "first");
    }
    root
}

fn add_pair(root: &Path, name: &str, i: usize, summary: &str) {
    for lang in ["it", "en"] {
        fs::write(
            root.join(format!("content/briefings/{name}.{lang}.md")),
            format!(
                "---\ntitle: \"{name} {lang}\"\nslug: \"{name}\"\ndate: 2025-03-{:02}\nsummary: \"Summary {summary}.\"\ncountries: [china]\ntopics: [trade]\nevent: {{ date: 2025-03-{:02}, name: \"Event {i}\", place: \"Astana\" }}\n---\nBody {i} in {lang}.\n\n## One\n\nMore.\n",
                i % 28 + 1,
                i % 28 + 1
            ),
        )
        .unwrap();
    }
}

fn replace(file: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{from:?} is not in {}", file.display());
    fs::write(file, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn an_unchanged_rebuild_rewrites_nothing_and_an_edit_only_what_shows_it() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path(), 0);
    let output = tmp.path().join("public");
    let first = build(&root, &output, &[], &[]);
    assert!(!stdout(&first).contains("written"), "{}", stdout(&first));
    let before = stamps(&output);

    // Nothing changed: no file is written, moved or removed.
    let again = build(&root, &output, &[], &[]);
    assert!(
        stdout(&again).contains("(0 written, 0 removed), rendered 2 of"),
        "{}",
        stdout(&again)
    );
    assert_eq!(differences(&before, &stamps(&output)), Vec::<String>::new());
    // The search indexes were kept, not built again: their sizes come from the record.
    let sizes =
        |run: &std::process::Output| stdout(run).split("search index").nth(1).map(str::to_string);
    assert!(
        sizes(&first).is_some_and(|s| s.contains("KiB")),
        "{}",
        stdout(&first)
    );
    assert_eq!(sizes(&again), sizes(&first));

    // A body edit: its page, and the feed and search files of its language (they carry
    // the text), nothing else.
    replace(
        &root.join("content/briefings/beta.it.md"),
        "Testo.",
        "Testo rivisto.",
    );
    let run = build(&root, &output, &[], &[]);
    // Rendered again: the page, the language chooser and the 404 page, of all pages.
    let (rendered_now, total) = rendered(&stdout(&run));
    assert_eq!(rendered_now, 3, "{}", stdout(&run));
    assert!(total > 20, "{}", stdout(&run));
    let after = stamps(&output);
    let rewritten = differences(&before, &after);
    let page = "it/analisi/secondo-briefing/index.html";
    assert!(rewritten.contains(&page.to_string()), "{rewritten:?}");
    for file in &rewritten {
        assert!(
            file == page
                || file == "it/feed.xml"
                || file == "search-index.it.js"
                || file.starts_with("search-text/it/"),
            "{file} was rewritten for a body edit of beta.it.md: {rewritten:?}"
        );
    }
    let clean = tmp.path().join("clean");
    build(&root, &clean, &["--clean"], &[]);
    assert_eq!(
        differences(&tree(&output), &tree(&clean)),
        Vec::<String>::new()
    );

    // A summary edit: the card changes, so the lists and term pages that show it too.
    replace(
        &root.join("content/briefings/beta.it.md"),
        "Il secondo.",
        "Il secondo, rivisto.",
    );
    let run = build(&root, &output, &[], &[]);
    let (rendered_now, _) = rendered(&stdout(&run));
    assert!((6..total / 2).contains(&rendered_now), "{}", stdout(&run));
    let rewritten = differences(&after, &stamps(&output));
    for file in [
        page,
        "it/index.html",
        "it/feed.xml",
        "it/analisi/index.html",
    ] {
        assert!(
            rewritten.contains(&file.to_string()),
            "{file}: {rewritten:?}"
        );
    }
    assert!(
        !rewritten.iter().any(|f| f.starts_with("en/")),
        "{rewritten:?}"
    );
    assert!(rewritten.len() < before.len() / 3, "{rewritten:?}");
    build(&root, &clean, &["--clean"], &[]);
    assert_eq!(
        differences(&tree(&output), &tree(&clean)),
        Vec::<String>::new()
    );
}

/// What a rebuild trusts (README, "What a rebuild trusts"): the manifest and the
/// output's marker, not a stat of every output file. A file the build writes again is
/// checked and put right; a file it keeps stays as the manifest records it until
/// `--clean`; a folder replaced as a whole (a new marker) is replaced as a whole.
#[test]
fn an_output_changed_by_hand_or_clean_replaces_the_whole_output() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path(), 0);
    let output = tmp.path().join("public");
    build(&root, &output, &[], &[]);
    let reference = tree(&output);
    // Files every build writes again, edited and removed by hand: both put right.
    fs::write(output.join("sitemap.xml"), "edited by hand").unwrap();
    fs::remove_file(output.join("it/feed.xml")).unwrap();
    let run = build(&root, &output, &[], &[]);
    assert!(
        stdout(&run).contains("(2 written, 0 removed)"),
        "{}",
        stdout(&run)
    );
    assert_eq!(tree(&output), reference);
    // A page no source change renders again is trusted as the manifest records it.
    fs::write(output.join("it/index.html"), "edited by hand").unwrap();
    let run = build(&root, &output, &[], &[]);
    assert!(
        stdout(&run).contains("(0 written, 0 removed)"),
        "{}",
        stdout(&run)
    );
    assert_ne!(tree(&output), reference);
    // `--clean` ignores the manifest and replaces everything.
    let before = stamps(&output);
    let run = build(&root, &output, &["--clean"], &[]);
    assert!(!stdout(&run).contains("written"), "{}", stdout(&run));
    assert_eq!(tree(&output), reference);
    let after = stamps(&output);
    // (Media files are hard links into the media cache: always the cache's inode.)
    assert!(
        before
            .iter()
            .filter(|(f, _)| !f.starts_with("media/"))
            .all(|(f, s)| after.get(f) != Some(s)),
        "--clean kept files in place"
    );
    // A new marker (the folder replaced by another build, or by hand): the manifest no
    // longer describes it, and the whole output is replaced.
    fs::write(output.join("it/index.html"), "edited by hand").unwrap();
    let marker = output.join(".briefing-build");
    let text = fs::read(&marker).unwrap();
    fs::remove_file(&marker).unwrap();
    fs::write(&marker, text).unwrap();
    let run = build(&root, &output, &[], &[]);
    assert!(!stdout(&run).contains("written"), "{}", stdout(&run));
    assert_eq!(tree(&output), reference);
}

/// A long body for briefing `name` in `lang`: about `bytes` of plain text.
fn long_body(root: &Path, name: &str, lang: &str, bytes: usize) {
    let file = root.join(format!("content/briefings/{name}.{lang}.md"));
    let text = fs::read_to_string(&file).unwrap();
    let (head, _) = text.split_once("\n---\n").unwrap();
    let words = format!("{name} parola ").repeat(bytes / (name.len() + 8));
    fs::write(&file, format!("{head}\n---\n{words}\n")).unwrap();
}

/// The search text shards of `lang` among `files`.
fn shards<V>(files: &std::collections::BTreeMap<String, V>, lang: &str) -> Vec<String> {
    let prefix = format!("search-text/{lang}/");
    files
        .keys()
        .filter(|f| f.starts_with(&prefix))
        .cloned()
        .collect()
}

#[test]
fn an_edit_rewrites_only_the_search_shard_that_holds_it() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path(), 6);
    // Six long English bodies, newest first extra5..extra0: two to a 128 KiB shard.
    for i in 0..6 {
        long_body(&root, &format!("extra{i}"), "en", 50_000);
    }
    let output = tmp.path().join("public");
    let clean = tmp.path().join("clean");
    build(&root, &output, &[], &[]);
    let before = stamps(&output);
    assert!(
        shards(&before, "en").len() >= 3,
        "{:?}",
        shards(&before, "en")
    );

    // The same length: only its shard of its language is made and written again.
    let file = root.join("content/briefings/extra3.en.md");
    replace(&file, "extra3 parola", "extra3 parole");
    let run = build(&root, &output, &[], &[]);
    let rewritten = differences(&before, &stamps(&output));
    let shards_now: Vec<&String> = rewritten
        .iter()
        .filter(|f| f.starts_with("search-text/"))
        .collect();
    assert_eq!(shards_now, ["search-text/en/1.js"], "{}", stdout(&run));
    build(&root, &clean, &["--clean"], &[]);
    assert_eq!(
        differences(&tree(&output), &tree(&clean)),
        Vec::<String>::new()
    );

    // The newest body grows to a shard of its own: every later shard starts elsewhere
    // and holds other documents, edited or not; none may be kept.
    long_body(&root, "extra5", "en", 110_000);
    build(&root, &output, &[], &[]);
    build(&root, &clean, &["--clean"], &[]);
    assert_eq!(
        differences(&tree(&output), &tree(&clean)),
        Vec::<String>::new()
    );
}

// ---------------------------------------------------------------------------------
// Random sequences of edits against clean builds
// ---------------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Edit {
    /// The body of one of the briefings of [`TARGETS`]: a partial build.
    Body(usize, u8),
    /// The summary (so the card) of one of them: a partial build.
    Summary(usize, u8),
    /// The title: the card, shown by the lists, home, term pages, timeline and its
    /// neighbours' newer/older links.
    Title(usize, u8),
    /// The date: the lists reorder (a full build).
    Date(usize, u8),
    /// Another topic: the term pages change (a full build).
    Topic(usize),
    /// A new pair `new{n}`.
    Add(u8),
    /// Removes an extra pair (the fixture's own are linked from other pages).
    Delete(u8),
    /// Renames an extra pair's Italian file (a new NAME: the pair splits).
    Rename(u8),
    /// The base template of every page.
    Template(u8),
    /// A UI string of every page.
    Ui(u8),
}

/// The briefings edits change: the fixture's, and two of the extra pairs (which other
/// edits may have deleted or renamed: then the edit does nothing).
const TARGETS: [&str; 6] = [
    "alpha.it",
    "alpha.en",
    "beta.it",
    "beta.en",
    "extra0.it",
    "extra1.en",
];

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        (0..6usize, any::<u8>()).prop_map(|(i, n)| Edit::Body(i, n)),
        (0..6usize, any::<u8>()).prop_map(|(i, n)| Edit::Summary(i, n)),
        (0..6usize, any::<u8>()).prop_map(|(i, n)| Edit::Title(i, n)),
        (0..6usize, any::<u8>()).prop_map(|(i, n)| Edit::Date(i, n)),
        (0..6usize).prop_map(Edit::Topic),
        (0..2u8).prop_map(Edit::Add),
        (0..2u8).prop_map(Edit::Delete),
        (0..2u8).prop_map(Edit::Rename),
        any::<u8>().prop_map(Edit::Template),
        any::<u8>().prop_map(Edit::Ui),
    ];
    proptest::collection::vec(edit, 1..7)
}

/// Rewrites the front-matter line of `file` that starts with `key: ` with `line`.
fn set_line(file: &Path, key: &str, line: &str) {
    let text = fs::read_to_string(file).unwrap();
    let text: Vec<String> = text
        .lines()
        .map(|l| {
            if l.starts_with(&format!("{key}: ")) {
                line.to_string()
            } else {
                l.to_string()
            }
        })
        .collect();
    fs::write(file, text.join("\n") + "\n").unwrap();
}

/// Applies `edit`; false when its briefing is gone (the edit did nothing).
fn apply(root: &Path, edit: &Edit) -> bool {
    let briefings = root.join("content/briefings");
    let target = |i: &usize| briefings.join(format!("{}.md", TARGETS[*i]));
    match edit {
        Edit::Body(i, _)
        | Edit::Summary(i, _)
        | Edit::Title(i, _)
        | Edit::Date(i, _)
        | Edit::Topic(i)
            if !target(i).is_file() =>
        {
            return false;
        }
        Edit::Body(i, n) => {
            let text = fs::read_to_string(target(i)).unwrap();
            fs::write(target(i), format!("{text}\nEdit {n}.\n")).unwrap();
        }
        Edit::Summary(i, n) => {
            let text = fs::read_to_string(target(i)).unwrap();
            fs::write(
                target(i),
                text.replacen("summary: \"", &format!("summary: \"{n} "), 1),
            )
            .unwrap();
        }
        Edit::Title(i, n) => {
            // An extra's slug stays; a fixture briefing's follows its title.
            let text = fs::read_to_string(target(i)).unwrap();
            fs::write(
                target(i),
                text.replacen("title: \"", &format!("title: \"{n} "), 1),
            )
            .unwrap();
        }
        Edit::Date(i, n) => set_line(
            &target(i),
            "date",
            &format!("date: 2024-{:02}-{:02}", n % 12 + 1, n % 28 + 1),
        ),
        Edit::Topic(i) => {
            let text = fs::read_to_string(target(i)).unwrap();
            let topic = if text.contains("topics: [energy]") {
                "trade"
            } else {
                "energy"
            };
            set_line(&target(i), "topics", &format!("topics: [{topic}]"));
        }
        Edit::Add(n) => add_pair(root, &format!("new{n}"), *n as usize, "added"),
        Edit::Delete(n) => {
            for lang in ["it", "en"] {
                let _ = fs::remove_file(briefings.join(format!("extra{n}.{lang}.md")));
            }
        }
        Edit::Rename(n) => {
            let _ = fs::rename(
                briefings.join(format!("extra{n}.it.md")),
                briefings.join(format!("renamed{n}.it.md")),
            );
        }
        Edit::Template(n) => {
            let file = root.join("templates/base.html");
            let text = fs::read_to_string(&file).unwrap();
            fs::write(
                &file,
                text.replacen("</body>", &format!("<!-- {n} --></body>"), 1),
            )
            .unwrap();
        }
        Edit::Ui(n) => {
            let file = root.join("ui.yaml");
            let text = fs::read_to_string(&file).unwrap();
            fs::write(
                &file,
                text.replacen(
                    "it: \"Vai al contenuto",
                    &format!("it: \"{n} Vai al contenuto"),
                    1,
                ),
            )
            .unwrap();
        }
    }
    true
}

/// The summary line's `rendered R of T pages` of a partial build; (T, T) without it.
fn rendered(stdout: &str) -> (usize, usize) {
    let Some((_, rest)) = stdout.split_once("rendered ") else {
        let total = stdout.split_whitespace().nth(1).unwrap().parse().unwrap();
        return (total, total);
    };
    let words: Vec<&str> = rest.split_whitespace().collect();
    (words[0].parse().unwrap(), words[2].parse().unwrap())
}

/// Applies `edits` one by one to a site with 4 extra pairs, building after each
/// incrementally and with `--clean`: the outputs must be equal after every build.
fn equal_to_clean_after(edits: &[Edit]) -> Result<(), TestCaseError> {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path(), 4);
    let (output, clean) = (tmp.path().join("public"), tmp.path().join("clean"));
    build(&root, &output, &[], &[]);
    build(&root, &clean, &["--clean"], &[]);
    let mut last_ok = true;
    for edit in edits {
        let applied = apply(&root, edit);
        let before = tree(&output);
        let run = briefing(&common::run::build_args(&root, &output), &[]);
        if !run.status.success() {
            eprintln!("failed after {edit:?}: {}", stderr(&run));
            // A failed build changes nothing.
            prop_assert_eq!(differences(&before, &tree(&output)), Vec::<String>::new());
            last_ok = false;
            continue;
        }
        // A body, summary or (extra's) title edit after a good build renders only
        // some pages: the comparison below then checks that it forgot none.
        // (The extras have a slug of their own: a new title keeps their URL.)
        let partial = match edit {
            Edit::Body(..) | Edit::Summary(..) => true,
            Edit::Title(i, _) => *i >= 4,
            _ => false,
        };
        if applied && last_ok && partial {
            let (rendered, total) = rendered(&stdout(&run));
            prop_assert!(rendered < total, "{:?}: {}", edit, stdout(&run));
        }
        last_ok = true;
        // The clean build keeps its own history of URLs, like the incremental one.
        build(&root, &clean, &["--clean"], &[]);
        let wrong = differences(&tree(&output), &tree(&clean));
        prop_assert!(wrong.is_empty(), "after {:?}: {:?} differ", edit, wrong);
    }
    Ok(())
}

#[test]
fn incremental_builds_equal_clean_builds_after_any_edits() {
    common::props::check(
        "incremental_builds_equal_clean_builds_after_any_edits",
        3,
        edits(),
        |edits| equal_to_clean_after(&edits),
    );
}

/// Partial builds against every kind of page that shows a card: a title edit of
/// extra0.it (between extra1.it and extra3.it in its list: both neighbours' links
/// name it; its list page, term pages, home and timeline show it), of the newest and
/// oldest extras, summaries and bodies, then a deletion and a reorder in between.
#[test]
fn partial_builds_render_every_page_that_shows_an_edited_card() {
    use Edit::*;
    let edits = [
        Title(4, 1),
        Body(4, 2),
        Summary(4, 3),
        Title(5, 4),
        Summary(0, 5),
        Body(2, 6),
        Delete(1),
        Title(4, 7),
        Date(4, 8),
        Title(4, 9),
        Summary(5, 10),
    ];
    if let Err(err) = equal_to_clean_after(&edits) {
        panic!("{err}");
    }
}

// ---------------------------------------------------------------------------------
// Kills
// ---------------------------------------------------------------------------------

/// Sets the summaries of the extra pairs to `version` (two versions differ in their
/// pages, lists, term pages, feeds and search index).
fn set_version(root: &Path, extra: usize, version: &str) {
    for i in 0..extra {
        add_pair(root, &format!("extra{i}"), i, version);
    }
}

fn spawn_build(root: &Path, output: &Path, env: &[(&str, &str)]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(common::run::build_args(root, output))
        .envs(env.iter().copied())
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Every file of `output` is whole: byte for byte the one of `a` or of `b`.
#[track_caller]
fn every_file_whole(
    output: &Path,
    a: &std::collections::BTreeMap<String, Vec<u8>>,
    b: &std::collections::BTreeMap<String, Vec<u8>>,
) {
    for (path, bytes) in tree(output) {
        assert!(
            a.get(&path) == Some(&bytes) || b.get(&path) == Some(&bytes),
            "{path} is neither version's"
        );
    }
}

/// Builds with a pause at `step` and kills the build there.
fn kill_at(root: &Path, output: &Path, step: &str) {
    use std::io::{BufRead, BufReader};
    let pause = format!("{step}:5000");
    let mut child = spawn_build(root, output, &[("BRIEFING_DEBUG_PAUSE", &pause)]);
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let needle = format!("debug: paused at {step}");
    let reached = lines.any(|l| l.is_ok_and(|l| l.contains(&needle)));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(reached, "the build never paused at {step}");
}

#[test]
fn incremental_builds_killed_at_any_moment_are_finished_by_the_next() {
    let tmp = tempfile::tempdir().unwrap();
    let extra = 8;
    let root = site(tmp.path(), extra);
    let (ref_a, ref_b) = (tmp.path().join("ref-a"), tmp.path().join("ref-b"));
    set_version(&root, extra, "A");
    build(&root, &ref_a, &["--clean"], &[]);
    set_version(&root, extra, "B");
    build(&root, &ref_b, &["--clean"], &[]);
    let (tree_a, tree_b) = (tree(&ref_a), tree(&ref_b));
    assert_ne!(tree_a, tree_b);
    let output = tmp.path().join("public");
    set_version(&root, extra, "A");
    build(&root, &output, &[], &[]);
    // Timed as the rounds run: an incremental build of the other version.
    set_version(&root, extra, "B");
    let timed = Instant::now();
    let run = build(&root, &output, &[], &[]);
    assert!(stdout(&run).contains("written"), "{}", stdout(&run));
    let build_ms = timed.elapsed().as_millis() as u64;

    // Killed once the journal is written, and half-way through applying it: the output
    // is a mix of whole files until the next build finishes the change.
    set_version(&root, extra, "A");
    kill_at(&root, &output, "journal");
    every_file_whole(&output, &tree_a, &tree_b);
    let run = build(&root, &output, &[], &[]);
    assert!(
        stderr(&run).contains("finished an interrupted incremental build"),
        "{}",
        stderr(&run)
    );
    assert_eq!(differences(&tree(&output), &tree_a), Vec::<String>::new());
    set_version(&root, extra, "B");
    kill_at(&root, &output, "apply");
    every_file_whole(&output, &tree_a, &tree_b);
    assert_ne!(tree(&output), tree_a, "the kill came before anything moved");
    assert_ne!(
        tree(&output),
        tree_b,
        "the kill came after everything moved"
    );
    build(&root, &output, &[], &[]);
    assert_eq!(differences(&tree(&output), &tree_b), Vec::<String>::new());

    // Random moments, from the start to a little past a build's length.
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    eprintln!("random seed {seed}");
    let mut current = "B";
    for _ in 0..10 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let next = if current == "A" { "B" } else { "A" };
        set_version(&root, extra, next);
        let mut child = spawn_build(&root, &output, &[]);
        std::thread::sleep(Duration::from_millis(seed % (build_ms * 6 / 5 + 1)));
        let _ = child.kill();
        let _ = child.wait();
        every_file_whole(&output, &tree_a, &tree_b);
        // The next build (of the same version) completes and equals a clean one.
        build(&root, &output, &[], &[]);
        let expected = if next == "A" { &tree_a } else { &tree_b };
        assert_eq!(differences(&tree(&output), expected), Vec::<String>::new());
        current = next;
    }
    let left: Vec<String> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| !["site", "ref-a", "ref-b", "public"].contains(&n.as_str()))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}
