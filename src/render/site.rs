//! The website: one tera 2 environment (templates compiled once), a list of pages made from
//! the view, rendered in parallel and streamed into the staging folder.
//!
//! Every page's context holds only what that page shows (its record's view) plus the small
//! site-wide globals; record text reaches templates as data and is escaped by them.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Kwargs, State, Tera};

use crate::output::Sink;
use crate::view::{DeputyPage, View};

/// A theme: tera templates, static assets and the UI strings (`i18n/zh-CN.yaml`).
pub struct Theme {
    pub templates: Vec<(String, String)>,
    pub statics: Vec<(String, Vec<u8>)>,
    pub strings: BTreeMap<String, String>,
    /// The report template and its includes (typst files), by name.
    pub report: Vec<(String, String)>,
}

macro_rules! embedded {
    ($($name:literal),+ $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/", $name)))),+]
    };
}

/// The default theme, compiled into the binary so `lianluo` works from any folder.
const DEFAULT_THEME: &[(&str, &str)] = embedded!(
    "templates/base.html",
    "templates/macros.html",
    "templates/index.html",
    "templates/deputies.html",
    "templates/deputy.html",
    "templates/members.html",
    "templates/member.html",
    "templates/groups.html",
    "templates/group.html",
    "templates/meetings.html",
    "templates/meeting.html",
    "templates/events.html",
    "templates/event.html",
    "templates/opinions.html",
    "templates/letters.html",
    "templates/compliance_index.html",
    "templates/compliance.html",
    "templates/regulation.html",
    "templates/reports.html",
    "templates/data.html",
    "templates/page.html",
    "templates/404.html",
    "templates/search.html",
    "static/style.css",
    "static/search.js",
    "i18n/zh-CN.yaml",
    "report/annual.typ",
    "report/parts.typ",
);

impl Theme {
    pub fn embedded() -> Result<Theme, String> {
        Theme::from_files(
            DEFAULT_THEME
                .iter()
                .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
                .collect(),
        )
    }

    /// Reads a theme folder (a copy of `themes/default` a user changed).
    pub fn load(dir: &Path) -> Result<Theme, String> {
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(|e| format!("cannot read theme `{}`: {e}", dir.display()))?;
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let bytes = std::fs::read(entry.path())
                    .map_err(|e| format!("cannot read `{}`: {e}", entry.path().display()))?;
                files.push((rel, bytes));
            }
        }
        Theme::from_files(files)
    }

    fn from_files(files: Vec<(String, Vec<u8>)>) -> Result<Theme, String> {
        let mut theme = Theme {
            templates: Vec::new(),
            statics: Vec::new(),
            strings: BTreeMap::new(),
            report: Vec::new(),
        };
        for (rel, bytes) in files {
            let text = || {
                String::from_utf8(bytes.clone())
                    .map_err(|_| format!("theme file `{rel}` is not UTF-8"))
            };
            if let Some(name) = rel.strip_prefix("templates/") {
                theme.templates.push((name.to_string(), text()?));
            } else if let Some(name) = rel.strip_prefix("static/") {
                theme.statics.push((format!("static/{name}"), bytes));
            } else if let Some(name) = rel.strip_prefix("report/") {
                theme.report.push((name.to_string(), text()?));
            } else if rel == "i18n/zh-CN.yaml" {
                theme.strings = serde_yaml::from_str(&text()?)
                    .map_err(|e| format!("theme strings `{rel}`: {e}"))?;
            }
        }
        if theme.templates.is_empty() {
            return Err("the theme has no templates/ folder".into());
        }
        Ok(theme)
    }
}

/// One page to render: where it goes, with which template and context.
pub struct PageJob<'a> {
    pub path: String,
    pub template: &'static str,
    /// Makes the page's context when it is rendered (not before: a context is a deep copy of
    /// the page's data, and holding every page's at once would not scale).
    pub context: Box<dyn Fn() -> Context + Send + Sync + 'a>,
    /// Hashes the page's inputs (for incremental rebuilds only).
    hash: Box<dyn Fn() -> u64 + Send + Sync + 'a>,
}

/// "2024-03-26" → "2024年3月26日" (anything else is returned as it is).
fn cn_date(value: &str, _: Kwargs, _: &State) -> String {
    match crate::content::yaml::parse_date(value) {
        Ok(date) => crate::rules::cn_date(date),
        Err(_) => value.to_string(),
    }
}

