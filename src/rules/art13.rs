//! 第十三条: deputies' letters and visits are forwarded and answered in writing (A13.1);
//! major problems are reported to the 主任会议 in time (A13.2); letters are forwarded within
//! `forward_days` where a profile sets it (A13.3).

use chrono::{Datelike, NaiveDate};

use super::calendar::add_days;
use super::checks::{CheckKind, Grain, ParamSpec, WINDOWS};
use super::profile::RuleDef;
use super::{Ctx, Detail, Evaluation, Period, Status, Subject, cn_date};
use crate::content::Kind;
use crate::model::Letter;

/// The records this article's checks read (besides the settings and the profile): a
/// version of the content that changed no other kind has the same evaluations. Each
/// evaluation is of one letter and reads only that letter.
const READS: &[Kind] = &[Kind::Letter];
const GRAIN: Grain = Grain::Record(Kind::Letter);

/// A13.1: forwarded, and answered in writing within the window from forwarding.
pub const LETTERS_ANSWERED: CheckKind = CheckKind {
    reads: READS,
    grain: GRAIN,
    name: "letters_answered",
    params: WINDOWS,
    evaluate: |ctx, rule| {
        letters(ctx)
            .filter_map(|(letter, received)| answered(ctx, rule, letter, received))
            .collect()
    },
    ..CheckKind::PLAIN
};

/// A13.2: a major issue reported to the 主任会议 within `report_days` (default the reply
/// window; never the complex one).
pub const MAJOR_ISSUES_REPORTED: CheckKind = CheckKind {
    reads: READS,
    grain: GRAIN,
    name: "major_issues_reported",
    params: &[
        ParamSpec {
            name: "report_days",
            default: None,
        },
        ParamSpec {
            name: "reply_days",
            default: Some(90),
        },
    ],
    evaluate: |ctx, rule| {
        let days = if rule.has_param("report_days") {
            rule.param("report_days")
        } else {
            rule.param("reply_days")
        };
        letters(ctx)
            .filter(|(letter, _)| letter.major)
            .map(|(letter, received)| reported(ctx, rule, letter, received, days))
            .collect()
    },
    ..CheckKind::PLAIN
};

/// A13.3: forwarded within `forward_days` of receipt; no evaluation when it is not set.
pub const LETTERS_FORWARDED: CheckKind = CheckKind {
    reads: READS,
    grain: GRAIN,
    name: "letters_forwarded",
    params: &[ParamSpec {
        name: "forward_days",
        default: None,
    }],
    evaluate: |ctx, rule| {
        if !rule.has_param("forward_days") {
            return Vec::new();
        }
        let days = rule.param("forward_days");
        letters(ctx)
            .map(|(letter, received)| forwarded(ctx, rule, letter, received, days))
            .collect()
    },
    ..CheckKind::PLAIN
};

/// The letters received by `as_of`.
fn letters<'a>(ctx: &'a Ctx) -> impl Iterator<Item = (&'a Letter, NaiveDate)> {
    ctx.model.letters.values().filter_map(|letter| {
        let received = letter.received.value;
        (ctx.happened(received) && ctx.evaluates_record(Kind::Letter, &letter.meta.id))
            .then_some((&**letter, received))
    })
}

fn subject(letter: &Letter) -> Subject {
    Subject::Letter {
        letter: letter.meta.id.clone(),
    }
}

