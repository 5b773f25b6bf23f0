//! The duties of the regulation (arts. 6–13), evaluated per subject and period as of a date
//! (spec §4). One file per article, each a pure function of the model, the rule parameters
//! and `as_of`: no I/O, no clock.
//!
//! The [`Outcome`] (evaluations and statistics) is the single source of every figure the
//! website, the PDF report and the open data show.

pub mod art10;
pub mod art12;
pub mod art13;
pub mod art6;
pub mod art7;
pub mod art8;
pub mod art9;
pub mod calendar;
pub mod stats;
pub mod subject;

use std::collections::BTreeSet;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde::Serialize;

use crate::diag::Spanned;
use crate::model::{Member, Model, RuleParams};
use calendar::Span;

pub use stats::Stats;
pub use subject::{AgendaId, OpinionId, OpinionSource, Subject};

/// A duty of the regulation (spec §4's table), in article order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Rule {
    #[serde(rename = "A6.1")]
    A6_1,
    #[serde(rename = "A6.2")]
    A6_2,
    #[serde(rename = "A7")]
    A7,
    #[serde(rename = "A8.1")]
    A8_1,
    #[serde(rename = "A8.2")]
    A8_2,
    #[serde(rename = "A9.1")]
    A9_1,
    #[serde(rename = "A9.2")]
    A9_2,
    #[serde(rename = "A10")]
    A10,
    #[serde(rename = "A12.1")]
    A12_1,
    #[serde(rename = "A12.2")]
    A12_2,
    #[serde(rename = "A12.3")]
    A12_3,
    #[serde(rename = "A13.1")]
    A13_1,
    #[serde(rename = "A13.2")]
    A13_2,
}

impl Rule {
    pub const ALL: [Rule; 13] = [
        Rule::A6_1,
        Rule::A6_2,
        Rule::A7,
        Rule::A8_1,
        Rule::A8_2,
        Rule::A9_1,
        Rule::A9_2,
        Rule::A10,
        Rule::A12_1,
        Rule::A12_2,
        Rule::A12_3,
        Rule::A13_1,
        Rule::A13_2,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Rule::A6_1 => "A6.1",
            Rule::A6_2 => "A6.2",
            Rule::A7 => "A7",
            Rule::A8_1 => "A8.1",
            Rule::A8_2 => "A8.2",
            Rule::A9_1 => "A9.1",
            Rule::A9_2 => "A9.2",
            Rule::A10 => "A10",
            Rule::A12_1 => "A12.1",
            Rule::A12_2 => "A12.2",
            Rule::A12_3 => "A12.3",
            Rule::A13_1 => "A13.1",
            Rule::A13_2 => "A13.2",
        }
    }

    /// The article of the regulation the duty comes from.
    pub fn article(self) -> u32 {
        match self {
            Rule::A6_1 | Rule::A6_2 => 6,
            Rule::A7 => 7,
            Rule::A8_1 | Rule::A8_2 => 8,
            Rule::A9_1 | Rule::A9_2 => 9,
            Rule::A10 => 10,
            Rule::A12_1 | Rule::A12_2 | Rule::A12_3 => 12,
            Rule::A13_1 | Rule::A13_2 => 13,
        }
    }

    /// The duty in a few words.
    pub fn title(self) -> &'static str {
        match self {
            Rule::A6_1 => "会前将会议议题和相关材料发给列席代表",
            Rule::A6_2 => "每位基层代表任期内至少列席一次常委会会议",
            Rule::A7 => "座谈会意见建议交办并反馈",
            Rule::A8_1 => "审议法规草案前征求代表意见",
            Rule::A8_2 => "立法、执法检查、视察、调研活动邀请代表参加",
            Rule::A9_1 => "每年组织集中视察和专题调研",
            Rule::A9_2 => "组成人员参加集中视察或专题调研",
            Rule::A10 => "列席代表意见会上反馈或说明情况后及时反馈",
            Rule::A12_1 => "每名组成人员重点联系三至五名基层代表",
            Rule::A12_2 => "每年至少两次听取所联系代表的意见",
            Rule::A12_3 => "联系代表所提意见建议的处理情况及时反馈",
            Rule::A13_1 => "代表来信来访转办并书面答复",
            Rule::A13_2 => "代表反映的重大问题报告主任会议",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    Pending,
    NotMet,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Met, Status::Pending, Status::NotMet];

    pub fn code(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Pending => "pending",
            Status::NotMet => "not_met",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Met => "已履行",
            Status::Pending => "进行中",
            Status::NotMet => "未履行",
        }
    }

    /// spec §4: met; pending when not met yet and the deadline ≥ `as_of` (and no required
    /// date already came after its deadline); not met otherwise.
    pub fn judge(met: bool, late: bool, deadline: NaiveDate, as_of: NaiveDate) -> Status {
        if met {
            Status::Met
        } else if !late && deadline >= as_of {
            Status::Pending
        } else {
            Status::NotMet
        }
    }
}

