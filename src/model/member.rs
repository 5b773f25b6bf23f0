//! 常委会组成人员: a member of the standing committee, and the grassroots deputies they link
//! (art. 12).

use chrono::NaiveDate;

use super::Meta;
use crate::content::yaml::Fields;
use crate::diag::Spanned;
use crate::yaml_enum;

yaml_enum! {
    pub enum Role {
        Director = "主任",
        DeputyDirector = "副主任",
        SecretaryGeneral = "秘书长",
        Member = "委员",
    }
}

/// 重点联系: a member's link to a deputy, from `from` to `to` inclusive.
#[derive(Debug, Clone)]
pub struct Link {
    pub deputy: Spanned<String>,
    pub from: Spanned<NaiveDate>,
    pub to: Option<Spanned<NaiveDate>>,
}

#[derive(Debug, Clone)]
pub struct Member {
    pub meta: Meta,
    pub name: String,
    pub role: Role,
    pub from: Spanned<NaiveDate>,
    pub to: Option<Spanned<NaiveDate>>,
    pub links: Vec<Link>,
}

pub fn read(f: &mut Fields<'_>, meta: Meta) -> Option<Member> {
    let name = f.req::<String>("name");
    let role = f.req::<Role>("role");
    let from = f.req("from");
    let to = f.opt("to");
    let links = f.records("links", |l| {
        let deputy = l.req("deputy");
        let from = l.req("from");
        let to = l.opt("to");
        Some(Link {
            deputy: deputy?,
            from: from?,
            to,
        })
    });
    Some(Member {
        meta,
        name: name?.value,
        role: role?.value,
        from: from?,
        to,
        links,
    })
}
