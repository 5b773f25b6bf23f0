//! The outputs: each turns what it reads (the public records, the view, or the pages the
//! site rendered) into files in the output folder. They are one list ([`outputs`]) of values
//! of one trait ([`Output`]), run by one scheduler (`crate::pipeline`).
//!
//! A new output is one file implementing [`Output`] and one line in [`outputs`].

pub mod data;
pub mod feeds;
pub mod fingerprint;
pub mod report;
pub mod search;
pub mod site;

use std::collections::BTreeMap;

use crate::output::Sink;
use crate::public::Public;
use crate::rules::Outcome;
use crate::theme::Theme;
use crate::view::{Bodies, View};

/// What an output reads, which decides when the scheduler runs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reads {
    /// The public records and the evaluations: run beside the view being built.
    Records,
    /// The view's pages (every record's page, the listings): run once the view is built.
    Pages,
    /// The view's figures, compliance and members only (not the pages' parts): at national
    /// scale run after those parts are freed.
    Summary,
    /// The pages the site rendered (their paths, and what the search index reads of them).
    Rendered,
}

/// The public records, the rules' outcome and the rendered bodies.
pub struct Records<'a> {
    pub public: &'a Public<'a>,
    pub outcome: &'a Outcome,
    pub bodies: &'a Bodies,
}

/// The pages the site rendered.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Every page of the site, sorted.
    pub paths: Vec<String>,
    /// What the search index reads of each searchable page, by path; taken by the index,
    /// which frees each page as it is indexed.
    pub searchable: std::sync::Mutex<BTreeMap<String, String>>,
    /// How many pages `searchable` held.
    pub searchable_count: usize,
    /// Whether a searchable page changed since the last index (always, outside `serve`).
    pub search_changed: bool,
}

impl Rendered {
    pub fn new(
        paths: Vec<String>,
        searchable: BTreeMap<String, String>,
        changed: bool,
    ) -> Rendered {
        Rendered {
            paths,
            searchable_count: searchable.len(),
            searchable: std::sync::Mutex::new(searchable),
            search_changed: changed,
        }
    }

    /// The searchable pages, taken out (the second taker finds none).
    pub fn take_searchable(&self) -> BTreeMap<String, String> {
        std::mem::take(&mut *self.searchable.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

/// Everything an output may read; what it does read is its [`Output::reads`].
pub struct Input<'a> {
    pub theme: &'a Theme,
    pub records: Option<&'a Records<'a>>,
    pub view: Option<&'a View>,
    pub rendered: Option<&'a Rendered>,
}

impl<'a> Input<'a> {
    pub fn records(&self) -> Result<&'a Records<'a>, String> {
        self.records
            .ok_or_else(|| "internal: the public records are not available".into())
    }

    pub fn view(&self) -> Result<&'a View, String> {
        self.view
            .ok_or_else(|| "internal: the view is not available".into())
    }

    pub fn rendered(&self) -> Result<&'a Rendered, String> {
        self.rendered
            .ok_or_else(|| "internal: the rendered pages are not available".into())
    }
}

/// What an output made.
#[derive(Debug, Default)]
pub struct Made {
    pub pages: usize,
    pub reports: usize,
    /// Pages in the search index.
    pub indexed: usize,
    /// The pages the site rendered, for the outputs that read them.
    pub rendered: Option<Rendered>,
}

impl Made {
    pub fn add(&mut self, other: Made) {
        self.pages += other.pages;
        self.reports += other.reports;
        self.indexed += other.indexed;
        if other.rendered.is_some() {
            self.rendered = other.rendered;
        }
    }
}

/// One output of a build.
pub trait Output: Send + Sync {
    /// Its stage's name in the timings (`render html`, `open data` …).
    fn name(&self) -> &'static str;
    /// What the clerk reads while it runs.
    fn progress(&self) -> &'static str;
    fn reads(&self) -> Reads;
    /// Whether it holds much memory while it runs (the search index, the reports): at
    /// national scale such outputs run after the others, once their inputs are freed.
    fn heavy(&self) -> bool {
        false
    }
    /// How many independent parts its work has (a report per year); the scheduler may run
    /// parts on different threads.
    fn parts(&self, _input: &Input) -> usize {
        1
    }
    /// Writes one part.
    fn write(&self, part: usize, input: &Input, sink: &dyn Sink) -> Result<Made, String>;
}

/// Which outputs a build makes.
#[derive(Debug, Clone)]
pub struct Selection {
    /// The annual reports (`reports/<year>.pdf`) and their drafts (`reports/<year>.docx`).
    pub reports: bool,
    /// The full-text search index (`pagefind/`).
    pub search: bool,
    /// The most pages in one part of the search index.
    pub search_part_pages: usize,
}

/// The outputs of a build, in the order they are listed to the clerk.
pub fn outputs(selection: &Selection) -> Vec<Box<dyn Output>> {
    let mut outputs: Vec<Box<dyn Output>> = vec![
        Box::new(data::OpenData),
        Box::new(site::SitePages::new(selection.reports, selection.search)),
        Box::new(feeds::Feeds),
        Box::new(feeds::Sitemap),
    ];
    if selection.search {
        outputs.push(Box::new(search::SearchIndex::new(
            selection.search_part_pages,
        )));
    }
    if selection.reports {
        outputs.push(Box::new(report::AnnualReports::all_years(
            report::Format::Pdf,
        )));
        outputs.push(Box::new(report::AnnualReports::all_years(
            report::Format::Docx,
        )));
    }
    outputs
}
