//! `briefing import`: plain-text article sources -> draft briefings with front-matter.

mod article;
mod dates;
mod detect;
mod emit;
mod noise;
mod terms;

use crate::config::Config;
use crate::diagnostics::{Failure, Problem};
use crate::urls;
use anyhow::Context as _;
use article::{Article, Fate, SummaryFrom};
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

pub(crate) use emit::quote;

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

/// Runs the import: reads and converts every input, then writes all or nothing.
pub fn run(options: &ImportOptions) -> Result<(), Failure> {
    if !options.root.join("site.yaml").is_file() {
        return Err(Problem::new(
            options.root.join("site.yaml"),
            "no site configuration here: import needs the site's languages and terms",
        )
        .hint("run it in the site folder or pass --root DIR")
        .into());
    }
    let config = Config::load(&options.root)?;
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
    let mut targets: BTreeMap<&Path, &Path> = BTreeMap::new();
    for p in &prepared {
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
    if !problems.is_empty() {
        return Err(problems.into());
    }

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for p in &prepared {
        if options.dry_run {
            if prepared.len() > 1 {
                writeln!(out, "==> {} <==", p.target.display()).context("writing to stdout")?;
            }
            write!(out, "{}", p.markdown).context("writing to stdout")?;
            if prepared.len() > 1 {
                writeln!(out).context("writing to stdout")?;
            }
        } else {
            write_file(&p.target, &p.markdown, options.force)?;
        }
        eprint!("{}", p.report);
    }
    eprintln!("{}", summary(&prepared, options.dry_run));
    Ok(())
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

    let (date, date_how, date_comment) = choose_date(&article, date_flag, today);
    let slug = slug_for(&article.title.1, file);
    let target = into.join(format!("{slug}.{code}.md"));
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
    // Per taxonomy, in declared order: the terms named in the text, most mentioned first.
    let suggested: Vec<(&str, Vec<(String, usize)>)> = config
        .taxonomies
        .iter()
        .map(|tax| (tax.key.as_str(), terms::suggest(&all_words, tax)))
        .collect();
    let taxonomies: Vec<emit::Terms> = config
        .taxonomies
        .iter()
        .zip(&suggested)
        .map(|(tax, (_, found))| emit::Terms {
            key: &tax.key,
            chosen: found.iter().map(|(k, _)| k.clone()).collect(),
            all: tax.terms.iter().map(|t| t.key.clone()).collect(),
        })
        .collect();
    let origin = file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let markdown = emit::markdown(
        &emit::Front {
            origin: &origin,
            lang: &code,
            title: &article.title.1,
            date,
            date_comment: &date_comment,
            summary: &article.summary,
            slug: &slug,
            taxonomies: &taxonomies,
            sources: &article.sources,
        },
        &article.blocks,
    );

    let mut removed: BTreeMap<String, usize> = BTreeMap::new();
    let mut moved = 0;
    for note in &article.notes {
        match &note.fate {
            Fate::Removed(reason) => *removed.entry(reason.label()).or_default() += 1,
            Fate::Moved(_) => moved += 1,
        }
    }
    let kept = body_lines(&article);
    let mut report = String::new();
    let verb = if options.dry_run {
        "would write"
    } else {
        "wrote"
    };
    let _ = writeln!(report, "{} -> {verb} {}", file.display(), target.display());
    if options.dry_run && target.exists() && !options.force {
        let _ = writeln!(
            report,
            "  note: {} exists; the import needs --force to replace it",
            target.display()
        );
    }
    let _ = writeln!(report, "  encoding: {encoding}");
    let _ = writeln!(report, "  language: {code} ({lang_how})");
    let _ = writeln!(report, "  title: line {}", article.title.0);
    let summary_how = match &article.summary_from {
        SummaryFrom::Standfirst(lines) => format!("the standfirst, {}", line_list(lines)),
        SummaryFrom::FirstSentences(line) => {
            format!("no standfirst: copied from the paragraph on line {line}; rewrite it")
        }
        SummaryFrom::Title => "no paragraph to take it from: the headline; write one".into(),
    };
    let _ = writeln!(report, "  summary: {summary_how}");
    let _ = writeln!(report, "  date: {date}, {date_how}");
    for (name, found) in &suggested {
        let list = if found.is_empty() {
            "none named in the text".to_string()
        } else {
            let terms: Vec<String> = found.iter().map(|(k, n)| format!("{k} ({n})")).collect();
            format!(
                "{} (suggested from names in the text; check them)",
                terms.join(", ")
            )
        };
        let _ = writeln!(report, "  {name}: {list}");
    }
    let sources: Vec<String> = article
        .sources
        .iter()
        .map(|s| {
            let kind = match s.kind {
                article::SourceKind::Cited => "cited",
                article::SourceKind::Listed => "listed",
                article::SourceKind::PhotoCredit { .. } => "photo credit",
            };
            format!("{} ({kind}, line {})", s.name, s.line)
        })
        .collect();
    let sources = if sources.is_empty() {
        "none named in the text".to_string()
    } else {
        sources.join(", ")
    };
    let _ = writeln!(report, "  sources: {sources}");
    let headings = article
        .blocks
        .iter()
        .filter(|b| matches!(b, article::Block::Heading(..)))
        .count();
    let _ = writeln!(
        report,
        "  body: {} in {} and {}",
        plural(kept, "line"),
        plural(article.blocks.len() - headings, "paragraph"),
        plural(headings, "heading")
    );
    for note in &article.notes {
        let what = match note.fate {
            Fate::Removed(_) => "removed",
            Fate::Moved(_) => "moved",
        };
        let _ = writeln!(
            report,
            "  line {}: {what}, {}: \"{}\"",
            note.line,
            note.fate.describe(),
            note.text
        );
    }
    Ok(Prepared {
        input: file.to_path_buf(),
        target,
        markdown,
        report,
        kept,
        moved,
        removed,
    })
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

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn line_list(lines: &[usize]) -> String {
    match lines {
        [one] => format!("line {one}"),
        [first, .., last] => format!("lines {first}-{last}"),
        [] => String::new(),
    }
}

/// The publication date, how the report explains it, and the YAML comment beside it.
fn choose_date(article: &Article, flag: Option<Date>, today: Date) -> (Date, String, String) {
    if let Some(date) = flag {
        return (date, "from --date".into(), "from --date".into());
    }
    if let Some((line, found)) = &article.published
        && let Some(date) = found.date(today.year())
    {
        let why = format!("from the publication line {line} (\"{}\")", found.text);
        return (date, why.clone(), why);
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
        return (date, why.clone(), why);
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
        return (
            date,
            why.clone(),
            format!("\"{}\" in the text; the year is a guess", found.text),
        );
    }
    (
        today,
        "today: no date found in the text; set the real one".into(),
        "today: no date found in the text".into(),
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

/// The closing line: files, lines kept, moved and removed by reason.
fn summary(prepared: &[Prepared], dry_run: bool) -> String {
    let kept: usize = prepared.iter().map(|p| p.kept).sum();
    let moved: usize = prepared.iter().map(|p| p.moved).sum();
    let mut removed: BTreeMap<&str, usize> = BTreeMap::new();
    for p in prepared {
        for (reason, n) in &p.removed {
            *removed.entry(reason).or_default() += n;
        }
    }
    let total: usize = removed.values().sum();
    let files = if prepared.len() == 1 { "file" } else { "files" };
    let verb = if dry_run {
        "read (dry run, nothing written)"
    } else {
        "imported"
    };
    let mut line = format!(
        "{} {files} {verb}: {} kept in the body, {moved} moved to the front-matter, {total} removed",
        prepared.len(),
        plural(kept, "line"),
    );
    if total > 0 {
        let by_reason: Vec<String> = removed.iter().map(|(r, n)| format!("{r}: {n}")).collect();
        let _ = write!(line, " ({})", by_reason.join("; "));
    }
    line
}

#[cfg(test)]
mod tests;
