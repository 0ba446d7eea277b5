//! The SVG of one map: frame, outlines, links, labels, keys, marks and credit.

use super::geo::{Geo, Group};
use super::shapes::Shapes;
use super::{LegendItem, MapItem, MapSpec, MapView};
use crate::markup::escape;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Draws `spec` in `shapes`, the area its extent shows.
pub(super) fn draw(
    geo: &Geo,
    spec: &MapSpec,
    names: &BTreeMap<String, String>,
    shapes: &Shapes,
) -> MapView {
    let [_, _, w, h] = shapes.view;
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
    for (key, water) in &geo.water {
        path(
            &mut svg,
            "map-water",
            None,
            &shapes.d(&format!("w:{key}"), &water.rings),
        );
    }
    path(&mut svg, "map-land", None, &shapes.d("land", &geo.land));
    let on_map = countries(&mut svg, geo, spec, shapes, &classes);
    if !shaded && !spec.highlight.is_empty() {
        // A path's rings are drawn one by one: the outline of several shapes is their
        // paths end to end.
        let d: String = spec
            .highlight
            .iter()
            .map(|k| shapes.d(&format!("c:{k}"), &geo.countries[k].rings))
            .collect::<Vec<_>>()
            .concat();
        path(&mut svg, "map-outline", None, &d);
    }
    path(
        &mut svg,
        "map-water map-lake",
        None,
        &shapes.d("lakes", &geo.lakes),
    );
    let marks = super::text::labels(&mut svg, geo, spec, names, shapes);
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
            path(
                svg,
                &class,
                Some(key),
                &shapes.d(&format!("c:{key}"), &country.rings),
            );
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
        let d = shapes.d(&format!("c:{}", link.key), &country.rings);
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
