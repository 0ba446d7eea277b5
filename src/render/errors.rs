//! Tera errors as editor problems: `templates/NAME:line:col: message`.

use crate::diagnostics::Problem;
use std::path::Path;

/// A Tera error as `templates/NAME:line:col: message`.
pub(crate) fn template_problem(err: &tera::Error, templates_dir: &Path) -> Problem {
    use std::error::Error as _;
    let (mut name, mut line, mut col, mut message) = match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            (
                report.filename().to_string(),
                span.start_line,
                span.start_col + 1,
                report.message().to_string(),
            )
        }
        _ => {
            let mut message = err.to_string();
            let mut source = err.source();
            while let Some(cause) = source {
                message.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            (String::new(), 0, 0, message)
        }
    };
    // Some errors carry their place only in their text: ` --> NAME:LINE:COL`.
    if name.is_empty()
        && let Some((_, rest)) = message.split_once(" --> ")
    {
        let first = rest.lines().next().unwrap_or_default();
        let mut parts = first.rsplitn(3, ':');
        if let (Some(c), Some(l), Some(n)) = (parts.next(), parts.next(), parts.next())
            && let (Ok(c), Ok(l)) = (c.parse(), l.parse())
        {
            (name, line, col) = (n.to_string(), l, c);
            message = message
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches("error: ")
                .to_string();
        }
    }
    Problem::new(
        templates_dir.join(name),
        format!("template error: {message}"),
    )
    .at(line, col)
    .hint("fix the template; the syntax is Tera 2's (https://keats.github.io/tera/)")
}
