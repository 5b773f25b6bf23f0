//! The date every file of the content folder last changed, in one pass over history: from a
//! commit back along first parents (a merge counts as changing what it brought to the
//! branch), each commit's content tree is compared with its parent's by tree ids, going down
//! only into the folders whose ids differ. The pass stops once every file has its date.

use std::collections::{BTreeMap, HashMap, HashSet};

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
fn changes(
    repo: &Repo,
    tree: ObjectId,
    before: Option<ObjectId>,
    base: &str,
    changed: &mut dyn FnMut(String),
) -> Result<(), String> {
    let old: HashMap<String, (bool, ObjectId)> = match before {
        Some(before) => repo
            .entries(before)?
            .into_iter()
            .map(|(name, is_tree, id)| (name, (is_tree, id)))
            .collect(),
        None => HashMap::new(),
    };
    for (name, is_tree, id) in repo.entries(tree)? {
        let was = old.get(&name);
        if was == Some(&(is_tree, id)) {
            continue;
        }
        let rel = format!("{base}{name}");
        if is_tree {
            let before = was.filter(|(t, _)| *t).map(|(_, id)| *id);
            changes(repo, id, before, &format!("{rel}/"), changed)?;
        } else {
            changed(rel);
        }
    }
    Ok(())
}
