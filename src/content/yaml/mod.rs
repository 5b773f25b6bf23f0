//! The only module that touches the YAML crate.
//!
//! YAML text is parsed by yaml-rust2 (YAML 1.2 core schema: `no:` is a key, dates stay
//! strings) into a [`tree`] whose every key and value knows its line and column. [`Fields`]
//! then reads a mapping field by field into typed values, collecting every mistake (unknown
//! key with a "did you mean", missing key, bad value) instead of stopping at the first, so a
//! clerk sees all the errors of a file at once.

pub mod tree;

use std::cell::RefCell;

use chrono::NaiveDate;

use crate::diag::{Code, Diagnostic, Pos, Spanned, did_you_mean};
use tree::Problem;
pub use tree::{Mapping, Mark, Node, Scalar};

/// Parses one YAML document whose first line is line `1 + line_offset` of its file.
pub fn parse(text: &str, line_offset: u32, file: &str) -> Result<Node, Diagnostic> {
    if is_blank(text) {
        // An empty document: read it as an empty mapping so that missing fields are named.
        return Ok(Node::Mapping(Mapping::empty()));
    }
    // yaml-rust2 asserts on states it believes unreachable; a clerk's file must never crash
    // the tool, so a panic in the parser is reported as a syntax error.
    let problem = match std::panic::catch_unwind(|| tree::parse(text)) {
        Ok(Ok(node)) => return Ok(node),
        Ok(Err(problem)) => problem,
        Err(_) => {
            return Err(Diagnostic::error(
                Code::YamlSyntax,
                file,
                Pos::new(line_offset + 1, 1, 1),
                "无法解析的 YAML（YAML cannot be parsed）",
            )
            .hint("检查缩进、冒号和引号是否成对"));
        }
    };
    let shift = |m: Mark| Pos::new(m.line + line_offset, m.column, 1);
    let (pos, message, hint) = match problem {
        Problem::NotAMapping(m) => (
            shift(m),
            "记录必须是“字段: 值”的映射（a record must be a mapping of `field: value`）"
                .to_string(),
            "每行写一个字段，例如 `name: 韦明`".to_string(),
        ),
        Problem::Anchor(m) => (
            shift(m),
            "不支持 YAML 锚点和别名（`&` / `*`）（anchors and aliases are not supported）"
                .to_string(),
            "把要重复的值直接写出来".to_string(),
        ),
        Problem::KeyNotScalar(m) => (
            shift(m),
            "字段名必须是简单文字（a key must be plain text）".to_string(),
            "字段名写成 `name:` 的形式".to_string(),
        ),
        Problem::Tag(m) => (
            shift(m),
            "不支持 YAML 标签（`!tag`）（tags are not supported）".to_string(),
            "删除 `!` 开头的标签".to_string(),
        ),
        Problem::Syntax(m, scan) => (
            shift(m),
            format!("YAML 语法错误：{}（YAML syntax error）", scan.info()),
            "检查本行及上一行的缩进、冒号、引号和括号是否成对".to_string(),
        ),
        Problem::Duplicate { key, first, at } => (
            shift(at),
            format!(
                "字段 `{key}` 重复出现，第一次在第 {} 行（duplicate key）",
                shift(first).line
            ),
            "删除其中一个".to_string(),
        ),
    };
    Err(Diagnostic::error(Code::YamlSyntax, file, pos, message).hint(hint))
}

/// True when the text holds no YAML content, only blank lines and comments.
fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
    })
}

/// Collects the diagnostics of one file while its records are read.
pub struct Reader<'a> {
    pub file: &'a str,
    line_offset: u32,
    diags: RefCell<Vec<Diagnostic>>,
}

