//! 代表座谈会、视察调研等活动、征求意见: events with members, deputies and opinions (arts. 5,
//! 7, 8, 9, 11, 12), each with a page of the same shape.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::labels::Label;
use super::opinions::{self, SharedRow, Source};
use super::{Context, Finding, Ref};
use crate::content::Kind;
use crate::rules::{OpinionSource, Subject};

/// A symposium, an activity or a solicitation: an event with people and opinions.
#[derive(Debug, Clone, Serialize)]
pub struct EventPage {
    #[serde(flatten)]
    pub link: Ref,
    pub kind: &'static str,
    pub kind_label: Label,
    pub date: NaiveDate,
    /// The year of `date` (the search index's year filter).
    pub year: i32,
    pub end: Option<NaiveDate>,
    pub details: Vec<(Label, String)>,
    pub members: Vec<Ref>,
    pub deputies: Vec<Ref>,
    /// Not serialised with the page: the site's page lists these rows as HTML rendered once
    /// for every page that shows them (`render::site::opinion_rows`).
    #[serde(skip_serializing)]
    pub opinions: Vec<SharedRow>,
    pub findings: Vec<Finding>,
    pub body_html: String,
}

impl EventPage {
    fn new(ctx: &Context, kind: Kind, id: &str, title: &str, date: NaiveDate) -> EventPage {
        EventPage {
            link: ctx.record_ref(kind, id, title),
            kind: "",
            kind_label: ctx.labels.kind(kind),
            date,
            year: date.year(),
            end: None,
            details: Vec::new(),
            members: Vec::new(),
            deputies: Vec::new(),
            opinions: Vec::new(),
            findings: Vec::new(),
            body_html: ctx.body(kind, id),
        }
    }

    /// The event as a line of a list: its date, link and kind.
    pub fn dated(&self) -> super::Dated {
        super::Dated {
            date: self.date,
            record: self.link.clone(),
            note: self.kind_label.clone(),
        }
    }
}

pub fn symposiums(ctx: &Context) -> Vec<EventPage> {
    ctx.public
        .symposiums
        .iter()
        .map(|s| {
            let mut page = EventPage::new(ctx, Kind::Symposium, s.meta.id, s.title, s.date);
            page.kind = s.topic.as_str();
            page.kind_label = ctx.labels.word("symposium_topic", s.topic.as_str());
            page.members = ctx.refs(Kind::Member, &s.members);
            page.deputies = ctx.refs(Kind::Deputy, &s.deputies);
            let source = Source {
                source: OpinionSource::Symposiums,
                id: s.meta.id,
                title: s.title,
                date: s.date,
            };
            page.opinions = opinions::shared(opinions::rows(ctx, &source, &s.opinions));
            page
        })
        .collect()
}

pub fn activities(ctx: &Context) -> Vec<EventPage> {
    let labels = ctx.labels;
    ctx.public
        .activities
        .iter()
        .map(|a| {
            let mut page = EventPage::new(ctx, Kind::Activity, a.meta.id, a.title, a.start);
            page.kind = a.kind.as_str();
            page.kind_label = labels.word("activity_kind", a.kind.as_str());
            page.end = a.end;
            page.details.push((
                labels.text("labels.detail.organizer"),
                a.organizer.to_string(),
            ));
            if let Some(d) = a.delegated_to {
                page.details
                    .push((labels.text("labels.detail.delegated_to"), d.to_string()));
            }
            if let Some(g) = a.group {
                let group = ctx.person_ref(Kind::Group, g).label;
                page.details
                    .push((labels.text("labels.detail.group"), group));
            }
            page.members = ctx.refs(Kind::Member, &a.members);
            page.deputies = ctx.refs(Kind::Deputy, &a.deputies);
            let source = Source {
                source: OpinionSource::Activities,
                id: a.meta.id,
                title: a.title,
                date: a.start,
            };
            page.opinions = opinions::shared(opinions::rows(ctx, &source, &a.opinions));
            page.findings = ctx.findings(&Subject::Activity {
                activity: a.meta.id.to_string(),
            });
            page
        })
        .collect()
}

/// Sessions of the people's congress, with the 审议意见 given at them (art. 10).
pub fn sessions(ctx: &Context) -> Vec<EventPage> {
    ctx.public
        .sessions
        .iter()
        .map(|s| {
            let mut page = EventPage::new(ctx, Kind::Session, s.meta.id, s.title, s.start);
            page.kind = "session";
            page.kind_label = ctx.labels.kind(Kind::Session);
            page.end = Some(s.end);
            let source = Source {
                source: OpinionSource::Sessions,
                id: s.meta.id,
                title: s.title,
                date: s.start,
            };
            page.opinions = opinions::shared(opinions::rows(ctx, &source, &s.opinions));
            page
        })
        .collect()
}

pub fn solicitations(ctx: &Context) -> Vec<EventPage> {
    let labels = ctx.labels;
    ctx.public
        .solicitations
        .iter()
        .map(|s| {
            let mut page = EventPage::new(ctx, Kind::Solicitation, s.meta.id, s.title, s.date);
            page.kind = "solicitation";
            page.kind_label = labels.text("labels.solicitation");
            page.details
                .push((labels.text("labels.detail.channel"), s.channel.to_string()));
            if let Some(bill) = s.bill {
                page.details
                    .push((labels.text("labels.detail.bill"), bill.to_string()));
            }
            if let Some(n) = s.responses {
                let count = labels.fill(
                    "labels.detail.responses_count",
                    &[("count", &n.to_string())],
                );
                page.details
                    .push((labels.text("labels.detail.responses"), count));
            }
            page.deputies = ctx.refs(Kind::Deputy, &s.deputies);
            page
        })
        .collect()
}
