//! `briefing import`: plain-text article sources -> draft briefings with front-matter.

mod article;
mod dates;
mod detect;
mod emit;
mod noise;
mod report;
mod terms;

use crate::config::Config;
use crate::diagnostics::{Failure, Problem};
use crate::frontmatter_writer::{ImportedFront, Prose, Terms};
use crate::urls;
use anyhow::Context as _;
use article::{Article, Fate};
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// What `briefing import` was asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub root: PathBuf,
    /// Text files, or folders whose `.txt` files are all imported.
    pub inputs: Vec<PathBuf>,
    /// The articles' language; detected when absent.
    pub lang: Option<String>,
    /// Where to write; default `ROOT/content/briefings`.
    pub into: Option<PathBuf>,
    /// Publication date `YYYY-MM-DD`; default a date in the text, else today.
    pub date: Option<String>,
    pub dry_run: bool,
    pub force: bool,
}

/// One article, read and converted, not yet written.
struct Prepared {
    input: PathBuf,
    target: PathBuf,
    markdown: String,
    report: String,
    /// Non-blank lines in the body, moved to the front-matter, removed by reason.
    kept: usize,
    moved: usize,
    removed: BTreeMap<String, usize>,
}

/// What `briefing import` tells its caller, file by file, for `main` to print.
#[derive(Debug)]
pub struct Imported {
    pub files: Vec<ImportedFile>,
    /// The closing line: files, lines kept, moved and removed by reason.
    pub summary: String,
}

/// What one imported file prints.
#[derive(Debug)]
pub struct ImportedFile {
    /// On a dry run, the Markdown for stdout (framed by its target when there are
    /// several files); None when it was written.
    pub markdown: Option<String>,
    /// The line-by-line report, for stderr.
    pub report: String,
}

/// Runs the import: reads and converts every input, then writes all or nothing.
pub fn run(options: &ImportOptions) -> Result<Imported, Failure> {
    let config = Config::load_for(&options.root, "import needs")?;
    let (date, mut problems) = flags(options, &config);
    // Every problem of every input is reported at once: go on past the first.
    let files = expand(&options.inputs, &mut problems);
    let into = options
        .into
        .clone()
        .unwrap_or_else(|| options.root.join("content").join("briefings"));
    let into = into
        .strip_prefix(".")
        .map(Path::to_path_buf)
        .unwrap_or(into);
    let today = jiff::Zoned::now().date();

    let mut prepared: Vec<Prepared> = Vec::new();
    for file in &files {
        let read = std::fs::read(file)
            .map_err(|err| Problem::new(file, format!("cannot read the file: {err}")));
        match read.and_then(|bytes| prepare(file, &bytes, &config, options, date, today, &into)) {
            Ok(p) => prepared.push(p),
            Err(problem) => problems.push(problem),
        }
    }
    problems.extend(clashes(&prepared, options));
    if !problems.is_empty() {
        return Err(problems.into());
    }
    let mut imported = Imported {
        files: Vec::new(),
        summary: report::summary(&prepared, options.dry_run),
    };
    let several = prepared.len() > 1;
    for p in prepared {
        let markdown = if !options.dry_run {
            write_file(&p.target, &p.markdown, options.force)?;
            None
        } else if several {
            Some(format!("==> {} <==\n{}\n", p.target.display(), p.markdown))
        } else {
            Some(p.markdown)
        };
        imported.files.push(ImportedFile {
            markdown,
            report: p.report,
        });
    }
    Ok(imported)
}

/// `--date` and `--lang` checked against the site: the date, and the problems.
fn flags(options: &ImportOptions, config: &Config) -> (Option<Date>, Vec<Problem>) {
    let mut problems = Vec::new();
    let date = match options.date.as_deref().map(parse_date) {
        Some(Ok(date)) => Some(date),
        Some(Err(problem)) => {
            problems.push(problem);
            None
        }
        None => None,
    };
    if let Some(lang) = &options.lang
        && !config.codes().any(|c| c == lang)
    {
        problems.push(
            Problem::new("--lang", format!("`{lang}` is not a language of the site")).hint(
                format!(
                    "use one of: {}",
                    config.codes().collect::<Vec<_>>().join(", ")
                ),
            ),
        );
    }
    (date, problems)
}

