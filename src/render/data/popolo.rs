//! `data/popolo.json`: persons, organizations, memberships and events in the Popolo shape,
//! from the public projection.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::public::Public;

#[derive(Serialize)]
struct Person {
    id: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    gender: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    other_names: Vec<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    extras: BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
struct Organization {
    id: String,
    name: String,
    classification: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent_id: Option<String>,
}

#[derive(Serialize)]
struct Membership {
    id: String,
    person_id: String,
    organization_id: String,
    role: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<NaiveDate>,
}

#[derive(Serialize)]
struct Event {
    id: String,
    name: String,
    classification: String,
    start_date: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<NaiveDate>,
    organization_id: &'static str,
    attendees: Vec<String>,
}

#[derive(Serialize)]
pub struct Popolo {
    persons: Vec<Person>,
    organizations: Vec<Organization>,
    memberships: Vec<Membership>,
    events: Vec<Event>,
}

const COMMITTEE: &str = "committee";
const CONGRESS: &str = "congress";

/// The Popolo file of the public records: persons, organizations, memberships, events.
pub fn popolo(p: &Public) -> Popolo {
    let mut persons = Vec::new();
    let mut organizations = vec![
        Organization {
            id: CONGRESS.into(),
            name: p.site.body.replace("常务委员会", ""),
            classification: "legislature",
            parent_id: None,
        },
        Organization {
            id: COMMITTEE.into(),
            name: p.site.body.to_string(),
            classification: "committee",
            parent_id: Some(CONGRESS.into()),
        },
    ];
    let mut memberships = Vec::new();
    deputies(p, &mut persons, &mut memberships);
    for g in &p.groups {
        organizations.push(Organization {
            id: format!("group/{}", g.meta.id),
            name: g.name.to_string(),
            classification: "group",
            parent_id: Some(CONGRESS.into()),
        });
    }
    members(p, &mut persons, &mut organizations, &mut memberships);
    Popolo {
        persons,
        organizations,
        memberships,
        events: events(p),
    }
}

/// Each deputy, a member of the congress and of their group.
fn deputies(p: &Public, persons: &mut Vec<Person>, memberships: &mut Vec<Membership>) {
    for d in &p.deputies {
        let mut extras = BTreeMap::new();
        extras.insert("region", d.region.to_string());
        extras.insert("grassroots", d.grassroots.to_string());
        persons.push(Person {
            id: format!("deputy/{}", d.meta.id),
            name: d.name.to_string(),
            gender: d.gender.map(str::to_string),
            other_names: Vec::new(),
            extras,
        });
        memberships.push(Membership {
            id: format!("deputy/{}/congress", d.meta.id),
            person_id: format!("deputy/{}", d.meta.id),
            organization_id: CONGRESS.into(),
            role: "代表".into(),
            start_date: d.joined,
            end_date: d.left,
        });
        if let Some(group) = d.group {
            memberships.push(Membership {
                id: format!("deputy/{}/group/{}", d.meta.id, group),
                person_id: format!("deputy/{}", d.meta.id),
                organization_id: format!("group/{}", group),
                role: "小组成员".into(),
                start_date: None,
                end_date: None,
            });
        }
    }
}

/// Each member, a member of the committee, with the circle of deputies they link (art. 12).
fn members(
    p: &Public,
    persons: &mut Vec<Person>,
    organizations: &mut Vec<Organization>,
    memberships: &mut Vec<Membership>,
) {
    for m in &p.members {
        persons.push(Person {
            id: format!("member/{}", m.meta.id),
            name: m.name.to_string(),
            gender: None,
            other_names: Vec::new(),
            extras: BTreeMap::new(),
        });
        memberships.push(Membership {
            id: format!("member/{}/committee", m.meta.id),
            person_id: format!("member/{}", m.meta.id),
            organization_id: COMMITTEE.into(),
            role: m.role.as_str().into(),
            start_date: Some(m.from),
            end_date: m.to,
        });
        // Art. 12: the deputies a member links, as memberships of the member's liaison circle.
        let circle = format!("liaison/{}", m.meta.id);
        organizations.push(Organization {
            id: circle.clone(),
            name: format!("{}重点联系代表", m.name),
            classification: "liaison",
            parent_id: Some(COMMITTEE.into()),
        });
        memberships.push(Membership {
            id: format!("{circle}/member"),
            person_id: format!("member/{}", m.meta.id),
            organization_id: circle.clone(),
            role: "联系人".into(),
            start_date: Some(m.from),
            end_date: m.to,
        });
        for (n, link) in m.links.iter().enumerate() {
            let end = match (link.to, m.to) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            memberships.push(Membership {
                id: format!("{circle}/{}", n + 1),
                person_id: format!("deputy/{}", link.deputy),
                organization_id: circle.clone(),
                role: "重点联系的基层代表".into(),
                start_date: Some(link.from),
                end_date: end,
            });
        }
    }
}

/// The meetings, symposiums and activities, with who took part.
fn events(p: &Public) -> Vec<Event> {
    let mut events = Vec::new();
    for m in &p.meetings {
        events.push(Event {
            id: format!("meetings/{}", m.meta.id),
            name: m.title.to_string(),
            classification: "meeting".into(),
            start_date: m.start,
            end_date: Some(m.end),
            organization_id: COMMITTEE,
            attendees: m
                .attendees
                .iter()
                .map(|a| format!("deputy/{}", a.deputy))
                .collect(),
        });
    }
    for s in &p.symposiums {
        let mut attendees: Vec<String> = s.members.iter().map(|m| format!("member/{m}")).collect();
        attendees.extend(s.deputies.iter().map(|d| format!("deputy/{d}")));
        events.push(Event {
            id: format!("symposiums/{}", s.meta.id),
            name: s.title.to_string(),
            classification: "symposium".into(),
            start_date: s.date,
            end_date: None,
            organization_id: COMMITTEE,
            attendees,
        });
    }
    for a in &p.activities {
        let mut attendees: Vec<String> = a.members.iter().map(|m| format!("member/{m}")).collect();
        attendees.extend(a.deputies.iter().map(|d| format!("deputy/{d}")));
        events.push(Event {
            id: format!("activities/{}", a.meta.id),
            name: a.title.to_string(),
            classification: a.kind.as_str().into(),
            start_date: a.start,
            end_date: a.end,
            organization_id: COMMITTEE,
            attendees,
        });
    }
    events
}
