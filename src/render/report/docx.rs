//! The annual report as an editable DOCX draft, for the office to edit in WPS or Word before
//! the committee adopts it: the same [`ReportData`] as the PDF (the same paragraphs, in the
//! same order), its headings as Word's heading styles with their 一、（一） numbers as text,
//! its tables as Word tables, its charts as PNG images with their alternative text. The
//! faces are named as the office's fonts (仿宋, 宋体, 黑体, 楷体), which WPS and Word map to
//! the ones installed.
//!
//! The bytes depend only on the report and `as_of`: the document's dates are `as_of`, every
//! zip entry's time is `as_of`'s midnight, image ids are counted in document order.

use std::io::{Cursor, Read, Write};

use chrono::{Datelike, NaiveDate};
use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin, PageNum,
    Paragraph, Pic, Run, RunFonts, SpecialIndentType, Style, StyleType, TableCell, TableRow,
    WidthType,
};

use super::annex::ChartRef;
use super::clerk::Part;
use super::data::{Report, ReportData};
use super::words::{Cell, Marked, Table};
use crate::rules::Status;

/// The faces, by the names Chinese offices' fonts have in WPS and Word.
const FANGSONG: &str = "仿宋";
const SONG: &str = "宋体";
const HEI: &str = "黑体";
const KAI: &str = "楷体";
const LATIN: &str = "Times New Roman";

/// A4 in twips, and the GB/T 9704 margins (3.7 cm top, 3.3 cm bottom, 2.8 cm left, 2.6 cm
/// right).
const PAGE: (u32, u32) = (11906, 16838);
const MARGIN: (i32, i32, i32, i32) = (2098, 1871, 1587, 1474);
/// The text's width in twips, and in EMU (the images' unit).
const TEXT_WIDTH: usize = 11906 - 1587 - 1474;
const EMU_PER_TWIP: u32 = 635;
/// Body lines at exactly 28.95 pt: 22 lines of 16 pt text fill the page as in GB/T 9704.
const LINE: i32 = 579;

fn fonts(face: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(face)
        .ascii(LATIN)
        .hi_ansi(LATIN)
        .cs(LATIN)
}

fn status_colour(status: Status) -> &'static str {
    match status {
        Status::Met => "116329",
        Status::Pending => "6B4300",
        Status::NotMet => "A40E26",
    }
}

/// The document's styles: the body in 仿宋 三号, the title in 宋体 二号 bold, Heading 1 in
/// 黑体, Heading 2 in 楷体, Heading 3 in 仿宋 bold, captions in 黑体 and table text in 五号.
fn styles(docx: Docx) -> Docx {
    let exact = LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(LINE);
    let heading = |id: &str, name: &str, face: &str, level: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .fonts(fonts(face))
            .size(32)
            .outline_lvl(level)
            .indent(Some(0), Some(SpecialIndentType::FirstLine(640)), None, None)
    };
    docx.default_fonts(fonts(FANGSONG))
        .default_size(32)
        .add_style(
            Style::new("Normal", StyleType::Paragraph)
                .name("Normal")
                .q_format(true)
                .fonts(fonts(FANGSONG))
                .size(32)
                .line_spacing(exact.clone())
                .align(AlignmentType::Both),
        )
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .based_on("Normal")
                .q_format(true)
                .fonts(fonts(SONG))
                .size(44)
                .bold()
                .align(AlignmentType::Center)
                .line_spacing(LineSpacing::new().before(0).after(400)),
        )
        .add_style(heading("Heading1", "heading 1", HEI, 0))
        .add_style(heading("Heading2", "heading 2", KAI, 1))
        .add_style(heading("Heading3", "heading 3", FANGSONG, 2).bold())
        .add_style(
            Style::new("Caption", StyleType::Paragraph)
                .name("caption")
                .based_on("Normal")
                .q_format(true)
                .fonts(fonts(HEI))
                .size(24)
                .align(AlignmentType::Center),
        )
        .add_style(
            Style::new("Quote", StyleType::Paragraph)
                .name("Quote")
                .based_on("Normal")
                .q_format(true)
                .fonts(fonts(KAI))
                .size(28)
                .indent(Some(480), None, None, None),
        )
        .add_style(
            Style::new("TableText", StyleType::Paragraph)
                .name("Table Text")
                .based_on("Normal")
                .fonts(fonts(FANGSONG))
                .size(21)
                .line_spacing(
                    LineSpacing::new()
                        .line_rule(LineSpacingType::Auto)
                        .line(240),
                )
                .align(AlignmentType::Left),
        )
}

