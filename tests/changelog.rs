//! The site's 更新记录 page and its Atom feed of status changes, on the repository of
//! `common::history` (four dated commits; the third adds an internal contact that moves
//! A12.2 2022 方圆—覃云 from 进行中 to 已履行).

mod common;

use std::path::Path;

use common::history::{self, AS_OF, SECRET};
use common::site::snapshot;

fn build(content: &Path, output: &Path) {
    history::build(content, output, &[]);
}

fn short(id: &str) -> &str {
    &id[..7]
}

/// The page's entries by commit short id, newest first.
fn entries(page: &str) -> Vec<(String, String)> {
    let marker = "<article class=\"card changelog-entry\" id=\"c";
    page.split(marker)
        .skip(1)
        .map(|part| {
            let (id, rest) = part.split_at(7);
            (
                id.to_string(),
                rest[..rest.find("</article>").unwrap()].to_string(),
            )
        })
        .collect()
}

/// Nothing of the internal contact's text nor a private value in any file the build wrote,
/// nor `internal` (titles of records internal now); on the 更新记录 page and in its feed,
/// not even the internal records' ids (`ids`) or the contact's date.
fn assert_nothing_internal(output: &Path, internal: &[&str], ids: &[&str]) {
    let files = snapshot(output);
    assert!(files.contains_key("changes/index.html") && files.contains_key("changes.xml"));
    for (rel, bytes) in files {
        let text = String::from_utf8_lossy(&bytes);
        for secret in [SECRET, "139-0000-0001"].iter().chain(internal) {
            assert!(!text.contains(secret), "{secret} in {rel}");
        }
        if rel.starts_with("changes") {
            for secret in ["2022-fang-02", "2022-07-20"].iter().chain(ids) {
                assert!(!text.contains(secret), "{secret} in {rel}");
            }
        }
    }
}

#[test]
fn each_content_commit_is_an_entry_with_its_records_and_duties() {
    let repo = history::fixture();
    repo.git(&["tag", "publish-2022-07", &repo.commits[1]]);
    repo.git(&["tag", "draft-1", &repo.commits[2]]);
    let out = repo.root().join("out");
    build(&repo.content(), &out);
    let page = std::fs::read_to_string(out.join("changes/index.html")).unwrap();
    let listed = entries(&page);
    let ids: Vec<&str> = listed.iter().map(|(id, _)| id.as_str()).collect();
    let mut newest_first: Vec<&str> = repo.commits.iter().map(|c| short(c)).collect();
    newest_first.reverse();
    assert_eq!(ids, newest_first, "every content commit, newest first");
    let entry = |n: usize| &listed[3 - n].1;
    // The first commit added every record: the public ones named and linked.
    assert!(entry(0).contains("2022年6月1日"), "{}", entry(0));
    assert!(entry(0).contains("新增 <a href=\"../deputies/bai-lu.html\">白露</a>"));
    assert!(
        entry(0).contains("新增 <a href=\"../activities/2022-zhuanti.html\">2022 年专题调研</a>")
    );
    assert!(
        entry(0).contains("1 条不公开的联系记录有变化"),
        "{}",
        entry(0)
    );
    // The second: a deputy changed, a page added (removed since: named, not linked).
    assert!(entry(1).contains("修改 <a href=\"../deputies/bai-lu.html\">白露</a>"));
    assert!(entry(1).contains("<li>新增 通知</li>"), "{}", entry(1));
    assert!(
        entry(1).contains("发布版本：publish-2022-07"),
        "{}",
        entry(1)
    );
    // The third: the internal contact counted, the duty it moved named.
    let third = entry(2);
    assert!(third.contains("1 条不公开的联系记录有变化"), "{third}");
    assert!(!third.contains("<h3>联系记录</h3>"), "{third}");
    assert!(third.contains("A12.2</a>"), "{third}");
    assert!(
        third.contains("2022年 方圆 — 覃云，进行中 → <strong>已履行</strong>"),
        "{third}"
    );
    assert!(
        !third.contains("draft-1"),
        "only the publications' pattern is listed"
    );
    // The fourth: the page deleted.
    assert!(entry(3).contains("<li>删除 通知</li>"), "{}", entry(3));
    // The publications, with how to rebuild them.
    assert!(page.contains(&format!(
        "<strong>publish-2022-07</strong>，2022年7月1日（<a href=\"#c{}\">{}</a>）。用 lianluo build --rev publish-2022-07 可以原样重建当时发布的网站。",
        short(&repo.commits[1]),
        short(&repo.commits[1])
    )), "{page}");
    assert!(!page.contains("更早的修改"), "the whole history is listed");
    // The feed: one entry, the duty, linked to its commit's entry.
    let feed = std::fs::read_to_string(out.join("changes.xml")).unwrap();
    // Newest first: the third commit's one status change, then the first commit's (every
    // evaluation appeared then); the second and fourth moved none.
    let third_link = format!("changes/index.html#c{}\"", short(&repo.commits[2]));
    assert_eq!(feed.matches(third_link.as_str()).count(), 1, "{feed}");
    for quiet in [&repo.commits[1], &repo.commits[3]] {
        assert!(!feed.contains(&format!("#c{}", short(quiet))), "{feed}");
    }
    assert!(
        feed.contains("<entry><title>A12.2 2022年 方圆 — 覃云：进行中 → 已履行</title><id>https://example.org/test/changes/index.html#c"),
        "{feed}"
    );
    let first = feed.find("<entry>").unwrap();
    assert!(
        feed[first..].starts_with("<entry><title>A12.2 2022年 方圆 — 覃云"),
        "{feed}"
    );
    assert!(
        feed.contains("/A12.2/2022/members/fang-yuan+deputies/tan-yun</id>"),
        "{feed}"
    );
    assert!(
        feed.contains("<title>A6.2 第九届 白露：（无） → 进行中</title>"),
        "{feed}"
    );
    assert!(feed.contains(&format!(
        "href=\"https://example.org/test/changes/index.html#c{}\"",
        short(&repo.commits[2])
    )));
    assert!(
        feed.contains("<updated>2022-08-01T00:00:00+08:00</updated>"),
        "{feed}"
    );
    // Every page's footer links the page.
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("<a href=\"changes/index.html\">更新记录</a>"));
    assert_nothing_internal(&out, &[], &[]);
}

