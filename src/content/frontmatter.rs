//! Splits a Markdown record into its YAML front matter and its body, keeping line numbers:
//! the YAML's first line is line 2 of the file (after the opening `---`).

use crate::diag::{Code, Diagnostic, Pos};

/// A Markdown file split at its fences.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// Lines before the YAML (the opening fence): added to the YAML parser's line numbers.
    pub line_offset: u32,
    pub body: &'a str,
}

fn is_fence(line: &str, fences: &[&str]) -> bool {
    let line = line.trim_end_matches(['\n', '\r']).trim_end();
    fences.contains(&line)
}

pub fn split<'a>(text: &'a str, file: &str) -> Result<Split<'a>, Diagnostic> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if !is_fence(first, &["---"]) {
        return Err(Diagnostic::error(
            Code::YamlSyntax,
            file,
            Pos::START,
            "Markdown 记录应以 `---` 开头的 front matter 起首（a .md record must start with `---` front matter）",
        )
        .hint("在文件第一行写 `---`，接着写字段，再用一行 `---` 结束，然后写正文"));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    let mut line_no = 1u32;
    for line in lines {
        line_no += 1;
        if is_fence(line, &["---", "..."]) {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                line_offset: 1,
                body: &text[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        Code::YamlSyntax,
        file,
        Pos::new(line_no, 1, 1),
        "front matter 没有结束的 `---` 行（front matter is not closed）",
    )
    .hint("在字段之后、正文之前加一行 `---`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_with_offsets_lf_and_crlf() {
        let s = split("---\ntitle: a\n---\n\nbody\n", "x.md").unwrap();
        assert_eq!(
            (s.yaml, s.line_offset, s.body),
            ("title: a\n", 1, "\nbody\n")
        );
        let s = split("---\r\ntitle: a\r\n---\r\nbody", "x.md").unwrap();
        assert_eq!((s.yaml, s.body), ("title: a\r\n", "body"));
        let s = split("---\n---\n", "x.md").unwrap();
        assert_eq!((s.yaml, s.body), ("", ""));
    }

    #[test]
    fn missing_fences_are_errors() {
        assert_eq!(split("title: a\n", "x.md").unwrap_err().line, 1);
        let e = split("---\ntitle: a\nmore: b\n", "x.md").unwrap_err();
        assert_eq!((e.code, e.line), (Code::YamlSyntax, 3));
    }
}
