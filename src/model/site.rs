//! `site.yaml`: the portal's settings, the terms, and the rule parameters (spec §2).

use chrono::NaiveDate;
use serde::Serialize;

use crate::content::yaml::Fields;
use crate::diag::{Code, Diagnostic, Spanned};

/// 届: a term of the congress.
#[derive(Debug, Clone)]
pub struct Term {
    pub id: Spanned<String>,
    pub name: String,
    pub start: Spanned<NaiveDate>,
    pub end: Spanned<NaiveDate>,
}

/// The parameters of the rules (spec §2 `rules:`), with the regulation's defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RuleParams {
    /// art. 12: 每人重点联系三至五名基层代表
    pub links_min: u32,
    pub links_max: u32,
    /// art. 12: 每年至少听取两次
    pub listens_per_year: u32,
    /// days for replies and feedback
    pub reply_days: u32,
    /// days for items marked `complex: true`
    pub reply_days_complex: u32,
}

impl Default for RuleParams {
    fn default() -> Self {
        RuleParams {
            links_min: 3,
            links_max: 5,
            listens_per_year: 2,
            reply_days: 90,
            reply_days_complex: 180,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Site {
    pub title: String,
    /// The body whose liaison work is published (常委会的全称).
    pub body: String,
    pub base_url: String,
    pub terms: Vec<Term>,
    /// The regulation profile named by `profile:` (a built-in one), if any.
    pub profile: Option<Spanned<String>>,
    /// The numbers written under `rules:`, laid over the profile's (null: switched off).
    pub rule_overrides: Vec<(&'static str, Option<u32>)>,
    /// `repository: {history: …}`: the web address of a file's history in the repository's
    /// web view, with `{path}` for the file's path in the repository.
    pub history_url: Option<String>,
    /// `repository: {commit: …}`: the web address of a commit, with `{commit}` for its id.
    pub commit_url: Option<String>,
    /// `changelog:`: the site's 更新记录 page.
    pub changelog: ChangelogSettings,
}

/// `changelog: {entries: 30, publications: "publish-*"}` in `site.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangelogSettings {
    /// The content commits listed, newest first (0: no 更新记录 page).
    pub entries: usize,
    /// The tags listed as publications: a git wildcard pattern (`publish-*`).
    pub publications: String,
}

impl Default for ChangelogSettings {
    fn default() -> ChangelogSettings {
        ChangelogSettings {
            entries: 30,
            publications: "publish-*".to_string(),
        }
    }
}

/// The most content commits the 更新记录 page lists (each is a version of the records to
/// read and evaluate).
pub const CHANGELOG_MAX: u32 = 200;

/// The numbers `site.yaml` may set under `rules:` (spec §2).
pub const RULE_NUMBERS: &[&str] = &[
    "links_min",
    "links_max",
    "listens_per_year",
    "reply_days",
    "reply_days_complex",
    "report_days",
    "forward_days",
];

impl Site {
    pub fn term(&self, id: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.id.value == id)
    }
}

pub fn read(f: &mut Fields<'_>) -> Option<Site> {
    let title = f.req::<String>("title");
    let body = f.req::<String>("body");
    let base_url = f.req::<String>("base_url");
    let terms_pos = f.value_pos("terms");
    let terms = f.records("terms", |t| {
        let id = t.req::<String>("id");
        let name = t.req::<String>("name");
        let start = t.req("start");
        let end = t.req("end");
        Some(Term {
            id: id?,
            name: name?.value,
            start: start?,
            end: end?,
        })
    });
    let profile = f.opt::<String>("profile");
    let rule_overrides = f
        .record("rules", |r| {
            let mut out: Vec<(&'static str, Option<u32>)> = Vec::new();
            for &name in RULE_NUMBERS {
                let present = r.is_present(name);
                match r.opt::<u32>(name) {
                    Some(n) => out.push((name, Some(n.value))),
                    None if present && r.value_is_null(name) => out.push((name, None)),
                    None => {}
                }
            }
            let get = |n: &str| out.iter().find(|(k, _)| *k == n).and_then(|(_, v)| *v);
            if let (Some(min), Some(max)) = (get("links_min"), get("links_max"))
                && min > max
            {
                r.reader().report(
                    Diagnostic::error(
                        Code::InvalidValue,
                        r.reader().file,
                        r.value_pos("links_min"),
                        format!("links_min（{min}）大于 links_max（{max}）"),
                    )
                    .hint("第十二条：每人重点联系三至五名基层代表，即 links_min: 3、links_max: 5"),
                );
            }
            Some(out)
        })
        .unwrap_or_default();
    let repository = f
        .record("repository", |r| {
            let mut web_address = |key: &'static str, slot: &str, example: &str| {
                let url = r.opt::<String>(key)?;
                let reader = r.reader();
                let web = url.value.starts_with("https://") || url.value.starts_with("http://");
                if web && url.value.contains(slot) {
                    return Some(url.value);
                }
                reader.report(
                    Diagnostic::error(
                        Code::InvalidValue,
                        reader.file,
                        url.pos,
                        format!(
                            "repository.{key} `{}` 应为以 http(s):// 开头、含有 {slot} 的网址",
                            url.value
                        ),
                    )
                    .hint(format!("例如 `{key}: {example}`")),
                );
                None
            };
            Some((
                web_address(
                    "history",
                    "{path}",
                    "https://git.example.org/renda/records/commits/main/{path}（{path} 处填入文件在仓库中的路径）",
                ),
                web_address(
                    "commit",
                    "{commit}",
                    "https://git.example.org/renda/records/commit/{commit}（{commit} 处填入提交的 id）",
                ),
            ))
        })
        .unwrap_or_default();
    let (history_url, commit_url) = repository;
    let changelog = f
        .record("changelog", |c| {
            let mut settings = ChangelogSettings::default();
            if let Some(n) = c.opt::<u32>("entries") {
                if n.value > CHANGELOG_MAX {
                    let reader = c.reader();
                    reader.report(
                        Diagnostic::error(
                            Code::InvalidValue,
                            reader.file,
                            n.pos,
                            format!(
                                "changelog.entries 最多为 {CHANGELOG_MAX}（写的是 {}）",
                                n.value
                            ),
                        )
                        .hint("更早的变化可以用 `lianluo changes FROM TO` 查看；写 0 则不生成更新记录页"),
                    );
                } else {
                    settings.entries = n.value as usize;
                }
            }
            if let Some(p) = c.opt::<String>("publications") {
                settings.publications = p.value;
            }
            Some(settings)
        })
        .unwrap_or_default();
    let reader = f.reader();
    if let Some(url) = &base_url
        && !((url.starts_with("https://") || url.starts_with("http://")) && url.ends_with('/'))
    {
        reader.report(
            Diagnostic::error(
                Code::InvalidValue,
                reader.file,
                url.pos,
                format!(
                    "base_url `{}` 应为以 http(s):// 开头、以 / 结尾的网址",
                    url.value
                ),
            )
            .hint("例如 `base_url: https://example.org/lianluo/`"),
        );
    }
    if terms.is_empty() && f.value_pos("terms") == terms_pos {
        reader.report(
            Diagnostic::error(
                Code::MissingField,
                reader.file,
                terms_pos,
                "至少要写一届：`terms`（at least one term）",
            )
            .hint(
                "例如 `terms: [{id: \"14\", name: 第十四届, start: 2023-01-13, end: 2028-01-12}]`",
            ),
        );
    }
    Some(Site {
        title: title?.value,
        body: body?.value,
        base_url: base_url?.value,
        terms,
        profile,
        rule_overrides,
        history_url,
        commit_url,
        changelog,
    })
}