impl<'a> Reader<'a> {
    pub fn new(file: &'a str, line_offset: u32) -> Reader<'a> {
        Reader {
            file,
            line_offset,
            diags: RefCell::new(Vec::new()),
        }
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diags.into_inner()
    }

    pub fn report(&self, diagnostic: Diagnostic) {
        self.diags.borrow_mut().push(diagnostic);
    }

    fn error(&self, code: Code, pos: Pos, message: String, hint: Option<String>) {
        self.report(Diagnostic::error(code, self.file, pos, message).maybe_hint(hint));
    }

    fn pos(&self, at: Mark, len: usize) -> Pos {
        Pos::new(at.line + self.line_offset, at.column, len as u32)
    }

    fn node_pos(&self, node: &Node) -> Pos {
        match node {
            Node::Scalar(s) => self.pos(s.at, s.text.chars().count()),
            Node::Mapping(m) => self.pos(m.at, 1),
            Node::Sequence(s) => self.pos(s.at, 1),
        }
    }

    /// Reads the top-level mapping of a document.
    pub fn read_root<T>(
        &self,
        root: &Node,
        read: impl FnOnce(&mut Fields<'_>) -> Option<T>,
    ) -> Option<T> {
        self.read_mapping(root, "", read)
    }

    fn read_mapping<'n, T>(
        &'n self,
        node: &'n Node,
        path: &str,
        read: impl FnOnce(&mut Fields<'n>) -> Option<T>,
    ) -> Option<T> {
        let Some(map) = node.as_mapping() else {
            let what = if path.is_empty() {
                "记录".to_string()
            } else {
                format!("`{path}`")
            };
            self.error(
                Code::InvalidValue,
                self.node_pos(node),
                format!(
                    "{what}应为“字段: 值”的映射，这里是{}（expected a mapping）",
                    describe(node)
                ),
                Some("在下一行缩进写出各字段，或写成 `{field: value}`".into()),
            );
            return None;
        };
        let mut fields = Fields {
            reader: self,
            map,
            path: path.to_string(),
            known: Vec::new(),
        };
        let value = read(&mut fields);
        fields.finish();
        value
    }
}

fn describe(node: &Node) -> &'static str {
    match node {
        Node::Scalar(_) => "单个值",
        Node::Mapping(_) => "映射",
        Node::Sequence(_) => "列表",
    }
}

fn is_null(scalar: &Scalar) -> bool {
    scalar.plain && matches!(scalar.text.as_str(), "" | "~" | "null" | "Null" | "NULL")
}

/// A value that can be read from one YAML scalar.
pub trait FromScalar: Sized {
    /// What the clerk should write, for messages: "日期 YYYY-MM-DD".
    const EXPECTED: &'static str;
    /// `plain` is false for quoted scalars ("14"), which are never numbers or booleans.
    fn from_scalar(text: &str, plain: bool) -> Result<Self, String>;
}

impl FromScalar for String {
    const EXPECTED: &'static str = "文字";
    fn from_scalar(text: &str, _plain: bool) -> Result<Self, String> {
        Ok(text.to_string())
    }
}

impl FromScalar for bool {
    const EXPECTED: &'static str = "true 或 false";
    fn from_scalar(text: &str, plain: bool) -> Result<Self, String> {
        match (text, plain) {
            ("true", true) => Ok(true),
            ("false", true) => Ok(false),
            _ => Err(format!("`{text}` 不是 true 或 false")),
        }
    }
}

impl FromScalar for u32 {
    const EXPECTED: &'static str = "非负整数";
    fn from_scalar(text: &str, plain: bool) -> Result<Self, String> {
        match text.parse::<u32>() {
            Ok(n) if plain && text.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
            _ => Err(format!("`{text}` 不是非负整数")),
        }
    }
}

impl FromScalar for NaiveDate {
    const EXPECTED: &'static str = "日期 YYYY-MM-DD";
    fn from_scalar(text: &str, _plain: bool) -> Result<Self, String> {
        parse_date(text)
    }
}

/// Parses `YYYY-MM-DD` strictly, telling an impossible date from a malformed one.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let b = text.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return Err(format!("`{text}` 不是 YYYY-MM-DD 格式的日期"));
    }
    let number = |r: std::ops::Range<usize>| text[r].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(0..4) as i32, number(5..7), number(8..10));
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        if (1..=12).contains(&month) {
            format!("`{text}` 不存在：{year}年{month}月没有{day}日")
        } else {
            format!("`{text}` 不存在：没有{month}月")
        }
    })
}

/// Declares a closed set of YAML words as a Rust enum that reads itself from a scalar,
/// serialises to the same words, and suggests the closest word on a typo.
#[macro_export]
macro_rules! yaml_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
        $vis enum $name { $(#[serde(rename = $word)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub const WORDS: &'static [&'static str] = &[$($word),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
        }

        impl $crate::content::yaml::FromScalar for $name {
            const EXPECTED: &'static str = concat!($($word, " "),+);
            fn from_scalar(text: &str, _plain: bool) -> Result<Self, String> {
                match text {
                    $($word => Ok($name::$variant),)+
                    _ => Err(match $crate::diag::did_you_mean(text, Self::WORDS.iter().copied()) {
                        Some(near) => format!("`{text}` 不是可用的取值；是否应为 `{near}`？可用：{}", Self::WORDS.join("、")),
                        None => format!("`{text}` 不是可用的取值；可用：{}", Self::WORDS.join("、")),
                    }),
                }
            }
        }
    };
}

