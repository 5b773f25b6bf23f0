//! 第十条: opinions raised by deputies attending a meeting are answered at the meeting, or
//! explained (情况说明) by the meeting's end and answered within the window after it.

use chrono::Datelike;

use super::calendar::add_days;
use super::checks::{CheckKind, Feeds, Grain, WINDOWS};
use super::profile::RuleDef;
use super::{Ctx, Detail, Evaluation, OpinionId, OpinionSource, Period, Status, Subject, cn_date};
use crate::content::Kind;

/// The records this article's checks read (besides the settings and the profile): a
/// version of the content that changed no other kind has the same evaluations.
const READS: &[Kind] = &[Kind::Meeting, Kind::Session];

/// A10: every opinion of an attending deputy answered at the meeting, or explained by its end and answered within the window.
pub const MEETING_OPINIONS_ANSWERED: CheckKind = CheckKind {
    reads: READS,
    grain: Grain::Whole,
    name: "meeting_opinions_answered",
    params: WINDOWS,
    feeds: Feeds::OpinionStatus,
    evaluate: |ctx, rule| opinions(ctx, rule),
};

fn opinions(ctx: &Ctx, rule: &RuleDef) -> Vec<Evaluation> {
    // The opinions of attending deputies at the committee's meetings, and the 审议意见 of
    // deputies at the people's congress's sessions (spec §4, revision 2).
    let meetings = ctx.model.meetings.values().map(|m| {
        (
            OpinionSource::Meetings,
            &m.meta.id,
            m.start.value,
            m.end.value,
            &m.opinions,
        )
    });
    let sessions = ctx.model.sessions.values().map(|s| {
        (
            OpinionSource::Sessions,
            &s.meta.id,
            s.start.value,
            s.end.value,
            &s.opinions,
        )
    });
    let mut out = Vec::new();
    for (source, record, start, end, opinions) in meetings.chain(sessions) {
        if !ctx.happened(start) {
            continue;
        }
        for opinion in opinions {
            let window = rule.window(opinion.complex);
            let feedback_deadline = add_days(end, window);
            let feedback = opinion
                .feedback
                .as_ref()
                .filter(|f| ctx.happened(f.date.value));
            let feedback_date = feedback.map(|f| f.date.value);
            let explained = ctx.seen(opinion.explained.as_ref());
            let at_meeting = feedback.is_some_and(|f| f.at_meeting);
            let (status, deadline, message) = if at_meeting {
                (
                    Status::Met,
                    end,
                    format!(
                        "会议期间于{}向代表反馈",
                        cn_date(feedback_date.unwrap_or(end))
                    ),
                )
            } else {
                match explained {
                    Some(e) if e > end => (
                        Status::NotMet,
                        end,
                        format!("情况说明在{}，晚于会议结束（{}）", cn_date(e), cn_date(end)),
                    ),
                    None => {
                        let status = Status::judge(false, false, end, ctx.as_of);
                        let message = if status == Status::Pending {
                            format!("会议期间尚未反馈或说明情况，会议至{}结束", cn_date(end))
                        } else if let Some(f) = feedback_date {
                            format!("会议期间既未反馈也未说明情况，会后于{}反馈", cn_date(f))
                        } else {
                            "会议期间既未反馈也未向代表说明情况".to_string()
                        };
                        (status, end, message)
                    }
                    Some(e) => {
                        let in_time = feedback_date.is_some_and(|f| f <= feedback_deadline);
                        let late = feedback_date.is_some_and(|f| f > feedback_deadline);
                        let status = Status::judge(in_time, late, feedback_deadline, ctx.as_of);
                        let message = match (status, feedback_date) {
                            (Status::Met, Some(f)) => format!(
                                "会议期间于{}说明情况，会后于{}反馈（会后{}天）",
                                cn_date(e),
                                cn_date(f),
                                (f - end).num_days()
                            ),
                            (_, Some(f)) => format!(
                                "会议期间已说明情况，但于{}才反馈，超过会后{}天期限（{}）",
                                cn_date(f),
                                window,
                                cn_date(feedback_deadline)
                            ),
                            (Status::Pending, None) => format!(
                                "会议期间已说明情况，尚未反馈，期限至{}",
                                cn_date(feedback_deadline)
                            ),
                            (_, None) => format!(
                                "会议期间已说明情况，但未在会后{}天内（{}前）反馈",
                                window,
                                cn_date(feedback_deadline)
                            ),
                        };
                        (status, feedback_deadline, message)
                    }
                }
            };
            let detail = Detail {
                deadline: Some(deadline),
                date: Some(end),
                window: Some(window),
                explained,
                feedback: feedback_date,
                days: feedback_date.map(|f| (f - end).num_days()),
                ..Detail::default()
            };
            out.push(Evaluation::new(
                rule,
                Period::Year(start.year()),
                Subject::Opinion {
                    opinion: OpinionId::new(source, record, opinion.no.value),
                },
                status,
                message,
                detail,
            ));
        }
    }
    out
}
