//! Defences in depth in what a build publishes: open data that a spreadsheet cannot run as a
//! formula, and a Content-Security-Policy on every page.

mod common;

use std::path::Path;

use common::lianluo_ok;

const FORMULA: &str = r#"=HYPERLINK("http://x","点击")"#;

/// The policy of every page (themes/default/templates/base.html).
const CSP: &str = r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; base-uri 'none'; form-action 'self'">"#;

fn build(content: &Path, out: &Path, as_of: &str, extra: &[&str]) {
    let (content, out) = (content.display().to_string(), out.display().to_string());
    let mut args = vec![
        "build",
        "--content",
        &content,
        "--output",
        &out,
        "--as-of",
        as_of,
    ];
    args.extend_from_slice(extra);
    lianluo_ok(&args);
}

/// A cell a spreadsheet would run: starts with a formula character and is not a number.
fn runs_as_formula(cell: &str) -> bool {
    let number = cell
        .trim_start_matches(['-', '+'])
        .split_once('.')
        .map_or_else(
            || cell.trim_start_matches(['-', '+']).parse::<u64>().is_ok(),
            |(a, b)| a.parse::<u64>().is_ok() && b.parse::<u64>().is_ok(),
        );
    cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !number
}

#[test]
fn formula_like_text_is_inert_in_every_csv_and_unchanged_in_json() {
    let meeting = std::fs::read_to_string(common::fixture("minimal").join("meetings/9-03.md"))
        .unwrap()
        .replace(
            "title: 第九届常委会第三次会议",
            &format!("title: '{FORMULA}'"),
        )
        .replace("title: 审议某条例草案", "title: '+cmd|'' /C calc''!A0'")
        .replace("summary: 建议细化条例草案第五条。", "summary: '-2+3+cmd'");
    let symposium =
        std::fs::read_to_string(common::fixture("minimal").join("symposiums/2022-jiceng.md"))
            .unwrap()
            .replace("title: 2022 年基层代表座谈会", "title: '@SUM(1+1)'")
            .replace("to: 交通运输厅", "to: \"\\t=1+1\"");
    let dir = common::site(&[
        ("meetings/9-03.md", &meeting),
        ("symposiums/2022-jiceng.md", &symposium),
    ]);
    let out = tempfile::TempDir::new().unwrap();
    build(
        dir.path(),
        out.path(),
        "2022-12-31",
        &["--no-reports", "--no-search"],
    );

    let mut tables = 0;
    let mut planted = Vec::new();
    for entry in std::fs::read_dir(out.path().join("data")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "csv") {
            continue;
        }
        tables += 1;
        let bytes = std::fs::read(&path).unwrap();
        let mut reader = csv::Reader::from_reader(&bytes[3..]);
        for record in reader.records() {
            for cell in &record.unwrap() {
                assert!(!runs_as_formula(cell), "{}: {cell:?}", path.display());
                if cell.starts_with('\'') {
                    planted.push(cell.to_string());
                }
            }
        }
    }
    assert_eq!(tables, 14, "every table looked at");
    planted.sort();
    planted.dedup();
    assert_eq!(
        planted,
        [
            "'\t=1+1".to_string(),
            "'+cmd|' /C calc'!A0".to_string(),
            "'-2+3+cmd".to_string(),
            format!("'{FORMULA}"),
            // A6.3's message in evaluations.csv begins with the meeting's title.
            format!("'{FORMULA}邀请2名代表列席"),
            "'@SUM(1+1)".to_string(),
        ],
        "each planted text, written as text"
    );
    let meetings = std::fs::read_to_string(out.path().join("data/meetings.csv")).unwrap();
    assert!(
        meetings.contains(r#""'=HYPERLINK(""http://x"",""点击"")""#),
        "{meetings}"
    );

    // The JSON is data, not a spreadsheet: the title as it was written.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("data/lianluo.json")).unwrap())
            .unwrap();
    assert_eq!(json["meetings"][0]["title"], FORMULA);
}

#[test]
fn every_page_carries_the_content_security_policy() {
    let out = tempfile::TempDir::new().unwrap();
    build(
        Path::new(&common::sample()),
        out.path(),
        "2026-11-25",
        &["--no-reports"],
    );
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(out.path()) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        pages += 1;
        let html = std::fs::read_to_string(entry.path()).unwrap();
        let head = html.split("</head>").next().unwrap();
        let at = head.find(CSP);
        assert!(at.is_some(), "{} has no CSP", entry.path().display());
        // Before anything it governs.
        let first_resource = ["<link", "<script", "<style"]
            .iter()
            .filter_map(|tag| head.find(tag))
            .min();
        assert!(at < first_resource, "{}", entry.path().display());
        assert!(
            !html.contains(" style=\"") && !html.contains("<script>"),
            "{}",
            entry.path().display()
        );
    }
    assert!(pages > 100, "only {pages} pages");
}
