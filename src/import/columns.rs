//! Which column holds which field: every kind's columns with the headers clerks write
//! (姓名、选举单位…) and the field names (so the open data's CSV files import back).
//! docs/import.md lists the same table; `columns_are_documented` keeps them in step.

use std::collections::BTreeMap;

use super::table::Table;
use super::{ImportKind, mistake};
use crate::diag::{Code, Diagnostic};

/// One field a sheet may give: its key (the record's field name, or `private.phone`…), the
/// headers that name it, and whether every sheet of the kind must have it.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub key: &'static str,
    pub headers: &'static [&'static str],
    pub required: bool,
    /// What goes in the cell, for docs/import.md and the template workbooks.
    pub note: &'static str,
}

const fn col(
    key: &'static str,
    headers: &'static [&'static str],
    required: bool,
    note: &'static str,
) -> Column {
    Column {
        key,
        headers,
        required,
        note,
    }
}

const ID: Column = col(
    "id",
    &["标识符", "编号"],
    false,
    "小写拼音加连字符；不填则由姓名拼音生成",
);
const VISIBILITY: Column = col(
    "visibility",
    &["公开范围", "是否公开"],
    false,
    "公开/内部，或 是/否",
);

pub const DEPUTIES: &[Column] = &[
    ID,
    col("name", &["姓名", "代表姓名"], true, "姓名"),
    col("gender", &["性别"], false, "男/女"),
    col("ethnicity", &["民族"], false, "如 壮族"),
    col(
        "region",
        &["选举单位", "代表团", "所在代表团"],
        true,
        "如 南宁市",
    ),
    col("grassroots", &["是否基层代表", "基层代表"], true, "是/否"),
    col(
        "occupation",
        &["职业", "职务", "工作单位及职务"],
        false,
        "职业、职务",
    ),
    col(
        "sector",
        &["界别", "所属行业", "行业"],
        false,
        "如 农业农村",
    ),
    col(
        "group",
        &["代表小组", "所在代表小组"],
        false,
        "代表小组的名称或 id",
    ),
    col(
        "terms",
        &["届次", "届别"],
        false,
        "届的 id，如 14；不填为 site.yaml 的最后一届",
    ),
    col("joined", &["就任日期", "补选日期"], false, "日期"),
    col("left", &["离任日期", "终止代表资格日期"], false, "日期"),
    col("fields", &["相关领域", "领域"], false, "用、分隔"),
    col(
        "private.phone",
        &["联系方式", "电话", "联系电话", "手机"],
        false,
        "不公开",
    ),
    col(
        "private.id_number",
        &["身份证号", "身份证号码", "公民身份号码"],
        false,
        "不公开",
    ),
    col(
        "private.address",
        &["住址", "地址", "通讯地址"],
        false,
        "不公开",
    ),
    VISIBILITY,
];

pub const MEMBERS: &[Column] = &[
    ID,
    col("name", &["姓名", "组成人员"], true, "姓名"),
    col(
        "role",
        &["职务", "常委会职务"],
        true,
        "主任、副主任、秘书长或委员",
    ),
    col("from", &["任职日期", "任职开始日期"], true, "日期"),
    col("to", &["离任日期", "任职结束日期"], false, "日期"),
    col(
        "links",
        &["联系代表", "重点联系代表"],
        false,
        "代表姓名或 id，用、分隔",
    ),
    col(
        "links_from",
        &["联系开始日期"],
        false,
        "日期；不填为任职日期",
    ),
];

pub const GROUPS: &[Column] = &[
    ID,
    col("name", &["名称", "小组名称", "代表小组"], true, "小组名称"),
    col(
        "basis",
        &["类型", "组建方式", "分组依据"],
        true,
        "按地区/按行业",
    ),
];

pub const CONTACTS: &[Column] = &[
    ID,
    col("member", &["组成人员", "联系人"], true, "组成人员姓名或 id"),
    col("deputy", &["联系代表", "代表"], true, "代表姓名或 id"),
    col("date", &["联系日期", "日期"], true, "日期"),
    col(
        "channel",
        &["联系方式", "方式"],
        true,
        "走访、座谈、调研、信函、电话、社交媒介、代表履职网络平台、代表小组活动",
    ),
    col(
        "listened",
        &["是否听取意见", "是否听取意见建议", "听取意见"],
        true,
        "是/否",
    ),
    col(
        "summary",
        &["意见建议", "意见建议内容"],
        false,
        "代表提出的意见建议",
    ),
    col("complex", &["是否复杂事项"], false, "是/否"),
    col("feedback", &["反馈日期"], false, "日期"),
    col("feedback_summary", &["反馈情况"], false, "反馈内容"),
    VISIBILITY,
];

