//! Statistics of spec §4 (figures, not rules): attendance by basis, opinions by category and
//! status, contacts by channel, activities by kind, deputies per group, solicitations,
//! trainings and briefings, reply times; per year, for all years, and per member.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::checks::Feeds;
use super::{Ctx, Evaluation, Period, RuleId, Status};
use crate::model::{ActivityKind, Opinion};

/// Evaluations counted by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub met: u32,
    pub pending: u32,
    pub not_met: u32,
    pub total: u32,
}

impl Counts {
    pub fn add(&mut self, status: Status) {
        match status {
            Status::Met => self.met += 1,
            Status::Pending => self.pending += 1,
            Status::NotMet => self.not_met += 1,
        }
        self.total += 1;
    }

    pub fn merge(&mut self, other: &Counts) {
        self.met += other.met;
        self.pending += other.pending;
        self.not_met += other.not_met;
        self.total += other.total;
    }

    /// Share met among the evaluations that are decided (met or not met), in percent.
    pub fn met_percent(&self) -> Option<u32> {
        let decided = self.met + self.not_met;
        (decided > 0).then(|| (self.met * 100 + decided / 2) / decided)
    }
}

/// Days to an answer: how many were answered, the median and the 90th percentile.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Durations {
    pub count: u32,
    pub median: Option<f64>,
    /// Nearest-rank 90th percentile: the smallest value with at least 90 % at or below it.
    pub p90: Option<f64>,
}