/// A body paragraph: first line indented two characters.
fn body(text: &str) -> Paragraph {
    Paragraph::new()
        .indent(None, Some(SpecialIndentType::FirstLine(640)), None, None)
        .add_run(Run::new().add_text(text))
}

fn styled(style: &str, text: &str) -> Paragraph {
    Paragraph::new()
        .style(style)
        .add_run(Run::new().add_text(text))
}

/// A sentence with its status in the status's colour.
fn marked_runs(paragraph: Paragraph, m: &Marked) -> Paragraph {
    let mut p = paragraph.add_run(Run::new().add_text(&m.before));
    if let Some(status) = m.status {
        p = p.add_run(
            Run::new()
                .add_text(&m.label)
                .bold()
                .fonts(fonts(HEI))
                .color(status_colour(status)),
        );
    }
    p.add_run(Run::new().add_text(&m.after))
}

fn cell(c: &Cell, header: bool) -> TableCell {
    let mut run = Run::new().add_text(&c.text);
    if header {
        run = run.bold().fonts(fonts(HEI));
    }
    if let Some(status) = c.status {
        run = run.bold().fonts(fonts(HEI)).color(status_colour(status));
    }
    TableCell::new().add_paragraph(Paragraph::new().style("TableText").add_run(run))
}

/// A report table as a Word table over the text's width, `widths` in parts of it; its
/// caption above it.
fn table(docx: Docx, t: &Table, widths: &[usize]) -> Docx {
    let total: usize = widths.iter().sum();
    let grid: Vec<usize> = widths.iter().map(|w| TEXT_WIDTH * w / total).collect();
    let mut docx = docx;
    if let Some(caption) = &t.caption {
        docx = docx.add_paragraph(marked_runs(
            Paragraph::new().style("Caption").keep_next(true),
            caption,
        ));
    }
    let header = TableRow::new(
        t.header
            .iter()
            .map(|h| cell(&Cell::text(h.as_str()), true))
            .collect(),
    )
    .cant_split();
    let rows = std::iter::once(header).chain(
        t.rows
            .iter()
            .map(|row| TableRow::new(row.iter().map(|c| cell(c, false)).collect()).cant_split()),
    );
    docx.add_table(
        docx_rs::Table::new(rows.collect())
            .set_grid(grid)
            .width(TEXT_WIDTH, WidthType::Dxa),
    )
}

/// The images and their alternative text, in document order (the text is written into the
/// document's `wp:docPr` after packing: the crate writes none).
struct Images {
    alts: Vec<String>,
}

impl Images {
    /// A chart: its PNG over the text's width, centred, then its caption.
    fn chart(&mut self, docx: Docx, chart: &ChartRef, svg: Option<&str>) -> Result<Docx, String> {
        let svg = svg.ok_or_else(|| format!("internal: no chart {}", chart.path))?;
        let png = super::raster::png(svg)?;
        self.alts.push(chart.alt.clone());
        let width = TEXT_WIDTH as u32 * EMU_PER_TWIP;
        let height =
            (u64::from(width) * u64::from(png.height) / u64::from(png.width.max(1))) as u32;
        let pic = Pic::new_with_dimensions(png.bytes, png.width, png.height)
            .id(format!("rIdImage{}", self.alts.len()))
            .size(width, height);
        Ok(docx
            .add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .keep_next(true)
                    .line_spacing(
                        LineSpacing::new()
                            .line_rule(LineSpacingType::Auto)
                            .line(240),
                    )
                    .add_run(Run::new().add_image(pic)),
            )
            .add_paragraph(styled("Caption", chart.caption)))
    }
}

