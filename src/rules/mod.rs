//! The duties of the regulation (arts. 6–13), evaluated per subject and period as of a date
//! (spec §4). One file per article, each a pure function of the model, the rule parameters
//! and `as_of`: no I/O, no clock.
//!
//! The [`Outcome`] (evaluations and statistics) is the single source of every figure the
//! website, the PDF report and the open data show.

pub mod art10;
pub mod art11;
pub mod art12;
pub mod art13;
pub mod art6;
pub mod art7;
pub mod art8;
pub mod art9;
pub mod calendar;
pub mod checks;
pub mod profile;
pub mod stats;
pub mod subject;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde::Serialize;

use crate::content::Kind;
use crate::diag::Spanned;
use crate::model::{Changed, Member, Model, RuleParams};
use calendar::Span;

pub use checks::Grain;
pub use profile::{Profile, RuleDef, RuleId};
pub use stats::Stats;
pub use subject::{AgendaId, OpinionId, OpinionSource, Subject};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    Pending,
    NotMet,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Met, Status::Pending, Status::NotMet];

    pub fn code(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Pending => "pending",
            Status::NotMet => "not_met",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Met => "已履行",
            Status::Pending => "进行中",
            Status::NotMet => "未履行",
        }
    }

    /// spec §4: met; pending when not met yet and the deadline ≥ `as_of` (and no required
    /// date already came after its deadline); not met otherwise.
    pub fn judge(met: bool, late: bool, deadline: NaiveDate, as_of: NaiveDate) -> Status {
        if met {
            Status::Met
        } else if !late && deadline >= as_of {
            Status::Pending
        } else {
            Status::NotMet
        }
    }
}

/// A calendar year, or a whole term (`term:14`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Year(i32),
    Term(String),
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Term(t) => write!(f, "term:{t}"),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The figures behind a status, for tables and for people who check the arithmetic.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Detail {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<NaiveDate>,
    /// The date of the subject: meeting start, symposium or contact date, letter received.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// What was counted (attendances, listened contacts, links, deputies, activities …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<u32>,
    /// The reply window applied, in days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<u32>,
    /// Days from the subject's date to the answer (feedback, reply, report).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_linked: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_in_year: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub materials_sent: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assigned: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explained: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feedback: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forwarded: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reply: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported: Option<NaiveDate>,
    /// Ids of the records that satisfied the duty (meetings attended, contacts, activities,
    /// solicitations, linked deputies).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    pub rule: RuleId,
    pub period: Period,
    pub subject: Subject,
    pub status: Status,
    pub article: u32,
    pub message: String,
    pub detail: Detail,
}

impl Evaluation {
    pub fn new(
        rule: &RuleDef,
        period: Period,
        subject: Subject,
        status: Status,
        message: String,
        detail: Detail,
    ) -> Evaluation {
        Evaluation {
            rule: rule.id.clone(),
            article: rule.article,
            period,
            subject,
            status,
            message,
            detail,
        }
    }

    pub fn year(&self) -> Option<i32> {
        match self.period {
            Period::Year(y) => Some(y),
            Period::Term(_) => None,
        }
    }
}

/// What the rules say about a model as of a date: every evaluation and the statistics.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub as_of: NaiveDate,
    pub params: RuleParams,
    /// Every rule of the profile, in order: what each says (titles with their numbers).
    pub rules: Vec<RuleInfo>,
    /// The profile the rules came from, for the views that list the rules of a period.
    #[serde(skip)]
    pub profile: Profile,
    pub evaluations: Vec<Evaluation>,
    pub stats: Stats,
}

/// What a rule says, for every view that names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    pub id: RuleId,
    pub article: u32,
    pub title: String,
    /// An aim (“争取”): not met reads 尚未实现.
    pub aim: bool,
    pub check: &'static str,
}

