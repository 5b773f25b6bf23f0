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
use crate::model::{Changed, Loaded};
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
    /// shares the slices of the rules not evaluated again, and the evaluations of the others
    /// that did not move.
    evaluations: Vec<Chunk>,
    /// `Some`: `evaluations` are only those evaluated again after the records that changed
    /// from the side before; [`Read::complete`] adds the others from that side.
    again: Option<crate::rules::Reevaluated>,
    /// What [`Read::complete`] took from the side before, for comparing the two.
    delta: Option<Delta>,
}

/// How a side's evaluations differ from those of the side it was completed from, for the
/// rules evaluated again in part: all else is that side's.
struct Delta {
    /// The files of the side before (which side it was).
    base: Ids,
    /// Per rule, the side before's evaluations replaced, and the evaluations in their place.
    rules: BTreeMap<RuleId, (Vec<Entry>, Vec<Entry>)>,
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

    /// [`Read::new`] of a side whose records differ from the side before by the records
    /// `changed`: only what they can move is evaluated, until [`Read::complete`].
    pub(super) fn changed(
        side: Side,
        ids: Ids,
        loaded: Option<Loaded>,
        as_of: NaiveDate,
        changed: Option<&Changed>,
    ) -> Result<Read, Box<Loaded>> {
        let loaded = match loaded {
            Some(loaded) if loaded.errors().next().is_some() => return Err(Box::new(loaded)),
            loaded => loaded,
        };
        let (evaluations, again) = match (loaded.as_ref().and_then(|l| l.model.as_ref()), changed) {
            (Some(model), Some(changed)) => {
                let mut again = crate::rules::evaluations_of_changed(model, as_of, changed);
                (chunks(std::mem::take(&mut again.evaluations)), Some(again))
            }
            (Some(model), None) => (chunks(crate::rules::evaluations_only(model, as_of)), None),
            (None, _) => (Vec::new(), None),
        };
        Ok(Read {
            side,
            ids,
            loaded,
            evaluations,
            again,
            delta: None,
        })
    }

    /// Completes a side's evaluations with those not evaluated again, from `before` (the
    /// side it was made from); evaluates everything when `before` has no evaluations.
    pub(super) fn complete(&mut self, before: Option<&Read>, as_of: NaiveDate) {
        let Some(again) = self.again.take() else {
            return;
        };
        let usable = before.filter(|b| b.again.is_none() && b.model().is_some());
        let Some(before) = usable else {
            if let Some(model) = self.model() {
                self.evaluations = chunks(crate::rules::evaluations_only(model, as_of));
            }
            return;
        };
        // Both in rule order. A rule not evaluated again keeps the side before's slice; one
        // evaluated again whole has its new slice; one evaluated again in part keeps the
        // side before's evaluations that the changes cannot move, with the new ones between.
        let mut merged = Vec::with_capacity(before.evaluations.len());
        let mut delta = BTreeMap::new();
        let mut new = std::mem::take(&mut self.evaluations).into_iter().peekable();
        for chunk in &before.evaluations {
            let rule = rule_of(chunk);
            while let Some(earlier) = new.next_if(|n| rule_of(n) < rule) {
                merged.push(earlier);
            }
            let fresh = new.next_if(|n| rule_of(n) == rule);
            match again.rules.get(rule) {
                None => merged.push(chunk.clone()),
                Some(None) => merged.extend(fresh),
                Some(Some(_)) => {
                    let (replaced, kept): (Vec<Entry>, Vec<Entry>) = chunk
                        .iter()
                        .cloned()
                        .partition(|e| again.replaces(rule, &e.0.2));
                    let added: Vec<Entry> = fresh.as_deref().unwrap_or_default().to_vec();
                    let all = merge_sorted(kept, &added);
                    if !all.is_empty() {
                        merged.push(Chunk::from(all));
                    }
                    delta.insert(rule.clone(), (replaced, added));
                }
            }
        }
        merged.extend(new);
        self.evaluations = merged;
        self.delta = Some(Delta {
            base: before.ids.clone(),
            rules: delta,
        });
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
            again: None,
            delta: None,
        }
    }
}

