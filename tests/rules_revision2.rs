//! The duties and clarifications added by revision 2 of the spec (§4, §7), each at its
//! boundary, over small folders made from the `minimal` fixture (term 9: 2021-01-10 →
//! 2026-01-09; member fang-yuan, 副主任, from 2021-01-10; group jia-1).

mod common;

use common::{date, load, site};
use lianluo::diag::Code;
use lianluo::rules::{self, Evaluation, Status};

fn evaluate(files: &[(&str, &str)], as_of: &str) -> Vec<Evaluation> {
    let dir = site(files);
    let loaded = load(dir.path());
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let model = loaded.model.expect("model");
    rules::evaluate(&model, date(as_of)).evaluations
}

fn of<'a>(e: &'a [Evaluation], rule: &str, period: &str, subject: &str) -> Vec<&'a Evaluation> {
    e.iter()
        .filter(|e| {
            e.rule.code() == rule
                && e.period.to_string() == period
                && serde_json::to_string(&e.subject).unwrap() == subject
        })
        .collect()
}

fn status(e: &[Evaluation], rule: &str, period: &str, subject: &str) -> Status {
    let found = of(e, rule, period, subject);
    assert_eq!(found.len(), 1, "{rule} {period} {subject}: {found:#?}");
    found[0].status
}

const MEETING_WITHOUT_DEPUTIES: &str = "---\ntitle: 会议\nterm: \"9\"\nsession: 4\nstart: 2022-07-05\nend: 2022-07-06\nmaterials_sent: 2022-06-30\nagenda:\n  - {no: 1, title: 审议2023年度立法计划, kind: legislative_plan, bill: jihua-2023}\n  - {no: 2, title: 听取某工作报告, kind: work_report}\n  - {no: 3, title: 听取执法检查报告, kind: inspection_report}\nattendees: ATTENDEES\nopinions: []\n---\n";

