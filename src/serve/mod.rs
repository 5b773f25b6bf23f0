//! `lianluo serve`: a local preview. Builds the site into a private folder, serves it over
//! HTTP on 127.0.0.1 (another address only with `--bind`), watches the content and the
//! theme, rebuilds incrementally when a file's bytes changed or a file appeared or
//! disappeared (`watch`), and makes the browser reload itself (server-sent events, a small
//! script served and linked only in serve mode). When the data has errors every page shows an
//! overlay listing them until they are fixed; the last good site stays underneath.

mod http;
pub mod session;
pub mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use chrono::NaiveDate;
use notify::{RecursiveMode, Watcher as _};

pub use http::{MAX_EVENT_CLIENTS, WORKERS};
pub use session::{Rebuild, Session};

/// How long the watcher waits after an event for the rest of a save (an editor writes a file
/// in several steps) before it looks at what changed.
const QUIET: Duration = Duration::from_millis(120);

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
    events: http::EventClients,
}

impl State {
    fn lock(&self) -> std::sync::MutexGuard<'_, Shared> {
        self.shared.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The error overlay: every error with file:line:column, what is wrong and how to fix it.
/// Styled by a served style sheet, never inline (the pages' CSP allows no inline style).
fn overlay(shared: &Shared) -> String {
    if shared.errors.is_empty() {
        return String::new();
    }
    let mut html = format!(
        "<link rel=\"stylesheet\" href=\"{}\"><div id=\"lianluo-errors\" role=\"alert\"><h2>数据有 {} 个错误，网站未更新（the data has errors; this is the last good version）</h2><ol>",
        http::OVERLAY_CSS,
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

/// A page as the preview serves it: the overlay (when the data has errors) and the
/// live-reload script (a file: an inline script would break the CSP) before `</body>`.
fn inject(html: &str, shared: &Shared) -> String {
    let injected = format!(
        "{}<script src=\"{}\"></script>",
        overlay(shared),
        http::RELOAD_JS
    );
    match html.rfind("</body>") {
        Some(i) => format!("{}{injected}{}", &html[..i], &html[i..]),
        None => format!("{html}{injected}"),
    }
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

/// The folders watched, as absolute paths (the watcher reports absolute paths).
fn watched(options: &Options) -> Vec<PathBuf> {
    std::iter::once(&options.content)
        .chain(options.theme.as_ref())
        .map(|dir| std::fs::canonicalize(dir).unwrap_or_else(|_| dir.clone()))
        .collect()
}

/// Starts watching the folders; the events arrive on the returned channel.
type Events = std::sync::mpsc::Receiver<notify::Result<notify::Event>>;

fn watch_folders(folders: &[PathBuf]) -> Result<(notify::RecommendedWatcher, Events), String> {
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher =
        notify::recommended_watcher(tx).map_err(|e| format!("cannot watch files: {e}"))?;
    for folder in folders {
        watcher
            .watch(folder, RecursiveMode::Recursive)
            .map_err(|e| format!("cannot watch {}: {e}", folder.display()))?;
    }
    Ok((watcher, rx))
}

/// Rebuilds after every burst of events that changed a file, until the watcher is gone.
fn rebuild_on_changes(
    mut session: Session,
    mut snapshot: watch::Snapshot,
    events: &Events,
    state: &State,
) {
    while let Some(batch) = watch::next_batch(events, QUIET) {
        let changed = match snapshot.changes(&batch) {
            None => continue, // read, touched, or saved unchanged: nothing to do
            Some(watch::Changes::Walk) => None,
            Some(watch::Changes::Files(files)) => Some(files),
        };
        let reload = Reload { state };
        match session.rebuild_watched(changed.as_deref(), &reload) {
            Ok(report) => {
                if !report.errors.is_empty() {
                    reload.publish(&report.errors, &report.errors_text);
                }
                eprintln!("{}", describe(&report));
            }
            Err(why) => eprintln!("error: {why}"),
        }
    }
}

/// Runs until the process is stopped. Prints the address on standard output first.
pub fn serve(options: Options) -> Result<(), String> {
    let root = std::env::temp_dir().join(format!("lianluo-serve-{}", std::process::id()));
    std::fs::create_dir_all(&root).map_err(|e| format!("cannot create {}: {e}", root.display()))?;
    // Watched before the first build, so that an edit made during it is not missed.
    let folders = watched(&options);
    let (watcher, events) = watch_folders(&folders)?;
    let snapshot = watch::Snapshot::take(&folders);
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
        events: http::EventClients::default(),
    });

    let listener = TcpListener::bind(SocketAddr::new(options.bind, options.port))
        .map_err(|e| format!("cannot listen on {}:{}: {e}", options.bind, options.port))?;
    let address = listener
        .local_addr()
        .map_or_else(|_| "?".into(), |a| a.to_string());
    println!("http://{address}/");
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: 预览在 {address} 上对其他计算机开放；预览不是为公开访问而设计的，请只在可信的网络中使用（the preview is not meant to be public）。"
        );
    }
    eprintln!(
        "预览地址（serving）：http://{address}/ —— 修改 {} 中的文件后页面会自动刷新；按 Ctrl-C 结束。",
        options.content.display()
    );

    let watcher_state = state.clone();
    std::thread::spawn(move || {
        let _keep = watcher;
        rebuild_on_changes(session, snapshot, &events, &watcher_state);
    });
    http::run(listener, state);
    Ok(())
}
