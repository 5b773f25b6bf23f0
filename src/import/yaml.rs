//! Record text written by the import: new files in the layout of `src/new/`'s templates,
//! and `--update` edits of existing files that replace only the values of the fields the
//! sheet gives, at the positions the loader's tree records, so that comments, the order of
//! the fields and a Markdown body stay as the clerk wrote them.

use crate::content::yaml::tree::{self, Node};

/// A field's value as YAML: on the key's line (`name: 韦明`, `terms: ["14"]`), or as lines
/// below it (a list of mappings, `private:`), each already indented by two spaces.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Inline(String),
    Block(Vec<String>),
}

/// Text as a YAML scalar: plain when it reads back as the same text, else double-quoted
/// (a JSON string is a valid YAML double-quoted scalar).
pub fn scalar(text: &str) -> String {
    if is_plain_safe(text) {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_else(|_| format!("\"{}\"", text.escape_default()))
    }
}

fn is_plain_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    let looks_typed = matches!(
        text.to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | "y" | "n"
    );
    !looks_typed
        && !first.is_ascii_digit()
        && !"-?:,[]{}#&*!|>'\"%@`+. ".contains(first)
        && !text.ends_with([' ', ':'])
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.chars().any(|c| c.is_control())
}

/// `[a, b]` of plain-safe items (ids, words), quoting those that need it.
pub fn flow_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|i| scalar(i)).collect();
    format!("[{}]", items.join(", "))
}

