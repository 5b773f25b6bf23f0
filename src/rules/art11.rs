//! 第十一条: the committee supports the deputies' groups (代表小组) in their activities. A11:
//! every group holds at least one group activity in every year of a term.

use chrono::Datelike;

use super::calendar::dec31;
use super::checks::CheckKind;
use super::{Detail, Evaluation, Period, Status, Subject};
use crate::content::Kind;
use crate::model::ActivityKind;

/// The records this article's checks read (besides the settings and the profile): a
/// version of the content that changed no other kind has the same evaluations.
const READS: &[Kind] = &[Kind::Activity, Kind::Group];

/// A11: each group, each year of a term: ≥1 `group_activity` of that group started that year.
pub const GROUP_ACTIVITIES_PER_YEAR: CheckKind = CheckKind {
    reads: READS,
    name: "group_activities_per_year",
    evaluate: |ctx, rule| {
        let mut held: std::collections::HashMap<(&str, i32), Vec<String>> =
            std::collections::HashMap::new();
        for activity in ctx.model.activities.values() {
            let start = activity.start.value;
            if activity.kind != ActivityKind::GroupActivity || !ctx.happened(start) {
                continue;
            }
            if let Some(group) = &activity.group {
                held.entry((group.value.as_str(), start.year()))
                    .or_default()
                    .push(activity.meta.id.clone());
            }
        }
        let mut out = Vec::new();
        for group in ctx.model.groups.values() {
            for &year in &ctx.years {
                let activities = held
                    .get(&(group.meta.id.as_str(), year))
                    .cloned()
                    .unwrap_or_default();
                let deadline = dec31(year);
                let status = Status::judge(!activities.is_empty(), false, deadline, ctx.as_of);
                let message = match status {
                    Status::Met => {
                        format!(
                            "{}{year}年开展代表小组活动{}次",
                            group.name,
                            activities.len()
                        )
                    }
                    Status::Pending => {
                        format!("{}{year}年尚未开展代表小组活动，年底前应当开展", group.name)
                    }
                    Status::NotMet => format!("{}{year}年未开展代表小组活动", group.name),
                };
                let detail = Detail {
                    deadline: Some(deadline),
                    count: Some(activities.len() as u32),
                    required: Some(1),
                    records: activities,
                    ..Detail::default()
                };
                out.push(Evaluation::new(
                    rule,
                    Period::Year(year),
                    Subject::Group {
                        group: group.meta.id.clone(),
                    },
                    status,
                    message,
                    detail,
                ));
            }
        }
        out
    },
    ..CheckKind::PLAIN
};
