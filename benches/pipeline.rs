//! Benchmark of loading and rule evaluation: the bundled sample (S) and a generated
//! province term (M, ~5k record files, ~10k opinions). Prints medians; run with
//! `cargo bench --bench pipeline`. Not a test: the figures go in notes, not assertions.

use std::path::Path;
use std::time::{Duration, Instant};

fn copy(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let value = f();
        times.push(start.elapsed());
        last = Some(value);
    }
    (median(times), last.expect("at least one run"))
}

fn bench(name: &str, dir: &Path, as_of: chrono::NaiveDate, runs: usize) {
    let (load, loaded) = time(runs, || lianluo::load(dir).expect("content folder"));
    assert!(
        !loaded.has_errors(),
        "{name} has errors: {:?}",
        loaded.errors().take(3).collect::<Vec<_>>()
    );
    let model = loaded.model.expect("model");
    let opinions: usize = model
        .meetings
        .values()
        .map(|m| m.opinions.len())
        .sum::<usize>()
        + model
            .symposiums
            .values()
            .map(|s| s.opinions.len())
            .sum::<usize>()
        + model
            .activities
            .values()
            .map(|a| a.opinions.len())
            .sum::<usize>()
        + model
            .contacts
            .values()
            .map(|c| c.opinions.len())
            .sum::<usize>();
    let (rules, outcome) = time(runs, || lianluo::rules::evaluate(&model, as_of));
    println!(
        "{name}: {} records + {opinions} opinions | load {:.1} ms | rules {:.1} ms ({} evaluations) | median of {runs}",
        model.record_count(),
        load.as_secs_f64() * 1e3,
        rules.as_secs_f64() * 1e3,
        outcome.evaluations.len()
    );
}

fn build(name: &str, content: &Path, as_of: chrono::NaiveDate, runs: usize) {
    let root = tempfile::TempDir::new().expect("tempdir");
    let mut options =
        lianluo::build::Options::new(content.to_path_buf(), root.path().join("output"), as_of);
    options.selection.reports = false;
    let mut summaries = Vec::new();
    let (total, ()) = time(runs, || {
        match lianluo::build::build(&options, &lianluo::pipeline::Quiet) {
            Ok(summary) => summaries.push(summary),
            Err(_) => panic!("{name} does not build"),
        }
    });
    let built = summaries.pop().expect("a build");
    let summary = &built.summary;
    let stages: Vec<String> = summary
        .stages
        .iter()
        .map(|(s, d)| format!("{s} {:.0} ms", d.as_secs_f64() * 1e3))
        .collect();
    println!(
        "{name} build: {} pages, {} files, {:.1} MB in {:.0} ms → {:.0} pages/s | {} | median of {runs}",
        summary.pages,
        built.files,
        built.bytes as f64 / 1e6,
        total.as_secs_f64() * 1e3,
        summary.pages as f64 / total.as_secs_f64(),
        stages.join(", ")
    );
}

/// Per-report compile + PDF export, fonts loaded once for the process.
fn reports(name: &str, content: &Path, as_of: chrono::NaiveDate, runs: usize) {
    use rayon::prelude::*;
    let loaded = lianluo::load(content).expect("content");
    let model = loaded.model.expect("model");
    let outcome = lianluo::rules::evaluate(&model, as_of);
    let theme = lianluo::theme::Theme::embedded().expect("theme");
    let view = lianluo::pipeline::view(&model, &outcome, &theme);
    let (font_scan, fonts) = time(1, lianluo::render::report::Fonts::system);
    let years = lianluo::render::report::years(&view);
    let mut per_year = Vec::new();
    for year in &years {
        // Evict typst's memoisation cache first: every run is a cold compile (fonts stay loaded).
        let (t, pdf) = time(runs, || {
            typst::comemo::evict(0);
            lianluo::render::report::compile(&view, *year, &theme, fonts).expect("report")
        });
        per_year.push(format!(
            "{year}: {:.0} ms ({} KB)",
            t.as_secs_f64() * 1e3,
            pdf.len() / 1024
        ));
    }
    let (all, _) = time(runs, || {
        typst::comemo::evict(0);
        years
            .par_iter()
            .map(|y| {
                lianluo::render::report::compile(&view, *y, &theme, fonts)
                    .expect("report")
                    .len()
            })
            .sum::<usize>()
    });
    println!(
        "{name} reports: font scan {:.0} ms (once) | per report {} | all {} years in parallel {:.0} ms | median of {runs}",
        font_scan.as_secs_f64() * 1e3,
        per_year.join(", "),
        years.len(),
        all.as_secs_f64() * 1e3
    );
}

