//! What starts a rebuild of the preview: a content or theme file whose bytes changed, or a
//! file or folder that appeared or disappeared. The file system's events only say where to
//! look. Only the kinds of event that can change a file's bytes or a folder's listing are
//! listened to (a rebuild's own reads open, read and close every file it reads, and those
//! must never start another rebuild); then the files named are compared with what they held
//! when last looked at, so an editor that saves without changing anything, or a `touch`,
//! starts nothing either.

use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::EventKind;
use notify::event::{AccessKind, AccessMode, ModifyKind};

/// Whether an event of this kind can mean that a file's bytes or a folder's listing changed.
/// Opening, reading and closing a file (what a rebuild does to every file) cannot; nor can a
/// change of permissions or times.
pub fn can_change_contents(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Any => true,
        EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any) => true,
        // A file closed after writing (written through a memory map, say).
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_)
        | EventKind::Modify(ModifyKind::Metadata(_) | ModifyKind::Other)
        | EventKind::Other => false,
    }
}

/// The paths named by the events of one burst (an editor's save is several events).
#[derive(Default, Debug)]
pub struct Batch {
    pub paths: BTreeSet<PathBuf>,
    /// The watcher lost events (its queue overflowed) or failed: only a full look can tell.
    pub rescan: bool,
}

impl Batch {
    /// Adds an event; whether it can have changed anything.
    fn add(&mut self, event: notify::Result<notify::Event>) -> bool {
        match event {
            Ok(event) if event.need_rescan() => {
                self.rescan = true;
                true
            }
            Ok(event) if can_change_contents(&event.kind) => {
                self.paths.extend(event.paths);
                true
            }
            Ok(_) => false,
            Err(_) => {
                self.rescan = true;
                true
            }
        }
    }
}

/// Waits for the next burst of events that can change a file: from the first such event until
/// `quiet` has passed without another (other events do not prolong the wait). `None` once the
/// watcher is gone.
pub fn next_batch(
    events: &Receiver<notify::Result<notify::Event>>,
    quiet: Duration,
) -> Option<Batch> {
    let mut batch = Batch::default();
    while !batch.add(events.recv().ok()?) {}
    let mut deadline = Instant::now() + quiet;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match events.recv_timeout(left) {
            Ok(event) => {
                if batch.add(event) {
                    deadline = Instant::now() + quiet;
                }
            }
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return Some(batch),
        }
    }
}

/// What a path held when last looked at.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Entry {
    Folder,
    File { len: u64, hash: u64 },
}

fn look(path: &Path) -> Option<Entry> {
    let meta = std::fs::metadata(path).ok()?;
    if meta.is_dir() {
        return Some(Entry::Folder);
    }
    let bytes = std::fs::read(path).ok()?;
    let mut hasher = std::hash::DefaultHasher::new();
    bytes.hash(&mut hasher);
    Some(Entry::File {
        len: bytes.len() as u64,
        hash: hasher.finish(),
    })
}

/// What changed, for the rebuild.
#[derive(Debug, PartialEq, Eq)]
pub enum Changes {
    /// These files changed, appeared or disappeared.
    Files(Vec<PathBuf>),
    /// A folder appeared or disappeared, or events were lost: the content folder is walked.
    Walk,
}

/// The bytes (as a hash) of every file under the watched folders, skipping the files a
/// content walk skips (hidden files, editors' backups).
pub struct Snapshot {
    roots: Vec<PathBuf>,
    entries: HashMap<PathBuf, Entry>,
}

impl Snapshot {
    /// Looks at every file under `roots` (absolute paths, as the watcher reports them).
    pub fn take(roots: &[PathBuf]) -> Snapshot {
        let mut snapshot = Snapshot {
            roots: roots.to_vec(),
            entries: HashMap::new(),
        };
        for root in roots {
            snapshot.add_tree(root);
        }
        snapshot
    }

    /// Whether a path is one a content walk skips (a component hidden below its root).
    fn skipped(&self, path: &Path) -> bool {
        let Some(rel) = self.roots.iter().find_map(|r| path.strip_prefix(r).ok()) else {
            return true; // not under a watched folder
        };
        rel.components()
            .any(|c| crate::content::walk::hidden(&c.as_os_str().to_string_lossy()))
    }

    fn add_tree(&mut self, dir: &Path) {
        let found: Vec<(PathBuf, Entry)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_entry(|e| !self.skipped(e.path()))
            .filter_map(Result::ok)
            .filter_map(|e| look(e.path()).map(|seen| (e.into_path(), seen)))
            .collect();
        self.entries.extend(found);
    }

