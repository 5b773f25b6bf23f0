//! 代表: the directory (filterable by grassroots, region and group, pre-rendered so it works
//! without JavaScript) and each deputy's whole record of duty.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use super::labels::Label;
use super::{Context, Dated, EventPage, Finding, MeetingPage, Ref, SharedRow};
use crate::content::Kind;
use crate::rules::Subject;

#[derive(Debug, Clone, Serialize)]
pub struct Attendance {
    pub meeting: Ref,
    pub date: NaiveDate,
    pub basis: Vec<Label>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeputyPage {
    #[serde(flatten)]
    pub link: Ref,
    pub name: String,
    pub grassroots: bool,
    pub region: String,
    pub group: Option<Ref>,
    pub gender: Option<String>,
    pub ethnicity: Option<String>,
    pub occupation: Option<String>,
    pub sector: Option<String>,
    pub fields: Vec<String>,
    pub terms: Vec<String>,
    pub joined: Option<NaiveDate>,
    pub left: Option<NaiveDate>,
    pub body_html: String,
    pub meetings: Vec<Attendance>,
    pub symposiums: Vec<Dated>,
    pub activities: Vec<Dated>,
    pub solicitations: Vec<Dated>,
    /// Not serialised with the page: the site's page lists these rows as HTML rendered once
    /// for every page that shows them (`render::site::opinion_rows`).
    #[serde(skip_serializing)]
    pub opinions: Vec<SharedRow>,
    pub linked_by: Vec<Ref>,
    /// Letters and contacts are counted, never shown (internal by default).
    pub letters: u32,
    pub contacts: u32,
    pub findings: Vec<Finding>,
}

/// A pre-rendered filtered list of deputies (works without JavaScript).
#[derive(Debug, Clone, Serialize)]
pub struct DeputyFilter {
    pub slug: String,
    pub label: String,
    pub facet: &'static str,
    /// How many deputies the filter selects.
    pub count: usize,
    /// Which: positions in the view's deputies, in its order. Not given to templates: every
    /// directory page shows every filter, and at national scale the lists would make each
    /// page's data tens of thousands of strings.
    #[serde(skip)]
    pub deputies: Vec<usize>,
}

/// What each deputy took part in, gathered in one pass over the records (not one pass per
/// deputy).
#[derive(Default)]
struct Record {
    meetings: Vec<Attendance>,
    symposiums: Vec<Dated>,
    activities: Vec<Dated>,
    solicitations: Vec<Dated>,
    opinions: Vec<usize>,
}

/// Adds `item` unless it equals the last one (a deputy listed twice in one record).
fn push_once<T>(list: &mut Vec<T>, item: T, same: impl Fn(&T, &T) -> bool) {
    if !list.last().is_some_and(|last| same(last, &item)) {
        list.push(item);
    }
}

fn records_by_deputy(
    meetings: &[MeetingPage],
    symposiums: &[EventPage],
    activities: &[EventPage],
    solicitations: &[EventPage],
    opinions: &[SharedRow],
) -> HashMap<String, Record> {
    let mut record_of: HashMap<String, Record> = HashMap::new();
    for m in meetings {
        for (deputy, basis) in &m.attendee_refs {
            let attendance = Attendance {
                meeting: m.link.clone(),
                date: m.start,
                basis: basis.clone(),
            };
            let list = &mut record_of.entry(deputy.id.clone()).or_default().meetings;
            push_once(list, attendance, |a, b| a.meeting == b.meeting);
        }
    }
    type Field = fn(&mut Record) -> &mut Vec<Dated>;
    let events: [(&[EventPage], Field); 3] = [
        (symposiums, |r| &mut r.symposiums),
        (activities, |r| &mut r.activities),
        (solicitations, |r| &mut r.solicitations),
    ];
    for (list, field) in events {
        for event in list {
            for deputy in &event.deputies {
                let entry = field(record_of.entry(deputy.id.clone()).or_default());
                push_once(entry, event.dated(), |a, b| a.record == b.record);
            }
        }
    }
    for (i, o) in opinions.iter().enumerate() {
        for deputy in &o.deputies {
            let list = &mut record_of.entry(deputy.id.clone()).or_default().opinions;
            push_once(list, i, |a, b| a == b);
        }
    }
    record_of
}

pub fn pages(
    ctx: &Context,
    meetings: &[MeetingPage],
    symposiums: &[EventPage],
    activities: &[EventPage],
    solicitations: &[EventPage],
    opinions: &[SharedRow],
) -> Vec<DeputyPage> {
    let p = ctx.public;
    let mut linked_by: BTreeMap<&str, BTreeSet<Ref>> = BTreeMap::new();
    for member in &p.members {
        for link in &member.links {
            let member_ref = ctx.record_ref(Kind::Member, member.meta.id, member.name);
            linked_by.entry(link.deputy).or_default().insert(member_ref);
        }
    }
    let mut record_of =
        records_by_deputy(meetings, symposiums, activities, solicitations, opinions);
    let term_name = |id: &str| {
        p.site
            .terms
            .iter()
            .find(|t| t.id == id)
            .map_or_else(|| id.to_string(), |t| t.name.to_string())
    };
    p.deputies
        .iter()
        .map(|d| {
            let id = d.meta.id;
            let record = record_of.remove(id).unwrap_or_default();
            let counts = p.deputy_counts.get(id).copied().unwrap_or_default();
            DeputyPage {
                link: ctx.record_ref(Kind::Deputy, id, d.name),
                name: d.name.to_string(),
                grassroots: d.grassroots,
                region: d.region.to_string(),
                group: d.group.map(|g| ctx.person_ref(Kind::Group, g)),
                gender: d.gender.map(str::to_string),
                ethnicity: d.ethnicity.map(str::to_string),
                occupation: d.occupation.map(str::to_string),
                sector: d.sector.map(str::to_string),
                fields: d.fields.to_vec(),
                terms: d.terms.iter().map(|t| term_name(t)).collect(),
                joined: d.joined,
                left: d.left,
                body_html: ctx.body(Kind::Deputy, id),
                meetings: record.meetings,
                symposiums: record.symposiums,
                activities: record.activities,
                solicitations: record.solicitations,
                opinions: record
                    .opinions
                    .into_iter()
                    .map(|i| opinions[i].clone())
                    .collect(),
                linked_by: linked_by
                    .get(id)
                    .map(|s| s.iter().cloned().collect())
                    .unwrap_or_default(),
                letters: counts.letters,
                contacts: counts.contacts,
                findings: ctx.findings(&Subject::Deputy {
                    deputy: id.to_string(),
                }),
            }
        })
        .collect()
}

/// The directory's filters: grassroots or not, each region, each public group.
pub fn filters(ctx: &Context, deputies: &[DeputyPage]) -> Vec<DeputyFilter> {
    let ids = |pred: &dyn Fn(&DeputyPage) -> bool| {
        deputies
            .iter()
            .enumerate()
            .filter(|(_, d)| pred(d))
            .map(|(i, _)| i)
            .collect::<Vec<_>>()
    };
    let filter =
        |slug: String, label: String, facet: &'static str, deputies: Vec<usize>| DeputyFilter {
            slug,
            label,
            facet,
            count: deputies.len(),
            deputies,
        };
    let labels = ctx.labels;
    let mut filters = vec![
        filter(
            "grassroots".into(),
            labels.text("labels.deputy_filter.grassroots").to_string(),
            "grassroots",
            ids(&|d| d.grassroots),
        ),
        filter(
            "other".into(),
            labels.text("labels.deputy_filter.other").to_string(),
            "grassroots",
            ids(&|d| !d.grassroots),
        ),
    ];
    let regions: BTreeSet<&str> = deputies.iter().map(|d| d.region.as_str()).collect();
    for (n, region) in regions.iter().enumerate() {
        let selected = ids(&|d| d.region == *region);
        filters.push(filter(
            format!("region-{}", n + 1),
            region.to_string(),
            "region",
            selected,
        ));
    }
    for group in &ctx.public.groups {
        let id = group.meta.id;
        let selected = ids(&|d| d.group.as_ref().is_some_and(|g| g.id == id));
        filters.push(filter(
            format!("group-{id}"),
            group.name.to_string(),
            "group",
            selected,
        ));
    }
    filters
}
