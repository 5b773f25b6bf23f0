//! One test per error code of spec §5, over small content folders made from the `minimal`
//! fixture: the code, the file, the line (front matter fence counted), and a useful hint.

mod common;

use common::{errors, load, site, site_with};
use lianluo::diag::Code;

#[test]
fn the_minimal_fixture_is_valid() {
    let loaded = load(&common::fixture("minimal"));
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    assert!(loaded.model.is_some());
}

#[test]
fn yaml_syntax_in_yaml_and_in_front_matter() {
    let dir = site(&[
        ("deputies/tan-yun.yaml", "name: [覃云\ngrassroots: true\n"),
        (
            "pages/about.md",
            "---\ntitle: 关于\n  order: 1\n bad: x\n---\n",
        ),
    ]);
    let loaded = load(dir.path());
    let found = errors(&loaded);
    assert!(
        found
            .iter()
            .any(|(c, f, _)| *c == Code::YamlSyntax && f == "deputies/tan-yun.yaml"),
        "{found:?}"
    );
    let page = found
        .iter()
        .find(|(c, f, _)| *c == Code::YamlSyntax && f == "pages/about.md")
        .expect("page error");
    assert!(
        page.2 >= 3,
        "line counted from the file's first line, fence included: {page:?}"
    );
    assert!(loaded.model.is_none(), "no model from data with errors");
}

#[test]
fn invalid_utf8_is_a_data_error_with_its_line() {
    let mut bytes = b"name: ok\nregion: \xff\xfe bad\n".to_vec();
    bytes.extend_from_slice(b"grassroots: true\n");
    let dir = site_with(&[("deputies/tan-yun.yaml", Some(&bytes))]);
    let loaded = load(dir.path());
    let d = loaded
        .errors()
        .find(|d| d.file == "deputies/tan-yun.yaml")
        .expect("error");
    assert_eq!((d.code, d.line, d.column), (Code::YamlSyntax, 2, 9));
    assert!(d.hint.as_deref().unwrap_or_default().contains("UTF-8"));
}

#[test]
fn bom_and_crlf_are_accepted_and_lines_stay_exact() {
    let good = "\u{feff}name: 覃云\r\ngrassroots: true\r\nregion: 甲市\r\nterms: [\"9\"]\r\ngroup: jia-1\r\n";
    let loaded = load(site(&[("deputies/tan-yun.yaml", good)]).path());
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let bad = "\u{feff}---\r\ntitle: 关于\r\norder: first\r\n---\r\nbody\r\n";
    let loaded = load(site(&[("pages/about.md", bad)]).path());
    let d = loaded.errors().next().expect("error");
    assert_eq!((d.code, d.line, d.column), (Code::InvalidValue, 3, 8));
}

#[test]
fn unknown_fields_are_all_reported_with_a_suggestion() {
    let dir = site(&[(
        "meetings/9-03.md",
        "---\ntitle: 会议\nterm: \"9\"\nsession: 3\nstart: 2022-05-10\nend: 2022-05-12\nmaterials_sent: 2022-05-03\natendees: []\nopinions:\n  - {no: 1, deputy: tan-yun, summary: 意见, feedbak: {date: 2022-06-01}}\n---\n",
    )]);
    let loaded = load(dir.path());
    let unknown: Vec<_> = loaded
        .errors()
        .filter(|d| d.code == Code::UnknownField)
        .collect();
    assert_eq!(unknown.len(), 2, "{unknown:?}");
    assert_eq!((unknown[0].line, unknown[0].column), (8, 1));
    assert!(
        unknown[0]
            .hint
            .as_deref()
            .unwrap_or_default()
            .contains("`attendees`")
    );
    assert_eq!(unknown[1].line, 10);
    assert!(
        unknown[1]
            .hint
            .as_deref()
            .unwrap_or_default()
            .contains("`feedback`")
    );
}

#[test]
fn missing_fields_name_the_field() {
    let loaded = load(
        site(&[(
            "contacts/2022-fang-01.yaml",
            "member: fang-yuan\ndeputy: tan-yun\nchannel: visit\n",
        )])
        .path(),
    );
    let missing: Vec<_> = loaded
        .errors()
        .filter(|d| d.code == Code::MissingField)
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(missing.len(), 2, "{missing:?}");
    assert!(
        missing.iter().any(|m| m.contains("`date`"))
            && missing.iter().any(|m| m.contains("`listened`"))
    );
}

