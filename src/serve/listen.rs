//! Accepts `serve`'s connections so that bad clients cannot starve good ones: request
//! headers must arrive within a deadline, connections are capped, and at the cap the
//! oldest connection still sending its headers is dropped for the newcomer.

use axum::Router;
use hyper::body::Incoming;
use hyper::service::Service as _;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, Semaphore, watch};

/// How long a client may take to send a request's headers, and how long a kept-alive
/// connection may stay idle. A browser on this machine or the LAN takes milliseconds.
pub(super) const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// Open connections at most, far below the usual limit of 1024 open files. At the
/// cap a new connection takes the place of the oldest one that has not sent a whole
/// request yet (a browser sends its headers at once; slowloris never does), or, if
/// every connection is busy, is answered 503 and closed.
pub(super) const MAX_CONNECTIONS: usize = 512;

/// At most `limit` members, oldest first: admitting one more ends the oldest (it is
/// told through its `Notify`). Holds connections that have not sent a whole request
/// yet, and the open event streams.
pub(super) struct Bounded {
    limit: usize,
    members: Mutex<VecDeque<(u64, Arc<Notify>)>>,
}

impl Bounded {
    pub(super) fn new(limit: usize) -> Bounded {
        Bounded {
            limit,
            members: Mutex::new(VecDeque::new()),
        }
    }

    /// Adds `id`; returns what tells it that it was ended for a newer one.
    pub(super) fn admit(&self, id: u64) -> Arc<Notify> {
        let ended = Arc::new(Notify::new());
        let mut members = self.members.lock().expect("no holder panics");
        if members.len() >= self.limit
            && let Some((_, oldest)) = members.pop_front()
        {
            oldest.notify_one();
        }
        members.push_back((id, ended.clone()));
        ended
    }

    /// Ends the oldest member; false when there is none.
    pub(super) fn end_oldest(&self) -> bool {
        let oldest = self.members.lock().expect("no holder panics").pop_front();
        oldest.map(|(_, ended)| ended.notify_one()).is_some()
    }

    /// `id` is no longer a member (done, or gone).
    pub(super) fn remove(&self, id: u64) {
        self.members
            .lock()
            .expect("no holder panics")
            .retain(|(other, _)| *other != id);
    }
}

/// Serves `router` on `listener` until `stop` turns true, then lets open
/// connections finish for up to `grace`.
pub(super) async fn serve(
    listener: TcpListener,
    router: Router,
    mut stop: watch::Receiver<bool>,
    grace: Duration,
) {
    let open = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let unfinished = Arc::new(Bounded::new(MAX_CONNECTIONS));
    let mut next = 0u64;
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors, say: wait a little instead of spinning.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = stopped(&mut stop) => break,
        };
        let permit = match open.clone().try_acquire_owned() {
            Ok(permit) => permit,
            // Full: the oldest unfinished connection goes, and its place is taken
            // as soon as its task ends.
            Err(_) if unfinished.end_oldest() => {
                match tokio::time::timeout(Duration::from_millis(200), open.clone().acquire_owned())
                    .await
                {
                    Ok(Ok(permit)) => permit,
                    _ => {
                        tokio::spawn(refuse(stream));
                        continue;
                    }
                }
            }
            Err(_) => {
                tokio::spawn(refuse(stream));
                continue;
            }
        };
        next += 1;
        let dropped = unfinished.admit(next);
        let connection = Connection {
            id: next,
            router: router.clone(),
            unfinished: unfinished.clone(),
            stop: stop.clone(),
        };
        tokio::spawn(async move {
            connection.run(stream, dropped).await;
            drop(permit);
        });
    }
    let all = u32::try_from(MAX_CONNECTIONS).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(grace, open.acquire_many(all)).await;
}

/// Resolves once `stop` turns true (or its sender is gone).
async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|stopped| *stopped).await;
}

/// A short refusal for a connection over the cap; it fits in one write.
async fn refuse(stream: TcpStream) {
    let answer = b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    if let Ok(Ok(())) = tokio::time::timeout(Duration::from_secs(1), stream.writable()).await {
        let _ = stream.try_write(answer);
    }
}

struct Connection {
    id: u64,
    router: Router,
    unfinished: Arc<Bounded>,
    stop: watch::Receiver<bool>,
}

impl Connection {
    async fn run(mut self, stream: TcpStream, dropped: Arc<Notify>) {
        let (id, unfinished) = (self.id, self.unfinished.clone());
        let tower = TowerToHyperService::new(self.router.clone());
        let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
            unfinished.remove(id);
            tower.call(request)
        });
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new())
            .header_read_timeout(HEADER_TIMEOUT);
        let connection = http.serve_connection(TokioIo::new(stream), service);
        tokio::pin!(connection);
        tokio::select! {
            _ = connection.as_mut() => {}
            _ = dropped.notified() => {}
            () = stopped(&mut self.stop) => {
                connection.as_mut().graceful_shutdown();
                let _ = connection.await;
            }
        }
        self.unfinished.remove(self.id);
    }
}
