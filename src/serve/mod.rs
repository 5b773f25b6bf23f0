//! `lianluo serve`: a local preview. Builds the site into a private folder, serves it over
//! HTTP on 127.0.0.1 (another address only with `--bind`), watches the content and the
//! theme, rebuilds incrementally, and makes the browser reload itself (server-sent events,
//! a small script injected only in serve mode). When the data has errors every page shows
//! an overlay listing them until they are fixed; the last good site stays underneath.

pub mod session;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use chrono::NaiveDate;
use notify_debouncer_mini::notify::RecursiveMode;

pub use session::{Rebuild, Session};

pub struct Options {
    pub content: PathBuf,
    pub theme: Option<PathBuf>,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub as_of: NaiveDate,
}

/// What the server shows: the version (bumped after every rebuild) and the current errors.
#[derive(Default)]
struct Shared {
    version: u64,
    errors: Vec<crate::diag::Diagnostic>,
    errors_text: String,
}

struct State {
    shared: Mutex<Shared>,
    changed: Condvar,
    root: PathBuf,
    base_path: String,
}

impl State {
    fn lock(&self) -> std::sync::MutexGuard<'_, Shared> {
        self.shared.lock().unwrap_or_else(|p| p.into_inner())
    }
}

const EVENTS: &str = "/__lianluo/events";

fn reload_script() -> String {
    format!(
        "<script>(function(){{var s=new EventSource(\"{EVENTS}\");s.addEventListener(\"reload\",function(){{location.reload();}});}})();</script>"
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The error overlay: every error with file:line:column, what is wrong and how to fix it.
fn overlay(shared: &Shared) -> String {
    if shared.errors.is_empty() {
        return String::new();
    }
    let mut html = format!(
        "<div id=\"lianluo-errors\" role=\"alert\" style=\"position:fixed;left:0;right:0;top:0;max-height:75vh;overflow:auto;z-index:2147483647;background:#fff;color:#1f2328;border-bottom:6px solid #a40e26;padding:1rem 1.5rem;font:15px/1.6 monospace;box-shadow:0 4px 16px rgba(0,0,0,.3)\"><h2 style=\"margin:0 0 .5rem;color:#a40e26\">数据有 {} 个错误，网站未更新（the data has errors; this is the last good version）</h2><ol>",
        shared.errors.len()
    );
    for d in &shared.errors {
        html.push_str(&format!(
            "<li><strong>{}:{}:{}</strong> [{}] {}{}</li>",
            escape(&d.file),
            d.line,
            d.column,
            d.code,
            escape(&d.message),
            d.hint
                .as_ref()
                .map(|h| format!("<br>help: {}", escape(h)))
                .unwrap_or_default()
        ));
    }
    html.push_str(&format!(
        "</ol><details><summary>详细信息</summary><pre>{}</pre></details></div>",
        escape(&shared.errors_text)
    ));
    html
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
        _ => "application/octet-stream",
    }
}

// The names and values are this file's own ASCII constants, never data.
#[allow(clippy::expect_used)]
fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap_or_else(|_| {
        tiny_http::Header::from_bytes(&b"X-Invalid"[..], &b"1"[..]).expect("static header")
    })
}

/// Streams server-sent events to one browser: `reload` after every rebuild, a comment every
/// 15 s to keep the connection open. Written and flushed by hand so each event leaves at once.
fn stream_events(state: Arc<State>, request: tiny_http::Request) {
    use std::io::Write;
    let mut seen = state.lock().version;
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\nretry: 1000\n\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|_| writer.flush())
        .is_err()
    {
        return;
    }
    loop {
        let message = {
            let shared = state.lock();
            let (shared, timeout) = state
                .changed
                .wait_timeout_while(shared, Duration::from_secs(15), |s| s.version == seen)
                .unwrap_or_else(|p| p.into_inner());
            if timeout.timed_out() {
                ": keep-alive\n\n".to_string()
            } else {
                seen = shared.version;
                format!("event: reload\ndata: {seen}\n\n")
            }
        };
        if writer
            .write_all(message.as_bytes())
            .and_then(|_| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

fn handle(state: Arc<State>, request: tiny_http::Request) {
    let url = request.url().to_string();
    if url.starts_with(EVENTS) {
        stream_events(state, request);
        return;
    }
    let (status, path) = match resolve(&state.root, &url, &state.base_path) {
        Some(path) => (200, path),
        None => (404, state.root.join("404.html")),
    };
    let Ok(mut bytes) = std::fs::read(&path) else {
        let _ = request
            .respond(tiny_http::Response::from_string("404 not found").with_status_code(404));
        return;
    };
    if path.extension().is_some_and(|e| e == "html") {
        let html = String::from_utf8_lossy(&bytes);
        let injected = format!("{}{}", overlay(&state.lock()), reload_script());
        let html = match html.rfind("</body>") {
            Some(i) => format!("{}{injected}{}", &html[..i], &html[i..]),
            None => format!("{html}{injected}"),
        };
        bytes = html.into_bytes();
    }
    let response = tiny_http::Response::from_data(bytes)
        .with_status_code(status)
        .with_header(header("Content-Type", content_type(&path)))
        .with_header(header("Cache-Control", "no-store"));
    let _ = request.respond(response);
}

fn describe(r: &Rebuild) -> String {
    if r.errors.is_empty() {
        format!(
            "重新生成（rebuilt）：读取 {} 个文件，渲染 {} 个页面，写入 {} 个文件，删除 {} 个，{:.0} ms",
            r.read,
            r.rendered,
            r.written,
            r.removed,
            r.elapsed.as_secs_f64() * 1e3
        )
    } else {
        format!(
            "数据有 {} 个错误，网站保持上一次的版本（{:.0} ms）：\n{}",
            r.errors.len(),
            r.elapsed.as_secs_f64() * 1e3,
            r.errors_text
        )
    }
}

/// Reloads the browsers once the pages of a rebuild are written.
struct Reload<'a> {
    state: &'a State,
}

impl Reload<'_> {
    /// Shows a rebuild's errors (none once the pages are written) and reloads the browsers.
    fn publish(&self, errors: &[crate::diag::Diagnostic], errors_text: &str) {
        {
            let mut shared = self.state.lock();
            shared.version += 1;
            shared.errors = errors.to_vec();
            shared.errors_text = errors_text.to_string();
        }
        self.state.changed.notify_all();
    }
}

