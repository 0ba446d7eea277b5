//! Slugs from any title: a safe URL segment or nothing, and slugify is idempotent.
#![no_main]

use briefing::urls::{is_valid_slug, slugify};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let title = String::from_utf8_lossy(data);
    let slug = slugify(&title);
    assert!(slug.is_empty() || is_valid_slug(&slug), "{slug:?}");
    assert_eq!(slugify(&slug), slug);
    if is_valid_slug(&title) {
        assert!(!title.contains(['/', '\\', '%']) && title != ".." && title != ".");
    }
});
