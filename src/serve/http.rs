//! The preview's HTTP server, on std's `TcpListener`: a bounded pool of worker threads (a
//! burst of connections waits in a bounded queue, then in the system's backlog, instead of
//! starting a thread each), read and write timeouts on every connection (a client that sends
//! nothing, or reads nothing, is dropped), one request per connection, and a bounded set of
//! event-stream clients served by one thread (beyond the bound the oldest is closed; the
//! browser's `EventSource` reconnects by itself).

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::State;

/// Threads answering requests.
pub const WORKERS: usize = 16;
/// Connections accepted and waiting for a worker.
const QUEUE: usize = 64;
/// Browsers listening for reloads at once; the oldest is closed beyond this.
pub const MAX_EVENT_CLIENTS: usize = 64;
/// How long a client may take to send its request (a connection opened ahead and left unused
/// holds a worker until then), or to take the answer.
const READ_TIMEOUT: Duration = Duration::from_secs(5);
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one event may take to reach a browser before it is dropped.
const EVENT_WRITE_TIMEOUT: Duration = Duration::from_secs(2);
/// The largest request head read (a browser's GET is well under this).
const MAX_HEAD: usize = 16 * 1024;
/// How often a comment is sent to the event streams to keep them open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

pub const EVENTS: &str = "/__lianluo/events";
/// The live-reload script, served as a file so that it obeys the pages' CSP.
pub const RELOAD_JS: &str = "/__lianluo/reload.js";
/// The error overlay's style, a file for the same reason.
pub const OVERLAY_CSS: &str = "/__lianluo/overlay.css";

const RELOAD_SCRIPT: &str = "// lianluo serve: reloads the page after each rebuild.\nnew EventSource(\"/__lianluo/events\").addEventListener(\"reload\", () => location.reload());\n";
const OVERLAY_STYLE: &str = "#lianluo-errors{position:fixed;left:0;right:0;top:0;max-height:75vh;overflow:auto;z-index:2147483647;background:#fff;color:#1f2328;border-bottom:6px solid #a40e26;padding:1rem 1.5rem;font:15px/1.6 monospace;box-shadow:0 4px 16px rgba(0,0,0,.3)}#lianluo-errors h2{margin:0 0 .5rem;color:#a40e26}\n";

/// The browsers listening for reloads, each with the version it has seen, oldest first.
#[derive(Default)]
pub struct EventClients {
    clients: Mutex<VecDeque<(TcpStream, u64)>>,
}

impl EventClients {
    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<(TcpStream, u64)>> {
        self.clients.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Adds a client, closing the oldest beyond the bound.
    fn add(&self, stream: TcpStream, version: u64) {
        let mut clients = self.lock();
        while clients.len() >= MAX_EVENT_CLIENTS {
            if let Some((oldest, _)) = clients.pop_front() {
                let _ = oldest.shutdown(Shutdown::Both);
            }
        }
        clients.push_back((stream, version));
    }

    /// Sends `reload` to the clients that have not seen `version` (a comment to the others
    /// when `keep_alive`); drops the clients that cannot take it.
    fn send(&self, version: u64, keep_alive: bool) {
        let reload = format!("event: reload\ndata: {version}\n\n");
        let mut clients = self.lock();
        clients.retain_mut(|(stream, seen)| {
            let message = if *seen < version {
                reload.as_str()
            } else if keep_alive {
                ": keep-alive\n\n"
            } else {
                return true;
            };
            let sent = stream
                .write_all(message.as_bytes())
                .and_then(|_| stream.flush());
            *seen = version;
            sent.is_ok()
        });
    }
}

/// Answers requests on `listener` until the process is stopped.
pub fn run(listener: TcpListener, state: Arc<State>) {
    let (queue, waiting) = sync_channel::<TcpStream>(QUEUE);
    let waiting = Arc::new(Mutex::new(waiting));
    for _ in 0..WORKERS {
        let (state, waiting) = (state.clone(), waiting.clone());
        std::thread::spawn(move || work(&state, &waiting));
    }
    let broadcaster = state.clone();
    std::thread::spawn(move || broadcast(&broadcaster));
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of file descriptors, or a connection reset before it was accepted.
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        let timeouts = stream
            .set_read_timeout(Some(READ_TIMEOUT))
            .and_then(|_| stream.set_write_timeout(Some(WRITE_TIMEOUT)));
        if timeouts.is_ok() && queue.send(stream).is_err() {
            return;
        }
    }
}

fn work(state: &State, waiting: &Mutex<Receiver<TcpStream>>) {
    loop {
        let next = waiting.lock().unwrap_or_else(|p| p.into_inner()).recv();
        let Ok(stream) = next else { return };
        answer(state, stream);
    }
}

/// Sends `reload` after every rebuild, a comment every 15 s otherwise.
fn broadcast(state: &State) {
    let mut seen = state.lock().version;
    loop {
        let version = {
            let shared = state.lock();
            let (shared, _) = state
                .changed
                .wait_timeout_while(shared, KEEP_ALIVE, |s| s.version == seen)
                .unwrap_or_else(|p| p.into_inner());
            shared.version
        };
        state.events.send(version, version == seen);
        seen = version;
    }
}

