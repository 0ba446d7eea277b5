//! Dates, numbers, plural forms and the sort order of names of each locale, from CLDR
//! through ICU4X's compiled data.

use icu_calendar::{Date as IcuDate, Gregorian};
use icu_collator::{Collator, CollatorBorrowed, options::CollatorOptions};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::YMD;
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRuleType, PluralRules};
use jiff::civil::Date;
use std::str::FromStr;

/// The formatters of one locale, made once per language and shared by every page.
pub struct Format {
    locale: String,
    dates: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    numbers: DecimalFormatter,
    plurals: PluralRules,
    collator: CollatorBorrowed<'static>,
}

impl std::fmt::Debug for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Format({})", self.locale)
    }
}

/// Why a locale cannot be used.
#[derive(Debug, PartialEq, Eq)]
pub enum LocaleError {
    /// Not a BCP 47 tag.
    Invalid,
    /// A well-formed tag CLDR has no data for in this binary.
    Unsupported,
}

impl Format {
    /// The formatters of `tag` (`it`, `en-GB`, `ru`). A tag whose language the
    /// compiled CLDR data does not know is refused, rather than silently written
    /// with the root locale's `2025 M06 16`.
    pub fn new(tag: &str) -> Result<Format, LocaleError> {
        let locale = Locale::from_str(tag).map_err(|_| LocaleError::Invalid)?;
        if !supported(&locale) {
            return Err(LocaleError::Unsupported);
        }
        let dates = FixedCalendarDateTimeFormatter::try_new((&locale).into(), YMD::long())
            .map_err(|_| LocaleError::Unsupported)?;
        let numbers = DecimalFormatter::try_new((&locale).into(), Default::default())
            .map_err(|_| LocaleError::Unsupported)?;
        let plurals = PluralRules::try_new((&locale).into(), PluralRuleType::Cardinal.into())
            .map_err(|_| LocaleError::Unsupported)?;
        let collator = Collator::try_new((&locale).into(), CollatorOptions::default())
            .map_err(|_| LocaleError::Unsupported)?;
        Ok(Format {
            locale: tag.to_string(),
            dates,
            numbers,
            plurals,
            collator,
        })
    }

    /// `16 giugno 2025`, `16 June 2025` (en-GB), `16 июня 2025 г.`.
    pub fn long_date(&self, date: Date) -> String {
        match IcuDate::try_new_gregorian(
            i32::from(date.year()),
            date.month() as u8,
            date.day() as u8,
        ) {
            Ok(d) => self.dates.format(&d).to_string(),
            // jiff dates are always valid Gregorian dates; keep ISO if ICU ever disagrees.
            Err(_) => date.to_string(),
        }
    }

    /// `94,8` / `94.8`, grouped as the locale groups (`1.500`, `1,500`, `1 500`);
    /// at most `decimals` fraction digits, trailing zeros dropped.
    pub fn number(&self, value: f64, decimals: usize) -> String {
        if !value.is_finite() {
            return value.to_string();
        }
        let mut text = format!("{value:.decimals$}");
        if text.contains('.') {
            text.truncate(text.trim_end_matches('0').trim_end_matches('.').len());
        }
        if text == "-0" {
            text = "0".into();
        }
        match Decimal::from_str(&text) {
            Ok(decimal) => self.numbers.format(&decimal).to_string(),
            Err(_) => text,
        }
    }

    /// How two names sort in this language (CLDR collation: `Kazakistan` before
    /// `Kirghizistan`, `Čína` with the Cs, case and accents second).
    pub fn compare(&self, a: &str, b: &str) -> std::cmp::Ordering {
        self.collator.compare(a, b).then_with(|| a.cmp(b))
    }

    /// The CLDR plural category of `n`: `one`, `few`, `many`, `other`...
    pub fn plural(&self, n: u64) -> &'static str {
        category_name(self.plurals.category_for(n))
    }

    /// The categories this locale's cardinal rules give the counts 0 to 1000, in CLDR
    /// order, `other` always: the forms a count of pages or results can take. (Italian
    /// and French have a `many` for exact millions only, which needs no form of its
    /// own: a missing form falls back to `other`.)
    pub fn plural_categories(&self) -> Vec<&'static str> {
        let mut used: Vec<&'static str> = (0..=1000u64).map(|n| self.plural(n)).collect();
        used.push("other");
        PLURAL_CATEGORIES
            .iter()
            .copied()
            .filter(|c| used.contains(c))
            .collect()
    }
}

