//! Parses the command line, runs the command, prints problems once, picks the exit code.

use briefing::build::BuildOptions;
use briefing::cli::{Cli, Command};
use briefing::diagnostics::Failure;
use briefing::output::Notify;
use clap::Parser;
use std::io::IsTerminal;
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
            clean,
        } => {
            let options = BuildOptions {
                root,
                output,
                drafts,
                future,
                base_url,
                clean,
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
            let result = briefing::build::run(&options);
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
        } => briefing::serve::run(&briefing::serve::ServeOptions {
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
        } => match briefing::check::run(&root, format, strict, against.as_deref()) {
            Ok(code) => return code,
            Err(failure) => Err(failure),
        },
        Command::Import {
            inputs,
            root,
            lang,
            into,
            date,
            dry_run,
            force,
        } => briefing::import::run(&briefing::import::ImportOptions {
            root,
            inputs,
            lang,
            into,
            date,
            dry_run,
            force,
        }),
        Command::New {
            name,
            root,
            lang,
            section,
        } => briefing::scaffold::run(&briefing::scaffold::NewOptions {
            root,
            name,
            lang,
            section,
        })
        .map(|written| written.iter().for_each(|p| println!("{}", p.display()))),
        Command::Init { dir, languages } => briefing::init::run(&dir, &languages)
            .map(|written| written.iter().for_each(|p| println!("{}", p.display()))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            report(&failure);
            match failure {
                Failure::Problems(_) => ExitCode::from(PROBLEM),
                Failure::Io(_) => ExitCode::from(IO_FAILURE),
            }
        }
    }
}

/// Exit codes: 0 success, 1 a problem in the input, 2 a usage error (clap's), 3 the
/// machine failed us (a disk full, a permission, a lock): nothing in the input to fix.
const PROBLEM: u8 = 1;
const IO_FAILURE: u8 = 3;

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
