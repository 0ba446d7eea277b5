//! The words on a map: country, neighbour and sea labels, numbered keys, marked places.

use super::MapSpec;
use super::geo::{Geo, Group, inside};
use super::label::{Anchor, Placer, text_box};
use super::shapes::Shapes;
use crate::markup::escape;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Font sizes in view units (the CSS may change them).
const COUNTRY_SIZE: f64 = 22.0;
const CONTEXT_SIZE: f64 = 16.0;
const PLACE_SIZE: f64 = 20.0;
const KEY_RADIUS: f64 = 21.0;
/// The radius `static/style.css` gives the keys on small screens, where they show.
const KEY_RADIUS_SMALL: f64 = 32.0;
/// The credit line's font size, and on small screens, as `static/style.css` sets them.
const CREDIT_SIZE: f64 = 13.0;
const CREDIT_SIZE_SMALL: f64 = 28.0;

/// Where the credit line lies (its end at the bottom right corner, as `draw` writes it)
/// at font size `size`, a little wider than the text for safety.
fn credit_box(credit: &str, view: [f64; 4], size: f64) -> [f64; 4] {
    let at = [view[2] - 10.0, view[3] - 10.0];
    text_box(credit, at, size, 0.6, Anchor::End)
}

/// Marks first, then the listed countries, the seas and the neighbours, each where it
/// meets no label placed before it. Returns the names of the marks drawn.
pub(super) fn labels(
    svg: &mut String,
    geo: &Geo,
    spec: &MapSpec,
    names: &BTreeMap<String, String>,
    shapes: &Shapes,
) -> Vec<String> {
    let view = shapes.view;
    let mut placer = Placer::new(view[2], view[3], 6.0);
    placer.reserve(credit_box(&spec.credit, view, CREDIT_SIZE));
    let mut text = String::new();
    let mut drawn = Vec::new();
    svg.push_str("<g class=\"map-marks\">");
    for mark in &spec.marks {
        if let Some(label) = place_mark(svg, &mut placer, shapes, mark) {
            text.push_str(&label);
            drawn.push(mark.name.clone());
        }
    }
    svg.push_str("</g>");
    let mut poles = Vec::new();
    for (i, link) in spec.countries.iter().enumerate() {
        let rings = &geo.countries[&link.key].rings;
        let id = format!("c:{}", link.key);
        let Some((at, _)) = shapes.label_point(&id, rings, KEY_RADIUS) else {
            continue;
        };
        let label = Label {
            class: "map-label map-label-country",
            name: &link.name,
            size: COUNTRY_SIZE,
            em: 0.56,
        };
        label.place(&mut text, &mut placer, at, &shapes.visible(&id, rings));
        poles.push((i, spec.highlight.contains(&link.key), at));
    }
    let keys = keys(&poles, shapes.view, &spec.credit);
    let context = geo
        .water
        .iter()
        .map(|(k, w)| (format!("w:{k}"), k, &w.rings, "map-label map-label-water"))
        .chain(
            geo.countries
                .iter()
                .filter(|(k, c)| {
                    c.group == Group::Neighbour && !spec.countries.iter().any(|l| &l.key == *k)
                })
                .map(|(k, c)| {
                    (
                        format!("c:{k}"),
                        k,
                        &c.rings,
                        "map-label map-label-neighbour",
                    )
                }),
        );
    for (id, key, rings, class) in context {
        let Some(name) = names.get(key) else { continue };
        let Some((at, room)) = shapes.label_point(&id, rings, 8.0) else {
            continue;
        };
        if room >= CONTEXT_SIZE * 0.6 {
            let label = Label {
                class,
                name,
                size: CONTEXT_SIZE,
                em: 0.68,
            };
            label.place(&mut text, &mut placer, at, &shapes.visible(&id, rings));
        }
    }
    let _ = write!(
        svg,
        "<g class=\"map-labels\" aria-hidden=\"true\">{text}</g>\
         <g class=\"map-keys\" aria-hidden=\"true\">{keys}</g>"
    );
    drawn
}

