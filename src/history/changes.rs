//! `lianluo changes`: what changed in the content between two places of its history (two
//! commits, or a commit and the work tree), and which duties it moved.
//!
//! The two sides' files are compared by blob id; a changed file of a record kind is a record
//! added, changed or removed. Both sides are evaluated with the same `as_of`, and every
//! evaluation (rule + period + subject) whose status differs, appears or disappears is listed.
//!
//! Privacy: what is named comes from the public projection ([`Public`]) of each side. A record
//! is named (id and title) only when it is public on every side that has it; any other record
//! is only counted, per kind. An evaluation is named only when every record its subject names
//! is public on both sides; the others are only counted. An evaluation's message is never
//! shown: it may quote an internal record.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use std::path::Path;

use chrono::NaiveDate;
use gix::ObjectId;
use serde::Serialize;

pub(super) use super::naming::Now;
use super::naming::{nameable, title};
pub(super) use super::parsed::{Listing, Parsed};
use super::{Repo, SHORT_ID, repo::Recorded};
use crate::content::{Found, Kind, Role};
use crate::model::Loaded;
use crate::public::Public;
use crate::rules::{Period, RuleId, Status, Subject};

/// What changed from one side to the other.
#[derive(Debug, Serialize)]
pub struct Changes {
    pub from: Side,
    pub to: Side,
    pub as_of: NaiveDate,
    /// The kinds with a change, in the kinds' order.
    pub records: Vec<KindChanges>,
    /// `site.yaml`, `regulation.md`, `regulation-profile.yaml`, `reports/<year>.md`.
    pub files: FileChanges,
    /// The evaluations whose status changed, appeared or disappeared, of public subjects.
    pub evaluations: Vec<StatusChange>,
    /// How many such evaluations are about a record that is not public (not listed).
    pub internal_evaluations: u32,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
            && self.files.is_empty()
            && self.evaluations.is_empty()
            && self.internal_evaluations == 0
    }
}

/// One side of the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    /// The revision as given, `工作区` (the work tree), or `空` (before the first commit that
    /// had the content folder).
    pub label: String,
    /// The commit's short id, for a revision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
}

/// The records of one kind that changed.
#[derive(Debug, Serialize)]
pub struct KindChanges {
    /// The kind's folder (`deputies`).
    pub kind: &'static str,
    /// The kind's name (`代表`).
    pub name: &'static str,
    pub added: Vec<Named>,
    pub changed: Vec<Named>,
    pub removed: Vec<Named>,
    /// Records of this kind not public on a side that has them, added, changed or removed.
    pub internal: u32,
}

/// A public record: its id and its title (or name).
#[derive(Debug, Serialize)]
pub struct Named {
    pub id: String,
    pub title: String,
}

/// The content folder's other files that changed, by path.
#[derive(Debug, Default, Serialize)]
pub struct FileChanges {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
}

