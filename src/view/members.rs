//! 常委会组成人员: each member's linked deputies and contacts per year against the art. 12
//! bar, and the symposiums and activities they took part in.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use super::labels::Label;
use super::{Context, Dated, EventPage, Finding, Ref};
use crate::content::Kind;
use crate::public::Member;
use crate::rules::{Period, Status, Subject};

/// One cell of a member's table: contacts with a linked deputy in a year against the bar.
#[derive(Debug, Clone, Serialize)]
pub struct ListenCell {
    pub year: i32,
    pub count: u32,
    pub required: u32,
    pub status: Status,
    pub status_label: Label,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LinkRow {
    pub deputy: Ref,
    pub grassroots: bool,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    /// One per year of `MemberPage::years`; `None` where not linked that year.
    pub cells: Vec<Option<ListenCell>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MemberYearRow {
    pub year: i32,
    pub contacts: u32,
    pub contacts_listened: u32,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContactRow {
    pub id: String,
    pub date: NaiveDate,
    pub deputy: Ref,
    pub channel: Label,
    pub listened: bool,
    pub body_html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MemberPage {
    #[serde(flatten)]
    pub link: Ref,
    pub name: String,
    pub role: &'static str,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub years: Vec<i32>,
    pub links: Vec<LinkRow>,
    pub yearly: Vec<MemberYearRow>,
    pub symposiums: Vec<Dated>,
    pub activities: Vec<Dated>,
    pub public_contacts: Vec<ContactRow>,
    pub body_html: String,
}

/// The positions of the events each member took part in, in one pass.
fn events_by_member(events: &[EventPage]) -> HashMap<&str, Vec<usize>> {
    let mut by_member: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, event) in events.iter().enumerate() {
        for m in &event.members {
            let list = by_member.entry(m.id.as_str()).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    by_member
}

pub fn pages(ctx: &Context, symposiums: &[EventPage], activities: &[EventPage]) -> Vec<MemberPage> {
    let symposiums_of = events_by_member(symposiums);
    let activities_of = events_by_member(activities);
    let mut contacts_of: HashMap<&str, Vec<ContactRow>> = HashMap::new();
    for c in &ctx.public.contacts {
        contacts_of.entry(c.member).or_default().push(ContactRow {
            id: c.meta.id.to_string(),
            date: c.date,
            deputy: ctx.person_ref(Kind::Deputy, c.deputy),
            channel: ctx.labels.word("contact_channel", c.channel.as_str()),
            listened: c.listened,
            body_html: ctx.body(Kind::Contact, c.meta.id),
        });
    }
    let dated = |events: &[EventPage], at: Option<&Vec<usize>>| -> Vec<Dated> {
        at.map(|list| list.iter().map(|i| events[*i].dated()).collect())
            .unwrap_or_default()
    };
    ctx.public
        .members
        .iter()
        .map(|m| {
            let id = m.meta.id;
            let subject = Subject::Member {
                member: id.to_string(),
            };
            let evaluations = ctx.evaluations(&subject);
            let years: Vec<i32> = ctx
                .years()
                .filter(|y| evaluations.iter().any(|e| e.period == Period::Year(*y)))
                .collect();
            let yearly = years
                .iter()
                .map(|y| {
                    let figures = ctx.outcome.stats.members.get(id).and_then(|m| m.get(y));
                    MemberYearRow {
                        year: *y,
                        contacts: figures.map_or(0, |f| f.contacts),
                        contacts_listened: figures.map_or(0, |f| f.contacts_listened),
                        findings: evaluations
                            .iter()
                            .filter(|e| e.period == Period::Year(*y))
                            .map(|e| ctx.finding(e))
                            .collect(),
                    }
                })
                .collect();
            MemberPage {
                link: ctx.record_ref(Kind::Member, id, m.name),
                name: m.name.to_string(),
                role: m.role.as_str(),
                from: m.from,
                to: m.to,
                links: link_rows(ctx, m, &years),
                years,
                yearly,
                symposiums: dated(symposiums, symposiums_of.get(id)),
                activities: dated(activities, activities_of.get(id)),
                public_contacts: contacts_of.remove(id).unwrap_or_default(),
                body_html: ctx.body(Kind::Member, id),
            }
        })
        .collect()
}

/// One row per linked deputy (a deputy linked twice is one row, from the first day to the
/// last), with a cell per year of the member's table.
fn link_rows(ctx: &Context, m: &Member, years: &[i32]) -> Vec<LinkRow> {
    let mut seen = BTreeSet::new();
    let mut rows = Vec::new();
    for link in &m.links {
        if !seen.insert(link.deputy) {
            continue;
        }
        let subject = Subject::Link {
            member: m.meta.id.to_string(),
            deputy: link.deputy.to_string(),
        };
        let evaluations = ctx.evaluations(&subject);
        let cells = years
            .iter()
            .map(|y| {
                evaluations
                    .iter()
                    .find(|e| e.period == Period::Year(*y))
                    .map(|e| ListenCell {
                        year: *y,
                        count: e.detail.count.unwrap_or(0),
                        required: e.detail.required.unwrap_or(0),
                        status: e.status,
                        status_label: ctx.labels.status(e.status),
                        message: e.message.clone(),
                    })
            })
            .collect();
        let periods: Vec<_> = m.links.iter().filter(|l| l.deputy == link.deputy).collect();
        rows.push(LinkRow {
            deputy: ctx.person_ref(Kind::Deputy, link.deputy),
            grassroots: ctx.public.deputy(link.deputy).is_some_and(|d| d.grassroots),
            from: periods.iter().map(|l| l.from).min().unwrap_or(link.from),
            to: if periods.iter().any(|l| l.to.is_none()) {
                None
            } else {
                periods.iter().filter_map(|l| l.to).max()
            },
            cells,
        });
    }
    rows
}
