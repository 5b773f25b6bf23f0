//! Writing the output atomically: everything is rendered into a staging folder beside the
//! output, and swapped in only when the whole build succeeded. A failed build removes its
//! staging folder and leaves the previous output exactly as it was. A build holds a lock on
//! its output while it runs (`.<output>.lock` beside it), so a second build of the same
//! output stops with a clear message instead of mixing with the first; and it removes the
//! staging folders that killed builds left behind, recognised by the marker file this tool
//! puts in every folder it makes there.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

mod staging;
use staging::sibling;
pub use staging::{MARKER, Staging};

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
