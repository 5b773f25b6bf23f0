//! A sheet's rows into drafts of records: each cell converted and checked, names resolved to
//! ids, ids given to rows that have none. Every mistake is kept with its cell.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;

use super::columns::{self, Found};
use super::table::{Cell, Row, Table};
use super::yaml::Value;
use super::{ImportKind, mistake, values};
use crate::content::Kind;
use crate::diag::{Code, Diagnostic};
use crate::model::Model;

/// One field of a draft and the column it came from.
#[derive(Debug, Clone)]
pub struct FieldValue {
    pub key: &'static str,
    pub value: Value,
    pub column: Option<u32>,
}

/// A record to write, from one row.
#[derive(Debug, Clone)]
pub struct Draft {
    pub id: String,
    pub row: u32,
    /// The existing record's file (relative to the content folder) when the row updates one.
    pub existing: Option<String>,
    pub fields: Vec<FieldValue>,
}

impl Draft {
    pub fn column_of(&self, key: Option<&str>) -> Option<u32> {
        let key = key?;
        self.fields.iter().find(|f| f.key == key)?.column
    }
}

/// Ids by name, for the kinds a sheet may name.
struct Names<'m> {
    deputies: BTreeMap<&'m str, Vec<&'m str>>,
    members: BTreeMap<&'m str, Vec<&'m str>>,
    groups: BTreeMap<&'m str, Vec<&'m str>>,
}

impl<'m> Names<'m> {
    fn of(model: &'m Model) -> Names<'m> {
        fn index<'m, R>(
            records: &'m BTreeMap<String, R>,
            name: impl Fn(&'m R) -> &'m str,
        ) -> BTreeMap<&'m str, Vec<&'m str>> {
            let mut by_name: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for (id, r) in records {
                by_name.entry(name(r)).or_default().push(id.as_str());
            }
            by_name
        }
        Names {
            deputies: index(&model.deputies, |d| d.name.as_str()),
            members: index(&model.members, |m| m.name.as_str()),
            groups: index(&model.groups, |g| g.name.as_str()),
        }
    }

    fn get(&self, kind: Kind) -> &BTreeMap<&'m str, Vec<&'m str>> {
        match kind {
            Kind::Member => &self.members,
            Kind::Group => &self.groups,
            _ => &self.deputies,
        }
    }
}

/// What converting the rows needs and collects.
pub struct Cx<'a> {
    pub table: &'a Table,
    found: &'a Found,
    pub model: &'a Model,
    existing: &'a BTreeMap<(Kind, String), String>,
    /// `--update`: a required column may be missing for rows that update a record.
    update: bool,
    names: Names<'a>,
    pub mistakes: &'a mut Vec<Diagnostic>,
    pub kind: ImportKind,
    /// Ids given to rows so far, and the row that took each.
    used: BTreeMap<String, u32>,
    /// The next free number of a numbered id prefix (`2024-` for letters).
    counters: HashMap<String, u32>,
}

/// The sheet to convert: its cells, its columns, the records that exist already.
pub struct Sheet<'a> {
    pub table: &'a Table,
    pub found: &'a Found,
    pub existing: &'a BTreeMap<(Kind, String), String>,
    pub update: bool,
}

impl<'a> Cx<'a> {
    /// The converting of one sheet's rows into drafts of `kind`, against `model`.
    pub fn new(
        kind: ImportKind,
        model: &'a Model,
        sheet: &Sheet<'a>,
        mistakes: &'a mut Vec<Diagnostic>,
    ) -> Cx<'a> {
        Cx {
            table: sheet.table,
            found: sheet.found,
            model,
            existing: sheet.existing,
            update: sheet.update,
            names: Names::of(model),
            mistakes,
            kind,
            used: BTreeMap::new(),
            counters: HashMap::new(),
        }
    }
}

