//! Walks `content/`, reads every document of the declared sections and every data
//! file, validates them all, and picks what this build publishes.

mod body;
pub mod data;
pub mod frontmatter;
mod selection;

pub(crate) use body::BodyAt;
pub use selection::{Held, Selection, today};

use crate::config::Config;
use crate::diagnostics::{Problem, line_of};
use crate::files::read_text;
use crate::maps::{self, Atlas, Geo};
use data::DataSet;
use frontmatter::Meta;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use unicode_normalization::UnicodeNormalization;
use walkdir::WalkDir;

/// One Markdown file in one language.
#[derive(Debug, Clone)]
pub struct Document {
    /// The path as shown to editors (under the site root).
    pub path: PathBuf,
    /// The key of its section in site.yaml (its folder under `content/`).
    pub section: String,
    /// The file name without `.LANG.md`: what pairs translations.
    pub name: String,
    pub lang: String,
    pub meta: Meta,
    /// The Markdown after the front matter; empty once left on disk (a lean build:
    /// [`Document::body_text`] reads it).
    pub body: String,
    /// The file line the body starts on.
    pub body_line: usize,
    /// Where the body is in its file.
    pub(crate) body_at: BodyAt,
}

/// Everything under `content/`, sorted by path.
#[derive(Debug, Default)]
pub struct Content {
    pub documents: Vec<Document>,
    pub data: Vec<DataSet>,
    /// The maps' outlines and the editors' maps, when site.yaml asks for maps.
    pub(crate) atlas: Option<Atlas>,
    /// Valid documents this build leaves out (not drafts), by path: `check` lists them.
    pub held: Vec<(PathBuf, Held)>,
    /// (section, NAME, language) of every valid document this build leaves out, drafts
    /// included: the URL guard does not report their pages as lost.
    pub unpublished: std::collections::BTreeSet<(String, String, String)>,
    /// The checks of earlier builds (`briefing build`: see [`crate::doc_cache`]).
    pub(crate) doc_cache: Option<crate::doc_cache::DocCache>,
}

/// Reads and validates all content; reports every problem, not just the first.
pub fn load(config: &Config, selection: Selection) -> Result<Content, Vec<Problem>> {
    let mut problems = Vec::new();
    // The cache's shards are read while the content is (a lean build only: the
    // cache keys a check by the hash a body left on disk keeps).
    let warm = selection.doc_cache.filter(|_| selection.bodies_on_disk);
    let (doc_cache, (found, data, atlas, names)) = rayon::join(
        || warm.map(|warm| crate::doc_cache::DocCache::open(&config.root, warm)),
        || {
            let found = walk(config, &mut problems);
            let (data, atlas, names) = load_data(config, &found.data_files, &mut problems);
            (found, data, atlas, names)
        },
    );
    let (documents, held, unpublished) =
        load_documents(config, &found.markdown, &names, selection, &mut problems);
    if problems.is_empty() {
        Ok(Content {
            documents,
            data,
            atlas,
            held,
            unpublished,
            doc_cache,
        })
    } else {
        Err(problems)
    }
}

/// The files under `content/` that `load` reads, as (file on disk, path to show).
#[derive(Default)]
struct Found {
    /// (section key, file, path) of each Markdown file in a section.
    markdown: Vec<(String, PathBuf, PathBuf)>,
    /// Chart and map data under `content/data/`.
    data_files: Vec<(PathBuf, PathBuf)>,
}

