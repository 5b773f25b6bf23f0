//! 意见建议: the opinions of public records with their handling and the status of their rule
//! (A7, A10, A12.3), on each record's page and in the opinions tracker.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::labels::Label;
use super::{Context, EventPage, MeetingPage, Ref, urls};
use crate::public::Opinion;
use crate::rules::{OpinionId, OpinionSource, RuleId, Subject};

/// An opinion of a public record, with its answer and the status of its rule.
#[derive(Debug, Clone, Serialize)]
pub struct OpinionRow {
    /// `<kind>/<record id>/<no>`
    pub id: OpinionId,
    pub source: &'static str,
    pub source_label: Label,
    pub record: Ref,
    /// The anchor of the opinion on its record's page.
    pub anchor: String,
    pub date: NaiveDate,
    pub year: i32,
    pub no: u32,
    pub deputies: Vec<Ref>,
    pub summary: String,
    pub category: Option<&'static str>,
    pub category_label: Option<Label>,
    pub complex: bool,
    pub assigned_to: Option<String>,
    pub assigned: Option<NaiveDate>,
    pub explained: Option<NaiveDate>,
    pub feedback: Option<NaiveDate>,
    pub feedback_at_meeting: bool,
    pub feedback_summary: Option<String>,
    pub days_to_feedback: Option<i64>,
    /// The rule the opinion is under (A7, A10, A12.3), none for activity opinions.
    pub rule: Option<RuleId>,
    /// `met` / `pending` / `not_met` under its rule, or `answered` / `open` without one.
    pub status: &'static str,
    pub status_label: Label,
    pub message: String,
    pub deadline: Option<NaiveDate>,
}

/// An opinion row shared by its record's page, the opinions tracker and its deputies' pages:
/// one copy in memory, serialised as the row itself.
#[derive(Debug, Clone)]
pub struct SharedRow(std::sync::Arc<OpinionRow>);

impl std::ops::Deref for SharedRow {
    type Target = OpinionRow;

    fn deref(&self) -> &OpinionRow {
        &self.0
    }
}

impl Serialize for SharedRow {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// The rows, to be shared.
pub fn shared(rows: Vec<OpinionRow>) -> Vec<SharedRow> {
    rows.into_iter()
        .map(|row| SharedRow(std::sync::Arc::new(row)))
        .collect()
}

/// The record an opinion belongs to, as its rows need it.
pub struct Source<'r> {
    pub source: OpinionSource,
    pub id: &'r str,
    pub title: &'r str,
    /// The date the opinion's days to feedback count from.
    pub date: NaiveDate,
}

/// The rows of a record's opinions.
pub fn rows(ctx: &Context, record: &Source, opinions: &[Opinion]) -> Vec<OpinionRow> {
    let labels = ctx.labels;
    let kind = record.source.kind();
    opinions
        .iter()
        .map(|o| {
            let id = OpinionId::new(record.source, record.id, o.no);
            let evaluation = ctx
                .evaluations(&Subject::Opinion {
                    opinion: id.clone(),
                })
                .first()
                .copied();
            let (status, status_label, message, deadline, rule) = match evaluation {
                Some(e) => (
                    e.status.code(),
                    labels.status(e.status),
                    e.message.clone(),
                    e.detail.deadline,
                    Some(e.rule.clone()),
                ),
                None => {
                    let answered = if o.feedback.is_some() {
                        "answered"
                    } else {
                        "open"
                    };
                    (
                        answered,
                        labels.word("opinion_status", answered),
                        String::new(),
                        None,
                        None,
                    )
                }
            };
            let feedback = o.feedback.as_ref();
            OpinionRow {
                anchor: urls::opinion_anchor(o.no),
                source: record.source.folder(),
                source_label: labels.kind(kind),
                record: ctx.record_ref(kind, record.id, record.title),
                date: record.date,
                year: record.date.year(),
                no: o.no,
                deputies: ctx.refs(crate::content::Kind::Deputy, &o.deputies),
                summary: o.summary.to_string(),
                category: o.category.map(|c| c.as_str()),
                category_label: o
                    .category
                    .map(|c| labels.word("opinion_category", c.as_str())),
                complex: o.complex,
                assigned_to: o.assigned.as_ref().map(|a| a.to.to_string()),
                assigned: o.assigned.as_ref().map(|a| a.date),
                explained: o.explained,
                feedback: feedback.map(|f| f.date),
                feedback_at_meeting: feedback.is_some_and(|f| f.at_meeting),
                feedback_summary: feedback.and_then(|f| f.summary.map(str::to_string)),
                days_to_feedback: feedback.map(|f| (f.date - record.date).num_days()),
                rule,
                status,
                status_label,
                message,
                deadline,
                id,
            }
        })
        .collect()
}

/// Every public opinion, newest first: those of meetings and events (already on their
/// pages), then those of public contacts (listed on their member's page).
pub fn tracker(ctx: &Context, meetings: &[MeetingPage], events: &[&[EventPage]]) -> Vec<SharedRow> {
    let mut opinions: Vec<SharedRow> = Vec::new();
    opinions.extend(meetings.iter().flat_map(|m| m.opinions.iter().cloned()));
    for list in events {
        opinions.extend(list.iter().flat_map(|e| e.opinions.iter().cloned()));
    }
    let p = ctx.public;
    for c in &p.contacts {
        let member = p.member_name(c.member).unwrap_or(c.member);
        let deputy = p.deputy_name(c.deputy).unwrap_or(c.deputy);
        let title = ctx.labels.fill(
            "labels.contact_title",
            &[("member", member), ("deputy", deputy)],
        );
        let source = Source {
            source: OpinionSource::Contacts,
            id: c.meta.id,
            title: &title,
            date: c.date,
        };
        let mut contact_rows = rows(ctx, &source, &c.opinions);
        for o in &mut contact_rows {
            o.record.url = urls::contact(c.member, c.meta.id);
        }
        opinions.extend(shared(contact_rows));
    }
    opinions.sort_by_cached_key(|o| (std::cmp::Reverse(o.date), o.id.to_string()));
    opinions
}
