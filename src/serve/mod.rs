//! `briefing serve`: builds the site in memory, serves it on loopback, rebuilds on
//! every change under content/, templates/, static/ and the root's YAML files, and
//! reloads the open tabs. Nothing is written to disk.

mod desk;
mod http;
mod incremental;
mod listen;
mod rebuild;
mod server;
mod watch;

use crate::diagnostics::{Failure, Problem};
use axum::body::Bytes;
use serde::Serialize;
use std::collections::HashMap;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

pub use http::{content_type, lookup};
pub use rebuild::Rebuild;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub drafts: bool,
    /// Include items dated after today.
    pub future: bool,
    /// Open the site in the default browser once it is served.
    pub open: bool,
}

/// One good build, as served: output path -> bytes.
pub struct Snapshot {
    pub files: HashMap<String, Bytes>,
    /// Images, linked files and share cards: output path -> the file in the media
    /// cache (or `content/`) that is read when a browser asks for it.
    pub media: HashMap<String, PathBuf>,
    /// Counts good builds from 1; 0 before the first.
    pub build: u64,
}

/// What open tabs are told after every build attempt.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    /// The good build being served.
    pub build: u64,
    /// Why the latest attempt failed; empty when it succeeded.
    pub problems: Vec<ProblemView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProblemView {
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
    pub hint: String,
    /// `path:line:col: message; hint`, as the terminal shows it.
    pub text: String,
}

impl From<&Problem> for ProblemView {
    fn from(p: &Problem) -> Self {
        ProblemView {
            path: p.path.to_string_lossy().into_owned(),
            line: p.line,
            col: p.col,
            message: p.message.clone(),
            hint: p.hint.clone(),
            text: p.to_string(),
        }
    }
}

/// What the server and the rebuilder share.
pub struct Shared {
    site: RwLock<Arc<Snapshot>>,
    status: tokio::sync::watch::Sender<Status>,
    /// Set once when the server stops: ends the event streams.
    stop: tokio::sync::watch::Sender<bool>,
    /// The open event streams, at most [`http::MAX_STREAMS`].
    streams: listen::Bounded,
    next_stream: std::sync::atomic::AtomicU64,
    /// The translation desk, read from the site's files for the build being served.
    desk: desk::Desk,
}

impl Shared {
    fn snapshot(&self) -> Arc<Snapshot> {
        self.site.read().expect("no reader panics").clone()
    }

    /// Serves `files` as the next good build and tells the open tabs.
    fn publish(&self, files: HashMap<String, Bytes>, media: HashMap<String, PathBuf>) -> u64 {
        let build = self.snapshot().build + 1;
        *self.site.write().expect("no writer panics") = Arc::new(Snapshot {
            files,
            media,
            build,
        });
        self.status.send_replace(Status {
            build,
            problems: Vec::new(),
        });
        build
    }

    /// Swaps in `files` for the current build without telling the tabs: the feeds,
    /// search index and sitemap catching up after the pages.
    fn replace(&self, files: HashMap<String, Bytes>, media: HashMap<String, PathBuf>) {
        let build = self.snapshot().build;
        *self.site.write().expect("no writer panics") = Arc::new(Snapshot {
            files,
            media,
            build,
        });
    }

    /// Keeps the last good build and shows `problems` over it.
    fn fail(&self, problems: &[Problem]) {
        self.status.send_replace(Status {
            build: self.snapshot().build,
            problems: problems.iter().map(ProblemView::from).collect(),
        });
    }
}

/// `briefing serve`: runs until Ctrl-C.
pub fn run(options: &ServeOptions) -> Result<(), Failure> {
    let listener = server::bind(options.bind, options.port)?;
    let address = listener
        .local_addr()
        .map_err(|e| Failure::Io(anyhow::anyhow!("reading the server address: {e}")))?;
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: serving on {}: other machines that can reach this one can read the site{}; \
             leave out --bind to keep it on this machine",
            options.bind,
            if options.drafts {
                ", drafts included"
            } else {
                ""
            }
        );
    }
    let shared = Arc::new(Shared::new(options));
    let url = server::url_of(address);
    // Absolute links (canonical, alternates, feeds, the 404 page) point at this server.
    let mut rebuild = Rebuild::new(options, url.clone(), shared.clone());
    rebuild.run(&[]);
    let watching = watch::Watch::start(&options.root, rebuild)?;

    println!(
        "serving {} at {url} (Ctrl-C to stop); translation desk at {}{}",
        options.root.display(),
        url.trim_end_matches('/'),
        desk::DESK
    );
    if options.open {
        server::open_browser(&url);
    }
    let result = server::serve_until_stopped(listener, &shared);
    watching.stop();
    result?;
    println!("stopped");
    Ok(())
}

impl Shared {
    /// Nothing served yet (build 0).
    fn new(options: &ServeOptions) -> Shared {
        let (status, _) = tokio::sync::watch::channel(Status {
            build: 0,
            problems: Vec::new(),
        });
        let (stop, _) = tokio::sync::watch::channel(false);
        Shared {
            site: RwLock::new(Arc::new(Snapshot {
                files: HashMap::new(),
                media: HashMap::new(),
                build: 0,
            })),
            status,
            stop,
            streams: listen::Bounded::new(http::MAX_STREAMS),
            next_stream: std::sync::atomic::AtomicU64::new(0),
            desk: desk::Desk::new(options.root.clone(), options.drafts, options.future),
        }
    }
}