/// A calendar year, or a whole term (`term:14`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Year(i32),
    Term(String),
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Term(t) => write!(f, "term:{t}"),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The figures behind a status, for tables and for people who check the arithmetic.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Detail {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<NaiveDate>,
    /// The date of the subject: meeting start, symposium or contact date, letter received.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// What was counted (attendances, listened contacts, links, deputies, activities …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<u32>,
    /// The reply window applied, in days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<u32>,
    /// Days from the subject's date to the answer (feedback, reply, report).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_linked: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_in_year: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub materials_sent: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assigned: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explained: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feedback: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forwarded: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reply: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported: Option<NaiveDate>,
    /// Ids of the records that satisfied the duty (meetings attended, contacts, activities,
    /// solicitations, linked deputies).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    pub rule: Rule,
    pub period: Period,
    pub subject: Subject,
    pub status: Status,
    pub article: u32,
    pub message: String,
    pub detail: Detail,
}

impl Evaluation {
    pub fn new(
        rule: Rule,
        period: Period,
        subject: Subject,
        status: Status,
        message: String,
        detail: Detail,
    ) -> Evaluation {
        Evaluation {
            rule,
            article: rule.article(),
            period,
            subject,
            status,
            message,
            detail,
        }
    }

    pub fn year(&self) -> Option<i32> {
        match self.period {
            Period::Year(y) => Some(y),
            Period::Term(_) => None,
        }
    }
}

/// What the rules say about a model as of a date: every evaluation and the statistics.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub as_of: NaiveDate,
    pub params: RuleParams,
    pub evaluations: Vec<Evaluation>,
    pub stats: Stats,
}

/// The inputs every rule reads: the model, the parameters and the date, plus a few lookups.
pub struct Ctx<'a> {
    pub model: &'a Model,
    pub params: RuleParams,
    pub as_of: NaiveDate,
    /// The years evaluated: calendar years of any term that have begun by `as_of`.
    pub years: BTreeSet<i32>,
}

impl<'a> Ctx<'a> {
    pub fn new(model: &'a Model, params: RuleParams, as_of: NaiveDate) -> Ctx<'a> {
        let years = model
            .site()
            .terms
            .iter()
            .flat_map(|t| calendar::term_years(t, as_of))
            .collect();
        Ctx {
            model,
            params,
            as_of,
            years,
        }
    }

    /// A date that has happened by `as_of` (later dates count as not there yet).
    pub fn seen(&self, date: Option<&Spanned<NaiveDate>>) -> Option<NaiveDate> {
        date.map(|d| d.value).filter(|d| *d <= self.as_of)
    }

    pub fn happened(&self, date: NaiveDate) -> bool {
        date <= self.as_of
    }

    /// The reply window of an item (`reply_days`, or `reply_days_complex` when complex).
    pub fn window(&self, complex: bool) -> u32 {
        if complex {
            self.params.reply_days_complex
        } else {
            self.params.reply_days
        }
    }

    pub fn deputy_name(&self, id: &str) -> &'a str {
        self.model.deputies.get(id).map_or("", |d| d.name.as_str())
    }

    pub fn member_name(&self, id: &str) -> &'a str {
        self.model.members.get(id).map_or("", |m| m.name.as_str())
    }

    pub fn evaluated_year(&self, date: NaiveDate) -> bool {
        self.years.contains(&date.year())
    }

    /// When a member serves.
    pub fn service(member: &Member) -> Span {
        Span::new(member.from.value, member.to.as_ref().map(|t| t.value))
    }

    /// The evaluated years in which a member serves on some day that has begun by `as_of`.
    pub fn member_years(&self, member: &Member) -> Vec<i32> {
        let service = Ctx::service(member);
        self.years
            .iter()
            .copied()
            .filter(|&y| {
                service
                    .clip(Span::new(calendar::jan1(y), Some(calendar::dec31(y))))
                    .is_some_and(|s| s.start <= self.as_of)
            })
            .collect()
    }
}

/// "2024年3月26日"
pub fn cn_date(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// Evaluates every rule and computes the statistics.
pub fn evaluate(model: &Model, params: RuleParams, as_of: NaiveDate) -> Outcome {
    let ctx = Ctx::new(model, params, as_of);
    // The articles are independent pure functions: evaluated side by side, and each sorted on
    // its own. An article's rules all come before the next article's (the order of `Rule`),
    // so the articles' evaluations, one after another, are in order. The statistics of the
    // records need no evaluation: they are tallied meanwhile.
    let articles: [fn(&Ctx) -> Vec<Evaluation>; 7] = [
        art6::evaluate,
        art7::evaluate,
        art8::evaluate,
        art9::evaluate,
        art10::evaluate,
        art12::evaluate,
        art13::evaluate,
    ];
    let (by_article, records) = rayon::join(
        || {
            articles
                .par_iter()
                .with_max_len(1)
                .map(|article| {
                    let mut evaluations = article(&ctx);
                    evaluations.par_sort_by(|a, b| {
                        (a.rule, &a.period, &a.subject).cmp(&(b.rule, &b.period, &b.subject))
                    });
                    evaluations
                })
                .collect::<Vec<Vec<Evaluation>>>()
        },
        || stats::records(&ctx),
    );
    let mut evaluations = Vec::with_capacity(by_article.iter().map(Vec::len).sum());
    for article in by_article {
        evaluations.extend(article);
    }
    let stats = stats::finish(&ctx, records, &evaluations);
    Outcome {
        as_of,
        params,
        evaluations,
        stats,
    }
}