/// The numbered keys (shown instead of names on small screens), highlighted countries
/// first, each where it meets no key before it, nor the credit line, at its small-screen
/// size.
fn keys(poles: &[(usize, bool, [f64; 2])], view: [f64; 4], credit: &str) -> String {
    let mut order: Vec<_> = poles.to_vec();
    order.sort_by_key(|&(i, highlighted, _)| (!highlighted, i));
    let mut placer = Placer::new(view[2], view[3], 0.0);
    placer.reserve(credit_box(credit, view, CREDIT_SIZE_SMALL));
    let mut drawn: Vec<(usize, [f64; 2])> = order
        .into_iter()
        .filter(|&(_, _, [x, y])| {
            let r = KEY_RADIUS_SMALL + 1.0;
            placer.take([x - r, y - r, x + r, y + r])
        })
        .map(|(i, _, at)| (i, at))
        .collect();
    drawn.sort_by_key(|&(i, _)| i);
    let mut out = String::new();
    for (i, at) in drawn {
        let (x, y) = (at[0].round(), at[1].round());
        let _ = write!(
            out,
            "<g class=\"map-key\"><circle cx=\"{x}\" cy=\"{y}\" r=\"{KEY_RADIUS}\"/>\
             <text x=\"{x}\" y=\"{y}\" text-anchor=\"middle\">{n}</text></g>",
            n = i + 1
        );
    }
    out
}

/// One line of text centred on a point of its shape.
struct Label<'a> {
    class: &'a str,
    name: &'a str,
    size: f64,
    /// The width of a character, as a share of the size.
    em: f64,
}

impl Label<'_> {
    /// Writes the label at `at`, or moved up or down (staying over its shape) to where
    /// it meets no label placed before; leaves it out when there is no such place.
    fn place(&self, out: &mut String, placer: &mut Placer, at: [f64; 2], shape: &[Vec<[f64; 2]>]) {
        for step in [0.0, -1.0, 1.0, -2.0, 2.0, -3.0, 3.0] {
            let centre = [at[0], at[1] + step * self.size];
            if step != 0.0 && !inside(centre, shape) {
                continue;
            }
            let baseline = [centre[0], centre[1] + self.size * 0.35];
            if placer.take(text_box(
                self.name,
                baseline,
                self.size,
                self.em,
                Anchor::Middle,
            )) {
                let _ = write!(
                    out,
                    "<text class=\"{}\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                    self.class,
                    baseline[0].round(),
                    baseline[1].round(),
                    escape(self.name)
                );
                return;
            }
        }
    }
}

/// The dot of a mark, and its label to the right (or left, near the edge).
fn place_mark(
    svg: &mut String,
    placer: &mut Placer,
    shapes: &Shapes,
    mark: &super::Mark,
) -> Option<String> {
    let frame_point = shapes_point(shapes, mark.at)?;
    let [x, y] = frame_point;
    let _ = write!(
        svg,
        "<circle class=\"map-mark\" cx=\"{}\" cy=\"{}\" r=\"6\"/>",
        x.round(),
        y.round()
    );
    placer.reserve([x - 7.0, y - 7.0, x + 7.0, y + 7.0]);
    let candidates = [
        ([x + 14.0, y + 7.0], Anchor::Start, "start"),
        ([x - 14.0, y + 7.0], Anchor::End, "end"),
        ([x, y - 14.0], Anchor::Middle, "middle"),
        ([x, y + 28.0], Anchor::Middle, "middle"),
    ];
    for (at, anchor, name) in candidates {
        if placer.take(text_box(&mark.name, at, PLACE_SIZE, 0.56, anchor)) {
            return Some(format!(
                "<text class=\"map-label map-label-place\" x=\"{}\" y=\"{}\" text-anchor=\"{name}\">{}</text>",
                at[0].round(),
                at[1].round(),
                escape(&mark.name)
            ));
        }
    }
    Some(String::new())
}

/// A point in view coordinates, when it lies in the view.
fn shapes_point(shapes: &Shapes, at: [f64; 2]) -> Option<[f64; 2]> {
    let p = shapes.frame_point(at);
    let v = shapes.view;
    (p[0] >= v[0] && p[0] <= v[2] && p[1] >= v[1] && p[1] <= v[3]).then_some(p)
}
