//! 代表来信来访 (art. 13): the letters deputies agreed to publish; the others count only in the
//! figures.

use chrono::NaiveDate;
use serde::Serialize;

use super::labels::Label;
use super::{Context, Finding, Ref};
use crate::content::Kind;
use crate::rules::Subject;

#[derive(Debug, Clone, Serialize)]
pub struct LetterRow {
    pub id: String,
    pub deputy: Ref,
    pub received: NaiveDate,
    pub channel: Label,
    pub subject: String,
    pub major: bool,
    pub forwarded_to: Option<String>,
    pub forwarded: Option<NaiveDate>,
    pub reply: Option<NaiveDate>,
    pub written: bool,
    pub findings: Vec<Finding>,
    pub body_html: String,
}

pub fn public(ctx: &Context) -> Vec<LetterRow> {
    ctx.public
        .letters
        .iter()
        .map(|l| LetterRow {
            id: l.meta.id.to_string(),
            deputy: ctx.person_ref(Kind::Deputy, l.deputy),
            received: l.received,
            channel: ctx.labels.word("letter_channel", l.channel.as_str()),
            subject: l.subject.to_string(),
            major: l.major,
            forwarded_to: l.forwarded.as_ref().map(|f| f.to.to_string()),
            forwarded: l.forwarded.as_ref().map(|f| f.date),
            reply: l.reply.as_ref().map(|r| r.date),
            written: l.reply.as_ref().is_some_and(|r| r.written),
            findings: ctx.findings(&Subject::Letter {
                letter: l.meta.id.to_string(),
            }),
            body_html: ctx.body(Kind::Letter, l.meta.id),
        })
        .collect()
}
