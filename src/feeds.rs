//! One Atom 1.0 feed per language, written with quick-xml so escaping is correct by construction.

use crate::feed_style;
use crate::site::{Route, Site};
use crate::urls::absolute;
use quick_xml::Writer;
use quick_xml::events::BytesText;
use std::io::Cursor;

/// How many of the newest briefings a feed carries.
const FEED_ENTRIES: usize = 20;

/// The date of every entry id's tag (RFC 4151 section 2.1): fixed, so that an id never
/// changes while the host stays the same.
const TAG_DATE: &str = "2025";

/// The Atom id of a document: a `tag:` URI (RFC 4151) from the host and path of
/// `base_url`, a fixed date, and the document's section, NAME and language, never its
/// URL: `tag:example.org,2025:sub/briefings/astana-summit.en`. A new slug keeps it.
pub fn entry_id(base_url: &str, section: &str, name: &str, lang: &str) -> String {
    let after_scheme = base_url.find("://").map_or(0, |i| i + 3);
    let authority = base_url[after_scheme..]
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    // A port is no part of a DNS name; an IPv6 literal keeps its brackets' content.
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default().to_string(),
        None => host.split(':').next().unwrap_or_default().to_string(),
    };
    let base = crate::aliases::base_path(base_url).trim_start_matches('/');
    let specific = if base.is_empty() {
        format!("{section}/{name}.{lang}")
    } else {
        format!("{base}/{section}/{name}.{lang}")
    };
    format!(
        "tag:{},{TAG_DATE}:{}",
        escape(&host.to_ascii_lowercase()),
        escape(&specific)
    )
}

/// `text` with every byte outside the unreserved characters and `/` percent-encoded.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn rfc3339(date: jiff::civil::Date) -> String {
    format!("{date}T00:00:00Z")
}

