//! The compact text encoding of posting lists that `static/search.js` decodes.

/// Digits of the posting encoding: the first 32 end a number, the last 32 continue it.
pub(super) const DIGITS: &[u8; 64] =
    b"0123456789abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZwxyz-_";

/// Appends the posting list `ids` (ascending, all below `n`) to `out`. Each id is written
/// as its gap from the previous one minus one, base 32, most significant digit first,
/// every digit but the last from the continuation half of `DIGITS`. A term in more than
/// half the documents is written as `!` and the ids of the documents without it.
pub(super) fn encode_postings(ids: &[u32], n: usize, out: &mut String) {
    if ids.len() * 2 > n {
        out.push('!');
        let mut present = ids.iter().peekable();
        let absent = (0..n as u32).filter(|id| {
            if present.peek() == Some(&id) {
                present.next();
                false
            } else {
                true
            }
        });
        encode_gaps(absent, out);
    } else {
        encode_gaps(ids.iter().copied(), out);
    }
}

fn encode_gaps(ids: impl Iterator<Item = u32>, out: &mut String) {
    let mut previous: i64 = -1;
    let mut digits = [0u8; 8];
    for id in ids {
        let mut gap = (i64::from(id) - previous - 1) as u64;
        previous = i64::from(id);
        let mut count = 0;
        loop {
            digits[count] = (gap & 31) as u8;
            count += 1;
            gap >>= 5;
            if gap == 0 {
                break;
            }
        }
        for (k, &d) in digits[..count].iter().enumerate().rev() {
            let continuation = if k > 0 { 32 } else { 0 };
            out.push(DIGITS[usize::from(d) + continuation] as char);
        }
    }
}
