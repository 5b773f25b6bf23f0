//! Typed, validated, resolved records.
//!
//! [`load`] reads a content folder into a [`Model`]: every file is read and parsed in
//! parallel, converted into typed records (every mistake collected with its position), then
//! checked across records ([`validate`]). The model exists only when there is no error: a
//! build never publishes from data with errors (spec §3).

pub mod activity;
pub mod contact;
pub mod deputy;
pub mod group;
pub mod letter;
pub mod meeting;
pub mod member;
pub mod opinion;
pub mod page;
pub mod regulation;
pub mod report;
pub mod session;
pub mod site;
pub mod solicitation;
pub mod symposium;
pub mod validate;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

pub use activity::{Activity, ActivityKind};
pub use contact::{Channel, Contact};
pub use deputy::Deputy;
pub use group::Group;
pub use letter::Letter;
pub use meeting::{AgendaItem, AgendaKind, AttendanceBasis, Attendee, Meeting};
pub use member::{Link, Member};
pub use opinion::{Category, Opinion};
pub use page::Page;
pub use regulation::Regulation;
pub use session::Session;
pub use site::{ChangelogSettings, RuleParams, Site, Term};

use crate::rules::profile::{self, Profile};
pub use solicitation::Solicitation;
pub use symposium::{Symposium, Topic};

use crate::content::yaml::Reader;
use crate::content::{self, Kind, Role, Source};
use crate::diag::{self, Code, Diagnostic, Pos, Sources};
use crate::yaml_enum;

yaml_enum! {
    /// Whether a record's text may be published (spec §6). Internal records count only in
    /// figures.
    pub enum Visibility {
        Public = "public",
        Internal = "internal",
    }
}

impl Visibility {
    /// Letters and contacts are internal unless marked public; everything else is public.
    pub fn default_for(kind: Kind) -> Visibility {
        match kind {
            Kind::Letter | Kind::Contact => Visibility::Internal,
            _ => Visibility::Public,
        }
    }
}

/// What every record has: its id (the file stem), its file, its visibility and its body.
#[derive(Debug, Clone)]
pub struct Meta {
    pub id: String,
    /// Path relative to the content folder, with `/`.
    pub file: String,
    pub visibility: Visibility,
    /// The Markdown body of a `.md` record (empty for `.yaml`). Published only as sanitised
    /// HTML, never raw (the view renders it).
    pub body: String,
}

impl Meta {
    pub fn is_public(&self) -> bool {
        self.visibility == Visibility::Public
    }
}

/// Records of one kind by id. Shared (`Arc`): a model made from another by replacing a few
/// records (the 更新记录's versions) shares the rest.
pub type Records<T> = BTreeMap<String, Arc<T>>;

/// The valid content of a folder.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub site: Option<Site>,
    pub regulation: Option<Regulation>,
    /// The regulation profile in force (spec §4a): the content folder's own, the built-in one
    /// `site.yaml` names, or the default. A [`Model`] returned by [`load`] always has it.
    pub profile: Option<Profile>,
    pub deputies: Records<Deputy>,
    pub members: Records<Member>,
    pub groups: Records<Group>,
    pub meetings: Records<Meeting>,
    pub solicitations: Records<Solicitation>,
    pub symposiums: Records<Symposium>,
    pub activities: Records<Activity>,
    pub contacts: Records<Contact>,
    pub letters: Records<Letter>,
    pub pages: Records<Page>,
    /// 人民代表大会会议 (art. 10).
    pub sessions: Records<Session>,
    /// The office's parts of the annual reports, by year.
    pub reports: BTreeMap<i32, report::ReportText>,
    /// Where the content comes from in git (`None` outside a repository).
    pub provenance: Option<crate::history::Provenance>,
    /// The files as parsed, by blob id, for the 更新记录 to start from (taken once).
    pub parsed: crate::history::ParsedCache,
}