impl Durations {
    pub fn from_days(mut days: Vec<i64>) -> Durations {
        days.sort_unstable();
        let n = days.len();
        if n == 0 {
            return Durations::default();
        }
        let median = if n % 2 == 1 {
            days[n / 2] as f64
        } else {
            (days[n / 2 - 1] + days[n / 2]) as f64 / 2.0
        };
        let rank = (n * 9).div_ceil(10).max(1);
        Durations {
            count: n as u32,
            median: Some(median),
            p90: Some(days[rank - 1] as f64),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct OpinionStats {
    pub total: u32,
    /// By art. 4 item (`a4-1` … `a4-5`, `none` when not categorised).
    pub by_category: BTreeMap<String, u32>,
    /// By where they were raised: meetings, symposiums, activities, contacts.
    pub by_source: BTreeMap<String, u32>,
    /// By the status of their rule (A7, A10, A12.3); activity opinions are under no rule.
    pub by_status: Counts,
    pub answered: u32,
    pub reply_days: Durations,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    pub meetings: u32,
    /// 列席 places (one per attendee per meeting).
    pub attendances: u32,
    /// Deputies attending at least once.
    pub deputies_attending: u32,
    pub attendance_by_basis: BTreeMap<String, u32>,
    pub symposiums: u32,
    pub symposiums_by_topic: BTreeMap<String, u32>,
    pub activities: u32,
    pub activities_by_kind: BTreeMap<String, u32>,
    /// Deputy places in activities of every kind.
    pub activity_places: u32,
    pub trainings: u32,
    pub training_places: u32,
    pub briefings: u32,
    pub briefing_places: u32,
    pub solicitations: u32,
    pub solicitation_deputies: u32,
    pub solicitation_responses: u32,
    pub contacts: u32,
    pub contacts_listened: u32,
    pub contacts_by_channel: BTreeMap<String, u32>,
    pub letters: u32,
    pub letters_major: u32,
    pub letters_replied_in_writing: u32,
    pub letter_reply_days: Durations,
    pub opinions: OpinionStats,
    /// Evaluations by rule.
    pub compliance: BTreeMap<RuleId, Counts>,
    /// Evaluations of all rules.
    pub compliance_total: Counts,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MemberYear {
    pub contacts: u32,
    pub contacts_listened: u32,
    pub opinions_heard: u32,
    pub linked_grassroots: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DeputyFigures {
    pub total: u32,
    pub grassroots: u32,
    pub by_region: BTreeMap<String, u32>,
    /// Deputies per group (art. 11); `none` for deputies in no group.
    pub by_group: BTreeMap<String, u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    pub years: BTreeMap<i32, Figures>,
    /// Every evaluated year together.
    pub total: Figures,
    /// Evaluations by rule for each term: its years' evaluations and its own (`term:<id>`).
    pub terms: BTreeMap<String, BTreeMap<RuleId, Counts>>,
    pub deputies: DeputyFigures,
    pub members: BTreeMap<String, BTreeMap<i32, MemberYear>>,
}

fn bump(map: &mut BTreeMap<String, u32>, key: &str) {
    *map.entry(key.to_string()).or_default() += 1;
}

struct Tally<'a> {
    figures: BTreeMap<i32, Figures>,
    opinion_days: BTreeMap<i32, Vec<i64>>,
    letter_days: BTreeMap<i32, Vec<i64>>,
    attending: BTreeMap<i32, std::collections::BTreeSet<&'a str>>,
}

impl<'a> Tally<'a> {
    fn year(&mut self, date: NaiveDate) -> Option<&mut Figures> {
        self.figures.get_mut(&date.year())
    }

    fn opinions(&mut self, ctx: &Ctx, source: &str, from: NaiveDate, opinions: &[Opinion]) {
        let mut days = Vec::new();
        let Some(f) = self.year(from) else { return };
        for opinion in opinions {
            f.opinions.total += 1;
            bump(
                &mut f.opinions.by_category,
                opinion.category.map_or("none", |c| c.as_str()),
            );
            bump(&mut f.opinions.by_source, source);
            if let Some(feedback) = opinion
                .feedback
                .as_ref()
                .filter(|b| ctx.happened(b.date.value))
            {
                f.opinions.answered += 1;
                days.push((feedback.date.value - from).num_days());
            }
        }
        self.opinion_days
            .entry(from.year())
            .or_default()
            .extend(days);
    }
}

/// The statistics of the records and their evaluations.
pub fn compute(ctx: &Ctx, evaluations: &[Evaluation]) -> Stats {
    finish(ctx, records(ctx), evaluations)
}

/// The statistics of the records alone: they need no evaluation, and are tallied while the
/// rules are evaluated.
pub struct Records<'a> {
    tally: Tally<'a>,
    members: BTreeMap<String, BTreeMap<i32, MemberYear>>,
}

pub fn records<'a>(ctx: &Ctx<'a>) -> Records<'a> {
    let model = ctx.model;
    let mut tally = Tally {
        figures: ctx.years.iter().map(|&y| (y, Figures::default())).collect(),
        opinion_days: BTreeMap::new(),
        letter_days: BTreeMap::new(),
        attending: BTreeMap::new(),
    };
    for meeting in model
        .meetings
        .values()
        .filter(|m| ctx.happened(m.start.value))
    {
        let year = meeting.start.value.year();
        if let Some(f) = tally.year(meeting.start.value) {
            f.meetings += 1;
            f.attendances += meeting.attendees.len() as u32;
            for attendee in &meeting.attendees {
                for basis in &attendee.basis {
                    bump(&mut f.attendance_by_basis, basis.value.as_str());
                }
            }
        }
        tally
            .attending
            .entry(year)
            .or_default()
            .extend(meeting.attendees.iter().map(|a| a.deputy.value.as_str()));
        tally.opinions(
            ctx,
            "meetings",
            meeting.end.value.max(meeting.start.value),
            &meeting.opinions,
        );
    }
    for symposium in model
        .symposiums
        .values()
        .filter(|s| ctx.happened(s.date.value))
    {
        if let Some(f) = tally.year(symposium.date.value) {
            f.symposiums += 1;
            bump(&mut f.symposiums_by_topic, symposium.topic.as_str());
        }
        tally.opinions(ctx, "symposiums", symposium.date.value, &symposium.opinions);
    }
    for activity in model
        .activities
        .values()
        .filter(|a| ctx.happened(a.start.value))
    {
        if let Some(f) = tally.year(activity.start.value) {
            let places = activity.deputies.len() as u32;
            f.activities += 1;
            f.activity_places += places;
            bump(&mut f.activities_by_kind, activity.kind.as_str());
            match activity.kind {
                ActivityKind::Training => {
                    f.trainings += 1;
                    f.training_places += places;
                }
                ActivityKind::Briefing => {
                    f.briefings += 1;
                    f.briefing_places += places;
                }
                _ => {}
            }
        }
        tally.opinions(ctx, "activities", activity.start.value, &activity.opinions);
    }
    for solicitation in model
        .solicitations
        .values()
        .filter(|s| ctx.happened(s.date.value))
    {
        if let Some(f) = tally.year(solicitation.date.value) {
            f.solicitations += 1;
            f.solicitation_deputies += solicitation.deputies.len() as u32;
            f.solicitation_responses += solicitation.responses.unwrap_or(0);
        }
    }
    let members = tally_contacts(ctx, &mut tally);
    tally_letters(ctx, &mut tally);
    Records { tally, members }
}

/// Contacts: the year's figures, and each member's contacts per evaluated year.
fn tally_contacts<'a>(
    ctx: &Ctx<'a>,
    tally: &mut Tally<'a>,
) -> BTreeMap<String, BTreeMap<i32, MemberYear>> {
    let model = ctx.model;
    let mut members: BTreeMap<String, BTreeMap<i32, MemberYear>> = BTreeMap::new();
    for contact in model
        .contacts
        .values()
        .filter(|c| ctx.happened(c.date.value))
    {
        if let Some(f) = tally.year(contact.date.value) {
            f.contacts += 1;
            f.contacts_listened += u32::from(contact.listened);
            bump(&mut f.contacts_by_channel, contact.channel.as_str());
        }
        if ctx.evaluated_year(contact.date.value) {
            let entry = members
                .entry(contact.member.value.clone())
                .or_default()
                .entry(contact.date.value.year())
                .or_default();
            entry.contacts += 1;
            entry.contacts_listened += u32::from(contact.listened);
            entry.opinions_heard += contact.opinions.len() as u32;
        }
        tally.opinions(ctx, "contacts", contact.date.value, &contact.opinions);
    }
    members
}