#[test]
fn invalid_values_point_at_the_value() {
    let dir = site(&[(
        "letters/2022-01.yaml",
        "deputy: bai-lu\nreceived: 2022-02-30\nchannel: lettre\nsubject: 问题\nmajor: yes\nreply: {date: 2022/3/5, written: true}\n",
    )]);
    let loaded = load(dir.path());
    let found: Vec<_> = loaded
        .errors()
        .map(|d| (d.code, d.line, d.column, d.message.clone()))
        .collect();
    let at = |line| {
        found
            .iter()
            .find(|e| e.1 == line)
            .unwrap_or_else(|| panic!("no error on line {line}: {found:?}"))
    };
    assert!(at(2).3.contains("没有30日"), "{found:?}");
    assert!(
        at(3).3.contains("`letter`"),
        "a misspelt word suggests the right one: {found:?}"
    );
    assert_eq!(
        at(5).0,
        Code::InvalidValue,
        "YAML 1.2: `yes` is not a boolean"
    );
    assert_eq!((at(6).1, at(6).2), (6, 15));
    assert!(found.iter().all(|e| e.0 == Code::InvalidValue), "{found:?}");
}

#[test]
fn invalid_ids_are_never_paths() {
    let long = format!("pages/{}.md", "a".repeat(65));
    let ok = format!("pages/{}.md", "b".repeat(64));
    let page = "---\ntitle: 页\n---\n";
    let deputy = "name: 某\ngrassroots: true\nregion: 甲市\nterms: [\"9\"]\n";
    let dir = site(&[
        ("deputies/Tan_Yun.yaml", deputy),
        ("deputies/谭云.yaml", deputy),
        ("deputies/tan.yun.yaml", deputy),
        (&long, page),
        (&ok, page),
    ]);
    let loaded = load(dir.path());
    let mut bad: Vec<_> = loaded
        .errors()
        .filter(|d| d.code == Code::InvalidId)
        .map(|d| d.file.clone())
        .collect();
    bad.sort();
    let mut expected = vec![
        "deputies/Tan_Yun.yaml".to_string(),
        "deputies/tan.yun.yaml".into(),
        "deputies/谭云.yaml".into(),
        long.clone(),
    ];
    expected.sort();
    assert_eq!(bad, expected);
    let hint = loaded
        .errors()
        .find(|d| d.file == "deputies/Tan_Yun.yaml")
        .and_then(|d| d.hint.clone())
        .unwrap_or_default();
    assert!(hint.contains("tan-yun.yaml"), "{hint}");
    assert_eq!(loaded.errors().count(), 4, "{:?}", loaded.diagnostics);
}

#[test]
fn duplicate_ids_and_opinion_numbers() {
    let deputy = "---\nname: 覃云\ngrassroots: true\nregion: 甲市\nterms: [\"9\"]\n---\n简介。\n";
    let contact = "member: fang-yuan\ndeputy: tan-yun\ndate: 2022-03-15\nchannel: visit\nlistened: true\nopinions:\n  - {no: 1, deputy: tan-yun, summary: 甲}\n  - {no: 1, deputy: tan-yun, summary: 乙}\n";
    let loaded = load(
        site(&[
            ("deputies/tan-yun.md", deputy),
            ("contacts/2022-fang-01.yaml", contact),
        ])
        .path(),
    );
    let found = errors(&loaded);
    assert!(
        found
            .iter()
            .any(|(c, f, _)| *c == Code::DuplicateId && f.starts_with("deputies/tan-yun.")),
        "{found:?}"
    );
    assert!(
        found.contains(&(Code::DuplicateId, "contacts/2022-fang-01.yaml".into(), 8)),
        "{found:?}"
    );
    assert_eq!(found.len(), 2, "{found:?}");
}

#[test]
fn unknown_references_suggest_the_right_id() {
    let contact =
        "member: fang-yuan\ndeputy: tan-yn\ndate: 2022-03-15\nchannel: visit\nlistened: true\n";
    let letter = "deputy: 白露\nreceived: 2022-02-10\nchannel: letter\nsubject: 问题\n";
    let deputy = "name: 石兰\ngrassroots: true\nregion: 乙市\nterms: [\"8\"]\ngroup: jia-2\n";
    let loaded = load(
        site(&[
            ("contacts/2022-fang-01.yaml", contact),
            ("letters/2022-01.yaml", letter),
            ("deputies/shi-lan.yaml", deputy),
        ])
        .path(),
    );
    let refs: Vec<_> = loaded
        .errors()
        .filter(|d| d.code == Code::UnknownReference)
        .collect();
    assert_eq!(refs.len(), 4, "{refs:?}");
    let hint = |file: &str, line: u32| {
        refs.iter()
            .find(|d| d.file == file && d.line == line)
            .and_then(|d| d.hint.clone())
            .unwrap_or_else(|| panic!("{file}:{line} {refs:?}"))
    };
    assert!(hint("contacts/2022-fang-01.yaml", 2).contains("`tan-yun`"));
    assert!(
        hint("letters/2022-01.yaml", 1).contains("`bai-lu`"),
        "a name is answered with the id"
    );
    assert!(hint("deputies/shi-lan.yaml", 4).contains("\"9\""));
    assert!(hint("deputies/shi-lan.yaml", 5).contains("`jia-1`"));
}

