//! `lianluo serve` end to end: pages served, an edit shows up by itself, a broken record
//! shows the error overlay with file:line over the last good site, fixing it clears the
//! overlay, and no request leaves the site folder.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::preview::{self, EventStream, get, wait_for};

/// Serves a copy of the bundled sample: nothing touched for 3 s after the first build → no
/// rebuild and no reload; a file read, or saved with the same bytes → still none; one edit →
/// exactly one rebuild and one reload, and the edit is on the page.
#[test]
fn serve_rests_when_nothing_changes_and_rebuilds_once_per_edit() {
    let dir = tempfile::TempDir::new().unwrap();
    let content = dir.path().join("content");
    common::copy_dir(std::path::Path::new(&common::sample()), &content);
    let server = preview::start(&content, "2026-11-25");
    let address = server.address.clone();
    let events = EventStream::open(&address);

    let idle = server.rebuilds(Duration::from_secs(3));
    assert_eq!(idle, Vec::<String>::new(), "rebuilds while idle");
    assert_eq!(events.reloads(), 0, "reloads while idle: {}", events.text());

    // Reading every file, or writing one back unchanged, changes nothing.
    let about = content.join("pages/about.md");
    let text = std::fs::read_to_string(&about).unwrap();
    for entry in walkdir::WalkDir::new(&content) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let _ = std::fs::read(entry.path()).unwrap();
        }
    }
    std::fs::write(&about, &text).unwrap();
    assert_eq!(
        server.rebuilds(Duration::from_secs(1)),
        Vec::<String>::new()
    );
    assert_eq!(events.reloads(), 0, "{}", events.text());

    // One edit: one rebuild, one reload, and the page shows it.
    let page = "/pages/about.html";
    assert!(!get(&address, page).1.contains("预览编辑测试"));
    std::fs::write(&about, format!("{text}\n预览编辑测试。\n")).unwrap();
    wait_for(&address, page, "the edit", |p| p.contains("预览编辑测试"));
    let rebuilds = server.rebuilds(Duration::from_secs(2));
    assert_eq!(rebuilds.len(), 1, "{rebuilds:?}");
    assert_eq!(events.reloads(), 1, "{}", events.text());
}

#[test]
fn serve_rebuilds_on_edits_shows_errors_and_stays_inside_the_site() {
    let dir = common::site(&[]);
    let server = preview::start(dir.path(), "2022-12-31");
    let address = server.address.clone();

    let (status, page) = get(&address, "/deputies/tan-yun.html");
    assert_eq!(status, 200);
    assert!(
        page.contains("覃云") && page.contains("组成人员联系该代表1次"),
        "{page}"
    );
    assert!(
        page.contains("<script src=\"/__lianluo/reload.js\"></script>"),
        "the reload script is linked in serve mode"
    );
    let (status, script) = get(&address, "/__lianluo/reload.js");
    assert!(
        status == 200 && script.contains("/__lianluo/events"),
        "{script}"
    );
    // The search index is there from the start.
    let (status, entry) = get(&address, "/pagefind/pagefind-entry.json");
    assert_eq!(status, 200);
    let first_entry = entry;
    assert!(first_entry.contains("\"zh-cn\""), "{first_entry}");

    // The browser's event stream: a rebuild sends `reload`.
    let (events_tx, events_rx) = std::sync::mpsc::channel::<String>();
    let events_address = address.clone();
    std::thread::spawn(move || {
        let mut stream = TcpStream::connect(&events_address).expect("connect");
        write!(
            stream,
            "GET /__lianluo/events HTTP/1.1\r\nHost: {events_address}\r\n\r\n"
        )
        .unwrap();
        let mut buffer = [0u8; 4096];
        while let Ok(n) = stream.read(&mut buffer) {
            if n == 0
                || events_tx
                    .send(String::from_utf8_lossy(&buffer[..n]).into_owned())
                    .is_err()
            {
                break;
            }
        }
    });
    std::thread::sleep(Duration::from_millis(200));

    // An edited contact: the deputy's page changes by itself.
    let contact =
        "member: fang-yuan\ndeputy: tan-yun\ndate: 2022-08-01\nchannel: phone\nlistened: true\n";
    std::fs::write(dir.path().join("contacts/2022-fang-02.yaml"), contact).unwrap();
    wait_for(&address, "/deputies/tan-yun.html", "the new contact", |p| {
        p.contains("组成人员联系该代表2次")
    });
    let mut received = String::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !received.contains("event: reload") {
        assert!(
            Instant::now() < deadline,
            "no reload event; got {received:?}"
        );
        if let Ok(chunk) = events_rx.recv_timeout(Duration::from_millis(200)) {
            received.push_str(&chunk);
        }
    }
    assert!(received.contains("text/event-stream"), "{received}");
    // … and the search index follows: the deputy's page text changed, so does the index.
    wait_for(
        &address,
        "/pagefind/pagefind-entry.json",
        "the index to be rewritten",
        |e| e != first_entry && e.contains("zh-cn"),
    );

    // A broken record: every page shows the overlay with file:line; the site stays.
    std::fs::write(
        dir.path().join("deputies/bai-lu.yaml"),
        "name: 白露\ngrassroots: true\nregion: 甲市\nterms: [\"9\"]\ngroup: jia-1\nrigion: 乙市\n",
    )
    .unwrap();
    let page = wait_for(&address, "/index.html", "the error overlay", |p| {
        p.contains("lianluo-errors")
    });
    assert!(
        page.contains("deputies/bai-lu.yaml:6:1") && page.contains("unknown-field"),
        "{page}"
    );
    let (_, deputy) = get(&address, "/deputies/tan-yun.html");
    assert!(
        deputy.contains("lianluo-errors") && deputy.contains("组成人员联系该代表2次"),
        "the last good page is under the overlay"
    );

    // Fixed: the overlay goes away.
    std::fs::write(
        dir.path().join("deputies/bai-lu.yaml"),
        "name: 白露\ngrassroots: true\nregion: 甲市\nterms: [\"9\"]\ngroup: jia-1\n",
    )
    .unwrap();
    wait_for(&address, "/index.html", "the overlay to clear", |p| {
        !p.contains("lianluo-errors") && p.contains("</html>")
    });

    // Nothing outside the site folder, no directory listing.
    for path in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/deputies/..%2f..%2f..%2fetc%2fpasswd",
        "/%252e%252e/etc/passwd",
        "/static/",
        "/deputies/%00.html",
    ] {
        let (status, body) = get(&address, path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("root:"), "{path}");
    }
}

