//! Reading numbers in each notation, writing them back, and what is not a number.

use super::*;

fn values(lang: &str, text: &str) -> Vec<String> {
    Numerals::of(lang)
        .read(text)
        .into_iter()
        .map(|f| f.value.to_string())
        .collect()
}

#[test]
fn italian_separators() {
    assert_eq!(values("it", "94,8 miliardi"), ["94.8"]);
    assert_eq!(values("it", "1.500 MW e 1.782,75 km"), ["1500", "1782.75"]);
    assert_eq!(values("it", "3.000.000 di abitanti."), ["3000000"]);
    // An English decimal point in Italian text is not a number of Italian: two numbers.
    assert_eq!(values("it", "2.5"), ["2", "5"]);
    assert_eq!(
        values("it", "nel 2024, poi 3, 4 e 5."),
        ["2024", "3", "4", "5"]
    );
}

#[test]
fn english_separators() {
    assert_eq!(values("en", "94.8 billion"), ["94.8"]);
    assert_eq!(
        values("en", "1,500 MW and 1,782.75 km"),
        ["1500", "1782.75"]
    );
    assert_eq!(values("en", "1.500"), ["1.5"]);
    assert_eq!(values("en", "in 2024, then 3,4"), ["2024", "3", "4"]);
    assert_eq!(values("en", "US$94.80bn"), ["94.8"]);
}

#[test]
fn the_same_figure_reads_the_same_in_both() {
    for (it, en) in [
        ("94,8", "94.8"),
        ("1.500 MW", "1,500 MW"),
        ("16 giugno 2025", "16 June 2025"),
        ("16 giugno 2025", "June 16, 2025"),
        ("dal 16 al 18 giugno", "from 16 to 18 June"),
        ("16–18 giugno 2025", "16–18 June 2025"),
        ("nel maggio 2023", "in May 2023"),
        ("il 6 per cento", "6 per cent"),
        ("il 6%", "6 percent"),
        ("Il 24° vertice", "The 24th summit"),
        ("1º luglio 2024", "1st July 2024"),
        ("Covid-19", "Covid-19"),
        ("−5,4", "−5.4"),
        ("1\u{a0}500", "1\u{202f}500"),
    ] {
        assert_eq!(values("it", it), values("en", en), "{it} / {en}");
    }
}

#[test]
fn dates_months_and_percentages() {
    assert_eq!(values("it", "Il 16 giugno 2025"), ["2025-06-16"]);
    assert_eq!(values("it", "Giugno 2025"), ["2025-06"]);
    assert_eq!(values("it", "il 3 e il 4 luglio"), ["3", "--07-04"]);
    assert_eq!(values("en", "on 3 and 4 July"), ["3", "--07-04"]);
    assert_eq!(values("en", "June 16"), ["--06-16"]);
    // `may` is a verb: English month names are capitalized.
    assert_eq!(values("en", "it may 2023 fall"), ["2023"]);
    assert_eq!(values("it", "6 per cento; 7 %"), ["6%", "7%"]);
    assert_eq!(values("en", "16 Junes 2025"), ["16", "2025"]);
    // A day past 31 or a number with decimals is not a day.
    assert_eq!(values("en", "32 June 2025"), ["32", "2025-06"]);
}

#[test]
fn signs_ranges_and_words() {
    assert_eq!(values("en", "94.8 − 5.4"), ["94.8", "5.4"]);
    assert_eq!(values("en", "(-3) and -0"), ["-3", "0"]);
    assert_eq!(
        values("en", "16-18, 2023–2024"),
        ["16", "18", "2023", "2024"]
    );
    assert_eq!(values("en", "two summits, G20"), ["20"]);
    assert_eq!(values("en", "007 and 1.50"), ["7", "1.5"]);
    assert!(values("en", "no digits here").is_empty());
}

#[test]
fn ranges_point_at_the_written_text() {
    let text = "Dal 16 giugno 2025: 1.500 MW";
    let found = Numerals::of("it").read(text);
    let written: Vec<&str> = found.iter().map(|f| &text[f.range.clone()]).collect();
    assert_eq!(written, ["16 giugno 2025", "1.500"]);
}

#[test]
fn every_cldr_language_reads_its_own_notation() {
    // Separators and month names come from CLDR: Russian groups with a no-break space,
    // writes the point as a comma, and names the month in the genitive.
    assert_eq!(
        values("ru", "1\u{a0}500,5 и 16 июня 2025"),
        ["1500.5", "2025-06-16"]
    );
    // A language CLDR does not know reads digits as the root locale writes them.
    assert_eq!(
        values("zz", "1,500.5 on 16 June 2025"),
        ["1500.5", "16", "2025"]
    );
}

#[test]
fn what_is_written_reads_back() {
    for lang in ["it", "en", "ru"] {
        let numerals = Numerals::of(lang);
        for value in [
            Value::Number("94.8".into()),
            Value::Number("1500".into()),
            Value::Number("15000".into()),
            Value::Number("-1782.75".into()),
            Value::Percent("6".into()),
            Value::Date {
                year: 2025,
                month: 6,
                day: 16,
            },
            Value::MonthYear {
                year: 2023,
                month: 5,
            },
            Value::DayMonth { month: 7, day: 4 },
        ] {
            let written = numerals.write(&value);
            if lang == "ru" && !matches!(value, Value::Number(_) | Value::Percent(_)) {
                continue;
            }
            let read: Vec<Value> = numerals
                .read(&written)
                .into_iter()
                .map(|f| f.value)
                .collect();
            assert_eq!(read, std::slice::from_ref(&value), "{lang}: {written}");
        }
    }
    assert_eq!(
        Numerals::of("it").write(&Value::Number("15000.5".into())),
        "15.000,5"
    );
    assert_eq!(
        Numerals::of("en").write(&Value::Number("1500".into())),
        "1500"
    );
}
