//! Unit tests for the line classifiers.

use super::*;
use whatlang::Lang;

#[test]
fn boilerplate_lines() {
    for (line, kind) in [
        ("Leggi anche:", Boilerplate::ReadAlso),
        (
            "Leggi anche: Il gas turkmeno verso est",
            Boilerplate::ReadAlso,
        ),
        ("Lesen Sie auch", Boilerplate::ReadAlso),
        (
            "Transparenz: Redaktionell erstellt und geprüft.",
            Boilerplate::Transparency,
        ),
        ("Trasparenza: testo verificato", Boilerplate::Transparency),
        ("Veröffentlicht am", Boilerplate::UndatedPublication),
        ("Pubblicato il", Boilerplate::UndatedPublication),
        ("Tutti i diritti riservati.", Boilerplate::ShareOrCopyright),
        ("* * *", Boilerplate::Separator),
        ("-----", Boilerplate::Separator),
    ] {
        assert_eq!(classify(line), Line::Boilerplate(kind), "{line}");
    }
}

#[test]
fn text_that_only_looks_like_boilerplate_is_text() {
    for line in [
        "Leggi anche il rapporto della banca, che conferma i dati.",
        "Pubblicato il rapporto annuale sulla cooperazione economica tra Cina e Kazakistan, che conferma la crescita.",
        "Fonte di energia rinnovabile",
        "Supporto politico",
        "Foto e video del vertice sono stati diffusi dalla presidenza kazaka nel corso della giornata.",
    ] {
        assert_eq!(classify(line), Line::Text, "{line}");
    }
}

#[test]
fn dated_publication_lines_give_the_date() {
    match classify("Pubblicato il 3 luglio 2024") {
        Line::Published(found) => assert_eq!(found.text, "3 luglio 2024"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn sources_labels() {
    assert_eq!(classify("Quellen:"), Line::SourcesLabel(vec![]));
    assert_eq!(classify("Fonti"), Line::SourcesLabel(vec![]));
    assert_eq!(
        classify("Fonti: Xinhua, ots.at."),
        Line::SourcesLabel(vec!["Xinhua".into(), "ots.at".into()])
    );
}

#[test]
fn photo_credits_keep_holder_and_caption() {
    assert_eq!(
        classify(
            "Foto copertina: Xi incontra Tokayev a Pechino nel 2023. Credito fotografico: Akorda"
        ),
        Line::PhotoCredit {
            holder: "Akorda".into(),
            caption: Some("Xi incontra Tokayev a Pechino nel 2023.".into())
        }
    );
    assert_eq!(
        classify("Foto: Reuters/Mario Rossi"),
        Line::PhotoCredit {
            holder: "Reuters/Mario Rossi".into(),
            caption: None
        }
    );
    assert_eq!(
        classify("© Ufficio stampa"),
        Line::PhotoCredit {
            holder: "Ufficio stampa".into(),
            caption: None
        }
    );
}

#[test]
fn attributions_are_found_in_sentences() {
    assert_eq!(
        attributions("Il vertice è importante. Questo riporta ots.at."),
        vec!["ots.at"]
    );
    assert_eq!(
        attributions("la cooperazione nella prevenzione, come China.org.cn riportato."),
        vec!["China.org.cn"]
    );
    assert_eq!(
        attributions("Lo ha detto Wang, come riportato da l'agenzia Xinhua, ieri."),
        vec!["Xinhua"]
    );
    assert_eq!(
        attributions("The deal was signed, reports Radio Free Europe."),
        vec!["Radio Free Europe"]
    );
    assert!(attributions("Il giornale riporta la notizia senza commenti.").is_empty());
    assert!(attributions("come previsto riportato nella tabella").is_empty());
}

#[test]
fn a_line_that_only_attributes_is_an_attribution() {
    assert_eq!(
        classify("Questo riporta ots.at."),
        Line::Attribution("ots.at".into())
    );
    assert_eq!(
        classify("Xi ha incontrato Tokayev, riporta Xinhua."),
        Line::Text
    );
}

#[test]
fn other_languages_only_with_confidence() {
    let ita = Lang::Ita;
    assert_eq!(
        other_language(
            "Xi Jinping nimmt am 2. Gipfeltreffen zwischen China und Zentralasien in Kasachstan teil, um die Partnerschaft zu stärken.",
            ita
        ),
        Some(Lang::Deu)
    );
    assert_eq!(
        other_language("Sign up for our newsletter to get the latest news.", ita),
        Some(Lang::Eng)
    );
    assert_eq!(
        other_language("The summit will take place in Astana next week.", ita),
        Some(Lang::Eng)
    );
    assert_eq!(
        other_language(
            "Tashkent e Pechino hanno firmato un accordo per un parco solare vicino a Samarcanda, destinato a duecentomila famiglie.",
            Lang::Eng
        ),
        Some(Lang::Ita)
    );
    for line in [
        "Supporto politico",
        "La quarta linea del gasdotto porterà altro gas verso la Cina. Questo riporta ots.at.",
        "La Cina è pronta a investire.",
        "Belt and Road Initiative",
        "Kassym-Jomart Tokayev, Xi Jinping, Shavkat Mirziyoyev",
        "Kassym-Jomart Tokayev, Xi Jinping, Shavkat Mirziyoyev, Sadyr Japarov, Emomali Rahmon",
        "Belt and Road Initiative and the China-Europe Railway Express",
        "Il China-Europe Railway Express e la Trans-Caspian International Transport Route sono priorità.",
        "Il presidente ha detto: \"We are ready for a new era of cooperation with all our partners\".",
        "Vantaggio reciproco e cooperazione win-win",
    ] {
        assert_eq!(other_language(line, ita), None, "{line}");
    }
}
