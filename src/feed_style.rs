//! The XSLT stylesheet (`LANG/feed.xsl`) that shows an Atom feed as a page in a browser.
//!
//! Each feed names it in an `<?xml-stylesheet?>` instruction. A browser opening the
//! feed over HTTP transforms it into a short page in the feed's language: what a feed
//! is, its address to copy into a reader, and the entries with their summaries, styled
//! by the site's own `style.css`. Feed readers ignore the instruction and see plain
//! Atom. XSLT 1.0 only (what browsers run); no script, nothing from another host.

use quick_xml::escape::escape;

/// The file name of the stylesheet, next to each language's `feed.xml`.
pub(crate) const FILE: &str = "feed.xsl";

/// The words of the page, in the feed's language.
pub(crate) struct Words<'a> {
    /// Over the title: "Atom feed".
    pub kicker: &'a str,
    /// What a feed is and what to do with its address.
    pub about: &'a str,
    /// The link to the site's home page.
    pub visit: &'a str,
    /// The heading over the entries.
    pub latest: &'a str,
}

/// The stylesheet for the feed of `lang`; `root` is the way from the feed's folder to
/// the site root (`../`), for the stylesheet and icon links.
pub(crate) fn stylesheet(lang: &str, root: &str, words: &Words) -> Vec<u8> {
    let text = TEMPLATE
        .replace("{lang}", &escape(lang))
        .replace("{root}", &escape(root))
        .replace("{kicker}", &escape(words.kicker))
        .replace("{about}", &escape(words.about))
        .replace("{visit}", &escape(words.visit))
        .replace("{latest}", &escape(words.latest));
    text.into_bytes()
}

/// The processing instruction a feed starts with, after its XML declaration.
pub(crate) fn instruction() -> String {
    format!("type=\"text/xsl\" href=\"{FILE}\"")
}

/// `{name}` placeholders are replaced (escaped) by `stylesheet`; `{atom:...}` inside
/// attributes are XSLT attribute value templates and stay as they are.
const TEMPLATE: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<!-- Written by briefing: shows this site's Atom feed as a page in a browser. -->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>
  <xsl:template match="/atom:feed">
    <html lang="{lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="color-scheme" content="light dark"/>
        <meta name="robots" content="noindex"/>
        <title><xsl:value-of select="atom:title"/> · {kicker}</title>
        <link rel="stylesheet" href="{root}style.css"/>
        <link rel="icon" href="{root}favicon.svg" type="image/svg+xml"/>
      </head>
      <body class="feed-page">
        <main id="main" class="wrap">
          <header class="page-header">
            <p class="kicker">{kicker}</p>
            <h1><xsl:value-of select="atom:title"/></h1>
            <p class="lede"><xsl:value-of select="atom:subtitle"/></p>
          </header>
          <section class="feed-about">
            <p>{about}</p>
            <p class="feed-address"><code><xsl:value-of select="atom:link[@rel='self']/@href"/></code></p>
            <p class="more-link"><a href="{atom:link[@rel='alternate']/@href}">{visit}</a></p>
          </section>
          <h2 class="section-label">{latest}</h2>
          <div class="card-list">
            <xsl:for-each select="atom:entry">
              <article class="card">
                <h3 class="card-title"><a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h3>
                <p class="meta"><time datetime="{substring(atom:published, 1, 10)}"><xsl:value-of select="substring(atom:published, 1, 10)"/></time></p>
                <p class="summary"><xsl:value-of select="atom:summary"/></p>
              </article>
            </xsl:for-each>
          </div>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_escaped_and_the_stylesheet_is_xml() {
        let words = Words {
            kicker: "Feed <Atom>",
            about: "Copy & paste",
            visit: "Go",
            latest: "Latest",
        };
        let xsl = String::from_utf8(stylesheet("it", "../", &words)).unwrap();
        assert!(xsl.contains("Feed &lt;Atom&gt;") && xsl.contains("Copy &amp; paste"));
        assert!(xsl.contains(r#"<html lang="it">"#) && xsl.contains(r#"href="../style.css""#));
        assert_well_formed(&xsl);
    }

    /// Well-formed enough for quick-xml to read to the end without an error.
    fn assert_well_formed(xml: &str) {
        let mut reader = quick_xml::Reader::from_str(xml);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(error) => panic!("not well-formed at {}: {error}", reader.buffer_position()),
            }
        }
    }
}
