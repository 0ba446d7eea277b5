//! `sitemap.xml`: every page, with its hreflang alternates, per sitemaps.org.

use crate::site::{Route, Site};
use crate::urls::absolute;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use std::io::Cursor;

/// `robots.txt`: every page may be crawled, and the sitemap is at this absolute URL.
/// (Crawlers read it only at a host's root; a site under a sub-path needs its host's.)
pub(crate) fn robots(site: &Site) -> String {
    let sitemap = absolute(&site.config.base_url, "sitemap.xml");
    format!(
        "# Written by briefing: crawl everything; every page is in the sitemap.\nUser-agent: *\nAllow: /\n\nSitemap: {sitemap}\n"
    )
}

pub(crate) fn sitemap(site: &Site) -> anyhow::Result<Vec<u8>> {
    let config = site.config;
    let base = &config.base_url;
    let mut writer = Writer::new_with_indent(Cursor::new(Vec::new()), b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    writer
        .create_element("urlset")
        .with_attributes([
            ("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"),
            ("xmlns:xhtml", "http://www.w3.org/1999/xhtml"),
        ])
        .write_inner_content(|w| {
            // The language chooser names every language home and itself as x-default,
            // as its page head does.
            let chooser = absolute(base, "index.html");
            w.create_element("url").write_inner_content(|u| {
                u.create_element("loc")
                    .write_text_content(BytesText::new(&chooser))?;
                if config.languages.len() > 1 {
                    for lang in config.codes() {
                        link(u, lang, &absolute(base, &site.path(lang, Route::Home)))?;
                    }
                    link(u, "x-default", &chooser)?;
                }
                Ok(())
            })?;
            for lang in config.codes() {
                for route in site.routes(lang) {
                    let loc = absolute(base, &site.path(lang, route));
                    let alternates: Vec<(String, String)> = config
                        .codes()
                        .filter_map(|other| {
                            site.alternate(route, lang, other)
                                .map(|r| (other.to_string(), absolute(base, &site.path(other, r))))
                        })
                        .collect();
                    w.create_element("url").write_inner_content(|u| {
                        u.create_element("loc")
                            .write_text_content(BytesText::new(&loc))?;
                        if let Route::Document(i) = route {
                            let m = &site.documents[i].meta;
                            let lastmod = m.updated.unwrap_or(m.date).max(m.date);
                            u.create_element("lastmod")
                                .write_text_content(BytesText::new(&lastmod.to_string()))?;
                            let listed = config
                                .section(&site.documents[i].section)
                                .is_some_and(|s| s.list.is_some());
                            // A section without a list (about, method) matters less.
                            if !listed {
                                u.create_element("priority")
                                    .write_text_content(BytesText::new("0.3"))?;
                            }
                        }
                        if alternates.len() > 1 {
                            for (hreflang, href) in &alternates {
                                link(u, hreflang, href)?;
                            }
                            link(
                                u,
                                "x-default",
                                &absolute(base, &site.x_default(route, lang)),
                            )?;
                        }
                        Ok(())
                    })?;
                }
            }
            Ok(())
        })?;
    let mut bytes = writer.into_inner().into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

fn link<W: std::io::Write>(w: &mut Writer<W>, hreflang: &str, href: &str) -> std::io::Result<()> {
    w.create_element("xhtml:link")
        .with_attributes([("rel", "alternate"), ("hreflang", hreflang), ("href", href)])
        .write_empty()?;
    Ok(())
}
