//! Drives the media step over a folder of images, for `bench/images.sh`: every file
//! in DIR processed (in parallel, as a build does) into the cache at CACHE.
//!
//!     cargo run --release --example media_bench -- DIR CACHE

use briefing::media::{self, Cache, Settings};
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

fn main() -> std::process::ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [dir, cache_dir] = args.as_slice() else {
        eprintln!("usage: media_bench DIR CACHE");
        return std::process::ExitCode::from(2);
    };
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(|e| e.ok()).map(|e| e.path()).collect(),
        Err(err) => {
            eprintln!("{}: {err}", dir.display());
            return std::process::ExitCode::FAILURE;
        }
    };
    files.sort();
    let cache = Cache::new(cache_dir, Settings::default());
    let start = Instant::now();
    let results: Vec<_> = files
        .par_iter()
        .map(|f| media::process(f, f, &cache))
        .collect();
    let elapsed = start.elapsed().as_secs_f64();
    let mut failed = 0;
    let mut bytes = 0;
    let mut variants = 0;
    for result in &results {
        match result {
            Ok(p) => {
                variants += p.variants.len();
                bytes += p.variants.iter().map(|v| v.bytes).sum::<u64>();
            }
            Err(problem) => {
                failed += 1;
                eprintln!("{problem}");
            }
        }
    }
    println!(
        "images={} failed={failed} encodes={} variants={variants} variant_bytes={bytes} seconds={elapsed:.3}",
        files.len(),
        cache.encodes()
    );
    if failed > 0 {
        std::process::ExitCode::FAILURE
    } else {
        std::process::ExitCode::SUCCESS
    }
}