fn clerk(docx: Docx, part: &Part) -> Docx {
    if part.paragraphs.is_empty() {
        return docx.add_paragraph(
            Paragraph::new().add_run(Run::new().add_text(&part.missing).color("A40E26")),
        );
    }
    part.paragraphs
        .iter()
        .fold(docx, |docx, p| docx.add_paragraph(body(p)))
}

/// The cover, the title, the four chapters and the signature.
fn report_body(docx: Docx, d: &ReportData) -> Docx {
    let centred = |text: &str, face: &str, size: usize| {
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(Run::new().add_text(text).fonts(fonts(face)).size(size))
    };
    let title = Paragraph::new().align(AlignmentType::Center).add_run(
        Run::new()
            .add_text(&d.title)
            .fonts(fonts(SONG))
            .size(44)
            .bold(),
    );
    let blank = Paragraph::new;
    let mut docx = docx
        .add_paragraph(blank())
        .add_paragraph(blank())
        .add_paragraph(centred(d.body, HEI, 32))
        .add_paragraph(blank())
        .add_paragraph(title)
        .add_paragraph(centred(&d.cover.terms, KAI, 32));
    for _ in 0..8 {
        docx = docx.add_paragraph(blank());
    }
    docx = docx
        .add_paragraph(centred(&d.cover.as_of, FANGSONG, 28))
        .add_paragraph(centred(&d.cover.source, FANGSONG, 24))
        .add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)))
        .add_paragraph(styled("Title", &d.title));
    docx = clerk(docx, &d.clerk.foreword);
    docx = docx.add_paragraph(styled("Heading1", &d.chapters.overview));
    docx = d
        .overview
        .iter()
        .fold(docx, |docx, p| docx.add_paragraph(body(p)));
    docx = docx.add_paragraph(styled("Heading1", &d.chapters.work));
    for s in &d.narrative {
        docx = docx.add_paragraph(styled("Heading2", &s.heading));
        docx = s
            .paragraphs
            .iter()
            .fold(docx, |docx, p| docx.add_paragraph(body(p)));
    }
    docx = docx.add_paragraph(styled("Heading1", &d.chapters.problems));
    docx = clerk(docx, &d.clerk.problems);
    docx = docx.add_paragraph(styled("Heading1", &d.chapters.next_steps));
    docx = clerk(docx, &d.clerk.next_steps);
    let right = |text: String| {
        Paragraph::new()
            .align(AlignmentType::Right)
            .add_run(Run::new().add_text(text))
    };
    docx.add_paragraph(blank())
        .add_paragraph(right(format!("{}　　", d.body)))
        .add_paragraph(right(format!("{}　　", d.as_of_cn)))
}

/// 附件1 to 附件5.
fn annex(docx: Docx, report: &Report, images: &mut Images) -> Result<Docx, String> {
    let a = &report.data.annex;
    let svg = |path: &str| {
        report
            .charts
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, svg)| *svg)
    };
    let part = |docx: Docx, n: usize| {
        let title = a.parts.get(n).map_or("", String::as_str);
        docx.add_paragraph(
            Paragraph::new()
                .style("Heading1")
                .page_break_before(true)
                .add_run(Run::new().add_text(title)),
        )
    };
    let mut docx = table(part(docx, 0), &a.rules, &[8, 10, 36, 9, 9, 9, 9]);
    docx = images.chart(docx, &a.summary_chart, svg(&a.summary_chart.path))?;
    docx = part(docx, 1);
    for article in &a.articles {
        docx = docx.add_paragraph(styled("Heading2", &article.heading));
        if !article.text.is_empty() {
            docx = article
                .text
                .lines()
                .fold(docx, |docx, line| docx.add_paragraph(styled("Quote", line)));
        }
        docx = docx.add_paragraph(body(&article.rules_text));
        for chart in &article.charts {
            docx = images.chart(docx, chart, svg(&chart.path))?;
        }
        docx = docx.add_paragraph(body(&article.listed_text));
    }
    docx = part(docx, 2).add_paragraph(body(&a.findings_intro));
    for article in &a.articles {
        let Some(heading) = &article.findings_heading else {
            continue;
        };
        docx = docx.add_paragraph(styled("Heading2", heading));
        docx = article
            .groups
            .iter()
            .fold(docx, |docx, g| table(docx, g, &[10, 16]));
    }
    docx = part(docx, 3).add_paragraph(body(&a.members_intro));
    for m in &a.members {
        docx = docx
            .add_paragraph(styled("Heading2", &m.heading))
            .add_paragraph(body(&m.line));
        if let Some(links) = &m.links {
            docx = table(docx, links, &[2, 1, 1, 1]);
        }
        docx = m
            .findings
            .iter()
            .fold(docx, |docx, f| docx.add_paragraph(marked_runs(body(""), f)));
    }
    docx = part(docx, 4);
    Ok(a.notes
        .iter()
        .fold(docx, |docx, n| docx.add_paragraph(body(n))))
}

