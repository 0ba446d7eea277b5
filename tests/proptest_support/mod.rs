//! Shared by the `proptest_*` tests: runs one property with a case count that
//! `PROPTEST_CASES` overrides, and reports how many cases ran.

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::time::Instant;

/// Runs `test` on `default_cases` values of `strategy` (or `PROPTEST_CASES` of them),
/// shrinking and panicking on the first failure.
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
    let mut runner = TestRunner::new(config);
    let started = Instant::now();
    match runner.run(&strategy, test) {
        Ok(()) => eprintln!("{name}: {cases} cases passed in {:.1?}", started.elapsed()),
        Err(err) => panic!("{name}: {err}"),
    }
}
