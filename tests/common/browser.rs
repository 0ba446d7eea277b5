//! Drives Debian's headless Chromium through chromedriver for real-browser checks.
//!
//! One [`Browser`] owns one chromedriver child process (killed on drop), one WebDriver
//! session (a fantoccini client) and a throw-away Chromium profile. Problems on a page
//! are gathered from two independent channels, so a failure cannot slip between them:
//! - the browser's console log (chromedriver's legacy `se/log` endpoint, which also
//!   carries "Failed to load resource" for every failed request, CSS `url()`s included);
//! - in-page checks: a recorder installed before any page script sees every resource
//!   `error` event (img, script, link, ...), plus image decoding and stylesheet presence.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

/// Debian's Chromium; chromedriver comes from the same source package, so versions match.
pub const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The window size pages are checked at (a common laptop viewport).
pub const DEFAULT_SIZE: (u32, u32) = (1280, 900);
/// Full-page screenshots stop here, so a runaway page cannot make a huge image.
const MAX_SCREENSHOT_HEIGHT: u32 = 16_000;

pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Result<T> = std::result::Result<T, Error>;

/// True when Chromium and chromedriver are installed; else the skip policy of
/// [`super::skip`] (a loud skip, or a failure with `CI=true`).
pub fn browser_available() -> bool {
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER]
        .into_iter()
        .filter(|path| !Path::new(path).exists())
        .collect();
    if missing.is_empty() {
        return true;
    }
    super::skip::skip(
        &format!("the browser tests need {}", missing.join(" and ")),
        "apt-get install chromium chromium-driver",
    );
    false
}

/// A `file://` URL for an absolute path, percent-encoding what a URL cannot hold.
pub fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                url.push(char::from(byte))
            }
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    url
}

/// How a test reaches the pages of a built site: straight from disk, or through the
/// loopback static host below a sub-path.
pub enum Access<'a> {
    File(&'a Path),
    Http(&'a super::http::StaticServer),
}

impl Access<'_> {
    pub fn name(&self) -> &'static str {
        match self {
            Access::File(_) => "file://",
            Access::Http(_) => "http sub-path",
        }
    }

    /// The URL of a page given its slash-separated path inside the output folder,
    /// optionally followed by `?query`.
    pub fn url(&self, relative: &str) -> String {
        match self {
            Access::File(root) => match relative.split_once('?') {
                Some((path, query)) => format!("{}?{query}", file_url(&root.join(path))),
                None => file_url(&root.join(relative)),
            },
            Access::Http(server) => server.url_of(relative),
        }
    }

    /// Requests the server answered with an error since the last call (none from disk).
    pub fn take_misses(&self) -> Vec<String> {
        match self {
            Access::File(_) => Vec::new(),
            Access::Http(server) => server.take_misses(),
        }
    }
}

