//! The sheets of the 履职台账, as rows of cells (written by [`super::workbook`]).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use super::{Options, Out, Sheet, subjects};
use crate::model::{Model, Visibility};
use crate::public::tables::{Cell, MemberLink, Row};
use crate::public::{Contact, Letter, Opinion, Public};
use crate::rules::{Evaluation, Outcome, Period, RuleInfo, Status, Subject};

/// The evaluations of `year` (and of the terms it belongs to), or all of them.
pub fn selected<'o>(model: &Model, outcome: &'o Outcome, year: Option<i32>) -> Vec<&'o Evaluation> {
    let Some(year) = year else {
        return outcome.evaluations.iter().collect();
    };
    let terms: Vec<&str> = model
        .site()
        .terms
        .iter()
        .filter(|t| t.start.value.year() <= year && year <= t.end.value.year())
        .map(|t| t.id.value.as_str())
        .collect();
    outcome
        .evaluations
        .iter()
        .filter(|e| match &e.period {
            Period::Year(y) => *y == year,
            Period::Term(t) => terms.contains(&t.as_str()),
        })
        .collect()
}

fn yes_no(v: bool) -> Out {
    Out::Text(if v { "是" } else { "否" }.into())
}

/// A typed cell as the workbook holds it: 是/否, a date, a number; an empty text is no value.
impl From<Cell<'_>> for Out {
    fn from(cell: Cell<'_>) -> Out {
        match cell {
            Cell::Empty => Out::Empty,
            Cell::Text(s) if s.is_empty() => Out::Empty,
            Cell::Text(s) => Out::Text(s.into_owned()),
            Cell::Flag(v) => yes_no(v),
            Cell::Date(d) => Out::Date(d),
            Cell::Count(n) => Out::Number(n as f64),
        }
    }
}

fn period(p: &Public, period: &Period) -> String {
    match period {
        Period::Year(y) => format!("{y}年"),
        Period::Term(t) => p
            .site
            .terms
            .iter()
            .find(|term| term.id == t)
            .map_or_else(|| format!("第{t}届"), |term| format!("{}任期", term.name)),
    }
}

/// The counts of every rule of the profile, in its order.
pub fn summary(
    p: &Public,
    rules: &[RuleInfo],
    evaluations: &[&Evaluation],
    options: &Options,
) -> Sheet {
    let scope = match options.year {
        Some(y) => format!("{y}年度"),
        None => "全部年度".into(),
    };
    let what = if options.internal {
        "含内部记录，仅供内部使用"
    } else {
        "仅含可公开的数据"
    };
    let rows = rules
        .iter()
        .map(|rule| {
            let of = |s: Option<Status>| {
                evaluations
                    .iter()
                    .filter(|e| e.rule == rule.id && s.is_none_or(|s| e.status == s))
                    .count() as u32
            };
            vec![
                rule.id.code().into(),
                Out::Text(format!("第{}条", rule.article)),
                rule.title.as_str().into(),
                of(Some(Status::Met)).into(),
                of(Some(Status::Pending)).into(),
                of(Some(Status::NotMet)).into(),
                of(None).into(),
            ]
        })
        .collect();
    Sheet {
        name: "概况".into(),
        title: format!(
            "{} 履职台账（{scope}，截至 {}；{what}）",
            p.site.title, p.as_of
        ),
        header: vec!["规则", "条款", "要求", "已履行", "进行中", "未履行", "合计"],
        rows,
    }
}

/// One sheet per rule, every evaluation of it.
pub fn rules(p: &Public, rules: &[RuleInfo], evaluations: &[&Evaluation]) -> Vec<Sheet> {
    rules
        .iter()
        .map(|rule| Sheet {
            name: rule.id.code().into(),
            title: format!("{} 第{}条 {}", rule.id.code(), rule.article, rule.title),
            header: vec![
                "期间",
                "对象",
                "状态",
                "期限",
                "日期",
                "计数",
                "要求",
                "说明",
                "对象标识",
            ],
            rows: evaluations
                .iter()
                .filter(|e| e.rule == rule.id)
                .map(|e| {
                    vec![
                        period(p, &e.period).into(),
                        subjects::name(p, &e.subject).into(),
                        e.status.label().into(),
                        e.detail.deadline.into(),
                        e.detail.date.into(),
                        e.detail.count.into(),
                        e.detail.required.into(),
                        e.message.clone().into(),
                        subjects::ids(&e.subject).into(),
                    ]
                })
                .collect(),
        })
        .collect()
}