pub const LETTERS: &[Column] = &[
    ID,
    col(
        "deputy",
        &["代表", "来信来访代表", "代表姓名"],
        true,
        "代表姓名或 id",
    ),
    col(
        "received",
        &["收到日期", "来信来访日期", "日期"],
        true,
        "日期",
    ),
    col("channel", &["方式", "来信来访方式"], true, "来信/来访"),
    col(
        "subject",
        &["事由", "反映问题", "主要内容"],
        true,
        "反映的问题",
    ),
    col("major", &["是否重大问题", "重大问题"], false, "是/否"),
    col("complex", &["是否复杂事项", "复杂事项"], false, "是/否"),
    col("forwarded_to", &["承办单位", "转办单位"], false, "承办部门"),
    col("forwarded", &["转办日期"], false, "日期"),
    col("reply", &["答复日期"], false, "日期"),
    col(
        "reply_written",
        &["是否书面答复", "书面答复"],
        false,
        "是/否",
    ),
    col("reported", &["报告主任会议日期"], false, "日期"),
    VISIBILITY,
];

pub const LINKS: &[Column] = &[
    col("member", &["组成人员"], true, "组成人员姓名或 id"),
    col("deputy", &["联系代表", "代表"], true, "代表姓名或 id"),
    col("from", &["联系开始日期", "开始日期"], true, "日期"),
    col("to", &["联系结束日期", "结束日期"], false, "日期"),
];

/// Headers of columns that hold nothing to import: a row number, a remark, and the open
/// data's derived counts.
const IGNORED: &[&str] = &["序号", "备注", "说明"];

pub fn of(kind: ImportKind) -> &'static [Column] {
    match kind {
        ImportKind::Deputies => DEPUTIES,
        ImportKind::Members => MEMBERS,
        ImportKind::Groups => GROUPS,
        ImportKind::Contacts => CONTACTS,
        ImportKind::Letters => LETTERS,
        ImportKind::Links => LINKS,
    }
}

/// Columns the open data adds to a kind's CSV (counts), read past on import.
fn derived(kind: ImportKind) -> &'static [&'static str] {
    match kind {
        ImportKind::Contacts => &["opinions"],
        _ => &[],
    }
}

/// A header as compared: without spaces, a leading `*` or a trailing `*` (required marks),
/// and a trailing note in brackets (`联系日期（YYYY-MM-DD）`).
fn normalise(header: &str) -> String {
    let mut h: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    for open in ['（', '('] {
        if let Some(i) = h.find(open)
            && i > 0
        {
            h.truncate(i);
        }
    }
    h.trim_matches('*').to_string()
}

/// The column of every field the sheet has, by key.
pub type Found = BTreeMap<&'static str, u32>;

/// Matches the headers to the kind's columns: unknown and repeated headers, and missing
/// required columns, are mistakes. With `update` a sheet may lack a required column: only
/// the rows that make a new record need it (they are told so, row by row).
pub fn find(
    kind: ImportKind,
    table: &Table,
    update: bool,
    mistakes: &mut Vec<Diagnostic>,
) -> Found {
    let columns = of(kind);
    let mut found = Found::new();
    for (column, header) in &table.headers {
        let name = normalise(header);
        if IGNORED.contains(&name.as_str()) || derived(kind).contains(&name.as_str()) {
            continue;
        }
        let Some(c) = columns
            .iter()
            .find(|c| c.key == name || c.headers.contains(&name.as_str()))
        else {
            let names = columns.iter().flat_map(|c| c.headers.iter().copied());
            let hint = match super::near(&name, names.chain(columns.iter().map(|c| c.key))) {
                Some(near) => format!("是否应为 `{near}`？不导入的列请删除或改名为“备注”"),
                None => format!(
                    "可用的列：{}；不导入的列请删除或改名为“备注”（见 docs/import.md）",
                    columns
                        .iter()
                        .map(|c| c.headers[0])
                        .collect::<Vec<_>>()
                        .join("、")
                ),
            };
            mistakes.push(mistake(
                Code::UnknownField,
                table.at(*column, table.header_row),
                format!("不认识的列名 `{header}`（unknown column）"),
                hint,
            ));
            continue;
        };
        if let Some(first) = found.insert(c.key, *column) {
            mistakes.push(mistake(
                Code::DuplicateId,
                table.at(*column, table.header_row),
                format!(
                    "列 `{header}` 与 {} 列是同一个字段（repeated column）",
                    super::table::column_letters(first)
                ),
                "删除其中一列".to_string(),
            ));
        }
    }
    let required = columns.iter().filter(|c| c.required && !update);
    for c in required.filter(|c| !found.contains_key(c.key)) {
        mistakes.push(mistake(
            Code::MissingField,
            table.row_at(table.header_row),
            format!(
                "缺少必填的列“{}”（missing column `{}`）",
                c.headers[0], c.key
            ),
            format!(
                "在表头加一列“{}”（也可写作：{}）",
                c.headers[0],
                c.headers[1..]
                    .iter()
                    .chain([&c.key])
                    .copied()
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        ));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_normalised() {
        assert_eq!(normalise(" 联系日期（YYYY-MM-DD）"), "联系日期");
        assert_eq!(normalise("*姓名"), "姓名");
        assert_eq!(normalise("姓 名*"), "姓名");
    }

    #[test]
    fn columns_are_documented() {
        let doc = include_str!("../../docs/import.md");
        for kind in ImportKind::ALL {
            for c in of(kind) {
                for h in c.headers {
                    assert!(doc.contains(h), "docs/import.md lacks the header {h}");
                }
                assert!(
                    doc.contains(&format!("`{}`", c.key)),
                    "docs lack `{}`",
                    c.key
                );
            }
        }
    }
}
