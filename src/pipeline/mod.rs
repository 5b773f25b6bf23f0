//! The one pipeline every command runs: load → model → rules → public projection and view →
//! outputs. `build`, `report` and `serve` differ only in their list of outputs, where the
//! files go (a staging folder, memory, the preview's folder) and the order the scheduler
//! keeps ([`Order`]).

mod schedule;

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;

pub use schedule::{Order, Quiet, Watcher};

use crate::model::{Loaded, Model};
use crate::output::Sink;
use crate::render::Output;
use crate::rules::Outcome;
use crate::theme::Theme;

/// Why a run produced nothing.
pub enum Error {
    /// The content folder cannot be read (exit 2).
    Io(String),
    /// The data has errors: nothing was written (exit 1).
    Data(Box<Loaded>),
    /// The theme or an output failed (exit 2).
    Render(String),
}

/// What a run did, stage by stage.
#[derive(Debug, Default)]
pub struct Summary {
    pub records: usize,
    pub evaluations: usize,
    pub pages: usize,
    pub reports: usize,
    /// Pages in the search index (0 without one).
    pub searchable: usize,
    /// Each stage's time, in the order they ended. Stages that ran side by side overlap.
    pub stages: Vec<(&'static str, Duration)>,
    /// The rules' outcome, for a [`Run::preview`] round (the next round starts from it).
    pub outcome: Option<crate::rules::Outcome>,
}

/// The stages' times as they end.
pub struct Clock {
    last: Instant,
    pub stages: Vec<(&'static str, Duration)>,
}

impl Clock {
    pub fn start() -> Clock {
        Clock {
            last: Instant::now(),
            stages: Vec::new(),
        }
    }

    /// Ends a stage that began when the last one ended.
    pub fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.stages.push((stage, now - self.last));
        self.last = now;
    }

    /// Records a stage timed elsewhere (it ran beside others).
    pub fn add(&mut self, stage: &'static str, time: Duration) {
        self.stages.push((stage, time));
        self.last = Instant::now();
    }
}

/// Reads a content folder; `Err` only when the folder itself cannot be read.
pub fn load(content: &Path) -> Result<Loaded, Error> {
    crate::load(content).map_err(|e| {
        Error::Io(format!(
            "cannot read the content folder `{}`: {e}",
            content.display()
        ))
    })
}

/// The rules' outcome for a valid model as of a date.
pub fn evaluate(model: &Model, as_of: NaiveDate) -> Outcome {
    crate::rules::evaluate(model, as_of)
}

/// One run's settings.
pub struct Run<'a> {
    pub as_of: NaiveDate,
    pub theme: &'a Theme,
    pub outputs: &'a [Box<dyn Output>],
    /// Told of each stage as it begins, and when the pages are written.
    pub watcher: &'a dyn Watcher,
    /// Above this many record pages, the national order ([`Order::MemoryBounded`]); 0 for
    /// that order always.
    pub national_pages: usize,
    /// The preview's round: the site's pages first, on both cores, and the outputs of the
    /// records (the open data) after them, not beside the view, since a reader waits for the
    /// page; and the rules' outcome handed back ([`Summary::outcome`]) for the next round.
    pub preview: bool,
}

/// Runs the pipeline on what was loaded, writing every output into `sink`. The records, the
/// evaluations and the view are freed as soon as no output needs them.
pub fn run(loaded: Loaded, run: &Run, sink: &dyn Sink) -> Result<Summary, Error> {
    run_evaluated(loaded, None, run, sink)
}

/// [`run`], with the rules' outcome of the records already there (`None`: evaluated here).
pub fn run_evaluated(
    loaded: Loaded,
    outcome: Option<Outcome>,
    run: &Run,
    sink: &dyn Sink,
) -> Result<Summary, Error> {
    let mut clock = Clock::start();
    if loaded.model.is_none() {
        return Err(Error::Data(Box::new(loaded)));
    }
    schedule::run(loaded, outcome, run, sink, &mut clock).map(|mut summary| {
        summary.stages = clock.stages;
        summary
    })
}

/// Frees a large structure (the records, the evaluations, the view: millions of small
/// allocations at national scale) on a thread of its own, so that the run goes on, and the
/// command exits, without waiting for it.
pub fn drop_in_background<T: Send + 'static>(value: T) {
    // When no thread can be started, the closure, and the value with it, is freed here.
    let _ = std::thread::Builder::new()
        .name("lianluo-free".into())
        .spawn(move || drop(value));
}

/// The view of a valid model as of its outcome's date, with the theme's words (for tests,
/// benchmarks and tools that need the view alone).
pub fn view(model: &Model, outcome: &Outcome, theme: &Theme) -> crate::view::View {
    let public = crate::public::Public::new(model, outcome.as_of);
    let bodies = crate::view::Bodies::render(&public);
    let labels = crate::view::Labels::new(&theme.strings);
    crate::view::build(&crate::view::Context::new(
        &public, outcome, &bodies, &labels,
    ))
}
