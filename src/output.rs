//! Writing the output atomically: everything is rendered into a staging folder beside the
//! output, and swapped in only when the whole build succeeded. A failed build removes its
//! staging folder and leaves the previous output exactly as it was.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// Where renderers write their files.
pub trait Sink: Sync {
    /// Writes a file at a path relative to the output root (`/`-separated).
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()>;

    /// Marks a file written in an earlier round as still part of the output, unchanged (an
    /// incremental output that did not render it again). Only a live folder keeps rounds.
    fn keep(&self, _rel: &str) {}

    /// Writes a file made by `fill` as it goes (a large file need not be held in memory).
    fn write_streamed(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let mut bytes = Vec::new();
        fill(&mut bytes)?;
        self.write(rel, &bytes)
    }
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        Staging::write(self, rel, bytes)
    }

    fn write_streamed(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let path = self.dir.join(rel);
        self.create_parent(&path)?;
        let mut file = std::io::BufWriter::with_capacity(256 * 1024, std::fs::File::create(&path)?);
        fill(&mut file)?;
        let file = file.into_inner().map_err(|e| e.into_error())?;
        let len = file.metadata()?.len();
        drop(file);
        // As for `write`: a file equal to the previous output's is the previous file.
        let previous = self.target.join(rel);
        if self.previous
            && std::fs::File::open(&path).is_ok_and(|written| {
                same_contents(&previous, len, std::io::BufReader::new(written))
            })
        {
            let linked = path.with_extension("lianluo-link");
            if std::fs::hard_link(&previous, &linked).is_ok() {
                std::fs::rename(&linked, &path)?;
                self.reused.fetch_add(1, Ordering::Relaxed);
            }
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(len, Ordering::Relaxed);
        Ok(())
    }
}

/// Files kept in memory (`lianluo report` writes one PDF where the clerk says; tests).
#[derive(Default)]
pub struct Memory {
    files: std::sync::Mutex<std::collections::BTreeMap<String, Vec<u8>>>,
}

impl Memory {
    /// Every file written, by path.
    pub fn files(&self) -> std::collections::BTreeMap<String, Vec<u8>> {
        self.files.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Takes out one file.
    pub fn take(&self, rel: &str) -> Option<Vec<u8>> {
        self.files
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(rel)
    }
}

impl Sink for Memory {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.files
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(rel.to_string(), bytes.to_vec());
        Ok(())
    }
}

/// A live folder (for `serve`): a file is written only when its bytes changed, and the files
/// not written again in a round can be removed.
pub struct WriteIfChanged {
    dir: PathBuf,
    hashes: std::sync::Mutex<std::collections::HashMap<String, u64>>,
    seen: std::sync::Mutex<std::collections::HashSet<String>>,
    written: AtomicUsize,
}

