//! Helpers shared by the integration tests: a headless browser, a loopback static server,
//! `briefing serve` as a process, and the external validators.
//!
//! Each test file that says `mod common;` compiles all of this, but uses only a part:
//! allow the rest to be unused there instead of warning (clippy runs with `-D warnings`).
#![allow(dead_code)]

pub mod browser;
pub mod http;
pub mod pages;
pub mod serve;
pub mod site;
pub mod tools;
pub mod trees;
