//! 代表座谈会 (art. 7).

use chrono::NaiveDate;

use super::Meta;
use super::opinion::{self, Opinion};
use crate::content::yaml::Fields;
use crate::diag::Spanned;
use crate::yaml_enum;

yaml_enum! {
    /// 第七条: the four domains of a symposium, and anything else.
    pub enum Topic {
        RendaWork = "renda_work",
        RuleOfLaw = "rule_of_law",
        Development = "development",
        EthnicUnity = "ethnic_unity",
        Other = "other",
    }
}

impl Topic {
    pub fn label(self) -> &'static str {
        match self {
            Topic::RendaWork => "人大工作",
            Topic::RuleOfLaw => "民主法治建设",
            Topic::Development => "经济社会发展",
            Topic::EthnicUnity => "铸牢中华民族共同体意识",
            Topic::Other => "其他",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Symposium {
    pub meta: Meta,
    pub title: String,
    pub date: Spanned<NaiveDate>,
    pub topic: Topic,
    pub members: Vec<Spanned<String>>,
    pub deputies: Vec<Spanned<String>>,
    pub opinions: Vec<Opinion>,
}

pub fn read(f: &mut Fields<'_>, meta: Meta) -> Option<Symposium> {
    let title = f.req::<String>("title");
    let date = f.req("date");
    let topic = f.req::<Topic>("topic");
    let members = f.scalars("members");
    let deputies = f.scalars("deputies");
    let opinions = f.records("opinions", opinion::read);
    Some(Symposium {
        meta,
        title: title?.value,
        date: date?,
        topic: topic?.value,
        members,
        deputies,
        opinions,
    })
}
