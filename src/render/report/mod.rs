//! The annual report: typst embedded as a library. The theme's `report/annual.typ` reads the
//! year's data with `json("data.json")`; record text reaches typst only as JSON data, never
//! spliced into markup, so a title such as `#read("/etc/passwd")` prints literally.
//!
//! The PDF conforms to PDF/A-2b and PDF/UA-1 (typst checks both: document title and date,
//! alt text on every chart, tagged structure).

pub mod annex;
pub mod clerk;
pub mod fonts;
pub mod narrative;
pub mod world;

use serde::Serialize;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst::{World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::model::RuleParams;
use crate::rules::stats::{Counts, Figures};
use crate::theme::Theme;
use crate::view::{RuleRow, View};
use annex::{
    ArticleSection, ChartRef, MemberAppendix, article_sections, chart_ref, member_appendix,
};

pub use fonts::Fonts;

#[derive(Serialize)]
struct DateParts {
    year: i32,
    month: u32,
    day: u32,
}

/// The year's evaluation in figures. Its unmet and pending items are given once, by article
/// (`articles[].groups`), not a second time as one list.
#[derive(Serialize)]
struct ComplianceSummary<'a> {
    label: &'a str,
    rows: &'a [RuleRow],
    total: &'a Counts,
}

#[derive(Serialize)]
struct ReportData<'a> {
    title: String,
    body: &'a str,
    site_title: &'a str,
    year: i32,
    as_of: String,
    as_of_cn: String,
    date: DateParts,
    terms: Vec<&'a str>,
    params: RuleParams,
    data_version: String,
    figures: &'a Figures,
    compliance: ComplianceSummary<'a>,
    summary_chart: ChartRef<'a>,
    /// “第六条至第十三条”: the articles the rules cite.
    articles_span: &'a str,
    /// The narrative: one section per area of the work, in the theme's sentences.
    narrative: Vec<narrative::Section>,
    /// The parts the office writes: 前言, 存在的问题, 下一步工作.
    clerk: clerk::Parts,
    articles: Vec<ArticleSection<'a>>,
    members: Vec<MemberAppendix<'a>>,
}

/// The files a report of `year` needs: `data.json` and its charts. `None` when the year is
/// not one of the view's.
fn report_files(view: &View, theme: &Theme, year: i32) -> Option<Vec<(String, Vec<u8>)>> {
    let figures = view.years.iter().find(|y| y.year == year)?;
    let compliance = view
        .compliance
        .iter()
        .find(|c| c.slug == year.to_string())?;
    let articles = article_sections(view, figures, compliance, year);
    let members = member_appendix(view, year);
    let latest = view
        .latest
        .first()
        .map_or_else(String::new, |d| crate::rules::cn_date(d.date));
    let as_of = view.site.as_of;
    use chrono::Datelike;
    let data = ReportData {
        title: format!("{year}年度常委会联系代表工作情况报告"),
        body: &view.site.body,
        site_title: &view.site.title,
        year,
        as_of: as_of.to_string(),
        as_of_cn: crate::rules::cn_date(as_of),
        date: DateParts {
            year: as_of.year(),
            month: as_of.month(),
            day: as_of.day(),
        },
        terms: view
            .site
            .terms
            .iter()
            .filter(|t| t.years.contains(&year))
            .map(|t| t.name.as_str())
            .collect(),
        params: view.site.rules,
        data_version: {
            let counts = format!(
                "公开记录{}条，最近一条公开记录日期为{latest}；评估{}项",
                view.public_records, view.evaluation_count
            );
            match &view.site.version {
                Some(version) => format!("{version}；{counts}"),
                None => counts,
            }
        },
        figures: &figures.figures,
        compliance: ComplianceSummary {
            label: &compliance.label,
            rows: &compliance.rows,
            total: &compliance.total,
        },
        summary_chart: chart_ref(&compliance.chart),
        articles_span: &view.site.articles_span,
        narrative: narrative::sections(view, &theme.strings, year, compliance),
        clerk: clerk::Parts::new(
            &|key| {
                view.report_texts
                    .get(&year)
                    .and_then(|parts| parts.get(key))
                    .cloned()
                    .unwrap_or_default()
            },
            &theme.strings,
            year,
        ),
        articles,
        members,
    };
    let mut files = vec![("data.json".to_string(), serde_json::to_vec(&data).ok()?)];
    for chart in figures
        .charts
        .iter()
        .chain(std::iter::once(&compliance.chart))
    {
        files.push((
            format!("charts/{}.svg", chart.id),
            chart.svg.clone().into_bytes(),
        ));
    }
    Some(files)
}

fn describe(world: &dyn World, diagnostic: &SourceDiagnostic) -> String {
    let place = diagnostic
        .span
        .id()
        .and_then(|id| {
            let source = world.source(id).ok()?;
            let range = world.range(diagnostic.span)?;
            let line = source.lines().byte_to_line(range.start)? + 1;
            Some(format!("{:?}:{line}: ", id.vpath()))
        })
        .unwrap_or_default();
    let hints: Vec<String> = diagnostic
        .hints
        .iter()
        .map(|h| format!(" (hint: {})", h.v))
        .collect();
    format!("{place}{}{}", diagnostic.message, hints.concat())
}

