//! Share cards: the drawn card encoded as a small indexed-colour PNG.
//!
//! A card is flat theme colours, anti-aliased text and a small map: 1,200 to 1,900
//! colours, all but a few hundred pixels in the most common 256. As RGB a card was
//! ~55 KB and at 50,000 pairs the cards were most of the output's bytes; with a palette
//! of at most 256 colours (exact when the card has no more, else a median cut that
//! keeps every flat colour exact and samples each anti-aliasing ramp evenly) a card is
//! about half that (27 KB; its text alone is 17 KB), and it looks the same at 1200x630.

use std::collections::HashMap;

/// The most entries a PNG palette of 8-bit indices holds.
const PALETTE: usize = 256;

/// `pixels` (RGB, `width` x `height`) as an indexed-colour PNG.
pub(super) fn indexed_png(
    pixels: &[[u8; 3]],
    width: u32,
    height: u32,
) -> Result<Vec<u8>, png::EncodingError> {
    let histogram = histogram(pixels);
    let palette = median_cut(histogram.clone());
    let index_of = nearest(&histogram, &palette);
    let mut indices = Vec::with_capacity(pixels.len());
    // Most of a card is long runs of one colour: look up only where the colour changes.
    let mut last = None;
    for pixel in pixels {
        let index = match last {
            Some((colour, index)) if colour == *pixel => index,
            _ => index_of[pixel],
        };
        last = Some((*pixel, index));
        indices.push(index);
    }
    let mut out = Vec::with_capacity(20 * 1024);
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(palette.concat());
    // Measured on 20 cards of the 5,000-pair corpus: every row filter makes indices
    // larger (a filter predicts smooth tones, and an index names a colour, it is not a
    // tone): 27.2 KB unfiltered, 30.0 KB Sub, 31.6 KB Adaptive at level 4. Level 4 is
    // within 7% of level 9 (25.4 KB) at a third of its time; 32 entries instead of 256
    // would save only 17% more, so the palette is spent on smooth edges.
    encoder.set_filter(png::Filter::NoFilter);
    encoder.set_deflate_compression(png::DeflateCompression::Level(4));
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&indices)?;
    writer.finish()?;
    Ok(out)
}

/// Each colour of `pixels` with its count, sorted by colour (the same order on every
/// machine, whatever the hash map did).
fn histogram(pixels: &[[u8; 3]]) -> Vec<([u8; 3], u32)> {
    let mut counts: HashMap<[u8; 3], u32> = HashMap::new();
    let mut run: Option<([u8; 3], u32)> = None;
    for pixel in pixels {
        match &mut run {
            Some((colour, n)) if colour == pixel => *n += 1,
            _ => {
                if let Some((colour, n)) = run {
                    *counts.entry(colour).or_default() += n;
                }
                run = Some((*pixel, 1));
            }
        }
    }
    if let Some((colour, n)) = run {
        *counts.entry(colour).or_default() += n;
    }
    let mut colours: Vec<_> = counts.into_iter().collect();
    colours.sort_unstable();
    colours
}

/// At most [`PALETTE`] colours for `colours`: each colour its own entry when there are
/// that few, else boxes of colour space split in half along their longest side, the
/// longest first, until there are enough. Splitting by extent, not by pixel count,
/// gives a ramp of anti-aliased edge pixels as many entries as its length asks,
/// although it covers a few hundred pixels against the paper's 600,000.
fn median_cut(mut colours: Vec<([u8; 3], u32)>) -> Vec<[u8; 3]> {
    // Each box with its extent, measured once when the box is made: a split changes
    // only the two boxes it makes.
    let mut boxes: Vec<(std::ops::Range<usize>, (u8, usize))> = Vec::with_capacity(PALETTE);
    boxes.push((0..colours.len(), extent(&colours)));
    while boxes.len() < PALETTE {
        let widest = boxes
            .iter()
            .enumerate()
            .map(|(i, (_, extent))| (*extent, i))
            .max_by_key(|&((length, _), i)| (length, std::cmp::Reverse(i)));
        let Some(((length, axis), i)) = widest else {
            break;
        };
        if length == 0 {
            break; // every box is one colour: the palette is exact
        }
        let range = boxes[i].0.clone();
        let part = &mut colours[range.clone()];
        part.sort_unstable_by_key(|(colour, _)| (colour[axis], *colour));
        let (low, high) = (part[0].0[axis], part[part.len() - 1].0[axis]);
        let middle = low + (high - low) / 2;
        // Not empty on either side: `low` is at most `middle`, `high` above it.
        let split = range.start + part.partition_point(|(colour, _)| colour[axis] <= middle);
        boxes[i] = (range.start..split, extent(&colours[range.start..split]));
        boxes.push((split..range.end, extent(&colours[split..range.end])));
    }
    boxes
        .into_iter()
        .map(|(range, _)| representative(&colours[range]))
        .collect()
}

