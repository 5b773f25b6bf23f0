//! A theme: the site's tera templates, its static files, the words of the interface
//! (`i18n/zh-CN.yaml`) and the report's typst template. The default theme is compiled into
//! the binary; a copied and changed theme folder is read with [`Theme::load`].
//!
//! The words of a theme folder are laid over the default theme's, so a theme copied from an
//! older version still has every word a newer version needs.

use std::collections::BTreeMap;
use std::path::Path;

pub struct Theme {
    /// Template name (path under `templates/`) and text.
    pub templates: Vec<(String, String)>,
    /// Output path (`static/…`) and bytes.
    pub statics: Vec<(String, Vec<u8>)>,
    pub strings: Strings,
    /// The report template and its includes (typst files), by name.
    pub report: Vec<(String, String)>,
}

macro_rules! embedded {
    ($($name:literal),+ $(,)?) => {
        &[$(($name, include_str!(concat!("../themes/default/", $name)))),+]
    };
}

/// The default theme, compiled into the binary so `lianluo` works from any folder.
const DEFAULT_THEME: &[(&str, &str)] = embedded!(
    "templates/base.html",
    "templates/macros.html",
    "templates/index.html",
    "templates/deputies.html",
    "templates/deputy.html",
    "templates/members.html",
    "templates/member.html",
    "templates/groups.html",
    "templates/group.html",
    "templates/meetings.html",
    "templates/meeting.html",
    "templates/events.html",
    "templates/event.html",
    "templates/opinions.html",
    "templates/letters.html",
    "templates/compliance_index.html",
    "templates/compliance.html",
    "templates/regulation.html",
    "templates/reports.html",
    "templates/data.html",
    "templates/page.html",
    "templates/404.html",
    "templates/search.html",
    "templates/changes.html",
    "static/style.css",
    "static/search.js",
    "i18n/zh-CN.yaml",
    "report/annual.typ",
    "report/parts.typ",
);

const STRINGS_FILE: &str = "i18n/zh-CN.yaml";

impl Theme {
    pub fn embedded() -> Result<Theme, String> {
        Theme::from_files(
            DEFAULT_THEME
                .iter()
                .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
                .collect(),
            None,
        )
    }

    /// The default theme, or the theme folder `dir` when given.
    pub fn load_or_default(dir: Option<&Path>) -> Result<Theme, String> {
        match dir {
            Some(dir) => Theme::load(dir),
            None => Theme::embedded(),
        }
    }

    /// Reads a theme folder (a copy of `themes/default` a user changed).
    pub fn load(dir: &Path) -> Result<Theme, String> {
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(|e| format!("cannot read theme `{}`: {e}", dir.display()))?;
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let bytes = std::fs::read(entry.path())
                    .map_err(|e| format!("cannot read `{}`: {e}", entry.path().display()))?;
                files.push((rel, bytes));
            }
        }
        let defaults = DEFAULT_THEME
            .iter()
            .find(|(name, _)| *name == STRINGS_FILE)
            .map(|(_, text)| *text);
        // A theme copied before a page was added has no template for it: that page gets
        // the default one (the theme's own words still apply).
        if files.iter().any(|(rel, _)| rel.starts_with("templates/")) {
            for (name, text) in DEFAULT_THEME {
                if name.starts_with("templates/") && !files.iter().any(|(rel, _)| rel == name) {
                    files.push((name.to_string(), text.as_bytes().to_vec()));
                }
            }
        }
        Theme::from_files(files, defaults)
    }

    /// A theme from its files; `defaults` are the words its own are laid over.
    fn from_files(files: Vec<(String, Vec<u8>)>, defaults: Option<&str>) -> Result<Theme, String> {
        let mut theme = Theme {
            templates: Vec::new(),
            statics: Vec::new(),
            strings: match defaults {
                Some(text) => Strings::parse(text, "default theme")?,
                None => Strings::default(),
            },
            report: Vec::new(),
        };
        for (rel, bytes) in files {
            let text = || {
                String::from_utf8(bytes.clone())
                    .map_err(|_| format!("theme file `{rel}` is not UTF-8"))
            };
            if let Some(name) = rel.strip_prefix("templates/") {
                theme.templates.push((name.to_string(), text()?));
            } else if let Some(name) = rel.strip_prefix("static/") {
                theme.statics.push((format!("static/{name}"), bytes));
            } else if let Some(name) = rel.strip_prefix("report/") {
                theme.report.push((name.to_string(), text()?));
            } else if rel == STRINGS_FILE {
                theme.strings.overlay(Strings::parse(&text()?, &rel)?);
            }
        }
        if theme.templates.is_empty() {
            return Err("the theme has no templates/ folder".into());
        }
        Ok(theme)
    }
}

