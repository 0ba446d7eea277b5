//! Images made by the tests themselves, where a committed file would be too big.

/// A `w` x `h` JPEG at quality 94 of a gradient under heavy noise (xorshift, fixed
/// seed): the same bytes every time, and about 40 MB at 8000 x 6000, because noise does
/// not compress.
pub fn noisy_jpeg(w: u32, h: u32) -> Vec<u8> {
    let mut state = 0x2545_F491u32;
    let mut pixels = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        let base = (y * 120 / h) as u8;
        for _ in 0..w * 3 {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            pixels.push(base + (state >> 25) as u8);
        }
    }
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 94)
        .encode(&pixels, w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    jpeg
}

/// The CRC-32 of PNG chunks (ISO 3309, as zlib computes it), for hand-made PNGs.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
