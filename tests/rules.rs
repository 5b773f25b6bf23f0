//! The rules of spec §4 at their boundaries, each over a small content folder made from the
//! `minimal` fixture (term 9: 2021-01-10 → 2026-01-09).

mod common;

use common::{date, load, site};
use lianluo::rules::{self, Evaluation, Status};

fn evaluate(files: &[(&str, &str)], as_of: &str) -> Vec<Evaluation> {
    let dir = site(files);
    let loaded = load(dir.path());
    assert!(
        !loaded.has_errors(),
        "fixture has errors: {:?}",
        loaded.diagnostics
    );
    let model = loaded.model.expect("model");
    rules::evaluate(&model, date(as_of)).evaluations
}

fn find<'a>(
    evaluations: &'a [Evaluation],
    rule: &str,
    period: &str,
    subject: &str,
) -> &'a Evaluation {
    evaluations
        .iter()
        .find(|e| {
            e.rule.code() == rule
                && e.period.to_string() == period
                && serde_json::to_string(&e.subject).unwrap() == subject
        })
        .unwrap_or_else(|| {
            panic!(
                "no {rule} {period} {subject} in {:#?}",
                evaluations
                    .iter()
                    .filter(|e| e.rule.code() == rule)
                    .collect::<Vec<_>>()
            )
        })
}

fn status(evaluations: &[Evaluation], rule: &str, period: &str, subject: &str) -> Status {
    find(evaluations, rule, period, subject).status
}

const MEETING: &str = "---\ntitle: 会议\nterm: \"9\"\nsession: 3\nstart: 2022-05-10\nend: 2022-05-12\nmaterials_sent: SENT\nattendees:\n  - {deputy: tan-yun, basis: [grassroots]}\nopinions:\n  - {no: 1, deputy: tan-yun, summary: 意见, explained: 2022-05-12 FEEDBACK}\n---\n";

fn meeting(sent: &str, feedback: &str) -> String {
    MEETING.replace("SENT", sent).replace(" FEEDBACK", feedback)
}

