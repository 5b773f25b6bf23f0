//! The site's 更新记录: one entry per content commit (the last `changelog.entries` of
//! `site.yaml`, newest first), each what that commit changed against its first parent, as
//! `lianluo changes` says it; and the tags recognised as publications (`publish-*`).
//!
//! A content commit is one whose content folder differs from its first parent's. Every side
//! is evaluated with the build's `as_of`, so an entry's duties moved only because its records
//! did; commits dated after `as_of` are not listed. Files are parsed once by blob id
//! ([`Parsed`]): a commit that changes two files parses two files.
//!
//! Privacy is `changes`'s, and one more: a record or an evaluation is named only when it is
//! also public in the content being built (a record made internal since is only counted).

use chrono::NaiveDate;
use gix::ObjectId;
use serde::Serialize;

use super::changes::{self, Changes, EMPTY, Listing, Now, Parsed, Read, Side};
use super::{Provenance, Repo, SHORT_ID};
use crate::model::{Changed, ChangelogSettings, Model, Patched};
use crate::public::Public;

/// The 更新记录 page's data.
#[derive(Debug, Serialize)]
pub struct Changelog {
    /// Newest first.
    pub entries: Vec<Entry>,
    /// The tags recognised as publications, newest first.
    pub publications: Vec<Publication>,
    /// The records have content commits older than the entries listed (or history before
    /// a shallow clone's boundary).
    pub earlier: bool,
}

/// One content commit.
#[derive(Debug, Serialize)]
pub struct Entry {
    /// The short id.
    pub commit: String,
    /// The whole id (for the repository's web view of the commit).
    pub id: String,
    pub date: NaiveDate,
    /// The publications whose content this commit's is.
    pub tags: Vec<String>,
    /// What changed from the first parent.
    pub changes: Changes,
    /// A side's records had errors then: the files that changed are counted by kind, not
    /// named, and no duties are compared.
    pub unreadable: bool,
}

/// A tag recognised as a publication.
#[derive(Debug, Serialize)]
pub struct Publication {
    pub tag: String,
    /// The short id of its commit.
    pub commit: String,
    pub date: NaiveDate,
}

/// A content commit picked for an entry.
struct Pick {
    commit: ObjectId,
    date: NaiveDate,
    tree: Option<ObjectId>,
    parent: Option<ObjectId>,
    parent_tree: Option<ObjectId>,
}

