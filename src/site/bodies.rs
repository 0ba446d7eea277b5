//! Documents' bodies in the site model: the Markdown pass that checks them and keeps
//! what lists, cards and search need, and the page-time rendering of their HTML.
//!
//! A lean site (`briefing build`) keeps of each body its table of contents, word
//! count, published files and distinct search words, never its HTML or plain text:
//! a page renders its body again when it is rendered, so memory grows with the
//! largest page, not with the sum of every body. `serve` and `check` keep both.

use super::{Reuse, Site, media};
use crate::diagnostics::Problem;
use crate::markdown::{self, Rendered};
use crate::search::BodyWords;
use crate::urls;
use rayon::prelude::*;
use std::borrow::Cow;

/// A walk of a Markdown body: [`markdown::render_with`] or [`markdown::check_with`].
type Walk = fn(&str, &dyn Fn(&str) -> Option<String>, &dyn markdown::Media, bool) -> Rendered;

impl Site<'_> {
    /// The output URL, relative to document `i`'s page, of an internal link like
    /// `@/SECTION/NAME.md#part`: the same language's page, if there is one.
    pub(crate) fn resolve_link(&self, i: usize, dest: &str) -> Option<String> {
        let d = &self.documents[i];
        let (target, anchor) = dest.split_once('#').map_or((dest, ""), |(t, a)| (t, a));
        let (section, file) = target.strip_prefix("@/")?.split_once('/')?;
        let name = file.strip_suffix(".md")?;
        let name = name.strip_suffix(&format!(".{}", d.lang)).unwrap_or(name);
        let j = self.find(section, name, &d.lang)?;
        let fragment = if anchor.is_empty() {
            String::new()
        } else {
            format!("#{anchor}")
        };
        Some(format!(
            "{}{}{fragment}",
            urls::root_of(&self.paths[i]),
            self.paths[j]
        ))
    }

    /// Document `i`'s Markdown rendered: HTML, plain text, contents, its files listed
    /// for publishing (again: publishing is idempotent).
    pub(crate) fn render_body(&self, i: usize) -> Rendered {
        self.walk_body(i, markdown::render_with)
    }

    /// Document `i`'s body walked by `walk` (the full render, or the checks alone),
    /// with its links resolved and its files published for this page.
    fn walk_body(&self, i: usize, walk: Walk) -> Rendered {
        let d = &self.documents[i];
        let resolve = |dest: &str| self.resolve_link(i, dest);
        let doc_media = media::DocMedia::new(&self.media, d, urls::root_of(&self.paths[i]));
        let eager_first = d.meta.image.is_none();
        let mut rendered = walk(&d.body, &resolve, &doc_media, eager_first);
        rendered.media = doc_media.into_published();
        rendered
    }

    /// The HTML of document `i`'s body: kept, or rendered now (a lean site).
    pub fn body_html(&self, i: usize) -> Cow<'_, str> {
        if self.keep_bodies {
            Cow::Borrowed(&self.bodies[i].html)
        } else {
            Cow::Owned(self.render_body(i).html)
        }
    }

    /// The plain text of document `i`'s body: kept, or rendered now (a lean site).
    pub fn body_text(&self, i: usize) -> Cow<'_, str> {
        if self.keep_bodies {
            Cow::Borrowed(&self.bodies[i].text)
        } else {
            Cow::Owned(self.render_body(i).text)
        }
    }

    /// Every document's body rendered once (or taken from `reuse`), in parallel: what
    /// the model keeps of each (all of it, or without HTML and text on a lean site),
    /// and its search words.
    pub(super) fn first_pass(&self, reuse: &Reuse) -> (Vec<Rendered>, Vec<BodyWords>) {
        self.documents
            .par_iter()
            .enumerate()
            .map(|(i, d)| {
                let mut rendered = match reuse(d) {
                    Some(rendered) => {
                        for (output, source) in &rendered.media {
                            self.media.publish(output.clone(), source.clone());
                        }
                        rendered
                    }
                    // A lean site's pages render their bodies again: no HTML now.
                    None if !self.keep_bodies => self.walk_body(i, markdown::check_with),
                    None => self.render_body(i),
                };
                let words = BodyWords::of(&rendered.text);
                if !self.keep_bodies {
                    rendered.html = String::new();
                    rendered.text = String::new();
                }
                (rendered, words)
            })
            .unzip()
    }

    /// The broken `@/` links and the Markdown problems of every body, at their lines.
    pub(super) fn body_problems(&self, bodies: &[Rendered]) -> Vec<Problem> {
        let examples: Vec<String> = self
            .config
            .sections
            .iter()
            .map(|s| format!("@/{}/NAME.md", s.key))
            .collect();
        let mut problems = Vec::new();
        for (d, body) in self.documents.iter().zip(bodies) {
            for link in &body.broken_links {
                let line = d
                    .body
                    .lines()
                    .position(|l| l.contains(link.as_str()))
                    .map_or(0, |n| n + d.body_line);
                problems.push(
                    Problem::new(
                        &d.path,
                        format!("link `{link}` names no page in `{}`", d.lang),
                    )
                    .at(line, 1)
                    .hint(format!(
                        "link as {} with an existing NAME",
                        examples.join(" or ")
                    )),
                );
            }
            for p in &body.problems {
                problems.push(
                    Problem::new(&d.path, &p.message)
                        .at(d.body_line + p.line - 1, p.col)
                        .hint(&p.hint),
                );
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use crate::content::{self, Selection};
    use crate::site::Site;
    use std::path::Path;

    /// A lean site renders every body, at page time, exactly as a site that kept them,
    /// and gives search the same words.
    #[test]
    fn a_lean_site_renders_what_a_kept_one_holds() {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        for root in [
            manifest.to_path_buf(),
            manifest.join("tests/fixtures/basic"),
        ] {
            let config = crate::config::Config::load(&root).expect("the site loads");
            let load = || {
                let selection = Selection::new(false, false).expect("a selection");
                content::load(&config, selection).expect("its content loads")
            };
            let kept = Site::build(&config, load()).expect("the site builds");
            let lean = Site::build_lean(&config, load()).expect("the lean site builds");
            assert!(kept.documents.len() > 3, "{}", root.display());
            for i in 0..kept.documents.len() {
                assert!(lean.bodies[i].html.is_empty() && lean.bodies[i].text.is_empty());
                assert!(!kept.bodies[i].html.is_empty());
                assert_eq!(kept.body_html(i), lean.body_html(i));
                assert_eq!(kept.body_text(i), lean.body_text(i));
                assert_eq!(kept.bodies[i].toc.len(), lean.bodies[i].toc.len());
                assert_eq!(kept.bodies[i].words, lean.bodies[i].words);
                assert_eq!(kept.bodies[i].media, lean.bodies[i].media);
                let (k, l) = (&kept.search_words[i], &lean.search_words[i]);
                assert_eq!(format!("{k:?}"), format!("{l:?}"));
            }
            assert_eq!(kept.media.published(), lean.media.published());
        }
    }
}
