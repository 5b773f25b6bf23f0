//! The repository a content folder is in, and the content folder's files at a commit, in the
//! index and in the work tree, as blob ids.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use gix::ObjectId;

use super::{DataVersion, Provenance, SHORT_ID, last_change};
use crate::content::{Files, Found, Snapshot};
use crate::diag::Diagnostic;

/// Bytes of decoded objects kept between reads.
const OBJECT_CACHE: usize = 8 << 20;

/// A repository whose work tree holds the content folder.
pub struct Repo {
    repo: gix::Repository,
    /// The content folder's path in the repository: empty at its root, else ending in `/`.
    prefix: String,
    /// In a shallow clone, the commits whose parents are not in the repository.
    shallow: Vec<ObjectId>,
    /// The content folder as it was given.
    content: std::path::PathBuf,
}

/// A tree entry: whether it is a tree, and its id (`None`: not there).
type Entry = Option<(bool, ObjectId)>;

fn git_error(what: &str) -> impl Fn(&dyn std::fmt::Display) -> String + '_ {
    move |e| format!("git: {what}: {e}")
}

impl Repo {
    /// The repository whose work tree holds `content`; `None` when there is none (not in a
    /// repository, or in a bare one).
    pub fn discover(content: &Path) -> Result<Option<Repo>, String> {
        let content_given = content.to_path_buf();
        let Ok(mut repo) = gix::discover(content) else {
            return Ok(None);
        };
        // The pass over history reads the same folders' trees commit after commit.
        repo.object_cache_size_if_unset(OBJECT_CACHE);
        let Some(workdir) = repo.workdir() else {
            return Ok(None);
        };
        let canonical = |p: &Path| {
            p.canonicalize()
                .map_err(|e| format!("cannot read `{}`: {e}", p.display()))
        };
        let (content, workdir) = (canonical(content)?, canonical(workdir)?);
        let Ok(inside) = content.strip_prefix(&workdir) else {
            return Ok(None);
        };
        let mut prefix = String::new();
        for part in inside.components() {
            prefix.push_str(&part.as_os_str().to_string_lossy());
            prefix.push('/');
        }
        // A shallow clone (what a CI checkout usually is) lacks the parents of its boundary
        // commits: history ends there, and nothing before it is guessed.
        let shallow = match repo.shallow_commits() {
            Ok(Some(commits)) => commits.iter().copied().collect(),
            Ok(None) => Vec::new(),
            Err(e) => return Err(git_error("shallow")(&e)),
        };
        Ok(Some(Repo {
            repo,
            prefix,
            shallow,
            content: content_given,
        }))
    }

    /// The repository's git folder (`.git`), where the pass over history keeps its result.
    pub(super) fn git_dir(&self) -> &Path {
        self.repo.git_dir()
    }

    /// The content folder's path in the repository (empty at its root, else ending in `/`).
    pub(super) fn prefix(&self) -> &str {
        &self.prefix
    }

    pub fn object_hash(&self) -> gix::hash::Kind {
        self.repo.object_hash()
    }

    /// The commit a revision names (`HEAD`, a tag, a branch, an id, `HEAD~2` …).
    pub fn commit(&self, rev: &str) -> Result<ObjectId, String> {
        let id = self
            .repo
            .rev_parse_single(rev)
            .map_err(|e| format!("git: 找不到版本 `{rev}`（unknown revision）: {e}"))?;
        let commit = id
            .object()
            .map_err(|e| git_error(rev)(&e))?
            .peel_to_commit()
            .map_err(|e| format!("git: `{rev}` 不是一次提交（not a commit）: {e}"))?;
        Ok(commit.id)
    }

    /// Whether the history before `commit` is missing (a shallow clone's boundary).
    pub(super) fn is_boundary(&self, commit: ObjectId) -> bool {
        self.shallow.contains(&commit)
    }

