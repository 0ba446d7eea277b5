//! Splits a Markdown file into YAML front-matter and body, and validates the fields.

mod checks;
mod fences;
mod meta;
mod raw;

pub(crate) use checks::check_maps;
pub use fences::{Split, split};
pub use meta::{AliasEntry, Cover, EventMeta, Meta, parse};
pub use raw::{Event, FIELDS, Figure, FrontMatter, Image, Seed, Source, fields, read};