impl RuleInfo {
    fn of(rule: &RuleDef) -> RuleInfo {
        RuleInfo {
            id: rule.id.clone(),
            article: rule.article,
            title: rule.title.clone(),
            aim: rule.aim,
            check: rule.check.name(),
        }
    }
}

impl Outcome {
    /// What a rule of an evaluation says.
    pub fn rule(&self, id: &RuleId) -> Option<&RuleInfo> {
        self.rules.iter().find(|r| &r.id == id)
    }

    /// The title of a rule (its id when the profile has none, which cannot happen for the
    /// rules of its own evaluations).
    pub fn title(&self, id: &RuleId) -> String {
        self.rule(id)
            .map_or_else(|| id.code().to_string(), |r| r.title.clone())
    }

    pub fn is_aim(&self, id: &RuleId) -> bool {
        self.rule(id).is_some_and(|r| r.aim)
    }

    /// The rules of the version in force for a period whose last day is `last_day`
    /// (spec §4a: that day, or `as_of` if earlier), in order.
    pub fn rules_in_force(&self, last_day: NaiveDate) -> Vec<&RuleInfo> {
        let version = self.profile.in_force(last_day.min(self.as_of));
        self.rules
            .iter()
            .filter(|r| version.rules.iter().any(|v| v.id == r.id))
            .collect()
    }
}

/// The inputs every rule reads: the model and the date, plus a few lookups. A rule's own
/// parameters come with its [`RuleDef`].
pub struct Ctx<'a> {
    pub model: &'a Model,
    pub as_of: NaiveDate,
    /// The years evaluated: calendar years of any term that have begun by `as_of`.
    pub years: BTreeSet<i32>,
    /// A rule evaluated again in part (see [`evaluations_of_changed`]): only the subjects its
    /// grain says these changed records can move need evaluating.
    part: Option<Part<'a>>,
}

impl<'a> Ctx<'a> {
    pub fn new(model: &'a Model, as_of: NaiveDate) -> Ctx<'a> {
        let years = model
            .site()
            .terms
            .iter()
            .flat_map(|t| calendar::term_years(t, as_of))
            .collect();
        Ctx {
            model,
            as_of,
            years,
            part: None,
        }
    }

    /// Whether the evaluations about this member are wanted (all are, unless a rule of
    /// [`Grain::Member`] is evaluated again in part).
    pub fn evaluates_member(&self, id: &str) -> bool {
        match self.part {
            Some((Grain::Member, changed)) => changed.members.contains(id),
            _ => true,
        }
    }

    /// Whether the evaluations about this record are wanted (all are, unless a rule of
    /// [`Grain::Record`] of its kind is evaluated again in part).
    pub fn evaluates_record(&self, kind: Kind, id: &str) -> bool {
        match self.part {
            Some((Grain::Record(k), changed)) if k == kind => changed.has(kind, id),
            _ => true,
        }
    }

    /// A date that has happened by `as_of` (later dates count as not there yet).
    pub fn seen(&self, date: Option<&Spanned<NaiveDate>>) -> Option<NaiveDate> {
        date.map(|d| d.value).filter(|d| *d <= self.as_of)
    }

    pub fn happened(&self, date: NaiveDate) -> bool {
        date <= self.as_of
    }

    pub fn deputy_name(&self, id: &str) -> &'a str {
        self.model.deputies.get(id).map_or("", |d| d.name.as_str())
    }

    pub fn member_name(&self, id: &str) -> &'a str {
        self.model.members.get(id).map_or("", |m| m.name.as_str())
    }

    pub fn evaluated_year(&self, date: NaiveDate) -> bool {
        self.years.contains(&date.year())
    }

    /// When a member serves.
    pub fn service(member: &Member) -> Span {
        Span::new(member.from.value, member.to.as_ref().map(|t| t.value))
    }

    /// The evaluated years in which a member serves on some day that has begun by `as_of`.
    pub fn member_years(&self, member: &Member) -> Vec<i32> {
        let service = Ctx::service(member);
        self.years
            .iter()
            .copied()
            .filter(|&y| {
                service
                    .clip(Span::new(calendar::jan1(y), Some(calendar::dec31(y))))
                    .is_some_and(|s| s.start <= self.as_of)
            })
            .collect()
    }
}

