//! Files → parsed YAML documents with source positions.
//!
//! This stage knows about folders, encodings, front matter and YAML syntax; it knows nothing
//! of what a deputy or a meeting is (that is [`crate::model`]).

pub mod frontmatter;
pub mod source;
pub mod walk;
pub mod yaml;

pub use source::{Files, Folder, Snapshot};
pub use walk::{Found, Kind, Role, find};

use std::path::Path;

use crate::diag::{Code, Diagnostic, Pos};

/// One file read and parsed.
pub struct Source {
    pub found: Found,
    /// The file's text (BOM removed), kept for rendering diagnostics. `None` when the file
    /// could not be read as UTF-8.
    pub text: Option<String>,
    pub document: Result<Document, Diagnostic>,
}

/// The YAML of a file (the whole file, or a Markdown file's front matter) and its body.
pub struct Document {
    pub root: yaml::Node,
    pub line_offset: u32,
    pub body: String,
}

/// Reads and parses one file. Never panics on its content.
pub fn read(found: Found) -> Source {
    read_from(&Folder(Path::new("")), found)
}

/// Reads and parses one file of `files`. Never panics on its content.
pub fn read_from(files: &dyn Files, found: Found) -> Source {
    let bytes = match files.bytes(&found) {
        Ok(bytes) => bytes,
        Err(e) => {
            let d = Diagnostic::error(
                Code::YamlSyntax,
                &found.rel,
                Pos::START,
                format!("无法读取文件：{e}（cannot read the file）"),
            )
            .hint("检查文件权限");
            return Source {
                found,
                text: None,
                document: Err(d),
            };
        }
    };
    from_bytes(found, bytes)
}

/// A file's bytes. A record file is a few hundred bytes: read into a buffer large enough for
/// most, without asking the file system for its size first (`std::fs::read` does: one system
/// call more per file, and a site has thousands of files).
fn read_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(4096);
    // Through `Take`: `File`'s own read_to_end asks for the size (statx) before reading.
    std::fs::File::open(path)?
        .take(u64::MAX)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Parses a file's bytes as if read from `found`'s path.
pub fn from_bytes(found: Found, bytes: Vec<u8>) -> Source {
    let text = match decode(bytes, &found.rel) {
        Ok(text) => text,
        Err(d) => {
            return Source {
                found,
                text: None,
                document: Err(d),
            };
        }
    };
    let document = parse(&found, &text);
    Source {
        found,
        text: Some(text),
        document,
    }
}

/// UTF-8 with or without BOM; anything else is a data error pointing at the first bad byte.
pub fn decode(mut bytes: Vec<u8>, file: &str) -> Result<String, Diagnostic> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let good = std::str::from_utf8(good).unwrap_or_default();
        let line = good.matches('\n').count() as u32 + 1;
        let column = good.rsplit('\n').next().unwrap_or_default().chars().count() as u32 + 1;
        Diagnostic::error(
            Code::YamlSyntax,
            file,
            Pos::new(line, column, 1),
            "文件不是 UTF-8 编码（the file is not UTF-8 text）",
        )
        .hint("用编辑器把文件另存为 UTF-8 编码（不要用 GBK/GB2312）")
    })
}

fn parse(found: &Found, text: &str) -> Result<Document, Diagnostic> {
    if found.role == Role::Regulation {
        // The regulation is plain Markdown, with no front matter.
        return Ok(Document {
            root: yaml::Node::Mapping(yaml::Mapping::empty()),
            line_offset: 0,
            body: text.to_string(),
        });
    }
    let (yaml, line_offset, body) = if found.is_markdown() {
        let split = frontmatter::split(text, &found.rel)?;
        (split.yaml, split.line_offset, split.body)
    } else {
        (text, 0, "")
    };
    let root = yaml::parse(yaml, line_offset, &found.rel)?;
    Ok(Document {
        root,
        line_offset,
        body: body.to_string(),
    })
}