#[derive(Serialize)]
struct NavItem {
    section: &'static str,
    label: String,
    url: &'static str,
}

const SECTIONS: &[(&str, &str, &str)] = &[
    ("home", "nav_home", "index.html"),
    ("deputies", "nav_deputies", "deputies/index.html"),
    ("members", "nav_members", "members/index.html"),
    ("meetings", "nav_meetings", "meetings/index.html"),
    ("symposiums", "nav_symposiums", "symposiums/index.html"),
    ("activities", "nav_activities", "activities/index.html"),
    (
        "solicitations",
        "nav_solicitations",
        "solicitations/index.html",
    ),
    ("opinions", "nav_opinions", "opinions/index.html"),
    ("letters", "nav_letters", "letters/index.html"),
    ("groups", "nav_groups", "groups/index.html"),
    ("compliance", "nav_compliance", "compliance/index.html"),
    ("regulation", "nav_regulation", "regulation/index.html"),
    ("reports", "nav_reports", "reports/index.html"),
    ("data", "nav_data", "data/index.html"),
];

/// The tera environment with the theme's templates compiled once, and the site-wide globals.
pub fn environment(theme: &Theme, view: &View, reports: &[i32]) -> Result<Tera, String> {
    let mut tera = Tera::new();
    tera.register_filter("cn_date", cn_date);
    tera.add_raw_templates(
        theme
            .templates
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str())),
    )
    .map_err(|e| format!("theme templates: {e}"))?;
    let nav: Vec<NavItem> = SECTIONS
        .iter()
        .map(|(section, key, url)| NavItem {
            section,
            label: theme
                .strings
                .get(*key)
                .cloned()
                .unwrap_or_else(|| key.to_string()),
            url,
        })
        .collect();
    let globals = tera.global_context();
    globals.insert("site", &view.site);
    globals.insert("t", &theme.strings);
    globals.insert("nav", &nav);
    globals.insert("reports", reports);
    Ok(tera)
}

fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

fn context<T: Serialize + ?Sized>(
    path: &str,
    section: &str,
    title: &str,
    key: &'static str,
    data: &T,
) -> Context {
    let mut context = Context::new();
    context.insert("root", &root_of(path));
    context.insert("path", path);
    context.insert("section", section);
    context.insert("title", title);
    context.insert(key, data);
    context
}

#[derive(Serialize)]
struct DeputyListing<'a> {
    filters: &'a [crate::view::DeputyFilter],
    active: Option<&'a str>,
    label: String,
    deputies: Vec<DeputyRow<'a>>,
}

/// A deputy in a directory: the figures of the row, not the whole record of duty.
#[derive(Serialize)]
struct DeputyRow<'a> {
    url: &'a str,
    label: &'a str,
    region: &'a str,
    group: Option<&'a crate::view::Ref>,
    grassroots: bool,
    meetings: usize,
    activities: usize,
    opinions: usize,
}

impl<'a> DeputyRow<'a> {
    fn of(d: &'a DeputyPage) -> DeputyRow<'a> {
        DeputyRow {
            url: &d.link.url,
            label: &d.link.label,
            region: &d.region,
            group: d.group.as_ref(),
            grassroots: d.grassroots,
            meetings: d.meetings.len(),
            activities: d.activities.len() + d.symposiums.len(),
            opinions: d.opinions.len(),
        }
    }
}

#[derive(Serialize)]
struct OpinionListing<'a> {
    label: String,
    active: String,
    statuses: Vec<(&'static str, &'static str)>,
    years: &'a [i32],
    /// The opinions of this page of the listing.
    opinions: Vec<&'a crate::view::OpinionRow>,
    /// All opinions the filter selects, over every page.
    total: usize,
    internal: u32,
    pager: Pager,
}

/// Long listings are split into pages (a 200,000-row page helps no reader).
#[derive(Serialize)]
struct Pager {
    page: usize,
    pages: usize,
    /// The file name of each page, in order (`not_met.html`, `not_met-2.html` …).
    files: Vec<String>,
}

/// A compliance period without its findings (for the index and the home page).
#[derive(Serialize)]
struct PeriodSummary<'a> {
    slug: &'a str,
    label: &'a str,
    total: &'a crate::rules::stats::Counts,
    chart: &'a crate::render::charts::Chart,
}

