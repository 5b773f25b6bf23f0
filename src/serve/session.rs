//! Incremental rebuilds for `serve`, on the same pipeline as `build`: re-read only the files
//! whose size or modification time changed, re-evaluate, re-render only the pages whose
//! inputs changed (the site output hashes each page's inputs and keeps the hashes from round
//! to round), and write only the files whose bytes changed. A rebuild of data with errors
//! keeps the last good site and reports the errors for the overlay.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::content;
use crate::diag::Diagnostic;
use crate::model::{self, ReadFile};
use crate::output::WriteIfChanged;
use crate::pipeline::{self, Run, Watcher};
use crate::render::{self, Output};
use crate::theme::Theme;

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
    /// Time until the changed pages were written (the sitemap and the search index come
    /// after).
    pub pages_elapsed: Duration,
    /// The data's errors (the site was not updated when there are any).
    pub errors: Vec<Diagnostic>,
    /// The errors as a clerk reads them (file:line:column, the line, the fix).
    pub errors_text: String,
    pub elapsed: Duration,
    /// Time of each stage: read, assemble, then the pipeline's.
    pub stages: Vec<(&'static str, Duration)>,
}

pub struct Session {
    content: PathBuf,
    theme_dir: Option<PathBuf>,
    as_of: NaiveDate,
    cache: HashMap<String, (Stamp, ReadFile)>,
    /// The default theme is read once; a theme folder is re-read on every rebuild (it is watched).
    embedded_theme: Option<Theme>,
    /// The preview's outputs: the site (incremental), open data, feeds, sitemap, search index.
    outputs: Vec<Box<dyn Output>>,
    out: WriteIfChanged,
    /// The content folder's files as last listed (sorted), with the walk's warnings, so a
    /// rebuild told which files changed need not walk the folder again.
    listing: Option<(Vec<content::Found>, Vec<Diagnostic>)>,
    /// The content folder as an absolute path (the watcher reports absolute paths).
    content_abs: PathBuf,
    /// The last good round's records (sharing them, not a copy) and evaluations: a round told
    /// which record files changed makes its records and evaluations from them.
    last: Option<(model::Model, Vec<crate::rules::Evaluation>)>,
}

/// A listing patched with the paths a watcher told: the listing, the walk's warnings, the
/// files to read again, and every path of the content folder told.
type Patch = (
    Vec<content::Found>,
    Vec<Diagnostic>,
    Vec<String>,
    Vec<String>,
);

/// Tells the server when the pages are written, and times it.
struct PagesTimer<'a> {
    started: Instant,
    pages: std::sync::Mutex<Option<Duration>>,
    outer: &'a dyn Watcher,
}

