//! What every page family of the view reads: the public projection, the rules' outcome, the
//! rendered bodies and the theme's words, with the evaluations indexed by subject. It also
//! turns an evaluation into a [`Finding`]: what it is about, in words, with a link when the
//! subject has a page.

use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::labels::{Label, Labels};
use super::markdown::Bodies;
use super::{Ref, urls};
use crate::content::Kind;
use crate::public::Public;
use crate::rules::{Evaluation, OpinionSource, Outcome, Period, RuleId, Status, Subject};

/// An evaluation as a reader sees it: what it is about, in words, with a link.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub rule: RuleId,
    pub rule_title: String,
    pub article: u32,
    pub period: Period,
    pub period_label: String,
    pub status: Status,
    pub status_label: Label,
    pub subject: String,
    /// `None` when the subject is an internal record (it has no page).
    pub url: Option<String>,
    pub message: String,
    pub deadline: Option<NaiveDate>,
}

pub struct Context<'a> {
    pub public: &'a Public<'a>,
    pub outcome: &'a Outcome,
    pub bodies: &'a Bodies,
    pub labels: &'a Labels,
    /// The evaluations of each subject. Looked up for every record, never iterated: a hash
    /// map (the natural order of subjects is for sorting, not for lookups).
    by_subject: FxHashMap<&'a Subject, Vec<&'a Evaluation>>,
}