/// A row being converted: its fields so far, and whether a cell of it was wrong.
pub struct Building<'r> {
    pub row: &'r Row,
    pub fields: Vec<FieldValue>,
    pub failed: bool,
    /// The row makes a new record (so far as known): its required fields must be there.
    pub creating: bool,
}

impl<'r> Building<'r> {
    pub fn new(row: &'r Row) -> Building<'r> {
        Building {
            row,
            fields: Vec::new(),
            failed: false,
            creating: true,
        }
    }

    pub fn push(&mut self, key: &'static str, value: Value, column: Option<u32>) {
        self.fields.push(FieldValue { key, value, column });
    }

    pub fn finish(self, id: Option<(String, Option<String>)>) -> Option<Draft> {
        let (id, existing) = id?;
        (!self.failed).then_some(Draft {
            id,
            row: self.row.number,
            existing,
            fields: self.fields,
        })
    }
}

impl<'a> Cx<'a> {
    fn header(&self, key: &str) -> &'static str {
        columns::of(self.kind)
            .iter()
            .find(|c| c.key == key)
            .map_or("", |c| c.headers[0])
    }

    pub fn has_column(&self, key: &str) -> bool {
        self.found.contains_key(key)
    }

    /// The column of `key` and its cell in `row`, when the sheet has the column and the cell
    /// is not empty.
    pub fn cell<'r>(&self, row: &'r Row, key: &str) -> Option<(u32, &'r Cell)> {
        let column = *self.found.get(key)?;
        let cell = row.cell(column);
        (!cell.is_empty()).then_some((column, cell))
    }

    pub fn wrong(
        &mut self,
        b: &mut Building,
        column: u32,
        code: Code,
        message: String,
        hint: String,
    ) {
        b.failed = true;
        let place = self.table.at(column, b.row.number);
        self.mistakes.push(mistake(code, place, message, hint));
    }

    /// An empty cell in a required column is a mistake for a row that makes a record (a
    /// missing column was reported once, at the header, unless `--update`).
    fn required(&mut self, b: &mut Building, key: &str) {
        if !b.creating {
            return;
        }
        if let Some(&column) = self.found.get(key) {
            let header = self.header(key);
            self.wrong(
                b,
                column,
                Code::MissingField,
                format!("“{header}”是必填的，这一格是空的（missing `{key}`）"),
                format!("填写{header}"),
            );
        } else if self.update {
            let header = self.header(key);
            b.failed = true;
            self.mistakes.push(mistake(
                Code::MissingField,
                self.table.row_at(b.row.number),
                format!("这一行新建记录，但表格没有必填的列“{header}”（missing column `{key}`）"),
                format!("在表头加一列“{header}”并填写，或在“标识符”列写已有记录的 id"),
            ));
        } else {
            b.failed = true;
        }
    }

    pub fn text(&mut self, b: &mut Building, key: &str, required: bool) -> Option<(u32, String)> {
        match self.cell(b.row, key) {
            Some((column, cell)) => Some((column, cell.shown())),
            None => {
                if required {
                    self.required(b, key);
                }
                None
            }
        }
    }

    pub fn date(
        &mut self,
        b: &mut Building,
        key: &str,
        required: bool,
    ) -> Option<(u32, NaiveDate)> {
        let Some((column, cell)) = self.cell(b.row, key) else {
            if required {
                self.required(b, key);
            }
            return None;
        };
        match values::date(cell) {
            Ok(d) => Some((column, d)),
            Err(why) => {
                let header = self.header(key);
                self.wrong(
                    b,
                    column,
                    Code::InvalidValue,
                    format!("“{header}” {why}（invalid date）"),
                    "写成 2024-03-05，或把单元格设为日期格式".into(),
                );
                None
            }
        }
    }

    pub fn yes_no(&mut self, b: &mut Building, key: &str, required: bool) -> Option<(u32, bool)> {
        let Some((column, cell)) = self.cell(b.row, key) else {
            if required {
                self.required(b, key);
            }
            return None;
        };
        match values::yes_no(cell) {
            Ok(v) => Some((column, v)),
            Err(why) => {
                let header = self.header(key);
                self.wrong(
                    b,
                    column,
                    Code::InvalidValue,
                    format!("“{header}” {why}（expected 是 or 否）"),
                    "填写“是”或“否”".into(),
                );
                None
            }
        }
    }

    /// A word of a closed list, written in Chinese (`走访`) or as the record's word (`visit`).
    pub fn word(
        &mut self,
        b: &mut Building,
        key: &str,
        required: bool,
        words: &[(&str, &'static str)],
    ) -> Option<(u32, &'static str)> {
        let Some((column, cell)) = self.cell(b.row, key) else {
            if required {
                self.required(b, key);
            }
            return None;
        };
        let text = cell.shown();
        if let Some((_, word)) = words
            .iter()
            .find(|(label, word)| *label == text || *word == text)
        {
            return Some((column, word));
        }
        let labels = words.iter().map(|(l, _)| *l);
        let near = super::near(&text, labels.clone().chain(words.iter().map(|(_, w)| *w)));
        let list = labels.collect::<Vec<_>>().join("、");
        let header = self.header(key);
        let hint = match near {
            Some(n) => format!("是否应为“{n}”？可用：{list}"),
            None => format!("可用：{list}"),
        };
        self.wrong(
            b,
            column,
            Code::InvalidValue,
            format!("“{header}” `{text}` 不是可用的取值（invalid value）"),
            hint,
        );
        None
    }

    /// The id of a deputy, member or group written by id or by name in a cell.
    pub fn resolve(
        &mut self,
        b: &mut Building,
        column: u32,
        kind: Kind,
        text: &str,
    ) -> Option<String> {
        let ids: Vec<&str> = match kind {
            Kind::Member => self
                .model
                .members
                .contains_key(text)
                .then_some(text)
                .into_iter()
                .collect(),
            Kind::Group => self
                .model
                .groups
                .contains_key(text)
                .then_some(text)
                .into_iter()
                .collect(),
            _ => self
                .model
                .deputies
                .contains_key(text)
                .then_some(text)
                .into_iter()
                .collect(),
        };
        if let [id] = ids[..] {
            return Some(id.to_string());
        }
        let by_name = self.names.get(kind);
        match by_name.get(text).map(Vec::as_slice) {
            Some([id]) => Some((*id).to_string()),
            Some(many) => {
                let list = many
                    .iter()
                    .map(|id| format!("`{id}`"))
                    .collect::<Vec<_>>()
                    .join("、");
                self.wrong(
                    b,
                    column,
                    Code::UnknownReference,
                    format!(
                        "有 {} 名{}叫“{text}”：{list}，不知道是哪一位（ambiguous name）",
                        many.len(),
                        kind.label()
                    ),
                    format!("在这一格写{}的 id（{list} 之一），不要写姓名", kind.label()),
                );
                None
            }
            None => {
                let near = super::near(text, by_name.keys().copied());
                let hint = match near {
                    Some(n) => format!(
                        "是否应为“{n}”？或写{}的 id；新的{}请先导入",
                        kind.label(),
                        kind.label()
                    ),
                    None => format!(
                        "写已有{}的姓名或 id；新的{}请先导入（lianluo import {}）",
                        kind.label(),
                        kind.label(),
                        kind.folder()
                    ),
                };
                self.wrong(
                    b,
                    column,
                    Code::UnknownReference,
                    format!(
                        "没有叫“{text}”的{}（unknown {}）",
                        kind.label(),
                        kind.folder()
                    ),
                    hint,
                );
                None
            }
        }
    }

    /// The id of a named record (deputy, member, group): the id column, else the existing
    /// record of the same name, else the pinyin of the name (`-2` on a clash). With it, the
    /// existing record's file when there is one.
    pub fn named_id(
        &mut self,
        b: &mut Building,
        name: Option<&(u32, String)>,
        make: fn(&str) -> Option<String>,
    ) -> Option<(String, Option<String>)> {
        let kind = self.kind.kind();
        let id = if let Some((column, id)) = self.text(b, "id", false) {
            if !crate::model::is_valid_id(&id) {
                self.wrong(
                    b,
                    column,
                    Code::InvalidId,
                    format!("`{id}` 不是有效的 id（invalid id）"),
                    "只能用小写英文字母、数字和连字符 `-`，如 wei-ming；或留空，由姓名拼音生成"
                        .into(),
                );
                return None;
            }
            id
        } else {
            let (column, name) = name?;
            match self.names.get(kind).get(name.as_str()).map(Vec::as_slice) {
                Some([id]) => (*id).to_string(),
                Some(many) => {
                    let list = many.join("、");
                    self.wrong(b, *column, Code::DuplicateId, format!("已有 {} 条叫“{name}”的{}记录（{list}），不知道这一行是哪一条（ambiguous name）", many.len(), kind.label()), "在“标识符”列写这一行的 id".into());
                    return None;
                }
                None => {
                    let Some(base) = make(name) else {
                        self.wrong(
                            b,
                            *column,
                            Code::InvalidId,
                            format!("无法由“{name}”生成 id（no id from the name）"),
                            "在“标识符”列写 id，如 wei-ming".into(),
                        );
                        return None;
                    };
                    let used = &self.used;
                    let existing = self.existing;
                    values::free_id(&base, |c| {
                        used.contains_key(c) || existing.contains_key(&(kind, c.to_string()))
                    })
                }
            }
        };
        self.claim(b, id)
    }

    /// The next free numbered id `prefix-NN` (`2024-07`, `2024-cen-defu-03`).
    pub fn numbered_id(
        &mut self,
        b: &mut Building,
        prefix: &str,
    ) -> Option<(String, Option<String>)> {
        let kind = self.kind.kind();
        if let Some((column, id)) = self.text(b, "id", false) {
            if !crate::model::is_valid_id(&id) {
                self.wrong(
                    b,
                    column,
                    Code::InvalidId,
                    format!("`{id}` 不是有效的 id（invalid id）"),
                    "只能用小写英文字母、数字和连字符 `-`；或留空，自动编号".into(),
                );
                return None;
            }
            return self.claim(b, id);
        }
        let next = self.counters.entry(prefix.to_string()).or_insert(1);
        loop {
            let id = format!("{prefix}-{:02}", *next);
            *next += 1;
            if !self.used.contains_key(&id) && !self.existing.contains_key(&(kind, id.clone())) {
                return self.claim(b, id);
            }
        }
    }

    fn claim(&mut self, b: &mut Building, id: String) -> Option<(String, Option<String>)> {
        if let Some(first) = self.used.get(&id) {
            let column = self
                .found
                .get("id")
                .or_else(|| self.found.get("name"))
                .copied()
                .unwrap_or(0);
            let first = *first;
            self.wrong(
                b,
                column,
                Code::DuplicateId,
                format!("第 {first} 行已经是 id `{id}` 的记录（duplicate row）"),
                "删除重复的一行，或在“标识符”列给两行不同的 id".into(),
            );
            return None;
        }
        self.used.insert(id.clone(), b.row.number);
        let existing = self.existing.get(&(self.kind.kind(), id.clone())).cloned();
        b.creating = existing.is_none();
        Some((id, existing))
    }

    /// The file of an existing record.
    pub fn existing_file(&self, kind: Kind, id: &str) -> Option<String> {
        self.existing.get(&(kind, id.to_string())).cloned()
    }

    /// The terms a new deputy serves when the sheet says nothing: the last term of the site.
    pub fn last_term(&self) -> Option<String> {
        self.model.site().terms.last().map(|t| t.id.value.clone())
    }

    pub fn term_ids(&self) -> BTreeSet<&str> {
        self.model
            .site()
            .terms
            .iter()
            .map(|t| t.id.value.as_str())
            .collect()
    }
}
