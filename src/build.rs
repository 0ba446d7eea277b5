//! The build pipeline: config -> content -> site model -> rendered files -> output.

use crate::changes;
use crate::config::Config;
use crate::content;
use crate::diagnostics::{Failure, Problem};
use crate::incremental::{self, Manifest, Tracker};
use crate::output::{self, Staging};
use crate::render::{Renderer, Sink, views};
use crate::site::Site;
use crate::sources::SOURCES;
use crate::theme;
use crate::{feed_style, feeds, guard, search, sitemap};
use anyhow::Context as _;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use walkdir::WalkDir;

mod partial;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: Option<PathBuf>,
    pub drafts: bool,
    /// Include items dated after today.
    pub future: bool,
    pub base_url: Option<String>,
    /// Show a progress bar (only drawn on a terminal).
    pub progress: bool,
    /// Where the build says that it waits for another, and what it could not tidy.
    pub notify: output::Notify,
    /// Ignore the manifest of the previous build: render and replace the whole output.
    pub clean: bool,
}

impl BuildOptions {
    /// The options that change what a build renders: a manifest made with others is
    /// not trusted.
    fn fingerprint(&self) -> [String; 3] {
        [
            format!("drafts={}", self.drafts),
            format!("future={}", self.future),
            format!("base_url={:?}", self.base_url),
        ]
    }
}

/// What a successful build reports.
#[derive(Debug)]
pub struct Summary {
    pub output: PathBuf,
    /// HTML pages per language.
    pub pages: BTreeMap<String, usize>,
    /// Every file written, pages included.
    pub files: usize,
    /// Bytes of the search index per language.
    pub search_index: BTreeMap<String, usize>,
    /// Redirect pages written for aliases.
    pub redirects: usize,
    /// An incremental build: files written (new or changed) and removed; None when the
    /// whole output was replaced.
    pub changed: Option<(usize, usize)>,
    /// A build that rendered only the pages an edit touched: pages rendered, and pages
    /// of the site (the language chooser and 404 page included in both).
    pub rendered: Option<(usize, usize)>,
    pub elapsed: Duration,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pages: Vec<String> = self.pages.iter().map(|(l, n)| format!("{l} {n}")).collect();
        let index: Vec<String> = self
            .search_index
            .iter()
            .map(|(l, n)| format!("{l} {:.1} KiB", *n as f64 / 1024.0))
            .collect();
        let redirects = match self.redirects {
            0 => String::new(),
            1 => ", 1 redirect".to_string(),
            n => format!(", {n} redirects"),
        };
        let files = match self.changed {
            None => format!("{} files", self.files),
            Some((changed, removed)) => {
                format!(
                    "{} files ({changed} written, {removed} removed)",
                    self.files
                )
            }
        };
        let files = match self.rendered {
            Some((rendered, total)) => format!("{files}, rendered {rendered} of {total} pages"),
            None => files,
        };
        write!(
            f,
            "built {} pages ({}){redirects}, {files} in {} ms -> {}; search index {}",
            self.pages.values().sum::<usize>() + 2,
            pages.join(", "),
            self.elapsed.as_millis(),
            self.output.display(),
            index.join(", ")
        )
    }
}

/// Loads config, content and templates, reporting the problems of all three at once.
pub fn load(
    root: &Path,
    selection: content::Selection,
    base_url: Option<&str>,
) -> Result<(Config, content::Content, Renderer), Failure> {
    let mut config = Config::load(root)?;
    if let Some(url) = base_url {
        config.override_base_url(url)?;
    }
    let content = content::load(&config, selection);
    let renderer = Renderer::new(&config);
    match (content, renderer) {
        (Ok(content), Ok(renderer)) => {
            let problems = renderer.check_templates(&config, &content);
            if !problems.is_empty() {
                return Err(problems.into());
            }
            Ok((config, content, renderer))
        }
        (content, renderer) => {
            let mut problems = content.err().unwrap_or_default();
            problems.extend(renderer.err().unwrap_or_default());
            Err(problems.into())
        }
    }
}

