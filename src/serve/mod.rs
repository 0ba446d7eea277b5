//! `briefing serve`: builds the site in memory, serves it on loopback, rebuilds on
//! every change under content/, templates/, static/ and the root's YAML files, and
//! reloads the open tabs. Nothing is written to disk.

mod desk;
mod http;
mod incremental;
mod listen;
mod watch;

use crate::diagnostics::{Failure, Problem};
use axum::body::Bytes;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::io::ErrorKind;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

pub use http::{content_type, lookup};

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
    let listener = bind(options.bind, options.port)?;
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
    let url = url_of(address);
    let mut rebuild = Rebuild {
        root: options.root.clone(),
        drafts: options.drafts,
        future: options.future,
        // Absolute links (canonical, alternates, feeds, the 404 page) point at this server.
        base_url: url.clone(),
        shared: shared.clone(),
        cache: None,
        pending: BTreeSet::new(),
    };
    rebuild.run(&[]);
    let watching = watch::Watch::start(&options.root, rebuild)?;

    println!(
        "serving {} at {url} (Ctrl-C to stop); translation desk at {}{}",
        options.root.display(),
        url.trim_end_matches('/'),
        desk::DESK
    );
    if options.open {
        open_browser(&url);
    }
    let result = serve_until_stopped(listener, &shared);
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

/// The address a browser opens for `address`.
fn url_of(address: SocketAddr) -> String {
    match address.ip() {
        ip if ip.is_unspecified() => format!("http://127.0.0.1:{}/", address.port()),
        IpAddr::V6(ip) => format!("http://[{ip}]:{}/", address.port()),
        ip => format!("http://{ip}:{}/", address.port()),
    }
}

/// Serves `shared` on `listener` until Ctrl-C (or SIGTERM).
fn serve_until_stopped(listener: TcpListener, shared: &Arc<Shared>) -> Result<(), Failure> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure::Io(anyhow::anyhow!("starting the server: {e}")))?;
    let result = runtime.block_on(async {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        // Open connections get a moment to finish, then the process goes anyway.
        let server = tokio::spawn(listen::serve(
            listener,
            http::router(shared.clone()),
            shared.stop.subscribe(),
            Duration::from_secs(3),
        ));
        shutdown_signal().await;
        shared.stop.send_replace(true);
        let _ = tokio::time::timeout(Duration::from_secs(4), server).await;
        Ok::<(), std::io::Error>(())
    });
    runtime.shutdown_timeout(Duration::from_secs(1));
    result.map_err(|e| Failure::Io(anyhow::anyhow!("serving: {e}")))
}

/// Binds the port, or says clearly why not.
fn bind(ip: IpAddr, port: u16) -> Result<TcpListener, Failure> {
    let address = SocketAddr::new(ip, port);
    TcpListener::bind(address).map_err(|err| {
        let problem = match err.kind() {
            ErrorKind::AddrInUse => Problem::new(
                "--port",
                format!("port {port} on {ip} is already in use (another `briefing serve`?)"),
            )
            .hint(format!(
                "stop the other server, or choose a port: --port {} (or --port 0 for any free one)",
                port.wrapping_add(1).max(1024)
            )),
            ErrorKind::AddrNotAvailable => {
                Problem::new("--bind", format!("{ip} is not an address of this machine"))
                    .hint("leave out --bind to serve on 127.0.0.1")
            }
            ErrorKind::PermissionDenied => Problem::new(
                "--port",
                format!("not allowed to serve on port {port} of {ip}"),
            )
            .hint("ports below 1024 need privileges; the default is 1111"),
            _ => Problem::new("--port", format!("cannot serve on {address}: {err}")),
        };
        Failure::from(problem)
    })
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    match command.spawn() {
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(err) => eprintln!("warning: could not open a browser ({err}); open {url} yourself"),
    }
}

/// Turns the site into a served build; called once at start and after each change.
pub struct Rebuild {
    root: PathBuf,
    drafts: bool,
    future: bool,
    shared: Arc<Shared>,
    /// The last good build, to rebuild incrementally from.
    cache: Option<incremental::Cache>,
    /// Changes since the last good build (a failed build keeps them for the next try).
    pending: BTreeSet<PathBuf>,
    base_url: String,
}

impl Rebuild {
    /// What this rebuild publishes; "today" is taken anew, so a page scheduled for
    /// tomorrow appears in a server left running overnight.
    fn selection(&self) -> Result<crate::content::Selection, Problem> {
        crate::content::Selection::new(self.drafts, self.future)
    }

