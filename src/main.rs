//! Parses the command line, runs the command, prints problems once, picks the exit code.

use anyhow::Context as _;
use briefing::build::{BuildOptions, build};
use briefing::check::CheckOptions;
use briefing::cli::{Cli, Command};
use briefing::diagnostics::Failure;
use briefing::import::{ImportOptions, Imported};
use briefing::init::InitOptions;
use briefing::output::Notify;
use briefing::scaffold::NewOptions;
use clap::Parser;
use std::io::{IsTerminal, Write as _};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            root,
            output,
            drafts,
            future,
            base_url,
        } => {
            let options = BuildOptions {
                root,
                output,
                drafts,
                future,
                base_url,
                progress: std::io::stderr().is_terminal(),
                notify: Notify {
                    waiting: |output, lock| {
                        eprintln!(
                            "waiting for another build of {} (lock {})...",
                            output.display(),
                            lock.display()
                        )
                    },
                    warning: |text| eprintln!("warning: {text}"),
                },
            };
            let result = build(&options);
            if let Err(Failure::Io(err)) = &result {
                eprintln!("error: {err:#}");
                eprintln!(
                    "the build stopped at its first failure to read or write; the previous output is untouched"
                );
                return ExitCode::from(IO_FAILURE);
            }
            result.map(|summary| println!("{summary}"))
        }
        Command::Serve {
            root,
            bind,
            port,
            drafts,
            future,
            open,
        } => briefing::serve::serve(&briefing::serve::ServeOptions {
            root,
            bind,
            port,
            drafts,
            future,
            open,
        }),
        Command::Check {
            root,
            format,
            strict,
            against,
        } => {
            let options = CheckOptions {
                root,
                format,
                strict,
                against,
            };
            return match briefing::check::run(&options) {
                Ok(checked) => {
                    print!("{checked}");
                    if checked.failed() {
                        ExitCode::from(PROBLEM)
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                Err(failure) => exit(&failure),
            };
        }
        Command::Import {
            inputs,
            root,
            lang,
            into,
            date,
            dry_run,
            force,
        } => briefing::import::run(&ImportOptions {
            root,
            inputs,
            lang,
            into,
            date,
            dry_run,
            force,
        })
        .and_then(|imported| print_import(&imported)),
        Command::New {
            name,
            root,
            lang,
            section,
        } => briefing::scaffold::run(&NewOptions {
            root,
            name,
            lang,
            section,
        })
        .map(|written| print!("{written}")),
        Command::Init { dir, languages } => {
            briefing::init::run(&InitOptions { dir, languages }).map(|written| print!("{written}"))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => exit(&failure),
    }
}

/// Exit codes: 0 success, 1 a problem in the input, 2 a usage error (clap's), 3 the
/// machine failed us (a disk full, a permission, a lock): nothing in the input to fix.
const PROBLEM: u8 = 1;
const IO_FAILURE: u8 = 3;

/// Prints a failure once and picks its exit code.
fn exit(failure: &Failure) -> ExitCode {
    report(failure);
    match failure {
        Failure::Problems(_) => ExitCode::from(PROBLEM),
        Failure::Io(_) => ExitCode::from(IO_FAILURE),
    }
}

/// An import's output in the order of its files: a dry run's Markdown on stdout, the
/// report of each file on stderr, then the closing line.
fn print_import(imported: &Imported) -> Result<(), Failure> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for file in &imported.files {
        if let Some(markdown) = &file.markdown {
            write!(out, "{markdown}").context("writing to stdout")?;
        }
        eprint!("{}", file.report);
    }
    eprintln!("{}", imported.summary);
    Ok(())
}

fn report(failure: &Failure) {
    match failure {
        Failure::Problems(problems) => {
            for problem in problems {
                eprintln!("error: {problem}");
            }
            let s = if problems.len() == 1 { "" } else { "s" };
            eprintln!("{} problem{s} found; nothing was written", problems.len());
        }
        Failure::Io(err) => eprintln!("error: {err:#}"),
    }
}
