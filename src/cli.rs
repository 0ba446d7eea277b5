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
}
