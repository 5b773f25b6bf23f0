//! 征求代表意见 (art. 5, 8): deputies asked for their views on a bill.

use chrono::NaiveDate;

use super::Meta;
use crate::content::yaml::Fields;
use crate::diag::Spanned;

#[derive(Debug, Clone)]
pub struct Solicitation {
    pub meta: Meta,
    pub title: String,
    pub date: Spanned<NaiveDate>,
    pub bill: Option<Spanned<String>>,
    /// How the views were asked for (free text: platform, letter, symposium …).
    pub channel: String,
    pub deputies: Vec<Spanned<String>>,
    pub responses: Option<u32>,
}

pub fn read(f: &mut Fields<'_>, meta: Meta) -> Option<Solicitation> {
    let title = f.req::<String>("title");
    let date = f.req("date");
    let bill = f.opt("bill");
    let channel = f.req::<String>("channel");
    let deputies = f.scalars("deputies");
    let responses = f.opt::<u32>("responses");
    Some(Solicitation {
        meta,
        title: title?.value,
        date: date?,
        bill,
        channel: channel?.value,
        deputies,
        responses: responses.map(|r| r.value),
    })
}
