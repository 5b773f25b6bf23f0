//! The check kinds: the code that evaluates a rule, written once and chosen by a profile
//! (spec §4a) by name. A profile may use one kind for several rules with other parameters;
//! a new kind is a type implementing [`Check`] and one line in [`CHECKS`].

use super::profile::RuleDef;
use super::{Ctx, Evaluation, art6, art7, art8, art9, art10, art11, art12, art13};

/// A parameter a check reads, with the regulation's default (none: the rule is evaluated
/// only when a profile or `site.yaml` sets it, or the check falls back on another).
pub struct ParamSpec {
    pub name: &'static str,
    pub default: Option<u32>,
}

/// Which of the statistics a check's evaluations feed, besides the compliance counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feeds {
    Nothing,
    /// Opinions by status: each evaluation is one opinion's feedback.
    OpinionStatus,
    /// Members' link counts: each evaluation counts one member's links in a year.
    LinkCounts,
}

pub trait Check: Sync + Send {
    /// The name a profile uses (`links_within_bounds`).
    fn name(&self) -> &'static str;
    fn params(&self) -> &'static [ParamSpec] {
        &[]
    }
    fn feeds(&self) -> Feeds {
        Feeds::Nothing
    }
    /// Every evaluation of `rule` (its id, article and parameters) as of `ctx.as_of`.
    fn evaluate(&self, ctx: &Ctx, rule: &RuleDef) -> Vec<Evaluation>;
}

/// The registry of check kinds.
pub static CHECKS: &[&dyn Check] = &[
    &art6::MaterialsBeforeMeeting,
    &art6::GrassrootsAttendInTerm,
    &art6::MeetingInvitesDeputies,
    &art7::SymposiumOpinionsAnswered,
    &art8::BillsSolicited,
    &art8::ActivitiesInviteDeputies,
    &art8::PlanSolicited,
    &art8::ReportsInviteFieldDeputies,
    &art9::YearlyInspectionAndResearch,
    &art9::MembersJoinInspections,
    &art10::MeetingOpinionsAnswered,
    &art11::GroupActivitiesPerYear,
    &art12::LinksWithinBounds,
    &art12::HearingsPerYear,
    &art12::ContactOpinionsAnswered,
    &art12::MembersJoinGroupActivities,
    &art13::LettersAnswered,
    &art13::MajorIssuesReported,
    &art13::LettersForwarded,
];

pub fn find(name: &str) -> Option<&'static dyn Check> {
    CHECKS.iter().copied().find(|c| c.name() == name)
}

pub fn names() -> impl Iterator<Item = &'static str> + Clone {
    CHECKS.iter().map(|c| c.name())
}

/// The reply windows most checks of feedback read.
pub const WINDOWS: &[ParamSpec] = &[
    ParamSpec {
        name: "reply_days",
        default: Some(90),
    },
    ParamSpec {
        name: "reply_days_complex",
        default: Some(180),
    },
];
