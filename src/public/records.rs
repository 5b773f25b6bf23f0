//! The public record types: what of each record may be published, and nothing else. They are
//! the open data's schema (`data/lianluo.json`) and what the view reads. A field of the model
//! that is not listed here is never published, whatever the model gains later (spec §6).
//!
//! Every value borrows from the model: a projection copies no text.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{
    self, ActivityKind, AgendaKind, AttendanceBasis, Category, Channel, Visibility, group::Basis,
    letter::LetterChannel, member::Role, symposium::Topic,
};

/// What every published record has: its id, its file in the content folder and its
/// visibility (always `public` here).
#[derive(Debug, Clone, Serialize)]
pub struct Meta<'m> {
    pub id: &'m str,
    pub file: &'m str,
    pub visibility: Visibility,
    /// The Markdown body, for the view to render; the open data carries it as HTML.
    #[serde(skip)]
    pub body: &'m str,
}

impl<'m> Meta<'m> {
    fn of(meta: &'m model::Meta) -> Meta<'m> {
        Meta {
            id: &meta.id,
            file: &meta.file,
            visibility: meta.visibility,
            body: &meta.body,
        }
    }
}

fn ids(list: &[crate::diag::Spanned<String>]) -> Vec<&str> {
    list.iter().map(|s| s.value.as_str()).collect()
}

fn text(value: &Option<String>) -> Option<&str> {
    value.as_deref()
}

/// A date of a record that counts only once it has happened (`as_of` or before).
fn by(date: Option<NaiveDate>, as_of: NaiveDate) -> Option<NaiveDate> {
    date.filter(|d| *d <= as_of)
}

#[derive(Debug, Clone, Serialize)]
pub struct Term<'m> {
    pub id: &'m str,
    pub name: &'m str,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl<'m> Term<'m> {
    pub fn of(t: &'m model::Term) -> Term<'m> {
        Term {
            id: &t.id.value,
            name: &t.name,
            start: t.start.value,
            end: t.end.value,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Site<'m> {
    pub title: &'m str,
    pub body: &'m str,
    pub base_url: &'m str,
    pub terms: Vec<Term<'m>>,
    pub rules: model::RuleParams,
    /// The address of a file's history in the repository's web view (`{path}` for its
    /// path), when `site.yaml` names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history_url: Option<&'m str>,
    /// The address of a commit in the repository's web view (`{commit}` for its id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit_url: Option<&'m str>,
}

impl<'m> Site<'m> {
    /// The settings, with the numbers of the regulation profile in force.
    pub fn of(s: &'m model::Site, rules: model::RuleParams) -> Site<'m> {
        Site {
            title: &s.title,
            body: &s.body,
            base_url: &s.base_url,
            terms: s.terms.iter().map(Term::of).collect(),
            rules,
            history_url: s.history_url.as_deref(),
            commit_url: s.commit_url.as_deref(),
        }
    }
}

/// A deputy without their `private:` values.
#[derive(Debug, Clone, Serialize)]
pub struct Deputy<'m> {
    pub meta: Meta<'m>,
    pub name: &'m str,
    pub grassroots: bool,
    pub region: &'m str,
    pub terms: Vec<&'m str>,
    pub joined: Option<NaiveDate>,
    pub left: Option<NaiveDate>,
    pub gender: Option<&'m str>,
    pub ethnicity: Option<&'m str>,
    pub occupation: Option<&'m str>,
    pub sector: Option<&'m str>,
    pub fields: &'m [String],
    pub group: Option<&'m str>,
}

impl<'m> Deputy<'m> {
    pub fn of(d: &'m model::Deputy) -> Deputy<'m> {
        Deputy {
            meta: Meta::of(&d.meta),
            name: &d.name,
            grassroots: d.grassroots,
            region: &d.region,
            terms: ids(&d.terms),
            joined: d.joined.as_ref().map(|j| j.value),
            left: d.left.as_ref().map(|l| l.value),
            gender: text(&d.gender),
            ethnicity: text(&d.ethnicity),
            occupation: text(&d.occupation),
            sector: text(&d.sector),
            fields: &d.fields,
            group: d.group.as_ref().map(|g| g.value.as_str()),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Link<'m> {
    pub deputy: &'m str,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Member<'m> {
    pub meta: Meta<'m>,
    pub name: &'m str,
    pub role: Role,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub links: Vec<Link<'m>>,
}

impl<'m> Member<'m> {
    pub fn of(m: &'m model::Member) -> Member<'m> {
        Member {
            meta: Meta::of(&m.meta),
            name: &m.name,
            role: m.role,
            from: m.from.value,
            to: m.to.as_ref().map(|t| t.value),
            links: m
                .links
                .iter()
                .map(|l| Link {
                    deputy: &l.deputy.value,
                    from: l.from.value,
                    to: l.to.as_ref().map(|t| t.value),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Group<'m> {
    pub meta: Meta<'m>,
    pub name: &'m str,
    pub basis: Basis,
}

impl<'m> Group<'m> {
    pub fn of(g: &'m model::Group) -> Group<'m> {
        Group {
            meta: Meta::of(&g.meta),
            name: &g.name,
            basis: g.basis,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Assigned<'m> {
    pub to: &'m str,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, Serialize)]
pub struct Feedback<'m> {
    pub date: NaiveDate,
    pub at_meeting: bool,
    pub summary: Option<&'m str>,
}

/// An opinion of a public record; its handling is shown only as far as it happened by
/// `as_of`.
#[derive(Debug, Clone, Serialize)]
pub struct Opinion<'m> {
    pub no: u32,
    pub deputies: Vec<&'m str>,
    pub summary: &'m str,
    pub category: Option<Category>,
    pub complex: bool,
    pub assigned: Option<Assigned<'m>>,
    pub explained: Option<NaiveDate>,
    pub feedback: Option<Feedback<'m>>,
}

impl<'m> Opinion<'m> {
    fn of(o: &'m model::Opinion, as_of: NaiveDate) -> Opinion<'m> {
        Opinion {
            no: o.no.value,
            deputies: ids(&o.deputies),
            summary: &o.summary,
            category: o.category,
            complex: o.complex,
            assigned: o
                .assigned
                .as_ref()
                .filter(|a| a.date.value <= as_of)
                .map(|a| Assigned {
                    to: &a.to,
                    date: a.date.value,
                }),
            explained: by(o.explained.as_ref().map(|d| d.value), as_of),
            feedback: o
                .feedback
                .as_ref()
                .filter(|f| f.date.value <= as_of)
                .map(|f| Feedback {
                    date: f.date.value,
                    at_meeting: f.at_meeting,
                    summary: f.summary.as_deref(),
                }),
        }
    }

    fn list(list: &'m [model::Opinion], as_of: NaiveDate) -> Vec<Opinion<'m>> {
        list.iter().map(|o| Opinion::of(o, as_of)).collect()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AgendaItem<'m> {
    pub no: u32,
    pub title: &'m str,
    pub kind: AgendaKind,
    pub bill: Option<&'m str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Attendee<'m> {
    pub deputy: &'m str,
    pub basis: Vec<AttendanceBasis>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Meeting<'m> {
    pub meta: Meta<'m>,
    pub title: &'m str,
    pub term: &'m str,
    pub session: u32,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub materials_sent: NaiveDate,
    pub agenda: Vec<AgendaItem<'m>>,
    pub attendees: Vec<Attendee<'m>>,
    pub opinions: Vec<Opinion<'m>>,
}

impl<'m> Meeting<'m> {
    pub fn of(m: &'m model::Meeting, as_of: NaiveDate) -> Meeting<'m> {
        Meeting {
            meta: Meta::of(&m.meta),
            title: &m.title,
            term: &m.term.value,
            session: m.session,
            start: m.start.value,
            end: m.end.value,
            materials_sent: m.materials_sent.value,
            agenda: m
                .agenda
                .iter()
                .map(|a| AgendaItem {
                    no: a.no.value,
                    title: &a.title,
                    kind: a.kind,
                    bill: a.bill.as_ref().map(|b| b.value.as_str()),
                })
                .collect(),
            attendees: m
                .attendees
                .iter()
                .map(|a| Attendee {
                    deputy: &a.deputy.value,
                    basis: a.basis.iter().map(|b| b.value).collect(),
                })
                .collect(),
            opinions: Opinion::list(&m.opinions, as_of),
        }
    }
}

/// A session of the people's congress and the 审议意见 given at it.
#[derive(Debug, Clone, Serialize)]
pub struct Session<'m> {
    pub meta: Meta<'m>,
    pub title: &'m str,
    pub term: &'m str,
    pub session: u32,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub opinions: Vec<Opinion<'m>>,
}

impl<'m> Session<'m> {
    pub fn of(s: &'m model::Session, as_of: NaiveDate) -> Session<'m> {
        Session {
            meta: Meta::of(&s.meta),
            title: &s.title,
            term: &s.term.value,
            session: s.session,
            start: s.start.value,
            end: s.end.value,
            opinions: Opinion::list(&s.opinions, as_of),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Solicitation<'m> {
    pub meta: Meta<'m>,
    pub title: &'m str,
    pub date: NaiveDate,
    pub bill: Option<&'m str>,
    pub channel: &'m str,
    pub deputies: Vec<&'m str>,
    pub responses: Option<u32>,
}

impl<'m> Solicitation<'m> {
    pub fn of(s: &'m model::Solicitation) -> Solicitation<'m> {
        Solicitation {
            meta: Meta::of(&s.meta),
            title: &s.title,
            date: s.date.value,
            bill: s.bill.as_ref().map(|b| b.value.as_str()),
            channel: &s.channel,
            deputies: ids(&s.deputies),
            responses: s.responses,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Symposium<'m> {
    pub meta: Meta<'m>,
    pub title: &'m str,
    pub date: NaiveDate,
    pub topic: Topic,
    pub members: Vec<&'m str>,
    pub deputies: Vec<&'m str>,
    pub opinions: Vec<Opinion<'m>>,
}

impl<'m> Symposium<'m> {
    pub fn of(s: &'m model::Symposium, as_of: NaiveDate) -> Symposium<'m> {
        Symposium {
            meta: Meta::of(&s.meta),
            title: &s.title,
            date: s.date.value,
            topic: s.topic,
            members: ids(&s.members),
            deputies: ids(&s.deputies),
            opinions: Opinion::list(&s.opinions, as_of),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Activity<'m> {
    pub meta: Meta<'m>,
    pub title: &'m str,
    pub kind: ActivityKind,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub organizer: &'m str,
    pub delegated_to: Option<&'m str>,
    pub group: Option<&'m str>,
    pub members: Vec<&'m str>,
    pub deputies: Vec<&'m str>,
    pub opinions: Vec<Opinion<'m>>,
}

impl<'m> Activity<'m> {
    pub fn of(a: &'m model::Activity, as_of: NaiveDate) -> Activity<'m> {
        Activity {
            meta: Meta::of(&a.meta),
            title: &a.title,
            kind: a.kind,
            start: a.start.value,
            end: a.end.as_ref().map(|e| e.value),
            organizer: &a.organizer,
            delegated_to: a.delegated_to.as_deref(),
            group: a.group.as_ref().map(|g| g.value.as_str()),
            members: ids(&a.members),
            deputies: ids(&a.deputies),
            opinions: Opinion::list(&a.opinions, as_of),
        }
    }
}

/// A contact record marked public.
#[derive(Debug, Clone, Serialize)]
pub struct Contact<'m> {
    pub meta: Meta<'m>,
    pub member: &'m str,
    pub deputy: &'m str,
    pub date: NaiveDate,
    pub channel: Channel,
    pub listened: bool,
    pub opinions: Vec<Opinion<'m>>,
}

impl<'m> Contact<'m> {
    pub fn of(c: &'m model::Contact, as_of: NaiveDate) -> Contact<'m> {
        Contact {
            meta: Meta::of(&c.meta),
            member: &c.member.value,
            deputy: &c.deputy.value,
            date: c.date.value,
            channel: c.channel,
            listened: c.listened,
            opinions: Opinion::list(&c.opinions, as_of),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Forwarded<'m> {
    pub to: &'m str,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, Serialize)]
pub struct Reply {
    pub date: NaiveDate,
    pub written: bool,
}

/// A letter or visit the deputy agreed to publish (`visibility: public`).
#[derive(Debug, Clone, Serialize)]
pub struct Letter<'m> {
    pub meta: Meta<'m>,
    pub deputy: &'m str,
    pub received: NaiveDate,
    pub channel: LetterChannel,
    pub subject: &'m str,
    pub major: bool,
    pub complex: bool,
    pub forwarded: Option<Forwarded<'m>>,
    pub reply: Option<Reply>,
    pub reported: Option<NaiveDate>,
}

impl<'m> Letter<'m> {
    pub fn of(l: &'m model::Letter, as_of: NaiveDate) -> Letter<'m> {
        Letter {
            meta: Meta::of(&l.meta),
            deputy: &l.deputy.value,
            received: l.received.value,
            channel: l.channel,
            subject: &l.subject,
            major: l.major,
            complex: l.complex,
            forwarded: l
                .forwarded
                .as_ref()
                .filter(|f| f.date.value <= as_of)
                .map(|f| Forwarded {
                    to: &f.to,
                    date: f.date.value,
                }),
            reply: l
                .reply
                .as_ref()
                .filter(|r| r.date.value <= as_of)
                .map(|r| Reply {
                    date: r.date.value,
                    written: r.written,
                }),
            reported: by(l.reported.as_ref().map(|r| r.value), as_of),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Page<'m> {
    pub meta: Meta<'m>,
    pub title: &'m str,
    pub order: Option<u32>,
}

impl<'m> Page<'m> {
    pub fn of(p: &'m model::Page) -> Page<'m> {
        Page {
            meta: Meta::of(&p.meta),
            title: &p.title,
            order: p.order,
        }
    }
}