/// Walks `content/` in file-name order: skips editor files and asset folders (after
/// checking they hold no Markdown), refuses symlinks out of the site.
fn walk(config: &Config, problems: &mut Vec<Problem>) -> Found {
    let dir = config.root.join("content");
    let mut found = Found::default();
    let root = config
        .root
        .canonicalize()
        .unwrap_or_else(|_| config.root.clone());
    let mut walk = WalkDir::new(&dir).sort_by_file_name().into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| dir.clone());
                problems.push(Problem::new(path, format!("cannot read: {err}")));
                continue;
            }
        };
        if crate::sources::is_editor_file(entry.path()) {
            continue;
        }
        let path = display_path(config, entry.path());
        if entry.file_type().is_dir() && is_asset_folder(config, &dir, entry.path()) {
            problems.extend(markdown_in_assets(config, entry.path()));
            walk.skip_current_dir();
            continue;
        }
        if entry.path_is_symlink() {
            match entry.path().canonicalize() {
                Ok(target) if target.starts_with(&root) && target.is_file() => {}
                Ok(target) if target.starts_with(&root) => continue,
                _ => {
                    problems.push(
                        Problem::new(&path, "this symlink points outside the site root")
                            .hint("copy the file into the site instead of linking to it"),
                    );
                    continue;
                }
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        sort_file(config, &dir, &entry, path, &mut found, problems);
    }
    found
}

/// Files `entry` as Markdown of a section or as data, or reports that it is in no
/// declared section.
fn sort_file(
    config: &Config,
    dir: &Path,
    entry: &walkdir::DirEntry,
    path: PathBuf,
    found: &mut Found,
    problems: &mut Vec<Problem>,
) {
    let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
    let folder = relative
        .components()
        .next()
        .and_then(|c| c.as_os_str().to_str())
        .filter(|_| relative.components().count() > 1);
    let file_name = entry.file_name().to_string_lossy();
    let section = folder.and_then(|f| config.section(f));
    match (
        folder,
        section,
        file_name.ends_with(".md"),
        file_name.ends_with(".yaml"),
    ) {
        (_, Some(section), true, _) => {
            found
                .markdown
                .push((section.key.clone(), entry.path().to_path_buf(), path))
        }
        // Map outlines: read by `crate::maps`, not a chart.
        (Some("data"), _, _, true) if file_name.ends_with(".geo.yaml") => {}
        (Some("data"), _, _, true) => found.data_files.push((entry.path().to_path_buf(), path)),
        (_, _, true, _) | (Some("data"), _, _, _) => {
            let sections: Vec<String> = config
                .sections
                .iter()
                .map(|s| format!("content/{}/", s.key))
                .collect();
            problems.push(
                Problem::new(&path, "this file is not in a section declared in site.yaml")
                    .hint(format!(
                        "Markdown goes in {}, chart data (.yaml) in content/data/; or declare the folder under `sections:`",
                        sections.join(", ")
                    )),
            )
        }
        _ => {}
    }
}

/// Parses the charts and maps, and the outlines maps are drawn with.
fn load_data(
    config: &Config,
    data_files: &[(PathBuf, PathBuf)],
    problems: &mut Vec<Problem>,
) -> (Vec<DataSet>, Option<Atlas>, DataNames) {
    let geo = load_geo(config, problems);
    let mut data = Vec::new();
    let mut map_files = Vec::new();
    // Every data file names a chart or a map, even one that failed: its own error is enough.
    let mut names = DataNames::default();
    for (file, path) in data_files {
        let name = file
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let text = match read_text(file, path) {
            Ok(text) => text,
            Err(problem) => {
                problems.push(problem);
                names.charts.push(name);
                continue;
            }
        };
        if !maps::kind::is_map(&text) {
            match data::parse(&text, path, &name, config) {
                Ok(set) => data.push(set),
                Err(problem) => problems.push(problem),
            }
            names.charts.push(name);
            continue;
        }
        match &geo {
            Some(geo) => {
                let langs: Vec<&str> = config.codes().collect();
                match maps::kind::parse(&text, path, &name, &langs, geo) {
                    Ok(map) => map_files.push(map),
                    Err(problem) => problems.push(problem),
                }
            }
            // The outlines did not load: that problem is reported already.
            None if config.maps.is_some() => {}
            None => problems.push(
                Problem::new(
                    path,
                    "this file is a map (`kind: map`), but this site draws no maps",
                )
                .at(line_of(&text, "kind"), 1)
                .hint(maps_hint(config)),
            ),
        }
        names.maps.push(name);
    }
    let atlas = geo.map(|geo| Atlas::new(geo, map_files));

    (data, atlas, names)
}

/// The documents this build publishes, those it holds back and why, and the
/// (section, NAME, language) of every one it leaves out.
type Documents = (
    Vec<Document>,
    Vec<(PathBuf, Held)>,
    std::collections::BTreeSet<(String, String, String)>,
);