/// The words of the interface: a tree of sections (`compliance: {rate_note: …}`) for the
/// templates (`t.compliance.rate_note`), and the same words by dotted key for Rust
/// (`compliance.rate_note`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Strings {
    tree: BTreeMap<String, Word>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
enum Word {
    Text(String),
    Section(BTreeMap<String, Word>),
}

impl serde::Serialize for Strings {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.tree.serialize(s)
    }
}

impl Strings {
    /// Reads `i18n/zh-CN.yaml`: keys map to texts or to sections of more keys.
    pub fn parse(text: &str, file: &str) -> Result<Strings, String> {
        let value: serde_yaml::Value =
            serde_yaml::from_str(text).map_err(|e| format!("theme strings `{file}`: {e}"))?;
        match value {
            serde_yaml::Value::Null => Ok(Strings::default()),
            serde_yaml::Value::Mapping(map) => Ok(Strings {
                tree: section(map, file, "")?,
            }),
            _ => Err(format!("theme strings `{file}`: expected keys and texts")),
        }
    }

    /// The word at a dotted key (`compliance.rate_note`).
    pub fn get(&self, key: &str) -> Option<&str> {
        let mut parts = key.split('.');
        let mut word = self.tree.get(parts.next()?)?;
        for part in parts {
            match word {
                Word::Section(section) => word = section.get(part)?,
                Word::Text(_) => return None,
            }
        }
        match word {
            Word::Text(text) => Some(text),
            Word::Section(_) => None,
        }
    }

    /// The word at `key`, or the key itself when the theme lacks it (it shows where it is
    /// missing).
    pub fn text(&self, key: &str) -> String {
        self.get(key)
            .map_or_else(|| key.to_string(), str::to_string)
    }

    /// Lays `other` over these words: its texts replace, its sections merge.
    fn overlay(&mut self, other: Strings) {
        fn merge(into: &mut BTreeMap<String, Word>, from: BTreeMap<String, Word>) {
            for (key, word) in from {
                match (into.get_mut(&key), word) {
                    (Some(Word::Section(a)), Word::Section(b)) => merge(a, b),
                    (_, word) => {
                        into.insert(key, word);
                    }
                }
            }
        }
        merge(&mut self.tree, other.tree);
    }
}

fn section(
    map: serde_yaml::Mapping,
    file: &str,
    at: &str,
) -> Result<BTreeMap<String, Word>, String> {
    let mut out = BTreeMap::new();
    for (key, value) in map {
        let key = match key {
            serde_yaml::Value::String(s) => s,
            serde_yaml::Value::Bool(b) => b.to_string(),
            serde_yaml::Value::Number(n) => n.to_string(),
            other => {
                return Err(format!(
                    "theme strings `{file}`: key {other:?} is not a word"
                ));
            }
        };
        let path = if at.is_empty() {
            key.clone()
        } else {
            format!("{at}.{key}")
        };
        let word = match value {
            serde_yaml::Value::String(s) => Word::Text(s),
            serde_yaml::Value::Number(n) => Word::Text(n.to_string()),
            serde_yaml::Value::Bool(b) => Word::Text(b.to_string()),
            serde_yaml::Value::Mapping(m) => Word::Section(section(m, file, &path)?),
            _ => {
                return Err(format!(
                    "theme strings `{file}`: `{path}` must be a text or a section of texts"
                ));
            }
        };
        out.insert(key, word);
    }
    Ok(out)
}

