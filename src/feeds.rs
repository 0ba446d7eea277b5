//! One Atom 1.0 feed per language, written with quick-xml so escaping is correct by construction.

use crate::site::{Route, Site};
use crate::urls::absolute;
use quick_xml::Writer;
use quick_xml::events::BytesText;
use std::io::Cursor;

/// How many of the newest briefings a feed carries.
const FEED_ENTRIES: usize = 20;

fn rfc3339(date: jiff::civil::Date) -> String {
    format!("{date}T00:00:00Z")
}

/// The Atom feed of `lang`, for `lang/feed.xml`.
pub fn atom(site: &Site, lang: &str) -> anyhow::Result<Vec<u8>> {
    let config = site.config;
    let language = config.language(lang);
    let entries: Vec<usize> = site.briefings[lang]
        .iter()
        .copied()
        .take(FEED_ENTRIES)
        .collect();
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
                w.create_element("entry").write_inner_content(|e| {
                    text(e, "id", &url)?;
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
                    for (t, keys) in [(0, &d.meta.countries), (1, &d.meta.topics)] {
                        for term in config.taxonomies[t]
                            .terms
                            .iter()
                            .filter(|term| keys.contains(&term.key))
                        {
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
                        .write_text_content(BytesText::new(&site.bodies[i].html))?;
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    let mut bytes = writer.into_inner().into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

fn text<W: std::io::Write>(w: &mut Writer<W>, name: &str, value: &str) -> std::io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(value))?;
    Ok(())
}
