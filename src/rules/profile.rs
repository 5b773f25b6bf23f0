//! Regulation profiles (spec §4a): which rules a body's regulation sets, the article each
//! cites, its title, whether it is a duty or an aim, its parameters (by member role where
//! the profile wants it), and the versions of the regulation with the dates they took effect.
//!
//! A profile is data: the built-in ones are YAML files in `src/rules/profiles/`, compiled in
//! like the default theme; a body's own is `regulation-profile.yaml` in the content folder,
//! read with the same reader as every record (errors with file:line:column). The code that
//! evaluates a rule is a check kind ([`super::checks`]), chosen by the profile by name.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;

use super::checks::CheckKind;
use crate::content::yaml::Reader;
use crate::diag::Diagnostic;
use crate::model::member::Role;

/// The built-in profiles: name and text.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("guangxi-2022", include_str!("profiles/guangxi-2022.yaml")),
    ("city-sample", include_str!("profiles/city-sample.yaml")),
];

/// The profile used when `site.yaml` names none and the content folder has no profile file.
pub const DEFAULT: &str = "guangxi-2022";

/// The file name of a body's own profile in the content folder.
pub const FILE: &str = "regulation-profile.yaml";

/// A rule's id (`A12.1`), ordered as the profile lists its rules (article order), not as
/// text ("A10" < "A6.1" as text).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleId {
    order: u16,
    code: Arc<str>,
}

impl RuleId {
    pub fn code(&self) -> &str {
        &self.code
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)
    }
}

impl fmt::Debug for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)
    }
}

impl serde::Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.code)
    }
}

/// A parameter's value: one number, or one per member role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Number(u32),
    ByRole(BTreeMap<Role, u32>),
}

/// A rule of a version of the regulation, with its parameters resolved.
#[derive(Clone)]
pub struct RuleDef {
    pub id: RuleId,
    pub article: u32,
    /// The title with its parameters written in (“每名组成人员重点联系三至五名基层代表”).
    pub title: String,
    /// The title as the profile writes it (`…{links_min:cn}至{links_max:cn}名…`).
    pub title_template: String,
    /// An aim (“争取”): not met reads 尚未实现, not 未履行.
    pub aim: bool,
    pub check: &'static CheckKind,
    pub params: BTreeMap<&'static str, Value>,
}

impl fmt::Debug for RuleDef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.id, self.check.name())
    }
}

impl RuleDef {
    /// A parameter for a member of `role` (the check declares it, so it is always there).
    pub fn param_for(&self, name: &str, role: Option<Role>) -> u32 {
        match self.params.get(name) {
            Some(Value::Number(n)) => *n,
            Some(Value::ByRole(by_role)) => role
                .and_then(|r| by_role.get(&r))
                .or_else(|| by_role.values().next())
                .copied()
                .unwrap_or(0),
            None => 0,
        }
    }

    pub fn param(&self, name: &str) -> u32 {
        self.param_for(name, None)
    }

    /// An optional parameter (`forward_days: null` switches its rule's evaluation off).
    pub fn has_param(&self, name: &str) -> bool {
        self.params.contains_key(name)
    }

    /// The reply window of an item: `reply_days`, or `reply_days_complex` when complex.
    pub fn window(&self, complex: bool) -> u32 {
        if complex && self.has_param("reply_days_complex") {
            self.param("reply_days_complex")
        } else {
            self.param("reply_days")
        }
    }
}

/// A version of the regulation and the rules in force from its date.
#[derive(Debug, Clone)]
pub struct Version {
    pub name: String,
    pub effective: NaiveDate,
    pub rules: Vec<RuleDef>,
}

#[derive(Debug, Clone)]
pub struct Profile {
    /// The built-in name, or the file it was read from.
    pub source: String,
    /// The regulation's full name.
    pub regulation: String,
    /// Oldest first; never empty.
    pub versions: Vec<Version>,
}

impl Profile {
    /// The version in force on a day: the latest that took effect by then (the first one for
    /// days before any).
    pub fn in_force(&self, day: NaiveDate) -> &Version {
        self.versions
            .iter()
            .rev()
            .find(|v| v.effective <= day)
            .unwrap_or(&self.versions[0])
    }

    /// The newest version: what the pages that are not about a period (the regulation page,
    /// the compliance index) list.
    pub fn current(&self) -> &Version {
        &self.versions[self.versions.len() - 1]
    }

    /// Every rule of any version, once, in order (the latest definition of each).
    pub fn all_rules(&self) -> Vec<&RuleDef> {
        let mut by_id: BTreeMap<&RuleId, &RuleDef> = BTreeMap::new();
        for version in &self.versions {
            for rule in &version.rules {
                by_id.insert(&rule.id, rule);
            }
        }
        by_id.into_values().collect()
    }

    pub fn rule(&self, code: &str) -> Option<&RuleDef> {
        self.versions
            .iter()
            .rev()
            .flat_map(|v| v.rules.iter())
            .find(|r| r.id.code() == code)
    }

