//! The narrative of the annual report: one section per area of the liaison work, each a few
//! sentences built from the view's figures of the year (and the previous year's, for the
//! change), then the rules of the area met and not met with their articles.
//!
//! The sentences are the theme's words (`report.narrative.*` in `i18n/zh-CN.yaml`, with
//! `{placeholders}`); Rust only gives the numbers. A sentence one of whose figures is missing
//! (no previous year, no replies to take a median of, a share of nothing) is left out.

use serde::Serialize;

use crate::rules::stats::Figures;
use crate::theme::{Strings, fill};
use crate::view::{CompliancePeriod, RuleRow, View};

/// One area of the report's narrative: its title and its paragraphs.
#[derive(Debug, Serialize)]
pub struct Section {
    pub area: &'static str,
    pub title: String,
    /// The title numbered as a second-level heading: “（一）邀请代表列席常委会会议”.
    pub heading: String,
    pub paragraphs: Vec<String>,
}

/// An area of the work and the check kinds whose rules belong to it. The check kinds are the
/// code's; which rule uses one, its article and title, are the profile's.
pub struct Area {
    pub key: &'static str,
    pub checks: &'static [&'static str],
    /// The year's charts (by id prefix) that illustrate the area, in the annex.
    pub charts: &'static [&'static str],
}

pub const AREAS: &[Area] = &[
    Area {
        key: "attendance",
        checks: &[
            "materials_before_meeting",
            "grassroots_attend_in_term",
            "meeting_invites_deputies",
        ],
        charts: &["attendance"],
    },
    Area {
        key: "symposiums",
        checks: &["symposium_opinions_answered"],
        charts: &[],
    },
    Area {
        key: "legislation",
        checks: &[
            "bills_solicited",
            "activities_invite_deputies",
            "plan_solicited",
            "reports_invite_field_deputies",
        ],
        charts: &["activities"],
    },
    Area {
        key: "inspections",
        checks: &["yearly_inspection_and_research", "members_join_inspections"],
        charts: &["activities"],
    },
    Area {
        key: "opinions",
        checks: &["meeting_opinions_answered"],
        charts: &["opinions"],
    },
    Area {
        key: "groups",
        checks: &["group_activities_per_year"],
        charts: &[],
    },
    Area {
        key: "members",
        checks: &[
            "links_within_bounds",
            "hearings_per_year",
            "contact_opinions_answered",
            "members_join_group_activities",
        ],
        charts: &["contacts"],
    },
    Area {
        key: "letters",
        checks: &[
            "letters_answered",
            "major_issues_reported",
            "letters_forwarded",
        ],
        charts: &[],
    },
];

/// The theme's sentences, filled.
struct Words<'a> {
    strings: &'a Strings,
}

/// A figure of a sentence: its text, or `None` when the figure is missing.
type Value = Option<String>;

fn n(value: u32) -> Value {
    Some(value.to_string())
}

/// A count that is worth a sentence only when there is something to count.
fn some(value: u32) -> Value {
    (value > 0).then(|| value.to_string())
}

/// `part` of `whole` in percent, rounded; missing when `whole` is zero.
fn share(part: u32, whole: u32) -> Value {
    (whole > 0).then(|| ((part * 100 + whole / 2) / whole).to_string())
}

/// Days, as a whole number when they are one (a median of an even count may be a half).
fn days(value: Option<f64>) -> Value {
    value.map(|d| {
        if d.fract() == 0.0 {
            format!("{d:.0}")
        } else {
            format!("{d:.1}")
        }
    })
}

fn sum(map: &std::collections::BTreeMap<String, u32>, keys: &[&str]) -> u32 {
    keys.iter().filter_map(|k| map.get(*k)).sum()
}

const LEGISLATIVE: &[&str] = &[
    "legislative_research",
    "legislative_drafting",
    "legislative_review",
    "legislative_evaluation",
    "enforcement_inspection",
];
const INSPECTIONS: &[&str] = &["concentrated_inspection", "special_research", "inspection"];