/// The path of a request, from its head; `Err` with the status to answer.
fn read_request(stream: &mut TcpStream) -> Result<(String, bool), u16> {
    let mut head = Vec::with_capacity(1024);
    let mut buffer = [0u8; 4096];
    loop {
        let n = stream.read(&mut buffer).map_err(|_| 408u16)?;
        if n == 0 {
            return Err(400);
        }
        head.extend_from_slice(&buffer[..n]);
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut request = httparse::Request::new(&mut headers);
        match request.parse(&head) {
            Ok(httparse::Status::Complete(_)) => {
                let path = request.path.unwrap_or("/").to_string();
                return match request.method {
                    Some("GET") => Ok((path, true)),
                    Some("HEAD") => Ok((path, false)),
                    _ => Err(405),
                };
            }
            Ok(httparse::Status::Partial) if head.len() < MAX_HEAD => {}
            Ok(httparse::Status::Partial) => return Err(431),
            Err(_) => return Err(400),
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        _ => "Internal Server Error",
    }
}

fn head(status: u16, kind: &str, len: u64) -> String {
    format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {kind}\r\nContent-Length: {len}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        reason(status),
    )
}

fn respond(mut stream: TcpStream, status: u16, kind: &str, body: &[u8], with_body: bool) {
    let head = head(status, kind, body.len() as u64);
    let sent = stream.write_all(head.as_bytes()).and_then(|_| {
        if with_body {
            stream.write_all(body)?;
        }
        stream.flush()
    });
    if sent.is_ok() {
        let _ = stream.shutdown(Shutdown::Write);
    }
}

fn answer(state: &State, mut stream: TcpStream) {
    let (url, with_body) = match read_request(&mut stream) {
        Ok(request) => request,
        Err(status) => {
            respond(stream, status, "text/plain; charset=utf-8", b"", true);
            return;
        }
    };
    let path = url.split(['?', '#']).next().unwrap_or_default();
    match path {
        EVENTS => return open_event_stream(state, stream),
        RELOAD_JS => {
            let kind = content_type(Path::new("x.js"));
            return respond(stream, 200, kind, RELOAD_SCRIPT.as_bytes(), with_body);
        }
        OVERLAY_CSS => {
            let kind = content_type(Path::new("x.css"));
            return respond(stream, 200, kind, OVERLAY_STYLE.as_bytes(), with_body);
        }
        _ => {}
    }
    let (status, file) = match resolve(&state.root, &url, &state.base_path) {
        Some(file) => (200, file),
        None => (404, state.root.join("404.html")),
    };
    if file.extension().is_some_and(|e| e == "html") {
        let Ok(bytes) = std::fs::read(&file) else {
            return respond(stream, 404, "text/plain; charset=utf-8", b"", with_body);
        };
        let page = super::inject(&String::from_utf8_lossy(&bytes), &state.lock());
        return respond(
            stream,
            status,
            content_type(&file),
            page.as_bytes(),
            with_body,
        );
    }
    // Other files are copied as they are read (a site's largest are megabytes of open data).
    let Ok(mut opened) = std::fs::File::open(&file) else {
        return respond(stream, 404, "text/plain; charset=utf-8", b"", with_body);
    };
    let len = opened.metadata().map_or(0, |m| m.len());
    let sent = stream
        .write_all(head(status, content_type(&file), len).as_bytes())
        .and_then(|_| {
            if with_body {
                std::io::copy(&mut (&mut opened).take(len), &mut stream)?;
            }
            stream.flush()
        });
    if sent.is_ok() {
        let _ = stream.shutdown(Shutdown::Write);
    }
}

fn open_event_stream(state: &State, mut stream: TcpStream) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\nretry: 1000\n\n";
    let version = state.lock().version;
    let opened = stream
        .set_write_timeout(Some(EVENT_WRITE_TIMEOUT))
        .and_then(|_| stream.write_all(head.as_bytes()))
        .and_then(|_| stream.flush());
    if opened.is_ok() {
        state.events.add(stream, version);
    }
}

/// The file under `root` a URL path names, or `None` (no traversal, no listing).
pub fn resolve(root: &Path, url_path: &str, base_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    let decoded = decoded
        .strip_prefix(base_path.trim_end_matches('/'))
        .filter(|rest| rest.starts_with('/'))
        .unwrap_or(&decoded);
    if decoded.contains(['\0', '\\']) {
        return None;
    }
    let mut rel = PathBuf::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s => rel.push(s),
        }
    }
    let mut full = root.join(rel);
    if full.is_dir() {
        full = full.join("index.html");
    }
    let canonical = full.canonicalize().ok()?;
    let root = root.canonicalize().ok()?;
    (canonical.starts_with(&root) && canonical.is_file()).then_some(canonical)
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "ics" => "text/calendar; charset=utf-8",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_site() {
        let root = tempfile::TempDir::new().unwrap();
        std::fs::create_dir_all(root.path().join("deputies")).unwrap();
        std::fs::write(root.path().join("index.html"), "home").unwrap();
        std::fs::write(root.path().join("deputies/a.html"), "a").unwrap();
        let r = root.path();
        assert!(resolve(r, "/", "/").unwrap().ends_with("index.html"));
        assert!(resolve(r, "/deputies/a.html?x=1#y", "/").is_some());
        assert!(resolve(r, "/lianluo/deputies/a.html", "/lianluo/").is_some());
        for bad in [
            "/../etc/passwd",
            "/deputies/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/..%2f..%2fetc/passwd",
            "/deputies/%5c..%5c..",
            "/%00",
            "/deputies/",
            "/missing.html",
        ] {
            assert!(resolve(r, bad, "/").is_none(), "{bad}");
        }
    }
}
