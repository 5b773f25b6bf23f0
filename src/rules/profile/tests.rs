use super::*;
use crate::content::yaml;
use crate::diag::Code;

fn read_text(text: &str) -> (Option<Profile>, Vec<Diagnostic>) {
    let root = yaml::parse(text, 0, "regulation-profile.yaml").unwrap();
    let reader = Reader::new("regulation-profile.yaml", 0);
    let profile = reader.read_root(&root, |f| read(f, FILE.to_string()));
    (profile, reader.into_diagnostics())
}

#[test]
fn every_built_in_profile_reads_without_a_problem() {
    for (name, _) in BUILT_IN {
        let (profile, problems) = Profile::built_in(name).unwrap();
        assert!(problems.is_empty(), "{name}: {problems:?}");
        assert!(!profile.current().rules.is_empty());
    }
}

#[test]
fn the_guangxi_profile_has_the_rules_of_the_spec_in_order() {
    let (p, _) = Profile::built_in(DEFAULT).unwrap();
    let codes: Vec<&str> = p.current().rules.iter().map(|r| r.id.code()).collect();
    assert_eq!(
        codes,
        [
            "A6.1", "A6.2", "A6.3", "A7", "A8.1", "A8.2", "A8.3", "A8.4", "A9.1", "A9.2", "A10",
            "A11", "A12.1", "A12.2", "A12.3", "A12.4", "A13.1", "A13.2", "A13.3"
        ]
    );
    let a12_1 = p.rule("A12.1").unwrap();
    assert_eq!(a12_1.title, "每名组成人员重点联系三至五名基层代表");
    assert_eq!((a12_1.param("links_min"), a12_1.param("links_max")), (3, 5));
    assert_eq!(
        p.rule("A12.2").unwrap().title,
        "每年至少两次听取所联系代表的意见"
    );
    assert!(p.rule("A6.2").unwrap().aim);
    assert!(!p.rule("A6.1").unwrap().aim);
    // Ordered as listed, not as text ("A10" < "A6.1").
    assert!(p.rule("A6.1").unwrap().id < p.rule("A10").unwrap().id);
    // A13.3 has no forwarding window unless one is set.
    assert!(!p.rule("A13.3").unwrap().has_param("forward_days"));
}

#[test]
fn site_numbers_are_laid_over_the_profile_and_the_titles_follow() {
    let (mut p, _) = Profile::built_in(DEFAULT).unwrap();
    p.apply(&[
        ("links_min", Some(2)),
        ("links_max", Some(4)),
        ("forward_days", Some(15)),
    ]);
    let a12_1 = p.rule("A12.1").unwrap();
    assert_eq!(a12_1.title, "每名组成人员重点联系两至四名基层代表");
    assert_eq!(p.rule("A13.3").unwrap().param("forward_days"), 15);
    p.apply(&[("forward_days", None)]);
    assert!(!p.rule("A13.3").unwrap().has_param("forward_days"));
}

#[test]
fn the_city_profile_links_by_role_and_drops_a6_2() {
    let (p, _) = Profile::built_in("city-sample").unwrap();
    assert!(p.rule("A6.2").is_none());
    let a12_1 = p.rule("A12.1").unwrap();
    assert_eq!(a12_1.param_for("links_min", Some(Role::Director)), 5);
    assert_eq!(
        a12_1.param_for("links_min", Some(Role::SecretaryGeneral)),
        5
    );
    assert_eq!(a12_1.param_for("links_max", Some(Role::Member)), 3);
    assert_eq!(
        a12_1.title,
        "主任会议组成人员每人重点联系5名基层代表，其他组成人员每人重点联系3名"
    );
    assert_eq!(p.rule("A7").unwrap().window(false), 60);
    assert_eq!(
        p.rule("A12.3").unwrap().title,
        "联系代表所提意见建议的处理情况在60日内反馈"
    );
    let numbers = p.numbers();
    assert_eq!(
        (numbers.links_min, numbers.links_max, numbers.reply_days),
        (3, 5, 60)
    );
}

