//! `data/*.csv`: one table per kind of public record, plus the opinions and the evaluations.
//! UTF-8 with a byte order mark, so that Excel opens the Chinese text correctly. A text cell
//! a spreadsheet would run as a formula is written with a leading `'` (spec §6).

use std::borrow::Cow;

use crate::public::tables::{MemberLink, Row};
use crate::public::{Opinion, Public};
use crate::rules::Evaluation;

/// One CSV file: its name under `data/`, its header and its rows.
pub struct Table {
    pub file: &'static str,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// The table of records of one kind, in the columns their kind defines.
    fn of<'r, R: Row + 'r>(file: &'static str, records: impl Iterator<Item = &'r R>) -> Table {
        Table {
            file,
            header: R::COLUMNS.to_vec(),
            rows: records.map(|r| texts(r)).collect(),
        }
    }

    pub fn bytes(&self) -> Result<Vec<u8>, String> {
        let mut out = vec![0xEF, 0xBB, 0xBF];
        {
            let mut writer = csv::Writer::from_writer(&mut out);
            writer
                .write_record(&self.header)
                .map_err(|e| e.to_string())?;
            for row in &self.rows {
                let cells: Vec<Cow<'_, str>> = row.iter().map(|cell| inert(cell)).collect();
                writer
                    .write_record(cells.iter().map(|cell| cell.as_bytes()))
                    .map_err(|e| e.to_string())?;
            }
            writer.flush().map_err(|e| e.to_string())?;
        }
        Ok(out)
    }
}

/// A cell as a spreadsheet shows it as text: one starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return would be run as a formula (CSV injection, OWASP), so it gets a leading
/// `'`, which spreadsheets take as "text follows" and do not show. A number (`-3`, `+0.5`)
/// is left as it is: it is not a formula.
pub fn inert(cell: &str) -> Cow<'_, str> {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula && !is_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A signed decimal number: a sign, digits, and optionally a point and more digits.
fn is_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// A record's cells as the CSV writes them.
fn texts<R: Row>(record: &R) -> Vec<String> {
    record
        .cells()
        .iter()
        .map(|c| c.text().into_owned())
        .collect()
}

fn join(ids: &[&str]) -> String {
    ids.join(";")
}

/// Makes one table from the public records and the evaluations.
pub type Make = fn(&Public, &[Evaluation]) -> Table;

/// Every table of the open data, in the order they are listed on the site's data page. Each
/// is made and written before the next (at national scale a table holds millions of cells).
pub const TABLES: [Make; 14] = [
    deputies,
    members,
    links,
    groups,
    meetings,
    agenda,
    attendees,
    solicitations,
    symposiums,
    activities,
    contacts,
    letters,
    opinions,
    evaluations_table,
];

fn deputies(p: &Public, _: &[Evaluation]) -> Table {
    Table::of("data/deputies.csv", p.deputies.iter())
}

fn members(p: &Public, _: &[Evaluation]) -> Table {
    Table::of("data/members.csv", p.members.iter())
}

fn links(p: &Public, _: &[Evaluation]) -> Table {
    let links: Vec<MemberLink> = MemberLink::all(&p.members).collect();
    Table::of("data/links.csv", links.iter())
}

fn groups(p: &Public, _: &[Evaluation]) -> Table {
    Table::of("data/groups.csv", p.groups.iter())
}

