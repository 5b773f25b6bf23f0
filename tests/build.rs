//! `lianluo build` end to end: every link resolves, nothing private or internal and no
//! script reaches any file, builds are reproducible and atomic, and the open data agrees with
//! `check --format json`.

mod common;

use common::site::{attribute_values, check_links, snapshot};
use common::{lianluo, lianluo_ok, sample};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use tempfile::TempDir;

fn build(content: &str, output: &Path, as_of: &str) -> Output {
    lianluo(&[
        "build",
        "--content",
        content,
        "--output",
        &output.display().to_string(),
        "--as-of",
        as_of,
    ])
}

fn built_sample() -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("output");
    let result = build(&sample(), &out, "2026-11-25");
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    (dir, out)
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    let (_dir, out) = built_sample();
    let checked = check_links(&out, "/lianluo/");
    assert!(checked > 5000, "only {checked} links checked");
    let files = snapshot(&out);
    for expected in [
        "index.html",
        "404.html",
        "deputies/index.html",
        "deputies/grassroots.html",
        "compliance/2024.html",
        "compliance/term-14.html",
        "regulation/index.html",
        "opinions/not_met.html",
        "data/lianluo.json",
        "data/popolo.json",
        "data/deputies.csv",
        "feed.xml",
        "calendar.ics",
        "sitemap.xml",
        "static/style.css",
        "reports/2025.pdf",
        "reports/2025.docx",
    ] {
        assert!(files.contains_key(expected), "{expected} missing");
    }
}

#[test]
fn links_resolve_at_province_scale_with_paged_listings() {
    let root = TempDir::new().unwrap();
    let content = root.path().join("content");
    lianluo::corpus::generate(&content, lianluo::corpus::Scale::M, 7).expect("generate M");
    let out = root.path().join("site");
    lianluo_ok(&[
        "build",
        "--content",
        &content.display().to_string(),
        "--output",
        &out.display().to_string(),
        "--as-of",
        "2027-12-31",
        "--no-reports",
    ]);
    assert!(
        out.join("opinions/index-2.html").is_file(),
        "long listings are paged"
    );
    let page = std::fs::read_to_string(out.join("opinions/index-2.html")).unwrap();
    assert!(page.contains("第2页"), "the pager says where the reader is");
    check_links(&out, "/bench/");
}

const PRIVATE: &[&str] = &[
    "PRIVATE-PHONE-7777",
    "PRIVATE-ID-450100",
    "PRIVATE-ADDRESS-村",
];
const INTERNAL: &[&str] = &[
    "INTERNAL-ACTIVITY-TITLE",
    "INTERNAL-ACTIVITY-BODY",
    "INTERNAL-ACTIVITY-OPINION",
    "INTERNAL-CONTACT-OPINION",
    "INTERNAL-CONTACT-BODY",
    "INTERNAL-LETTER-SUBJECT",
    "INTERNAL-LETTER-BODY",
    "INTERNAL-PAGE-TITLE",
];

/// The tags of an HTML text (escaped text such as `&lt;svg onload…` is not a tag).
fn tags(html: &str) -> Vec<String> {
    html.match_indices('<')
        .filter_map(|(i, _)| {
            html[i..]
                .find('>')
                .map(|end| html[i..=i + end].to_lowercase())
        })
        .collect()
}

/// ` onload=`, ` onerror =` … inside a tag.
fn has_event_handler(tag: &str) -> bool {
    tag.match_indices(" on").any(|(i, _)| {
        let rest = &tag[i + 3..];
        let name_len = rest.chars().take_while(|c| c.is_ascii_alphabetic()).count();
        name_len > 0 && rest[name_len..].trim_start().starts_with('=')
    })
}

/// The text of a Pagefind index file (gzip; fragments are JSON after a `pagefind_dcd` signature).
fn indexed_text(bytes: &[u8]) -> String {
    let mut text = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(bytes), &mut text)
        .expect("a gzip-compressed index file");
    // Pagefind marks the word boundaries of Chinese text with zero-width spaces.
    String::from_utf8_lossy(&text).replace('\u{200b}', "")
}

