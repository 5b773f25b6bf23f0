//! The pages of the site: one list of jobs (path, template, context) made from the view, a
//! family of pages at a time. With the hashes of a previous build, only the pages whose
//! inputs changed keep a job (`serve`).

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::opinion_rows::RowHtml;
use super::rows::*;
use crate::theme::Strings;
use crate::view::View;

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

pub(super) fn root_of(path: &str) -> String {
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

/// Splits a listing into pages of [`PAGE_SIZE`] rows: each page's file name, rows and pager
/// (`stem.html`, `stem-2.html` …; an empty listing is one empty page).
pub(super) fn paged<'a, T>(items: &'a [T], stem: &str) -> Vec<(String, &'a [T], Pager)> {
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
    /// By page URL, when a record's file last changed (shown on its page).
    updated: &'p std::collections::BTreeMap<String, crate::view::provenance::Updated>,
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
        let updated = self.updated.get(&path);
        let hash = {
            let (data, section, title) = (data.clone(), section.clone(), title.clone());
            Box::new(move || hash_of(&(template, &section, &title, key, &*data, updated)))
        };
        self.jobs.push(PageJob {
            path,
            template,
            context: Box::new(move || {
                let mut context = context(&at, &section, &title, key, &*data);
                if let Some(updated) = updated {
                    context.insert("updated", updated);
                }
                context
            }),
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

/// Every page of the site, made from the view, its opinion rows already rendered (`rows`);
/// with `previous` hashes, only the changed ones.
pub fn pages<'p>(
    view: &'p View,
    strings: &'p Strings,
    rows: &'p RowHtml,
    previous: Option<&'p HashMap<String, u64>>,
) -> Result<Pages<'p>, String> {
    let mut site = Builder {
        view,
        strings,
        rows,
        jobs: Pages {
            previous,
            updated: &view.updated,
            jobs: Vec::new(),
            paths: Vec::new(),
            hashes: HashMap::new(),
        },
    };
    site.home();
    site.deputies()?;
    site.members();
    site.groups();
    site.meetings()?;
    site.events()?;
    site.opinions()?;
    site.letters();
    site.compliance();
    site.others();
    Ok(site.jobs.finish())
}

/// Adds the pages of each family to the list.
struct Builder<'p> {
    view: &'p View,
    strings: &'p Strings,
    rows: &'p RowHtml,
    jobs: Pages<'p>,
}

impl<'p> Builder<'p> {
    fn t(&self, key: &str) -> String {
        self.strings.text(key)
    }

    fn home(&mut self) {
        let view = self.view;
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
        self.jobs.add(
            "index.html",
            "index.html",
            "home",
            &view.site.title,
            "home",
            home,
        );
        let title = self.t("not_found");
        self.jobs
            .add("404.html", "404.html", "", &title, "none", ());
    }

