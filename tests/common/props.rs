//! Shared by the `proptest_*` tests: runs one property for a case count or a time
//! budget, and reports how many cases ran.
//!
//! - By default (a developer's `cargo test`): one round of the property's own case count.
//! - With `CI=true`: rounds of that count until 60 seconds have passed, so CI fuzzes for
//!   about a minute per property (the properties of one file run side by side).
//! - `PROPTEST_SECONDS=N` sets that budget anywhere; `PROPTEST_CASES=N` sets the round.

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Seconds to keep generating cases: `PROPTEST_SECONDS`, else 60 in CI, else none.
fn budget() -> Duration {
    let seconds = std::env::var("PROPTEST_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if super::skip::in_ci() { 60 } else { 0 });
    Duration::from_secs(seconds)
}

/// Runs `test` on values of `strategy`, `default_cases` (or `PROPTEST_CASES`) per round,
/// for one round or until the time budget is spent; shrinks and panics on the first
/// failure.
pub fn check<S>(
    name: &str,
    default_cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S: Strategy,
    S::Value: std::fmt::Debug,
{
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_cases);
    let (budget, started) = (budget(), Instant::now());
    // Counted where the test runs: a round reports nothing about how many cases it ran.
    let ran = AtomicU64::new(0);
    let counted = |value| {
        ran.fetch_add(1, Ordering::Relaxed);
        test(value)
    };
    // Each round gets its own seed, from the clock, so rounds try different inputs.
    let base = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64);
    for round in 0u64.. {
        let config = Config {
            cases,
            rng_seed: RngSeed::Fixed(base.wrapping_add(round)),
            // A failure is reported with its shrunk input; the tests keep no regression files.
            failure_persistence: None,
            ..Config::default()
        };
        if let Err(err) = TestRunner::new(config).run(&strategy, counted) {
            let seed = base.wrapping_add(round);
            panic!("{name}: failed (round {round}, seed {seed}): {err}");
        }
        if started.elapsed() >= budget {
            break;
        }
    }
    eprintln!(
        "{name}: {} cases passed in {:.1?}",
        ran.load(Ordering::Relaxed),
        started.elapsed()
    );
}
