//! Numbers and dates read as each language writes them: `94,8` and `94.8`, `1.500` and
//! `1,500`, `16 giugno 2025` and `16 June 2025`, `6 per cento` and `6%`.
//!
//! All the locale knowledge is in [`Numerals`], one value per language: separators,
//! month names, the words of a percentage and of an ordinal. Everything else reads text
//! through it, so CLDR data (ICU4X) can replace the tables in one place.

use std::fmt;
use std::ops::Range;

/// How one language writes numbers and dates.
#[derive(Debug, Clone)]
pub(crate) struct Numerals {
    /// The decimal separator (`,` in Italian, `.` in English).
    decimal: char,
    /// The grouping separator between thousands (`.` in Italian, `,` in English).
    /// A no-break space or narrow no-break space groups in every language.
    group: char,
    /// Month names, January first, as written in running text (CLDR "format wide").
    /// A name matches as written or with a capital first letter (a sentence start).
    months: Vec<String>,
    /// Every form a month name matches, with its month (1-12).
    month_forms: Vec<(String, u8)>,
    /// The words after a number that make it a percentage (`%` always does).
    percent: Vec<Vec<String>>,
    /// Suffixes that make a number an ordinal (`24th`, `24°`): read as the number.
    ordinals: Vec<String>,
}

/// A number, percentage or date found in a text, in a form independent of language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Value {
    /// Canonical decimal text: no grouping, `.` as the point, no trailing zeros (`94.8`).
    Number(String),
    Percent(String),
    Date {
        year: i32,
        month: u8,
        day: u8,
    },
    /// A day without a year (`4 July`).
    DayMonth {
        month: u8,
        day: u8,
    },
    /// A month without a day (`May 2023`).
    MonthYear {
        year: i32,
        month: u8,
    },
}

/// A value and where it is written (a byte range of the text read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub value: Value,
    pub range: Range<usize>,
}

impl Numerals {
    /// The notation of `lang`; a language without its own table reads digits the way
    /// CLDR's root locale writes them (`1,500.5`) and knows no month names.
    pub(crate) fn of(lang: &str) -> Numerals {
        let mut numerals = Numerals::table(lang);
        for (m, name) in (1u8..).zip(&numerals.months) {
            let mut chars = name.chars();
            let capital: String = chars
                .next()
                .into_iter()
                .flat_map(char::to_uppercase)
                .chain(chars)
                .collect();
            numerals.month_forms.push((name.clone(), m));
            if capital != *name {
                numerals.month_forms.push((capital, m));
            }
        }
        numerals
    }

    /// The separators and month names of `lang` from CLDR (ICU4X, as pages write
    /// them), with the few words CLDR does not give in running text: what makes a
    /// number a percentage or an ordinal. A language CLDR does not know reads digits
    /// as the root locale writes them (`1,500.5`) and knows no month names.
    fn table(lang: &str) -> Numerals {
        let phrases = |list: &[&str]| {
            list.iter()
                .map(|p| p.split(' ').map(str::to_string).collect())
                .collect()
        };
        let words = |list: &[&str]| list.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        let (percent, ordinals) = match lang {
            "it" => (phrases(&["per cento", "percento"]), words(&["°", "º", "ª"])),
            "en" => (
                phrases(&["per cent", "percent"]),
                words(&["st", "nd", "rd", "th"]),
            ),
            _ => (Vec::new(), Vec::new()),
        };
        let (decimal, group, months) = match crate::i18n::Format::new(lang) {
            Ok(format) => cldr_notation(&format),
            Err(_) => ('.', ',', Vec::new()),
        };
        Numerals {
            decimal,
            group,
            months,
            month_forms: Vec::new(),
            percent,
            ordinals,
        }
    }

