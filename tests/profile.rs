//! Regulation profiles (spec §4a) end to end: a city's profile changes which rules exist, their
//! numbers, their titles and their evaluations, on `check`, on the site and in the PDF.

mod common;

use common::{copy_dir, fixture, lianluo, lianluo_ok};

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use tempfile::TempDir;

const AS_OF: &str = "2025-06-30";

fn check_json(content: &Path) -> Value {
    let out = lianluo(&[
        "check",
        "--content",
        &content.display().to_string(),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    })
}

/// The status of the evaluation of `rule` for `subject` (a member or an opinion id) in
/// `period`.
fn status(report: &Value, rule: &str, period: &str, key: &str, subject: &str) -> String {
    let found: Vec<&Value> = report["evaluations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["rule"] == rule && e["period"] == period && e["subject"][key] == subject)
        .collect();
    assert_eq!(found.len(), 1, "{rule} {period} {subject}: {found:?}");
    found[0]["status"].as_str().unwrap().to_string()
}

fn city() -> std::path::PathBuf {
    fixture("city")
}

#[test]
fn the_city_profile_sets_its_rules_numbers_and_titles_in_check() {
    let report = check_json(&city());
    assert!(report["errors"].as_array().unwrap().is_empty(), "{report}");
    let rules = report["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(!ids.contains(&"A6.2"), "A6.2 is switched off: {ids:?}");
    assert!(ids.contains(&"A6.3") && ids.contains(&"A13.2"), "{ids:?}");
    let a12_1 = rules.iter().find(|r| r["id"] == "A12.1").unwrap();
    assert_eq!(
        a12_1["title"],
        "主任会议组成人员每人重点联系5名基层代表，其他组成人员每人重点联系3名"
    );
    let a7 = rules.iter().find(|r| r["id"] == "A7").unwrap();
    assert_eq!(a7["title"], "座谈会意见建议交办并在60日内反馈");
    let evaluations = report["evaluations"].as_array().unwrap();
    assert!(evaluations.iter().all(|e| e["rule"] != "A6.2"));
    // Hand-computed: the 主任 links 5 (bar 5), one 委员 3 (bar 3), the other 4 (over the bar).
    for year in ["2024", "2025"] {
        assert_eq!(status(&report, "A12.1", year, "member", "zhu-ren"), "met");
        assert_eq!(
            status(&report, "A12.1", year, "member", "wei-yuan-a"),
            "met"
        );
        assert_eq!(
            status(&report, "A12.1", year, "member", "wei-yuan-b"),
            "not_met"
        );
    }
    // Feedback after 70 days: late under a 60-day window; 41 days: in time.
    let opinion = |no: u32| format!("symposiums/2025-zuotan/{no}");
    assert_eq!(
        status(&report, "A7", "2025", "opinion", &opinion(1)),
        "not_met"
    );
    assert_eq!(status(&report, "A7", "2025", "opinion", &opinion(2)), "met");
    let late = evaluations
        .iter()
        .find(|e| e["rule"] == "A7" && e["subject"]["opinion"] == opinion(1).as_str())
        .unwrap();
    assert_eq!(late["detail"]["window"], 60);
    assert_eq!(late["detail"]["deadline"], "2025-03-11");
}

#[test]
fn the_same_records_under_the_default_profile_are_judged_by_its_numbers() {
    let dir = TempDir::new().unwrap();
    copy_dir(&city(), dir.path());
    let site = dir.path().join("site.yaml");
    let text = std::fs::read_to_string(&site).unwrap();
    std::fs::write(&site, text.replace("profile: city-sample\n", "")).unwrap();
    let report = check_json(dir.path());
    let ids: Vec<&str> = report["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"A6.2"));
    assert_eq!(
        status(&report, "A12.1", "2025", "member", "wei-yuan-b"),
        "met"
    );
    assert_eq!(
        status(&report, "A7", "2025", "opinion", "symposiums/2025-zuotan/1"),
        "met"
    );
    let a12_1 = report["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "A12.1")
        .unwrap();
    assert_eq!(a12_1["title"], "每名组成人员重点联系三至五名基层代表");
}

#[test]
fn an_aim_not_met_reads_not_yet_achieved_not_failed() {
    // Under the default profile A6.2 (“争取”) is an aim: a deputy who left without attending
    // a meeting has not met it, and the site says 尚未实现.
    let dir = TempDir::new().unwrap();
    copy_dir(&city(), dir.path());
    let site = dir.path().join("site.yaml");
    let text = std::fs::read_to_string(&site).unwrap();
    std::fs::write(&site, text.replace("profile: city-sample\n", "")).unwrap();
    let d9 = dir.path().join("deputies/d9.yaml");
    let text = std::fs::read_to_string(&d9).unwrap();
    std::fs::write(&d9, format!("{text}left: 2025-03-01\n")).unwrap();
    let report = check_json(dir.path());
    assert_eq!(status(&report, "A6.2", "term:8", "deputy", "d9"), "not_met");
    let a6_2 = report["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "A6.2")
        .unwrap()
        .clone();
    assert_eq!(a6_2["aim"], true);
    let out = TempDir::new().unwrap();
    let result = lianluo(&[
        "build",
        "--content",
        &dir.path().display().to_string(),
        "--output",
        &out.path().display().to_string(),
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(result.status.code(), Some(0));
    let page = std::fs::read_to_string(out.path().join("compliance/term-8.html")).unwrap();
    let row = page
        .split("<tr")
        .find(|row| row.contains("木四") && row.contains("A6.2"))
        .unwrap_or_else(|| panic!("no A6.2 row for d9 in {page}"));
    assert!(row.contains("尚未实现") && !row.contains("未履行"), "{row}");
}

#[test]
fn site_and_report_show_the_city_titles_and_never_a6_2() {
    let out = TempDir::new().unwrap();
    lianluo_ok(&[
        "build",
        "--content",
        &city().display().to_string(),
        "--output",
        &out.path().display().to_string(),
        "--as-of",
        AS_OF,
    ]);
    let page = std::fs::read_to_string(out.path().join("compliance/2025.html")).unwrap();
    assert!(page.contains("主任会议组成人员每人重点联系5名基层代表，其他组成人员每人重点联系3名"));
    assert!(page.contains("座谈会意见建议交办并在60日内反馈"));
    let index = std::fs::read_to_string(out.path().join("compliance/index.html")).unwrap();
    assert!(index.contains("A6.3") && !index.contains("A6.2"));
    assert!(index.contains("某市人民代表大会常务委员会联系市人民代表大会代表办法"));
    for entry in walkdir::WalkDir::new(out.path()) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            assert!(!text.contains("A6.2"), "{}", entry.path().display());
            assert!(!text.contains("三至五名"), "{}", entry.path().display());
        }
    }
    let pdf = out.path().join("reports/2025.pdf");
    let text = Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (Debian poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout).replace(char::is_whitespace, "");
    assert!(text.contains("60日内反馈"), "{text}");
    assert!(text.contains("重点联系5名基层代表"), "{text}");
    assert!(!text.contains("A6.2"));
    let data: Value =
        serde_json::from_slice(&std::fs::read(out.path().join("data/lianluo.json")).unwrap())
            .unwrap();
    let rules = data["rules"]
        .as_array()
        .expect("the open data lists the rules");
    assert!(rules.iter().all(|r| r["id"] != "A6.2"));
    assert!(
        rules
            .iter()
            .any(|r| r["title"] == "座谈会意见建议交办并在60日内反馈")
    );
}

#[test]
fn a_profile_file_with_mistakes_gets_every_error_with_its_place() {
    let dir = TempDir::new().unwrap();
    copy_dir(&city(), dir.path());
    std::fs::write(
        dir.path().join("regulation-profile.yaml"),
        r#"regulation: 某办法
versions:
  - {name: 二版, effective: 2024-01-01}
  - {name: 初版, effective: 2017-06-01}
rules:
  - {id: R1, article: 12, check: links_within_bound, title: 联系代表}
  - {id: R2, article: 12, check: hearings_per_year, title: 听取意见, params: {listens_per_yeer: 3}}
"#,
    )
    .unwrap();
    let out = lianluo(&[
        "check",
        "--content",
        &dir.path().display().to_string(),
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(out.status.code(), Some(1));
    // `check` writes its report, errors included, to standard output.
    let stderr = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for (place, what) in [
        ("regulation-profile.yaml:4:", "初版"),
        ("regulation-profile.yaml:6:", "links_within_bound"),
        ("regulation-profile.yaml:7:", "listens_per_yeer"),
    ] {
        assert!(
            stderr.lines().any(|l| l.contains(place)) && stderr.contains(what),
            "{place} {what}:\n{stderr}"
        );
    }
    assert!(
        stderr.contains("links_within_bounds"),
        "did-you-mean:\n{stderr}"
    );
}