impl Model {
    /// The site settings. A [`Model`] returned by [`load`] always has them.
    pub fn site(&self) -> &Site {
        static DEFAULT: std::sync::OnceLock<Site> = std::sync::OnceLock::new();
        self.site.as_ref().unwrap_or_else(|| {
            DEFAULT.get_or_init(|| Site {
                title: String::new(),
                body: String::new(),
                base_url: String::new(),
                terms: Vec::new(),
                profile: None,
                rule_overrides: Vec::new(),
                history_url: None,
                commit_url: None,
                changelog: Default::default(),
            })
        })
    }

    /// The regulation profile in force (the default one for a model built by hand).
    pub fn profile(&self) -> &Profile {
        static DEFAULT: std::sync::OnceLock<Profile> = std::sync::OnceLock::new();
        self.profile.as_ref().unwrap_or_else(|| {
            DEFAULT.get_or_init(|| {
                Profile::built_in(profile::DEFAULT)
                    .map(|(p, _)| p)
                    .unwrap_or_else(|| unreachable!("the built-in profile reads"))
            })
        })
    }

    /// Number of records of every kind.
    /// Whether the model has a record of a kind with an id (public or not).
    /// The ids of one kind's records, in order.
    pub fn ids(&self, kind: Kind) -> Vec<&str> {
        macro_rules! ids {
            ($map:ident) => {
                self.$map.keys().map(String::as_str).collect()
            };
        }
        match kind {
            Kind::Deputy => ids!(deputies),
            Kind::Member => ids!(members),
            Kind::Group => ids!(groups),
            Kind::Meeting => ids!(meetings),
            Kind::Solicitation => ids!(solicitations),
            Kind::Symposium => ids!(symposiums),
            Kind::Activity => ids!(activities),
            Kind::Contact => ids!(contacts),
            Kind::Letter => ids!(letters),
            Kind::Page => ids!(pages),
            Kind::Session => ids!(sessions),
        }
    }

    pub fn contains(&self, kind: Kind, id: &str) -> bool {
        match kind {
            Kind::Deputy => self.deputies.contains_key(id),
            Kind::Member => self.members.contains_key(id),
            Kind::Group => self.groups.contains_key(id),
            Kind::Meeting => self.meetings.contains_key(id),
            Kind::Solicitation => self.solicitations.contains_key(id),
            Kind::Symposium => self.symposiums.contains_key(id),
            Kind::Activity => self.activities.contains_key(id),
            Kind::Contact => self.contacts.contains_key(id),
            Kind::Letter => self.letters.contains_key(id),
            Kind::Page => self.pages.contains_key(id),
            Kind::Session => self.sessions.contains_key(id),
        }
    }

    pub fn record_count(&self) -> usize {
        self.deputies.len()
            + self.members.len()
            + self.groups.len()
            + self.meetings.len()
            + self.solicitations.len()
            + self.symposiums.len()
            + self.activities.len()
            + self.contacts.len()
            + self.letters.len()
            + self.pages.len()
            + self.sessions.len()
    }
}

/// The result of reading a content folder.
pub struct Loaded {
    /// `Some` only when there is no error.
    pub model: Option<Model>,
    /// Errors and warnings, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The text of every file read, for rendering diagnostics.
    pub sources: Sources,
}

impl Loaded {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| !d.is_error())
    }

    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }
}

#[derive(Clone)]
enum Record {
    Site(Site),
    Regulation(Regulation),
    Profile(Box<Profile>),
    Deputy(Deputy),
    Member(Member),
    Group(Group),
    Meeting(Meeting),
    Solicitation(Solicitation),
    Symposium(Symposium),
    Activity(Activity),
    Contact(Contact),
    Letter(Letter),
    Page(Page),
    Session(Session),
    Report(report::ReportText),
}

