//! 第九条: every year the committee organises (or delegates) a concentrated inspection and a
//! special research (A9.1), and every member takes part in one of them (A9.2).

use chrono::Datelike;

use super::calendar::dec31;
use super::checks::CheckKind;
use super::profile::RuleDef;
use super::{Ctx, Detail, Evaluation, Period, Status, Subject};
use crate::content::Kind;
use crate::model::{Activity, ActivityKind};

fn art9_activities<'a>(ctx: &'a Ctx, year: i32) -> impl Iterator<Item = &'a Activity> {
    ctx.model
        .activities
        .values()
        .map(|a| &**a)
        .filter(move |a| {
            a.kind.is_art9() && a.start.value.year() == year && ctx.happened(a.start.value)
        })
}

/// The records this article's checks read (besides the settings and the profile): a
/// version of the content that changed no other kind has the same evaluations.
const READS: &[Kind] = &[Kind::Activity, Kind::Member];

/// A9.1: a concentrated inspection and a special research every year.
pub const YEARLY_INSPECTION_AND_RESEARCH: CheckKind = CheckKind {
    reads: READS,
    name: "yearly_inspection_and_research",
    evaluate: |ctx, rule| yearly(ctx, rule),
    ..CheckKind::PLAIN
};

/// A9.2: every member takes part in an inspection or research every year.
pub const MEMBERS_JOIN_INSPECTIONS: CheckKind = CheckKind {
    reads: READS,
    name: "members_join_inspections",
    evaluate: |ctx, rule| members_take_part(ctx, rule),
    ..CheckKind::PLAIN
};

/// A9.1: each year of a term has a concentrated inspection and a special research.
fn yearly(ctx: &Ctx, rule: &RuleDef) -> Vec<Evaluation> {
    let mut out = Vec::new();
    for &year in &ctx.years {
        let held: Vec<&Activity> = art9_activities(ctx, year).collect();
        let inspections = held
            .iter()
            .filter(|a| a.kind == ActivityKind::ConcentratedInspection)
            .count() as u32;
        let research = held
            .iter()
            .filter(|a| a.kind == ActivityKind::SpecialResearch)
            .count() as u32;
        let met = inspections > 0 && research > 0;
        let deadline = dec31(year);
        let status = Status::judge(met, false, deadline, ctx.as_of);
        let mut missing = Vec::new();
        if inspections == 0 {
            missing.push("集中视察");
        }
        if research == 0 {
            missing.push("专题调研");
        }
        let message = match status {
            Status::Met => format!("{year}年组织集中视察{inspections}次、专题调研{research}次"),
            Status::Pending => format!("{year}年尚未组织{}，年底前应当组织", missing.join("和")),
            Status::NotMet => format!("{year}年未组织{}", missing.join("和")),
        };
        let detail = Detail {
            deadline: Some(deadline),
            count: Some(inspections + research),
            records: held.iter().map(|a| a.meta.id.clone()).collect(),
            ..Detail::default()
        };
        out.push(Evaluation::new(
            rule,
            Period::Year(year),
            Subject::Year {
                year: year.to_string(),
            },
            status,
            message,
            detail,
        ));
    }
    out
}

/// A9.2: each member serving in a year takes part in one of them.
fn members_take_part(ctx: &Ctx, rule: &RuleDef) -> Vec<Evaluation> {
    let mut out = Vec::new();
    // Each member's art. 9 activities, in one pass over the activities.
    let mut taken_part: std::collections::HashMap<&str, Vec<&Activity>> =
        std::collections::HashMap::new();
    for activity in ctx
        .model
        .activities
        .values()
        .map(|a| &**a)
        .filter(|a| a.kind.is_art9() && ctx.happened(a.start.value))
    {
        for member in &activity.members {
            let list = taken_part.entry(member.value.as_str()).or_default();
            if !list
                .last()
                .is_some_and(|last| std::ptr::eq(*last, activity))
            {
                list.push(activity);
            }
        }
    }
    for member in ctx.model.members.values() {
        let service = Ctx::service(member);
        let activities = taken_part
            .get(member.meta.id.as_str())
            .map(Vec::as_slice)
            .unwrap_or_default();
        for year in ctx.member_years(member) {
            let joined: Vec<String> = activities
                .iter()
                .filter(|a| a.start.value.year() == year && service.contains(a.start.value))
                .map(|a| a.meta.id.clone())
                .collect();
            let deadline = dec31(year);
            let status = Status::judge(!joined.is_empty(), false, deadline, ctx.as_of);
            let message = match status {
                Status::Met => format!(
                    "{}{year}年参加集中视察或专题调研{}次",
                    member.name,
                    joined.len()
                ),
                Status::Pending => format!("{}{year}年尚未参加集中视察或专题调研", member.name),
                Status::NotMet => format!("{}{year}年未参加集中视察或专题调研", member.name),
            };
            let detail = Detail {
                deadline: Some(deadline),
                count: Some(joined.len() as u32),
                required: Some(1),
                records: joined,
                ..Detail::default()
            };
            out.push(Evaluation::new(
                rule,
                Period::Year(year),
                Subject::Member {
                    member: member.meta.id.clone(),
                },
                status,
                message,
                detail,
            ));
        }
    }
    out
}
