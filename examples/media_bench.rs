//! Drives the media step over a folder of images, for `bench/images.sh`: every file
//! in DIR processed (in parallel, as a build does) into the cache at CACHE; or writes
//! the benchmark's photos.
//!
//!     cargo run --release --example media_bench -- DIR CACHE
//!     cargo run --release --example media_bench -- generate DIR COUNT WIDTH HEIGHT QUALITY [GRAIN]
//!     cargo run --release --example media_bench -- cards COUNT CACHE

use briefing::media::{self, Cache, Settings};
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

fn main() -> std::process::ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if args.first().is_some_and(|a| a == "generate") {
        return generate(&args[1..]);
    }
    if args.first().is_some_and(|a| a == "cards") {
        return cards(&args[1..]);
    }
    let [dir, cache_dir] = args.as_slice() else {
        eprintln!("usage: media_bench DIR CACHE");
        return std::process::ExitCode::from(2);
    };
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok())
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| e.path())
            .collect(),
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
        "images={} failed={failed} encodes={} hashes={} variants={variants} variant_bytes={bytes} seconds={elapsed:.3}",
        files.len(),
        cache.encodes(),
        cache.hashes()
    );
    if failed > 0 {
        std::process::ExitCode::FAILURE
    } else {
        std::process::ExitCode::SUCCESS
    }
}

/// Writes COUNT photo-like JPEGs: a two-colour gradient, soft bands and sensor-like
/// noise, different for every index, the same bytes on every run.
fn generate(args: &[PathBuf]) -> std::process::ExitCode {
    let number = |i: usize| args.get(i).and_then(|a| a.to_str()?.parse::<u32>().ok());
    let (Some(dir), Some(count), Some(w), Some(h), Some(quality)) =
        (args.first(), number(1), number(2), number(3), number(4))
    else {
        eprintln!("usage: media_bench generate DIR COUNT WIDTH HEIGHT QUALITY [GRAIN]");
        return std::process::ExitCode::from(2);
    };
    let grain = number(5).unwrap_or(16).clamp(1, 256);
    if let Err(err) = std::fs::create_dir_all(dir) {
        eprintln!("{}: {err}", dir.display());
        return std::process::ExitCode::FAILURE;
    }
    let failures: Vec<String> = (0..count)
        .into_par_iter()
        .filter_map(|i| {
            let path = dir.join(format!("photo-{i:04}.jpg"));
            let pixels = photo(i, w, h, grain);
            let mut out = Vec::new();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality as u8)
                .encode(&pixels, w, h, image::ExtendedColorType::Rgb8)
                .and_then(|()| Ok(std::fs::write(&path, &out)?))
                .err()
                .map(|err| format!("{}: {err}", path.display()))
        })
        .collect();
    for failure in &failures {
        eprintln!("{failure}");
    }
    if failures.is_empty() {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}

/// `grain`: the spread of the noise, in levels (16: a phone photo in good light).
fn photo(index: u32, w: u32, h: u32, grain: u32) -> Vec<u8> {
    let mut state = 0x9E37_79B9u32 ^ index.wrapping_mul(0x85EB_CA6B) | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state
    };
    let top = [next() % 256, next() % 256, next() % 256];
    let bottom = [next() % 256, next() % 256, next() % 256];
    let (fx, fy) = (1.0 + (next() % 7) as f32, 1.0 + (next() % 5) as f32);
    let columns: Vec<f32> = (0..w)
        .map(|x| 28.0 * (x as f32 / w as f32 * fx * std::f32::consts::TAU).sin())
        .collect();
    let mut pixels = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        let t = y as f32 / h as f32;
        let band = 20.0 * (t * fy * std::f32::consts::TAU).cos();
        for column in &columns {
            let noise = next();
            for (c, (a, b)) in top.iter().zip(&bottom).enumerate() {
                let base = *a as f32 * (1.0 - t) + *b as f32 * t + band + column;
                let jitter =
                    ((noise >> (8 * c)) & 0xFF) as f32 * grain as f32 / 256.0 - grain as f32 / 2.0;
                pixels.push((base + jitter).clamp(0.0, 255.0) as u8);
            }
        }
    }
    pixels
}

/// Draws COUNT share cards with different titles into the cache at CACHE.
fn cards(args: &[PathBuf]) -> std::process::ExitCode {
    let (Some(count), Some(cache_dir)) = (
        args.first().and_then(|a| a.to_str()?.parse::<usize>().ok()),
        args.get(1),
    ) else {
        eprintln!("usage: media_bench cards COUNT CACHE");
        return std::process::ExitCode::from(2);
    };
    let cards = briefing::share_card::ShareCards::new();
    let cache = Cache::new(cache_dir, Settings::default());
    let start = Instant::now();
    let failed = (0..count)
        .into_par_iter()
        .filter(|i| {
            let title = format!(
                "Briefing {i}: Kazakhstan and China agree on a new rail corridor through Khorgos"
            );
            let card = briefing::share_card::Card {
                title: &title,
                site_name: "Briefing Cina–Asia centrale",
                date: "16 June 2025",
                lang: "en",
                figure: None,
            };
            cards
                .render_cached(&card, std::path::Path::new("bench"), &cache)
                .is_err()
        })
        .count();
    println!(
        "cards={count} failed={failed} encodes={} hashes=0 renders={} seconds={:.3}",
        cache.renders(),
        cache.renders(),
        start.elapsed().as_secs_f64()
    );
    if failed > 0 {
        std::process::ExitCode::FAILURE
    } else {
        std::process::ExitCode::SUCCESS
    }
}
