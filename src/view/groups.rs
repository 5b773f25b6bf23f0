//! 代表小组 (art. 11): each group's deputies and activities.

use std::collections::HashMap;

use serde::Serialize;

use super::labels::Label;
use super::{Context, Dated, DeputyPage, EventPage, Ref};
use crate::content::Kind;

#[derive(Debug, Clone, Serialize)]
pub struct GroupPage {
    #[serde(flatten)]
    pub link: Ref,
    pub basis: Label,
    pub deputies: Vec<Ref>,
    pub activities: Vec<Dated>,
    pub body_html: String,
}

pub fn pages(ctx: &Context, deputies: &[DeputyPage], activities: &[EventPage]) -> Vec<GroupPage> {
    let mut members_of: HashMap<&str, Vec<Ref>> = HashMap::new();
    for d in deputies {
        if let Some(group) = &d.group {
            members_of
                .entry(group.id.as_str())
                .or_default()
                .push(d.link.clone());
        }
    }
    let mut activities_of: HashMap<&str, Vec<Dated>> = HashMap::new();
    for (activity, page) in ctx.public.activities.iter().zip(activities) {
        if let Some(group) = activity.group {
            activities_of.entry(group).or_default().push(page.dated());
        }
    }
    ctx.public
        .groups
        .iter()
        .map(|g| GroupPage {
            link: ctx.record_ref(Kind::Group, g.meta.id, g.name),
            basis: ctx.labels.word("group_basis", g.basis.as_str()),
            deputies: members_of.remove(g.meta.id).unwrap_or_default(),
            activities: activities_of.remove(g.meta.id).unwrap_or_default(),
            body_html: ctx.body(Kind::Group, g.meta.id),
        })
        .collect()
}