/// Two inputs that would write one file, and files the import would overwrite.
fn clashes(prepared: &[Prepared], options: &ImportOptions) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut targets: BTreeMap<&Path, &Path> = BTreeMap::new();
    for p in prepared {
        if let Some(other) = targets.insert(&p.target, &p.input) {
            problems.push(
                Problem::new(
                    &p.input,
                    format!(
                        "gives the same file as {}: {}",
                        other.display(),
                        p.target.display()
                    ),
                )
                .hint("import them one at a time and rename the first file"),
            );
        }
        if !options.dry_run && !options.force && p.target.exists() {
            problems.push(
                Problem::new(&p.target, "already exists; the import would overwrite it")
                    .hint("pass --force to replace it, or move it away first"),
            );
        }
    }
    problems
}

fn parse_date(text: &str) -> Result<Date, Problem> {
    match text.parse::<Date>() {
        Ok(date) if text.len() == 10 => Ok(date),
        _ => Err(Problem::new("--date", format!("`{text}` is not a date"))
            .hint("write it as YYYY-MM-DD, e.g. 2025-06-16")),
    }
}

/// The files to import: files as given, and the `.txt` files of folders, sorted.
fn expand(inputs: &[PathBuf], problems: &mut Vec<Problem>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = match std::fs::read_dir(input) {
                Ok(entries) => entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| {
                        p.is_file() && p.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt"))
                    })
                    .collect(),
                Err(err) => {
                    problems.push(Problem::new(
                        input,
                        format!("cannot read the folder: {err}"),
                    ));
                    continue;
                }
            };
            if found.is_empty() {
                problems.push(
                    Problem::new(input, "the folder holds no .txt file")
                        .hint("import reads plain-text articles named *.txt"),
                );
            }
            found.sort();
            files.extend(found);
        } else if input.is_file() {
            files.push(input.clone());
        } else {
            problems.push(Problem::new(input, "no such file or folder").hint("check the path"));
        }
    }
    files
}

/// The Markdown and the report that `--dry-run` prints for `bytes`, read as the file
/// `name` of the site `config`: what the fuzz target drives, without touching the disk.
pub fn convert(
    name: &Path,
    bytes: &[u8],
    config: &Config,
    lang: Option<&str>,
) -> Result<(String, String), Problem> {
    let options = ImportOptions {
        root: config.root.clone(),
        inputs: vec![name.to_path_buf()],
        lang: lang.map(str::to_string),
        into: None,
        date: None,
        dry_run: true,
        force: false,
    };
    // A fixed "today", so the same bytes always give the same draft.
    let today = Date::constant(2026, 1, 1);
    let into = config.root.join("content/briefings");
    let prepared = prepare(name, bytes, config, &options, None, today, &into)?;
    Ok((prepared.markdown, prepared.report))
}

/// What was read from one file: the article and how each part of it was found.
struct Reading<'a> {
    file: &'a Path,
    target: PathBuf,
    encoding: &'static str,
    /// The site's language code, and how it was chosen.
    code: String,
    lang_how: String,
    article: Article,
    dated: Dated,
    /// Per taxonomy, in declared order: the terms named in the text, most mentioned first.
    suggested: Vec<(&'a str, Vec<(String, usize)>)>,
}

/// Converts the bytes of one file; nothing is written yet.
fn prepare(
    file: &Path,
    bytes: &[u8],
    config: &Config,
    options: &ImportOptions,
    date_flag: Option<Date>,
    today: Date,
    into: &Path,
) -> Result<Prepared, Problem> {
    let (text, encoding) = detect::decode(bytes)
        .map_err(|why| Problem::new(file, why).hint("save it as UTF-8 text and import it again"))?;
    let (lang, code, lang_how) = detect::language(&text, options.lang.as_deref(), config)
        .map_err(|(message, hint)| Problem::new(file, message).hint(hint))?;
    let article = article::read(&text, lang).ok_or_else(|| {
        Problem::new(file, "the file has no text to import").hint("check that it is the right file")
    })?;
    let dated = choose_date(&article, date_flag, today);
    let slug = slug_for(&article.title.1, file);
    let reading = Reading {
        file,
        target: into.join(format!("{slug}.{code}.md")),
        encoding,
        suggested: suggest(&article, config),
        code,
        lang_how,
        article,
        dated,
    };
    let markdown = draft(&reading, config, &slug);
    let mut removed: BTreeMap<String, usize> = BTreeMap::new();
    let mut moved = 0;
    for note in &reading.article.notes {
        match &note.fate {
            Fate::Removed(reason) => *removed.entry(reason.label()).or_default() += 1,
            Fate::Moved(_) => moved += 1,
        }
    }
    let kept = body_lines(&reading.article);
    Ok(Prepared {
        input: file.to_path_buf(),
        report: report::report(&reading, options, kept),
        target: reading.target,
        markdown,
        kept,
        moved,
        removed,
    })
}

