//! docs/publishing.md's nginx configuration, taken from the page itself, serving the built
//! sample: a page with the Content-Security-Policy header, Pagefind's WebAssembly as
//! `application/wasm`, the caching and compression it documents, and the site's 404 page.
//! Skipped with a note when nginx is not installed (`.ci/run` installs it).

mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{lianluo_ok, sample};

/// The policy every page carries as a `<meta>`, sent as a header too.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'";

const MARKER: &str = "<!-- This block is served by tests/publishing.rs";

fn guide() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/publishing.md"))
        .unwrap()
}

/// The nginx `server` block the guide marks as tested.
fn documented_server_block() -> String {
    let guide = guide();
    let after = &guide[guide
        .find(MARKER)
        .expect("the guide marks its tested block")..];
    let start = after
        .find("```nginx\n")
        .expect("an nginx block after the marker")
        + 9;
    let end = after[start..].find("\n```").expect("the block is closed") + start;
    after[start..end].to_string()
}

fn nginx() -> Option<PathBuf> {
    ["nginx", "/usr/sbin/nginx"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| Command::new(p).arg("-v").output().is_ok())
}

fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "the block has `{from}` once");
    text.replace(from, to)
}

/// The documented block inside the `http` context Debian's nginx.conf gives it, listening on
/// a local port and serving `root`; everything nginx writes goes to `run`.
fn nginx_conf(block: &str, root: &Path, port: u16, run: &Path) -> String {
    let block = replace_once(
        block,
        "    listen 80;\n",
        &format!("    listen 127.0.0.1:{port};\n"),
    );
    let block = replace_once(&block, "    listen [::]:80;\n", "");
    let block = replace_once(
        &block,
        "root /srv/lianluo/output;",
        &format!("root {};", root.display()),
    );
    let run = run.display();
    format!(
        "daemon off;\nmaster_process off;\npid {run}/nginx.pid;\nerror_log {run}/error.log;\n\
         events {{ worker_connections 64; }}\n\
         http {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n\
         access_log off;\n  client_body_temp_path {run}/body;\n  proxy_temp_path {run}/proxy;\n\
         fastcgi_temp_path {run}/fastcgi;\n  uwsgi_temp_path {run}/uwsgi;\n  scgi_temp_path {run}/scgi;\n\
         {block}\n}}\n"
    )
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

struct Response {
    status: u16,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

fn get(port: u16, path: &str, extra: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: renda.example.gov.cn\r\n{extra}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("headers end");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: BTreeMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers_say(&headers, "transfer-encoding", "chunked") {
        body = unchunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn headers_say(headers: &BTreeMap<String, String>, name: &str, value: &str) -> bool {
    headers
        .get(name)
        .is_some_and(|v| v.eq_ignore_ascii_case(value))
}

/// The body of a `Transfer-Encoding: chunked` response (nginx chunks what it compresses).
fn unchunk(mut raw: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let line_end = raw
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("chunk size line");
        let size_text = String::from_utf8_lossy(&raw[..line_end]).to_string();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).unwrap();
        raw = &raw[line_end + 2..];
        if size == 0 {
            return body;
        }
        body.extend_from_slice(&raw[..size]);
        raw = &raw[size + 2..];
    }
}

fn start(nginx: &Path, conf: &Path, run: &Path, port: u16) -> Server {
    let child = Command::new(nginx)
        .arg("-p")
        .arg(run)
        .arg("-e")
        .arg(run.join("error.log"))
        .arg("-c")
        .arg(conf)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Some(status) = server.0.try_wait().unwrap() {
            let mut stderr = String::new();
            server
                .0
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut stderr)
                .unwrap();
            let log = std::fs::read_to_string(run.join("error.log")).unwrap_or_default();
            panic!("nginx stopped ({status}): {stderr}\n{log}");
        }
        assert!(Instant::now() < deadline, "nginx did not start listening");
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

#[test]
fn the_guide_sends_one_policy_everywhere() {
    let guide = guide();
    // The introduction, the nginx block and the Apache block.
    assert_eq!(
        guide.matches(CSP).count(),
        3,
        "the policy is written exactly three times"
    );
    assert!(documented_server_block().contains(&format!("\"{CSP}\" always;")));
}

#[test]
fn nginx_serves_the_built_sample_with_the_documented_config() {
    let Some(nginx) = nginx() else {
        eprintln!("note: nginx is not installed; the documented nginx config is not served");
        return;
    };
    let dir = tempfile::TempDir::new().unwrap();
    // nginx's worker may run as another user when the tests run as root: it must read these.
    std::fs::set_permissions(
        dir.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let out = dir.path().join("output");
    lianluo_ok(&[
        "build",
        "--content",
        &sample(),
        "--output",
        &out.display().to_string(),
        "--as-of",
        "2026-11-25",
        "--no-reports",
    ]);

    let run = dir.path().join("nginx");
    std::fs::create_dir(&run).unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let conf = run.join("nginx.conf");
    std::fs::write(
        &conf,
        nginx_conf(&documented_server_block(), &out, port, &run),
    )
    .unwrap();
    let _server = start(&nginx, &conf, &run, port);

    let page = get(port, "/", "");
    assert_eq!(page.status, 200);
    assert_eq!(page.headers["content-type"], "text/html; charset=utf-8");
    assert_eq!(page.headers["content-security-policy"], CSP);
    assert_eq!(page.headers["x-content-type-options"], "nosniff");
    assert_eq!(page.headers["cache-control"], "no-cache");
    assert_eq!(page.body, std::fs::read(out.join("index.html")).unwrap());

    // The WebAssembly the search loads: its language's, or the generic one (`wasm: null`).
    let entry: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("pagefind/pagefind-entry.json")).unwrap())
            .unwrap();
    let language = entry["languages"]["zh-cn"]["wasm"]
        .as_str()
        .unwrap_or("unknown");
    let wasm_file = format!("pagefind/wasm.{language}.pagefind");
    let wasm = get(port, &format!("/{wasm_file}"), "");
    assert_eq!(wasm.status, 200);
    assert_eq!(wasm.headers["content-type"], "application/wasm");
    assert_eq!(wasm.headers["cache-control"], "max-age=3600");
    assert_eq!(wasm.headers["content-security-policy"], CSP);
    assert_eq!(wasm.body, std::fs::read(out.join(&wasm_file)).unwrap());

    let css = get(port, "/static/style.css", "Accept-Encoding: gzip\r\n");
    assert_eq!(css.status, 200);
    assert_eq!(css.headers["content-type"], "text/css; charset=utf-8");
    assert_eq!(css.headers["content-encoding"], "gzip");
    assert_eq!(css.headers["cache-control"], "max-age=86400");
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(&css.body[..])
        .read_to_end(&mut unzipped)
        .unwrap();
    assert_eq!(
        unzipped,
        std::fs::read(out.join("static/style.css")).unwrap()
    );

    let calendar = get(port, "/calendar.ics", "");
    assert_eq!(calendar.status, 200);
    assert_eq!(
        calendar.headers["content-type"],
        "text/calendar; charset=utf-8"
    );
    assert_eq!(calendar.headers["cache-control"], "no-cache");
    let csv = get(port, "/data/deputies.csv", "");
    assert_eq!(csv.status, 200);
    assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        csv.body,
        std::fs::read(out.join("data/deputies.csv")).unwrap()
    );

    let missing = get(port, "/deputies/no-such-deputy/", "");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.headers["content-security-policy"], CSP);
    assert_eq!(missing.body, std::fs::read(out.join("404.html")).unwrap());
}
