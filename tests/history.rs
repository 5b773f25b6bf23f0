//! The records kept in git: provenance on the pages, the footer and the open data; builds of a
//! past revision straight from the object database; outside git, nothing changes but one
//! line. On the repository of `common::history` (four dated commits).

mod common;

use std::path::Path;

use common::history::{self, AS_OF, DATES, build};
use common::site::snapshot;
use common::{lianluo, lianluo_ok};

fn page(output: &Path, rel: &str) -> String {
    std::fs::read_to_string(output.join(rel)).unwrap()
}

/// The "最后更新" line of a page, if any.
fn updated(html: &str) -> Option<&str> {
    let start = html.find("<p class=\"provenance\" data-pagefind-ignore>")?;
    let rest = &html[start + "<p class=\"provenance\" data-pagefind-ignore>".len()..];
    Some(&rest[..rest.find("</p>")?])
}

fn version(html: &str) -> Option<&str> {
    let start = html.find("<p class=\"data-version\">")?;
    let rest = &html[start + "<p class=\"data-version\">".len()..];
    Some(&rest[..rest.find("</p>")?])
}

fn short(id: &str) -> &str {
    &id[..7]
}

#[test]
fn record_pages_show_when_their_file_last_changed() {
    let repo = history::fixture();
    let out = repo.root().join("out");
    let built = build(&repo.content(), &out, &[]);
    let stderr = String::from_utf8_lossy(&built.stderr);
    assert!(!stderr.contains("不在 git 仓库中"), "{stderr}");
    // Changed in the second commit; unchanged since the first; a page's own record.
    let bai_lu = page(&out, "deputies/bai-lu.html");
    assert_eq!(
        updated(&bai_lu),
        Some(format!("最后更新 {}", DATES[1]).as_str())
    );
    let tan_yun = page(&out, "deputies/tan-yun.html");
    assert_eq!(
        updated(&tan_yun),
        Some(format!("最后更新 {}", DATES[0]).as_str())
    );
    assert_eq!(
        updated(&page(&out, "pages/about.html")),
        Some(format!("最后更新 {}", DATES[0]).as_str())
    );
    // The deleted page is gone; listings carry no date of their own.
    assert!(!out.join("pages/notice.html").exists());
    assert_eq!(updated(&page(&out, "deputies/index.html")), None);
    // Without `repository:` in site.yaml, no link.
    assert!(!bai_lu.contains("修改历史"));
    // The footer and the open data: the last commit, clean.
    let head = &repo.commits[3];
    let expected = format!("数据版本：{}（{}）", short(head), DATES[3]);
    assert_eq!(version(&tan_yun), Some(expected.as_str()));
    assert_eq!(version(&page(&out, "index.html")), Some(expected.as_str()));
    let data: serde_json::Value = serde_json::from_str(&page(&out, "data/lianluo.json")).unwrap();
    assert_eq!(
        data["data_version"],
        serde_json::json!({"commit": short(head), "date": DATES[3], "modified": false})
    );
    // The internal contact's file has a date, but no page shows it (it has no page).
    assert!(!snapshot(&out).keys().any(|k| k.contains("2022-fang-02")));
}