/// Every XML part of a DOCX package, unzipped and joined.
fn docx_text(bytes: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a DOCX (zip)");
    let mut text = String::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).expect("an entry");
        let name = entry.name().expect("a UTF-8 name").into_owned();
        if name.ends_with(".xml") || name.ends_with(".rels") {
            std::io::Read::read_to_string(&mut entry, &mut text).expect("UTF-8 XML");
        }
    }
    assert!(text.contains("<w:body>"), "the DOCX has a document");
    text
}

fn privacy_fixture() -> TempDir {
    let dir = common::site(&[
        (
            "deputies/tan-yun.md",
            "---\nname: 覃云\ngrassroots: true\nregion: 甲市\nterms: [\"9\"]\ngroup: jia-1\nprivate:\n  phone: PRIVATE-PHONE-7777\n  id_number: PRIVATE-ID-450100\n  home: {address: PRIVATE-ADDRESS-村}\n---\n\n覃云代表简介。<img src=x OnError=alert(1)>\n",
        ),
        (
            "activities/2022-neibu.md",
            "---\ntitle: INTERNAL-ACTIVITY-TITLE\nkind: inspection\nstart: 2022-10-10\norganizer: 办公厅\nvisibility: internal\nmembers: [fang-yuan]\ndeputies: [bai-lu]\nopinions:\n  - {no: 1, deputy: bai-lu, summary: INTERNAL-ACTIVITY-OPINION}\n---\n\nINTERNAL-ACTIVITY-BODY\n",
        ),
        (
            "contacts/2022-fang-01.md",
            "---\nmember: fang-yuan\ndeputy: tan-yun\ndate: 2022-03-15\nchannel: visit\nlistened: true\nopinions:\n  - {no: 1, deputy: tan-yun, summary: INTERNAL-CONTACT-OPINION}\n---\n\nINTERNAL-CONTACT-BODY\n",
        ),
        (
            "letters/2022-02.md",
            "---\ndeputy: bai-lu\nreceived: 2022-05-10\nchannel: visit\nsubject: INTERNAL-LETTER-SUBJECT\n---\n\nINTERNAL-LETTER-BODY\n",
        ),
        (
            "pages/internal.md",
            "---\ntitle: INTERNAL-PAGE-TITLE\nvisibility: internal\n---\n",
        ),
        (
            "meetings/9-03.md",
            "---\ntitle: 模板注入{{ 7*7 }}测试<script>alert('title')</script>\nterm: \"9\"\nsession: 3\nstart: 2022-05-10\nend: 2022-05-12\nmaterials_sent: 2022-05-03\nagenda:\n  - {no: 1, title: \"议题<iframe src=https://evil.example></iframe>\", kind: regulation_draft, bill: mou-tiaoli}\nattendees:\n  - {deputy: tan-yun, basis: [grassroots]}\nopinions:\n  - {no: 1, deputy: tan-yun, summary: \"{% raw %}意见<svg onload=alert(1)>\", feedback: {date: 2022-05-12, at_meeting: true}}\n---\n\n<script>alert('body')</script>\n\n<img src=x onerror=alert(1)> [点我](JaVaScRiPt:alert(1)) <a href=\"jAvAsCrIpT:alert(2)\">再点</a>\n\n<iframe src=\"https://evil.example\"></iframe>\n\n<svg onload=alert(1)><circle r=\"4\"/></svg>\n\n<p onclick=\"alert(3)\" style=\"x\">段落</p>\n",
        ),
    ]);
    // The .md versions above replace the fixture's .yaml records.
    for old in ["deputies/tan-yun.yaml", "contacts/2022-fang-01.yaml"] {
        std::fs::remove_file(dir.path().join(old)).expect("remove");
    }
    dir
}

