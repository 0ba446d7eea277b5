//! The build pipeline: config -> content -> site model -> rendered files -> output.

use crate::changes;
use crate::config::Config;
use crate::content;
use crate::diagnostics::Failure;
use crate::guard;
use crate::incremental::{self, Manifest, Tracker};
use crate::output::{self, Staging};
use crate::render::{Renderer, views};
use crate::site::Site;
use output_guard::guard_output;
use publish::{previous_record, publish, write_site};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod generate;
mod memory;
mod output_guard;
mod partial;
mod publish;
mod statics;

pub use generate::{Generated, generate, generate_extras, generate_site};
pub use memory::{InMemory, build_in_memory, render_in_memory};

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

/// `briefing build`: the output's lock, then everything rendered in memory. Against a
/// manifest that still describes the output, only the files whose bytes changed are
/// staged and moved in through a journal ([`Staging::apply`]); otherwise (first build,
/// `--clean`, another binary, options or root YAML changed, an output edited by hand)
/// everything goes into a staging folder of this build's own, swapped in in one step.
pub fn run(options: &BuildOptions) -> Result<Summary, Failure> {
    let started = Instant::now();
    // The bodies stay on disk: pages read them when they render them.
    let selection = content::Selection::new(options.drafts, options.future)?
        .bodies_on_disk()
        .with_doc_cache(!options.clean);
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
    let published = trusted.as_mut().map(|m| m.published_media(&target));
    let site = Site::build_lean_trusting(&config, content, published.unwrap_or_default())?;
    let cards = views::cards(&site);
    let (mut record, partial) = changes::Record::new(scan, &site, &cards, before.as_ref());
    let plan = partial.as_ref().map(|p| partial::Plan::new(&site, p));
    let tracker = Tracker::new(&staging, &target, trusted);
    let (generated, files, pages_written) =
        write_site(&site, &renderer, &cards, plan.as_ref(), &tracker, options)?;
    if let Some(plan) = &plan {
        tracker.keep(|path| plan.keeps(path));
    }
    // Read under the lock, after recovery: the record of the build being replaced. Only
    // now, not before rendering: a --clean build over 140,000 pages then does not hold
    // the old record through the render, where its memory peaks.
    let previous = previous_record(&target, options.notify)?;
    // Asked only of URLs the site no longer has: a page written or kept is published.
    let published = |file: &str| {
        pages_written.contains(file) || plan.as_ref().is_some_and(|p| p.kept_pages.contains(file))
    };
    let outcome = guard::compare(previous.as_ref(), &site, &published, &unpublished);
    drop(previous);
    for problem in guard::problems(&site, &outcome.lost) {
        (options.notify.warning)(&problem.to_string());
    }
    tracker
        .write(guard::MANIFEST, &outcome.next.to_bytes())
        .map_err(Failure::Io)?;
    let changed = tracker.is_incremental().then(|| tracker.staged());
    record.index_sizes = generated.search_index.clone();
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
