//! A records repository with a dated history, made with the `git` binary (tests only: lianluo
//! itself reads repositories with gix). The repository holds the `minimal` fixture in
//! `content/`, committed in four steps with fixed author and committer dates:
//!
//! 1. 2022-06-01: every record added;
//! 2. 2022-07-01: a deputy changed (`deputies/bai-lu.yaml`) and a page added (`pages/notice.md`);
//! 3. 2022-08-01: a second contact in which 方圆 listens to 覃云 (`contacts/2022-fang-02.yaml`,
//!    internal): A12.2 2022 方圆—覃云 moves from 进行中 to 已履行 (as of 2022-12-31);
//! 4. 2022-09-01: the page of step 2 deleted.

use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

/// The date every test of the history evaluates as of.
pub const AS_OF: &str = "2022-12-31";

/// The commits' dates, oldest first (the committer's dates, in +08:00).
pub const DATES: [&str; 4] = ["2022-06-01", "2022-07-01", "2022-08-01", "2022-09-01"];

/// The text of the internal contact of step 3 (a test checks it never reaches an output).
pub const SECOND_CONTACT: &str = "member: fang-yuan\ndeputy: tan-yun\ndate: 2022-07-20\nchannel: phone\nlistened: true\nopinions:\n  - {no: 1, deputy: tan-yun, summary: 私密的电话内容覃云谈到家中困难, feedback: {date: 2022-07-30}}\n";

/// The internal text of [`SECOND_CONTACT`].
pub const SECRET: &str = "私密的电话内容覃云谈到家中困难";

pub struct History {
    pub dir: TempDir,
    /// The commits' full ids, oldest first.
    pub commits: Vec<String>,
}

impl History {
    /// The repository's work tree.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The content folder in the work tree.
    pub fn content(&self) -> PathBuf {
        self.dir.path().join("content")
    }

    /// Runs git in the work tree; panics when it fails.
    pub fn git(&self, args: &[&str]) -> String {
        git(self.root(), args, "2022-12-01")
    }

    /// Writes (or with `None`, removes) files of the content folder.
    pub fn write(&self, files: &[(&str, Option<&str>)]) {
        for (rel, text) in files {
            let path = self.content().join(rel);
            match text {
                Some(text) => {
                    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
                    std::fs::write(&path, text).expect("write");
                }
                None => std::fs::remove_file(&path).expect("remove"),
            }
        }
    }

    /// Commits everything in the work tree on `date` (YYYY-MM-DD, at 10:00 +08:00); returns
    /// the commit's id.
    pub fn commit(&mut self, date: &str, message: &str) -> String {
        git(self.root(), &["add", "-A"], date);
        git(self.root(), &["commit", "-q", "-m", message], date);
        let id = git(self.root(), &["rev-parse", "HEAD"], date)
            .trim()
            .to_string();
        self.commits.push(id.clone());
        id
    }
}

/// Builds the site of `content` as of [`AS_OF`] (no reports, no search index); panics when
/// the build fails.
pub fn build(content: &Path, output: &Path, extra: &[&str]) -> std::process::Output {
    let (content, output) = (content.display().to_string(), output.display().to_string());
    let mut args = vec![
        "build",
        "--content",
        &content,
        "--output",
        &output,
        "--as-of",
        AS_OF,
        "--no-reports",
        "--no-search",
    ];
    args.extend_from_slice(extra);
    super::lianluo_ok(&args)
}

/// Runs git in `dir` with a fixed identity and dates, and no configuration of the machine.
pub fn git(dir: &Path, args: &[&str], date: &str) -> String {
    let stamp = format!("{date}T10:00:00+08:00");
    let out = Command::new("git")
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "办公室")
        .env("GIT_AUTHOR_EMAIL", "office@example.org")
        .env("GIT_COMMITTER_NAME", "办公室")
        .env("GIT_COMMITTER_EMAIL", "office@example.org")
        .env("GIT_AUTHOR_DATE", &stamp)
        .env("GIT_COMMITTER_DATE", &stamp)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("git's output is UTF-8")
}

/// The repository of the module's documentation, its four commits made.
pub fn fixture() -> History {
    let dir = TempDir::new().expect("tempdir");
    let mut history = History {
        dir,
        commits: Vec::new(),
    };
    git(history.root(), &["init", "-q"], DATES[0]);
    std::fs::write(history.root().join("README.md"), "记录仓库\n").expect("readme");
    super::copy_dir(&super::fixture("minimal"), &history.content());
    history.commit(DATES[0], "记录：全部录入");
    history.write(&[
        (
            "deputies/bai-lu.yaml",
            Some("name: 白露\ngrassroots: true\nregion: 乙市\nterms: [\"9\"]\ngroup: jia-1\n"),
        ),
        (
            "pages/notice.md",
            Some("---\ntitle: 通知\norder: 2\n---\n\n临时通知。\n"),
        ),
    ]);
    history.commit(DATES[1], "记录：白露的地区，新增通知页面");
    history.write(&[("contacts/2022-fang-02.yaml", Some(SECOND_CONTACT))]);
    history.commit(DATES[2], "记录：方圆第二次听取覃云意见");
    history.write(&[("pages/notice.md", None)]);
    history.commit(DATES[3], "记录：删除通知页面");
    history
}