/// Reports being compiled in this process now.
static COMPILING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Counts a compilation while it runs.
struct Compiling;

impl Compiling {
    fn start() -> Compiling {
        COMPILING.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Compiling
    }
}

impl Drop for Compiling {
    fn drop(&mut self) {
        COMPILING.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// Empties typst's process-wide memo cache, unless another report is being compiled beside
/// this one: its second layout pass reuses what its first one left there, and would lay the
/// whole report out again.
fn evict_unless_shared() {
    if COMPILING.load(std::sync::atomic::Ordering::SeqCst) <= 1 {
        typst::comemo::evict(0);
    }
}

/// Compiles the report of `year` to PDF bytes with the theme's report template.
pub fn compile(view: &View, year: i32, theme: &Theme, fonts: &Fonts) -> Result<Vec<u8>, String> {
    let _compiling = Compiling::start();
    fonts.require(fonts::REQUIRED_FAMILIES)?;
    let files = report_files(view, theme, year)
        .ok_or_else(|| format!("{year}年不在评估期间内（no evaluations for {year}）"))?;
    let world = world::ReportWorld::new(fonts, &theme.report, files, view.site.as_of)?;
    let result = typst::compile::<PagedDocument>(&world);
    // typst only warns about an unknown font family; a report must never print tofu.
    let font_problems: Vec<String> = result
        .warnings
        .iter()
        .filter(|w| {
            w.severity == Severity::Warning
                && (w.message.contains("font") || w.message.contains("glyph"))
        })
        .map(|w| describe(&world, w))
        .collect();
    if !font_problems.is_empty() {
        return Err(format!(
            "{}。{}",
            font_problems.join("；"),
            fonts::INSTALL_HINT
        ));
    }
    let document = result.output.map_err(|errors| {
        let all: Vec<String> = errors.iter().map(|e| describe(&world, e)).collect();
        format!("the report template failed: {}", all.join("; "))
    })?;
    evict_unless_shared();
    use chrono::Datelike;
    let as_of = view.site.as_of;
    let stamp = Datetime::from_ymd_hms(
        as_of.year(),
        as_of.month() as u8,
        as_of.day() as u8,
        0,
        0,
        0,
    )
    .ok_or("bad as_of")?;
    let standards = PdfStandards::new(&[PdfStandard::A_2b, PdfStandard::Ua_1])
        .map_err(|e| format!("PDF standards: {}", e.message()))?;
    let options = PdfOptions {
        ident: Smart::Custom(format!("lianluo-report-{year}")),
        creator: Smart::Custom(Some("lianluo".into())),
        timestamp: Some(Timestamp::new_utc(stamp)),
        standards,
        ..PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| {
        let all: Vec<String> = errors.iter().map(|e| describe(&world, e)).collect();
        format!("PDF export failed: {}", all.join("; "))
    });
    // typst memoises layout across compilations in a process-wide cache; one report's
    // entries do not help the next year's, and at national scale they held gigabytes.
    drop(document);
    evict_unless_shared();
    pdf
}

/// The years a build writes reports for: every evaluated year (of a term begun by `as_of`).
pub fn years(view: &View) -> Vec<i32> {
    view.years.iter().map(|y| y.year).collect()
}

/// The annual reports as an output of the build: one part per year, `reports/<year>.pdf`.
/// Heavy: typst holds a year's whole document while it lays it out.
pub struct AnnualReports {
    /// The years to write; every evaluated year when `None`.
    years: Option<Vec<i32>>,
}

impl AnnualReports {
    pub fn all_years() -> AnnualReports {
        AnnualReports { years: None }
    }

    /// One year's report (`lianluo report`).
    pub fn year(year: i32) -> AnnualReports {
        AnnualReports {
            years: Some(vec![year]),
        }
    }

    fn years(&self, view: &View) -> Vec<i32> {
        self.years.clone().unwrap_or_else(|| years(view))
    }

    /// Where the report of a year is written in the output folder.
    pub fn path(year: i32) -> String {
        format!("reports/{year}.pdf")
    }
}

impl super::Output for AnnualReports {
    fn name(&self) -> &'static str {
        "reports"
    }

    fn progress(&self) -> &'static str {
        "排版年度报告（reports）"
    }

    fn reads(&self) -> super::Reads {
        super::Reads::Summary
    }

    fn heavy(&self) -> bool {
        true
    }

    fn parts(&self, input: &super::Input) -> usize {
        input.view.map_or(0, |view| self.years(view).len())
    }

    fn write(
        &self,
        part: usize,
        input: &super::Input,
        sink: &dyn crate::output::Sink,
    ) -> Result<super::Made, String> {
        let view = input.view()?;
        let year = self
            .years(view)
            .get(part)
            .copied()
            .ok_or("internal: no such report")?;
        // The system's fonts are scanned once, when the first report is laid out.
        let pdf = compile(view, year, input.theme, Fonts::system())
            .map_err(|e| format!("{year}年度报告：{e}"))?;
        let path = AnnualReports::path(year);
        sink.write(&path, &pdf)
            .map_err(|e| format!("writing {path}: {e}"))?;
        Ok(super::Made {
            reports: 1,
            ..super::Made::default()
        })
    }
}

#[cfg(test)]
mod tests;
