//! `lianluo new`: every kind's template, filled in, passes `check`; it refuses to overwrite
//! and refuses an id that could be a path.

mod common;

use common::lianluo;

fn fill(template: &str) -> String {
    let mut text = template
        .replace("【代表id】", "tan-yun")
        .replace("【组成人员id】", "fang-yuan")
        .replace("【代表小组id】", "jia-1")
        .replace("【届id】", "9")
        .replace("【YYYY-MM-DD】", "2022-06-01");
    while let Some(start) = text.find('【') {
        let end = text[start..]
            .find('】')
            .map(|e| start + e + '】'.len_utf8())
            .expect("closed placeholder");
        text.replace_range(start..end, "测试内容");
    }
    text
}

#[test]
fn every_kind_filled_in_passes_check() {
    for kind in [
        "deputy",
        "member",
        "group",
        "meeting",
        "solicitation",
        "symposium",
        "activity",
        "contact",
        "letter",
        "page",
    ] {
        let dir = common::site(&[]);
        let content = dir.path().display().to_string();
        let out = lianluo(&["new", kind, "test-record", "--content", &content]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{kind}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let template = std::fs::read_to_string(&path).expect("the file it names exists");
        assert!(
            template.starts_with('#') || template.starts_with("---"),
            "{kind}: commented template"
        );
        assert!(
            kind == "page" || (template.contains("第") && template.contains("条")),
            "{kind}: says which article it serves"
        );
        let check = lianluo(&["check", "--content", &content, "--as-of", "2022-12-31"]);
        if template.contains("【YYYY-MM-DD】") || template.contains("【代表id】") {
            assert_eq!(
                check.status.code(),
                Some(1),
                "{kind}: an unfilled template must not pass"
            );
        }
        std::fs::write(&path, fill(&template)).unwrap();
        let check = lianluo(&["check", "--content", &content, "--as-of", "2022-12-31"]);
        assert_eq!(
            check.status.code(),
            Some(0),
            "{kind} filled in:\n{}\n{}",
            fill(&template),
            String::from_utf8_lossy(&check.stdout)
        );
    }
}

#[test]
fn refuses_to_overwrite_and_refuses_bad_ids() {
    let dir = common::site(&[]);
    let content = dir.path().display().to_string();
    let before = std::fs::read(dir.path().join("deputies/tan-yun.yaml")).unwrap();
    let out = lianluo(&["new", "deputy", "tan-yun", "--content", &content]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("不会覆盖"));
    assert_eq!(
        std::fs::read(dir.path().join("deputies/tan-yun.yaml")).unwrap(),
        before
    );
    // The same id as a Markdown record is refused too.
    assert_eq!(
        lianluo(&["new", "meeting", "9-03", "--content", &content])
            .status
            .code(),
        Some(2)
    );
    for bad in ["../escape", "Wei_Ming", "张三", "a/b", ""] {
        assert_eq!(
            lianluo(&["new", "deputy", bad, "--content", &content])
                .status
                .code(),
            Some(2),
            "{bad}"
        );
    }
    assert!(
        !dir.path().join("escape.yaml").exists()
            && !dir.path().parent().unwrap().join("escape.yaml").exists()
    );
    assert_eq!(
        lianluo(&["new", "senator", "x", "--content", &content])
            .status
            .code(),
        Some(2)
    );
}