#[test]
fn a6_1_materials_sent_on_the_start_day_are_not_in_time() {
    let e = evaluate(
        &[("meetings/9-03.md", &meeting("2022-05-10", ""))],
        "2022-12-31",
    );
    assert_eq!(
        status(&e, "A6.1", "2022", r#"{"meeting":"9-03"}"#),
        Status::NotMet
    );
    let e = evaluate(
        &[("meetings/9-03.md", &meeting("2022-05-09", ""))],
        "2022-12-31",
    );
    assert_eq!(
        status(&e, "A6.1", "2022", r#"{"meeting":"9-03"}"#),
        Status::Met
    );
    // On the start day itself the meeting has begun and the deadline is today: pending.
    let e = evaluate(
        &[("meetings/9-03.md", &meeting("2022-05-10", ""))],
        "2022-05-10",
    );
    assert_eq!(
        status(&e, "A6.1", "2022", r#"{"meeting":"9-03"}"#),
        Status::Pending
    );
}

#[test]
fn a10_deadline_equal_to_as_of_is_pending_and_one_day_later_not_met() {
    // explained on the last day; feedback window 90 days from the end: 2022-08-10.
    let files = [("meetings/9-03.md", meeting("2022-05-03", ""))];
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let e = evaluate(&files, "2022-08-10");
    let a10 = find(&e, "A10", "2022", r#"{"opinion":"meetings/9-03/1"}"#);
    assert_eq!(
        (a10.status, a10.detail.deadline),
        (Status::Pending, Some(date("2022-08-10")))
    );
    let e = evaluate(&files, "2022-08-11");
    assert_eq!(
        status(&e, "A10", "2022", r#"{"opinion":"meetings/9-03/1"}"#),
        Status::NotMet
    );
    let answered = meeting("2022-05-03", ", feedback: {date: 2022-08-10}");
    let e = evaluate(&[("meetings/9-03.md", &answered)], "2022-12-31");
    assert_eq!(
        status(&e, "A10", "2022", r#"{"opinion":"meetings/9-03/1"}"#),
        Status::Met
    );
}

#[test]
fn a13_1_the_complex_window_is_180_days_from_forwarding() {
    let letter = |complex: bool, reply: &str| {
        format!(
            "deputy: bai-lu\nreceived: 2022-02-10\nchannel: letter\nsubject: 问题\ncomplex: {complex}\nforwarded: {{to: 某县, date: 2022-02-12}}\nreply: {{date: {reply}, written: true}}\n"
        )
    };
    // 2022-02-12 + 90 = 2022-05-13; + 180 = 2022-08-11.
    let e = evaluate(
        &[("letters/2022-01.yaml", &letter(false, "2022-05-14"))],
        "2022-12-31",
    );
    assert_eq!(
        status(&e, "A13.1", "2022", r#"{"letter":"2022-01"}"#),
        Status::NotMet
    );
    let e = evaluate(
        &[("letters/2022-01.yaml", &letter(true, "2022-08-11"))],
        "2022-12-31",
    );
    let a13 = find(&e, "A13.1", "2022", r#"{"letter":"2022-01"}"#);
    assert_eq!(
        (a13.status, a13.detail.deadline, a13.detail.window),
        (Status::Met, Some(date("2022-08-11")), Some(180))
    );
    // A13.2 never uses the complex window: received + 90 = 2022-05-11.
    let major = letter(true, "2022-03-01").replace(
        "complex: true",
        "complex: true\nmajor: true\nreported: 2022-05-12",
    );
    let e = evaluate(&[("letters/2022-01.yaml", &major)], "2022-12-31");
    let a13_2 = find(&e, "A13.2", "2022", r#"{"letter":"2022-01"}"#);
    assert_eq!(
        (a13_2.status, a13_2.detail.deadline),
        (Status::NotMet, Some(date("2022-05-11")))
    );
}

#[test]
fn a12_2_leap_year_proration_rounds_up() {
    // Linked from 2024-07-02: 183 days of 366 → 2 × 183 ÷ 366 = 1 exactly; from 2024-07-01:
    // 184 days → 1.005… → 2.
    let member = |from: &str| {
        format!(
            "name: 方圆\nrole: 副主任\nfrom: 2021-01-10\nlinks:\n  - {{deputy: tan-yun, from: {from}}}\n"
        )
    };
    let contact =
        "member: fang-yuan\ndeputy: tan-yun\ndate: 2024-09-01\nchannel: phone\nlistened: true\n";
    let e = evaluate(
        &[
            ("members/fang-yuan.yaml", &member("2024-07-02")),
            ("contacts/2024-fang-01.yaml", contact),
        ],
        "2025-03-01",
    );
    let pair = find(
        &e,
        "A12.2",
        "2024",
        r#"{"member":"fang-yuan","deputy":"tan-yun"}"#,
    );
    assert_eq!(
        (
            pair.status,
            pair.detail.days_linked,
            pair.detail.days_in_year,
            pair.detail.required
        ),
        (Status::Met, Some(183), Some(366), Some(1))
    );
    let e = evaluate(
        &[
            ("members/fang-yuan.yaml", &member("2024-07-01")),
            ("contacts/2024-fang-01.yaml", contact),
        ],
        "2025-03-01",
    );
    let pair = find(
        &e,
        "A12.2",
        "2024",
        r#"{"member":"fang-yuan","deputy":"tan-yun"}"#,
    );
    assert_eq!(
        (pair.status, pair.detail.required),
        (Status::NotMet, Some(2))
    );
}

#[test]
fn a12_2_a_link_split_into_two_periods_in_one_year_is_one_evaluation() {
    let member = "name: 方圆\nrole: 副主任\nfrom: 2021-01-10\nlinks:\n  - {deputy: tan-yun, from: 2023-01-01, to: 2023-03-31}\n  - {deputy: tan-yun, from: 2023-10-01}\n";
    let contact = |id: &str, day: &str| {
        (
            format!("contacts/{id}.yaml"),
            format!(
                "member: fang-yuan\ndeputy: tan-yun\ndate: {day}\nchannel: visit\nlistened: true\n"
            ),
        )
    };
    let (a, a_text) = contact("c1", "2023-02-01");
    let (b, b_text) = contact("c2", "2023-06-01"); // between the two periods: not while linked
    let e = evaluate(
        &[
            ("members/fang-yuan.yaml", member),
            (&a, &a_text),
            (&b, &b_text),
        ],
        "2024-06-01",
    );
    let pairs: Vec<_> = e
        .iter()
        .filter(|e| e.rule.code() == "A12.2" && e.period.to_string() == "2023")
        .collect();
    assert_eq!(pairs.len(), 1);
    // 90 + 92 = 182 days of 365 → ceil(364 / 365) = 1; one contact while linked.
    assert_eq!(
        (
            pairs[0].detail.days_linked,
            pairs[0].detail.required,
            pairs[0].detail.count
        ),
        (Some(182), Some(1), Some(1))
    );
    assert_eq!(pairs[0].status, Status::Met);
}

#[test]
fn a12_links_end_when_the_member_stops_serving() {
    let member = "name: 方圆\nrole: 副主任\nfrom: 2021-01-10\nto: 2023-04-30\nlinks:\n  - {deputy: tan-yun, from: 2021-03-01}\n  - {deputy: bai-lu, from: 2021-03-01}\n  - {deputy: shi-lan, from: 2021-03-01}\n";
    let e = evaluate(&[("members/fang-yuan.yaml", member)], "2024-06-01");
    // 2023: linked 120 days (to the member's `to`), so 1 listen required, deadline 31 Dec.
    let pair = find(
        &e,
        "A12.2",
        "2023",
        r#"{"member":"fang-yuan","deputy":"tan-yun"}"#,
    );
    assert_eq!(
        (pair.detail.days_linked, pair.detail.required),
        (Some(120), Some(1))
    );
    // A12.1 is judged on the member's last day, and there is no 2024 evaluation.
    let links = find(&e, "A12.1", "2023", r#"{"member":"fang-yuan"}"#);
    assert_eq!(
        (links.status, links.detail.deadline, links.detail.count),
        (Status::Met, Some(date("2023-04-30")), Some(3))
    );
    assert!(
        !e.iter().any(|e| e.period.to_string() == "2024"
            && matches!(e.rule.code(), "A12.1" | "A12.2" | "A9.2"))
    );
}

#[test]
fn a12_1_is_never_pending() {
    let member = "name: 方圆\nrole: 副主任\nfrom: 2021-01-10\nlinks:\n  - {deputy: tan-yun, from: 2021-03-01}\n";
    let e = evaluate(&[("members/fang-yuan.yaml", member)], "2022-06-01");
    let links = find(&e, "A12.1", "2022", r#"{"member":"fang-yuan"}"#);
    assert_eq!(
        (links.status, links.detail.deadline),
        (Status::NotMet, Some(date("2022-06-01")))
    );
}

#[test]
fn a9_an_activity_across_new_year_counts_in_the_year_it_starts() {
    let activity = "---\ntitle: 集中视察\nkind: concentrated_inspection\nstart: 2022-12-29\nend: 2023-01-03\norganizer: 代表工委\nmembers: [fang-yuan]\ndeputies: [tan-yun]\n---\n";
    let e = evaluate(&[("activities/2022-jizhong.md", activity)], "2023-06-30");
    assert_eq!(
        status(&e, "A9.1", "2022", r#"{"year":"2022"}"#),
        Status::Met,
        "special research + this inspection in 2022"
    );
    assert_eq!(
        status(&e, "A9.1", "2023", r#"{"year":"2023"}"#),
        Status::Pending
    );
    assert_eq!(
        status(&e, "A9.2", "2023", r#"{"member":"fang-yuan"}"#),
        Status::Pending
    );
    assert_eq!(
        find(&e, "A8.2", "2022", r#"{"activity":"2022-jizhong"}"#).status,
        Status::Met
    );
}

#[test]
fn a_term_that_has_not_begun_is_not_evaluated() {
    let site_yaml = "title: 测试\nbody: 某常委会\nbase_url: https://example.org/\nterms:\n  - {id: \"9\", name: 第九届, start: 2021-01-10, end: 2026-01-09}\n  - {id: \"10\", name: 第十届, start: 2026-01-10, end: 2031-01-09}\n";
    let deputy = "name: 新代表\ngrassroots: true\nregion: 甲市\nterms: [\"10\"]\n";
    let e = evaluate(
        &[("site.yaml", site_yaml), ("deputies/xin.yaml", deputy)],
        "2025-12-31",
    );
    assert!(
        !e.iter()
            .any(|e| e.period.to_string() == "term:10" || e.period.to_string() == "2026")
    );
    let e = evaluate(
        &[("site.yaml", site_yaml), ("deputies/xin.yaml", deputy)],
        "2026-01-10",
    );
    assert_eq!(
        status(&e, "A6.2", "term:10", r#"{"deputy":"xin"}"#),
        Status::Pending
    );
    assert_eq!(
        status(&e, "A9.1", "2026", r#"{"year":"2026"}"#),
        Status::Pending
    );
}

#[test]
fn records_after_as_of_count_as_not_there_yet() {
    let contact = "member: fang-yuan\ndeputy: tan-yun\ndate: 2022-03-15\nchannel: visit\nlistened: true\nopinions:\n  - {no: 1, deputy: tan-yun, summary: 意见, feedback: {date: 2022-04-20}}\n";
    let e = evaluate(&[("contacts/2022-fang-01.yaml", contact)], "2022-04-19");
    let opinion = find(
        &e,
        "A12.3",
        "2022",
        r#"{"opinion":"contacts/2022-fang-01/1"}"#,
    );
    assert_eq!(
        (opinion.status, opinion.detail.feedback),
        (Status::Pending, None),
        "feedback dated after as_of is not there yet"
    );
    assert!(
        !e.iter().any(|e| e.rule.code() == "A7"),
        "the June symposium has not happened"
    );
    assert!(
        !e.iter().any(|e| e.rule.code() == "A6.1"),
        "the May meeting has not happened"
    );
}

#[test]
fn a7_needs_assignment_and_feedback_in_the_window() {
    let symposium = |opinion: &str| {
        format!(
            "---\ntitle: 座谈会\ndate: 2022-06-15\ntopic: development\nmembers: [fang-yuan]\ndeputies: [bai-lu]\nopinions:\n  - {{no: 1, deputy: bai-lu, summary: 意见{opinion}}}\n---\n"
        )
    };
    let answered_unassigned = symposium(", feedback: {date: 2022-07-01}");
    let e = evaluate(
        &[("symposiums/2022-jiceng.md", &answered_unassigned)],
        "2022-09-13",
    );
    assert_eq!(
        status(
            &e,
            "A7",
            "2022",
            r#"{"opinion":"symposiums/2022-jiceng/1"}"#
        ),
        Status::Pending,
        "deadline 2022-09-13 = as_of"
    );
    let e = evaluate(
        &[("symposiums/2022-jiceng.md", &answered_unassigned)],
        "2022-09-14",
    );
    assert_eq!(
        status(
            &e,
            "A7",
            "2022",
            r#"{"opinion":"symposiums/2022-jiceng/1"}"#
        ),
        Status::NotMet
    );
}

#[test]
fn a8_1_a_solicitation_on_the_meeting_day_counts() {
    let solicitation = "---\ntitle: 征求意见\ndate: 2022-05-10\nbill: mou-tiaoli\nchannel: platform\ndeputies: [gu-feng]\n---\n";
    let e = evaluate(
        &[("solicitations/2022-mou-tiaoli.md", solicitation)],
        "2022-12-31",
    );
    assert_eq!(
        status(&e, "A8.1", "2022", r#"{"agenda":"9-03/1"}"#),
        Status::Met
    );
    let late = solicitation.replace("2022-05-10", "2022-05-11");
    let e = evaluate(&[("solicitations/2022-mou-tiaoli.md", &late)], "2022-12-31");
    let a8 = find(&e, "A8.1", "2022", r#"{"agenda":"9-03/1"}"#);
    assert_eq!(a8.status, Status::NotMet);
    assert!(a8.message.contains("晚于"), "{}", a8.message);
}

#[test]
fn a6_2_a_deputy_who_left_without_attending_is_not_met_at_the_left_date() {
    let deputy = "name: 石兰\ngrassroots: true\nregion: 乙市\nterms: [\"9\"]\nleft: 2023-03-01\n";
    let e = evaluate(&[("deputies/shi-lan.yaml", deputy)], "2023-06-01");
    let a6 = find(&e, "A6.2", "term:9", r#"{"deputy":"shi-lan"}"#);
    assert_eq!(
        (a6.status, a6.detail.deadline),
        (Status::NotMet, Some(date("2023-03-01")))
    );
    assert_eq!(
        status(&e, "A6.2", "term:9", r#"{"deputy":"bai-lu"}"#),
        Status::Pending
    );
    assert_eq!(
        status(&e, "A6.2", "term:9", r#"{"deputy":"tan-yun"}"#),
        Status::Met
    );
    assert!(!e.iter().any(|e| e.rule.code() == "A6.2"
        && e.subject
            == lianluo::rules::Subject::Deputy {
                deputy: "gu-feng".into()
            }));
}

#[test]
fn evaluations_are_in_article_order_then_period_then_subject() {
    let e = evaluate(&[], "2025-06-30");
    let keys: Vec<_> = e
        .iter()
        .map(|e| (e.rule.clone(), e.period.clone(), e.subject.clone()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(e.first().map(|e| e.rule.code()), Some("A6.1"));
    assert_eq!(e.last().map(|e| e.rule.code()), Some("A13.2"));
}

#[test]
fn the_sample_evaluations_are_in_order_and_counted_as_one_list() {
    // The articles are evaluated and sorted each on its own, and the records' statistics are
    // tallied beside them: the whole must be what one sorted list and one tally give.
    let loaded = load(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("content")
            .as_path(),
    );
    let model = loaded.model.expect("the sample has no errors");
    let outcome = rules::evaluate(&model, date("2026-11-25"));
    let keys: Vec<_> = outcome
        .evaluations
        .iter()
        .map(|e| (e.rule.clone(), e.period.clone(), e.subject.clone()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert!(
        keys.len() > 300
            && keys.iter().any(|k| k.0.code() == "A12.3")
            && keys.iter().any(|k| k.0.code() == "A6.2")
    );
    let mut shuffled = outcome.evaluations.clone();
    shuffled.reverse();
    let ctx = rules::Ctx::new(&model, date("2026-11-25"));
    assert_eq!(rules::stats::compute(&ctx, &shuffled), outcome.stats);
}

#[test]
fn evaluating_again_only_what_changed_records_can_move_gives_every_evaluation() {
    // The 更新记录 makes each version of the records from the version before: only the rules
    // that read a changed kind are evaluated again, and of those whose grain allows it, only
    // the subjects the changed records can move. With the version before's other
    // evaluations, that must be every evaluation of the new version, message and figures.
    let as_of = date("2026-11-25");
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let before = load(&sample).model.expect("the sample has no errors");
    let before_evaluations = rules::evaluations_only(&before, as_of);
    let read = |rel: &str| std::fs::read_to_string(sample.join(rel)).unwrap();
    let edit = |rel: &str, from: &str, to: &str| {
        let text = read(rel);
        assert!(text.contains(from), "{rel} has {from}");
        (rel.to_string(), Some(text.replace(from, to)))
    };
    let new_contact = "member: gan-shijie\ndeputy: meng-guifang\ndate: 2024-05-06\nchannel: visit\nlistened: true\nopinions:\n  - {no: 1, deputy: meng-guifang, summary: 建议。, feedback: {date: 2024-05-20}}\n";
    let new_member = "name: 新委员\nrole: 委员\nfrom: 2023-01-13\nlinks:\n  - {deputy: meng-guifang, from: 2024-01-01}\n";
    type Edits = Vec<(String, Option<String>)>;
    let cases: Vec<(&str, Edits)> = vec![
        (
            "a contact heard nothing",
            vec![edit(
                "contacts/2023-cen-defu-01.yaml",
                "listened: true",
                "listened: false",
            )],
        ),
        (
            "a contact now another member's, with another deputy",
            vec![edit(
                "contacts/2023-cen-defu-02.yaml",
                "member: cen-defu\ndeputy: pang-zhijun",
                "member: gan-shijie\ndeputy: meng-guifang",
            )],
        ),
        (
            "an opinion of a contact answered late",
            vec![edit(
                "contacts/2023-cen-defu-02.yaml",
                "date: 2023-12-31",
                "date: 2024-10-01",
            )],
        ),
        (
            "a contact removed and one added",
            vec![
                ("contacts/2023-cen-defu-01.yaml".to_string(), None),
                (
                    "contacts/2024-gan-shijie-99.yaml".to_string(),
                    Some(new_contact.to_string()),
                ),
            ],
        ),
        (
            "a link ended",
            vec![edit(
                "members/gan-shijie.yaml",
                "{deputy: meng-guifang, from: 2023-03-01}",
                "{deputy: meng-guifang, from: 2023-03-01, to: 2024-06-30}",
            )],
        ),
        (
            "a member added, and a contact",
            vec![
                (
                    "members/xin-weiyuan.yaml".to_string(),
                    Some(new_member.to_string()),
                ),
                (
                    "contacts/2024-gan-shijie-99.yaml".to_string(),
                    Some(new_contact.replace("gan-shijie", "xin-weiyuan")),
                ),
            ],
        ),
        (
            "a letter is a major issue",
            vec![edit("letters/2023-01.yaml", "major: false", "major: true")],
        ),
        (
            "a letter removed",
            vec![("letters/2023-02.yaml".to_string(), None)],
        ),
        (
            "a symposium's opinion answered late",
            vec![edit(
                "symposiums/2023-07-xiangcun-zhenxing.md",
                "date: 2023-09-03",
                "date: 2024-09-03",
            )],
        ),
    ];
    let mut in_part = 0;
    for (case, edits) in cases {
        let dir = tempfile::TempDir::new().unwrap();
        common::copy_dir(&sample, dir.path());
        let mut records = Vec::new();
        for (rel, text) in &edits {
            let path = dir.path().join(rel);
            match text {
                Some(text) => std::fs::write(&path, text).unwrap(),
                None => std::fs::remove_file(&path).unwrap(),
            }
            let found = lianluo::content::Found::classify(rel).unwrap();
            let lianluo::content::Role::Record(kind) = found.role else {
                panic!("{rel} is a record");
            };
            records.push((kind, found.stem().to_string()));
        }
        let loaded = load(dir.path());
        let errors = common::errors(&loaded);
        let after = loaded.model.unwrap_or_else(|| panic!("{case}: {errors:?}"));
        let changed = lianluo::model::Changed::between(&before, &after, records);
        let again = rules::evaluations_of_changed(&after, as_of, &changed);
        in_part += again.rules.values().filter(|g| g.is_some()).count();
        let mut made: Vec<Evaluation> = before_evaluations
            .iter()
            .filter(|e| !again.replaces(&e.rule, &e.subject))
            .cloned()
            .chain(again.evaluations.iter().cloned())
            .collect();
        made.sort_by(|a, b| {
            (&a.rule, &a.period, &a.subject).cmp(&(&b.rule, &b.period, &b.subject))
        });
        let whole = rules::evaluations_only(&after, as_of);
        assert_ne!(
            whole, before_evaluations,
            "{case}: the change moves something"
        );
        if made != whole {
            let differ: Vec<_> = whole
                .iter()
                .filter(|e| !made.contains(e))
                .chain(made.iter().filter(|e| !whole.contains(e)))
                .map(|e| {
                    format!(
                        "{} {} {:?} {:?} {}",
                        e.rule, e.period, e.subject, e.status, e.message
                    )
                })
                .collect();
            panic!(
                "{case}: made from the version before, these differ:\n{}",
                differ.join("\n")
            );
        }
    }
    assert!(in_part >= 9, "rules evaluated again in part: {in_part}");
}