impl<'a> Context<'a> {
    pub fn new(
        public: &'a Public<'a>,
        outcome: &'a Outcome,
        bodies: &'a Bodies,
        labels: &'a Labels,
    ) -> Context<'a> {
        let mut by_subject: FxHashMap<&Subject, Vec<&Evaluation>> = FxHashMap::default();
        for e in &outcome.evaluations {
            by_subject.entry(&e.subject).or_default().push(e);
        }
        Context {
            public,
            outcome,
            bodies,
            labels,
            by_subject,
        }
    }

    pub fn as_of(&self) -> NaiveDate {
        self.public.as_of
    }

    /// The years evaluated, in order.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.outcome.stats.years.keys().copied()
    }

    /// The evaluations of a subject, in order.
    pub fn evaluations(&self, subject: &Subject) -> &[&'a Evaluation] {
        self.by_subject.get(subject).map_or(&[], Vec::as_slice)
    }

    /// The findings of a subject, in order.
    pub fn findings(&self, subject: &Subject) -> Vec<Finding> {
        self.evaluations(subject)
            .iter()
            .map(|e| self.finding(e))
            .collect()
    }

    /// The rendered body of a record (empty without one).
    pub fn body(&self, kind: Kind, id: &str) -> String {
        self.bodies.get(kind, id).to_string()
    }

    /// A link to a record's page, labelled with its name when it is public (its id otherwise).
    pub fn record_ref(&self, kind: Kind, id: &str, label: &str) -> Ref {
        Ref {
            id: id.to_string(),
            label: label.to_string(),
            url: urls::record(kind, id),
        }
    }

    /// A link to a deputy, member or group by id, labelled with its public name.
    pub fn person_ref(&self, kind: Kind, id: &str) -> Ref {
        let p = self.public;
        let label = match kind {
            Kind::Deputy => p.deputy(id).map(|d| d.name),
            Kind::Member => p.member(id).map(|m| m.name),
            Kind::Group => p.group(id).map(|g| g.name),
            _ => None,
        };
        self.record_ref(kind, id, label.unwrap_or(id))
    }

    pub fn refs(&self, kind: Kind, ids: &[&str]) -> Vec<Ref> {
        ids.iter().map(|id| self.person_ref(kind, id)).collect()
    }

    pub fn period_label(&self, period: &Period) -> String {
        match period {
            Period::Year(y) => self
                .labels
                .fill("labels.period_year", &[("year", &y.to_string())]),
            Period::Term(t) => self
                .public
                .site
                .terms
                .iter()
                .find(|term| term.id == t)
                .map_or_else(|| format!("第{t}届"), |term| term.name.to_string()),
        }
    }

    /// The status of an evaluation in words: a not-met aim (“争取”) reads 尚未实现.
    pub fn status_label(&self, e: &Evaluation) -> Label {
        if e.status == Status::NotMet && self.outcome.is_aim(&e.rule) {
            self.labels.text("labels.status_aim.not_met")
        } else {
            self.labels.status(e.status)
        }
    }

    /// The last day of a period: 31 Dec, or the term's end.
    pub fn period_end(&self, period: &Period) -> NaiveDate {
        match period {
            Period::Year(y) => crate::rules::calendar::dec31(*y),
            Period::Term(t) => self
                .public
                .site
                .terms
                .iter()
                .find(|term| term.id == t)
                .map_or(self.outcome.as_of, |term| term.end),
        }
    }

    pub fn finding(&self, e: &Evaluation) -> Finding {
        let (subject, url) = self.subject(&e.subject);
        Finding {
            rule: e.rule.clone(),
            rule_title: self.outcome.title(&e.rule),
            article: e.article,
            period: e.period.clone(),
            period_label: self.period_label(&e.period),
            status: e.status,
            status_label: self.status_label(e),
            subject,
            url,
            message: e.message.clone(),
            deadline: e.detail.deadline,
        }
    }

    fn deputy_name(&self, id: &str) -> String {
        self.public.deputy_name(id).unwrap_or(id).to_string()
    }

    fn member_name(&self, id: &str) -> String {
        self.public.member_name(id).unwrap_or(id).to_string()
    }

    /// The subject in words and its page (`None` for an internal record).
    fn subject(&self, subject: &Subject) -> (String, Option<String>) {
        let p = self.public;
        let l = self.labels;
        match subject {
            Subject::Meeting { meeting } => {
                let title = p.meeting(meeting).map_or(meeting.as_str(), |r| r.title);
                self.linked(Kind::Meeting, meeting, title.to_string(), "")
            }
            Subject::Deputy { deputy } => {
                self.linked(Kind::Deputy, deputy, self.deputy_name(deputy), "")
            }
            Subject::Member { member } => {
                self.linked(Kind::Member, member, self.member_name(member), "")
            }
            Subject::Link { member, deputy } => {
                let words = l.fill(
                    "labels.subject.link",
                    &[
                        ("member", &self.member_name(member)),
                        ("deputy", &self.deputy_name(deputy)),
                    ],
                );
                self.linked(Kind::Member, member, words, "")
            }
            Subject::Activity { activity } => {
                let title = p.activity(activity).map_or(activity.as_str(), |r| r.title);
                self.linked(Kind::Activity, activity, title.to_string(), "")
            }
            Subject::Group { group } => {
                let name = p.group(group).map_or(group.as_str(), |g| g.name);
                self.linked(Kind::Group, group, name.to_string(), "")
            }
            Subject::Year { year } => (
                l.fill("labels.subject.year", &[("year", year)]),
                Some(urls::compliance(year)),
            ),
            Subject::Agenda { agenda } => {
                let record = p.meeting(&agenda.meeting);
                let item = record.and_then(|r| r.agenda.iter().find(|a| a.no == agenda.no));
                let words = match (record, item) {
                    (Some(r), Some(i)) => l.fill(
                        "labels.subject.agenda",
                        &[("meeting", r.title), ("item", i.title)],
                    ),
                    _ => agenda.to_string(),
                };
                let anchor = format!("#{}", urls::agenda_anchor(agenda.no));
                self.linked(Kind::Meeting, &agenda.meeting, words, &anchor)
            }
            Subject::Letter { letter } => match p.letter(letter) {
                Some(public) => (
                    l.fill(
                        "labels.subject.public_letter",
                        &[("subject", public.subject)],
                    ),
                    Some(urls::public_letter(letter)),
                ),
                None => (l.text("labels.subject.internal_letter").to_string(), None),
            },
            Subject::Opinion { opinion } => {
                let no = opinion.no.to_string();
                let record = opinion.record.as_str();
                let title = match opinion.source {
                    OpinionSource::Meetings => p.meeting(record).map(|r| r.title),
                    OpinionSource::Symposiums => p.symposium(record).map(|r| r.title),
                    OpinionSource::Activities => p.activity(record).map(|r| r.title),
                    OpinionSource::Sessions => p.session(record).map(|r| r.title),
                    OpinionSource::Contacts => {
                        // Contacts have no page of their own: public ones are listed on their
                        // member's page.
                        let contact = p.contact(record).filter(|c| p.member(c.member).is_some());
                        return match contact {
                            Some(c) => (
                                l.fill(
                                    "labels.subject.contact_opinion",
                                    &[
                                        ("member", &self.member_name(c.member)),
                                        ("deputy", &self.deputy_name(c.deputy)),
                                        ("no", &no),
                                    ],
                                ),
                                Some(urls::contact(c.member, record)),
                            ),
                            None => (
                                l.text("labels.subject.internal_contact_opinion")
                                    .to_string(),
                                None,
                            ),
                        };
                    }
                };
                let title = title.map_or_else(
                    || l.text("labels.subject.contact_record").to_string(),
                    str::to_string,
                );
                let words = l.fill(
                    "labels.subject.record_opinion",
                    &[("title", &title), ("no", &no)],
                );
                let anchor = format!("#{}", urls::opinion_anchor(opinion.no));
                self.linked(opinion.source.kind(), record, words, &anchor)
            }
        }
    }

    /// The words and page of a record's subject, or "(internal record)" without a page.
    fn linked(
        &self,
        kind: Kind,
        id: &str,
        words: String,
        anchor: &str,
    ) -> (String, Option<String>) {
        if self.public.is_public(kind, id) {
            (words, Some(format!("{}{anchor}", urls::record(kind, id))))
        } else {
            let kind = self.labels.kind(kind);
            (
                self.labels
                    .fill("labels.subject.internal", &[("kind", &kind)]),
                None,
            )
        }
    }

    /// The year of a date, as the periods of the rules count it.
    pub fn year_of(date: NaiveDate) -> i32 {
        date.year()
    }
}
