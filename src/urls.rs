//! Slugs, output paths kept inside the output folder, and relative links between pages.

/// An ASCII URL segment from any title: `Città del Kazakistan` -> `citta-del-kazakistan`.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    if slug.len() > MAX_SLUG {
        // Cut at a word: a file name has at most 255 bytes, and a URL reads better short.
        let cut = slug[..=MAX_SLUG].rfind('-').unwrap_or(MAX_SLUG);
        slug.truncate(cut);
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// The longest slug [`slugify`] makes from a title.
pub const MAX_SLUG: usize = 80;

/// Whether an editor's slug is one safe URL segment: it can never name a parent
/// folder, an absolute path or a percent-escape.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 200
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// The prefix that leads from the page at `path` (relative to the output root,
/// e.g. `it/analisi/x/index.html`) back to the output root: `../../../`.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Joins URL segments into an output path ending in `index.html`.
pub fn page_path(segments: &[&str]) -> String {
    let mut path = String::new();
    for segment in segments.iter().filter(|s| !s.is_empty()) {
        path.push_str(segment);
        path.push('/');
    }
    path.push_str("index.html");
    path
}

/// The public URL of an output path: `base/it/x/` for `it/x/index.html`.
pub fn absolute(base_url: &str, path: &str) -> String {
    let dir = path.strip_suffix("index.html").unwrap_or(path);
    format!("{}/{}", base_url.trim_end_matches('/'), dir)
}

/// The page that lists item `page` (1-based) of a paginated list at `first`.
pub fn paginated(first: &str, page: usize) -> String {
    if page <= 1 {
        return first.to_string();
    }
    let dir = first.strip_suffix("index.html").unwrap_or(first);
    format!("{dir}page/{page}/index.html")
}

/// The path of `base_url` without its trailing `/`: `/sub` for `https://x.org/sub/`,
/// empty at a host's root.
pub fn base_path(base_url: &str) -> &str {
    let after_scheme = base_url.find("://").map_or(0, |i| i + 3);
    let path = base_url[after_scheme..]
        .find('/')
        .map_or("", |i| &base_url[after_scheme + i..]);
    let path = path.split(['?', '#']).next().unwrap_or_default();
    path.trim_end_matches('/')
}

/// The host of `base_url`, without user, port or an IPv6 literal's brackets:
/// `x.org` for `https://u@x.org:8443/a`.
pub(crate) fn host(base_url: &str) -> String {
    let after_scheme = base_url.find("://").map_or(0, |i| i + 3);
    let authority = base_url[after_scheme..]
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    // A port is no part of a DNS name; an IPv6 literal keeps its brackets' content.
    match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default().to_string(),
        None => host.split(':').next().unwrap_or_default().to_string(),
    }
}

/// `path` with every byte outside letters, digits, `-._~/` written as `%XX`: a URL
/// path (or `tag:` URI part) that reads back as the same text.
pub(crate) fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Whether `url` starts with `scheme:` as RFC 3986 writes it: a letter, then letters,
/// digits, `+`, `-`, `.` (`https:`, `mailto:`, `data:`); such a URL is never relative.
pub(crate) fn has_scheme(url: &str) -> bool {
    let Some(colon) = url.find(':') else {
        return false;
    };
    let scheme = &url[..colon];
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `reference` resolved against the absolute directory URL `base` (RFC 3986 section 5,
/// for the forms our pages use); absolute URLs and other schemes are kept as they are.
pub(crate) fn resolve_against(base: &str, reference: &str) -> String {
    if has_scheme(reference) || reference.starts_with("//") || reference.is_empty() {
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

/// `%xx` escapes decoded to bytes; a `%` not followed by two hex digits stays as it is.
pub fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|&b| hex(b)),
                bytes.get(i + 2).and_then(|&b| hex(b)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_resolve_against_a_page_url() {
        let page = "https://a.org/sub/it/analisi/x/";
        assert_eq!(
            resolve_against(page, "../../../en/briefings/y/index.html#k"),
            "https://a.org/sub/en/briefings/y/index.html#k"
        );
        assert_eq!(
            resolve_against(page, "#fn-1"),
            "https://a.org/sub/it/analisi/x/#fn-1"
        );
        assert_eq!(
            resolve_against(page, "img/a.png"),
            "https://a.org/sub/it/analisi/x/img/a.png"
        );
        assert_eq!(resolve_against(page, "https://b.org/"), "https://b.org/");
        assert_eq!(resolve_against(page, "mailto:a@b.org"), "mailto:a@b.org");
        assert_eq!(resolve_against(page, "/x"), "https://a.org/x");
        assert_eq!(
            resolve_against(page, "../../../../../../x"),
            "https://a.org/x"
        );
        // Only RFC 3986 schemes are kept: `1:x` and `:x` are relative paths.
        assert_eq!(resolve_against(page, "1:x"), format!("{page}1:x"));
        assert_eq!(resolve_against(page, ":x"), format!("{page}:x"));
        assert!(has_scheme("data:image/png;base64,AA") && has_scheme("a+b.c-d:x"));
        assert!(!has_scheme("./a:b") && !has_scheme("é:x"));
        assert_eq!(encode_path("a b/città~"), "a%20b/citt%C3%A0~");
    }

    #[test]
    fn base_paths() {
        assert_eq!(base_path("https://x.org"), "");
        assert_eq!(base_path("https://x.org/"), "");
        assert_eq!(base_path("https://x.org/sub"), "/sub");
        assert_eq!(base_path("https://x.org/a/b/"), "/a/b");
        assert_eq!(base_path("http://127.0.0.1:1111"), "");
    }

    #[test]
    fn hosts() {
        assert_eq!(host("https://u@x.org:8443/a/b"), "x.org");
        assert_eq!(host("http://[::1]:1111/"), "::1");
        assert_eq!(host("https://X.org"), "X.org");
    }

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(slugify("Città"), "citta");
        assert_eq!(
            slugify("  Xi a Astana: il vertice SCO! "),
            "xi-a-astana-il-vertice-sco"
        );
        assert_eq!(slugify("../x"), "x");
        assert_eq!(slugify("Kazakistan–Cina 2024"), "kazakistan-cina-2024");
        let long = slugify(&"parola ".repeat(60));
        assert!(long.len() <= MAX_SLUG && long.ends_with("parola"), "{long}");
        assert_eq!(slugify(&"x".repeat(300)).len(), MAX_SLUG);
    }

    #[test]
    fn unsafe_slugs_are_refused() {
        for bad in ["", "../x", "a/b", "a%2e", "A", "a b", "a\u{7}", ".."] {
            assert!(!is_valid_slug(bad), "{bad:?}");
        }
        assert!(is_valid_slug("vertice-2025"));
    }

    #[test]
    fn roots_and_paths() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("it/analisi/x/index.html"), "../../../");
        assert_eq!(page_path(&["it", "", "paesi"]), "it/paesi/index.html");
        assert_eq!(
            paginated("it/analisi/index.html", 2),
            "it/analisi/page/2/index.html"
        );
        assert_eq!(
            paginated("it/analisi/index.html", 1),
            "it/analisi/index.html"
        );
        assert_eq!(
            absolute("https://a.org/", "it/x/index.html"),
            "https://a.org/it/x/"
        );
        assert_eq!(absolute("https://a.org", "index.html"), "https://a.org/");
    }
}
