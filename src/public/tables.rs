//! The records as rows of typed cells, with the field names as the columns: one definition
//! for the tables that both the open data's CSV (`render::data::csv`) and the workbook's
//! record sheets (`export`) write, so that the two cannot drift apart and a sheet imports back
//! with the same names a CSV has.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::{Contact, Deputy, Group, Letter, Member};
use crate::public::records::Link;

/// A cell with its kind, which each format writes in its own way: the CSV as text (`true`,
/// `2026-03-01`), the workbook as 是/否, a date or a number.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Empty,
    Text(Cow<'a, str>),
    Flag(bool),
    Date(NaiveDate),
    Count(u64),
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(s: &'a str) -> Cell<'a> {
        Cell::Text(Cow::Borrowed(s))
    }
}

impl From<String> for Cell<'_> {
    fn from(s: String) -> Self {
        Cell::Text(Cow::Owned(s))
    }
}

impl From<bool> for Cell<'_> {
    fn from(v: bool) -> Self {
        Cell::Flag(v)
    }
}

impl From<NaiveDate> for Cell<'_> {
    fn from(d: NaiveDate) -> Self {
        Cell::Date(d)
    }
}

impl From<usize> for Cell<'_> {
    fn from(n: usize) -> Self {
        Cell::Count(n as u64)
    }
}

impl<'a, T: Into<Cell<'a>>> From<Option<T>> for Cell<'a> {
    fn from(v: Option<T>) -> Cell<'a> {
        v.map_or(Cell::Empty, Into::into)
    }
}

impl Cell<'_> {
    /// The cell as the CSV writes it.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(s) => Cow::Borrowed(s),
            Cell::Flag(v) => Cow::Borrowed(if *v { "true" } else { "false" }),
            Cell::Date(d) => Cow::Owned(d.to_string()),
            Cell::Count(n) => Cow::Owned(n.to_string()),
        }
    }
}

/// A kind of record written as a table: its columns and its cells, in the same order.
pub trait Row {
    /// The column names: the record's field names.
    const COLUMNS: &'static [&'static str];
    fn cells(&self) -> Vec<Cell<'_>>;
}

fn joined(values: &[&str]) -> Cell<'static> {
    Cell::Text(Cow::Owned(values.join(";")))
}

impl Row for Deputy<'_> {
    const COLUMNS: &'static [&'static str] = &[
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
    ];
    fn cells(&self) -> Vec<Cell<'_>> {
        vec![
            self.meta.id.into(),
            self.name.into(),
            self.grassroots.into(),
            self.region.into(),
            joined(&self.terms),
            self.joined.into(),
            self.left.into(),
            self.gender.into(),
            self.ethnicity.into(),
            self.occupation.into(),
            self.sector.into(),
            Cell::Text(Cow::Owned(self.fields.join(";"))),
            self.group.into(),
        ]
    }
}

impl Row for Member<'_> {
    const COLUMNS: &'static [&'static str] = &["id", "name", "role", "from", "to"];
    fn cells(&self) -> Vec<Cell<'_>> {
        vec![
            self.meta.id.into(),
            self.name.into(),
            self.role.as_str().into(),
            self.from.into(),
            self.to.into(),
        ]
    }
}

/// A member's link with a deputy, with the member it belongs to.
pub struct MemberLink<'a, 'm> {
    pub member: &'a Member<'m>,
    pub link: &'a Link<'m>,
}

impl MemberLink<'_, '_> {
    /// Every link of every member, in the members' order.
    pub fn all<'a, 'm>(members: &'a [Member<'m>]) -> impl Iterator<Item = MemberLink<'a, 'm>> {
        members.iter().flat_map(|member| {
            member
                .links
                .iter()
                .map(move |link| MemberLink { member, link })
        })
    }
}

impl Row for MemberLink<'_, '_> {
    const COLUMNS: &'static [&'static str] = &["member", "deputy", "from", "to"];
    fn cells(&self) -> Vec<Cell<'_>> {
        vec![
            self.member.meta.id.into(),
            self.link.deputy.into(),
            self.link.from.into(),
            self.link.to.into(),
        ]
    }
}

impl Row for Group<'_> {
    const COLUMNS: &'static [&'static str] = &["id", "name", "basis"];
    fn cells(&self) -> Vec<Cell<'_>> {
        vec![
            self.meta.id.into(),
            self.name.into(),
            self.basis.as_str().into(),
        ]
    }
}

impl Row for Contact<'_> {
    const COLUMNS: &'static [&'static str] =
        &["id", "member", "deputy", "date", "channel", "listened"];
    fn cells(&self) -> Vec<Cell<'_>> {
        vec![
            self.meta.id.into(),
            self.member.into(),
            self.deputy.into(),
            self.date.into(),
            self.channel.as_str().into(),
            self.listened.into(),
        ]
    }
}

impl Row for Letter<'_> {
    const COLUMNS: &'static [&'static str] = &[
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
    ];
    fn cells(&self) -> Vec<Cell<'_>> {
        vec![
            self.meta.id.into(),
            self.deputy.into(),
            self.received.into(),
            self.channel.as_str().into(),
            self.subject.into(),
            self.major.into(),
            self.complex.into(),
            self.forwarded.as_ref().map(|f| f.to).into(),
            self.forwarded.as_ref().map(|f| f.date).into(),
            self.reply.as_ref().map(|r| r.date).into(),
            self.reply.as_ref().map(|r| r.written).into(),
            self.reported.into(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::public::Public;

    /// Every record of the sample gives one cell per column, and the kinds of cell are written
    /// as the CSV has always written them.
    #[test]
    fn every_row_has_a_cell_per_column() {
        let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let loaded = crate::load(&content).expect("the sample content");
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
        let model = loaded.model.expect("the sample has no errors");
        let p = Public::new(&model, as_of);
        fn check<R: Row>(rows: &[R]) -> usize {
            for row in rows {
                assert_eq!(row.cells().len(), R::COLUMNS.len(), "{:?}", R::COLUMNS);
            }
            rows.len()
        }
        let links: Vec<MemberLink> = MemberLink::all(&p.members).collect();
        let counted = check(&p.deputies)
            + check(&p.members)
            + check(&links)
            + check(&p.groups)
            + check(&p.contacts)
            + check(&p.letters);
        assert!(counted > 100 && !links.is_empty(), "{counted} rows");
        let grassroots = p
            .deputies
            .iter()
            .find(|d| d.grassroots)
            .expect("a grassroots deputy");
        assert_eq!(grassroots.cells()[2].text(), "true");
        assert_eq!(Cell::from(Some(as_of)).text(), "2026-11-25");
        assert_eq!(Cell::from(None::<&str>).text(), "");
        assert_eq!(Cell::from(7usize).text(), "7");
    }
}