    /// The first parent and the date of a commit (no parent at a shallow clone's boundary).
    pub(super) fn commit_info(
        &self,
        id: ObjectId,
    ) -> Result<(Option<ObjectId>, chrono::NaiveDate), String> {
        let commit = self
            .repo
            .find_commit(id)
            .map_err(|e| git_error("commit")(&e))?;
        let time = commit.time().map_err(|e| git_error("commit time")(&e))?;
        let parent = commit
            .parent_ids()
            .next()
            .map(|p| p.detach())
            .filter(|_| !self.is_boundary(id));
        Ok((parent, date_of(time)))
    }

    /// The tree of the content folder at a commit (`None` when the commit has no such folder).
    pub(super) fn content_tree(&self, commit: ObjectId) -> Result<Option<ObjectId>, String> {
        let commit = self
            .repo
            .find_commit(commit)
            .map_err(|e| git_error("commit")(&e))?;
        let tree = commit.tree().map_err(|e| git_error("tree")(&e))?;
        if self.prefix.is_empty() {
            return Ok(Some(tree.id));
        }
        let entry = tree
            .lookup_entry_by_path(self.prefix.trim_end_matches('/'))
            .map_err(|e| git_error("tree")(&e))?;
        Ok(entry.filter(|e| e.mode().is_tree()).map(|e| e.object_id()))
    }

