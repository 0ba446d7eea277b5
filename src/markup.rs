//! Escaping text for the HTML, SVG and XML that Rust writes by hand (pictures, charts,
//! maps, the translation desk), where Tera's autoescape does not reach.

/// `text` safe inside an element or a quoted attribute.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
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
    }
}
