//! 联系记录 (art. 12): a member's contact with a deputy.

use chrono::NaiveDate;

use super::Meta;
use super::opinion::{self, Opinion};
use crate::content::yaml::Fields;
use crate::diag::Spanned;
use crate::yaml_enum;

yaml_enum! {
    /// 第十二条: 走访、座谈、调研、信函、电话、社交媒介、代表履职网络平台、代表小组活动.
    pub enum Channel {
        Visit = "visit",
        Symposium = "symposium",
        Research = "research",
        Letter = "letter",
        Phone = "phone",
        SocialMedia = "social_media",
        Platform = "platform",
        GroupActivity = "group_activity",
    }
}

impl Channel {
    pub fn label(self) -> &'static str {
        match self {
            Channel::Visit => "走访",
            Channel::Symposium => "座谈",
            Channel::Research => "调研",
            Channel::Letter => "信函",
            Channel::Phone => "电话",
            Channel::SocialMedia => "社交媒介",
            Channel::Platform => "代表履职网络平台",
            Channel::GroupActivity => "代表小组活动",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Contact {
    pub meta: Meta,
    pub member: Spanned<String>,
    pub deputy: Spanned<String>,
    pub date: Spanned<NaiveDate>,
    pub channel: Channel,
    /// The member heard the deputy's views (counts for art. 12's twice a year).
    pub listened: bool,
    pub opinions: Vec<Opinion>,
}

pub fn read(f: &mut Fields<'_>, meta: Meta) -> Option<Contact> {
    let member = f.req("member");
    let deputy = f.req("deputy");
    let date = f.req("date");
    let channel = f.req::<Channel>("channel");
    let listened = f.req::<bool>("listened");
    let opinions = f.records("opinions", opinion::read);
    Some(Contact {
        meta,
        member: member?,
        deputy: deputy?,
        date: date?,
        channel: channel?.value,
        listened: listened?.value,
        opinions,
    })
}
