//! Shared by the `proptest_*` tests: runs one property for a case count or a time
//! budget, and reports how many cases ran.
//!
//! - By default (a developer's `cargo test`): one round of the property's own case count.
//! - With `CI=true`: rounds of that count until 60 seconds have passed, so CI fuzzes for
//!   about a minute per property (the properties of one file run side by side).
//! - `PROPTEST_SECONDS=N` sets that budget anywhere; `PROPTEST_CASES=N` sets the round.

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::time::{Duration, Instant};

/// Seconds to keep generating cases: `PROPTEST_SECONDS`, else 60 in CI, else none.
fn budget() -> Duration {
    let seconds = std::env::var("PROPTEST_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if std::env::var("CI").is_ok_and(|v| v == "true") {
            60
        } else {
            0
        });
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
    let config = Config {
        cases,
        // A failure is reported with its shrunk input; the tests keep no regression files.
        failure_persistence: None,
        ..Config::default()
    };
    // One runner for every round: its random generator moves on, so rounds differ.
    let mut runner = TestRunner::new(config);
    let (budget, started) = (budget(), Instant::now());
    let mut ran = 0u64;
    loop {
        if let Err(err) = runner.run(&strategy, &test) {
            panic!("{name}: failed after {ran} passing cases: {err}");
        }
        ran += u64::from(cases);
        if started.elapsed() >= budget {
            break;
        }
    }
    eprintln!("{name}: {ran} cases passed in {:.1?}", started.elapsed());
}
