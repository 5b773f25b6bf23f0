//! The staging folder of `build`: filled while the build runs, swapped in place of the output
//! only when everything succeeded, removed otherwise; with the output's lock, and the removal
//! of what killed builds left behind.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use super::Sink;

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
    leftovers: usize,
    /// The output's lock, held until the staging folder is swapped in or removed.
    _lock: std::fs::File,
}

pub(super) fn sibling(target: &Path, tag: &str) -> PathBuf {
    target.with_file_name(format!(
        ".{}.{tag}-{}",
        output_name(target),
        std::process::id()
    ))
}

fn output_name(target: &Path) -> String {
    target
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned())
}

/// The file in a staging folder (and in a previous output being removed) that says this tool
/// made the folder: only folders holding it are ever removed as a killed build's leftovers.
pub const MARKER: &str = ".lianluo-staging";

fn mark(dir: &Path) -> std::io::Result<()> {
    std::fs::write(
        dir.join(MARKER),
        "lianluo build: a staging folder, removed by the next build of this output\n",
    )
}

fn marked(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
}

/// Takes the lock on an output (`.<output>.lock` beside it, holding the build's process id),
/// or says which build holds it. The lock file stays: removing it would let a third build lock
/// a file that no longer has that name.
fn lock_output(target: &Path) -> std::io::Result<std::fs::File> {
    use std::io::Write;
    let path = target.with_file_name(format!(".{}.lock", output_name(target)));
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            let holder = std::fs::read_to_string(&path)
                .ok()
                .map(|pid| format!("（进程 {}）", pid.trim()))
                .unwrap_or_default();
            return Err(std::io::Error::new(
                std::io::ErrorKind::WouldBlock,
                format!(
                    "另一个 lianluo build{holder}正在生成 `{}`，等它结束后再运行（another build is writing this output; run again when it has finished）",
                    target.display()
                ),
            ));
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(e),
    }
    file.set_len(0)?;
    writeln!(file, "{}", std::process::id())?;
    Ok(file)
}

/// Removes the staging folders (and previous outputs being removed) that killed builds of
/// `target` left beside it: folders named as this tool names them and holding its marker.
/// Called with the output's lock held, so none of them belongs to a running build.
fn remove_leftovers(target: &Path) -> std::io::Result<usize> {
    let Some(parent) = target.parent() else {
        return Ok(0);
    };
    let name = output_name(target);
    let (staging, old) = (format!(".{name}.staging-"), format!(".{name}.old-"));
    let mut removed = 0;
    for entry in std::fs::read_dir(parent)? {
        let path = entry?.path();
        let Some(file_name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let pid = file_name
            .strip_prefix(&staging)
            .or_else(|| file_name.strip_prefix(&old));
        let numbered = pid.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        if numbered && path.is_dir() && marked(&path) {
            remove_tree(&path)?;
            removed += 1;
        }
    }
    Ok(removed)
}

impl Staging {
    /// Creates an empty staging folder next to `target`, once no other build holds the
    /// output, and removes what killed builds left there.
    pub fn new(target: &Path) -> std::io::Result<Staging> {
        let target = if target.is_absolute() {
            target.to_path_buf()
        } else {
            std::env::current_dir()?.join(target)
        };
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let lock = lock_output(&target)?;
        let leftovers = remove_leftovers(&target)?;
        let dir = sibling(&target, "staging");
        if dir.exists() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!(
                    "`{}` is in the way and was not made by lianluo: move or remove it",
                    dir.display()
                ),
            ));
        }
        std::fs::create_dir_all(&dir)?;
        mark(&dir)?;
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
            leftovers,
            _lock: lock,
        })
    }

    /// Staging folders of killed builds removed when this one started.
    pub fn leftovers(&self) -> usize {
        self.leftovers
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

    /// Swaps the staging folder in place of the output. The marker leaves the staging folder
    /// just before it becomes the output, and goes into the previous output just after it
    /// stops being one, so that a build killed at any moment leaves either output whole.
    pub fn commit(mut self) -> std::io::Result<()> {
        let old = sibling(&self.target, "old");
        if old.exists() {
            // Left by a killed build of this very process id: removed only if this tool made it.
            if !marked(&old) {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    format!("`{}` is in the way: move or remove it", old.display()),
                ));
            }
            remove_tree(&old)?;
        }
        std::fs::remove_file(self.dir.join(MARKER))?;
        let had_output = self.target.exists();
        if had_output {
            std::fs::rename(&self.target, &old)?;
            mark(&old)?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_output {
                // Put the previous output back; the staging folder is removed on drop.
                std::fs::remove_file(old.join(MARKER))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The names beside the output, the lock file left out.
    fn beside(root: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != ".output.lock")
            .collect();
        names.sort();
        names
    }

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
        assert_eq!(beside(root.path()), ["output"], "no staging folder left");

        let staging = Staging::new(&out).unwrap();
        staging.write("a/b.html", b"new").unwrap();
        assert_eq!((staging.files(), staging.bytes()), (1, 3));
        staging.commit().unwrap();
        assert!(!out.join("old.html").exists());
        assert!(
            !out.join(MARKER).exists(),
            "the marker stays out of the output"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("a/b.html")).unwrap(),
            "new"
        );
        assert_eq!(beside(root.path()), ["output"]);
    }

    #[test]
    fn leftovers_of_killed_builds_go_and_nothing_else() {
        let root = tempfile::TempDir::new().unwrap();
        let out = root.path().join("output");
        let made = |name: &str, marker: bool| {
            let dir = root.path().join(name);
            std::fs::create_dir_all(dir.join("deputies")).unwrap();
            std::fs::write(dir.join("deputies/a.html"), "a").unwrap();
            if marker {
                mark(&dir).unwrap();
            }
        };
        made(".output.staging-4242", true);
        made(".output.old-4243", true);
        made(".output.staging-4244", false); // not this tool's: left alone
        made(".output.staging-x", true); // not a name this tool gives
        made(".other.staging-4245", true); // another output's
        let staging = Staging::new(&out).unwrap();
        assert_eq!(staging.leftovers(), 2);
        staging.commit().unwrap();
        assert_eq!(
            beside(root.path()),
            [
                ".other.staging-4245",
                ".output.staging-4244",
                ".output.staging-x",
                "output"
            ]
        );
    }

    #[test]
    fn a_second_build_of_the_same_output_is_refused_while_the_first_runs() {
        let root = tempfile::TempDir::new().unwrap();
        let out = root.path().join("output");
        let first = Staging::new(&out).unwrap();
        let error = Staging::new(&out).err().expect("the output is locked");
        assert_eq!(error.kind(), std::io::ErrorKind::WouldBlock);
        let message = error.to_string();
        assert!(
            message.contains(&format!("进程 {}", std::process::id()))
                && message.contains("another build is writing this output"),
            "{message}"
        );
        // The running build's staging folder was not taken for a leftover.
        assert!(first.dir.join(MARKER).is_file());
        first.commit().unwrap();
        let second = Staging::new(&out).unwrap();
        assert_eq!(second.leftovers(), 0);
    }
}