fn answered(ctx: &Ctx, rule: &RuleDef, letter: &Letter, received: NaiveDate) -> Option<Evaluation> {
    let period = Period::Year(received.year());
    let subject = subject(letter);
    let window = rule.window(letter.complex);
    let forwarded = ctx.seen(letter.forwarded.as_ref().map(|f| &f.date));
    let deadline = add_days(forwarded.unwrap_or(received), window);
    let reply = letter.reply.as_ref().filter(|r| ctx.happened(r.date.value));
    let written = reply.filter(|r| r.written).map(|r| r.date.value);
    let met = forwarded.is_some() && written.is_some_and(|w| w <= deadline);
    let late = written.is_some_and(|w| w > deadline);
    let status = Status::judge(met, late, deadline, ctx.as_of);
    let message = match (status, forwarded, reply) {
        (Status::Met, _, Some(r)) => format!(
            "已转办，{}书面答复代表（期限{}天）",
            cn_date(r.date.value),
            window
        ),
        (_, _, Some(r)) if r.written && r.date.value > deadline => format!(
            "{}才书面答复，超过{}天期限（{}）",
            cn_date(r.date.value),
            window,
            cn_date(deadline)
        ),
        (_, None, _) if status == Status::Pending => {
            format!("尚未转办，期限至{}", cn_date(deadline))
        }
        (_, None, _) => "未转相关部门处理".to_string(),
        (Status::Pending, Some(_), Some(r)) if !r.written => format!(
            "已转办，{}答复但不是书面答复，期限至{}",
            cn_date(r.date.value),
            cn_date(deadline)
        ),
        (_, Some(_), Some(r)) if !r.written => {
            format!("已转办，{}答复但不是书面答复", cn_date(r.date.value))
        }
        (Status::Pending, Some(_), _) => {
            format!("已转办，尚未书面答复，期限至{}", cn_date(deadline))
        }
        (_, Some(_), _) => format!("已转办，未在{}前书面答复代表", cn_date(deadline)),
    };
    let detail = Detail {
        deadline: Some(deadline),
        date: Some(received),
        window: Some(window),
        forwarded,
        reply: reply.map(|r| r.date.value),
        days: written.map(|w| (w - received).num_days()),
        ..Detail::default()
    };
    Some(Evaluation::new(
        rule,
        period.clone(),
        subject.clone(),
        status,
        message,
        detail,
    ))
}

fn reported(
    ctx: &Ctx,
    rule: &RuleDef,
    letter: &Letter,
    received: NaiveDate,
    days: u32,
) -> Evaluation {
    let period = Period::Year(received.year());
    let subject = subject(letter);
    let deadline = add_days(received, days);
    let reported = ctx.seen(letter.reported.as_ref());
    let met = reported.is_some_and(|r| r <= deadline);
    let late = reported.is_some_and(|r| r > deadline);
    let status = Status::judge(met, late, deadline, ctx.as_of);
    let message = match (status, reported) {
        (Status::Met, Some(r)) => format!("重大问题已于{}报告主任会议", cn_date(r)),
        (_, Some(r)) => format!(
            "重大问题于{}才报告主任会议，超过期限（{}）",
            cn_date(r),
            cn_date(deadline)
        ),
        (Status::Pending, None) => {
            format!("重大问题尚未报告主任会议，期限至{}", cn_date(deadline))
        }
        (_, None) => format!("重大问题未在{}前报告主任会议", cn_date(deadline)),
    };
    let detail = Detail {
        deadline: Some(deadline),
        date: Some(received),
        window: Some(days),
        reported,
        days: reported.map(|r| (r - received).num_days()),
        ..Detail::default()
    };
    Evaluation::new(rule, period, subject, status, message, detail)
}

fn forwarded(
    ctx: &Ctx,
    rule: &RuleDef,
    letter: &Letter,
    received: NaiveDate,
    days: u32,
) -> Evaluation {
    let deadline = add_days(received, days);
    let forwarded = ctx.seen(letter.forwarded.as_ref().map(|f| &f.date));
    let met = forwarded.is_some_and(|f| f <= deadline);
    let late = forwarded.is_some_and(|f| f > deadline);
    let status = Status::judge(met, late, deadline, ctx.as_of);
    let message = match (status, forwarded) {
        (Status::Met, Some(f)) => format!("已于{}转办（期限{days}天）", cn_date(f)),
        (_, Some(f)) => format!(
            "{}才转办，超过{days}天期限（{}）",
            cn_date(f),
            cn_date(deadline)
        ),
        (Status::Pending, None) => format!("尚未转办，期限至{}", cn_date(deadline)),
        (_, None) => format!("未在{}前转办", cn_date(deadline)),
    };
    let detail = Detail {
        deadline: Some(deadline),
        date: Some(received),
        window: Some(days),
        forwarded,
        days: forwarded.map(|f| (f - received).num_days()),
        ..Detail::default()
    };
    Evaluation::new(
        rule,
        Period::Year(received.year()),
        subject(letter),
        status,
        message,
        detail,
    )
}
