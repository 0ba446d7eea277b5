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
    /// How the site writes the 22nd of each month of 2001, January first
    /// (`22 gennaio 2001`): the stylesheet writes entry dates the same way.
    pub months: [String; 12],
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
        .replace("{latest}", &escape(words.latest))
        .replace("{date_template}", &date_template(&words.months));
    text.into_bytes()
}

/// A template `date` that writes `$iso` (YYYY-MM-DD) as the site writes dates: one
/// branch per month from its sample date, the day and year put where the sample has
/// `22` and `2001`. A sample without exactly one of each leaves that month in ISO.
fn date_template(months: &[String; 12]) -> String {
    let mut branches = String::new();
    for (index, sample) in months.iter().enumerate() {
        let Some(parts) = split_sample(sample) else {
            continue;
        };
        let (first, second) = if parts.day_first {
            ("$day", "$year")
        } else {
            ("$year", "$day")
        };
        branches.push_str(&format!(
            "\n          <xsl:when test=\"$month = '{:02}'\">{}<xsl:value-of select=\"{first}\"/>{}<xsl:value-of select=\"{second}\"/>{}</xsl:when>",
            index + 1,
            escape(parts.before),
            escape(parts.between),
            escape(parts.after),
        ));
    }
    format!(
        r#"<xsl:template name="date">
    <xsl:param name="iso"/>
    <xsl:variable name="month" select="substring($iso, 6, 2)"/>
    <xsl:variable name="day" select="number(substring($iso, 9, 2))"/>
    <xsl:variable name="year" select="substring($iso, 1, 4)"/>
    <xsl:choose>{branches}
      <xsl:otherwise><xsl:value-of select="$iso"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>"#
    )
}

/// A sample date cut around its day (`22`) and year (`2001`).
struct Sample<'a> {
    before: &'a str,
    between: &'a str,
    after: &'a str,
    day_first: bool,
}

fn split_sample(sample: &str) -> Option<Sample<'_>> {
    if sample.matches("22").count() != 1 || sample.matches("2001").count() != 1 {
        return None;
    }
    let day = sample.find("22")?;
    let year = sample.find("2001")?;
    let (start, start_len, end, end_len) = if day < year {
        (day, 2, year, 4)
    } else {
        (year, 4, day, 2)
    };
    Some(Sample {
        before: &sample[..start],
        between: &sample[start + start_len..end],
        after: &sample[end + end_len..],
        day_first: day < year,
    })
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
                <p class="meta"><time datetime="{substring(atom:published, 1, 10)}"><xsl:call-template name="date"><xsl:with-param name="iso" select="substring(atom:published, 1, 10)"/></xsl:call-template></time></p>
                <p class="summary"><xsl:value-of select="atom:summary"/></p>
              </article>
            </xsl:for-each>
          </div>
        </main>
      </body>
    </html>
  </xsl:template>
  {date_template}
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
            months: std::array::from_fn(|m| format!("22 mese<{}> 2001", m + 1)),
        };
        let xsl = String::from_utf8(stylesheet("it", "../", &words)).unwrap();
        assert!(xsl.contains("Feed &lt;Atom&gt;") && xsl.contains("Copy &amp; paste"));
        assert!(xsl.contains(
            r#"<xsl:when test="$month = '06'"><xsl:value-of select="$day"/> mese&lt;6&gt; <xsl:value-of select="$year"/></xsl:when>"#
        ), "{xsl}");
        assert!(xsl.contains(r#"<html lang="it">"#) && xsl.contains(r#"href="../style.css""#));
        assert_well_formed(&xsl);
    }

    #[test]
    fn sample_dates_are_cut_around_day_and_year_in_either_order() {
        let it = split_sample("22 giugno 2001").unwrap();
        assert_eq!(
            (it.before, it.between, it.after, it.day_first),
            ("", " giugno ", "", true)
        );
        let ru = split_sample("22 июня 2001 г.").unwrap();
        assert_eq!((ru.between, ru.after), (" июня ", " г."));
        let zh = split_sample("2001年6月22日").unwrap();
        assert_eq!(
            (zh.before, zh.between, zh.after, zh.day_first),
            ("", "年6月", "日", false)
        );
        assert!(split_sample("22/22/2001").is_none() && split_sample("June 2001").is_none());
        let months: [String; 12] = std::array::from_fn(|_| "no sample".to_owned());
        assert!(!date_template(&months).contains("xsl:when"));
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
