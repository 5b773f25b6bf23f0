//! The privacy projection, tested on everything a build writes: no value of a model field the
//! public types do not list (a marker field only test builds have), no `private:` value and
//! no text of an internal record reaches any output file. And the scan can fail: an output
//! that bypasses the projection and writes the model is caught.

use std::collections::BTreeSet;
use std::path::Path;

use crate::model::Model;
use crate::output::{Memory, Sink};
use crate::render::{self, Input, Made, Output, Reads, Selection};

fn sample() -> crate::model::Loaded {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    crate::load(&content).expect("the sample content")
}

const AS_OF: (i32, u32, u32) = (2026, 11, 25);

fn as_of() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(AS_OF.0, AS_OF.1, AS_OF.2).expect("date")
}

/// The texts of a record that are public wherever they appear (the same words may be in a
/// public record too: then they are not a secret).
fn public_texts(model: &Model) -> BTreeSet<String> {
    let mut texts = BTreeSet::new();
    let opinions = |list: &[crate::model::Opinion], texts: &mut BTreeSet<String>| {
        texts.extend(list.iter().map(|o| o.summary.clone()));
    };
    for m in model.meetings.values().filter(|r| r.meta.is_public()) {
        texts.insert(m.title.clone());
        opinions(&m.opinions, &mut texts);
    }
    for s in model.symposiums.values().filter(|r| r.meta.is_public()) {
        texts.insert(s.title.clone());
        opinions(&s.opinions, &mut texts);
    }
    for a in model.activities.values().filter(|r| r.meta.is_public()) {
        texts.insert(a.title.clone());
        opinions(&a.opinions, &mut texts);
    }
    for c in model.contacts.values().filter(|r| r.meta.is_public()) {
        opinions(&c.opinions, &mut texts);
    }
    for l in model.letters.values().filter(|r| r.meta.is_public()) {
        texts.insert(l.subject.clone());
    }
    texts
}

/// What no output may hold: the marker fields, every private value, and the titles,
/// subjects, summaries and bodies of internal records.
fn secrets(model: &Model) -> Vec<String> {
    let mut secrets: Vec<String> = vec![
        "MODEL-ONLY-MARKER-deputy".to_string(),
        "MODEL-ONLY-MARKER-meeting".to_string(),
    ];
    for d in model.deputies.values() {
        secrets.extend(d.private.iter().map(|(_, value)| value.clone()));
    }
    let mut internal = Vec::new();
    let body = |meta: &crate::model::Meta| {
        meta.body
            .trim()
            .lines()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    for c in model.contacts.values().filter(|r| !r.meta.is_public()) {
        internal.extend(c.opinions.iter().map(|o| o.summary.clone()));
        internal.extend(body(&c.meta));
    }
    for l in model.letters.values().filter(|r| !r.meta.is_public()) {
        internal.push(l.subject.clone());
        internal.extend(body(&l.meta));
    }
    for a in model.activities.values().filter(|r| !r.meta.is_public()) {
        internal.push(a.title.clone());
        internal.extend(a.opinions.iter().map(|o| o.summary.clone()));
        internal.extend(body(&a.meta));
    }
    let public = public_texts(model);
    secrets.extend(
        internal
            .into_iter()
            .filter(|t| t.chars().count() >= 6 && !public.contains(t)),
    );
    secrets.sort();
    secrets.dedup();
    secrets
}

/// The text a reader can get out of a file: a PDF's extracted text, the search index
/// decompressed, anything else as it is.
fn readable(rel: &str, bytes: &[u8]) -> String {
    if rel.ends_with(".pdf") {
        let dir = tempfile::TempDir::new().expect("tempdir");
        let pdf = dir.path().join("report.pdf");
        std::fs::write(&pdf, bytes).expect("write the PDF");
        let out = std::process::Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext (Debian poppler-utils)");
        return String::from_utf8_lossy(&out.stdout).into_owned();
    }
    if rel.starts_with("pagefind/") && rel.contains(".pf_") {
        let mut text = Vec::new();
        let _ = std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(bytes), &mut text);
        return String::from_utf8_lossy(&text).replace('\u{200b}', "");
    }
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every (file, secret) where a secret is found.
fn leaks(
    files: &std::collections::BTreeMap<String, Vec<u8>>,
    secrets: &[String],
) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (rel, bytes) in files {
        let text = readable(rel, bytes);
        for secret in secrets {
            if text.contains(secret.as_str()) {
                found.push((rel.clone(), secret.clone()));
            }
        }
    }
    found
}

