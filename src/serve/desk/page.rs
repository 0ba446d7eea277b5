//! The desk's HTML: the list of pairs and one pair side by side. Plain pages with their
//! own style, `noindex`, in English (the interface of `serve`).

use super::{DESK, Loaded};
use crate::check::parity::{self, Aspect, Comparison, Place, Reading, Side, Translation};
use crate::config::Config;
use crate::content::Document;
use crate::diagnostics::Problem;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;

const STYLE: &str = include_str!("desk.css");

use crate::markup::escape as esc;

/// A path segment for a desk URL (names and codes are already URL-safe in practice).
fn seg(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn document(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex, nofollow\">\
         <title>{} · translation desk</title><style>{STYLE}</style></head>\
         <body><main>{body}</main></body></html>\n",
        esc(title)
    )
}

/// The page of a served document, or None.
fn served_url(config: &Config, doc: &Document) -> Option<String> {
    let section = config.section(&doc.section)?;
    let path = crate::urls::page_path(&[&doc.lang, section.slug.get(&doc.lang)?, &doc.meta.slug]);
    Some(format!("/{}", path.trim_end_matches("index.html")))
}

/// What a translation's cell says, and its status words for tools (`data-status`).
fn status(t: &Translation) -> (String, String) {
    let Some(comparison) = &t.comparison else {
        return ("missing".into(), "missing".into());
    };
    let mut words = Vec::new();
    let mut text = Vec::new();
    let n = comparison.differences.len();
    if n > 0 {
        words.push("differences");
        text.push(format!("{n} difference{}", if n == 1 { "" } else { "s" }));
    }
    if let Some(date) = t.behind {
        words.push("behind");
        text.push(format!("behind: the original changed on {date}"));
    }
    if words.is_empty() {
        words.push("parity");
        text.push("in parity".into());
    }
    (text.join("; "), words.join(" "))
}

/// The list of every pair.
pub(super) fn index(loaded: &Loaded) -> String {
    let languages: Vec<&str> = loaded.config.codes().collect();
    let survey = &loaded.survey;
    let mut counts = [0usize; 4];
    let mut rows = String::new();
    for group in &survey.groups {
        let original = &loaded.documents[group.original];
        let _ = write!(
            rows,
            "<tr data-pair=\"{}/{}\"><th scope=\"row\">{}</th><td>{}</td><td><code>{}</code></td>",
            esc(&group.section),
            esc(&group.name),
            esc(&group.name),
            esc(&group.section),
            esc(&original.path.display().to_string())
        );
        for lang in &languages {
            if *lang == original.lang {
                let _ = write!(
                    rows,
                    "<td class=\"original\" data-lang=\"{lang}\" data-status=\"original\">original</td>"
                );
                continue;
            }
            let Some(t) = group.translations.iter().find(|t| t.lang == *lang) else {
                continue;
            };
            let (text, words) = status(t);
            for (i, word) in ["missing", "differences", "behind", "parity"]
                .iter()
                .enumerate()
            {
                counts[i] += usize::from(words.split(' ').any(|w| w == *word));
            }
            let cell = if t.doc.is_some() {
                format!(
                    "<a href=\"{DESK}{}/{}/{}/\">{}</a>",
                    seg(&group.section),
                    seg(&group.name),
                    seg(lang),
                    esc(&text)
                )
            } else {
                let file = original
                    .path
                    .with_file_name(format!("{}.{lang}.md", group.name));
                format!("missing: <code>{}</code>", esc(&file.display().to_string()))
            };
            let _ = write!(
                rows,
                "<td class=\"{words}\" data-lang=\"{lang}\" data-status=\"{words}\">{cell}</td>"
            );
        }
        rows.push_str("</tr>\n");
    }
    let heads: String = languages
        .iter()
        .map(|l| {
            format!(
                "<th scope=\"col\">{}</th>",
                esc(&loaded.config.language(l).name)
            )
        })
        .collect();
    let body = format!(
        "<h1>Translation desk</h1>\
         <p class=\"note\">Served by <code>briefing serve</code> only, never built. It follows every edit; \
         <code>briefing check</code> reports the same differences.</p>\
         <p class=\"summary\">{} pairs compared ({} values read): {} with differences, {} behind their original, \
         {} in parity; {} missing.</p>\
         <table class=\"pairs\"><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Section</th>\
         <th scope=\"col\">Original</th>{heads}</tr></thead><tbody>\n{rows}</tbody></table>",
        survey.pairs, survey.values, counts[1], counts[2], counts[3], counts[0]
    );
    document("Translations", &body)
}

