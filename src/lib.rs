//! `briefing`: a static site generator for multilingual briefing sites.

pub mod aliases;
pub mod build;
pub mod charts;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod feeds;
pub mod guard;
pub mod import;
pub mod init;
// Not on pages yet: the second phase of issue 16 places the maps (homes, country pages,
// briefings) on top of the new site model.
#[allow(dead_code)]
pub(crate) mod maps;
pub mod markdown;
pub mod media;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod share_card;
pub mod site;
pub mod sitemap;
pub mod sources;
pub mod urls;
pub mod yaml;