/// A new record file: a comment saying where it came from, then one line (or block) per
/// field.
pub fn render(source: &str, fields: &[(&'static str, Value)]) -> String {
    let mut out = format!("# 由 lianluo import 从 {source} 导入\n");
    for (key, value) in fields {
        push_field(&mut out, key, value);
    }
    out
}

fn push_field(out: &mut String, key: &str, value: &Value) {
    match value {
        Value::Inline(v) => {
            out.push_str(key);
            out.push_str(": ");
            out.push_str(v);
            out.push('\n');
        }
        Value::Block(lines) => {
            out.push_str(key);
            out.push_str(":\n");
            for line in lines {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
}

/// The existing record `text` with the values of `fields` replaced (fields it lacks are
/// added after its last field). `markdown`: the YAML is the front matter between the first
/// two `---` lines, and the body after it is kept.
pub fn patch(
    text: &str,
    markdown: bool,
    fields: &[(&'static str, Value)],
) -> Result<String, String> {
    let (head, yaml, tail) = if markdown {
        split_front_matter(text).ok_or("front matter between `---` lines not found")?
    } else {
        ("", text, "")
    };
    let root = tree::parse(yaml).map_err(|_| "the record's YAML cannot be parsed".to_string())?;
    let map = root.as_mapping().ok_or("the record is not a mapping")?;
    let mut lines: Vec<String> = yaml.lines().map(str::to_string).collect();
    // Top-level keys by line, to know where a block value ends.
    let key_lines: Vec<usize> = map.keys().map(|k| k.at.line as usize).collect();
    let mut edits: Vec<(usize, usize, Vec<String>)> = Vec::new();
    let mut added = String::new();
    for (key, value) in fields {
        let Some(index) = map.entries.iter().position(|(k, _)| k.text == *key) else {
            push_field(&mut added, key, value);
            continue;
        };
        let (k, node) = &map.entries[index];
        let first = k.at.line as usize - 1;
        let next = key_lines.get(index + 1).map_or(lines.len(), |l| l - 1);
        let last = block_end(&lines, first, next);
        let inline_old = node.at().line == k.at.line && last == first;
        match (value, inline_old) {
            (Value::Inline(v), true) => {
                let line = &lines[first];
                let start = char_to_byte(line, node.at().column as usize - 1);
                let end = start + raw_len(&line[start..], node);
                let mut new = line[..start].to_string();
                new.push_str(v);
                new.push_str(&line[end..]);
                edits.push((first, first, vec![new]));
            }
            _ => {
                let mut text = String::new();
                push_field(&mut text, key, value);
                edits.push((first, last, text.lines().map(str::to_string).collect()));
            }
        }
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    for (first, last, new) in edits {
        lines.splice(first..=last, new);
    }
    let mut yaml_out = lines.join("\n");
    if !yaml_out.is_empty() {
        yaml_out.push('\n');
    }
    yaml_out.push_str(&added);
    Ok(format!("{head}{yaml_out}{tail}"))
}

/// The last line of a field's value that starts on line `first` (0-based), given that the
/// next field starts on line `next`: trailing blank lines and comments at the margin belong
/// to what follows.
fn block_end(lines: &[String], first: usize, next: usize) -> usize {
    let mut last = first;
    for (i, line) in lines.iter().enumerate().take(next).skip(first + 1) {
        let trimmed = line.trim_start();
        let at_margin = trimmed.len() == line.len();
        if !(trimmed.is_empty() || (at_margin && trimmed.starts_with('#'))) {
            last = i;
        }
    }
    last
}

fn char_to_byte(line: &str, chars: usize) -> usize {
    line.char_indices()
        .nth(chars)
        .map_or(line.len(), |(i, _)| i)
}

/// The length in bytes of the value written at the start of `rest`: a quoted scalar up to
/// its closing quote, a flow collection up to its closing bracket, a plain scalar up to a
/// comment or the end of the line.
fn raw_len(rest: &str, node: &Node) -> usize {
    let bytes = rest.as_bytes();
    match bytes.first() {
        Some(b'"') => {
            let mut i = 1;
            while i < bytes.len() {
                match bytes[i] {
                    b'\\' => i += 2,
                    b'"' => return i + 1,
                    _ => i += 1,
                }
            }
            rest.len()
        }
        Some(b'\'') => {
            let mut i = 1;
            while i < bytes.len() {
                if bytes[i] == b'\'' {
                    if bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    return i + 1;
                }
                i += 1;
            }
            rest.len()
        }
        Some(b'[' | b'{') if !matches!(node, Node::Scalar(_)) => {
            let mut depth = 0i32;
            let mut quote: Option<u8> = None;
            for (i, &b) in bytes.iter().enumerate() {
                match (quote, b) {
                    (Some(q), c) if c == q => quote = None,
                    (Some(_), _) => {}
                    (None, b'"' | b'\'') => quote = Some(b),
                    (None, b'[' | b'{') => depth += 1,
                    (None, b']' | b'}') => {
                        depth -= 1;
                        if depth == 0 {
                            return i + 1;
                        }
                    }
                    _ => {}
                }
            }
            rest.len()
        }
        _ => {
            let end = rest.find(" #").unwrap_or(rest.len());
            rest[..end].trim_end().len()
        }
    }
}

/// `(before the YAML, the YAML, from the closing fence on)` of a Markdown record.
fn split_front_matter(text: &str) -> Option<(&str, &str, &str)> {
    let after_open = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let head_len = text.len() - after_open.len();
    let mut offset = 0;
    for line in after_open.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml_end = head_len + offset;
            return Some((
                &text[..head_len],
                &text[head_len..yaml_end],
                &text[yaml_end..],
            ));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_read_back_as_written() {
        assert_eq!(scalar("韦明"), "韦明");
        assert_eq!(scalar("14"), "\"14\"");
        assert_eq!(scalar("true"), "\"true\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("- x"), "\"- x\"");
        assert_eq!(scalar("138-0000-0003"), "\"138-0000-0003\"");
        assert_eq!(flow_list(&["14".into()]), "[\"14\"]");
    }

    #[test]
    fn patch_keeps_comments_order_and_body() {
        let text = "---\n# 补选代表\nname: 苏小玲   # 姓名\nregion: \"南宁市\"\nfields: [a, b]\nprivate:\n  phone: \"1\"\n\n# 备注\ngroup: nanning\n---\n\n正文。\n";
        let out = patch(
            text,
            true,
            &[
                ("name", Value::Inline("苏晓玲".into())),
                ("region", Value::Inline("柳州市".into())),
                ("fields", Value::Inline("[c]".into())),
                ("private", Value::Block(vec!["  phone: \"2\"".into()])),
                ("sector", Value::Inline("制造业".into())),
            ],
        )
        .unwrap();
        assert_eq!(
            out,
            "---\n# 补选代表\nname: 苏晓玲   # 姓名\nregion: 柳州市\nfields: [c]\nprivate:\n  phone: \"2\"\n\n# 备注\ngroup: nanning\nsector: 制造业\n---\n\n正文。\n"
        );
        let same = patch(text, true, &[("group", Value::Inline("nanning".into()))]).unwrap();
        assert_eq!(same, text);
    }
}
