//! `briefing import` on any bytes (any encoding): a draft or a clear refusal, never a
//! panic; a draft always starts with its front-matter.
#![no_main]

mod fixture;

use briefing::import;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let lang = if data.first().is_some_and(|b| b & 1 == 1) {
        Some("it")
    } else {
        None
    };
    if let Ok((markdown, _report)) =
        import::convert(Path::new("fuzz.txt"), data, fixture::config(), lang)
    {
        assert!(markdown.starts_with("---\n"), "{markdown}");
    }
});