/// The opinions tracker: every opinion of the projection's records, with its handling and
/// the status of its rule.
pub fn opinions(p: &Public, evaluations: &[&Evaluation], year: Option<i32>) -> Sheet {
    let by_opinion: HashMap<String, &Evaluation> = evaluations
        .iter()
        .filter_map(|e| match &e.subject {
            Subject::Opinion { opinion } => Some((opinion.to_string(), *e)),
            _ => None,
        })
        .collect();
    let mut rows = Vec::new();
    let mut add =
        |source: &str, folder: &str, id: &str, title: String, date: NaiveDate, list: &[Opinion]| {
            if year.is_some_and(|y| y != date.year()) {
                return;
            }
            for o in list {
                let key = format!("{folder}/{id}/{}", o.no);
                let e = by_opinion.get(&key);
                rows.push(opinion_row(p, &key, source, &title, date, o, e.copied()));
            }
        };
    for m in &p.meetings {
        add(
            "常委会会议",
            "meetings",
            m.meta.id,
            m.title.into(),
            m.start,
            &m.opinions,
        );
    }
    for s in &p.symposiums {
        add(
            "代表座谈会",
            "symposiums",
            s.meta.id,
            s.title.into(),
            s.date,
            &s.opinions,
        );
    }
    for a in &p.activities {
        add(
            "活动",
            "activities",
            a.meta.id,
            a.title.into(),
            a.start,
            &a.opinions,
        );
    }
    for c in &p.contacts {
        let title = format!(
            "{}联系{}",
            p.member_name(c.member).unwrap_or(c.member),
            p.deputy_name(c.deputy).unwrap_or(c.deputy)
        );
        add(
            "联系代表",
            "contacts",
            c.meta.id,
            title,
            c.date,
            &c.opinions,
        );
    }
    Sheet {
        name: "意见建议".into(),
        title: "意见建议办理情况（第七条、第十条、第十二条）".into(),
        header: vec![
            "意见标识",
            "来源",
            "记录",
            "序号",
            "日期",
            "代表",
            "意见建议",
            "类别",
            "复杂事项",
            "交办单位",
            "交办日期",
            "说明情况日期",
            "反馈日期",
            "当场反馈",
            "规则",
            "状态",
            "期限",
        ],
        rows,
    }
}

/// One opinion in the tracker: its handling and, under its rule, its status.
fn opinion_row(
    p: &Public,
    key: &str,
    source: &str,
    title: &str,
    date: NaiveDate,
    o: &Opinion,
    e: Option<&Evaluation>,
) -> Vec<Out> {
    let names: Vec<&str> = o
        .deputies
        .iter()
        .map(|d| p.deputy_name(d).unwrap_or(d))
        .collect();
    let unruled = if o.feedback.is_some() {
        "已反馈"
    } else {
        "未反馈"
    };
    vec![
        key.into(),
        source.into(),
        title.into(),
        o.no.into(),
        date.into(),
        names.join("、").into(),
        o.summary.into(),
        o.category.map(|c| c.label()).into(),
        yes_no(o.complex),
        o.assigned.as_ref().map(|a| a.to).into(),
        o.assigned.as_ref().map(|a| a.date).into(),
        o.explained.into(),
        o.feedback.as_ref().map(|f| f.date).into(),
        o.feedback
            .as_ref()
            .map(|f| yes_no(f.at_meeting))
            .unwrap_or(Out::Empty),
        e.map(|e| e.rule.code()).into(),
        e.map_or(unruled, |e| e.status.label()).into(),
        e.and_then(|e| e.detail.deadline).into(),
    ]
}