#[test]
fn nothing_private_internal_or_executable_reaches_any_file() {
    let fixture = privacy_fixture();
    // Kept in git, so that the 更新记录 page and its feed (every record added by the one
    // commit, every evaluation appearing) are scanned too.
    for args in [
        &["init", "-q"][..],
        &["add", "-A"],
        &["commit", "-q", "-m", "记录"],
    ] {
        common::history::git(fixture.path(), args, "2022-06-01");
    }
    let root = TempDir::new().unwrap();
    let out = root.path().join("site");
    let result = build(&fixture.path().display().to_string(), &out, "2022-12-31");
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let files = snapshot(&out);
    assert!(files.len() > 30);
    let mut title_seen = false;
    assert!(files.contains_key("changes/index.html") && files.contains_key("changes.xml"));
    assert!(
        files.contains_key("reports/2022.pdf") && files.contains_key("reports/2022.docx"),
        "the reports and their drafts are part of the scan"
    );
    for (rel, bytes) in &files {
        let text = if rel.starts_with("pagefind/") && rel.contains(".pf_") {
            // The search index is gzip-compressed: scan what the browser reads.
            indexed_text(bytes).into()
        } else if rel.ends_with(".docx") {
            // A DOCX is a zip of XML parts: scan every part's text (the document, its
            // properties, its styles).
            docx_text(bytes).into()
        } else if rel.ends_with(".pdf") {
            // PDF text is compressed: scan what a reader can extract (poppler-utils).
            let pdf = out.join(rel);
            let extracted = Command::new("pdftotext")
                .args(["-enc", "UTF-8", &pdf.display().to_string(), "-"])
                .output()
                .expect("pdftotext (Debian poppler-utils)");
            assert!(extracted.status.success());
            String::from_utf8_lossy(&extracted.stdout)
                .into_owned()
                .into()
        } else {
            String::from_utf8_lossy(bytes)
        };
        for secret in PRIVATE.iter().chain(INTERNAL) {
            assert!(!text.contains(secret), "{rel} contains {secret}");
        }
        assert!(
            !text.contains("模板注入49测试"),
            "{rel}: record text was evaluated as a template"
        );
        title_seen |= text.contains("模板注入{{ 7*7 }}测试");
        let markup: Vec<String> =
            if rel.ends_with(".html") || rel.ends_with(".xml") || rel.ends_with(".svg") {
                vec![text.to_lowercase()]
            } else if rel == "data/lianluo.json" {
                // Open data carries titles and summaries as plain text (inert, like the CSV
                // tables and the calendar); the only markup in it is the sanitised bodies.
                let data: Value = serde_json::from_slice(bytes).expect("JSON");
                data["bodies_html"]
                    .as_object()
                    .expect("bodies")
                    .values()
                    .map(|v| v.as_str().unwrap_or_default().to_lowercase())
                    .collect()
            } else {
                Vec::new()
            };
        for html in &markup {
            for tag in tags(html) {
                if tag.starts_with("<script") && rel == "search/index.html" {
                    // The search page loads Pagefind and the theme's own script, nothing inline.
                    let src = attribute_values(&tag, "src");
                    assert!(
                        matches!(src.as_slice(), [s] if s.starts_with("../pagefind/") || s.starts_with("../static/")),
                        "{rel} has the script {tag}"
                    );
                    continue;
                }
                assert!(
                    !tag.starts_with("<script") && !tag.starts_with("<iframe"),
                    "{rel} has the tag {tag}"
                );
                assert!(
                    !tag.contains("javascript:"),
                    "{rel} has a javascript: URL in {tag}"
                );
                assert!(
                    !has_event_handler(&tag),
                    "{rel} has an event handler in {tag}"
                );
            }
        }
    }
    assert!(title_seen, "the title is published as text");
    // The scan of the index saw real content: public pages are in it.
    let index: String = files
        .iter()
        .filter(|(rel, _)| rel.ends_with(".pf_fragment"))
        .map(|(_, bytes)| indexed_text(bytes))
        .collect();
    assert!(
        index.contains("覃云代表简介") && index.contains("段落"),
        "the search index holds the public pages"
    );
    // The public meeting page shows the title escaped, and the sanitised body.
    let meeting = String::from_utf8_lossy(&files["meetings/9-03.html"]);
    assert!(
        meeting.contains("&lt;script&gt;alert(&#x27;title&#x27;)&lt;&#x2F;script&gt;")
            || meeting.contains("&lt;script&gt;"),
        "{meeting}"
    );
    assert!(meeting.contains("段落"));
}

