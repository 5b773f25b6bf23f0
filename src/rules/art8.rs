//! 第八条: deputies take part in the committee's work. A8.1: a regulation draft is put to
//! deputies (征求意见) before the meeting that reviews it. A8.2: deputies are invited to
//! legislative work, inspections and research.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::checks::CheckKind;
use super::profile::RuleDef;
use super::{AgendaId, Ctx, Detail, Evaluation, Period, Status, Subject, cn_date};
use crate::content::Kind;
use crate::model::AgendaKind;

/// The records this article's checks read (besides the settings and the profile): a
/// version of the content that changed no other kind has the same evaluations.
const READS: &[Kind] = &[Kind::Activity, Kind::Meeting, Kind::Solicitation];

/// A8.1: a regulation draft put to deputies before the meeting that reviews it.
pub const BILLS_SOLICITED: CheckKind = CheckKind {
    reads: READS,
    name: "bills_solicited",
    evaluate: |ctx, rule| drafts_solicited(ctx, rule, AgendaKind::RegulationDraft),
    ..CheckKind::PLAIN
};

/// A8.3: a legislative plan put to deputies before the meeting that adopts it.
pub const PLAN_SOLICITED: CheckKind = CheckKind {
    reads: READS,
    name: "plan_solicited",
    evaluate: |ctx, rule| drafts_solicited(ctx, rule, AgendaKind::LegislativePlan),
    ..CheckKind::PLAIN
};

/// A8.4: hearing a work report or an inspection report, the meeting invites field deputies.
pub const REPORTS_INVITE_FIELD_DEPUTIES: CheckKind = CheckKind {
    reads: READS,
    name: "reports_invite_field_deputies",
    evaluate: |ctx, rule| field_deputies_heard(ctx, rule),
    ..CheckKind::PLAIN
};

/// A8.2: legislative work, inspections and research invite deputies.
pub const ACTIVITIES_INVITE_DEPUTIES: CheckKind = CheckKind {
    reads: READS,
    name: "activities_invite_deputies",
    evaluate: |ctx, rule| deputies_invited(ctx, rule),
    ..CheckKind::PLAIN
};

/// A8.1: each `regulation_draft` agenda item with a `bill`; met when a solicitation of that
/// bill is dated ≤ the meeting's start.
fn drafts_solicited(ctx: &Ctx, rule: &RuleDef, kind: AgendaKind) -> Vec<Evaluation> {
    let mut solicited: BTreeMap<&str, Vec<(NaiveDate, &str)>> = BTreeMap::new();
    for solicitation in ctx.model.solicitations.values() {
        // Only a solicitation that asked ≥1 deputy counts (spec §4, revision 2).
        if let Some(bill) = &solicitation.bill
            && ctx.happened(solicitation.date.value)
            && !solicitation.deputies.is_empty()
        {
            solicited
                .entry(bill.value.as_str())
                .or_default()
                .push((solicitation.date.value, &solicitation.meta.id));
        }
    }
    let mut out = Vec::new();
    for meeting in ctx.model.meetings.values() {
        let start = meeting.start.value;
        if !ctx.happened(start) {
            continue;
        }
        for item in &meeting.agenda {
            let Some(bill) = item.bill.as_ref().filter(|_| item.kind == kind) else {
                continue;
            };
            let all = solicited
                .get(bill.value.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default();
            let before: Vec<String> = all
                .iter()
                .filter(|(d, _)| *d <= start)
                .map(|(_, id)| id.to_string())
                .collect();
            let status = Status::judge(!before.is_empty(), false, start, ctx.as_of);
            let message = if !before.is_empty() {
                format!("审议前已征求代表意见{}次（{}）", before.len(), item.title)
            } else if let Some((later, _)) = all.iter().find(|(d, _)| *d > start) {
                format!(
                    "征求代表意见在{}，晚于会议审议（{}）",
                    cn_date(*later),
                    cn_date(start)
                )
            } else if status == Status::Pending {
                format!("尚未征求代表意见，会议于{}审议", cn_date(start))
            } else {
                format!("会议于{}审议前未征求代表意见", cn_date(start))
            };
            let detail = Detail {
                deadline: Some(start),
                date: Some(start),
                count: Some(before.len() as u32),
                required: Some(1),
                records: before,
                ..Detail::default()
            };
            out.push(Evaluation::new(
                rule,
                Period::Year(start.year()),
                Subject::Agenda {
                    agenda: AgendaId {
                        meeting: meeting.meta.id.clone(),
                        no: item.no.value,
                    },
                },
                status,
                message,
                detail,
            ));
        }
    }
    out
}

/// A8.2: each legislative, inspection or research activity has ≥1 deputy taking part.
fn deputies_invited(ctx: &Ctx, rule: &RuleDef) -> Vec<Evaluation> {
    let mut out = Vec::new();
    for activity in ctx.model.activities.values() {
        let start = activity.start.value;
        if !activity.kind.invites_deputies() || !ctx.happened(start) {
            continue;
        }
        let count = activity.deputies.len() as u32;
        let status = Status::judge(count > 0, false, start, ctx.as_of);
        let message = match status {
            Status::Met => format!("{}名代表参加{}", count, activity.kind.label()),
            Status::Pending => format!(
                "{}尚未邀请代表参加，活动于{}开始",
                activity.kind.label(),
                cn_date(start)
            ),
            Status::NotMet => format!("{}未邀请代表参加", activity.kind.label()),
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
            Subject::Activity {
                activity: activity.meta.id.clone(),
            },
            status,
            message,
            detail,
        ));
    }
    out
}

/// A8.4: each `work_report` or `inspection_report` agenda item; met when its meeting has ≥1
/// attendee invited as a field deputy (for an inspection report: field or inspection).
fn field_deputies_heard(ctx: &Ctx, rule: &RuleDef) -> Vec<Evaluation> {
    use crate::model::AttendanceBasis;
    let mut out = Vec::new();
    for meeting in ctx.model.meetings.values() {
        let start = meeting.start.value;
        if !ctx.happened(start) {
            continue;
        }
        for item in &meeting.agenda {
            let accepted: &[AttendanceBasis] = match item.kind {
                AgendaKind::WorkReport => &[AttendanceBasis::Field],
                AgendaKind::InspectionReport => {
                    &[AttendanceBasis::Field, AttendanceBasis::Inspection]
                }
                _ => continue,
            };
            let invited: Vec<String> = meeting
                .attendees
                .iter()
                .filter(|a| a.basis.iter().any(|b| accepted.contains(&b.value)))
                .map(|a| a.deputy.value.clone())
                .collect();
            let count = invited.len() as u32;
            let status = Status::judge(count > 0, false, start, ctx.as_of);
            let message = if count > 0 {
                format!("审议“{}”时邀请{}名相关领域代表列席", item.title, count)
            } else {
                format!("审议“{}”时未邀请相关领域代表列席", item.title)
            };
            let detail = Detail {
                deadline: Some(start),
                date: Some(start),
                count: Some(count),
                required: Some(1),
                records: invited,
                ..Detail::default()
            };
            out.push(Evaluation::new(
                rule,
                Period::Year(start.year()),
                Subject::Agenda {
                    agenda: AgendaId {
                        meeting: meeting.meta.id.clone(),
                        no: item.no.value,
                    },
                },
                status,
                message,
                detail,
            ));
        }
    }
    out
}
