//! Dates and numbers written the way each language writes them.

use jiff::civil::Date;

const MONTHS_IT: [&str; 12] = [
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `16 giugno 2025` / `16 June 2025`.
pub fn long_date(date: Date, lang: &str) -> String {
    let months = if lang == "it" { &MONTHS_IT } else { &MONTHS_EN };
    let day = date.day();
    // Italian writes the first of the month as an ordinal: "1º luglio".
    let day = if lang == "it" && day == 1 {
        "1º".to_string()
    } else {
        day.to_string()
    };
    format!(
        "{day} {} {}",
        months[date.month() as usize - 1],
        date.year()
    )
}

/// `94,8` / `94.8`, with thousands grouped (`1.500` / `1,500`); at most `decimals` digits.
pub fn number(value: f64, decimals: usize, lang: &str) -> String {
    let (group, point) = if lang == "it" { ('.', ',') } else { (',', '.') };
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let frac = frac.trim_end_matches('0');
    let mut out = String::new();
    if value < 0.0 {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_follow_the_language() {
        let d = Date::new(2025, 6, 16).unwrap();
        assert_eq!(long_date(d, "it"), "16 giugno 2025");
        assert_eq!(long_date(d, "en"), "16 June 2025");
        assert_eq!(
            long_date(Date::new(2024, 7, 1).unwrap(), "it"),
            "1º luglio 2024"
        );
    }

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(number(94.8, 1, "it"), "94,8");
        assert_eq!(number(94.8, 1, "en"), "94.8");
        assert_eq!(number(1500.0, 1, "it"), "1.500");
        assert_eq!(number(1782.75, 2, "en"), "1,782.75");
        assert_eq!(number(-3.0, 0, "en"), "-3");
    }
}
