//! The outlines of one area (a map's extent) projected into its view box and simplified
//! once, with the path data and label points of every shape: computed the first time a
//! build draws that area and shared by every map of it (the same area in another
//! language, or on another page).

use super::geo::{Geo, join_arcs};
use super::label::{pole, segment_distance};
use super::projection::{CENTRE, Frame, Lambert, PARALLELS, bbox, frame_box};
use super::{Extent, WIDTH};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::sync::{Arc, Mutex};

/// The region map: this box of longitudes and latitudes [west, south, east, north].
const REGION: [f64; 4] = [46.5, 32.0, 100.0, 55.5];
/// Points closer than this (view units) to the simplified line are dropped.
const TOLERANCE: f64 = 0.45;
/// The same, for the outlines that labels are placed in.
const LABEL_TOLERANCE: f64 = 3.0;

/// The areas drawn so far, by extent. Only looked up, never iterated.
#[derive(Default)]
pub(crate) struct Areas(Mutex<HashMap<Extent, Arc<Shapes>>>);

impl std::fmt::Debug for Areas {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let known = self.0.lock().map_or(0, |m| m.len());
        write!(f, "Areas({known} drawn)")
    }
}

impl Areas {
    /// The shapes of `extent`, made on first use. Made outside the lock: two threads
    /// may make the same area at once, and both make the same shapes.
    pub(super) fn shapes(&self, geo: &Geo, extent: &Extent) -> Arc<Shapes> {
        if let Some(found) = self.0.lock().expect("no map drawing panics").get(extent) {
            return found.clone();
        }
        let made = Arc::new(Shapes::new(geo, &frame_for(geo, extent)));
        self.0
            .lock()
            .expect("no map drawing panics")
            .insert(extent.clone(), made.clone());
        made
    }
}

/// A value made once per key and then shared; only looked up, never iterated.
struct Memo<K, V>(Mutex<BTreeMap<K, V>>);

impl<K: Ord, V: Clone> Memo<K, V> {
    fn new() -> Self {
        Memo(Mutex::new(BTreeMap::new()))
    }

    fn get(&self, key: K, make: impl FnOnce() -> V) -> V {
        if let Some(found) = self.0.lock().expect("no map drawing panics").get(&key) {
            return found.clone();
        }
        let made = make();
        self.0
            .lock()
            .expect("no map drawing panics")
            .insert(key, made.clone());
        made
    }
}

pub(super) fn frame_for(geo: &Geo, extent: &Extent) -> Frame {
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

/// Where a label of a shape goes, and how much room it has there (see [`Shapes::pole`]).
type LabelPoint = Option<([f64; 2], f64)>;

/// The arcs projected into the view and simplified once, shared by every shape; and
/// what each shape (by id: `c:KEY` a country, `w:KEY` a sea, `land`, `lakes`) gives,
/// made on first use.
pub(crate) struct Shapes {
    frame: Frame,
    arcs: Vec<Vec<[f64; 2]>>,
    clip: [f64; 4],
    pub(super) view: [f64; 4],
    paths: Memo<String, Arc<str>>,
    visible: Memo<String, Arc<Vec<Vec<[f64; 2]>>>>,
    /// By id and inset (its bits: a float is no key).
    poles: Memo<(String, u64), LabelPoint>,
}

impl Shapes {
    pub(super) fn new(geo: &Geo, frame: &Frame) -> Shapes {
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
            paths: Memo::new(),
            visible: Memo::new(),
            poles: Memo::new(),
        }
    }

    /// The path data of shape `id`, whose rings are `rings`.
    pub(super) fn d(&self, id: &str, rings: &[Vec<i64>]) -> Arc<str> {
        self.paths
            .get(id.to_string(), || Arc::from(self.path(rings)))
    }

    /// The part of shape `id` inside the view, in view coordinates.
    pub(super) fn visible(&self, id: &str, rings: &[Vec<i64>]) -> Arc<Vec<Vec<[f64; 2]>>> {
        self.visible
            .get(id.to_string(), || Arc::new(self.rings(rings, self.view)))
    }

    /// [`Shapes::pole`] of shape `id`.
    pub(super) fn label_point(
        &self,
        id: &str,
        rings: &[Vec<i64>],
        inset: f64,
    ) -> Option<([f64; 2], f64)> {
        self.poles.get((id.to_string(), inset.to_bits()), || {
            self.pole(rings, inset)
        })
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
