//! `lianluo changes`: the records added, changed and removed between two places of the
//! records' history and the duties it moved, as text and JSON; internal records only as
//! counts. On the repository of `common::history` (four dated commits).

mod common;

use common::history::{self, AS_OF, SECOND_CONTACT, SECRET};
use common::lianluo;
use serde_json::json;

/// Runs `lianluo changes` on the fixture's content folder; returns (status, stdout, stderr).
fn changes(repo: &history::History, args: &[&str]) -> (Option<i32>, String, String) {
    let content = repo.content().display().to_string();
    let mut all = vec!["changes", "--content", &content, "--as-of", AS_OF];
    all.extend_from_slice(args);
    let out = lianluo(&all);
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn text_and_json(repo: &history::History, args: &[&str]) -> (String, serde_json::Value) {
    let (code, text, stderr) = changes(repo, args);
    assert_eq!(code, Some(0), "{stderr}");
    let mut with_json = args.to_vec();
    with_json.extend_from_slice(&["--format", "json"]);
    let (code, json, stderr) = changes(repo, &with_json);
    assert_eq!(code, Some(0), "{stderr}");
    (text, serde_json::from_str(&json).unwrap())
}

/// Nothing of the internal contact (its id, file, text, date) nor any private value.
fn assert_private(output: &str, private: &[&str]) {
    for secret in [
        "2022-fang-02",
        SECRET,
        "2022-07-20",
        "2022-07-30",
        "139-0000-0001",
    ]
    .iter()
    .chain(private)
    {
        assert!(!output.contains(secret), "{secret} in:\n{output}");
    }
    assert!(SECOND_CONTACT.contains(SECRET));
}

fn short(id: &str) -> &str {
    &id[..7]
}

#[test]
fn an_internal_contact_moves_a_duty_and_is_only_counted() {
    let repo = history::fixture();
    let (from, to) = (&repo.commits[1], &repo.commits[2]);
    let (text, data) = text_and_json(&repo, &[from, to]);
    assert_private(&text, &[]);
    assert_private(&data.to_string(), &[]);
    assert_eq!(
        data["from"],
        json!({"label": from, "commit": short(from), "date": "2022-07-01"})
    );
    assert_eq!(data["as_of"], json!(AS_OF));
    assert_eq!(
        data["records"],
        json!([{"kind": "contacts", "name": "联系记录", "added": [], "changed": [], "removed": [], "internal": 1}])
    );
    assert_eq!(
        data["files"],
        json!({"added": [], "changed": [], "removed": []})
    );
    assert_eq!(
        data["evaluations"],
        json!([{"rule": "A12.2", "period": "2022", "subject": "方圆 — 覃云", "subject_ids": {"member": "fang-yuan", "deputy": "tan-yun"}, "from": "pending", "to": "met"}])
    );
    assert_eq!(data["internal_evaluations"], json!(1));
    assert_eq!(
        text,
        format!(
            "记录的变化：{from}（{}，2022-07-01） → {to}（{}，2022-08-01）（评估基准日 {AS_OF}）\n\n\
             联系记录\n  1 条不公开的联系记录有变化\n\n\
             履职评估的变化\n  A12.2 2022 方圆 — 覃云：进行中 → 已履行\n  1 项涉及不公开记录的评估有变化\n",
            short(from),
            short(to)
        )
    );
}

#[test]
fn public_records_are_named_by_kind_from_the_side_that_has_them() {
    let repo = history::fixture();
    let (_, data) = text_and_json(&repo, &[&repo.commits[0], &repo.commits[1]]);
    assert_eq!(
        data["records"],
        json!([
            {"kind": "deputies", "name": "代表", "added": [], "changed": [{"id": "bai-lu", "title": "白露"}], "removed": [], "internal": 0},
            {"kind": "pages", "name": "页面", "added": [{"id": "notice", "title": "通知"}], "changed": [], "removed": [], "internal": 0}
        ])
    );
    assert_eq!(data["evaluations"], json!([]));
    assert_eq!(data["internal_evaluations"], json!(0));
    // The page deleted in the last commit is named from the side that still has it.
    let (text, data) = text_and_json(&repo, &[&repo.commits[2], &repo.commits[3]]);
    assert_eq!(
        data["records"],
        json!([{"kind": "pages", "name": "页面", "added": [], "changed": [], "removed": [{"id": "notice", "title": "通知"}], "internal": 0}])
    );
    assert!(text.contains("\n页面\n  删除 notice 通知\n"), "{text}");
    // The same revision on both sides: nothing.
    let (text, data) = text_and_json(&repo, &[&repo.commits[3], "HEAD"]);
    assert!(text.ends_with("没有变化\n"), "{text}");
    assert_eq!(data["records"], json!([]));
}

#[test]
fn by_default_the_last_content_commit_and_the_work_tree_are_compared() {
    let repo = history::fixture();
    // A commit outside the content folder does not count as the last change of content.
    std::fs::write(repo.root().join("README.md"), "记录仓库（说明）\n").unwrap();
    repo.git(&["add", "README.md"]);
    repo.git(&["commit", "-q", "-m", "说明"]);
    // Uncommitted: a private value of a public deputy changed, a settings file changed.
    let tan_yun = std::fs::read_to_string(repo.content().join("deputies/tan-yun.yaml")).unwrap();
    let site = std::fs::read_to_string(repo.content().join("site.yaml")).unwrap();
    repo.write(&[
        (
            "deputies/tan-yun.yaml",
            Some(&tan_yun.replace("139-0000-0001", "139-0000-0099")),
        ),
        ("site.yaml", Some(&format!("{site}\n"))),
    ]);
    let (text, data) = text_and_json(&repo, &[]);
    assert_private(&text, &["139-0000-0099"]);
    assert_private(&data.to_string(), &["139-0000-0099"]);
    let before = &repo.commits[2];
    assert_eq!(
        data["from"],
        json!({"label": short(before), "commit": short(before), "date": "2022-08-01"})
    );
    assert_eq!(data["to"], json!({"label": "工作区"}));
    assert_eq!(
        data["records"],
        json!([
            {"kind": "deputies", "name": "代表", "added": [], "changed": [{"id": "tan-yun", "title": "覃云"}], "removed": [], "internal": 0},
            {"kind": "pages", "name": "页面", "added": [], "changed": [], "removed": [{"id": "notice", "title": "通知"}], "internal": 0}
        ])
    );
    assert_eq!(
        data["files"],
        json!({"added": [], "changed": ["site.yaml"], "removed": []})
    );
    // One revision: from it to the work tree; everything since the first commit.
    let (_, data) = text_and_json(&repo, &[&repo.commits[0]]);
    let kinds: Vec<&str> = data["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["deputies", "contacts"]);
    assert_eq!(data["records"][1]["internal"], json!(1));
    assert_eq!(data["evaluations"][0]["subject"], json!("方圆 — 覃云"));
}

#[test]
fn the_first_commit_is_compared_with_nothing() {
    let repo = history::fixture();
    repo.git(&["checkout", "-q", &repo.commits[0]]);
    let (text, data) = text_and_json(&repo, &[]);
    assert_private(&text, &[]);
    assert_eq!(data["from"], json!({"label": "空"}));
    let deputies = &data["records"][0];
    assert_eq!(deputies["kind"], json!("deputies"));
    assert_eq!(deputies["added"].as_array().unwrap().len(), 4);
    // The internal letter and contact of the fixture are counts; the evaluations appear.
    let counted: Vec<(&str, u64)> = data["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|k| k["internal"] != json!(0))
        .map(|k| (k["kind"].as_str().unwrap(), k["internal"].as_u64().unwrap()))
        .collect();
    assert_eq!(counted, [("contacts", 1), ("letters", 1)]);
    for output in [&text, &data.to_string()] {
        for internal in [
            "2022-fang-01",
            "2022-01",
            "村道维修",
            "村医补贴",
            "某县人民政府",
        ] {
            assert!(!output.contains(internal), "{internal} in:\n{output}");
        }
    }
    assert!(
        text.contains("（无） → 进行中") || text.contains("（无） → 已履行"),
        "{text}"
    );
}

#[test]
fn bad_revisions_folders_and_records_are_refused() {
    let repo = history::fixture();
    let (code, _, stderr) = changes(&repo, &["publish-none"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("publish-none"), "{stderr}");
    // Outside git.
    let plain = tempfile::TempDir::new().unwrap();
    common::copy_dir(&repo.content(), plain.path());
    let out = lianluo(&[
        "changes",
        "--content",
        &plain.path().display().to_string(),
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("不在 git 仓库中"));
    // A record with an error in the work tree: its place is shown, nothing is compared.
    repo.write(&[("deputies/bai-lu.yaml", Some("name: [白露\n"))]);
    let (code, stdout, stderr) = changes(&repo, &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("bai-lu.yaml") && stderr.contains("无法比较（工作区 的记录有错误）"),
        "{stderr}"
    );
}

#[test]
fn a_record_made_internal_and_an_internal_one_added_are_only_counted() {
    let repo = history::fixture();
    let activity =
        std::fs::read_to_string(repo.content().join("activities/2022-zhuanti.md")).unwrap();
    repo.write(&[
        (
            "activities/2022-zhuanti.md",
            Some(&activity.replace("kind: special_research\n", "kind: special_research\nvisibility: internal\n")),
        ),
        (
            "activities/2022-neibu.md",
            Some("---\ntitle: INTERNAL-ACTIVITY-TITLE\nkind: inspection\nstart: 2022-10-10\norganizer: 办公厅\nvisibility: internal\nmembers: [fang-yuan]\ndeputies: [bai-lu]\nopinions:\n  - {no: 1, deputy: bai-lu, summary: INTERNAL-ACTIVITY-OPINION}\n---\n\nINTERNAL-ACTIVITY-BODY\n"),
        ),
    ]);
    let (text, data) = text_and_json(&repo, &["HEAD"]);
    for output in [&text, &data.to_string()] {
        assert_private(output, &[]);
        for internal in [
            "2022-zhuanti",
            "2022 年专题调研",
            "2022-neibu",
            "INTERNAL-ACTIVITY",
            "办公厅",
            "2022-10-10",
        ] {
            assert!(!output.contains(internal), "{internal} in:\n{output}");
        }
    }
    assert_eq!(
        data["records"],
        json!([{"kind": "activities", "name": "活动", "added": [], "changed": [], "removed": [], "internal": 2}])
    );
    assert!(text.contains("  2 条不公开的活动有变化\n"), "{text}");
    // The new internal activity's evaluation is counted, not named; the activity made
    // internal keeps its statuses, so nothing of it is listed.
    assert_eq!(data["internal_evaluations"], json!(1));
    assert_eq!(data["evaluations"], json!([]));
    assert!(
        text.ends_with("\n履职评估的变化\n  1 项涉及不公开记录的评估有变化\n"),
        "{text}"
    );
}