    fn remove_tree(&mut self, dir: &Path) {
        self.entries.retain(|path, _| !path.starts_with(dir));
    }

    /// What changed at these paths since they were last looked at (`None`: nothing); the
    /// snapshot is brought up to date.
    pub fn changes(&mut self, batch: &Batch) -> Option<Changes> {
        if batch.rescan {
            let fresh = Snapshot::take(&self.roots);
            let changed = fresh.entries != self.entries;
            self.entries = fresh.entries;
            return changed.then_some(Changes::Walk);
        }
        let mut files = Vec::new();
        let mut walk = false;
        for path in &batch.paths {
            if self.skipped(path) {
                continue;
            }
            let now = look(path);
            let before = self.entries.get(path).copied();
            if now == before {
                continue;
            }
            match (before, now) {
                (Some(Entry::Folder), _) => {
                    self.remove_tree(path);
                    walk = true;
                }
                (_, Some(Entry::Folder)) => walk = true,
                _ => files.push(path.clone()),
            }
            match now {
                Some(Entry::Folder) => self.add_tree(path),
                Some(entry) => {
                    self.entries.insert(path.clone(), entry);
                }
                None => {
                    self.entries.remove(path);
                }
            }
        }
        if walk {
            Some(Changes::Walk)
        } else {
            (!files.is_empty()).then_some(Changes::Files(files))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, MetadataKind, RemoveKind, RenameMode};

    fn batch(paths: &[&Path]) -> Batch {
        Batch {
            paths: paths.iter().map(|p| p.to_path_buf()).collect(),
            rescan: false,
        }
    }

    #[test]
    fn reads_and_metadata_are_not_changes() {
        for kind in [
            EventKind::Access(AccessKind::Open(AccessMode::Any)),
            EventKind::Access(AccessKind::Read),
            EventKind::Access(AccessKind::Close(AccessMode::Read)),
            EventKind::Access(AccessKind::Any),
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any)),
            EventKind::Other,
        ] {
            assert!(!can_change_contents(&kind), "{kind:?}");
        }
        for kind in [
            EventKind::Create(CreateKind::File),
            EventKind::Remove(RemoveKind::Folder),
            EventKind::Modify(ModifyKind::Data(DataChange::Content)),
            EventKind::Modify(ModifyKind::Name(RenameMode::To)),
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
        ] {
            assert!(can_change_contents(&kind), "{kind:?}");
        }
    }

    #[test]
    fn only_new_bytes_or_new_files_are_changes() {
        let dir = tempfile::TempDir::new().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("contacts")).unwrap();
        let file = root.join("contacts/a.yaml");
        std::fs::write(&file, "date: 2022-01-01\n").unwrap();
        let mut snapshot = Snapshot::take(std::slice::from_ref(&root));

        // Read, or written with the same bytes: nothing.
        let _ = std::fs::read(&file).unwrap();
        std::fs::write(&file, "date: 2022-01-01\n").unwrap();
        assert_eq!(snapshot.changes(&batch(&[&file, &root])), None);

        // New bytes.
        std::fs::write(&file, "date: 2022-01-02\n").unwrap();
        assert_eq!(
            snapshot.changes(&batch(&[&file])),
            Some(Changes::Files(vec![file.clone()]))
        );
        assert_eq!(snapshot.changes(&batch(&[&file])), None, "seen once");

        // Editors' files are skipped, as the content walk skips them.
        let swap = root.join("contacts/.a.yaml.swp");
        std::fs::write(&swap, "x").unwrap();
        let backup = root.join("contacts/a.yaml~");
        std::fs::write(&backup, "x").unwrap();
        assert_eq!(snapshot.changes(&batch(&[&swap, &backup])), None);

        // A file that disappears, a folder that appears or disappears.
        std::fs::remove_file(&file).unwrap();
        assert_eq!(
            snapshot.changes(&batch(&[&file])),
            Some(Changes::Files(vec![file.clone()]))
        );
        let folder = root.join("contacts/2022");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("b.yaml"), "x").unwrap();
        assert_eq!(snapshot.changes(&batch(&[&folder])), Some(Changes::Walk));
        assert_eq!(snapshot.changes(&batch(&[&folder.join("b.yaml")])), None);
        std::fs::remove_dir_all(&folder).unwrap();
        assert_eq!(snapshot.changes(&batch(&[&folder])), Some(Changes::Walk));

        // Lost events: everything is looked at again.
        let rescan = Batch {
            paths: BTreeSet::new(),
            rescan: true,
        };
        assert_eq!(snapshot.changes(&rescan), None);
        std::fs::write(&file, "new").unwrap();
        assert_eq!(snapshot.changes(&rescan), Some(Changes::Walk));
    }
}
