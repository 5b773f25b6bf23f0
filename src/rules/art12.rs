//! 第十二条: every member links three to five grassroots deputies (A12.1), hears each linked
//! deputy at least twice a year, prorated by the days linked (A12.2), and answers the
//! opinions heard (A12.3).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use super::calendar::{Span, add_days, days_in_year, dec31, prorate, union_days_in};
use super::checks::{CheckKind, Feeds, Grain, ParamSpec, WINDOWS};
use super::profile::RuleDef;
use super::{Ctx, Detail, Evaluation, OpinionId, OpinionSource, Period, Status, Subject, cn_date};
use crate::content::Kind;
use crate::model::{Contact, Deputy, Member};

/// A12.1: each member links between `links_min` and `links_max` grassroots deputies (by role where the profile says so).
pub const LINKS_WITHIN_BOUNDS: CheckKind = CheckKind {
    reads: &[Kind::Deputy, Kind::Member],
    grain: Grain::Member,
    name: "links_within_bounds",
    params: LINKS,
    feeds: Feeds::LinkCounts,
    evaluate: |ctx, rule| by_member(ctx, |member| link_count(ctx, rule, member)),
};

/// A12.2: each linked deputy heard `listens_per_year` times a year, prorated by the days linked.
pub const HEARINGS_PER_YEAR: CheckKind = CheckKind {
    reads: &[Kind::Contact, Kind::Deputy, Kind::Member],
    grain: Grain::Member,
    name: "hearings_per_year",
    params: LISTENS,
    evaluate: |ctx, rule| {
        let contacts = contacts_by_pair(ctx);
        by_member(ctx, |member| listened(ctx, rule, member, &contacts))
    },
    ..CheckKind::PLAIN
};

/// A12.3: the opinions heard in contacts answered within the window.
pub const CONTACT_OPINIONS_ANSWERED: CheckKind = CheckKind {
    reads: &[Kind::Contact],
    grain: Grain::Record(Kind::Contact),
    name: "contact_opinions_answered",
    params: WINDOWS,
    feeds: Feeds::OpinionStatus,
    evaluate: |ctx, rule| contact_opinions(ctx, rule),
};

/// A12.4: each member, each year served, takes part in a group activity or a “混合编组”
/// activity (art. 12 ¶2).
pub const MEMBERS_JOIN_GROUP_ACTIVITIES: CheckKind = CheckKind {
    reads: &[Kind::Activity, Kind::Member],
    grain: Grain::Member,
    name: "members_join_group_activities",
    evaluate: |ctx, rule| group_activities(ctx, rule),
    ..CheckKind::PLAIN
};

const LINKS: &[ParamSpec] = &[
    ParamSpec {
        name: "links_min",
        default: Some(3),
    },
    ParamSpec {
        name: "links_max",
        default: Some(5),
    },
];

const LISTENS: &[ParamSpec] = &[ParamSpec {
    name: "listens_per_year",
    default: Some(2),
}];

/// The largest article by far (two thirds of a national site's evaluations): its members
/// side by side.
fn by_member<'a>(
    ctx: &'a Ctx,
    each: impl Fn(&'a Member) -> Vec<Evaluation> + Sync + Send,
) -> Vec<Evaluation> {
    use rayon::prelude::*;
    let members: Vec<&Member> = ctx
        .model
        .members
        .values()
        .filter(|m| ctx.evaluates_member(&m.meta.id))
        .map(|m| &**m)
        .collect();
    members
        .par_iter()
        .with_max_len(8)
        .flat_map_iter(|member| each(member))
        .collect()
}

/// The periods of a member's links, per deputy, cut to the member's service, to the deputy's
/// service and to what has begun by `as_of` (a link ends when its member stops serving, and
/// counts only on days its deputy serves: spec §4, revision 2).
pub fn link_spans<'a>(ctx: &Ctx, member: &'a Member) -> BTreeMap<&'a str, Vec<Span>> {
    let service = Ctx::service(member);
    let mut spans: BTreeMap<&str, Vec<Span>> = BTreeMap::new();
    for link in &member.links {
        if !ctx.happened(link.from.value) {
            continue;
        }
        let span = Span::new(link.from.value, link.to.as_ref().map(|t| t.value));
        let deputy = ctx
            .model
            .deputies
            .get(&link.deputy.value)
            .map(|d| deputy_service(ctx, d));
        let clipped = span
            .clip(service)
            .and_then(|s| deputy.map_or(Some(s), |d| s.clip(d)));
        if let Some(span) = clipped {
            spans
                .entry(link.deputy.value.as_str())
                .or_default()
                .push(span);
        }
    }
    spans
}

