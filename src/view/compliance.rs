//! 履职评估: the compliance dashboard of each year and each term, citing each article, with
//! the subjects not met and pending.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Context;
use super::charts::{self, Chart};
pub use super::context::Finding;
use crate::rules::stats::Counts;
use crate::rules::{Evaluation, Period, RuleId, Status};

#[derive(Debug, Clone, Serialize)]
pub struct RuleRow {
    pub rule: RuleId,
    pub article: u32,
    pub title: String,
    /// An aim (“争取”), not a duty.
    pub aim: bool,
    /// The check kind that evaluates the rule (what the report's narrative groups by).
    #[serde(skip)]
    pub check: &'static str,
    #[serde(flatten)]
    pub counts: Counts,
    pub met_percent: Option<u32>,
}

/// The compliance dashboard of a year or a term.
#[derive(Debug, Clone, Serialize)]
pub struct CompliancePeriod {
    /// `2024` or `term-14`: the page's file name.
    pub slug: String,
    pub label: String,
    pub rows: Vec<RuleRow>,
    pub total: Counts,
    /// Not met first, then pending.
    pub findings: Vec<Finding>,
    pub chart: Chart,
}

fn period(
    ctx: &Context,
    slug: String,
    label: String,
    last_day: chrono::NaiveDate,
    evaluations: Vec<&Evaluation>,
) -> CompliancePeriod {
    let mut counts: BTreeMap<&RuleId, Counts> = BTreeMap::new();
    let mut total = Counts::default();
    for e in &evaluations {
        counts.entry(&e.rule).or_default().add(e.status);
        total.add(e.status);
    }
    let rows: Vec<RuleRow> = ctx
        .outcome
        .rules_in_force(last_day)
        .into_iter()
        .map(|r| {
            let c = counts.get(&r.id).copied().unwrap_or_default();
            RuleRow {
                rule: r.id.clone(),
                article: r.article,
                title: r.title.clone(),
                aim: r.aim,
                check: r.check,
                counts: c,
                met_percent: c.met_percent(),
            }
        })
        .collect();
    let mut findings: Vec<Finding> = evaluations
        .iter()
        .filter(|e| e.status != Status::Met)
        .map(|e| ctx.finding(e))
        .collect();
    findings.sort_by(|a, b| {
        (a.status == Status::Pending, &a.rule).cmp(&(b.status == Status::Pending, &b.rule))
    });
    let bars: Vec<(String, Counts)> = rows
        .iter()
        .map(|r| (format!("{} {}", r.rule.code(), r.title), r.counts))
        .collect();
    CompliancePeriod {
        chart: charts::compliance_chart(&label, &bars),
        slug,
        label,
        rows,
        total,
        findings,
    }
}

/// Every year evaluated, then every term begun.
pub fn periods(ctx: &Context) -> Vec<CompliancePeriod> {
    let evaluations = &ctx.outcome.evaluations;
    let mut periods = Vec::new();
    for year in ctx.years() {
        let list = evaluations
            .iter()
            .filter(|e| e.period == Period::Year(year))
            .collect();
        periods.push(period(
            ctx,
            year.to_string(),
            ctx.period_label(&Period::Year(year)),
            ctx.period_end(&Period::Year(year)),
            list,
        ));
    }
    for term in &ctx.public.site.terms {
        let years: Vec<i32> =
            crate::rules::calendar::years_of_term(term.start, term.end, ctx.as_of()).collect();
        if years.is_empty() {
            continue;
        }
        let list = evaluations
            .iter()
            .filter(|e| match &e.period {
                Period::Year(y) => years.contains(y),
                Period::Term(t) => t == term.id,
            })
            .collect();
        periods.push(period(
            ctx,
            format!("term-{}", term.id),
            term.name.to_string(),
            term.end,
            list,
        ));
    }
    periods
}
