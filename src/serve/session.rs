//! Incremental rebuilds for `serve`: re-read only the files whose size or modification time
//! changed, re-evaluate, re-render only the pages whose inputs changed (each page's inputs
//! are hashed), and write only the files whose bytes changed. A rebuild of data with errors
//! keeps the last good site and reports the errors for the overlay.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::content;
use crate::diag::Diagnostic;
use crate::model::{self, ReadFile};
use crate::output::{Sink, WriteIfChanged};
use crate::render::{data, feeds, search, site};

/// What identifies a version of a file without reading it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some(Stamp {
        len: meta.len(),
        modified: meta.modified().ok(),
    })
}

/// The outcome of one rebuild.
#[derive(Debug, Clone, Default)]
pub struct Rebuild {
    /// Files read and parsed again (the others came from the cache).
    pub read: usize,
    /// Pages rendered again (the others had unchanged inputs).
    pub rendered: usize,
    /// Files whose bytes changed and were written.
    pub written: usize,
    pub removed: usize,
    /// Time until the changed pages were written (open data and feeds come after).
    pub pages_elapsed: Duration,
    /// The data's errors (the site was not updated when there are any).
    pub errors: Vec<Diagnostic>,
    /// The errors as a clerk reads them (file:line:column, the line, the fix).
    pub errors_text: String,
    pub elapsed: Duration,
    /// Time of each stage, in order: read, assemble, rules, view, hash, render, data.
    pub stages: Vec<(&'static str, Duration)>,
}

pub struct Session {
    content: PathBuf,
    theme_dir: Option<PathBuf>,
    as_of: NaiveDate,
    cache: HashMap<String, (Stamp, ReadFile)>,
    page_hashes: HashMap<String, u64>,
    globals_hash: Option<u64>,
    /// The default theme is read once; a theme folder is re-read on every rebuild (it is watched).
    embedded_theme: Option<site::Theme>,
    /// The compiled templates, kept while the site-wide inputs stay the same.
    tera: Option<tera::Tera>,
    out: WriteIfChanged,
    /// What the index reads of every searchable page (re-rendered pages replace theirs).
    searchable: std::collections::BTreeMap<String, String>,
    /// Whether `searchable` changed since the index was last written.
    search_stale: bool,
    /// The index files written last, kept from round to round until the index is rewritten.
    search_files: Vec<String>,
    /// The content folder's files as last listed (sorted), with the walk's warnings, so a
    /// rebuild told which files changed need not walk the folder again.
    listing: Option<(Vec<content::Found>, Vec<Diagnostic>)>,
    /// The content folder as an absolute path (the watcher reports absolute paths).
    content_abs: PathBuf,
    /// What the open data and feeds of the last rebuild are made from, until [`Session::finish`].
    pending: Option<Pending>,
}

/// The rest of a rebuild, done after the browser was told to reload.
struct Pending {
    model: crate::model::Model,
    outcome: crate::rules::Outcome,
    view: crate::view::View,
    paths: Vec<String>,
    started: Instant,
}

impl Session {
    pub fn new(
        content: &Path,
        output: &Path,
        theme_dir: Option<&Path>,
        as_of: NaiveDate,
    ) -> Session {
        Session {
            content: content.to_path_buf(),
            theme_dir: theme_dir.map(Path::to_path_buf),
            as_of,
            cache: HashMap::new(),
            page_hashes: HashMap::new(),
            globals_hash: None,
            embedded_theme: None,
            tera: None,
            out: WriteIfChanged::new(output),
            searchable: Default::default(),
            search_stale: false,
            search_files: Vec::new(),
            listing: None,
            pending: None,
            content_abs: std::fs::canonicalize(content).unwrap_or_else(|_| content.to_path_buf()),
        }
    }

    pub fn output(&self) -> &Path {
        self.out.dir()
    }

    /// Rebuilds what changed since the last call, walking the content folder to find out.
    /// `Err` only when the content folder or the theme cannot be read at all.
    pub fn rebuild(&mut self) -> Result<Rebuild, String> {
        let mut report = self.rebuild_with(None)?;
        self.finish(&mut report)?;
        Ok(report)
    }

    /// Rebuilds after the watcher reported these paths changed: only they are looked at
    /// again (a folder, or a file the walk would warn about, falls back to a full walk).
    pub fn rebuild_changed(&mut self, changed: &[PathBuf]) -> Result<Rebuild, String> {
        let mut report = self.rebuild_with(Some(changed))?;
        self.finish(&mut report)?;
        Ok(report)
    }