/// Counts a finished rendering reports.
pub struct Generated {
    /// HTML pages per language.
    pub pages: BTreeMap<String, usize>,
    /// Bytes of the search index per language.
    pub search_index: BTreeMap<String, usize>,
    /// The images, linked files and share cards to publish: output path -> the file
    /// to copy there (in the media cache, or in `content/`).
    pub media: Vec<(String, PathBuf)>,
    /// Redirect pages of aliases.
    pub redirects: usize,
}

/// Renders the whole site into `sink`: pages, feeds, sitemap, search index, static files.
pub fn generate(
    config: &Config,
    content: content::Content,
    renderer: &Renderer,
    sink: &Sink,
    progress: bool,
) -> Result<Generated, Failure> {
    // Each page renders its body when it is rendered: no body waits in memory.
    let site = Site::build_lean(config, content)?;
    generate_site(&site, renderer, sink, progress)
}

/// Renders an already built site model into `sink` (`check` inspects the model afterwards).
pub fn generate_site(
    site: &Site,
    renderer: &Renderer,
    sink: &Sink,
    progress: bool,
) -> Result<Generated, Failure> {
    let cards = views::cards(site);
    generate_with(site, renderer, &cards, sink, progress)
}

/// [`generate_site`] with the site's cards already made.
fn generate_with(
    site: &Site,
    renderer: &Renderer,
    cards: &[views::Card],
    sink: &Sink,
    progress: bool,
) -> Result<Generated, Failure> {
    let bar = if progress && site.documents.len() > 500 {
        indicatif::ProgressBar::new(0).with_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} rendering {pos}/{len} pages {wide_bar} {eta}",
            )
            .expect("the template is valid"),
        )
    } else {
        indicatif::ProgressBar::hidden()
    };
    // The pages first: a failing disk is reported at a page, and their problems are
    // reported before the extras are made.
    let pages = renderer.render_site(site, cards, sink, &bar)?;
    bar.finish_and_clear();
    let search_index = generate_extras(site, cards, sink)?;
    let redirects = renderer.render_redirects(site, sink)?;
    // A file edited while its body was read again fails the build (nothing is published).
    site.changed_files()?;
    Ok(Generated {
        pages,
        search_index,
        media: site.media.published(),
        redirects,
    })
}

/// Everything but the pages: feeds, search index, sitemap, static files; returns the
/// search index size per language. `serve` runs it after re-rendering only the pages
/// an edit touched.
pub fn generate_extras(
    site: &Site,
    cards: &[views::Card],
    sink: &Sink,
) -> Result<BTreeMap<String, usize>, Failure> {
    generate_extras_keeping(site, cards, sink, &|_| false)
}

