//! The sample's 台账 opened with calamine: one sheet per rule holding every evaluation of the
//! rule, the summary's counts, dates as date cells, nothing private, internal records only
//! with `internal`, the same bytes twice.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;

use super::*;
use crate::rules::Status;

fn sample() -> Model {
    let loaded = crate::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content")).unwrap();
    loaded.model.unwrap()
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn open(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes)).unwrap()
}

fn all_text(book: &mut Xlsx<Cursor<Vec<u8>>>) -> String {
    let mut out = String::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for row in range.rows() {
            for cell in row {
                out.push_str(&cell.to_string());
                out.push('\t');
            }
            out.push('\n');
        }
    }
    out
}

#[test]
fn the_sample_workbook_has_one_sheet_per_rule_with_its_evaluations() {
    let model = sample();
    let outcome = crate::rules::evaluate(&model, as_of());
    let options = Options {
        year: None,
        internal: false,
    };
    let bytes = workbook(&model, &outcome, &options).unwrap();
    assert_eq!(
        bytes,
        workbook(&model, &outcome, &options).unwrap(),
        "deterministic"
    );
    let mut book = open(bytes);
    let names = book.sheet_names();
    for rule in outcome.rules.iter().map(|r| &r.id) {
        assert!(names.contains(&rule.code().to_string()), "{names:?}");
        let range = book.worksheet_range(rule.code()).unwrap();
        let expected = outcome
            .evaluations
            .iter()
            .filter(|e| e.rule == *rule)
            .count();
        assert!(
            expected > 0,
            "{rule}: the sample has evaluations of every rule"
        );
        assert_eq!(range.height() - 2, expected, "{rule}");
        assert_eq!(range.get((1, 0)), Some(&Data::String("期间".into())));
        // Deadlines are date cells.
        let deadlines = (2..range.height())
            .filter(|&r| matches!(range.get((r, 3)), Some(Data::DateTime(d)) if d.is_datetime()))
            .count();
        let with_deadline = outcome
            .evaluations
            .iter()
            .filter(|e| e.rule == *rule && e.detail.deadline.is_some())
            .count();
        assert_eq!(deadlines, with_deadline, "{rule}");
    }
    let summary = book.worksheet_range("概况").unwrap();
    for (i, rule) in outcome.rules.iter().map(|r| &r.id).enumerate() {
        let r = i + 2;
        assert_eq!(summary.get((r, 0)), Some(&Data::String(rule.code().into())));
        let count = |s: Status| {
            outcome
                .evaluations
                .iter()
                .filter(|e| e.rule == *rule && e.status == s)
                .count() as f64
        };
        assert_eq!(
            summary.get((r, 3)),
            Some(&Data::Float(count(Status::Met))),
            "{rule}"
        );
        assert_eq!(
            summary.get((r, 5)),
            Some(&Data::Float(count(Status::NotMet))),
            "{rule}"
        );
    }
    let deputies = book.worksheet_range("代表").unwrap();
    assert_eq!(
        deputies.height() - 2,
        model
            .deputies
            .values()
            .filter(|d| d.meta.is_public())
            .count()
    );
    assert!(
        names.contains(&"意见建议".to_string()) && names.contains(&"组成人员联系代表".to_string())
    );
}

#[test]
fn nothing_private_ever_and_internal_records_only_when_asked() {
    let model = sample();
    let outcome = crate::rules::evaluate(&model, as_of());
    let public = all_text(&mut open(
        workbook(
            &model,
            &outcome,
            &Options {
                year: None,
                internal: false,
            },
        )
        .unwrap(),
    ));
    let internal = all_text(&mut open(
        workbook(
            &model,
            &outcome,
            &Options {
                year: None,
                internal: true,
            },
        )
        .unwrap(),
    ));
    let private: Vec<&str> = model
        .deputies
        .values()
        .flat_map(|d| d.private.iter().map(|(_, v)| v.as_str()))
        .collect();
    assert!(!private.is_empty());
    for value in private {
        assert!(!public.contains(value), "{value}");
        assert!(!internal.contains(value), "{value}");
    }
    let secret = model
        .letters
        .values()
        .find(|l| !l.meta.is_public() && l.received.value <= as_of())
        .expect("the sample has an internal letter");
    assert!(!public.contains(secret.subject.as_str()));
    assert!(internal.contains(secret.subject.as_str()));
    assert!(internal.contains("含内部记录"));
}

#[test]
fn a_year_lists_only_that_years_evaluations() {
    let model = sample();
    let outcome = crate::rules::evaluate(&model, as_of());
    let mut book = open(
        workbook(
            &model,
            &outcome,
            &Options {
                year: Some(2024),
                internal: false,
            },
        )
        .unwrap(),
    );
    let range = book.worksheet_range("A12.2").unwrap();
    let expected = outcome
        .evaluations
        .iter()
        .filter(|e| e.rule.code() == "A12.2" && e.year() == Some(2024))
        .count();
    assert_eq!(range.height() - 2, expected);
    assert!((2..range.height()).all(|r| range.get((r, 0)) == Some(&Data::String("2024年".into()))));
}
