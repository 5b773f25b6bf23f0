//! `lianluo build`: content → model → rules → view → site, open data and feeds, written
//! atomically. Same content and `as_of` give byte-identical output.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::model::Loaded;
use crate::output::Staging;
use crate::render::{data, feeds, search, site};

pub struct Options {
    pub content: PathBuf,
    pub output: PathBuf,
    pub as_of: NaiveDate,
    /// A theme folder; the default theme compiled into the binary when `None`.
    pub theme: Option<PathBuf>,
    /// Write the annual PDF reports (`reports/<year>.pdf`).
    pub reports: bool,
    /// Write the full-text search index (`pagefind/`).
    pub search: bool,
    /// The most pages in one part of the search index ([`search::PART_PAGES`]).
    pub search_part_pages: usize,
    /// Above this many pages a site is built as a national-scale one ([`NATIONAL_PAGES`]).
    pub national_pages: usize,
    /// Told the name of each stage when it starts (for progress output).
    pub progress: Option<Box<dyn Fn(&str) + Send + Sync>>,
}

impl Options {
    pub fn new(content: PathBuf, output: PathBuf, as_of: NaiveDate) -> Options {
        Options {
            content,
            output,
            as_of,
            theme: None,
            reports: true,
            search: true,
            search_part_pages: search::PART_PAGES,
            national_pages: NATIONAL_PAGES,
            progress: None,
        }
    }

    fn stage(&self, name: &str) {
        if let Some(progress) = &self.progress {
            progress(name);
        }
    }
}

/// What a build did, stage by stage.
#[derive(Debug, Default)]
pub struct Summary {
    pub records: usize,
    pub evaluations: usize,
    pub pages: usize,
    pub reports: usize,
    /// Pages in the search index (0 without one).
    pub searchable: usize,
    pub files: usize,
    /// Files identical to the previous output's (kept, not written again).
    pub unchanged: usize,
    pub bytes: u64,
    pub stages: Vec<(&'static str, Duration)>,
}

pub enum Error {
    /// The content folder cannot be read (exit 2).
    Io(String),
    /// The data has errors: nothing was written (exit 1).
    Data(Box<Loaded>),
    /// The theme or the output failed (exit 2).
    Render(String),
}

struct Clock {
    last: Instant,
    stages: Vec<(&'static str, Duration)>,
}

impl Clock {
    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.stages.push((stage, now - self.last));
        self.last = now;
    }
}

/// The path part of the site's base URL (`https://example.org/lianluo/` → `/lianluo/`).
pub fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("//").map_or(base_url, |(_, rest)| rest);
    after_scheme
        .find('/')
        .map_or_else(|| "/".to_string(), |i| after_scheme[i..].to_string())
}

pub fn build(options: &Options) -> Result<Summary, Error> {
    let mut clock = Clock {
        last: Instant::now(),
        stages: Vec::new(),
    };
    let theme = match &options.theme {
        Some(dir) => site::Theme::load(dir),
        None => site::Theme::embedded(),
    }
    .map_err(Error::Render)?;
    options.stage("读取记录（load）");
    let loaded = crate::load(&options.content).map_err(|e| {
        Error::Io(format!(
            "cannot read the content folder `{}`: {e}",
            options.content.display()
        ))
    })?;
    clock.lap("load");
    let Some(model) = loaded.model.as_ref() else {
        return Err(Error::Data(Box::new(loaded)));
    };
    options.stage("评估履职要求（rules）");
    let outcome = crate::rules::evaluate(model, model.site().rules, options.as_of);
    clock.lap("rules");
    let staging = Staging::new(&options.output).map_err(|e| {
        Error::Render(format!(
            "cannot create the output folder next to `{}`: {e}",
            options.output.display()
        ))
    })?;
    // The open data needs only the records and the evaluations: it is written on its own
    // while the view is built and the reports, pages, feeds and search index are made, and
    // the pages' parallel rendering takes up whatever core it leaves free.
    let write_data = || -> Result<Duration, Error> {
        let started = Instant::now();
        options.stage("开放数据（open data）");
        data::write(model, &outcome, &staging).map_err(Error::Render)?;
        Ok(started.elapsed())
    };
    let (site, data_time) = rayon::join(
        || publish_site(options, &theme, model, &outcome, &staging),
        write_data,
    );
    let (site, data_time) = (site?, data_time?);
    let (records, evaluations) = (model.record_count(), outcome.evaluations.len());
    // Nothing needs the records or the evaluations any more: at national scale they go before
    // the search index's and the reports' memory peaks.
    drop_in_background((loaded, outcome));
    let site = match site {
        Site::Published(published) => published,
        Site::Remaining(remaining) => finish_national(options, &theme, remaining, &staging)?,
    };
    clock.stages.extend(site.stages);
    clock.stages.push(("open data", data_time));
    clock.last = Instant::now();
    let summary = Summary {
        records,
        evaluations,
        pages: site.pages,
        reports: site.reports,
        searchable: site.searchable,
        files: staging.files(),
        unchanged: staging.reused(),
        bytes: staging.bytes(),
        stages: Vec::new(),
    };
    options.stage("替换输出文件夹（write）");
    staging.commit().map_err(|e| {
        Error::Render(format!(
            "cannot replace `{}`: {e}",
            options.output.display()
        ))
    })?;
    clock.lap("write");
    Ok(Summary {
        stages: clock.stages,
        ..summary
    })
}

