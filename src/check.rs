//! `lianluo check`: the data's errors and warnings, and every evaluation of the rules, as a
//! report for a clerk (text) or for a program (JSON, spec §5).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::diag::{self, Diagnostic, Sources};
use crate::model::Loaded;
use crate::rules::{self, Evaluation, Period, RuleId, Stats, Status};

/// What `check` reports.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub as_of: NaiveDate,
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
    /// Every evaluation, met ones included, in article order; empty when the data has errors.
    pub evaluations: Vec<Evaluation>,
    /// The rules of the regulation profile in force, in order: id, article, title (with its
    /// numbers), whether it is an aim; empty when the data has errors.
    pub rules: Vec<rules::RuleInfo>,
    /// Empty (`{}`) when the data has errors.
    #[serde(serialize_with = "stats_or_empty")]
    pub stats: Option<Stats>,
}

fn stats_or_empty<S: serde::Serializer>(stats: &Option<Stats>, s: S) -> Result<S::Ok, S::Error> {
    match stats {
        Some(stats) => stats.serialize(s),
        None => BTreeMap::<String, u32>::new().serialize(s),
    }
}

impl Report {
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    pub fn any_not_met(&self) -> bool {
        self.evaluations.iter().any(|e| e.status == Status::NotMet)
    }
}

/// Builds the report. With `year`, only the evaluations of that year are listed, plus the
/// term evaluations (A6.2) of the terms that year belongs to.
pub fn check(loaded: &Loaded, as_of: NaiveDate, year: Option<i32>) -> Report {
    let errors: Vec<Diagnostic> = loaded.errors().cloned().collect();
    let warnings: Vec<Diagnostic> = loaded.warnings().cloned().collect();
    let Some(model) = &loaded.model else {
        return Report {
            as_of,
            errors,
            warnings,
            evaluations: Vec::new(),
            rules: Vec::new(),
            stats: None,
        };
    };
    let mut outcome = rules::evaluate(model, as_of);
    if let Some(year) = year {
        let terms: Vec<&str> = model
            .site()
            .terms
            .iter()
            .filter(|t| t.start.value.year() <= year && year <= t.end.value.year())
            .map(|t| t.id.value.as_str())
            .collect();
        outcome.evaluations.retain(|e| match &e.period {
            Period::Year(y) => *y == year,
            Period::Term(t) => terms.contains(&t.as_str()),
        });
    }
    Report {
        as_of,
        errors,
        warnings,
        evaluations: outcome.evaluations,
        rules: outcome.rules,
        stats: Some(outcome.stats),
    }
}

pub fn to_json(report: &Report) -> String {
    // Serialising plain data into a String cannot fail.
    serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// The report as a clerk reads it: errors with their lines, a summary per article, each
/// duty not met or pending with its explanation, then the warnings.
pub fn to_text(report: &Report, sources: &Sources, color: bool) -> String {
    let mut out = String::new();
    if report.has_errors() {
        out.push_str(&diag::render_text(&report.errors, sources, color));
        let _ = writeln!(
            out,
            "发现 {} 个错误，请逐一改正后再运行（found {} errors; the rules are evaluated once there are none）。\n",
            report.errors.len(),
            report.errors.len()
        );
    } else {
        let _ = writeln!(
            out,
            "截至 {}，数据无错误。各条履职要求的情况：\n",
            report.as_of
        );
        let mut by_rule: BTreeMap<&RuleId, [u32; 3]> = BTreeMap::new();
        for e in &report.evaluations {
            by_rule.entry(&e.rule).or_default()[e.status as usize] += 1;
        }
        let _ = writeln!(
            out,
            "{}{}{}{}{}  要求",
            pad("规则", 7),
            pad("条款", 8),
            pad_left("已履行", 8),
            pad_left("进行中", 8),
            pad_left("未履行", 8)
        );
        for rule in &report.rules {
            let [met, pending, not_met] = by_rule.get(&rule.id).copied().unwrap_or_default();
            let article = format!("第{}条", rule.article);
            let aim = if rule.aim { "（争取）" } else { "" };
            let _ = writeln!(
                out,
                "{}{}{met:>8}{pending:>8}{not_met:>8}  {}{aim}",
                pad(rule.id.code(), 7),
                pad(&article, 8),
                rule.title
            );
        }
        for status in [Status::NotMet, Status::Pending] {
            let items: Vec<&Evaluation> = report
                .evaluations
                .iter()
                .filter(|e| e.status == status)
                .collect();
            if items.is_empty() {
                continue;
            }
            let _ = writeln!(
                out,
                "\n{}（{}）{} 项：",
                status.label(),
                status.code(),
                items.len()
            );
            for e in items {
                let subject = e.subject.to_string();
                let at = if subject.is_empty() {
                    String::new()
                } else {
                    format!(" {subject}")
                };
                let _ = writeln!(out, "  {} {}{at} — {}", e.rule, e.period, e.message);
            }
        }
        out.push('\n');
    }
    if !report.warnings.is_empty() {
        out.push_str(&diag::render_text(&report.warnings, sources, color));
        let _ = writeln!(out, "{} 个提醒（warnings）。", report.warnings.len());
    }
    out
}

/// Columns a terminal gives the text: CJK characters take two.
fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| if c >= '\u{2E80}' { 2 } else { 1 })
        .sum()
}

fn pad(text: &str, width: usize) -> String {
    format!(
        "{text}{}",
        " ".repeat(width.saturating_sub(display_width(text)))
    )
}

fn pad_left(text: &str, width: usize) -> String {
    format!(
        "{}{text}",
        " ".repeat(width.saturating_sub(display_width(text)))
    )
}
