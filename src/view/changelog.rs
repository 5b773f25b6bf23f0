//! The 更新记录 page (`changes/index.html`) and its feed's items: for each content commit,
//! the records it added, changed and removed (named only when public, then and now; linked
//! when they have a page now), the other files, and the duties whose status it moved; and
//! the publications (tags) with how to rebuild them. Sentences are filled here from the
//! theme's `labels.changelog.*`; the template lays them out.

use chrono::NaiveDate;
use serde::Serialize;

use super::labels::Label;
use super::{Context, urls};
use crate::content::Kind;
use crate::history::changelog::{Changelog, Entry};
use crate::history::changes::{KindChanges, StatusChange};
use crate::rules::Status;

/// Where the page is.
pub const PAGE: &str = "changes/index.html";
/// The feed of the duties' status changes.
pub const FEED: &str = "changes.xml";
/// Records named per kind and entry; the rest are counted (a first commit adds them all).
const NAMED_PER_KIND: usize = 50;

#[derive(Debug, Clone, Serialize)]
pub struct ChangelogPage {
    pub intro: String,
    pub entries: Vec<ChangelogEntry>,
    pub publications: Vec<PublicationRow>,
    /// Said below the last entry when history goes on before it.
    pub earlier: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangelogEntry {
    /// The entry's anchor on the page (`c1a2b3c4`).
    pub anchor: String,
    pub date: NaiveDate,
    pub commit: String,
    /// The commit in the repository's web view, when `site.yaml` names one.
    pub commit_url: Option<String>,
    /// `已发布：publish-2025`, one per publication of this content.
    pub tags: Vec<String>,
    /// Why the changes are only counted (the records had errors then).
    pub note: Option<String>,
    pub kinds: Vec<KindRow>,
    /// `修改 site.yaml`.
    pub files: Vec<String>,
    pub duties: Vec<DutyRow>,
    /// The sentences counting what is not named.
    pub counts: Vec<String>,
    /// Said when nothing of the entry is named or counted.
    pub empty: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KindRow {
    pub name: Label,
    pub items: Vec<ItemRow>,
    /// `等 120 条`: named records beyond those listed.
    pub more: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemRow {
    pub verb: Label,
    pub label: String,
    /// The record's page, when it has one now.
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DutyRow {
    pub rule: String,
    pub rule_title: String,
    pub period: String,
    pub subject: String,
    pub from: Label,
    pub to: Label,
    /// The change in one line: `A12.2 2026年 李华 联系 韦明：进行中 → 已履行`.
    pub text: String,
    /// A stable key of the change (rule, period, subject), for the feed's ids.
    pub key: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PublicationRow {
    pub tag: String,
    pub commit: String,
    pub date: NaiveDate,
    /// The entry of its content on this page, when it is listed.
    pub anchor: Option<String>,
    /// How to build the site exactly as published.
    pub rebuild: String,
}

/// The page, when the content is in git and `site.yaml` asks for entries.
pub fn page(ctx: &Context) -> Option<ChangelogPage> {
    let changelog: &Changelog = ctx.public.changelog.as_ref()?;
    let entries: Vec<ChangelogEntry> = changelog.entries.iter().map(|e| entry(ctx, e)).collect();
    let publications = changelog
        .publications
        .iter()
        .map(|p| PublicationRow {
            tag: p.tag.clone(),
            commit: p.commit.clone(),
            date: p.date,
            anchor: changelog
                .entries
                .iter()
                .find(|e| e.tags.contains(&p.tag))
                .map(|e| anchor(&e.commit)),
            rebuild: ctx
                .labels
                .fill("labels.changelog.rebuild", &[("tag", &p.tag)]),
        })
        .collect();
    Some(ChangelogPage {
        intro: ctx.labels.fill(
            "labels.changelog.intro",
            &[("count", &entries.len().to_string())],
        ),
        entries,
        publications,
        earlier: changelog
            .earlier
            .then(|| ctx.labels.text("labels.changelog.earlier").to_string()),
    })
}

fn anchor(commit: &str) -> String {
    format!("c{commit}")
}

fn entry(ctx: &Context, e: &Entry) -> ChangelogEntry {
    let labels = ctx.labels;
    let changes = &e.changes;
    let mut counts = Vec::new();
    let kinds = changes
        .records
        .iter()
        .filter_map(|k| {
            let kind = Kind::ALL.iter().copied().find(|x| x.folder() == k.kind)?;
            if k.internal > 0 {
                counts.push(labels.fill(
                    "labels.changelog.internal",
                    &[
                        ("count", &k.internal.to_string()),
                        ("kind", &labels.kind(kind)),
                    ],
                ));
            }
            kind_row(ctx, kind, k)
        })
        .collect();
    let mut files = Vec::new();
    for (verb, list) in [
        ("added", &changes.files.added),
        ("changed", &changes.files.changed),
        ("removed", &changes.files.removed),
    ] {
        let verb = labels.text(&format!("labels.changelog.{verb}"));
        files.extend(list.iter().map(|rel| format!("{verb} {rel}")));
    }
    let duties: Vec<DutyRow> = changes.evaluations.iter().map(|s| duty(ctx, s)).collect();
    if changes.internal_evaluations > 0 {
        counts.push(labels.fill(
            "labels.changelog.internal_duties",
            &[("count", &changes.internal_evaluations.to_string())],
        ));
    }
    let empty = changes
        .is_empty()
        .then(|| labels.text("labels.changelog.none").to_string());
    ChangelogEntry {
        anchor: anchor(&e.commit),
        date: e.date,
        commit: e.commit.clone(),
        commit_url: ctx
            .public
            .site
            .commit_url
            .map(|url| crate::theme::fill(url, &[("commit", &e.id)])),
        tags: e
            .tags
            .iter()
            .map(|tag| labels.fill("labels.changelog.publication", &[("tag", tag)]))
            .collect(),
        note: e
            .unreadable
            .then(|| labels.text("labels.changelog.unreadable").to_string()),
        kinds,
        files,
        duties,
        counts,
        empty,
    }
}

/// The named records of a kind (`None` when every one is only counted).
fn kind_row(ctx: &Context, kind: Kind, k: &KindChanges) -> Option<KindRow> {
    let verbs =
        ["added", "changed", "removed"].map(|v| ctx.labels.text(&format!("labels.changelog.{v}")));
    let named: Vec<ItemRow> = [&k.added, &k.changed, &k.removed]
        .into_iter()
        .zip(verbs)
        .flat_map(|(list, verb)| {
            list.iter().map(move |n| ItemRow {
                verb: verb.clone(),
                label: n.title.clone(),
                url: None,
            })
        })
        .collect();
    if named.is_empty() {
        return None;
    }
    let ids = k.added.iter().chain(&k.changed).chain(&k.removed);
    let total = named.len();
    let items = named
        .into_iter()
        .zip(ids)
        .take(NAMED_PER_KIND)
        .map(|(mut item, n)| {
            item.url = record_url(ctx, kind, &n.id);
            item
        })
        .collect();
    Some(KindRow {
        name: ctx.labels.kind(kind),
        items,
        more: (total > NAMED_PER_KIND).then(|| {
            ctx.labels.fill(
                "labels.changelog.more",
                &[("count", &(total - NAMED_PER_KIND).to_string())],
            )
        }),
    })
}

/// Where a record is shown now, if it is public now.
fn record_url(ctx: &Context, kind: Kind, id: &str) -> Option<String> {
    let p = ctx.public;
    match kind {
        Kind::Contact => p.contact(id).map(|c| urls::contact(c.member, id)),
        Kind::Letter => p.letter(id).map(|_| urls::public_letter(id)),
        _ if p.is_public(kind, id) => Some(urls::record(kind, id)),
        _ => None,
    }
}

fn duty(ctx: &Context, s: &StatusChange) -> DutyRow {
    let status = |status: Option<Status>| match status {
        Some(status) => ctx.labels.status(status),
        None => ctx.labels.text("labels.changelog.no_status"),
    };
    let (from, to) = (status(s.from), status(s.to));
    let period = ctx.period_label(&s.period);
    let text = ctx.labels.fill(
        "labels.changelog.duty",
        &[
            ("rule", &s.rule.to_string()),
            ("period", &period),
            ("subject", &s.subject),
            ("from", &from),
            ("to", &to),
        ],
    );
    DutyRow {
        rule: s.rule.to_string(),
        rule_title: ctx.outcome.title(&s.rule),
        period,
        subject: s.subject.clone(),
        from,
        to,
        text,
        key: format!(
            "{}/{}/{}",
            s.rule,
            s.period,
            s.subject_ids
                .to_string()
                .replace(" — ", "+")
                .replace(' ', "")
        ),
    }
}
