//! What an evaluation is about, by ids (spec §5), as types: an opinion is its source, record
//! and number ([`OpinionId`]), an agenda item its meeting and number ([`AgendaId`]). Each is
//! written in the JSON and the open data as the string of spec §5 (`meetings/14-02/3`).

use std::fmt;

use serde::Serialize;

use crate::content::Kind;

/// Where an opinion was raised: the folder of its record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OpinionSource {
    Meetings,
    Symposiums,
    Activities,
    Contacts,
    Sessions,
}

impl OpinionSource {
    pub fn kind(self) -> Kind {
        match self {
            OpinionSource::Meetings => Kind::Meeting,
            OpinionSource::Symposiums => Kind::Symposium,
            OpinionSource::Activities => Kind::Activity,
            OpinionSource::Contacts => Kind::Contact,
            OpinionSource::Sessions => Kind::Session,
        }
    }

    /// `meetings`, `symposiums`, `activities`, `contacts`.
    pub fn folder(self) -> &'static str {
        self.kind().folder()
    }
}

/// `<source>/<record id>/<no>`: an opinion of a record.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OpinionId {
    pub source: OpinionSource,
    pub record: String,
    pub no: u32,
}

impl OpinionId {
    pub fn new(source: OpinionSource, record: &str, no: u32) -> OpinionId {
        OpinionId {
            source,
            record: record.to_string(),
            no,
        }
    }
}

impl fmt::Display for OpinionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}/{}", self.source.folder(), self.record, self.no)
    }
}

/// `<meeting id>/<no>`: an item of a meeting's agenda.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AgendaId {
    pub meeting: String,
    pub no: u32,
}

impl fmt::Display for AgendaId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.meeting, self.no)
    }
}

macro_rules! serialize_as_text {
    ($($t:ty),+) => {$(
        impl Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
    )+};
}
serialize_as_text!(OpinionId, AgendaId);

/// What an evaluation is about. Ordered by its ids, part by part (the parts of an opinion or
/// an agenda item are its record and its number), an id or number made only of digits
/// compared as a number (`…/2` before `…/10`, meeting `9` before `10`), any other id as text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum Subject {
    Meeting { meeting: String },
    Deputy { deputy: String },
    Opinion { opinion: OpinionId },
    Agenda { agenda: AgendaId },
    Activity { activity: String },
    Year { year: String },
    Member { member: String },
    Link { member: String, deputy: String },
    Letter { letter: String },
    Group { group: String },
}

/// One part of a subject's sort key: a number by value, or text.
type Part<'a> = (u64, &'a str);

fn part(text: &str) -> Part<'_> {
    match text.parse::<u64>() {
        Ok(n) if !text.starts_with('0') || text == "0" => (n, ""),
        _ => (u64::MAX, text),
    }
}

impl Subject {
    /// The records a subject names (none, one, or a member and a deputy).
    pub fn records(&self) -> impl Iterator<Item = (Kind, &str)> {
        fn one(kind: Kind, id: &str) -> [Option<(Kind, &str)>; 2] {
            [Some((kind, id)), None]
        }
        let named = match self {
            Subject::Meeting { meeting } => one(Kind::Meeting, meeting),
            Subject::Agenda { agenda } => one(Kind::Meeting, &agenda.meeting),
            Subject::Deputy { deputy } => one(Kind::Deputy, deputy),
            Subject::Member { member } => one(Kind::Member, member),
            Subject::Link { member, deputy } => [
                Some((Kind::Member, member.as_str())),
                Some((Kind::Deputy, deputy.as_str())),
            ],
            Subject::Activity { activity } => one(Kind::Activity, activity),
            Subject::Year { .. } => [None, None],
            Subject::Group { group } => one(Kind::Group, group),
            Subject::Letter { letter } => one(Kind::Letter, letter),
            Subject::Opinion { opinion } => one(opinion.source.kind(), &opinion.record),
        };
        named.into_iter().flatten()
    }

    fn rank(&self) -> u64 {
        match self {
            Subject::Meeting { .. } => 0,
            Subject::Deputy { .. } => 1,
            Subject::Opinion { .. } => 2,
            Subject::Agenda { .. } => 3,
            Subject::Activity { .. } => 4,
            Subject::Year { .. } => 5,
            Subject::Member { .. } => 6,
            Subject::Link { .. } => 7,
            Subject::Letter { .. } => 8,
            Subject::Group { .. } => 9,
        }
    }

