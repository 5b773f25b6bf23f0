//! `lianluo serve` as a browser meets it: the server started on a free port of 127.0.0.1, raw
//! GETs, the event stream, and the lines it prints.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

pub struct Server {
    child: Child,
    pub address: String,
    /// The lines of standard error after the server said it is serving.
    pub log: Receiver<String>,
}

impl Server {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The rebuilds reported since the last call (`重新生成` lines), waiting `settle` first.
    pub fn rebuilds(&self, settle: Duration) -> Vec<String> {
        std::thread::sleep(settle);
        self.log
            .try_iter()
            .filter(|l| l.contains("重新生成"))
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `serve` on `content` and waits until its first build is done and it listens.
pub fn start(content: &std::path::Path, as_of: &str) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lianluo"))
        .args([
            "serve",
            "--content",
            &content.display().to_string(),
            "--port",
            "0",
            "--as-of",
            as_of,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start serve");
    let stdout = child.stdout.take().expect("stdout");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, log) = std::sync::mpsc::channel();
    let (ready_tx, ready) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut serving = false;
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if serving {
                if tx.send(line).is_err() {
                    break;
                }
            } else if line.contains("预览地址") {
                serving = true;
                let _ = ready_tx.send(());
            }
        }
    });
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("serve prints its address");
    let address = line
        .trim()
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    assert!(
        address.starts_with("127.0.0.1:"),
        "serves on loopback only: {line}"
    );
    ready
        .recv_timeout(Duration::from_secs(60))
        .expect("serve says it is serving");
    Server {
        child,
        address,
        log,
    }
}

/// A raw GET (the path is sent as written, so traversal attempts reach the server intact):
/// the status, the headers and the body.
pub fn request(address: &str, path: &str) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(response.len());
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let body = response.get(split + 4..).unwrap_or_default().to_vec();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head, body)
}

pub fn get(address: &str, path: &str) -> (u16, String) {
    let (status, _, body) = request(address, path);
    (status, String::from_utf8_lossy(&body).into_owned())
}

pub fn wait_for(address: &str, path: &str, what: &str, pred: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (_, body) = get(address, path);
        if pred(&body) {
            return body;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; last page:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// One browser's event stream, read on its own thread: what arrived so far.
pub struct EventStream {
    received: std::sync::Arc<std::sync::Mutex<String>>,
    closed: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl EventStream {
    /// Opens the stream and waits for its head.
    pub fn open(address: &str) -> EventStream {
        let mut stream = TcpStream::connect(address).expect("connect");
        write!(
            stream,
            "GET /__lianluo/events HTTP/1.1\r\nHost: {address}\r\n\r\n"
        )
        .unwrap();
        let received = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let closed = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (r, c) = (received.clone(), closed.clone());
        std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            loop {
                match stream.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => r
                        .lock()
                        .unwrap()
                        .push_str(&String::from_utf8_lossy(&buffer[..n])),
                }
            }
            c.store(true, std::sync::atomic::Ordering::SeqCst);
        });
        let events = EventStream { received, closed };
        let deadline = Instant::now() + Duration::from_secs(10);
        while !events.text().contains("retry:") {
            assert!(
                Instant::now() < deadline,
                "no event stream: {}",
                events.text()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(
            events.text().contains("text/event-stream"),
            "{}",
            events.text()
        );
        events
    }

    pub fn text(&self) -> String {
        self.received.lock().unwrap().clone()
    }

    pub fn reloads(&self) -> usize {
        self.text().matches("event: reload").count()
    }

    /// Whether the server closed the stream.
    pub fn closed(&self) -> bool {
        self.closed.load(std::sync::atomic::Ordering::SeqCst)
    }
}
