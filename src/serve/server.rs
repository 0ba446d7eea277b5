//! Starting and stopping the server: the port bound (or why not), the address a browser
//! opens, the runtime that serves until Ctrl-C or SIGTERM, and the browser opened on request.

use super::{Shared, http, listen};
use crate::diagnostics::{Failure, Problem};
use std::io::ErrorKind;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

/// The address a browser opens for `address`.
pub(super) fn url_of(address: SocketAddr) -> String {
    match address.ip() {
        ip if ip.is_unspecified() => format!("http://127.0.0.1:{}/", address.port()),
        IpAddr::V6(ip) => format!("http://[{ip}]:{}/", address.port()),
        ip => format!("http://{ip}:{}/", address.port()),
    }
}

/// Serves `shared` on `listener` until Ctrl-C (or SIGTERM).
pub(super) fn serve_until_stopped(
    listener: TcpListener,
    shared: &Arc<Shared>,
) -> Result<(), Failure> {
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
pub(super) fn bind(ip: IpAddr, port: u16) -> Result<TcpListener, Failure> {
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

pub(super) fn open_browser(url: &str) {
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
