//! External validators the tests run: found, or skipped loudly (fatal with `CI=true`).

use std::path::{Path, PathBuf};
use std::process::Command;

/// A validator that cannot run: fatal in CI, a loud skip elsewhere.
/// Returns normally only when the check may be skipped.
#[track_caller]
pub fn missing_tool(tool: &str, install: &str) {
    super::skip::skip(
        &format!("{tool} is not available, so this validation did not run"),
        install,
    );
}

/// Whether `program args` runs and succeeds.
pub fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The Nu HTML Checker's jar: `VNU_JAR`, or the one `npm ci` installs.
pub fn vnu_jar() -> Option<PathBuf> {
    let jar = std::env::var_os("VNU_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/vnu-jar/build/dist/vnu.jar")
        });
    jar.is_file().then_some(jar)
}

/// The Nu HTML Checker's jar when it and a Java can run; else the skip policy (a loud
/// skip, or a failure with `CI=true`) and `None`.
pub fn nu_checker() -> Option<PathBuf> {
    let Some(jar) = vnu_jar() else {
        missing_tool(
            "the Nu HTML Checker (node_modules/vnu-jar)",
            "npm ci --ignore-scripts",
        );
        return None;
    };
    if !runs("java", &["-version"]) {
        missing_tool("java", "apt-get install default-jre-headless");
        return None;
    }
    Some(jar)
}
