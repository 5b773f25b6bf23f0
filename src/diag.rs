//! Diagnostics: what is wrong in the data, where, and how to fix it.
//!
//! A [`Diagnostic`] names a file relative to the content folder, a 1-based line and column in
//! that file (front matter fence included), a stable [`Code`], a plain-words message and a
//! hint. They are rendered rustc-style with codespan-reporting for people, and as JSON for
//! machines (`check --format json`, spec §5).

use std::collections::BTreeMap;
use std::fmt;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;
use serde::Serialize;

/// The kind of mistake. The JSON names are part of the contract (spec §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    YamlSyntax,
    UnknownField,
    MissingField,
    InvalidValue,
    InvalidId,
    DuplicateId,
    UnknownReference,
    DateOrder,
    Inconsistent,
    // Warnings: the data is usable, but probably not what the clerk meant.
    LinkNotGrassroots,
    IgnoredFile,
    OutsideTerm,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::YamlSyntax => "yaml-syntax",
            Code::UnknownField => "unknown-field",
            Code::MissingField => "missing-field",
            Code::InvalidValue => "invalid-value",
            Code::InvalidId => "invalid-id",
            Code::DuplicateId => "duplicate-id",
            Code::UnknownReference => "unknown-reference",
            Code::DateOrder => "date-order",
            Code::Inconsistent => "inconsistent",
            Code::LinkNotGrassroots => "link-not-grassroots",
            Code::IgnoredFile => "ignored-file",
            Code::OutsideTerm => "outside-term",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a source file: 1-based line and column (in characters), and the length in
/// characters of the offending text (for the caret line; at least 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
    pub len: u32,
}

impl Pos {
    pub const START: Pos = Pos {
        line: 1,
        column: 1,
        len: 1,
    };

