//! A tiny loopback static file server that publishes a folder under a sub-path.
//!
//! It stands in for a static host (GitHub Pages project site, an nginx folder) so the
//! tests prove the built site works below `/sub/path/`, not only at a host's root.
//! On purpose it is stricter than most hosts: it serves files only, never turns `dir/`
//! into `dir/index.html` (SPEC P1 says no link may depend on that), and it sends
//! `X-Content-Type-Options: nosniff` so a file with the wrong type fails loudly.

use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// At most this many connections are handled at once; further ones wait to be accepted.
const MAX_CONNECTIONS: usize = 16;
/// A browser opens speculative connections it may never use: do not wait on them forever.
const READ_TIMEOUT: Duration = Duration::from_secs(5);
/// Requests are a line and a few headers; anything bigger is not from a browser.
const MAX_HEAD_BYTES: usize = 16 * 1024;

/// A running server; it stops when dropped.
pub struct StaticServer {
    addr: SocketAddr,
    prefix: String,
    stop: Arc<AtomicBool>,
    misses: Arc<Mutex<Vec<String>>>,
    acceptor: Option<JoinHandle<()>>,
}

impl StaticServer {
    /// Serves `root` at `http://127.0.0.1:PORT{prefix}`; `prefix` starts and ends with `/`.
    pub fn start(root: &Path, prefix: &str) -> std::io::Result<Self> {
        assert!(
            prefix.starts_with('/') && prefix.ends_with('/'),
            "prefix must look like /sub/path/, got {prefix:?}"
        );
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let misses = Arc::new(Mutex::new(Vec::new()));
        let site = Arc::new(Site {
            root: root.canonicalize()?,
            prefix: prefix.to_owned(),
            misses: Arc::clone(&misses),
        });
        let acceptor = {
            let stop = Arc::clone(&stop);
            thread::Builder::new()
                .name("static-server".into())
                .spawn(move || accept_loop(listener, site, stop))?
        };
        Ok(Self {
            addr,
            prefix: prefix.to_owned(),
            stop,
            misses,
            acceptor: Some(acceptor),
        })
    }

    /// The loopback address the server listens on.
    pub fn address(&self) -> SocketAddr {
        self.addr
    }

    /// The URL of the published folder, ending with `/`.
    pub fn base_url(&self) -> String {
        format!("http://{}{}", self.addr, self.prefix)
    }

    /// The URL of `relative` (slash-separated, inside the folder).
    pub fn url_of(&self, relative: &str) -> String {
        format!("{}{}", self.base_url(), relative.trim_start_matches('/'))
    }

    /// Request targets answered with an error status since the last call, oldest first.
    pub fn take_misses(&self) -> Vec<String> {
        std::mem::take(&mut *self.misses.lock().unwrap())
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking `accept` so the loop sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

/// What a connection handler needs to answer.
struct Site {
    root: PathBuf,
    prefix: String,
    misses: Arc<Mutex<Vec<String>>>,
}

fn accept_loop(listener: TcpListener, site: Arc<Site>, stop: Arc<AtomicBool>) {
    let live = Arc::new((Mutex::new(0usize), Condvar::new()));
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        // Bound the number of handler threads: wait for a free slot.
        {
            let (count, freed) = &*live;
            let mut count = count.lock().unwrap();
            while *count >= MAX_CONNECTIONS {
                count = freed.wait(count).unwrap();
            }
            *count += 1;
        }
        let site = Arc::clone(&site);
        let slot = Arc::clone(&live);
        let spawned = thread::Builder::new()
            .name("static-conn".into())
            .spawn(move || {
                let _ = handle(stream, &site);
                release(&slot);
            });
        if spawned.is_err() {
            release(&live);
        }
    }
}

/// Frees a connection slot taken in `accept_loop`.
fn release(live: &(Mutex<usize>, Condvar)) {
    let (count, freed) = live;
    *count.lock().unwrap() -= 1;
    freed.notify_one();
}

/// Answers one request, then closes the connection (no keep-alive: simpler, and
/// loopback connections are cheap).
fn handle(stream: TcpStream, site: &Site) -> std::io::Result<()> {
    stream.set_read_timeout(Some(READ_TIMEOUT))?;
    stream.set_write_timeout(Some(READ_TIMEOUT))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut head = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(()); // closed before a full request: a speculative connection
        }
        head.push(line.trim_end().to_owned());
        if line.trim_end().is_empty() {
            break;
        }
        if head.iter().map(String::len).sum::<usize>() > MAX_HEAD_BYTES {
            return respond(&stream, 431, "text/plain", b"request head too large", false);
        }
    }
    let mut parts = head[0].split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let with_body = method == "GET";
    if method != "GET" && method != "HEAD" {
        site.misses
            .lock()
            .unwrap()
            .push(format!("{method} {target}"));
        return respond(&stream, 405, "text/plain", b"method not allowed", true);
    }
    match site.resolve(target) {
        Some(path) => {
            let body = std::fs::read(&path)?;
            respond(&stream, 200, content_type(&path), &body, with_body)
        }
        None => {
            site.misses.lock().unwrap().push(target.to_owned());
            respond(&stream, 404, "text/plain", b"not found", with_body)
        }
    }
}

impl Site {
    /// Maps a request target to a file inside the root, or `None` (answered with 404).
    fn resolve(&self, target: &str) -> Option<PathBuf> {
        let path = target.split(['?', '#']).next()?;
        let rest = path.strip_prefix(&self.prefix)?;
        let decoded = percent_decode(rest)?;
        let mut file = self.root.clone();
        for segment in decoded.split('/') {
            // Refuse anything that could step outside the root or name it oddly.
            if segment.is_empty()
                || segment == "."
                || segment == ".."
                || segment.contains(['\\', '\0'])
            {
                return None;
            }
            file.push(segment);
        }
        // Files only: a directory is a 404, as SPEC P1 forbids relying on `dir/`.
        let file = file.canonicalize().ok()?;
        (file.starts_with(&self.root) && file.is_file()).then_some(file)
    }
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    match ext.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "xml" => "application/xml",
        "xsl" => "application/xslt+xml",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

fn respond(
    mut stream: &TcpStream,
    status: u16,
    content_type: &str,
    body: &[u8],
    with_body: bool,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Error",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n\
         Content-Length: {}\r\nX-Content-Type-Options: nosniff\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if with_body {
        stream.write_all(body)?;
    }
    stream.flush()?;
    let _ = stream.shutdown(Shutdown::Write);
    Ok(())
}
