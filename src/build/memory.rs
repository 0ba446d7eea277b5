//! The in-memory build that `check`, `serve` and the tests share: nothing is written to disk.

use super::{generate_site, load};
use crate::content;
use crate::diagnostics::Failure;
use crate::render::Renderer;
use crate::site::Site;
use anyhow::Context as _;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

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
