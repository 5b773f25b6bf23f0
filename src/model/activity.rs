//! 活动: research, inspections, trainings and group activities deputies take part in
//! (art. 3, 8, 9, 11).

use chrono::NaiveDate;

use super::Meta;
use super::opinion::{self, Opinion};
use crate::content::yaml::Fields;
use crate::diag::Spanned;
use crate::yaml_enum;

yaml_enum! {
    pub enum ActivityKind {
        LegislativeResearch = "legislative_research",
        LegislativeDrafting = "legislative_drafting",
        LegislativeReview = "legislative_review",
        LegislativeEvaluation = "legislative_evaluation",
        EnforcementInspection = "enforcement_inspection",
        Inspection = "inspection",
        SpecialResearch = "special_research",
        ConcentratedInspection = "concentrated_inspection",
        Training = "training",
        Briefing = "briefing",
        GroupActivity = "group_activity",
        MixedGroup = "mixed_group",
    }
}

impl ActivityKind {
    pub fn label(self) -> &'static str {
        match self {
            ActivityKind::LegislativeResearch => "立法调研",
            ActivityKind::LegislativeDrafting => "法规起草",
            ActivityKind::LegislativeReview => "法规论证审议",
            ActivityKind::LegislativeEvaluation => "立法评估",
            ActivityKind::EnforcementInspection => "执法检查",
            ActivityKind::Inspection => "视察",
            ActivityKind::SpecialResearch => "专题调研",
            ActivityKind::ConcentratedInspection => "集中视察",
            ActivityKind::Training => "学习培训",
            ActivityKind::Briefing => "情况通报",
            ActivityKind::GroupActivity => "代表小组活动",
            ActivityKind::MixedGroup => "“混合编组、多级联动、履职为民”活动",
        }
    }

    /// Art. 8: activities to which deputies must be invited (rule A8.2).
    pub fn invites_deputies(self) -> bool {
        !matches!(
            self,
            ActivityKind::Training
                | ActivityKind::Briefing
                | ActivityKind::GroupActivity
                | ActivityKind::MixedGroup
        )
    }

    /// Art. 9: the yearly concentrated inspection and special research.
    pub fn is_art9(self) -> bool {
        matches!(
            self,
            ActivityKind::ConcentratedInspection | ActivityKind::SpecialResearch
        )
    }
}

#[derive(Debug, Clone)]
pub struct Activity {
    pub meta: Meta,
    pub title: String,
    pub kind: ActivityKind,
    pub start: Spanned<NaiveDate>,
    pub end: Option<Spanned<NaiveDate>>,
    pub organizer: String,
    /// 委托设区的市人大常委会组织 (art. 9)
    pub delegated_to: Option<String>,
    pub group: Option<Spanned<String>>,
    pub members: Vec<Spanned<String>>,
    pub deputies: Vec<Spanned<String>>,
    pub opinions: Vec<Opinion>,
}

pub fn read(f: &mut Fields<'_>, meta: Meta) -> Option<Activity> {
    let title = f.req::<String>("title");
    let kind = f.req::<ActivityKind>("kind");
    let start = f.req("start");
    let end = f.opt("end");
    let organizer = f.req::<String>("organizer");
    let delegated_to = f.opt::<String>("delegated_to");
    let group = f.opt("group");
    let members = f.scalars("members");
    let deputies = f.scalars("deputies");
    let opinions = f.records("opinions", opinion::read);
    Some(Activity {
        meta,
        title: title?.value,
        kind: kind?.value,
        start: start?,
        end,
        organizer: organizer?.value,
        delegated_to: delegated_to.map(|d| d.value),
        group,
        members,
        deputies,
        opinions,
    })
}
