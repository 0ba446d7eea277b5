//! Problems an editor can act on: `path:line:col: what is wrong` plus a hint.

use std::fmt;
use std::path::{Path, PathBuf};

/// One thing wrong with the input, located as precisely as we know.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub path: PathBuf,
    /// 1-based; 0 when the problem is about the whole file.
    pub line: usize,
    /// 1-based; 0 when unknown.
    pub col: usize,
    pub message: String,
    /// What to do about it; may be empty.
    pub hint: String,
}

impl Problem {
    pub fn new(path: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Problem {
            path: path.as_ref().to_path_buf(),
            line: 0,
            col: 0,
            message: message.into(),
            hint: String::new(),
        }
    }

    pub fn at(mut self, line: usize, col: usize) -> Self {
        self.line = line;
        self.col = col;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = hint.into();
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", printable(&self.path.display().to_string(), false))?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.col.max(1))?;
        }
        write!(f, ": {}", printable(&self.message, true))?;
        if !self.hint.is_empty() {
            write!(f, "; {}", printable(&self.hint, true))?;
        }
        Ok(())
    }
}

/// `text` with control characters written as escapes (`\u{1b}`): a file name or a
/// value quoted from a file must not drive the editor's terminal.
fn printable(text: &str, keep_newlines: bool) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| c.is_control() && !(keep_newlines && c == '\n');
    if !text.chars().any(bad) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if bad(c) {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// Everything that can stop a command: editor problems (all of them at once) or a
/// failure of the machine (IO), which carries its own context.
#[derive(Debug)]
pub enum Failure {
    Problems(Vec<Problem>),
    Io(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(err: anyhow::Error) -> Self {
        Failure::Io(err)
    }
}

impl From<Problem> for Failure {
    fn from(problem: Problem) -> Self {
        Failure::Problems(vec![problem])
    }
}

impl From<Vec<Problem>> for Failure {
    fn from(mut problems: Vec<Problem>) -> Self {
        problems.sort();
        problems.dedup();
        Failure::Problems(problems)
    }
}

/// What `new` and `init` tell their caller: the files they wrote, one per line.
#[derive(Debug, Default)]
pub struct Written(pub Vec<std::path::PathBuf>);

impl fmt::Display for Written {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for path in &self.0 {
            writeln!(f, "{}", path.display())?;
        }
        Ok(())
    }
}

/// The known name closest to `unknown`, if it is close enough to be a likely typo.
pub fn nearest<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::damerau_levenshtein(unknown, k), k))
        .filter(|(distance, k)| *distance <= 2.max(k.len() / 3))
        .min()
        .map(|(_, k)| k)
}

/// The 1-based line of the first occurrence of `needle` in `text` (1 when absent),
/// to point an editor near a problem serde cannot locate.
pub fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_location_and_hint() {
        let p = Problem::new("content/a.md", "unknown field `titel`")
            .at(2, 1)
            .hint("did you mean `title`?");
        assert_eq!(
            p.to_string(),
            "content/a.md:2:1: unknown field `titel`; did you mean `title`?"
        );
    }

    #[test]
    fn control_characters_are_escaped() {
        let p = Problem::new("a\u{7}.md", "unknown term `\u{1b}[2Jx`").hint("x\ny");
        assert_eq!(
            p.to_string(),
            "a\\u{7}.md: unknown term `\\u{1b}[2Jx`; x\ny"
        );
    }

    #[test]
    fn nearest_finds_typos_only() {
        let known = ["title", "date", "summary"];
        assert_eq!(nearest("titel", known), Some("title"));
        assert_eq!(nearest("summry", known), Some("summary"));
        assert_eq!(nearest("zzzzzzzz", known), None);
    }
}