#[test]
fn uncommitted_changes_are_said_and_the_history_is_linked() {
    let repo = history::fixture();
    let site = std::fs::read_to_string(repo.content().join("site.yaml")).unwrap();
    repo.write(&[(
        "site.yaml",
        Some(&format!(
            "{site}repository: {{history: \"https://git.example.org/renda/records/commits/main/{{path}}\"}}\n"
        )),
    )]);
    let out = repo.root().join("out");
    build(&repo.content(), &out, &[]);
    let bai_lu = page(&out, "deputies/bai-lu.html");
    assert_eq!(
        version(&bai_lu),
        Some(
            format!(
                "数据版本：{}（{}），含未提交的修改",
                short(&repo.commits[3]),
                DATES[3]
            )
            .as_str()
        )
    );
    assert!(
        bai_lu.contains("<a href=\"https://git.example.org/renda/records/commits/main/content/deputies/bai-lu.yaml\">修改历史</a>"),
        "{:?}",
        updated(&bai_lu)
    );
    // A history address without `{path}` is an error of site.yaml, with its place.
    repo.write(&[(
        "site.yaml",
        Some(&format!(
            "{site}repository: {{history: \"https://git.example.org/log\"}}\n"
        )),
    )]);
    let out = lianluo(&[
        "check",
        "--content",
        &repo.content().display().to_string(),
        "--as-of",
        AS_OF,
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("site.yaml:7:") && text.contains("{path}"),
        "{text}"
    );
}

#[test]
fn a_past_revision_builds_as_its_checkout_does() {
    let repo = history::fixture();
    // Uncommitted work in the work tree must not reach a build of a revision.
    repo.write(&[("deputies/tan-yun.yaml", None)]);
    let from_rev = repo.root().join("from-rev");
    build(&repo.content(), &from_rev, &["--rev", &repo.commits[1]]);
    let checkout = tempfile::TempDir::new().unwrap();
    let at = checkout.path().join("at");
    repo.git(&[
        "worktree",
        "add",
        "-q",
        "--detach",
        &at.display().to_string(),
        &repo.commits[1],
    ]);
    let from_checkout = checkout.path().join("out");
    build(&at.join("content"), &from_checkout, &[]);
    let (a, b) = (snapshot(&from_rev), snapshot(&from_checkout));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (rel, bytes) in &a {
        assert!(bytes == &b[rel], "{rel} differs");
    }
    // It is that commit's site: the page deleted later is there, dated by its commit.
    let notice = page(&from_rev, "pages/notice.html");
    assert_eq!(
        updated(&notice),
        Some(format!("最后更新 {}", DATES[1]).as_str())
    );
    assert_eq!(
        version(&notice),
        Some(format!("数据版本：{}（{}）", short(&repo.commits[1]), DATES[1]).as_str())
    );
    // The same as `diff -r` says.
    let diff = std::process::Command::new("diff")
        .args([
            "-r",
            &from_rev.display().to_string(),
            &from_checkout.display().to_string(),
        ])
        .output()
        .unwrap();
    assert!(
        diff.status.success(),
        "{}",
        String::from_utf8_lossy(&diff.stdout)
    );
    // A revision that does not exist is refused with its name.
    let out = lianluo(&[
        "build",
        "--content",
        &repo.content().display().to_string(),
        "--output",
        &repo.root().join("nothing").display().to_string(),
        "--rev",
        "publish-none",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("publish-none"));
}

#[test]
fn outside_git_one_line_says_so_and_nothing_else_changes() {
    let repo = history::fixture();
    let plain = tempfile::TempDir::new().unwrap();
    common::copy_dir(&repo.content(), plain.path());
    let elsewhere = tempfile::TempDir::new().unwrap();
    let out = elsewhere.path().join("out");
    let built = build(plain.path(), &out, &[]);
    let stderr = String::from_utf8_lossy(&built.stderr);
    assert_eq!(stderr.matches("不在 git 仓库中").count(), 1, "{stderr}");
    // `report` says it too.
    let pdf = elsewhere.path().join("2022.pdf");
    let (content, pdf_arg) = (
        plain.path().display().to_string(),
        pdf.display().to_string(),
    );
    let reported = lianluo_ok(&[
        "report",
        "--content",
        &content,
        "--year",
        "2022",
        "--as-of",
        AS_OF,
        "--output",
        &pdf_arg,
    ]);
    let said = String::from_utf8_lossy(&reported.stderr);
    assert_eq!(said.matches("不在 git 仓库中").count(), 1, "{said}");
    assert!(pdf.exists());
    let files = snapshot(&out);
    for (rel, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("最后更新")
                && !text.contains("数据版本")
                && !text.contains("data_version"),
            "{rel}"
        );
    }
    // The same bytes as the build in the repository, once its provenance and its 更新记录
    // (the page, its feed, their links and place in the sitemap) are taken out.
    let in_git = repo.root().join("out");
    build(&repo.content(), &in_git, &[]);
    let mut with = snapshot(&in_git);
    for rel in ["changes/index.html", "changes.xml"] {
        assert!(with.remove(rel).is_some(), "{rel}");
    }
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        with.keys().collect::<Vec<_>>()
    );
    for (rel, bytes) in &with {
        let text = String::from_utf8_lossy(bytes).to_string();
        let text = cut(
            &text,
            "\n<p class=\"provenance\" data-pagefind-ignore>",
            "</p>",
        );
        let text = cut(&text, "\n    <p class=\"data-version\">", "</p>");
        let text = cut(&text, "\"data_version\":{", "},");
        let mut text = cut(
            &text,
            "\t<url>\n\t\t<loc>https://example.org/test/changes/",
            "</url>\n",
        );
        for root in ["", "../", "/test/"] {
            let link =
                format!("\n      <li><a href=\"{root}changes/index.html\">更新记录</a></li>");
            text = text.replace(&link, "");
        }
        assert!(text.as_bytes() == files[rel].as_slice(), "{rel} differs");
    }
}

/// `text` without the spans from `start` to the next `end` (included).
fn cut(text: &str, start: &str, end: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(start) {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let j = after.find(end).expect("closed") + end.len();
        rest = &after[j..];
    }
    out.push_str(rest);
    out
}

