//! The check kinds: the code that evaluates a rule, written once and chosen by a profile
//! (spec §4a) by name. A profile may use one kind for several rules with other parameters;
//! a new kind is a [`CheckKind`] and one line in [`CHECKS`].

use super::profile::RuleDef;
use super::{Ctx, Evaluation, Subject, art6, art7, art8, art9, art10, art11, art12, art13};
use crate::content::Kind;
use crate::model::Changed;

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

/// How far one evaluation of a check reads: what a few changed records can move, so that a
/// version of the content made from the version before ([`crate::model::patch`]) evaluates
/// only that again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grain {
    /// Any evaluation may read any record of the kinds the check reads.
    Whole,
    /// Each evaluation is about one record of this kind (its subject names it) and reads no
    /// other record of the kinds the check reads.
    Record(Kind),
    /// Each evaluation is about one member (its subject names the member) and reads, of the
    /// members and contacts, only that member and its contacts.
    Member,
}

impl Grain {
    /// Whether the changes of records of `changed` kinds can be evaluated again in part by
    /// this grain, for a check that reads `reads`.
    pub fn applies(self, reads: &[Kind], changed: &[Kind]) -> bool {
        let read = || changed.iter().filter(|k| reads.contains(k));
        match self {
            Grain::Whole => false,
            Grain::Record(kind) => read().all(|k| *k == kind),
            Grain::Member => read().all(|k| matches!(k, Kind::Member | Kind::Contact)),
        }
    }

    /// Whether an evaluation about `subject` may move with `changed`, for a check evaluated
    /// again in part.
    pub fn moves(self, subject: &Subject, changed: &Changed) -> bool {
        match self {
            Grain::Whole => true,
            Grain::Record(kind) => subject
                .records()
                .any(|(k, id)| k == kind && changed.has(kind, id)),
            Grain::Member => match subject {
                Subject::Member { member } | Subject::Link { member, .. } => {
                    changed.members.contains(member)
                }
                _ => true,
            },
        }
    }
}

/// A kind of check: the name a profile uses (`links_within_bounds`), the parameters it reads,
/// what of the statistics it feeds, and the function giving every evaluation of a rule (its
/// id, article and parameters) as of `ctx.as_of`.
pub struct CheckKind {
    pub name: &'static str,
    pub params: &'static [ParamSpec],
    pub feeds: Feeds,
    /// The kinds of records the check reads, besides the settings and the profile.
    pub reads: &'static [Kind],
    pub grain: Grain,
    pub evaluate: fn(&Ctx, &RuleDef) -> Vec<Evaluation>,
}

impl CheckKind {
    /// The defaults a kind of check starts from: no parameters, feeds nothing.
    pub const PLAIN: CheckKind = CheckKind {
        name: "",
        params: &[],
        feeds: Feeds::Nothing,
        reads: &Kind::ALL,
        grain: Grain::Whole,
        evaluate: |_, _| Vec::new(),
    };

    pub fn name(&self) -> &'static str {
        self.name
    }

    pub fn params(&self) -> &'static [ParamSpec] {
        self.params
    }

    pub fn reads(&self) -> &'static [Kind] {
        self.reads
    }

    pub fn grain(&self) -> Grain {
        self.grain
    }

    pub fn feeds(&self) -> Feeds {
        self.feeds
    }

    pub fn evaluate(&self, ctx: &Ctx, rule: &RuleDef) -> Vec<Evaluation> {
        (self.evaluate)(ctx, rule)
    }
}

/// The registry of check kinds.
pub static CHECKS: &[&CheckKind] = &[
    &art6::MATERIALS_BEFORE_MEETING,
    &art6::GRASSROOTS_ATTEND_IN_TERM,
    &art6::MEETING_INVITES_DEPUTIES,
    &art7::SYMPOSIUM_OPINIONS_ANSWERED,
    &art8::BILLS_SOLICITED,
    &art8::ACTIVITIES_INVITE_DEPUTIES,
    &art8::PLAN_SOLICITED,
    &art8::REPORTS_INVITE_FIELD_DEPUTIES,
    &art9::YEARLY_INSPECTION_AND_RESEARCH,
    &art9::MEMBERS_JOIN_INSPECTIONS,
    &art10::MEETING_OPINIONS_ANSWERED,
    &art11::GROUP_ACTIVITIES_PER_YEAR,
    &art12::LINKS_WITHIN_BOUNDS,
    &art12::HEARINGS_PER_YEAR,
    &art12::CONTACT_OPINIONS_ANSWERED,
    &art12::MEMBERS_JOIN_GROUP_ACTIVITIES,
    &art13::LETTERS_ANSWERED,
    &art13::MAJOR_ISSUES_REPORTED,
    &art13::LETTERS_FORWARDED,
];

pub fn find(name: &str) -> Option<&'static CheckKind> {
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
