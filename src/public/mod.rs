//! The public projection: what of a model may be published as of a date. It is the one place
//! that knows `visibility`, a deputy's `private:` values and the `as_of` cut (spec §6):
//!
//! - internal records (letters and contacts by default) are left out; they reach the outputs
//!   only as counts ([`Public::deputy_counts`]) and through the rules' figures;
//! - records dated after `as_of` are left out, and the handling of an opinion or a letter
//!   (assigned, explained, feedback, forwarded, reply, reported) shows only what happened by
//!   `as_of`;
//! - a deputy's `private:` values have no field in [`records::Deputy`].
//!
//! The site, the reports, the feeds, the search index (through the pages) and the open data
//! all read this projection, never the model.

pub mod records;
pub mod tables;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;

pub use records::{
    Activity, Contact, Deputy, Group, Letter, Meeting, Member, Meta, Opinion, Page, Session, Site,
    Solicitation, Symposium,
};

use crate::content::Kind;
use crate::model::Model;

/// Internal records counted per deputy (figures only: their text is never published).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeputyCounts {
    /// Letters and visits received by `as_of`.
    pub letters: u32,
    /// Contacts with members dated by `as_of`.
    pub contacts: u32,
}

/// The publishable part of a model as of a date. Every list is in id order.
pub struct Public<'m> {
    pub as_of: NaiveDate,
    pub site: Site<'m>,
    pub regulation: Option<&'m crate::model::Regulation>,
    pub deputies: Vec<Deputy<'m>>,
    pub members: Vec<Member<'m>>,
    pub groups: Vec<Group<'m>>,
    pub meetings: Vec<Meeting<'m>>,
    pub solicitations: Vec<Solicitation<'m>>,
    pub symposiums: Vec<Symposium<'m>>,
    pub activities: Vec<Activity<'m>>,
    pub contacts: Vec<Contact<'m>>,
    pub letters: Vec<Letter<'m>>,
    pub pages: Vec<Page<'m>>,
    pub sessions: Vec<Session<'m>>,
    /// The office's parts of the annual reports (written for publication), by year.
    pub reports: &'m BTreeMap<i32, crate::model::report::ReportText>,
    /// Per deputy id, the internal records counted (public ones included).
    pub deputy_counts: HashMap<&'m str, DeputyCounts>,
    /// Where the content comes from in git: the data version, and the date each file last
    /// changed (the view shows only those of the public records' files).
    pub provenance: Option<&'m crate::history::Provenance>,
    /// The 更新记录: what each recent content commit changed, named as this projection
    /// allows (set by the pipeline when the content is in git).
    pub changelog: Option<crate::history::changelog::Changelog>,
}

impl<'m> Public<'m> {
    /// Projects a valid model as of `as_of`.
    pub fn new(model: &'m Model, as_of: NaiveDate) -> Public<'m> {
        Public::project(model, as_of, None)
    }

    /// Projects only these records of a valid model (by kind, the ids), as [`Public::new`]
    /// would: for naming a few records without projecting them all. No counts per deputy.
    pub fn of_records(
        model: &'m Model,
        as_of: NaiveDate,
        records: &BTreeMap<Kind, BTreeSet<String>>,
    ) -> Public<'m> {
        Public::project(model, as_of, Some(records))
    }

