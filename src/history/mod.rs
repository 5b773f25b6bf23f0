//! The records' history in git, read from the object database with gix (lianluo never runs
//! `git`): provenance (the data version, the date every file last changed) and the content
//! of a commit or of the index as a [`Snapshot`](crate::content::Snapshot) the loader reads
//! like the folder.
//!
//! Every date is a commit date (the committer's, in the committer's time zone), never a file
//! time or the clock: the same commit gives the same pages, byte for byte.

pub mod changelog;
pub mod changes;
mod last_change;
mod naming;
mod parsed;
mod repo;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

pub use repo::Repo;

/// Files parsed while loading, kept for the 更新记录 (which takes them, once).
#[derive(Debug, Clone, Default)]
pub struct ParsedCache(std::sync::Arc<std::sync::Mutex<Option<parsed::Parsed>>>);

impl ParsedCache {
    pub(crate) fn take(&self) -> Option<parsed::Parsed> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).take()
    }

    fn keep(parsed: parsed::Parsed) -> ParsedCache {
        ParsedCache(std::sync::Arc::new(std::sync::Mutex::new(Some(parsed))))
    }
}

use crate::model::Loaded;

/// Which content a run reads.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum At {
    /// The folder as it is on disk (with provenance when it is in a git work tree).
    #[default]
    WorkTree,
    /// The tree of a commit (a revision: `HEAD~3`, a tag, an id), straight from the object
    /// database; the work tree is not touched.
    Rev(String),
    /// The index: the content as it is staged for the next commit.
    Staged,
}

/// Where the content published comes from, and when each file last changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    pub version: DataVersion,
    /// The date of the last commit that changed each file, by path in the content folder.
    /// A file not yet committed has none.
    pub updated: BTreeMap<String, NaiveDate>,
    /// The content folder's path in the repository: empty at its root, else ending in `/`.
    pub prefix: String,
    /// The content folder as it was given (to open its repository again).
    pub content: std::path::PathBuf,
    /// The commit the content is at (the work tree's `HEAD`, or the revision built).
    pub commit: gix::ObjectId,
}

impl Provenance {
    /// A file's path in the repository (what a web view of the repository names it by).
    pub fn repository_path(&self, rel: &str) -> String {
        format!("{}{rel}", self.prefix)
    }
}

/// The data version: the commit the content is at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataVersion {
    /// The commit's id, shortened to [`SHORT_ID`] hexadecimal digits.
    pub commit: String,
    /// The commit's date.
    pub date: NaiveDate,
    /// Content files differ from the commit (uncommitted changes in the work tree).
    pub modified: bool,
}

/// Digits of a commit's short id: fixed, so that the id shown does not depend on how many
/// objects the repository holds.
pub const SHORT_ID: usize = 7;

/// What loading found besides the records.
pub struct Load {
    pub loaded: Loaded,
    /// Said once on standard error: why there is no provenance (the folder is not in git).
    pub note: Option<String>,
}

/// The note when the content folder is not in a git work tree.
pub const NO_PROVENANCE: &str = "内容文件夹不在 git 仓库中：页面不显示最后更新日期和数据版本（no git repository: no provenance）";

/// Reads the content `at` a place of its history, with the provenance of what was read:
/// the work tree (provenance when it is in a git work tree, else a note), a commit (its
/// provenance), the index (none: a check does not need it). `Err` when the folder or the
/// repository cannot be read, or the revision does not exist.
pub fn load(content: &Path, at: &At) -> Result<Load, String> {
    let repo = Repo::discover(content)?;
    let cannot_list = |e: std::io::Error| {
        format!(
            "cannot read the content folder `{}`: {e}",
            content.display()
        )
    };
    match (at, repo) {
        (At::WorkTree, None) => Ok(Load {
            loaded: crate::model::load(content).map_err(cannot_list)?,
            note: Some(NO_PROVENANCE.to_string()),
        }),
        (At::WorkTree, Some(repo)) => {
            // The pass over history runs beside the reading of the files: both are mostly
            // inflating and parsing, on every core there is.
            let folder = crate::content::Folder(content);
            let recorded = repo::Recorded::new(&folder, repo.object_hash());
            // (A repository handle stays on its thread: the pass opens its own.)
            let (loaded, provenance) = rayon::join(
                || {
                    let (files, diagnostics) = crate::model::read_all(&recorded)?;
                    // The 更新记录 starts from these files when it is wanted.
                    let wanted = files
                        .iter()
                        .find_map(|f| f.site())
                        .is_some_and(|s| s.changelog.entries > 0);
                    let kept = wanted.then(|| files.clone());
                    Ok::<_, std::io::Error>((crate::model::assemble(files, diagnostics), kept))
                },
                || match Repo::discover(content)? {
                    Some(repo) => match repo.head() {
                        Some(head) => repo.provenance(head, false).map(Some),
                        None => Ok(None),
                    },
                    None => Ok(None),
                },
            );
            let (mut loaded, kept) = loaded.map_err(cannot_list)?;
            let mut provenance = provenance?;
            let ids = recorded.ids();
            if let Some(p) = &mut provenance {
                p.version.modified = repo.work_tree_differs(&ids)?;
            }
            if let (Some(model), Some(p)) = (loaded.model.as_mut(), provenance) {
                model.provenance = Some(p);
                if let Some(files) = kept {
                    model.parsed = ParsedCache::keep(parsed::Parsed::seeded(files, &ids));
                }
            }
            Ok(Load { loaded, note: None })
        }
        (At::Rev(_) | At::Staged, None) => Err(format!(
            "`{}` 不在 git 仓库中，无法读取{}（not in a git repository）",
            content.display(),
            if *at == At::Staged {
                "暂存区".to_string()
            } else {
                "历史版本".to_string()
            }
        )),
        (At::Rev(rev), Some(repo)) => {
            let commit = repo.commit(rev)?;
            let snapshot = repo.snapshot(commit)?;
            let mut loaded = crate::model::load_from(&snapshot).map_err(cannot_list)?;
            let provenance = repo.provenance(commit, false)?;
            if let Some(model) = loaded.model.as_mut() {
                model.provenance = Some(provenance);
            }
            Ok(Load { loaded, note: None })
        }
        (At::Staged, Some(repo)) => {
            let snapshot = repo.staged()?;
            Ok(Load {
                loaded: crate::model::load_from(&snapshot).map_err(cannot_list)?,
                note: None,
            })
        }
    }
}
