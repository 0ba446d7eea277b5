//! Renders the redirect page of every alias, in the language of the page it leads to.

use super::{PageError, Renderer, WriteFailure, template_problem};
use crate::aliases::{Redirect, redirects};
use crate::diagnostics::{Failure, Problem};
use crate::render::Sink;
use crate::site::Site;
use crate::urls::root_of;
use rayon::prelude::*;
use tera::Context;

impl Renderer {
    /// Writes the redirect page (`redirect.html`) of every alias of `site` into `sink`;
    /// returns how many. Every failing page is reported.
    pub fn render_redirects(&self, site: &Site, sink: &Sink) -> Result<usize, Failure> {
        let all = redirects(site);
        let stop = WriteFailure::default();
        let mut problems: Vec<Problem> = all
            .par_iter()
            .filter_map(|r| stop.unless_stopped(|| self.render_redirect(r, sink)))
            .collect();
        stop.check()?;
        if problems.is_empty() {
            return Ok(all.len());
        }
        problems.sort();
        problems.dedup();
        Err(problems.into())
    }

    fn render_redirect(&self, r: &Redirect, sink: &Sink) -> Result<(), PageError> {
        let mut ctx = Context::new();
        ctx.insert("root", &root_of(r.file));
        ctx.insert("path", r.file);
        ctx.insert("target", &r.target);
        ctx.insert("canonical", &r.canonical);
        ctx.insert("title", r.title);
        let html = self.by_lang[r.lang]
            .render("redirect.html", &ctx)
            .map_err(|err| template_problem(&err, &self.templates_dir))?;
        sink(r.file, html.as_bytes()).map_err(PageError::Write)
    }
}
