//! The report's words: the theme's `report.*` texts filled with the year's figures, and the
//! pieces both the PDF and the DOCX draft are made of (tables of text cells, sentences with a
//! status in them). Everything the report says is computed here once; the typst template and
//! the DOCX writer only lay it out.

use serde::Serialize;

use crate::rules::Status;
use crate::rules::profile::chinese_number;
use crate::theme::{Strings, fill};

/// The theme's report words, filled.
pub struct Words<'a> {
    pub strings: &'a Strings,
}

impl Words<'_> {
    /// The word at `report.<key>`.
    pub fn text(&self, key: &str) -> String {
        self.strings.text(&format!("report.{key}"))
    }

    /// The word at `report.<key>` with its placeholders filled.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        fill(&self.text(key), values)
    }

    /// The sentence at `report.<key>` with its `{status}` set apart, to be shown in the
    /// status's colour.
    pub fn marked(
        &self,
        key: &str,
        values: &[(&str, &str)],
        status: Status,
        label: &str,
    ) -> Marked {
        let filled = self.fill(key, values);
        let (before, after) = filled
            .split_once("{status}")
            .map_or((filled.as_str(), ""), |(b, a)| (b, a));
        Marked {
            before: before.to_string(),
            status: Some(status),
            label: label.to_string(),
            after: after.to_string(),
        }
    }
}

/// A first-level heading's number: 一、
pub fn chapter_number(n: usize) -> String {
    format!("{}、", chinese_number(n as u32))
}

/// A second-level heading's number: （一）
pub fn section_number(n: usize) -> String {
    format!("（{}）", chinese_number(n as u32))
}

/// A sentence with an evaluation status in it (“A6.1 …（2025年）：未履行3项”).
#[derive(Debug, Clone, Serialize)]
pub struct Marked {
    pub before: String,
    /// `None` in a sentence without a status.
    pub status: Option<Status>,
    pub label: String,
    pub after: String,
}

impl Marked {
    /// A sentence without a status.
    pub fn text(text: String) -> Marked {
        Marked {
            before: text,
            status: None,
            label: String::new(),
            after: String::new(),
        }
    }

    pub fn plain(&self) -> String {
        format!("{}{}{}", self.before, self.label, self.after)
    }
}

/// One cell of a report table: its text, and the status it states when it states one (set
/// in that status's colour).
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub text: String,
    pub status: Option<Status>,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            status: None,
        }
    }

    pub fn status(status: Status, label: &str) -> Cell {
        Cell {
            text: label.to_string(),
            status: Some(status),
        }
    }
}

/// A table of the report: its caption (a sentence with a status, or plain), its header
/// row and its rows.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub caption: Option<Marked>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_is_set_apart_and_headings_are_numbered() {
        let strings = Strings::parse("report: {s: \"{rule}：{status}{count}项\"}", "t").expect("w");
        let w = Words { strings: &strings };
        let m = w.marked(
            "s",
            &[("rule", "A6.1"), ("count", "3")],
            Status::NotMet,
            "未履行",
        );
        assert_eq!((m.before.as_str(), m.after.as_str()), ("A6.1：", "3项"));
        assert_eq!(m.plain(), "A6.1：未履行3项");
        assert_eq!(chapter_number(4), "四、");
        assert_eq!(section_number(12), "（十二）");
    }
}