/// Letters: the year's figures and the days to a reply.
fn tally_letters(ctx: &Ctx, tally: &mut Tally) {
    let model = ctx.model;
    for letter in model
        .letters
        .values()
        .filter(|l| ctx.happened(l.received.value))
    {
        let received = letter.received.value;
        let reply = letter.reply.as_ref().filter(|r| ctx.happened(r.date.value));
        if let Some(f) = tally.year(received) {
            f.letters += 1;
            f.letters_major += u32::from(letter.major);
            f.letters_replied_in_writing += u32::from(reply.is_some_and(|r| r.written));
        }
        if let Some(r) = reply {
            tally
                .letter_days
                .entry(received.year())
                .or_default()
                .push((r.date.value - received).num_days());
        }
    }
}

/// The statistics: the records' tally, the evaluations (counted, so in any order) and the
/// totals.
pub fn finish(ctx: &Ctx, records: Records, evaluations: &[Evaluation]) -> Stats {
    let model = ctx.model;
    // What each rule's evaluations feed besides the compliance counts, by its check kind.
    let feeds: std::collections::HashMap<&RuleId, Feeds> = model
        .profile()
        .all_rules()
        .into_iter()
        .map(|r| (&r.id, r.check.feeds()))
        .collect();
    let feeds_of = |id: &RuleId| feeds.get(id).copied().unwrap_or(Feeds::Nothing);
    let Records {
        mut tally,
        mut members,
    } = records;
    for evaluation in evaluations {
        if feeds_of(&evaluation.rule) == Feeds::LinkCounts
            && let (Period::Year(y), crate::rules::Subject::Member { member }) =
                (&evaluation.period, &evaluation.subject)
        {
            members
                .entry(member.clone())
                .or_default()
                .entry(*y)
                .or_default()
                .linked_grassroots = evaluation.detail.count.unwrap_or(0);
        }
        let Some(f) = evaluation.year().and_then(|y| tally.figures.get_mut(&y)) else {
            continue;
        };
        f.compliance
            .entry(evaluation.rule.clone())
            .or_default()
            .add(evaluation.status);
        f.compliance_total.add(evaluation.status);
        if feeds_of(&evaluation.rule) == Feeds::OpinionStatus {
            f.opinions.by_status.add(evaluation.status);
        }
    }

    let mut total = Figures::default();
    let mut all_opinion_days = Vec::new();
    let mut all_letter_days = Vec::new();
    let mut all_attending = std::collections::BTreeSet::new();
    for (year, f) in tally.figures.iter_mut() {
        let opinion_days = tally.opinion_days.remove(year).unwrap_or_default();
        let letter_days = tally.letter_days.remove(year).unwrap_or_default();
        let attending = tally.attending.remove(year).unwrap_or_default();
        f.opinions.reply_days = Durations::from_days(opinion_days.clone());
        f.letter_reply_days = Durations::from_days(letter_days.clone());
        f.deputies_attending = attending.len() as u32;
        all_opinion_days.extend(opinion_days);
        all_letter_days.extend(letter_days);
        all_attending.extend(attending);
        total.add(f);
    }
    total.opinions.reply_days = Durations::from_days(all_opinion_days);
    total.letter_reply_days = Durations::from_days(all_letter_days);
    total.deputies_attending = all_attending.len() as u32;
    // Term evaluations (A6.2) have no year: they count in the total and in their term.
    let mut terms: BTreeMap<String, BTreeMap<RuleId, Counts>> = BTreeMap::new();
    for term in &model.site().terms {
        let years: Vec<i32> = super::calendar::term_years(term, ctx.as_of).collect();
        let counts = terms.entry(term.id.value.clone()).or_default();
        for evaluation in evaluations {
            let inside = match &evaluation.period {
                Period::Year(y) => years.contains(y),
                Period::Term(t) => *t == term.id.value,
            };
            if inside {
                counts
                    .entry(evaluation.rule.clone())
                    .or_default()
                    .add(evaluation.status);
            }
        }
    }
    for evaluation in evaluations.iter().filter(|e| e.year().is_none()) {
        total
            .compliance
            .entry(evaluation.rule.clone())
            .or_default()
            .add(evaluation.status);
        total.compliance_total.add(evaluation.status);
    }

    let mut deputies = DeputyFigures::default();
    for deputy in model.deputies.values() {
        deputies.total += 1;
        deputies.grassroots += u32::from(deputy.grassroots);
        bump(&mut deputies.by_region, &deputy.region);
        bump(
            &mut deputies.by_group,
            deputy.group.as_ref().map_or("none", |g| g.value.as_str()),
        );
    }
    Stats {
        years: tally.figures,
        total,
        terms,
        deputies,
        members,
    }
}