/// "2024年3月26日"
pub fn cn_date(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// The last day of a period, for the version of the regulation in force (spec §4a): 31 Dec,
/// or the term's end; `as_of` if earlier.
fn last_day(model: &Model, period: &Period, as_of: NaiveDate) -> NaiveDate {
    let day = match period {
        Period::Year(y) => calendar::dec31(*y),
        Period::Term(id) => model.site().term(id).map_or(as_of, |t| t.end.value),
    };
    day.min(as_of)
}

/// Evaluates every rule of the profile and computes the statistics.
pub fn evaluate(model: &Model, as_of: NaiveDate) -> Outcome {
    outcome(model, as_of, |ctx| evaluations(ctx, |_| true))
}

/// [`evaluate`] of a model made from another by the records `changed`
/// ([`crate::model::patch`]), given that model's evaluations (`previous`): only what the
/// changes can move is evaluated again ([`evaluations_of_changed`]), the rest is kept.
pub fn evaluate_again(
    model: &Model,
    as_of: NaiveDate,
    previous: Vec<Evaluation>,
    changed: &Changed,
) -> Outcome {
    outcome(model, as_of, |_| {
        let mut again = evaluations_of_changed(model, as_of, changed);
        let new = std::mem::take(&mut again.evaluations);
        let mut evaluations: Vec<Evaluation> = previous
            .into_iter()
            .filter(|e| !again.replaces(&e.rule, &e.subject))
            .chain(new)
            .collect();
        evaluations.par_sort_by(|a, b| {
            (&a.rule, &a.period, &a.subject).cmp(&(&b.rule, &b.period, &b.subject))
        });
        evaluations
    })
}

/// The outcome of these evaluations (in order) with the statistics: the statistics of the
/// records need no evaluation, and are tallied meanwhile.
fn outcome(
    model: &Model,
    as_of: NaiveDate,
    evaluated: impl FnOnce(&Ctx) -> Vec<Evaluation> + Send,
) -> Outcome {
    let ctx = Ctx::new(model, as_of);
    let profile = model.profile();
    let (evaluations, records) = rayon::join(|| evaluated(&ctx), || stats::records(&ctx));
    let stats = stats::finish(&ctx, records, &evaluations);
    Outcome {
        as_of,
        params: profile.numbers(),
        rules: profile.all_rules().into_iter().map(RuleInfo::of).collect(),
        profile: profile.clone(),
        evaluations,
        stats,
    }
}

/// Every evaluation of every rule of the profile, in order, without the statistics (what
/// the 更新记录 compares).
pub fn evaluations_only(model: &Model, as_of: NaiveDate) -> Vec<Evaluation> {
    evaluations(&Ctx::new(model, as_of), |_| true)
}

/// The evaluations of a version of the records made from the version before by the
/// records `changed` ([`crate::model::patch`]): of the rules whose checks read a changed
/// kind only, and of those whose grain allows it ([`Grain`]), only of the subjects that the
/// changes can move. Every other evaluation is the version before's.
pub fn evaluations_of_changed(model: &Model, as_of: NaiveDate, changed: &Changed) -> Reevaluated {
    let profile = model.profile();
    let kinds: Vec<Kind> = changed.kinds().collect();
    // A rule id is evaluated again when any version's check of it reads a changed kind; in
    // part when every such check has the same grain and the grain applies.
    let mut again: BTreeMap<RuleId, Option<Grain>> = BTreeMap::new();
    for rule in profile.versions.iter().flat_map(|v| &v.rules) {
        let check = rule.check;
        if !check.reads().iter().any(|k| kinds.contains(k)) {
            continue;
        }
        let grain = Some(check.grain()).filter(|g| g.applies(check.reads(), &kinds));
        again
            .entry(rule.id.clone())
            .and_modify(|g| {
                if *g != grain {
                    *g = None
                }
            })
            .or_insert(grain);
    }
    let ctx = Ctx::new(model, as_of);
    let mut evaluations = evaluations_with(&ctx, |r| {
        again.get(&r.id).map(|grain| grain.map(|g| (g, changed)))
    });
    evaluations.retain(|e| match again.get(&e.rule) {
        Some(Some(grain)) => grain.moves(&e.subject, changed),
        _ => true,
    });
    Reevaluated {
        evaluations,
        rules: again,
        changed: changed.clone(),
    }
}

/// What [`evaluations_of_changed`] evaluated again.
pub struct Reevaluated {
    /// In (rule, period, subject) order.
    pub evaluations: Vec<Evaluation>,
    /// The rules evaluated again: whole (`None`), or only for the subjects their grain says
    /// the changes move.
    pub rules: BTreeMap<RuleId, Option<Grain>>,
    changed: Changed,
}

impl Reevaluated {
    /// Whether the version before's evaluation of `rule` about `subject` is replaced by the
    /// evaluations of this one (or gone); the others stand.
    pub fn replaces(&self, rule: &RuleId, subject: &Subject) -> bool {
        match self.rules.get(rule) {
            None => false,
            Some(None) => true,
            Some(Some(grain)) => grain.moves(subject, &self.changed),
        }
    }
}

fn evaluations(ctx: &Ctx, wanted: impl Fn(&RuleDef) -> bool + Sync) -> Vec<Evaluation> {
    evaluations_with(ctx, |r| wanted(r).then_some(None))
}

/// A rule evaluated again in part: its grain and the records changed.
type Part<'c> = (Grain, &'c Changed);

