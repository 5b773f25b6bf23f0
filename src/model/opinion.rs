//! 意见建议: an opinion raised by deputies inside a meeting, symposium, activity or contact.

use chrono::NaiveDate;

use crate::content::yaml::Fields;
use crate::diag::{Code, Diagnostic, Spanned};
use crate::yaml_enum;

yaml_enum! {
    /// 第四条 (一)–(五): what the opinion is about.
    pub enum Category {
        A4_1 = "a4-1",
        A4_2 = "a4-2",
        A4_3 = "a4-3",
        A4_4 = "a4-4",
        A4_5 = "a4-5",
    }
}

impl Category {
    pub fn label(self) -> &'static str {
        match self {
            Category::A4_1 => "宪法法律法规贯彻执行",
            Category::A4_2 => "自治区人大及其常委会决议决定贯彻执行",
            Category::A4_3 => "常委会和“一府一委两院”工作",
            Category::A4_4 => "代表服务保障工作",
            Category::A4_5 => "群众关注的热点难点问题",
        }
    }
}

/// 交办: handed to a body for handling.
#[derive(Debug, Clone)]
pub struct Assigned {
    pub to: String,
    pub date: Spanned<NaiveDate>,
}

/// 反馈: the answer given to the deputies.
#[derive(Debug, Clone)]
pub struct Feedback {
    pub date: Spanned<NaiveDate>,
    pub at_meeting: bool,
    pub summary: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Opinion {
    pub no: Spanned<u32>,
    pub deputies: Vec<Spanned<String>>,
    pub summary: String,
    pub category: Option<Category>,
    pub complex: bool,
    pub assigned: Option<Assigned>,
    pub explained: Option<Spanned<NaiveDate>>,
    pub feedback: Option<Feedback>,
}

pub fn read(f: &mut Fields<'_>) -> Option<Opinion> {
    let no = f.req::<u32>("no");
    let deputy = f.opt::<String>("deputy");
    let deputies = f.scalars::<String>("deputies");
    let summary = f.req::<String>("summary");
    let category = f.opt::<Category>("category");
    let complex = f.or("complex", false);
    let assigned = f.record("assigned", |a| {
        let to = a.req::<String>("to");
        let date = a.req::<NaiveDate>("date");
        Some(Assigned {
            to: to?.value,
            date: date?,
        })
    });
    let explained = f.opt::<NaiveDate>("explained");
    let feedback = f.record("feedback", |b| {
        let date = b.req::<NaiveDate>("date");
        let at_meeting = b.or("at_meeting", false);
        let summary = b.opt::<String>("summary");
        Some(Feedback {
            date: date?,
            at_meeting,
            summary: summary.map(|s| s.value),
        })
    });
    let deputies = match (deputy, deputies.is_empty()) {
        (Some(one), true) => vec![one],
        (None, false) => deputies,
        (Some(_), false) => {
            f.reader().report(
                Diagnostic::error(
                    Code::InvalidValue,
                    f.reader().file,
                    f.value_pos("deputies"),
                    "意见同时写了 `deputy` 和 `deputies`（both `deputy` and `deputies`）",
                )
                .hint("一名代表用 `deputy: id`，多名代表联名用 `deputies: [id, id]`，只保留一个"),
            );
            return None;
        }
        (None, true) => {
            f.reader().report(
                Diagnostic::error(
                    Code::MissingField,
                    f.reader().file,
                    f.pos(),
                    "意见缺少提出人：`deputy` 或 `deputies`（missing field）",
                )
                .hint("添加 `deputy: 代表id`"),
            );
            return None;
        }
    };
    Some(Opinion {
        no: no?,
        deputies,
        summary: summary?.value,
        category: category.map(|c| c.value),
        complex,
        assigned,
        explained,
        feedback,
    })
}
