//! Open data: `data/lianluo.json` (every public record and every evaluation), one CSV table
//! per kind (UTF-8 with BOM, so Excel opens Chinese correctly), and `data/popolo.json` in the
//! Popolo shape. Only public records dated by `as_of` are published; private values never.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Model, Opinion};
use crate::output::Sink;
use crate::rules::{Evaluation, Outcome, Stats};

/// The public part of a model as of a date: what may be published.
pub struct Published<'a> {
    pub model: &'a Model,
    pub as_of: NaiveDate,
}

impl<'a> Published<'a> {
    fn by<T, F>(&self, map: &'a BTreeMap<String, T>, keep: F) -> Vec<&'a T>
    where
        F: Fn(&T) -> bool,
    {
        map.values().filter(|r| keep(r)).collect()
    }

    pub fn deputies(&self) -> Vec<&'a crate::model::Deputy> {
        self.by(&self.model.deputies, |d| d.meta.is_public())
    }
    pub fn members(&self) -> Vec<&'a crate::model::Member> {
        self.by(&self.model.members, |m| m.meta.is_public())
    }
    pub fn groups(&self) -> Vec<&'a crate::model::Group> {
        self.by(&self.model.groups, |g| g.meta.is_public())
    }
    pub fn meetings(&self) -> Vec<&'a crate::model::Meeting> {
        self.by(&self.model.meetings, |m| {
            m.meta.is_public() && m.start.value <= self.as_of
        })
    }
    pub fn solicitations(&self) -> Vec<&'a crate::model::Solicitation> {
        self.by(&self.model.solicitations, |s| {
            s.meta.is_public() && s.date.value <= self.as_of
        })
    }
    pub fn symposiums(&self) -> Vec<&'a crate::model::Symposium> {
        self.by(&self.model.symposiums, |s| {
            s.meta.is_public() && s.date.value <= self.as_of
        })
    }
    pub fn activities(&self) -> Vec<&'a crate::model::Activity> {
        self.by(&self.model.activities, |a| {
            a.meta.is_public() && a.start.value <= self.as_of
        })
    }
    pub fn contacts(&self) -> Vec<&'a crate::model::Contact> {
        self.by(&self.model.contacts, |c| {
            c.meta.is_public() && c.date.value <= self.as_of
        })
    }
    pub fn letters(&self) -> Vec<&'a crate::model::Letter> {
        self.by(&self.model.letters, |l| {
            l.meta.is_public() && l.received.value <= self.as_of
        })
    }
    pub fn pages(&self) -> Vec<&'a crate::model::Page> {
        self.by(&self.model.pages, |p| p.meta.is_public())
    }
}

#[derive(Serialize)]
struct Everything<'a> {
    as_of: NaiveDate,
    site: &'a crate::model::Site,
    deputies: Vec<&'a crate::model::Deputy>,
    members: Vec<&'a crate::model::Member>,
    groups: Vec<&'a crate::model::Group>,
    meetings: Vec<&'a crate::model::Meeting>,
    solicitations: Vec<&'a crate::model::Solicitation>,
    symposiums: Vec<&'a crate::model::Symposium>,
    activities: Vec<&'a crate::model::Activity>,
    contacts: Vec<&'a crate::model::Contact>,
    letters: Vec<&'a crate::model::Letter>,
    pages: Vec<&'a crate::model::Page>,
    /// The Markdown body of every public record with one, as sanitised HTML, by
    /// `<kind>/<id>`.
    bodies_html: BTreeMap<String, String>,
    evaluations: &'a [Evaluation],
    stats: &'a Stats,
}

fn bodies(p: &Published) -> BTreeMap<String, String> {
    use crate::content::Kind;
    let mut metas: Vec<(Kind, &crate::model::Meta)> = Vec::new();
    metas.extend(p.deputies().iter().map(|r| (Kind::Deputy, &r.meta)));
    metas.extend(p.members().iter().map(|r| (Kind::Member, &r.meta)));
    metas.extend(p.groups().iter().map(|r| (Kind::Group, &r.meta)));
    metas.extend(p.meetings().iter().map(|r| (Kind::Meeting, &r.meta)));
    metas.extend(
        p.solicitations()
            .iter()
            .map(|r| (Kind::Solicitation, &r.meta)),
    );
    metas.extend(p.symposiums().iter().map(|r| (Kind::Symposium, &r.meta)));
    metas.extend(p.activities().iter().map(|r| (Kind::Activity, &r.meta)));
    metas.extend(p.contacts().iter().map(|r| (Kind::Contact, &r.meta)));
    metas.extend(p.letters().iter().map(|r| (Kind::Letter, &r.meta)));
    metas.extend(p.pages().iter().map(|r| (Kind::Page, &r.meta)));
    metas
        .into_iter()
        .filter(|(_, m)| !m.body.trim().is_empty())
        .map(|(k, m)| (format!("{}/{}", k.folder(), m.id), m.body_html.clone()))
        .collect()
}

