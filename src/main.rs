//! Parses the command line, runs the command, prints problems once, picks the exit code.

use anyhow::Context as _;
use briefing::build::BuildOptions;
use briefing::check::CheckOptions;
use briefing::cli::{Cli, Command};
use briefing::diagnostics::Failure;
use briefing::import::Imported;
use briefing::output::Notify;
use clap::Parser;
use std::io::{IsTerminal, Write as _};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => {
            let options = args.into_options(std::io::stderr().is_terminal(), NOTIFY);
            return build_site(&options);
        }
        Command::Serve(args) => briefing::serve::run(&args.into()),
        Command::Check(args) => return check(&args.into()),
        Command::Import(args) => {
            briefing::import::run(&args.into()).and_then(|imported| print_import(&imported))
        }
        Command::New(args) => briefing::scaffold::run(&args.into()).map(|w| print!("{w}")),
        Command::Init(args) => briefing::init::run(&args.into()).map(|w| print!("{w}")),
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

/// How a build tells what it waits for, and what it warns about, on stderr.
const NOTIFY: Notify = Notify {
    waiting: |output, lock| {
        eprintln!(
            "waiting for another build of {} (lock {})...",
            output.display(),
            lock.display()
        )
    },
    warning: |text| eprintln!("warning: {text}"),
};

/// `briefing build`: the summary on stdout; a machine failure says the previous
/// output is untouched.
fn build_site(options: &BuildOptions) -> ExitCode {
    match briefing::build::run(options) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(Failure::Io(err)) => {
            eprintln!("error: {err:#}");
            eprintln!(
                "the build stopped at its first failure to read or write; the previous output is untouched"
            );
            ExitCode::from(IO_FAILURE)
        }
        Err(failure) => exit(&failure),
    }
}

/// `briefing check`: the report on stdout; 1 when it fails (an error, or a warning
/// under `--strict`).
fn check(options: &CheckOptions) -> ExitCode {
    match briefing::check::run(options) {
        Ok(checked) => {
            print!("{checked}");
            if checked.failed() {
                ExitCode::from(PROBLEM)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(failure) => exit(&failure),
    }
}

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
