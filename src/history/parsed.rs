//! Records parsed from the blobs of commits, cached by blob id across the commits that
//! `changes` and the 更新记录 page compare.

use std::collections::BTreeMap;
use std::sync::Arc;

use gix::ObjectId;
use rayon::prelude::*;

use super::Repo;
use crate::model::{Loaded, Model, ReadFile};

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
    found: Arc<Vec<crate::content::Found>>,
    diagnostics: Arc<Vec<crate::diag::Diagnostic>>,
    pub ids: Arc<BTreeMap<String, ObjectId>>,
    /// Every file's path, the loader's or not.
    paths: Arc<Vec<String>>,
    /// The loader's files whose blob differs from the listing this one was made from
    /// ([`Parsed::list_changed`]); `None`: not known (compare the ids).
    changed: Option<Vec<String>>,
}

impl Listing {
    /// What finding the files said (files not read).
    pub fn diagnostics(&self) -> Vec<crate::diag::Diagnostic> {
        self.diagnostics.to_vec()
    }
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
            _ => {
                let (found, diagnostics) =
                    crate::content::walk::classify_paths(all.keys().map(String::as_str));
                (Arc::new(found), Arc::new(diagnostics))
            }
        };
        let ids = found
            .iter()
            .filter_map(|f| all.get(&f.rel).map(|id| (f.rel.clone(), *id)))
            .collect();
        Listing {
            found,
            diagnostics,
            ids: Arc::new(ids),
            paths: Arc::new(all.keys().cloned().collect()),
            changed: None,
        }
    }

    /// The listing of `all`, made from `previous` when `changed` (the paths whose blobs
    /// differ from `previous`'s) only changed files: the same paths, so the same files found.
    pub fn list_changed(
        all: &BTreeMap<String, ObjectId>,
        previous: &Listing,
        changed: &[String],
    ) -> Listing {
        let same_paths = all.len() == previous.paths.len()
            && changed
                .iter()
                .all(|rel| previous.paths.binary_search(rel).is_ok());
        if !same_paths {
            return Parsed::list_like(all, None);
        }
        let mut ids = (*previous.ids).clone();
        let mut loaders = Vec::new();
        for rel in changed {
            if let (Some(id), Some(new)) = (ids.get_mut(rel), all.get(rel)) {
                *id = *new;
                loaders.push(rel.clone());
            }
        }
        Listing {
            found: previous.found.clone(),
            diagnostics: previous.diagnostics.clone(),
            ids: Arc::new(ids),
            paths: previous.paths.clone(),
            changed: Some(loaders),
        }
    }

    /// The found file of a path of the listing.
    fn found(listing: &Listing, rel: &str) -> Option<crate::content::Found> {
        listing.found.iter().find(|f| f.rel == rel).cloned()
    }

    /// Reads and parses (side by side) the files of `listings` not parsed yet.
    pub fn add(&mut self, repo: &Repo, listings: &[&Listing]) -> Result<(), String> {
        let mut missing = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for listing in listings {
            let files: Vec<crate::content::Found> = match &listing.changed {
                Some(changed) => changed
                    .iter()
                    .filter_map(|rel| Parsed::found(listing, rel))
                    .collect(),
                None => listing.found.to_vec(),
            };
            for f in files {
                let Some(id) = listing.ids.get(&f.rel) else {
                    continue;
                };
                if self.get(id, &f.rel).is_none() && seen.insert((*id, f.rel.clone())) {
                    let bytes = repo.blob(*id, &f.rel)?;
                    missing.push((f, *id, bytes));
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
        crate::model::assemble(self.files(listing), listing.diagnostics())
    }

    /// The parsed files of a listing whose files were all added.
    pub fn files(&self, listing: &Listing) -> Vec<ReadFile> {
        listing
            .found
            .iter()
            .filter_map(|f| self.get(listing.ids.get(&f.rel)?, &f.rel).cloned())
            .collect()
    }

    /// The records of `listing` made from `base`, the records of `base_listing`, by replacing
    /// the files that differ (see [`crate::model::patch`]); `None` when more than record files
    /// differ, or the listing has an error of its own: assemble it instead.
    pub fn patch(
        &self,
        base: &Model,
        base_listing: &Listing,
        listing: &Listing,
    ) -> Option<crate::model::Patched> {
        if listing
            .diagnostics
            .iter()
            .any(crate::diag::Diagnostic::is_error)
        {
            return None;
        }
        let (before, after) = (&base_listing.ids, &listing.ids);
        let mut removed = Vec::new();
        let mut added = Vec::new();
        match &listing.changed {
            // Made from `base_listing` (the side before): the changed files are known.
            Some(changed) => {
                for rel in changed {
                    if before.contains_key(rel) {
                        removed.push(rel.as_str());
                    }
                    if let Some(id) = after.get(rel) {
                        added.push(self.get(id, rel)?.clone());
                    }
                }
            }
            None => {
                for (rel, id) in before.iter() {
                    if after.get(rel) != Some(id) {
                        removed.push(rel.as_str());
                    }
                }
                for (rel, id) in after.iter() {
                    if before.get(rel) != Some(id) {
                        added.push(self.get(id, rel)?.clone());
                    }
                }
            }
        }
        crate::model::patch(base, &removed, added)
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