    /// A built-in profile by name, and the problems of reading it (none: a test reads every
    /// built-in profile).
    pub fn built_in(name: &str) -> Option<(Profile, Vec<Diagnostic>)> {
        let (_, text) = BUILT_IN.iter().find(|(n, _)| *n == name)?;
        let file = format!("<built-in>/{name}.yaml");
        let root = crate::content::yaml::parse(text, 0, &file).ok()?;
        let reader = Reader::new(&file, 0);
        let profile = reader.read_root(&root, |f| read(f, name.to_string()));
        Some((profile?, reader.into_diagnostics()))
    }

    /// Lays `site.yaml`'s `rules:` numbers over every rule that has a parameter of that name
    /// (null removes it: `forward_days: null` switches A13.3 off), and fills the titles again.
    pub fn apply(&mut self, overrides: &[(&'static str, Option<u32>)]) {
        for version in &mut self.versions {
            for rule in &mut version.rules {
                let mut changed = false;
                for (name, value) in overrides {
                    if !rule.check.params().iter().any(|p| p.name == *name) {
                        continue;
                    }
                    changed = true;
                    match value {
                        Some(n) => {
                            rule.params.insert(name, Value::Number(*n));
                        }
                        None => {
                            rule.params.remove(name);
                        }
                    }
                }
                if changed {
                    rule.title = fill(&rule.title_template, &rule.params)
                        .unwrap_or_else(|_| rule.title.clone());
                }
            }
        }
    }

    /// The numbers of the rules in force today, flat, for the pages and the open data that
    /// quote them (a number by role gives the smallest and the largest of its roles).
    pub fn numbers(&self) -> crate::model::RuleParams {
        let mut out = crate::model::RuleParams::default();
        let current = self.current();
        let find = |name: &str| current.rules.iter().find_map(|r| r.params.get(name));
        let low = |v: &Value| match v {
            Value::Number(n) => *n,
            Value::ByRole(m) => m.values().copied().min().unwrap_or(0),
        };
        let high = |v: &Value| match v {
            Value::Number(n) => *n,
            Value::ByRole(m) => m.values().copied().max().unwrap_or(0),
        };
        if let Some(v) = find("links_min") {
            out.links_min = low(v);
        }
        if let Some(v) = find("links_max") {
            out.links_max = high(v);
        }
        if let Some(v) = find("listens_per_year") {
            out.listens_per_year = low(v);
        }
        if let Some(v) = find("reply_days") {
            out.reply_days = low(v);
        }
        if let Some(v) = find("reply_days_complex") {
            out.reply_days_complex = low(v);
        }
        out
    }
}

/// Writes the parameters into a title: `{links_min}` gives 3, `{links_min:cn}` 三 (two as
/// 两, as before a measure word), `{links_min.委员}` the value for one role. `Err` names the
/// first placeholder that is not a parameter.
fn fill(title: &str, params: &BTreeMap<&'static str, Value>) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = title;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let inner = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        let (name, chinese) = match inner.strip_suffix(":cn") {
            Some(name) => (name, true),
            None => (inner, false),
        };
        let (name, role) = match name.split_once('.') {
            Some((n, r)) => (n, Some(r)),
            None => (name, None),
        };
        let number = match (params.get(name), role) {
            (Some(Value::Number(n)), None) => Some(*n),
            (Some(Value::ByRole(by_role)), Some(word)) => Role::WORDS
                .iter()
                .zip(Role::ALL.iter().copied())
                .find(|(w, _)| **w == word)
                .and_then(|(_, role)| by_role.get(&role).copied()),
            _ => None,
        };
        match number {
            Some(n) if chinese => out.push_str(&chinese_count(n)),
            Some(n) => out.push_str(&n.to_string()),
            None => return Err(inner.to_string()),
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// A count in Chinese numerals as written before a measure word: 一、两、三 … 九十九, then
/// digits.
pub fn chinese_count(n: u32) -> String {
    match n {
        2 => "两".to_string(),
        100.. => n.to_string(),
        _ => chinese_number(n),
    }
}

/// A number in Chinese numerals (第一百零五条, （二千）), up to 9999; digits above.
pub fn chinese_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    const PLACES: [&str; 4] = ["千", "百", "十", ""];
    if n == 0 {
        return DIGITS[0].to_string();
    }
    if n > 9999 {
        return n.to_string();
    }
    // 二千零五, 一百一十, 十五: a zero between digits is said once; 十 alone below twenty.
    let digits = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let mut out = String::new();
    let mut zero = false;
    for (place, d) in digits.into_iter().enumerate() {
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push_str(DIGITS[0]);
            zero = false;
        }
        if !(n < 20 && place == 2) {
            out.push_str(DIGITS[d as usize]);
        }
        out.push_str(PLACES[place]);
    }
    out
}

mod read;
pub use read::read;

#[cfg(test)]
mod tests;