impl<'a> PeriodSummary<'a> {
    fn of(p: &'a crate::view::CompliancePeriod) -> PeriodSummary<'a> {
        PeriodSummary {
            slug: &p.slug,
            label: &p.label,
            total: &p.total,
            chart: &p.chart,
        }
    }
}

/// One page of a compliance dashboard: the rule table, the chart and a page of findings.
#[derive(Serialize)]
struct CompliancePage<'a> {
    #[serde(flatten)]
    summary: PeriodSummary<'a>,
    rows: &'a [crate::view::RuleRow],
    findings: &'a [crate::view::Finding],
    pager: Pager,
}

#[derive(Serialize)]
struct MemberRow<'a> {
    url: &'a str,
    name: &'a str,
    role: &'a str,
    from: chrono::NaiveDate,
    to: Option<chrono::NaiveDate>,
    links: Vec<&'a crate::view::Ref>,
}

impl<'a> MemberRow<'a> {
    fn of(m: &'a crate::view::MemberPage) -> MemberRow<'a> {
        MemberRow {
            url: &m.link.url,
            name: &m.name,
            role: m.role,
            from: m.from,
            to: m.to,
            links: m.links.iter().map(|l| &l.deputy).collect(),
        }
    }
}

#[derive(Serialize)]
struct GroupRow<'a> {
    url: &'a str,
    label: &'a str,
    basis: &'a str,
    deputies: usize,
    activities: usize,
}

impl<'a> GroupRow<'a> {
    fn of(g: &'a crate::view::GroupPage) -> GroupRow<'a> {
        GroupRow {
            url: &g.link.url,
            label: &g.link.label,
            basis: g.basis,
            deputies: g.deputies.len(),
            activities: g.activities.len(),
        }
    }
}

#[derive(Serialize)]
struct MeetingRow<'a> {
    url: &'a str,
    label: &'a str,
    start: chrono::NaiveDate,
    end: chrono::NaiveDate,
    materials_sent: chrono::NaiveDate,
    attendees: usize,
    opinions: usize,
}

impl<'a> MeetingRow<'a> {
    fn of(m: &'a crate::view::MeetingPage) -> MeetingRow<'a> {
        MeetingRow {
            url: &m.link.url,
            label: &m.link.label,
            start: m.start,
            end: m.end,
            materials_sent: m.materials_sent,
            attendees: m.attendee_refs.len(),
            opinions: m.opinions.len(),
        }
    }
}

#[derive(Serialize)]
struct EventRow<'a> {
    url: &'a str,
    label: &'a str,
    date: chrono::NaiveDate,
    kind_label: &'a str,
    deputies: usize,
    opinions: usize,
}

impl<'a> EventRow<'a> {
    fn of(e: &'a crate::view::EventPage) -> EventRow<'a> {
        EventRow {
            url: &e.link.url,
            label: &e.link.label,
            date: e.date,
            kind_label: e.kind_label,
            deputies: e.deputies.len(),
            opinions: e.opinions.len(),
        }
    }
}

/// Splits a listing into pages of [`PAGE_SIZE`] rows: each page's file name, rows and pager
/// (`stem.html`, `stem-2.html` …; an empty listing is one empty page).
fn paged<'a, T>(items: &'a [T], stem: &str) -> Vec<(String, &'a [T], Pager)> {
    let chunks: Vec<&[T]> = if items.is_empty() {
        vec![items]
    } else {
        items.chunks(PAGE_SIZE).collect()
    };
    let files: Vec<String> = (1..=chunks.len())
        .map(|n| {
            if n == 1 {
                format!("{stem}.html")
            } else {
                format!("{stem}-{n}.html")
            }
        })
        .collect();
    let pages = chunks.len();
    chunks
        .into_iter()
        .enumerate()
        .map(|(n, chunk)| {
            (
                files[n].clone(),
                chunk,
                Pager {
                    page: n + 1,
                    pages,
                    files: files.clone(),
                },
            )
        })
        .collect()
}

/// Rows per page of a long listing.
pub const PAGE_SIZE: usize = 200;

