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

/// Horizontal bars, one row per category, stacked by series.
fn stacked_bars(id: &str, title: &str, series: &[Series], rows: &[(String, Vec<u32>)]) -> String {
    let label_width = 190.0;
    let bar_width = 360.0;
    let row_height = 26.0;
    let top = if series.len() > 1 { 34.0 } else { 8.0 };
    let height = top + row_height * rows.len() as f64 + 8.0;
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
    for (i, (label, values)) in rows.iter().enumerate() {
        let y = top + row_height * i as f64;
        let _ = write!(
            svg,
            r##"<text x="{}" y="{}" text-anchor="end" fill="#1f2328">{}</text>"##,
            label_width - 8.0,
            y + 17.0,
            escape(label)
        );
        let mut x = label_width;
        for (value, s) in values.iter().zip(series) {
            let w = bar_width * f64::from(*value) / max;
            if w > 0.0 {
                let _ = write!(
                    svg,
                    r#"<rect x="{x:.1}" y="{}" width="{w:.1}" height="18" fill="{}"/>"#,
                    y + 4.0,
                    s.colour
                );
            }
            x += w;
        }
        let total: u32 = values.iter().sum();
        let _ = write!(
            svg,
            r##"<text x="{:.1}" y="{}" fill="#1f2328">{total}</text>"##,
            x + 6.0,
            y + 17.0
        );
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

/// A title cut to fit a bar chart's label.
pub fn short(title: &str) -> String {
    let chars: Vec<char> = title.chars().collect();
    if chars.len() <= 9 {
        title.to_string()
    } else {
        format!("{}…", chars[..8].iter().collect::<String>())
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
