//! Finds publication dates written out in article text (`16 giugno 2025`, `3 luglio`).

use jiff::civil::Date;

/// A date written in a line of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Found {
    /// Day and month as written; the year when the text gives one.
    pub day: i8,
    pub month: i8,
    pub year: Option<i16>,
    /// The words that name the date, as written (`16 giugno 2025`).
    pub text: String,
}

impl Found {
    /// The calendar date, with `year` standing in when the text gives none.
    pub(super) fn date(&self, year: i16) -> Option<Date> {
        Date::new(self.year.unwrap_or(year), self.month, self.day).ok()
    }
}

const MONTHS: [(&str, i8); 42] = [
    ("gennaio", 1),
    ("febbraio", 2),
    ("marzo", 3),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("agosto", 8),
    ("settembre", 9),
    ("ottobre", 10),
    ("novembre", 11),
    ("dicembre", 12),
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
];

/// Words that join the two days of a range: `dal 16 al 18 giugno`, `3 e il 4 luglio`.
const RANGE_WORDS: [&str; 10] = [
    "al", "e", "il", "a", "to", "and", "the", "bis", "und", "zum",
];

fn month(word: &str) -> Option<i8> {
    let lower = word.to_lowercase();
    let lower = lower.trim_end_matches('.');
    MONTHS.iter().find(|(m, _)| *m == lower).map(|(_, n)| *n)
}

fn day(word: &str) -> Option<i8> {
    let digits = word.trim_end_matches(['°', 'º', '.']);
    let digits = digits
        .strip_suffix("st")
        .or_else(|| digits.strip_suffix("nd"))
        .or_else(|| digits.strip_suffix("rd"))
        .or_else(|| digits.strip_suffix("th"))
        .unwrap_or(digits);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i8 = digits.parse().ok()?;
    (1..=31).contains(&n).then_some(n)
}

fn year(word: &str) -> Option<i16> {
    let digits = word.trim_end_matches(['.', ',']);
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i16 = digits.parse().ok()?;
    (1900..=2199).contains(&n).then_some(n)
}

/// Words of `line` with their byte spans; punctuation other than `°º.` inside or
/// after a word splits it (`16,` -> `16`; `2025-06-16` -> three words).
fn words(line: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        let part = c.is_alphanumeric() || matches!(c, '°' | 'º' | '.');
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, line.len()));
    }
    // A full stop ends a word unless it is a German ordinal (`16.`) or an abbreviation.
    spans
        .into_iter()
        .map(|(s, e)| {
            let w = &line[s..e];
            let trimmed = w.trim_end_matches('.');
            if day(w).is_some() || trimmed.is_empty() {
                (s, e)
            } else {
                (s, s + trimmed.len())
            }
        })
        .filter(|(s, e)| s < e)
        .collect()
}

/// Every date written in `line`, in reading order: `16 giugno 2025`, `16. Juni 2025`,
/// `June 16, 2025`, `2025-06-16`, `16/06/2025`, and day-month without a year.
pub(super) fn find(line: &str) -> Vec<Found> {
    let mut found = iso_and_numeric(line);
    let spans = words(line);
    let word = |i: usize| &line[spans[i].0..spans[i].1];
    for i in 0..spans.len() {
        let Some(m) = month(word(i)) else { continue };
        // day month [year]
        if i > 0
            && let Some(mut d) = day(word(i - 1))
        {
            let mut first = i - 1;
            // A range: take its first day.
            let mut j = i - 1;
            while j > 0 {
                let prev = word(j - 1).to_lowercase();
                if RANGE_WORDS.contains(&prev.as_str()) && j >= 2 {
                    j -= 1;
                    continue;
                }
                if let Some(d0) = day(&prev) {
                    let between = &line[spans[j - 1].1..spans[i - 1].0];
                    if between
                        .chars()
                        .all(|c| !c.is_alphanumeric() || c.is_alphabetic())
                        && between.len() <= 12
                    {
                        d = d0;
                        first = j - 1;
                    }
                }
                break;
            }
            let y = spans.get(i + 1).and_then(|_| year(word(i + 1)));
            let end = if y.is_some() { i + 1 } else { i };
            found.push(Found {
                day: d,
                month: m,
                year: y,
                text: line[spans[first].0..spans[end].1].to_string(),
            });
            continue;
        }
        // month day[,] year (English)
        if let Some(d) = spans.get(i + 1).and_then(|_| day(word(i + 1))) {
            let y = spans.get(i + 2).and_then(|_| year(word(i + 2)));
            // Without a year, only an unmistakable English month name: not `may`, `mai`, `mar`.
            let english = MONTHS[12..24]
                .iter()
                .any(|(name, _)| *name != "may" && word(i).eq_ignore_ascii_case(name));
            if y.is_some() || english {
                let end = if y.is_some() { i + 2 } else { i + 1 };
                found.push(Found {
                    day: d,
                    month: m,
                    year: y,
                    text: line[spans[i].0..spans[end].1].to_string(),
                });
            }
        }
    }
    found.sort_by_key(|f| line.find(&f.text));
    found
}

