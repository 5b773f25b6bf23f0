//! What a year's report says, computed once from the view and the theme's words: the PDF's
//! typst template reads it as `data.json`, the DOCX draft is written from the same value.

use serde::Serialize;

use super::annex::{ArticleSection, ChartRef, MemberAppendix, article_sections, member_appendix};
use super::words::{Cell, Marked, Table, Words, chapter_number};
use super::{annex, clerk, narrative};
use crate::theme::Theme;
use crate::view::{CompliancePeriod, RuleRow, View, YearFigures};

#[derive(Serialize)]
pub struct DateParts {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// The cover's lines under the title.
#[derive(Serialize)]
pub struct Cover {
    pub terms: String,
    pub as_of: String,
    pub source: String,
}

/// The four chapters' headings, numbered (“一、总体情况”).
#[derive(Serialize)]
pub struct Chapters {
    pub overview: String,
    pub work: String,
    pub problems: String,
    pub next_steps: String,
}

/// The statistics behind the narrative: 附件1 to 附件5.
#[derive(Serialize)]
pub struct Annex<'a> {
    /// The parts' headings (“附件1　各项履职要求的评估结果”), in order.
    pub parts: Vec<String>,
    /// 附件1: every rule of the year in figures.
    pub rules: Table,
    pub summary_chart: ChartRef<'a>,
    /// 附件2 (and 附件3, those with items).
    pub articles: Vec<ArticleSection<'a>>,
    pub findings_intro: String,
    /// 附件4.
    pub members_intro: String,
    pub members: Vec<MemberAppendix>,
    /// 附件5: how to read the report.
    pub notes: Vec<String>,
}

#[derive(Serialize)]
pub struct ReportData<'a> {
    pub title: String,
    pub body: &'a str,
    pub year: i32,
    pub date: DateParts,
    pub as_of_cn: String,
    pub cover: Cover,
    pub contents: String,
    pub chapters: Chapters,
    /// 一、总体情况: the year in figures, and the evaluation in figures.
    pub overview: Vec<String>,
    /// 二、主要工作: one section per area of the work, in the theme's sentences.
    pub narrative: Vec<narrative::Section>,
    /// The parts the office writes: 前言, 存在的问题, 下一步工作.
    pub clerk: clerk::Parts,
    pub annex: Annex<'a>,
}

/// A year's report: what it says, and its charts (SVG) by path.
pub struct Report<'a> {
    pub data: ReportData<'a>,
    pub charts: Vec<(String, &'a str)>,
}

/// The report of `year`; `None` when the year is not one of the view's.
pub fn report<'a>(view: &'a View, theme: &Theme, year: i32) -> Option<Report<'a>> {
    let figures = view.years.iter().find(|y| y.year == year)?;
    let compliance = view
        .compliance
        .iter()
        .find(|c| c.slug == year.to_string())?;
    let w = Words {
        strings: &theme.strings,
    };
    let as_of = view.site.as_of;
    let as_of_cn = crate::rules::cn_date(as_of);
    use chrono::Datelike;
    let terms: Vec<&str> = view
        .site
        .terms
        .iter()
        .filter(|t| t.years.contains(&year))
        .map(|t| t.name.as_str())
        .collect();
    let chapter = |n: usize, key: &str| format!("{}{}", chapter_number(n), w.text(key));
    let data = ReportData {
        title: format!("{year}年度常委会联系代表工作情况报告"),
        body: &view.site.body,
        year,
        date: DateParts {
            year: as_of.year(),
            month: as_of.month(),
            day: as_of.day(),
        },
        cover: Cover {
            terms: terms.join("、"),
            as_of: w.fill("cover.as_of", &[("date", &as_of_cn)]),
            source: w.fill("cover.source", &[("site", &view.site.title)]),
        },
        contents: w.text("contents"),
        chapters: Chapters {
            overview: chapter(1, "chapters.overview"),
            work: chapter(2, "chapters.work"),
            problems: chapter(3, "chapters.problems"),
            next_steps: chapter(4, "chapters.next_steps"),
        },
        overview: overview(&w, view, figures, compliance),
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
        annex: annex_data(&w, view, figures, compliance, &as_of_cn),
        as_of_cn,
    };
    let charts = figures
        .charts
        .iter()
        .chain(std::iter::once(&compliance.chart))
        .map(|c| (format!("charts/{}.svg", c.id), c.svg.as_str()))
        .collect();
    Some(Report { data, charts })
}

