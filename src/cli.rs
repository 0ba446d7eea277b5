//! The command line: commands and their options, turned into plain option structs.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "briefing",
    version,
    about = "Builds the bilingual China–Central Asia briefing site"
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
        /// Override `base_url` from site.yaml (used for canonical links, feeds, sitemap).
        #[arg(long)]
        base_url: Option<String>,
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
    },
}