/// The members' contact figures per year against art. 12's bar: links to grassroots
/// deputies (3–5), contacts heard against what each link requires.
pub fn members_figures(
    p: &Public,
    outcome: &Outcome,
    evaluations: &[&Evaluation],
    year: Option<i32>,
) -> Sheet {
    // The link counts and the hearings, by the check kinds of the profile's rules.
    let check = |id: &crate::rules::RuleId| outcome.rule(id).map_or("", |r| r.check);
    let mut a12_1: HashMap<(&str, i32), &Evaluation> = HashMap::new();
    let mut a12_2: HashMap<(&str, i32), (u32, u32, u32)> = HashMap::new();
    for e in evaluations {
        match (&e.subject, e.year()) {
            (Subject::Member { member }, Some(y)) if check(&e.rule) == "links_within_bounds" => {
                a12_1.insert((member.as_str(), y), e);
            }
            (Subject::Link { member, .. }, Some(y)) if check(&e.rule) == "hearings_per_year" => {
                let slot = a12_2.entry((member.as_str(), y)).or_default();
                slot.0 += e.detail.required.unwrap_or(0);
                match e.status {
                    Status::Met => slot.1 += 1,
                    Status::NotMet => slot.2 += 1,
                    Status::Pending => {}
                }
            }
            _ => {}
        }
    }
    let mut rows = Vec::new();
    for (member, years) in &outcome.stats.members {
        let Some(m) = p.member(member) else { continue };
        for (&y, figures) in years
            .iter()
            .filter(|(y, _)| year.is_none_or(|want| want == **y))
        {
            let status = a12_1.get(&(member.as_str(), y)).map(|e| e.status.label());
            let (required, met, not_met) = a12_2
                .get(&(member.as_str(), y))
                .copied()
                .unwrap_or_default();
            rows.push(vec![
                Out::Text(format!("{y}年")),
                m.name.into(),
                figures.linked_grassroots.into(),
                status.into(),
                figures.contacts.into(),
                figures.contacts_listened.into(),
                required.into(),
                met.into(),
                not_met.into(),
                figures.opinions_heard.into(),
            ]);
        }
    }
    let params = outcome.params;
    Sheet {
        name: "组成人员联系代表".into(),
        title: format!(
            "组成人员联系代表情况（第十二条：每人重点联系 {}–{} 名基层代表，每年至少听取 {} 次意见）",
            params.links_min, params.links_max, params.listens_per_year
        ),
        header: vec![
            "年度",
            "组成人员",
            "联系的基层代表",
            "A12.1 状态",
            "联系次数",
            "听取意见次数",
            "应听取次数",
            "A12.2 已履行",
            "A12.2 未履行",
            "听取意见建议条数",
        ],
        rows,
    }
}

/// The records' own sheets, with the field names as headers (the columns of the open data's
/// tables, and each record's visibility for the kinds that have internal records): they import
/// back with `lianluo import KIND 台账.xlsx --sheet NAME`. The visibility is the record's own,
/// from `model` (with `--internal`, `p` holds every record as if it were public).
pub fn records(p: &Public, model: &Model) -> Vec<Sheet> {
    let links: Vec<MemberLink> = MemberLink::all(&p.members).collect();
    vec![
        record_sheet("代表", p.deputies.iter(), None),
        record_sheet("组成人员", p.members.iter(), None),
        record_sheet("重点联系", links.iter(), None),
        record_sheet("代表小组", p.groups.iter(), None),
        record_sheet(
            "联系记录",
            p.contacts.iter(),
            Some(&|c: &Contact| model.contacts.get(c.meta.id).map(|r| r.meta.visibility)),
        ),
        record_sheet(
            "来信来访",
            p.letters.iter(),
            Some(&|l: &Letter| model.letters.get(l.meta.id).map(|r| r.meta.visibility)),
        ),
    ]
}

/// How a record's visibility is found (in the model, by the record's id).
type VisibilityOf<'a, R> = &'a dyn Fn(&R) -> Option<Visibility>;

/// One kind of record as a sheet, with a last `visibility` column when `visibility` is given.
fn record_sheet<'r, R: Row + 'r>(
    name: &str,
    records: impl Iterator<Item = &'r R>,
    visibility: Option<VisibilityOf<'_, R>>,
) -> Sheet {
    let mut header = R::COLUMNS.to_vec();
    if visibility.is_some() {
        header.push("visibility");
    }
    let rows = records
        .map(|record| {
            let mut row: Vec<Out> = record.cells().into_iter().map(Out::from).collect();
            if let Some(of) = visibility {
                row.push(of(record).map(|v| v.as_str()).into());
            }
            row
        })
        .collect();
    Sheet {
        name: name.into(),
        title: format!("{name}（列名即字段名，可用 lianluo import 导回）"),
        header,
        rows,
    }
}
