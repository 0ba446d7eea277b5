//! Unit tests for slugs and the choice of date.

use super::*;
use whatlang::Lang;

#[test]
fn slugs_are_cut_at_a_word() {
    let slug = slug_for(
        "Secondo vertice in Kazakistan: la Cina e l'Asia centrale rafforzano la partnership",
        Path::new("x.txt"),
    );
    assert!(slug.len() <= 60, "{slug}");
    assert_eq!(
        slug,
        "secondo-vertice-in-kazakistan-la-cina-e-l-asia-centrale"
    );
    assert_eq!(slug_for("!!!", Path::new("Mio file.txt")), "mio-file");
}

#[test]
fn dates_prefer_flag_then_publication_then_full_then_partial_then_today() {
    let today = jiff::civil::date(2026, 3, 1);
    let art = |text: &str| article::read(text, Lang::Ita).unwrap();
    let a = art("Titolo\n\nIl 3 luglio e poi il 16 giugno 2025 a Astana.\n");
    assert_eq!(
        choose_date(&a, None, today).date,
        jiff::civil::date(2025, 6, 16)
    );
    let flag = jiff::civil::date(2024, 1, 2);
    assert_eq!(choose_date(&a, Some(flag), today).date, flag);
    let a = art("Titolo\n\nIl vertice si tiene il 3 luglio ad Astana.\n");
    let Dated { date, how: why, .. } = choose_date(&a, None, today);
    assert_eq!(date, jiff::civil::date(2025, 7, 3));
    assert!(why.contains("guess"), "{why}");
    let a = art("Titolo\n\nNessuna data qui.\n");
    assert_eq!(choose_date(&a, None, today).date, today);
    let a = art("Titolo\n\nPubblicato il 2 maggio 2024\n\nIl 16 giugno 2025.\n");
    assert_eq!(
        choose_date(&a, None, today).date,
        jiff::civil::date(2024, 5, 2)
    );
}

#[test]
fn convert_gives_the_dry_run_markdown_and_report_or_a_clear_refusal() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
    let config = Config::load(&fixture).unwrap_or_else(|_| panic!("the fixture loads"));
    let text = "Vertice ad Astana\n\nIl 16 giugno 2025 i presidenti si riuniscono ad Astana, in Kazakistan, per parlare di commercio.\n";
    let (markdown, report) =
        convert(Path::new("a.txt"), text.as_bytes(), &config, Some("it")).unwrap();
    assert!(markdown.starts_with("---\n"), "{markdown}");
    assert!(markdown.contains("date: 2025-06-16"), "{markdown}");
    assert!(report.contains("a.txt"), "{report}");
    let refused = convert(Path::new("b.bin"), b"\x00\x01\x02", &config, None).unwrap_err();
    assert!(refused.to_string().contains("b.bin"), "{refused}");
}
