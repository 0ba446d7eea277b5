//! Front-matter splitting and parsing on any bytes: never a panic, and every problem
//! points inside the file.
#![no_main]

use briefing::config::Config;
use briefing::content::frontmatter;
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
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("content/briefings/x.it.md");
    // Lines as editors count them: YAML's extra breaks (lone `\r`, NEL, LS, PS) are not.
    let lines = text.split('\n').count();
    let split = match frontmatter::split(text, path) {
        Ok(split) => split,
        Err(problem) => {
            assert!(problem.line <= lines + 1, "{problem} is past the end");
            return;
        }
    };
    if let Err(problems) = frontmatter::parse(&split, path, config(), &["trade".to_string()]) {
        for problem in problems {
            assert!(problem.line <= lines + 1, "{problem} is past the end");
        }
    }
});