impl FileChanges {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

/// An evaluation whose status is not the same on both sides (`None`: no such evaluation).
#[derive(Debug, Serialize)]
pub struct StatusChange {
    pub rule: RuleId,
    pub period: Period,
    /// The subject in words, from the public projection.
    pub subject: String,
    /// The subject by its ids, as `check --format json` writes it.
    pub subject_ids: Subject,
    pub from: Option<Status>,
    pub to: Option<Status>,
}

/// Why there is no comparison.
pub enum Failure {
    /// The repository or a revision could not be read.
    Git(String),
    /// A side's records have errors: they are to be shown, and nothing compared.
    Data { side: String, loaded: Box<Loaded> },
}

impl From<String> for Failure {
    fn from(why: String) -> Failure {
        Failure::Git(why)
    }
}

/// The label of the work tree side.
pub const WORK_TREE: &str = "工作区";
/// The label of the side before the content folder's first commit.
pub const EMPTY: &str = "空";

/// Compares the content at `from` with the content at `to` (a revision each; `None` for `to`
/// is the work tree; `None` for `from` is the first parent of the last commit that changed
/// the content folder, or nothing when that commit added it), evaluated as of `as_of`.
pub fn compare(
    content: &Path,
    from: Option<&str>,
    to: Option<&str>,
    as_of: NaiveDate,
) -> Result<Changes, Failure> {
    let repo = Repo::discover(content)?.ok_or_else(|| {
        format!(
            "`{}` 不在 git 仓库中，无法比较版本（not in a git repository）",
            content.display()
        )
    })?;
    let mut parsed = Parsed::default();
    let to = match to {
        Some(rev) => read_rev(
            &repo,
            rev.to_string(),
            Some(repo.commit(rev)?),
            as_of,
            &mut parsed,
        )?,
        None => read_work_tree(&repo, content, as_of)?,
    };
    let (label, commit) = match from {
        Some(rev) => (rev.to_string(), Some(repo.commit(rev)?)),
        None => match repo.head() {
            Some(head) => match before_last_content_change(&repo, head)? {
                Some(commit) => (commit.to_hex_with_len(SHORT_ID).to_string(), Some(commit)),
                None => (EMPTY.to_string(), None),
            },
            None => (EMPTY.to_string(), None),
        },
    };
    let from = read_rev(&repo, label, commit, as_of, &mut parsed)?;
    Ok(between(&from, &to, as_of, None))
}

/// The first parent of the last commit (on `head`'s first-parent line) whose content folder
/// differs from its parent's; `None` when that commit has no parent or the folder never
/// changed.
fn before_last_content_change(repo: &Repo, head: ObjectId) -> Result<Option<ObjectId>, String> {
    let mut commit = head;
    loop {
        if repo.is_boundary(commit) {
            return Err(format!(
                "git: 浅克隆的历史在 {} 处截止，找不到上一次修改记录之前的版本；用 `git fetch --unshallow` 取回完整历史（shallow clone）",
                commit.to_hex_with_len(SHORT_ID)
            ));
        }
        let (parent, _) = repo.commit_info(commit)?;
        let tree = repo.content_tree(commit)?;
        let Some(parent) = parent else {
            return Ok(None);
        };
        if repo.content_tree(parent)? != tree {
            return Ok(Some(parent));
        }
        commit = parent;
    }
}

/// A side's files, by path, with their blob ids.
pub(super) type Ids = std::sync::Arc<BTreeMap<String, ObjectId>>;

/// A side read: its files' blob ids, its records (valid) and their evaluations.
pub(super) struct Read {
    pub(super) side: Side,
    pub(super) ids: Ids,
    loaded: Option<Loaded>,
    /// One slice per rule, in (rule, period, subject) order; a side made from the side before
    /// shares the slices of the rules not evaluated again.
    evaluations: Vec<Chunk>,
    /// `Some`: `evaluations` are only these rules' (the rules that read a kind of record
    /// changed from the side before); [`Read::complete`] adds the others' from that side.
    partial: Option<std::collections::BTreeSet<RuleId>>,
}

impl Read {
    /// A side with these files and records (`None`: nothing to load), evaluated as of `as_of`.
    /// `Err` with the records when they have errors.
    pub(super) fn new(
        side: Side,
        ids: Ids,
        loaded: Option<Loaded>,
        as_of: NaiveDate,
    ) -> Result<Read, Box<Loaded>> {
        Read::changed(side, ids, loaded, as_of, None)
    }

    /// [`Read::new`] of a side whose records differ from the side before only in records of
    /// the kinds `changed`: only the rules that read them are evaluated, until
    /// [`Read::complete`].
    pub(super) fn changed(
        side: Side,
        ids: Ids,
        loaded: Option<Loaded>,
        as_of: NaiveDate,
        changed: Option<&[crate::content::Kind]>,
    ) -> Result<Read, Box<Loaded>> {
        let loaded = match loaded {
            Some(loaded) if loaded.errors().next().is_some() => return Err(Box::new(loaded)),
            loaded => loaded,
        };
        let keyed = |evaluations: Vec<crate::rules::Evaluation>| -> Vec<Chunk> {
            chunks(
                evaluations
                    .into_iter()
                    .map(|e| ((e.rule, e.period, e.subject), e.status))
                    .collect(),
            )
        };
        let (evaluations, partial) = match (loaded.as_ref().and_then(|l| l.model.as_ref()), changed)
        {
            (Some(model), Some(kinds)) => {
                let (evaluations, rules) =
                    crate::rules::evaluations_of_changed(model, as_of, kinds);
                (keyed(evaluations), Some(rules))
            }
            (Some(model), None) => (keyed(crate::rules::evaluations_only(model, as_of)), None),
            (None, _) => (Vec::new(), None),
        };
        Ok(Read {
            side,
            ids,
            loaded,
            evaluations,
            partial,
        })
    }