/// The pages of a site: the jobs to render and every page's path. Given the hashes of a
/// previous build, every page's inputs are hashed (in parallel) and only the pages whose
/// inputs changed keep a job; a full build hashes nothing.
pub struct Pages<'p> {
    previous: Option<&'p HashMap<String, u64>>,
    pub jobs: Vec<PageJob<'p>>,
    /// Every page of the site, sorted.
    pub paths: Vec<String>,
    /// The hash of every page's inputs (empty without `previous`).
    pub hashes: HashMap<String, u64>,
}

/// A fingerprint of a page's inputs (or of anything serialisable), within one process.
pub fn hash_of<T: Serialize + ?Sized>(value: &T) -> u64 {
    crate::render::fingerprint::of(value)
}

impl<'p> Pages<'p> {
    fn add<T: Serialize + Send + Sync + 'p>(
        &mut self,
        path: impl Into<String>,
        template: &'static str,
        section: &str,
        title: &str,
        key: &'static str,
        data: T,
    ) {
        let path = path.into();
        let data = std::sync::Arc::new(data);
        let (at, section, title) = (path.clone(), section.to_string(), title.to_string());
        let hash = {
            let (data, section, title) = (data.clone(), section.clone(), title.clone());
            Box::new(move || hash_of(&(template, &section, &title, key, &*data)))
        };
        self.jobs.push(PageJob {
            path,
            template,
            context: Box::new(move || context(&at, &section, &title, key, &*data)),
            hash,
        });
    }

    /// Lists the paths and, for an incremental rebuild, drops the jobs of unchanged pages.
    fn finish(mut self) -> Pages<'p> {
        self.paths = self.jobs.iter().map(|j| j.path.clone()).collect();
        self.paths.sort();
        if let Some(previous) = self.previous {
            let hashes: Vec<u64> = self.jobs.par_iter().map(|job| (job.hash)()).collect();
            let jobs = std::mem::take(&mut self.jobs);
            for (job, hash) in jobs.into_iter().zip(hashes) {
                self.hashes.insert(job.path.clone(), hash);
                if previous.get(&job.path) != Some(&hash) {
                    self.jobs.push(job);
                }
            }
        }
        self
    }
}