/// The `site` fixture built into a temporary folder (`DIR/public`) and a started
/// browser; `None` when the browser is missing (after the skip policy has spoken).
pub async fn site_and_browser() -> Option<(tempfile::TempDir, PathBuf, Browser)> {
    if !browser_available() {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    super::pages::build_site(&public);
    let browser = Browser::start().await.expect("cannot start the browser");
    Some((dir, public, browser))
}

/// What one visit to a page found.
#[derive(Debug, Default)]
pub struct PageReport {
    /// The `lang` attribute of `<html>` ("" when absent).
    pub lang: String,
    /// Every console error and failed request, one human-readable line each.
    pub problems: Vec<String>,
}

/// A headless Chromium session; call [`Browser::close`] when done.
pub struct Browser {
    client: Client,
    session: String,
    // Dropped in this order: chromedriver is killed before its profile folder goes.
    driver: Driver,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver on a free loopback port and opens a session.
    pub async fn start() -> Result<Self> {
        let profile = tempfile::tempdir()?;
        let driver = Driver::spawn()?;
        driver.wait_ready().await?;

        let (width, height) = DEFAULT_SIZE;
        let args = vec![
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--disable-quic".to_owned(),
            "--hide-scrollbars".to_owned(),
            format!("--user-data-dir={}", profile.path().display()),
            format!("--window-size={width},{height}"),
        ];
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": CHROMIUM, "args": args },
            "goog:loggingPrefs": { "browser": "ALL" },
            "pageLoadStrategy": "normal",
            "timeouts": { "pageLoad": 30_000, "script": 20_000 },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("a JSON object literal")
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&driver.url())
            .await
            .map_err(|e| format!("cannot open a chromedriver session: {e}"))?;
        let session = client
            .session_id()
            .await?
            .ok_or("chromedriver returned no session id")?;
        let browser = Self {
            client,
            session,
            driver,
            _profile: profile,
        };
        browser
            .cdp(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": RECORDER_JS }),
            )
            .await?;
        Ok(browser)
    }

    /// Ends a test: closes the session, then fails with every problem in `failures`
    /// (`what` says where they are: "in the browser", "with the maps") and with the error
    /// that stopped the checks early, if `checked` holds one.
    pub async fn finish(self, checked: Result<()>, mut failures: Vec<String>, what: &str) {
        if let Err(error) = checked {
            failures.push(format!("the browser test itself failed: {error}"));
        }
        if let Err(error) = self.close().await {
            eprintln!("warning: closing the browser session failed: {error}");
        }
        assert!(
            failures.is_empty(),
            "{} problem(s) {what}:\n  {}",
            failures.len(),
            failures.join("\n  ")
        );
    }

    /// Puts the window back to [`DEFAULT_SIZE`] and writes a screenshot to `path`.
    async fn save_screenshot(&self, png: &[u8], path: &Path) -> Result<()> {
        let (default_width, default_height) = DEFAULT_SIZE;
        self.resize(default_width, default_height).await?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, png).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok(())
    }

    /// The WebDriver client, for anything the helpers do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Navigates to `url` and waits until it has loaded.
    pub async fn open(&self, url: &str) -> Result<()> {
        self.client
            .goto(url)
            .await
            .map_err(|e| format!("cannot open {url}: {e}"))?;
        Ok(())
    }

    /// Opens `url` and returns its language and every problem found there.
    pub async fn check_page(&self, url: &str) -> Result<PageReport> {
        // Errors logged after the previous check belong to the previous page.
        self.console_errors().await?;
        self.open(url).await?;
        let mut problems = self.failed_requests().await?;
        problems.extend(self.console_errors().await?);
        Ok(PageReport {
            lang: self.html_lang().await?,
            problems,
        })
    }

    /// Console errors (level SEVERE) logged since the last call: `console.error`, uncaught
    /// exceptions, and "Failed to load resource" for every failed request.
    pub async fn console_errors(&self) -> Result<Vec<String>> {
        let log = self
            .driver_command("se/log", json!({ "type": "browser" }))
            .await
            .map_err(|e| format!("cannot read the browser console log: {e}"))?;
        let entries = log.as_array().ok_or("the console log is not a list")?;
        Ok(entries
            .iter()
            .filter(|entry| entry["level"] == "SEVERE")
            .map(|entry| {
                let source = entry["source"].as_str().unwrap_or("console");
                let message = entry["message"].as_str().unwrap_or("(no message)");
                format!("console error ({source}): {message}")
            })
            .collect())
    }

    /// Resources the current page failed to load: any `error` event on an element
    /// (images, scripts, stylesheets, media, frames), images that cannot be decoded,
    /// and stylesheets that never produced a style sheet. Waits for the page to settle.
    pub async fn failed_requests(&self) -> Result<Vec<String>> {
        let found = self.client.execute_async(CHECK_JS, vec![]).await?;
        let found = found.as_array().ok_or("the page check returned no list")?;
        Ok(found
            .iter()
            .map(|item| item.as_str().unwrap_or("(unreadable problem)").to_owned())
            .collect())
    }

    /// The `lang` attribute of the current page's `<html>`.
    pub async fn html_lang(&self) -> Result<String> {
        let lang = self
            .client
            .execute("return document.documentElement.lang;", vec![])
            .await?;
        Ok(lang.as_str().unwrap_or("").to_owned())
    }

    /// The current URL, as the browser resolved it.
    pub async fn current_url(&self) -> Result<String> {
        Ok(self.client.current_url().await?.to_string())
    }

    /// Clicks the first element matching `css` and waits until the URL changes.
    pub async fn click_and_wait(&self, css: &str) -> Result<()> {
        let before = self.current_url().await?;
        let element = self
            .client
            .find(Locator::Css(css))
            .await
            .map_err(|e| format!("no element matches {css:?}: {e}"))?;
        element.click().await?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.current_url().await? == before {
            if Instant::now() > deadline {
                return Err(format!("clicking {css:?} did not navigate away from {before}").into());
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        // Wait for the new document to finish loading before anyone inspects it.
        while self
            .client
            .execute("return document.readyState;", vec![])
            .await?
            != "complete"
        {
            if Instant::now() > deadline {
                return Err(
                    format!("the page after clicking {css:?} never finished loading").into(),
                );
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        Ok(())
    }

    /// The resolved `href` (absolute URL) of the first element matching `css`.
    pub async fn href_of(&self, css: &str) -> Result<String> {
        let element = self
            .client
            .find(Locator::Css(css))
            .await
            .map_err(|e| format!("no element matches {css:?}: {e}"))?;
        let href = element.prop("href").await?;
        href.ok_or_else(|| format!("{css:?} has no href").into())
    }

    /// Resizes the browser window; in headless mode the viewport follows it.
    pub async fn resize(&self, width: u32, height: u32) -> Result<()> {
        self.client.set_window_size(width, height).await?;
        Ok(())
    }

    /// Saves a full-page PNG of the current page as it looks `width` CSS pixels wide,
    /// then restores the default window size.
    pub async fn screenshot(&self, width: u32, path: &Path) -> Result<()> {
        self.resize(width, DEFAULT_SIZE.1).await?;
        let inner = self
            .client
            .execute("return window.innerWidth;", vec![])
            .await?;
        if inner.as_u64() != Some(u64::from(width)) {
            return Err(format!("asked for a {width} px viewport, got {inner}").into());
        }
        // The WebDriver screenshot shows the viewport only: make it as tall as the page.
        // The window is taller than its viewport, and the page may reflow when the
        // viewport grows (`100vh` blocks): adjust a few times until they agree.
        let mut window_height = DEFAULT_SIZE.1;
        for _ in 0..3 {
            let sizes = self
                .client
                .execute(
                    "return [document.documentElement.scrollHeight, window.innerHeight];",
                    vec![],
                )
                .await?;
            let page = sizes[0].as_u64().unwrap_or(0);
            let viewport = sizes[1].as_u64().unwrap_or(0);
            if page == viewport {
                break;
            }
            let chrome = u64::from(window_height).saturating_sub(viewport);
            window_height = u32::try_from(page + chrome)
                .unwrap_or(MAX_SCREENSHOT_HEIGHT)
                .clamp(DEFAULT_SIZE.1 / 2, MAX_SCREENSHOT_HEIGHT);
            self.resize(width, window_height).await?;
        }
        let png = self.client.screenshot().await?;
        self.save_screenshot(&png, path).await
    }

    /// Emulates the reader's `prefers-color-scheme`: `"dark"`, `"light"`, or `""` for
    /// the browser's own. Holds for the pages opened after it, until changed.
    pub async fn emulate_color_scheme(&self, scheme: &str) -> Result<()> {
        self.emulate_media("", scheme).await
    }

    /// Emulates a media type (`"print"`, `"screen"`, or `""` for the browser's own) and
    /// a `prefers-color-scheme` at once; each call replaces the one before.
    pub async fn emulate_media(&self, media: &str, scheme: &str) -> Result<()> {
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({
                "media": media,
                "features": [{ "name": "prefers-color-scheme", "value": scheme }],
            }),
        )
        .await?;
        Ok(())
    }

    /// The open page printed to PDF on A4, as Chromium's print dialog would (print
    /// styles, backgrounds only where the page asks for them).
    pub async fn print_pdf(&self) -> Result<Vec<u8>> {
        let printed = self
            .cdp(
                "Page.printToPDF",
                json!({ "paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": true }),
            )
            .await?;
        let data = printed["data"]
            .as_str()
            .ok_or_else(|| format!("Page.printToPDF returned no data: {printed}"))?;
        decode_base64(data)
    }

    /// Presses Tab once, as a keyboard reader moving to the next link.
    pub async fn press_tab(&self) -> Result<()> {
        let tab = '\u{e004}';
        let keys = KeyActions::new("keyboard".to_owned())
            .then(KeyAction::Down { value: tab })
            .then(KeyAction::Up { value: tab });
        self.client.perform_actions(keys).await?;
        Ok(())
    }

    /// Saves a PNG of the first element matching `css` as it looks `width` CSS pixels
    /// wide, then restores the default window size.
    pub async fn screenshot_element(&self, css: &str, width: u32, path: &Path) -> Result<()> {
        self.resize(width, DEFAULT_SIZE.1).await?;
        // The element must lie wholly in the viewport: as tall as it, scrolled to its top.
        let height = self
            .client
            .execute(
                "const el = document.querySelector(arguments[0]);\n\
                 return el ? Math.ceil(el.getBoundingClientRect().height) : 0;",
                vec![json!(css)],
            )
            .await?
            .as_u64()
            .unwrap_or(0);
        let tall = u32::try_from(height + 200)
            .unwrap_or(MAX_SCREENSHOT_HEIGHT)
            .clamp(DEFAULT_SIZE.1, MAX_SCREENSHOT_HEIGHT);
        self.resize(width, tall).await?;
        self.client
            .execute(
                "document.querySelector(arguments[0])?.scrollIntoView({ block: \"start\" });",
                vec![json!(css)],
            )
            .await?;
        let element = self
            .client
            .find(Locator::Css(css))
            .await
            .map_err(|e| format!("no element matches {css:?}: {e}"))?;
        let png = element.screenshot().await?;
        self.save_screenshot(&png, path).await
    }

    /// Ends the session (Chromium quits); chromedriver is stopped when `self` drops.
    pub async fn close(self) -> Result<()> {
        self.client.clone().close().await?;
        Ok(())
    }

    /// Runs a Chrome DevTools Protocol command through chromedriver (on the current tab).
    pub async fn cdp(&self, command: &str, params: Value) -> Result<Value> {
        self.driver_command(
            "goog/cdp/execute",
            json!({ "cmd": command, "params": params }),
        )
        .await
    }

    /// POSTs a chromedriver-specific command for this session. fantoccini's own
    /// `issue_cmd` would need the `http` and `url` crates in our dev-dependencies to
    /// implement its command trait; a plain loopback request needs nothing.
    async fn driver_command(&self, command: &str, body: Value) -> Result<Value> {
        let port = self.driver.port;
        let path = format!("/session/{}/{command}", self.session);
        tokio::task::spawn_blocking(move || post_json(port, &path, &body)).await?
    }
}

/// A chromedriver child process, killed when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn spawn() -> Result<Self> {
        // Ask the OS for a free port; the tiny race until chromedriver binds it is fine
        // for a test machine.
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {CHROMEDRIVER}: {e}"))?;
        Ok(Self { child, port })
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Polls `/status` until chromedriver accepts sessions.
    async fn wait_ready(&self) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(20);
        let port = self.port;
        loop {
            let status =
                tokio::task::spawn_blocking(move || request_json(port, "GET", "/status", None))
                    .await?;
            if let Ok(status) = status
                && status["ready"] == true
            {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("chromedriver on port {port} not ready after 20 s").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn post_json(port: u16, path: &str, body: &Value) -> Result<Value> {
    request_json(port, "POST", path, Some(body))
}

/// One HTTP/1.1 request to chromedriver on loopback; returns the response's `value`.
fn request_json(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
         Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    )?;
    // chromedriver may keep the connection open: read the head, then Content-Length bytes.
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Err("chromedriver closed the connection mid-response".into());
        }
        if line.trim_end().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse()?;
        }
        head.push_str(&line);
    }
    let mut payload = vec![0; length];
    reader.read_exact(&mut payload)?;
    let payload = String::from_utf8(payload)?;
    let status_ok = head.split_whitespace().nth(1) == Some("200");
    let json: Value = serde_json::from_str(&payload)
        .map_err(|e| format!("chromedriver sent no JSON ({e}): {payload:.200}"))?;
    if !status_ok {
        return Err(format!("{method} {path}: {}", json["value"]).into());
    }
    Ok(json["value"].clone())
}

