//! The view: everything the website, the reports and the feeds show, computed once from the
//! public projection and the rules' outcome. Renderers and templates only format it.
//!
//! One file per page family, each a function of the shared read-only [`Context`]; [`build`]
//! calls them in order, flat. The view reads only the [`Public`](crate::public::Public)
//! projection: private values and internal records cannot reach it except as counts.

pub mod changelog;
pub mod charts;
pub mod compliance;
pub mod context;
pub mod deputies;
pub mod events;
pub mod groups;
pub mod home;
pub mod labels;
pub mod letters;
pub mod markdown;
pub mod meetings;
pub mod members;
pub mod opinions;
pub mod provenance;
pub mod regulation;
pub mod urls;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

pub use compliance::{CompliancePeriod, Finding, RuleRow};
pub use context::Context;
pub use deputies::{DeputyFilter, DeputyPage};
pub use events::EventPage;
pub use groups::GroupPage;
pub use home::{FreePage, YearFigures};
pub use labels::{Label, Labels};
pub use letters::LetterRow;
pub use markdown::Bodies;
pub use meetings::MeetingPage;
pub use members::MemberPage;
pub use opinions::{OpinionRow, SharedRow};
pub use regulation::RegulationPage;

use crate::rules::Stats;

/// A link to a page of the site: the id, what to show, and the URL relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Ref {
    pub id: String,
    pub label: String,
    pub url: String,
}