/// The report as DOCX bytes.
pub fn write(report: &Report, as_of: NaiveDate) -> Result<Vec<u8>, String> {
    let date = format!("{as_of}T00:00:00Z");
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .size(28)
            .add_run(Run::new().add_text("— "))
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(" —")),
    );
    let docx = styles(Docx::new())
        .page_size(PAGE.0, PAGE.1)
        .page_margin(
            PageMargin::new()
                .top(MARGIN.0)
                .bottom(MARGIN.1)
                .left(MARGIN.2)
                .right(MARGIN.3),
        )
        .footer(footer)
        .first_footer(Footer::new())
        .title_pg()
        .created_at(&date)
        .updated_at(&date);
    let mut images = Images { alts: Vec::new() };
    let docx = report_body(docx, &report.data);
    let docx = annex(docx, report, &mut images)?;
    let mut packed = Cursor::new(Vec::new());
    docx.pack(&mut packed).map_err(|e| format!("DOCX: {e}"))?;
    repack(packed.into_inner(), as_of, &images.alts)
}

/// XML-escapes an attribute's value.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Names each image's drawing and gives it its alternative text, in document order.
fn describe_images(document: &str, alts: &[String]) -> String {
    const PLAIN: &str = r#"<wp:docPr id="1" name="Figure" />"#;
    let mut out =
        String::with_capacity(document.len() + alts.iter().map(String::len).sum::<usize>());
    let mut rest = document;
    let mut n = 0;
    while let Some(at) = rest.find(PLAIN) {
        out.push_str(&rest[..at]);
        let alt = alts.get(n).map_or("", String::as_str);
        n += 1;
        out.push_str(&format!(
            r#"<wp:docPr id="{n}" name="图{n}" descr="{}" />"#,
            attribute(alt)
        ));
        rest = &rest[at + PLAIN.len()..];
    }
    out.push_str(rest);
    out
}

/// Writes the package again with every entry dated `as_of` (the crate's writer dates them
/// by its zip library's default) and the images described.
fn repack(packed: Vec<u8>, as_of: NaiveDate, alts: &[String]) -> Result<Vec<u8>, String> {
    let zip_error = |e: zip::result::ZipError| format!("DOCX package: {e}");
    let mut archive = zip::ZipArchive::new(Cursor::new(packed)).map_err(zip_error)?;
    let stamp = zip::DateTime::from_date_and_time(
        u16::try_from(as_of.year()).map_err(|_| "as_of out of range for a zip entry")?,
        as_of.month() as u8,
        as_of.day() as u8,
        0,
        0,
        0,
    )
    .map_err(|_| format!("as_of {as_of} is before 1980: a zip entry cannot be dated so"))?;
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(stamp)
        .unix_permissions(0o644);
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(zip_error)?;
        let name = entry.name().map_err(zip_error)?.into_owned();
        if entry.is_dir() {
            out.add_directory(name, options).map_err(zip_error)?;
            continue;
        }
        let mut bytes = Vec::new();
        entry
            .read_to_end(&mut bytes)
            .map_err(|e| format!("DOCX package: {e}"))?;
        if name == "word/document.xml" {
            let text = String::from_utf8(bytes).map_err(|e| format!("DOCX document: {e}"))?;
            bytes = describe_images(&text, alts).into_bytes();
        }
        out.start_file(name, options).map_err(zip_error)?;
        out.write_all(&bytes)
            .map_err(|e| format!("DOCX package: {e}"))?;
    }
    Ok(out.finish().map_err(zip_error)?.into_inner())
}
