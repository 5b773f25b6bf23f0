//! What the listing pages show of each record: a row each, not the record's whole page.

use serde::Serialize;

use crate::view::DeputyPage;

#[derive(Serialize)]
pub struct DeputyListing<'a> {
    pub filters: &'a [crate::view::DeputyFilter],
    pub active: Option<&'a str>,
    pub label: String,
    pub deputies: Vec<DeputyRow<'a>>,
}

/// A deputy in a directory: the figures of the row, not the whole record of duty.
#[derive(Serialize)]
pub struct DeputyRow<'a> {
    pub url: &'a str,
    pub label: &'a str,
    pub region: &'a str,
    pub group: Option<&'a crate::view::Ref>,
    pub grassroots: bool,
    pub meetings: usize,
    pub activities: usize,
    pub opinions: usize,
}

impl<'a> DeputyRow<'a> {
    pub fn of(d: &'a DeputyPage) -> DeputyRow<'a> {
        DeputyRow {
            url: &d.link.url,
            label: &d.link.label,
            region: &d.region,
            group: d.group.as_ref(),
            grassroots: d.grassroots,
            meetings: d.meetings.len(),
            activities: d.activities.len() + d.symposiums.len(),
            opinions: d.opinions.len(),
        }
    }
}

#[derive(Serialize)]
pub struct OpinionListing<'a> {
    pub label: String,
    pub active: String,
    pub statuses: Vec<(&'static str, String)>,
    pub years: &'a [i32],
    /// The opinions of this page of the listing, as their rows' HTML.
    pub opinions: Vec<&'a str>,
    /// All opinions the filter selects, over every page.
    pub total: usize,
    pub internal: u32,
    pub pager: Pager,
}

/// A record's page (a deputy's, a meeting's, an event's) with its opinions as their rows'
/// HTML, in the place of the rows themselves.
#[derive(Serialize)]
pub struct WithRows<'a, P> {
    #[serde(flatten)]
    pub page: &'a P,
    pub opinions: Vec<&'a str>,
}

/// Long listings are split into pages (a 200,000-row page helps no reader).
#[derive(Serialize)]
pub struct Pager {
    pub page: usize,
    pub pages: usize,
    /// The file name of each page, in order (`not_met.html`, `not_met-2.html` …).
    pub files: Vec<String>,
}

/// A compliance period without its findings (for the index and the home page).
#[derive(Serialize)]
pub struct PeriodSummary<'a> {
    pub slug: &'a str,
    pub label: &'a str,
    pub total: &'a crate::rules::stats::Counts,
    pub chart: &'a crate::view::charts::Chart,
}

impl<'a> PeriodSummary<'a> {
    pub fn of(p: &'a crate::view::CompliancePeriod) -> PeriodSummary<'a> {
        PeriodSummary {
            slug: &p.slug,
            label: &p.label,
            total: &p.total,
            chart: &p.chart,
        }
    }
}

/// One page of a compliance dashboard: the rule table, the chart and a page of findings.
#[derive(Serialize)]
pub struct CompliancePage<'a> {
    #[serde(flatten)]
    pub summary: PeriodSummary<'a>,
    pub rows: &'a [crate::view::RuleRow],
    pub findings: &'a [crate::view::Finding],
    pub pager: Pager,
}

#[derive(Serialize)]
pub struct MemberRow<'a> {
    pub url: &'a str,
    pub name: &'a str,
    pub role: &'a str,
    pub from: chrono::NaiveDate,
    pub to: Option<chrono::NaiveDate>,
    pub links: Vec<&'a crate::view::Ref>,
}

impl<'a> MemberRow<'a> {
    pub fn of(m: &'a crate::view::MemberPage) -> MemberRow<'a> {
        MemberRow {
            url: &m.link.url,
            name: &m.name,
            role: m.role,
            from: m.from,
            to: m.to,
            links: m.links.iter().map(|l| &l.deputy).collect(),
        }
    }
}

#[derive(Serialize)]
pub struct GroupRow<'a> {
    pub url: &'a str,
    pub label: &'a str,
    pub basis: &'a str,
    pub deputies: usize,
    pub activities: usize,
}

impl<'a> GroupRow<'a> {
    pub fn of(g: &'a crate::view::GroupPage) -> GroupRow<'a> {
        GroupRow {
            url: &g.link.url,
            label: &g.link.label,
            basis: &g.basis,
            deputies: g.deputies.len(),
            activities: g.activities.len(),
        }
    }
}

#[derive(Serialize)]
pub struct MeetingRow<'a> {
    pub url: &'a str,
    pub label: &'a str,
    pub start: chrono::NaiveDate,
    pub end: chrono::NaiveDate,
    pub materials_sent: chrono::NaiveDate,
    pub attendees: usize,
    pub opinions: usize,
}

impl<'a> MeetingRow<'a> {
    pub fn of(m: &'a crate::view::MeetingPage) -> MeetingRow<'a> {
        MeetingRow {
            url: &m.link.url,
            label: &m.link.label,
            start: m.start,
            end: m.end,
            materials_sent: m.materials_sent,
            attendees: m.attendee_refs.len(),
            opinions: m.opinions.len(),
        }
    }
}

#[derive(Serialize)]
pub struct EventRow<'a> {
    pub url: &'a str,
    pub label: &'a str,
    pub date: chrono::NaiveDate,
    pub kind_label: &'a str,
    pub deputies: usize,
    pub opinions: usize,
}

impl<'a> EventRow<'a> {
    pub fn of(e: &'a crate::view::EventPage) -> EventRow<'a> {
        EventRow {
            url: &e.link.url,
            label: &e.link.label,
            date: e.date,
            kind_label: &e.kind_label,
            deputies: e.deputies.len(),
            opinions: e.opinions.len(),
        }
    }
}