/// Every CLDR plural category, in CLDR's order.
pub const PLURAL_CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

fn category_name(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// Whether the compiled data knows the language of `locale` itself: its long date
/// differs from the root locale's (`2025 M06 16`), which is what any language whose
/// dates CLDR has, and only such a language, writes.
fn supported(locale: &Locale) -> bool {
    let probe = |l: &Locale| {
        FixedCalendarDateTimeFormatter::<Gregorian, _>::try_new(l.into(), YMD::long())
            .ok()
            .and_then(|f| {
                IcuDate::try_new_gregorian(2025, 6, 16)
                    .ok()
                    .map(|d| f.format(&d).to_string())
            })
    };
    let root = probe(&Locale::UNKNOWN);
    probe(locale).is_some_and(|text| Some(&text) != root.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(tag: &str) -> Format {
        Format::new(tag).unwrap_or_else(|e| panic!("{tag}: {e:?}"))
    }

    #[test]
    fn names_sort_by_the_language_s_collation() {
        let sort = |tag: &str, names: &[&'static str]| -> Vec<&'static str> {
            let f = format(tag);
            let mut v = names.to_vec();
            v.sort_by(|a, b| f.compare(a, b));
            v
        };
        // Italian names, not their English keys: commercio < diplomazia < energia.
        assert_eq!(
            sort(
                "it",
                &["Salute", "Commercio", "energia", "Diplomazia", "Èra"]
            ),
            ["Commercio", "Diplomazia", "energia", "Èra", "Salute"]
        );
        // Swedish sorts Ö after Z; English with O.
        assert_eq!(
            sort("sv", &["Öland", "Zeta", "Oslo"]),
            ["Oslo", "Zeta", "Öland"]
        );
        assert_eq!(
            sort("en", &["Öland", "Zeta", "Oslo"]),
            ["Öland", "Oslo", "Zeta"]
        );
    }

    #[test]
    fn dates_follow_the_locale() {
        let d = Date::new(2025, 6, 16).unwrap();
        assert_eq!(format("it").long_date(d), "16 giugno 2025");
        assert_eq!(format("en-GB").long_date(d), "16 June 2025");
        assert_eq!(format("en").long_date(d), "June 16, 2025");
        // CLDR puts a narrow no-break space before the abbreviation of "year".
        assert_eq!(format("ru").long_date(d), "16 июня 2025\u{202f}г.");
        assert_eq!(
            format("it-IT").long_date(Date::new(2024, 7, 1).unwrap()),
            "1 luglio 2024"
        );
    }

    #[test]
    fn numbers_follow_the_locale() {
        assert_eq!(format("it").number(94.8, 1), "94,8");
        assert_eq!(format("en-GB").number(94.8, 1), "94.8");
        assert_eq!(format("en").number(15000.0, 1), "15,000");
        assert_eq!(format("it").number(15000.0, 1), "15.000");
        assert_eq!(format("en").number(1782.75, 2), "1,782.75");
        assert_eq!(format("en").number(-3.0, 0), "-3");
        assert_eq!(format("en").number(2.0, 2), "2");
        assert_eq!(format("ru").number(1500.5, 1), "1\u{a0}500,5");
    }

    #[test]
    fn plural_categories_follow_the_language() {
        let ru = format("ru");
        let got: Vec<&str> = [1, 2, 5, 21, 22, 25, 11]
            .iter()
            .map(|&n| ru.plural(n))
            .collect();
        assert_eq!(got, ["one", "few", "many", "one", "few", "many", "many"]);
        assert_eq!(ru.plural_categories(), ["one", "few", "many", "other"]);
        let it = format("it");
        assert_eq!((it.plural(1), it.plural(2)), ("one", "other"));
        assert_eq!(it.plural_categories(), ["one", "other"]);
    }

    #[test]
    fn unknown_and_malformed_locales_are_refused() {
        assert_eq!(Format::new("zz").unwrap_err(), LocaleError::Unsupported);
        assert_eq!(Format::new("xx-YY").unwrap_err(), LocaleError::Unsupported);
        assert_eq!(
            Format::new("not a locale").unwrap_err(),
            LocaleError::Invalid
        );
        assert!(Format::new("ru-RU").is_ok());
        assert!(Format::new("kk").is_ok());
    }
}