/// A file after reading: its record (when it has no error of its own) and its diagnostics.
/// Cheap to keep and clone: `serve` caches one per file and re-reads only changed files.
#[derive(Clone)]
pub struct ReadFile {
    pub found: content::Found,
    /// The file's text, for rendering diagnostics.
    text: Option<std::sync::Arc<str>>,
    record: Option<Record>,
    /// The record's kind and id when the id is valid, even if the record has errors: other
    /// records may refer to it without a follow-on "unknown reference".
    id: Option<(Kind, String)>,
    diagnostics: Vec<Diagnostic>,
}

/// spec §1: `^[a-z0-9][a-z0-9-]{0,63}$`. Anything else is never used as a path.
pub fn is_valid_id(id: &str) -> bool {
    let b = id.as_bytes();
    !b.is_empty()
        && b.len() <= 64
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

fn suggest_id(stem: &str) -> String {
    let mut id: String = stem
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    while id.contains("--") {
        id = id.replace("--", "-");
    }
    let id = id.trim_matches('-');
    id.chars()
        .take(64)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string()
}

/// Reads and parses one file of a content folder (no checks across records).
pub fn read_found(found: content::Found) -> ReadFile {
    read_file(content::read(found))
}

/// Parses one file from its bytes (no checks across records).
pub fn read_bytes(found: content::Found, bytes: Vec<u8>) -> ReadFile {
    read_file(content::from_bytes(found, bytes))
}

fn read_file(source: Source) -> ReadFile {
    let rel = source.found.rel.clone();
    let mut diagnostics = Vec::new();
    let mut id = None;
    if let Role::Record(kind) = source.found.role {
        let stem = source.found.stem();
        if is_valid_id(stem) {
            id = Some((kind, stem.to_string()));
        } else {
            let better = suggest_id(stem);
            let hint = if better.is_empty() || !is_valid_id(&better) {
                "文件名（即 id）只能用小写英文字母、数字和连字符 `-`，以字母或数字开头，最多 64 个字符，例如 `wei-ming.yaml`".to_string()
            } else {
                format!(
                    "文件名（即 id）只能用小写英文字母、数字和连字符 `-`，最多 64 个字符；例如改名为 `{better}{}`",
                    if source.found.is_markdown() {
                        ".md"
                    } else {
                        ".yaml"
                    }
                )
            };
            diagnostics.push(
                Diagnostic::error(
                    Code::InvalidId,
                    &rel,
                    Pos::START,
                    format!("文件名 `{stem}` 不是有效的 id（invalid id）"),
                )
                .hint(hint),
            );
        }
    }
    let document = match &source.document {
        Ok(document) => document,
        Err(d) => {
            diagnostics.push(d.clone());
            return ReadFile {
                found: source.found,
                text: source.text.map(std::sync::Arc::from),
                record: None,
                id,
                diagnostics,
            };
        }
    };
    let reader = Reader::new(&rel, document.line_offset);
    let record = match source.found.role {
        Role::Site => reader
            .read_root(&document.root, site::read)
            .map(Record::Site),
        Role::Regulation => Some(Record::Regulation(Regulation::parse(&document.body))),
        Role::Profile => reader
            .read_root(&document.root, |f| {
                crate::rules::profile::read(f, rel.clone())
            })
            .map(|p| Record::Profile(Box::new(p))),
        Role::Report => {
            let body = &document.body;
            let first_line = source.text.as_deref().map_or(1, |text| {
                text[..text.len().saturating_sub(body.len())]
                    .matches('\n')
                    .count() as u32
                    + 1
            });
            let stem = source.found.stem().to_string();
            let mut own = Vec::new();
            let read = reader.read_root(&document.root, |f| {
                report::read(f, &stem, body, first_line, &mut own)
            });
            diagnostics.extend(own);
            read.map(Record::Report)
        }
        Role::Record(kind) => {
            let stem = source.found.stem().to_string();
            reader.read_root(&document.root, |f| {
                let visibility = f.or("visibility", Visibility::default_for(kind));
                let meta = Meta {
                    id: stem,
                    file: rel.clone(),
                    visibility,
                    body: document.body.clone(),
                };
                Some(match kind {
                    Kind::Deputy => Record::Deputy(deputy::read(f, meta)?),
                    Kind::Member => Record::Member(member::read(f, meta)?),
                    Kind::Group => Record::Group(group::read(f, meta)?),
                    Kind::Meeting => Record::Meeting(meeting::read(f, meta)?),
                    Kind::Solicitation => Record::Solicitation(solicitation::read(f, meta)?),
                    Kind::Symposium => Record::Symposium(symposium::read(f, meta)?),
                    Kind::Activity => Record::Activity(activity::read(f, meta)?),
                    Kind::Contact => Record::Contact(contact::read(f, meta)?),
                    Kind::Letter => Record::Letter(letter::read(f, meta)?),
                    Kind::Page => Record::Page(page::read(f, meta)?),
                    Kind::Session => Record::Session(session::read(f, meta)?),
                })
            })
        }
    };
    let own = reader.into_diagnostics();
    let failed = !diagnostics.is_empty() || own.iter().any(Diagnostic::is_error);
    diagnostics.extend(own);
    ReadFile {
        found: source.found,
        text: source.text.map(std::sync::Arc::from),
        record: if failed { None } else { record },
        id,
        diagnostics,
    }
}

/// Reads a record's text as if it were the file `rel` of a content folder (e.g. a record an
/// import is about to write); `None` when such a path is not a record file.
pub fn read_text(rel: &str, text: &str) -> Option<ReadFile> {
    let found = content::Found::classify(rel)?;
    Some(read_file(content::from_bytes(
        found,
        text.as_bytes().to_vec(),
    )))
}

/// The diagnostics of one file on its own (syntax, fields, values, its id), without the
/// checks across records. `rel` is its path in a content folder, e.g. `deputies/wei-ming.yaml`;
/// `None` when such a path is not a record file.
pub fn check_file(rel: &str, bytes: Vec<u8>) -> Option<Vec<Diagnostic>> {
    let found = content::Found::classify(rel)?;
    Some(read_file(content::from_bytes(found, bytes)).diagnostics)
}

/// Ids of records whose files exist with a valid id, whether or not they have errors, each
/// with the file that first used it.
#[derive(Debug, Default)]
pub struct KnownIds {
    ids: BTreeMap<Kind, BTreeMap<String, String>>,
}

impl KnownIds {
    pub fn contains(&self, kind: Kind, id: &str) -> bool {
        self.ids.get(&kind).is_some_and(|ids| ids.contains_key(id))
    }

    /// The ids of one kind, in order.
    pub fn of(&self, kind: Kind) -> impl Iterator<Item = &str> {
        self.ids
            .get(&kind)
            .into_iter()
            .flat_map(|ids| ids.keys().map(String::as_str))
    }

    /// Records `id` as used by `file`; when it was already used, the file that first used it.
    fn insert(&mut self, kind: Kind, id: &str, file: &str) -> Option<&str> {
        match self.ids.entry(kind).or_default().entry(id.to_string()) {
            std::collections::btree_map::Entry::Occupied(first) => Some(first.into_mut().as_str()),
            std::collections::btree_map::Entry::Vacant(entry) => {
                entry.insert(file.to_string());
                None
            }
        }
    }
}

/// Reads a content folder. `Err` only for an I/O failure of the folder itself (it does not
/// exist, cannot be listed); every problem of a file is a diagnostic.
pub fn load(dir: &Path) -> std::io::Result<Loaded> {
    load_from(&content::Folder(dir))
}

/// Reads the files of a content folder wherever they are kept (on disk, a commit's tree, the
/// index). `Err` only when the files cannot be listed.
pub fn load_from(files: &dyn content::Files) -> std::io::Result<Loaded> {
    let (read, diagnostics) = read_all(files)?;
    Ok(assemble(read, diagnostics))
}

/// Reads and parses every file of a content folder, side by side (no checks across
/// records), with the diagnostics of finding them.
pub fn read_all(files: &dyn content::Files) -> std::io::Result<(Vec<ReadFile>, Vec<Diagnostic>)> {
    let (found, diagnostics) = files.find()?;
    let read: Vec<ReadFile> = found
        .into_par_iter()
        .map(|found| read_file(content::read_from(files, found)))
        .collect();
    Ok((read, diagnostics))
}

impl ReadFile {
    /// The settings, when this is a valid `site.yaml`.
    pub fn site(&self) -> Option<&Site> {
        match &self.record {
            Some(Record::Site(site)) => Some(site),
            _ => None,
        }
    }
}

/// Puts read files together into a model and checks it across records. `diagnostics` are
/// those of finding the files (ignored files).
pub fn assemble(files: Vec<ReadFile>, mut diagnostics: Vec<Diagnostic>) -> Loaded {
    let mut model = Model::default();
    let mut known = KnownIds::default();
    let mut sources = Sources::default();
    let site_found = files.iter().any(|f| f.found.role == Role::Site);
    for file in files {
        let rel = file.found.rel;
        diagnostics.extend(file.diagnostics);
        if let Some((kind, id)) = &file.id
            && let Some(first) = known.insert(*kind, id, &rel)
        {
            diagnostics.push(
                    Diagnostic::error(Code::DuplicateId, &rel, Pos::START, format!("{} id `{id}` 重复：`{first}` 已经使用了这个 id（duplicate id）", kind.label()))
                        .hint("同一类记录的文件名不能相同（.yaml 和 .md 也不能同名）；合并这两个文件，或给其中一个改名"),
                );
            if let Some(text) = file.text {
                sources.insert(rel, text);
            }
            continue;
        }
        if let Some(text) = file.text {
            sources.insert(rel, text);
        }
        let Some(record) = file.record else { continue };
        macro_rules! insert {
            ($map:ident, $r:ident) => {{
                model.$map.insert($r.meta.id.clone(), Arc::new($r));
            }};
        }
        match record {
            Record::Site(s) => model.site = Some(s),
            Record::Regulation(r) => model.regulation = Some(r),
            Record::Profile(p) => model.profile = Some(*p),
            Record::Deputy(r) => insert!(deputies, r),
            Record::Member(r) => insert!(members, r),
            Record::Group(r) => insert!(groups, r),
            Record::Meeting(r) => insert!(meetings, r),
            Record::Solicitation(r) => insert!(solicitations, r),
            Record::Symposium(r) => insert!(symposiums, r),
            Record::Activity(r) => insert!(activities, r),
            Record::Contact(r) => insert!(contacts, r),
            Record::Letter(r) => insert!(letters, r),
            Record::Page(r) => insert!(pages, r),
            Record::Session(r) => insert!(sessions, r),
            Record::Report(r) => {
                model.reports.insert(r.year, r);
            }
        }
    }
    if !site_found {
        diagnostics.push(
            Diagnostic::error(Code::MissingField, "site.yaml", Pos::START, "内容文件夹中没有 site.yaml（site settings are missing）")
                .hint("在内容文件夹中新建 site.yaml，写明 title、body、base_url 和 terms（见 docs/data-format.md）"),
        );
    }
    resolve_profile(&mut model, &mut diagnostics);
    diagnostics.extend(validate::validate(&model, Some(&known)));
    diag::sort(&mut diagnostics);
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    Loaded {
        model: if has_errors { None } else { Some(model) },
        diagnostics,
        sources,
    }
}

/// A model made from `base` by replacing records: `removed` are the record files (paths in
/// the content folder) that are gone or changed, `added` the files read in their place or
/// new. Not checked across records: [`validated`] does that. `None` when a file of `added`
/// is not a valid record (an error of its own) or uses an id another file has: assemble the
/// whole folder instead, for its diagnostics.
///
/// The records not replaced are shared with `base`, not copied: this is how the 更新记录's
/// versions, a few files apart, are made from each other.
pub fn patch(base: &Model, removed: &[&str], added: Vec<ReadFile>) -> Option<Patched> {
    let mut gone: Vec<(Kind, String)> = Vec::new();
    let mut put: Vec<(Kind, String)> = Vec::new();
    let mut model = Model {
        site: base.site.clone(),
        regulation: base.regulation.clone(),
        profile: base.profile.clone(),
        deputies: base.deputies.clone(),
        members: base.members.clone(),
        groups: base.groups.clone(),
        meetings: base.meetings.clone(),
        solicitations: base.solicitations.clone(),
        symposiums: base.symposiums.clone(),
        activities: base.activities.clone(),
        contacts: base.contacts.clone(),
        letters: base.letters.clone(),
        pages: base.pages.clone(),
        sessions: base.sessions.clone(),
        reports: base.reports.clone(),
        provenance: None,
        parsed: Default::default(),
    };
    for rel in removed {
        let found = content::Found::classify(rel)?;
        let Role::Record(kind) = found.role else {
            return None;
        };
        let id = found.stem();
        // Only the record this file made (a `.md` and a `.yaml` of one id are an error).
        macro_rules! remove {
            ($map:ident) => {
                model.$map.get(id).is_some_and(|r| r.meta.file == *rel)
                    && model.$map.remove(id).is_some()
            };
        }
        let removed = match kind {
            Kind::Deputy => remove!(deputies),
            Kind::Member => remove!(members),
            Kind::Group => remove!(groups),
            Kind::Meeting => remove!(meetings),
            Kind::Solicitation => remove!(solicitations),
            Kind::Symposium => remove!(symposiums),
            Kind::Activity => remove!(activities),
            Kind::Contact => remove!(contacts),
            Kind::Letter => remove!(letters),
            Kind::Page => remove!(pages),
            Kind::Session => remove!(sessions),
        };
        if removed {
            gone.push((kind, id.to_string()));
        }
    }
    for file in added {
        if file.diagnostics.iter().any(Diagnostic::is_error) {
            return None;
        }
        macro_rules! put {
            ($map:ident, $r:ident, $kind:ident) => {{
                if model.$map.contains_key(&$r.meta.id) {
                    return None;
                }
                put.push(($kind, $r.meta.id.clone()));
                model.$map.insert($r.meta.id.clone(), Arc::new($r));
            }};
        }
        let Role::Record(file_kind) = file.found.role else {
            return None;
        };
        match file.record? {
            Record::Deputy(r) => put!(deputies, r, file_kind),
            Record::Member(r) => put!(members, r, file_kind),
            Record::Group(r) => put!(groups, r, file_kind),
            Record::Meeting(r) => put!(meetings, r, file_kind),
            Record::Solicitation(r) => put!(solicitations, r, file_kind),
            Record::Symposium(r) => put!(symposiums, r, file_kind),
            Record::Activity(r) => put!(activities, r, file_kind),
            Record::Contact(r) => put!(contacts, r, file_kind),
            Record::Letter(r) => put!(letters, r, file_kind),
            Record::Page(r) => put!(pages, r, file_kind),
            Record::Session(r) => put!(sessions, r, file_kind),
            Record::Site(_) | Record::Regulation(_) | Record::Profile(_) | Record::Report(_) => {
                return None;
            }
        }
    }
    // A record removed (not replaced) may leave references to it: every record is checked.
    let removed_only = gone.iter().any(|g| !put.contains(g));
    let scope =
        (!removed_only).then(|| validate::Scope::of(put.iter().map(|(k, id)| (*k, id.as_str()))));
    let changed = Changed::between(base, &model, gone.into_iter().chain(put));
    Some(Patched {
        model,
        scope,
        changed,
    })
}

/// A model [`patch`]ed from another: the records, what of them to check again (`None`: all),
/// and what changed.
pub struct Patched {
    pub model: Model,
    pub scope: Option<validate::Scope>,
    pub changed: Changed,
}

/// The records one version of the content differs from the version before it by (a
/// [`patch`]): what the rules evaluate again ([`crate::rules::evaluations_of_changed`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changed {
    /// The records replaced, added or removed, by kind.
    pub records: BTreeMap<Kind, BTreeSet<String>>,
    /// The members whose own record or whose contacts changed: a changed contact's member on
    /// either version.
    pub members: BTreeSet<String>,
}