#[test]
fn check_staged_catches_an_error_that_exists_only_in_the_index() {
    let repo = history::fixture();
    let content = repo.content().display().to_string();
    let good = std::fs::read_to_string(repo.content().join("deputies/bai-lu.yaml")).unwrap();
    repo.write(&[(
        "deputies/bai-lu.yaml",
        Some(&good.replace("grassroots: true", "grassroots: 也许")),
    )]);
    repo.git(&["add", "content/deputies/bai-lu.yaml"]);
    repo.write(&[("deputies/bai-lu.yaml", Some(&good))]);
    let work_tree = lianluo(&["check", "--content", &content, "--as-of", AS_OF]);
    assert_eq!(
        work_tree.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&work_tree.stdout)
    );
    let staged = lianluo(&["check", "--staged", "--content", &content, "--as-of", AS_OF]);
    let text = String::from_utf8_lossy(&staged.stdout);
    assert_eq!(staged.status.code(), Some(1), "{text}");
    assert!(text.contains("deputies/bai-lu.yaml:2:"), "{text}");
    // Staged and committed alike once the index holds the good file again.
    repo.git(&["add", "content/deputies/bai-lu.yaml"]);
    let staged = lianluo(&["check", "--staged", "--content", &content, "--as-of", AS_OF]);
    assert_eq!(staged.status.code(), Some(0));
    // A past revision is checked as it was: the first commit has no second contact.
    let first = lianluo(&[
        "check",
        "--rev",
        &repo.commits[0],
        "--content",
        &content,
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    assert_eq!(first.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    let a12: Vec<&serde_json::Value> = json["evaluations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["rule"] == "A12.2" && e["period"] == "2022" && e["subject"]["deputy"] == "tan-yun"
        })
        .collect();
    assert_eq!(a12.len(), 1);
    assert_eq!(a12[0]["status"], "pending");
}

#[test]
fn init_installs_the_pre_commit_check_and_it_refuses_a_bad_record() {
    let dir = tempfile::TempDir::new().unwrap();
    let portal = dir.path().join("portal");
    let out = lianluo(&[
        "init",
        &portal.display().to_string(),
        "--body",
        "某市人民代表大会常务委员会",
        "--base-url",
        "https://renda.example.org/",
        "--term",
        "17:2022-01-06:2027-01-05",
    ]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains(".git/hooks/pre-commit"), "{said}");
    let hook = portal.join(".git/hooks/pre-commit");
    assert_eq!(
        std::fs::read_to_string(&hook).unwrap(),
        lianluo::init::PRE_COMMIT
    );
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&hook).unwrap().permissions().mode() & 0o111,
        0o111
    );
    // git runs the hook with lianluo on PATH: a record with an error cannot be committed.
    let bin = Path::new(env!("CARGO_BIN_EXE_lianluo"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let commit = |message: &str| {
        let run = |args: &[&str]| {
            std::process::Command::new("git")
                .args([
                    "-c",
                    "user.name=办公室",
                    "-c",
                    "user.email=office@example.org",
                ])
                .args(args)
                .current_dir(&portal)
                .env("PATH", &path)
                .env("GIT_CONFIG_GLOBAL", "/dev/null")
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .output()
                .unwrap()
        };
        assert!(run(&["add", "-A"]).status.success());
        run(&["commit", "-q", "-m", message])
    };
    std::fs::write(
        portal.join("content/deputies/wei-ming.yaml"),
        "name: 韦明\ngrassroots: 也许\n",
    )
    .unwrap();
    let refused = commit("有错误的记录");
    assert!(!refused.status.success());
    // git sends what a hook prints to its standard error.
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("deputies/wei-ming.yaml"), "{said}");
    std::fs::remove_file(portal.join("content/deputies/wei-ming.yaml")).unwrap();
    let accepted = commit("新建的文件夹");
    assert!(
        accepted.status.success(),
        "{}",
        String::from_utf8_lossy(&accepted.stdout)
    );
}

/// The pass over history keeps its result in the git folder: the next build after a new
/// commit walks back only to the commit of that result, and its pages are byte for byte those
/// of a whole pass; a result that cannot be read is not used.
#[test]
fn the_kept_pass_gives_the_dates_of_a_whole_pass() {
    let mut repo = history::fixture();
    let kept = repo.root().join(".git/lianluo/last-change-content.json");
    let before = repo.root().join("out1");
    build(&repo.content(), &before, &[]);
    assert!(kept.exists(), "the pass's result is kept in .git/lianluo/");
    std::fs::remove_dir_all(&before).unwrap();
    let deputy = repo.content().join("deputies/bai-lu.yaml");
    let text = std::fs::read_to_string(&deputy).unwrap();
    std::fs::write(&deputy, format!("{text}# 核对了选举单位\n")).unwrap();
    repo.commit("2022-10-01", "核对白露的记录");
    let after = repo.root().join("out2");
    build(&repo.content(), &after, &[]);
    assert_eq!(
        updated(&page(&after, "deputies/bai-lu.html")),
        Some("最后更新 2022-10-01")
    );
    assert_eq!(
        updated(&page(&after, "deputies/tan-yun.html")),
        Some(format!("最后更新 {}", DATES[0]).as_str())
    );
    std::fs::remove_file(&kept).unwrap();
    let whole = repo.root().join("out3");
    build(&repo.content(), &whole, &[]);
    assert_eq!(snapshot(&after), snapshot(&whole));
    std::fs::write(&kept, "not the saved pass").unwrap();
    let unreadable = repo.root().join("out4");
    build(&repo.content(), &unreadable, &[]);
    assert_eq!(snapshot(&unreadable), snapshot(&whole));
}