/// When a deputy serves: from `joined` (default the start of their first term) to `left`
/// (default the end of their last term), spec §4.
fn deputy_service(ctx: &Ctx, deputy: &Deputy) -> Span {
    let terms: Vec<&crate::model::Term> = deputy
        .terms
        .iter()
        .filter_map(|t| ctx.model.site().term(&t.value))
        .collect();
    let start = deputy
        .joined
        .as_ref()
        .map(|j| j.value)
        .or_else(|| terms.iter().map(|t| t.start.value).min())
        .unwrap_or(NaiveDate::MIN);
    let end = deputy
        .left
        .as_ref()
        .map(|l| l.value)
        .or_else(|| terms.iter().map(|t| t.end.value).max());
    Span::new(start, end)
}

fn serving(ctx: &Ctx, deputy: &Deputy, day: NaiveDate) -> bool {
    deputy_service(ctx, deputy).contains(day)
}

/// A12.1: on d = min(31 Dec, as_of, member `to`), the links active to grassroots deputies
/// number between links_min and links_max. Never pending.
fn link_count(ctx: &Ctx, rule: &RuleDef, member: &Member) -> Vec<Evaluation> {
    let spans = link_spans(ctx, member);
    let role = Some(member.role);
    let (min, max) = (
        rule.param_for("links_min", role),
        rule.param_for("links_max", role),
    );
    let mut out = Vec::new();
    for year in ctx.member_years(member) {
        let mut day = dec31(year).min(ctx.as_of);
        if let Some(to) = &member.to {
            day = day.min(to.value);
        }
        let mut grassroots = BTreeSet::new();
        let mut others = 0u32;
        for (deputy_id, periods) in &spans {
            if !periods.iter().any(|s| s.contains(day)) {
                continue;
            }
            match ctx.model.deputies.get(*deputy_id) {
                Some(d) if d.grassroots && serving(ctx, d, day) => {
                    grassroots.insert(deputy_id.to_string());
                }
                _ => others += 1,
            }
        }
        let count = grassroots.len() as u32;
        let met = (min..=max).contains(&count);
        let status = if met { Status::Met } else { Status::NotMet };
        let mut message = format!(
            "{}截至{}重点联系基层代表{}名",
            member.name,
            cn_date(day),
            count
        );
        if others > 0 {
            message.push_str(&format!("（另有{others}名非基层或已离任代表，不计入）"));
        }
        if !met {
            message.push_str(&format!("，应为{min}至{max}名"));
        }
        let detail = Detail {
            deadline: Some(day),
            date: Some(day),
            count: Some(count),
            required: Some(min),
            maximum: Some(max),
            records: grassroots.into_iter().collect(),
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
    out
}

type PairContacts<'a> = BTreeMap<(&'a str, &'a str), Vec<&'a Contact>>;

fn contacts_by_pair<'a>(ctx: &Ctx<'a>) -> PairContacts<'a> {
    let mut pairs: PairContacts<'a> = BTreeMap::new();
    for contact in ctx.model.contacts.values() {
        if ctx.happened(contact.date.value) && ctx.evaluates_member(&contact.member.value) {
            pairs
                .entry((contact.member.value.as_str(), contact.deputy.value.as_str()))
                .or_default()
                .push(contact);
        }
    }
    pairs
}

/// A12.2: each (member, deputy) linked on some day of a year: contacts that year, inside
/// the link, with `listened: true` ≥ ceil(listens_per_year × days linked ÷ days in year).
fn listened(
    ctx: &Ctx,
    rule: &RuleDef,
    member: &Member,
    contacts: &PairContacts,
) -> Vec<Evaluation> {
    let mut out = Vec::new();
    for (deputy_id, spans) in link_spans(ctx, member) {
        let pair_contacts = contacts
            .get(&(member.meta.id.as_str(), deputy_id))
            .map(Vec::as_slice)
            .unwrap_or_default();
        for &year in &ctx.years {
            let days = union_days_in(&spans, year);
            if days == 0 {
                continue;
            }
            let required = prorate(
                rule.param_for("listens_per_year", Some(member.role)),
                days,
                year,
            );
            let heard: Vec<String> = pair_contacts
                .iter()
                .filter(|c| {
                    c.listened
                        && c.date.value.year() == year
                        && spans.iter().any(|s| s.contains(c.date.value))
                })
                .map(|c| c.meta.id.clone())
                .collect();
            let count = heard.len() as u32;
            let deadline = dec31(year);
            let status = Status::judge(count >= required, false, deadline, ctx.as_of);
            let total = days_in_year(year);
            let basis = if days < total {
                format!("按联系{days}天")
            } else {
                "按全年联系".to_string()
            };
            let deputy = ctx.deputy_name(deputy_id);
            let message = match status {
                Status::Met => format!(
                    "{}{year}年听取{deputy}意见{count}次，{basis}应不少于{required}次",
                    member.name
                ),
                Status::Pending => format!(
                    "{}{year}年已听取{deputy}意见{count}次，{basis}年底前应不少于{required}次",
                    member.name
                ),
                Status::NotMet => format!(
                    "{}{year}年听取{deputy}意见{count}次，{basis}应不少于{required}次",
                    member.name
                ),
            };
            let detail = Detail {
                deadline: Some(deadline),
                count: Some(count),
                required: Some(required),
                days_linked: Some(days),
                days_in_year: Some(total),
                records: heard,
                ..Detail::default()
            };
            out.push(Evaluation::new(
                rule,
                Period::Year(year),
                Subject::Link {
                    member: member.meta.id.clone(),
                    deputy: deputy_id.to_string(),
                },
                status,
                message,
                detail,
            ));
        }
    }
    out
}

