//! `lianluo init`: from an empty folder, `init` + `new deputy` + `build` make a site whose
//! links all resolve; a folder with anything in it is refused; without a terminal the
//! missing flags are named; git is set up only outside a repository.

mod common;

use std::path::Path;
use std::process::Command;

use common::site::check_links;
use common::{lianluo, lianluo_ok};
use tempfile::TempDir;

const BODY: &str = "某市人民代表大会常务委员会";

fn init(dir: &Path, extra: &[&str]) -> std::process::Output {
    let dir = dir.display().to_string();
    let mut args = vec![
        "init",
        &dir,
        "--body",
        BODY,
        "--base-url",
        "https://renda.example.gov.cn/lianluo",
        "--term",
        "17:2022-01-06:2027-01-05",
    ];
    args.extend_from_slice(extra);
    lianluo(&args)
}

fn git_available() -> bool {
    Command::new("git").arg("--version").output().is_ok()
}

#[test]
fn init_then_a_deputy_then_build_gives_a_site_whose_links_resolve() {
    let dir = TempDir::new().unwrap();
    let portal = dir.path().join("portal");
    let out = init(&portal, &["--no-git"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let content = portal.join("content").display().to_string();
    let as_of = "2024-06-30";

    // It passes `check` at once, with no warning either.
    let check = lianluo(&["check", "--content", &content, "--as-of", as_of]);
    assert_eq!(check.status.code(), Some(0));
    let json = lianluo(&[
        "check",
        "--content",
        &content,
        "--as-of",
        as_of,
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        report["errors"].as_array().map(Vec::len),
        Some(0),
        "{report}"
    );
    assert_eq!(
        report["warnings"].as_array().map(Vec::len),
        Some(0),
        "{report}"
    );

    let new = lianluo(&["new", "deputy", "wei-ming", "--content", &content]);
    assert_eq!(new.status.code(), Some(0));
    let path = String::from_utf8_lossy(&new.stdout).trim().to_string();
    let template = std::fs::read_to_string(&path).unwrap();
    // An unfilled template does not pass; filled in, it does.
    let check = lianluo(&["check", "--content", &content, "--as-of", as_of]);
    assert_eq!(check.status.code(), Some(1));
    let filled = template
        .replace("【姓名】", "韦明")
        .replace("【选举单位，如 南宁市】", "城东区")
        .replace("【届id】", "17");
    std::fs::write(&path, filled).unwrap();
    let check = lianluo(&["check", "--content", &content, "--as-of", as_of]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );

    let output = dir.path().join("output");
    lianluo_ok(&[
        "build",
        "--content",
        &content,
        "--output",
        &output.display().to_string(),
        "--as-of",
        as_of,
    ]);
    let checked = check_links(&output, "/lianluo/");
    assert!(checked > 100, "only {checked} links checked");
    let home = std::fs::read_to_string(output.join("index.html")).unwrap();
    assert!(home.contains("某市人民代表大会常务委员会联系代表工作公开平台"));
    let data = std::fs::read_to_string(output.join("data/lianluo.json")).unwrap();
    assert!(data.contains("韦明") && data.contains("城东区"));
    let regulation = std::fs::read_to_string(output.join("regulation/index.html")).unwrap();
    assert!(
        regulation.contains("每人重点联系"),
        "the regulation's full text"
    );
}

#[test]
fn a_folder_with_anything_in_it_is_refused_and_left_alone() {
    let dir = TempDir::new().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "keep me").unwrap();
    let out = init(dir.path(), &["--no-git"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("不是空的"), "{stderr}");
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn without_a_terminal_the_missing_flags_are_named_and_nothing_is_written() {
    let dir = TempDir::new().unwrap();
    let portal = dir.path().join("portal");
    let out = lianluo(&["init", &portal.display().to_string(), "--body", BODY]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--base-url") && stderr.contains("--term") && !stderr.contains("--body"),
        "{stderr}"
    );
    assert!(!portal.exists());
    let bad = lianluo(&["init", "x", "--term", "17:2027-01-05:2022-01-06"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--term"));
}

#[test]
fn git_init_runs_outside_a_repository_only() {
    if !git_available() {
        eprintln!("note: git is not installed; skipping the git part of init");
        return;
    }
    let dir = TempDir::new().unwrap();
    let portal = dir.path().join("portal");
    let out = init(&portal, &[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(portal.join(".git").is_dir(), "git init ran");
    let status = Command::new("git")
        .arg("-C")
        .arg(&portal)
        .args(["status", "--porcelain", "--untracked-files=all"])
        .output()
        .unwrap();
    let status = String::from_utf8_lossy(&status.stdout);
    assert!(status.contains("content/deputies/.gitkeep"), "{status}");
    assert!(status.contains(".gitignore"), "{status}");

    let inner = portal.join("second");
    let out = init(&inner, &[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        !inner.join(".git").exists(),
        "no repository inside a repository"
    );
}

#[test]
fn on_a_terminal_the_missing_values_are_asked_for() {
    // util-linux's `script` runs init on a pseudo-terminal, the answers typed ahead.
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!(
            "note: `script` (util-linux) is not installed; the prompts are not tried on a terminal"
        );
        return;
    }
    let dir = TempDir::new().unwrap();
    let portal = dir.path().join("portal");
    let command = format!(
        "'{}' init '{}' --no-git",
        env!("CARGO_BIN_EXE_lianluo"),
        portal.display()
    );
    let mut child = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The body, the default title (an empty line), an address without a scheme (refused and
    // asked again), the address, the term.
    let answers = format!(
        "{BODY}\n\nrenda.example.gov.cn\nhttps://renda.example.gov.cn/\n18:2021-10-01:2026-09-30\n"
    );
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), answers.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{screen}");
    assert_eq!(screen.matches("网站地址（如").count(), 2, "{screen}");
    let site = std::fs::read_to_string(portal.join("content/site.yaml")).unwrap();
    for line in [
        "title: \"某市人民代表大会常务委员会联系代表工作公开平台\"",
        "base_url: \"https://renda.example.gov.cn/\"",
        "  - {id: \"18\", name: \"第十八届\", start: 2021-10-01, end: 2026-09-30}",
    ] {
        assert!(site.lines().any(|l| l == line), "{line} in\n{site}");
    }
}

/// The rules' titles in `check --format json` of a new folder.
fn rule_titles(content: &Path) -> Vec<(String, String)> {
    let out = lianluo(&[
        "check",
        "--content",
        &content.display().to_string(),
        "--as-of",
        "2024-06-30",
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["title"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn init_takes_a_built_in_profile_or_a_profile_file_to_edit() {
    let dir = TempDir::new().unwrap();
    let city = dir.path().join("city");
    let out = init(&city, &["--no-git", "--profile", "city-sample"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let site = std::fs::read_to_string(city.join("content/site.yaml")).unwrap();
    assert!(site.contains("\nprofile: city-sample\n"), "{site}");
    // The Guangxi regulation's text is not the city's: no regulation.md.
    assert!(!city.join("content/regulation.md").exists());
    let titles = rule_titles(&city.join("content"));
    assert!(titles.iter().all(|(id, _)| id != "A6.2"));
    assert!(
        titles
            .iter()
            .any(|(_, t)| t.contains("重点联系5名基层代表"))
    );

    // A profile file is checked, then copied in to edit.
    let file = dir.path().join("our-profile.yaml");
    std::fs::write(
        &file,
        "regulation: 某县办法\nversions: [{name: 初版, effective: 2020-01-01}]\nrules:\n  - {id: L1, article: 12, check: links_within_bounds, title: \"联系{links_min}至{links_max}名\", params: {links_min: 2, links_max: 4}}\n",
    )
    .unwrap();
    let own = dir.path().join("own");
    let out = init(
        &own,
        &["--no-git", "--profile", &file.display().to_string()],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(own.join("content/regulation-profile.yaml").exists());
    assert_eq!(
        rule_titles(&own.join("content")),
        [("L1".to_string(), "联系2至4名".to_string())]
    );

    // A profile with a mistake, or an unknown name, is refused before anything is written.
    std::fs::write(&file, "regulation: x\nversions: [{name: a, effective: 2020-01-01}]\nrules:\n  - {id: L1, article: 12, check: link_within_bounds, title: t}\n").unwrap();
    let bad = dir.path().join("bad");
    let out = init(
        &bad,
        &["--no-git", "--profile", &file.display().to_string()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("links_within_bounds"));
    assert!(!bad.exists());
    let out = init(&bad, &["--no-git", "--profile", "city-sampel"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("city-sample"));
}
