//! Building fixture sites with the real binary and reading what they produced.

use scraper::{Html, Selector};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The fixture site `name` under tests/fixtures/.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A scratch copy of a fixture, so a test may change it.
pub fn scratch(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&fixture(name), &root);
    (dir, root)
}

pub fn copy_tree(from: &Path, to: &Path) {
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

/// Runs the binary with `args` and the environment variables `env` (see [`super::run`]
/// for a bounded run that gives a [`super::run::Run`]).
pub fn briefing(args: &[&str], env: &[(&str, &str)]) -> Output {
    super::run::Bin::new(args)
        .envs(env)
        .command()
        .output()
        .unwrap()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// `briefing build --root ROOT --output OUTPUT EXTRA...`, which must succeed.
#[track_caller]
pub fn build(root: &Path, output: &Path, extra: &[&str], env: &[(&str, &str)]) -> Output {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
    ];
    args.extend(extra);
    let out = briefing(&args, env);
    assert!(
        out.status.success(),
        "build of {} failed: {}{}",
        root.display(),
        stdout(&out),
        stderr(&out)
    );
    out
}

/// Every file under `dir`, by path relative to it.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(dir).unwrap();
            (
                relative.to_string_lossy().replace('\\', "/"),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Every file, folder and link under `dir` (links not followed): files with their bytes,
/// folders as `name/` with none, links as `name ->` with their target. Empty when `dir`
/// does not exist. For "nothing else changed" checks, where [`snapshot`] sees files only.
pub fn listing(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    if fs::symlink_metadata(dir).is_err() {
        return BTreeMap::new();
    }
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .map(|e| {
            let name = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .to_string();
            if e.file_type().is_file() {
                (name, fs::read(e.path()).unwrap())
            } else if e.file_type().is_symlink() {
                let target = fs::read_link(e.path()).unwrap();
                (
                    format!("{name} ->"),
                    target.to_string_lossy().as_bytes().to_vec(),
                )
            } else {
                (format!("{name}/"), Vec::new())
            }
        })
        .collect()
}

/// The page at `relative` under `output`, parsed.
pub fn page(output: &Path, relative: &str) -> Html {
    let text =
        fs::read_to_string(output.join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"));
    Html::parse_document(&text)
}

pub fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

pub fn text(doc: &Html, css: &str) -> String {
    select(doc, css)
        .iter()
        .map(|e| e.text().collect::<String>())
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Resolves a relative URL against the page's file, without any server help.
pub fn resolve(page: &Path, url: &str) -> (PathBuf, Option<String>) {
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

/// The URLs of a `srcset` (`a.webp 480w, b.webp 960w`), without their descriptors.
pub fn srcset_urls(srcset: &str) -> Vec<&str> {
    srcset
        .split(',')
        .filter_map(|candidate| candidate.split_whitespace().next())
        .collect()
}

/// P1: every internal `href`/`src`/`srcset` of every page under `output` resolves to a file
/// (and its `#anchor` to an id) from disk; absolute URLs only start with `base_url`
/// where the formats need them. Returns how many links were checked.
pub fn assert_links_resolve(output: &Path, base_url: &str) -> usize {
    let mut broken = Vec::new();
    let mut checked = 0;
    for (relative, bytes) in snapshot(output) {
        if !relative.ends_with(".html") {
            continue;
        }
        let file = output.join(&relative);
        let doc = Html::parse_document(&String::from_utf8(bytes).unwrap());
        // A redirect page (an alias) moves on to a relative URL, which must be a file.
        for meta in select(&doc, "meta[http-equiv=refresh]") {
            let content = meta.value().attr("content").unwrap();
            let url = content
                .split_once("url=")
                .map(|(_, u)| u)
                .unwrap_or_default();
            assert!(
                !url.is_empty() && !url.contains("://"),
                "{relative}: {content}"
            );
            checked += 1;
            if !resolve(&file, url).0.is_file() {
                broken.push(format!("{relative} -> refresh {url} (not a file)"));
            }
        }
        for (css, attr) in [
            ("a[href]", "href"),
            ("link[href]", "href"),
            ("img[src]", "src"),
            ("img[srcset]", "srcset"),
            ("source[srcset]", "srcset"),
            ("script[src]", "src"),
            ("form[action]", "action"),
        ] {
            let urls: Vec<(scraper::ElementRef, &str)> = select(&doc, css)
                .into_iter()
                .flat_map(|el| {
                    let value = el.value().attr(attr).unwrap();
                    if attr == "srcset" {
                        srcset_urls(value).into_iter().map(|u| (el, u)).collect()
                    } else {
                        vec![(el, value)]
                    }
                })
                .collect();
            for (el, url) in urls {
                let rel = el.value().attr("rel").unwrap_or("");
                if rel == "canonical"
                    || (rel == "alternate" && el.value().attr("hreflang").is_some())
                {
                    assert!(url.starts_with(base_url), "{relative}: {url}");
                    continue;
                }
                if let Some(rest) = url.strip_prefix(base_url) {
                    // The 404 page links the homes absolutely: a host serves it at any depth.
                    assert_eq!(relative, "404.html", "internal link is absolute: {url}");
                    checked += 1;
                    if !output
                        .join(rest.trim_start_matches('/'))
                        .join("index.html")
                        .is_file()
                    {
                        broken.push(format!("{relative} -> {url}"));
                    }
                    continue;
                }
                if url.contains("://") || url.starts_with("mailto:") || url.starts_with("data:") {
                    continue;
                }
                assert!(!url.starts_with('/'), "{relative}: root-absolute URL {url}");
                let (target, fragment) = resolve(&file, url);
                checked += 1;
                if !target.is_file() {
                    broken.push(format!("{relative} -> {url} (not a file)"));
                } else if let Some(id) = fragment
                    .filter(|f| !f.is_empty() && target.extension().is_some_and(|e| e == "html"))
                {
                    let html = fs::read_to_string(&target).unwrap();
                    if !html.contains(&format!("id=\"{id}\"")) {
                        broken.push(format!("{relative} -> {url} (no #{id})"));
                    }
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    checked
}

/// A scratch copy of the `media-site` fixture with the images of tests/fixtures/media/
/// in its `content/briefings/astana/` folder (the fixture keeps no copy of its own).
pub fn media_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = media_site_in(&dir.path().join("site"));
    (dir, root)
}

/// [`media_site`] with its image cache linked to one that the tests share (kept in the
/// target folder between runs): the fixture's images are encoded once, not once per
/// test. Builds sharing a cache at once are safe: every cache file is written whole
/// under a temporary name, then renamed.
pub fn warm_media_site() -> (tempfile::TempDir, PathBuf) {
    let (dir, root) = media_site();
    let shared = Path::new(env!("CARGO_TARGET_TMPDIR")).join("media-site-cache");
    fs::create_dir_all(&shared).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&shared, root.join(".briefing-cache")).unwrap();
    (dir, root)
}

/// The `media-site` fixture with its images, assembled at `root`.
pub fn media_site_in(root: &Path) -> PathBuf {
    copy_tree(&fixture("media-site"), root);
    let images = fixture("media");
    let folder = root.join("content/briefings/astana");
    for name in MEDIA_SITE_IMAGES {
        fs::copy(images.join(name), folder.join(name)).unwrap();
    }
    root.to_path_buf()
}

/// The images of tests/fixtures/media/ the media site uses.
pub const MEDIA_SITE_IMAGES: [&str; 4] =
    ["photo-gps.jpg", "diagram.png", "photo.webp", "figure.svg"];
