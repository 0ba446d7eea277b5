//! `briefing new`: front-matter skeletons for a new document, one file per language.

use crate::config::Config;
use crate::content::DataNames;
use crate::content::frontmatter::{self, FrontMatter};
use crate::diagnostics::{Failure, Problem, Written};
use crate::frontmatter_writer::skeleton;
use crate::urls;
use anyhow::Context as _;
use std::path::{Path, PathBuf};

/// What `briefing new` was asked to write.
#[derive(Debug, Clone)]
pub struct NewOptions {
    pub root: PathBuf,
    /// The name both language files share: `NAME.it.md`, `NAME.en.md`.
    pub name: String,
    /// A language code, or `both` for every language of the site.
    pub lang: String,
    /// The section to write in; the first declared one when None.
    pub section: Option<String>,
}

/// Writes the skeletons, or nothing when any of them exists already.
/// Returns the files written.
pub fn run(options: &NewOptions) -> Result<Written, Failure> {
    let config = Config::load_for(&options.root, "`new` needs")?;
    let name = &options.name;
    check_name(name)?;
    let codes: Vec<String> = config.codes().map(str::to_string).collect();
    let langs = languages(&options.lang, &codes)?;
    let section = match &options.section {
        None => &config.sections[0],
        Some(key) => config.section(key).ok_or_else(|| {
            let known: Vec<&str> = config.sections.iter().map(|s| s.key.as_str()).collect();
            Problem::new("--section", format!("`{key}` is not a section of the site"))
                .hint(format!("use one of: {}", known.join(", ")))
        })?,
    };
    let dir = options.root.join("content").join(&section.key);
    let dir = dir.strip_prefix(".").map(Path::to_path_buf).unwrap_or(dir);
    let path = |lang: &str| dir.join(format!("{name}.{lang}.md"));
    refuse_existing(&langs, &codes, &path)?;

    let data = data_names(&options.root);
    let today = jiff::Zoned::now().date();
    // A translation starts from what the other language already says.
    let counterpart = codes
        .iter()
        .filter(|c| !langs.contains(c))
        .map(|c| path(c))
        .find(|p| p.exists())
        .and_then(|p| read_front(&p, &config).map(|front| (p, front)));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut written = Written::default();
    for lang in &langs {
        let text = skeleton(
            name,
            lang,
            &config,
            &data,
            today,
            counterpart.as_ref().map(|(p, f)| (p.as_path(), f)),
        );
        let target = path(lang);
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&target)
            .with_context(|| format!("creating {}", target.display()))?;
        std::io::Write::write_all(&mut file, text.as_bytes())
            .with_context(|| format!("writing {}", target.display()))?;
        written.0.push(target);
    }
    Ok(written)
}

/// NAME must be a slug: it names the files and, by default, the URL.
fn check_name(name: &str) -> Result<(), Problem> {
    if urls::is_valid_slug(name) {
        return Ok(());
    }
    let suggestion = urls::slugify(name);
    let hint = if suggestion.is_empty() {
        "use lowercase ASCII letters, digits and `-`".to_string()
    } else {
        format!("use lowercase ASCII letters, digits and `-`, e.g. `{suggestion}`")
    };
    Err(Problem::new(
        "NAME",
        format!("`{}` cannot name a briefing file", name.escape_debug()),
    )
    .hint(hint))
}

/// The languages `--lang` asks for: one of the site's, or `both` for all of them.
fn languages(lang: &str, codes: &[String]) -> Result<Vec<String>, Problem> {
    match lang {
        "both" => Ok(codes.to_vec()),
        code if codes.iter().any(|c| c == code) => Ok(vec![code.to_string()]),
        other => Err(
            Problem::new("--lang", format!("`{other}` is not a language of the site"))
                .hint(format!("use {} or both", codes.join(", "))),
        ),
    }
}

/// `new` never overwrites: one problem per file that exists already.
fn refuse_existing(
    langs: &[String],
    codes: &[String],
    path: &dyn Fn(&str) -> PathBuf,
) -> Result<(), Failure> {
    let existing: Vec<&String> = langs.iter().filter(|l| path(l).exists()).collect();
    if existing.is_empty() {
        return Ok(());
    }
    let missing: Vec<&String> = codes.iter().filter(|l| !path(l).exists()).collect();
    let hint = match missing.as_slice() {
        [] => "pick another NAME, or edit the existing files".to_string(),
        [one] => format!("write only the missing one with --lang {one}"),
        _ => "pick another NAME".to_string(),
    };
    let problems: Vec<Problem> = existing
        .iter()
        .map(|l| {
            Problem::new(path(l), "already exists; `new` never overwrites a file")
                .hint(hint.clone())
        })
        .collect();
    Err(problems.into())
}

/// The names of the data files in `content/data/`, charts and maps (`kind: map`) apart,
/// sorted.
fn data_names(root: &Path) -> DataNames {
    let mut names = DataNames::default();
    let mut files: Vec<(String, PathBuf)> = std::fs::read_dir(root.join("content").join("data"))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| {
            let file = e.file_name().to_string_lossy().to_string();
            // `NAME.geo.yaml` holds map outlines, not a chart.
            file.strip_suffix(".yaml")
                .filter(|name| !name.ends_with(".geo"))
                .map(|name| (name.to_string(), e.path()))
        })
        .collect();
    files.sort();
    for (name, path) in files {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        if crate::maps::kind::is_map(&text) {
            names.maps.push(name);
        } else {
            names.charts.push(name);
        }
    }
    names
}

/// The front-matter of an existing file, if it parses.
fn read_front(path: &Path, config: &Config) -> Option<FrontMatter> {
    let text = std::fs::read_to_string(path).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let split = frontmatter::split(text, path).ok()?;
    frontmatter::read(&split, path, config).ok()
}