fn csv_bytes(
    header: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Result<Vec<u8>, String> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        writer.write_record(header).map_err(|e| e.to_string())?;
        for row in rows {
            writer.write_record(&row).map_err(|e| e.to_string())?;
        }
        writer.flush().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn date(d: &crate::diag::Spanned<NaiveDate>) -> String {
    d.value.to_string()
}

/// Writes `data/lianluo.json`, `data/*.csv` and `data/popolo.json`; returns the file names.
pub fn write(model: &Model, outcome: &Outcome, staging: &dyn Sink) -> Result<Vec<String>, String> {
    let p = Published {
        model,
        as_of: outcome.as_of,
    };
    // Each file is written as soon as it is made: holding all of them at once set the
    // build's peak memory.
    let mut files = Written {
        sink: staging,
        names: Vec::new(),
        error: None,
    };
    let everything = Everything {
        as_of: outcome.as_of,
        site: model.site(),
        deputies: p.deputies(),
        members: p.members(),
        groups: p.groups(),
        meetings: p.meetings(),
        solicitations: p.solicitations(),
        symposiums: p.symposiums(),
        activities: p.activities(),
        contacts: p.contacts(),
        letters: p.letters(),
        pages: p.pages(),
        bodies_html: bodies(&p),
        evaluations: &outcome.evaluations,
        stats: &outcome.stats,
    };
    files.push_json("data/lianluo.json", &everything);
    drop(everything);

    let join = |ids: &[crate::diag::Spanned<String>]| {
        ids.iter()
            .map(|i| i.value.as_str())
            .collect::<Vec<_>>()
            .join(";")
    };
    files.push((
        "data/deputies.csv".into(),
        csv_bytes(
            &[
                "id",
                "name",
                "grassroots",
                "region",
                "terms",
                "joined",
                "left",
                "gender",
                "ethnicity",
                "occupation",
                "sector",
                "fields",
                "group",
            ],
            p.deputies().iter().map(|d| {
                vec![
                    d.meta.id.clone(),
                    d.name.clone(),
                    d.grassroots.to_string(),
                    d.region.clone(),
                    join(&d.terms),
                    opt(d.joined.as_ref().map(date)),
                    opt(d.left.as_ref().map(date)),
                    opt(d.gender.clone()),
                    opt(d.ethnicity.clone()),
                    opt(d.occupation.clone()),
                    opt(d.sector.clone()),
                    d.fields.join(";"),
                    opt(d.group.as_ref().map(|g| g.value.clone())),
                ]
            }),
        )?,
    ));
    files.push((
        "data/members.csv".into(),
        csv_bytes(
            &["id", "name", "role", "from", "to"],
            p.members().iter().map(|m| {
                vec![
                    m.meta.id.clone(),
                    m.name.clone(),
                    m.role.as_str().into(),
                    date(&m.from),
                    opt(m.to.as_ref().map(date)),
                ]
            }),
        )?,
    ));
    files.push((
        "data/links.csv".into(),
        csv_bytes(
            &["member", "deputy", "from", "to"],
            p.members().iter().flat_map(|m| {
                m.links.iter().map(|l| {
                    vec![
                        m.meta.id.clone(),
                        l.deputy.value.clone(),
                        date(&l.from),
                        opt(l.to.as_ref().map(date)),
                    ]
                })
            }),
        )?,
    ));
    files.push((
        "data/groups.csv".into(),
        csv_bytes(
            &["id", "name", "basis"],
            p.groups()
                .iter()
                .map(|g| vec![g.meta.id.clone(), g.name.clone(), g.basis.as_str().into()]),
        )?,
    ));
    files.push((
        "data/meetings.csv".into(),
        csv_bytes(
            &[
                "id",
                "title",
                "term",
                "session",
                "start",
                "end",
                "materials_sent",
                "attendees",
                "opinions",
            ],
            p.meetings().iter().map(|m| {
                vec![
                    m.meta.id.clone(),
                    m.title.clone(),
                    m.term.value.clone(),
                    m.session.to_string(),
                    date(&m.start),
                    date(&m.end),
                    date(&m.materials_sent),
                    m.attendees.len().to_string(),
                    m.opinions.len().to_string(),
                ]
            }),
        )?,
    ));
    files.push((
        "data/agenda.csv".into(),
        csv_bytes(
            &["meeting", "no", "title", "kind", "bill"],
            p.meetings().iter().flat_map(|m| {
                m.agenda.iter().map(|a| {
                    vec![
                        m.meta.id.clone(),
                        a.no.value.to_string(),
                        a.title.clone(),
                        a.kind.as_str().into(),
                        opt(a.bill.as_ref().map(|b| b.value.clone())),
                    ]
                })
            }),
        )?,
    ));
    files.push((
        "data/attendees.csv".into(),
        csv_bytes(
            &["meeting", "deputy", "basis"],
            p.meetings().iter().flat_map(|m| {
                m.attendees.iter().map(|a| {
                    vec![
                        m.meta.id.clone(),
                        a.deputy.value.clone(),
                        a.basis
                            .iter()
                            .map(|b| b.value.as_str())
                            .collect::<Vec<_>>()
                            .join(";"),
                    ]
                })
            }),
        )?,
    ));
    files.push((
        "data/solicitations.csv".into(),
        csv_bytes(
            &[
                "id",
                "title",
                "date",
                "bill",
                "channel",
                "deputies",
                "responses",
            ],
            p.solicitations().iter().map(|s| {
                vec![
                    s.meta.id.clone(),
                    s.title.clone(),
                    date(&s.date),
                    opt(s.bill.as_ref().map(|b| b.value.clone())),
                    s.channel.clone(),
                    join(&s.deputies),
                    opt(s.responses),
                ]
            }),
        )?,
    ));
    files.push((
        "data/symposiums.csv".into(),
        csv_bytes(
            &[
                "id", "title", "date", "topic", "members", "deputies", "opinions",
            ],
            p.symposiums().iter().map(|s| {
                vec![
                    s.meta.id.clone(),
                    s.title.clone(),
                    date(&s.date),
                    s.topic.as_str().into(),
                    join(&s.members),
                    join(&s.deputies),
                    s.opinions.len().to_string(),
                ]
            }),
        )?,
    ));
    files.push((
        "data/activities.csv".into(),
        csv_bytes(
            &[
                "id",
                "title",
                "kind",
                "start",
                "end",
                "organizer",
                "delegated_to",
                "group",
                "members",
                "deputies",
                "opinions",
            ],
            p.activities().iter().map(|a| {
                vec![
                    a.meta.id.clone(),
                    a.title.clone(),
                    a.kind.as_str().into(),
                    date(&a.start),
                    opt(a.end.as_ref().map(date)),
                    a.organizer.clone(),
                    opt(a.delegated_to.clone()),
                    opt(a.group.as_ref().map(|g| g.value.clone())),
                    join(&a.members),
                    join(&a.deputies),
                    a.opinions.len().to_string(),
                ]
            }),
        )?,
    ));
    files.push((
        "data/contacts.csv".into(),
        csv_bytes(
            &[
                "id", "member", "deputy", "date", "channel", "listened", "opinions",
            ],
            p.contacts().iter().map(|c| {
                vec![
                    c.meta.id.clone(),
                    c.member.value.clone(),
                    c.deputy.value.clone(),
                    date(&c.date),
                    c.channel.as_str().into(),
                    c.listened.to_string(),
                    c.opinions.len().to_string(),
                ]
            }),
        )?,
    ));
    files.push((
        "data/letters.csv".into(),
        csv_bytes(
            &[
                "id",
                "deputy",
                "received",
                "channel",
                "subject",
                "major",
                "complex",
                "forwarded_to",
                "forwarded",
                "reply",
                "reply_written",
                "reported",
            ],
            p.letters().iter().map(|l| {
                vec![
                    l.meta.id.clone(),
                    l.deputy.value.clone(),
                    date(&l.received),
                    l.channel.as_str().into(),
                    l.subject.clone(),
                    l.major.to_string(),
                    l.complex.to_string(),
                    opt(l.forwarded.as_ref().map(|f| f.to.clone())),
                    opt(l.forwarded.as_ref().map(|f| date(&f.date))),
                    opt(l.reply.as_ref().map(|r| date(&r.date))),
                    opt(l.reply.as_ref().map(|r| r.written)),
                    opt(l.reported.as_ref().map(date)),
                ]
            }),
        )?,
    ));
    let mut opinions: Vec<Vec<String>> = Vec::new();
    let mut add = |kind: &str, id: &str, list: &[Opinion]| {
        for o in list {
            opinions.push(vec![
                format!("{kind}/{id}/{}", o.no.value),
                kind.into(),
                id.into(),
                o.no.value.to_string(),
                join(&o.deputies),
                o.summary.clone(),
                opt(o.category.map(|c| c.as_str())),
                o.complex.to_string(),
                opt(o.assigned.as_ref().map(|a| a.to.clone())),
                opt(o.assigned.as_ref().map(|a| date(&a.date))),
                opt(o.explained.as_ref().map(date)),
                opt(o.feedback.as_ref().map(|f| date(&f.date))),
                opt(o.feedback.as_ref().map(|f| f.at_meeting)),
            ]);
        }
    };
    for m in p.meetings() {
        add("meetings", &m.meta.id, &m.opinions);
    }
    for s in p.symposiums() {
        add("symposiums", &s.meta.id, &s.opinions);
    }
    for a in p.activities() {
        add("activities", &a.meta.id, &a.opinions);
    }
    for c in p.contacts() {
        add("contacts", &c.meta.id, &c.opinions);
    }
    files.push((
        "data/opinions.csv".into(),
        csv_bytes(
            &[
                "id",
                "kind",
                "record",
                "no",
                "deputies",
                "summary",
                "category",
                "complex",
                "assigned_to",
                "assigned",
                "explained",
                "feedback",
                "feedback_at_meeting",
            ],
            opinions,
        )?,
    ));
    files.push((
        "data/evaluations.csv".into(),
        csv_bytes(
            &[
                "rule", "article", "period", "subject", "status", "deadline", "count", "required",
                "message",
            ],
            outcome.evaluations.iter().map(|e| {
                vec![
                    e.rule.code().into(),
                    e.article.to_string(),
                    e.period.to_string(),
                    serde_json::to_string(&e.subject).unwrap_or_default(),
                    e.status.code().into(),
                    opt(e.detail.deadline),
                    opt(e.detail.count),
                    opt(e.detail.required),
                    e.message.clone(),
                ]
            }),
        )?,
    ));
    files.push_json("data/popolo.json", &popolo(&p));

    match files.error {
        Some(error) => Err(error),
        None => Ok(files.names),
    }
}

/// Writes the open data files one by one, keeping the first error.
struct Written<'a> {
    sink: &'a dyn Sink,
    names: Vec<String>,
    error: Option<String>,
}