fn merge(into: &mut BTreeMap<String, u32>, from: &BTreeMap<String, u32>) {
    for (k, v) in from {
        *into.entry(k.clone()).or_default() += v;
    }
}

impl Figures {
    /// Adds another year's counts (durations and distinct counts are recomputed by the caller).
    fn add(&mut self, o: &Figures) {
        self.meetings += o.meetings;
        self.attendances += o.attendances;
        merge(&mut self.attendance_by_basis, &o.attendance_by_basis);
        self.symposiums += o.symposiums;
        merge(&mut self.symposiums_by_topic, &o.symposiums_by_topic);
        self.activities += o.activities;
        merge(&mut self.activities_by_kind, &o.activities_by_kind);
        self.activity_places += o.activity_places;
        self.trainings += o.trainings;
        self.training_places += o.training_places;
        self.briefings += o.briefings;
        self.briefing_places += o.briefing_places;
        self.solicitations += o.solicitations;
        self.solicitation_deputies += o.solicitation_deputies;
        self.solicitation_responses += o.solicitation_responses;
        self.contacts += o.contacts;
        self.contacts_listened += o.contacts_listened;
        merge(&mut self.contacts_by_channel, &o.contacts_by_channel);
        self.letters += o.letters;
        self.letters_major += o.letters_major;
        self.letters_replied_in_writing += o.letters_replied_in_writing;
        self.opinions.total += o.opinions.total;
        merge(&mut self.opinions.by_category, &o.opinions.by_category);
        merge(&mut self.opinions.by_source, &o.opinions.by_source);
        self.opinions.answered += o.opinions.answered;
        self.opinions.by_status.merge(&o.opinions.by_status);
        for (rule, counts) in &o.compliance {
            self.compliance
                .entry(rule.clone())
                .or_default()
                .merge(counts);
        }
        self.compliance_total.merge(&o.compliance_total);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_median_and_nearest_rank_p90() {
        let d = Durations::from_days(vec![10, 30, 20, 40]);
        assert_eq!((d.count, d.median, d.p90), (4, Some(25.0), Some(40.0)));
        let d = Durations::from_days((1..=10).collect());
        assert_eq!((d.median, d.p90), (Some(5.5), Some(9.0)));
        assert_eq!(Durations::from_days(vec![]).median, None);
    }
}