/// Every page of the site, made from the view; with `previous` hashes, only the changed ones.
pub fn pages<'p>(
    view: &'p View,
    strings: &BTreeMap<String, String>,
    previous: Option<&'p HashMap<String, u64>>,
) -> Pages<'p> {
    let t = |key: &str| strings.get(key).cloned().unwrap_or_else(|| key.to_string());
    let mut jobs = Pages {
        previous,
        jobs: Vec::new(),
        paths: Vec::new(),
        hashes: HashMap::new(),
    };
    let this_year = view
        .years
        .iter()
        .find(|y| y.year == view.site.year)
        .or(view.years.last());
    #[derive(Serialize)]
    struct Home<'a> {
        year: Option<&'a crate::view::YearFigures>,
        compliance: Option<PeriodSummary<'a>>,
        latest: &'a [crate::view::Dated],
        deputies: &'a crate::rules::stats::DeputyFigures,
    }
    let home = Home {
        year: this_year,
        compliance: this_year
            .and_then(|y| {
                view.compliance
                    .iter()
                    .find(|c| c.slug == y.year.to_string())
            })
            .map(PeriodSummary::of),
        latest: &view.latest,
        deputies: &view.stats.deputies,
    };
    jobs.add(
        "index.html",
        "index.html",
        "home",
        &view.site.title,
        "home",
        home,
    );
    jobs.add("404.html", "404.html", "", &t("not_found"), "none", ());

    // Deputies: the directory, one pre-rendered list per filter, and a page each.
    fn listing<'a>(
        view: &'a View,
        active: Option<&'a crate::view::DeputyFilter>,
        all: String,
    ) -> DeputyListing<'a> {
        DeputyListing {
            filters: &view.deputy_filters,
            active: active.map(|f| f.slug.as_str()),
            label: active.map_or(all, |f| f.label.clone()),
            deputies: match active {
                Some(f) => f
                    .deputies
                    .iter()
                    .filter_map(|&i| view.deputies.get(i))
                    .map(DeputyRow::of)
                    .collect(),
                None => view.deputies.iter().map(DeputyRow::of).collect(),
            },
        }
    }
    jobs.add(
        "deputies/index.html",
        "deputies.html",
        "deputies",
        &t("nav_deputies"),
        "listing",
        listing(view, None, t("all_deputies")),
    );
    for filter in &view.deputy_filters {
        let title = format!("{}：{}", t("nav_deputies"), filter.label);
        jobs.add(
            format!("deputies/{}.html", filter.slug),
            "deputies.html",
            "deputies",
            &title,
            "listing",
            listing(view, Some(filter), t("all_deputies")),
        );
    }
    for d in &view.deputies {
        jobs.add(
            d.link.url.clone(),
            "deputy.html",
            "deputies",
            &d.name,
            "deputy",
            d,
        );
    }
    let member_rows: Vec<MemberRow> = view.members.iter().map(MemberRow::of).collect();
    jobs.add(
        "members/index.html",
        "members.html",
        "members",
        &t("nav_members"),
        "members",
        member_rows,
    );
    for m in &view.members {
        jobs.add(
            m.link.url.clone(),
            "member.html",
            "members",
            &m.name,
            "member",
            m,
        );
    }
    let group_rows: Vec<GroupRow> = view.groups.iter().map(GroupRow::of).collect();
    jobs.add(
        "groups/index.html",
        "groups.html",
        "groups",
        &t("nav_groups"),
        "groups",
        group_rows,
    );
    for g in &view.groups {
        jobs.add(
            g.link.url.clone(),
            "group.html",
            "groups",
            &g.link.label,
            "group",
            g,
        );
    }
    let meeting_rows: Vec<MeetingRow> = view.meetings.iter().map(MeetingRow::of).collect();
    jobs.add(
        "meetings/index.html",
        "meetings.html",
        "meetings",
        &t("nav_meetings"),
        "meetings",
        meeting_rows,
    );
    for m in &view.meetings {
        jobs.add(
            m.link.url.clone(),
            "meeting.html",
            "meetings",
            &m.link.label,
            "meeting",
            m,
        );
    }
    for (section, list) in [
        ("symposiums", &view.symposiums),
        ("activities", &view.activities),
        ("solicitations", &view.solicitations),
    ] {
        let title = t(&format!("nav_{section}"));
        let rows: Vec<EventRow> = list.iter().map(EventRow::of).collect();
        jobs.add(
            format!("{section}/index.html"),
            "events.html",
            section,
            &title,
            "events",
            rows,
        );
        for e in list {
            jobs.add(
                e.link.url.clone(),
                "event.html",
                section,
                &e.link.label,
                "event",
                e,
            );
        }
    }

    // The opinions tracker: all, by status, by year.
    let internal = view
        .stats
        .total
        .opinions
        .total
        .saturating_sub(view.opinions.len() as u32);
    let statuses = vec![
        ("met", "已按时反馈"),
        ("pending", "办理中"),
        ("not_met", "未按时反馈"),
        ("answered", "已反馈（无时限要求）"),
        ("open", "未反馈（无时限要求）"),
    ];
    let opinion_page = |jobs: &mut Pages<'p>,
                        slug: &str,
                        label: String,
                        filter: &dyn Fn(&crate::view::OpinionRow) -> bool| {
        let selected: Vec<&'p crate::view::OpinionRow> =
            view.opinions.iter().filter(|o| filter(o)).collect();
        let stem = if slug == "all" { "index" } else { slug };
        for (file, chunk, pager) in paged(&selected, stem) {
            let listing = OpinionListing {
                label: label.clone(),
                active: slug.to_string(),
                statuses: statuses.clone(),
                years: &view.site.years,
                opinions: chunk.to_vec(),
                total: selected.len(),
                internal,
                pager,
            };
            jobs.add(
                format!("opinions/{file}"),
                "opinions.html",
                "opinions",
                &t("nav_opinions"),
                "listing",
                listing,
            );
        }
    };
    opinion_page(&mut jobs, "all", t("all_opinions"), &|_| true);
    for (code, label) in &statuses {
        opinion_page(&mut jobs, code, label.to_string(), &|o| o.status == *code);
    }
    for year in &view.site.years {
        opinion_page(&mut jobs, &year.to_string(), format!("{year}年"), &|o| {
            o.year == *year
        });
    }

    #[derive(Serialize)]
    struct Letters<'a> {
        years: Vec<(i32, u32, u32, u32)>,
        total: &'a crate::rules::stats::Figures,
        public: &'a [crate::view::LetterRow],
        compliance: Vec<(&'a str, &'a crate::view::RuleRow)>,
    }
    let letters = Letters {
        years: view
            .stats
            .years
            .iter()
            .map(|(y, f)| (*y, f.letters, f.letters_major, f.letters_replied_in_writing))
            .collect(),
        total: &view.stats.total,
        public: &view.public_letters,
        compliance: view
            .compliance
            .iter()
            .flat_map(|c| {
                c.rows
                    .iter()
                    .filter(|r| r.article == 13)
                    .map(move |r| (c.label.as_str(), r))
            })
            .collect(),
    };
    jobs.add(
        "letters/index.html",
        "letters.html",
        "letters",
        &t("nav_letters"),
        "letters",
        letters,
    );

    let periods: Vec<PeriodSummary> = view.compliance.iter().map(PeriodSummary::of).collect();
    jobs.add(
        "compliance/index.html",
        "compliance_index.html",
        "compliance",
        &t("nav_compliance"),
        "periods",
        periods,
    );
    for period in &view.compliance {
        let title = format!("{}：{}", t("nav_compliance"), period.label);
        for (file, chunk, pager) in paged(&period.findings, &period.slug) {
            let page = CompliancePage {
                summary: PeriodSummary::of(period),
                rows: &period.rows,
                findings: chunk,
                pager,
            };
            jobs.add(
                format!("compliance/{file}"),
                "compliance.html",
                "compliance",
                &title,
                "period",
                page,
            );
        }
    }
    if let Some(regulation) = &view.regulation {
        jobs.add(
            "regulation/index.html",
            "regulation.html",
            "regulation",
            &t("nav_regulation"),
            "regulation",
            regulation,
        );
    }
    jobs.add(
        "reports/index.html",
        "reports.html",
        "reports",
        &t("nav_reports"),
        "years",
        view.years.iter().map(|y| y.year).collect::<Vec<_>>(),
    );
    jobs.add(
        "data/index.html",
        "data.html",
        "data",
        &t("nav_data"),
        "none",
        (),
    );
    jobs.add(
        "search/index.html",
        "search.html",
        "search",
        &t("search_title"),
        "none",
        (),
    );
    for page in &view.pages {
        jobs.add(
            page.link.url.clone(),
            "page.html",
            "pages",
            &page.link.label,
            "page",
            page,
        );
    }
    jobs.finish()
}