    /// Completes a side's evaluations with those of the rules not evaluated again, from
    /// `before` (the side it was made from); evaluates them when `before` has none.
    pub(super) fn complete(&mut self, before: Option<&Read>, as_of: NaiveDate) {
        let Some(rules) = self.partial.take() else {
            return;
        };
        let usable = before.filter(|b| b.partial.is_none() && b.model().is_some());
        let Some(before) = usable else {
            if let Some(model) = self.model() {
                self.evaluations = chunks(
                    crate::rules::evaluations_only(model, as_of)
                        .into_iter()
                        .map(|e| ((e.rule, e.period, e.subject), e.status))
                        .collect(),
                );
            }
            return;
        };
        // Both in rule order: the rules not evaluated again keep the side before's slices.
        let mut merged = Vec::with_capacity(before.evaluations.len());
        let mut new = std::mem::take(&mut self.evaluations).into_iter().peekable();
        for chunk in before
            .evaluations
            .iter()
            .filter(|c| !rules.contains(rule_of(c)))
        {
            while new.peek().is_some_and(|n| rule_of(n) < rule_of(chunk)) {
                merged.extend(new.next());
            }
            merged.push(chunk.clone());
        }
        merged.extend(new);
        self.evaluations = merged;
    }

    /// The side's records, when they are valid.
    pub(super) fn model(&self) -> Option<&crate::model::Model> {
        self.loaded.as_ref()?.model.as_ref()
    }

    /// A side whose records cannot be compared (they have errors): its files only.
    pub(super) fn files_only(side: Side, ids: Ids) -> Read {
        Read {
            side,
            ids,
            loaded: None,
            evaluations: Vec::new(),
            partial: None,
        }
    }
}

fn valid(side: Side, ids: Ids, loaded: Loaded, as_of: NaiveDate) -> Result<Read, Failure> {
    let label = side.label.clone();
    Read::new(side, ids, Some(loaded), as_of).map_err(|loaded| Failure::Data {
        side: label,
        loaded,
    })
}

/// The content at a commit (`None`: the empty side).
fn read_rev(
    repo: &Repo,
    label: String,
    commit: Option<ObjectId>,
    as_of: NaiveDate,
    parsed: &mut Parsed,
) -> Result<Read, Failure> {
    let empty = |label| Side {
        label,
        commit: None,
        date: None,
    };
    let Some(commit) = commit else {
        return Ok(Read::files_only(empty(label), Ids::default()));
    };
    let (_, date) = repo.commit_info(commit)?;
    let side = Side {
        label,
        commit: Some(commit.to_hex_with_len(SHORT_ID).to_string()),
        date: Some(date),
    };
    let all = repo.blobs(commit)?;
    if all.is_empty() {
        // The commit has no content folder: nothing to load, nothing to evaluate.
        return Ok(Read::files_only(side, Ids::new(all)));
    }
    let (ids, loaded) = parsed.load(repo, &all)?;
    valid(side, Ids::new(ids), loaded, as_of)
}

fn read_work_tree(repo: &Repo, content: &Path, as_of: NaiveDate) -> Result<Read, Failure> {
    let folder = crate::content::Folder(content);
    let recorded = Recorded::new(&folder, repo.object_hash());
    let loaded = crate::model::load_from(&recorded).map_err(|e| {
        format!(
            "cannot read the content folder `{}`: {e}",
            content.display()
        )
    })?;
    let side = Side {
        label: WORK_TREE.to_string(),
        commit: None,
        date: None,
    };
    valid(side, Ids::new(recorded.ids()), loaded, as_of)
}

/// The public projection of a side, if it has records.
fn public(read: &Read, as_of: NaiveDate) -> Option<Public<'_>> {
    let model = read.loaded.as_ref()?.model.as_ref()?;
    Some(Public::new(model, as_of))
}

pub(super) fn between(from: &Read, to: &Read, as_of: NaiveDate, now: Option<&Now>) -> Changes {
    let (before, after) = (public(from, as_of), public(to, as_of));
    let (records, files) = record_changes(from, to, before.as_ref(), after.as_ref(), now);
    let (evaluations, internal_evaluations) =
        status_changes(from, to, before.as_ref(), after.as_ref(), now);
    Changes {
        from: from.side.clone(),
        to: to.side.clone(),
        as_of,
        records,
        files,
        evaluations,
        internal_evaluations,
    }
}

#[derive(Clone, Copy)]
enum Change {
    Added,
    Changed,
    Removed,
}