    /// Rebuilds after `changed` (paths relative to the root; empty for the first build),
    /// publishes a good build, or keeps the last one and reports the problems.
    fn run(&mut self, changed: &[PathBuf]) {
        let started = Instant::now();
        self.pending.extend(changed.iter().cloned());
        let changed: Vec<PathBuf> = self.pending.iter().cloned().collect();
        let had_problems = !self.shared.status.borrow().problems.is_empty();
        let fixed = if had_problems { "fixed; " } else { "" };
        let what = describe(&changed);

        let selection = self.selection();
        let update = match self.cache.as_mut() {
            Some(cache) if !changed.is_empty() => match selection {
                Ok(selection) => cache.update(&changed, selection),
                Err(ref problem) => Some(Err(vec![problem.clone()])),
            },
            _ => None,
        };
        let result = match update {
            Some(Ok(update)) => {
                self.published_update(&update, started, &format!("{fixed}updated"), &what);
                Ok(())
            }
            Some(Err(problems)) => Err(Failure::Problems(problems)),
            None => selection.map_err(Failure::from).and_then(|selection| {
                let note = if changed.is_empty() {
                    String::new()
                } else {
                    format!(" after a change to {what}")
                };
                self.full_build(selection, started, fixed, &note)
            }),
        };
        match result {
            Ok(()) => self.pending.clear(),
            Err(failure) => self.failed(failure),
        }
    }

    /// Serves the cache an incremental update left, and says what it did.
    fn published_update(
        &self,
        update: &incremental::Update,
        started: Instant,
        done: &str,
        what: &str,
    ) {
        let (files, media) = self
            .cache
            .as_ref()
            .map(|c| (c.files.clone(), c.media.clone()))
            .unwrap_or_default();
        self.shared.publish(files, media);
        let pages = if update.all_pages {
            "every page".to_string()
        } else {
            let s = if update.files == 1 { "" } else { "s" };
            format!("{} file{s}", update.files)
        };
        println!(
            "{done} {pages} in {} ms after a change to {what}",
            started.elapsed().as_millis()
        );
        // What `build` would warn about: the old URL of a page given a new slug.
        for problem in &update.lost {
            eprintln!("warning: {problem}");
        }
    }

    /// A whole build in memory, served and kept for the next update.
    fn full_build(
        &mut self,
        selection: crate::content::Selection,
        started: Instant,
        fixed: &str,
        note: &str,
    ) -> Result<(), Failure> {
        let cache = incremental::Cache::build(&self.root, selection, Some(&self.base_url))?;
        let count = cache.files.len();
        self.shared
            .publish(cache.files.clone(), cache.media.clone());
        self.cache = Some(cache);
        let elapsed = started.elapsed().as_millis();
        if note.is_empty() {
            println!("built {count} files in {elapsed} ms");
        } else {
            println!("{fixed}rebuilt {count} files in {elapsed} ms{note}");
        }
        Ok(())
    }

    /// Reports a failed build on the terminal and in the open tabs.
    fn failed(&self, failure: Failure) {
        let problems = match failure {
            Failure::Problems(problems) => problems,
            Failure::Io(err) => vec![Problem::new(&self.root, format!("{err:#}"))],
        };
        for problem in &problems {
            eprintln!("error: {problem}");
        }
        let s = if problems.len() == 1 { "" } else { "s" };
        if self.shared.snapshot().build == 0 {
            eprintln!(
                "{} problem{s}: nothing to serve until they are fixed; the browser shows them too",
                problems.len()
            );
        } else {
            eprintln!(
                "{} problem{s}: still serving the last good build; the browser shows them too",
                problems.len()
            );
        }
        self.shared.fail(&problems);
    }
}

impl Rebuild {
    /// Whether the feeds, search index and sitemap wait for a pause in the edits.
    fn behind(&self) -> bool {
        self.cache.as_ref().is_some_and(|c| c.extras_stale)
    }

    /// Brings the feeds, search index and sitemap up to date, without reloading tabs.
    fn catch_up(&mut self) {
        let Some(cache) = self.cache.as_mut() else {
            return;
        };
        let started = Instant::now();
        match cache.catch_up() {
            Ok(()) => {
                self.shared
                    .replace(cache.files.clone(), cache.media.clone());
                println!(
                    "  feeds, search index and sitemap caught up in {} ms",
                    started.elapsed().as_millis()
                );
            }
            Err(problems) => {
                // Not expected after good pages; a full build sorts it out.
                for problem in &problems {
                    eprintln!("error: {problem}");
                }
                self.cache = None;
                self.shared.fail(&problems);
            }
        }
    }
}

fn describe(changed: &[PathBuf]) -> String {
    match changed {
        [] => "nothing".to_string(),
        [one] => one.display().to_string(),
        [first, rest @ ..] => format!("{} and {} other files", first.display(), rest.len()),
    }
}

/// Set when the watcher should stop; shared with its thread.
#[derive(Clone, Default)]
struct StopFlag(Arc<AtomicBool>);

impl StopFlag {
    fn set(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
    fn is_set(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// The path of `path` under `root` (both as the watcher reports them).
fn relative_to<'a>(path: &'a Path, root: &Path) -> Option<&'a Path> {
    path.strip_prefix(root).ok()
}