/// [`generate_extras`] but for the search text shards `kept` names by output path
/// (a partial build keeps them from the previous output).
fn generate_extras_keeping(
    site: &Site,
    cards: &[views::Card],
    sink: &Sink,
    kept: &(dyn Fn(&str) -> bool + Sync),
) -> Result<BTreeMap<String, usize>, Failure> {
    let config = site.config;
    let langs: Vec<&str> = config.codes().collect();
    // Each language's feed and search, and the sitemap, are independent: in parallel.
    let (per_lang, sitemap) = rayon::join(
        || {
            langs
                .par_iter()
                .map(|&lang| {
                    extras_of(site, cards, lang, sink, kept).map(|n| (lang.to_string(), n))
                })
                .collect::<Result<BTreeMap<String, usize>, Failure>>()
        },
        || sitemap::sitemap(site).map_err(Failure::from),
    );
    let index_sizes = per_lang?;
    sink("sitemap.xml", &sitemap?)?;
    if !config.root.join("static/robots.txt").exists() {
        sink("robots.txt", sitemap::robots(site).as_bytes())?;
    }
    copy_static(config, sink)?;
    let own = config.root.join("static").join(REDIRECTS);
    let own = match std::fs::read(&own) {
        Ok(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
        Err(err) => return Err(anyhow::anyhow!("reading {}: {err}", own.display()).into()),
    };
    if let Some(text) = crate::aliases::redirects_file(site, own.as_deref()) {
        sink(REDIRECTS, text.as_bytes())?;
    }
    Ok(index_sizes)
}

/// The Atom feed and the search files of `lang`; returns the size of its search index.
fn extras_of(
    site: &Site,
    cards: &[views::Card],
    lang: &str,
    sink: &Sink,
    kept: &(dyn Fn(&str) -> bool + Sync),
) -> Result<usize, Failure> {
    sink(&format!("{lang}/feed.xml"), &feeds::atom(site, lang)?)?;
    sink(
        &format!("{lang}/{}", feed_style::FILE),
        &feeds::stylesheet(site, lang),
    )?;
    // The index comes first; the text shards after it are loaded on demand.
    let kept_shard = |k| kept(&search::shard_path(lang, k));
    Ok(search::write(site, cards, lang, sink, &kept_shard)?)
}

/// The redirects file of Netlify and Cloudflare Pages: the site's own `static/_redirects`
/// with the aliases' lines after it.
const REDIRECTS: &str = "_redirects";

/// The builtin static files the site does not override, then the site's `static/`
/// (but `_redirects`, which [`generate_extras`] writes with the aliases).
fn copy_static(config: &Config, sink: &Sink) -> Result<(), Failure> {
    let dir = config.root.join("static");
    for (name, text) in theme::STATIC {
        if !dir.join(name).exists() {
            sink(name, text.as_bytes())?;
        }
    }
    for (name, bytes) in theme::STATIC_BINARY {
        if !dir.join(name).exists() {
            sink(name, bytes)?;
        }
    }
    if !dir.is_dir() {
        return Ok(());
    }
    let root = config
        .root
        .canonicalize()
        .context("resolving the site root")?;
    let mut problems = Vec::new();
    for entry in WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        if crate::sources::is_editor_file(entry.path()) {
            continue;
        }
        if entry.path_is_symlink() {
            let target = entry.path().canonicalize().ok();
            if !target.as_ref().is_some_and(|t| t.starts_with(&root)) {
                problems.push(
                    Problem::new(entry.path(), "this symlink points outside the site root")
                        .hint("copy the file into static/ instead"),
                );
                continue;
            }
        }
        if !entry.path().is_file() || entry.path() == dir.join(REDIRECTS) {
            continue;
        }
        let relative = entry
            .path()
            .strip_prefix(&dir)
            .expect("walkdir stays under its root")
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = std::fs::read(entry.path())
            .with_context(|| format!("reading {}", entry.path().display()))?;
        sink(&relative, &bytes)?;
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.into())
    }
}

/// Where the output really is (every symlink and `..` resolved), if it may be there:
/// not the site, not a folder that holds the site or any of its inputs (a build
/// replaces its output, and would delete them), and not inside content/, templates/
/// or static/ (the next build would read it back as input). Checked before anything
/// is read or written. An output that is a symlink is followed: the build replaces
/// the folder it points to and leaves the link alone.
pub(crate) fn guard_output(root: &Path, output: &Path) -> Result<PathBuf, Failure> {
    let resolved = output::resolve(output)?;
    let root = output::resolve(root)?;
    let refuse = |message: String| -> Failure {
        Problem::new(output, message)
            .hint("choose an output outside the site's sources, e.g. the default ROOT/public")
            .into()
    };
    if root.starts_with(&resolved) {
        return Err(refuse(format!(
            "the output folder {} holds the site itself ({}); a build replaces its output and would delete the site",
            resolved.display(),
            root.display()
        )));
    }
    // The source folders count even before they exist: an output there would make them.
    let mut inputs: Vec<PathBuf> = SOURCES.iter().map(|name| root.join(name)).collect();
    if let Ok(entries) = std::fs::read_dir(&root) {
        inputs.extend(
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml")),
        );
    }
    for input in inputs {
        let name = input
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let folder = SOURCES.contains(&name.as_str());
        // A source linked from elsewhere counts where it really is.
        let Ok(input) = output::resolve(&input) else {
            continue;
        };
        if folder && resolved.starts_with(&input) {
            return Err(refuse(format!(
                "the output folder is inside the site's {name}/ folder, which every build reads"
            )));
        }
        if input.starts_with(&resolved) {
            return Err(refuse(format!(
                "the output folder {} holds the site's {name}, which a build would delete",
                resolved.display()
            )));
        }
    }
    Ok(resolved)
}