/// Per taxonomy, in declared order: the terms the article names, most mentioned first.
fn suggest<'c>(article: &Article, config: &'c Config) -> Vec<(&'c str, Vec<(String, usize)>)> {
    let mut all_words = terms::words(&article.title.1);
    all_words.extend(terms::words(&article.summary));
    for block in &article.blocks {
        match block {
            article::Block::Heading(_, text) => all_words.extend(terms::words(text)),
            article::Block::Paragraph(lines) => {
                for (_, text) in lines {
                    all_words.extend(terms::words(text));
                }
            }
        }
    }
    config
        .taxonomies
        .iter()
        .map(|tax| (tax.key.as_str(), terms::suggest(&all_words, tax)))
        .collect()
}

/// The draft's Markdown: front-matter by the one writer, then the body.
fn draft(reading: &Reading, config: &Config, slug: &str) -> String {
    let article = &reading.article;
    let taxonomies: Vec<Terms> = config
        .taxonomies
        .iter()
        .zip(&reading.suggested)
        .map(|(tax, (_, found))| Terms {
            key: &tax.key,
            chosen: found.iter().map(|(k, _)| k.clone()).collect(),
            all: tax.terms.iter().map(|t| t.key.clone()).collect(),
        })
        .collect();
    let origin = reading
        .file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let sources = emit::sources(&article.sources, &Prose::of(config, &reading.code));
    emit::markdown(
        &ImportedFront {
            origin: &origin,
            title: &article.title.1,
            date: reading.dated.date,
            date_comment: &reading.dated.comment,
            summary: &article.summary,
            slug,
            taxonomies: &taxonomies,
            sources: &sources,
        },
        &article.blocks,
    )
}

fn body_lines(article: &Article) -> usize {
    article
        .blocks
        .iter()
        .map(|b| match b {
            article::Block::Heading(..) => 1,
            article::Block::Paragraph(lines) => lines.len(),
        })
        .sum()
}

/// The publication date, how the report explains it, and the YAML comment beside it.
struct Dated {
    date: Date,
    how: String,
    comment: String,
}

impl Dated {
    fn new(date: Date, how: impl Into<String>, comment: impl Into<String>) -> Dated {
        Dated {
            date,
            how: how.into(),
            comment: comment.into(),
        }
    }
}

/// The publication date: `--date`, the publication line, the first full date in the
/// text, a date without a year (the last one before today), else today.
fn choose_date(article: &Article, flag: Option<Date>, today: Date) -> Dated {
    if let Some(date) = flag {
        return Dated::new(date, "from --date", "from --date");
    }
    if let Some((line, found)) = &article.published
        && let Some(date) = found.date(today.year())
    {
        let why = format!("from the publication line {line} (\"{}\")", found.text);
        return Dated::new(date, why.clone(), why);
    }
    let full = article
        .dates
        .iter()
        .find_map(|(line, f)| f.year.and_then(|y| f.date(y)).map(|d| (line, f, d)));
    if let Some((line, found, date)) = full {
        let why = format!(
            "the first date in the text: \"{}\", line {line}",
            found.text
        );
        return Dated::new(date, why.clone(), why);
    }
    let partial = article.dates.iter().find_map(|(line, f)| {
        let this_year = f.date(today.year())?;
        let date = if this_year > today {
            f.date(today.year() - 1)?
        } else {
            this_year
        };
        Some((line, f, date))
    });
    if let Some((line, found, date)) = partial {
        let why = format!(
            "from \"{}\", line {line}; the text gives no year, {} is a guess: check it",
            found.text,
            date.year()
        );
        let comment = format!("\"{}\" in the text; the year is a guess", found.text);
        return Dated::new(date, why, comment);
    }
    Dated::new(
        today,
        "today: no date found in the text; set the real one",
        "today: no date found in the text",
    )
}

/// A URL slug from the headline, cut at a word to at most 60 characters.
fn slug_for(title: &str, file: &Path) -> String {
    let mut slug = urls::slugify(title);
    if slug.len() > 60 {
        let cut = slug[..=60].rfind('-').unwrap_or(60);
        slug.truncate(cut);
    }
    if slug.is_empty() {
        slug = urls::slugify(&file.file_stem().unwrap_or_default().to_string_lossy());
    }
    if slug.is_empty() {
        slug = "imported".into();
    }
    slug
}

fn write_file(target: &Path, markdown: &str, force: bool) -> Result<(), Failure> {
    if let Some(dir) = target.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(force)
        .create_new(!force)
        .open(target)
        .with_context(|| format!("creating {}", target.display()))?;
    file.write_all(markdown.as_bytes())
        .with_context(|| format!("writing {}", target.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests;
