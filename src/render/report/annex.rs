//! The report's 附件: the statistics behind the narrative. Per article, its rules' figures,
//! its charts and its unmet and pending items (one table per rule, period and status); and
//! the member appendix.

use std::collections::BTreeSet;

use serde::Serialize;

use super::narrative::{AREAS, Area};
use super::words::{Cell, Marked, Table, Words, section_number};
use crate::rules::{Period, RuleId, Status};
use crate::view::charts::Chart;
use crate::view::{Finding, RuleRow, View};

#[derive(Serialize)]
pub struct ChartRef<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub caption: &'a str,
    /// The chart's data in words: the alternative text of the image (PDF/UA).
    pub alt: String,
    pub path: String,
}

#[derive(Serialize)]
pub struct ArticleSection<'a> {
    pub number: u32,
    /// “（一）第六条　邀请代表列席常委会会议”: its heading in 附件2, titled by the areas of
    /// the work its rules belong to.
    pub heading: String,
    /// The article's text, quoted.
    pub text: String,
    /// Where its rules' figures are (附件1's table).
    pub rules_text: String,
    /// How many unmet and pending items the article has (the year's, and the term's).
    pub listed: usize,
    /// Where those items are, or that there are none.
    pub listed_text: String,
    /// Its heading in 附件3, when it has items there.
    pub findings_heading: Option<String>,
    /// Those items, one table per rule, period and status.
    pub groups: Vec<Table>,
    pub charts: Vec<ChartRef<'a>>,
}

/// Groups findings by rule (article order), period, then status (not met before pending),
/// keeping their order within a group: one table of the report each. The rule, period and
/// status are said once, in the caption, not on every row.
fn finding_groups<'a>(w: &Words, findings: impl Iterator<Item = &'a Finding>) -> Vec<Table> {
    let mut groups: std::collections::BTreeMap<(&RuleId, &Period, bool), Vec<&Finding>> =
        std::collections::BTreeMap::new();
    for finding in findings {
        let key = (
            &finding.rule,
            &finding.period,
            finding.status != Status::NotMet,
        );
        groups.entry(key).or_default().push(finding);
    }
    let header = vec![w.text("table.subject"), w.text("table.explanation")];
    groups
        .into_values()
        .filter_map(|items| {
            let first = items.first()?;
            Some(Table {
                caption: Some(w.marked(
                    "annex.findings_caption",
                    &[
                        ("rule", first.rule.code()),
                        ("title", &first.rule_title),
                        ("period", &first.period_label),
                        ("count", &items.len().to_string()),
                    ],
                    first.status,
                    &first.status_label,
                )),
                header: header.clone(),
                rows: items
                    .iter()
                    .map(|f| {
                        vec![
                            Cell::text(f.subject.as_str()),
                            Cell::text(f.message.as_str()),
                        ]
                    })
                    .collect(),
            })
        })
        .collect()
}

#[derive(Serialize)]
pub struct MemberAppendix {
    /// “（一）张三（副主任）”
    pub heading: String,
    /// The year's contacts in a sentence.
    pub line: String,
    /// The linked deputies and how often each was heard.
    pub links: Option<Table>,
    /// The member's other duties of the year, one sentence each.
    pub findings: Vec<Marked>,
}

pub fn chart_ref(chart: &Chart) -> ChartRef<'_> {
    let data: Vec<String> = chart
        .rows
        .iter()
        .map(|r| format!("{}：{}", r[0], r[1..].join("、")))
        .collect();
    ChartRef {
        id: &chart.id,
        title: &chart.title,
        caption: &chart.caption,
        alt: format!("柱状图：{}。{}。", chart.title, data.join("；")),
        path: format!("charts/{}.svg", chart.id),
    }
}

/// The areas of the work an article's rules belong to (by their check kinds, which the
/// profile gives each rule), in the report's order.
fn article_areas(rows: &[&RuleRow]) -> Vec<&'static Area> {
    AREAS
        .iter()
        .filter(|area| rows.iter().any(|r| area.checks.contains(&r.check)))
        .collect()
}