fn meetings(p: &Public, _: &[Evaluation]) -> Table {
    Table {
        file: "data/meetings.csv",
        header: vec![
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
        rows: p
            .meetings
            .iter()
            .map(|m| {
                vec![
                    m.meta.id.to_string(),
                    m.title.to_string(),
                    m.term.to_string(),
                    m.session.to_string(),
                    m.start.to_string(),
                    m.end.to_string(),
                    m.materials_sent.to_string(),
                    m.attendees.len().to_string(),
                    m.opinions.len().to_string(),
                ]
            })
            .collect(),
    }
}

fn agenda(p: &Public, _: &[Evaluation]) -> Table {
    Table {
        file: "data/agenda.csv",
        header: vec!["meeting", "no", "title", "kind", "bill"],
        rows: p
            .meetings
            .iter()
            .flat_map(|m| {
                m.agenda.iter().map(|a| {
                    vec![
                        m.meta.id.to_string(),
                        a.no.to_string(),
                        a.title.to_string(),
                        a.kind.as_str().into(),
                        opt(a.bill),
                    ]
                })
            })
            .collect(),
    }
}

fn attendees(p: &Public, _: &[Evaluation]) -> Table {
    Table {
        file: "data/attendees.csv",
        header: vec!["meeting", "deputy", "basis"],
        rows: p
            .meetings
            .iter()
            .flat_map(|m| {
                m.attendees.iter().map(|a| {
                    let basis: Vec<&str> = a.basis.iter().map(|b| b.as_str()).collect();
                    vec![m.meta.id.to_string(), a.deputy.to_string(), basis.join(";")]
                })
            })
            .collect(),
    }
}

fn solicitations(p: &Public, _: &[Evaluation]) -> Table {
    Table {
        file: "data/solicitations.csv",
        header: vec![
            "id",
            "title",
            "date",
            "bill",
            "channel",
            "deputies",
            "responses",
        ],
        rows: p
            .solicitations
            .iter()
            .map(|s| {
                vec![
                    s.meta.id.to_string(),
                    s.title.to_string(),
                    s.date.to_string(),
                    opt(s.bill),
                    s.channel.to_string(),
                    join(&s.deputies),
                    opt(s.responses),
                ]
            })
            .collect(),
    }
}

fn symposiums(p: &Public, _: &[Evaluation]) -> Table {
    Table {
        file: "data/symposiums.csv",
        header: vec![
            "id", "title", "date", "topic", "members", "deputies", "opinions",
        ],
        rows: p
            .symposiums
            .iter()
            .map(|s| {
                vec![
                    s.meta.id.to_string(),
                    s.title.to_string(),
                    s.date.to_string(),
                    s.topic.as_str().into(),
                    join(&s.members),
                    join(&s.deputies),
                    s.opinions.len().to_string(),
                ]
            })
            .collect(),
    }
}

fn activities(p: &Public, _: &[Evaluation]) -> Table {
    Table {
        file: "data/activities.csv",
        header: vec![
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
        rows: p
            .activities
            .iter()
            .map(|a| {
                vec![
                    a.meta.id.to_string(),
                    a.title.to_string(),
                    a.kind.as_str().into(),
                    a.start.to_string(),
                    opt(a.end),
                    a.organizer.to_string(),
                    opt(a.delegated_to),
                    opt(a.group),
                    join(&a.members),
                    join(&a.deputies),
                    a.opinions.len().to_string(),
                ]
            })
            .collect(),
    }
}

/// The contacts, with the number of opinions each gave (the workbook's sheet, which imports
/// back, has no such column).
fn contacts(p: &Public, _: &[Evaluation]) -> Table {
    let mut table = Table::of("data/contacts.csv", p.contacts.iter());
    table.header.push("opinions");
    for (row, contact) in table.rows.iter_mut().zip(&p.contacts) {
        row.push(contact.opinions.len().to_string());
    }
    table
}

fn letters(p: &Public, _: &[Evaluation]) -> Table {
    Table::of("data/letters.csv", p.letters.iter())
}

fn opinions(p: &Public, _: &[Evaluation]) -> Table {
    let mut rows = Vec::new();
    let mut add = |kind: &str, id: &str, list: &[Opinion]| {
        for o in list {
            rows.push(vec![
                format!("{kind}/{id}/{}", o.no),
                kind.into(),
                id.into(),
                o.no.to_string(),
                join(&o.deputies),
                o.summary.to_string(),
                opt(o.category.map(|c| c.as_str())),
                o.complex.to_string(),
                opt(o.assigned.as_ref().map(|a| a.to)),
                opt(o.assigned.as_ref().map(|a| a.date)),
                opt(o.explained),
                opt(o.feedback.as_ref().map(|f| f.date)),
                opt(o.feedback.as_ref().map(|f| f.at_meeting)),
            ]);
        }
    };
    for m in &p.meetings {
        add("meetings", m.meta.id, &m.opinions);
    }
    for s in &p.symposiums {
        add("symposiums", s.meta.id, &s.opinions);
    }
    for a in &p.activities {
        add("activities", a.meta.id, &a.opinions);
    }
    for c in &p.contacts {
        add("contacts", c.meta.id, &c.opinions);
    }
    for s in &p.sessions {
        add("sessions", s.meta.id, &s.opinions);
    }
    Table {
        file: "data/opinions.csv",
        header: vec![
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
        rows,
    }
}

fn evaluations_table(_: &Public, evaluations: &[Evaluation]) -> Table {
    Table {
        file: "data/evaluations.csv",
        header: vec![
            "rule", "article", "period", "subject", "status", "deadline", "count", "required",
            "message",
        ],
        rows: evaluations
            .iter()
            .map(|e| {
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
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        for (cell, written) in [
            (
                "=HYPERLINK(\"http://x\",\"点击\")",
                "'=HYPERLINK(\"http://x\",\"点击\")",
            ),
            ("+1+cmd", "'+1+cmd"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("-", "'-"),
            ("-.5", "'-.5"),
            ("-3", "-3"),
            ("+0.5", "+0.5"),
            ("2022-01-01", "2022-01-01"),
            ("覃云", "覃云"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(inert(cell), written, "{cell:?}");
        }
        let table = Table {
            file: "data/t.csv",
            header: vec!["title", "count"],
            rows: vec![vec!["=1+1".into(), "-4".into()]],
        };
        let bytes = table.bytes().unwrap();
        assert_eq!(&bytes[3..], "title,count\n'=1+1,-4\n".as_bytes());
    }
}
