//! The HTTP side of `serve`: files from the last good build (in memory), the reload
//! script, and the event stream that tells open tabs to reload or show problems.

use super::{Shared, Snapshot};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

/// Where the server's own endpoints live; no site file can be served from there.
pub(super) const PREFIX: &str = "/__briefing/";

const LIVE_JS: &str = include_str!("live.js");

pub(super) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/__briefing/live.js", get(live_js))
        .route("/__briefing/events", get(events))
        .route("/__briefing/status", get(status))
        .route("/__briefing/desk", get(super::desk::folder))
        .route("/__briefing/desk/", get(super::desk::index))
        .route(
            "/__briefing/desk/{section}/{name}/{lang}/",
            get(super::desk::pair),
        )
        .fallback(get(file))
        .with_state(shared)
}

async fn live_js() -> Response {
    respond(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        Body::from(LIVE_JS),
    )
}

/// The state of the latest build attempt as JSON: `{build, problems: [...]}`.
async fn status(State(shared): State<Arc<Shared>>) -> Response {
    let status = shared.status.borrow().clone();
    respond(
        StatusCode::OK,
        "application/json",
        Body::from(serde_json::to_vec(&status).expect("plain data serializes")),
    )
}

/// Event streams open at once at most; a new one ends the oldest, whose tab (if it
/// is still open) reconnects by itself. Keeps 10,000 clients that come and go from
/// holding 10,000 streams.
pub(super) const MAX_STREAMS: usize = 128;

/// One open event stream, counted in [`Shared::streams`] until it ends.
struct Open {
    id: u64,
    ended: Arc<tokio::sync::Notify>,
    shared: Arc<Shared>,
}

impl Drop for Open {
    fn drop(&mut self) {
        self.shared.streams.remove(self.id);
    }
}

/// Server-sent events: the current status at once, then one `status` event after
/// every build attempt; the stream ends when the server stops, or when newer
/// streams push it out.
async fn events(State(shared): State<Arc<Shared>>) -> Response {
    let status = shared.status.subscribe();
    let stop = shared.stop.subscribe();
    let id = shared
        .next_stream
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let open = Open {
        id,
        ended: shared.streams.admit(id),
        shared: shared.clone(),
    };
    let stream = stream::unfold(
        (status, stop, open, true),
        |(mut status, mut stop, open, first)| async move {
            if !first {
                tokio::select! {
                    changed = status.changed() => changed.ok()?,
                    _ = stop.wait_for(|stopped| *stopped) => return None,
                    _ = open.ended.notified() => return None,
                }
            }
            if *stop.borrow() {
                return None;
            }
            let data =
                serde_json::to_string(&*status.borrow_and_update()).expect("plain data serializes");
            let event = Event::default()
                .event("status")
                .retry(Duration::from_millis(500))
                .data(data);
            Some((Ok::<Event, Infallible>(event), (status, stop, open, false)))
        },
    );
    let mut response = Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response();
    // A stream that ends closes its connection: an EventSource never reuses it.
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// Any other GET: a file of the last good build.
async fn file(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let snapshot = shared.snapshot();
    if snapshot.files.is_empty() {
        // No good build yet: a page that shows the problems and reloads once fixed.
        let page = format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>briefing serve</title></head>\
             <body><main><h1>The site does not build yet</h1><p>The problems are listed below and in the terminal; \
             this page reloads when they are fixed.</p></main>{}</body></html>",
            script_tag(snapshot.build)
        );
        return respond(
            StatusCode::SERVICE_UNAVAILABLE,
            "text/html; charset=utf-8",
            Body::from(page),
        );
    }
    match lookup(&snapshot, uri.path()) {
        Lookup::Found(key) => match snapshot.files.get(&key) {
            Some(bytes) => send(&snapshot, StatusCode::OK, &key, bytes.clone()),
            None => media(&snapshot, &key).await,
        },
        Lookup::Folder => {
            let mut location = folder_location(uri.path());
            if let Some(query) = uri.query() {
                location.push('?');
                location.push_str(query);
            }
            let mut response = respond(
                StatusCode::MOVED_PERMANENTLY,
                "text/plain; charset=utf-8",
                Body::from("moved\n"),
            );
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Lookup::Missing => match snapshot.files.get("404.html") {
            Some(bytes) => send(&snapshot, StatusCode::NOT_FOUND, "404.html", bytes.clone()),
            None => respond(
                StatusCode::NOT_FOUND,
                "text/plain; charset=utf-8",
                Body::from("not found\n"),
            ),
        },
    }
}

/// An image, linked file or share card, read from the media cache (or `content/`).
async fn media(snapshot: &Snapshot, key: &str) -> Response {
    let Some(path) = snapshot.media.get(key).cloned() else {
        return respond(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            Body::from("not found\n"),
        );
    };
    match tokio::task::spawn_blocking(move || std::fs::read(path)).await {
        Ok(Ok(bytes)) => send(snapshot, StatusCode::OK, key, Bytes::from(bytes)),
        // Deleted from the cache while serving: the next build makes it again.
        _ => respond(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            Body::from("not found; save a file to rebuild\n"),
        ),
    }
}

/// A file as a response; HTML gets the reload script.
fn send(snapshot: &Snapshot, status: StatusCode, key: &str, bytes: Bytes) -> Response {
    let kind = content_type(key);
    let body = if kind.starts_with("text/html") {
        Body::from(inject(&bytes, &script_tag(snapshot.build)))
    } else {
        Body::from(bytes)
    };
    respond(status, kind, body)
}

pub(super) fn respond(status: StatusCode, kind: &'static str, body: Body) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    // A preview must never show a stale file.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

pub(super) fn script_tag(build: u64) -> String {
    format!("<script src=\"{PREFIX}live.js\" data-build=\"{build}\"></script>")
}

/// `html` with `tag` before its last `</body>` (or at its end).
pub(super) fn inject(html: &[u8], tag: &str) -> Vec<u8> {
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The key of the file to send.
    Found(String),
    /// A folder named without its final `/`: redirect to it.
    Folder,
    Missing,
}

/// Maps a request path onto the files of a build. Only names the build made can
/// come out, so nothing outside the site is ever read: `..`, `.` and encoded forms
/// of them, backslashes and NUL are refused; `dir/` means `dir/index.html`.
pub fn lookup(snapshot: &Snapshot, raw_path: &str) -> Lookup {
    let Some(path) = percent_decode(raw_path) else {
        return Lookup::Missing;
    };
    if path.contains(['\\', '\0']) {
        return Lookup::Missing;
    }
    let mut segments = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" => {}
            "." | ".." => return Lookup::Missing,
            s => segments.push(s),
        }
    }
    let mut key = segments.join("/");
    if key.is_empty() || path.ends_with('/') {
        key = if key.is_empty() {
            "index.html".to_string()
        } else {
            format!("{key}/index.html")
        };
        return match snapshot.files.contains_key(&key) {
            true => Lookup::Found(key),
            false => Lookup::Missing,
        };
    }
    if snapshot.files.contains_key(&key) || snapshot.media.contains_key(&key) {
        Lookup::Found(key)
    } else if snapshot.files.contains_key(&format!("{key}/index.html")) {
        Lookup::Folder
    } else {
        Lookup::Missing
    }
}