/// Two lists in key order as one.
fn merge_sorted(a: Vec<Entry>, b: &[Entry]) -> Vec<Entry> {
    if b.is_empty() {
        return a;
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let mut b = b.iter().peekable();
    for entry in a {
        while let Some(earlier) = b.next_if(|e| e.0 < entry.0) {
            out.push(earlier.clone());
        }
        out.push(entry);
    }
    out.extend(b.cloned());
    out
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

pub(super) fn between<'a>(
    from: &'a Read,
    to: &'a Read,
    as_of: NaiveDate,
    now: Option<&Now>,
) -> Changes {
    let files = changed_files(&from.ids, &to.ids);
    let moved = moved(from, to);
    // Each side's projection of only the records named.
    let project = |model: &'a crate::model::Model| {
        Public::of_records(model, as_of, &to_name(model, &files, &moved))
    };
    let (before, after) = (from.model().map(project), to.model().map(project));
    let (records, files) = record_changes(&files, before.as_ref(), after.as_ref(), now);
    let (evaluations, internal_evaluations) = status_changes(
        moved,
        from.model().zip(before.as_ref()),
        to.model().zip(after.as_ref()),
        now,
    );
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

/// The files that differ between two sides, in path order (both are).
fn changed_files<'a>(from: &'a Ids, to: &'a Ids) -> Vec<(&'a String, Change)> {
    let mut out = Vec::new();
    if std::sync::Arc::ptr_eq(from, to) {
        return out;
    }
    let (mut a, mut b) = (from.iter().peekable(), to.iter().peekable());
    loop {
        let change = match (a.peek(), b.peek()) {
            (Some((rel_a, id_a)), Some((rel_b, id_b))) => match rel_a.cmp(rel_b) {
                std::cmp::Ordering::Less => (a.next().map(|(r, _)| r), Change::Removed),
                std::cmp::Ordering::Greater => (b.next().map(|(r, _)| r), Change::Added),
                std::cmp::Ordering::Equal => {
                    let same = id_a == id_b;
                    let rel = a.next().map(|(r, _)| r);
                    b.next();
                    if same {
                        continue;
                    }
                    (rel, Change::Changed)
                }
            },
            (Some(_), None) => (a.next().map(|(r, _)| r), Change::Removed),
            (None, Some(_)) => (b.next().map(|(r, _)| r), Change::Added),
            (None, None) => return out,
        };
        if let (Some(rel), change) = change {
            out.push((rel, change));
        }
    }
}

/// The records of a side that naming the changes reads: the changed records, those the
/// moved evaluations' subjects name, and the members and deputies that name a contact or
/// a letter.
fn to_name(
    model: &crate::model::Model,
    files: &[(&String, Change)],
    moved: &Moved,
) -> BTreeMap<Kind, std::collections::BTreeSet<String>> {
    let mut wanted: BTreeMap<Kind, std::collections::BTreeSet<String>> = BTreeMap::new();
    let mut add = |kind: Kind, id: &str| {
        wanted.entry(kind).or_default().insert(id.to_string());
    };
    for (rel, _) in files {
        if let Some(found) = Found::classify(rel)
            && let Role::Record(kind) = found.role
        {
            add(kind, found.stem());
        }
    }
    for ((_, _, subject), _, _) in moved {
        for (kind, id) in subject.records() {
            add(kind, id);
        }
    }
    let contacts = wanted.get(&Kind::Contact).into_iter().flatten();
    let letters = wanted.get(&Kind::Letter).into_iter().flatten();
    let mut people: Vec<(Kind, &str)> = Vec::new();
    for contact in contacts.filter_map(|id| model.contacts.get(id)) {
        people.push((Kind::Member, &contact.member.value));
        people.push((Kind::Deputy, &contact.deputy.value));
    }
    for letter in letters.filter_map(|id| model.letters.get(id)) {
        people.push((Kind::Deputy, &letter.deputy.value));
    }
    let people: Vec<(Kind, String)> = people
        .into_iter()
        .map(|(kind, id)| (kind, id.to_string()))
        .collect();
    for (kind, id) in people {
        wanted.entry(kind).or_default().insert(id);
    }
    wanted
}