/// The Atom feed of `lang`, for `lang/feed.xml`.
pub fn atom(site: &Site, lang: &str) -> anyhow::Result<Vec<u8>> {
    let config = site.config;
    let language = config.language(lang);
    let entries: Vec<usize> = site.feed[lang].iter().copied().take(FEED_ENTRIES).collect();
    let newest = |i: usize| {
        let m = &site.documents[i].meta;
        m.updated.unwrap_or(m.date).max(m.date)
    };
    // The feed changes when its newest entry does, so the output stays deterministic.
    let updated = entries
        .iter()
        .map(|&i| newest(i))
        .max()
        .unwrap_or(jiff::civil::date(2000, 1, 1));
    let home = absolute(&config.base_url, &site.path(lang, Route::Home));
    let self_url = format!("{}/{lang}/feed.xml", config.base_url);

    let mut writer = Writer::new_with_indent(Cursor::new(Vec::new()), b' ', 2);
    writer.write_event(quick_xml::events::Event::Decl(
        quick_xml::events::BytesDecl::new("1.0", Some("utf-8"), None),
    ))?;
    // Browsers show the feed through this stylesheet; feed readers ignore it.
    writer.write_event(quick_xml::events::Event::PI(
        quick_xml::events::BytesPI::new(format!("xml-stylesheet {}", feed_style::instruction())),
    ))?;
    writer
        .create_element("feed")
        .with_attributes([("xmlns", "http://www.w3.org/2005/Atom"), ("xml:lang", lang)])
        .write_inner_content(|w| {
            text(w, "id", &home)?;
            text(w, "title", &language.title)?;
            text(w, "subtitle", &language.description)?;
            text(w, "updated", &rfc3339(updated))?;
            w.create_element("link")
                .with_attributes([
                    ("rel", "self"),
                    ("type", "application/atom+xml"),
                    ("href", self_url.as_str()),
                ])
                .write_empty()?;
            w.create_element("link")
                .with_attributes([
                    ("rel", "alternate"),
                    ("type", "text/html"),
                    ("href", home.as_str()),
                ])
                .write_empty()?;
            w.create_element("author")
                .write_inner_content(|a| text(a, "name", &language.title))?;
            w.create_element("generator")
                .write_text_content(BytesText::new("briefing"))?;
            for &i in &entries {
                let d = &site.documents[i];
                let url = absolute(&config.base_url, &site.paths[i]);
                // `xml:base` makes any relative URL left in the content resolve against
                // the entry's page, not against the feed's own URL (RFC 4287 section 2).
                w.create_element("entry")
                    .with_attribute(("xml:base", url.as_str()))
                    .write_inner_content(|e| {
                        text(
                            e,
                            "id",
                            &entry_id(&config.base_url, &d.section, &d.name, lang),
                        )?;
                        text(e, "title", &d.meta.title)?;
                        text(e, "published", &rfc3339(d.meta.date))?;
                        text(e, "updated", &rfc3339(newest(i)))?;
                        e.create_element("link")
                            .with_attributes([
                                ("rel", "alternate"),
                                ("type", "text/html"),
                                ("href", url.as_str()),
                            ])
                            .write_empty()?;
                        for author in &d.meta.authors {
                            if let Some(name) = config.authors.get(author).and_then(|n| n.get(lang))
                            {
                                e.create_element("author")
                                    .write_inner_content(|a| text(a, "name", name))?;
                            }
                        }
                        for tax in &config.taxonomies {
                            let keys = d.meta.terms_of(&tax.key);
                            for term in tax.terms.iter().filter(|term| keys.contains(&term.key)) {
                                e.create_element("category")
                                    .with_attributes([
                                        ("term", term.key.as_str()),
                                        ("label", term.names[lang].name.as_str()),
                                    ])
                                    .write_empty()?;
                            }
                        }
                        text(e, "summary", &d.meta.summary)?;
                        e.create_element("content")
                            .with_attribute(("type", "html"))
                            .write_text_content(BytesText::new(&absolutize(
                                &site.body_html(i),
                                &url,
                            )))?;
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
    let mut bytes = writer.into_inner().into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

/// `LANG/feed.xsl`: the stylesheet of the feed of `lang`, in that language.
pub fn stylesheet(site: &Site, lang: &str) -> Vec<u8> {
    let t = &site.config.ui[lang];
    let word = |key: &str| t.get(key);
    let words = feed_style::Words {
        kicker: word("feed_kicker"),
        about: word("feed_about"),
        visit: word("feed_visit"),
        latest: word("feed_latest"),
        months: std::array::from_fn(|month| {
            let sample = jiff::civil::date(2001, month as i8 + 1, 22);
            site.config.format(lang).long_date(sample)
        }),
    };
    feed_style::stylesheet(lang, "../", &words)
}

/// The page's HTML with every double-quoted relative `href`/`src` made absolute
/// against `page_url` (the page's directory URL, ending in `/`), so feed readers that
/// ignore `xml:base` still link to the right place.
fn absolutize(html: &str, page_url: &str) -> String {
    const HREF: &str = " href=\"";
    const SRC: &str = " src=\"";
    // One pass: the next place of each attribute is searched for only after it was used.
    let next = |from: usize, pattern: &str| html[from..].find(pattern).map(|i| from + i);
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let (mut href, mut src) = (next(0, HREF), next(0, SRC));
    let mut done = 0;
    loop {
        let value_start = match (href, src) {
            (Some(h), Some(s)) if s < h => s + SRC.len(),
            (Some(h), _) => h + HREF.len(),
            (None, Some(s)) => s + SRC.len(),
            (None, None) => break,
        };
        let Some(value_len) = html[value_start..].find('"') else {
            break;
        };
        out.push_str(&html[done..value_start]);
        out.push_str(&resolve(
            page_url,
            &html[value_start..value_start + value_len],
        ));
        done = value_start + value_len;
        if href.is_some_and(|h| h < done) {
            href = next(done, HREF);
        }
        if src.is_some_and(|s| s < done) {
            src = next(done, SRC);
        }
    }
    out.push_str(&html[done..]);
    out
}

/// `reference` resolved against the absolute directory URL `base` (RFC 3986 section 5,
/// for the forms our pages use); absolute URLs and other schemes are kept as they are.
fn resolve(base: &str, reference: &str) -> String {
    let scheme = reference
        .find(':')
        .is_some_and(|i| !reference[..i].contains(['/', '?', '#']));
    if scheme || reference.starts_with("//") || reference.is_empty() {
        return reference.to_string();
    }
    if reference.starts_with('#') || reference.starts_with('?') {
        return format!("{base}{reference}");
    }
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[after_scheme..]
        .find('/')
        .map_or(base.len(), |i| after_scheme + i);
    let (origin, path) = base.split_at(path_start);
    let mut segments: Vec<&str> = if reference.starts_with('/') {
        Vec::new()
    } else {
        path[..path.rfind('/').map_or(0, |i| i + 1)]
            .split('/')
            .filter(|s| !s.is_empty())
            .collect()
    };
    let (ref_path, tail) =
        reference.split_at(reference.find(['?', '#']).unwrap_or(reference.len()));
    let parts: Vec<&str> = ref_path.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        match *part {
            ".." => {
                segments.pop();
            }
            "." | "" if i + 1 < parts.len() => {}
            "." => segments.push(""),
            other => segments.push(other),
        }
    }
    format!("{origin}/{}{tail}", segments.join("/"))
}

fn text<W: std::io::Write>(w: &mut Writer<W>, name: &str, value: &str) -> std::io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(value))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_ids_are_tags_of_host_path_section_name_and_language() {
        let id = |base: &str| entry_id(base, "briefings", "astana", "en");
        assert_eq!(id("https://x.org"), "tag:x.org,2025:briefings/astana.en");
        assert_eq!(
            id("https://X.org/sub/"),
            "tag:x.org,2025:sub/briefings/astana.en"
        );
        assert_eq!(
            id("http://127.0.0.1:1111"),
            "tag:127.0.0.1,2025:briefings/astana.en"
        );
        assert_eq!(
            id("https://u@x.org:8443/a/b"),
            "tag:x.org,2025:a/b/briefings/astana.en"
        );
        assert_eq!(
            entry_id("https://x.org", "briefings", "città 1", "it"),
            "tag:x.org,2025:briefings/citt%C3%A0%201.it"
        );
    }

    #[test]
    fn relative_urls_in_content_become_absolute() {
        let page = "https://a.org/sub/it/analisi/x/";
        assert_eq!(
            resolve(page, "../../../en/briefings/y/index.html#k"),
            "https://a.org/sub/en/briefings/y/index.html#k"
        );
        assert_eq!(
            resolve(page, "#fn-1"),
            "https://a.org/sub/it/analisi/x/#fn-1"
        );
        assert_eq!(
            resolve(page, "img/a.png"),
            "https://a.org/sub/it/analisi/x/img/a.png"
        );
        assert_eq!(resolve(page, "https://b.org/"), "https://b.org/");
        assert_eq!(resolve(page, "mailto:a@b.org"), "mailto:a@b.org");
        assert_eq!(resolve(page, "/x"), "https://a.org/x");
        assert_eq!(resolve(page, "../../../../../../x"), "https://a.org/x");
        assert_eq!(
            absolutize(
                "<a href=\"#a\">a</a> <img src=\"../b.png\" alt=\"\"> <a href=\"https://c.org/\">",
                page
            ),
            "<a href=\"https://a.org/sub/it/analisi/x/#a\">a</a> <img src=\"https://a.org/sub/it/analisi/b.png\" alt=\"\"> <a href=\"https://c.org/\">"
        );
    }
}