/// The files that differ, as records by kind and other files.
fn record_changes(
    from: &Read,
    to: &Read,
    before: Option<&Public>,
    after: Option<&Public>,
    now: Option<&Now>,
) -> (Vec<KindChanges>, FileChanges) {
    let mut kinds: BTreeMap<usize, KindChanges> = BTreeMap::new();
    let mut files = FileChanges::default();
    let mut paths: Vec<&String> = from.ids.keys().chain(to.ids.keys()).collect();
    paths.sort();
    paths.dedup();
    for rel in paths {
        let change = match (from.ids.get(rel), to.ids.get(rel)) {
            (Some(a), Some(b)) if a == b => continue,
            (Some(_), Some(_)) => Change::Changed,
            (None, Some(_)) => Change::Added,
            (Some(_), None) => Change::Removed,
            (None, None) => continue,
        };
        let Some(found) = Found::classify(rel) else {
            continue;
        };
        let Role::Record(kind) = found.role else {
            let list = match change {
                Change::Added => &mut files.added,
                Change::Changed => &mut files.changed,
                Change::Removed => &mut files.removed,
            };
            list.push(rel.clone());
            continue;
        };
        let index = Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        let entry = kinds.entry(index).or_insert_with(|| KindChanges {
            kind: kind.folder(),
            name: kind.label(),
            added: Vec::new(),
            changed: Vec::new(),
            removed: Vec::new(),
            internal: 0,
        });
        let id = found.stem();
        if now.is_some_and(|now| now.hides(kind, id)) {
            entry.internal += 1;
            continue;
        }
        let shown_before = before.and_then(|p| title(p, kind, id));
        let shown_after = after.and_then(|p| title(p, kind, id));
        let named = match change {
            Change::Added => shown_after.map(|t| (t, &mut entry.added)),
            Change::Removed => shown_before.map(|t| (t, &mut entry.removed)),
            Change::Changed => shown_before
                .and(shown_after)
                .map(|t| (t, &mut entry.changed)),
        };
        match named {
            Some((title, list)) => list.push(Named {
                id: id.to_string(),
                title,
            }),
            None => entry.internal += 1,
        }
    }
    (kinds.into_values().collect(), files)
}

pub(super) type Key = (RuleId, Period, Subject);

/// A rule's evaluations of a side.
pub(super) type Chunk = std::sync::Arc<[(Key, Status)]>;

/// Evaluations in (rule, period, subject) order cut into one slice per rule.
fn chunks(all: Vec<(Key, Status)>) -> Vec<Chunk> {
    all.chunk_by(|a, b| a.0.0 == b.0.0)
        .map(Chunk::from)
        .collect()
}

fn rule_of(chunk: &Chunk) -> &RuleId {
    &chunk[0].0.0
}

/// The evaluations whose status differs between `old` and `new`: those of `new` first, in
/// its order, then those that disappeared, in `old`'s.
fn moved<'k>(old: &'k [Chunk], new: &'k [Chunk]) -> Vec<(&'k Key, Option<Status>, Option<Status>)> {
    // The same rules: a slice shared by both sides (a rule not evaluated again) moved
    // nothing; the others compared one rule at a time.
    if old.len() == new.len() && old.iter().zip(new).all(|(a, b)| rule_of(a) == rule_of(b)) {
        let (mut changed, mut gone) = (Vec::new(), Vec::new());
        for (a, b) in old.iter().zip(new) {
            if !std::sync::Arc::ptr_eq(a, b) {
                let (a, b): (Vec<_>, Vec<_>) = (a.iter().collect(), b.iter().collect());
                let (c, g) = moved_in(&a, &b);
                changed.extend(c);
                gone.extend(g);
            }
        }
        changed.extend(gone);
        return changed;
    }
    let flat = |chunks: &'k [Chunk]| -> Vec<&'k (Key, Status)> {
        chunks.iter().flat_map(|c| c.iter()).collect()
    };
    let (changed, gone) = moved_in(&flat(old), &flat(new));
    changed.into_iter().chain(gone).collect()
}

type Moved<'k> = Vec<(&'k Key, Option<Status>, Option<Status>)>;

