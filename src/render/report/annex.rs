//! The report's 附件: the statistics behind the narrative. Per article, its rules' figures,
//! its charts and its unmet and pending items (one table per rule, period and status); and
//! the member appendix.

use std::collections::BTreeSet;

use serde::Serialize;

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
    pub heading: String,
    pub title: &'static str,
    pub text: String,
    pub rules: Vec<&'a RuleRow>,
    /// How many unmet and pending items the article has (the year's, and the term's).
    pub listed: usize,
    /// Those items, one table per rule, period and status.
    pub groups: Vec<FindingGroup<'a>>,
    pub charts: Vec<ChartRef<'a>>,
}

/// The unmet (or pending) items of one rule in one period: one table of the report. The
/// rule, period and status are said once, in the caption, not on every row.
#[derive(Serialize)]
pub struct FindingGroup<'a> {
    pub rule: &'a RuleId,
    pub rule_title: &'a str,
    pub period_label: &'a str,
    pub status: Status,
    pub status_label: &'a str,
    pub items: Vec<FindingItem<'a>>,
}

#[derive(Serialize)]
pub struct FindingItem<'a> {
    pub subject: &'a str,
    pub message: &'a str,
}

/// Groups findings by rule (article order), period, then status (not met before pending),
/// keeping their order within a group.
fn finding_groups<'a>(findings: impl Iterator<Item = &'a Finding>) -> Vec<FindingGroup<'a>> {
    let mut groups: std::collections::BTreeMap<(&RuleId, &Period, bool), FindingGroup<'a>> =
        std::collections::BTreeMap::new();
    for finding in findings {
        let key = (
            &finding.rule,
            &finding.period,
            finding.status != Status::NotMet,
        );
        groups
            .entry(key)
            .or_insert_with(|| FindingGroup {
                rule: &finding.rule,
                rule_title: &finding.rule_title,
                period_label: &finding.period_label,
                status: finding.status,
                status_label: &finding.status_label,
                items: Vec::new(),
            })
            .items
            .push(FindingItem {
                subject: &finding.subject,
                message: &finding.message,
            });
    }
    groups.into_values().collect()
}

#[derive(Serialize)]
pub struct ListenRow<'a> {
    pub deputy: &'a str,
    pub count: u32,
    pub required: u32,
    pub status: Status,
    pub status_label: &'a str,
}

#[derive(Serialize)]
pub struct MemberAppendix<'a> {
    pub name: &'a str,
    pub role: &'a str,
    pub contacts: u32,
    pub contacts_listened: u32,
    pub links: Vec<ListenRow<'a>>,
    pub findings: Vec<&'a Finding>,
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

fn article_title(number: u32) -> &'static str {
    match number {
        6 => "代表列席常委会会议",
        7 => "代表座谈会",
        8 => "代表参加常委会活动",
        9 => "集中视察和专题调研",
        10 => "意见建议的反馈",
        11 => "代表小组",
        12 => "组成人员联系代表",
        13 => "代表来信来访",
        _ => "",
    }
}

/// Which chart of a year illustrates which article.
fn article_charts(number: u32) -> &'static [&'static str] {
    match number {
        6 => &["attendance"],
        8 | 9 => &["activities"],
        10 => &["opinions"],
        12 => &["contacts"],
        _ => &[],
    }
}

/// One section per article the rules cite: its text, its rules' figures, its unmet items
/// and its charts.
pub fn article_sections<'a>(
    view: &'a View,
    figures: &'a crate::view::YearFigures,
    compliance: &'a crate::view::CompliancePeriod,
    year: i32,
) -> Vec<ArticleSection<'a>> {
    let mut articles = Vec::new();
    let numbers: BTreeSet<u32> = compliance.rows.iter().map(|r| r.article).collect();
    for number in numbers {
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
        let text = view
            .regulation
            .as_ref()
            .and_then(|r| r.articles.iter().find(|a| a.number == number))
            .map(|a| strip_tags(&a.html))
            .unwrap_or_default();
        articles.push(ArticleSection {
            number,
            heading: view
                .regulation
                .as_ref()
                .and_then(|r| r.articles.iter().find(|a| a.number == number))
                .map_or_else(|| format!("第{number}条"), |a| a.heading.clone()),
            title: article_title(number),
            text,
            rules: compliance
                .rows
                .iter()
                .filter(|r| r.article == number)
                .collect(),
            listed: findings.len(),
            groups: finding_groups(findings.into_iter()),
            charts: figures
                .charts
                .iter()
                .filter(|c| {
                    article_charts(number)
                        .iter()
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
pub fn member_appendix(view: &View, year: i32) -> Vec<MemberAppendix<'_>> {
    view.members
        .iter()
        .filter(|m| m.years.contains(&year))
        .map(|m| {
            let column = m.years.iter().position(|y| *y == year);
            MemberAppendix {
                name: &m.name,
                role: m.role,
                contacts: m
                    .yearly
                    .iter()
                    .find(|y| y.year == year)
                    .map_or(0, |y| y.contacts),
                contacts_listened: m
                    .yearly
                    .iter()
                    .find(|y| y.year == year)
                    .map_or(0, |y| y.contacts_listened),
                links: m
                    .links
                    .iter()
                    .filter_map(|l| {
                        let cell = l.cells.get(column?)?.as_ref()?;
                        Some(ListenRow {
                            deputy: &l.deputy.label,
                            count: cell.count,
                            required: cell.required,
                            status: cell.status,
                            status_label: &cell.status_label,
                        })
                    })
                    .collect(),
                findings: m
                    .yearly
                    .iter()
                    .filter(|y| y.year == year)
                    .flat_map(|y| y.findings.iter())
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
