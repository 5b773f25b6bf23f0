//! The date every file of the content folder last changed, in one pass over history: from a
//! commit back along first parents (a merge counts as changing what it brought to the
//! branch), each commit's content tree is compared with its parent's by tree ids, going down
//! only into the folders whose ids differ. The pass stops once every file has its date.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use gix::ObjectId;

use super::Repo;

/// The date of the last commit that changed each file present at `start`.
pub fn dates(repo: &Repo, start: ObjectId) -> Result<BTreeMap<String, NaiveDate>, String> {
    let mut pending: HashSet<String> = repo.blobs(start)?.into_keys().collect();
    let mut dates = BTreeMap::new();
    let mut current = start;
    let mut tree = repo.content_tree(current)?;
    while !pending.is_empty() {
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
