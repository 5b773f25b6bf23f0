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
    let mut listing = Listing::default();
    let walker = WalkDir::new(root)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter();
    let mut walker = walker.filter_entry(|e| !hidden(&e.file_name().to_string_lossy()));
    while let Some(entry) = walker.next() {
        let entry = entry.map_err(std::io::Error::other)?;
        let rel = rel_path(root, entry.path());
        let (depth, is_dir) = (entry.depth(), entry.file_type().is_dir());
        if !listing.entry(rel, depth, is_dir, entry.into_path()) {
            walker.skip_current_dir();
        }
    }
    Ok(listing.finish())
}

/// Lists the files of a content folder given as paths relative to it (with `/`), e.g. the
/// files of a commit's tree: the same files found and the same warnings as [`find`] on a
/// folder holding them. `path` of each file found is its relative path.
pub fn classify_paths<'a>(
    rels: impl IntoIterator<Item = &'a str>,
) -> (Vec<Found>, Vec<Diagnostic>) {
    let mut listing = Listing::default();
    let mut skipped: Option<String> = None;
    let mut folders_seen = std::collections::BTreeSet::new();
    for rel in rels {
        if rel.split('/').any(hidden) {
            continue;
        }
        let top = rel.split('/').next().unwrap_or_default();
        if skipped.as_deref() == Some(top) {
            continue;
        }
        if rel.contains('/')
            && folders_seen.insert(top.to_string())
            && !listing.entry(top.to_string(), 1, true, PathBuf::from(top))
        {
            skipped = Some(top.to_string());
            continue;
        }
        let depth = rel.matches('/').count() + 1;
        listing.entry(rel.to_string(), depth, false, PathBuf::from(rel));
    }
    listing.finish()
}

/// The files found so far and the warnings about the others.
#[derive(Default)]
struct Listing {
    found: Vec<Found>,
    warnings: Vec<Diagnostic>,
}

impl Listing {
    fn finish(mut self) -> (Vec<Found>, Vec<Diagnostic>) {
        self.found.sort();
        (self.found, self.warnings)
    }

    /// Takes one entry of the folder (`depth` 1 is directly in it); `false` when it is a
    /// folder whose files are not to be listed.
    fn entry(&mut self, rel: String, depth: usize, is_dir: bool, path: PathBuf) -> bool {
        let top = rel.split('/').next().unwrap_or_default().to_string();
        if depth == 1 {
            if is_dir {
                if Kind::from_folder(&top).is_none() && top != REPORTS_FOLDER {
                    let near = did_you_mean(&top, Kind::ALL.iter().map(|k| k.folder()));
                    self.warnings.push(
                        Diagnostic::warning(Code::IgnoredFile, &rel, Pos::START, format!("未知的文件夹 `{rel}`，其中的文件不会被读取（unknown folder, not read）"))
                            .hint(match near {
                                Some(near) => format!("是否应为 `{near}`？"),
                                None => format!("记录文件夹为：{}", Kind::ALL.map(|k| k.folder()).join("、")),
                            }),
                    );
                    return false;
                }
                return true;
            }
            let role = match rel.as_str() {
                "site.yaml" => Role::Site,
                "regulation.md" => Role::Regulation,
                "regulation-profile.yaml" => Role::Profile,
                "README.md" | "readme.md" => return true,
                _ => {
                    self.warnings.push(
                        Diagnostic::warning(
                            Code::IgnoredFile,
                            &rel,
                            Pos::START,
                            format!("`{rel}` 不是记录文件，不会被读取（not read）"),
                        )
                        .hint("站点设置写在 site.yaml，记录放在对应的文件夹中"),
                    );
                    return true;
                }
            };
            self.found.push(Found { role, rel, path });
            return true;
        }
        if is_dir {
            return true; // records may be grouped in sub-folders (e.g. contacts/2024/)
        }
        if top == REPORTS_FOLDER {
            if is_report_text(&rel) {
                self.found.push(Found {
                    role: Role::Report,
                    rel,
                    path,
                });
            } else {
                self.warnings.push(
                    Diagnostic::warning(
                        Code::IgnoredFile,
                        &rel,
                        Pos::START,
                        format!("`{rel}` 不是年度报告文件，不会被读取（not read）"),
                    )
                    .hint("年度报告由机关撰写的部分写在 reports/<年度>.md，例如 reports/2025.md"),
                );
            }
            return true;
        }
        let Some(kind) = Kind::from_folder(&top) else {
            return true;
        };
        let name = rel.rsplit('/').next().unwrap_or_default();
        if name.ends_with(".yaml") || name.ends_with(".md") {
            self.found.push(Found {
                role: Role::Record(kind),
                rel,
                path,
            });
        } else {
            let hint = if name.ends_with(".yml") {
                "请把扩展名改为 .yaml"
            } else {
                "记录文件的扩展名应为 .yaml 或 .md"
            };
            self.warnings.push(
                Diagnostic::warning(
                    Code::IgnoredFile,
                    &rel,
                    Pos::START,
                    format!("`{rel}` 不是 .yaml 或 .md 文件，不会被读取（not read）"),
                )
                .hint(hint),
            );
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder's listing and the same paths' listing agree: files, roles and warnings.
    #[test]
    fn paths_are_listed_as_the_folder_is() {
        let dir = tempfile::TempDir::new().expect("tempdir");
        let rels = [
            "site.yaml",
            "README.md",
            "notes.txt",
            "deputies/wei-ming.yaml",
            "deputies/old.yml",
            "contacts/2024/c-01.yaml",
            "reports/2025.md",
            "reports/draft/x.md",
            "deputys/li-hua.yaml",
            ".git/config",
            "pages/.draft.md",
        ];
        for rel in rels {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, "x: 1\n").expect("write");
        }
        let (found, warnings) = find(dir.path()).expect("listed");
        let mut sorted = rels.to_vec();
        sorted.sort();
        let (paths_found, paths_warnings) = classify_paths(sorted);
        let view = |found: &[Found]| -> Vec<(Role, String)> {
            found.iter().map(|f| (f.role, f.rel.clone())).collect()
        };
        assert_eq!(view(&found), view(&paths_found));
        let said = |w: &[Diagnostic]| {
            let mut w: Vec<String> = w
                .iter()
                .map(|d| format!("{}: {}", d.file, d.message))
                .collect();
            w.sort();
            w
        };
        assert_eq!(said(&warnings), said(&paths_warnings));
        assert_eq!(found.len(), 4, "{:?}", view(&found));
        assert_eq!(warnings.len(), 4, "{:?}", said(&warnings));
    }
}
