//! lianluo (联络): compiles the records of a people's congress standing committee's liaison
//! with its deputies into checks, a public website, annual PDF reports and open data.
//!
//! Data flows one way: [`content`] (files → parsed YAML with positions) → [`model`] (typed,
//! validated records) → [`rules`] (evaluations of the regulation's duties as of a date) →
//! [`public`] (what may be published) and [`view`] (what the pages show) → [`render`] (the
//! outputs, one list) → [`output`] (written atomically). [`pipeline`] runs the stages for
//! every command. Every stage is a function of its inputs: no clock, no hidden globals.

// Data from files and users never meets an unwrap() or expect(): every failure is a
// diagnostic or an error message (tests may unwrap).
#![warn(clippy::unwrap_used, clippy::expect_used)]

pub mod build;
pub mod check;
pub mod content;
pub mod corpus;
pub mod diag;
pub mod export;
pub mod history;
pub mod import;
pub mod init;
pub mod model;
pub mod new;
pub mod output;
pub mod pipeline;
pub mod public;
pub mod render;
pub mod rules;
pub mod serve;
pub mod theme;
pub mod view;

pub use model::{Loaded, Model, load};

/// The date of a `SOURCE_DATE_EPOCH` value (seconds since 1970, UTC), for reproducible runs.
pub fn as_of_from_epoch(value: &str) -> Result<chrono::NaiveDate, String> {
    let seconds: i64 = value
        .parse()
        .map_err(|_| format!("SOURCE_DATE_EPOCH `{value}` is not a number of seconds"))?;
    chrono::DateTime::from_timestamp(seconds, 0)
        .map(|t| t.date_naive())
        .ok_or_else(|| format!("SOURCE_DATE_EPOCH `{value}` is out of range"))
}
