//! Where the files of a content folder come from: the folder on disk, or a snapshot of it
//! held in memory (the tree of a commit, the git index: [`crate::history`]). The loader reads
//! only through [`Files`], so that what is loaded, checked and built does not depend on where
//! the bytes were kept.

use std::collections::BTreeMap;
use std::path::Path;

use super::Found;
use crate::diag::Diagnostic;

/// A content folder's files, wherever they are kept.
pub trait Files: Sync {
    /// The files to read, sorted, and the warnings about the files that are not read.
    fn find(&self) -> std::io::Result<(Vec<Found>, Vec<Diagnostic>)>;
    /// The bytes of a file [`Files::find`] gave.
    fn bytes(&self, found: &Found) -> std::io::Result<Vec<u8>>;
}

/// The folder on disk as it is.
pub struct Folder<'a>(pub &'a Path);

impl Files for Folder<'_> {
    fn find(&self) -> std::io::Result<(Vec<Found>, Vec<Diagnostic>)> {
        super::walk::find(self.0)
    }

    fn bytes(&self, found: &Found) -> std::io::Result<Vec<u8>> {
        super::read_bytes(&found.path)
    }
}

/// A content folder's files held in memory, by path relative to the folder (with `/`).
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    files: BTreeMap<String, Vec<u8>>,
}

impl Snapshot {
    pub fn new(files: BTreeMap<String, Vec<u8>>) -> Snapshot {
        Snapshot { files }
    }

    /// Every file, by relative path.
    pub fn files(&self) -> &BTreeMap<String, Vec<u8>> {
        &self.files
    }
}

impl Files for Snapshot {
    fn find(&self) -> std::io::Result<(Vec<Found>, Vec<Diagnostic>)> {
        Ok(super::walk::classify_paths(
            self.files.keys().map(String::as_str),
        ))
    }

    fn bytes(&self, found: &Found) -> std::io::Result<Vec<u8>> {
        self.files
            .get(&found.rel)
            .cloned()
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "not in the snapshot"))
    }
}