    /// Every number, percentage and date written in `text`, in order.
    pub(crate) fn read(&self, text: &str) -> Vec<Found> {
        let tokens = self.tokens(text);
        let mut found = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            match self.value_at(&tokens, i) {
                Some((value, end)) => {
                    found.push(Found {
                        value,
                        range: tokens[i].range.start..tokens[end - 1].range.end,
                    });
                    i = end;
                }
                None => i += 1,
            }
        }
        found
    }

    /// `value` as this language writes it, so that [`Numerals::read`] reads it back.
    pub(crate) fn write(&self, value: &Value) -> String {
        let month = |m: u8| {
            self.months
                .get(usize::from(m).wrapping_sub(1))
                .cloned()
                .unwrap_or_else(|| format!("{m:02}"))
        };
        match value {
            Value::Number(n) => self.write_number(n),
            Value::Percent(n) => format!("{}%", self.write_number(n)),
            Value::Date {
                year,
                month: m,
                day,
            } => format!("{day} {} {year}", month(*m)),
            Value::DayMonth { month: m, day } => format!("{day} {}", month(*m)),
            Value::MonthYear { year, month: m } => format!("{} {year}", month(*m)),
        }
    }

    fn write_number(&self, canonical: &str) -> String {
        let (sign, digits) = match canonical.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", canonical),
        };
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let mut out = String::from(sign);
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 && int.len() > 4 {
                out.push(self.group);
            }
            out.push(c);
        }
        if !frac.is_empty() {
            out.push(self.decimal);
            out.push_str(frac);
        }
        out
    }

    fn month(&self, word: &str) -> Option<u8> {
        self.month_forms
            .iter()
            .find(|(form, _)| form == word)
            .map(|&(_, m)| m)
    }

    /// The value that starts at token `i`, and the index after its last token.
    fn value_at(&self, tokens: &[Token], i: usize) -> Option<(Value, usize)> {
        let next = |k: usize| tokens.get(k).map(|t| &t.kind);
        match &tokens[i].kind {
            Kind::Number(n) => {
                if let (Some(day), Some(Kind::Word(w))) = (n.day(), next(i + 1))
                    && let Some(month) = self.month(w)
                {
                    return Some(match next(i + 2) {
                        Some(Kind::Number(y)) if y.year().is_some() => (
                            Value::Date {
                                year: y.year()?,
                                month,
                                day,
                            },
                            i + 3,
                        ),
                        _ => (Value::DayMonth { month, day }, i + 2),
                    });
                }
                if let Some(end) = self.percent_after(tokens, i + 1) {
                    return Some((Value::Percent(n.canonical.clone()), end));
                }
                Some((Value::Number(n.canonical.clone()), i + 1))
            }
            Kind::Word(w) => {
                // Only a word beside a number can be a month of a date.
                if !matches!(next(i + 1), Some(Kind::Number(_))) {
                    return None;
                }
                let month = self.month(w)?;
                match next(i + 1) {
                    Some(Kind::Number(y)) if y.year().is_some() => Some((
                        Value::MonthYear {
                            year: y.year()?,
                            month,
                        },
                        i + 2,
                    )),
                    Some(Kind::Number(d)) if d.day().is_some() => {
                        // `June 16, 2025` or `June 16`.
                        let day = d.day()?;
                        let year_at = match next(i + 2) {
                            Some(Kind::Symbol(',')) => i + 3,
                            _ => i + 2,
                        };
                        match next(year_at) {
                            Some(Kind::Number(y)) if y.year().is_some() => Some((
                                Value::Date {
                                    year: y.year()?,
                                    month,
                                    day,
                                },
                                year_at + 1,
                            )),
                            _ => Some((Value::DayMonth { month, day }, i + 2)),
                        }
                    }
                    _ => None,
                }
            }
            Kind::Symbol(_) => None,
        }
    }

    /// The index after a percent sign or phrase starting at token `i`, if there is one.
    fn percent_after(&self, tokens: &[Token], i: usize) -> Option<usize> {
        if matches!(tokens.get(i).map(|t| &t.kind), Some(Kind::Symbol('%'))) {
            return Some(i + 1);
        }
        self.percent.iter().find_map(|phrase| {
            let all = phrase.iter().enumerate().all(|(k, word)| {
                matches!(tokens.get(i + k).map(|t| &t.kind), Some(Kind::Word(w)) if w.eq_ignore_ascii_case(word))
            });
            all.then_some(i + phrase.len())
        })
    }

    /// Numbers, words and symbols; white space separates them and is dropped.
    fn tokens<'t>(&self, text: &'t str) -> Vec<Token<'t>> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let end_of = |k: usize| chars.get(k).map_or(text.len(), |&(at, _)| at);
        let mut tokens = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let (at, c) = chars[i];
            if let Some((number, next)) = self.number(&chars, i) {
                tokens.push(Token {
                    kind: Kind::Number(number),
                    range: at..end_of(next),
                });
                i = next;
            } else if c.is_alphabetic() {
                let mut next = i + 1;
                while next < chars.len() && chars[next].1.is_alphabetic() {
                    next += 1;
                }
                tokens.push(Token {
                    kind: Kind::Word(&text[at..end_of(next)]),
                    range: at..end_of(next),
                });
                i = next;
            } else {
                if !c.is_whitespace() {
                    tokens.push(Token {
                        kind: Kind::Symbol(c),
                        range: at..end_of(i + 1),
                    });
                }
                i += 1;
            }
        }
        tokens
    }

    /// How many characters of an ordinal suffix (`th`, `°`) start at `chars[k]`.
    fn ordinal_suffix(&self, chars: &[(usize, char)], k: usize) -> usize {
        let at = |k: usize| chars.get(k).map(|&(_, c)| c);
        self.ordinals
            .iter()
            .map(|suffix| (suffix, suffix.chars().count()))
            .find(|(suffix, len)| {
                suffix
                    .chars()
                    .enumerate()
                    .all(|(d, s)| at(k + d) == Some(s))
                    && !at(k + len).is_some_and(char::is_alphanumeric)
            })
            .map_or(0, |(_, len)| len)
    }

    /// The number starting at `chars[i]`, if one does, and the index after it.
    fn number(&self, chars: &[(usize, char)], i: usize) -> Option<(Number, usize)> {
        let digit = |k: usize| chars.get(k).is_some_and(|(_, c)| c.is_ascii_digit());
        let at = |k: usize| chars.get(k).map(|&(_, c)| c);
        let mut k = i;
        // A minus sign counts only before a digit and after a space or an opening bracket:
        // `Covid-19` and `16-18` have none.
        let negative = matches!(at(k), Some('-' | '\u{2212}'))
            && digit(k + 1)
            && (k == 0 || at(k - 1).is_some_and(|p| p.is_whitespace() || p == '('));
        if negative {
            k += 1;
        }
        if !digit(k) {
            return None;
        }
        let mut int = String::new();
        while digit(k) {
            int.push(at(k)?);
            k += 1;
        }
        let mut grouped = false;
        if int.len() <= 3 {
            while at(k).is_some_and(|c| c == self.group || c == '\u{a0}' || c == '\u{202f}')
                && (1..=3).all(|d| digit(k + d))
                && !digit(k + 4)
            {
                int.extend((1..=3).filter_map(|d| at(k + d)));
                k += 4;
                grouped = true;
            }
        }
        let mut frac = String::new();
        if at(k) == Some(self.decimal) && digit(k + 1) {
            k += 1;
            while digit(k) {
                frac.push(at(k)?);
                k += 1;
            }
        }
        let plain = !negative && !grouped && frac.is_empty();
        let suffix = self.ordinal_suffix(chars, k);
        let ordinal = suffix > 0;
        k += suffix;
        let int = int.trim_start_matches('0');
        let frac = frac.trim_end_matches('0');
        let mut canonical = String::new();
        if negative && (!int.is_empty() || !frac.is_empty()) {
            canonical.push('-');
        }
        canonical.push_str(if int.is_empty() { "0" } else { int });
        if !frac.is_empty() {
            canonical.push('.');
            canonical.push_str(frac);
        }
        let digits = if plain { k - i } else { 0 };
        Some((
            Number {
                canonical,
                plain_digits: if ordinal { 0 } else { digits },
                ordinal,
            },
            k,
        ))
    }
}

