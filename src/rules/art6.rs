//! 第六条: deputies attend the standing committee's meetings. A6.1: the agenda and materials
//! are sent to the attending deputies before the meeting. A6.2: every grassroots deputy
//! attends at least one meeting in the term. A6.3: every meeting invites deputies to attend.

use chrono::Datelike;

use super::checks::CheckKind;
use super::profile::RuleDef;
use super::{Ctx, Detail, Evaluation, Period, Status, Subject, cn_date};
use crate::content::Kind;

/// The records this article's checks read (besides the settings and the profile): a
/// version of the content that changed no other kind has the same evaluations.
const READS: &[Kind] = &[Kind::Deputy, Kind::Meeting];

/// A6.1: the agenda and materials reach the attending deputies before the meeting.
pub const MATERIALS_BEFORE_MEETING: CheckKind = CheckKind {
    reads: READS,
    name: "materials_before_meeting",
    evaluate: |ctx, rule| materials_sent(ctx, rule),
    ..CheckKind::PLAIN
};

/// A6.2: every grassroots deputy attends a meeting in the term.
pub const GRASSROOTS_ATTEND_IN_TERM: CheckKind = CheckKind {
    reads: READS,
    name: "grassroots_attend_in_term",
    evaluate: |ctx, rule| grassroots_attend(ctx, rule),
    ..CheckKind::PLAIN
};

/// A6.3: every meeting invites deputies to attend.
pub const MEETING_INVITES_DEPUTIES: CheckKind = CheckKind {
    reads: READS,
    name: "meeting_invites_deputies",
    evaluate: |ctx, rule| deputies_invited(ctx, rule),
    ..CheckKind::PLAIN
};

/// A6.1: each meeting with ≥1 attendee; met when `materials_sent` < `start`.
fn materials_sent(ctx: &Ctx, rule: &RuleDef) -> Vec<Evaluation> {
    let mut out = Vec::new();
    for meeting in ctx.model.meetings.values() {
        let start = meeting.start.value;
        if meeting.attendees.is_empty() || !ctx.happened(start) {
            continue;
        }
        let sent = ctx.seen(Some(&meeting.materials_sent));
        let met = sent.is_some_and(|s| s < start);
        let status = Status::judge(met, false, start, ctx.as_of);
        let message = match (sent, status) {
            (Some(s), Status::Met) => format!(
                "会议材料于{}发给{}名列席代表，在会议开始（{}）前{}天",
                cn_date(s),
                meeting.attendees.len(),
                cn_date(start),
                (start - s).num_days()
            ),
            (Some(s), _) => format!(
                "会议材料于{}发出，未在会议开始（{}）前发给列席代表",
                cn_date(s),
                cn_date(start)
            ),
            (None, _) => format!("会议材料尚未发给列席代表，会议于{}开始", cn_date(start)),
        };
        let detail = Detail {
            deadline: Some(start),
            date: Some(start),
            materials_sent: sent,
            count: Some(meeting.attendees.len() as u32),
            ..Detail::default()
        };
        out.push(Evaluation::new(
            rule,
            Period::Year(start.year()),
            Subject::Meeting {
                meeting: meeting.meta.id.clone(),
            },
            status,
            message,
            detail,
        ));
    }
    out
}

/// A6.2: each grassroots deputy serving in a term attends ≥1 meeting of that term; deadline
/// the term's end, or the day the deputy left if earlier.
fn grassroots_attend(ctx: &Ctx, rule: &RuleDef) -> Vec<Evaluation> {
    let mut out = Vec::new();
    for term in &ctx.model.site().terms {
        if !ctx.happened(term.start.value) {
            continue;
        }
        // The meetings of this term each deputy attended, in one pass over the meetings.
        let mut attended_by: std::collections::HashMap<&str, Vec<String>> =
            std::collections::HashMap::new();
        for meeting in ctx
            .model
            .meetings
            .values()
            .filter(|m| m.term.value == term.id.value && ctx.happened(m.start.value))
        {
            for attendee in &meeting.attendees {
                let list = attended_by
                    .entry(attendee.deputy.value.as_str())
                    .or_default();
                if list.last() != Some(&meeting.meta.id) {
                    list.push(meeting.meta.id.clone());
                }
            }
        }
        for deputy in ctx.model.deputies.values() {
            if !deputy.grassroots || !deputy.terms.iter().any(|t| t.value == term.id.value) {
                continue;
            }
            let joined = deputy.joined.as_ref().map_or(term.start.value, |j| j.value);
            if !ctx.happened(joined) {
                continue;
            }
            let attended: Vec<String> = attended_by
                .get(deputy.meta.id.as_str())
                .cloned()
                .unwrap_or_default();
            let left = deputy.left.as_ref().map(|l| l.value);
            let deadline = left.map_or(term.end.value, |l| l.min(term.end.value));
            let status = Status::judge(!attended.is_empty(), false, deadline, ctx.as_of);
            let message = match status {
                Status::Met => format!(
                    "{}在{}列席常委会会议{}次",
                    deputy.name,
                    term.name,
                    attended.len()
                ),
                Status::Pending => format!(
                    "{}在{}尚未列席常委会会议，应在{}前安排列席",
                    deputy.name,
                    term.name,
                    cn_date(deadline)
                ),
                Status::NotMet => match left {
                    Some(l) if l <= term.end.value => format!(
                        "{}于{}离任，任期内未列席常委会会议",
                        deputy.name,
                        cn_date(l)
                    ),
                    _ => format!("{}在{}任期内未列席常委会会议", deputy.name, term.name),
                },
            };
            let detail = Detail {
                deadline: Some(deadline),
                count: Some(attended.len() as u32),
                required: Some(1),
                records: attended,
                ..Detail::default()
            };
            out.push(Evaluation::new(
                rule,
                Period::Term(term.id.value.clone()),
                Subject::Deputy {
                    deputy: deputy.meta.id.clone(),
                },
                status,
                message,
                detail,
            ));
        }
    }
    out
}

/// A6.3: each meeting that has begun by `as_of`; met when ≥1 deputy attends (is invited).
fn deputies_invited(ctx: &Ctx, rule: &RuleDef) -> Vec<Evaluation> {
    let mut out = Vec::new();
    for meeting in ctx.model.meetings.values() {
        let start = meeting.start.value;
        if !ctx.happened(start) || !ctx.evaluated_year(start) {
            continue;
        }
        let count = meeting.attendees.len() as u32;
        let status = Status::judge(count > 0, false, start, ctx.as_of);
        let message = if count > 0 {
            format!("{}邀请{}名代表列席", meeting.title, count)
        } else {
            format!("{}（{}）未邀请代表列席", meeting.title, cn_date(start))
        };
        let detail = Detail {
            deadline: Some(start),
            date: Some(start),
            count: Some(count),
            required: Some(1),
            ..Detail::default()
        };
        out.push(Evaluation::new(
            rule,
            Period::Year(start.year()),
            Subject::Meeting {
                meeting: meeting.meta.id.clone(),
            },
            status,
            message,
            detail,
        ));
    }
    out
}
