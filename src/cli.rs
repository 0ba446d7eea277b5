//! The command line: commands and their options, turned into plain option structs.

use crate::build::BuildOptions;
use crate::check::CheckOptions;
use crate::import::ImportOptions;
use crate::init::InitOptions;
use crate::output::Notify;
use crate::scaffold::NewOptions;
use crate::serve::ServeOptions;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "briefing",
    version,
    about = "Builds multilingual briefing sites (and the China–Central Asia briefing)"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into the output folder (default ROOT/public).
    Build(BuildArgs),
    /// Build in memory, serve on this machine, rebuild and reload the browser on every change.
    Serve(ServeArgs),
    /// Build in memory (writing nothing) and report broken links and anchors, missing
    /// or outdated translations, invalid front-matter and orphan pages.
    Check(CheckArgs),
    /// Turn plain-text articles into draft briefings: Markdown with front-matter,
    /// noise removed and reported line by line.
    Import(ImportArgs),
    /// Write front-matter skeletons for a new document: content/SECTION/NAME.LANG.md.
    New(NewArgs),
    /// Start a new site in DIR: a commented site.yaml, ui.yaml and one example briefing
    /// per language, using the builtin theme. DIR must be empty or absent.
    Init(InitArgs),
}

/// `briefing build`'s options.
#[derive(Args, Debug)]
pub struct BuildArgs {
    /// The site folder (with site.yaml, content/, templates/, static/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Where to write the site; replaced only if an earlier build made it.
    #[arg(long)]
    output: Option<PathBuf>,
    /// Include briefings marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Include items dated after today (today is SOURCE_DATE_EPOCH when set).
    #[arg(long)]
    future: bool,
    /// Override `base_url` from site.yaml (used for canonical links, feeds, sitemap).
    #[arg(long)]
    base_url: Option<String>,
    /// Ignore what the previous build recorded: render and replace the whole output.
    #[arg(long)]
    clean: bool,
}

impl BuildArgs {
    /// The library's options; `progress` and `notify` depend on where the command runs.
    pub fn into_options(self, progress: bool, notify: Notify) -> BuildOptions {
        BuildOptions {
            root: self.root,
            output: self.output,
            drafts: self.drafts,
            future: self.future,
            base_url: self.base_url,
            clean: self.clean,
            progress,
            notify,
        }
    }
}

/// `briefing serve`'s options.
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The site folder (with site.yaml, content/, templates/, static/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The address to serve on; anything but loopback lets other machines read the site.
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// The port; 0 picks a free one.
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Include briefings marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Include items dated after today.
    #[arg(long)]
    future: bool,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
}

/// `briefing check`'s options.
#[derive(Args, Debug)]
pub struct CheckArgs {
    /// The site folder (with site.yaml, content/, templates/, static/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// `text` for people, `json` for tools.
    #[arg(long, value_enum, default_value = "text")]
    format: crate::check::Format,
    /// Fail on warnings (missing or outdated translations) too.
    #[arg(long)]
    strict: bool,
    /// The earlier build whose URLs must still lead somewhere: an output folder
    /// (or its `.briefing-urls` file). Default: ROOT/public, if it exists.
    #[arg(long, value_name = "DIR")]
    against: Option<PathBuf>,
}

/// `briefing import`'s options.
#[derive(Args, Debug)]
pub struct ImportArgs {
    /// Text files, or folders whose `.txt` files are all imported.
    #[arg(required = true, value_name = "FILE_OR_DIR")]
    inputs: Vec<PathBuf>,
    /// The site folder (its site.yaml gives the languages and terms).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The articles' language code (default: detected).
    #[arg(long)]
    lang: Option<String>,
    /// Where to write the drafts (default ROOT/content/briefings).
    #[arg(long)]
    into: Option<PathBuf>,
    /// Publication date, YYYY-MM-DD (default: a date in the text, else today).
    #[arg(long)]
    date: Option<String>,
    /// Print the Markdown and the report; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Replace a briefing file that already exists.
    #[arg(long)]
    force: bool,
}

/// `briefing new`'s options.
#[derive(Args, Debug)]
pub struct NewArgs {
    /// The name the language files share (lowercase letters, digits, `-`).
    name: String,
    /// The site folder.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// One language code, or `both` (every language of the site).
    #[arg(long, default_value = "both")]
    lang: String,
    /// The section (default: the first one site.yaml declares).
    #[arg(long)]
    section: Option<String>,
}

/// `briefing init`'s options.
#[derive(Args, Debug)]
pub struct InitArgs {
    /// The folder to create the site in.
    dir: PathBuf,
    /// The languages, comma-separated, the first the default.
    #[arg(long, default_value = "it,en", value_delimiter = ',')]
    languages: Vec<String>,
}

impl From<ServeArgs> for ServeOptions {
    fn from(args: ServeArgs) -> ServeOptions {
        ServeOptions {
            root: args.root,
            bind: args.bind,
            port: args.port,
            drafts: args.drafts,
            future: args.future,
            open: args.open,
        }
    }
}

impl From<CheckArgs> for CheckOptions {
    fn from(args: CheckArgs) -> CheckOptions {
        CheckOptions {
            root: args.root,
            format: args.format,
            strict: args.strict,
            against: args.against,
        }
    }
}

impl From<ImportArgs> for ImportOptions {
    fn from(args: ImportArgs) -> ImportOptions {
        ImportOptions {
            root: args.root,
            inputs: args.inputs,
            lang: args.lang,
            into: args.into,
            date: args.date,
            dry_run: args.dry_run,
            force: args.force,
        }
    }
}

impl From<NewArgs> for NewOptions {
    fn from(args: NewArgs) -> NewOptions {
        NewOptions {
            root: args.root,
            name: args.name,
            lang: args.lang,
            section: args.section,
        }
    }
}

impl From<InitArgs> for InitOptions {
    fn from(args: InitArgs) -> InitOptions {
        InitOptions {
            dir: args.dir,
            languages: args.languages,
        }
    }
}
