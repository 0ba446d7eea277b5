//! Unit tests for reading articles: noise, paragraphs, headings, summaries.

use super::body::{is_heading, sentences};
use super::*;

const NOISY: &str = "\
Accordo sul gas tra Cina e Turkmenistan

Trasparenza: testo redatto e verificato dalla redazione.
Pubblicato il

Pechino e Ashgabat firmano un'intesa per ampliare il gasdotto. L'accordo vale vent'anni.

Peking und Aschgabat unterzeichnen ein Abkommen über den Ausbau der Gaspipeline nach China.
Pechino e Ashgabat firmano un'intesa per ampliare il gasdotto. L'accordo vale vent'anni.
Accordo sul gas tra Cina e Turkmenistan

Il 12 marzo 2025 i due governi hanno firmato l'accordo ad Ashgabat, come Xinhua riportato.

Le cifre dell'intesa

La quarta linea del gasdotto porterà altro gas verso la Cina. Questo riporta ots.at.

Leggi anche:

Foto: un tratto del gasdotto. Credito fotografico: Archivio CNPC
Quellen:
";

fn fates(article: &Article) -> Vec<(usize, String)> {
    article
        .notes
        .iter()
        .map(|n| (n.line, n.fate.describe()))
        .collect()
}

#[test]
fn every_kind_of_noise_is_accounted_for() {
    let a = read(NOISY, Lang::Ita).unwrap();
    assert_eq!(
        a.title,
        (1, "Accordo sul gas tra Cina e Turkmenistan".into())
    );
    assert_eq!(
        a.summary,
        "Pechino e Ashgabat firmano un'intesa per ampliare il gasdotto. L'accordo vale vent'anni."
    );
    assert_eq!(
        fates(&a),
        vec![
            (1, "headline -> title".into()),
            (3, "boilerplate (transparency note)".into()),
            (4, "boilerplate (publication line without a date)".into()),
            (6, "standfirst -> summary".into()),
            (8, "other language (German)".into()),
            (9, "repeated standfirst".into()),
            (10, "repeated headline".into()),
            (18, "boilerplate (\"read also\" link)".into()),
            (20, "photo credit -> sources: Archivio CNPC".into()),
            (21, "empty sources trailer".into()),
        ]
    );
    assert_eq!(
            a.blocks,
            vec![
                Block::Paragraph(vec![(12, "Il 12 marzo 2025 i due governi hanno firmato l'accordo ad Ashgabat, come Xinhua riportato.".into())]),
                Block::Heading(14, "Le cifre dell'intesa".into()),
                Block::Paragraph(vec![(16, "La quarta linea del gasdotto porterà altro gas verso la Cina. Questo riporta ots.at.".into())]),
            ]
        );
    let names: Vec<&str> = a.sources.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Xinhua", "ots.at", "Archivio CNPC"]);
    assert_eq!(a.dates[0].1.text, "12 marzo 2025");
}

#[test]
fn sources_lists_and_dated_publication_lines() {
    let text = "Titolo\n\nPubblicato il 2 maggio 2024\n\nUn paragrafo lungo. Con due frasi.\n\nFonti:\n- Xinhua, https://xinhua.example/a\n- ots.at\n";
    let a = read(text, Lang::Ita).unwrap();
    assert_eq!(
        a.published.as_ref().map(|(l, f)| (*l, f.text.as_str())),
        Some((3, "2 maggio 2024"))
    );
    let sources: Vec<(&str, Option<&str>)> = a
        .sources
        .iter()
        .map(|s| (s.name.as_str(), s.url.as_deref()))
        .collect();
    assert_eq!(
        sources,
        [
            ("Xinhua", Some("https://xinhua.example/a")),
            ("ots.at", None)
        ]
    );
    // Only one paragraph: it stays in the body; the summary copies its first sentences.
    assert_eq!(a.summary_from, SummaryFrom::FirstSentences(5));
    assert_eq!(a.blocks.len(), 1);
}

#[test]
fn paragraphs_and_headings() {
    let text = "Titolo\n\nprima riga di un testo\nandato a capo a mano\ne finito qui.\n\nSotto-titolo\nUna frase intera.\nUn'altra frase, su un'altra riga, abbastanza lunga da non sembrare un testo spezzato a mano dal redattore.\n";
    let a = read(text, Lang::Ita).unwrap();
    // The hard-wrapped first paragraph is one paragraph, and short: the standfirst.
    assert_eq!(a.summary_from, SummaryFrom::Standfirst(vec![3, 4, 5]));
    assert_eq!(a.blocks.len(), 3, "{:?}", a.blocks);
    assert_eq!(a.blocks[0], Block::Heading(7, "Sotto-titolo".into()));
    assert!(matches!(&a.blocks[1], Block::Paragraph(l) if l.len() == 1));
    assert!(matches!(&a.blocks[2], Block::Paragraph(l) if l.len() == 1));
}

#[test]
fn headings_are_short_and_unpunctuated() {
    assert!(is_heading("cooperazione economica nella regione"));
    assert!(is_heading("Vantaggio reciproco e cooperazione win-win"));
    assert!(!is_heading("Leggi anche:"));
    assert!(!is_heading("Una frase."));
    assert!(!is_heading("- una voce di elenco"));
    assert!(!is_heading("1. una voce"));
    assert!(!is_heading("2025"));
}

#[test]
fn empty_text_is_none() {
    assert!(read("\n  \n", Lang::Ita).is_none());
}

#[test]
fn sentences_split_on_capitals() {
    assert_eq!(
        sentences("Il 1.500 MW. Poi altro! E infine? no."),
        vec!["Il 1.500 MW.", "Poi altro!", "E infine? no."]
    );
}