    /// The natural-order key: the kind, then each part of the ids. Compared lazily:
    /// evaluations are sorted and looked up by subject, and a key built per comparison
    /// would dominate.
    fn sort_key(&self) -> impl Iterator<Item = Part<'_>> {
        let parts: [Option<Part>; 3] = match self {
            Subject::Meeting { meeting: id }
            | Subject::Deputy { deputy: id }
            | Subject::Activity { activity: id }
            | Subject::Year { year: id }
            | Subject::Member { member: id }
            | Subject::Letter { letter: id }
            | Subject::Group { group: id } => [Some(part(id)), None, None],
            Subject::Link { member, deputy } => [Some(part(member)), Some(part(deputy)), None],
            Subject::Opinion { opinion } => [
                Some(part(opinion.source.folder())),
                Some(part(&opinion.record)),
                Some((u64::from(opinion.no), "")),
            ],
            Subject::Agenda { agenda } => [
                Some(part(&agenda.meeting)),
                Some((u64::from(agenda.no), "")),
                None,
            ],
        };
        std::iter::once((self.rank(), "#")).chain(parts.into_iter().flatten())
    }
}

impl Ord for Subject {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_key().cmp(other.sort_key())
    }
}

impl PartialOrd for Subject {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// A subject as a clerk finds it among the files: the record's folder and id
/// (`deputies/wei-ming`, `meetings/14-02/3` for an opinion); a year is no record, and is
/// written as nothing (the evaluation's period says it).
impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at =
            |f: &mut fmt::Formatter<'_>, kind: Kind, id: &str| write!(f, "{}/{id}", kind.folder());
        match self {
            Subject::Meeting { meeting } => at(f, Kind::Meeting, meeting),
            Subject::Deputy { deputy } => at(f, Kind::Deputy, deputy),
            Subject::Opinion { opinion } => write!(f, "{opinion}"),
            Subject::Agenda { agenda } => write!(f, "{}/{agenda}", Kind::Meeting.folder()),
            Subject::Activity { activity } => at(f, Kind::Activity, activity),
            Subject::Year { .. } => Ok(()),
            Subject::Member { member } => at(f, Kind::Member, member),
            Subject::Link { member, deputy } => {
                at(f, Kind::Member, member)?;
                f.write_str(" — ")?;
                at(f, Kind::Deputy, deputy)
            }
            Subject::Letter { letter } => at(f, Kind::Letter, letter),
            Subject::Group { group } => at(f, Kind::Group, group),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_written_as_the_spec_says() {
        let opinion = Subject::Opinion {
            opinion: OpinionId::new(OpinionSource::Contacts, "2024-wei-01", 2),
        };
        let agenda = Subject::Agenda {
            agenda: AgendaId {
                meeting: "14-02".into(),
                no: 3,
            },
        };
        assert_eq!(
            serde_json::to_string(&opinion).unwrap(),
            r#"{"opinion":"contacts/2024-wei-01/2"}"#
        );
        assert_eq!(
            serde_json::to_string(&agenda).unwrap(),
            r#"{"agenda":"14-02/3"}"#
        );
        assert_eq!(opinion.to_string(), "contacts/2024-wei-01/2");
        assert_eq!(agenda.to_string(), "meetings/14-02/3");
        let link = Subject::Link {
            member: "fang-yuan".into(),
            deputy: "qin-yun".into(),
        };
        assert_eq!(link.to_string(), "members/fang-yuan — deputies/qin-yun");
        let year = Subject::Year {
            year: "2026".into(),
        };
        assert_eq!(year.to_string(), "");
    }

    #[test]
    fn numbers_sort_as_numbers() {
        let o = |record: &str, no| Subject::Opinion {
            opinion: OpinionId::new(OpinionSource::Meetings, record, no),
        };
        let m = |id: &str| Subject::Meeting { meeting: id.into() };
        assert!(o("14-02", 2) < o("14-02", 10));
        assert!(o("14-02", 1) < o("14-10", 1));
        assert!(m("14-10") < m("14-2"), "an id with a dash is text");
        assert!(m("9") < m("10"));
        assert!(m("01") > m("9"), "a leading zero is text, after numbers");
    }
}