/// Reads the Markdown files in parallel; sorts out what `selection` leaves out.
fn load_documents(
    config: &Config,
    markdown: &[(String, PathBuf, PathBuf)],
    names: &DataNames,
    selection: Selection,
    problems: &mut Vec<Problem>,
) -> Documents {
    let results: Vec<Result<Option<Document>, Vec<Problem>>> = markdown
        .par_iter()
        .map(|(section, file, path)| {
            let mut loaded = load_document(section, file, path, config, names, selection.drafts);
            if let (true, Ok(Some(document))) = (selection.bodies_on_disk, &mut loaded) {
                document.leave_body_on_disk();
            }
            loaded
        })
        .collect();
    let mut documents = Vec::new();
    let mut held = Vec::new();
    let mut unpublished = std::collections::BTreeSet::new();
    for (result, (section, file, _)) in results.into_iter().zip(markdown) {
        match result {
            Ok(Some(doc)) => match selection.holds(&doc) {
                Some(why) => {
                    unpublished.insert((doc.section.clone(), doc.name.clone(), doc.lang.clone()));
                    held.push((doc.path, why));
                }
                None => documents.push(doc),
            },
            Ok(None) => {
                let file_name = file.file_name().unwrap_or_default().to_string_lossy();
                if let Some((name, lang)) = name_and_lang(&file_name, config) {
                    unpublished.insert((section.clone(), name.nfc().collect(), lang.to_string()));
                }
            }
            Err(mut found) => problems.append(&mut found),
        }
    }
    (documents, held, unpublished)
}

/// Whether `folder` holds the files of a document: it is `NAME/` inside a section's
/// folder, beside a `NAME.LANG.md` of one of the site's languages. Every language's
/// page shares it; its files are published only when a document links them.
fn is_asset_folder(config: &Config, content: &Path, folder: &Path) -> bool {
    let Ok(relative) = folder.strip_prefix(content) else {
        return false;
    };
    let in_section = relative
        .components()
        .next()
        .and_then(|c| c.as_os_str().to_str())
        .is_some_and(|first| config.section(first).is_some());
    let (Some(parent), Some(name)) = (folder.parent(), folder.file_name()) else {
        return false;
    };
    let name = name.to_string_lossy();
    in_section
        && relative.components().count() > 1
        && config
            .codes()
            .any(|lang| parent.join(format!("{name}.{lang}.md")).is_file())
}

/// A Markdown file inside an asset folder is refused: it would be neither a page nor
/// a published file, and an editor who put it there expects one of the two.
fn markdown_in_assets(config: &Config, folder: &Path) -> Vec<Problem> {
    let name = folder.file_name().unwrap_or_default().to_string_lossy();
    WalkDir::new(folder)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name().to_string_lossy().ends_with(".md")
                && !crate::sources::is_editor_file(e.path())
        })
        .map(|e| {
            Problem::new(
                display_path(config, e.path()),
                format!(
                    "a Markdown file inside `{name}/`, the folder of `{name}`'s photos and files: it would not become a page"
                ),
            )
            .hint(format!(
                "move it beside `{name}/` as its own NAME.LANG.md to make a page, or rename it (e.g. `.txt`) if it is a note"
            ))
        })
        .collect()
}

pub fn display_path(config: &Config, path: &Path) -> PathBuf {
    display_path_under(&config.root, path)
}

/// [`display_path`] for the site at `root`, before its config is loaded.
pub(crate) fn display_path_under(root: &Path, path: &Path) -> PathBuf {
    match path.strip_prefix(root) {
        Ok(relative) if root == Path::new(".") => relative.to_path_buf(),
        _ => path.to_path_buf(),
    }
}

/// `NAME.LANG.md` -> (NAME, LANG).
fn name_and_lang<'a>(file_name: &'a str, config: &Config) -> Option<(&'a str, &'a str)> {
    let stem = file_name.strip_suffix(".md")?;
    let (name, lang) = stem.rsplit_once('.')?;
    (!name.is_empty() && config.codes().any(|c| c == lang)).then_some((name, lang))
}

