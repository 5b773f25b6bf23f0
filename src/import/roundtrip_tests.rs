//! Round trips on the sample: its open data CSV files, and its 台账 workbook, import into an
//! empty content folder and give the same records (the same open data tables again).
//! Contacts' opinions are not in either (the CSV counts them, the workbook tracks them on
//! their own sheet), so the contacts' table is compared without its count.

use std::path::Path;

use chrono::NaiveDate;

use super::tests::empty_content;
use super::*;
use crate::model::{Model, Visibility};
use crate::public::Public;
use crate::render::data::csv::TABLES;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2030, 1, 1).unwrap()
}

fn sample() -> Model {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    crate::load(&dir).unwrap().model.unwrap()
}

const COMPARED: [&str; 6] = [
    "data/deputies.csv",
    "data/members.csv",
    "data/links.csv",
    "data/groups.csv",
    "data/contacts.csv",
    "data/letters.csv",
];

/// The compared open data tables of a model, as CSV text (contacts without their count).
fn tables(model: &Model) -> Vec<(String, String)> {
    let public = Public::new(model, as_of());
    TABLES
        .iter()
        .map(|make| make(&public, &[]))
        .filter(|t| COMPARED.contains(&t.file))
        .map(|mut t| {
            if t.file == "data/contacts.csv" {
                for row in &mut t.rows {
                    row.pop();
                }
                t.header.pop();
            }
            let text = String::from_utf8(t.bytes().unwrap()).unwrap();
            (t.file.to_string(), text)
        })
        .collect()
}

fn run(kind: ImportKind, file: &Path, sheet: Option<&str>, content: &Path, update: bool) {
    let options = Options {
        kind,
        file,
        sheet,
        content,
        update,
    };
    match plan(&options) {
        Ok(plan) => {
            plan.write(content).unwrap();
        }
        Err(Failure::Mistakes(m)) => {
            panic!(
                "{kind:?}: {}",
                crate::diag::render_text(&m, &Default::default(), false)
            )
        }
        Err(Failure::Content(l)) => panic!("content: {:?}", l.diagnostics),
        Err(Failure::Io(w) | Failure::Input(w)) => panic!("{w}"),
    }
}

fn fresh(dir: &Path) -> std::path::PathBuf {
    let content = empty_content(dir);
    // The sample's own settings and no group: the groups come from the sheet.
    std::fs::remove_dir_all(content.join("groups")).unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/site.yaml");
    std::fs::copy(sample, content.join("site.yaml")).unwrap();
    content
}

fn reloaded(content: &Path) -> Model {
    let loaded = crate::load(content).unwrap();
    assert!(
        !loaded.has_errors(),
        "{:?}",
        loaded.errors().collect::<Vec<_>>()
    );
    loaded.model.unwrap()
}

#[test]
fn the_open_data_csv_files_import_back_to_the_same_records() {
    let model = sample();
    let dir = tempfile::tempdir().unwrap();
    let public = Public::new(&model, as_of());
    for make in TABLES {
        let table = make(&public, &[]);
        if COMPARED.contains(&table.file) {
            std::fs::write(dir.path().join(&table.file[5..]), table.bytes().unwrap()).unwrap();
        }
    }
    let content = fresh(dir.path());
    let csv = |name: &str| dir.path().join(name);
    run(
        ImportKind::Groups,
        &csv("groups.csv"),
        None,
        &content,
        false,
    );
    run(
        ImportKind::Deputies,
        &csv("deputies.csv"),
        None,
        &content,
        false,
    );
    run(
        ImportKind::Members,
        &csv("members.csv"),
        None,
        &content,
        false,
    );
    run(ImportKind::Links, &csv("links.csv"), None, &content, true);
    run(
        ImportKind::Contacts,
        &csv("contacts.csv"),
        None,
        &content,
        false,
    );
    run(
        ImportKind::Letters,
        &csv("letters.csv"),
        None,
        &content,
        false,
    );
    let mut back = reloaded(&content);
    // The open data holds only public contacts and letters, and says so nowhere: they
    // import with their kind's default, internal.
    assert!(
        back.letters
            .values()
            .all(|l| l.meta.visibility == Visibility::Internal)
    );
    for c in back.contacts.values_mut() {
        std::sync::Arc::make_mut(c).meta.visibility = Visibility::Public;
    }
    for l in back.letters.values_mut() {
        std::sync::Arc::make_mut(l).meta.visibility = Visibility::Public;
    }
    assert_eq!(back.deputies.len(), model.deputies.len());
    assert_eq!(tables(&back), tables(&model));
}

#[test]
fn the_workbook_imports_back_to_the_same_records() {
    let model = sample();
    let outcome = crate::rules::evaluate(&model, as_of());
    let options = crate::export::Options {
        year: None,
        internal: false,
    };
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("台账.xlsx");
    std::fs::write(
        &book,
        crate::export::workbook(&model, &outcome, &options).unwrap(),
    )
    .unwrap();
    let content = fresh(dir.path());
    let sheets = [
        (ImportKind::Groups, "代表小组", false),
        (ImportKind::Deputies, "代表", false),
        (ImportKind::Members, "组成人员", false),
        (ImportKind::Links, "重点联系", true),
        (ImportKind::Contacts, "联系记录", false),
        (ImportKind::Letters, "来信来访", false),
    ];
    for (kind, sheet, update) in sheets {
        run(kind, &book, Some(sheet), &content, update);
    }
    let back = reloaded(&content);
    assert_eq!(back.contacts.len(), 4);
    assert_eq!(tables(&back), tables(&model));
}