/// The changelog of the content at `provenance`'s commit, as of `as_of`, named against what
/// is published now (`model`, `public`).
pub fn read(
    provenance: &Provenance,
    settings: &ChangelogSettings,
    model: &Model,
    public: &Public,
    as_of: NaiveDate,
) -> Result<Changelog, String> {
    let repo = Repo::discover(&provenance.content)?.ok_or_else(|| {
        format!(
            "`{}` 不在 git 仓库中（not in a git repository）",
            provenance.content.display()
        )
    })?;
    let (picks, earlier) = content_commits(&repo, provenance.commit, settings.entries, as_of)?;
    // The sides, oldest first: each entry's parent side is the side before it when nothing
    // else changed the content in between.
    let mut sides: Vec<(Option<ObjectId>, Option<ObjectId>)> = Vec::new(); // (commit, tree)
    let mut pairs = Vec::with_capacity(picks.len());
    for pick in picks.iter().rev() {
        let from = match sides.last() {
            Some((_, tree)) if *tree == pick.parent_tree => sides.len() - 1,
            _ => {
                sides.push((pick.parent, pick.parent_tree));
                sides.len() - 1
            }
        };
        sides.push((Some(pick.commit), pick.tree));
        pairs.push((from, sides.len() - 1));
    }
    // Every file of every side read and parsed once, side by side. A side's files are the
    // side before's with the trees that differ read again.
    let mut parsed = model.parsed.take().unwrap_or_default();
    let mut listings: Vec<Option<(ObjectId, Listing)>> = Vec::with_capacity(sides.len());
    let mut before: Option<(ObjectId, std::collections::BTreeMap<String, ObjectId>)> = None;
    let mut list = |listings: &mut Vec<Option<(ObjectId, Listing)>>,
                    (commit, tree): &(Option<ObjectId>, Option<ObjectId>)|
     -> Result<(), String> {
        let Some(commit) = commit else {
            listings.push(None);
            before = None;
            return Ok(());
        };
        let previous = listings.last().and_then(Option::as_ref).map(|(_, l)| l);
        let listing = match (before.take(), tree, previous) {
            (Some((before_tree, before_all)), Some(tree), Some(previous)) => {
                let (all, changed) = repo.blobs_changed(before_tree, *tree, before_all)?;
                let listing = Parsed::list_changed(&all, previous, &changed);
                before = Some((*tree, all));
                listing
            }
            _ => {
                let all = repo.blobs(*commit)?;
                let listing = Parsed::list_like(&all, previous);
                before = tree.map(|tree| (tree, all));
                listing
            }
        };
        listings.push(Some((*commit, listing)));
        Ok(())
    };
    // The oldest side is assembled whole (each later one is patched from the one before):
    // assembled and evaluated on the other core while the later sides are listed.
    let mut oldest: Option<(Read, bool)> = None;
    if let Some(first) = sides.first() {
        list(&mut listings, first)?;
    }
    let whole = match listings.first() {
        Some(Some((commit, listing))) if !listing.ids.is_empty() => {
            parsed.add(&repo, &[listing])?;
            let date = repo.commit_info(*commit)?.1;
            let files = parsed.files(listing);
            Some((
                *commit,
                listing.ids.clone(),
                listing.diagnostics(),
                files,
                date,
            ))
        }
        _ => None,
    };
    rayon::in_place_scope(|scope| -> Result<(), String> {
        if let Some((commit, ids, diagnostics, files, date)) = whole {
            let oldest = &mut oldest;
            scope.spawn(move |_| {
                let loaded = crate::model::assemble(files, diagnostics);
                *oldest = Some(evaluated(
                    named(commit, Some(date)),
                    ids,
                    loaded,
                    None,
                    as_of,
                ));
            });
        }
        for side in sides.iter().skip(1) {
            list(&mut listings, side)?;
        }
        Ok(())
    })?;
    let all: Vec<&Listing> = listings.iter().skip(1).flatten().map(|(_, l)| l).collect();
    parsed.add(&repo, &all)?;
    let mut dates = Vec::with_capacity(listings.len());
    for listing in &listings {
        dates.push(match listing {
            Some((commit, _)) => Some(repo.commit_info(*commit)?.1),
            None => None,
        });
    }
    let now = Now { model, public };
    // A side a few files from the side before it is made from that side's records (shared,
    // with the changed files' records in their place); any other is assembled whole.
    let make = |n: usize, base: Option<&Model>| -> Option<Patched> {
        let (_, before) = listings[n.checked_sub(1)?].as_ref()?;
        let (_, listing) = listings[n].as_ref()?;
        if listing.ids.is_empty() {
            return None;
        }
        parsed.patch(base?, before, listing)
    };
    let evaluate = |n: usize, patched: Option<Patched>| {
        side(&parsed, listings[n].as_ref(), dates[n], patched, as_of)
    };
    let mut entries = Vec::with_capacity(picks.len());
    // Two sides evaluated at a time (one per core), each entry compared beside the next
    // sides' evaluation once both of its sides are there, and sides freed once no entry
    // needs them: a few models in memory, not all.
    let mut ready: std::collections::BTreeMap<usize, (Read, bool)> = Default::default();
    let compare = |pick: &Pick,
                   from: usize,
                   to: usize,
                   ready: &std::collections::BTreeMap<usize, (Read, bool)>| {
        let (Some((a, a_unreadable)), Some((b, b_unreadable))) = (ready.get(&from), ready.get(&to))
        else {
            return None;
        };
        let unreadable = *a_unreadable || *b_unreadable;
        let mut changes = changes::between(a, b, as_of, Some(&now));
        if unreadable {
            // A side with errors has no evaluations: none are compared (not every one of the
            // other side's listed as appearing or gone).
            changes.evaluations.clear();
            changes.internal_evaluations = 0;
        }
        Some(Entry {
            commit: pick.commit.to_hex_with_len(SHORT_ID).to_string(),
            id: pick.commit.to_string(),
            date: pick.date,
            tags: Vec::new(),
            changes,
            unreadable,
        })
    };
    let free = |ready: &mut std::collections::BTreeMap<usize, (Read, bool)>, to: usize| {
        let done: Vec<usize> = ready.range(..to).map(|(n, _)| *n).collect();
        for n in done {
            if let Some(side) = ready.remove(&n) {
                crate::pipeline::drop_in_background(side);
            }
        }
    };
    // A side patched from the one before evaluates only the rules its changed records feed,
    // and takes the others' evaluations from that side.
    let finish = |ready: &mut std::collections::BTreeMap<usize, (Read, bool)>,
                  n: usize,
                  (mut read, unreadable): (Read, bool)| {
        read.complete(
            n.checked_sub(1).and_then(|b| ready.get(&b)).map(|(r, _)| r),
            as_of,
        );
        ready.insert(n, (read, unreadable));
    };
    let mut waiting: Option<(&Pick, usize, usize)> = None;
    let mut next = 0;
    if let Some(side) = oldest {
        ready.insert(0, side);
        next = 1;
    }
    for (pick, (from, to)) in picks.iter().rev().zip(pairs) {
        while next <= to {
            let base = next
                .checked_sub(1)
                .and_then(|n| ready.get(&n))
                .and_then(|(read, _)| read.model());
            let first = make(next, base);
            let second = (next < to).then(|| make(next + 1, first.as_ref().map(|p| &p.model)));
            let compared = waiting.take();
            let ((a, b), entry) = rayon::join(
                || match second {
                    Some(second) => {
                        let (a, b) =
                            rayon::join(|| evaluate(next, first), || evaluate(next + 1, second));
                        (a, Some(b))
                    }
                    None => (evaluate(next, first), None),
                },
                || compared.and_then(|(p, f, t)| Some((compare(p, f, t, &ready)?, t))),
            );
            if let Some((entry, t)) = entry {
                entries.push(entry);
                free(&mut ready, t);
            }
            finish(&mut ready, next, a);
            next += 1;
            if let Some(b) = b {
                finish(&mut ready, next, b);
                next += 1;
            }
        }
        if let Some((p, f, t)) = waiting.take()
            && let Some(entry) = compare(p, f, t, &ready)
        {
            entries.push(entry);
            free(&mut ready, t);
        }
        waiting = Some((pick, from, to));
    }
    if let Some((p, f, t)) = waiting
        && let Some(entry) = compare(p, f, t, &ready)
    {
        entries.push(entry);
    }
    entries.reverse();
    let publications = publications(&repo, &settings.publications, as_of, &picks, &mut entries)?;
    Ok(Changelog {
        entries,
        publications,
        earlier,
    })
}