impl Written<'_> {
    /// Compact JSON with a final newline, streamed to the file (the full data is megabytes:
    /// indented, `lianluo.json` was 60% larger, 5.7 MB against 3.6 MB at M and 178 MB against
    /// 114 MB at L, and took as much longer to write; a reader's browser or `jq` indents it).
    fn push_json<T: Serialize>(&mut self, path: &str, value: &T) {
        if self.error.is_none() {
            let written = self.sink.write_streamed(path, &mut |out| {
                serde_json::to_writer(&mut *out, value).map_err(std::io::Error::other)?;
                out.write_all(b"\n")
            });
            match written {
                Ok(()) => self.names.push(path.to_string()),
                Err(e) => self.error = Some(format!("writing {path}: {e}")),
            }
        }
    }

    fn push(&mut self, (path, bytes): (String, Vec<u8>)) {
        if self.error.is_none() {
            match self.sink.write(&path, &bytes) {
                Ok(()) => self.names.push(path),
                Err(e) => self.error = Some(format!("writing {path}: {e}")),
            }
        }
    }
}

#[derive(Serialize)]
struct Person {
    id: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    gender: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    other_names: Vec<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    extras: BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
struct Organization {
    id: String,
    name: String,
    classification: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent_id: Option<String>,
}

#[derive(Serialize)]
struct Membership {
    id: String,
    person_id: String,
    organization_id: String,
    role: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<NaiveDate>,
}

#[derive(Serialize)]
struct Event {
    id: String,
    name: String,
    classification: String,
    start_date: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<NaiveDate>,
    organization_id: &'static str,
    attendees: Vec<String>,
}

#[derive(Serialize)]
struct Popolo {
    persons: Vec<Person>,
    organizations: Vec<Organization>,
    memberships: Vec<Membership>,
    events: Vec<Event>,
}

const COMMITTEE: &str = "committee";
const CONGRESS: &str = "congress";

fn popolo(p: &Published) -> Popolo {
    let mut persons = Vec::new();
    let mut organizations = vec![
        Organization {
            id: CONGRESS.into(),
            name: p.model.site().body.replace("常务委员会", ""),
            classification: "legislature",
            parent_id: None,
        },
        Organization {
            id: COMMITTEE.into(),
            name: p.model.site().body.clone(),
            classification: "committee",
            parent_id: Some(CONGRESS.into()),
        },
    ];
    let mut memberships = Vec::new();
    for d in p.deputies() {
        let mut extras = BTreeMap::new();
        extras.insert("region", d.region.clone());
        extras.insert("grassroots", d.grassroots.to_string());
        persons.push(Person {
            id: format!("deputy/{}", d.meta.id),
            name: d.name.clone(),
            gender: d.gender.clone(),
            other_names: Vec::new(),
            extras,
        });
        memberships.push(Membership {
            id: format!("deputy/{}/congress", d.meta.id),
            person_id: format!("deputy/{}", d.meta.id),
            organization_id: CONGRESS.into(),
            role: "代表".into(),
            start_date: d.joined.as_ref().map(|j| j.value),
            end_date: d.left.as_ref().map(|l| l.value),
        });
        if let Some(group) = &d.group {
            memberships.push(Membership {
                id: format!("deputy/{}/group/{}", d.meta.id, group.value),
                person_id: format!("deputy/{}", d.meta.id),
                organization_id: format!("group/{}", group.value),
                role: "小组成员".into(),
                start_date: None,
                end_date: None,
            });
        }
    }
    for g in p.groups() {
        organizations.push(Organization {
            id: format!("group/{}", g.meta.id),
            name: g.name.clone(),
            classification: "group",
            parent_id: Some(CONGRESS.into()),
        });
    }
    for m in p.members() {
        persons.push(Person {
            id: format!("member/{}", m.meta.id),
            name: m.name.clone(),
            gender: None,
            other_names: Vec::new(),
            extras: BTreeMap::new(),
        });
        memberships.push(Membership {
            id: format!("member/{}/committee", m.meta.id),
            person_id: format!("member/{}", m.meta.id),
            organization_id: COMMITTEE.into(),
            role: m.role.as_str().into(),
            start_date: Some(m.from.value),
            end_date: m.to.as_ref().map(|t| t.value),
        });
        // Art. 12: the deputies a member links, as memberships of the member's liaison circle.
        let circle = format!("liaison/{}", m.meta.id);
        organizations.push(Organization {
            id: circle.clone(),
            name: format!("{}重点联系代表", m.name),
            classification: "liaison",
            parent_id: Some(COMMITTEE.into()),
        });
        memberships.push(Membership {
            id: format!("{circle}/member"),
            person_id: format!("member/{}", m.meta.id),
            organization_id: circle.clone(),
            role: "联系人".into(),
            start_date: Some(m.from.value),
            end_date: m.to.as_ref().map(|t| t.value),
        });
        for (n, link) in m.links.iter().enumerate() {
            let end = match (
                link.to.as_ref().map(|t| t.value),
                m.to.as_ref().map(|t| t.value),
            ) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            memberships.push(Membership {
                id: format!("{circle}/{}", n + 1),
                person_id: format!("deputy/{}", link.deputy.value),
                organization_id: circle.clone(),
                role: "重点联系的基层代表".into(),
                start_date: Some(link.from.value),
                end_date: end,
            });
        }
    }
    let mut events = Vec::new();
    for m in p.meetings() {
        events.push(Event {
            id: format!("meetings/{}", m.meta.id),
            name: m.title.clone(),
            classification: "meeting".into(),
            start_date: m.start.value,
            end_date: Some(m.end.value),
            organization_id: COMMITTEE,
            attendees: m
                .attendees
                .iter()
                .map(|a| format!("deputy/{}", a.deputy.value))
                .collect(),
        });
    }
    for s in p.symposiums() {
        let mut attendees: Vec<String> = s
            .members
            .iter()
            .map(|m| format!("member/{}", m.value))
            .collect();
        attendees.extend(s.deputies.iter().map(|d| format!("deputy/{}", d.value)));
        events.push(Event {
            id: format!("symposiums/{}", s.meta.id),
            name: s.title.clone(),
            classification: "symposium".into(),
            start_date: s.date.value,
            end_date: None,
            organization_id: COMMITTEE,
            attendees,
        });
    }
    for a in p.activities() {
        let mut attendees: Vec<String> = a
            .members
            .iter()
            .map(|m| format!("member/{}", m.value))
            .collect();
        attendees.extend(a.deputies.iter().map(|d| format!("deputy/{}", d.value)));
        events.push(Event {
            id: format!("activities/{}", a.meta.id),
            name: a.title.clone(),
            classification: a.kind.as_str().into(),
            start_date: a.start.value,
            end_date: a.end.as_ref().map(|e| e.value),
            organization_id: COMMITTEE,
            attendees,
        });
    }
    Popolo {
        persons,
        organizations,
        memberships,
        events,
    }
}
