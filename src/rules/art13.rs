//! 第十三条: deputies' letters and visits are forwarded and answered in writing (A13.1);
//! major problems are reported to the 主任会议 (A13.2).

use chrono::Datelike;

use super::calendar::add_days;
use super::{Ctx, Detail, Evaluation, Period, Rule, Status, Subject, cn_date};

pub fn evaluate(ctx: &Ctx) -> Vec<Evaluation> {
    let mut out = Vec::new();
    for letter in ctx.model.letters.values() {
        let received = letter.received.value;
        if !ctx.happened(received) {
            continue;
        }
        let period = Period::Year(received.year());
        let subject = Subject::Letter {
            letter: letter.meta.id.clone(),
        };

        // A13.1
        let window = ctx.window(letter.complex);
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
        out.push(Evaluation::new(
            Rule::A13_1,
            period.clone(),
            subject.clone(),
            status,
            message,
            detail,
        ));

        // A13.2
        if letter.major {
            let deadline = add_days(received, ctx.params.reply_days);
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
                window: Some(ctx.params.reply_days),
                reported,
                days: reported.map(|r| (r - received).num_days()),
                ..Detail::default()
            };
            out.push(Evaluation::new(
                Rule::A13_2,
                period,
                subject,
                status,
                message,
                detail,
            ));
        }
    }
    out
}
