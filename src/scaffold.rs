//! `briefing new`: front-matter skeletons for a new document, one file per language.

use crate::config::Config;
use crate::content::DataNames;
use crate::content::frontmatter::{self, FrontMatter};
use crate::diagnostics::{Failure, Problem};
use crate::import::quote;
use crate::urls;
use anyhow::Context as _;
use jiff::civil::Date;
use std::fmt::Write as _;
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
pub fn run(options: &NewOptions) -> Result<Vec<PathBuf>, Failure> {
    if !options.root.join("site.yaml").is_file() {
        return Err(Problem::new(
            options.root.join("site.yaml"),
            "no site configuration here: `new` needs the site's languages and terms",
        )
        .hint("run it in the site folder or pass --root DIR")
        .into());
    }
    let config = Config::load(&options.root)?;
    let name = &options.name;
    if !urls::is_valid_slug(name) {
        let suggestion = urls::slugify(name);
        let hint = if suggestion.is_empty() {
            "use lowercase ASCII letters, digits and `-`".to_string()
        } else {
            format!("use lowercase ASCII letters, digits and `-`, e.g. `{suggestion}`")
        };
        return Err(Problem::new(
            "NAME",
            format!("`{}` cannot name a briefing file", name.escape_debug()),
        )
        .hint(hint)
        .into());
    }
    let codes: Vec<String> = config.codes().map(str::to_string).collect();
    let langs: Vec<String> = match options.lang.as_str() {
        "both" => codes.clone(),
        code if codes.iter().any(|c| c == code) => vec![code.to_string()],
        other => {
            return Err(
                Problem::new("--lang", format!("`{other}` is not a language of the site"))
                    .hint(format!("use {} or both", codes.join(", ")))
                    .into(),
            );
        }
    };
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

    let existing: Vec<&String> = langs.iter().filter(|l| path(l).exists()).collect();
    if !existing.is_empty() {
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
        return Err(problems.into());
    }

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
    let mut written = Vec::new();
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
        written.push(target);
    }
    Ok(written)
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

/// One field line with its comment aligned beside it.
fn field(out: &mut String, line: &str, comment: &str) {
    // A comment needs a space before its `#`; two keep it readable.
    let _ = writeln!(out, "{:<38}  # {comment}", line);
}