/// Up to `entries` content commits on `start`'s first-parent line dated by `as_of`, newest
/// first, and whether there is content history before the last.
fn content_commits(
    repo: &Repo,
    start: ObjectId,
    entries: usize,
    as_of: NaiveDate,
) -> Result<(Vec<Pick>, bool), String> {
    let mut picks = Vec::new();
    let mut commit = start;
    let mut tree = repo.content_tree(commit)?;
    loop {
        if picks.len() == entries || repo.is_boundary(commit) {
            return Ok((picks, tree.is_some()));
        }
        let (parent, date) = repo.commit_info(commit)?;
        let parent_tree = match parent {
            Some(parent) => repo.content_tree(parent)?,
            None => None,
        };
        if tree.is_some() && parent_tree != tree && date <= as_of {
            picks.push(Pick {
                commit,
                date,
                tree,
                parent,
                parent_tree,
            });
        }
        let Some(parent) = parent else {
            return Ok((picks, false));
        };
        commit = parent;
        tree = parent_tree;
    }
}

/// A side of an entry: the content at a commit (`None`: before the first), evaluated, and
/// whether its records had errors. `patched`: its records made from the side before.
fn side(
    parsed: &Parsed,
    listing: Option<&(ObjectId, Listing)>,
    date: Option<NaiveDate>,
    patched: Option<Patched>,
    as_of: NaiveDate,
) -> (Read, bool) {
    let Some((commit, listing)) = listing else {
        let side = Side {
            label: EMPTY.to_string(),
            commit: None,
            date: None,
        };
        return (Read::files_only(side, Default::default()), false);
    };
    let side = named(*commit, date);
    if listing.ids.is_empty() {
        return (Read::files_only(side, Default::default()), false);
    }
    let (loaded, changed) = match patched {
        Some(Patched {
            model,
            scope,
            changed,
        }) => (
            crate::model::validated(model, scope.as_ref()),
            Some(changed),
        ),
        None => (parsed.assemble(listing), None),
    };
    evaluated(side, listing.ids.clone(), loaded, changed.as_ref(), as_of)
}

/// The side of a commit.
fn named(commit: ObjectId, date: Option<NaiveDate>) -> Side {
    let short = commit.to_hex_with_len(SHORT_ID).to_string();
    Side {
        label: short.clone(),
        commit: Some(short),
        date,
    }
}

/// A side's records evaluated (`changed`: see [`Read::changed`]), and whether they had errors.
fn evaluated(
    side: Side,
    ids: changes::Ids,
    loaded: crate::model::Loaded,
    changed: Option<&Changed>,
    as_of: NaiveDate,
) -> (Read, bool) {
    match Read::changed(side.clone(), ids.clone(), Some(loaded), as_of, changed) {
        Ok(read) => (read, false),
        Err(_) => (Read::files_only(side, ids), true),
    }
}

/// The tags whose names match `pattern` (git's wildcards), dated by `as_of`, newest first;
/// each is noted on the entry whose content it published.
fn publications(
    repo: &Repo,
    pattern: &str,
    as_of: NaiveDate,
    picks: &[Pick],
    entries: &mut [Entry],
) -> Result<Vec<Publication>, String> {
    let mut found = Vec::new();
    for (tag, commit) in repo.tags()? {
        let matches = gix::glob::wildmatch(
            pattern.into(),
            tag.as_str().into(),
            gix::glob::wildmatch::Mode::empty(),
        );
        if !matches {
            continue;
        }
        let (_, date) = repo.commit_info(commit)?;
        if date > as_of {
            continue;
        }
        let tree = repo.content_tree(commit)?;
        // The newest entry at or before the tag whose content is the tag's.
        if let Some(n) = picks
            .iter()
            .position(|p| p.commit == commit || (p.tree == tree && p.date <= date))
        {
            entries[n].tags.push(tag.clone());
        }
        found.push(Publication {
            tag,
            commit: commit.to_hex_with_len(SHORT_ID).to_string(),
            date,
        });
    }
    found.sort_by(|a, b| (b.date, &a.tag).cmp(&(a.date, &b.tag)));
    for entry in entries.iter_mut() {
        entry.tags.sort();
    }
    Ok(found)
}