impl Words<'_> {
    fn text(&self, key: &str) -> String {
        self.strings.text(&format!("report.narrative.{key}"))
    }

    /// The sentence at `key` with its figures, or `None` when one is missing.
    fn sentence(&self, key: &str, values: &[(&str, Value)]) -> Option<String> {
        let mut filled: Vec<(&str, &str)> = Vec::with_capacity(values.len());
        for (name, value) in values {
            filled.push((name, value.as_deref()?));
        }
        Some(fill(&self.text(key), &filled))
    }

    /// The change from the previous year (“，比上年增加8人次”); empty without a previous year.
    fn change(&self, now: u32, before: Option<u32>, unit: &str) -> Value {
        let Some(before) = before else {
            return Some(String::new());
        };
        let unit = self.text(&format!("units.{unit}"));
        let (key, diff) = match now.cmp(&before) {
            std::cmp::Ordering::Greater => ("change.more", now - before),
            std::cmp::Ordering::Less => ("change.less", before - now),
            std::cmp::Ordering::Equal => ("change.same", 0),
        };
        Some(fill(
            &self.text(key),
            &[("diff", &diff.to_string()), ("unit", &unit)],
        ))
    }
}

/// A year's figures and the previous year's, when the view has them.
struct Years<'a> {
    year: i32,
    now: &'a Figures,
    before: Option<&'a Figures>,
}

impl Years<'_> {
    fn before(&self, figure: impl Fn(&Figures) -> u32) -> Option<u32> {
        self.before.map(figure)
    }
}

/// The sentences of an area's figures.
fn figure_sentences(w: &Words, y: &Years, view: &View, area: &str) -> Vec<Option<String>> {
    let f = y.now;
    match area {
        "attendance" => {
            let grassroots = f
                .attendance_by_basis
                .get("grassroots")
                .copied()
                .unwrap_or(0);
            vec![
                w.sentence(
                    "attendance.main",
                    &[
                        ("year", Some(y.year.to_string())),
                        ("meetings", n(f.meetings)),
                        ("attendances", n(f.attendances)),
                        (
                            "change",
                            w.change(f.attendances, y.before(|b| b.attendances), "places"),
                        ),
                        ("deputies", n(f.deputies_attending)),
                    ],
                ),
                w.sentence(
                    "attendance.grassroots",
                    &[
                        ("count", some(grassroots)),
                        ("share", share(grassroots, f.attendances)),
                    ],
                ),
            ]
        }
        "symposiums" => {
            let heard = |x: &Figures| x.opinions.by_source.get("symposiums").copied().unwrap_or(0);
            vec![
                w.sentence(
                    "symposiums.main",
                    &[
                        ("count", n(f.symposiums)),
                        (
                            "change",
                            w.change(f.symposiums, y.before(|b| b.symposiums), "times"),
                        ),
                    ],
                ),
                w.sentence(
                    "symposiums.opinions",
                    &[
                        ("count", some(heard(f))),
                        ("change", w.change(heard(f), y.before(heard), "items")),
                    ],
                ),
            ]
        }
        "legislation" => legislation(w, y),
        "inspections" => {
            let count = |x: &Figures| sum(&x.activities_by_kind, INSPECTIONS);
            vec![
                w.sentence(
                    "inspections.main",
                    &[
                        ("count", n(count(f))),
                        ("change", w.change(count(f), y.before(count), "times")),
                    ],
                ),
                w.sentence(
                    "inspections.places",
                    &[
                        ("places", some(f.activity_places)),
                        (
                            "change",
                            w.change(f.activity_places, y.before(|b| b.activity_places), "places"),
                        ),
                    ],
                ),
            ]
        }
        "opinions" => opinions(w, y),
        "groups" => groups(w, y, view),
        "members" => members(w, y, view),
        "letters" => letters(w, y),
        _ => Vec::new(),
    }
}

fn legislation(w: &Words, y: &Years) -> Vec<Option<String>> {
    let f = y.now;
    let activities = |x: &Figures| sum(&x.activities_by_kind, LEGISLATIVE);
    vec![
        w.sentence(
            "legislation.solicitations",
            &[
                ("count", n(f.solicitations)),
                (
                    "change",
                    w.change(f.solicitations, y.before(|b| b.solicitations), "times"),
                ),
                ("deputies", n(f.solicitation_deputies)),
                ("responses", n(f.solicitation_responses)),
            ],
        ),
        w.sentence(
            "legislation.activities",
            &[
                ("count", n(activities(f))),
                (
                    "change",
                    w.change(activities(f), y.before(activities), "times"),
                ),
            ],
        ),
        w.sentence(
            "legislation.trainings",
            &[
                ("count", some(f.trainings)),
                ("places", n(f.training_places)),
            ],
        ),
        w.sentence("legislation.briefings", &[("count", some(f.briefings))]),
    ]
}