#[test]
fn a_record_internal_now_is_counted_in_every_entry_and_the_settings_apply() {
    let repo = history::fixture();
    // Made internal in the work tree: the first entry, when it was public, must not name
    // it any more.
    let path = repo.content().join("activities/2022-zhuanti.md");
    let activity = std::fs::read_to_string(&path).unwrap();
    let site = std::fs::read_to_string(repo.content().join("site.yaml")).unwrap();
    repo.write(&[
        (
            "activities/2022-zhuanti.md",
            Some(&activity.replace(
                "kind: special_research\n",
                "kind: special_research\nvisibility: internal\n",
            )),
        ),
        (
            "site.yaml",
            Some(&format!(
                "{site}changelog: {{entries: 2}}\nrepository: {{commit: \"https://git.example.org/r/commit/{{commit}}\"}}\n"
            )),
        ),
    ]);
    let out = repo.root().join("out");
    build(&repo.content(), &out);
    let page = std::fs::read_to_string(out.join("changes/index.html")).unwrap();
    let listed = entries(&page);
    assert_eq!(listed.len(), 2, "{page}");
    assert_eq!(listed[0].0, short(&repo.commits[3]));
    assert!(page.contains("更早的修改见记录仓库的历史"), "{page}");
    assert!(page.contains(&format!(
        "<a href=\"https://git.example.org/r/commit/{}\"><code>{}</code></a>",
        repo.commits[3],
        short(&repo.commits[3])
    )));
    assert_nothing_internal(&out, &["2022 年专题调研"], &["2022-zhuanti"]);
    // All entries: the first commit, where the activity was public, counts it now.
    repo.write(&[(
        "site.yaml",
        Some(&format!("{site}changelog: {{entries: 10}}\n")),
    )]);
    build(&repo.content(), &out);
    let page = std::fs::read_to_string(out.join("changes/index.html")).unwrap();
    let first = &entries(&page)[3].1;
    assert!(first.contains("1 条不公开的活动有变化"), "{first}");
    assert_nothing_internal(&out, &["2022 年专题调研"], &["2022-zhuanti"]);
    // No entries: no page, no feed, no link.
    repo.write(&[(
        "site.yaml",
        Some(&format!("{site}changelog: {{entries: 0}}\n")),
    )]);
    build(&repo.content(), &out);
    let files = snapshot(&out);
    assert!(!files.contains_key("changes/index.html") && !files.contains_key("changes.xml"));
    let home = String::from_utf8_lossy(&files["index.html"]).to_string();
    assert!(!home.contains("changes/index.html") && home.contains("数据版本"));
}