/// One translation beside its original, or None when there is no such pair.
pub(super) fn pair(loaded: &Loaded, section: &str, name: &str, lang: &str) -> Option<String> {
    let survey = &loaded.survey;
    let group = survey
        .groups
        .iter()
        .find(|g| g.section == section && g.name == name)?;
    let t = group.translations.iter().find(|t| t.lang == lang)?;
    let (b, comparison) = (t.doc?, t.comparison.as_ref()?);
    let a = group.original;
    let sides = parity::sides(&loaded.config, &loaded.documents);
    // Read again: the survey keeps comparisons, not the readings behind them.
    let (ra, rb) = (Reading::of(&sides[a]), Reading::of(&sides[b]));
    let view = View::new([&sides[a], &sides[b]], [&ra, &rb], comparison);
    let (text, words) = status(t);
    let served = |i: usize| {
        served_url(&loaded.config, &loaded.documents[i])
            .map(|u| format!(" (<a href=\"{}\">page</a>)", esc(&u)))
            .unwrap_or_default()
    };
    let mut body = format!(
        "<p><a href=\"{DESK}\">All translations</a></p>\
         <h1>{} <span class=\"langs\">{} → {}</span></h1>\
         <dl class=\"files\"><dt>Original</dt><dd><code>{}</code>{}</dd>\
         <dt>Translation</dt><dd><code>{}</code>{}</dd>\
         <dt>Status</dt><dd class=\"{words}\" data-status=\"{words}\">{}</dd></dl>",
        esc(name),
        esc(view.a.lang),
        esc(view.b.lang),
        esc(&view.a.path.display().to_string()),
        served(a),
        esc(&view.b.path.display().to_string()),
        served(b),
        esc(&text)
    );
    body.push_str(&view.differences());
    body.push_str(&view.front_matter());
    body.push_str(&view.sections());
    Some(document(
        &format!("{name} {} → {}", view.a.lang, view.b.lang),
        &body,
    ))
}

/// The page for a pair that does not exist.
pub(super) fn unknown(section: &str, name: &str, lang: &str) -> String {
    let body = format!(
        "<p><a href=\"{DESK}\">All translations</a></p><h1>No such translation</h1>\
         <p>There is no <code>{}</code> translation of <code>{}/{}</code> to compare.</p>",
        esc(lang),
        esc(section),
        esc(name)
    );
    document("No such translation", &body)
}

/// The page shown while the site cannot be read.
pub(super) fn broken(problems: &[Problem]) -> String {
    let items: String = problems
        .iter()
        .map(|p| format!("<li><pre>{}</pre></li>", esc(&p.to_string())))
        .collect();
    let body = format!(
        "<h1>Translation desk</h1><p>The site does not build yet; this page reloads when it does.</p>\
         <ul class=\"problems\">{items}</ul>"
    );
    document("Translations", &body)
}

/// One pair being shown.
struct View<'v, 'a> {
    a: &'v Side<'a>,
    b: &'v Side<'a>,
    ra: &'v Reading,
    rb: &'v Reading,
    comparison: &'v Comparison,
    /// Per difference, the anchor of the row it is shown in.
    anchors: Vec<String>,
    /// Anchor -> the differences shown there.
    notes: BTreeMap<String, Vec<usize>>,
    /// (side, section) -> the marked ranges of its text, by difference.
    marks: BTreeMap<(usize, usize), Vec<usize>>,
}