/// `briefing build`: the output's lock, then everything rendered in memory. Against a
/// manifest that still describes the output, only the files whose bytes changed are
/// staged and moved in through a journal ([`Staging::apply`]); otherwise (first build,
/// `--clean`, another binary, options or root YAML changed, an output edited by hand)
/// everything goes into a staging folder of this build's own, swapped in in one step.
pub fn run(options: &BuildOptions) -> Result<Summary, Failure> {
    let started = Instant::now();
    // The bodies stay on disk: pages read them when they render them.
    let selection = content::Selection::new(options.drafts, options.future)?.bodies_on_disk();
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    if !options.root.join("site.yaml").is_file() {
        // Not a site: say so (from the config) before making anything.
        load(&options.root, selection, None)?;
    }
    let target = guard_output(&options.root, &output)?;
    let staging = Staging::begin(&target, options.notify)?;
    // Read under the lock, after recovery: the record of the build being replaced.
    let previous = previous_record(&target, options.notify)?;
    let inputs = incremental::inputs(&options.root, &options.fingerprint());
    let manifest_path = incremental::manifest_path(&options.root, &target);
    let mut trusted = (!options.clean)
        .then(|| Manifest::trusted(&manifest_path, &target, &inputs))
        .flatten();
    let before = trusted.as_mut().and_then(|m| m.record.take());
    // The sources as they are before the build reads them (see `changes::Scan`).
    let scan = changes::Scan::take(&options.root, before.as_ref());
    let (config, mut content, renderer) =
        load(&options.root, selection, options.base_url.as_deref())?;
    let unpublished = std::mem::take(&mut content.unpublished);
    let published = trusted.as_ref().map(Manifest::published_media);
    let site = Site::build_lean_trusting(&config, content, published.unwrap_or_default())?;
    let cards = views::cards(&site);
    let (record, partial) = changes::Record::new(scan, &site, &cards, before.as_ref());
    let plan = partial.as_ref().map(|p| partial::Plan::new(&site, p));
    let tracker = Tracker::new(&staging, trusted);
    let (generated, files, mut pages_written) =
        write_site(&site, &renderer, &cards, plan.as_ref(), &tracker, options)?;
    if let Some(plan) = &plan {
        tracker.keep(|path| plan.keeps(path));
        pages_written.extend(plan.kept_pages.iter().cloned());
    }
    let outcome = guard::compare(
        previous.as_ref(),
        &site,
        &|file| pages_written.contains(file),
        &unpublished,
    );
    for problem in guard::problems(&site, &outcome.lost) {
        (options.notify.warning)(&problem.to_string());
    }
    tracker
        .write(guard::MANIFEST, &outcome.next.to_bytes())
        .map_err(Failure::Io)?;
    let changed = tracker.is_incremental().then(|| tracker.staged());
    let changes = tracker.finish(inputs, &target, record);
    let removed = changes.delete.len();
    // A partial build wrote only some files: the output holds what the manifest lists.
    let files = match plan {
        Some(_) => changes.manifest.files.len() - 1,
        None => files,
    };
    publish(staging, changes, &manifest_path, &target, options.notify)?;
    Ok(Summary {
        output,
        pages: generated.pages,
        files,
        search_index: generated.search_index,
        redirects: generated.redirects,
        changed: changed.map(|n| (n, removed)),
        rendered: plan.map(|p| p.rendered),
        elapsed: started.elapsed(),
    })
}

/// Renders the site (or the pages of `plan`) and its media into `tracker`; returns the
/// counts, how many files the build wrote, and the HTML pages among them.
fn write_site(
    site: &Site,
    renderer: &Renderer,
    cards: &[views::Card],
    plan: Option<&partial::Plan>,
    tracker: &Tracker,
    options: &BuildOptions,
) -> Result<(Generated, usize, BTreeSet<String>), Failure> {
    let files = AtomicUsize::new(0);
    let html = Mutex::new(BTreeSet::new());
    let sink = |path: &str, bytes: &[u8]| {
        files.fetch_add(1, Ordering::Relaxed);
        if path.ends_with(".html") {
            html.lock()
                .expect("no writer panics")
                .insert(path.to_string());
        }
        tracker.write(path, bytes)
    };
    let generated = match plan {
        Some(plan) => plan.generate(site, renderer, cards, &sink),
        None => generate_with(site, renderer, cards, &sink, options.progress),
    };
    // A failed write stops the build: it alone is reported, not its consequences.
    if let Some(err) = tracker.take_error() {
        return Err(Failure::Io(err));
    }
    let generated = generated?;
    publish_media(site.config, tracker, &generated.media)?;
    let count = files.into_inner() + generated.media.len();
    Ok((
        generated,
        count,
        html.into_inner().expect("no writer panics"),
    ))
}