struct Token<'t> {
    kind: Kind<'t>,
    range: Range<usize>,
}

enum Kind<'t> {
    Number(Number),
    Word(&'t str),
    Symbol(char),
}

struct Number {
    canonical: String,
    /// How many digits, for a bare integer (no sign, grouping, decimals or suffix); else 0.
    plain_digits: usize,
    ordinal: bool,
}

impl Number {
    /// The number as a day of the month: a bare integer 1..=31, or an ordinal (`1º`).
    fn day(&self) -> Option<u8> {
        let fits = matches!(self.plain_digits, 1 | 2) || self.ordinal;
        let day: u8 = self.canonical.parse().ok()?;
        (fits && (1..=31).contains(&day)).then_some(day)
    }

    /// The number as a year: a bare integer of four digits.
    fn year(&self) -> Option<i32> {
        (self.plain_digits == 4)
            .then(|| self.canonical.parse().ok())
            .flatten()
    }
}

impl fmt::Display for Value {
    /// The canonical form, the same in every language: `94.8`, `6%`, `2025-06-16`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Number(n) => write!(f, "{n}"),
            Value::Percent(n) => write!(f, "{n}%"),
            Value::Date { year, month, day } => write!(f, "{year}-{month:02}-{day:02}"),
            Value::DayMonth { month, day } => write!(f, "--{month:02}-{day:02}"),
            Value::MonthYear { year, month } => write!(f, "{year}-{month:02}"),
        }
    }
}

impl Value {
    /// What a message calls it.
    pub(crate) fn noun(&self) -> &'static str {
        match self {
            Value::Number(_) => "number",
            Value::Percent(_) => "percentage",
            Value::Date { .. } | Value::DayMonth { .. } | Value::MonthYear { .. } => "date",
        }
    }
}

#[cfg(test)]
mod tests;

/// The decimal and grouping separators and the month names (as a long date writes
/// them: `giugno`, `June`, `июня`) of a locale, read off its own formatting.
fn cldr_notation(format: &crate::i18n::Format) -> (char, char, Vec<String>) {
    // `1.234.567,5`, `1,234,567.5`, `1 234 567,5`: the character after the first digit
    // groups, the one before the last digit is the point.
    let sample: Vec<char> = format.number(1_234_567.5, 1).chars().collect();
    let group = sample.get(1).copied().unwrap_or(',');
    let decimal = sample.iter().rev().nth(1).copied().unwrap_or('.');
    let months = (1..=12)
        .map(|m| {
            let date = jiff::civil::date(2025, m, 10);
            // The longest run of letters: the month, not a `г.` or `de`.
            format
                .long_date(date)
                .split(|c: char| !c.is_alphabetic())
                .max_by_key(|w| w.chars().count())
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    (decimal, group, months)
}