/// The watcher's paths drive a rebuild without a walk; it must agree with a full build.
#[test]
fn a_rebuild_told_the_changed_paths_matches_a_full_build() {
    let dir = common::site(&[]);
    let content = dir.path();
    let out = tempfile::TempDir::new().unwrap();
    let as_of = common::date("2022-12-31");
    let mut session = lianluo::serve::Session::new(content, out.path(), None, as_of);
    assert!(session.rebuild().unwrap().errors.is_empty());
    let deputy = || std::fs::read_to_string(out.path().join("deputies/tan-yun.html")).unwrap();
    assert!(deputy().contains("组成人员联系该代表1次"));

    // A new file: read, and the pages that show it change.
    let added = content.join("contacts/2022-fang-02.yaml");
    std::fs::write(
        &added,
        "member: fang-yuan\ndeputy: tan-yun\ndate: 2022-08-01\nchannel: phone\nlistened: true\n",
    )
    .unwrap();
    let report = session
        .rebuild_changed(std::slice::from_ref(&added))
        .unwrap();
    assert_eq!(report.read, 1, "only the changed file is read");
    assert!(deputy().contains("组成人员联系该代表2次"));

    // An editor's temporary files are not records and are skipped, as the walk skips them.
    let backup = content.join("contacts/.2022-fang-02.yaml.swp");
    std::fs::write(&backup, "not yaml: [").unwrap();
    let report = session
        .rebuild_changed(&[backup.clone(), content.join("contacts/2022-fang-02.yaml~")])
        .unwrap();
    assert!(report.errors.is_empty() && report.read == 0);
    std::fs::remove_file(&backup).unwrap();

    // A deleted file leaves the site.
    std::fs::remove_file(&added).unwrap();
    session
        .rebuild_changed(std::slice::from_ref(&added))
        .unwrap();
    assert!(deputy().contains("组成人员联系该代表1次"));

    // A new folder cannot be patched in: the rebuild walks, and finds the file inside.
    let folder = content.join("contacts/2022");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("2022-fang-03.yaml"),
        "member: fang-yuan\ndeputy: tan-yun\ndate: 2022-09-01\nchannel: phone\nlistened: true\n",
    )
    .unwrap();
    session
        .rebuild_changed(std::slice::from_ref(&folder))
        .unwrap();
    assert!(deputy().contains("组成人员联系该代表2次"));

    // A broken file reports its error with its place, as a full build would.
    let broken = content.join("deputies/bai-lu.yaml");
    std::fs::write(
        &broken,
        "name: 白露\ngrassroots: true\nregion: 甲市\nterms: [\"9\"]\ngroup: jia-1\nrigion: 乙市\n",
    )
    .unwrap();
    let report = session
        .rebuild_changed(std::slice::from_ref(&broken))
        .unwrap();
    assert!(
        report.errors_text.contains("deputies/bai-lu.yaml:6:1"),
        "{}",
        report.errors_text
    );

    // The same content built from scratch gives the same pages.
    std::fs::write(
        &broken,
        "name: 白露\ngrassroots: true\nregion: 甲市\nterms: [\"9\"]\ngroup: jia-1\n",
    )
    .unwrap();
    assert!(
        session
            .rebuild_changed(std::slice::from_ref(&broken))
            .unwrap()
            .errors
            .is_empty()
    );
    let fresh = tempfile::TempDir::new().unwrap();
    let mut full = lianluo::serve::Session::new(content, fresh.path(), None, as_of);
    full.rebuild().unwrap();
    same_files(out.path(), fresh.path());

    // Rounds made from the round before (records replaced, rules evaluated again only where
    // the change moves them): a contact heard nothing, a letter became a major issue, a
    // member's link ended, a contact removed. Every file is a full build's.
    let read = |rel: &str| std::fs::read_to_string(content.join(rel)).unwrap();
    let edits: Vec<(&str, Option<String>)> = vec![
        (
            "contacts/2022-fang-01.yaml",
            Some(read("contacts/2022-fang-01.yaml").replace("listened: true", "listened: false")),
        ),
        (
            "letters/2022-01.yaml",
            Some(read("letters/2022-01.yaml").replace("major: true", "major: false")),
        ),
        (
            "members/fang-yuan.yaml",
            Some(read("members/fang-yuan.yaml").replace(
                "{deputy: shi-lan, from: 2021-03-01}",
                "{deputy: shi-lan, from: 2021-03-01, to: 2022-05-31}",
            )),
        ),
        ("contacts/2022-fang-01.yaml", None),
    ];
    for (rel, text) in edits {
        let path = content.join(rel);
        match &text {
            Some(text) => std::fs::write(&path, text).unwrap(),
            None => std::fs::remove_file(&path).unwrap(),
        }
        std::thread::sleep(std::time::Duration::from_millis(20)); // a distinct modification time
        let report = session
            .rebuild_changed(std::slice::from_ref(&path))
            .unwrap();
        assert!(report.errors.is_empty(), "{rel}: {}", report.errors_text);
        assert!(
            report
                .stages
                .iter()
                .any(|(s, _)| *s == "patch and rules again"),
            "{rel}: made from the round before ({:?})",
            report.stages
        );
        let fresh = tempfile::TempDir::new().unwrap();
        let mut full = lianluo::serve::Session::new(content, fresh.path(), None, as_of);
        full.rebuild().unwrap();
        same_files(out.path(), fresh.path());
    }
}

