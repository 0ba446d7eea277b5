//! Where labels go: a point deep inside each shape, and a check that labels do not collide.

use super::geo::inside;

/// The point of the rings (view coordinates) farthest from their edges, searched on a
/// grid over the largest ring's box and refined twice, with its distance to the nearest
/// edge; None when no grid point falls inside. Deterministic: ties keep the first found.
pub(super) fn pole(rings: &[Vec<[f64; 2]>]) -> Option<([f64; 2], f64)> {
    let largest = rings.iter().max_by(|a, b| area(a).total_cmp(&area(b)))?;
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &[x, y] in largest {
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
    }
    let mut step = (x1 - x0).max(y1 - y0) / 16.0;
    if step <= 0.0 {
        return None;
    }
    let mut best: Option<([f64; 2], f64)> = None;
    let search = |cx: f64, cy: f64, half: usize, step: f64, best: &mut Option<_>| {
        for i in 0..=2 * half {
            for j in 0..=2 * half {
                let p = [
                    cx + (i as f64 - half as f64) * step,
                    cy + (j as f64 - half as f64) * step,
                ];
                let floor = best.map_or(0.0, |(_, b)| b);
                if !inside(p, rings) {
                    continue;
                }
                if let Some(d) = edge_distance_above(p, rings, floor) {
                    *best = Some((p, d));
                }
            }
        }
    };
    search((x0 + x1) / 2.0, (y0 + y1) / 2.0, 8, step, &mut best);
    for _ in 0..2 {
        let (centre, _) = best?;
        step /= 4.0;
        search(centre[0], centre[1], 4, step, &mut best);
    }
    best
}

/// Twice the absolute area of a closed ring.
fn area(ring: &[[f64; 2]]) -> f64 {
    ring.windows(2)
        .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
        .sum::<f64>()
        .abs()
}

/// The distance from `p` to the nearest edge, when it is more than `floor` (the search
/// stops at the first edge closer than that).
fn edge_distance_above(p: [f64; 2], rings: &[Vec<[f64; 2]>], floor: f64) -> Option<f64> {
    let mut nearest = f64::MAX;
    for w in rings.iter().flat_map(|r| r.windows(2)) {
        nearest = nearest.min(segment_distance(p, w[0], w[1]));
        if nearest <= floor {
            return None;
        }
    }
    Some(nearest)
}

pub(super) fn segment_distance(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
    };
    ((p[0] - a[0] - t * dx).powi(2) + (p[1] - a[1] - t * dy).powi(2)).sqrt()
}

/// The box a line of text takes: `size` high, about `em` of its size per character.
pub(super) fn text_box(text: &str, at: [f64; 2], size: f64, em: f64, anchor: Anchor) -> [f64; 4] {
    let width = text.chars().count() as f64 * size * em;
    let left = match anchor {
        Anchor::Start => at[0],
        Anchor::Middle => at[0] - width / 2.0,
        Anchor::End => at[0] - width,
    };
    // `at` is the baseline; capitals rise about 0.72 of the size above it.
    [left, at[1] - size * 0.75, left + width, at[1] + size * 0.25]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Anchor {
    Start,
    Middle,
    End,
}

/// The boxes taken so far; a label goes where it meets none and stays inside the view.
#[derive(Debug)]
pub(super) struct Placer {
    view: [f64; 4],
    taken: Vec<[f64; 4]>,
}

impl Placer {
    pub(super) fn new(width: f64, height: f64, margin: f64) -> Placer {
        Placer {
            view: [margin, margin, width - margin, height - margin],
            taken: Vec::new(),
        }
    }

    /// Takes the box and returns true when it is free.
    pub(super) fn take(&mut self, b: [f64; 4]) -> bool {
        let v = self.view;
        let fits = b[0] >= v[0] && b[1] >= v[1] && b[2] <= v[2] && b[3] <= v[3];
        if !fits || self.taken.iter().any(|t| overlaps(*t, b)) {
            return false;
        }
        self.taken.push(b);
        true
    }

    /// Reserves the box whether or not it is free (a mark's dot).
    pub(super) fn reserve(&mut self, b: [f64; 4]) {
        self.taken.push(b);
    }
}

fn overlaps(a: [f64; 4], b: [f64; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}
