//! `lianluo import` and `lianluo export xlsx` on the command line: what a clerk reads, the
//! exit status, and that a failed or dry run writes nothing.

mod common;

use common::{lianluo, sample, site_with};

fn text(out: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_contact_log_imports_by_names_and_a_mistake_points_at_its_cell() {
    let site = site_with(&[]);
    let content = site.path().to_str().unwrap().to_string();
    let sheets = tempfile::tempdir().unwrap();
    let log = sheets.path().join("联系记录.csv");
    let log = log.to_str().unwrap();
    std::fs::write(
        log,
        "组成人员,联系代表,联系日期,联系方式,是否听取意见\nfang-yuan,白露,2022年3月5日,走访,是\n",
    )
    .unwrap();
    let out = lianluo(&[
        "import",
        "contacts",
        log,
        "--content",
        &content,
        "--dry-run",
    ]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stdout.contains("新建") && stdout.contains("contacts/2022-fang-yuan-01.yaml"),
        "{stdout}"
    );
    assert!(
        !site.path().join("contacts/2022-fang-yuan-01.yaml").exists(),
        "dry run"
    );
    let out = lianluo(&["import", "contacts", log, "--content", &content]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out).1);
    let written =
        std::fs::read_to_string(site.path().join("contacts/2022-fang-yuan-01.yaml")).unwrap();
    assert!(
        written.contains("deputy: bai-lu\ndate: 2022-03-05\nchannel: visit\nlistened: true\n"),
        "{written}"
    );
    let check = lianluo(&["check", "--content", &content, "--as-of", "2022-12-31"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check).0);

    std::fs::write(
        log,
        "组成人员,联系代表,联系日期,联系方式,是否听取意见\nfang-yuan,白鹭,2022/3/6,走访,对\n",
    )
    .unwrap();
    let out = lianluo(&["import", "contacts", log, "--content", &content]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("--> 联系记录.csv › B2"), "{stderr}");
    assert!(stderr.contains("是否应为“白露”"), "{stderr}");
    assert!(stderr.contains("--> 联系记录.csv › E2"), "{stderr}");
    assert!(
        stderr.contains("表格有 2 个错误，没有写入任何文件"),
        "{stderr}"
    );
    let contacts = std::fs::read_dir(site.path().join("contacts"))
        .unwrap()
        .count();
    assert_eq!(
        contacts, 2,
        "the fixture's contact and the one imported, nothing more"
    );
}

#[test]
fn export_xlsx_writes_the_ledger_and_refuses_data_with_errors() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("台账.xlsx");
    let out = lianluo(&[
        "export",
        "xlsx",
        "--content",
        &sample(),
        "--as-of",
        "2026-11-25",
        "--year",
        "2025",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out).1);
    assert!(text(&out).1.contains("仅含可公开的数据"));
    let bytes = std::fs::read(&file).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an xlsx is a zip file");
    let broken = site_with(&[("deputies/bai-lu.yaml", Some("name: 白露\n".as_bytes()))]);
    let out = lianluo(&[
        "export",
        "xlsx",
        "--content",
        broken.path().to_str().unwrap(),
        "--output",
        dir.path().join("x.xlsx").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).1.contains("missing-field"), "{}", text(&out).1);
    assert!(!dir.path().join("x.xlsx").exists());
}