/// The evaluations of the rules `wanted` says (`Some`), each of the subjects its part says
/// (`Some(None)`: all).
fn evaluations_with<'c>(
    ctx: &Ctx<'c>,
    wanted: impl Fn(&RuleDef) -> Option<Option<Part<'c>>> + Sync,
) -> Vec<Evaluation> {
    let (model, as_of) = (ctx.model, ctx.as_of);
    let profile = model.profile();
    // Every rule of every version is an independent pure function: evaluated side by side,
    // each keeping the periods its version is in force for.
    let jobs: Vec<(usize, &RuleDef, Option<Part>)> = profile
        .versions
        .iter()
        .enumerate()
        .flat_map(|(i, v)| v.rules.iter().map(move |r| (i, r)))
        .filter_map(|(i, r)| Some((i, r, wanted(r)?)))
        .collect();
    let single = profile.versions.len() == 1;
    let by_rule: Vec<Vec<Evaluation>> = jobs
        .par_iter()
        .with_max_len(1)
        .map(|(version, rule, part)| {
            let mut evaluations = match part {
                None => rule.check.evaluate(ctx, rule),
                Some(part) => {
                    let ctx = Ctx {
                        part: Some(*part),
                        years: ctx.years.clone(),
                        ..*ctx
                    };
                    rule.check.evaluate(&ctx, rule)
                }
            };
            if !single {
                evaluations.retain(|e| {
                    let day = last_day(model, &e.period, as_of);
                    std::ptr::eq(profile.in_force(day), &profile.versions[*version])
                });
            }
            evaluations
        })
        .collect();
    let mut evaluations = Vec::with_capacity(by_rule.iter().map(Vec::len).sum());
    for rule in by_rule {
        evaluations.extend(rule);
    }
    // spec §4: only years of a term are evaluated, for every rule (a record dated outside
    // every term is an `outside-term` warning of the model).
    evaluations.retain(|e| match e.period {
        Period::Year(y) => ctx.years.contains(&y),
        Period::Term(_) => true,
    });
    evaluations.par_sort_by(|a, b| {
        (&a.rule, &a.period, &a.subject).cmp(&(&b.rule, &b.period, &b.subject))
    });
    evaluations
}