/// Installed before any page script: keeps every resource `error` event. Such events do
/// not bubble, so the listener is on `window` in the capture phase.
const RECORDER_JS: &str = r#"
window.__briefingFailures = [];
window.addEventListener("error", (event) => {
  const el = event.target;
  if (el && el !== window && el.tagName) {
    const url = el.currentSrc || el.src || el.href || "(no URL)";
    window.__briefingFailures.push(`failed to load <${el.tagName.toLowerCase()}>: ${url}`);
  }
}, true);
"#;

/// Run with `execute_async` after a page loaded: settles the page and returns the list
/// of failed resources, without duplicates.
const CHECK_JS: &str = r#"
const done = arguments[arguments.length - 1];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
(async () => {
  if (document.readyState !== "complete") {
    await new Promise((resolve) => addEventListener("load", resolve, { once: true }));
  }
  const problems = new Set(window.__briefingFailures || []);
  if (location.protocol === "chrome-error:") {
    done(["the browser showed its error page: the page itself did not load"]);
    return;
  }
  if (!window.__briefingFailures) {
    problems.add("the failure recorder was not installed on this page");
  }
  // Lazy images load only near the viewport: load them all now, so all are checked.
  const images = [...document.images];
  for (const img of images) if (img.loading === "lazy") img.loading = "eager";
  await Promise.all(images.map((img) => Promise.race([
    img.decode().catch(() => {
      problems.add(`image did not load: ${img.currentSrc || img.src || img.outerHTML}`);
    }),
    sleep(5000).then(() => {
      if (!img.complete) problems.add(`image still loading after 5 s: ${img.src}`);
    }),
  ])));
  // Stylesheets for other media (print) may finish after `load`: give them a moment.
  const sheets = [...document.querySelectorAll('link[rel~="stylesheet"]')]
    .filter((link) => !link.disabled && !/\balternate\b/i.test(link.rel));
  const recorded = () => (window.__briefingFailures || []).join("\n");
  const pending = () => sheets.filter((l) => !l.sheet && !recorded().includes(l.href));
  for (let waited = 0; waited < 3000 && pending().length > 0; waited += 50) {
    await sleep(50);
  }
  for (const link of sheets) {
    if (!link.sheet) problems.add(`stylesheet did not load: ${link.href}`);
  }
  for (const failure of window.__briefingFailures || []) problems.add(failure);
  // Let requests the browser makes after `load` (e.g. /favicon.ico) reach the log.
  await new Promise((resolve) => requestAnimationFrame(resolve));
  await sleep(100);
  done([...problems]);
})().catch((error) => done([`page check crashed: ${error}`]));
"#;

/// Standard base64 (RFC 4648, with padding), as CDP returns binary data.
fn decode_base64(text: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(text.len() / 4 * 3);
    let (mut bits, mut count) = (0u32, 0u32);
    for c in text
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
    {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return Err(format!("not base64: byte {c}").into()),
        };
        bits = (bits << 6) | u32::from(value);
        count += 6;
        if count >= 8 {
            count -= 8;
            bytes.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    Ok(bytes)
}

/// `target/screenshots/`, next to the build output (honours `CARGO_TARGET_DIR`).
pub fn screenshot_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).join("screenshots")
}
