//! A small, tolerant HTML scanner: the ids and the URLs of one rendered page.
//!
//! It reads start tags and their attributes only (comments, doctype, end tags and the
//! text of `<script>`/`<style>` are skipped), which is all `check` needs, and it keeps
//! the byte offset of every URL so a problem can name its line.

use std::collections::HashSet;

/// One URL-valued attribute of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Link {
    /// The attribute value with character references decoded.
    pub url: String,
    /// Byte offset of the tag in the page.
    pub offset: usize,
    /// `<a>`, `<area>` and `<form>` lead a reader somewhere; the others load resources.
    pub navigates: bool,
}

/// What `check` needs to know of a page.
#[derive(Debug, Default)]
pub(super) struct Scan {
    pub ids: HashSet<String>,
    pub links: Vec<Link>,
    /// The text of the first `<title>`, references decoded, with its byte offset.
    pub title: Option<(String, usize)>,
    /// The first `<meta name="description">` content, with its byte offset.
    pub description: Option<(String, usize)>,
    /// A `<meta name="robots">` says `noindex`: search engines will not show it.
    pub noindex: bool,
}

/// The attributes that hold a URL, by element.
fn url_attribute(tag: &str, attr: &str) -> bool {
    matches!(
        (tag, attr),
        ("a" | "area" | "link", "href")
            | (
                "img"
                    | "script"
                    | "iframe"
                    | "source"
                    | "audio"
                    | "video"
                    | "track"
                    | "embed"
                    | "input",
                "src"
            )
            | ("img" | "source", "srcset")
            | ("form", "action")
            | ("video", "poster")
            | ("object", "data")
    )
}

pub(super) fn scan(html: &str) -> Scan {
    let mut out = Scan::default();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(found) = html[i..].find('<') {
        let start = i + found;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(html.len(), |end| start + end + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") || rest.starts_with("</") {
            i = rest.find('>').map_or(html.len(), |end| start + end + 1);
            continue;
        }
        if !bytes.get(start + 1).is_some_and(u8::is_ascii_alphabetic) {
            i = start + 1;
            continue;
        }
        let (name, attrs, end) = tag(html, start + 1);
        if name == "meta" {
            read_meta(&attrs, start, &mut out);
        }
        for (attr, value) in &attrs {
            if attr == "id" || (name == "a" && attr == "name") {
                out.ids.insert(value.clone());
            }
            if url_attribute(&name, attr) {
                let navigates = matches!(name.as_str(), "a" | "area" | "form");
                if attr == "srcset" {
                    for candidate in value.split(',') {
                        if let Some(url) = candidate.split_whitespace().next() {
                            out.links.push(Link {
                                url: url.to_string(),
                                offset: start,
                                navigates,
                            });
                        }
                    }
                } else {
                    out.links.push(Link {
                        url: value.clone(),
                        offset: start,
                        navigates,
                    });
                }
            }
        }
        i = end;
        if matches!(name.as_str(), "script" | "style" | "textarea" | "title") {
            // Raw text: skip to the matching end tag.
            let close = format!("</{name}");
            let text_end = find_ascii_ci(html, i, &close).unwrap_or(html.len());
            if name == "title" && out.title.is_none() {
                out.title = Some((decode_references(&html[i..text_end]), start));
            }
            i = text_end;
        }
    }
    out
}

/// Notes the page's description and a `noindex` from one `<meta>` tag.
fn read_meta(attrs: &[(String, String)], offset: usize, out: &mut Scan) {
    let get = |key: &str| {
        attrs
            .iter()
            .find(|(a, _)| a == key)
            .map(|(_, v)| v.as_str())
    };
    let content = get("content").unwrap_or("");
    match get("name").map(str::to_ascii_lowercase).as_deref() {
        Some("description") if out.description.is_none() => {
            out.description = Some((content.to_owned(), offset));
        }
        Some("robots") => {
            out.noindex |= content.to_ascii_lowercase().contains("noindex");
        }
        _ => {}
    }
}