    pub(super) fn tree(&self, id: ObjectId) -> Result<gix::Tree<'_>, String> {
        self.repo.find_tree(id).map_err(|e| git_error("tree")(&e))
    }

    /// The entries of a tree: name, whether it is a tree, id; files other than blobs
    /// (submodules) are left out.
    pub(super) fn entries(&self, tree: ObjectId) -> Result<Vec<(String, bool, ObjectId)>, String> {
        let tree = self
            .repo
            .find_tree(tree)
            .map_err(|e| git_error("tree")(&e))?;
        let decoded = tree.decode().map_err(|e| git_error("tree")(&e))?;
        Ok(decoded
            .entries
            .iter()
            .filter(|e| e.mode.is_tree() || e.mode.is_blob())
            .map(|e| (e.filename.to_string(), e.mode.is_tree(), e.oid.to_owned()))
            .collect())
    }

    /// Every file of the content folder at a commit, by relative path, with its blob id.
    pub(super) fn blobs(&self, commit: ObjectId) -> Result<BTreeMap<String, ObjectId>, String> {
        let mut files = BTreeMap::new();
        let Some(tree) = self.content_tree(commit)? else {
            return Ok(files);
        };
        let mut stack = vec![(String::new(), tree)];
        while let Some((base, tree)) = stack.pop() {
            for (name, is_tree, id) in self.entries(tree)? {
                let rel = format!("{base}{name}");
                if is_tree {
                    stack.push((format!("{rel}/"), id));
                } else {
                    files.insert(rel, id);
                }
            }
        }
        Ok(files)
    }

    /// [`Repo::blobs`] of a content tree, made from `previous` (taken: the files of
    /// `previous_tree`) by reading only the subtrees that differ; and the paths that differ
    /// (added, changed or removed), in order. A commit changing two files reads a few trees,
    /// not the thousands of a national folder.
    pub(super) fn blobs_changed(
        &self,
        previous_tree: ObjectId,
        tree: ObjectId,
        previous: BTreeMap<String, ObjectId>,
    ) -> Result<(BTreeMap<String, ObjectId>, Vec<String>), String> {
        let mut files = previous;
        let mut changed = Vec::new();
        let tree_of = |e: Entry| e.filter(|(t, _)| *t).map(|(_, id)| id);
        let blob_of = |e: Entry| e.filter(|(t, _)| !*t).map(|(_, id)| id);
        let mut stack = vec![(String::new(), Some(previous_tree), Some(tree))];
        while let Some((base, old, new)) = stack.pop() {
            if old == new {
                continue;
            }
            let old = old.map(|id| self.tree(id)).transpose()?;
            let new = new.map(|id| self.tree(id)).transpose()?;
            let old = old
                .as_ref()
                .map(|t| t.decode().map_err(|e| git_error("tree")(&e)))
                .transpose()?;
            let new = new
                .as_ref()
                .map(|t| t.decode().map_err(|e| git_error("tree")(&e)))
                .transpose()?;
            fn listed<'t>(t: &'t Option<gix::objs::TreeRef<'_>>) -> Vec<(&'t [u8], Entry)> {
                t.iter()
                    .flat_map(|t| &t.entries)
                    .filter(|e| e.mode.is_tree() || e.mode.is_blob())
                    .map(|e| {
                        let name: &[u8] = e.filename.as_ref();
                        (name, Some((e.mode.is_tree(), e.oid.to_owned())))
                    })
                    .collect()
            }
            let (was, is) = (listed(&old), listed(&new));
            // git's order: a tree sorts as if its name ended in `/`.
            fn key<'k>((name, e): &(&'k [u8], Entry)) -> impl Iterator<Item = u8> + 'k {
                let slash: &'static [u8] = if matches!(e, Some((true, _))) {
                    b"/"
                } else {
                    b""
                };
                name.iter().chain(slash).copied()
            }
            // Both in git's order: walked side by side, only the names that differ looked at.
            let (mut i, mut j) = (0, 0);
            while i < was.len() || j < is.len() {
                let order = match (was.get(i), is.get(j)) {
                    (Some(a), Some(b)) => key(a).cmp(key(b)),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    _ => std::cmp::Ordering::Greater,
                };
                let (name, a, b) = match order {
                    std::cmp::Ordering::Equal => {
                        let pair = (was[i].0, was[i].1, is[j].1);
                        i += 1;
                        j += 1;
                        pair
                    }
                    std::cmp::Ordering::Less => {
                        i += 1;
                        (was[i - 1].0, was[i - 1].1, None)
                    }
                    std::cmp::Ordering::Greater => {
                        j += 1;
                        (is[j - 1].0, None, is[j - 1].1)
                    }
                };
                if a == b {
                    continue;
                }
                let rel = format!("{base}{}", String::from_utf8_lossy(name));
                if tree_of(a).is_some() || tree_of(b).is_some() {
                    stack.push((format!("{rel}/"), tree_of(a), tree_of(b)));
                }
                match (blob_of(a), blob_of(b)) {
                    (_, Some(id)) => {
                        files.insert(rel.clone(), id);
                        changed.push(rel);
                    }
                    (Some(_), None) => {
                        files.remove(&rel);
                        changed.push(rel);
                    }
                    (None, None) => {}
                }
            }
        }
        changed.sort();
        Ok((files, changed))
    }

    /// One blob's bytes (`rel`: its path, for the message).
    pub(super) fn blob(&self, id: ObjectId, rel: &str) -> Result<Vec<u8>, String> {
        let blob = self.repo.find_blob(id).map_err(|e| git_error(rel)(&e))?;
        Ok(blob.detach().data)
    }

    pub(super) fn read_blobs(&self, ids: BTreeMap<String, ObjectId>) -> Result<Snapshot, String> {
        let mut files = BTreeMap::new();
        for (rel, id) in ids {
            let blob = self.repo.find_blob(id).map_err(|e| git_error(&rel)(&e))?;
            files.insert(rel, blob.detach().data);
        }
        Ok(Snapshot::new(files))
    }

    /// The content folder as it is at a commit.
    pub fn snapshot(&self, commit: ObjectId) -> Result<Snapshot, String> {
        self.read_blobs(self.blobs(commit)?)
    }

    /// The content folder as it is staged in the index.
    pub fn staged(&self) -> Result<Snapshot, String> {
        let index = self
            .repo
            .index_or_empty()
            .map_err(|e| git_error("index")(&e))?;
        let mut ids = BTreeMap::new();
        for entry in index.entries() {
            let path = entry.path(&index).to_string();
            let Some(rel) = path.strip_prefix(&self.prefix) else {
                continue;
            };
            if entry.stage_raw() != 0 {
                return Err(format!(
                    "`{path}` 有未解决的合并冲突，请先解决冲突再检查暂存区（unmerged path）"
                ));
            }
            if entry.mode.is_submodule() {
                continue;
            }
            ids.insert(rel.to_string(), entry.id);
        }
        self.read_blobs(ids)
    }

    /// The provenance of the content at a commit: its version and the last change of every
    /// file (one pass over its first-parent history).
    pub fn provenance(&self, commit: ObjectId, modified: bool) -> Result<Provenance, String> {
        let (_, date) = self.commit_info(commit)?;
        let updated = last_change::dates(self, commit)?;
        Ok(Provenance {
            version: DataVersion {
                commit: commit.to_hex_with_len(SHORT_ID).to_string(),
                date,
                modified,
            },
            updated,
            prefix: self.prefix.clone(),
            content: self.content.clone(),
            commit,
        })
    }

    /// Every tag that names a commit: its short name (`publish-2025`) and the commit,
    /// annotated tags peeled.
    pub(super) fn tags(&self) -> Result<Vec<(String, ObjectId)>, String> {
        let refs = self
            .repo
            .references()
            .map_err(|e| git_error("references")(&e))?;
        let mut tags = Vec::new();
        for reference in refs.tags().map_err(|e| git_error("tags")(&e))? {
            // A broken reference is not a publication: it is left out.
            let Ok(mut reference) = reference else {
                continue;
            };
            let name = reference.name().shorten().to_string();
            if let Ok(commit) = reference.peel_to_commit() {
                tags.push((name, commit.id));
            }
        }
        Ok(tags)
    }

    /// The commit `HEAD` is at (`None` before the first commit).
    pub fn head(&self) -> Option<ObjectId> {
        self.repo.head_id().ok().map(|id| id.detach())
    }

    /// Whether the content files read (`read`: path → blob id) differ from `HEAD`'s.
    pub fn work_tree_differs(&self, read: &BTreeMap<String, ObjectId>) -> Result<bool, String> {
        let Some(head) = self.head() else {
            return Ok(true);
        };
        let committed = self.blobs(head)?;
        let (found, _) = crate::content::walk::classify_paths(committed.keys().map(String::as_str));
        Ok(found.len() != read.len()
            || found
                .iter()
                .any(|f| read.get(&f.rel) != committed.get(&f.rel)))
    }
}

