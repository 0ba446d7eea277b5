//! Parses the command line, runs the command, prints problems once, picks the exit code.

use briefing::build::{BuildOptions, build};
use briefing::cli::{Cli, Command};
use briefing::diagnostics::Failure;
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
        } => {
            let options = BuildOptions {
                root,
                output,
                drafts,
                future,
                base_url,
                progress: std::io::stderr().is_terminal(),
            };
            build(&options).map(|summary| println!("{summary}"))
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
        } => match briefing::check::run(&root, format, strict) {
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
            ExitCode::from(1)
        }
    }
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