impl Changed {
    /// What changed from `before` to `after` in these records (kind, id).
    pub fn between(
        before: &Model,
        after: &Model,
        records: impl IntoIterator<Item = (Kind, String)>,
    ) -> Changed {
        let mut changed = Changed::default();
        for (kind, id) in records {
            match kind {
                Kind::Member => {
                    changed.members.insert(id.clone());
                }
                Kind::Contact => {
                    for model in [before, after] {
                        if let Some(contact) = model.contacts.get(&id) {
                            changed.members.insert(contact.member.value.clone());
                        }
                    }
                }
                _ => {}
            }
            changed.records.entry(kind).or_default().insert(id);
        }
        changed
    }

    /// The kinds of records that changed, in order.
    pub fn kinds(&self) -> impl Iterator<Item = Kind> + '_ {
        self.records.keys().copied()
    }

    /// Whether this record is one that changed.
    pub fn has(&self, kind: Kind, id: &str) -> bool {
        self.records.get(&kind).is_some_and(|ids| ids.contains(id))
    }
}

/// A [`patch`]ed model checked across records, as [`assemble`] checks it (only the records
/// in `scope`, when the patch gives one): `model` is `None` when there is an error. No
/// sources: the 更新记录 only needs to know that there is one.
pub fn validated(model: Model, scope: Option<&validate::Scope>) -> Loaded {
    let diagnostics = match scope {
        Some(scope) => validate::errors_in(&model, scope),
        None => validate::validate(&model, None),
    };
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    Loaded {
        model: if has_errors { None } else { Some(model) },
        diagnostics,
        sources: Sources::default(),
    }
}

