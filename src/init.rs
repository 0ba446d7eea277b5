//! `briefing init`: a new site.
use crate::diagnostics::Failure;
use std::path::{Path, PathBuf};
pub fn run(_dir: &Path, _languages: &[String]) -> Result<Vec<PathBuf>, Failure> {
    Ok(vec![])
}