/// Where to redirect a request for a folder named without its final `/`: the same
/// segments, re-encoded, from one `/` (`//it` must not become `//it/`, a URL of the
/// host `it`).
fn folder_location(raw_path: &str) -> String {
    let path = percent_decode(raw_path).unwrap_or_default();
    let mut location = String::from("/");
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        for byte in segment.bytes() {
            if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&byte) {
                location.push(byte as char);
            } else {
                location.push_str(&format!("%{byte:02X}"));
            }
        }
        location.push('/');
    }
    location
}

/// `%xx` decoded; None when the result is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    String::from_utf8(crate::urls::percent_decode(text)).ok()
}

/// The media type of a file, by its extension, as static hosts send it.
pub fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml",
        "xsl" | "xslt" => "application/xslt+xml",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "wasm" => "application/wasm",
        "webmanifest" => "application/manifest+json",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "ogg" => "audio/ogg",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn snapshot() -> Snapshot {
        let files: HashMap<String, Bytes> = [
            "index.html",
            "it/index.html",
            "style.css",
            "it/città/index.html",
        ]
        .into_iter()
        .map(|k| (k.to_string(), Bytes::from_static(b"x")))
        .collect();
        Snapshot {
            files,
            media: HashMap::new(),
            build: 1,
        }
    }

    #[test]
    fn paths_map_onto_the_build_only() {
        let s = snapshot();
        let found = |k: &str| Lookup::Found(k.to_string());
        assert_eq!(lookup(&s, "/"), found("index.html"));
        assert_eq!(lookup(&s, "/it/"), found("it/index.html"));
        assert_eq!(lookup(&s, "/it/index.html"), found("it/index.html"));
        assert_eq!(lookup(&s, "/it"), Lookup::Folder);
        assert_eq!(lookup(&s, "//style.css"), found("style.css"));
        assert_eq!(lookup(&s, "/it/citt%C3%A0/"), found("it/città/index.html"));
        for bad in [
            "/../Cargo.toml",
            "/it/../style.css",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/it/%2e/index.html",
            "/..%5c..%5cetc",
            "/etc/passwd",
            "/style.css%00.html",
            "/%ff",
            "/nope/",
        ] {
            assert_eq!(lookup(&s, bad), Lookup::Missing, "{bad}");
        }
    }

    #[test]
    fn folder_redirects_stay_on_this_host() {
        assert_eq!(folder_location("/it"), "/it/");
        assert_eq!(folder_location("//it"), "/it/");
        assert_eq!(folder_location("///it//analisi"), "/it/analisi/");
        assert_eq!(folder_location("/%2fit"), "/it/");
        assert_eq!(folder_location("/it/citt%C3%A0"), "/it/citt%C3%A0/");
        assert_eq!(folder_location("/a b\\c"), "/a%20b%5Cc/");
    }

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let html = b"<html><body><p>a</p></BODY></html>";
        let out = String::from_utf8(inject(html, "<script></script>")).unwrap();
        assert_eq!(out, "<html><body><p>a</p><script></script></BODY></html>");
        let out = String::from_utf8(inject(b"<p>no body", "<s>")).unwrap();
        assert_eq!(out, "<p>no body<s>");
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("it/index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("search-index.it.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("favicon.svg"), "image/svg+xml");
        assert_eq!(content_type("it/feed.xml"), "application/xml");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }
}
