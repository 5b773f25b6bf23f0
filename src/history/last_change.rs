//! The date every file of the content folder last changed, in one pass over history: from a
//! commit back along first parents (a merge counts as changing what it brought to the
//! branch), each commit's content tree is compared with its parent's by tree ids, going down
//! only into the folders whose ids differ. The pass stops once every file has its date.
//!
//! The result of the last pass is kept in the repository's git folder
//! (`lianluo/last-change*.json`, beside git's own caches; never in an output): the next pass
//! walks back only to the commit it was made for, and takes the dates of the files not changed
//! since from it. The dates are the same as a whole pass's; a result that cannot be read or
//! was made for a commit not on the way is not used, and one that cannot be written is
//! skipped.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use chrono::NaiveDate;
use gix::ObjectId;
use serde::{Deserialize, Serialize};

use super::Repo;

/// A pass's result: every file's date, at a commit.
#[derive(Serialize, Deserialize)]
struct Saved {
    commit: String,
    dates: BTreeMap<String, NaiveDate>,
}

impl Saved {
    /// The file of the content folder's result (one for each content folder of a repository).
    fn path(repo: &Repo) -> PathBuf {
        let folder: String = repo
            .prefix()
            .trim_end_matches('/')
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let name = if folder.is_empty() {
            "last-change.json".to_string()
        } else {
            format!("last-change-{folder}.json")
        };
        repo.git_dir().join("lianluo").join(name)
    }

    fn read(repo: &Repo) -> Option<(ObjectId, BTreeMap<String, NaiveDate>)> {
        let bytes = std::fs::read(Saved::path(repo)).ok()?;
        let saved: Saved = serde_json::from_slice(&bytes).ok()?;
        let commit = ObjectId::from_hex(saved.commit.as_bytes()).ok()?;
        Some((commit, saved.dates))
    }

    /// Written whole under another name, then renamed: a reader never sees half of it.
    fn write(repo: &Repo, commit: ObjectId, dates: &BTreeMap<String, NaiveDate>) {
        let path = Saved::path(repo);
        let saved = Saved {
            commit: commit.to_string(),
            dates: dates.clone(),
        };
        let (Some(folder), Ok(bytes)) = (path.parent(), serde_json::to_vec(&saved)) else {
            return;
        };
        let partial = path.with_extension(format!("json.{}", std::process::id()));
        let written = std::fs::create_dir_all(folder)
            .and_then(|()| std::fs::write(&partial, bytes))
            .and_then(|()| std::fs::rename(&partial, &path));
        if written.is_err() {
            let _ = std::fs::remove_file(&partial);
        }
    }
}

/// The date of the last commit that changed each file present at `start`.
pub fn dates(repo: &Repo, start: ObjectId) -> Result<BTreeMap<String, NaiveDate>, String> {
    let saved = Saved::read(repo);
    if let Some((commit, dates)) = &saved
        && *commit == start
    {
        return Ok(dates.clone());
    }
    let dates = walk(repo, start, saved)?;
    Saved::write(repo, start, &dates);
    Ok(dates)
}

/// The pass back from `start`, down to the commit of `saved` when it is on the way.
fn walk(
    repo: &Repo,
    start: ObjectId,
    saved: Option<(ObjectId, BTreeMap<String, NaiveDate>)>,
) -> Result<BTreeMap<String, NaiveDate>, String> {
    let mut pending: HashSet<String> = repo.blobs(start)?.into_keys().collect();
    let mut dates = BTreeMap::new();
    let mut current = start;
    let mut tree = repo.content_tree(current)?;
    while !pending.is_empty() {
        if let Some((commit, known)) = &saved
            && *commit == current
        {
            // Not changed since the saved commit: its date then is its date now.
            pending.retain(|rel| match known.get(rel) {
                Some(date) => {
                    dates.insert(rel.clone(), *date);
                    false
                }
                None => true,
            });
            if pending.is_empty() {
                break;
            }
        }
        if repo.is_boundary(current) {
            // A shallow clone: the files not changed since its boundary have no known date
            // (the boundary's would be a guess), and show none.
            break;
        }
        let (parent, date) = repo.commit_info(current)?;
        let parent_tree = match parent {
            Some(parent) => repo.content_tree(parent)?,
            None => None,
        };
        if let Some(tree) = tree
            && parent_tree != Some(tree)
        {
            let mut changed = |rel: String| {
                if pending.remove(&rel) {
                    dates.insert(rel, date);
                }
            };
            changes(repo, tree, parent_tree, "", &mut changed)?;
        }
        let Some(parent) = parent else { break };
        current = parent;
        tree = parent_tree;
    }
    Ok(dates)
}

/// Calls `changed` with every file of `tree` whose blob differs in `before` (or is not in it).
/// Both trees' entries are in git's order: one walk over the two lists, no copy of a name
/// that did not change.
fn changes(
    repo: &Repo,
    tree: ObjectId,
    before: Option<ObjectId>,
    base: &str,
    changed: &mut dyn FnMut(String),
) -> Result<(), String> {
    let new = repo.tree(tree)?;
    let old = before.map(|id| repo.tree(id)).transpose()?;
    let new_entries = decode(&new)?;
    let old_entries = old.as_ref().map(decode).transpose()?.unwrap_or_default();
    let mut old_entries = old_entries.iter().peekable();
    for entry in new_entries
        .iter()
        .filter(|e| e.mode.is_tree() || e.mode.is_blob())
    {
        while old_entries.next_if(|o| *o < entry).is_some() {}
        let was = old_entries.next_if(|o| o.cmp(&entry) == std::cmp::Ordering::Equal);
        if was.is_some_and(|o| o.oid == entry.oid && o.mode == entry.mode) {
            continue;
        }
        let rel = format!("{base}{}", entry.filename);
        if entry.mode.is_tree() {
            let before = was.map(|o| o.oid.to_owned());
            changes(
                repo,
                entry.oid.to_owned(),
                before,
                &format!("{rel}/"),
                changed,
            )?;
        } else {
            changed(rel);
        }
    }
    Ok(())
}

fn decode<'t>(tree: &'t gix::Tree<'_>) -> Result<Vec<gix::objs::tree::EntryRef<'t>>, String> {
    tree.decode()
        .map(|d| d.entries)
        .map_err(|e| format!("git: tree: {e}"))
}