/// A12.3: each opinion heard in a contact is answered within the window from the contact.
fn contact_opinions(ctx: &Ctx, rule: &RuleDef) -> Vec<Evaluation> {
    let mut out = Vec::new();
    for contact in ctx.model.contacts.values() {
        let date = contact.date.value;
        if !ctx.happened(date) || !ctx.evaluates_record(Kind::Contact, &contact.meta.id) {
            continue;
        }
        for opinion in &contact.opinions {
            let window = rule.window(opinion.complex);
            let deadline = add_days(date, window);
            let feedback = ctx.seen(opinion.feedback.as_ref().map(|f| &f.date));
            let met = feedback.is_some_and(|f| f <= deadline);
            let late = feedback.is_some_and(|f| f > deadline);
            let status = Status::judge(met, late, deadline, ctx.as_of);
            let message = match (status, feedback) {
                (Status::Met, Some(f)) => format!(
                    "于{}反馈处理情况（联系后{}天，期限{}天）",
                    cn_date(f),
                    (f - date).num_days(),
                    window
                ),
                (_, Some(f)) => format!(
                    "于{}才反馈，超过{}天期限（{}）",
                    cn_date(f),
                    window,
                    cn_date(deadline)
                ),
                (Status::Pending, None) => format!("尚未反馈，期限至{}", cn_date(deadline)),
                (_, None) => format!("未在{}天内（{}前）反馈处理情况", window, cn_date(deadline)),
            };
            let detail = Detail {
                deadline: Some(deadline),
                date: Some(date),
                window: Some(window),
                feedback,
                days: feedback.map(|f| (f - date).num_days()),
                ..Detail::default()
            };
            out.push(Evaluation::new(
                rule,
                Period::Year(date.year()),
                Subject::Opinion {
                    opinion: OpinionId::new(
                        OpinionSource::Contacts,
                        &contact.meta.id,
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

/// A12.4: among the `members` of ≥1 `group_activity` or `mixed_group` activity started that
/// year while serving; deadline 31 Dec.
fn group_activities(ctx: &Ctx, rule: &RuleDef) -> Vec<Evaluation> {
    use crate::model::ActivityKind;
    let mut joined: BTreeMap<&str, Vec<(NaiveDate, &str)>> = BTreeMap::new();
    for activity in ctx.model.activities.values() {
        let start = activity.start.value;
        if !matches!(
            activity.kind,
            ActivityKind::GroupActivity | ActivityKind::MixedGroup
        ) || !ctx.happened(start)
        {
            continue;
        }
        for member in &activity.members {
            joined
                .entry(member.value.as_str())
                .or_default()
                .push((start, activity.meta.id.as_str()));
        }
    }
    let mut out = Vec::new();
    for member in ctx.model.members.values() {
        if !ctx.evaluates_member(&member.meta.id) {
            continue;
        }
        let service = Ctx::service(member);
        let mine = joined
            .get(member.meta.id.as_str())
            .map(Vec::as_slice)
            .unwrap_or_default();
        for year in ctx.member_years(member) {
            let records: Vec<String> = mine
                .iter()
                .filter(|(d, _)| d.year() == year && service.contains(*d))
                .map(|(_, id)| id.to_string())
                .collect();
            let deadline = dec31(year);
            let status = Status::judge(!records.is_empty(), false, deadline, ctx.as_of);
            let message = match status {
                Status::Met => format!(
                    "{}{year}年参加代表小组或混合编组活动{}次",
                    member.name,
                    records.len()
                ),
                Status::Pending => format!(
                    "{}{year}年尚未参加代表小组或混合编组活动，年底前应当参加",
                    member.name
                ),
                Status::NotMet => {
                    format!("{}{year}年未参加代表小组或混合编组活动", member.name)
                }
            };
            let detail = Detail {
                deadline: Some(deadline),
                count: Some(records.len() as u32),
                required: Some(1),
                records,
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
