//! What of a record or an evaluation may be named by `changes` and the 更新记录 page: only
//! what a public projection publishes.

use crate::content::Kind;
use crate::public::Public;
use crate::rules::{OpinionSource, Subject};

/// The records published now (for the site's 更新记录 page): a record or an evaluation
/// that is not public now is only counted, whatever it was then.
pub struct Now<'a> {
    pub model: &'a crate::model::Model,
    pub public: &'a Public<'a>,
}

impl Now<'_> {
    /// Whether a record is there now and not public.
    pub(super) fn hides(&self, kind: Kind, id: &str) -> bool {
        self.model.contains(kind, id) && !self.public.is_public(kind, id)
    }

    /// Whether a subject names a record that is there now and not public.
    pub(super) fn hides_subject(&self, subject: &Subject) -> bool {
        if subject
            .records()
            .all(|(kind, id)| self.model.contains(kind, id))
        {
            !nameable(self.public, subject)
        } else {
            subject.records().any(|(kind, id)| self.hides(kind, id))
        }
    }
}

/// The title (or name) of a record published in a projection; `None` when it is not.
pub(super) fn title(p: &Public, kind: Kind, id: &str) -> Option<String> {
    let text = match kind {
        Kind::Deputy => p.deputy(id)?.name.to_string(),
        Kind::Member => p.member(id)?.name.to_string(),
        Kind::Group => p.group(id)?.name.to_string(),
        Kind::Meeting => p.meeting(id)?.title.to_string(),
        Kind::Solicitation => p
            .solicitations
            .iter()
            .find(|s| s.meta.id == id)?
            .title
            .to_string(),
        Kind::Symposium => p.symposium(id)?.title.to_string(),
        Kind::Activity => p.activity(id)?.title.to_string(),
        Kind::Contact => {
            let c = p.contact(id)?;
            format!(
                "{}联系{}",
                p.member_name(c.member)?,
                p.deputy_name(c.deputy)?
            )
        }
        Kind::Letter => {
            let l = p.letter(id)?;
            format!("{}：{}", p.deputy_name(l.deputy)?, l.subject)
        }
        Kind::Page => p.pages.iter().find(|r| r.meta.id == id)?.title.to_string(),
        Kind::Session => p.session(id)?.title.to_string(),
    };
    Some(text)
}

/// Whether every record a subject names is published in a projection.
pub(super) fn nameable(p: &Public, subject: &Subject) -> bool {
    match subject {
        Subject::Meeting { meeting } => p.meeting(meeting).is_some(),
        Subject::Agenda { agenda } => p.meeting(&agenda.meeting).is_some(),
        Subject::Deputy { deputy } => p.deputy(deputy).is_some(),
        Subject::Member { member } => p.member(member).is_some(),
        Subject::Link { member, deputy } => {
            p.member(member).is_some() && p.deputy(deputy).is_some()
        }
        Subject::Activity { activity } => p.activity(activity).is_some(),
        Subject::Year { .. } => true,
        Subject::Group { group } => p.group(group).is_some(),
        Subject::Letter { letter } => p
            .letter(letter)
            .is_some_and(|l| p.deputy(l.deputy).is_some()),
        Subject::Opinion { opinion } => match opinion.source {
            OpinionSource::Contacts => p
                .contact(&opinion.record)
                .is_some_and(|c| p.member(c.member).is_some() && p.deputy(c.deputy).is_some()),
            source => p.is_public(source.kind(), &opinion.record),
        },
    }
}
