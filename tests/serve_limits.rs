//! `briefing serve` against clients that misbehave, on loopback and bounded in time:
//! headers sent a byte at a time (slowloris) or never, a thousand connections that
//! say nothing, hundreds of live-reload streams that come and go. The server must
//! close what stalls, keep answering normal requests, and give back what it took.
//! Linux only: the server's open files and memory are read from /proc.

#![cfg(target_os = "linux")]

mod common;

use common::serve::Server;
use common::site::scratch;
use std::fs;
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// The server's deadline for request headers (`serve::listen::HEADER_TIMEOUT`).
const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// What the server may hold at once: connections and event streams.
const MAX_CONNECTIONS: usize = 512;
const MAX_STREAMS: usize = 128;

/// `briefing serve` on a scratch copy of the basic fixture (the harness's server),
/// with what these tests read of its process.
struct Limits {
    _dir: tempfile::TempDir,
    server: Server,
}

impl Limits {
    fn start() -> Limits {
        let (dir, root) = scratch("basic");
        let server = Server::start(&root, &[]);
        Limits { _dir: dir, server }
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(("127.0.0.1", self.server.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream
    }

    /// A normal request: its status and how long it took.
    fn get(&self, target: &str) -> (u16, Duration) {
        let started = Instant::now();
        let status = self.server.get(target).status;
        (status, started.elapsed())
    }

    /// The server's open files (sockets included).
    fn open_files(&self) -> usize {
        fs::read_dir(format!("/proc/{}/fd", self.server.child.id()))
            .unwrap()
            .count()
    }

    /// The server's resident memory in KiB.
    fn rss_kib(&self) -> u64 {
        let status =
            fs::read_to_string(format!("/proc/{}/status", self.server.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap()
    }

    /// Waits (bounded) until the server holds at most `files` open files.
    /// The open files once the server is idle: it opens some (the file watcher's) just
    /// after it prints its address, so wait until one request is answered and the count
    /// holds still for half a second.
    fn idle_open_files(&self) -> usize {
        assert_eq!(self.get("/it/").0, 200);
        let mut files = self.open_files();
        let mut still = Instant::now();
        let started = Instant::now();
        while still.elapsed() < Duration::from_millis(500)
            && started.elapsed() < Duration::from_secs(10)
        {
            std::thread::sleep(Duration::from_millis(50));
            let now = self.open_files();
            if now != files {
                files = now;
                still = Instant::now();
            }
        }
        files
    }

    fn settles_to(&self, files: usize, within: Duration) -> bool {
        let started = Instant::now();
        while started.elapsed() < within {
            if self.open_files() <= files {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }
}

/// Whether the server closed `stream` (an end of file, or a reset).
fn closed(stream: &mut TcpStream) -> bool {
    stream
        .set_read_timeout(Some(Duration::from_millis(1)))
        .unwrap();
    let mut byte = [0u8; 64];
    match stream.read(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(err) => !matches!(err.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
    }
}

/// How many sockets this test process may still open, within a budget.
fn sockets(wanted: usize) -> usize {
    let soft = fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|l| {
            l.lines()
                .find(|l| l.starts_with("Max open files"))
                .and_then(|l| {
                    l.split_whitespace()
                        .nth(3)
                        .and_then(|n| n.parse::<usize>().ok())
                })
        })
        .unwrap_or(1024);
    // Other tests of this file run at the same time.
    wanted.min(soft / 4)
}

#[test]
fn slow_headers_are_closed_after_the_timeout() {
    let server = Limits::start();
    let started = Instant::now();
    // Half send a header byte every 200 ms and never finish; half send nothing at all.
    let mut slow: Vec<TcpStream> = (0..100)
        .map(|i| {
            let mut s = server.connect();
            if i % 2 == 0 {
                s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                    .unwrap();
            }
            s
        })
        .collect();
    let mut open: Vec<bool> = vec![true; slow.len()];
    let mut closed_at = Vec::new();
    while open.iter().any(|o| *o) && started.elapsed() < HEADER_TIMEOUT * 3 {
        for (i, stream) in slow.iter_mut().enumerate() {
            if !open[i] {
                continue;
            }
            if i % 2 == 0 && stream.write_all(b"a").is_err() || closed(stream) {
                open[i] = false;
                closed_at.push(started.elapsed());
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let still = open.iter().filter(|o| **o).count();
    assert_eq!(
        still,
        0,
        "{still} slow connections still open after {:?}",
        started.elapsed()
    );
    let last = closed_at.iter().max().unwrap();
    assert!(
        *last < HEADER_TIMEOUT + Duration::from_secs(3),
        "closed only after {last:?}"
    );
    // Normal requests were never refused.
    assert_eq!(server.get("/it/").0, 200);
}

#[test]
fn a_thousand_silent_connections_do_not_stop_normal_requests() {
    let server = Limits::start();
    let baseline = server.idle_open_files();
    let count = sockets(1000);
    let held: Vec<TcpStream> = (0..count).map(|_| server.connect()).collect();
    // Beyond the cap the server drops the oldest silent ones as newer ones arrive.
    assert!(
        server.settles_to(baseline + MAX_CONNECTIONS + 16, Duration::from_secs(3)),
        "the server holds {} open files for {count} silent connections (from {baseline})",
        server.open_files()
    );
    for _ in 0..20 {
        let (status, took) = server.get("/en/");
        assert_eq!(status, 200);
        assert!(
            took < Duration::from_secs(2),
            "a normal request took {took:?}"
        );
    }
    drop(held);
    assert!(server.settles_to(baseline + 4, Duration::from_secs(5)));
}

#[test]
fn live_reload_streams_are_capped_and_their_memory_comes_back() {
    let server = Limits::start();
    let baseline = server.idle_open_files();
    let clients = sockets(400);
    let mut rss = Vec::new();
    let started = Instant::now();
    for round in 0..4 {
        // Every client opens the event stream and reads its first event, as a tab does.
        let mut streams = Vec::new();
        for _ in 0..clients {
            let mut s = server.connect();
            s.write_all(b"GET /__briefing/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                .unwrap();
            streams.push(s);
        }
        let mut answered = 0;
        for s in &mut streams {
            let mut seen = Vec::new();
            let mut buf = [0u8; 4096];
            while let Ok(n) = s.read(&mut buf) {
                if n == 0 {
                    break;
                }
                seen.extend_from_slice(&buf[..n]);
                if seen.windows(13).any(|w| w == b"event: status") {
                    answered += 1;
                    break;
                }
            }
        }
        assert_eq!(
            answered, clients,
            "round {round}: not every client got its first event"
        );
        assert!(
            server.settles_to(baseline + MAX_STREAMS + 16, Duration::from_secs(3)),
            "round {round}: {} open files for {clients} streams",
            server.open_files()
        );
        assert_eq!(server.get("/it/").0, 200, "round {round}");
        drop(streams);
        assert!(
            server.settles_to(baseline + 4, Duration::from_secs(5)),
            "round {round}: {} open files after the clients left (from {baseline})",
            server.open_files()
        );
        rss.push(server.rss_kib());
    }
    eprintln!(
        "{clients} clients x 4 rounds in {:?}; RSS after each round (KiB): {rss:?}",
        started.elapsed()
    );
    assert!(
        rss[3] <= rss[0] + 16 * 1024,
        "memory grows with every round of clients: {rss:?} KiB"
    );
}