#[test]
fn a6_3_a_meeting_that_invites_no_deputy_is_not_met() {
    let meeting = MEETING_WITHOUT_DEPUTIES.replace("ATTENDEES", "[]");
    let e = evaluate(&[("meetings/9-04.md", &meeting)], "2022-12-31");
    assert_eq!(
        status(&e, "A6.3", "2022", r#"{"meeting":"9-04"}"#),
        Status::NotMet
    );
    // The fixture's own meeting invited two deputies.
    assert_eq!(
        status(&e, "A6.3", "2022", r#"{"meeting":"9-03"}"#),
        Status::Met
    );
    // A6.1 still skips a meeting without attendees.
    assert!(of(&e, "A6.1", "2022", r#"{"meeting":"9-04"}"#).is_empty());
}

#[test]
fn a8_3_a_legislative_plan_needs_a_solicitation_with_a_deputy_by_the_meeting() {
    let meeting = MEETING_WITHOUT_DEPUTIES.replace("ATTENDEES", "[]");
    let subject = r#"{"agenda":"9-04/1"}"#;
    let none = evaluate(&[("meetings/9-04.md", &meeting)], "2022-12-31");
    assert_eq!(status(&none, "A8.3", "2022", subject), Status::NotMet);
    let solicitation = |date: &str, deputies: &str| {
        format!(
            "---\ntitle: 征求立法计划意见\ndate: {date}\nbill: jihua-2023\nchannel: letter\ndeputies: {deputies}\n---\n"
        )
    };
    let on_the_day = evaluate(
        &[
            ("meetings/9-04.md", &meeting),
            (
                "solicitations/jihua.md",
                &solicitation("2022-07-05", "[tan-yun]"),
            ),
        ],
        "2022-12-31",
    );
    assert_eq!(status(&on_the_day, "A8.3", "2022", subject), Status::Met);
    let late = evaluate(
        &[
            ("meetings/9-04.md", &meeting),
            (
                "solicitations/jihua.md",
                &solicitation("2022-07-06", "[tan-yun]"),
            ),
        ],
        "2022-12-31",
    );
    assert_eq!(status(&late, "A8.3", "2022", subject), Status::NotMet);
    // A solicitation that asked no deputy does not count (A8.1 likewise).
    let nobody = evaluate(
        &[
            ("meetings/9-04.md", &meeting),
            ("solicitations/jihua.md", &solicitation("2022-07-01", "[]")),
        ],
        "2022-12-31",
    );
    assert_eq!(status(&nobody, "A8.3", "2022", subject), Status::NotMet);
    let draft_nobody = evaluate(
        &[(
            "solicitations/2022-mou-tiaoli.md",
            "---\ntitle: 就某条例草案征求代表意见\ndate: 2022-04-01\nbill: mou-tiaoli\nchannel: platform\ndeputies: []\n---\n",
        )],
        "2022-12-31",
    );
    assert_eq!(
        status(&draft_nobody, "A8.1", "2022", r#"{"agenda":"9-03/1"}"#),
        Status::NotMet
    );
}

#[test]
fn a8_4_reports_are_heard_with_field_deputies() {
    let grassroots_only =
        MEETING_WITHOUT_DEPUTIES.replace("ATTENDEES", "[{deputy: tan-yun, basis: [grassroots]}]");
    let e = evaluate(&[("meetings/9-04.md", &grassroots_only)], "2022-12-31");
    assert_eq!(
        status(&e, "A8.4", "2022", r#"{"agenda":"9-04/2"}"#),
        Status::NotMet
    );
    assert_eq!(
        status(&e, "A8.4", "2022", r#"{"agenda":"9-04/3"}"#),
        Status::NotMet
    );
    // An inspection report also accepts a deputy invited for the inspection.
    let inspection =
        MEETING_WITHOUT_DEPUTIES.replace("ATTENDEES", "[{deputy: gu-feng, basis: [inspection]}]");
    let e = evaluate(&[("meetings/9-04.md", &inspection)], "2022-12-31");
    assert_eq!(
        status(&e, "A8.4", "2022", r#"{"agenda":"9-04/2"}"#),
        Status::NotMet
    );
    assert_eq!(
        status(&e, "A8.4", "2022", r#"{"agenda":"9-04/3"}"#),
        Status::Met
    );
    let field =
        MEETING_WITHOUT_DEPUTIES.replace("ATTENDEES", "[{deputy: gu-feng, basis: [field]}]");
    let e = evaluate(&[("meetings/9-04.md", &field)], "2022-12-31");
    assert_eq!(
        status(&e, "A8.4", "2022", r#"{"agenda":"9-04/2"}"#),
        Status::Met
    );
}

fn group_activity(kind: &str, start: &str, members: &str) -> String {
    format!(
        "---\ntitle: 小组活动\nkind: {kind}\nstart: {start}\norganizer: 甲市人大常委会\ngroup: jia-1\nmembers: {members}\ndeputies: [tan-yun]\n---\n"
    )
}

#[test]
fn a11_every_group_meets_every_year_of_a_term() {
    let e = evaluate(
        &[(
            "activities/2022-xiaozu.md",
            &group_activity("group_activity", "2022-12-31", "[]"),
        )],
        "2023-06-30",
    );
    let group = r#"{"group":"jia-1"}"#;
    assert_eq!(status(&e, "A11", "2022", group), Status::Met);
    assert_eq!(status(&e, "A11", "2021", group), Status::NotMet);
    // The year is not over yet: pending until 31 December.
    assert_eq!(status(&e, "A11", "2023", group), Status::Pending);
    // A mixed-group activity is not the group's own activity.
    let e = evaluate(
        &[(
            "activities/2022-xiaozu.md",
            &group_activity("mixed_group", "2022-05-01", "[]"),
        )],
        "2023-06-30",
    );
    assert_eq!(status(&e, "A11", "2022", group), Status::NotMet);
}

#[test]
fn a12_4_members_join_group_or_mixed_group_activities() {
    let member = r#"{"member":"fang-yuan"}"#;
    let e = evaluate(
        &[(
            "activities/2022-hunhe.md",
            &group_activity("mixed_group", "2022-05-01", "[fang-yuan]"),
        )],
        "2023-06-30",
    );
    assert_eq!(status(&e, "A12.4", "2022", member), Status::Met);
    assert_eq!(status(&e, "A12.4", "2021", member), Status::NotMet);
    assert_eq!(status(&e, "A12.4", "2023", member), Status::Pending);
    // Listed among the deputies' activity but not as a member: not met.
    let e = evaluate(
        &[(
            "activities/2022-hunhe.md",
            &group_activity("group_activity", "2022-05-01", "[]"),
        )],
        "2023-01-01",
    );
    assert_eq!(status(&e, "A12.4", "2022", member), Status::NotMet);
}

const LETTER: &str = "deputy: bai-lu\nreceived: 2022-02-10\nchannel: letter\nsubject: 问题\nmajor: true\nforwarded: {to: 某县人民政府, date: FORWARDED}\nreply: {date: 2022-03-30, written: true}\nreported: REPORTED\n";

fn with_rules(rules: &str) -> String {
    format!(
        "title: 测试平台\nbody: 某自治区人民代表大会常务委员会\nbase_url: https://example.org/test/\nterms:\n  - {{id: \"9\", name: 第九届, start: 2021-01-10, end: 2026-01-09}}\nrules: {rules}\n"
    )
}

#[test]
fn a13_2_uses_report_days_and_a13_3_forward_days_when_set() {
    let letter = LETTER
        .replace("FORWARDED", "2022-02-20")
        .replace("REPORTED", "2022-03-15");
    let subject = r#"{"letter":"2022-01"}"#;
    // 33 days from receipt to the report: in time under the 90-day default …
    let e = evaluate(&[("letters/2022-01.yaml", &letter)], "2022-12-31");
    assert_eq!(status(&e, "A13.2", "2022", subject), Status::Met);
    assert!(
        of(&e, "A13.3", "2022", subject).is_empty(),
        "no forward_days: no A13.3"
    );
    // … late under report_days: 30, and the reply window does not move it.
    let e = evaluate(
        &[
            ("letters/2022-01.yaml", &letter),
            (
                "site.yaml",
                &with_rules("{report_days: 30, reply_days: 120}"),
            ),
        ],
        "2022-12-31",
    );
    assert_eq!(status(&e, "A13.2", "2022", subject), Status::NotMet);
    assert_eq!(of(&e, "A13.2", "2022", subject)[0].detail.window, Some(30));
    // Forwarded on day 10: in time with forward_days 10, late with 9.
    let e = evaluate(
        &[
            ("letters/2022-01.yaml", &letter),
            ("site.yaml", &with_rules("{forward_days: 10}")),
        ],
        "2022-12-31",
    );
    assert_eq!(status(&e, "A13.3", "2022", subject), Status::Met);
    let e = evaluate(
        &[
            ("letters/2022-01.yaml", &letter),
            ("site.yaml", &with_rules("{forward_days: 9}")),
        ],
        "2022-12-31",
    );
    assert_eq!(status(&e, "A13.3", "2022", subject), Status::NotMet);
}

#[test]
fn feedback_at_the_meeting_dated_after_it_is_inconsistent() {
    let meeting = "---\ntitle: 会议\nterm: \"9\"\nsession: 3\nstart: 2022-05-10\nend: 2022-05-12\nmaterials_sent: 2022-05-03\nattendees:\n  - {deputy: tan-yun, basis: [grassroots]}\nopinions:\n  - no: 1\n    deputy: tan-yun\n    summary: 意见\n    feedback: {date: 2022-05-13, at_meeting: true}\n---\n";
    let dir = site(&[("meetings/9-03.md", meeting)]);
    let loaded = load(dir.path());
    let found: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::Inconsistent)
        .collect();
    assert_eq!(found.len(), 1, "{:#?}", loaded.diagnostics);
    assert_eq!(
        (found[0].file.as_str(), found[0].line),
        ("meetings/9-03.md", 14)
    );
    // On the last day of the meeting it is consistent.
    let dir = site(&[(
        "meetings/9-03.md",
        &meeting.replace("2022-05-13", "2022-05-12"),
    )]);
    assert!(!load(dir.path()).has_errors());
}

#[test]
fn records_dated_outside_every_term_are_a_warning_and_not_evaluated() {
    let symposium = "---\ntitle: 2030 年座谈会\ndate: 2030-03-01\ntopic: development\nmembers: [fang-yuan]\ndeputies: [tan-yun]\nopinions:\n  - {no: 1, deputy: tan-yun, summary: 意见}\n---\n";
    let dir = site(&[("symposiums/2030.md", symposium)]);
    let loaded = load(dir.path());
    let warnings: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::OutsideTerm)
        .collect();
    assert_eq!(warnings.len(), 1, "{:#?}", loaded.diagnostics);
    assert_eq!(
        (warnings[0].file.as_str(), warnings[0].line),
        ("symposiums/2030.md", 3)
    );
    let model = loaded.model.expect("a warning is not an error");
    let e = rules::evaluate(&model, date("2031-12-31")).evaluations;
    assert!(e.iter().all(|e| e.period.to_string() != "2030"));
}

#[test]
fn a_link_counts_only_while_its_deputy_serves() {
    // 覃云 leaves on 30 June 2022: the link to her counts 181 days of 2022, so one hearing
    // (the fixture's contact of 15 March) meets ceil(2 × 181 ÷ 365) = 1.
    let deputy = "name: 覃云\ngrassroots: true\nregion: 甲市\nterms: [\"9\"]\ngroup: jia-1\nleft: 2022-06-30\n";
    let e = evaluate(&[("deputies/tan-yun.yaml", deputy)], "2023-06-30");
    let pair = r#"{"member":"fang-yuan","deputy":"tan-yun"}"#;
    let found = of(&e, "A12.2", "2022", pair);
    assert_eq!(found.len(), 1, "{e:#?}");
    assert_eq!(found[0].detail.days_linked, Some(181));
    assert_eq!(found[0].detail.required, Some(1));
    assert_eq!(found[0].status, Status::Met);
    // After she left, no evaluation of the pair: 2023 is not a year she serves in.
    assert!(of(&e, "A12.2", "2023", pair).is_empty());
    // Without `left`, her service runs to the end of her last term: the whole of 2022.
    let e = evaluate(&[], "2023-06-30");
    assert_eq!(of(&e, "A12.2", "2022", pair)[0].detail.required, Some(2));
}