    /// The first half of [`Session::rebuild_changed`]: the pages only. `serve` tells the
    /// browser to reload, then calls [`Session::finish`] for the open data and feeds.
    pub fn rebuild_pages_changed(
        &mut self,
        changed: Option<&[PathBuf]>,
    ) -> Result<Rebuild, String> {
        self.rebuild_with(changed)
    }

    /// Writes the open data, feeds and sitemap of the last rebuild and removes the files it
    /// no longer produces; adds the counts and times to `report`.
    pub fn finish(&mut self, report: &mut Rebuild) -> Result<(), String> {
        let Some(pending) = self.pending.take() else {
            return Ok(());
        };
        let started = Instant::now();
        data::write(&pending.model, &pending.outcome, &self.out)?;
        feeds::write(&pending.view, &self.out)?;
        feeds::write_sitemap(&pending.view, &pending.paths, &self.out)?;
        report.written = self.out.written();
        report.removed = self.out.remove_stale();
        report.stages.push(("data and feeds", started.elapsed()));
        report.elapsed = pending.started.elapsed();
        Ok(())
    }

    /// The listing patched with the changed paths, and the files among them to read again;
    /// `None` when only a walk can tell.
    fn patch_listing(
        &self,
        changed: &[PathBuf],
    ) -> Option<(Vec<content::Found>, Vec<Diagnostic>, Vec<String>)> {
        let (mut listing, warnings) = self.listing.clone()?;
        let mut reread = Vec::new();
        for path in changed {
            let absolute = if path.is_absolute() {
                path.clone()
            } else {
                std::env::current_dir().ok()?.join(path)
            };
            let Ok(rel) = absolute.strip_prefix(&self.content_abs) else {
                continue; // the theme folder: re-read on every rebuild anyway
            };
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            if rel.is_empty() {
                return None;
            }
            if rel.split('/').any(content::walk::hidden) {
                continue; // skipped by the walk too
            }
            let at = listing.binary_search_by(|f| f.rel.as_str().cmp(&rel));
            match std::fs::metadata(&absolute) {
                Err(_) => {
                    if let Ok(i) = at {
                        listing.remove(i);
                    }
                }
                Ok(meta) if meta.is_file() => {
                    let mut found = content::Found::classify(&rel)?;
                    found.path = self.content.join(&rel);
                    if let Err(i) = at {
                        listing.insert(i, found);
                    }
                    reread.push(rel);
                }
                Ok(_) => return None,
            }
        }
        Some((listing, warnings, reread))
    }

    fn rebuild_with(&mut self, changed: Option<&[PathBuf]>) -> Result<Rebuild, String> {
        let started = Instant::now();
        self.pending = None;
        let loaded_theme;
        let theme = match &self.theme_dir {
            Some(dir) => {
                loaded_theme = site::Theme::load(dir)?;
                &loaded_theme
            }
            None => {
                if self.embedded_theme.is_none() {
                    self.embedded_theme = Some(site::Theme::embedded()?);
                }
                self.embedded_theme.as_ref().ok_or("the default theme")?
            }
        };
        let mut report = Rebuild::default();
        let patched = changed.and_then(|changed| self.patch_listing(changed));
        let (found, find_diagnostics, fresh): (
            Vec<content::Found>,
            Vec<Diagnostic>,
            Vec<(String, Option<Stamp>, ReadFile)>,
        ) = match patched {
            Some((listing, warnings, reread)) => {
                let fresh = reread
                    .par_iter()
                    .filter_map(|rel| {
                        listing
                            .binary_search_by(|f| f.rel.as_str().cmp(rel))
                            .ok()
                            .map(|i| &listing[i])
                    })
                    .map(|f| (f.rel.clone(), stamp(&f.path), model::read_found(f.clone())))
                    .collect();
                (listing, warnings, fresh)
            }
            None => {
                let (mut found, warnings) = content::find(&self.content).map_err(|e| {
                    format!(
                        "cannot read the content folder `{}`: {e}",
                        self.content.display()
                    )
                })?;
                found.sort_by(|a, b| a.rel.cmp(&b.rel));
                let stamped: Vec<(&content::Found, Option<Stamp>)> =
                    found.iter().map(|f| (f, stamp(&f.path))).collect();
                let fresh = stamped
                    .par_iter()
                    .filter(|(f, s)| !matches!((self.cache.get(&f.rel), s), (Some((old, _)), Some(new)) if old == new))
                    .map(|(f, s)| (f.rel.clone(), *s, model::read_found((*f).clone())))
                    .collect();
                (found, warnings, fresh)
            }
        };
        report.read = fresh.len();
        for (rel, s, file) in fresh {
            match s {
                Some(s) => {
                    self.cache.insert(rel, (s, file));
                }
                None => {
                    self.cache.remove(&rel);
                }
            }
        }
        let present: std::collections::HashSet<&str> =
            found.iter().map(|f| f.rel.as_str()).collect();
        self.cache.retain(|rel, _| present.contains(rel.as_str()));
        let mut files: Vec<ReadFile> = found
            .iter()
            .filter_map(|f| self.cache.get(&f.rel).map(|(_, r)| r.clone()))
            .collect();
        files.sort_by(|a, b| a.found.cmp(&b.found));
        self.listing = Some((found, find_diagnostics.clone()));
        let mut lap = Instant::now();
        let mut stage = |report: &mut Rebuild, name: &'static str| {
            let now = Instant::now();
            report.stages.push((name, now - lap));
            lap = now;
        };
        report.stages.push(("read", started.elapsed()));
        let loaded = model::assemble(files, find_diagnostics);
        stage(&mut report, "assemble");
        let Some(model) = loaded.model.as_ref() else {
            report.errors = loaded.errors().cloned().collect();
            report.errors_text = crate::diag::render_text(&report.errors, &loaded.sources, false);
            report.elapsed = started.elapsed();
            return Ok(report);
        };
        let outcome = crate::rules::evaluate(model, model.site().rules, self.as_of);
        stage(&mut report, "rules");
        let view = crate::view::build(model, &outcome);
        stage(&mut report, "view");

