//! `lianluo init DIR`: a new body's folder that passes `check` at once: `content/site.yaml`
//! with the body's settings, `content/regulation.md`, the empty record folders, a README for
//! the clerks and a `.gitignore` for `output/`. The templates are the files beside this one.
//!
//! The regulation profile (docs/regulation-profile.md) is a built-in one named in `site.yaml`
//! (`profile:`), or a profile file copied in as `content/regulation-profile.yaml`; the
//! regulation's text `regulation.md` is written for the built-in Guangxi profile, whose text
//! it is.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::content::Kind;

/// The regulation's text the rules are written for, the same as the sample's.
pub const REGULATION: &str = include_str!("../../content/regulation.md");

/// 届: one term as given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub id: String,
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// The regulation profile a new folder uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileChoice {
    /// A built-in profile, by name (`guangxi-2022`).
    BuiltIn(String),
    /// A profile file's text, copied to `content/regulation-profile.yaml` to edit.
    File(String),
}

impl Default for ProfileChoice {
    fn default() -> Self {
        ProfileChoice::BuiltIn(crate::rules::profile::DEFAULT.to_string())
    }
}

/// `--profile NAME|FILE`: a built-in profile's name, or a profile file that reads without
/// errors.
pub fn parse_profile(text: &str) -> Result<ProfileChoice, String> {
    use crate::rules::profile::{BUILT_IN, FILE};
    let text = text.trim();
    if BUILT_IN.iter().any(|(name, _)| *name == text) {
        return Ok(ProfileChoice::BuiltIn(text.to_string()));
    }
    let names: Vec<&str> = BUILT_IN.iter().map(|(n, _)| *n).collect();
    let path = Path::new(text);
    if !path.is_file() {
        let near = crate::diag::did_you_mean(text, names.iter().copied());
        return Err(match near {
            Some(n) => format!("没有内置配置 `{text}`；是否应为 `{n}`？（unknown profile）"),
            None => format!(
                "`{text}` 既不是内置配置（{}），也不是一个配置文件（unknown profile）",
                names.join("、")
            ),
        });
    }
    let body = std::fs::read_to_string(path).map_err(|e| format!("无法读取 `{text}`：{e}"))?;
    let root = crate::content::yaml::parse(&body, 0, FILE).map_err(|d| d.message)?;
    let reader = crate::content::yaml::Reader::new(FILE, 0);
    let profile = reader.read_root(&root, |f| crate::rules::profile::read(f, FILE.to_string()));
    let errors: Vec<String> = reader
        .into_diagnostics()
        .into_iter()
        .filter(crate::diag::Diagnostic::is_error)
        .map(|d| {
            let hint = d.hint.map(|h| format!("（{h}）")).unwrap_or_default();
            format!("{text}:{}:{}: {}{hint}", d.line, d.column, d.message)
        })
        .collect();
    if !errors.is_empty() || profile.is_none() {
        return Err(format!("配置文件有错误：\n{}", errors.join("\n")));
    }
    Ok(ProfileChoice::File(body))
}

/// What `site.yaml` says about the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub body: String,
    pub title: String,
    pub base_url: String,
    pub terms: Vec<Term>,
    pub profile: ProfileChoice,
}

/// The files written, relative to the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub files: Vec<PathBuf>,
}

/// `ID:START:END`, e.g. `14:2023-01-13:2028-01-12`; the name is `第十四届` for a number.
pub fn parse_term(text: &str) -> Result<Term, String> {
    let parts: Vec<&str> = text.trim().split(':').map(str::trim).collect();
    let [id, start, end] = parts.as_slice() else {
        return Err(format!(
            "`{text}` 应写成 ID:开始日期:结束日期，例如 14:2023-01-13:2028-01-12（expected ID:START:END）"
        ));
    };
    if !crate::model::is_valid_id(id) {
        return Err(format!(
            "届的 id `{id}` 无效：只能用小写英文字母、数字和 `-`，例如 14（invalid term id）"
        ));
    }
    let start = crate::content::yaml::parse_date(start)?;
    let end = crate::content::yaml::parse_date(end)?;
    if end < start {
        return Err(format!(
            "届 `{id}` 的结束日期 {end} 早于开始日期 {start}（the term ends before it starts）"
        ));
    }
    Ok(Term {
        id: id.to_string(),
        name: term_name(id),
        start,
        end,
    })
}