/// A page's buffer to begin with: at M the median page is 8 KB and nine in ten are under
/// 16 KB, so few pages grow and copy themselves.
const PAGE_CAPACITY: usize = 32 * 1024;

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Renders every page in parallel and writes it to the staging folder. With `searchable`,
/// returns what the search index reads of the pages that mark a search region
/// (`data-pagefind-body`: [`crate::render::search::searched_part`]), by path (otherwise
/// nothing is kept).
pub fn render(
    tera: &Tera,
    jobs: Vec<PageJob>,
    staging: &dyn Sink,
    base_path: &str,
    searchable: bool,
) -> Result<BTreeMap<String, String>, String> {
    let searchable: Result<Vec<Option<(String, String)>>, String> = jobs
        .into_par_iter()
        // Pieces of at most 8 pages: rayon splits a list into as many pieces as it has
        // threads and only splits again what another thread steals, so one thread was left
        // with the last thousands of pages of a national site while the other waited (L:
        // render html 2.5 -> 1.8 s).
        .with_max_len(8)
        .map(|job| {
            let mut context = (job.context)();
            if job.path == "404.html" {
                // Served for any missing URL, at any depth: links from the site's root path.
                context.insert("root", base_path);
            }
            // Rendered as bytes: the page goes to the file as it is, and only a page for the
            // search index is checked as text.
            let mut html = Vec::with_capacity(PAGE_CAPACITY);
            tera.render_to(job.template, &context, &mut html).map_err(|e| format!("rendering {} with {}: {e}", job.path, job.template))?;
            staging.write(&job.path, &html).map_err(|e| format!("writing {}: {e}", job.path))?;
            if !searchable || !contains(&html, crate::render::search::BODY_MARKER.as_bytes()) {
                return Ok(None);
            }
            let html = String::from_utf8(html).map_err(|e| format!("rendering {}: the page is not UTF-8 text: {e}", job.path))?;
            Ok(Some((job.path, crate::render::search::searched_part(html))))
        })
        .collect();
    Ok(searchable?.into_iter().flatten().collect())
}
