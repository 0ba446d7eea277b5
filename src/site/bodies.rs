//! Documents' bodies in the site model: the Markdown pass that checks them and keeps
//! what lists, cards and search need, and the page-time rendering of their HTML.
//!
//! A lean site (`briefing build`) keeps of each body its table of contents, word
//! count, published files and distinct search words, never its HTML or plain text:
//! a page renders its body again when it is rendered, so memory grows with the
//! largest page, not with the sum of every body. `serve` and `check` keep both.

use super::{Reuse, Site, media};
use crate::diagnostics::Problem;
use crate::doc_cache::{DocCache, Entry};
use crate::markdown::{self, Rendered};
use crate::search::BodyWords;
use crate::urls;
use rayon::prelude::*;
use std::borrow::Cow;

/// What [`Site::first_pass`] gives: per document its body and search words, and the
/// document cache's new entries.
#[derive(Default)]
pub(super) struct FirstPass {
    pub(super) bodies: Vec<Rendered>,
    pub(super) words: Vec<BodyWords>,
    pub(super) fresh: Vec<(std::path::PathBuf, Entry)>,
}

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
    pub(super) fn walk_body(&self, i: usize, walk: Walk) -> Rendered {
        let d = &self.documents[i];
        let resolve = |dest: &str| self.resolve_link(i, dest);
        let doc_media = media::DocMedia::new(&self.media, d, urls::root_of(&self.paths[i]));
        let eager_first = d.meta.image.is_none();
        let mut rendered = walk(&self.source_of(i), &resolve, &doc_media, eager_first);
        rendered.media = doc_media.into_published();
        rendered
    }

    /// Document `i`'s Markdown, from memory or its file. A file changed since it was
    /// loaded gives an empty body here and is recorded: [`Site::changed_files`] fails
    /// the build with it before anything is published.
    fn source_of(&self, i: usize) -> Cow<'_, str> {
        self.documents[i].body_text().unwrap_or_else(|problem| {
            let mut changed = self.changed.lock().expect("no renderer panics");
            changed.insert(problem.path.clone(), problem);
            Cow::Borrowed("")
        })
    }

    /// The files that changed while the site was built from them, if any: a build that
    /// read one of them fails, since its pages would disagree with each other.
    pub(crate) fn changed_files(&self) -> Result<(), Vec<Problem>> {
        let changed = std::mem::take(&mut *self.changed.lock().expect("no renderer panics"));
        if changed.is_empty() {
            Ok(())
        } else {
            Err(changed.into_values().collect())
        }
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
    /// its search words, and the entries for the document cache of the bodies a lean
    /// site checked now (the others came from `cache`).
    pub(super) fn first_pass(&self, reuse: &Reuse, cache: Option<&DocCache>) -> FirstPass {
        let checked: Vec<(Rendered, BodyWords, Option<Entry>)> = self
            .documents
            .par_iter()
            .enumerate()
            .map(|(i, d)| {
                let (mut rendered, words, entry) = match reuse(d) {
                    Some(rendered) => {
                        for (output, source) in &rendered.media {
                            self.media.publish(output.clone(), source.clone());
                        }
                        let words = BodyWords::of(&rendered.text);
                        (rendered, words, None)
                    }
                    // A lean site's pages render their bodies again: no HTML now.
                    None if !self.keep_bodies => self.check_cached(i, cache),
                    None => {
                        let rendered = self.render_body(i);
                        let words = BodyWords::of(&rendered.text);
                        (rendered, words, None)
                    }
                };
                if !self.keep_bodies {
                    rendered.html = String::new();
                    rendered.text = String::new();
                }
                (rendered, words, entry)
            })
            .collect();
        let mut pass = FirstPass::default();
        for (d, (rendered, words, entry)) in self.documents.iter().zip(checked) {
            pass.bodies.push(rendered);
            pass.words.push(words);
            pass.fresh.extend(entry.map(|e| (d.path.clone(), e)));
        }
        pass
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
        for (i, (d, body)) in self.documents.iter().zip(bodies).enumerate() {
            // Read again only for a broken link's line (a lean site leaves it on disk).
            let source = match body.broken_links.is_empty() {
                true => Cow::Borrowed(""),
                false => self.source_of(i),
            };
            for link in &body.broken_links {
                let line = source
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
            let load = |on_disk: bool| {
                let selection = Selection::new(false, false).expect("a selection");
                let selection = match on_disk {
                    true => selection.bodies_on_disk(),
                    false => selection,
                };
                content::load(&config, selection).expect("its content loads")
            };
            let kept = Site::build(&config, load(false)).expect("the site builds");
            let lean = Site::build_lean(&config, load(true)).expect("the lean site builds");
            assert!(kept.documents.len() > 3, "{}", root.display());
            for i in 0..kept.documents.len() {
                assert!(lean.documents[i].body.is_empty(), "the body stays on disk");
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
            assert!(lean.changed_files().is_ok());
        }
    }

    /// Copies the fixture `name` into a fresh folder.
    fn fixture_copy(name: &str) -> tempfile::TempDir {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        let dir = tempfile::tempdir().expect("a temporary folder");
        crate::files::copy_tree(&from, dir.path());
        dir
    }

    /// A body edited after the lean site was built from it (while the pages render)
    /// fails the rendering at that file, and says to build again; an untouched one
    /// renders.
    #[test]
    fn a_file_changed_while_the_build_ran_fails_it() {
        let dir = fixture_copy("basic");
        let config = crate::config::Config::load(dir.path()).expect("the site loads");
        let renderer = crate::render::Renderer::new(&config).expect("the templates load");
        let render = |site: &Site| {
            let sink = |_: &str, _: &[u8]| Ok(());
            crate::build::generate_site(site, &renderer, &sink, false)
        };
        let selection = Selection::new(false, false)
            .expect("a selection")
            .bodies_on_disk();
        let content = content::load(&config, selection).expect("its content loads");
        let site = Site::build_lean(&config, content).expect("the lean site builds");
        assert!(render(&site).is_ok(), "nothing changed yet");

        let edited = &site.documents[1];
        let file = dir.path().join(&edited.path);
        let text = std::fs::read_to_string(&file).expect("the document reads");
        std::fs::write(&file, format!("{text}\nA sentence added meanwhile.\n")).expect("an edit");
        let Err(crate::diagnostics::Failure::Problems(problems)) = render(&site) else {
            panic!("a build of a changed file succeeded");
        };
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path, edited.path);
        let shown = problems[0].to_string();
        assert!(shown.contains("changed while the build ran"), "{shown}");
        assert!(shown.contains("run the build again"), "{shown}");

        // The same length and place, other words: still seen.
        std::fs::write(&file, text.replace("e", "a")).expect("an edit");
        assert!(
            render(&site).is_err(),
            "an edit of the same length went unseen"
        );
    }
}