/// The longest side of the box around `colours` and its axis (0 red, 1 green, 2 blue).
fn extent(colours: &[([u8; 3], u32)]) -> (u8, usize) {
    (0..3)
        .map(|axis| {
            let values = colours.iter().map(|(colour, _)| colour[axis]);
            let (low, high) = values.fold((u8::MAX, 0), |(lo, hi), v| (lo.min(v), hi.max(v)));
            (high.saturating_sub(low), axis)
        })
        .max_by_key(|&(length, axis)| (length, std::cmp::Reverse(axis)))
        .unwrap_or((0, 0))
}

/// The colour a box stands for: its commonest colour when that covers most of its
/// pixels (a theme colour stays exact, not pulled by its own edge pixels), else the
/// box's mean weighted by pixel count.
fn representative(colours: &[([u8; 3], u32)]) -> [u8; 3] {
    let total: u64 = colours.iter().map(|&(_, n)| u64::from(n)).sum();
    let Some(&(commonest, most)) = colours.iter().max_by_key(|&&(colour, n)| (n, colour)) else {
        return [0; 3];
    };
    if 2 * u64::from(most) > total {
        return commonest;
    }
    let mut mean = [0u8; 3];
    for (axis, value) in mean.iter_mut().enumerate() {
        let sum: u64 = colours
            .iter()
            .map(|&(colour, n)| u64::from(colour[axis]) * u64::from(n))
            .sum();
        *value = ((sum + total / 2) / total.max(1)) as u8;
    }
    mean
}

/// The palette index of each colour of `colours`: its nearest entry.
fn nearest(colours: &[([u8; 3], u32)], palette: &[[u8; 3]]) -> HashMap<[u8; 3], u8> {
    let distance = |a: [u8; 3], b: [u8; 3]| -> u32 {
        (0..3)
            .map(|i| (i32::from(a[i]) - i32::from(b[i])).unsigned_abs().pow(2))
            .sum()
    };
    colours
        .iter()
        .map(|&(colour, _)| {
            let index = (0..palette.len())
                .min_by_key(|&i| (distance(colour, palette[i]), i))
                .unwrap_or(0);
            (colour, index as u8)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(png_bytes: &[u8]) -> (png::ColorType, Vec<[u8; 3]>) {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().unwrap();
        let colour = reader.info().color_type;
        let mut buffer = vec![0; reader.output_buffer_size().unwrap()];
        let frame = reader.next_frame(&mut buffer).unwrap();
        let rgb = buffer[..frame.buffer_size()]
            .chunks(3)
            .map(|c| [c[0], c[1], c[2]])
            .collect();
        (colour, rgb)
    }

    #[test]
    fn few_colours_are_kept_exactly() {
        // 256 colours: 16 reds by 16 blues.
        let pixels: Vec<[u8; 3]> = (0..64 * 64)
            .map(|i| [(i % 16 * 16) as u8, 7, (i / 64 % 16 * 15) as u8])
            .collect();
        let bytes = indexed_png(&pixels, 64, 64).unwrap();
        let (colour, back) = decode(&bytes);
        assert_eq!(colour, png::ColorType::Indexed);
        assert_eq!(back, pixels);
    }

    #[test]
    fn many_colours_come_close_and_flat_ones_exact() {
        // A paper colour and a smooth ramp of 1,024 tones to a dark one.
        let paper = [250, 249, 246];
        let mut pixels = vec![paper; 256 * 64];
        for (i, pixel) in pixels.iter_mut().enumerate().take(1024) {
            let t = (i % 256) as u8;
            *pixel = [t, t / 2 + (i / 256) as u8, 255 - t];
        }
        let bytes = indexed_png(&pixels, 256, 64).unwrap();
        let (colour, back) = decode(&bytes);
        assert_eq!(colour, png::ColorType::Indexed);
        assert!(back[1024..].iter().all(|&p| p == paper), "paper kept exact");
        let worst = pixels
            .iter()
            .zip(&back)
            .flat_map(|(a, b)| (0..3).map(move |i| a[i].abs_diff(b[i])))
            .max()
            .unwrap();
        assert!(worst <= 8, "a tone moved by {worst} levels");
    }
}