/// The date of a commit's time, in the committer's time zone.
fn date_of(time: gix::date::Time) -> chrono::NaiveDate {
    let local = time.seconds + i64::from(time.offset);
    chrono::DateTime::from_timestamp(local, 0)
        .map(|t| t.date_naive())
        .unwrap_or_default()
}

/// The files of a folder as the loader reads them, each one's blob id noted on the way (to
/// compare the work tree with a commit without reading any file twice).
pub struct Recorded<'a> {
    inner: &'a dyn Files,
    kind: gix::hash::Kind,
    ids: Mutex<BTreeMap<String, ObjectId>>,
}

impl<'a> Recorded<'a> {
    pub fn new(inner: &'a dyn Files, kind: gix::hash::Kind) -> Recorded<'a> {
        Recorded {
            inner,
            kind,
            ids: Mutex::new(BTreeMap::new()),
        }
    }

    /// The blob id of every file read, by relative path.
    pub fn ids(self) -> BTreeMap<String, ObjectId> {
        self.ids.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Files for Recorded<'_> {
    fn find(&self) -> std::io::Result<(Vec<Found>, Vec<Diagnostic>)> {
        self.inner.find()
    }

    fn bytes(&self, found: &Found) -> std::io::Result<Vec<u8>> {
        let bytes = self.inner.bytes(found)?;
        let id = gix::objs::compute_hash(self.kind, gix::objs::Kind::Blob, &bytes)
            .map_err(std::io::Error::other)?;
        self.ids
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(found.rel.clone(), id);
        Ok(bytes)
    }
}