/// `2025-06-16`, `16/06/2025`, `16.06.2025`.
fn iso_and_numeric(line: &str) -> Vec<Found> {
    let bytes = line.as_bytes();
    let digits = |from: usize, n: usize| -> Option<u32> {
        let part = bytes.get(from..from + n)?;
        if part.iter().all(u8::is_ascii_digit) {
            std::str::from_utf8(part).ok()?.parse().ok()
        } else {
            None
        }
    };
    let boundary = |at: usize| bytes.get(at).is_none_or(|b| !b.is_ascii_alphanumeric());
    let mut found = Vec::new();
    for start in 0..bytes.len() {
        if start > 0 && bytes[start - 1].is_ascii_alphanumeric() {
            continue;
        }
        // YYYY-MM-DD
        if let (Some(y), Some(b'-'), Some(m), Some(b'-'), Some(d)) = (
            digits(start, 4),
            bytes.get(start + 4),
            digits(start + 5, 2),
            bytes.get(start + 7),
            digits(start + 8, 2),
        ) && boundary(start + 10)
        {
            push_valid(&mut found, line, start, start + 10, d, m, y);
            continue;
        }
        // DD/MM/YYYY or DD.MM.YYYY
        if let (Some(d), Some(sep @ (b'/' | b'.')), Some(m), Some(sep2), Some(y)) = (
            digits(start, 2),
            bytes.get(start + 2),
            digits(start + 3, 2),
            bytes.get(start + 5),
            digits(start + 6, 4),
        ) && sep == sep2
            && boundary(start + 10)
        {
            push_valid(&mut found, line, start, start + 10, d, m, y);
        }
    }
    found
}

fn push_valid(found: &mut Vec<Found>, line: &str, s: usize, e: usize, d: u32, m: u32, y: u32) {
    if let (Ok(d), Ok(m), Ok(y)) = (i8::try_from(d), i8::try_from(m), i16::try_from(y))
        && Date::new(y, m, d).is_ok()
    {
        found.push(Found {
            day: d,
            month: m,
            year: Some(y),
            text: line[s..e].to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(line: &str) -> Option<(i8, i8, Option<i16>, String)> {
        find(line)
            .into_iter()
            .next()
            .map(|f| (f.day, f.month, f.year, f.text))
    }

    #[test]
    fn italian_english_german_and_numeric_dates() {
        assert_eq!(
            first("Il 16 giugno 2025, il vertice si apre."),
            Some((16, 6, Some(2025), "16 giugno 2025".into()))
        );
        assert_eq!(
            first("Am 16. Juni 2025 beginnt"),
            Some((16, 6, Some(2025), "16. Juni 2025".into()))
        );
        assert_eq!(
            first("On June 16, 2025 the summit"),
            Some((16, 6, Some(2025), "June 16, 2025".into()))
        );
        assert_eq!(
            first("Pubblicato il 1° luglio 2024"),
            Some((1, 7, Some(2024), "1° luglio 2024".into()))
        );
        assert_eq!(
            first("aggiornato 2024-07-03 alle 10"),
            Some((3, 7, Some(2024), "2024-07-03".into()))
        );
        assert_eq!(
            first("del 03/07/2024"),
            Some((3, 7, Some(2024), "03/07/2024".into()))
        );
    }

    #[test]
    fn ranges_give_their_first_day_and_years_may_be_missing() {
        assert_eq!(
            first("ad Astana il 3 e il 4 luglio, il presidente"),
            Some((3, 7, None, "3 e il 4 luglio".into()))
        );
        assert_eq!(
            first("dal 16 al 18 giugno"),
            Some((16, 6, None, "16 al 18 giugno".into()))
        );
        assert_eq!(
            first("from 16-18 June 2025"),
            Some((16, 6, Some(2025), "16-18 June 2025".into()))
        );
    }

    #[test]
    fn not_dates() {
        assert_eq!(first("nel maggio 2023 fu firmata"), None);
        assert_eq!(first("it may 5 times"), None);
        assert_eq!(first("1.500 MW e 94,8 miliardi"), None);
        assert_eq!(first("2025-13-40"), None);
        let f = find("31 febbraio 2025").remove(0);
        assert_eq!(f.date(2025), None);
    }
}