/// One section per article the rules cite: its text, its rules' figures, its unmet items
/// and its charts.
pub fn article_sections<'a>(
    w: &Words,
    view: &'a View,
    figures: &'a crate::view::YearFigures,
    compliance: &'a crate::view::CompliancePeriod,
    year: i32,
) -> Vec<ArticleSection<'a>> {
    let mut articles = Vec::new();
    let numbers: BTreeSet<u32> = compliance.rows.iter().map(|r| r.article).collect();
    let mut with_findings = 0;
    for (i, number) in numbers.into_iter().enumerate() {
        // An article's items: the year's, and those evaluated by term (art. 6 ¶2), which
        // every year's report of the term gives.
        let findings: Vec<&Finding> = compliance
            .findings
            .iter()
            .filter(|f| {
                f.article == number
                    && (f.period == Period::Year(year) || matches!(f.period, Period::Term(_)))
            })
            .collect();
        let article = view
            .regulation
            .as_ref()
            .and_then(|r| r.articles.iter().find(|a| a.number == number));
        let text = article.map(|a| strip_tags(&a.html)).unwrap_or_default();
        let rows: Vec<&RuleRow> = compliance
            .rows
            .iter()
            .filter(|r| r.article == number)
            .collect();
        // The article's title: the titles of the areas of the work its rules belong to.
        let areas = article_areas(&rows);
        let titles: Vec<String> = areas
            .iter()
            .map(|a| w.text(&format!("narrative.{}.title", a.key)))
            .collect();
        let heading = format!(
            "{}　{}",
            article.map_or_else(|| format!("第{number}条"), |a| a.heading.clone()),
            titles.join("、")
        );
        let rules: Vec<&str> = rows.iter().map(|r| r.rule.code()).collect();
        let listed = findings.len();
        let findings_heading = (listed > 0).then(|| {
            with_findings += 1;
            format!("{}{heading}", section_number(with_findings))
        });
        articles.push(ArticleSection {
            number,
            heading: format!("{}{heading}", section_number(i + 1)),
            text,
            rules_text: w.fill("annex.article_rules", &[("rules", &rules.join("、"))]),
            listed,
            listed_text: if listed > 0 {
                w.fill("annex.article_listed", &[("count", &listed.to_string())])
            } else {
                w.fill("annex.article_none", &[("year", &year.to_string())])
            },
            findings_heading,
            groups: finding_groups(w, findings.into_iter()),
            charts: figures
                .charts
                .iter()
                .filter(|c| {
                    areas
                        .iter()
                        .flat_map(|a| a.charts)
                        .any(|prefix| c.id.starts_with(prefix))
                })
                .map(chart_ref)
                .collect(),
        });
    }
    articles
}

/// The member appendix of a year: each member serving that year, their linked deputies'
/// figures and their other duties.
pub fn member_appendix(w: &Words, view: &View, year: i32) -> Vec<MemberAppendix> {
    let header = vec![
        w.text("table.deputy"),
        w.text("table.listened"),
        w.text("table.required"),
        w.text("table.status"),
    ];
    view.members
        .iter()
        .filter(|m| m.years.contains(&year))
        .enumerate()
        .map(|(i, m)| {
            let column = m.years.iter().position(|y| *y == year);
            let yearly = m.yearly.iter().find(|y| y.year == year);
            let rows: Vec<Vec<Cell>> = m
                .links
                .iter()
                .filter_map(|l| {
                    let cell = l.cells.get(column?)?.as_ref()?;
                    Some(vec![
                        Cell::text(l.deputy.label.as_str()),
                        Cell::text(cell.count.to_string()),
                        Cell::text(cell.required.to_string()),
                        Cell::status(cell.status, &cell.status_label),
                    ])
                })
                .collect();
            MemberAppendix {
                heading: format!(
                    "{}{}",
                    section_number(i + 1),
                    w.fill(
                        "annex.member_heading",
                        &[("name", &m.name), ("role", m.role)]
                    )
                ),
                line: w.fill(
                    "annex.member_line",
                    &[
                        ("year", &year.to_string()),
                        ("contacts", &yearly.map_or(0, |y| y.contacts).to_string()),
                        (
                            "listened",
                            &yearly.map_or(0, |y| y.contacts_listened).to_string(),
                        ),
                    ],
                ),
                links: (!rows.is_empty()).then(|| Table {
                    caption: None,
                    header: header.clone(),
                    rows,
                }),
                findings: yearly
                    .into_iter()
                    .flat_map(|y| y.findings.iter())
                    .map(|f| {
                        w.marked(
                            "annex.member_finding",
                            &[
                                ("article", &f.article.to_string()),
                                ("rule", f.rule.code()),
                                ("message", &f.message),
                            ],
                            f.status,
                            &f.status_label,
                        )
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Plain text of sanitised HTML paragraphs (for quoting the regulation in the report).
pub fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .trim()
        .to_string()
}
