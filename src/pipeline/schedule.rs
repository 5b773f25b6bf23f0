//! The scheduler: runs a list of outputs in the order of what they read.
//!
//! 1. The view is built while the outputs of the records run beside it (open data).
//! 2. The records and the evaluations are freed; the outputs of the view's pages run side by
//!    side (the site's pages, the feeds), then those of the rendered pages (the sitemap, the
//!    search index).
//! 3. The heavy outputs with parts (a report per year) are taken part by part by whichever
//!    thread is free, in one of two orders ([`Order`]): beside everything else for a province
//!    (memory is plentiful, the cores are not), or after everything else at national scale,
//!    once the view's pages are freed, so that their memory peaks do not meet.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::{Clock, Error, Run, Summary, drop_in_background, evaluate};
use crate::model::Loaded;
use crate::output::Sink;
use crate::public::Public;
use crate::render::{Input, Made, Output, Reads, Records};
use crate::view::{self, Bodies, Context, Labels, View};

/// Told what a run is doing.
pub trait Watcher: Sync {
    /// A stage begins (its label, for the clerk).
    fn stage(&self, _label: &str) {}
    /// The site's pages are written (the preview reloads the browser now).
    fn pages_written(&self) {}
}

/// A watcher that is told nothing.
pub struct Quiet;

impl Watcher for Quiet {}

/// When the heavy outputs (the reports, the search index) run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// The heavy parts start at once on a thread of their own, beside the other outputs; once
    /// those are done, this thread takes the parts not yet begun. typst lays a report out on
    /// about one and a half cores, so two years at a time keep both cores busy.
    Overlapped,
    /// The other outputs first; then the view's pages are freed, and the heavy outputs run
    /// side by side, each on a thread of its own: the reports one year at a time, the search
    /// index on one core beside them. A national year's report and a national index each
    /// hold about a gigabyte; this order keeps their peaks apart from the records'.
    MemoryBounded,
}

impl Order {
    /// Above this many record pages, a site is built in the national order.
    pub const NATIONAL_PAGES: usize = 10_000;

    /// The order for a view: [`Order::MemoryBounded`] above `national_pages` record pages.
    pub fn for_view(view: &View, national_pages: usize) -> Order {
        if view.record_pages() > national_pages {
            Order::MemoryBounded
        } else {
            Order::Overlapped
        }
    }
}

