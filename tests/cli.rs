//! The `lianluo` binary end to end: exit statuses, the JSON of spec §5, the text a clerk reads.

mod common;

use common::{lianluo, lianluo_ok, sample};

use std::process::{Command, Output};

use serde_json::Value;

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

fn minimal() -> String {
    common::fixture("minimal").display().to_string()
}

#[test]
fn check_json_on_valid_data() {
    let out = lianluo_ok(&[
        "check",
        "--content",
        &minimal(),
        "--as-of",
        "2022-12-31",
        "--format",
        "json",
    ]);
    let report = json(&out);
    assert_eq!(report["as_of"], "2022-12-31");
    assert_eq!(report["errors"], Value::Array(vec![]));
    let evaluations = report["evaluations"].as_array().expect("evaluations");
    assert!(evaluations.len() > 10);
    let first = &evaluations[0];
    for key in [
        "rule", "period", "subject", "status", "article", "message", "detail",
    ] {
        assert!(first.get(key).is_some(), "evaluation lacks {key}: {first}");
    }
    assert_eq!(first["rule"], "A6.1");
    assert_eq!(first["subject"], serde_json::json!({"meeting": "9-03"}));
    assert_eq!(report["stats"]["years"]["2022"]["meetings"], 1);
    assert_eq!(
        report["stats"]["years"]["2022"]["compliance"]["A6.1"]["met"],
        1
    );
}