/// `serve`'s incremental path: one edited contact → the pages whose inputs changed.
fn incremental(name: &str, content: &Path, as_of: chrono::NaiveDate, runs: usize) {
    let out = tempfile::TempDir::new().expect("tempdir");
    let mut session = lianluo::serve::Session::new(content, out.path(), None, as_of);
    let (first, report) = time(1, || session.rebuild().expect("first build"));
    assert!(report.errors.is_empty());
    let mut contacts: Vec<_> = std::fs::read_dir(content.join("contacts"))
        .expect("contacts")
        .map(|e| e.expect("entry").path())
        .collect();
    contacts.sort();
    let contact = contacts[contacts.len() / 2].clone();
    let original = std::fs::read_to_string(&contact).expect("contact");
    let mut reports = Vec::new();
    let mut times = Vec::new();
    let mut page_times = Vec::new();
    for run in 0..runs {
        // Flip whether the member heard the deputy: changes A12.2, the member's and the deputy's pages.
        let edited = if run % 2 == 0 {
            original
                .replacen("listened: true", "listened: false", 1)
                .replacen(
                    "listened: false\n",
                    "listened: true\n",
                    usize::from(!original.contains("listened: true")),
                )
        } else {
            original.clone()
        };
        std::fs::write(&contact, &edited).expect("edit");
        std::thread::sleep(std::time::Duration::from_millis(20)); // a distinct modification time
        let start = Instant::now();
        // As `serve` does: the watcher names the changed file.
        let report = session
            .rebuild_changed(std::slice::from_ref(&contact))
            .expect("rebuild");
        times.push(start.elapsed());
        page_times.push(report.pages_elapsed);
        reports.push(report);
    }
    std::fs::write(&contact, &original).expect("restore");
    let r = &reports[reports.len() - 1];
    let stages: Vec<String> = r
        .stages
        .iter()
        .map(|(name, d)| format!("{name} {:.0}", d.as_secs_f64() * 1e3))
        .collect();
    println!(
        "{name} incremental (serve): first build {:.0} ms; one edited contact → read {} file, rendered {} pages: changed pages written after {:.0} ms, open data and feeds after {:.0} ms ({} files written) | median of {runs}; stages of the last (ms): {}",
        first.as_secs_f64() * 1e3,
        r.read,
        r.rendered,
        median(page_times).as_secs_f64() * 1e3,
        median(times).as_secs_f64() * 1e3,
        r.written,
        stages.join(", ")
    );
}

/// One edited contact in `serve` against a site-only full build, in alternating pairs: the
/// median of the pairs' ratios (changed pages written / full build's wall time).
fn incremental_vs_site(name: &str, content: &Path, as_of: chrono::NaiveDate, pairs: usize) {
    let root = tempfile::TempDir::new().expect("tempdir");
    let mut options =
        lianluo::build::Options::new(content.to_path_buf(), root.path().join("output"), as_of);
    options.selection.reports = false;
    options.selection.search = false;
    let out = tempfile::TempDir::new().expect("tempdir");
    let mut session = lianluo::serve::Session::new(content, out.path(), None, as_of);
    session.rebuild().expect("first build");
    let mut contacts: Vec<_> = std::fs::read_dir(content.join("contacts"))
        .expect("contacts")
        .map(|e| e.expect("entry").path())
        .collect();
    contacts.sort();
    let contact = contacts[contacts.len() / 2].clone();
    let original = std::fs::read_to_string(&contact).expect("contact");
    let flipped = if original.contains("listened: true") {
        original.replacen("listened: true", "listened: false", 1)
    } else {
        original.replacen("listened: false", "listened: true", 1)
    };
    let (mut ratios, mut fulls, mut edits) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..pairs {
        let start = Instant::now();
        if lianluo::build::build(&options, &lianluo::pipeline::Quiet).is_err() {
            panic!("{name} does not build");
        }
        let full = start.elapsed();
        let text = if run % 2 == 0 { &flipped } else { &original };
        std::fs::write(&contact, text).expect("edit");
        std::thread::sleep(std::time::Duration::from_millis(20)); // a distinct modification time
        let report = session
            .rebuild_changed(std::slice::from_ref(&contact))
            .expect("rebuild");
        ratios.push(report.pages_elapsed.as_secs_f64() / full.as_secs_f64());
        fulls.push(full);
        edits.push(report.pages_elapsed);
    }
    std::fs::write(&contact, &original).expect("restore");
    ratios.sort_by(f64::total_cmp);
    println!(
        "{name} one edited contact in serve vs the site-only build: changed pages written after {:.0} ms, site-only build {:.0} ms; ratio median {:.3} of {pairs} alternating pairs (target ≤ 0.25)",
        median(edits).as_secs_f64() * 1e3,
        median(fulls).as_secs_f64() * 1e3,
        ratios[ratios.len() / 2]
    );
}

/// A generated M of the heavy shape.
fn heavy_m() -> tempfile::TempDir {
    let heavy = tempfile::TempDir::new().expect("tempdir");
    let shape = lianluo::corpus::Shape::HEAVY;
    lianluo::corpus::generate_shaped(heavy.path(), lianluo::corpus::Scale::M, shape, 1)
        .expect("generate");
    heavy
}

fn main() {
    let threads = rayon::current_num_threads();
    println!("lianluo pipeline benchmark ({threads} threads)");
    let end = chrono::NaiveDate::from_ymd_opt(2027, 12, 31).expect("date");
    // `cargo bench --bench pipeline -- preview`: only the preview on the heavy M.
    if std::env::args().skip(1).any(|a| a == "preview") {
        let heavy = heavy_m();
        incremental("M heavy (generated)", heavy.path(), end, 9);
        incremental_vs_site("M heavy (generated)", heavy.path(), end, 9);
        return;
    }
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
    bench("S (content/)", &sample, today, 21);
    build("S (content/)", &sample, today, 7);
    reports("S (content/)", &sample, today, 5);
    let sample_copy = tempfile::TempDir::new().expect("tempdir");
    copy(&sample, sample_copy.path());
    incremental("S (content/)", sample_copy.path(), today, 5);
    let dir = tempfile::TempDir::new().expect("tempdir");
    let (generate, ()) = time(1, || {
        lianluo::corpus::generate(dir.path(), lianluo::corpus::Scale::M, 1).expect("generate")
    });
    println!("M generated in {:.0} ms", generate.as_secs_f64() * 1e3);
    bench("M (generated)", dir.path(), end, 7);
    build("M (generated)", dir.path(), end, 3);
    reports("M (generated)", dir.path(), end, 3);
    incremental("M (generated)", dir.path(), end, 15);
    let heavy = heavy_m();
    build("M heavy (generated)", heavy.path(), end, 3);
    incremental_vs_site("M heavy (generated)", heavy.path(), end, 9);
}