/// 一、总体情况: the year's figures in one paragraph, its evaluation in another.
fn overview(
    w: &Words,
    view: &View,
    figures: &YearFigures,
    compliance: &CompliancePeriod,
) -> Vec<String> {
    let f = &figures.figures;
    let t = &compliance.total;
    let year = figures.year.to_string();
    let n = |v: u32| v.to_string();
    vec![
        w.fill(
            "overview.figures",
            &[
                ("year", &year),
                ("meetings", &n(f.meetings)),
                ("attendances", &n(f.attendances)),
                ("deputies", &n(f.deputies_attending)),
                ("symposiums", &n(f.symposiums)),
                ("activities", &n(f.activities)),
                ("places", &n(f.activity_places)),
                ("solicitations", &n(f.solicitations)),
                ("contacts", &n(f.contacts)),
                ("listened", &n(f.contacts_listened)),
                ("letters", &n(f.letters)),
                ("opinions", &n(f.opinions.total)),
                ("answered", &n(f.opinions.answered)),
            ],
        ),
        w.fill(
            "overview.compliance",
            &[
                ("articles", &view.site.articles_span),
                ("year", &year),
                ("total", &n(t.total)),
                ("met", &n(t.met)),
                ("pending", &n(t.pending)),
                ("not_met", &n(t.not_met)),
            ],
        ),
    ]
}

/// 附件1's table: one row per rule of the year.
fn rule_table(w: &Words, rows: &[RuleRow], year: i32) -> Table {
    let header = [
        "rule",
        "article",
        "requirement",
        "met",
        "pending",
        "not_met",
        "rate",
    ]
    .map(|k| w.text(&format!("table.{k}")))
    .to_vec();
    let rows = rows
        .iter()
        .map(|r| {
            vec![
                Cell::text(r.rule.code()),
                Cell::text(w.fill(
                    "table.article_number",
                    &[("number", &r.article.to_string())],
                )),
                Cell::text(if r.aim {
                    w.fill("table.aim", &[("title", &r.title)])
                } else {
                    r.title.clone()
                }),
                Cell::text(r.counts.met.to_string()),
                Cell::text(r.counts.pending.to_string()),
                Cell::text(r.counts.not_met.to_string()),
                Cell::text(
                    r.met_percent
                        .map_or_else(|| w.text("table.rate_none"), |p| format!("{p}%")),
                ),
            ]
        })
        .collect();
    let caption = w.fill("annex.rules_caption", &[("year", &year.to_string())]);
    Table {
        caption: Some(Marked::text(caption)),
        header,
        rows,
    }
}

fn annex_data<'a>(
    w: &Words,
    view: &'a View,
    figures: &'a YearFigures,
    compliance: &'a CompliancePeriod,
    as_of_cn: &str,
) -> Annex<'a> {
    let year = figures.year;
    let p = view.site.rules;
    let n = |v: u32| v.to_string();
    let latest = view
        .latest
        .first()
        .map_or_else(String::new, |d| crate::rules::cn_date(d.date));
    let parts = ["rules", "articles", "findings", "members", "notes"]
        .iter()
        .enumerate()
        .map(|(i, key)| {
            w.fill(
                "annex.part",
                &[
                    ("n", &(i + 1).to_string()),
                    ("title", &w.text(&format!("annex.{key}"))),
                ],
            )
        })
        .collect();
    let links = [
        ("min", n(p.links_min)),
        ("max", n(p.links_max)),
        ("listens", n(p.listens_per_year)),
    ];
    let links: Vec<(&str, &str)> = links.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Annex {
        parts,
        rules: rule_table(w, &compliance.rows, year),
        summary_chart: annex::chart_ref(&compliance.chart),
        articles: article_sections(w, view, figures, compliance, year),
        findings_intro: w.fill(
            "annex.findings_intro",
            &[
                ("date", as_of_cn),
                ("year", &year.to_string()),
                ("not_met", &n(compliance.total.not_met)),
                ("pending", &n(compliance.total.pending)),
            ],
        ),
        members_intro: w.fill("annex.members_intro", &links),
        members: member_appendix(w, view, year),
        notes: vec![
            w.fill("annex.note_as_of", &[("date", as_of_cn)]),
            w.text("annex.note_status"),
            w.fill(
                "annex.note_deadlines",
                &[
                    ("days", &n(p.reply_days)),
                    ("complex", &n(p.reply_days_complex)),
                ],
            ),
            w.fill("annex.note_links", &links),
            w.fill(
                match view.site.version {
                    Some(_) => "annex.note_version_git",
                    None => "annex.note_version",
                },
                &[
                    ("version", view.site.version.as_deref().unwrap_or_default()),
                    ("records", &view.public_records.to_string()),
                    ("latest", &latest),
                    ("evaluations", &view.evaluation_count.to_string()),
                ],
            ),
            w.text("annex.note_privacy"),
        ],
    }
}
