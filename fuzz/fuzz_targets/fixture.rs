//! The fixture site's configuration, loaded once, for the targets that need a site.

use briefing::config::Config;
use std::path::Path;
use std::sync::OnceLock;

pub fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/basic");
        Config::load(Path::new(fixture)).unwrap_or_else(|_| panic!("the fixture does not load"))
    })
}
