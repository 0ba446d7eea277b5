//! Which section of a translation answers which section of its original: by position
//! when both have as many, else the order-keeping alignment of the most alike sections.

use super::numbers::Value;
use super::scan::{Scan, Section};
use std::collections::BTreeMap;

/// Above this many section pairs (n × m) the alignment falls back to position: real
/// briefings have a dozen sections, and the table grows with the product.
const MAX_CELLS: usize = 250_000;

/// Pairs the sections of `a` and `b`: by position when both have as many (or when they
/// are too many to align), else the alignment that keeps the order and matches the
/// most alike sections. Each row is (section of `a`, section of `b`); None is a gap.
pub(crate) fn align(a: &Scan, b: &Scan) -> Vec<(Option<usize>, Option<usize>)> {
    let (n, m) = (a.sections.len(), b.sections.len());
    if n == m || n.saturating_mul(m) > MAX_CELLS {
        return (0..n.max(m))
            .map(|i| ((i < n).then_some(i), (i < m).then_some(i)))
            .collect();
    }
    let (va, vb): (Vec<_>, Vec<_>) = (
        a.sections.iter().map(values).collect(),
        b.sections.iter().map(values).collect(),
    );
    let like = |i: usize, j: usize| likeness((&a.sections[i], &va[i]), (&b.sections[j], &vb[j]));
    // score[i][j]: the best total likeness of a[i..] and b[j..].
    let mut score = vec![vec![0.0f64; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let take = score[i + 1][j + 1] + like(i, j);
            score[i][j] = take.max(score[i + 1][j]).max(score[i][j + 1]);
        }
    }
    let (mut i, mut j, mut rows) = (0, 0, Vec::new());
    while i < n || j < m {
        if i < n && j < m && (score[i][j] - (score[i + 1][j + 1] + like(i, j))).abs() < 1e-9 {
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

/// How often each value occurs in a section.
fn values(s: &Section) -> BTreeMap<&Value, usize> {
    let mut counts: BTreeMap<&Value, usize> = BTreeMap::new();
    for f in &s.values {
        *counts.entry(&f.value).or_default() += 1;
    }
    counts
}

/// How alike two sections are: 1 for any two, plus their shared values and structure,
/// so that every possible pair is made and the closest ones win.
fn likeness(
    (x, vx): (&Section, &BTreeMap<&Value, usize>),
    (y, vy): (&Section, &BTreeMap<&Value, usize>),
) -> f64 {
    if x.heading.is_some() != y.heading.is_some() {
        // The text before the first heading pairs only with its like.
        return -1.0;
    }
    let shared: usize = vx
        .iter()
        .map(|(v, n)| (*n).min(vy.get(v).copied().unwrap_or(0)))
        .sum();
    let total = x.values.len().max(y.values.len()).max(1);
    let same_structure = if x.counts == y.counts { 0.5 } else { 0.0 };
    1.0 + shared as f64 / total as f64 + same_structure
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::parity::Numerals;

    fn scan(lang: &str, body: &str) -> Scan {
        Scan::of(body, 1, lang, &Numerals::of(lang))
    }

    #[test]
    fn the_missing_section_is_the_one_left_out() {
        let a = scan(
            "it",
            "Intro.\n\n## A\n\n1 e 2.\n\n## B\n\n3.\n\n- x\n- y\n\n## C\n\n2024.\n",
        );
        let b = scan("en", "Intro.\n\n## A\n\n1 and 2.\n\n## C\n\n2024.\n");
        let rows = align(&a, &b);
        assert_eq!(
            rows,
            [
                (Some(0), Some(0)),
                (Some(1), Some(1)),
                (Some(2), None),
                (Some(3), Some(2))
            ]
        );
    }

    #[test]
    fn too_many_sections_pair_by_position() {
        let many = |n: usize| {
            (0..n)
                .map(|i| format!("## S{i}\n\n{i}.\n\n"))
                .collect::<String>()
        };
        let a = scan("en", &many(600));
        let b = scan("en", &many(500));
        let rows = align(&a, &b);
        assert_eq!(rows.len(), 601);
        assert_eq!(rows[600], (Some(600), None));
        assert_eq!(rows[1], (Some(1), Some(1)));
    }
}
