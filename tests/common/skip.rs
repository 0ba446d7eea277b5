//! The one skip policy: a check that needs a tool this machine lacks (Chromium, a
//! validator, Node) skips loudly with `!!! SKIPPING` on a developer's machine and fails
//! when `CI=true`, because CI must run every check.

/// Whether the tests run in CI (`CI=true`), where nothing may be skipped.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// `what` cannot run for want of a tool (`install` says how to get it): fails the test
/// in CI, else prints a loud banner. Returns normally only when the check may be skipped.
#[track_caller]
pub fn skip(what: &str, install: &str) {
    let message = format!("{what}; install with: {install}");
    if in_ci() {
        panic!("CI=true, so this must not be skipped: {message}");
    }
    let bar = "!".repeat(78);
    eprintln!("\n{bar}\n!!! SKIPPING: {message}\n{bar}\n");
}
