//! 代表来信来访 (art. 13).

use chrono::NaiveDate;

use super::Meta;
use crate::content::yaml::Fields;
use crate::diag::Spanned;
use crate::yaml_enum;

yaml_enum! {
    pub enum LetterChannel {
        Letter = "letter",
        Visit = "visit",
    }
}

/// 转相关部门处理
#[derive(Debug, Clone)]
pub struct Forwarded {
    pub to: String,
    pub date: Spanned<NaiveDate>,
}

/// 处理结果答复代表
#[derive(Debug, Clone)]
pub struct Reply {
    pub date: Spanned<NaiveDate>,
    pub written: bool,
}

#[derive(Debug, Clone)]
pub struct Letter {
    pub meta: Meta,
    pub deputy: Spanned<String>,
    pub received: Spanned<NaiveDate>,
    pub channel: LetterChannel,
    pub subject: String,
    /// 重大问题: must be reported to the 主任会议 (A13.2).
    pub major: bool,
    pub complex: bool,
    pub forwarded: Option<Forwarded>,
    pub reply: Option<Reply>,
    /// 报告主任会议
    pub reported: Option<Spanned<NaiveDate>>,
}

pub fn read(f: &mut Fields<'_>, meta: Meta) -> Option<Letter> {
    let deputy = f.req("deputy");
    let received = f.req("received");
    let channel = f.req::<LetterChannel>("channel");
    let subject = f.req::<String>("subject");
    let major = f.or("major", false);
    let complex = f.or("complex", false);
    let forwarded = f.record("forwarded", |r| {
        let to = r.req::<String>("to");
        let date = r.req("date");
        Some(Forwarded {
            to: to?.value,
            date: date?,
        })
    });
    let reply = f.record("reply", |r| {
        let date = r.req("date");
        let written = r.req::<bool>("written");
        Some(Reply {
            date: date?,
            written: written?.value,
        })
    });
    let reported = f.opt("reported");
    Some(Letter {
        meta,
        deputy: deputy?,
        received: received?,
        channel: channel?.value,
        subject: subject?.value,
        major,
        complex,
        forwarded,
        reply,
        reported,
    })
}