/// The skeleton for `lang`: every front-matter field with a comment, a draft that
/// builds, and the usual section headings. `counterpart` (the other language's file)
/// fills the fields that do not need translating.
pub(crate) fn skeleton(
    name: &str,
    lang: &str,
    config: &Config,
    data: &DataNames,
    today: Date,
    counterpart: Option<(&Path, &FrontMatter)>,
) -> String {
    let italian = lang == "it";
    let language = &config.language(lang).name;
    let list = |items: &[String]| format!("[{}]", items.join(", "));
    let mut out = String::from("---\n");
    let _ = writeln!(
        out,
        "# New briefing `{name}` ({language}). Fill in the fields, write the text, then set `draft: false`."
    );
    if let Some((path, _)) = counterpart {
        let file = path.file_name().unwrap_or_default().to_string_lossy();
        let _ = writeln!(
            out,
            "# Date, terms, event, sources, figures, charts and maps are copied from {file}: translate their text."
        );
    }
    let (title, summary) = if italian {
        ("TODO titolo", "TODO sommario in una o due frasi.")
    } else {
        ("TODO headline", "TODO summary in one or two sentences.")
    };
    field(
        &mut out,
        &format!("title: {}", quote(title)),
        "required: the headline",
    );
    let date = counterpart
        .and_then(|(_, f)| f.date.clone())
        .unwrap_or_else(|| today.to_string());
    field(
        &mut out,
        &format!("date: {date}"),
        "required: publication date, YYYY-MM-DD",
    );
    field(
        &mut out,
        &format!("summary: {}", quote(summary)),
        "required: one or two sentences for lists, feeds and search results",
    );
    field(
        &mut out,
        &format!("slug: {}", quote(name)),
        "URL segment; remove it to derive one from the title",
    );
    field(
        &mut out,
        "aliases: []",
        "old URLs of this page, each redirecting here: [\"/LANG/SECTION/old-slug/\"]",
    );
    field(
        &mut out,
        "updated:",
        "date of the last substantive change, YYYY-MM-DD; empty if none",
    );
    for tax in &config.taxonomies {
        let chosen = counterpart
            .and_then(|(_, f)| f.terms.get(&tax.key))
            .map_or("[]".to_string(), |keys| list(keys));
        let keys: Vec<&str> = tax.terms.iter().map(|t| t.key.as_str()).collect();
        field(
            &mut out,
            &format!("{}: {chosen}", tax.key),
            &format!("keys from site.yaml: {}", keys.join(", ")),
        );
    }
    let charts_chosen = counterpart.map_or("[]".to_string(), |(_, f)| list(&f.charts));
    match counterpart.and_then(|(_, f)| f.event.as_ref()) {
        Some(event) => field(
            &mut out,
            &format!(
                "event: {{ date: {}, name: {}, place: {} }}",
                event.date,
                quote(&event.name),
                quote(&event.place)
            ),
            "the event covered, for the timeline",
        ),
        None => field(
            &mut out,
            "event:",
            "for the timeline: { date: YYYY-MM-DD, name: \"...\", place: \"...\" }; empty if none",
        ),
    }
    let sources = counterpart
        .map(|(_, f)| f.sources.as_slice())
        .unwrap_or(&[]);
    if sources.is_empty() {
        field(
            &mut out,
            "sources: []",
            "where the facts come from; one per line: - { name: \"...\", url: \"https://...\", date: YYYY-MM-DD, note: \"...\" }",
        );
    } else {
        field(&mut out, "sources:", "where the facts come from");
        for s in sources {
            let mut item = format!("  - {{ name: {}", quote(&s.name));
            for (key, value) in [("url", &s.url), ("date", &s.date), ("note", &s.note)] {
                if let Some(value) = value {
                    let _ = write!(item, ", {key}: {}", quote(value));
                }
            }
            let _ = writeln!(out, "{item} }}");
        }
    }
    let figures = counterpart
        .map(|(_, f)| f.figures.as_slice())
        .unwrap_or(&[]);
    if figures.is_empty() {
        field(
            &mut out,
            "figures: []",
            "key facts; one per line: - { label: \"...\", value: \"...\", source: \"...\" }",
        );
    } else {
        field(&mut out, "figures:", "key facts");
        for f in figures {
            let mut item = format!(
                "  - {{ label: {}, value: {}",
                quote(&f.label),
                quote(&f.value)
            );
            if let Some(source) = &f.source {
                let _ = write!(item, ", source: {}", quote(source));
            }
            let _ = writeln!(out, "{item} }}");
        }
    }
    let available = |names: &[String]| {
        if names.is_empty() {
            "none yet".to_string()
        } else {
            names.join(", ")
        }
    };
    field(
        &mut out,
        &format!("charts: {charts_chosen}"),
        &format!(
            "charts drawn from content/data/NAME.yaml: {}",
            available(&data.charts)
        ),
    );
    let maps_chosen = counterpart.map_or("[]".to_string(), |(_, f)| list(&f.maps));
    let maps_help = if config.maps.is_some() {
        format!(
            "maps drawn from content/data/NAME.yaml (`kind: map`): {}",
            available(&data.maps)
        )
    } else {
        "maps from content/data/ (`kind: map`); this site draws none: see `maps:` in the README"
            .to_string()
    };
    field(&mut out, &format!("maps: {maps_chosen}"), &maps_help);
    let authors: Vec<&str> = config.authors.keys().map(String::as_str).collect();
    let authors_help = if authors.is_empty() {
        "author keys declared under `authors:` in site.yaml (none yet)".to_string()
    } else {
        format!("keys from site.yaml: {}", authors.join(", "))
    };
    field(&mut out, "authors: []", &authors_help);
    field(
        &mut out,
        "expires:",
        "after this date (YYYY-MM-DD) the page is left out; empty if never",
    );
    field(
        &mut out,
        "template:",
        "a template of templates/ instead of the section's; empty for the section's",
    );
    field(
        &mut out,
        "extra: {}",
        "free values handed to templates as `doc.extra`: { key: value }",
    );
    field(
        &mut out,
        "draft: true",
        "true keeps it out of a build unless --drafts",
    );
    field(
        &mut out,
        "parity:",
        "differences from the translation that are meant: { numbers: [...], links: [...], skip: [...] }; empty if none",
    );
    out.push_str("---\n\n");
    let sections: [&str; 3] = if italian {
        ["Che cosa è successo", "Perché conta", "Da seguire"]
    } else {
        ["What happened", "Why it matters", "What to watch"]
    };
    for section in sections {
        let _ = write!(out, "## {section}\n\nTODO\n\n");
    }
    out.pop();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_present_and_the_skeleton_parses() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = Config::load(root).unwrap();
        let today = jiff::civil::date(2026, 1, 2);
        let data = DataNames {
            charts: vec!["trade".into()],
            maps: Vec::new(),
        };
        let text = skeleton("my-briefing", "it", &config, &data, today, None);
        let split = frontmatter::split(&text, Path::new("x.it.md")).unwrap();
        for key in frontmatter::FIELDS {
            assert!(
                split
                    .yaml
                    .lines()
                    .any(|l| l.starts_with(&format!("{key}:"))),
                "{key} missing:\n{text}"
            );
            let line = split
                .yaml
                .lines()
                .find(|l| l.starts_with(&format!("{key}:")))
                .unwrap();
            assert!(line.contains("# "), "{key} has no comment");
        }
        let meta =
            frontmatter::parse(&split, Path::new("x.it.md"), &config, &["trade".into()]).unwrap();
        assert!(meta.draft);
        assert_eq!(meta.slug, "my-briefing");
        assert_eq!(meta.date, today);
        assert!(meta.event.is_none() && meta.updated.is_none());
        assert!(split.body.contains("## Che cosa è successo"));
    }

    #[test]
    fn a_counterpart_fills_what_needs_no_translation() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = Config::load(root).unwrap();
        let source = "---\ntitle: T\ndate: 2025-06-16\nsummary: S\ncountries: [china]\ntopics: [trade]\nevent: { date: 2025-06-16, name: \"Vertice\", place: Astana }\nsources:\n  - { name: \"ots.at\", note: \"una \\\"nota\\\"\" }\nfigures:\n  - { label: L, value: \"1\" }\n---\n";
        let split = frontmatter::split(source, Path::new("a.it.md")).unwrap();
        let front: FrontMatter = frontmatter::read(&split, Path::new("a.it.md"), &config).unwrap();
        let text = skeleton(
            "a",
            "en",
            &config,
            &DataNames::default(),
            jiff::civil::date(2026, 1, 2),
            Some((Path::new("a.it.md"), &front)),
        );
        let split = frontmatter::split(&text, Path::new("a.en.md")).unwrap();
        let meta = frontmatter::parse(&split, Path::new("a.en.md"), &config, &[]).unwrap();
        assert_eq!(meta.date.to_string(), "2025-06-16");
        assert_eq!(meta.terms_of("countries"), ["china"]);
        assert_eq!(meta.sources[0].note.as_deref(), Some("una \"nota\""));
        assert_eq!(meta.event.unwrap().place, "Astana");
        assert_eq!(meta.figures.len(), 1);
        assert!(text.contains("copied from a.it.md"));
    }
}