fn aspect(a: Aspect) -> &'static str {
    match a {
        Aspect::Numbers => "numbers",
        Aspect::Links => "links",
        Aspect::Structure => "structure",
        Aspect::Fields => "fields",
    }
}

impl<'v, 'a> View<'v, 'a> {
    fn new(
        [a, b]: [&'v Side<'a>; 2],
        [ra, rb]: [&'v Reading; 2],
        comparison: &'v Comparison,
    ) -> View<'v, 'a> {
        let mut view = View {
            a,
            b,
            ra,
            rb,
            comparison,
            anchors: Vec::new(),
            notes: BTreeMap::new(),
            marks: BTreeMap::new(),
        };
        for (k, d) in comparison.differences.iter().enumerate() {
            let anchor = view.anchor(&d.here, &d.there);
            view.notes.entry(anchor.clone()).or_default().push(k);
            view.anchors.push(anchor);
            for (side, place) in [(0, &d.there), (1, &d.here)] {
                if let Place::Body { section, .. } = place {
                    view.marks.entry((side, *section)).or_default().push(k);
                }
            }
        }
        view
    }

    /// The anchor of the row a difference is shown in: where one side has the exact
    /// text, else the row with a gap, else the original's row.
    fn anchor(&self, here: &Place, there: &Place) -> String {
        let al = &self.comparison.alignment;
        let found = match (there, here) {
            (Place::Field { key, .. }, _) | (_, Place::Field { key, .. }) => {
                return format!("field-{}", seg(key));
            }
            (Place::Body { section, .. }, _) => al.row(0, *section),
            (_, Place::Body { section, .. }) => al.row(1, *section),
            (Place::Section(i), Place::Section(j)) => {
                let (ri, rj) = (al.row(0, *i), al.row(1, *j));
                if al.gap(rj) && !al.gap(ri) { rj } else { ri }
            }
        };
        format!("row-{found}")
    }

    fn differences(&self) -> String {
        let list = &self.comparison.differences;
        if list.is_empty() {
            return "<section class=\"differences\"><h2>No differences</h2>\
                    <p>Numbers, links, structure and fields agree.</p></section>"
                .to_string();
        }
        let mut out = format!(
            "<section class=\"differences\"><h2>{} difference{}</h2><ol>",
            list.len(),
            if list.len() == 1 { "" } else { "s" }
        );
        let file = self.b.path.display().to_string();
        for (k, d) in list.iter().enumerate() {
            let _ = write!(
                out,
                "<li class=\"{}\"><a href=\"#{}\">{}:{}</a> {}</li>",
                aspect(d.aspect),
                self.anchors[k],
                esc(&file),
                d.line,
                esc(&d.message)
            );
        }
        out.push_str("</ol></section>");
        out
    }

    /// The messages of differences shown in one row, as a list.
    fn notes(&self, anchor: &str) -> (bool, String) {
        let Some(list) = self.notes.get(anchor) else {
            return (false, String::new());
        };
        let items: String = list
            .iter()
            .map(|&k| {
                let d = &self.comparison.differences[k];
                format!(
                    "<li class=\"{}\">{}</li>",
                    aspect(d.aspect),
                    esc(&d.message)
                )
            })
            .collect();
        (true, format!("<ul class=\"notes\">{items}</ul>"))
    }

    fn front_matter(&self) -> String {
        let (a, b) = (self.a, self.b);
        let terms = |s: &Side, name: &str| {
            s.terms
                .get(name)
                .map(|keys| keys.iter().copied().collect::<Vec<_>>().join(", "))
                .unwrap_or_default()
        };
        let mut fields: Vec<(String, String, String)> = vec![
            ("title".into(), a.title.into(), b.title.into()),
            ("summary".into(), a.summary.into(), b.summary.into()),
        ];
        let names: std::collections::BTreeSet<&str> =
            a.terms.keys().chain(b.terms.keys()).copied().collect();
        for name in names {
            fields.push((name.into(), terms(a, name), terms(b, name)));
        }
        let event = |s: &Side| {
            s.event
                .map(|d| d.to_string())
                .unwrap_or_else(|| "none".into())
        };
        fields.push(("event".into(), event(a), event(b)));
        fields.push((
            "sources".into(),
            a.sources.to_string(),
            b.sources.to_string(),
        ));
        fields.push(("figures".into(), a.figures.join("\n"), b.figures.join("\n")));
        let mut out = String::from(
            "<section class=\"front\"><h2>Front-matter</h2><table><thead><tr><th scope=\"col\">Field</th>",
        );
        let _ = write!(
            out,
            "<th scope=\"col\">{} (original)</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            esc(a.lang),
            esc(b.lang)
        );
        for (key, x, y) in fields {
            let anchor = format!("field-{}", seg(&key));
            let (differs, notes) = self.notes(&anchor);
            let class = if differs { " class=\"differs\"" } else { "" };
            let _ = write!(
                out,
                "<tr id=\"{anchor}\"{class}><th scope=\"row\">{}</th><td lang=\"{}\">{}</td><td lang=\"{}\">{}{notes}</td></tr>",
                esc(&key),
                esc(a.lang),
                esc(&x),
                esc(b.lang),
                esc(&y)
            );
        }
        out.push_str("</tbody></table></section>");
        out
    }

    /// The body, section by section, with differing values and links marked.
    fn sections(&self) -> String {
        let mut out = format!(
            "<section class=\"body\"><h2>Body, section by section</h2><table class=\"sections\"><thead><tr>\
             <th scope=\"col\">{} (original)</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            esc(self.a.lang),
            esc(self.b.lang)
        );
        for (row, &(x, y)) in self.comparison.alignment.rows.iter().enumerate() {
            let anchor = format!("row-{row}");
            let (differs, notes) = self.notes(&anchor);
            let empty = |side: usize, i: Option<usize>| {
                let (s, r) = if side == 0 {
                    (self.a, self.ra)
                } else {
                    (self.b, self.rb)
                };
                i.is_none_or(|i| s.body[r.scan.sections[i].range.clone()].trim().is_empty())
            };
            if !differs && empty(0, x) && empty(1, y) {
                continue; // no text before the first heading on either side
            }
            let class = if differs || x.is_none() || y.is_none() {
                " class=\"differs\""
            } else {
                ""
            };
            let _ = write!(
                out,
                "<tr id=\"{anchor}\"{class}><td lang=\"{}\">{}</td><td lang=\"{}\">{}{notes}</td></tr>",
                esc(self.a.lang),
                self.cell(0, x),
                esc(self.b.lang),
                self.cell(1, y)
            );
        }
        out.push_str("</tbody></table></section>");
        out
    }

    /// One section's source with its marks, or a gap.
    fn cell(&self, side: usize, section: Option<usize>) -> String {
        let (s, r) = if side == 0 {
            (self.a, self.ra)
        } else {
            (self.b, self.rb)
        };
        let Some(i) = section else {
            return "<p class=\"gap\">no counterpart</p>".to_string();
        };
        let range = r.scan.sections[i].range.clone();
        let mut marks: Vec<(Range<usize>, &str, &str)> = Vec::new();
        for &k in self.marks.get(&(side, i)).into_iter().flatten() {
            let d = &self.comparison.differences[k];
            if let Place::Body { range, .. } = if side == 0 { &d.there } else { &d.here } {
                marks.push((range.clone(), aspect(d.aspect), &d.message));
            }
        }
        marks.sort_by_key(|(r, _, _)| (r.start, r.end));
        let line = r.scan.section_line(i);
        let mut html = format!("<div class=\"line\">line {line}</div><pre>");
        let mut at = range.start;
        for (mark, class, title) in marks {
            if mark.start < at || mark.end > range.end {
                continue;
            }
            html.push_str(&esc(&s.body[at..mark.start]));
            let _ = write!(
                html,
                "<mark class=\"{class}\" title=\"{}\">{}</mark>",
                esc(title),
                esc(&s.body[mark.clone()])
            );
            at = mark.end;
        }
        html.push_str(&esc(s.body[at..range.end].trim_end()));
        html.push_str("</pre>");
        html
    }
}
