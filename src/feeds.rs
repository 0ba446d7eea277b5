//! One Atom 1.0 feed per language, written with quick-xml so escaping is correct by construction.

use crate::feed_style;
use crate::site::{Route, Site};
use crate::urls::{absolute, base_path, encode_path, host, resolve_against};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesPI, BytesText, Event};
use std::io::Cursor;

/// How many of the newest briefings a feed carries.
const FEED_ENTRIES: usize = 20;

/// The date of every entry id's tag (RFC 4151 section 2.1): fixed, so that an id never
/// changes while the host stays the same.
const TAG_DATE: &str = "2025";

/// The Atom id of a document: a `tag:` URI (RFC 4151) from the host and path of
/// `base_url`, a fixed date, and the document's section, NAME and language, never its
/// URL: `tag:example.org,2025:sub/briefings/astana-summit.en`. A new slug keeps it.
pub(crate) fn entry_id(base_url: &str, section: &str, name: &str, lang: &str) -> String {
    let host = host(base_url);
    let base = base_path(base_url).trim_start_matches('/');
    let specific = if base.is_empty() {
        format!("{section}/{name}.{lang}")
    } else {
        format!("{base}/{section}/{name}.{lang}")
    };
    format!(
        "tag:{},{TAG_DATE}:{}",
        encode_path(&host.to_ascii_lowercase()),
        encode_path(&specific)
    )
}

fn rfc3339(date: jiff::civil::Date) -> String {
    format!("{date}T00:00:00Z")
}

/// The Atom feed of `lang`, for `lang/feed.xml`.
pub(crate) fn atom(site: &Site, lang: &str) -> anyhow::Result<Vec<u8>> {
    let entries: Vec<usize> = site.feed[lang].iter().copied().take(FEED_ENTRIES).collect();
    // The feed changes when its newest entry does, so the output stays deterministic.
    let updated = entries
        .iter()
        .map(|&i| newest(site, i))
        .max()
        .unwrap_or(jiff::civil::date(2000, 1, 1));
    let mut writer = Writer::new_with_indent(Cursor::new(Vec::new()), b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    // Browsers show the feed through this stylesheet; feed readers ignore it.
    writer.write_event(Event::PI(BytesPI::new(format!(
        "xml-stylesheet {}",
        feed_style::instruction()
    ))))?;
    writer
        .create_element("feed")
        .with_attributes([("xmlns", "http://www.w3.org/2005/Atom"), ("xml:lang", lang)])
        .write_inner_content(|w| {
            head(w, site, lang, updated)?;
            for &i in &entries {
                entry(w, site, lang, i)?;
            }
            Ok(())
        })?;
    let mut bytes = writer.into_inner().into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

/// When document `i` last changed: its `updated` date, never before its `date`.
fn newest(site: &Site, i: usize) -> jiff::civil::Date {
    let m = &site.documents[i].meta;
    m.updated.unwrap_or(m.date).max(m.date)
}

/// The feed's own elements, before its entries.
fn head<W: std::io::Write>(
    w: &mut Writer<W>,
    site: &Site,
    lang: &str,
    updated: jiff::civil::Date,
) -> std::io::Result<()> {
    let config = site.config;
    let language = config.language(lang);
    let home = absolute(&config.base_url, &site.path(lang, Route::Home));
    let self_url = format!("{}/{lang}/feed.xml", config.base_url);
    text(w, "id", &home)?;
    text(w, "title", &language.title)?;
    text(w, "subtitle", &language.description)?;
    text(w, "updated", &rfc3339(updated))?;
    link(w, "self", "application/atom+xml", &self_url)?;
    link(w, "alternate", "text/html", &home)?;
    w.create_element("author")
        .write_inner_content(|a| text(a, "name", &language.title))?;
    w.create_element("generator")
        .write_text_content(BytesText::new("briefing"))?;
    Ok(())
}

/// The entry of document `i`.
fn entry<W: std::io::Write>(
    w: &mut Writer<W>,
    site: &Site,
    lang: &str,
    i: usize,
) -> std::io::Result<()> {
    let config = site.config;
    let d = &site.documents[i];
    let url = absolute(&config.base_url, &site.paths[i]);
    // `xml:base` makes any relative URL left in the content resolve against
    // the entry's page, not against the feed's own URL (RFC 4287 section 2).
    w.create_element("entry")
        .with_attribute(("xml:base", url.as_str()))
        .write_inner_content(|e| {
            let id = entry_id(&config.base_url, &d.section, &d.name, lang);
            text(e, "id", &id)?;
            text(e, "title", &d.meta.title)?;
            text(e, "published", &rfc3339(d.meta.date))?;
            text(e, "updated", &rfc3339(newest(site, i)))?;
            link(e, "alternate", "text/html", &url)?;
            for author in &d.meta.authors {
                if let Some(name) = config.authors.get(author).and_then(|n| n.get(lang)) {
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
            let html = absolutize(&site.body_html(i), &url);
            e.create_element("content")
                .with_attribute(("type", "html"))
                .write_text_content(BytesText::new(&html))?;
            Ok(())
        })?;
    Ok(())
}

/// `LANG/feed.xsl`: the stylesheet of the feed of `lang`, in that language.
pub(crate) fn stylesheet(site: &Site, lang: &str) -> Vec<u8> {
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
        out.push_str(&resolve_against(
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

fn text<W: std::io::Write>(w: &mut Writer<W>, name: &str, value: &str) -> std::io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(value))?;
    Ok(())
}

/// `<link rel=REL type=TYPE href=HREF/>`.
fn link<W: std::io::Write>(
    w: &mut Writer<W>,
    rel: &str,
    kind: &str,
    href: &str,
) -> std::io::Result<()> {
    w.create_element("link")
        .with_attributes([("rel", rel), ("type", kind), ("href", href)])
        .write_empty()?;
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
            absolutize(
                "<a href=\"#a\">a</a> <img src=\"../b.png\" alt=\"\"> <a href=\"https://c.org/\">",
                page
            ),
            "<a href=\"https://a.org/sub/it/analisi/x/#a\">a</a> <img src=\"https://a.org/sub/it/analisi/b.png\" alt=\"\"> <a href=\"https://c.org/\">"
        );
    }
}