impl crate::pipeline::Watcher for Reload<'_> {
    fn pages_written(&self) {
        // The browser reloads the pages now; the sitemap and the search index follow.
        self.publish(&[], "");
    }
}

/// Runs until the process is stopped. Prints the address on standard output first.
pub fn serve(options: Options) -> Result<(), String> {
    let root = std::env::temp_dir().join(format!("lianluo-serve-{}", std::process::id()));
    std::fs::create_dir_all(&root).map_err(|e| format!("cannot create {}: {e}", root.display()))?;
    let mut session = Session::new(
        &options.content,
        &root,
        options.theme.as_deref(),
        options.as_of,
    );
    let first = session.rebuild()?;
    let base_path = crate::load(&options.content)
        .ok()
        .and_then(|l| {
            l.model
                .map(|m| crate::render::site::base_path(&m.site().base_url))
        })
        .unwrap_or_else(|| "/".into());
    eprintln!("{}", describe(&first));
    let state = Arc::new(State {
        shared: Mutex::new(Shared {
            version: 1,
            errors: first.errors.clone(),
            errors_text: first.errors_text.clone(),
        }),
        changed: Condvar::new(),
        root,
        base_path,
    });

    let server = tiny_http::Server::http(SocketAddr::new(options.bind, options.port))
        .map_err(|e| format!("cannot listen on {}:{}: {e}", options.bind, options.port))?;
    let address = server
        .server_addr()
        .to_ip()
        .map_or_else(|| "?".into(), |a| a.to_string());
    println!("http://{address}/");
    eprintln!(
        "预览地址（serving）：http://{address}/ —— 修改 {} 中的文件后页面会自动刷新；按 Ctrl-C 结束。",
        options.content.display()
    );

    // Watch the content and the theme; rebuild on every (debounced) change.
    let (tx, rx) = std::sync::mpsc::channel();
    let mut debouncer = notify_debouncer_mini::new_debouncer(Duration::from_millis(120), tx)
        .map_err(|e| format!("cannot watch files: {e}"))?;
    debouncer
        .watcher()
        .watch(&options.content, RecursiveMode::Recursive)
        .map_err(|e| format!("cannot watch {}: {e}", options.content.display()))?;
    if let Some(theme) = &options.theme {
        debouncer
            .watcher()
            .watch(theme, RecursiveMode::Recursive)
            .map_err(|e| format!("cannot watch {}: {e}", theme.display()))?;
    }
    let watcher_state = state.clone();
    std::thread::spawn(move || {
        let _keep = debouncer;
        for events in rx {
            // The changed paths spare a walk of the content folder; without them, walk.
            let changed: Option<Vec<std::path::PathBuf>> = events
                .ok()
                .map(|events| events.into_iter().map(|e| e.path).collect());
            let reload = Reload {
                state: &watcher_state,
            };
            match session.rebuild_watched(changed.as_deref(), &reload) {
                Ok(report) => {
                    if !report.errors.is_empty() {
                        reload.publish(&report.errors, &report.errors_text);
                    }
                    eprintln!("{}", describe(&report));
                }
                Err(why) => {
                    eprintln!("error: {why}");
                    watcher_state.changed.notify_all();
                }
            }
        }
    });

    for request in server.incoming_requests() {
        let state = state.clone();
        std::thread::spawn(move || handle(state, request));
    }
    Ok(())
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