#[test]
fn versions_take_effect_on_their_dates() {
    let text = r#"regulation: 某办法
versions:
  - {name: 初版, effective: 2017-06-01}
  - name: 修订
    effective: 2024-01-01
    changes:
      - {rule: R1, params: {listens_per_year: 3}, title: "每年至少{listens_per_year:cn}次"}
      - {rule: R2, applies: false}
rules:
  - {id: R1, article: 12, check: hearings_per_year, title: "每年至少{listens_per_year:cn}次"}
  - {id: R2, article: 6, check: materials_before_meeting, title: 会前发材料}
"#;
    let (p, problems) = read_text(text);
    assert!(problems.is_empty(), "{problems:?}");
    let p = p.unwrap();
    let old = p.in_force(NaiveDate::from_ymd_opt(2023, 12, 31).unwrap());
    let new = p.in_force(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap());
    assert_eq!(old.name, "初版");
    assert_eq!(old.rules.len(), 2);
    assert_eq!(old.rules[0].title, "每年至少两次");
    assert_eq!(new.rules.len(), 1);
    assert_eq!(new.rules[0].title, "每年至少三次");
    // Before the first version: the first one.
    assert_eq!(
        p.in_force(NaiveDate::from_ymd_opt(2000, 1, 1).unwrap())
            .name,
        "初版"
    );
}

#[test]
fn every_mistake_of_a_profile_is_reported_with_its_place() {
    let text = r#"regulation: 某办法
versions:
  - {name: 二版, effective: 2024-01-01}
  - {name: 初版, effective: 2017-06-01}
rules:
  - id: R1
    article: 12
    check: links_within_bound
    title: 联系代表
  - id: R2
    article: 12
    check: hearings_per_year
    title: 每年{listens_per_yaer}次
    params: {listens_per_yeer: 3}
  - id: R3
    article: 6
    check: materials_before_meeting
    obligation: maybe
    title: 会前发材料
"#;
    let (_, problems) = read_text(text);
    let found: Vec<(Code, u32, &str)> = problems
        .iter()
        .map(|d| (d.code, d.line, d.message.as_str()))
        .collect();
    let has = |code: Code, line: u32, needle: &str| {
        found
            .iter()
            .any(|(c, l, m)| *c == code && *l == line && m.contains(needle))
    };
    assert!(has(Code::DateOrder, 4, "初版"), "{found:?}");
    assert!(
        has(Code::InvalidValue, 8, "links_within_bound"),
        "{found:?}"
    );
    let hint = problems
        .iter()
        .find(|d| d.message.contains("links_within_bound"))
        .and_then(|d| d.hint.clone())
        .unwrap_or_default();
    assert!(hint.contains("links_within_bounds"), "{hint}");
    assert!(has(Code::UnknownField, 14, "listens_per_yeer"), "{found:?}");
    let hint = problems
        .iter()
        .find(|d| d.message.contains("listens_per_yeer"))
        .and_then(|d| d.hint.clone())
        .unwrap_or_default();
    assert!(hint.contains("listens_per_year"), "{hint}");
    assert!(has(Code::InvalidValue, 13, "listens_per_yaer"), "{found:?}");
    assert!(has(Code::InvalidValue, 18, "maybe"), "{found:?}");
    assert!(problems.iter().all(|d| d.column > 0), "{problems:?}");
}

#[test]
fn counts_in_chinese() {
    let numbers: Vec<String> = [2, 10, 15, 110, 1005, 1010, 2000, 20000]
        .map(chinese_number)
        .to_vec();
    assert_eq!(
        numbers,
        [
            "二",
            "十",
            "十五",
            "一百一十",
            "一千零五",
            "一千零一十",
            "二千",
            "20000"
        ]
    );
    let words: Vec<String> = [1, 2, 3, 5, 10, 12, 20, 35, 100]
        .map(chinese_count)
        .to_vec();
    assert_eq!(
        words,
        [
            "一",
            "两",
            "三",
            "五",
            "十",
            "十二",
            "二十",
            "三十五",
            "100"
        ]
    );
}
