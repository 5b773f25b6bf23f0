//! `lianluo build` and `lianluo report`: the pipeline with the build's outputs, written into a
//! staging folder swapped in atomically (or, for one report, kept in memory). Same content
//! and `as_of` give byte-identical output.

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;

use crate::output::{Memory, Staging};
use crate::pipeline::{self, Order, Run, Watcher};
pub use crate::pipeline::{Error, Summary};
use crate::render::report::{AnnualReports, Format};
use crate::render::{self, Selection};
use crate::theme::Theme;

pub struct Options {
    pub content: PathBuf,
    pub output: PathBuf,
    pub as_of: NaiveDate,
    /// A theme folder; the default theme compiled into the binary when `None`.
    pub theme: Option<PathBuf>,
    pub selection: Selection,
    /// Above this many record pages a site is built in the national order.
    pub national_pages: usize,
    /// Which content: the folder as it is, a commit's tree, the index.
    pub at: crate::history::At,
}

impl Options {
    pub fn new(content: PathBuf, output: PathBuf, as_of: NaiveDate) -> Options {
        Options {
            content,
            output,
            as_of,
            theme: None,
            selection: Selection {
                reports: true,
                search: true,
                search_part_pages: render::search::PART_PAGES,
            },
            national_pages: Order::NATIONAL_PAGES,
            at: crate::history::At::WorkTree,
        }
    }
}

/// What a build wrote, besides what the pipeline made.
#[derive(Debug, Default)]
pub struct Built {
    pub summary: Summary,
    pub files: usize,
    /// Files identical to the previous output's (kept, not written again).
    pub unchanged: usize,
    pub bytes: u64,
    /// Why the pages carry no provenance (the content folder is not in git).
    pub note: Option<String>,
}

pub fn build(options: &Options, watcher: &dyn Watcher) -> Result<Built, Error> {
    let theme = Theme::load_or_default(options.theme.as_deref()).map_err(Error::Render)?;
    watcher.stage("读取记录（load）");
    let started = Instant::now();
    let crate::history::Load { loaded, note } =
        crate::history::load(&options.content, &options.at).map_err(Error::Io)?;
    let load_time = started.elapsed();
    if loaded.model.is_none() {
        return Err(Error::Data(Box::new(loaded)));
    }
    let staging = Staging::new(&options.output).map_err(|e| match e.kind() {
        // Another build holds the output, or a folder not made by lianluo is in the way: the
        // message says which and what to do.
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::AlreadyExists => {
            Error::Render(e.to_string())
        }
        _ => {
            let output = options.output.display();
            Error::Render(format!(
                "cannot create the output folder next to `{output}`: {e}"
            ))
        }
    })?;
    let outputs = render::outputs(&options.selection);
    let run = Run {
        as_of: options.as_of,
        theme: &theme,
        outputs: &outputs,
        watcher,
        national_pages: options.national_pages,
        preview: false,
    };
    let mut summary = pipeline::run(loaded, &run, &staging)?;
    summary.stages.insert(0, ("load", load_time));
    let (files, unchanged, bytes) = (staging.files(), staging.reused(), staging.bytes());
    watcher.stage("替换输出文件夹（write）");
    let started = Instant::now();
    staging.commit().map_err(|e| {
        Error::Render(format!(
            "cannot replace `{}`: {e}",
            options.output.display()
        ))
    })?;
    summary.stages.push(("write", started.elapsed()));
    Ok(Built {
        summary,
        files,
        unchanged,
        bytes,
        note,
    })
}

/// The annual report of one year as PDF or DOCX bytes (`lianluo report`): the pipeline with
/// that report as its one output, in the memory-bounded order (typst's peak comes after the
/// records and the pages' parts of the view are freed).
pub fn report(
    content: &Path,
    theme: Option<&Path>,
    year: i32,
    as_of: NaiveDate,
    format: Format,
) -> Result<Report, Error> {
    // The PDF's fonts (and the DOCX's chart font) are scanned while the content loads.
    crate::render::report::Fonts::scan_system_in_background();
    let theme = Theme::load_or_default(theme).map_err(Error::Render)?;
    let crate::history::Load { loaded, note } =
        crate::history::load(content, &crate::history::At::WorkTree).map_err(Error::Io)?;
    let outputs: Vec<Box<dyn render::Output>> = vec![Box::new(AnnualReports::year(year, format))];
    let run = Run {
        as_of,
        theme: &theme,
        outputs: &outputs,
        watcher: &pipeline::Quiet,
        national_pages: 0,
        preview: false,
    };
    let memory = Memory::default();
    pipeline::run(loaded, &run, &memory)?;
    let bytes = memory
        .take(&AnnualReports::path(year, format))
        .ok_or_else(|| {
            Error::Render(format!(
                "{year}年不在评估期间内（no evaluations for {year}）"
            ))
        })?;
    Ok(Report { bytes, note })
}

/// One year's report, and why it has no data version when it has none.
pub struct Report {
    pub bytes: Vec<u8>,
    /// Said once on standard error: the content folder is not in git (no provenance).
    pub note: Option<String>,
}
