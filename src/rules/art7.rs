//! 第七条: symposiums; every opinion raised is assigned (交办) and answered (反馈) within
//! the window counted from the symposium's date.

use chrono::Datelike;

use super::calendar::add_days;
use super::checks::{CheckKind, Feeds, Grain, WINDOWS};
use super::profile::RuleDef;
use super::{Ctx, Detail, Evaluation, OpinionId, OpinionSource, Period, Status, Subject, cn_date};
use crate::content::Kind;

/// The records this article's checks read (besides the settings and the profile): a
/// version of the content that changed no other kind has the same evaluations.
const READS: &[Kind] = &[Kind::Symposium];

/// A7: every symposium opinion assigned and answered within the window.
pub const SYMPOSIUM_OPINIONS_ANSWERED: CheckKind = CheckKind {
    reads: READS,
    grain: Grain::Record(Kind::Symposium),
    name: "symposium_opinions_answered",
    params: WINDOWS,
    feeds: Feeds::OpinionStatus,
    evaluate: |ctx, rule| opinions(ctx, rule),
};

fn opinions(ctx: &Ctx, rule: &RuleDef) -> Vec<Evaluation> {
    let mut out = Vec::new();
    for symposium in ctx.model.symposiums.values() {
        let date = symposium.date.value;
        if !ctx.happened(date) || !ctx.evaluates_record(Kind::Symposium, &symposium.meta.id) {
            continue;
        }
        for opinion in &symposium.opinions {
            let window = rule.window(opinion.complex);
            let deadline = add_days(date, window);
            let assigned = ctx.seen(opinion.assigned.as_ref().map(|a| &a.date));
            let feedback = ctx.seen(opinion.feedback.as_ref().map(|f| &f.date));
            let answered_in_time = feedback.is_some_and(|f| f <= deadline);
            let met = assigned.is_some() && answered_in_time;
            let late = feedback.is_some_and(|f| f > deadline);
            let status = Status::judge(met, late, deadline, ctx.as_of);
            let days = feedback.map(|f| (f - date).num_days());
            let message = match (status, assigned, feedback) {
                (Status::Met, _, Some(f)) => format!(
                    "已交办，并于{}反馈（座谈会后{}天，期限{}天）",
                    cn_date(f),
                    (f - date).num_days(),
                    window
                ),
                (_, None, Some(f)) if f <= deadline => {
                    format!("未交办，{}由有关部门直接答复", cn_date(f))
                }
                (_, _, Some(f)) => format!(
                    "于{}反馈，超过{}天期限（应在{}前）",
                    cn_date(f),
                    window,
                    cn_date(deadline)
                ),
                (Status::Pending, None, None) => {
                    format!("尚未交办，应在{}前交办并反馈", cn_date(deadline))
                }
                (Status::Pending, Some(a), None) => format!(
                    "已于{}交办，尚未反馈，期限至{}",
                    cn_date(a),
                    cn_date(deadline)
                ),
                (_, None, None) => format!("未交办，也未在{}前反馈", cn_date(deadline)),
                (_, Some(a), None) => {
                    format!("已于{}交办，但未在{}前反馈", cn_date(a), cn_date(deadline))
                }
            };
            let detail = Detail {
                deadline: Some(deadline),
                date: Some(date),
                window: Some(window),
                assigned,
                feedback,
                days,
                ..Detail::default()
            };
            out.push(Evaluation::new(
                rule,
                Period::Year(date.year()),
                Subject::Opinion {
                    opinion: OpinionId::new(
                        OpinionSource::Symposiums,
                        &symposium.meta.id,
                        opinion.no.value,
                    ),
                },
                status,
                message,
                detail,
            ));
        }
    }
    out
}
