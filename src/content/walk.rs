//! Finds the record files of a content folder, by kind, in sorted order.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::{Code, Diagnostic, Pos, did_you_mean};

/// The record kinds of spec §1, each with its folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Deputy,
    Member,
    Group,
    Meeting,
    Solicitation,
    Symposium,
    Activity,
    Contact,
    Letter,
    Page,
    Session,
}

impl Kind {
    pub const ALL: [Kind; 11] = [
        Kind::Deputy,
        Kind::Member,
        Kind::Group,
        Kind::Meeting,
        Kind::Solicitation,
        Kind::Symposium,
        Kind::Activity,
        Kind::Contact,
        Kind::Letter,
        Kind::Page,
        Kind::Session,
    ];

    /// The folder under `content/`, also the kind's name in public ids and URLs.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Deputy => "deputies",
            Kind::Member => "members",
            Kind::Group => "groups",
            Kind::Meeting => "meetings",
            Kind::Solicitation => "solicitations",
            Kind::Symposium => "symposiums",
            Kind::Activity => "activities",
            Kind::Contact => "contacts",
            Kind::Letter => "letters",
            Kind::Page => "pages",
            Kind::Session => "sessions",
        }
    }

    /// The kind's name in Chinese, for messages.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Deputy => "代表",
            Kind::Member => "常委会组成人员",
            Kind::Group => "代表小组",
            Kind::Meeting => "常委会会议",
            Kind::Solicitation => "征求意见",
            Kind::Symposium => "代表座谈会",
            Kind::Activity => "活动",
            Kind::Contact => "联系记录",
            Kind::Letter => "来信来访",
            Kind::Page => "页面",
            Kind::Session => "人民代表大会会议",
        }
    }

    pub fn from_folder(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.folder() == name)
    }
}

/// What a file of the content folder is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Site,
    Regulation,
    /// `regulation-profile.yaml`: the body's own regulation profile (spec §4a).
    Profile,
    /// `reports/<year>.md`: the parts of a year's report the office writes.
    Report,
    Record(Kind),
}

/// A file to read: its role, its path relative to the content folder (with `/`) and on disk.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Found {
    pub role: Role,
    pub rel: String,
    pub path: PathBuf,
}

impl Found {
    /// What a path relative to a content folder (with `/`) would be, if it were found there.
    pub fn classify(rel: &str) -> Option<Found> {
        let role = match rel {
            "site.yaml" => Role::Site,
            "regulation.md" => Role::Regulation,
            "regulation-profile.yaml" => Role::Profile,
            _ if is_report_text(rel) => Role::Report,
            _ => {
                let (top, rest) = rel.split_once('/')?;
                let kind = Kind::from_folder(top)?;
                if rest.is_empty() || !(rest.ends_with(".yaml") || rest.ends_with(".md")) {
                    return None;
                }
                Role::Record(kind)
            }
        };
        Some(Found {
            role,
            rel: rel.to_string(),
            path: PathBuf::from(rel),
        })
    }

    pub fn is_markdown(&self) -> bool {
        self.rel.ends_with(".md")
    }

    /// The record id: the file stem (validated later; never used as a path before that).
    pub fn stem(&self) -> &str {
        let name = self.rel.rsplit('/').next().unwrap_or(&self.rel);
        name.rsplit_once('.').map_or(name, |(stem, _)| stem)
    }
}

fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The folder of the office's parts of the annual reports.
pub const REPORTS_FOLDER: &str = "reports";

/// `reports/<name>.md`, directly in the folder.
fn is_report_text(rel: &str) -> bool {
    rel.strip_prefix("reports/")
        .is_some_and(|name| name.ends_with(".md") && !name.contains('/'))
}

/// Files and folders the walk skips without a word (dot files, editor backups).
pub fn hidden(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('~') || name.ends_with('~')
}

/// Lists the files of a content folder. Files that are not records are warned about (a
/// misnamed folder or a `.yml` file would otherwise be silently dropped).
pub fn find(root: &Path) -> std::io::Result<(Vec<Found>, Vec<Diagnostic>)> {
    let meta = std::fs::metadata(root)?;
    if !meta.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotADirectory,
            "not a folder",
        ));
    }
    let mut found = Vec::new();
    let mut warnings = Vec::new();
    let walker = WalkDir::new(root)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter();
    let mut walker = walker.filter_entry(|e| !hidden(&e.file_name().to_string_lossy()));
    while let Some(entry) = walker.next() {
        let entry = entry.map_err(std::io::Error::other)?;
        let rel = rel_path(root, entry.path());
        let top = rel.split('/').next().unwrap_or_default().to_string();
        let is_dir = entry.file_type().is_dir();
        if entry.depth() == 1 {
            if is_dir {
                if Kind::from_folder(&top).is_none() && top != REPORTS_FOLDER {
                    let near = did_you_mean(&top, Kind::ALL.iter().map(|k| k.folder()));
                    warnings.push(
                        Diagnostic::warning(Code::IgnoredFile, &rel, Pos::START, format!("未知的文件夹 `{rel}`，其中的文件不会被读取（unknown folder, not read）"))
                            .hint(match near {
                                Some(near) => format!("是否应为 `{near}`？"),
                                None => format!("记录文件夹为：{}", Kind::ALL.map(|k| k.folder()).join("、")),
                            }),
                    );
                    walker.skip_current_dir();
                }
                continue;
            }
            match rel.as_str() {
                "site.yaml" => found.push(Found {
                    role: Role::Site,
                    rel,
                    path: entry.into_path(),
                }),
                "regulation.md" => found.push(Found {
                    role: Role::Regulation,
                    rel,
                    path: entry.into_path(),
                }),
                "regulation-profile.yaml" => found.push(Found {
                    role: Role::Profile,
                    rel,
                    path: entry.into_path(),
                }),
                "README.md" | "readme.md" => {}
                _ => warnings.push(
                    Diagnostic::warning(
                        Code::IgnoredFile,
                        &rel,
                        Pos::START,
                        format!("`{rel}` 不是记录文件，不会被读取（not read）"),
                    )
                    .hint("站点设置写在 site.yaml，记录放在对应的文件夹中"),
                ),
            }
            continue;
        }
        if is_dir {
            continue; // records may be grouped in sub-folders (e.g. contacts/2024/)
        }
        if top == REPORTS_FOLDER {
            if is_report_text(&rel) {
                found.push(Found {
                    role: Role::Report,
                    rel,
                    path: entry.into_path(),
                });
            } else {
                warnings.push(
                    Diagnostic::warning(
                        Code::IgnoredFile,
                        &rel,
                        Pos::START,
                        format!("`{rel}` 不是年度报告文件，不会被读取（not read）"),
                    )
                    .hint("年度报告由机关撰写的部分写在 reports/<年度>.md，例如 reports/2025.md"),
                );
            }
            continue;
        }
        let Some(kind) = Kind::from_folder(&top) else {
            continue;
        };
        let name = entry.file_name().to_string_lossy();
        if name.ends_with(".yaml") || name.ends_with(".md") {
            found.push(Found {
                role: Role::Record(kind),
                rel,
                path: entry.into_path(),
            });
        } else {
            let hint = if name.ends_with(".yml") {
                "请把扩展名改为 .yaml"
            } else {
                "记录文件的扩展名应为 .yaml 或 .md"
            };
            warnings.push(
                Diagnostic::warning(
                    Code::IgnoredFile,
                    &rel,
                    Pos::START,
                    format!("`{rel}` 不是 .yaml 或 .md 文件，不会被读取（not read）"),
                )
                .hint(hint),
            );
        }
    }
    found.sort();
    Ok((found, warnings))
}