#[test]
fn a_bad_changelog_setting_is_an_error_at_its_place() {
    let repo = history::fixture();
    let site = std::fs::read_to_string(repo.content().join("site.yaml")).unwrap();
    repo.write(&[(
        "site.yaml",
        Some(&format!("{site}changelog: {{entries: 500}}\n")),
    )]);
    let content = repo.content().display().to_string();
    let out = common::lianluo(&["check", "--content", &content, "--as-of", AS_OF]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    let said = format!("{stdout}{stderr}");
    assert!(said.contains("site.yaml:7:"), "{said}");
    assert!(said.contains("changelog.entries 最多为 200"), "{said}");
}

#[test]
fn a_shallow_clone_builds_with_the_history_it_has() {
    let repo = history::fixture();
    let clone = tempfile::TempDir::new().unwrap();
    let url = format!("file://{}", repo.root().display());
    history::git(
        clone.path(),
        &["clone", "-q", "--depth", "2", &url, "records"],
        "2022-12-01",
    );
    let records = clone.path().join("records");
    let out = clone.path().join("out");
    build(&records.join("content"), &out);
    let page = std::fs::read_to_string(out.join("changes/index.html")).unwrap();
    let listed = entries(&page);
    // The boundary commit's parent is missing: only the newest commit can be compared.
    assert_eq!(listed.len(), 1, "{page}");
    assert_eq!(listed[0].0, short(&repo.commits[3]));
    assert!(listed[0].1.contains("<li>删除 通知</li>"));
    assert!(page.contains("更早的修改见记录仓库的历史"));
    // A file not changed since the boundary shows no date (it would be a guess).
    let deputy = std::fs::read_to_string(out.join("deputies/bai-lu.html")).unwrap();
    assert!(!deputy.contains("最后更新"), "no date is guessed");
    assert!(deputy.contains(&format!("数据版本：{}", short(&repo.commits[3]))));
}

/// Each entry's duties, as the page lists them: (rule, the rest of the line).
fn duties(entry: &str) -> Vec<(String, String)> {
    let marker = "<li><a href=\"../regulation/index.html\">";
    entry
        .split(marker)
        .skip(1)
        .map(|part| {
            let (rule, rest) = part.split_once("</a>").unwrap();
            (
                rule.to_string(),
                rest[..rest.find("</li>").unwrap()].to_string(),
            )
        })
        .collect()
}

/// The page makes each version's records from the version before (only the files that
/// changed read again, only the rules that read them evaluated again, only the records they
/// touch checked again): every entry must say what `lianluo changes PARENT COMMIT`, which
/// loads both versions whole, says. The history goes through each way a version is made:
/// values that move duties, a new record with an error and its fix (a side that cannot be
/// evaluated, and the one after it assembled whole), a record removed (every reference
/// checked again) and a change of `site.yaml` (not a record: assembled whole).
#[test]
fn each_entry_says_what_changes_says_between_the_commit_and_its_parent() {
    let mut repo = history::fixture();
    let content = repo.content();
    let read = |rel: &str| std::fs::read_to_string(content.join(rel)).unwrap();
    let contact = read("contacts/2022-fang-01.yaml").replace("listened: true", "listened: false");
    let letter = read("letters/2022-01.yaml").replace("major: true", "major: false");
    repo.write(&[
        ("contacts/2022-fang-01.yaml", Some(&contact)),
        ("letters/2022-01.yaml", Some(&letter)),
    ]);
    repo.commit("2022-10-01", "记录：未听取意见；来信不是重大问题");
    let third = "member: fang-yuan\ndeputy: nobody\ndate: 2022-10-20\nchannel: visit\nlistened: true\nvisibility: public\n";
    repo.write(&[("contacts/2022-fang-03.yaml", Some(third))]);
    repo.commit("2022-11-01", "记录：代表的 id 写错了");
    repo.write(&[(
        "contacts/2022-fang-03.yaml",
        Some(&third.replace("nobody", "shi-lan")),
    )]);
    repo.commit("2022-11-15", "记录：改正代表的 id");
    repo.write(&[("contacts/2022-fang-01.yaml", None)]);
    repo.commit("2022-12-01", "记录：删除一条联系记录");
    // A second member, then a contact moved to them: the duties of both members move.
    let member = "name: 李明\nrole: 委员\nfrom: 2021-01-10\nlinks:\n  - {deputy: gu-feng, from: 2021-03-01}\n";
    repo.write(&[("members/li-ming.yaml", Some(member))]);
    repo.commit("2022-12-02", "记录：新增委员李明");
    let second = read("contacts/2022-fang-02.yaml");
    let moved = second
        .replace("member: fang-yuan", "member: li-ming")
        .replace("deputy: tan-yun", "deputy: gu-feng");
    repo.write(&[("contacts/2022-fang-02.yaml", Some(&moved))]);
    repo.commit("2022-12-03", "记录：这次联系是李明联系谷峰");
    // An opinion's feedback gone, from a contact and from a symposium.
    let unanswered = moved.replace(", feedback: {date: 2022-07-30}", "");
    let symposium =
        read("symposiums/2022-jiceng.md").replace("    feedback: {date: 2022-08-01}\n", "");
    repo.write(&[
        ("contacts/2022-fang-02.yaml", Some(&unanswered)),
        ("symposiums/2022-jiceng.md", Some(&symposium)),
    ]);
    repo.commit("2022-12-04", "记录：意见尚未反馈");
    let site = read("site.yaml");
    repo.write(&[("site.yaml", Some(&format!("{site}# 年底\n")))]);
    repo.commit("2022-12-10", "设置：注释");
    let out = repo.root().join("out");
    build(&content, &out);
    let page = std::fs::read_to_string(out.join("changes/index.html")).unwrap();
    let listed = entries(&page);
    assert_eq!(listed.len(), repo.commits.len(), "{page}");
    let content_arg = content.display().to_string();
    let (mut moved, mut unreadable) = (0, 0);
    for (n, commit) in repo.commits.iter().enumerate().skip(1) {
        let (id, entry) = &listed[repo.commits.len() - 1 - n];
        assert_eq!(id, short(commit));
        let parent = &repo.commits[n - 1];
        let said = common::lianluo(&[
            "changes",
            parent,
            commit,
            "--content",
            &content_arg,
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ]);
        if !said.status.success() {
            // A side with errors: `changes` shows them, the page compares no duties.
            assert!(entry.contains("这一版本的记录有错误"), "{entry}");
            assert!(duties(entry).is_empty(), "{entry}");
            assert!(!entry.contains("项涉及不公开记录的评估有变化"), "{entry}");
            unreadable += 1;
            continue;
        }
        let json: serde_json::Value = serde_json::from_slice(&said.stdout).unwrap();
        let expected = json["evaluations"].as_array().unwrap();
        let shown = duties(entry);
        assert_eq!(shown.len(), expected.len(), "commit {n}: {entry}\n{json:#}");
        for e in expected {
            let rule = e["rule"].as_str().unwrap();
            let subject = e["subject"].as_str().unwrap();
            let label = |s: &serde_json::Value| match s.as_str() {
                Some("met") => "已履行",
                Some("pending") => "进行中",
                Some("not_met") => "未履行",
                _ => "（无）",
            };
            let line = format!(
                "{subject}，{} → <strong>{}</strong>",
                label(&e["from"]),
                label(&e["to"])
            );
            assert!(
                shown
                    .iter()
                    .any(|(r, rest)| r == rule && rest.contains(&line)),
                "commit {n}: {rule} {line} not in {entry}"
            );
        }
        moved += expected.len();
    }
    assert!(moved >= 8, "the history moves duties ({moved})");
    // A member added: their new duties are named (they are public), not counted as internal
    // because the version before did not have them.
    let added = repo.commits.len() - 4;
    let (_, entry) = &listed[repo.commits.len() - 1 - added];
    let named = duties(entry);
    assert_eq!(
        named
            .iter()
            .filter(|(_, rest)| rest.contains("李明") && rest.contains("（无） → "))
            .count(),
        8,
        "{entry}"
    );
    assert!(!entry.contains("项涉及不公开记录的评估有变化"), "{entry}");
    assert_eq!(
        unreadable, 2,
        "the commit with the error, and the one that fixes it"
    );
}