/// Frees a large structure (the records, the evaluations, the view: millions of small
/// allocations, ~10 ms at M and a second at L) on a thread of its own, so that the build
/// returns, and the command exits, without waiting for it.
fn drop_in_background<T: Send + 'static>(value: T) {
    // When no thread can be started, the closure, and the value with it, is freed here.
    let _ = std::thread::Builder::new()
        .name("lianluo-free".into())
        .spawn(move || drop(value));
}

/// Up to this many pages (M, one province's term, is 1,300), the reports are laid out beside
/// the pages and the search index; above it (L, 31 provinces, is 40,000), the site is built
/// as a national-scale one: the records are freed after the pages, then the search index is
/// built, then the reports are laid out.
pub const NATIONAL_PAGES: usize = 10_000;

/// What [`publish_site`] made.
struct Published {
    pages: usize,
    reports: usize,
    searchable: usize,
    stages: Vec<(&'static str, Duration)>,
}

/// What a site made, or, at national scale, what is still to make once the records and the
/// evaluations are freed.
enum Site {
    Published(Published),
    Remaining(Remaining),
}

/// A national-scale site whose pages, feeds and sitemap are written: its search index and
/// reports are still to make, from the view and the searchable pages alone.
struct Remaining {
    view: crate::view::View,
    searchable: BTreeMap<String, String>,
    pages: usize,
    report_years: Vec<i32>,
    stages: Vec<(&'static str, Duration)>,
}

/// The view, then the reports, pages, feeds, sitemap and search index made from it; at
/// national scale, only the pages, feeds and sitemap.
fn publish_site(
    options: &Options,
    theme: &site::Theme,
    model: &crate::model::Model,
    outcome: &crate::rules::Outcome,
    staging: &Staging,
) -> Result<Site, Error> {
    let mut clock = Clock {
        last: Instant::now(),
        stages: Vec::new(),
    };
    let view = crate::view::build(model, outcome);
    clock.lap("view");
    let report_years = if options.reports {
        crate::render::report::years(&view)
    } else {
        Vec::new()
    };
    let tera = site::environment(theme, &view, &report_years).map_err(Error::Render)?;
    let pages = site::pages(&view, &theme.strings, None);
    if pages.paths.len() > options.national_pages {
        // A national-scale site: the search index and the reports are the two largest memory
        // users; they come after the pages, once the records and the evaluations are freed.
        let (searchable, pages) =
            render_pages(options, theme, &view, &tera, pages, staging, &mut clock)?;
        return Ok(Site::Remaining(Remaining {
            view,
            searchable,
            pages,
            report_years,
            stages: clock.stages,
        }));
    }
    // The reports need only the view, and typst lays a report out on about one and a half
    // cores: they are made on a thread of their own while the pages render and the search
    // index (one page at a time in Pagefind) is built. A thread, not a rayon task: a rayon
    // worker that waits inside typst may take up other tasks, and the reports would wait for
    // them. Once the site is made, this thread takes the years not yet begun, so the last
    // years are laid out two at a time. All the years side by side from the start were slower
    // at M (1.27 -> 1.45 s): typst's layout took the pool from the pages and the index.
    let years = Years::begin(options, &report_years);
    let (site, reports, helped) = std::thread::scope(|scope| {
        let reports = scope.spawn(|| write_reports(theme, &view, &years, staging));
        let site = render_pages(options, theme, &view, &tera, pages, staging, &mut clock).and_then(
            |(searchable, pages)| {
                Ok((
                    write_index(options, searchable, staging, &mut clock)?,
                    pages,
                ))
            },
        );
        let helped = if site.is_ok() {
            write_reports(theme, &view, &years, staging)
        } else {
            Ok(())
        };
        let reports = reports.join().unwrap_or_else(|_| {
            Err(Error::Render(
                "the reports stopped unexpectedly".to_string(),
            ))
        });
        (site, reports, helped)
    });
    years.record(&mut clock);
    drop_in_background(view);
    let (indexed, pages) = site?;
    reports?;
    helped?;
    Ok(Site::Published(Published {
        pages,
        reports: report_years.len(),
        searchable: indexed,
        stages: clock.stages,
    }))
}

/// A national-scale site's search index and reports, side by side: the index's parts one
/// after another on a thread of their own, the reports beside them.
///
/// typst lays a report out on about one and a half cores, and Pagefind reads a part's pages
/// one at a time: at L, the index's parts on one thread and the reports beside them took 27 s
/// where one after the other took 30.5 s (the index two parts at a time, then the reports).
/// Side by side they hold their peaks at once: 1.7 GiB against 1.4 GiB at L. The index on
/// the global pool instead left typst's own parallel work queued behind whole parts, and
/// gained nothing.
fn finish_national(
    options: &Options,
    theme: &site::Theme,
    remaining: Remaining,
    staging: &Staging,
) -> Result<Published, Error> {
    let Remaining {
        mut view,
        searchable,
        pages,
        report_years,
        stages,
    } = remaining;
    // The pages are written: what only they read goes too.
    drop_in_background(view.take_page_parts());
    let mut clock = Clock {
        last: Instant::now(),
        stages,
    };
    let years = Years::begin(options, &report_years);
    let (indexed, reports) = std::thread::scope(|scope| {
        let reports = scope.spawn(|| write_reports(theme, &view, &years, staging));
        let index = || write_index(options, searchable, staging, &mut clock);
        // Without reports (`--no-reports`), the index has the whole pool: at L, 15 s on
        // one thread, 8.6 s on two.
        let pool = (!report_years.is_empty()).then(|| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .thread_name(|_| "lianluo-index".to_string())
                .build()
        });
        let indexed = match pool {
            Some(Ok(pool)) => pool.install(index),
            // Without a thread of its own, the index is built on the global pool: slower
            // beside the reports, never wrong.
            Some(Err(_)) | None => index(),
        };
        let reports = reports.join().unwrap_or_else(|_| {
            Err(Error::Render(
                "the reports stopped unexpectedly".to_string(),
            ))
        });
        (indexed, reports)
    });
    years.record(&mut clock);
    let indexed = indexed?;
    reports?;
    drop_in_background(view);
    Ok(Published {
        pages,
        reports: report_years.len(),
        searchable: indexed,
        stages: clock.stages,
    })
}

/// The years whose reports are still to make, taken one at a time by whichever thread is
/// free.
struct Years<'a> {
    years: &'a [i32],
    next: std::sync::atomic::AtomicUsize,
    started: Instant,
}

