//! 常委会会议: the meetings deputies attend (art. 6), their agenda (art. 8) and the opinions
//! raised there (art. 10).

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::labels::Label;
use super::opinions::{self, SharedRow, Source};
use super::{Context, Finding, Ref};
use crate::content::Kind;
use crate::rules::{AgendaId, OpinionSource, Subject};

#[derive(Debug, Clone, Serialize)]
pub struct AgendaRow {
    pub no: u32,
    pub title: String,
    pub kind: Label,
    pub bill: Option<String>,
    pub finding: Option<Finding>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeetingPage {
    #[serde(flatten)]
    pub link: Ref,
    pub session: u32,
    pub term: String,
    pub start: NaiveDate,
    /// The year it started (the search index's year filter).
    pub year: i32,
    pub end: NaiveDate,
    pub materials_sent: NaiveDate,
    pub agenda: Vec<AgendaRow>,
    /// Each attending deputy with the bases of the invitation (art. 6).
    pub attendee_refs: Vec<(Ref, Vec<Label>)>,
    /// Not serialised with the page: the site's page lists these rows as HTML rendered once
    /// for every page that shows them (`render::site::opinion_rows`).
    #[serde(skip_serializing)]
    pub opinions: Vec<SharedRow>,
    pub findings: Vec<Finding>,
    pub body_html: String,
}

pub fn pages(ctx: &Context) -> Vec<MeetingPage> {
    let labels = ctx.labels;
    let terms = &ctx.public.site.terms;
    ctx.public
        .meetings
        .iter()
        .map(|m| {
            let attendee_refs = m
                .attendees
                .iter()
                .map(|a| {
                    let basis = a
                        .basis
                        .iter()
                        .map(|b| labels.word("attendance_basis", b.as_str()))
                        .collect();
                    (ctx.person_ref(Kind::Deputy, a.deputy), basis)
                })
                .collect();
            let agenda = m
                .agenda
                .iter()
                .map(|a| {
                    let id = AgendaId {
                        meeting: m.meta.id.to_string(),
                        no: a.no,
                    };
                    AgendaRow {
                        no: a.no,
                        title: a.title.to_string(),
                        kind: labels.word("agenda_kind", a.kind.as_str()),
                        bill: a.bill.map(str::to_string),
                        finding: ctx
                            .findings(&Subject::Agenda { agenda: id })
                            .into_iter()
                            .next(),
                    }
                })
                .collect();
            let source = Source {
                source: OpinionSource::Meetings,
                id: m.meta.id,
                title: m.title,
                date: m.end.max(m.start),
            };
            MeetingPage {
                link: ctx.record_ref(Kind::Meeting, m.meta.id, m.title),
                session: m.session,
                term: terms
                    .iter()
                    .find(|t| t.id == m.term)
                    .map_or_else(|| m.term.to_string(), |t| t.name.to_string()),
                start: m.start,
                year: m.start.year(),
                end: m.end,
                materials_sent: m.materials_sent,
                agenda,
                attendee_refs,
                opinions: opinions::shared(opinions::rows(ctx, &source, &m.opinions)),
                findings: ctx.findings(&Subject::Meeting {
                    meeting: m.meta.id.to_string(),
                }),
                body_html: ctx.body(Kind::Meeting, m.meta.id),
            }
        })
        .collect()
}