        // Site-wide inputs (settings, UI strings, templates): when they change, every page does.
        let globals = site::hash_of(&(&view.site, &theme.strings, &theme.templates));
        if self.globals_hash != Some(globals) || self.tera.is_none() {
            self.page_hashes.clear();
            self.globals_hash = Some(globals);
            self.tera = Some(site::environment(theme, &view, &[])?);
        }
        let tera = self.tera.as_ref().ok_or("templates")?;
        let previous = std::mem::take(&mut self.page_hashes);
        let mut pages = site::pages(&view, &theme.strings, Some(&previous));
        stage(&mut report, "hash");
        self.out.begin();
        report.rendered = pages.jobs.len();
        let rendered: std::collections::HashSet<String> =
            pages.jobs.iter().map(|j| j.path.clone()).collect();
        for path in pages.hashes.keys().filter(|p| !rendered.contains(*p)) {
            self.out.keep(path);
        }
        let paths = std::mem::take(&mut pages.paths);
        let searchable = site::render(
            tera,
            std::mem::take(&mut pages.jobs),
            &self.out,
            &crate::build::base_path(&view.site.base_url),
            true,
        )?;
        report.pages_elapsed = started.elapsed();
        stage(&mut report, "render");
        // Pages that were rendered and are no longer searchable, or no longer exist, leave.
        let before = self.searchable.len();
        self.searchable
            .retain(|path, _| pages.hashes.contains_key(path) && !rendered.contains(path));
        self.search_stale |= self.searchable.len() != before || !searchable.is_empty();
        self.searchable.extend(searchable);
        for path in &self.search_files {
            self.out.keep(path);
        }
        for (path, bytes) in &theme.statics {
            self.out
                .write(path, bytes)
                .map_err(|e| format!("writing {path}: {e}"))?;
        }
        self.page_hashes = std::mem::take(&mut pages.hashes);
        report.written = self.out.written();
        report.elapsed = started.elapsed();
        drop(pages);
        let model = loaded.model.ok_or("the model")?;
        self.pending = Some(Pending {
            model,
            outcome,
            view,
            paths,
            started,
        });
        Ok(report)
    }

    /// Rewrites the search index when searchable pages changed since the last call (slower
    /// than a rebuild, so `serve` calls it after the browser was told to reload). Returns the
    /// number of pages indexed, or `None` when nothing changed.
    pub fn reindex(&mut self) -> Result<Option<usize>, String> {
        if !self.search_stale {
            return Ok(None);
        }
        let index = search::index(self.searchable.clone(), search::PART_PAGES, &self.out)?;
        let written: std::collections::HashSet<&str> =
            index.files.iter().map(String::as_str).collect();
        for old in self
            .search_files
            .iter()
            .filter(|old| !written.contains(old.as_str()))
        {
            self.out.remove(old);
        }
        self.search_files = index.files;
        self.search_stale = false;
        Ok(Some(index.pages))
    }
}
