//! Records parsed from the blobs of commits, cached by blob id across the commits that
//! `changes` and the 更新记录 page compare.

use std::collections::BTreeMap;
use std::sync::Arc;

use gix::ObjectId;
use rayon::prelude::*;

use super::Repo;
use crate::model::{Loaded, ReadFile};

/// Records parsed from blobs, by blob id: a file that is the same in two commits is read
/// and parsed once, whatever the number of commits compared.
#[derive(Default)]
pub struct Parsed {
    /// A blob's parse depends on its path too (the kind and id come from it): one parse
    /// per path the same bytes are at (nearly always one).
    files: gix::hashtable::HashMap<ObjectId, Vec<ReadFile>>,
}

/// The loader's files of a commit's content folder: what `classify_paths` found (and said)
/// and each file's blob id.
pub struct Listing {
    found: Vec<crate::content::Found>,
    diagnostics: Vec<crate::diag::Diagnostic>,
    pub ids: Arc<BTreeMap<String, ObjectId>>,
    /// Every file's path, the loader's or not.
    paths: Vec<String>,
}

impl std::fmt::Debug for Parsed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Parsed({} blobs)", self.files.len())
    }
}

impl Parsed {
    /// The files of the work tree as the load parsed them (`ids`: their blob ids by path).
    pub fn seeded(files: Vec<ReadFile>, ids: &BTreeMap<String, ObjectId>) -> Parsed {
        let mut parsed = Parsed::default();
        for file in files {
            if let Some(id) = ids.get(&file.found.rel) {
                parsed.files.entry(*id).or_default().push(file);
            }
        }
        parsed
    }

    /// The loader's files among `all` (every file of a commit's content folder, by path).
    pub fn list(all: &BTreeMap<String, ObjectId>) -> Listing {
        Parsed::list_like(all, None)
    }

    /// [`Parsed::list`], taking what was found from `previous` when it had the same paths
    /// (the commits of a changelog mostly change files, not add them).
    pub fn list_like(all: &BTreeMap<String, ObjectId>, previous: Option<&Listing>) -> Listing {
        let (found, diagnostics) = match previous {
            Some(p) if p.paths.len() == all.len() && p.paths.iter().eq(all.keys()) => {
                (p.found.clone(), p.diagnostics.clone())
            }
            _ => crate::content::walk::classify_paths(all.keys().map(String::as_str)),
        };
        let ids = found
            .iter()
            .filter_map(|f| all.get(&f.rel).map(|id| (f.rel.clone(), *id)))
            .collect();
        Listing {
            found,
            diagnostics,
            ids: Arc::new(ids),
            paths: all.keys().cloned().collect(),
        }
    }

    /// Reads and parses (side by side) the files of `listings` not parsed yet.
    pub fn add(&mut self, repo: &Repo, listings: &[&Listing]) -> Result<(), String> {
        let mut missing = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for listing in listings {
            for f in &listing.found {
                let Some(id) = listing.ids.get(&f.rel) else {
                    continue;
                };
                if self.get(id, &f.rel).is_none() && seen.insert((*id, f.rel.as_str())) {
                    missing.push((f.clone(), *id, repo.blob(*id, &f.rel)?));
                }
            }
        }
        let parsed: Vec<(ObjectId, ReadFile)> = missing
            .into_par_iter()
            .map(|(found, id, bytes)| (id, crate::model::read_bytes(found, bytes)))
            .collect();
        for (id, file) in parsed {
            self.files.entry(id).or_default().push(file);
        }
        Ok(())
    }

    fn get(&self, id: &ObjectId, rel: &str) -> Option<&ReadFile> {
        self.files.get(id)?.iter().find(|f| f.found.rel == rel)
    }

    /// The records of a listing whose files were all added.
    pub fn assemble(&self, listing: &Listing) -> Loaded {
        let files: Vec<ReadFile> = listing
            .found
            .iter()
            .filter_map(|f| self.get(listing.ids.get(&f.rel)?, &f.rel).cloned())
            .collect();
        crate::model::assemble(files, listing.diagnostics.clone())
    }

    /// The records of a commit's content folder (`all`: every file, by path, with its blob
    /// id), and the blob ids of the files that are the loader's.
    pub fn load(
        &mut self,
        repo: &Repo,
        all: &BTreeMap<String, ObjectId>,
    ) -> Result<(BTreeMap<String, ObjectId>, Loaded), String> {
        let listing = Parsed::list(all);
        self.add(repo, &[&listing])?;
        let loaded = self.assemble(&listing);
        Ok((Arc::unwrap_or_clone(listing.ids), loaded))
    }
}
