//! A scratch site for one test, after fd's `TestEnv`: a named fixture of
//! tests/fixtures/ copied into a temporary folder (removed when the value is dropped),
//! with its output folder beside it and the binary run on it as a process.

use std::fs;
use std::path::{Path, PathBuf};

use super::run::{Bin, Run, build_args};
use super::site;

/// `site/` (a copy of a fixture) and `public/` (where it builds) in a temporary folder.
pub struct TestSite {
    dir: tempfile::TempDir,
    pub root: PathBuf,
    pub output: PathBuf,
}

impl TestSite {
    /// A scratch copy of the fixture `name` (tests/fixtures/NAME).
    pub fn new(name: &str) -> TestSite {
        let site = TestSite::empty();
        site::copy_tree(&site::fixture(name), &site.root);
        site
    }

    /// An empty `site/` folder, for tests that write their own site or run `init`.
    pub fn empty() -> TestSite {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(&root).unwrap();
        let output = dir.path().join("public");
        TestSite { dir, root, output }
    }

    /// The temporary folder that holds `site/` and `public/`.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// `relative` below the site root.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    /// Writes `bytes` at `relative` below the site root, making its folders.
    pub fn write(&self, relative: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, bytes).unwrap();
        path
    }

    /// The text of `relative` below the site root.
    #[track_caller]
    pub fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.path(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
    }

    /// Replaces the first `from` with `to` in `relative`, which must hold it.
    #[track_caller]
    pub fn edit(&self, relative: &str, from: &str, to: &str) {
        let text = self.read(relative);
        assert!(text.contains(from), "{relative} has no `{from}`");
        fs::write(self.path(relative), text.replacen(from, to, 1)).unwrap();
    }

    /// `briefing COMMAND --root SITE EXTRA...`, not yet run.
    pub fn bin(&self, command: &str, extra: &[&str]) -> Bin {
        Bin::new(&[command, "--root"]).arg(&self.root).args(extra)
    }

    /// `briefing COMMAND --root SITE EXTRA...`, run.
    pub fn run(&self, command: &str, extra: &[&str]) -> Run {
        self.bin(command, extra).run()
    }

    /// `briefing build --root SITE --output PUBLIC EXTRA...`, not yet run.
    pub fn build_bin(&self, extra: &[&str]) -> Bin {
        Bin::new(&build_args(&self.root, &self.output)).args(extra)
    }

    /// `briefing build --root SITE --output PUBLIC EXTRA...`, run.
    pub fn build(&self, extra: &[&str]) -> Run {
        self.build_bin(extra).run()
    }

    /// [`TestSite::build`], which must succeed.
    #[track_caller]
    pub fn built(&self, extra: &[&str]) -> Run {
        let run = self.build(extra);
        run.ok();
        run
    }

    /// The built page at `relative` below the output, parsed.
    pub fn page(&self, relative: &str) -> scraper::Html {
        site::page(&self.output, relative)
    }
}
