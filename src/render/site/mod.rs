//! The website: one tera 2 environment (templates compiled once), the list of pages made from
//! the view ([`pages`]), rendered in parallel and streamed into the output folder.
//!
//! Every page's context holds only what that page shows (its record's view) plus the small
//! site-wide globals; record text reaches templates as data and is escaped by them.

mod opinion_rows;
mod pages;
mod rows;

pub use pages::{PAGE_SIZE, PageJob, Pages, hash_of, pages};

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Kwargs, State, Tera};

use crate::output::Sink;
use crate::theme::Theme;
use crate::view::View;

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
    ("sessions", "nav_sessions", "sessions/index.html"),
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
            label: theme.strings.text(key),
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

/// A page's buffer to begin with: larger than nearly every page, so few pages grow and copy
/// themselves.
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
        // with the last thousands of pages of a national site while the other waited.
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

/// The base path of the site's URLs (`https://example.org/lianluo/` → `/lianluo/`).
pub fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("//").map_or(base_url, |(_, rest)| rest);
    after_scheme
        .find('/')
        .map_or_else(|| "/".to_string(), |i| after_scheme[i..].to_string())
}

/// What an incremental site remembers from one round to the next (`serve`).
#[derive(Default)]
struct Previous {
    /// The hash of every page's inputs.
    hashes: std::collections::HashMap<String, u64>,
    /// The site-wide inputs (settings, words, templates): when they change, every page does.
    globals: Option<u64>,
    tera: Option<Tera>,
    /// What the index reads of every searchable page (re-rendered pages replace theirs).
    searchable: BTreeMap<String, String>,
}

/// The site's pages, static files and their search parts, as an output of the build.
pub struct SitePages {
    /// Whether the reports page and the menu list report years.
    reports: bool,
    /// Whether what the search index reads of each page is kept for it.
    search: bool,
    /// Kept between rounds when incremental (`serve`): only pages whose inputs changed are
    /// rendered again.
    previous: Option<std::sync::Mutex<Previous>>,
}

impl SitePages {
    pub fn new(reports: bool, search: bool) -> SitePages {
        SitePages {
            reports,
            search,
            previous: None,
        }
    }

    /// A site that renders again only the pages whose inputs changed since its last round.
    pub fn incremental() -> SitePages {
        SitePages {
            reports: false,
            search: true,
            previous: Some(std::sync::Mutex::new(Previous::default())),
        }
    }

    fn write_all(
        &self,
        view: &View,
        theme: &Theme,
        sink: &dyn Sink,
    ) -> Result<super::Made, String> {
        let years = if self.reports {
            crate::render::report::years(view)
        } else {
            Vec::new()
        };
        let tera = environment(theme, view, &years)?;
        let rows = opinion_rows::RowHtml::render(&tera, view)?;
        let mut pages = pages(view, &theme.strings, &rows, None)?;
        let paths = std::mem::take(&mut pages.paths);
        let base = base_path(&view.site.base_url);
        let searchable = render(&tera, pages.jobs, sink, &base, self.search)?;
        write_statics(theme, sink)?;
        Ok(super::Made {
            pages: paths.len(),
            rendered: Some(super::Rendered::new(paths, searchable, true)),
            ..super::Made::default()
        })
    }

    fn write_changed(
        &self,
        previous: &mut Previous,
        view: &View,
        theme: &Theme,
        sink: &dyn Sink,
    ) -> Result<super::Made, String> {
        let globals = hash_of(&(&view.site, &theme.strings, &theme.templates));
        if previous.globals != Some(globals) || previous.tera.is_none() {
            previous.hashes.clear();
            previous.globals = Some(globals);
            previous.tera = Some(environment(theme, view, &[])?);
        }
        let tera = previous.tera.as_ref().ok_or("internal: no templates")?;
        let old = std::mem::take(&mut previous.hashes);
        let rows = opinion_rows::RowHtml::render(tera, view)?;
        let mut pages = pages(view, &theme.strings, &rows, Some(&old))?;
        let rendered: std::collections::HashSet<String> =
            pages.jobs.iter().map(|j| j.path.clone()).collect();
        for path in pages.hashes.keys().filter(|p| !rendered.contains(*p)) {
            sink.keep(path);
        }
        let paths = std::mem::take(&mut pages.paths);
        let fresh = render(
            tera,
            pages.jobs,
            sink,
            &base_path(&view.site.base_url),
            self.search,
        )?;
        // Pages rendered again that are no longer searchable, or no longer exist, leave.
        let before = previous.searchable.len();
        previous
            .searchable
            .retain(|path, _| pages.hashes.contains_key(path) && !rendered.contains(path));
        let changed = previous.searchable.len() != before || !fresh.is_empty();
        previous.searchable.extend(fresh);
        previous.hashes = std::mem::take(&mut pages.hashes);
        write_statics(theme, sink)?;
        Ok(super::Made {
            pages: rendered.len(),
            rendered: Some(super::Rendered::new(
                paths,
                previous.searchable.clone(),
                changed,
            )),
            ..super::Made::default()
        })
    }
}

fn write_statics(theme: &Theme, sink: &dyn Sink) -> Result<(), String> {
    for (path, bytes) in &theme.statics {
        sink.write(path, bytes)
            .map_err(|e| format!("writing {path}: {e}"))?;
    }
    Ok(())
}

impl super::Output for SitePages {
    fn name(&self) -> &'static str {
        "render html"
    }

    fn progress(&self) -> &'static str {
        "生成网页（render html）"
    }

    fn reads(&self) -> super::Reads {
        super::Reads::Pages
    }

    fn write(
        &self,
        _: usize,
        input: &super::Input,
        sink: &dyn Sink,
    ) -> Result<super::Made, String> {
        let view = input.view()?;
        match &self.previous {
            None => self.write_all(view, input.theme, sink),
            Some(previous) => {
                let mut previous = previous.lock().unwrap_or_else(|p| p.into_inner());
                self.write_changed(&mut previous, view, input.theme, sink)
            }
        }
    }
}