/// Fills `{name}` placeholders of a word (`{year}年`).
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_and_dotted_keys() {
        let s = Strings::parse("a: 甲\nb:\n  c: 丙\n  d: {e: 戊}\nyes: 是\n", "t").unwrap();
        assert_eq!(s.get("a"), Some("甲"));
        assert_eq!(s.get("b.c"), Some("丙"));
        assert_eq!(s.get("b.d.e"), Some("戊"));
        assert_eq!(s.get("b"), None);
        assert_eq!(s.get("a.x"), None);
        assert_eq!(s.text("missing.key"), "missing.key");
    }

    #[test]
    fn a_theme_lays_its_words_over_the_defaults() {
        let mut s = Strings::parse("a: 甲\nb: {c: 丙, d: 丁}\n", "t").unwrap();
        s.overlay(Strings::parse("b: {c: 新}\n", "t").unwrap());
        assert_eq!(
            (s.get("a"), s.get("b.c"), s.get("b.d")),
            (Some("甲"), Some("新"), Some("丁"))
        );
    }

    /// Every literal `t.…` key a default template uses is a word of the default theme, and
    /// no word has a meaningless numbered name (`compliance_05`).
    #[test]
    fn every_word_the_templates_use_exists_and_says_what_it_is() {
        let theme = Theme::embedded().unwrap();
        let mut missing = Vec::new();
        let mut used = 0;
        for (name, text) in &theme.templates {
            for key in template_keys(text) {
                used += 1;
                let is_section = theme
                    .strings
                    .tree
                    .get(key.split('.').next().unwrap())
                    .is_some_and(|w| matches!(w, Word::Section(_)))
                    && !key.contains('.');
                if theme.strings.get(&key).is_none() && !is_section {
                    missing.push(format!("{name}: t.{key}"));
                }
            }
        }
        assert!(used > 100, "only {used} keys found: the scan is broken");
        assert!(missing.is_empty(), "words missing from i18n: {missing:?}");
        fn numbered(tree: &BTreeMap<String, Word>, at: &str, out: &mut Vec<String>) {
            for (key, word) in tree {
                let tail = key.rsplit('_').next().unwrap_or("");
                if key.contains('_') && !tail.is_empty() && tail.bytes().all(|b| b.is_ascii_digit())
                {
                    out.push(format!("{at}{key}"));
                }
                if let Word::Section(inner) = word {
                    numbered(inner, &format!("{at}{key}."), out);
                }
            }
        }
        let mut bad = Vec::new();
        numbered(&theme.strings.tree, "", &mut bad);
        assert!(bad.is_empty(), "numbered keys: {bad:?}");
    }

    /// The literal keys after `t.` in a template (`t.compliance.rate_note`).
    fn template_keys(text: &str) -> Vec<String> {
        let bytes = text.as_bytes();
        let mut keys = Vec::new();
        let mut i = 0;
        while let Some(at) = text[i..].find("t.") {
            let start = i + at;
            i = start + 2;
            if start > 0
                && (bytes[start - 1].is_ascii_alphanumeric()
                    || bytes[start - 1] == b'_'
                    || bytes[start - 1] == b'.')
            {
                continue;
            }
            let key: String = text[i..]
                .chars()
                .take_while(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == '.'
                })
                .collect();
            let key = key.trim_end_matches('.').to_string();
            if !key.is_empty() {
                keys.push(key);
            }
        }
        keys
    }

    #[test]
    fn placeholders() {
        assert_eq!(
            fill("{year}年第{no}条", &[("year", "2024"), ("no", "3")]),
            "2024年第3条"
        );
    }
}