/// The files that differ, as records by kind and other files.
fn record_changes(
    changed: &[(&String, Change)],
    before: Option<&Public>,
    after: Option<&Public>,
    now: Option<&Now>,
) -> (Vec<KindChanges>, FileChanges) {
    let mut kinds: BTreeMap<usize, KindChanges> = BTreeMap::new();
    let mut files = FileChanges::default();
    for &(rel, change) in changed {
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

/// An evaluation of a side, shared by the sides that have it unchanged.
pub(super) type Entry = std::sync::Arc<(Key, Status)>;

/// A rule's evaluations of a side.
pub(super) type Chunk = std::sync::Arc<[Entry]>;

/// Evaluations in (rule, period, subject) order cut into one slice per rule.
fn chunks(all: Vec<crate::rules::Evaluation>) -> Vec<Chunk> {
    let entries: Vec<Entry> = all
        .into_iter()
        .map(|e| Entry::new(((e.rule, e.period, e.subject), e.status)))
        .collect();
    entries
        .chunk_by(|a, b| a.0.0 == b.0.0)
        .map(Chunk::from)
        .collect()
}

fn rule_of(chunk: &Chunk) -> &RuleId {
    &chunk[0].0.0
}

/// The evaluations whose status differs between the sides `old` and `new`: those of `new`
/// first, in its order, then those that disappeared, in `old`'s.
fn moved<'k>(old: &'k Read, new: &'k Read) -> Moved<'k> {
    let (old_chunks, new_chunks) = (&old.evaluations, &new.evaluations);
    // What `new` took from `old` when it was made from it.
    let delta = new
        .delta
        .as_ref()
        .filter(|d| std::sync::Arc::ptr_eq(&d.base, &old.ids));
    let refs =
        |entries: &'k [Entry]| -> Vec<&'k (Key, Status)> { entries.iter().map(|e| &**e).collect() };
    // The same rules: a slice shared by both sides (a rule not evaluated again) moved
    // nothing; a rule evaluated again in part moved only what it replaced; the others
    // compared one rule at a time.
    let same_rules = old_chunks.len() == new_chunks.len()
        && old_chunks
            .iter()
            .zip(new_chunks)
            .all(|(a, b)| rule_of(a) == rule_of(b));
    if same_rules {
        let (mut changed, mut gone) = (Vec::new(), Vec::new());
        for (a, b) in old_chunks.iter().zip(new_chunks) {
            if std::sync::Arc::ptr_eq(a, b) {
                continue;
            }
            let (c, g) = match delta.and_then(|d| d.rules.get(rule_of(b))) {
                Some((replaced, added)) => moved_in(&refs(replaced), &refs(added)),
                None => moved_in(&refs(a), &refs(b)),
            };
            changed.extend(c);
            gone.extend(g);
        }
        changed.extend(gone);
        return changed;
    }
    let flat = |chunks: &'k [Chunk]| -> Vec<&'k (Key, Status)> {
        chunks.iter().flat_map(|c| c.iter()).map(|e| &**e).collect()
    };
    let (changed, gone) = moved_in(&flat(old_chunks), &flat(new_chunks));
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
    moved: Moved,
    before: Option<(&crate::model::Model, &Public)>,
    after: Option<(&crate::model::Model, &Public)>,
    now: Option<&Now>,
) -> (Vec<StatusChange>, u32) {
    let mut listed = Vec::new();
    let mut internal = 0;
    for (key, was, is) in moved {
        let (rule, period, subject) = key;
        // Named only when public on every side that has the evaluation; a side without it
        // must not hold a record the subject names as an internal one (it may not have the
        // record at all: a member added or removed).
        let public_on = |side: Option<(&crate::model::Model, &Public)>, has: bool| match side {
            None => true,
            Some((_, p)) if has => nameable(p, subject),
            Some((model, p)) => subject
                .records()
                .all(|(kind, id)| !model.contains(kind, id) || p.is_public(kind, id)),
        };
        let label_from = if is.is_some() { after } else { before };
        match label_from {
            Some((_, p))
                if public_on(before, was.is_some())
                    && public_on(after, is.is_some())
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