fn opinions(w: &Words, y: &Years) -> Vec<Option<String>> {
    let o = &y.now.opinions;
    vec![
        w.sentence(
            "opinions.main",
            &[
                ("count", n(o.total)),
                (
                    "change",
                    w.change(o.total, y.before(|b| b.opinions.total), "items"),
                ),
            ],
        ),
        w.sentence(
            "opinions.answered",
            &[
                ("count", n(o.answered)),
                ("share", share(o.answered, o.total)),
            ],
        ),
        w.sentence("opinions.median", &[("days", days(o.reply_days.median))]),
    ]
}

fn groups(w: &Words, y: &Years, view: &View) -> Vec<Option<String>> {
    let deputies = &view.stats.deputies;
    let in_groups: u32 = deputies
        .by_group
        .iter()
        .filter(|(g, _)| *g != "none")
        .map(|(_, n)| n)
        .sum();
    let count = deputies.by_group.keys().filter(|g| *g != "none").count() as u32;
    let activities = |x: &Figures| {
        x.activities_by_kind
            .get("group_activity")
            .copied()
            .unwrap_or(0)
    };
    vec![
        w.sentence(
            "groups.main",
            &[
                ("total", n(deputies.total)),
                ("deputies", some(in_groups)),
                ("groups", some(count)),
            ],
        ),
        w.sentence(
            "groups.activities",
            &[
                ("count", n(activities(y.now))),
                (
                    "change",
                    w.change(activities(y.now), y.before(activities), "times"),
                ),
            ],
        ),
    ]
}

fn members(w: &Words, y: &Years, view: &View) -> Vec<Option<String>> {
    let f = y.now;
    let serving = view
        .members
        .iter()
        .filter(|m| m.years.contains(&y.year))
        .count() as u32;
    vec![w.sentence(
        "members.main",
        &[
            ("members", some(serving)),
            ("contacts", n(f.contacts)),
            (
                "change",
                w.change(f.contacts, y.before(|b| b.contacts), "times"),
            ),
            ("listened", n(f.contacts_listened)),
            (
                "change_listened",
                w.change(
                    f.contacts_listened,
                    y.before(|b| b.contacts_listened),
                    "times",
                ),
            ),
        ],
    )]
}

fn letters(w: &Words, y: &Years) -> Vec<Option<String>> {
    let f = y.now;
    vec![
        w.sentence(
            "letters.main",
            &[
                ("count", n(f.letters)),
                (
                    "change",
                    w.change(f.letters, y.before(|b| b.letters), "pieces"),
                ),
            ],
        ),
        w.sentence("letters.major", &[("count", some(f.letters_major))]),
        w.sentence(
            "letters.written",
            &[("count", some(f.letters_replied_in_writing))],
        ),
        w.sentence(
            "letters.median",
            &[("days", days(f.letter_reply_days.median))],
        ),
    ]
}

/// The sentences on the rules of an area evaluated in the year: those fully met together,
/// then each rule with items not met or pending.
fn rule_sentences(w: &Words, rows: &[&RuleRow]) -> Vec<Option<String>> {
    let article = |r: &RuleRow| format!("第{}条", crate::rules::profile::chinese_number(r.article));
    let met: Vec<&&RuleRow> = rows
        .iter()
        .filter(|r| r.counts.total > 0 && r.counts.not_met == 0 && r.counts.pending == 0)
        .collect();
    let mut out = Vec::new();
    if !met.is_empty() {
        let mut articles: Vec<String> = met.iter().map(|r| article(r)).collect();
        articles.dedup();
        let titles: Vec<String> = met
            .iter()
            .map(|r| fill(&w.text("rule_title"), &[("title", &r.title)]))
            .collect();
        out.push(w.sentence(
            "rules_met",
            &[
                ("articles", Some(articles.join("、"))),
                ("titles", Some(titles.join("、"))),
            ],
        ));
    }
    for r in rows {
        let key = if r.aim {
            "rule_aim_not_met"
        } else {
            "rule_not_met"
        };
        let values = |count: u32| {
            [
                ("article", Some(article(r))),
                ("title", Some(r.title.clone())),
                ("count", some(count)),
                ("total", n(r.counts.total)),
            ]
        };
        out.push(w.sentence(key, &values(r.counts.not_met)));
        out.push(w.sentence("rule_pending", &values(r.counts.pending)));
    }
    out
}

