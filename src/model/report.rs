//! `content/reports/<year>.md`: the parts of a year's annual report that no data can write,
//! written by the office — 前言, 存在的问题, 下一步工作 — each under its own `##` heading.
//! Checked like a record: its front matter (`year:`, the file's year) and its headings, every
//! mistake with file:line:column.

use std::collections::BTreeMap;

use crate::content::yaml::Fields;
use crate::diag::{Code, Diagnostic, Pos};

/// The parts, by key, with the heading that opens each in the file.
pub const PARTS: [(&str, &str); 3] = [
    ("foreword", "前言"),
    ("problems", "存在的问题"),
    ("next_steps", "下一步工作"),
];

#[derive(Debug, Clone)]
pub struct ReportText {
    pub year: i32,
    /// Each part's Markdown, by key; a part not written is absent.
    pub parts: BTreeMap<&'static str, String>,
}

/// The year a report file is for: its name (`2025.md`).
pub fn year_of(stem: &str) -> Option<i32> {
    (stem.len() == 4 && stem.bytes().all(|b| b.is_ascii_digit()))
        .then(|| stem.parse().ok())
        .flatten()
}

/// Reads the front matter and the body's parts; `first_line` is the body's first line in
/// the file.
pub fn read(
    f: &mut Fields<'_>,
    stem: &str,
    body: &str,
    first_line: u32,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<ReportText> {
    let file = f.reader().file.to_string();
    let year = f.req::<u32>("year");
    let named = year_of(stem);
    if named.is_none() {
        diagnostics.push(
            Diagnostic::error(
                Code::InvalidId,
                &file,
                Pos::START,
                format!("年度报告的文件名 `{stem}` 不是年度（the file name must be the year）"),
            )
            .hint("把文件改名为报告的年度，例如 reports/2025.md"),
        );
    }
    let year = year?;
    if named.is_some_and(|n| i64::from(n) != i64::from(year.value)) {
        diagnostics.push(
            Diagnostic::error(
                Code::InvalidValue,
                &file,
                year.pos,
                format!(
                    "year 为 {}，但文件名是 {stem}.md（the year and the file name differ）",
                    year.value
                ),
            )
            .hint(format!(
                "把 year 改为 {stem}，或把文件改名为 {}.md",
                year.value
            )),
        );
    }
    let parts = parts(body, first_line, &file, diagnostics);
    Some(ReportText {
        year: i32::try_from(year.value).ok()?,
        parts,
    })
}

/// The body cut at its `## ` headings. A heading that is not one of the parts, a part given
/// twice, or text before the first heading is an error at its line.
fn parts(
    body: &str,
    first_line: u32,
    file: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<&'static str, String> {
    let names = || {
        PARTS
            .iter()
            .map(|(_, h)| format!("## {h}"))
            .collect::<Vec<_>>()
            .join("、")
    };
    let mut parts: BTreeMap<&'static str, String> = BTreeMap::new();
    let mut current: Option<&'static str> = None;
    for (i, line) in body.lines().enumerate() {
        let pos = |len: usize| Pos::new(first_line + i as u32, 1, len as u32);
        if let Some(heading) = line.strip_prefix("## ") {
            let heading = heading.trim();
            match PARTS.iter().find(|(_, h)| *h == heading) {
                Some((key, _)) if parts.contains_key(key) => {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::InvalidValue,
                            file,
                            pos(line.chars().count()),
                            format!("“{heading}”写了两次（a part is given twice）"),
                        )
                        .hint("把两处的文字合并到一个标题下"),
                    );
                    current = None;
                }
                Some((key, _)) => {
                    parts.insert(key, String::new());
                    current = Some(key);
                }
                None => {
                    let near = crate::diag::did_you_mean(heading, PARTS.iter().map(|(_, h)| *h));
                    diagnostics.push(
                        Diagnostic::error(
                            Code::InvalidValue,
                            file,
                            pos(line.chars().count()),
                            format!("未知的部分“{heading}”（unknown part of the report）"),
                        )
                        .hint(match near {
                            Some(near) => format!("是否应为“## {near}”？"),
                            None => format!("年度报告由机关撰写的部分为：{}", names()),
                        }),
                    );
                    current = None;
                }
            }
            continue;
        }
        let before_any = parts.is_empty();
        match current.and_then(|key| parts.get_mut(key)) {
            Some(text) => {
                text.push_str(line);
                text.push('\n');
            }
            None if before_any && !line.trim().is_empty() => {
                diagnostics.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        file,
                        pos(line.chars().count()),
                        "这段文字不在任何部分之下（text before the first part）",
                    )
                    .hint(format!("在它前面加上标题，例如 {}", names())),
                );
                // Reported once: the rest until a heading belongs to the same mistake.
                parts.insert("", String::new());
            }
            None => {}
        }
    }
    parts.remove("");
    parts.retain(|_, text| !text.trim().is_empty());
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_is_cut_at_its_parts_and_every_mistake_has_its_line() {
        let body = "\n## 前言\n一年来，\n\n常委会……\n## 存在的问题\n不足。\n## 下一步打算\nx\n## 前言\ny\n";
        let mut diagnostics = Vec::new();
        let parts = parts(body, 4, "reports/2025.md", &mut diagnostics);
        assert_eq!(
            parts.get("foreword").map(String::as_str),
            Some("一年来，\n\n常委会……\n")
        );
        assert_eq!(parts.get("problems").map(String::as_str), Some("不足。\n"));
        assert!(!parts.contains_key("next_steps"));
        let lines: Vec<u32> = diagnostics.iter().map(|d| d.line).collect();
        assert_eq!(lines, vec![11, 13], "{diagnostics:?}");
        assert!(
            diagnostics[0]
                .hint
                .as_deref()
                .unwrap_or("")
                .contains("下一步工作")
        );
    }

    #[test]
    fn text_before_the_first_part_is_an_error() {
        let mut diagnostics = Vec::new();
        let parts = parts(
            "前言写在这里\n更多\n## 前言\n好\n",
            5,
            "r.md",
            &mut diagnostics,
        );
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].line, 5);
        assert_eq!(parts.get("foreword").map(String::as_str), Some("好\n"));
        assert_eq!(year_of("2025"), Some(2025));
        assert_eq!(year_of("twenty"), None);
    }
}
