//! Reading a profile file: its rules, their parameters and its versions, every mistake a
//! diagnostic with its place.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;

use super::{Profile, RuleDef, RuleId, Value, Version, fill};
use crate::content::yaml::{Fields, Reader};
use crate::diag::{Code, Diagnostic, Spanned};
use crate::model::member::Role;
use crate::rules::checks::{self, CheckKind};

/// What a profile file says before the versions are resolved.
struct RuleText {
    id: Spanned<String>,
    article: u32,
    title: Spanned<String>,
    aim: bool,
    applies: bool,
    check: &'static CheckKind,
    params: BTreeMap<&'static str, Spanned<Option<Value>>>,
}

/// Reads a profile (the built-in ones, or `regulation-profile.yaml`).
pub fn read(f: &mut Fields<'_>, source: String) -> Option<Profile> {
    let regulation = f.req::<String>("regulation");
    let rules: Vec<RuleText> = f.records("rules", read_rule);
    let mut base: Vec<RuleText> = Vec::new();
    let reader = f.reader();
    for rule in rules {
        if let Some(first) = base.iter().find(|b| b.id.value == rule.id.value) {
            reader.report(
                Diagnostic::error(
                    Code::DuplicateId,
                    reader.file,
                    rule.id.pos,
                    format!("规则 `{}` 重复（duplicate rule id）", rule.id.value),
                )
                .hint(format!(
                    "第 {} 行已经定义了这条规则；改名或删去一条",
                    first.id.pos.line
                )),
            );
            continue;
        }
        base.push(rule);
    }
    let versions = f.records("versions", |v| {
        let name = v.req::<String>("name");
        let effective = v.req::<NaiveDate>("effective");
        let changes = v.records("changes", read_change);
        Some((name?.value, effective?, changes))
    });
    if versions.is_empty() {
        reader.report(
            Diagnostic::error(
                Code::MissingField,
                reader.file,
                f.value_pos("versions"),
                "至少要写一个版本：`versions`（the regulation's versions and their dates）",
            )
            .hint("例如 `versions: [{name: 2022年修订, effective: 2022-09-23}]`"),
        );
    }
    for pair in versions.windows(2) {
        if pair[1].1.value <= pair[0].1.value {
            reader.report(
                Diagnostic::error(
                    Code::DateOrder,
                    reader.file,
                    pair[1].1.pos,
                    format!(
                        "版本“{}”的施行日期 {} 不晚于上一版本“{}”的 {}（versions out of order）",
                        pair[1].0, pair[1].1.value, pair[0].0, pair[0].1.value
                    ),
                )
                .hint("按施行日期从早到晚排列各版本"),
            );
        }
    }
    let mut resolved = Vec::new();
    let mut current: Vec<RuleText> = base;
    for (name, effective, changes) in versions {
        for change in changes {
            let Some(rule) = current.iter_mut().find(|r| r.id.value == change.id.value) else {
                let near = crate::diag::did_you_mean(
                    &change.id.value,
                    current.iter().map(|r| r.id.value.as_str()),
                );
                reader.report(
                    Diagnostic::error(
                        Code::UnknownReference,
                        reader.file,
                        change.id.pos,
                        format!(
                            "版本“{name}”修改的规则 `{}` 不存在（unknown rule）",
                            change.id.value
                        ),
                    )
                    .maybe_hint(near.map(|n| format!("是否应为 `{n}`？（did you mean `{n}`?）"))),
                );
                continue;
            };
            if let Some(applies) = change.applies {
                rule.applies = applies;
            }
            if let Some(title) = change.title {
                rule.title = title;
            }
            for (key, value) in change.params {
                match rule.check.params().iter().find(|p| p.name == key.value) {
                    Some(p) => {
                        rule.params.insert(p.name, Spanned::new(value, key.pos));
                    }
                    None => unknown_param(reader, rule.check, &key),
                }
            }
        }
        let rules = current
            .iter()
            .enumerate()
            .filter(|(_, r)| r.applies)
            .map(|(i, r)| resolve(reader, r, i as u16))
            .collect();
        resolved.push(Version {
            name,
            effective: effective.value,
            rules,
        });
    }
    if resolved.is_empty() {
        return None;
    }
    Some(Profile {
        source,
        regulation: regulation?.value,
        versions: resolved,
    })
}

fn read_rule(r: &mut Fields<'_>) -> Option<RuleText> {
    let id = r.req::<String>("id");
    let article = r.req::<u32>("article");
    let title = r.req::<String>("title");
    let aim = r.opt::<String>("obligation");
    let applies = r.or("applies", true);
    let check_name = r.req::<String>("check");
    let reader = r.reader();
    let check = check_name.as_ref().and_then(|name| {
        let found = checks::find(&name.value);
        if found.is_none() {
            let near = crate::diag::did_you_mean(&name.value, checks::names());
            reader.report(
                Diagnostic::error(
                    Code::InvalidValue,
                    reader.file,
                    name.pos,
                    format!("没有这种检查：`{}`（unknown check kind）", name.value),
                )
                .hint(match near {
                    Some(n) => format!("是否应为 `{n}`？（did you mean `{n}`?）"),
                    None => format!(
                        "可用的检查：{}",
                        checks::names().collect::<Vec<_>>().join("、")
                    ),
                }),
            );
        }
        found
    });
    let aim = match aim {
        None => false,
        Some(s) if s.value == "duty" => false,
        Some(s) if s.value == "aim" => true,
        Some(s) => {
            reader.report(
                Diagnostic::error(
                    Code::InvalidValue,
                    reader.file,
                    s.pos,
                    format!(
                        "`obligation` 应为 duty（必须履行）或 aim（争取），这里是 `{}`",
                        s.value
                    ),
                )
                .hint("`obligation: aim` 表示“争取”，未达到时显示“尚未实现”"),
            );
            false
        }
    };
    let check = check?;
    let params = read_params(r, check);
    Some(RuleText {
        id: id?,
        article: article?.value,
        title: title?,
        aim,
        applies,
        check,
        params,
    })
}