    /// The directory, one pre-rendered list per filter, and a page per deputy.
    fn deputies(&mut self) -> Result<(), String> {
        let view = self.view;
        let all = self.t("all_deputies");
        let nav = self.t("nav_deputies");
        let listing = |active: Option<&'p crate::view::DeputyFilter>| DeputyListing {
            filters: &view.deputy_filters,
            active: active.map(|f| f.slug.as_str()),
            label: active.map_or_else(|| all.clone(), |f| f.label.clone()),
            deputies: match active {
                Some(f) => f
                    .deputies
                    .iter()
                    .filter_map(|&i| view.deputies.get(i))
                    .map(DeputyRow::of)
                    .collect(),
                None => view.deputies.iter().map(DeputyRow::of).collect(),
            },
        };
        let index = listing(None);
        self.jobs.add(
            "deputies/index.html",
            "deputies.html",
            "deputies",
            &nav,
            "listing",
            index,
        );
        for filter in &view.deputy_filters {
            let title = format!("{nav}：{}", filter.label);
            let path = format!("deputies/{}.html", filter.slug);
            let data = listing(Some(filter));
            self.jobs
                .add(path, "deputies.html", "deputies", &title, "listing", data);
        }
        for d in &view.deputies {
            let opinions = self
                .rows
                .of(&d.link.url, d.opinions.iter().map(|o| &**o), true)?;
            let page = WithRows { page: d, opinions };
            self.jobs.add(
                d.link.url.clone(),
                "deputy.html",
                "deputies",
                &d.name,
                "deputy",
                page,
            );
        }
        Ok(())
    }

    fn members(&mut self) {
        let view = self.view;
        let rows: Vec<MemberRow> = view.members.iter().map(MemberRow::of).collect();
        let title = self.t("nav_members");
        self.jobs.add(
            "members/index.html",
            "members.html",
            "members",
            &title,
            "members",
            rows,
        );
        for m in &view.members {
            self.jobs.add(
                m.link.url.clone(),
                "member.html",
                "members",
                &m.name,
                "member",
                m,
            );
        }
    }

    fn groups(&mut self) {
        let view = self.view;
        let rows: Vec<GroupRow> = view.groups.iter().map(GroupRow::of).collect();
        let title = self.t("nav_groups");
        self.jobs.add(
            "groups/index.html",
            "groups.html",
            "groups",
            &title,
            "groups",
            rows,
        );
        for g in &view.groups {
            self.jobs.add(
                g.link.url.clone(),
                "group.html",
                "groups",
                &g.link.label,
                "group",
                g,
            );
        }
    }

    fn meetings(&mut self) -> Result<(), String> {
        let view = self.view;
        let rows: Vec<MeetingRow> = view.meetings.iter().map(MeetingRow::of).collect();
        let title = self.t("nav_meetings");
        self.jobs.add(
            "meetings/index.html",
            "meetings.html",
            "meetings",
            &title,
            "meetings",
            rows,
        );
        for m in &view.meetings {
            let label = &m.link.label;
            let opinions = self
                .rows
                .of(&m.link.url, m.opinions.iter().map(|o| &**o), false)?;
            let page = WithRows { page: m, opinions };
            self.jobs.add(
                m.link.url.clone(),
                "meeting.html",
                "meetings",
                label,
                "meeting",
                page,
            );
        }
        Ok(())
    }

    /// Symposiums, activities and solicitations: a listing and a page each.
    fn events(&mut self) -> Result<(), String> {
        let view = self.view;
        for (section, list) in [
            ("symposiums", &view.symposiums),
            ("activities", &view.activities),
            ("solicitations", &view.solicitations),
            ("sessions", &view.sessions),
        ] {
            let title = self.t(&format!("nav_{section}"));
            let rows: Vec<EventRow> = list.iter().map(EventRow::of).collect();
            let path = format!("{section}/index.html");
            self.jobs
                .add(path, "events.html", section, &title, "events", rows);
            for e in list {
                let label = &e.link.label;
                let opinions = self
                    .rows
                    .of(&e.link.url, e.opinions.iter().map(|o| &**o), false)?;
                let page = WithRows { page: e, opinions };
                self.jobs.add(
                    e.link.url.clone(),
                    "event.html",
                    section,
                    label,
                    "event",
                    page,
                );
            }
        }
        Ok(())
    }

    /// The opinions tracker: all, by status, by year, each split into pages.
    fn opinions(&mut self) -> Result<(), String> {
        let view = self.view;
        let internal = view
            .stats
            .total
            .opinions
            .total
            .saturating_sub(view.opinions.len() as u32);
        let statuses: Vec<(&'static str, String)> =
            ["met", "pending", "not_met", "answered", "open"]
                .into_iter()
                .map(|code| (code, self.t(&format!("opinion_filter.{code}"))))
                .collect();
        let title = self.t("nav_opinions");
        let rows = self.rows;
        let mut listing = |slug: &str,
                           label: String,
                           filter: &dyn Fn(&crate::view::OpinionRow) -> bool|
         -> Result<(), String> {
            let selected: Vec<&'p crate::view::OpinionRow> = view
                .opinions
                .iter()
                .map(|o| &**o)
                .filter(|o| filter(o))
                .collect();
            let stem = if slug == "all" { "index" } else { slug };
            for (file, chunk, pager) in paged(&selected, stem) {
                let path = format!("opinions/{file}");
                let listing = OpinionListing {
                    label: label.clone(),
                    active: slug.to_string(),
                    statuses: statuses.clone(),
                    years: &view.site.years,
                    opinions: rows.of(&path, chunk.iter().copied(), true)?,
                    total: selected.len(),
                    internal,
                    pager,
                };
                self.jobs.add(
                    path,
                    "opinions.html",
                    "opinions",
                    &title,
                    "listing",
                    listing,
                );
            }
            Ok(())
        };
        listing("all", self.strings.text("all_opinions"), &|_| true)?;
        for (code, label) in &statuses {
            listing(code, label.clone(), &|o| o.status == *code)?;
        }
        for year in &view.site.years {
            let label = crate::theme::fill(
                &self.strings.text("labels.period_year"),
                &[("year", &year.to_string())],
            );
            listing(&year.to_string(), label, &|o| o.year == *year)?;
        }
        Ok(())
    }

    fn letters(&mut self) {
        let view = self.view;
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
        let title = self.t("nav_letters");
        self.jobs.add(
            "letters/index.html",
            "letters.html",
            "letters",
            &title,
            "letters",
            letters,
        );
    }

    /// The index of periods, and each period's dashboard split into pages of findings.
    fn compliance(&mut self) {
        let view = self.view;
        let nav = self.t("nav_compliance");
        let periods: Vec<PeriodSummary> = view.compliance.iter().map(PeriodSummary::of).collect();
        let template = "compliance_index.html";
        self.jobs.add(
            "compliance/index.html",
            template,
            "compliance",
            &nav,
            "periods",
            periods,
        );
        for period in &view.compliance {
            let title = format!("{nav}：{}", period.label);
            for (file, chunk, pager) in paged(&period.findings, &period.slug) {
                let page = CompliancePage {
                    summary: PeriodSummary::of(period),
                    rows: &period.rows,
                    findings: chunk,
                    pager,
                };
                let path = format!("compliance/{file}");
                self.jobs.add(
                    path,
                    "compliance.html",
                    "compliance",
                    &title,
                    "period",
                    page,
                );
            }
        }
    }

    /// The regulation, the reports, the open data, the search page and the free pages.
    fn others(&mut self) {
        let view = self.view;
        if let Some(regulation) = &view.regulation {
            let title = self.t("nav_regulation");
            let path = "regulation/index.html";
            self.jobs.add(
                path,
                "regulation.html",
                "regulation",
                &title,
                "regulation",
                regulation,
            );
        }
        let years: Vec<i32> = view.years.iter().map(|y| y.year).collect();
        let title = self.t("nav_reports");
        self.jobs.add(
            "reports/index.html",
            "reports.html",
            "reports",
            &title,
            "years",
            years,
        );
        let title = self.t("nav_data");
        self.jobs
            .add("data/index.html", "data.html", "data", &title, "none", ());
        if let Some(changelog) = &view.changelog {
            let title = self.t("labels.changelog.title");
            self.jobs.add(
                crate::view::changelog::PAGE,
                "changes.html",
                "changes",
                &title,
                "changelog",
                changelog,
            );
        }
        let title = self.t("search_title");
        self.jobs.add(
            "search/index.html",
            "search.html",
            "search",
            &title,
            "none",
            (),
        );
        for page in &view.pages {
            let label = &page.link.label;
            self.jobs.add(
                page.link.url.clone(),
                "page.html",
                "pages",
                label,
                "page",
                page,
            );
        }
    }
}