/// The time of one output, and what it made.
type Ran = Result<(&'static str, Duration, Made), String>;

fn run_one(output: &dyn Output, input: &Input, sink: &dyn Sink, watcher: &dyn Watcher) -> Ran {
    watcher.stage(output.progress());
    let started = Instant::now();
    let mut made = Made::default();
    for part in 0..output.parts(input) {
        made.add(output.write(part, input, sink)?);
    }
    Ok((output.name(), started.elapsed(), made))
}

/// Runs outputs side by side on the pool, one output per task.
fn run_side_by_side(
    outputs: &[&dyn Output],
    input: &Input,
    sink: &dyn Sink,
    watcher: &dyn Watcher,
) -> Vec<Ran> {
    outputs
        .par_iter()
        .with_max_len(1)
        .map(|output| run_one(*output, input, sink, watcher))
        .collect()
}

/// The parts of the heavy outputs, taken one at a time by whichever thread is free.
struct Parts<'o> {
    parts: Vec<(&'o dyn Output, usize)>,
    next: AtomicUsize,
    /// Per output: when its first part began and its last one ended.
    times: Mutex<Vec<(&'static str, Instant, Instant)>>,
}

impl<'o> Parts<'o> {
    fn new(outputs: &[&'o dyn Output], input: &Input) -> Parts<'o> {
        let parts = outputs
            .iter()
            .flat_map(|o| (0..o.parts(input)).map(move |part| (*o, part)))
            .collect();
        Parts {
            parts,
            next: AtomicUsize::new(0),
            times: Mutex::new(Vec::new()),
        }
    }

    fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Writes parts until none is left to begin.
    fn drain(&self, input: &Input, sink: &dyn Sink, watcher: &dyn Watcher) -> Result<Made, String> {
        let mut made = Made::default();
        while let Some(&(output, part)) = self.parts.get(self.next.fetch_add(1, Ordering::Relaxed))
        {
            let started = Instant::now();
            if part == 0 {
                watcher.stage(output.progress());
            }
            made.add(output.write(part, input, sink)?);
            let mut times = self.times.lock().unwrap_or_else(|p| p.into_inner());
            match times.iter_mut().find(|(name, ..)| *name == output.name()) {
                Some((_, first, last)) => {
                    *first = (*first).min(started);
                    *last = Instant::now();
                }
                None => times.push((output.name(), started, Instant::now())),
            }
        }
        Ok(made)
    }

    fn record(self, clock: &mut Clock) {
        for (name, first, last) in self.times.into_inner().unwrap_or_else(|p| p.into_inner()) {
            clock.add(name, last - first);
        }
    }
}

/// Adds what outputs made to `made`, their times to `clock`; the first error, if any.
fn gather(ran: Vec<Ran>, made: &mut Made, clock: &mut Clock) -> Result<(), String> {
    let mut first_error = None;
    for result in ran {
        match result {
            Ok((name, time, output_made)) => {
                clock.add(name, time);
                made.add(output_made);
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    first_error.map_or(Ok(()), Err)
}

fn with_reads<'o>(outputs: &[&'o dyn Output], reads: Reads, heavy: bool) -> Vec<&'o dyn Output> {
    outputs
        .iter()
        .copied()
        .filter(|o| o.reads() == reads && o.heavy() == heavy)
        .collect()
}

/// The light outputs of the view: its pages (the site's first), then its summary.
fn light<'o>(outputs: &[&'o dyn Output]) -> Vec<&'o dyn Output> {
    let mut light = with_reads(outputs, Reads::Pages, false);
    light.extend(with_reads(outputs, Reads::Summary, false));
    light
}

/// The 更新记录 of a model in git whose `site.yaml` asks for entries.
fn changelog(
    model: &crate::model::Model,
    public: &Public,
    as_of: chrono::NaiveDate,
) -> Result<Option<crate::history::changelog::Changelog>, String> {
    let settings = &model.site().changelog;
    match &model.provenance {
        Some(provenance) if settings.entries > 0 => {
            crate::history::changelog::read(provenance, settings, model, public, as_of).map(Some)
        }
        _ => Ok(None),
    }
}

/// Builds the view while the outputs of the records run; then frees the records.
/// The view, the pages rendered (with [`Run::preview`]), the outcome kept (likewise), and
/// the numbers of records and evaluations.
type Viewed = (
    View,
    Option<crate::render::Rendered>,
    Option<crate::rules::Outcome>,
    usize,
    usize,
);

/// With [`Run::preview`], the view's light outputs (the site's pages: [`light`]) run right
/// after the view, before the outputs of the records; what they rendered is returned.
fn view_and_records(
    loaded: Loaded,
    outcome: Option<crate::rules::Outcome>,
    run: &Run,
    outputs: &[&dyn Output],
    sink: &dyn Sink,
    clock: &mut Clock,
    made: &mut Made,
) -> Result<Viewed, Error> {
    let Some(model) = loaded.model.as_ref() else {
        return Err(Error::Data(Box::new(loaded)));
    };
    run.watcher.stage("评估履职要求（rules）");
    let outcome = outcome.unwrap_or_else(|| evaluate(model, run.as_of));
    clock.lap("rules");
    let counts = (model.record_count(), outcome.evaluations.len());
    let readers: Vec<&dyn Output> = outputs
        .iter()
        .copied()
        .filter(|o| o.reads() == Reads::Records)
        .collect();
    let view = {
        let mut public = Public::new(model, run.as_of);
        let (bodies, (changelog, time)) = rayon::join(
            || Bodies::render(&public),
            || {
                let started = Instant::now();
                (changelog(model, &public, run.as_of), started.elapsed())
            },
        );
        public.changelog = changelog.map_err(Error::Render)?;
        if public.changelog.is_some() {
            clock.add("changelog", time);
        }
        let labels = Labels::new(&run.theme.strings);
        let records = Records {
            public: &public,
            outcome: &outcome,
            bodies: &bodies,
        };
        let input = Input {
            theme: run.theme,
            records: Some(&records),
            view: None,
            rendered: None,
        };
        let started = Instant::now();
        let build = || view::build(&Context::new(&public, &outcome, &bodies, &labels));
        if run.preview {
            let view = build();
            clock.add("view", started.elapsed());
            let rendered = pages_then_rendered(run, &view, sink, clock, made, &light(outputs))
                .map_err(Error::Render)?;
            let ran = run_side_by_side(&readers, &input, sink, run.watcher);
            (view, Some(rendered), ran)
        } else {
            let ((view, time), ran) = rayon::join(
                || (build(), started.elapsed()),
                || run_side_by_side(&readers, &input, sink, run.watcher),
            );
            clock.add("view", time);
            (view, None, ran)
        }
    };
    let (view, rendered, ran) = view;
    // Nothing needs the records or the evaluations any more (but the preview's next round).
    let kept = if run.preview {
        drop_in_background(loaded);
        Some(outcome)
    } else {
        drop_in_background((loaded, outcome));
        None
    };
    gather(ran, made, clock).map_err(Error::Render)?;
    Ok((view, rendered, kept, counts.0, counts.1))
}

pub fn run(
    loaded: Loaded,
    outcome: Option<crate::rules::Outcome>,
    run: &Run,
    sink: &dyn Sink,
    clock: &mut Clock,
) -> Result<Summary, Error> {
    let outputs: Vec<&dyn Output> = run.outputs.iter().map(|o| o.as_ref()).collect();
    let mut made = Made::default();
    let light = light(&outputs);
    let (mut view, rendered, outcome, records, evaluations) =
        view_and_records(loaded, outcome, run, &outputs, sink, clock, &mut made)?;
    let order = Order::for_view(&view, run.national_pages);
    let light_rendered = with_reads(&outputs, Reads::Rendered, false);
    let heavy_rendered = with_reads(&outputs, Reads::Rendered, true);
    let mut heavy = with_reads(&outputs, Reads::Summary, true);
    heavy.extend(with_reads(&outputs, Reads::Pages, true));
    let result = match order {
        Order::Overlapped => overlapped(
            run,
            &mut view,
            sink,
            clock,
            &mut made,
            rendered,
            [&light, &light_rendered, &heavy_rendered, &heavy],
        ),
        Order::MemoryBounded => memory_bounded(
            run,
            &mut view,
            sink,
            clock,
            &mut made,
            rendered,
            [&light, &light_rendered, &heavy_rendered, &heavy],
        ),
    };
    drop_in_background(view);
    result.map_err(Error::Render)?;
    Ok(Summary {
        records,
        evaluations,
        pages: made.pages,
        reports: made.reports,
        searchable: made.indexed,
        stages: Vec::new(),
        outcome,
    })
}

/// The outputs after the records', by what they read: the view's pages (light), the rendered
/// pages (light, then heavy), and the heavy ones with parts.
type Groups<'g, 'o> = [&'g Vec<&'o dyn Output>; 4];

fn pages_then_rendered(
    run: &Run,
    view: &View,
    sink: &dyn Sink,
    clock: &mut Clock,
    made: &mut Made,
    light: &[&dyn Output],
) -> Result<crate::render::Rendered, String> {
    let input = Input {
        theme: run.theme,
        records: None,
        view: Some(view),
        rendered: None,
    };
    if run.preview {
        // One at a time on the whole pool, the watcher told as soon as the output that
        // renders the pages is done (the feeds after it).
        let mut told = false;
        for output in light {
            gather(
                vec![run_one(*output, &input, sink, run.watcher)],
                made,
                clock,
            )?;
            if !told && made.rendered.is_some() {
                run.watcher.pages_written();
                told = true;
            }
        }
        if !told {
            run.watcher.pages_written();
        }
    } else {
        let ran = run_side_by_side(light, &input, sink, run.watcher);
        gather(ran, made, clock)?;
        run.watcher.pages_written();
    }
    Ok(made.rendered.take().unwrap_or_default())
}

fn overlapped(
    run: &Run,
    view: &mut View,
    sink: &dyn Sink,
    clock: &mut Clock,
    made: &mut Made,
    rendered: Option<crate::render::Rendered>,
    [light, light_rendered, heavy_rendered, heavy]: Groups,
) -> Result<(), String> {
    let view: &View = view;
    let summary_input = Input {
        theme: run.theme,
        records: None,
        view: Some(view),
        rendered: None,
    };
    let parts = Parts::new(heavy, &summary_input);
    let (rest, lane, helped) = std::thread::scope(|scope| {
        // A thread, not a rayon task: a rayon worker waiting inside typst may take up other
        // tasks, and the heavy parts would wait for them.
        let lane = (!parts.is_empty())
            .then(|| scope.spawn(|| parts.drain(&summary_input, sink, run.watcher)));
        let rest = (|| {
            let rendered = match rendered {
                Some(rendered) => rendered,
                None => pages_then_rendered(run, view, sink, clock, made, light)?,
            };
            let input = Input {
                rendered: Some(&rendered),
                ..summary_input
            };
            for output in light_rendered.iter().chain(heavy_rendered.iter()) {
                gather(
                    vec![run_one(*output, &input, sink, run.watcher)],
                    made,
                    clock,
                )?;
            }
            Ok::<(), String>(())
        })();
        let helped = if rest.is_ok() {
            parts.drain(&summary_input, sink, run.watcher)
        } else {
            Ok(Made::default())
        };
        let lane = lane.map(|l| {
            l.join()
                .unwrap_or_else(|_| Err("the reports stopped unexpectedly".to_string()))
        });
        (rest, lane, helped)
    });
    parts.record(clock);
    rest?;
    made.add(helped?);
    if let Some(lane) = lane {
        made.add(lane?);
    }
    Ok(())
}

fn memory_bounded(
    run: &Run,
    view: &mut View,
    sink: &dyn Sink,
    clock: &mut Clock,
    made: &mut Made,
    rendered: Option<crate::render::Rendered>,
    [light, light_rendered, heavy_rendered, heavy]: Groups,
) -> Result<(), String> {
    let rendered = match rendered {
        Some(rendered) => rendered,
        None => pages_then_rendered(run, view, sink, clock, made, light)?,
    };
    // The pages are written: what only they read goes too.
    drop_in_background(view.take_page_parts());
    let view: &View = view;
    let input = Input {
        theme: run.theme,
        records: None,
        view: Some(view),
        rendered: Some(&rendered),
    };
    for output in light_rendered {
        gather(
            vec![run_one(*output, &input, sink, run.watcher)],
            made,
            clock,
        )?;
    }
    let parts = Parts::new(heavy, &input);
    let (ran, lane) = std::thread::scope(|scope| {
        let lane =
            (!parts.is_empty()).then(|| scope.spawn(|| parts.drain(&input, sink, run.watcher)));
        // Beside the heavy parts, the heavy outputs of the rendered pages get one core of
        // their own; alone, the whole pool.
        let pool = lane.as_ref().and_then(|_| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .thread_name(|_| "lianluo-index".to_string())
                .build()
                .ok()
        });
        let ran: Vec<Ran> = heavy_rendered
            .iter()
            .map(|output| {
                let write = || run_one(*output, &input, sink, run.watcher);
                match &pool {
                    Some(pool) => pool.install(write),
                    None => write(),
                }
            })
            .collect();
        let lane = lane.map(|l| {
            l.join()
                .unwrap_or_else(|_| Err("the reports stopped unexpectedly".to_string()))
        });
        (ran, lane)
    });
    parts.record(clock);
    gather(ran, made, clock)?;
    if let Some(lane) = lane {
        made.add(lane?);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_part_is_taken_once_whichever_thread_takes_it() {
        use super::*;
        struct Years;
        impl Output for Years {
            fn name(&self) -> &'static str {
                "years"
            }
            fn progress(&self) -> &'static str {
                "years"
            }
            fn reads(&self) -> Reads {
                Reads::Summary
            }
            fn parts(&self, _: &Input) -> usize {
                400
            }
            fn write(&self, part: usize, _: &Input, sink: &dyn Sink) -> Result<Made, String> {
                sink.write(&format!("{part}"), b"")
                    .map_err(|e| e.to_string())?;
                Ok(Made {
                    reports: 1,
                    ..Made::default()
                })
            }
        }
        let theme = crate::theme::Theme::embedded().expect("theme");
        let input = Input {
            theme: &theme,
            records: None,
            view: None,
            rendered: None,
        };
        let years = Years;
        let outputs: Vec<&dyn Output> = vec![&years];
        let parts = Parts::new(&outputs, &input);
        let sink = crate::output::Memory::default();
        let (a, b) = std::thread::scope(|scope| {
            let other = scope.spawn(|| parts.drain(&input, &sink, &Quiet));
            let mine = parts.drain(&input, &sink, &Quiet);
            (mine, other.join().expect("the other thread"))
        });
        assert_eq!(a.expect("mine").reports + b.expect("other").reports, 400);
        assert_eq!(sink.files().len(), 400);
    }
}
