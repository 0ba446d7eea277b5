//! Rendering a site into a sink: the pages, then feeds, search files, sitemap and static files.

use super::statics::{REDIRECTS, copy_static};
use crate::config::Config;
use crate::diagnostics::Failure;
use crate::render::{Renderer, Sink, views};
use crate::site::Site;
use crate::{content, feed_style, feeds, search, sitemap};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;

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
pub(super) fn generate_with(
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
    // The feeds, search files and sitemap are made while the pages render: alone they
    // keep one core of two busy (two languages, one sitemap), and they need nothing the
    // pages make. The pages' problems are still the ones reported first.
    let (pages, search_index) = rayon::join(
        || {
            let pages = renderer.render_site(site, cards, sink, &bar);
            bar.finish_and_clear();
            pages
        },
        || generate_extras(site, cards, sink),
    );
    let (pages, search_index) = (pages?, search_index?);
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
    generate_extras_keeping(site, cards, sink, &|_| false, &BTreeMap::new())
}

/// [`generate_extras`] but for the search text shards `kept` names by output path and
/// the search indexes of `kept_indexes` (language -> size): a partial build keeps them
/// from the previous output.
pub(super) fn generate_extras_keeping(
    site: &Site,
    cards: &[views::Card],
    sink: &Sink,
    kept: &(dyn Fn(&str) -> bool + Sync),
    kept_indexes: &BTreeMap<String, usize>,
) -> Result<BTreeMap<String, usize>, Failure> {
    let config = site.config;
    let langs: Vec<&str> = config.codes().collect();
    // Each language's feed and search, and the sitemap, are independent: in parallel.
    let (per_lang, sitemap) = rayon::join(
        || {
            langs
                .par_iter()
                .map(|&lang| {
                    let size = match kept_indexes.get(lang) {
                        Some(&size) => feeds_of(site, lang, sink).map(|()| size),
                        None => extras_of(site, cards, lang, sink, kept),
                    };
                    size.map(|n| (lang.to_string(), n))
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

/// The Atom feed of `lang` and its stylesheet.
fn feeds_of(site: &Site, lang: &str, sink: &Sink) -> Result<(), Failure> {
    sink(&format!("{lang}/feed.xml"), &feeds::atom(site, lang)?)?;
    sink(
        &format!("{lang}/{}", feed_style::FILE),
        &feeds::stylesheet(site, lang),
    )?;
    Ok(())
}

/// The Atom feed and the search files of `lang`; returns the size of its search index.
fn extras_of(
    site: &Site,
    cards: &[views::Card],
    lang: &str,
    sink: &Sink,
    kept: &(dyn Fn(&str) -> bool + Sync),
) -> Result<usize, Failure> {
    feeds_of(site, lang, sink)?;
    // The index comes first; the text shards after it are loaded on demand.
    let kept_shard = |k| kept(&search::shard_path(lang, k));
    Ok(search::write(site, cards, lang, sink, &kept_shard)?)
}