/// The fields of one YAML mapping, read one by one. Every key asked for is "known"; keys
/// present but never asked for are reported as unknown when the mapping is finished.
pub struct Fields<'n> {
    reader: &'n Reader<'n>,
    map: &'n Mapping,
    path: String,
    known: Vec<&'static str>,
}

impl<'n> Fields<'n> {
    pub fn reader(&self) -> &'n Reader<'n> {
        self.reader
    }

    /// Where the mapping starts (for errors about the record as a whole): its first key.
    pub fn pos(&self) -> Pos {
        match self.map.keys().next() {
            Some(key) => self.reader.pos(key.at, key.text.chars().count()),
            None => self.reader.pos(self.map.at, 1),
        }
    }

    fn qualified(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    fn lookup(&mut self, key: &'static str) -> Option<&'n Node> {
        if !self.known.contains(&key) {
            self.known.push(key);
        }
        self.map
            .get(key)
            .filter(|node| !matches!(node, Node::Scalar(s) if is_null(s)))
    }

    /// Position of a key's value, or of the mapping when the key is absent.
    pub fn value_pos(&self, key: &str) -> Pos {
        match self.map.get(key) {
            Some(node) => self.reader.node_pos(node),
            None => self.pos(),
        }
    }

    fn missing(&self, key: &str) {
        self.reader.error(
            Code::MissingField,
            self.pos(),
            format!("缺少必填字段 `{}`（missing field）", self.qualified(key)),
            Some(format!("添加一行 `{key}: …`")),
        );
    }

    fn scalar<T: FromScalar>(&self, key: &str, node: &'n Node) -> Option<Spanned<T>> {
        let pos = self.reader.node_pos(node);
        let Node::Scalar(scalar) = node else {
            self.reader.error(
                Code::InvalidValue,
                pos,
                format!(
                    "`{}` 应为单个值（{}），这里是{}（invalid value）",
                    self.qualified(key),
                    T::EXPECTED,
                    describe(node)
                ),
                None,
            );
            return None;
        };
        match T::from_scalar(&scalar.text, scalar.plain) {
            Ok(value) => Some(Spanned::new(value, pos)),
            Err(why) => {
                self.reader.error(
                    Code::InvalidValue,
                    pos,
                    format!("`{}` 的值无效：{why}（invalid value）", self.qualified(key)),
                    Some(format!("应填写{}", T::EXPECTED)),
                );
                None
            }
        }
    }

    /// A required scalar.
    pub fn req<T: FromScalar>(&mut self, key: &'static str) -> Option<Spanned<T>> {
        match self.lookup(key) {
            Some(node) => self.scalar(key, node),
            None => {
                self.missing(key);
                None
            }
        }
    }

    /// An optional scalar: absent or null is `None`.
    pub fn opt<T: FromScalar>(&mut self, key: &'static str) -> Option<Spanned<T>> {
        let node = self.lookup(key)?;
        self.scalar(key, node)
    }

    /// An optional scalar with a default.
    pub fn or<T: FromScalar>(&mut self, key: &'static str, default: T) -> T {
        self.opt(key).map_or(default, |s| s.value)
    }

    fn sequence(&mut self, key: &'static str) -> Option<&'n [Node]> {
        let node = self.lookup(key)?;
        match node {
            Node::Sequence(seq) => Some(seq.items.as_slice()),
            _ => {
                self.reader.error(
                    Code::InvalidValue,
                    self.reader.node_pos(node),
                    format!(
                        "`{}` 应为列表，这里是{}（expected a list）",
                        self.qualified(key),
                        describe(node)
                    ),
                    Some(format!("写成 `{key}: [a, b]`，或在下面每行写 `- a`")),
                );
                None
            }
        }
    }

    /// A list of scalars; absent or null is empty.
    pub fn scalars<T: FromScalar>(&mut self, key: &'static str) -> Vec<Spanned<T>> {
        let Some(items) = self.sequence(key) else {
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| self.scalar(key, item))
            .collect()
    }

    /// A required list of scalars (it may be empty, but must be written).
    pub fn req_scalars<T: FromScalar>(&mut self, key: &'static str) -> Option<Vec<Spanned<T>>> {
        if self.lookup(key).is_none() {
            self.missing(key);
            return None;
        }
        Some(self.scalars(key))
    }

    /// A list of mappings; absent or null is empty.
    pub fn records<T>(
        &mut self,
        key: &'static str,
        mut read: impl FnMut(&mut Fields<'n>) -> Option<T>,
    ) -> Vec<T> {
        let Some(items) = self.sequence(key) else {
            return Vec::new();
        };
        let path = self.qualified(key);
        items
            .iter()
            .filter_map(|item| self.reader.read_mapping(item, &path, &mut read))
            .collect()
    }

    /// An optional nested mapping.
    pub fn record<T>(
        &mut self,
        key: &'static str,
        read: impl FnOnce(&mut Fields<'n>) -> Option<T>,
    ) -> Option<T> {
        let node = self.lookup(key)?;
        self.reader.read_mapping(node, &self.qualified(key), read)
    }

    /// A required nested mapping.
    pub fn req_record<T>(
        &mut self,
        key: &'static str,
        read: impl FnOnce(&mut Fields<'n>) -> Option<T>,
    ) -> Option<T> {
        if self
            .map
            .get(key)
            .is_none_or(|n| matches!(n, Node::Scalar(s) if is_null(s)))
        {
            self.lookup(key);
            self.missing(key);
            return None;
        }
        self.record(key, read)
    }

    /// Whether a key is written with a mapping as its value.
    pub fn has_mapping(&self, key: &str) -> bool {
        matches!(self.map.get(key), Some(Node::Mapping(_)))
    }

    /// Whether a key is written with null (`forward_days: null`, `forward_days: ~`).
    pub fn value_is_null(&self, key: &str) -> bool {
        matches!(self.map.get(key), Some(Node::Scalar(s)) if is_null(s))
    }

    /// Whether a key is written at all (even as null).
    pub fn is_present(&self, key: &str) -> bool {
        self.map.get(key).is_some()
    }

    /// A one-level mapping of free keys, each key with its position and its value as text
    /// (empty for null or a value that is not a single scalar).
    pub fn free_scalars(&mut self, key: &'static str) -> Vec<(Spanned<String>, String)> {
        let Some(node) = self.lookup(key) else {
            return Vec::new();
        };
        let Node::Mapping(map) = node else {
            self.reader.error(
                Code::InvalidValue,
                self.reader.node_pos(node),
                format!(
                    "`{}` 应为“字段: 值”的映射，这里是{}（expected a mapping）",
                    self.qualified(key),
                    describe(node)
                ),
                None,
            );
            return Vec::new();
        };
        map.entries
            .iter()
            .map(|(k, v)| {
                let pos = self.reader.pos(k.at, k.text.chars().count());
                let text = match v {
                    Node::Scalar(s) if !is_null(s) => s.text.clone(),
                    _ => String::new(),
                };
                (Spanned::new(k.text.clone(), pos), text)
            })
            .collect()
    }

    /// A mapping of free keys whose values are kept as text, flattened (`a.b: value`).
    pub fn free_map(&mut self, key: &'static str) -> Vec<(String, String)> {
        let Some(node) = self.lookup(key) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        match node {
            Node::Mapping(_) => flatten(node, "", &mut out),
            _ => self.reader.error(
                Code::InvalidValue,
                self.reader.node_pos(node),
                format!(
                    "`{}` 应为“字段: 值”的映射，这里是{}（expected a mapping）",
                    self.qualified(key),
                    describe(node)
                ),
                Some(format!("在 `{key}:` 下一行缩进写出各项，例如 `  phone: …`")),
            ),
        }
        out
    }

    /// Reports keys that were never asked for, with the closest known key.
    fn finish(&mut self) {
        for key in self.map.keys() {
            let name = key.text.as_str();
            if self.known.contains(&name) {
                continue;
            }
            let near = did_you_mean(name, self.known.iter().copied());
            let hint = match near {
                Some(near) => format!("是否应为 `{near}`？（did you mean `{near}`?）"),
                None => format!("可用的字段：{}", self.known.join("、")),
            };
            self.reader.error(
                Code::UnknownField,
                self.reader.pos(key.at, name.chars().count()),
                format!("未知字段 `{}`（unknown field）", self.qualified(name)),
                Some(hint),
            );
        }
    }
}

fn flatten(node: &Node, prefix: &str, out: &mut Vec<(String, String)>) {
    match node {
        Node::Scalar(s) => out.push((prefix.to_string(), s.text.clone())),
        Node::Sequence(seq) => {
            for (i, item) in seq.items.iter().enumerate() {
                flatten(item, &format!("{prefix}[{i}]"), out);
            }
        }
        Node::Mapping(map) => {
            for (key, value) in &map.entries {
                let name = if prefix.is_empty() {
                    key.text.clone()
                } else {
                    format!("{prefix}.{}", key.text)
                };
                flatten(value, &name, out);
            }
        }
    }
}

#[cfg(test)]
mod tests;
