//! Front-matter splitting and parsing on any bytes: never a panic, and every problem
//! points inside the file.
#![no_main]

mod fixture;

use briefing::content::frontmatter;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

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
    if let Err(problems) =
        frontmatter::parse(&split, path, fixture::config(), &["trade".to_string()])
    {
        for problem in problems {
            assert!(problem.line <= lines + 1, "{problem} is past the end");
        }
    }
});
