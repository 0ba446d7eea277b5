//! The command line: commands and their options, turned into plain option structs.

use clap::{Parser, Subcommand};
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
    Build {
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
    },
    /// Build in memory, serve on this machine, rebuild and reload the browser on every change.
    Serve {
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
    },
    /// Build in memory (writing nothing) and report broken links and anchors, missing
    /// or outdated translations, invalid front-matter and orphan pages.
    Check {
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
    },
    /// Turn plain-text articles into draft briefings: Markdown with front-matter,
    /// noise removed and reported line by line.
    Import {
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
    },
    /// Write front-matter skeletons for a new document: content/SECTION/NAME.LANG.md.
    New {
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
    },
    /// Start a new site in DIR: a commented site.yaml, ui.yaml and one example briefing
    /// per language, using the builtin theme. DIR must be empty or absent.
    Init {
        /// The folder to create the site in.
        dir: PathBuf,
        /// The languages, comma-separated, the first the default.
        #[arg(long, default_value = "it,en", value_delimiter = ',')]
        languages: Vec<String>,
    },
}
