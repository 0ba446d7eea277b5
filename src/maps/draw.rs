//! The SVG of one map: frame, outlines, links, labels, keys, marks and credit.

use super::geo::{Geo, Group, join_arcs};
use super::label::{pole, segment_distance};
use super::projection::{CENTRE, Frame, Lambert, PARALLELS, bbox, frame_box};
use super::{Extent, LegendItem, MapItem, MapSpec, MapView, WIDTH};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The region map: this box of longitudes and latitudes [west, south, east, north].
const REGION: [f64; 4] = [46.5, 32.0, 100.0, 55.5];
/// Points closer than this (view units) to the simplified line are dropped.
const TOLERANCE: f64 = 0.45;
/// The same, for the outlines that labels are placed in.
const LABEL_TOLERANCE: f64 = 3.0;

pub(super) fn draw(geo: &Geo, spec: &MapSpec, names: &BTreeMap<String, String>) -> MapView {
    let frame = frame_for(geo, &spec.extent);
    let shapes = Shapes::new(geo, &frame);
    let (w, h) = (frame.width, frame.height);
    let id = crate::urls::slugify(&spec.id);
    let shaded = spec.countries.iter().any(|c| c.count.is_some());
    let (classes, legend) = if shaded {
        classes(
            &spec
                .countries
                .iter()
                .map(|c| c.count.unwrap_or(0))
                .collect::<Vec<_>>(),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let mut svg = String::with_capacity(24 * 1024);
    let _ = write!(
        svg,
        "<svg class=\"map-svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" \
         fill-rule=\"evenodd\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-title\">{}</title>\
         <desc id=\"{id}-desc\">{}</desc><rect class=\"map-sea\" width=\"{w}\" height=\"{h}\"/>",
        escape(&spec.title),
        escape(&spec.desc)
    );
    for water in geo.water.values() {
        path(&mut svg, "map-water", None, &shapes.path(&water.rings));
    }
    path(&mut svg, "map-land", None, &shapes.path(&geo.land));
    let on_map = countries(&mut svg, geo, spec, &shapes, &classes);
    if !shaded && !spec.highlight.is_empty() {
        let rings: Vec<_> = spec
            .highlight
            .iter()
            .flat_map(|k| geo.countries[k].rings.iter().cloned())
            .collect();
        path(&mut svg, "map-outline", None, &shapes.path(&rings));
    }
    path(
        &mut svg,
        "map-water map-lake",
        None,
        &shapes.path(&geo.lakes),
    );
    let marks = super::text::labels(&mut svg, geo, spec, names, &shapes);
    let _ = write!(
        svg,
        "<text class=\"map-credit\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text></svg>",
        w - 10.0,
        h - 10.0,
        escape(&spec.credit)
    );
    MapView {
        svg,
        width: w as u32,
        height: h as u32,
        items: items(spec, &classes, &on_map),
        legend,
        marks,
    }
}

/// Every country's shape: those not listed first, so that the listed (and linked) ones
/// paint over them; the listed ones in reading order, each in its link when it has one.
/// A listed country outside the view gets no link (a link with nothing to see or click
/// would still take a keyboard stop). Returns, for each listed one, whether it is drawn.
fn countries(
    svg: &mut String,
    geo: &Geo,
    spec: &MapSpec,
    shapes: &Shapes,
    classes: &[usize],
) -> Vec<bool> {
    let listed: BTreeMap<&str, usize> = spec
        .countries
        .iter()
        .enumerate()
        .map(|(i, c)| (c.key.as_str(), i))
        .collect();
    // Countries not listed first, so that the listed (and linked) ones paint over them.
    for (key, country) in &geo.countries {
        if !listed.contains_key(key.as_str()) {
            let class = country_class(country.group, spec.highlight.contains(key), None);
            path(svg, &class, Some(key), &shapes.path(&country.rings));
        }
    }
    let mut drawn = Vec::with_capacity(spec.countries.len());
    for (i, link) in spec.countries.iter().enumerate() {
        let country = &geo.countries[&link.key];
        let class = country_class(
            country.group,
            spec.highlight.contains(&link.key),
            classes.get(i).copied(),
        );
        let d = shapes.path(&country.rings);
        drawn.push(!d.is_empty());
        match &link.href {
            Some(href) if !d.is_empty() => {
                let _ = write!(
                    svg,
                    "<a href=\"{}\" aria-label=\"{}\"><title>{}</title>",
                    escape(href),
                    escape(&link.name),
                    escape(&link.name)
                );
                path(svg, &class, Some(&link.key), &d);
                svg.push_str("</a>");
            }
            _ => path(svg, &class, Some(&link.key), &d),
        }
    }
    drawn
}

fn frame_for(geo: &Geo, extent: &Extent) -> Frame {
    match extent {
        Extent::Region => region_frame(),
        Extent::Fit(keys) => fit_frame(geo, keys),
        Extent::Within(keys) => {
            let (fit, region) = (fit_frame(geo, keys), region_frame());
            let size = |f: &Frame| (f.extent[2] - f.extent[0], f.extent[3] - f.extent[1]);
            let ((fw, fh), (rw, rh)) = (size(&fit), size(&region));
            if fw > rw || fh > rh { region } else { fit }
        }
    }
}

fn region_frame() -> Frame {
    let projection = Lambert::new(CENTRE[0], CENTRE[1], PARALLELS);
    let [west, south, east, north] = REGION;
    let edges = (0..=20).flat_map(|i| {
        let t = f64::from(i) / 20.0;
        let lon = west + (east - west) * t;
        let lat = south + (north - south) * t;
        [[lon, south], [lon, north], [west, lat], [east, lat]]
    });
    let b = bbox(edges.map(|p| projection.project(p))).unwrap_or([0.0, 0.0, 1.0, 1.0]);
    Frame::new(projection, b, WIDTH)
}

fn fit_frame(geo: &Geo, keys: &[String]) -> Frame {
    let rings: Vec<_> = keys.iter().flat_map(|k| geo.country_rings(k)).collect();
    let lons = bbox(rings.iter().flatten().copied()).unwrap_or([CENTRE[0], 0.0, CENTRE[0], 0.0]);
    let projection = Lambert::new((lons[0] + lons[2]) / 2.0, CENTRE[1], PARALLELS);
    let b = bbox(rings.iter().flatten().map(|&p| projection.project(p)))
        .unwrap_or([0.0, 0.0, 1.0, 1.0]);
    // At least as wide as 24 degrees of longitude at 45°N, so a small country
    // shows its neighbours.
    let min_width = 24f64.to_radians() * CENTRE[1].to_radians().cos();
    Frame::new(projection, frame_box(b, 0.1, [0.55, 0.8], min_width), WIDTH)
}

/// The arcs projected into the view and simplified once, shared by every shape.
pub(super) struct Shapes {
    frame: Frame,
    arcs: Vec<Vec<[f64; 2]>>,
    clip: [f64; 4],
    pub(super) view: [f64; 4],
}

impl Shapes {
    fn new(geo: &Geo, frame: &Frame) -> Shapes {
        let arcs = geo
            .arcs
            .iter()
            .map(|arc| {
                simplify(
                    &arc.iter().map(|&p| frame.point(p)).collect::<Vec<_>>(),
                    TOLERANCE,
                )
            })
            .collect();
        let (w, h) = (frame.width, frame.height);
        Shapes {
            frame: *frame,
            arcs,
            clip: [-4.0, -4.0, w + 4.0, h + 4.0],
            view: [0.0, 0.0, w, h],
        }
    }

    /// The rings in view coordinates, cut to `bounds`.
    pub(super) fn rings(&self, rings: &[Vec<i64>], bounds: [f64; 4]) -> Vec<Vec<[f64; 2]>> {
        rings
            .iter()
            .filter_map(|r| join_arcs(r, |i| self.arcs.get(i).map(Vec::as_slice)))
            .filter_map(|r| clip(&r, bounds))
            .collect()
    }

    /// SVG path data: integer coordinates, relative moves.
    fn path(&self, rings: &[Vec<i64>]) -> String {
        let mut d = String::new();
        for ring in self.rings(rings, self.clip) {
            let mut points: Vec<[i64; 2]> = ring
                .iter()
                .map(|p| [p[0].round() as i64, p[1].round() as i64])
                .collect();
            points.dedup();
            if points.len() > 1 && points.first() == points.last() {
                points.pop();
            }
            if points.len() < 3 {
                continue;
            }
            let [x, y] = points[0];
            let _ = write!(d, "M{x} {y}l");
            for pair in points.windows(2) {
                number(&mut d, pair[1][0] - pair[0][0]);
                number(&mut d, pair[1][1] - pair[0][1]);
            }
            d.push('z');
        }
        d
    }

    pub(super) fn frame_point(&self, at: [f64; 2]) -> [f64; 2] {
        self.frame.point(at)
    }

    /// The label point of a shape's visible part, and how far it is from the edge,
    /// searched on outlines simplified to a few units: labels need no finer detail.
    pub(super) fn pole(&self, rings: &[Vec<i64>], inset: f64) -> Option<([f64; 2], f64)> {
        let v = self.view;
        let coarse: Vec<_> = self
            .rings(
                rings,
                [v[0] + inset, v[1] + inset, v[2] - inset, v[3] - inset],
            )
            .iter()
            .map(|r| simplify(r, LABEL_TOLERANCE))
            .filter(|r| r.len() >= 4)
            .collect();
        pole(&coarse)
    }
}

/// A number after the one before: a space unless the minus sign separates them.
fn number(d: &mut String, n: i64) {
    if n >= 0 && !d.ends_with(|c: char| c.is_ascii_alphabetic()) {
        d.push(' ');
    }
    let _ = write!(d, "{n}");
}

fn path(svg: &mut String, class: &str, key: Option<&str>, d: &str) {
    if d.is_empty() {
        return;
    }
    let _ = write!(svg, "<path class=\"{class}\"");
    if let Some(key) = key {
        let _ = write!(svg, " data-key=\"{}\"", escape(key));
    }
    let _ = write!(svg, " d=\"{d}\"/>");
}

fn country_class(group: Group, highlighted: bool, shade: Option<usize>) -> String {
    let mut class = String::from(match group {
        Group::Subject => "map-country map-subject",
        Group::Neighbour => "map-country map-neighbour",
    });
    if highlighted {
        class.push_str(" map-highlight");
    }
    if let Some(n) = shade {
        let _ = write!(class, " map-class-{n}");
    }
    class
}

/// Douglas–Peucker: the points needed to stay within `tolerance` of the line.
fn simplify(points: &[[f64; 2]], tolerance: f64) -> Vec<[f64; 2]> {
    if points.len() < 3 {
        return points.to_vec();
    }
    let mut keep = vec![false; points.len()];
    keep[0] = true;
    keep[points.len() - 1] = true;
    let mut stack = vec![(0, points.len() - 1)];
    while let Some((a, b)) = stack.pop() {
        let (mut far, mut index) = (0.0, a);
        for (i, &p) in points.iter().enumerate().take(b).skip(a + 1) {
            let d = segment_distance(p, points[a], points[b]);
            if d > far {
                (far, index) = (d, i);
            }
        }
        if far > tolerance {
            keep[index] = true;
            stack.push((a, index));
            stack.push((index, b));
        }
    }
    points
        .iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(*p))
        .collect()
}

/// Sutherland–Hodgman: a closed ring cut to a box, closed again; None when nothing is left.
fn clip(ring: &[[f64; 2]], b: [f64; 4]) -> Option<Vec<[f64; 2]>> {
    let mut open: Vec<[f64; 2]> = ring[..ring.len().saturating_sub(1)].to_vec();
    for (axis, value, above) in [
        (0, b[0], true),
        (0, b[2], false),
        (1, b[1], true),
        (1, b[3], false),
    ] {
        let keep = |p: &[f64; 2]| {
            if above {
                p[axis] >= value
            } else {
                p[axis] <= value
            }
        };
        let mut out = Vec::with_capacity(open.len());
        for (i, &current) in open.iter().enumerate() {
            let previous = open[(i + open.len() - 1) % open.len()];
            let cut = |p: [f64; 2], q: [f64; 2]| {
                let t = (value - p[axis]) / (q[axis] - p[axis]);
                let mut x = [p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t];
                x[axis] = value;
                x
            };
            match (keep(&previous), keep(&current)) {
                (true, true) => out.push(current),
                (false, true) => out.extend([cut(previous, current), current]),
                (true, false) => out.push(cut(previous, current)),
                (false, false) => {}
            }
        }
        open = out;
        if open.len() < 3 {
            return None;
        }
    }
    open.push(open[0]);
    Some(open)
}

/// Choropleth classes: 0 for none, then one class per distinct count while there are
/// at most four, else four runs of counts of near-equal length.
pub(super) fn classes(counts: &[usize]) -> (Vec<usize>, Vec<LegendItem>) {
    let mut distinct: Vec<usize> = counts.iter().copied().filter(|&c| c > 0).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let groups = distinct.len().min(4);
    // Class k (1-based) covers distinct[start_k ..= end_k].
    let ranges: Vec<(usize, usize)> = (0..groups)
        .map(|k| {
            let start = k * distinct.len() / groups;
            let end = (k + 1) * distinct.len() / groups - 1;
            (distinct[start], distinct[end])
        })
        .collect();
    let class_of = |c: usize| {
        if c == 0 {
            0
        } else {
            ranges
                .iter()
                .position(|&(_, hi)| c <= hi)
                .map_or(groups, |k| k + 1)
        }
    };
    let classes: Vec<usize> = counts.iter().map(|&c| class_of(c)).collect();
    let mut legend = Vec::new();
    if counts.contains(&0) {
        legend.push(LegendItem {
            class: 0,
            label: "0".into(),
        });
    }
    for (k, &(lo, hi)) in ranges.iter().enumerate() {
        let label = if lo == hi {
            lo.to_string()
        } else {
            format!("{lo}–{hi}")
        };
        legend.push(LegendItem {
            class: k + 1,
            label,
        });
    }
    (classes, legend)
}

fn items(spec: &MapSpec, classes: &[usize], on_map: &[bool]) -> Vec<MapItem> {
    spec.countries
        .iter()
        .enumerate()
        .map(|(i, c)| MapItem {
            number: i + 1,
            key: c.key.clone(),
            name: c.name.clone(),
            href: c.href.clone(),
            count: c.count,
            class: classes.get(i).copied(),
            highlighted: spec.highlight.contains(&c.key),
            on_map: on_map.get(i).copied().unwrap_or(false),
        })
        .collect()
}

pub(super) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