/// The profile in force: the folder's `regulation-profile.yaml`, else the built-in one that
/// `site.yaml`'s `profile:` names, else the default; with `site.yaml`'s `rules:` numbers laid
/// over it.
fn resolve_profile(model: &mut Model, diagnostics: &mut Vec<Diagnostic>) {
    let Some(site) = &model.site else { return };
    let mut chosen = model.profile.take();
    if chosen.is_none() {
        let name = site.profile.as_ref();
        let wanted = name.map_or(profile::DEFAULT, |n| n.value.as_str());
        match Profile::built_in(wanted) {
            Some((p, _)) => chosen = Some(p),
            None => {
                let names = profile::BUILT_IN.iter().map(|(n, _)| *n);
                let near = diag::did_you_mean(wanted, names.clone());
                diagnostics.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        "site.yaml",
                        name.map_or(Pos::START, |n| n.pos),
                        format!("没有名为 `{wanted}` 的内置《办法》配置（unknown profile）"),
                    )
                    .hint(match near {
                        Some(n) => format!("是否应为 `{n}`？（did you mean `{n}`?）"),
                        None => format!(
                            "内置配置：{}；或在内容文件夹中写 {}",
                            names.collect::<Vec<_>>().join("、"),
                            profile::FILE
                        ),
                    }),
                );
                return;
            }
        }
    }
    if let Some(p) = &mut chosen {
        p.apply(&site.rule_overrides);
    }
    model.profile = chosen;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        for ok in ["wei-ming", "14-08", "a", &"a".repeat(64)] {
            assert!(is_valid_id(ok), "{ok}");
        }
        for bad in [
            "",
            "-a",
            "Wei",
            "wei.ming",
            "wei_ming",
            "张三",
            "..",
            "a/b",
            &"a".repeat(65),
        ] {
            assert!(!is_valid_id(bad), "{bad}");
        }
        assert_eq!(suggest_id("Bad_ID"), "bad-id");
        assert_eq!(suggest_id("wei.ming"), "wei-ming");
    }
}