/// A version's change to a rule.
struct Change {
    id: Spanned<String>,
    applies: Option<bool>,
    title: Option<Spanned<String>>,
    params: Vec<(Spanned<String>, Option<Value>)>,
}

fn read_change(c: &mut Fields<'_>) -> Option<Change> {
    let id = c.req::<String>("rule");
    let applies = c.opt::<bool>("applies").map(|a| a.value);
    let title = c.opt::<String>("title");
    let params = c.free_scalars("params");
    Some(Change {
        id: id?,
        applies,
        title,
        params: params
            .into_iter()
            .filter_map(|(k, v)| Some((k, parse_value(&v)?)))
            .collect(),
    })
}

fn parse_value(text: &str) -> Option<Option<Value>> {
    if text.is_empty() || text == "null" {
        return Some(None);
    }
    text.parse::<u32>().ok().map(|n| Some(Value::Number(n)))
}

fn unknown_param(reader: &Reader<'_>, check: &CheckKind, key: &Spanned<String>) {
    let names = check.params().iter().map(|p| p.name);
    let near = crate::diag::did_you_mean(&key.value, names.clone());
    reader.report(
        Diagnostic::error(
            Code::UnknownField,
            reader.file,
            key.pos,
            format!(
                "检查 `{}` 没有参数 `{}`（unknown parameter）",
                check.name(),
                key.value
            ),
        )
        .hint(match near {
            Some(n) => format!("是否应为 `{n}`？（did you mean `{n}`?）"),
            None => format!("可用的参数：{}", names.collect::<Vec<_>>().join("、")),
        }),
    );
}

/// The parameters a check declares, each a number, a number per member role, or null.
fn read_params(
    r: &mut Fields<'_>,
    check: &'static CheckKind,
) -> BTreeMap<&'static str, Spanned<Option<Value>>> {
    let pos = r.value_pos("params");
    let mut out = BTreeMap::new();
    let declared = check.params();
    let _ = r.record("params", |p| {
        for spec in declared {
            let at = p.value_pos(spec.name);
            let value = if p.has_mapping(spec.name) {
                p.record(spec.name, |roles| {
                    let mut by_role = BTreeMap::new();
                    for (word, role) in Role::WORDS.iter().zip(Role::ALL.iter().copied()) {
                        if let Some(n) = roles.opt::<u32>(word) {
                            by_role.insert(role, n.value);
                        }
                    }
                    Some(Value::ByRole(by_role))
                })
            } else {
                p.opt::<u32>(spec.name).map(|n| Value::Number(n.value))
            };
            let present = p.is_present(spec.name);
            match (value, present) {
                (Some(v), _) => {
                    out.insert(spec.name, Spanned::new(Some(v), at));
                }
                (None, true) => {
                    out.insert(spec.name, Spanned::new(None, at));
                }
                (None, false) => {}
            }
        }
        Some(())
    });
    for spec in declared {
        out.entry(spec.name)
            .or_insert_with(|| Spanned::new(spec.default.map(Value::Number), pos));
    }
    out
}

/// A rule of a version: its parameters, its title filled.
fn resolve(reader: &Reader<'_>, rule: &RuleText, order: u16) -> RuleDef {
    let params: BTreeMap<&'static str, Value> = rule
        .params
        .iter()
        .filter_map(|(name, value)| Some((*name, value.value.clone()?)))
        .collect();
    let title = match fill(&rule.title.value, &params) {
        Ok(title) => title,
        Err(inner) => {
            reader.report(
                Diagnostic::error(
                    Code::InvalidValue,
                    reader.file,
                    rule.title.pos,
                    format!("标题中的 `{{{inner}}}` 不是这条规则的参数（unknown placeholder）"),
                )
                .hint(format!(
                    "可用：{}；按职务取值的参数写成 `{{links_min.委员}}`，汉字数字写成 `{{links_min:cn}}`",
                    params
                        .keys()
                        .map(|k| format!("{{{k}}}"))
                        .collect::<Vec<_>>()
                        .join("、")
                )),
            );
            rule.title.value.clone()
        }
    };
    RuleDef {
        title_template: rule.title.value.clone(),
        id: RuleId {
            order,
            code: Arc::from(rule.id.value.as_str()),
        },
        article: rule.article,
        title,
        aim: rule.aim,
        check: rule.check,
        params,
    }
}