/// The names of the data files of `content/data/`, charts and maps apart.
#[derive(Debug, Clone, Default)]
pub(crate) struct DataNames {
    pub(crate) charts: Vec<String>,
    pub(crate) maps: Vec<String>,
}

impl DataNames {
    /// The names in a loaded site (files that failed to load are gone by then).
    pub(crate) fn of(data: &[DataSet], atlas: Option<&Atlas>) -> DataNames {
        DataNames {
            charts: data.iter().map(|d| d.name.clone()).collect(),
            maps: atlas.map_or_else(Vec::new, |a| {
                a.files.iter().map(|m| m.name.clone()).collect()
            }),
        }
    }
}

/// What to write in site.yaml to draw maps.
fn maps_hint(config: &Config) -> String {
    let taxonomy = config
        .taxonomies
        .first()
        .map_or("TAXONOMY", |t| t.key.as_str());
    format!(
        "add `maps: {{ taxonomy: {taxonomy}, data: NAME.geo.yaml }}` to site.yaml (the README's section Maps says how)"
    )
}

/// The map data site.yaml names, read once per build; its problem is pushed. Every term
/// of the map taxonomy must be a country of the data.
fn load_geo(config: &Config, problems: &mut Vec<Problem>) -> Option<Arc<Geo>> {
    let settings = config.maps.as_ref()?;
    let file = config
        .root
        .join("content")
        .join("data")
        .join(&settings.data);
    let geo = match Geo::load_file(&file, &display_path(config, &file)) {
        Ok(geo) => geo,
        Err(problem) => {
            problems.push(problem);
            return None;
        }
    };
    let taxonomy = config.taxonomy(&settings.taxonomy)?;
    let known: Vec<&str> = geo.countries.keys().map(String::as_str).collect();
    for term in &taxonomy.terms {
        if !geo.countries.contains_key(&term.key) {
            let hint = match crate::diagnostics::nearest(&term.key, known.iter().copied()) {
                Some(near) => format!("did you mean `{near}`? (the map data's key)"),
                None => format!("the map data has: {}", known.join(", ")),
            };
            problems.push(
                config
                    .problem_at(
                        &["taxonomies", &taxonomy.key, "terms", &term.key],
                        format!(
                            "term `{}` of `{}` is not a country of the map data {}",
                            term.key, taxonomy.key, settings.data
                        ),
                    )
                    .hint(hint),
            );
        }
    }
    Some(Arc::new(geo))
}

pub(crate) fn load_document(
    section: &str,
    file: &Path,
    path: &Path,
    config: &Config,
    names: &DataNames,
    drafts: bool,
) -> Result<Option<Document>, Vec<Problem>> {
    let file_name = file.file_name().unwrap_or_default().to_string_lossy();
    let Some((name, lang)) = name_and_lang(&file_name, config) else {
        let codes: Vec<&str> = config.codes().collect();
        return Err(vec![
            Problem::new(path, "the file name does not say its language")
                .hint(format!("name it NAME.{}.md", codes.join(".md or NAME."))),
        ]);
    };
    let text = read_text(file, path).map_err(|p| vec![p])?;
    let split = frontmatter::split(&text, path).map_err(|p| vec![p])?;
    let mut meta = frontmatter::parse(&split, path, config, &names.charts)?;
    let map_names = config.maps.as_ref().map(|_| names.maps.as_slice());
    let problems = frontmatter::check_maps(&split, path, &meta.maps, map_names);
    if !problems.is_empty() {
        return Err(problems);
    }
    if meta.draft && !drafts {
        return Ok(None);
    }
    crate::typography::smarten(&mut meta, lang);
    Ok(Some(Document {
        path: path.to_path_buf(),
        section: section.to_string(),
        // Pair by the NFC form: macOS and some editors write names decomposed (NFD).
        name: name.nfc().collect(),
        lang: lang.to_string(),
        body: split.body.to_string(),
        body_line: split.body_line,
        // The body is the end of the text.
        body_at: BodyAt::new(file, text.len() - split.body.len()),
        meta,
    }))
}
