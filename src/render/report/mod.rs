//! The annual report: typst embedded as a library. The theme's `report/annual.typ` reads the
//! year's data with `json("data.json")`; record text reaches typst only as JSON data, never
//! spliced into markup, so a title such as `#read("/etc/passwd")` prints literally.
//!
//! The PDF conforms to PDF/A-2b and PDF/UA-1 (typst checks both: document title and date,
//! alt text on every chart, tagged structure).

pub mod annex;
pub mod clerk;
pub mod data;
pub mod docx;
pub mod fonts;
pub mod narrative;
pub mod raster;
pub mod words;
pub mod world;

use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst::{World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::theme::Theme;
use crate::view::View;

pub use fonts::Fonts;

/// The files a report of `year` needs: `data.json` and its charts. `None` when the year is
/// not one of the view's.
fn report_files(view: &View, theme: &Theme, year: i32) -> Option<Vec<(String, Vec<u8>)>> {
    let report = data::report(view, theme, year)?;
    let mut files = vec![(
        "data.json".to_string(),
        serde_json::to_vec(&report.data).ok()?,
    )];
    for (path, svg) in report.charts {
        files.push((path, svg.as_bytes().to_vec()));
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

/// The two forms of a year's report: the PDF the committee publishes, the DOCX draft the
/// office edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Docx,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
        }
    }
}

/// The annual reports in one format as an output of the build: one part per year,
/// `reports/<year>.pdf` or `reports/<year>.docx`. Heavy: a year's whole document is held
/// while it is laid out or written.
pub struct AnnualReports {
    /// The years to write; every evaluated year when `None`.
    years: Option<Vec<i32>>,
    format: Format,
}

impl AnnualReports {
    pub fn all_years(format: Format) -> AnnualReports {
        AnnualReports {
            years: None,
            format,
        }
    }

    /// One year's report (`lianluo report`).
    pub fn year(year: i32, format: Format) -> AnnualReports {
        AnnualReports {
            years: Some(vec![year]),
            format,
        }
    }

    fn years(&self, view: &View) -> Vec<i32> {
        self.years.clone().unwrap_or_else(|| years(view))
    }

    /// Where the report of a year is written in the output folder.
    pub fn path(year: i32, format: Format) -> String {
        format!("reports/{year}.{}", format.extension())
    }
}

/// The DOCX draft of `year`.
pub fn draft(view: &View, year: i32, theme: &Theme) -> Result<Vec<u8>, String> {
    let report = data::report(view, theme, year)
        .ok_or_else(|| format!("{year}年不在评估期间内（no evaluations for {year}）"))?;
    docx::write(&report, view.site.as_of)
}

impl super::Output for AnnualReports {
    fn name(&self) -> &'static str {
        match self.format {
            Format::Pdf => "reports",
            Format::Docx => "report drafts",
        }
    }

    fn progress(&self) -> &'static str {
        match self.format {
            Format::Pdf => "排版年度报告（reports）",
            Format::Docx => "生成年度报告可编辑文稿（report drafts）",
        }
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
        let bytes = match self.format {
            Format::Pdf => compile(view, year, input.theme, Fonts::system()),
            Format::Docx => draft(view, year, input.theme),
        }
        .map_err(|e| format!("{year}年度报告：{e}"))?;
        let path = AnnualReports::path(year, self.format);
        sink.write(&path, &bytes)
            .map_err(|e| format!("writing {path}: {e}"))?;
        Ok(super::Made {
            reports: 1,
            ..super::Made::default()
        })
    }
}

#[cfg(test)]
mod tests;