impl Watcher for PagesTimer<'_> {
    fn stage(&self, label: &str) {
        self.outer.stage(label);
    }

    fn pages_written(&self) {
        *self.pages.lock().unwrap_or_else(|p| p.into_inner()) = Some(self.started.elapsed());
        self.outer.pages_written();
    }
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
            embedded_theme: None,
            outputs: vec![
                Box::new(render::data::OpenData),
                Box::new(render::site::SitePages::incremental()),
                Box::new(render::feeds::Feeds),
                Box::new(render::feeds::Sitemap),
                Box::new(render::search::SearchIndex::new(render::search::PART_PAGES)),
            ],
            out: WriteIfChanged::new(output),
            listing: None,
            content_abs: std::fs::canonicalize(content).unwrap_or_else(|_| content.to_path_buf()),
            last: None,
        }
    }

    pub fn output(&self) -> &Path {
        self.out.dir()
    }

    /// Rebuilds what changed since the last call, walking the content folder to find out.
    /// `Err` only when the content folder or the theme cannot be read at all.
    pub fn rebuild(&mut self) -> Result<Rebuild, String> {
        self.rebuild_watched(None, &pipeline::Quiet)
    }

    /// Rebuilds after the watcher reported these paths changed: only they are looked at
    /// again (a folder, or a file the walk would warn about, falls back to a full walk).
    pub fn rebuild_changed(&mut self, changed: &[PathBuf]) -> Result<Rebuild, String> {
        self.rebuild_watched(Some(changed), &pipeline::Quiet)
    }

    /// Rebuilds (after these changes, or after a walk when `None`); `watcher` is told when the
    /// pages are written, before the sitemap and the search index follow.
    pub fn rebuild_watched(
        &mut self,
        changed: Option<&[PathBuf]>,
        watcher: &dyn Watcher,
    ) -> Result<Rebuild, String> {
        let started = Instant::now();
        let mut report = Rebuild::default();
        let (warnings, touched) = self.read(changed, &mut report)?;
        report.stages.push(("read", started.elapsed()));
        let lap = Instant::now();
        let last = self.last.take();
        let (loaded, outcome) = match self.patched(touched.as_deref(), last) {
            Some((loaded, outcome)) => {
                report.stages.push(("patch and rules again", lap.elapsed()));
                (loaded, Some(outcome))
            }
            None => {
                let loaded = model::assemble(self.files(), warnings);
                report.stages.push(("assemble", lap.elapsed()));
                (loaded, None)
            }
        };
        // Shared with the pipeline's, not copied: the next round is made from it.
        let kept = loaded
            .model
            .as_ref()
            .and_then(|m| model::patch(m, &[], Vec::new()))
            .map(|p| p.model);
        if loaded.model.is_none() {
            report.errors = loaded.errors().cloned().collect();
            report.errors_text = crate::diag::render_text(&report.errors, &loaded.sources, false);
            report.elapsed = started.elapsed();
            return Ok(report);
        }
        if self.embedded_theme.is_none() && self.theme_dir.is_none() {
            self.embedded_theme = Some(Theme::embedded()?);
        }
        let loaded_theme = match &self.theme_dir {
            Some(dir) => Some(Theme::load(dir)?),
            None => None,
        };
        let theme = loaded_theme
            .as_ref()
            .or(self.embedded_theme.as_ref())
            .ok_or("the default theme")?;
        let timer = PagesTimer {
            started,
            pages: std::sync::Mutex::new(None),
            outer: watcher,
        };
        let run = Run {
            as_of: self.as_of,
            theme,
            outputs: &self.outputs,
            watcher: &timer,
            national_pages: pipeline::Order::NATIONAL_PAGES,
            preview: true,
        };
        self.out.begin();
        let mut summary =
            pipeline::run_evaluated(loaded, outcome, &run, &self.out).map_err(|e| match e {
                pipeline::Error::Io(why) | pipeline::Error::Render(why) => why,
                pipeline::Error::Data(_) => "the data has errors".to_string(),
            })?;
        self.last = kept.zip(summary.outcome.take().map(|o| o.evaluations));
        // A round whose search index did not change wrote none of its files: they stay.
        self.out.keep_untouched_folder(render::search::BUNDLE_DIR);
        report.rendered = summary.pages;
        report.stages.extend(summary.stages);
        report.written = self.out.written();
        report.removed = self.out.remove_stale();
        report.pages_elapsed = timer
            .pages
            .into_inner()
            .unwrap_or_else(|p| p.into_inner())
            .unwrap_or_default();
        report.elapsed = started.elapsed();
        Ok(report)
    }

    /// The records and the rules' outcome made from the last good round's (`last`) by the
    /// record files `touched` (changed, added or removed): `None` when that cannot be (no
    /// last round, a walk, a file other than a record, a file or a record with an error):
    /// then the folder is assembled whole.
    fn patched(
        &self,
        touched: Option<&[String]>,
        last: Option<(model::Model, Vec<crate::rules::Evaluation>)>,
    ) -> Option<(model::Loaded, crate::rules::Outcome)> {
        let (touched, (base, evaluations)) = touched.zip(last)?;
        let removed: Vec<&str> = touched.iter().map(String::as_str).collect();
        let added: Vec<ReadFile> = touched
            .iter()
            .filter_map(|rel| self.cache.get(rel).map(|(_, file)| file.clone()))
            .collect();
        let model::Patched {
            model,
            scope,
            changed,
        } = model::patch(&base, &removed, added)?;
        let loaded = model::validated(model, scope.as_ref());
        let outcome =
            crate::rules::evaluate_again(loaded.model.as_ref()?, self.as_of, evaluations, &changed);
        Some((loaded, outcome))
    }

    /// The content folder's files as listed, from the cache.
    fn files(&self) -> Vec<ReadFile> {
        let Some((found, _)) = &self.listing else {
            return Vec::new();
        };
        let mut files: Vec<ReadFile> = found
            .iter()
            .filter_map(|f| self.cache.get(&f.rel).map(|(_, r)| r.clone()))
            .collect();
        files.sort_by(|a, b| a.found.cmp(&b.found));
        files
    }

    /// The listing patched with the changed paths, the files among them to read again, and
    /// every path of the content folder among them (read again or gone); `None` when only a
    /// walk can tell.
    fn patch_listing(&self, changed: &[PathBuf]) -> Option<Patch> {
        let (mut listing, warnings) = self.listing.clone()?;
        let mut reread = Vec::new();
        let mut touched = Vec::new();
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
            touched.push(rel.clone());
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
        Some((listing, warnings, reread, touched))
    }

    /// Reads again the files of the content folder that changed, updating the listing and
    /// the cache; the walk's warnings, and the paths told changed when no walk was needed.
    fn read(
        &mut self,
        changed: Option<&[PathBuf]>,
        report: &mut Rebuild,
    ) -> Result<(Vec<Diagnostic>, Option<Vec<String>>), String> {
        type Fresh = Vec<(String, Option<Stamp>, ReadFile)>;
        let patched = changed.and_then(|changed| self.patch_listing(changed));
        let mut touched = None;
        let (found, find_diagnostics, fresh): (Vec<content::Found>, Vec<Diagnostic>, Fresh) =
            match patched {
                Some((listing, warnings, reread, paths)) => {
                    touched = Some(paths);
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
                        .filter(|(f, s)| {
                            !matches!((self.cache.get(&f.rel), s), (Some((old, _)), Some(new)) if old == new)
                        })
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
        self.listing = Some((found, find_diagnostics.clone()));
        Ok((find_diagnostics, touched))
    }
}