/// [`moved`] within one order: the changed or new, and the gone.
fn moved_in<'k>(old: &[&'k (Key, Status)], new: &[&'k (Key, Status)]) -> (Moved<'k>, Moved<'k>) {
    // Mostly the same evaluations in the same order (one commit changes a few records): a
    // walk side by side, no lookups.
    if old.len() == new.len() && old.iter().zip(new).all(|(a, b)| a.0 == b.0) {
        let changed = old
            .iter()
            .zip(new)
            .filter(|(a, b)| a.1 != b.1)
            .map(|(a, b)| (&b.0, Some(a.1), Some(b.1)))
            .collect();
        return (changed, Vec::new());
    }
    let old_by_key: FxHashMap<&Key, Status> = old.iter().map(|(k, s)| (k, *s)).collect();
    let new_by_key: FxHashMap<&Key, Status> = new.iter().map(|(k, s)| (k, *s)).collect();
    let mut changed = Vec::new();
    for (key, status) in new.iter().copied() {
        let was = old_by_key.get(key).copied();
        if was != Some(*status) {
            changed.push((key, was, Some(*status)));
        }
    }
    let mut gone = Vec::new();
    for (key, status) in old.iter().copied() {
        if !new_by_key.contains_key(key) {
            gone.push((key, Some(*status), None));
        }
    }
    (changed, gone)
}

/// The evaluations whose status differs (those of the `to` side first, in its order, then
/// those that disappeared, in the `from` side's), and how many of them are not named.
fn status_changes(
    from: &Read,
    to: &Read,
    before: Option<&Public>,
    after: Option<&Public>,
    now: Option<&Now>,
) -> (Vec<StatusChange>, u32) {
    let moved = moved(&from.evaluations, &to.evaluations);
    let mut listed = Vec::new();
    let mut internal = 0;
    for (key, was, is) in moved {
        let (rule, period, subject) = key;
        // Named only when public on every side that has the evaluation (a side without it
        // still must not hold the subject as an internal record).
        let public_on = |p: Option<&Public>| p.is_none_or(|p| nameable(p, subject));
        let label_from = if is.is_some() { after } else { before };
        match label_from {
            Some(p)
                if public_on(before)
                    && public_on(after)
                    && !now.is_some_and(|now| now.hides_subject(subject)) =>
            {
                listed.push(StatusChange {
                    rule: rule.clone(),
                    period: period.clone(),
                    subject: crate::export::subjects::name(p, subject),
                    subject_ids: subject.clone(),
                    from: was,
                    to: is,
                })
            }
            _ => internal += 1,
        }
    }
    (listed, internal)
}

/// The comparison as text, one line per change.
pub fn to_text(changes: &Changes) -> String {
    let side = |s: &Side| match (&s.commit, s.date) {
        (Some(commit), Some(date)) if *commit == s.label => format!("{commit}（{date}）"),
        (Some(commit), Some(date)) => format!("{}（{commit}，{date}）", s.label),
        _ => s.label.clone(),
    };
    let mut out = format!(
        "记录的变化：{} → {}（评估基准日 {}）\n",
        side(&changes.from),
        side(&changes.to),
        changes.as_of
    );
    if changes.is_empty() {
        out.push_str("没有变化\n");
        return out;
    }
    for kind in &changes.records {
        out.push_str(&format!("\n{}\n", kind.name));
        for (verb, list) in [
            ("新增", &kind.added),
            ("修改", &kind.changed),
            ("删除", &kind.removed),
        ] {
            for named in list {
                out.push_str(&format!("  {verb} {} {}\n", named.id, named.title));
            }
        }
        if kind.internal > 0 {
            out.push_str(&format!(
                "  {} 条不公开的{}有变化\n",
                kind.internal, kind.name
            ));
        }
    }
    if !changes.files.is_empty() {
        out.push_str("\n设置与文本\n");
        for (verb, list) in [
            ("新增", &changes.files.added),
            ("修改", &changes.files.changed),
            ("删除", &changes.files.removed),
        ] {
            for rel in list {
                out.push_str(&format!("  {verb} {rel}\n"));
            }
        }
    }
    if !changes.evaluations.is_empty() || changes.internal_evaluations > 0 {
        out.push_str("\n履职评估的变化\n");
        let status = |s: Option<Status>| s.map_or("（无）", Status::label);
        for e in &changes.evaluations {
            out.push_str(&format!(
                "  {} {} {}：{} → {}\n",
                e.rule,
                e.period,
                e.subject,
                status(e.from),
                status(e.to)
            ));
        }
        if changes.internal_evaluations > 0 {
            out.push_str(&format!(
                "  {} 项涉及不公开记录的评估有变化\n",
                changes.internal_evaluations
            ));
        }
    }
    out
}

pub fn to_json(changes: &Changes) -> String {
    // Serialising plain data into a String cannot fail.
    serde_json::to_string_pretty(changes).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