/// `14` → `第十四届`; an id that is not a number from 1 to 99 is its own name.
fn term_name(id: &str) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let number = match id.parse::<usize>() {
        Ok(n @ 1..=99) => n,
        _ => return id.to_string(),
    };
    let (tens, units) = (number / 10, number % 10);
    let numeral = match tens {
        0 => DIGITS[units].to_string(),
        1 => format!("十{}", DIGITS[units]),
        _ => format!("{}十{}", DIGITS[tens], DIGITS[units]),
    };
    format!("第{numeral}届")
}

/// The site's address: `http(s)://…`, with the final `/` that `site.yaml` asks for added.
pub fn parse_base_url(text: &str) -> Result<String, String> {
    let url = text.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.starts_with('/') && !url.contains(' ') => {
            Ok(if url.ends_with('/') {
                url.to_string()
            } else {
                format!("{url}/")
            })
        }
        _ => Err(format!(
            "`{url}` 不是网站地址：应以 https:// 或 http:// 开头，例如 https://www.example.gov.cn/lianluo/（invalid base URL）"
        )),
    }
}

/// A body's full name or a title: one line, not empty.
pub fn parse_name(text: &str) -> Result<String, String> {
    let name = text.trim();
    if name.is_empty() {
        return Err("不能为空（must not be empty）".to_string());
    }
    if name.contains(['\n', '\r']) {
        return Err("只能写一行（must be one line）".to_string());
    }
    Ok(name.to_string())
}

/// The title when none is given: the body's name and what the site is.
pub fn default_title(body: &str) -> String {
    format!("{body}联系代表工作公开平台")
}

/// Refuses a folder that has anything in it (a hidden file included); a missing folder is
/// fine, `create` makes it.
pub fn ensure_empty(dir: &Path) -> Result<(), String> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => match entries.next() {
            None => Ok(()),
            Some(_) => Err(format!(
                "文件夹 `{}` 不是空的，不会写入：请指定一个新的或空的文件夹（refusing a non-empty folder）",
                dir.display()
            )),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => Err(format!(
            "`{}` 是一个文件，不是文件夹（not a folder）",
            dir.display()
        )),
        Err(e) => Err(format!("无法读取 `{}`：{e}", dir.display())),
    }
}

