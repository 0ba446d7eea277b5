//! What an input file is: its text encoding and the language it is written in.

use crate::config::Config;
use whatlang::Lang;

/// The text of `bytes` and how it was encoded. UTF-8 (with or without a BOM) is
/// read as is, UTF-16 with a BOM converted, and anything else read as Windows-1252
/// (the superset of Latin-1 editors' tools write) unless that gives control characters.
pub(super) fn decode(bytes: &[u8]) -> Result<(String, &'static str), String> {
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        match std::str::from_utf8(rest) {
            Ok(text) => (text.to_string(), "UTF-8"),
            Err(_) => return Err("the file starts like UTF-8 but is not valid UTF-8".into()),
        }
    } else if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
        if had_errors {
            return Err(format!("the file is not valid {}", encoding.name()));
        }
        (text.into_owned(), "converted from UTF-16")
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        (text.to_string(), "UTF-8")
    } else {
        let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
        (text.into_owned(), "converted from Windows-1252 (Latin-1)")
    };
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    if controls > 0 {
        return Err(format!(
            "the file holds {controls} control characters: it is not plain text in an encoding import knows (UTF-8, UTF-16, Latin-1)"
        ));
    }
    Ok((text.replace("\r\n", "\n").replace('\r', "\n"), encoding))
}

fn site_lang(code: &str) -> Option<Lang> {
    match code {
        "it" => Some(Lang::Ita),
        "en" => Some(Lang::Eng),
        _ => None,
    }
}

/// The article's language: `--lang`, checked against the text when the text is
/// clear, or the site language the text is written in.
pub(super) fn language(
    text: &str,
    flag: Option<&str>,
    config: &Config,
) -> Result<(Lang, String, String), (String, String)> {
    let detected = whatlang::detect(text).filter(|info| info.is_reliable());
    if let Some(code) = flag {
        let lang = site_lang(code).ok_or_else(|| {
            (
                format!("import cannot read `{code}` articles"),
                "use --lang it or --lang en".to_string(),
            )
        })?;
        if let Some(info) = detected
            && info.lang() != lang
        {
            return Err((
                format!(
                    "the text reads as {}, but --lang {code} was given",
                    info.lang().eng_name()
                ),
                "check the file, or leave out --lang to detect the language".into(),
            ));
        }
        return Ok((lang, code.to_string(), "from --lang".into()));
    }
    let site: Vec<(Lang, &str)> = config
        .codes()
        .filter_map(|c| site_lang(c).map(|l| (l, c)))
        .collect();
    if let Some(info) = &detected {
        return match site.iter().find(|(l, _)| *l == info.lang()) {
            Some((lang, code)) => Ok((
                *lang,
                code.to_string(),
                format!("detected: {}", lang.eng_name()),
            )),
            None => Err((
                format!(
                    "the text reads as {}, not a language of the site",
                    info.lang().eng_name()
                ),
                format!(
                    "import articles in {}; pass --lang if the detection is wrong",
                    site.iter()
                        .map(|(_, c)| *c)
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            )),
        };
    }
    let guess = whatlang::Detector::with_allowlist(site.iter().map(|(l, _)| *l).collect())
        .detect_lang(text);
    match site.iter().find(|(l, _)| Some(*l) == guess) {
        Some((lang, code)) => Ok((
            *lang,
            code.to_string(),
            format!("guessed: {}; pass --lang if it is wrong", lang.eng_name()),
        )),
        None => Err((
            "cannot tell the language of the text".into(),
            "pass --lang it or --lang en".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_is_converted_and_binary_refused() {
        let (text, how) = decode(b"Citt\xe0 e perch\xe9\r\nriga").unwrap();
        assert_eq!(text, "Città e perché\nriga");
        assert!(how.contains("Windows-1252"));
        let (text, how) = decode("\u{feff}già".as_bytes()).unwrap();
        assert_eq!((text.as_str(), how), ("già", "UTF-8"));
        let (text, _) = decode(b"\xff\xfeg\x00i\x00\xe0\x00").unwrap();
        assert_eq!(text, "già");
        assert!(decode(b"\x00\x01\x02binary\x00").is_err());
    }
}
