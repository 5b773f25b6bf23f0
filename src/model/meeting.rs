//! 常委会会议: a sitting of the standing committee, its agenda, the deputies invited to attend
//! (列席, art. 6) and their opinions (art. 10).

use chrono::NaiveDate;

use super::Meta;
use super::opinion::{self, Opinion};
use crate::content::yaml::Fields;
use crate::diag::Spanned;
use crate::yaml_enum;

yaml_enum! {
    pub enum AgendaKind {
        RegulationDraft = "regulation_draft",
        LegislativePlan = "legislative_plan",
        WorkReport = "work_report",
        InspectionReport = "inspection_report",
        Decision = "decision",
        Other = "other",
    }
}

yaml_enum! {
    /// 第六条 (一)–(四): why a deputy was invited.
    pub enum AttendanceBasis {
        Grassroots = "grassroots",
        Field = "field",
        Proposer = "proposer",
        Inspection = "inspection",
    }
}

#[derive(Debug, Clone)]
pub struct AgendaItem {
    pub no: Spanned<u32>,
    pub title: String,
    pub kind: AgendaKind,
    pub bill: Option<Spanned<String>>,
}

#[derive(Debug, Clone)]
pub struct Attendee {
    pub deputy: Spanned<String>,
    pub basis: Vec<Spanned<AttendanceBasis>>,
}

#[derive(Debug, Clone)]
pub struct Meeting {
    pub meta: Meta,
    pub title: String,
    pub term: Spanned<String>,
    pub session: u32,
    pub start: Spanned<NaiveDate>,
    pub end: Spanned<NaiveDate>,
    pub materials_sent: Spanned<NaiveDate>,
    pub agenda: Vec<AgendaItem>,
    pub attendees: Vec<Attendee>,
    pub opinions: Vec<Opinion>,
    /// A field only test builds have (see `Deputy::test_marker`).
    #[cfg(test)]
    pub test_marker: String,
}

pub fn read(f: &mut Fields<'_>, meta: Meta) -> Option<Meeting> {
    let title = f.req::<String>("title");
    let term = f.req("term");
    let session = f.req::<u32>("session");
    let start = f.req("start");
    let end = f.req("end");
    let materials_sent = f.req("materials_sent");
    let agenda = f.records("agenda", |a| {
        let no = a.req("no");
        let title = a.req::<String>("title");
        let kind = a.req::<AgendaKind>("kind");
        let bill = a.opt("bill");
        Some(AgendaItem {
            no: no?,
            title: title?.value,
            kind: kind?.value,
            bill,
        })
    });
    let attendees = f.records("attendees", |a| {
        let deputy = a.req("deputy");
        let basis = a.req_scalars("basis");
        Some(Attendee {
            deputy: deputy?,
            basis: basis?,
        })
    });
    let opinions = f.records("opinions", opinion::read);
    Some(Meeting {
        meta,
        title: title?.value,
        term: term?,
        session: session?.value,
        start: start?,
        end: end?,
        materials_sent: materials_sent?,
        agenda,
        attendees,
        opinions,
        #[cfg(test)]
        test_marker: "MODEL-ONLY-MARKER-meeting".to_string(),
    })
}
