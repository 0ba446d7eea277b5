//! `briefing serve` as a user runs it: the real binary on a free port, fetched with a
//! small HTTP/1.1 client; edits, broken edits, traversal attempts, busy ports, Ctrl-C.

mod common;

use common::env::TestSite;
use common::serve::{PATIENCE, Server, request};
use common::site::scratch;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A scratch copy of the fixture site, with a secret file beside it.
fn scratch_site() -> (tempfile::TempDir, PathBuf) {
    let (dir, root) = scratch("basic");
    fs::write(dir.path().join("secret.txt"), "TOP-SECRET-OUTSIDE-THE-SITE").unwrap();
    (dir, root)
}

const ALPHA_IT: &str = "content/briefings/alpha.it.md";
const ALPHA_PAGE: &str = "/it/analisi/vertice-di-prova-ad-astana/index.html";

/// Replaces `from` with `to` in the Italian alpha briefing.
fn edit(root: &Path, from: &str, to: &str) {
    let path = root.join(ALPHA_IT);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from} not in {text}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn serves_the_site_with_types_404_and_the_reload_script() {
    let (_dir, root) = scratch_site();
    let server = Server::start(&root, &[]);

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(home.body.contains("src=\"/__briefing/live.js\""));

    let page = server.get(ALPHA_PAGE);
    assert_eq!(page.status, 200, "{}", server.logs());
    assert!(page.body.contains("Vertice di prova ad Astana"));
    assert_eq!(server.get("/it/").status, 200);

    let folder = server.get("/it");
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("location"), Some("/it/"));

    let css = server.get("/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(!css.body.contains("__briefing"));
    assert_eq!(
        server.get("/favicon.svg").header("content-type"),
        Some("image/svg+xml")
    );
    assert_eq!(
        server.get("/it/feed.xml").header("content-type"),
        Some("application/xml")
    );

    let missing = server.get("/it/nessuna-pagina/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("Pagina non trovata"),
        "{}",
        missing.body
    );
    // At any depth the 404 page links home absolutely, to this server, not production.
    let home = format!("href=\"http://127.0.0.1:{}/it/\"", server.port);
    assert!(missing.body.contains(&home), "no {home} in the 404 page");

    let script = server.get("/__briefing/live.js");
    assert_eq!(
        script.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(script.body.contains("EventSource"));
    assert_eq!(request(server.port, "POST", "/").status, 405);
    let head = request(server.port, "HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
}

/// Traversal requests are in tests/hostile.rs (`serve_answers_hostile_paths_...`); here a
/// symlink out of the site: refused by the build, and the last good build stays.
#[test]
fn a_symlink_out_of_the_site_is_never_served() {
    let (dir, root) = scratch_site();
    let server = Server::start(&root, &[]);
    let secret = dir.path().join("secret.txt");
    #[cfg(unix)]
    {
        let before = server.status()["build"].as_u64().unwrap();
        fs::create_dir_all(root.join("static")).unwrap();
        std::os::unix::fs::symlink(&secret, root.join("static/leak.txt")).unwrap();
        server.wait_for("the symlink to be reported", || {
            let status = server.status();
            status["problems"].to_string().contains("symlink")
        });
        assert_eq!(server.status()["build"].as_u64().unwrap(), before);
        let response = server.get("/leak.txt");
        assert_eq!(response.status, 404);
        assert!(!response.body.contains("TOP-SECRET"));
    }
}

#[test]
fn edits_reload_and_broken_edits_keep_the_last_good_site() {
    let (_dir, root) = scratch_site();
    let server = Server::start(&root, &[]);
    let first = server.status()["build"].as_u64().unwrap();
    assert_eq!(first, 1);

    // The event stream announces the current build at once, then every rebuild.
    let mut events = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    events.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        events,
        "GET /__briefing/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let mut events = BufReader::new(events);
    let mut next_data = || loop {
        let mut line = String::new();
        assert!(events.read_line(&mut line).unwrap() > 0, "stream ended");
        if let Some(data) = line.trim_end().strip_prefix("data: ") {
            return serde_json::from_str::<serde_json::Value>(data).unwrap();
        }
    };
    assert_eq!(next_data()["build"], first);

    edit(&root, "Testo con un", "Prima modifica, con un");
    server.wait_for("the edit to be served", || {
        server.get(ALPHA_PAGE).body.contains("Prima modifica")
    });
    assert_eq!(next_data()["build"], first + 1);

    // Bad front-matter: the old page stays, the problem is in the status and the terminal.
    edit(&root, "title:", "titel:");
    server.wait_for("the problem to be reported", || {
        !server.status()["problems"].as_array().unwrap().is_empty()
    });
    let status = server.status();
    let text = status["problems"][0]["text"].as_str().unwrap();
    assert!(
        text.contains("alpha.it.md:2:1: unknown field `titel`"),
        "{text}"
    );
    assert_eq!(status["build"], first + 1);
    let event = next_data();
    assert_eq!(event["build"], first + 1);
    assert!(
        event["problems"][0]["text"]
            .as_str()
            .unwrap()
            .contains("titel")
    );
    let page = server.get(ALPHA_PAGE);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Prima modifica"));
    assert!(page.body.contains("/__briefing/live.js"));
    server.wait_for("the terminal to show it", || {
        server
            .stderr
            .lock()
            .unwrap()
            .contains("unknown field `titel`")
    });

    // Fixing it clears the problems and serves the fix.
    edit(&root, "titel:", "title:");
    edit(&root, "Prima modifica", "Seconda modifica");
    server.wait_for("the fix to be served", || {
        server.get(ALPHA_PAGE).body.contains("Seconda modifica")
    });
    assert!(server.status()["problems"].as_array().unwrap().is_empty());

    // A template folder made after the start is watched; a template error is located.
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(
        root.join("templates/page.html"),
        "{% extends \"base.html\" %}\n{% block main %}\n{{ doc.content | safe }\n{% endblock main %}\n",
    )
    .unwrap();
    server.wait_for("the template error", || {
        server.status()["problems"]
            .to_string()
            .contains("templates/page.html:3:")
    });
    assert_eq!(server.get(ALPHA_PAGE).status, 200);
    fs::remove_file(root.join("templates/page.html")).unwrap();
    server.wait_for("the template fix", || {
        server.status()["problems"].as_array().unwrap().is_empty()
    });
}

#[test]
fn a_site_that_never_built_shows_its_problems_until_fixed() {
    let (_dir, root) = scratch_site();
    let good = fs::read_to_string(root.join(ALPHA_IT)).unwrap();
    fs::write(root.join(ALPHA_IT), good.replacen("title:", "titel:", 1)).unwrap();
    let server = Server::start(&root, &[]);
    let page = server.get("/");
    assert_eq!(page.status, 503);
    assert!(page.body.contains("/__briefing/live.js"));
    assert_eq!(server.status()["build"], 0);
    fs::write(root.join(ALPHA_IT), good).unwrap();
    server.wait_for("the first good build", || server.get("/").status == 200);
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let site = TestSite::new("basic");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    site.run("serve", &["--port", &port])
        .code(1)
        .says(&[&format!("port {port} on 127.0.0.1 is already in use")]);
}

#[test]
fn binding_beyond_loopback_warns() {
    let (_dir, root) = scratch_site();
    let server = Server::start(&root, &["--bind", "0.0.0.0"]);
    assert_eq!(server.get("/").status, 200);
    server.wait_for("the warning", || {
        server
            .stderr
            .lock()
            .unwrap()
            .contains("warning: serving on 0.0.0.0")
    });
}

#[test]
fn builds_never_contain_the_reload_script() {
    let site = TestSite::new("basic");
    site.built(&[]);
    for entry in walkdir::WalkDir::new(&site.output) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let bytes = fs::read(entry.path()).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains("__briefing"),
                "{}",
                entry.path().display()
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly_and_leaves_no_files() {
    let (dir, root) = scratch_site();
    // The media cache (share cards) is the one folder written besides the output, by
    // `serve` as by `build`; anything else left behind is a leak.
    let listing = || -> Vec<PathBuf> {
        walkdir::WalkDir::new(dir.path())
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap().into_path())
            .filter(|path| {
                !path
                    .components()
                    .any(|c| c.as_os_str() == ".briefing-cache")
            })
            .collect()
    };
    let before = listing();
    let mut server = Server::start(&root, &[]);
    assert_eq!(server.get("/").status, 200);
    // An open event stream must not hold the server up.
    let mut events = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(events, "GET /__briefing/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let killed = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < PATIENCE, "still running after Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}\n{}", server.logs());
    server.wait_for("the goodbye", || {
        server.stdout.lock().unwrap().contains("stopped")
    });
    assert_eq!(before, listing());
}
