//! `briefing import` on any bytes (any encoding): a draft or a clear refusal, never a
//! panic; a draft always starts with its front-matter.
#![no_main]

use briefing::config::Config;
use briefing::import;
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/basic");
        Config::load(Path::new(fixture)).unwrap_or_else(|_| panic!("the fixture does not load"))
    })
}

fuzz_target!(|data: &[u8]| {
    let lang = if data.first().is_some_and(|b| b & 1 == 1) {
        Some("it")
    } else {
        None
    };
    if let Ok((markdown, _report)) = import::convert(Path::new("fuzz.txt"), data, config(), lang) {
        assert!(markdown.starts_with("---\n"), "{markdown}");
    }
});