/// Parses the tag whose name starts at `at`; returns its lower-case name, its
/// attributes (names lower-cased, values decoded) and the offset after `>`.
fn tag(html: &str, at: usize) -> (String, Vec<(String, String)>, usize) {
    let bytes = html.as_bytes();
    let mut i = at;
    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' && bytes[i] != b'/'
    {
        i += 1;
    }
    let name = html[at..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return (name, attrs, i);
        }
        if bytes[i] == b'>' {
            return (name, attrs, i + 1);
        }
        let name_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        if i == name_start {
            // A stray `=`: skip it.
            i += 1;
            continue;
        }
        let attr = html[name_start..i].to_ascii_lowercase();
        let mut j = i;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        if j < bytes.len() && bytes[j] == b'=' {
            j += 1;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            let (raw, after) = match bytes.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = html[j + 1..]
                        .find(q as char)
                        .map_or(html.len(), |e| j + 1 + e);
                    (&html[j + 1..end], (end + 1).min(html.len()))
                }
                _ => {
                    let mut e = j;
                    while e < bytes.len() && !bytes[e].is_ascii_whitespace() && bytes[e] != b'>' {
                        e += 1;
                    }
                    (&html[j..e], e)
                }
            };
            attrs.push((attr, decode_references(raw)));
            i = after;
        } else {
            attrs.push((attr, String::new()));
        }
    }
}

fn find_ascii_ci(haystack: &str, from: usize, needle: &str) -> Option<usize> {
    let h = haystack.as_bytes();
    let n = needle.as_bytes();
    (from..h.len().saturating_sub(n.len() - 1)).find(|&k| h[k..k + n.len()].eq_ignore_ascii_case(n))
}

/// Decodes the character references an attribute value may hold: `&amp;`, `&#39;`...
pub(super) fn decode_references(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|e| e + 1);
        let decoded = end.filter(|&e| rest[e..].starts_with(';')).and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let number = name.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Byte offsets where each line starts, to turn an offset into a 1-based line.
pub(super) struct Lines(Vec<usize>);

impl Lines {
    pub(super) fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines(starts)
    }

    /// (line, column), both 1-based.
    pub(super) fn locate(&self, offset: usize) -> (usize, usize) {
        let line = self.0.partition_point(|&s| s <= offset);
        (line, offset - self.0[line - 1] + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ids_and_links() {
        let page = r##"<!doctype html><html><head><title>a <b></title>
<link rel=stylesheet href="../style.css"><script>if (a<b) { x = "<a href='no'>" }</script>
</head><body><!-- <a href="commented"> -->
<h2 id="one">One</h2><a name=two></a>
<a class="x" HREF='../b/index.html#one'>b</a><img src=pic.png srcset="a.png 1x, b.png 2x" alt="">
<form action="../cerca/index.html" method=get><a href="?q=a&amp;b=c">q</a><p id = "three">
</body></html>"##;
        let s = scan(page);
        let ids: std::collections::BTreeSet<&str> = s.ids.iter().map(String::as_str).collect();
        assert_eq!(ids, ["one", "three", "two"].into_iter().collect());
        let urls: Vec<&str> = s.links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "../style.css",
                "../b/index.html#one",
                "pic.png",
                "a.png",
                "b.png",
                "../cerca/index.html",
                "?q=a&b=c"
            ]
        );
        assert!(!s.links[0].navigates && s.links[1].navigates);
        let lines = Lines::new(page);
        assert_eq!(lines.locate(s.links[1].offset).0, 5);
        assert_eq!(lines.locate(0), (1, 1));
    }

    #[test]
    fn references_decode() {
        assert_eq!(
            decode_references("a&amp;b&#39;c&#x41;&unknown;&"),
            "a&b'cA&unknown;&"
        );
    }

    #[test]
    fn broken_markup_does_not_panic() {
        for page in [
            "<",
            "<a",
            "<a href=",
            "<a href='x",
            "<!--",
            "<script>",
            "< a>",
            "<a =x>",
            "<é>",
        ] {
            scan(page);
        }
    }
}
