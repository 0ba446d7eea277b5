//! The one test harness, shared by every file in tests/:
//! - [`env::TestSite`]: a scratch copy of a named fixture (tests/fixtures/NAME) with its
//!   output folder, and the binary run on it;
//! - [`run`]: the binary as a process ([`run::Bin`]), giving exit code, stdout and stderr
//!   ([`run::Run`]), bounded in time and, when asked, in memory;
//! - [`serve`]: `briefing serve` as a process and the one raw HTTP/1.1 client;
//! - [`http`]: a strict loopback static host for built sites, below a sub-path;
//! - [`browser`]: headless Chromium through chromedriver;
//! - [`skip`]: the one skip policy (`!!! SKIPPING` locally, a failure with `CI=true`);
//! - [`snapshot`]: expected-output files, blessed with `BRIEFING_BLESS=1`;
//! - [`props`]: the property tests' rounds (longer with `CI=true`);
//! - [`images`]: generated test images too big to commit;
//! - [`site`], [`pages`], [`tools`]: reading a built site, and the external validators.
//!
//! Each test file that says `mod common;` compiles all of this, but uses only a part:
//! allow the rest to be unused there instead of warning (clippy runs with `-D warnings`).
#![allow(dead_code)]

pub mod browser;
pub mod env;
pub mod http;
pub mod images;
pub mod pages;
pub mod props;
pub mod run;
pub mod serve;
pub mod site;
pub mod skip;
pub mod snapshot;
pub mod tools;
pub mod trees;