#[test]
fn two_builds_are_byte_identical() {
    let root = TempDir::new().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    assert_eq!(build(&sample(), &a, "2026-11-25").status.code(), Some(0));
    assert_eq!(build(&sample(), &b, "2026-11-25").status.code(), Some(0));
    let (a, b) = (snapshot(&a), snapshot(&b));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs between two builds");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let root = TempDir::new().unwrap();
    let content = root.path().join("content");
    common::copy_dir(Path::new(&sample()), &content);
    let out = root.path().join("output");
    assert_eq!(
        build(&content.display().to_string(), &out, "2026-11-25")
            .status
            .code(),
        Some(0)
    );
    let before = snapshot(&out);
    let deputy = std::fs::read_dir(content.join("deputies"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::write(&deputy, "name: [broken\n").unwrap();
    let failed = build(&content.display().to_string(), &out, "2026-11-25");
    assert_eq!(failed.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(
        stderr.contains("yaml-syntax") && stderr.contains("保持不变"),
        "{stderr}"
    );
    assert!(snapshot(&out) == before, "the previous output changed");
    let leftovers: Vec<_> = std::fs::read_dir(root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|name| name != ".output.lock")
        .collect();
    assert_eq!(
        leftovers.len(),
        2,
        "a staging folder was left behind: {leftovers:?}"
    );
}

fn csv_rows(bytes: &[u8]) -> Vec<csv::StringRecord> {
    assert!(
        bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
        "CSV starts with a BOM for Excel"
    );
    csv::Reader::from_reader(&bytes[3..])
        .records()
        .map(|r| r.expect("valid CSV row"))
        .collect()
}

#[test]
fn open_data_parses_and_agrees_with_check() {
    let (_dir, out) = built_sample();
    let check = lianluo(&[
        "check",
        "--content",
        &sample(),
        "--as-of",
        "2026-11-25",
        "--format",
        "json",
    ]);
    let check: Value = serde_json::from_slice(&check.stdout).unwrap();
    let data: Value =
        serde_json::from_slice(&std::fs::read(out.join("data/lianluo.json")).unwrap())
            .expect("lianluo.json parses");
    assert_eq!(data["as_of"], check["as_of"]);
    assert_eq!(
        data["evaluations"], check["evaluations"],
        "the same evaluations as check"
    );
    assert_eq!(data["stats"], check["stats"], "the same figures as check");
    let evaluations = csv_rows(&std::fs::read(out.join("data/evaluations.csv")).unwrap());
    assert_eq!(
        evaluations.len(),
        check["evaluations"].as_array().unwrap().len()
    );
    let not_met = evaluations.iter().filter(|r| &r[4] == "not_met").count();
    let expected = check["evaluations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["status"] == "not_met")
        .count();
    assert_eq!(not_met, expected);
    let deputies = csv_rows(&std::fs::read(out.join("data/deputies.csv")).unwrap());
    assert_eq!(deputies.len(), data["deputies"].as_array().unwrap().len());
    assert_eq!(
        deputies.len() as u64,
        check["stats"]["deputies"]["total"].as_u64().unwrap()
    );
    for table in [
        "members",
        "links",
        "groups",
        "meetings",
        "agenda",
        "attendees",
        "solicitations",
        "symposiums",
        "activities",
        "contacts",
        "letters",
        "opinions",
    ] {
        csv_rows(&std::fs::read(out.join(format!("data/{table}.csv"))).unwrap());
    }
    let letters = csv_rows(&std::fs::read(out.join("data/letters.csv")).unwrap());
    assert!(
        letters.len() < check["stats"]["total"]["letters"].as_u64().unwrap() as usize,
        "internal letters are not in the table"
    );
    let popolo: Value =
        serde_json::from_slice(&std::fs::read(out.join("data/popolo.json")).unwrap())
            .expect("popolo.json parses");
    let persons = popolo["persons"].as_array().unwrap().len();
    assert_eq!(
        persons,
        data["deputies"].as_array().unwrap().len() + data["members"].as_array().unwrap().len()
    );
    let links: usize = data["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["links"].as_array().unwrap().len())
        .sum();
    let liaison = popolo["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "重点联系的基层代表")
        .count();
    assert_eq!(liaison, links);
    let events = popolo["events"].as_array().unwrap();
    assert!(events.iter().any(
        |e| e["classification"] == "meeting" && !e["attendees"].as_array().unwrap().is_empty()
    ));
}

#[test]
fn feeds_and_calendar_are_well_formed() {
    let (_dir, out) = built_sample();
    let feed = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    let parsed: atom_syndication::Feed = feed.parse().expect("Atom parses");
    assert!(!parsed.entries().is_empty());
    assert!(parsed.entries().iter().all(|e| {
        e.links()[0]
            .href()
            .starts_with("https://example.org/lianluo/")
    }));
    let deputy_feeds = std::fs::read_dir(out.join("deputies"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "xml")
        })
        .count();
    assert!(deputy_feeds > 60);
    let ics = std::fs::read_to_string(out.join("calendar.ics")).unwrap();
    assert!(
        ics.starts_with("BEGIN:VCALENDAR")
            && ics.contains("BEGIN:VEVENT")
            && ics.contains("DTSTAMP:20261125T000000Z")
    );
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://example.org/lianluo/deputies/index.html</loc>"));
    assert!(!sitemap.contains("404.html"));
}

/// The pages in a built site's search index: URL → the fragment (content, filters, meta).
fn indexed_pages(out: &Path) -> BTreeMap<String, Value> {
    snapshot(&out.join("pagefind"))
        .iter()
        .filter(|(rel, _)| rel.ends_with(".pf_fragment"))
        .map(|(_, bytes)| {
            let text = indexed_text(bytes);
            let fragment: Value = serde_json::from_str(
                text.strip_prefix("pagefind_dcd")
                    .expect("a Pagefind fragment"),
            )
            .expect("JSON");
            (fragment["url"].as_str().expect("url").to_string(), fragment)
        })
        .collect()
}

#[test]
fn the_search_index_holds_the_record_pages_with_their_filters() {
    let (_dir, out) = built_sample();
    let pages = indexed_pages(&out);
    let files = snapshot(&out);
    // Every page that marks a search region is in the index: each deputy, member, group,
    // meeting and event page …
    let marked: Vec<&String> = files
        .keys()
        .filter(|rel| {
            rel.ends_with(".html")
                && String::from_utf8_lossy(&files[*rel]).contains("data-pagefind-body")
        })
        .collect();
    for rel in &marked {
        assert!(
            pages.contains_key(&format!("/{rel}")),
            "{rel} is not in the index"
        );
    }
    assert_eq!(pages.len(), marked.len());
    let deputies = pages
        .keys()
        .filter(|url| url.starts_with("/deputies/"))
        .count();
    assert_eq!(
        deputies,
        std::fs::read_dir(Path::new(&sample()).join("deputies"))
            .unwrap()
            .count(),
        "one entry per deputy, no listing"
    );
    for section in [
        "members",
        "groups",
        "meetings",
        "symposiums",
        "activities",
        "solicitations",
        "pages",
    ] {
        assert!(
            pages
                .keys()
                .any(|url| url.starts_with(&format!("/{section}/"))),
            "no {section} page is searchable"
        );
    }
    assert!(pages.contains_key("/regulation/index.html"));
    // … and no listing, dashboard or the 404 page is.
    for url in pages.keys() {
        for excluded in [
            "/opinions/",
            "/compliance/",
            "/404.html",
            "/search/",
            "/index.html",
            "/letters/",
            "/data/",
        ] {
            assert!(!url.starts_with(excluded), "{url} should not be searchable");
        }
    }
    // Filters: the kind of record, the year, the region of a deputy.
    let deputy = pages
        .iter()
        .find(|(url, _)| url.starts_with("/deputies/"))
        .expect("a deputy")
        .1;
    assert_eq!(deputy["filters"]["类别"], serde_json::json!(["代表"]));
    assert!(
        deputy["filters"]["地区"][0]
            .as_str()
            .is_some_and(|r| !r.is_empty())
    );
    let meeting = pages
        .iter()
        .find(|(url, _)| url.starts_with("/meetings/"))
        .expect("a meeting")
        .1;
    assert_eq!(
        meeting["filters"]["类别"],
        serde_json::json!(["常委会会议"])
    );
    assert!(
        meeting["filters"]["年份"][0]
            .as_str()
            .is_some_and(|y| y.len() == 4 && y.starts_with("20"))
    );
    // The findings tables are left out of the text (they repeat the dashboard).
    let indexed_text: String = pages
        .values()
        .map(|p| {
            p["content"]
                .as_str()
                .unwrap_or_default()
                .replace('\u{200b}', "")
        })
        .collect();
    assert!(
        indexed_text.contains("列席常委会会议"),
        "{indexed_text:.200}"
    );
    assert!(
        !indexed_text.contains("第六条：任期内列席常委会会议"),
        "findings tables are not indexed"
    );
    // The search page's script loads the index's Component UI, which the build wrote; the
    // index is in one part.
    let search = String::from_utf8_lossy(&files["search/index.html"]);
    assert!(search.contains("<pagefind-input") && search.contains("static/search.js"));
    let script = files
        .iter()
        .find(|(rel, _)| rel.starts_with("static/search") && rel.ends_with(".js"))
        .expect("the search page's script")
        .1;
    assert!(String::from_utf8_lossy(script).contains("pagefind-component-ui.js"));
    assert!(
        files.contains_key("pagefind/pagefind-component-ui.js")
            && files.contains_key("pagefind/pagefind-entry.json")
    );
    assert_eq!(files["pagefind/lianluo-parts.json"], b"[]");
}

#[test]
fn a_large_index_is_built_in_parts_that_hold_every_page_once() {
    let (_whole_dir, whole) = built_sample();
    let parted = |name: &str| {
        let dir = TempDir::new().unwrap();
        let out = dir.path().join(name);
        lianluo_ok(&[
            "build",
            "--content",
            &sample(),
            "--output",
            out.to_str().unwrap(),
            "--as-of",
            "2026-11-25",
            "--no-reports",
            "--search-part-pages",
            "70",
        ]);
        (dir, out)
    };
    let (_dir, out) = parted("site");
    let files = snapshot(&out.join("pagefind"));
    // 193 searchable pages in parts of at most 70: three, the first of which lists the others.
    assert_eq!(
        String::from_utf8_lossy(&files["lianluo-parts.json"]),
        r#"["part-2/","part-3/"]"#
    );
    for part in ["", "part-2/", "part-3/"] {
        assert!(
            files.contains_key(&format!("{part}pagefind-entry.json")),
            "{part} has no entry"
        );
        assert!(
            files.keys().any(|rel| rel
                .strip_prefix(part)
                .is_some_and(|r| !r.contains('/') && r.ends_with(".pf_meta"))),
            "{part} has no metadata"
        );
    }
    // The reader's scripts come once, with the first part.
    assert!(files.contains_key("pagefind-component-ui.js"));
    assert!(
        !files
            .keys()
            .any(|rel| rel.starts_with("part-") && rel.contains("-ui.")),
        "UI scripts in a part"
    );
    // Every page is indexed once, as in one index; dealt round-robin, each part holds a third.
    let (pages, single) = (indexed_pages(&out), indexed_pages(&whole));
    assert_eq!(pages.len(), single.len());
    assert!(
        pages == single,
        "the parts index the pages as one index does"
    );
    let in_part = |part: &str| {
        files
            .keys()
            .filter(|rel| rel.starts_with(part) && rel.ends_with(".pf_fragment"))
            .count()
    };
    assert_eq!(in_part("part-2/fragment/"), 64);
    assert_eq!(in_part("part-3/fragment/"), 64);
    // Built side by side, the parts are the same bytes every time.
    let (_again_dir, again) = parted("again");
    assert!(
        snapshot(&again.join("pagefind")) == files,
        "parts differ from one build to the next"
    );
}

#[test]
fn a_national_scale_build_writes_what_the_usual_one_does() {
    // Above `--national-pages` pages the records are freed after the pages, the search index
    // is built after them and the reports after it: the order changes, the files do not.
    let (_usual_dir, usual) = built_sample();
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("output");
    lianluo_ok(&[
        "build",
        "--content",
        &sample(),
        "--output",
        out.to_str().unwrap(),
        "--as-of",
        "2026-11-25",
        "--national-pages",
        "0",
    ]);
    let (usual, national) = (snapshot(&usual), snapshot(&out));
    assert!(
        national
            .keys()
            .any(|rel| rel.starts_with("reports/") && rel.ends_with(".pdf")),
        "no reports"
    );
    assert!(
        national.contains_key("pagefind/pagefind-entry.json"),
        "no search index"
    );
    assert_eq!(
        usual.keys().collect::<Vec<_>>(),
        national.keys().collect::<Vec<_>>()
    );
    for (rel, bytes) in &usual {
        assert!(&national[rel] == bytes, "{rel} differs");
    }
}

#[test]
fn no_search_builds_no_index() {
    let root = TempDir::new().unwrap();
    let out = root.path().join("site");
    lianluo_ok(&[
        "build",
        "--content",
        &sample(),
        "--output",
        &out.display().to_string(),
        "--as-of",
        "2026-11-25",
        "--no-search",
        "--no-reports",
    ]);
    assert!(!out.join("pagefind").exists());
    assert!(out.join("search/index.html").exists());
}

#[test]
fn a_rebuild_keeps_unchanged_files_and_rewrites_changed_ones() {
    use std::os::unix::fs::MetadataExt;
    let content = TempDir::new().unwrap();
    common::copy_dir(Path::new(&sample()), content.path());
    let root = TempDir::new().unwrap();
    let out = root.path().join("site");
    let content_arg = content.path().display().to_string();
    let build_quietly = || {
        lianluo(&[
            "build",
            "--content",
            &content_arg,
            "--output",
            &out.display().to_string(),
            "--as-of",
            "2026-11-25",
            "--no-reports",
            "--no-search",
        ])
    };
    assert_eq!(build_quietly().status.code(), Some(0));
    let inode = |rel: &str| std::fs::metadata(out.join(rel)).unwrap().ino();
    let (about, deputy) = (inode("pages/about.html"), inode("deputies/yang-min.html"));
    let before = snapshot(&out);

    // The same content: every file is the previous one (same inode), not a new copy.
    assert_eq!(build_quietly().status.code(), Some(0));
    assert_eq!(
        (inode("pages/about.html"), inode("deputies/yang-min.html")),
        (about, deputy)
    );
    assert!(snapshot(&out) == before);

    // A changed deputy: that page is written anew, unchanged pages are kept.
    let file = content.path().join("deputies/yang-min.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let occupation = text
        .lines()
        .find(|l| l.starts_with("occupation:"))
        .expect("the sample deputy has an occupation")
        .to_string();
    std::fs::write(&file, text.replace(&occupation, "occupation: 新的职业说明")).unwrap();
    assert_eq!(build_quietly().status.code(), Some(0));
    assert_eq!(inode("pages/about.html"), about);
    assert_ne!(inode("deputies/yang-min.html"), deputy);
    assert!(
        std::fs::read_to_string(out.join("deputies/yang-min.html"))
            .unwrap()
            .contains("新的职业说明")
    );
}

/// The opinion rows come from the theme's `opinion_row` component, rendered once per row: a
/// copied theme that rewords it changes the row on every page that lists it, and a theme that
/// lacks it (copied from an older version) fails with the component and the file to copy it
/// from, writing nothing.
#[test]
fn the_opinion_row_is_the_themes_and_a_theme_without_it_says_what_to_copy() {
    let dir = TempDir::new().unwrap();
    let theme = dir.path().join("theme");
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &theme,
    );
    let macros = theme.join("templates/macros.html");
    let text = std::fs::read_to_string(&macros).unwrap();
    let cell = "<td>{{ o.no }}</td>";
    assert_eq!(text.matches(cell).count(), 1);
    std::fs::write(&macros, text.replace(cell, "<td>第{{ o.no }}条</td>")).unwrap();
    let content = common::fixture("minimal");
    let out = dir.path().join("out");
    let build = |theme: &Path, out: &Path| {
        lianluo(&[
            "build",
            "--content",
            &content.display().to_string(),
            "--output",
            &out.display().to_string(),
            "--as-of",
            "2022-12-31",
            "--theme",
            &theme.display().to_string(),
            "--no-reports",
            "--no-search",
        ])
    };
    let built = build(&theme, &out);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let row = "<tr id=\"opinion-1\">\n      <td>第1条</td>";
    for page in [
        "opinions/index.html",
        "deputies/tan-yun.html",
        "meetings/9-03.html",
    ] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(html.contains(row), "{page}");
    }

    let start = text.find("{% component opinion_row").unwrap();
    let end = text.find("{% endcomponent opinion_row %}").unwrap();
    let without = format!(
        "{}{}",
        &text[..start],
        &text[end + "{% endcomponent opinion_row %}".len()..]
    );
    std::fs::write(&macros, without).unwrap();
    let missing = dir.path().join("missing");
    let failed = build(&theme, &missing);
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(!failed.status.success());
    assert!(
        stderr.contains("`opinion_row` component") && stderr.contains("macros.html"),
        "{stderr}"
    );
    assert!(!missing.exists(), "nothing is written");
}