/// A link with the date it happened.
#[derive(Debug, Clone, Serialize)]
pub struct Dated {
    pub date: NaiveDate,
    #[serde(flatten)]
    pub record: Ref,
    /// What kind of event, in words (活动类型, 列席依据 …).
    pub note: Label,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermInfo {
    pub id: String,
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub years: Vec<i32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SiteInfo {
    pub title: String,
    pub body: String,
    pub base_url: String,
    pub as_of: NaiveDate,
    /// The year of `as_of`, the one the home page shows.
    pub year: i32,
    pub years: Vec<i32>,
    pub terms: Vec<TermInfo>,
    pub rules: crate::model::RuleParams,
    /// The regulation's full name, from the profile in force.
    pub regulation: String,
    /// The rules in force today, in order, for the pages that list them.
    pub rule_list: Vec<RuleLine>,
    /// The articles the rules cite, first to last (“第六条至第十三条”).
    pub articles_span: String,
    /// The footer's and the home page's sentences with the regulation's name and articles.
    pub footer_source: String,
    pub home_intro: String,
    /// The titles of the rules citing each article, joined (“…；…”), by article number.
    pub duties: std::collections::BTreeMap<String, String>,
    /// The members' hearings table's note, with the hearing rule's title.
    pub hearings_note: String,
    /// The words of the Atom feeds.
    pub feed: FeedWords,
    pub pages: Vec<Ref>,
    /// The data version in words (the commit and its date), `None` outside git.
    pub version: Option<String>,
    /// The 更新记录 page's address, when the site has one.
    pub changelog: Option<&'static str>,
    /// The title of the feed of status changes (`{title}`: the site's).
    pub changelog_feed_title: String,
}

/// The words the feeds put on their entries and titles (`{name}` is a person's name).
#[derive(Debug, Clone, Serialize)]
pub struct FeedWords {
    pub meeting: Label,
    pub attended: Label,
    pub deputy_title: String,
    pub member_title: String,
}

/// A rule as the pages list it.
#[derive(Debug, Clone, Serialize)]
pub struct RuleLine {
    pub id: crate::rules::RuleId,
    pub article: u32,
    /// 第六条
    pub article_label: String,
    pub title: String,
    pub aim: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct View {
    pub site: SiteInfo,
    pub deputies: Vec<DeputyPage>,
    pub deputy_filters: Vec<DeputyFilter>,
    pub members: Vec<MemberPage>,
    pub groups: Vec<GroupPage>,
    pub meetings: Vec<MeetingPage>,
    pub symposiums: Vec<EventPage>,
    pub activities: Vec<EventPage>,
    pub solicitations: Vec<EventPage>,
    /// Sessions of the people's congress (art. 10).
    pub sessions: Vec<EventPage>,
    pub opinions: Vec<SharedRow>,
    pub public_letters: Vec<LetterRow>,
    pub compliance: Vec<CompliancePeriod>,
    pub years: Vec<YearFigures>,
    pub regulation: Option<RegulationPage>,
    pub pages: Vec<FreePage>,
    /// The newest public records, for the home page.
    pub latest: Vec<Dated>,
    pub stats: Stats,
    /// How many evaluations there are (the report states it).
    pub evaluation_count: usize,
    /// How many public records the pages show (deputies, members, meetings, symposiums,
    /// activities, solicitations; the report states it).
    pub public_records: usize,
    /// The office's parts of each year's report (part key → paragraphs as plain text).
    pub report_texts: ReportTexts,
    /// By page URL, when each public record's file last changed (empty outside git).
    pub updated: std::collections::BTreeMap<String, provenance::Updated>,
    /// The 更新记录 page (in git, when `site.yaml` asks for entries).
    pub changelog: Option<changelog::ChangelogPage>,
}

/// By year, by part (`foreword`, `problems`, `next_steps`), the paragraphs.
pub type ReportTexts =
    std::collections::BTreeMap<i32, std::collections::BTreeMap<&'static str, Vec<String>>>;

fn report_texts(ctx: &Context) -> ReportTexts {
    ctx.public
        .reports
        .iter()
        .map(|(year, text)| {
            let parts = text
                .parts
                .iter()
                .map(|(key, md)| (*key, markdown::paragraphs(md)))
                .collect();
            (*year, parts)
        })
        .collect()
}

/// The parts of a [`View`] that only the site's pages and feeds read.
pub struct PageParts {
    pub deputies: Vec<DeputyPage>,
    pub deputy_filters: Vec<DeputyFilter>,
    pub groups: Vec<GroupPage>,
    pub meetings: Vec<MeetingPage>,
    pub symposiums: Vec<EventPage>,
    pub activities: Vec<EventPage>,
    pub solicitations: Vec<EventPage>,
    pub sessions: Vec<EventPage>,
    pub opinions: Vec<SharedRow>,
    pub public_letters: Vec<LetterRow>,
    pub pages: Vec<FreePage>,
}

impl View {
    /// How many pages of records the site has (deputies, members, groups, meetings, events
    /// and free pages): what decides a national-scale build's order.
    pub fn record_pages(&self) -> usize {
        self.deputies.len()
            + self.members.len()
            + self.groups.len()
            + self.meetings.len()
            + self.symposiums.len()
            + self.activities.len()
            + self.solicitations.len()
            + self.sessions.len()
            + self.pages.len()
    }

    /// Takes out what only the pages read, once they are written: the annual reports need the
    /// figures, the evaluations and the members, not every deputy's and record's page (most of
    /// the view at national scale).
    pub fn take_page_parts(&mut self) -> PageParts {
        use std::mem::take;
        PageParts {
            deputies: take(&mut self.deputies),
            deputy_filters: take(&mut self.deputy_filters),
            groups: take(&mut self.groups),
            meetings: take(&mut self.meetings),
            symposiums: take(&mut self.symposiums),
            activities: take(&mut self.activities),
            solicitations: take(&mut self.solicitations),
            sessions: take(&mut self.sessions),
            opinions: take(&mut self.opinions),
            public_letters: take(&mut self.public_letters),
            pages: take(&mut self.pages),
        }
    }
}

/// Builds the view. The compliance dashboards depend on nothing else in the view: they are
/// made side by side with the record pages.
pub fn build(ctx: &Context) -> View {
    let (compliance, view) = rayon::join(|| compliance::periods(ctx), || build_records(ctx));
    View { compliance, ..view }
}

/// The page families, in the order they depend on one another.
fn build_records(ctx: &Context) -> View {
    let meetings = meetings::pages(ctx);
    let symposiums = events::symposiums(ctx);
    let activities = events::activities(ctx);
    let solicitations = events::solicitations(ctx);
    let sessions = events::sessions(ctx);
    let opinions = opinions::tracker(ctx, &meetings, &[&symposiums, &activities, &sessions]);
    let deputies = deputies::pages(
        ctx,
        &meetings,
        &symposiums,
        &activities,
        &solicitations,
        &opinions,
    );
    let deputy_filters = deputies::filters(ctx, &deputies);
    let members = members::pages(ctx, &symposiums, &activities);
    let groups = groups::pages(ctx, &deputies, &activities);
    let public_letters = letters::public(ctx);
    let pages = home::free_pages(ctx);
    let latest = home::latest(
        ctx,
        &meetings,
        &[&symposiums, &activities, &solicitations, &sessions],
    );
    let public_records = deputies.len()
        + members.len()
        + meetings.len()
        + symposiums.len()
        + activities.len()
        + solicitations.len()
        + sessions.len();
    View {
        site: site_info(ctx, &pages),
        years: home::year_figures(ctx),
        regulation: Some(regulation::page(ctx)),
        deputies,
        deputy_filters,
        members,
        groups,
        meetings,
        symposiums,
        activities,
        solicitations,
        sessions,
        opinions,
        public_letters,
        compliance: Vec::new(),
        pages,
        latest,
        stats: ctx.outcome.stats.clone(),
        evaluation_count: ctx.outcome.evaluations.len(),
        public_records,
        report_texts: report_texts(ctx),
        updated: provenance::updated(ctx),
        changelog: changelog::page(ctx),
    }
}

fn site_info(ctx: &Context, pages: &[FreePage]) -> SiteInfo {
    let site = &ctx.public.site;
    let as_of = ctx.public.as_of;
    SiteInfo {
        title: site.title.to_string(),
        body: site.body.to_string(),
        base_url: site.base_url.to_string(),
        as_of,
        year: as_of.year(),
        years: ctx.years().collect(),
        terms: site
            .terms
            .iter()
            .map(|t| TermInfo {
                id: t.id.to_string(),
                name: t.name.to_string(),
                start: t.start,
                end: t.end,
                years: crate::rules::calendar::years_of_term(t.start, t.end, as_of).collect(),
            })
            .collect(),
        rules: site.rules,
        regulation: ctx.outcome.profile.regulation.clone(),
        rule_list: rule_list(ctx),
        articles_span: articles_span(ctx),
        footer_source: ctx.labels.fill(
            "footer_source",
            &[("regulation", &ctx.outcome.profile.regulation)],
        ),
        home_intro: ctx
            .labels
            .fill("home_intro", &[("articles", &articles_span(ctx))]),
        duties: duties(ctx),
        feed: FeedWords {
            meeting: ctx.labels.text("labels.feed.meeting"),
            attended: ctx.labels.text("labels.feed.attended"),
            deputy_title: ctx.labels.text("labels.feed.deputy_title").to_string(),
            member_title: ctx.labels.text("labels.feed.member_title").to_string(),
        },
        hearings_note: ctx.labels.fill(
            "member.hearings_note",
            &[(
                "rule",
                &ctx.outcome
                    .rules_in_force(as_of)
                    .iter()
                    .find(|r| r.check == "hearings_per_year")
                    .map_or_else(String::new, |r| r.title.to_string()),
            )],
        ),
        pages: pages.iter().map(|p| p.link.clone()).collect(),
        version: provenance::version(ctx),
        changelog: ctx.public.changelog.as_ref().map(|_| changelog::PAGE),
        changelog_feed_title: ctx.labels.text("labels.changelog.feed_title").to_string(),
    }
}

fn duties(ctx: &Context) -> std::collections::BTreeMap<String, String> {
    let mut out: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    for rule in ctx.outcome.rules_in_force(ctx.public.as_of) {
        let line = out.entry(rule.article.to_string()).or_default();
        if !line.is_empty() {
            line.push('；');
        }
        line.push_str(&rule.title);
    }
    out
}

fn article_label(number: u32) -> String {
    format!("第{}条", crate::rules::profile::chinese_number(number))
}

fn rule_list(ctx: &Context) -> Vec<RuleLine> {
    ctx.outcome
        .rules_in_force(ctx.public.as_of)
        .into_iter()
        .map(|r| RuleLine {
            id: r.id.clone(),
            article: r.article,
            article_label: article_label(r.article),
            title: r.title.clone(),
            aim: r.aim,
        })
        .collect()
}

fn articles_span(ctx: &Context) -> String {
    let rules = ctx.outcome.rules_in_force(ctx.public.as_of);
    let first = rules.iter().map(|r| r.article).min();
    let last = rules.iter().map(|r| r.article).max();
    match (first, last) {
        (Some(a), Some(b)) if a != b => format!("{}至{}", article_label(a), article_label(b)),
        (Some(a), _) => article_label(a),
        _ => String::new(),
    }
}