/// Builds the sample with the build's outputs and `extra`, into memory.
fn build(
    extra: Vec<Box<dyn Output>>,
) -> (std::collections::BTreeMap<String, Vec<u8>>, Vec<String>) {
    let loaded = sample();
    let model = loaded.model.as_ref().expect("the sample has no errors");
    let secrets = secrets(model);
    let mut outputs = render::outputs(&Selection {
        reports: true,
        search: true,
        search_part_pages: render::search::PART_PAGES,
    });
    outputs.extend(extra);
    let theme = crate::theme::Theme::embedded().expect("theme");
    let run = crate::pipeline::Run {
        as_of: as_of(),
        theme: &theme,
        outputs: &outputs,
        watcher: &crate::pipeline::Quiet,
        national_pages: crate::pipeline::Order::NATIONAL_PAGES,
        preview: false,
    };
    let memory = Memory::default();
    assert!(
        crate::pipeline::run(loaded, &run, &memory).is_ok(),
        "the sample builds"
    );
    (memory.files(), secrets)
}

#[test]
fn no_output_holds_a_model_only_field_a_private_value_or_an_internal_text() {
    let (files, secrets) = build(Vec::new());
    assert!(
        secrets.len() > 20,
        "the sample has private values and internal records: {secrets:?}"
    );
    assert!(files.keys().any(|f| f.ends_with(".pdf")) && files.contains_key("data/lianluo.json"));
    assert!(
        files
            .keys()
            .any(|f| f.starts_with("pagefind/") && f.contains(".pf_fragment"))
    );
    assert_eq!(leaks(&files, &secrets), Vec::<(String, String)>::new());
    // The scan reads what it scans: public text is found in the PDF, the index and the data.
    let public = "韦春兰";
    for rel in [
        "reports/2025.pdf",
        "data/lianluo.json",
        "deputies/index.html",
    ] {
        assert!(readable(rel, &files[rel]).contains(public), "{rel} is read");
    }
}

/// An output that bypasses the projection: it writes the model's records as they are.
struct Bypass {
    model: String,
}

impl Output for Bypass {
    fn name(&self) -> &'static str {
        "bypass"
    }
    fn progress(&self) -> &'static str {
        "bypass"
    }
    fn reads(&self) -> Reads {
        Reads::Records
    }
    fn write(&self, _: usize, _: &Input, sink: &dyn Sink) -> Result<Made, String> {
        sink.write("data/bypass.txt", self.model.as_bytes())
            .map_err(|e| e.to_string())?;
        Ok(Made::default())
    }
}

#[test]
fn an_output_that_bypasses_the_projection_is_caught() {
    let loaded = sample();
    let model = loaded.model.expect("the sample has no errors");
    let dump = format!(
        "{:?}\n{:?}\n{:?}",
        model.deputies, model.meetings, model.letters
    );
    let (files, secrets) = build(vec![Box::new(Bypass { model: dump })]);
    let found = leaks(&files, &secrets);
    let in_bypass: BTreeSet<&str> = found
        .iter()
        .filter(|(f, _)| f == "data/bypass.txt")
        .map(|(_, s)| s.as_str())
        .collect();
    for marker in ["MODEL-ONLY-MARKER-deputy", "MODEL-ONLY-MARKER-meeting"] {
        assert!(in_bypass.contains(marker), "the scan finds {marker}");
    }
    assert!(
        in_bypass.len() > 10,
        "the scan finds private values and internal texts: {in_bypass:?}"
    );
    assert!(
        found.iter().all(|(f, _)| f == "data/bypass.txt"),
        "{found:?}"
    );
}

/// Every cell of every sheet of a workbook, as text.
fn workbook_text(bytes: Vec<u8>) -> String {
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).expect("a workbook");
    let mut text = String::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).expect("a sheet");
        for cell in range.cells() {
            text.push_str(&cell.2.to_string());
            text.push('\n');
        }
    }
    text
}

#[test]
fn the_ledger_workbook_holds_no_model_only_field_private_value_or_internal_text() {
    let loaded = sample();
    let model = loaded.model.as_ref().expect("the sample has no errors");
    let outcome = crate::rules::evaluate(model, as_of());
    let workbook = |internal| {
        let options = crate::export::Options {
            year: None,
            internal,
        };
        workbook_text(crate::export::workbook(model, &outcome, &options).expect("workbook"))
    };
    let public = workbook(false);
    let found: Vec<String> = secrets(model)
        .into_iter()
        .filter(|s| public.contains(s.as_str()))
        .collect();
    assert!(found.is_empty(), "{found:?}");
    assert!(public.contains("韦春兰"), "the scan reads the cells");
    // For the office: internal records listed, but never a private value or a model-only field.
    let internal = workbook(true);
    let mut never: Vec<String> = vec![
        "MODEL-ONLY-MARKER-deputy".into(),
        "MODEL-ONLY-MARKER-meeting".into(),
    ];
    for d in model.deputies.values() {
        never.extend(d.private.iter().map(|(_, value)| value.clone()));
    }
    assert!(never.len() > 2);
    for secret in &never {
        assert!(!internal.contains(secret.as_str()), "{secret}");
    }
}