#[test]
fn dates_out_of_order() {
    let meeting =
        std::fs::read_to_string(common::fixture("minimal").join("meetings/9-03.md")).unwrap();
    let meeting = meeting
        .replace("end: 2022-05-12", "end: 2022-05-09")
        .replace("at_meeting: true", "at_meeting: false")
        .replace("{date: 2022-05-12", "{date: 2022-05-01");
    let letter = "deputy: bai-lu\nreceived: 2022-02-10\nchannel: letter\nsubject: 问题\nforwarded: {to: 某县, date: 2022-02-12}\nreply: {date: 2022-02-11, written: true}\n";
    let deputy = "name: 石兰\ngrassroots: true\nregion: 乙市\nterms: [\"9\"]\njoined: 2023-05-01\nleft: 2023-03-01\n";
    let loaded = load(
        site(&[
            ("meetings/9-03.md", &meeting),
            ("letters/2022-01.yaml", letter),
            ("deputies/shi-lan.yaml", deputy),
        ])
        .path(),
    );
    let found = errors(&loaded);
    for expected in [
        (Code::DateOrder, "meetings/9-03.md".to_string(), 6),
        (Code::DateOrder, "meetings/9-03.md".to_string(), 18),
        (Code::DateOrder, "letters/2022-01.yaml".to_string(), 6),
        (Code::DateOrder, "deputies/shi-lan.yaml".to_string(), 6),
    ] {
        assert!(
            found.contains(&expected),
            "missing {expected:?} in {found:?}"
        );
    }
    assert_eq!(found.len(), 4, "{found:?}");
}

#[test]
fn a_left_date_before_the_term_began_is_out_of_order() {
    let deputy = "name: 石兰\ngrassroots: true\nregion: 乙市\nterms: [\"9\"]\nleft: 2020-03-01\n";
    let found = errors(&load(site(&[("deputies/shi-lan.yaml", deputy)]).path()));
    assert_eq!(
        found,
        vec![(Code::DateOrder, "deputies/shi-lan.yaml".to_string(), 5)]
    );
}

#[test]
fn grassroots_basis_for_a_deputy_who_is_not_grassroots_is_inconsistent() {
    let meeting =
        std::fs::read_to_string(common::fixture("minimal").join("meetings/9-03.md")).unwrap();
    let meeting = meeting.replace(
        "{deputy: gu-feng, basis: [field]}",
        "{deputy: gu-feng, basis: [field, grassroots]}",
    );
    let loaded = load(site(&[("meetings/9-03.md", &meeting)]).path());
    let found = errors(&loaded);
    assert_eq!(
        found,
        vec![(Code::Inconsistent, "meetings/9-03.md".to_string(), 12)]
    );
}

#[test]
fn a_link_to_a_deputy_who_is_not_grassroots_is_only_a_warning() {
    let member = "name: 方圆\nrole: 副主任\nfrom: 2021-01-10\nlinks:\n  - {deputy: gu-feng, from: 2021-03-01}\n";
    let loaded = load(site(&[("members/fang-yuan.yaml", member)]).path());
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let w: Vec<_> = loaded.warnings().map(|d| (d.code, d.line)).collect();
    assert_eq!(w, vec![(Code::LinkNotGrassroots, 5)]);
}

#[test]
fn every_error_of_a_run_is_reported() {
    let dir = site(&[
        (
            "deputies/tan-yun.yaml",
            "name: 覃云\ngrassroots: maybe\nregion: 甲市\nterms: [\"9\"]\n",
        ),
        ("groups/jia-1.yaml", "name: 甲\nbasis: city\n"),
        ("pages/about.md", "---\ntitel: 关于\n---\n"),
    ]);
    let found = errors(&load(dir.path()));
    let files: std::collections::BTreeSet<_> = found.iter().map(|(_, f, _)| f.as_str()).collect();
    assert_eq!(files.len(), 3, "{found:?}");
}

#[test]
fn missing_site_settings_and_missing_folder() {
    let loaded = load(site_with(&[("site.yaml", None)]).path());
    assert!(
        errors(&loaded)
            .iter()
            .any(|(c, f, _)| *c == Code::MissingField && f == "site.yaml")
    );
    assert!(lianluo::load(std::path::Path::new("/nonexistent/lianluo/content")).is_err());
}

#[test]
fn files_that_are_not_records_are_warned_about() {
    let loaded = load(
        site(&[
            ("deputies/wei.yml", "name: x\n"),
            ("deputy/x.yaml", "name: x\n"),
        ])
        .path(),
    );
    assert!(!loaded.has_errors());
    let warned: Vec<_> = loaded
        .warnings()
        .filter(|d| d.code == Code::IgnoredFile)
        .map(|d| d.file.clone())
        .collect();
    assert_eq!(
        warned,
        vec!["deputies/wei.yml".to_string(), "deputy".to_string()]
    );
}
