//! 人民代表大会会议: a session of the people's congress itself, where deputies give their
//! 审议意见 on the reports they review (art. 10): answered at the session, or explained
//! during it and answered within the window after it.

use chrono::NaiveDate;

use super::Meta;
use super::opinion::{self, Opinion};
use crate::content::yaml::Fields;
use crate::diag::Spanned;

#[derive(Debug, Clone)]
pub struct Session {
    pub meta: Meta,
    pub title: String,
    pub term: Spanned<String>,
    /// 第几次会议
    pub session: u32,
    pub start: Spanned<NaiveDate>,
    pub end: Spanned<NaiveDate>,
    pub opinions: Vec<Opinion>,
}

pub fn read(f: &mut Fields<'_>, meta: Meta) -> Option<Session> {
    let title = f.req::<String>("title");
    let term = f.req("term");
    let session = f.req::<u32>("session");
    let start = f.req("start");
    let end = f.req("end");
    let opinions = f.records("opinions", opinion::read);
    Some(Session {
        meta,
        title: title?.value,
        term: term?,
        session: session?.value,
        start: start?,
        end: end?,
        opinions,
    })
}
