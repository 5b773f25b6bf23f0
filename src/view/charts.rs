//! SVG charts made at build time, shared by the website and the PDF report. Every chart has
//! a title, a caption and its data as a table: the text equivalent a screen reader (and a
//! reader of the printed report) gets.

use std::fmt::Write as _;

use serde::Serialize;

use crate::rules::stats::Counts;
use crate::rules::stats::Figures;

/// Colours with ≥ 4.5:1 contrast on white, distinguishable in grey scale by lightness.
const MET: &str = "#1a7f37";
const PENDING: &str = "#9a6700";
const NOT_MET: &str = "#cf222e";
const BAR: &str = "#0b5cad";
const FONT: &str =
    "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    pub id: String,
    pub title: String,
    pub caption: String,
    pub svg: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

struct Series<'a> {
    label: &'a str,
    colour: &'a str,
}

/// How wide a label's text is drawn at 13 px: a Chinese character is square, the rest about
/// half as wide.
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 7.5 } else { 13.0 })
        .sum()
}

/// A label in lines no wider than `width`, whole: Chinese text breaks between characters,
/// a run of Latin letters and digits (a rule's code) stays on one line.
pub fn wrap(label: &str, width: f64) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in label.chars() {
        match words.last_mut() {
            Some(last) if c.is_ascii_graphic() && last.chars().all(|l| l.is_ascii_graphic()) => {
                last.push(c)
            }
            _ => words.push(c.to_string()),
        }
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in words {
        // Closing punctuation never begins a line: it stays at the end of the one before.
        let closing = matches!(word.as_str(), "、" | "，" | "。" | "；" | "：" | "）" | "”");
        if !line.is_empty() && !closing && text_width(&line) + text_width(&word) > width {
            lines.push(std::mem::take(&mut line).trim_end().to_string());
            if word == " " {
                continue;
            }
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Horizontal bars, one row per category, stacked by series. A long label is wrapped onto
/// several lines, its row as tall as its lines: never cut.
fn stacked_bars(id: &str, title: &str, series: &[Series], rows: &[(String, Vec<u32>)]) -> String {
    let label_width = 190.0;
    let bar_width = 360.0;
    let line_height = 16.0;
    let top = if series.len() > 1 { 34.0 } else { 8.0 };
    let labels: Vec<Vec<String>> = rows
        .iter()
        .map(|(l, _)| wrap(l, label_width - 14.0))
        .collect();
    let heights: Vec<f64> = labels
        .iter()
        .map(|lines| (8.0 + line_height * lines.len() as f64).max(26.0))
        .collect();
    let height = top + heights.iter().sum::<f64>() + 8.0;
    let width = label_width + bar_width + 70.0;
    let max = rows
        .iter()
        .map(|(_, v)| v.iter().sum::<u32>())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="{id}-title" font-family="{FONT}" font-size="13"><title id="{id}-title">{}</title>"#,
        escape(title)
    );
    if series.len() > 1 {
        let mut x = label_width;
        for s in series {
            let _ = write!(
                svg,
                r##"<rect x="{x}" y="8" width="12" height="12" fill="{}"/><text x="{}" y="19" fill="#1f2328">{}</text>"##,
                s.colour,
                x + 16.0,
                escape(s.label)
            );
            x += 24.0 + 14.0 * s.label.chars().count() as f64;
        }
    }
    let mut y = top;
    for (((_, values), lines), row_height) in rows.iter().zip(&labels).zip(&heights) {
        // The label's lines centred on the bar.
        let first = y + row_height / 2.0 - line_height * (lines.len() as f64 - 1.0) / 2.0 + 4.5;
        let _ = write!(svg, r##"<text text-anchor="end" fill="#1f2328">"##);
        for (k, line) in lines.iter().enumerate() {
            let _ = write!(
                svg,
                r#"<tspan x="{}" y="{:.1}">{}</tspan>"#,
                label_width - 8.0,
                first + line_height * k as f64,
                escape(line)
            );
        }
        svg.push_str("</text>");
        let bar_y = y + row_height / 2.0 - 9.0;
        let mut x = label_width;
        for (value, s) in values.iter().zip(series) {
            let w = bar_width * f64::from(*value) / max;
            if w > 0.0 {
                let _ = write!(
                    svg,
                    r#"<rect x="{x:.1}" y="{bar_y:.1}" width="{w:.1}" height="18" fill="{}"/>"#,
                    s.colour
                );
            }
            x += w;
        }
        let total: u32 = values.iter().sum();
        let _ = write!(
            svg,
            r##"<text x="{:.1}" y="{:.1}" fill="#1f2328">{total}</text>"##,
            x + 6.0,
            bar_y + 13.0
        );
        y += row_height;
    }
    svg.push_str("</svg>");
    svg
}

fn simple(id: &str, title: &str, caption: &str, header: &str, rows: Vec<(String, u32)>) -> Chart {
    let svg = stacked_bars(
        id,
        title,
        &[Series {
            label: header,
            colour: BAR,
        }],
        &rows
            .iter()
            .map(|(l, v)| (l.clone(), vec![*v]))
            .collect::<Vec<_>>(),
    );
    Chart {
        id: id.to_string(),
        title: title.to_string(),
        caption: caption.to_string(),
        svg,
        headers: vec!["类别".into(), header.into()],
        rows: rows
            .into_iter()
            .map(|(l, v)| vec![l, v.to_string()])
            .collect(),
    }
}

/// Evaluations per rule of a year or a term, met / pending / not met.
pub fn compliance_chart(period: &str, rows: &[(String, Counts)]) -> Chart {
    let id = format!(
        "compliance-{}",
        period.replace(|c: char| !c.is_ascii_alphanumeric(), "")
    );
    let title = format!("{period}各项履职要求的评估结果");
    let series = [
        Series {
            label: "已履行",
            colour: MET,
        },
        Series {
            label: "进行中",
            colour: PENDING,
        },
        Series {
            label: "未履行",
            colour: NOT_MET,
        },
    ];
    let data: Vec<(String, Vec<u32>)> = rows
        .iter()
        .map(|(label, c)| (label.clone(), vec![c.met, c.pending, c.not_met]))
        .collect();
    Chart {
        svg: stacked_bars(&id, &title, &series, &data),
        id,
        caption: format!("{title}：每条规则下已履行、进行中和未履行的事项数。"),
        title,
        headers: vec![
            "规则".into(),
            "已履行".into(),
            "进行中".into(),
            "未履行".into(),
        ],
        rows: data
            .into_iter()
            .map(|(l, v)| vec![l, v[0].to_string(), v[1].to_string(), v[2].to_string()])
            .collect(),
    }
}

/// The charts of a year: opinions by status, contacts by channel, attendance by basis,
/// activities by kind.
pub fn year_charts(year: i32, f: &Figures) -> Vec<Chart> {
    use crate::model::{ActivityKind, AttendanceBasis, Channel};
    let status = &f.opinions.by_status;
    let mut charts = vec![simple(
        &format!("opinions-{year}"),
        &format!("{year}年意见建议办理情况"),
        "座谈会、常委会会议和联系代表中提出的意见建议，按所适用规则的评估结果统计。",
        "条数",
        vec![
            ("已按时反馈".into(), status.met),
            ("办理中".into(), status.pending),
            ("未按时反馈".into(), status.not_met),
        ],
    )];
    charts.push(simple(
        &format!("contacts-{year}"),
        &format!("{year}年组成人员联系代表方式"),
        "组成人员联系代表的次数，按第十二条所列联系方式统计（含不公开的联系记录，仅计数）。",
        "次数",
        Channel::ALL
            .iter()
            .map(|c| {
                (
                    c.label().to_string(),
                    f.contacts_by_channel.get(c.as_str()).copied().unwrap_or(0),
                )
            })
            .collect(),
    ));
    charts.push(simple(
        &format!("attendance-{year}"),
        &format!("{year}年代表列席常委会会议的依据"),
        "列席常委会会议的代表人次，按第六条所列邀请依据统计（一人可有多项依据）。",
        "人次",
        [
            AttendanceBasis::Grassroots,
            AttendanceBasis::Field,
            AttendanceBasis::Proposer,
            AttendanceBasis::Inspection,
        ]
        .iter()
        .map(|b| {
            let label = match b {
                AttendanceBasis::Grassroots => "基层代表",
                AttendanceBasis::Field => "相关领域代表",
                AttendanceBasis::Proposer => "提出议案建议的代表",
                AttendanceBasis::Inspection => "参加执法检查等的代表",
            };
            (
                label.to_string(),
                f.attendance_by_basis.get(b.as_str()).copied().unwrap_or(0),
            )
        })
        .collect(),
    ));
    charts.push(simple(
        &format!("activities-{year}"),
        &format!("{year}年代表参加的活动"),
        "常委会组织或委托组织的各类活动次数。",
        "次数",
        ActivityKind::ALL
            .iter()
            .map(|k| {
                (
                    k.label().to_string(),
                    f.activities_by_kind.get(k.as_str()).copied().unwrap_or(0),
                )
            })
            .collect(),
    ));
    charts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_label_is_wrapped_whole_never_cut() {
        let label = "A8.2 立法、执法检查、视察、调研活动邀请代表参加";
        let lines = wrap(label, 176.0);
        assert!(lines.len() > 1, "{lines:?}");
        assert_eq!(lines.concat().replace(' ', ""), label.replace(' ', ""));
        assert!(lines[0].starts_with("A8.2"), "{lines:?}");
        assert!(
            lines.iter().all(|l| text_width(l) <= 176.0 + 13.0),
            "{lines:?}"
        );
        assert!(lines.iter().all(|l| !l.starts_with('、')), "{lines:?}");
        let chart = compliance_chart("2025年", &[(label.to_string(), Counts::default())]);
        assert!(!chart.svg.contains('…'));
        assert!(chart.svg.contains("<tspan") && chart.svg.contains("邀请代表参加</tspan>"));
    }

    #[test]
    fn a_chart_has_a_title_and_its_data_as_text() {
        let chart = simple(
            "t",
            "标题 <x>",
            "说明",
            "次数",
            vec![("甲".into(), 3), ("乙".into(), 0)],
        );
        assert!(chart.svg.starts_with("<svg") && chart.svg.ends_with("</svg>"));
        assert!(
            chart.svg.contains("role=\"img\"")
                && chart
                    .svg
                    .contains("<title id=\"t-title\">标题 &lt;x&gt;</title>")
        );
        assert_eq!(
            chart.rows,
            vec![
                vec!["甲".to_string(), "3".into()],
                vec!["乙".into(), "0".into()]
            ]
        );
    }
}