impl<'a> Years<'a> {
    fn new(years: &'a [i32]) -> Years<'a> {
        Years {
            years,
            next: std::sync::atomic::AtomicUsize::new(0),
            started: Instant::now(),
        }
    }

    /// The reports' stage begins (told to the progress output when there is a year).
    fn begin(options: &Options, years: &'a [i32]) -> Years<'a> {
        if !years.is_empty() {
            options.stage("排版年度报告（reports）");
        }
        Years::new(years)
    }

    /// The reports' stage ends: its time, from the first report begun to the last written.
    fn record(&self, clock: &mut Clock) {
        if !self.years.is_empty() {
            clock.stages.push(("reports", self.started.elapsed()));
        }
    }

    fn take(&self) -> Option<i32> {
        self.years
            .get(self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
            .copied()
    }
}

/// Lays out and writes annual reports, one year after another, until none is left to begin.
/// A national-scale year is a 900-page report that holds about 1.1 GB while typst lays it
/// out: a national build takes its years on one thread only.
fn write_reports(
    theme: &site::Theme,
    view: &crate::view::View,
    years: &Years,
    staging: &Staging,
) -> Result<(), Error> {
    // The system's fonts are scanned (50 ms) only when there is a year to lay out: a build
    // without reports, or a thread that finds every year taken, never pays for them.
    let Some(first) = years.take() else {
        return Ok(());
    };
    let fonts = crate::render::report::Fonts::system();
    for year in std::iter::once(first).chain(std::iter::from_fn(|| years.take())) {
        let pdf = crate::render::report::compile(view, year, &theme.report, fonts)
            .map_err(|e| Error::Render(format!("{year}年度报告：{e}")))?;
        staging
            .write(&format!("reports/{year}.pdf"), &pdf)
            .map_err(|e| Error::Render(format!("writing reports/{year}.pdf: {e}")))?;
    }
    Ok(())
}

/// The pages, feeds, sitemap and static files. Returns the pages for the search index (none
/// without one) and the number of pages.
fn render_pages(
    options: &Options,
    theme: &site::Theme,
    view: &crate::view::View,
    tera: &tera::Tera,
    mut pages: site::Pages,
    staging: &Staging,
    clock: &mut Clock,
) -> Result<(BTreeMap<String, String>, usize), Error> {
    let render_error = |e: String| Error::Render(e);
    options.stage("生成网页（render html）");
    let paths = std::mem::take(&mut pages.paths);
    // The feeds and the sitemap need only the view and the page paths: made while the pages
    // render.
    let write_feeds = || -> Result<Duration, Error> {
        let started = Instant::now();
        feeds::write(view, staging).map_err(render_error)?;
        feeds::write_sitemap(view, &paths, staging).map_err(render_error)?;
        Ok(started.elapsed())
    };
    let (searchable, feeds_time) = rayon::join(
        || {
            site::render(
                tera,
                pages.jobs,
                staging,
                &base_path(&view.site.base_url),
                options.search,
            )
        },
        write_feeds,
    );
    let (searchable, feeds_time) = (searchable.map_err(render_error)?, feeds_time?);
    for (path, bytes) in &theme.statics {
        staging
            .write(path, bytes)
            .map_err(|e| Error::Render(format!("writing {path}: {e}")))?;
    }
    clock.lap("render html");
    clock.stages.push(("feeds", feeds_time));
    Ok((searchable, paths.len()))
}

/// The search index of the searchable pages (none with `--no-search`), its files written as
/// its parts are built. Returns how many pages it holds.
fn write_index(
    options: &Options,
    searchable: BTreeMap<String, String>,
    staging: &Staging,
    clock: &mut Clock,
) -> Result<usize, Error> {
    if !options.search {
        return Ok(0);
    }
    options.stage("建立搜索索引（search index）");
    let index =
        search::index(searchable, options.search_part_pages, staging).map_err(Error::Render)?;
    clock.lap("search index");
    Ok(index.pages)
}

/// The annual report of one year as PDF bytes (`lianluo report`).
pub fn report(
    content: &std::path::Path,
    theme: Option<&std::path::Path>,
    year: i32,
    as_of: NaiveDate,
) -> Result<Vec<u8>, Error> {
    let theme = match theme {
        Some(dir) => site::Theme::load(dir),
        None => site::Theme::embedded(),
    }
    .map_err(Error::Render)?;
    let loaded = crate::load(content).map_err(|e| {
        Error::Io(format!(
            "cannot read the content folder `{}`: {e}",
            content.display()
        ))
    })?;
    let Some(model) = loaded.model.as_ref() else {
        return Err(Error::Data(Box::new(loaded)));
    };
    let outcome = crate::rules::evaluate(model, model.site().rules, as_of);
    let mut view = crate::view::build(model, &outcome);
    // As in a national build: typst's peak comes on top of what is still held, and a report
    // needs neither the records nor the pages' parts of the view (one L year: 2.0 -> 1.3 GB, the same PDF).
    drop_in_background((loaded, outcome));
    drop_in_background(view.take_page_parts());
    crate::render::report::compile(
        &view,
        year,
        &theme.report,
        crate::render::report::Fonts::system(),
    )
    .map_err(Error::Render)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_year_is_taken_once_whichever_thread_takes_it() {
        let all: Vec<i32> = (2000..2400).collect();
        let years = super::Years::new(&all);
        let (mut taken, other) = std::thread::scope(|scope| {
            let other = scope.spawn(|| std::iter::from_fn(|| years.take()).collect::<Vec<i32>>());
            let mine: Vec<i32> = std::iter::from_fn(|| years.take()).collect();
            (mine, other.join().expect("the other thread"))
        });
        taken.extend(other);
        taken.sort();
        assert_eq!(taken, all);
        assert_eq!(years.take(), None);
    }

    #[test]
    fn base_path_of_a_url() {
        assert_eq!(
            super::base_path("https://example.org/lianluo/"),
            "/lianluo/"
        );
        assert_eq!(super::base_path("https://example.org/"), "/");
        assert_eq!(super::base_path("http://h"), "/");
    }
}
