//! The view model: everything the website, the PDF report and the open data show, computed
//! once from the model and the rules' outcome. Renderers and templates only format it.
//!
//! Privacy is built in: the view is made from public records only. A deputy's `private:`
//! values are never copied into it, and internal records (letters and contacts by default)
//! appear only in figures, never with their text (SPEC §6).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::content::Kind;
use crate::model::{Model, Opinion};
use crate::render::{charts, markdown};
use crate::rules::stats::{Counts, Figures};
use crate::rules::{Evaluation, Outcome, Period, Rule, Stats, Status, Subject};

/// A link to a page of the site: the id, what to show, and the URL relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Ref {
    pub id: String,
    pub label: String,
    pub url: String,
}

/// A link with the date it happened.
#[derive(Debug, Clone, Serialize)]
pub struct Dated {
    pub date: NaiveDate,
    #[serde(flatten)]
    pub record: Ref,
    /// What kind of event, in words (活动类型, 列席依据 …).
    pub note: String,
}

pub fn url(kind: Kind, id: &str) -> String {
    format!("{}/{id}.html", kind.folder())
}

fn record_ref(kind: Kind, id: &str, label: &str) -> Ref {
    Ref {
        id: id.to_string(),
        label: label.to_string(),
        url: url(kind, id),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TermInfo {
    pub id: String,
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub years: Vec<i32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SiteInfo {
    pub title: String,
    pub body: String,
    pub base_url: String,
    pub as_of: NaiveDate,
    /// The year of `as_of`, the one the home page shows.
    pub year: i32,
    pub years: Vec<i32>,
    pub terms: Vec<TermInfo>,
    pub rules: crate::model::RuleParams,
    pub pages: Vec<Ref>,
}

/// An opinion of a public record, with its answer and the status of its rule.
#[derive(Debug, Clone, Serialize)]
pub struct OpinionRow {
    /// `<kind>/<record id>/<no>`
    pub id: String,
    pub source: &'static str,
    pub source_label: &'static str,
    pub record: Ref,
    /// The anchor of the opinion on its record's page.
    pub anchor: String,
    pub date: NaiveDate,
    pub year: i32,
    pub no: u32,
    pub deputies: Vec<Ref>,
    pub summary: String,
    pub category: Option<&'static str>,
    pub category_label: Option<&'static str>,
    pub complex: bool,
    pub assigned_to: Option<String>,
    pub assigned: Option<NaiveDate>,
    pub explained: Option<NaiveDate>,
    pub feedback: Option<NaiveDate>,
    pub feedback_at_meeting: bool,
    pub feedback_summary: Option<String>,
    pub days_to_feedback: Option<i64>,
    /// The rule the opinion is under (A7, A10, A12.3), none for activity opinions.
    pub rule: Option<Rule>,
    /// `met` / `pending` / `not_met` under its rule, or `answered` / `open` without one.
    pub status: &'static str,
    pub status_label: &'static str,
    pub message: String,
    pub deadline: Option<NaiveDate>,
}

/// An evaluation as a reader sees it: what it is about, in words, with a link.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub rule: Rule,
    pub rule_title: &'static str,
    pub article: u32,
    pub period: String,
    pub period_label: String,
    pub status: Status,
    pub status_label: &'static str,
    pub subject: String,
    /// `None` when the subject is an internal record (it has no page).
    pub url: Option<String>,
    pub message: String,
    pub deadline: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Attendance {
    pub meeting: Ref,
    pub date: NaiveDate,
    pub basis: Vec<&'static str>,
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
    pub opinions: Vec<OpinionRow>,
    pub linked_by: Vec<Ref>,
    /// Letters and contacts are counted, never shown (internal by default).
    pub letters: u32,
    pub contacts: u32,
    pub findings: Vec<Finding>,
}

/// One cell of a member's table: contacts with a linked deputy in a year against the bar.
#[derive(Debug, Clone, Serialize)]
pub struct ListenCell {
    pub year: i32,
    pub count: u32,
    pub required: u32,
    pub status: Status,
    pub status_label: &'static str,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LinkRow {
    pub deputy: Ref,
    pub grassroots: bool,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    /// One per year of `MemberPage::years`; `None` where not linked that year.
    pub cells: Vec<Option<ListenCell>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MemberYearRow {
    pub year: i32,
    pub contacts: u32,
    pub contacts_listened: u32,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContactRow {
    pub id: String,
    pub date: NaiveDate,
    pub deputy: Ref,
    pub channel: &'static str,
    pub listened: bool,
    pub body_html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MemberPage {
    #[serde(flatten)]
    pub link: Ref,
    pub name: String,
    pub role: &'static str,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub years: Vec<i32>,
    pub links: Vec<LinkRow>,
    pub yearly: Vec<MemberYearRow>,
    pub symposiums: Vec<Dated>,
    pub activities: Vec<Dated>,
    pub public_contacts: Vec<ContactRow>,
    pub body_html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupPage {
    #[serde(flatten)]
    pub link: Ref,
    pub basis: &'static str,
    pub deputies: Vec<Ref>,
    pub activities: Vec<Dated>,
    pub body_html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgendaRow {
    pub no: u32,
    pub title: String,
    pub kind: &'static str,
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
    pub attendee_refs: Vec<(Ref, Vec<&'static str>)>,
    pub opinions: Vec<OpinionRow>,
    pub findings: Vec<Finding>,
    pub body_html: String,
}

/// A symposium, an activity or a solicitation: an event with people and opinions.
#[derive(Debug, Clone, Serialize)]
pub struct EventPage {
    #[serde(flatten)]
    pub link: Ref,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub date: NaiveDate,
    /// The year of `date` (the search index's year filter).
    pub year: i32,
    pub end: Option<NaiveDate>,
    pub details: Vec<(String, String)>,
    pub members: Vec<Ref>,
    pub deputies: Vec<Ref>,
    pub opinions: Vec<OpinionRow>,
    pub findings: Vec<Finding>,
    pub body_html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LetterRow {
    pub id: String,
    pub deputy: Ref,
    pub received: NaiveDate,
    pub channel: &'static str,
    pub subject: String,
    pub major: bool,
    pub forwarded_to: Option<String>,
    pub forwarded: Option<NaiveDate>,
    pub reply: Option<NaiveDate>,
    pub written: bool,
    pub findings: Vec<Finding>,
    pub body_html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleRow {
    pub rule: Rule,
    pub article: u32,
    pub title: &'static str,
    #[serde(flatten)]
    pub counts: Counts,
    pub met_percent: Option<u32>,
}

/// The compliance dashboard of a year or a term.
#[derive(Debug, Clone, Serialize)]
pub struct CompliancePeriod {
    /// `2024` or `term-14`: the page's file name.
    pub slug: String,
    pub label: String,
    pub rows: Vec<RuleRow>,
    pub total: Counts,
    /// Not met first, then pending.
    pub findings: Vec<Finding>,
    pub chart: charts::Chart,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    pub number: u32,
    pub heading: String,
    pub anchor: String,
    pub html: String,
    /// The rules that cite this article.
    pub rules: Vec<(Rule, &'static str)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RegulationPage {
    pub preamble_html: String,
    pub articles: Vec<ArticleView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FreePage {
    #[serde(flatten)]
    pub link: Ref,
    pub body_html: String,
}

/// A pre-rendered filtered list of deputies (works without JavaScript).
#[derive(Debug, Clone, Serialize)]
pub struct DeputyFilter {
    pub slug: String,
    pub label: String,
    pub facet: &'static str,
    /// How many deputies the filter selects.
    pub count: usize,
    /// Which: positions in [`View::deputies`], in its order. Not given to templates: every
    /// directory page shows every filter, and at national scale (636 filters, 21,700
    /// deputies) the lists made each page's data 65,000 strings.
    #[serde(skip)]
    pub deputies: Vec<usize>,
}

/// Figures of one year for the home page and the report.
#[derive(Debug, Clone, Serialize)]
pub struct YearFigures {
    pub year: i32,
    pub figures: Figures,
    pub charts: Vec<charts::Chart>,
}

#[derive(Debug, Clone, Serialize)]
pub struct View {
    pub site: SiteInfo,
    pub deputies: Vec<DeputyPage>,
    pub deputy_filters: Vec<DeputyFilter>,
    pub members: Vec<MemberPage>,
    pub groups: Vec<GroupPage>,
    pub meetings: Vec<MeetingPage>,
    pub symposiums: Vec<EventPage>,
    pub activities: Vec<EventPage>,
    pub solicitations: Vec<EventPage>,
    pub opinions: Vec<OpinionRow>,
    pub public_letters: Vec<LetterRow>,
    pub compliance: Vec<CompliancePeriod>,
    pub years: Vec<YearFigures>,
    pub regulation: Option<RegulationPage>,
    pub pages: Vec<FreePage>,
    /// The newest public records, for the home page.
    pub latest: Vec<Dated>,
    pub stats: Stats,
    /// How many evaluations there are (the report states it).
    pub evaluation_count: usize,
    /// How many public records the pages show (deputies, members, meetings, symposiums,
    /// activities, solicitations; the report states it).
    pub public_records: usize,
}

/// The parts of a [`View`] that only the site's pages read.
pub struct PageParts {
    pub deputies: Vec<DeputyPage>,
    pub deputy_filters: Vec<DeputyFilter>,
    pub groups: Vec<GroupPage>,
    pub meetings: Vec<MeetingPage>,
    pub symposiums: Vec<EventPage>,
    pub activities: Vec<EventPage>,
    pub solicitations: Vec<EventPage>,
    pub opinions: Vec<OpinionRow>,
    pub public_letters: Vec<LetterRow>,
    pub pages: Vec<FreePage>,
}

impl View {
    /// Takes out what only the pages read, once they are written: the annual reports need the
    /// figures, the evaluations and the members, not every deputy's and record's page (most of
    /// the view at national scale).
    pub fn take_page_parts(&mut self) -> PageParts {
        PageParts {
            deputies: std::mem::take(&mut self.deputies),
            deputy_filters: std::mem::take(&mut self.deputy_filters),
            groups: std::mem::take(&mut self.groups),
            meetings: std::mem::take(&mut self.meetings),
            symposiums: std::mem::take(&mut self.symposiums),
            activities: std::mem::take(&mut self.activities),
            solicitations: std::mem::take(&mut self.solicitations),
            opinions: std::mem::take(&mut self.opinions),
            public_letters: std::mem::take(&mut self.public_letters),
            pages: std::mem::take(&mut self.pages),
        }
    }
}

fn period_label(model: &Model, period: &Period) -> String {
    match period {
        Period::Year(y) => format!("{y}年"),
        Period::Term(t) => model
            .site()
            .term(t)
            .map_or_else(|| format!("第{t}届"), |t| t.name.clone()),
    }
}

/// Everything the views need to resolve an evaluation's subject into words and a link.
struct Resolver<'a> {
    model: &'a Model,
}

impl Resolver<'_> {
    fn public(&self, kind: Kind, id: &str) -> bool {
        let m = self.model;
        match kind {
            Kind::Meeting => m.meetings.get(id).is_some_and(|r| r.meta.is_public()),
            Kind::Symposium => m.symposiums.get(id).is_some_and(|r| r.meta.is_public()),
            Kind::Activity => m.activities.get(id).is_some_and(|r| r.meta.is_public()),
            Kind::Contact => m.contacts.get(id).is_some_and(|r| r.meta.is_public()),
            Kind::Letter => m.letters.get(id).is_some_and(|r| r.meta.is_public()),
            Kind::Deputy => m.deputies.get(id).is_some_and(|r| r.meta.is_public()),
            Kind::Member => m.members.get(id).is_some_and(|r| r.meta.is_public()),
            _ => true,
        }
    }

    fn deputy(&self, id: &str) -> String {
        self.model
            .deputies
            .get(id)
            .map_or_else(|| id.to_string(), |d| d.name.clone())
    }

    fn member(&self, id: &str) -> String {
        self.model
            .members
            .get(id)
            .map_or_else(|| id.to_string(), |m| m.name.clone())
    }

    /// The subject in words and its page (`None` for an internal record).
    fn subject(&self, subject: &Subject) -> (String, Option<String>) {
        let m = self.model;
        match subject {
            Subject::Meeting { meeting } => {
                let title = m
                    .meetings
                    .get(meeting)
                    .map_or(meeting.as_str(), |r| r.title.as_str());
                self.linked(Kind::Meeting, meeting, title.to_string(), "")
            }
            Subject::Deputy { deputy } => {
                self.linked(Kind::Deputy, deputy, self.deputy(deputy), "")
            }
            Subject::Member { member } => {
                self.linked(Kind::Member, member, self.member(member), "")
            }
            Subject::Link { member, deputy } => self.linked(
                Kind::Member,
                member,
                format!("{} 联系 {}", self.member(member), self.deputy(deputy)),
                "",
            ),
            Subject::Activity { activity } => {
                let title = m
                    .activities
                    .get(activity)
                    .map_or(activity.as_str(), |r| r.title.as_str());
                self.linked(Kind::Activity, activity, title.to_string(), "")
            }
            Subject::Year { year } => {
                (format!("{year}年"), Some(format!("compliance/{year}.html")))
            }
            Subject::Agenda { agenda } => {
                let (meeting, no) = agenda.rsplit_once('/').unwrap_or((agenda, ""));
                let record = m.meetings.get(meeting);
                let item =
                    record.and_then(|r| r.agenda.iter().find(|a| a.no.value.to_string() == no));
                let label = match (record, item) {
                    (Some(r), Some(i)) => format!("{}：{}", r.title, i.title),
                    _ => agenda.clone(),
                };
                self.linked(Kind::Meeting, meeting, label, &format!("#agenda-{no}"))
            }
            Subject::Letter { letter } => {
                let subject = m
                    .letters
                    .get(letter)
                    .map(|l| l.subject.clone())
                    .unwrap_or_default();
                if self.public(Kind::Letter, letter) {
                    (
                        format!("代表来信：{subject}"),
                        Some(format!("letters/index.html#letter-{letter}")),
                    )
                } else {
                    ("代表来信来访（内容不公开）".to_string(), None)
                }
            }
            Subject::Opinion { opinion } => {
                let mut parts = opinion.splitn(3, '/');
                let (kind, record, no) = (
                    parts.next().unwrap_or(""),
                    parts.next().unwrap_or(""),
                    parts.next().unwrap_or(""),
                );
                let (kind, title) = match kind {
                    "meetings" => (
                        Kind::Meeting,
                        m.meetings.get(record).map(|r| r.title.clone()),
                    ),
                    "symposiums" => (
                        Kind::Symposium,
                        m.symposiums.get(record).map(|r| r.title.clone()),
                    ),
                    "activities" => (
                        Kind::Activity,
                        m.activities.get(record).map(|r| r.title.clone()),
                    ),
                    _ => (Kind::Contact, None),
                };
                if kind == Kind::Contact {
                    // Contacts have no page of their own: public ones are listed on their
                    // member's page.
                    return match m
                        .contacts
                        .get(record)
                        .filter(|c| c.meta.is_public() && self.public(Kind::Member, &c.member))
                    {
                        Some(c) => (
                            format!(
                                "{}联系{}时提出的第{no}条意见",
                                self.member(&c.member),
                                self.deputy(&c.deputy)
                            ),
                            Some(format!("{}#contact-{record}", url(Kind::Member, &c.member))),
                        ),
                        None => ("联系代表时提出的意见（内容不公开）".to_string(), None),
                    };
                }
                let title = title.unwrap_or_else(|| "联系代表记录".to_string());
                self.linked(
                    kind,
                    record,
                    format!("{title} 第{no}条意见"),
                    &format!("#opinion-{no}"),
                )
            }
        }
    }

    fn linked(
        &self,
        kind: Kind,
        id: &str,
        label: String,
        anchor: &str,
    ) -> (String, Option<String>) {
        if self.public(kind, id) {
            (label, Some(format!("{}{anchor}", url(kind, id))))
        } else {
            (format!("{}（内部记录）", kind.label()), None)
        }
    }

    fn finding(&self, e: &Evaluation) -> Finding {
        let (subject, url) = self.subject(&e.subject);
        Finding {
            rule: e.rule,
            rule_title: e.rule.title(),
            article: e.article,
            period: e.period.to_string(),
            period_label: period_label(self.model, &e.period),
            status: e.status,
            status_label: e.status.label(),
            subject,
            url,
            message: e.message.clone(),
            deadline: e.detail.deadline,
        }
    }
}

fn public_ref(model: &Model, kind: Kind, id: &str) -> Ref {
    let label = match kind {
        Kind::Deputy => model.deputies.get(id).map(|d| d.name.clone()),
        Kind::Member => model.members.get(id).map(|m| m.name.clone()),
        Kind::Group => model.groups.get(id).map(|g| g.name.clone()),
        _ => None,
    };
    record_ref(kind, id, &label.unwrap_or_else(|| id.to_string()))
}

/// Builds the view of a valid model as of the outcome's date.
pub fn build(model: &Model, outcome: &Outcome) -> View {
    // The compliance dashboards depend on nothing else in the view: made side by side with
    // the record pages.
    let resolver = Resolver { model };
    let (compliance, view) = rayon::join(
        || compliance_periods(model, outcome, &resolver),
        || build_records(model, outcome),
    );
    View { compliance, ..view }
}

/// The view without its compliance dashboards.
fn build_records(model: &Model, outcome: &Outcome) -> View {
    let resolver = Resolver { model };
    let as_of = outcome.as_of;
    let site = model.site();
    let happened = |d: NaiveDate| d <= as_of;

    // Evaluations indexed by subject, to show each record's findings on its page.
    // Looked up for every record (never iterated, so a hash map; the natural-order
    // comparison of subjects is for sorting, not for lookups).
    let mut by_subject: rustc_hash::FxHashMap<&Subject, Vec<&Evaluation>> = Default::default();
    for e in &outcome.evaluations {
        by_subject.entry(&e.subject).or_default().push(e);
    }
    let findings_of = |subject: &Subject| -> Vec<Finding> {
        by_subject
            .get(subject)
            .map(|list| list.iter().map(|e| resolver.finding(e)).collect())
            .unwrap_or_default()
    };
    let opinion_rows = |source: Kind,
                        record_id: &str,
                        title: &str,
                        date: NaiveDate,
                        opinions: &[Opinion]|
     -> Vec<OpinionRow> {
        opinions
            .iter()
            .map(|o| {
                let id = format!("{}/{record_id}/{}", source.folder(), o.no.value);
                let evaluation = by_subject
                    .get(&Subject::Opinion {
                        opinion: id.clone(),
                    })
                    .and_then(|l| l.first().copied());
                let feedback = o.feedback.as_ref().filter(|f| happened(f.date.value));
                let (status, status_label, message, deadline, rule) = match evaluation {
                    Some(e) => (
                        e.status.code(),
                        e.status.label(),
                        e.message.clone(),
                        e.detail.deadline,
                        Some(e.rule),
                    ),
                    None if feedback.is_some() => ("answered", "已反馈", String::new(), None, None),
                    None => ("open", "未反馈", String::new(), None, None),
                };
                OpinionRow {
                    anchor: format!("opinion-{}", o.no.value),
                    source: source.folder(),
                    source_label: source.label(),
                    record: record_ref(source, record_id, title),
                    date,
                    year: date.year(),
                    no: o.no.value,
                    deputies: o
                        .deputies
                        .iter()
                        .map(|d| public_ref(model, Kind::Deputy, d))
                        .collect(),
                    summary: o.summary.clone(),
                    category: o.category.map(|c| c.as_str()),
                    category_label: o.category.map(|c| c.label()),
                    complex: o.complex,
                    assigned_to: o.assigned.as_ref().map(|a| a.to.clone()),
                    assigned: o
                        .assigned
                        .as_ref()
                        .map(|a| a.date.value)
                        .filter(|d| happened(*d)),
                    explained: o
                        .explained
                        .as_ref()
                        .map(|d| d.value)
                        .filter(|d| happened(*d)),
                    feedback: feedback.map(|f| f.date.value),
                    feedback_at_meeting: feedback.is_some_and(|f| f.at_meeting),
                    feedback_summary: feedback.and_then(|f| f.summary.clone()),
                    days_to_feedback: feedback.map(|f| (f.date.value - date).num_days()),
                    rule,
                    status,
                    status_label,
                    message,
                    deadline,
                    id,
                }
            })
            .collect()
    };

    // Meetings
    let mut meetings = Vec::new();
    for m in model
        .meetings
        .values()
        .filter(|m| m.meta.is_public() && happened(m.start.value))
    {
        let attendance: Vec<(Ref, Vec<&'static str>)> = m
            .attendees
            .iter()
            .map(|a| {
                (
                    public_ref(model, Kind::Deputy, &a.deputy),
                    a.basis.iter().map(|b| basis_label(b.value)).collect(),
                )
            })
            .collect();
        let agenda = m
            .agenda
            .iter()
            .map(|a| AgendaRow {
                no: a.no.value,
                title: a.title.clone(),
                kind: agenda_label(a.kind),
                bill: a.bill.as_ref().map(|b| b.value.clone()),
                finding: findings_of(&Subject::Agenda {
                    agenda: format!("{}/{}", m.meta.id, a.no.value),
                })
                .into_iter()
                .next(),
            })
            .collect();
        meetings.push(MeetingPage {
            link: record_ref(Kind::Meeting, &m.meta.id, &m.title),
            session: m.session,
            term: site
                .term(&m.term)
                .map_or_else(|| m.term.value.clone(), |t| t.name.clone()),
            start: m.start.value,
            year: m.start.value.year(),
            end: m.end.value,
            materials_sent: m.materials_sent.value,
            agenda,
            attendee_refs: attendance,
            opinions: opinion_rows(
                Kind::Meeting,
                &m.meta.id,
                &m.title,
                m.end.value.max(m.start.value),
                &m.opinions,
            ),
            findings: findings_of(&Subject::Meeting {
                meeting: m.meta.id.clone(),
            }),
            body_html: m.meta.body_html.clone(),
        });
    }

    let event = |kind: Kind,
                 id: &str,
                 title: &str,
                 kind_code: &'static str,
                 kind_label: &'static str,
                 date: NaiveDate| EventPage {
        link: record_ref(kind, id, title),
        kind: kind_code,
        kind_label,
        date,
        year: date.year(),
        end: None,
        details: Vec::new(),
        members: Vec::new(),
        deputies: Vec::new(),
        opinions: Vec::new(),
        findings: Vec::new(),
        body_html: String::new(),
    };
    let refs = |kind: Kind, ids: &[crate::diag::Spanned<String>]| -> Vec<Ref> {
        ids.iter().map(|i| public_ref(model, kind, i)).collect()
    };

    let mut symposiums = Vec::new();
    for s in model
        .symposiums
        .values()
        .filter(|s| s.meta.is_public() && happened(s.date.value))
    {
        let mut page = event(
            Kind::Symposium,
            &s.meta.id,
            &s.title,
            s.topic.as_str(),
            s.topic.label(),
            s.date.value,
        );
        page.members = refs(Kind::Member, &s.members);
        page.deputies = refs(Kind::Deputy, &s.deputies);
        page.opinions = opinion_rows(
            Kind::Symposium,
            &s.meta.id,
            &s.title,
            s.date.value,
            &s.opinions,
        );
        page.body_html = s.meta.body_html.clone();
        symposiums.push(page);
    }
    let mut activities = Vec::new();
    for a in model
        .activities
        .values()
        .filter(|a| a.meta.is_public() && happened(a.start.value))
    {
        let mut page = event(
            Kind::Activity,
            &a.meta.id,
            &a.title,
            a.kind.as_str(),
            a.kind.label(),
            a.start.value,
        );
        page.end = a.end.as_ref().map(|e| e.value);
        page.details.push(("组织者".into(), a.organizer.clone()));
        if let Some(d) = &a.delegated_to {
            page.details.push(("委托组织".into(), d.clone()));
        }
        if let Some(g) = &a.group {
            page.details
                .push(("代表小组".into(), public_ref(model, Kind::Group, g).label));
        }
        page.members = refs(Kind::Member, &a.members);
        page.deputies = refs(Kind::Deputy, &a.deputies);
        page.opinions = opinion_rows(
            Kind::Activity,
            &a.meta.id,
            &a.title,
            a.start.value,
            &a.opinions,
        );
        page.findings = findings_of(&Subject::Activity {
            activity: a.meta.id.clone(),
        });
        page.body_html = a.meta.body_html.clone();
        activities.push(page);
    }
    let mut solicitations = Vec::new();
    for s in model
        .solicitations
        .values()
        .filter(|s| s.meta.is_public() && happened(s.date.value))
    {
        let mut page = event(
            Kind::Solicitation,
            &s.meta.id,
            &s.title,
            "solicitation",
            "征求意见",
            s.date.value,
        );
        page.details.push(("方式".into(), s.channel.clone()));
        if let Some(bill) = &s.bill {
            page.details.push(("法规草案".into(), bill.value.clone()));
        }
        if let Some(n) = s.responses {
            page.details
                .push(("收到意见的代表".into(), format!("{n}名")));
        }
        page.deputies = refs(Kind::Deputy, &s.deputies);
        page.body_html = s.meta.body_html.clone();
        solicitations.push(page);
    }
    let public_contacts: Vec<&crate::model::Contact> = model
        .contacts
        .values()
        .filter(|c| c.meta.is_public() && happened(c.date.value))
        .collect();

    let mut opinions: Vec<OpinionRow> = Vec::new();
    opinions.extend(meetings.iter().flat_map(|m| m.opinions.clone()));
    opinions.extend(symposiums.iter().flat_map(|s| s.opinions.clone()));
    opinions.extend(activities.iter().flat_map(|a| a.opinions.clone()));
    for c in &public_contacts {
        let title = format!(
            "{}联系{}",
            resolver.member(&c.member),
            resolver.deputy(&c.deputy)
        );
        opinions.extend(
            opinion_rows(Kind::Contact, &c.meta.id, &title, c.date.value, &c.opinions)
                .into_iter()
                .map(|mut o| {
                    o.record.url =
                        format!("{}#contact-{}", url(Kind::Member, &c.member), c.meta.id);
                    o
                }),
        );
    }
    opinions.sort_by(|a, b| (b.date, &a.id).cmp(&(a.date, &b.id)));

    // Deputies
    let mut linked_by: BTreeMap<&str, BTreeSet<Ref>> = BTreeMap::new();
    for member in model.members.values().filter(|m| m.meta.is_public()) {
        for link in &member.links {
            linked_by
                .entry(&link.deputy.value)
                .or_default()
                .insert(record_ref(Kind::Member, &member.meta.id, &member.name));
        }
    }
    // What each deputy took part in, gathered in one pass over the records (not one pass
    // per deputy).
    #[derive(Default)]
    struct Record {
        meetings: Vec<Attendance>,
        symposiums: Vec<Dated>,
        activities: Vec<Dated>,
        solicitations: Vec<Dated>,
        opinions: Vec<usize>,
        letters: u32,
        contacts: u32,
    }
    fn push_once<T>(list: &mut Vec<T>, item: T, same: impl Fn(&T, &T) -> bool) {
        if !list.last().is_some_and(|last| same(last, &item)) {
            list.push(item);
        }
    }
    let mut record_of: HashMap<String, Record> = HashMap::new();
    for m in &meetings {
        for (deputy, basis) in &m.attendee_refs {
            let attendance = Attendance {
                meeting: m.link.clone(),
                date: m.start,
                basis: basis.clone(),
            };
            push_once(
                &mut record_of.entry(deputy.id.clone()).or_default().meetings,
                attendance,
                |a, b| a.meeting == b.meeting,
            );
        }
    }
    let dated = |page: &EventPage| Dated {
        date: page.date,
        record: page.link.clone(),
        note: page.kind_label.to_string(),
    };
    for s in &symposiums {
        for deputy in &s.deputies {
            push_once(
                &mut record_of.entry(deputy.id.clone()).or_default().symposiums,
                dated(s),
                |a, b| a.record == b.record,
            );
        }
    }
    for a in &activities {
        for deputy in &a.deputies {
            push_once(
                &mut record_of.entry(deputy.id.clone()).or_default().activities,
                dated(a),
                |x, y| x.record == y.record,
            );
        }
    }
    for s in model
        .solicitations
        .values()
        .filter(|s| s.meta.is_public() && happened(s.date.value))
    {
        let item = Dated {
            date: s.date.value,
            record: record_ref(Kind::Solicitation, &s.meta.id, &s.title),
            note: "征求意见".into(),
        };
        for deputy in &s.deputies {
            push_once(
                &mut record_of
                    .entry(deputy.value.clone())
                    .or_default()
                    .solicitations,
                item.clone(),
                |a, b| a.record == b.record,
            );
        }
    }
    for (i, o) in opinions.iter().enumerate() {
        for deputy in &o.deputies {
            push_once(
                &mut record_of.entry(deputy.id.clone()).or_default().opinions,
                i,
                |a, b| a == b,
            );
        }
    }
    for l in model
        .letters
        .values()
        .filter(|l| happened(l.received.value))
    {
        record_of.entry(l.deputy.value.clone()).or_default().letters += 1;
    }
    for c in model.contacts.values().filter(|c| happened(c.date.value)) {
        record_of
            .entry(c.deputy.value.clone())
            .or_default()
            .contacts += 1;
    }
    let mut deputies = Vec::new();
    for d in model.deputies.values().filter(|d| d.meta.is_public()) {
        let id = d.meta.id.as_str();
        let record = record_of.remove(id).unwrap_or_default();
        deputies.push(DeputyPage {
            link: record_ref(Kind::Deputy, id, &d.name),
            name: d.name.clone(),
            grassroots: d.grassroots,
            region: d.region.clone(),
            group: d.group.as_ref().map(|g| public_ref(model, Kind::Group, g)),
            gender: d.gender.clone(),
            ethnicity: d.ethnicity.clone(),
            occupation: d.occupation.clone(),
            sector: d.sector.clone(),
            fields: d.fields.clone(),
            terms: d
                .terms
                .iter()
                .map(|t| {
                    site.term(t)
                        .map_or_else(|| t.value.clone(), |t| t.name.clone())
                })
                .collect(),
            joined: d.joined.as_ref().map(|j| j.value),
            left: d.left.as_ref().map(|l| l.value),
            body_html: d.meta.body_html.clone(),
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
            letters: record.letters,
            contacts: record.contacts,
            findings: findings_of(&Subject::Deputy {
                deputy: id.to_string(),
            }),
        });
    }

    // Members: the symposiums and activities each member took part in, in one pass.
    let mut member_events: HashMap<&str, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for (i, s) in symposiums.iter().enumerate() {
        for m in &s.members {
            let entry = &mut member_events.entry(m.id.as_str()).or_default().0;
            if entry.last() != Some(&i) {
                entry.push(i);
            }
        }
    }
    for (i, a) in activities.iter().enumerate() {
        for m in &a.members {
            let entry = &mut member_events.entry(m.id.as_str()).or_default().1;
            if entry.last() != Some(&i) {
                entry.push(i);
            }
        }
    }
    let years: Vec<i32> = outcome.stats.years.keys().copied().collect();
    let mut members = Vec::new();
    for m in model.members.values().filter(|m| m.meta.is_public()) {
        let id = m.meta.id.as_str();
        let member_years: Vec<i32> = years
            .iter()
            .copied()
            .filter(|y| {
                by_subject
                    .get(&Subject::Member {
                        member: id.to_string(),
                    })
                    .is_some_and(|l| l.iter().any(|e| e.period == Period::Year(*y)))
            })
            .collect();
        let mut seen_deputies = BTreeSet::new();
        let mut links = Vec::new();
        for link in &m.links {
            if !seen_deputies.insert(link.deputy.value.as_str()) {
                continue;
            }
            let subject = Subject::Link {
                member: id.to_string(),
                deputy: link.deputy.value.clone(),
            };
            let evaluations = by_subject.get(&subject).cloned().unwrap_or_default();
            let cells = member_years
                .iter()
                .map(|y| {
                    evaluations
                        .iter()
                        .find(|e| e.period == Period::Year(*y))
                        .map(|e| ListenCell {
                            year: *y,
                            count: e.detail.count.unwrap_or(0),
                            required: e.detail.required.unwrap_or(0),
                            status: e.status,
                            status_label: e.status.label(),
                            message: e.message.clone(),
                        })
                })
                .collect();
            let periods: Vec<&crate::model::Link> = m
                .links
                .iter()
                .filter(|l| l.deputy.value == link.deputy.value)
                .collect();
            links.push(LinkRow {
                deputy: public_ref(model, Kind::Deputy, &link.deputy),
                grassroots: model
                    .deputies
                    .get(&link.deputy.value)
                    .is_some_and(|d| d.grassroots),
                from: periods
                    .iter()
                    .map(|l| l.from.value)
                    .min()
                    .unwrap_or(link.from.value),
                to: if periods.iter().any(|l| l.to.is_none()) {
                    None
                } else {
                    periods
                        .iter()
                        .filter_map(|l| l.to.as_ref().map(|t| t.value))
                        .max()
                },
                cells,
            });
        }
        let yearly = member_years
            .iter()
            .map(|y| {
                let figures = outcome
                    .stats
                    .members
                    .get(id)
                    .and_then(|m| m.get(y))
                    .cloned()
                    .unwrap_or_default();
                MemberYearRow {
                    year: *y,
                    contacts: figures.contacts,
                    contacts_listened: figures.contacts_listened,
                    findings: by_subject
                        .get(&Subject::Member {
                            member: id.to_string(),
                        })
                        .map(|l| {
                            l.iter()
                                .filter(|e| e.period == Period::Year(*y))
                                .map(|e| resolver.finding(e))
                                .collect()
                        })
                        .unwrap_or_default(),
                }
            })
            .collect();
        let dated = |page: &EventPage| Dated {
            date: page.date,
            record: page.link.clone(),
            note: page.kind_label.to_string(),
        };
        members.push(MemberPage {
            link: record_ref(Kind::Member, id, &m.name),
            name: m.name.clone(),
            role: m.role.as_str(),
            from: m.from.value,
            to: m.to.as_ref().map(|t| t.value),
            years: member_years,
            links,
            yearly,
            symposiums: member_events
                .get(id)
                .map(|(s, _)| s.iter().map(|i| dated(&symposiums[*i])).collect())
                .unwrap_or_default(),
            activities: member_events
                .get(id)
                .map(|(_, a)| a.iter().map(|i| dated(&activities[*i])).collect())
                .unwrap_or_default(),
            public_contacts: public_contacts
                .iter()
                .filter(|c| c.member.value == id)
                .map(|c| ContactRow {
                    id: c.meta.id.clone(),
                    date: c.date.value,
                    deputy: public_ref(model, Kind::Deputy, &c.deputy),
                    channel: c.channel.label(),
                    listened: c.listened,
                    body_html: c.meta.body_html.clone(),
                })
                .collect(),
            body_html: m.meta.body_html.clone(),
        });
    }

    let mut group_members: HashMap<&str, Vec<Ref>> = HashMap::new();
    for d in &deputies {
        if let Some(group) = &d.group {
            group_members
                .entry(group.id.as_str())
                .or_default()
                .push(d.link.clone());
        }
    }
    let groups = model
        .groups
        .values()
        .filter(|g| g.meta.is_public())
        .map(|g| GroupPage {
            link: record_ref(Kind::Group, &g.meta.id, &g.name),
            basis: match g.basis {
                crate::model::group::Basis::Region => "按地区",
                crate::model::group::Basis::Sector => "按行业",
            },
            deputies: group_members
                .get(g.meta.id.as_str())
                .cloned()
                .unwrap_or_default(),
            activities: model
                .activities
                .values()
                .filter(|a| {
                    a.meta.is_public()
                        && happened(a.start.value)
                        && a.group.as_ref().is_some_and(|x| x.value == g.meta.id)
                })
                .map(|a| Dated {
                    date: a.start.value,
                    record: record_ref(Kind::Activity, &a.meta.id, &a.title),
                    note: a.kind.label().into(),
                })
                .collect(),
            body_html: g.meta.body_html.clone(),
        })
        .collect();

    let public_letters = model
        .letters
        .values()
        .filter(|l| l.meta.is_public() && happened(l.received.value))
        .map(|l| LetterRow {
            id: l.meta.id.clone(),
            deputy: public_ref(model, Kind::Deputy, &l.deputy),
            received: l.received.value,
            channel: match l.channel {
                crate::model::letter::LetterChannel::Letter => "来信",
                crate::model::letter::LetterChannel::Visit => "来访",
            },
            subject: l.subject.clone(),
            major: l.major,
            forwarded_to: l.forwarded.as_ref().map(|f| f.to.clone()),
            forwarded: l
                .forwarded
                .as_ref()
                .map(|f| f.date.value)
                .filter(|d| happened(*d)),
            reply: l
                .reply
                .as_ref()
                .map(|r| r.date.value)
                .filter(|d| happened(*d)),
            written: l
                .reply
                .as_ref()
                .is_some_and(|r| r.written && happened(r.date.value)),
            findings: findings_of(&Subject::Letter {
                letter: l.meta.id.clone(),
            }),
            body_html: l.meta.body_html.clone(),
        })
        .collect();

    let year_figures = outcome
        .stats
        .years
        .iter()
        .map(|(year, figures)| YearFigures {
            year: *year,
            charts: charts::year_charts(*year, figures),
            figures: figures.clone(),
        })
        .collect();

    let regulation = Some(
        model
            .regulation
            .as_ref()
            .map_or_else(regulation_outline, |r| RegulationPage {
                preamble_html: markdown::to_html(&r.preamble),
                articles: r
                    .articles
                    .iter()
                    .map(|a| ArticleView {
                        number: a.number,
                        heading: a.heading.clone(),
                        anchor: format!("article-{}", a.number),
                        html: markdown::to_html(&a.text),
                        rules: Rule::ALL
                            .iter()
                            .filter(|r| r.article() == a.number)
                            .map(|r| (*r, r.title()))
                            .collect(),
                    })
                    .collect(),
            }),
    );

    let mut page_list: Vec<&crate::model::Page> = model
        .pages
        .values()
        .filter(|p| p.meta.is_public())
        .collect();
    page_list.sort_by(|a, b| {
        (a.order.unwrap_or(u32::MAX), &a.meta.id).cmp(&(b.order.unwrap_or(u32::MAX), &b.meta.id))
    });
    let pages: Vec<FreePage> = page_list
        .iter()
        .map(|p| FreePage {
            link: record_ref(Kind::Page, &p.meta.id, &p.title),
            body_html: p.meta.body_html.clone(),
        })
        .collect();

    let mut latest: Vec<Dated> = Vec::new();
    latest.extend(meetings.iter().map(|m| Dated {
        date: m.start,
        record: m.link.clone(),
        note: "常委会会议".into(),
    }));
    for list in [&symposiums, &activities, &solicitations] {
        latest.extend(list.iter().map(|e| Dated {
            date: e.date,
            record: e.link.clone(),
            note: e.kind_label.to_string(),
        }));
    }
    latest.sort_by(|a, b| (b.date, &a.record.url).cmp(&(a.date, &b.record.url)));
    latest.truncate(8);

    let deputy_filters = deputy_filters(&deputies, model);
    let public_records = deputies.len()
        + members.len()
        + meetings.len()
        + symposiums.len()
        + activities.len()
        + solicitations.len();
    View {
        site: SiteInfo {
            title: site.title.clone(),
            body: site.body.clone(),
            base_url: site.base_url.clone(),
            as_of,
            year: as_of.year(),
            years: years.clone(),
            terms: site
                .terms
                .iter()
                .map(|t| TermInfo {
                    id: t.id.value.clone(),
                    name: t.name.clone(),
                    start: t.start.value,
                    end: t.end.value,
                    years: crate::rules::calendar::term_years(t, as_of).collect(),
                })
                .collect(),
            rules: site.rules,
            pages: pages.iter().map(|p| p.link.clone()).collect(),
        },
        deputies,
        deputy_filters,
        members,
        groups,
        meetings,
        symposiums,
        activities,
        solicitations,
        opinions,
        public_letters,
        compliance: Vec::new(),
        years: year_figures,
        regulation,
        pages,
        latest,
        stats: outcome.stats.clone(),
        evaluation_count: outcome.evaluations.len(),
        public_records,
    }
}

/// Without `content/regulation.md`: the articles the rules cite, so every link has a target.
fn regulation_outline() -> RegulationPage {
    let mut numbers: Vec<u32> = Rule::ALL.iter().map(|r| r.article()).collect();
    numbers.dedup();
    RegulationPage {
        preamble_html: "<h1>《办法》</h1>\n<p>本平台未收录条文全文（content/regulation.md）。以下列出各条对应的评估规则。</p>\n".to_string(),
        articles: numbers
            .into_iter()
            .map(|n| ArticleView {
                number: n,
                heading: format!("第{n}条"),
                anchor: format!("article-{n}"),
                html: String::new(),
                rules: Rule::ALL.iter().filter(|r| r.article() == n).map(|r| (*r, r.title())).collect(),
            })
            .collect(),
    }
}

fn deputy_filters(deputies: &[DeputyPage], model: &Model) -> Vec<DeputyFilter> {
    let mut filters = Vec::new();
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
    filters.push(filter(
        "grassroots".into(),
        "基层代表".into(),
        "grassroots",
        ids(&|d| d.grassroots),
    ));
    filters.push(filter(
        "other".into(),
        "其他代表".into(),
        "grassroots",
        ids(&|d| !d.grassroots),
    ));
    let regions: BTreeSet<&str> = deputies.iter().map(|d| d.region.as_str()).collect();
    for (n, region) in regions.iter().enumerate() {
        filters.push(filter(
            format!("region-{}", n + 1),
            region.to_string(),
            "region",
            ids(&|d| d.region == *region),
        ));
    }
    for group in model.groups.values().filter(|g| g.meta.is_public()) {
        filters.push(filter(
            format!("group-{}", group.meta.id),
            group.name.clone(),
            "group",
            ids(&|d| d.group.as_ref().is_some_and(|g| g.id == group.meta.id)),
        ));
    }
    filters
}

fn compliance_periods(
    model: &Model,
    outcome: &Outcome,
    resolver: &Resolver,
) -> Vec<CompliancePeriod> {
    let mut periods = Vec::new();
    let make = |slug: String, label: String, evaluations: Vec<&Evaluation>| {
        let mut counts: BTreeMap<Rule, Counts> = BTreeMap::new();
        let mut total = Counts::default();
        for e in &evaluations {
            counts.entry(e.rule).or_default().add(e.status);
            total.add(e.status);
        }
        let rows: Vec<RuleRow> = Rule::ALL
            .iter()
            .map(|r| {
                let c = counts.get(r).copied().unwrap_or_default();
                RuleRow {
                    rule: *r,
                    article: r.article(),
                    title: r.title(),
                    counts: c,
                    met_percent: c.met_percent(),
                }
            })
            .collect();
        let mut findings: Vec<Finding> = evaluations
            .iter()
            .filter(|e| e.status != Status::Met)
            .map(|e| resolver.finding(e))
            .collect();
        findings.sort_by_key(|f| (f.status == Status::Pending, f.rule));
        let chart = charts::compliance_chart(&label, &rows);
        CompliancePeriod {
            slug,
            label,
            rows,
            total,
            findings,
            chart,
        }
    };
    for year in outcome.stats.years.keys() {
        let list: Vec<&Evaluation> = outcome
            .evaluations
            .iter()
            .filter(|e| e.period == Period::Year(*year))
            .collect();
        periods.push(make(year.to_string(), format!("{year}年"), list));
    }
    for term in &model.site().terms {
        let years: Vec<i32> = crate::rules::calendar::term_years(term, outcome.as_of).collect();
        if years.is_empty() {
            continue;
        }
        let list: Vec<&Evaluation> = outcome
            .evaluations
            .iter()
            .filter(|e| match &e.period {
                Period::Year(y) => years.contains(y),
                Period::Term(t) => *t == term.id.value,
            })
            .collect();
        periods.push(make(
            format!("term-{}", term.id.value),
            term.name.clone(),
            list,
        ));
    }
    periods
}

fn basis_label(basis: crate::model::AttendanceBasis) -> &'static str {
    use crate::model::AttendanceBasis::*;
    match basis {
        Grassroots => "基层代表",
        Field => "相关领域代表",
        Proposer => "提出相关议案建议的代表",
        Inspection => "参加执法检查等活动的代表",
    }
}

fn agenda_label(kind: crate::model::AgendaKind) -> &'static str {
    use crate::model::AgendaKind::*;
    match kind {
        RegulationDraft => "法规草案",
        WorkReport => "工作报告",
        InspectionReport => "执法检查报告",
        Decision => "决定",
        Other => "其他",
    }
}