impl WriteIfChanged {
    pub fn new(dir: &Path) -> WriteIfChanged {
        WriteIfChanged {
            dir: dir.to_path_buf(),
            hashes: Default::default(),
            seen: Default::default(),
            written: AtomicUsize::new(0),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Starts a round: counts and the set of files written are reset.
    pub fn begin(&self) {
        self.written.store(0, Ordering::Relaxed);
        self.seen.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }

    pub fn written(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }

    /// Removes one file and forgets it.
    pub fn remove(&self, rel: &str) {
        let _ = std::fs::remove_file(self.dir.join(rel));
        self.hashes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(rel);
    }

    /// Keeps the files of earlier rounds under `folder` when this round wrote none there (an
    /// output that found nothing changed and did not run).
    pub fn keep_untouched_folder(&self, folder: &str) {
        let prefix = format!("{}/", folder.trim_end_matches('/'));
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if seen.iter().any(|rel| rel.starts_with(&prefix)) {
            return;
        }
        let hashes = self.hashes.lock().unwrap_or_else(|p| p.into_inner());
        seen.extend(
            hashes
                .keys()
                .filter(|rel| rel.starts_with(&prefix))
                .cloned(),
        );
    }

    /// Removes the files of earlier rounds that this round did not produce. Returns how many.
    pub fn remove_stale(&self) -> usize {
        let seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        let mut hashes = self.hashes.lock().unwrap_or_else(|p| p.into_inner());
        let stale: Vec<String> = hashes
            .keys()
            .filter(|k| !seen.contains(*k))
            .cloned()
            .collect();
        for rel in &stale {
            let _ = std::fs::remove_file(self.dir.join(rel));
            hashes.remove(rel);
        }
        stale.len()
    }
}

impl Sink for WriteIfChanged {
    fn keep(&self, rel: &str) {
        self.seen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(rel.to_string());
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        use std::hash::{Hash, Hasher};
        let mut hasher = rustc_hash::FxHasher::default();
        bytes.hash(&mut hasher);
        let hash = hasher.finish();
        self.keep(rel);
        if self
            .hashes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(rel)
            == Some(&hash)
        {
            return Ok(());
        }
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        write_atomically(&path, bytes)?;
        self.hashes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(rel.to_string(), hash);
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

/// A folder being filled; becomes the output on [`Staging::commit`].
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
    files: AtomicUsize,
    bytes: AtomicU64,
    /// Files identical to the previous output's, linked instead of written.
    reused: AtomicUsize,
    /// Whether there is a previous output to compare with (a first build has none).
    previous: bool,
    /// Folders already created (`create_dir_all` costs two system calls even when the folder
    /// exists; a site has thousands of files in a few dozen folders).
    folders: std::sync::Mutex<rustc_hash::FxHashSet<PathBuf>>,
}

fn sibling(target: &Path, tag: &str) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.{tag}-{}", std::process::id()))
}

impl Staging {
    /// Creates an empty staging folder next to `target`.
    pub fn new(target: &Path) -> std::io::Result<Staging> {
        let target = if target.is_absolute() {
            target.to_path_buf()
        } else {
            std::env::current_dir()?.join(target)
        };
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let dir = sibling(&target, "staging");
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        let previous = target.is_dir();
        Ok(Staging {
            dir,
            target,
            committed: false,
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            reused: AtomicUsize::new(0),
            previous,
            folders: Default::default(),
        })
    }

    /// Writes a file at a path relative to the output root (`/`-separated, from ids that are
    /// never paths, so it cannot leave the folder). Safe to call from many threads.
    ///
    /// A file whose bytes equal the previous output's is hard-linked from it instead of
    /// written: the swap stays atomic, the unchanged file keeps its modification time (a
    /// deploy or rsync sees only what changed), and no new file is allocated (on a file
    /// system that has just deleted many files, allocating them dominated a rebuild).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        debug_assert!(
            !rel.split('/').any(|p| p == ".." || p.is_empty()),
            "bad output path {rel}"
        );
        let path = self.dir.join(rel);
        self.create_parent(&path)?;
        let previous = self.target.join(rel);
        if self.previous
            && same_contents(&previous, bytes.len() as u64, bytes)
            && std::fs::hard_link(&previous, &path).is_ok()
        {
            self.reused.fetch_add(1, Ordering::Relaxed);
        } else {
            std::fs::write(&path, bytes)?;
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    /// Creates the folder of a file about to be written, once.
    fn create_parent(&self, path: &Path) -> std::io::Result<()> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        if self
            .folders
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(parent)
        {
            return Ok(());
        }
        std::fs::create_dir_all(parent)?;
        self.folders
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(parent.to_path_buf());
        Ok(())
    }

    /// Files that were identical to the previous output's (linked, not written).
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    pub fn files(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }

    pub fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    /// Swaps the staging folder in place of the output.
    pub fn commit(mut self) -> std::io::Result<()> {
        let old = sibling(&self.target, "old");
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        let had_output = self.target.exists();
        if had_output {
            std::fs::rename(&self.target, &old)?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_output {
                // Put the previous output back; the staging folder is removed on drop.
                std::fs::rename(&old, &self.target)?;
            }
            return Err(e);
        }
        self.committed = true;
        if had_output {
            remove_tree(&old)?;
        }
        Ok(())
    }
}

/// Whether the file at `path` holds exactly the `len` bytes that `other` reads (compared in
/// small pieces: the largest files of a site are megabytes, and whole copies would raise the
/// build's peak memory).
fn same_contents(path: &Path, len: u64, mut other: impl std::io::Read) -> bool {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    if !file.metadata().is_ok_and(|m| m.is_file() && m.len() == len) {
        return false;
    }
    let mut file = std::io::BufReader::new(file);
    let (mut x, mut y) = ([0u8; 16 * 1024], [0u8; 16 * 1024]);
    loop {
        let n = match file.read(&mut x) {
            Ok(n) => n,
            Err(_) => return false,
        };
        if n == 0 {
            return true;
        }
        if other.read_exact(&mut y[..n]).is_err() || x[..n] != y[..n] {
            return false;
        }
    }
}

/// Removes a folder and everything in it, unlinking the files on every core (a province's
/// previous output has tens of thousands of files).
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.par_iter().for_each(|file| {
        let _ = std::fs::remove_file(file);
    });
    std::fs::remove_dir_all(dir)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Writes one file atomically: a temporary file beside it, renamed over it.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = sibling(path, "tmp");
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_and_drop_discards() {
        let root = tempfile::TempDir::new().unwrap();
        let out = root.path().join("output");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("old.html"), "old").unwrap();

        let failed = Staging::new(&out).unwrap();
        failed.write("a/b.html", b"new").unwrap();
        drop(failed);
        assert_eq!(
            std::fs::read_to_string(out.join("old.html")).unwrap(),
            "old"
        );
        assert_eq!(
            std::fs::read_dir(root.path()).unwrap().count(),
            1,
            "no staging folder left behind"
        );

        let staging = Staging::new(&out).unwrap();
        staging.write("a/b.html", b"new").unwrap();
        assert_eq!((staging.files(), staging.bytes()), (1, 3));
        staging.commit().unwrap();
        assert!(!out.join("old.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("a/b.html")).unwrap(),
            "new"
        );
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 1);
    }
}