/// Puts the new build in place: the change set through the journal (incremental), or
/// the whole staging folder swapped in, then the manifest of what the output now holds.
fn publish(
    staging: Staging,
    changes: incremental::Changes,
    manifest_path: &Path,
    output: &Path,
    notify: output::Notify,
) -> Result<(), Failure> {
    let incremental::Changes {
        put,
        delete,
        mut manifest,
        incremental,
    } = changes;
    if incremental {
        return staging.apply(put, delete, manifest_path, &manifest.to_bytes());
    }
    // The old manifest goes first: a crash after the swap leaves none, never a wrong one.
    Manifest::forget(manifest_path)?;
    staging.commit()?;
    manifest.restat(output);
    if let Err(err) = manifest.save(manifest_path) {
        (notify.warning)(&format!(
            "{err:#}; the next build replaces the whole output again"
        ));
    }
    Ok(())
}

/// Copies (or links, from the cache) every image, linked file and share card into
/// the staging folder, in parallel, unless the output already has it: a failure stops
/// the build like a failed write.
fn publish_media(
    config: &Config,
    tracker: &Tracker,
    media: &[(String, PathBuf)],
) -> Result<(), Failure> {
    let cache = config.root.join(crate::media::CACHE_DIR);
    let result = media.par_iter().try_for_each(|(output, source)| {
        tracker.publish(output, source, source.starts_with(&cache))
    });
    match (tracker.take_error(), result) {
        (Some(err), _) | (None, Err(err)) => Err(Failure::Io(err)),
        (None, Ok(())) => Ok(()),
    }
}

/// The record of published URLs of the output being replaced: its `.briefing-urls`,
/// or its pages when it has none; a record that cannot be read is a warning, and the
/// pages stand in for it. None for a new output.
fn previous_record(
    output: &Path,
    notify: output::Notify,
) -> Result<Option<guard::Manifest>, Failure> {
    match guard::Manifest::read(output) {
        Err(Failure::Problems(problems)) => {
            for problem in problems {
                (notify.warning)(&format!(
                    "{problem}; this build starts a new record from the pages in the output"
                ));
            }
            guard::Manifest::scan(output).map(Some)
        }
        other => other,
    }
}

/// Every rendered file of a site in memory (path -> bytes), and the media to publish
/// (output path -> the file to copy there), unread.
pub type InMemory = (BTreeMap<String, Vec<u8>>, Vec<(String, PathBuf)>);

/// Renders an already built site model into memory: the one in-memory build that
/// `check`, `serve` and the tests share (nothing is written to disk).
pub fn render_in_memory(site: &Site, renderer: &Renderer) -> Result<InMemory, Failure> {
    let files = Mutex::new(BTreeMap::new());
    let sink = |path: &str, bytes: &[u8]| {
        files
            .lock()
            .expect("no writer panics")
            .insert(path.to_string(), bytes.to_vec());
        Ok(())
    };
    let generated = generate_site(site, renderer, &sink, false)?;
    Ok((
        files.into_inner().expect("no writer panics"),
        generated.media,
    ))
}

/// The whole site rendered in memory, media read in, for tests: path -> bytes.
pub fn build_in_memory(root: &Path, drafts: bool) -> Result<BTreeMap<String, Vec<u8>>, Failure> {
    let (config, content, renderer) = load(root, content::Selection::new(drafts, false)?, None)?;
    let site = Site::build(&config, content)?;
    let (mut files, media) = render_in_memory(&site, &renderer)?;
    for (output, source) in media {
        let bytes =
            std::fs::read(&source).with_context(|| format!("reading {}", source.display()))?;
        files.insert(output, bytes);
    }
    Ok(files)
}
