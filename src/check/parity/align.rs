//! Which section of a translation answers which section of its original: by position
//! when both have as many, else the order-keeping alignment of the most alike sections.

use super::numbers::Value;
use super::scan::{Scan, Section};
use std::collections::BTreeMap;

/// Pairs the sections of `a` and `b`: by position when both have as many, else the
/// alignment that keeps the order and matches the most alike sections.
pub(crate) fn align(a: &Scan, b: &Scan) -> Vec<(Option<usize>, Option<usize>)> {
    let (n, m) = (a.sections.len(), b.sections.len());
    if n == m {
        return (0..n).map(|i| (Some(i), Some(i))).collect();
    }
    // score[i][j]: the best total likeness of a[i..] and b[j..].
    let mut score = vec![vec![0.0f64; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let take = score[i + 1][j + 1] + likeness(a, i, b, j);
            score[i][j] = take.max(score[i + 1][j]).max(score[i][j + 1]);
        }
    }
    let (mut i, mut j, mut rows) = (0, 0, Vec::new());
    while i < n || j < m {
        if i < n
            && j < m
            && (score[i][j] - (score[i + 1][j + 1] + likeness(a, i, b, j))).abs() < 1e-9
        {
            rows.push((Some(i), Some(j)));
            (i, j) = (i + 1, j + 1);
        } else if i < n && (j == m || score[i][j] == score[i + 1][j]) {
            rows.push((Some(i), None));
            i += 1;
        } else {
            rows.push((None, Some(j)));
            j += 1;
        }
    }
    rows
}

/// How alike two sections are: 1 for any two, plus their shared values and structure,
/// so that every possible pair is made and the closest ones win.
fn likeness(a: &Scan, i: usize, b: &Scan, j: usize) -> f64 {
    let (x, y) = (&a.sections[i], &b.sections[j]);
    if x.heading.is_some() != y.heading.is_some() {
        // The text before the first heading pairs only with its like.
        return -1.0;
    }
    fn values(s: &Section) -> BTreeMap<&Value, usize> {
        let mut counts: BTreeMap<&Value, usize> = BTreeMap::new();
        for f in &s.values {
            *counts.entry(&f.value).or_default() += 1;
        }
        counts
    }
    let (vx, vy) = (values(x), values(y));
    let shared: usize = vx
        .iter()
        .map(|(v, n)| (*n).min(vy.get(v).copied().unwrap_or(0)))
        .sum();
    let total = x.values.len().max(y.values.len()).max(1);
    let same_structure = if x.counts == y.counts { 0.5 } else { 0.0 };
    1.0 + shared as f64 / total as f64 + same_structure
}
