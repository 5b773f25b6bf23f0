//! The parts of the report no data can write — 前言, 存在的问题, 下一步工作 — which the office
//! writes. Without them the report says, in the theme's words, which parts are to be
//! written and where.

use serde::Serialize;

use crate::theme::{Strings, fill};

/// One part: its paragraphs as plain text, or what is to be written when it has none
/// (“【待撰写：…】”).
#[derive(Debug, Serialize)]
pub struct Part {
    pub paragraphs: Vec<String>,
    pub missing: String,
}

#[derive(Debug, Serialize)]
pub struct Parts {
    pub foreword: Part,
    pub problems: Part,
    pub next_steps: Part,
}

/// The parts' keys, in the order of the report.
pub const PARTS: [&str; 3] = ["foreword", "problems", "next_steps"];

impl Parts {
    /// The parts of `year`'s report, each from `written` (part key → paragraphs) or said to be
    /// missing.
    pub fn new(written: &dyn Fn(&str) -> Vec<String>, strings: &Strings, year: i32) -> Parts {
        let part = |key: &str| Part {
            paragraphs: written(key),
            missing: fill(
                &strings.text("report.to_write"),
                &[(
                    "missing",
                    &fill(
                        &strings.text(&format!("report.clerk.{key}")),
                        &[("file", &format!("content/reports/{year}.md"))],
                    ),
                )],
            ),
        };
        Parts {
            foreword: part(PARTS[0]),
            problems: part(PARTS[1]),
            next_steps: part(PARTS[2]),
        }
    }
}
