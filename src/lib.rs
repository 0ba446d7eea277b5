//! `briefing`: a static site generator for multilingual briefing sites.
//!
//! # Module map
//!
//! Data flows one way: options -> config -> content -> site model -> rendered files
//! in memory -> written (`build`), verified (`check`) or served (`serve`).
//!
//! | step | module | what it owns |
//! |---|---|---|
//! | options | `cli` | the commands and their options, as plain structs |
//! | config | `config` | `site.yaml` and the UI strings: languages, sections, taxonomies, nav, maps |
//! | | `yaml` | the one YAML reader; errors placed at file lines and columns |
//! | | [`i18n`] | each locale's dates, numbers, plurals and name order (CLDR) |
//! | content | `content` | walks `content/`: front-matter, documents, pairing, data files |
//! | | `markdown` | Markdown to HTML: heading ids, TOC, footnotes, links, images |
//! | | `typography` | smart punctuation for front-matter text |
//! | | `files` | reading a text file as UTF-8, or a located problem |
//! | | `sources` | which files make the site; editors' scratch files skipped |
//! | site model | `site` | the immutable model: routes, translations, lists, terms, cards |
//! | | `urls` | slugs, output paths, relative and absolute URLs, resolving references |
//! | | `aliases` | old URLs of a page, checked, and their redirects |
//! | | `media` | photos and figures: processed, cached, published |
//! | | `maps`, `charts` | maps and bar charts drawn as inline SVG |
//! | render | `render` | Tera with the site's templates, the views, pages in parallel |
//! | | `theme` | the builtin templates and static files |
//! | | `markup` | escaping for the HTML, SVG and XML written by hand |
//! | | `share_card` | the link-preview PNG of a page without a photo |
//! | | `feeds`, `feed_style` | the Atom feed of each language and its browser stylesheet |
//! | | `sitemap`, `search` | `sitemap.xml`, `robots.txt`, the search index scripts |
//! | output | `output` | staging folder, atomic swap, journal of renames, ownership marker |
//! | | `incremental` | the manifest of the last build: which output files it can keep |
//! | | `changes` | what changed since the last build, and which pages show it (`build`, `serve`) |
//! | | `guard` | published URLs that must not disappear |
//! | commands | `build` | the pipeline above, into the output folder |
//! | | `check` | the build in memory, then links, anchors, translations, parity |
//! | | `serve` | the build in memory, served on loopback, rebuilt on change |
//! | | `import`, `scaffold`, `init` | plain-text imports, new documents, new sites |
//! | | `frontmatter_writer` | the one front-matter writer of `import` and `new`, its prose in ui.yaml |
//! | | `diagnostics` | `path:line:col: what is wrong` and what to do |
#![warn(unreachable_pub)]

pub(crate) mod aliases;
pub mod build;
pub(crate) mod changes;
pub(crate) mod charts;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
pub(crate) mod doc_cache;
pub(crate) mod feed_style;
pub(crate) mod feeds;
pub(crate) mod files;
pub(crate) mod frontmatter_writer;
pub(crate) mod guard;
pub mod i18n;
pub mod import;
pub(crate) mod incremental;
pub mod init;
pub(crate) mod maps;
pub mod markdown;
pub(crate) mod markup;
pub mod media;
pub mod output;
pub(crate) mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod share_card;
pub(crate) mod site;
pub(crate) mod sitemap;
pub(crate) mod sources;
pub(crate) mod theme;
pub(crate) mod typography;
pub mod urls;
pub mod yaml;