/// Every file of two output folders, byte for byte.
fn same_files(a: &std::path::Path, b: &std::path::Path) {
    let files = |root: &std::path::Path| -> Vec<std::path::PathBuf> {
        let mut files: Vec<_> = walkdir::WalkDir::new(root)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(root).unwrap().to_path_buf())
            .collect();
        files.sort();
        files
    };
    let (left, right) = (files(a), files(b));
    assert_eq!(left, right, "the same files");
    assert!(left.len() > 50, "{} files", left.len());
    for rel in left {
        assert!(
            std::fs::read(a.join(&rel)).unwrap() == std::fs::read(b.join(&rel)).unwrap(),
            "{} differs from a full build's",
            rel.display()
        );
    }
}

/// An opinion's row is rendered once and placed on every page that lists it: an edit of the
/// opinion renders it again on each of them (the pages' fingerprints hold the row's HTML),
/// and the rebuilt pages are those of a full build.
#[test]
fn an_edited_opinion_is_rendered_again_on_every_page_that_lists_it() {
    let dir = common::site(&[]);
    let content = dir.path();
    let out = tempfile::TempDir::new().unwrap();
    let as_of = common::date("2022-12-31");
    let mut session = lianluo::serve::Session::new(content, out.path(), None, as_of);
    assert!(session.rebuild().unwrap().errors.is_empty());
    let pages = [
        "meetings/9-03.html",
        "deputies/tan-yun.html",
        "opinions/index.html",
        "opinions/2022.html",
        "opinions/met.html",
    ];
    let read =
        |root: &std::path::Path, page: &str| std::fs::read_to_string(root.join(page)).unwrap();
    for page in pages {
        assert!(
            read(out.path(), page).contains("建议细化条例草案第五条。"),
            "{page}"
        );
    }

    let meeting = content.join("meetings/9-03.md");
    let text = std::fs::read_to_string(&meeting).unwrap();
    let edited = text.replace("建议细化条例草案第五条。", "建议细化条例草案第六条。");
    assert_ne!(text, edited);
    std::fs::write(&meeting, edited).unwrap();
    let report = session
        .rebuild_changed(std::slice::from_ref(&meeting))
        .unwrap();
    assert!(report.errors.is_empty());
    for page in pages {
        let html = read(out.path(), page);
        assert!(html.contains("建议细化条例草案第六条。"), "{page}");
        assert!(!html.contains("建议细化条例草案第五条。"), "{page}");
    }

    let fresh = tempfile::TempDir::new().unwrap();
    let mut full = lianluo::serve::Session::new(content, fresh.path(), None, as_of);
    full.rebuild().unwrap();
    for page in pages {
        assert_eq!(read(out.path(), page), read(fresh.path(), page), "{page}");
    }
}