    pub fn new(line: u32, column: u32, len: u32) -> Pos {
        Pos {
            line: line.max(1),
            column: column.max(1),
            len: len.max(1),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    #[serde(skip)]
    pub severity: Severity,
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub code: Code,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    #[serde(skip)]
    pub len: u32,
}

impl Diagnostic {
    pub fn error(code: Code, file: &str, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_string(),
            line: pos.line,
            column: pos.column,
            len: pos.len,
            code,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(code: Code, file: &str, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, pos, message)
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// A mistake in a place that is not a line of a text file: a spreadsheet's cell
    /// (`代表名册.xlsx › Sheet1!C14`) or row. Its line and column are 0.
    pub fn at_place(code: Code, place: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            line: 0,
            column: 0,
            ..Diagnostic::error(code, place, Pos::START, message)
        }
    }

    /// Adds the hint only when there is one.
    pub fn maybe_hint(self, hint: Option<String>) -> Diagnostic {
        match hint {
            Some(h) => self.hint(h),
            None => self,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Sort key: file, then position, then code — the order a clerk reads them in.
    fn sort_key(&self) -> (&str, u32, u32, Code, &str) {
        (&self.file, self.line, self.column, self.code, &self.message)
    }
}

/// Sorts diagnostics by file and position and removes exact duplicates.
pub fn sort(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diags.dedup();
}

/// "Did you mean …?": the closest candidate by edit distance, if it is close enough.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(wrong, candidate);
        if score >= 0.8 && best.is_none_or(|(s, c)| score > s || (score == s && candidate < c)) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// The text of every file a diagnostic may point into, for rendering the offending line.
#[derive(Default)]
pub struct Sources {
    /// Shared with `serve`'s cache of read files (a rebuild does not copy every file's text).
    texts: BTreeMap<String, std::sync::Arc<str>>,
}

impl Sources {
    pub fn insert(&mut self, file: impl Into<String>, text: std::sync::Arc<str>) {
        self.texts.insert(file.into(), text);
    }

    pub fn get(&self, file: &str) -> Option<&str> {
        self.texts.get(file).map(|t| &**t)
    }
}

/// Byte range in `text` of a (line, column, len) position counted in characters.
fn byte_range(text: &str, line: u32, column: u32, len: u32) -> Option<std::ops::Range<usize>> {
    let mut offset = 0usize;
    for (n, l) in text.split_inclusive('\n').enumerate() {
        if n + 1 == line as usize {
            let content = l.trim_end_matches(['\n', '\r']);
            let start = content
                .char_indices()
                .nth(column.saturating_sub(1) as usize)
                .map_or(content.len(), |(i, _)| i);
            let end = content[start..]
                .char_indices()
                .nth(len.max(1) as usize)
                .map_or(content.len(), |(i, _)| start + i);
            return Some(offset + start..offset + end.max(start));
        }
        offset += l.len();
    }
    None
}

/// Renders diagnostics for a terminal, rustc-style: header, `file:line:column`, the offending
/// line with a caret, then the hint.
pub fn render_text(diags: &[Diagnostic], sources: &Sources, color: bool) -> String {
    let mut files = SimpleFiles::new();
    let mut ids = BTreeMap::new();
    let config = term::Config::default();
    let mut out = Vec::new();
    for d in diags {
        let severity = match d.severity {
            Severity::Error => ReportSeverity::Error,
            Severity::Warning => ReportSeverity::Warning,
        };
        let mut report = Report::new(severity)
            .with_code(d.code.as_str())
            .with_message(&d.message);
        let text = sources.get(&d.file);
        match text.and_then(|t| byte_range(t, d.line, d.column, d.len)) {
            Some(range) => {
                let id = *ids.entry(d.file.clone()).or_insert_with(|| {
                    files.add(d.file.clone(), text.unwrap_or_default().to_string())
                });
                report = report.with_labels(vec![Label::primary(id, range)]);
            }
            None if d.line == 0 => {
                report = report.with_notes(vec![format!("--> {}", d.file)]);
            }
            None => {
                report = report.with_notes(vec![format!("--> {}:{}:{}", d.file, d.line, d.column)]);
            }
        }
        if let Some(hint) = &d.hint {
            report = report.with_notes(vec![format!("help: {hint}")]);
        }
        let mut buffer = termcolor::Buffer::no_color();
        if color {
            buffer = termcolor::Buffer::ansi();
        }
        if term::emit_to_write_style(&mut buffer, &config, &files, &report).is_err() {
            // The position lies outside the file (it cannot, but never lose the message).
            out.extend_from_slice(
                format!(
                    "{}[{}]: {}\n  --> {}:{}:{}\n",
                    severity_word(d.severity),
                    d.code,
                    d.message,
                    d.file,
                    d.line,
                    d.column
                )
                .as_bytes(),
            );
        } else {
            out.extend_from_slice(buffer.as_slice());
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_range_counts_characters() {
        let text = "name: 韦明\nregion: 南宁市\r\n";
        assert_eq!(byte_range(text, 1, 7, 2), Some(6..12));
        assert_eq!(byte_range(text, 2, 9, 3), Some(21..30));
        assert_eq!(byte_range(text, 3, 1, 1), None);
    }

    #[test]
    fn did_you_mean_picks_the_closest() {
        let fields = ["attendees", "agenda", "opinions", "title"];
        assert_eq!(did_you_mean("atendees", fields), Some("attendees"));
        assert_eq!(did_you_mean("zzz", fields), None);
    }

    #[test]
    fn text_rendering_shows_file_line_and_caret() {
        let mut sources = Sources::default();
        sources.insert(
            "deputies/wei-ming.yaml",
            "name: 韦明\ngrasroots: true\n".into(),
        );
        let d = Diagnostic::error(
            Code::UnknownField,
            "deputies/wei-ming.yaml",
            Pos::new(2, 1, 9),
            "未知字段 `grasroots`",
        )
        .hint("是否应为 `grassroots`？");
        let text = render_text(&[d], &sources, false);
        assert!(text.contains("error[unknown-field]"), "{text}");
        assert!(text.contains("deputies/wei-ming.yaml:2:1"), "{text}");
        assert!(text.contains("^^^^^^^^^"), "{text}");
        assert!(text.contains("grassroots"), "{text}");
    }
}

/// A value read from a file, with where it was written. Compares, orders and serialises as
/// its value; the position is only for diagnostics.
#[derive(Debug, Clone)]
pub struct Spanned<T> {
    pub value: T,
    pub pos: Pos,
}

impl<T> Spanned<T> {
    pub fn new(value: T, pos: Pos) -> Spanned<T> {
        Spanned { value, pos }
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Spanned<T> {}

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}