/// A YAML scalar for any text: a JSON string is a YAML 1.2 double-quoted scalar.
fn yaml_string(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

/// Replaces every `{key}` of `template` by its value in one pass, so a value that happens
/// to contain `{key}` is left as written.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let hit = values
            .iter()
            .find(|(key, _)| after.starts_with(key) && after[key.len()..].starts_with('}'));
        match hit {
            Some((key, value)) => {
                out.push_str(value);
                rest = &after[key.len() + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `content/site.yaml` for these settings.
pub fn site_yaml(settings: &Settings) -> String {
    let terms: Vec<String> = settings
        .terms
        .iter()
        .map(|t| {
            format!(
                "  - {{id: {}, name: {}, start: {}, end: {}}}",
                yaml_string(&t.id),
                yaml_string(&t.name),
                t.start,
                t.end
            )
        })
        .collect();
    fill(
        include_str!("site.yaml"),
        &[
            ("title", &yaml_string(&settings.title)),
            ("body", &yaml_string(&settings.body)),
            ("base_url", &yaml_string(&settings.base_url)),
            ("terms", &terms.join("\n")),
            (
                "profile",
                &match &settings.profile {
                    ProfileChoice::BuiltIn(name) => format!("profile: {name}"),
                    ProfileChoice::File(_) => {
                        "# 《办法》配置：见本文件夹中的 regulation-profile.yaml".to_string()
                    }
                },
            ),
        ],
    )
}

/// The clerks' README for these settings.
pub fn readme(settings: &Settings) -> String {
    fill(
        include_str!("README.md"),
        &[("title", &settings.title), ("body", &settings.body)],
    )
}

/// Every file of a new folder: path relative to it, and contents.
pub fn files(settings: &Settings) -> Vec<(PathBuf, String)> {
    let mut files = vec![
        (PathBuf::from("README.md"), readme(settings)),
        (
            PathBuf::from(".gitignore"),
            include_str!("gitignore").to_string(),
        ),
        (PathBuf::from("content/site.yaml"), site_yaml(settings)),
    ];
    match &settings.profile {
        ProfileChoice::BuiltIn(name) if name == crate::rules::profile::DEFAULT => {
            files.push((
                PathBuf::from("content/regulation.md"),
                REGULATION.to_string(),
            ));
        }
        ProfileChoice::BuiltIn(_) => {}
        ProfileChoice::File(text) => files.push((
            Path::new("content").join(crate::rules::profile::FILE),
            text.clone(),
        )),
    }
    // git keeps no empty folder: a hidden `.gitkeep` (which `check` skips) keeps each one.
    for kind in Kind::ALL {
        let path = Path::new("content").join(kind.folder()).join(".gitkeep");
        files.push((path, String::new()));
    }
    files
}

/// Writes a new folder `dir` (made if missing, refused if not empty).
pub fn create(dir: &Path, settings: &Settings) -> Result<Created, String> {
    ensure_empty(dir)?;
    let mut written = Vec::new();
    for (rel, text) in files(settings) {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("无法创建文件夹 `{}`：{e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("无法写入 `{}`：{e}", path.display()))?;
        written.push(rel);
    }
    Ok(Created { files: written })
}

/// What became of the version control of a new folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Git {
    /// `git init` made a repository in the folder.
    Initialised,
    /// The folder is already inside a repository: nothing done.
    InsideRepository,
    /// No `git` on `PATH`: nothing done.
    NotInstalled,
    /// `git` ran and failed, with what it said.
    Failed(String),
}

/// The pre-commit hook `init` installs: the content as staged is checked, and a commit of
/// records with errors is refused.
pub const PRE_COMMIT: &str = "#!/bin/sh\n# lianluo：提交前检查暂存的记录，有错误时不能提交（lianluo init 安装）\nexec lianluo check --staged --content content\n";

/// Installs [`PRE_COMMIT`] as the hook of the repository `git init` made in `dir`.
pub fn install_pre_commit(dir: &Path) -> std::io::Result<PathBuf> {
    let hooks = dir.join(".git").join("hooks");
    std::fs::create_dir_all(&hooks)?;
    let hook = hooks.join("pre-commit");
    std::fs::write(&hook, PRE_COMMIT)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755))?;
    }
    Ok(hook)
}

/// Runs `git init` in `dir` unless it is inside a repository already or git is missing.
pub fn git_init(dir: &Path) -> Git {
    let inside = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["rev-parse", "--is-inside-work-tree"])
        .stdin(std::process::Stdio::null())
        .output();
    match inside {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Git::NotInstalled,
        Err(e) => return Git::Failed(e.to_string()),
        Ok(out) if out.status.success() => return Git::InsideRepository,
        Ok(_) => {}
    }
    let init = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["init", "--quiet"])
        .stdin(std::process::Stdio::null())
        .output();
    match init {
        Ok(out) if out.status.success() => Git::Initialised,
        Ok(out) => Git::Failed(String::from_utf8_lossy(&out.stderr).trim().to_string()),
        Err(e) => Git::Failed(e.to_string()),
    }
}

#[cfg(test)]
mod tests;