#[test]
fn check_json_on_broken_data_lists_errors_and_no_evaluations() {
    let dir = common::site(&[(
        "deputies/tan-yun.yaml",
        "name: 覃云\ngrasroots: true\nregion: 甲市\nterms: [\"9\"]\n",
    )]);
    let out = lianluo(&[
        "check",
        "--content",
        &dir.path().display().to_string(),
        "--as-of",
        "2022-12-31",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    let errors = report["errors"].as_array().expect("errors");
    let unknown = errors
        .iter()
        .find(|e| e["code"] == "unknown-field")
        .expect("unknown-field");
    assert_eq!(
        (
            unknown["file"].as_str(),
            unknown["line"].as_u64(),
            unknown["column"].as_u64()
        ),
        (Some("deputies/tan-yun.yaml"), Some(2), Some(1))
    );
    assert!(
        unknown["message"]
            .as_str()
            .unwrap_or_default()
            .contains("grasroots")
    );
    assert_eq!(report["evaluations"], Value::Array(vec![]));
    assert_eq!(report["stats"], serde_json::json!({}));
}

#[test]
fn check_text_shows_file_line_column_and_the_line() {
    let dir = common::site(&[
        (
            "deputies/tan-yun.yaml",
            "name: 覃云\ngrassroots: true\nregion: 甲市\nterms: [\"9\"]\ngroup: jia-l\n",
        ),
        (
            "letters/2022-01.yaml",
            "deputy: bai-lu\nreceived: 2022-02-30\nchannel: letter\nsubject: 问题\n",
        ),
    ]);
    let out = lianluo(&["check", "--content", &dir.path().display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("deputies/tan-yun.yaml:5:8"), "{text}");
    assert!(
        text.contains("group: jia-l"),
        "the offending line is shown: {text}"
    );
    assert!(text.contains("`jia-1`"), "with the fix: {text}");
    assert!(text.contains("letters/2022-01.yaml:2:11"), "{text}");
    assert!(text.contains("2 个错误"), "{text}");
}

#[test]
fn check_text_summarises_per_article_then_lists_not_met_and_pending() {
    let out = lianluo(&["check", "--content", &minimal(), "--as-of", "2022-12-31"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("A12.2") && text.contains("第12条"), "{text}");
    let not_met = text.find("未履行（not_met）").expect("not met section");
    let pending = text.find("进行中（pending）").expect("pending section");
    assert!(not_met < pending);
    assert!(
        text.contains("方圆2021年听取白露意见0次，按联系306天应不少于2次"),
        "{text}"
    );
}

#[test]
fn strict_fails_when_a_duty_is_not_met() {
    let args = [
        "check",
        "--content",
        &minimal(),
        "--as-of",
        "2022-12-31",
        "--format",
        "json",
    ];
    assert_eq!(lianluo(&args).status.code(), Some(0));
    let mut strict = args.to_vec();
    strict.push("--strict");
    let out = lianluo(&strict);
    assert_eq!(out.status.code(), Some(1));
    json(&out);
}

#[test]
fn year_keeps_that_year_and_its_terms() {
    let out = lianluo(&[
        "check",
        "--content",
        &minimal(),
        "--as-of",
        "2022-12-31",
        "--format",
        "json",
        "--year",
        "2022",
    ]);
    let report = json(&out);
    let periods: std::collections::BTreeSet<_> = report["evaluations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["period"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        periods.into_iter().collect::<Vec<_>>(),
        vec!["2022".to_string(), "term:9".to_string()]
    );
}

#[test]
fn as_of_comes_from_source_date_epoch_when_not_given() {
    let out = Command::new(env!("CARGO_BIN_EXE_lianluo"))
        .args(["check", "--content", &minimal(), "--format", "json"])
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert_eq!(json(&out)["as_of"], "2023-11-14");
}

#[test]
fn usage_and_io_failures_exit_2() {
    let out = lianluo(&[
        "check",
        "--content",
        "/nonexistent/lianluo",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/lianluo"));
    assert_eq!(
        lianluo(&["check", "--content", &minimal(), "--as-of", "2024-02-30"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        lianluo(&["check", "--format", "xml"]).status.code(),
        Some(2)
    );
    assert_eq!(lianluo(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn the_same_content_and_as_of_give_identical_output() {
    let args = [
        "check",
        "--content",
        &minimal(),
        "--as-of",
        "2023-06-30",
        "--format",
        "json",
    ];
    assert_eq!(lianluo(&args).stdout, lianluo(&args).stdout);
}

#[test]
fn the_bundled_sample_passes_check_and_shows_every_status_of_every_rule() {
    let out = lianluo(&[
        "check",
        "--content",
        &sample(),
        "--as-of",
        "2026-11-25",
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let report = json(&out);
    assert_eq!(report["errors"], Value::Array(vec![]));
    let mut seen = std::collections::BTreeSet::new();
    for e in report["evaluations"].as_array().unwrap() {
        seen.insert((
            e["rule"].as_str().unwrap().to_string(),
            e["status"].as_str().unwrap().to_string(),
        ));
    }
    for rule in [
        "A6.1", "A6.2", "A7", "A8.1", "A8.2", "A9.1", "A9.2", "A10", "A12.1", "A12.2", "A12.3",
        "A13.1", "A13.2",
    ] {
        assert!(
            seen.contains(&(rule.to_string(), "met".to_string())),
            "{rule} met"
        );
        assert!(
            seen.contains(&(rule.to_string(), "not_met".to_string())),
            "{rule} not met"
        );
        // A6.1, A8.1 and A8.2 can be pending only on the start day; A12.1 never is.
        if !["A6.1", "A8.1", "A8.2", "A12.1"].contains(&rule) {
            assert!(
                seen.contains(&(rule.to_string(), "pending".to_string())),
                "{rule} pending"
            );
        }
    }
}

#[test]
fn a_broken_copy_of_the_sample_lists_every_error_with_its_position() {
    let dir = tempfile::TempDir::new().unwrap();
    common::copy_dir(std::path::Path::new(&sample()), dir.path());
    let edit = |rel: &str, from: &str, to: &str| {
        let path = dir.path().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} lacks {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    let first = |folder: &str| {
        let mut names: Vec<_> = std::fs::read_dir(dir.path().join(folder))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        format!("{folder}/{}", names[0])
    };
    let (contact, letter, meeting) = (first("contacts"), first("letters"), first("meetings"));
    edit(&contact, "listened:", "listend:");
    edit(&letter, "received: 20", "received: 30");
    edit(&meeting, "term: \"14\"", "term: \"41\"");
    let out = lianluo(&[
        "check",
        "--content",
        &dir.path().display().to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    let files: std::collections::BTreeSet<String> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        files,
        [contact.clone(), letter.clone(), meeting.clone()]
            .into_iter()
            .collect()
    );
    for e in report["errors"].as_array().unwrap() {
        assert!(
            e["line"].as_u64().unwrap() >= 1 && e["column"].as_u64().unwrap() >= 1,
            "{e}"
        );
    }
    let text = String::from_utf8_lossy(
        &lianluo(&["check", "--content", &dir.path().display().to_string()]).stdout,
    )
    .to_string();
    for e in report["errors"].as_array().unwrap() {
        let at = format!(
            "{}:{}:{}",
            e["file"].as_str().unwrap(),
            e["line"],
            e["column"]
        );
        assert!(text.contains(&at), "text output lacks {at}");
    }
}