    fn project(
        model: &'m Model,
        as_of: NaiveDate,
        only: Option<&BTreeMap<Kind, BTreeSet<String>>>,
    ) -> Public<'m> {
        let happened = |date: NaiveDate| date <= as_of;
        let mut deputy_counts: HashMap<&str, DeputyCounts> = HashMap::new();
        // A projection of a few records counts nothing.
        if only.is_none() {
            for letter in model
                .letters
                .values()
                .filter(|l| happened(l.received.value))
            {
                deputy_counts
                    .entry(&letter.deputy.value)
                    .or_default()
                    .letters += 1;
            }
            for contact in model.contacts.values().filter(|c| happened(c.date.value)) {
                deputy_counts
                    .entry(&contact.deputy.value)
                    .or_default()
                    .contacts += 1;
            }
        }
        // `Some` for a projection of a few records: the ids of a kind (if any).
        let ids = |kind: Kind| only.map(|o| o.get(&kind));
        Public {
            as_of,
            site: Site::of(model.site(), model.profile().numbers()),
            regulation: model.regulation.as_ref(),
            reports: &model.reports,
            deputies: public(
                &model.deputies,
                ids(Kind::Deputy),
                |r| &r.meta,
                |_| true,
                |r| Deputy::of(r),
            ),
            members: public(
                &model.members,
                ids(Kind::Member),
                |r| &r.meta,
                |_| true,
                |r| Member::of(r),
            ),
            groups: public(
                &model.groups,
                ids(Kind::Group),
                |r| &r.meta,
                |_| true,
                |r| Group::of(r),
            ),
            meetings: public(
                &model.meetings,
                ids(Kind::Meeting),
                |r| &r.meta,
                |r| happened(r.start.value),
                |r| Meeting::of(r, as_of),
            ),
            solicitations: public(
                &model.solicitations,
                ids(Kind::Solicitation),
                |r| &r.meta,
                |r| happened(r.date.value),
                |r| Solicitation::of(r),
            ),
            symposiums: public(
                &model.symposiums,
                ids(Kind::Symposium),
                |r| &r.meta,
                |r| happened(r.date.value),
                |r| Symposium::of(r, as_of),
            ),
            activities: public(
                &model.activities,
                ids(Kind::Activity),
                |r| &r.meta,
                |r| happened(r.start.value),
                |r| Activity::of(r, as_of),
            ),
            contacts: public(
                &model.contacts,
                ids(Kind::Contact),
                |r| &r.meta,
                |r| happened(r.date.value),
                |r| Contact::of(r, as_of),
            ),
            letters: public(
                &model.letters,
                ids(Kind::Letter),
                |r| &r.meta,
                |r| happened(r.received.value),
                |r| Letter::of(r, as_of),
            ),
            pages: public(
                &model.pages,
                ids(Kind::Page),
                |r| &r.meta,
                |_| true,
                |r| Page::of(r),
            ),
            sessions: public(
                &model.sessions,
                ids(Kind::Session),
                |r| &r.meta,
                |r| happened(r.start.value),
                |r| Session::of(r, as_of),
            ),
            deputy_counts,
            provenance: model.provenance.as_ref(),
            changelog: None,
        }
    }

    pub fn deputy(&self, id: &str) -> Option<&Deputy<'m>> {
        find(&self.deputies, id, |r| r.meta.id)
    }

    pub fn member(&self, id: &str) -> Option<&Member<'m>> {
        find(&self.members, id, |r| r.meta.id)
    }

    pub fn group(&self, id: &str) -> Option<&Group<'m>> {
        find(&self.groups, id, |r| r.meta.id)
    }

    pub fn meeting(&self, id: &str) -> Option<&Meeting<'m>> {
        find(&self.meetings, id, |r| r.meta.id)
    }

    pub fn symposium(&self, id: &str) -> Option<&Symposium<'m>> {
        find(&self.symposiums, id, |r| r.meta.id)
    }

    pub fn activity(&self, id: &str) -> Option<&Activity<'m>> {
        find(&self.activities, id, |r| r.meta.id)
    }

    pub fn session(&self, id: &str) -> Option<&Session<'m>> {
        find(&self.sessions, id, |r| r.meta.id)
    }

    pub fn contact(&self, id: &str) -> Option<&Contact<'m>> {
        find(&self.contacts, id, |r| r.meta.id)
    }

    pub fn letter(&self, id: &str) -> Option<&Letter<'m>> {
        find(&self.letters, id, |r| r.meta.id)
    }

    /// Whether the record of `kind` with `id` is published (a page, a row of open data).
    pub fn is_public(&self, kind: Kind, id: &str) -> bool {
        match kind {
            Kind::Deputy => self.deputy(id).is_some(),
            Kind::Member => self.member(id).is_some(),
            Kind::Group => self.group(id).is_some(),
            Kind::Meeting => self.meeting(id).is_some(),
            Kind::Solicitation => find(&self.solicitations, id, |r| r.meta.id).is_some(),
            Kind::Symposium => self.symposium(id).is_some(),
            Kind::Activity => self.activity(id).is_some(),
            Kind::Contact => self.contact(id).is_some(),
            Kind::Letter => self.letter(id).is_some(),
            Kind::Page => find(&self.pages, id, |r| r.meta.id).is_some(),
            Kind::Session => self.session(id).is_some(),
        }
    }

    /// The name of a published deputy, if they are.
    pub fn deputy_name(&self, id: &str) -> Option<&'m str> {
        self.deputy(id).map(|d| d.name)
    }

    pub fn member_name(&self, id: &str) -> Option<&'m str> {
        self.member(id).map(|m| m.name)
    }
}

/// The public records of one kind that pass `keep`, projected, in id order.
/// `only`: `Some` for a projection of a few records, with these ids of the kind (if any).
fn public<'m, R, P>(
    records: &'m BTreeMap<String, R>,
    only: Option<Option<&BTreeSet<String>>>,
    meta: impl Fn(&R) -> &crate::model::Meta,
    keep: impl Fn(&R) -> bool,
    project: impl Fn(&'m R) -> P,
) -> Vec<P> {
    let wanted = |r: &&'m R| meta(r).is_public() && keep(r);
    match only {
        None => records.values().filter(wanted).map(project).collect(),
        Some(ids) => ids
            .into_iter()
            .flatten()
            .filter_map(|id| records.get(id))
            .filter(wanted)
            .map(project)
            .collect(),
    }
}

fn find<'a, T>(list: &'a [T], id: &str, id_of: impl Fn(&T) -> &str) -> Option<&'a T> {
    list.binary_search_by(|r| id_of(r).cmp(id))
        .ok()
        .map(|i| &list[i])
}
