//! Escaping text for the HTML, SVG and XML that Rust writes by hand (pictures, charts,
//! maps, the translation desk, share cards), where Tera's autoescape does not reach.

/// `text` safe inside an element or a quoted attribute.
pub(crate) fn escape(text: &str) -> String {
    escaped(text, "&#39;")
}

/// `text` for an XML document read by a strict parser (a share card's SVG, which resvg
/// parses): as [`escape`], with the apostrophe as `&apos;`, and without the control
/// characters XML 1.0 does not allow at all (tab and line breaks stay).
pub(crate) fn escape_xml(text: &str) -> String {
    let allowed = |c: &char| !c.is_control() || matches!(c, '\t' | '\n' | '\r');
    if text.chars().all(|c| allowed(&c)) {
        escaped(text, "&apos;")
    } else {
        escaped(&text.chars().filter(allowed).collect::<String>(), "&apos;")
    }
}

fn escaped(text: &str, apostrophe: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str(apostrophe),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_markup_character_is_escaped_and_the_rest_kept() {
        assert_eq!(
            super::escape(r#"<a href="x">Xi & l'Asia</a> – ok"#),
            "&lt;a href=&quot;x&quot;&gt;Xi &amp; l&#39;Asia&lt;/a&gt; – ok"
        );
        // HTML keeps what XML forbids: a page shows it as it is.
        assert_eq!(super::escape("a\u{1}b"), "a\u{1}b");
    }

    #[test]
    fn xml_text_names_the_apostrophe_and_drops_control_characters() {
        assert_eq!(
            super::escape_xml("a<b & \"c\" l'Asia\u{1}\u{7f}\tz\n"),
            "a&lt;b &amp; &quot;c&quot; l&apos;Asia\tz\n"
        );
        assert_eq!(super::escape_xml("Xi & l'Asia"), "Xi &amp; l&apos;Asia");
    }
}
