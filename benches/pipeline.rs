//! Benchmark of loading and rule evaluation: the bundled sample (S) and a generated
//! province term (M, ~5k record files, ~10k opinions). Prints medians; run with
//! `cargo bench --bench pipeline`. Not a test: the figures go in notes, not assertions.

use std::path::Path;
use std::time::{Duration, Instant};

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
    let (rules, outcome) = time(runs, || {
        lianluo::rules::evaluate(&model, model.site().rules, as_of)
    });
    println!(
        "{name}: {} records + {opinions} opinions | load {:.1} ms | rules {:.1} ms ({} evaluations) | median of {runs}",
        model.record_count(),
        load.as_secs_f64() * 1e3,
        rules.as_secs_f64() * 1e3,
        outcome.evaluations.len()
    );
}

fn main() {
    let threads = rayon::current_num_threads();
    println!("lianluo pipeline benchmark ({threads} threads)");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
    bench("S (content/)", &sample, today, 21);
    let dir = tempfile::TempDir::new().expect("tempdir");
    let (generate, ()) = time(1, || {
        lianluo::corpus::generate(dir.path(), lianluo::corpus::Scale::M, 1).expect("generate")
    });
    println!("M generated in {:.0} ms", generate.as_secs_f64() * 1e3);
    bench(
        "M (generated)",
        dir.path(),
        chrono::NaiveDate::from_ymd_opt(2027, 12, 31).expect("date"),
        7,
    );
}