/// The narrative of `year`: every area in order, its paragraphs of figures and of rules.
pub fn sections(
    view: &View,
    strings: &Strings,
    year: i32,
    compliance: &CompliancePeriod,
) -> Vec<Section> {
    let w = Words { strings };
    let find = |y: i32| view.years.iter().find(|f| f.year == y).map(|f| &f.figures);
    let Some(now) = find(year) else {
        return Vec::new();
    };
    let years = Years {
        year,
        now,
        before: find(year - 1),
    };
    AREAS
        .iter()
        .enumerate()
        .map(|(i, area)| {
            let rows: Vec<&RuleRow> = compliance
                .rows
                .iter()
                .filter(|r| area.checks.contains(&r.check))
                .collect();
            let paragraphs: Vec<String> = [
                figure_sentences(&w, &years, view, area.key),
                rule_sentences(&w, &rows),
            ]
            .into_iter()
            .map(|sentences| sentences.into_iter().flatten().collect::<String>())
            .filter(|p| !p.is_empty())
            .collect();
            let paragraphs = if paragraphs.is_empty() {
                vec![w.text("empty")]
            } else {
                paragraphs
            };
            let title = w.text(&format!("{}.title", area.key));
            Section {
                area: area.key,
                heading: format!("{}{title}", super::words::section_number(i + 1)),
                title,
                paragraphs,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_check_kind_belongs_to_one_area() {
        for name in crate::rules::checks::names() {
            let areas: Vec<&str> = AREAS
                .iter()
                .filter(|a| a.checks.contains(&name))
                .map(|a| a.key)
                .collect();
            assert_eq!(areas.len(), 1, "check `{name}` is in areas {areas:?}");
        }
        for area in AREAS {
            for check in area.checks {
                assert!(crate::rules::checks::find(check).is_some(), "{check}");
            }
        }
    }

    #[test]
    fn a_missing_figure_leaves_its_sentence_out() {
        let strings = Strings::parse(
            "report: {narrative: {s: \"共{a}次，中位数{b}天。\", units: {times: 次}, \
             change: {more: \"，比上年增加{diff}{unit}\", less: \"，比上年减少{diff}{unit}\", \
             same: \"，与上年持平\"}}}",
            "t",
        )
        .expect("words");
        let w = Words { strings: &strings };
        assert_eq!(w.sentence("s", &[("a", n(3)), ("b", days(None))]), None);
        assert_eq!(
            w.sentence("s", &[("a", n(0)), ("b", days(Some(2.5)))]),
            Some("共0次，中位数2.5天。".to_string())
        );
        assert_eq!(
            w.change(26, Some(18), "times"),
            Some("，比上年增加8次".into())
        );
        assert_eq!(
            w.change(2, Some(5), "times"),
            Some("，比上年减少3次".into())
        );
        assert_eq!(w.change(5, Some(5), "times"), Some("，与上年持平".into()));
        assert_eq!(w.change(5, None, "times"), Some(String::new()));
        assert_eq!(share(1, 0), None);
        assert_eq!(share(1, 3), Some("33".into()));
    }

    #[test]
    fn the_default_theme_has_every_sentence() {
        let theme = crate::theme::Theme::embedded().expect("theme");
        let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let loaded = crate::load(&content).expect("the sample content");
        let model = loaded.model.expect("the sample has no errors");
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
        let outcome = crate::rules::evaluate(&model, as_of);
        let view = crate::pipeline::view(&model, &outcome, &theme);
        for year in super::super::years(&view) {
            let compliance = view
                .compliance
                .iter()
                .find(|c| c.slug == year.to_string())
                .expect("the year's compliance");
            let sections = sections(&view, &theme.strings, year, compliance);
            assert_eq!(sections.len(), AREAS.len());
            for s in &sections {
                let text = format!("{}{}", s.title, s.paragraphs.concat());
                assert!(
                    !text.contains("report.narrative") && !text.contains('{'),
                    "{year} {}: {text}",
                    s.area
                );
            }
        }
    }
}
