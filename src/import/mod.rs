//! `lianluo import`: a clerk's spreadsheet (roster, link list, contact log, letters register)
//! into record files.
//!
//! The sheet is read into cells ([`table`]), its headers matched to the kind's fields
//! ([`columns`]), every row converted the way records are checked ([`values`], [`rows`]),
//! and the records' text made or edited ([`yaml`]). The records to write are then read by
//! the model together with the content folder, so what is written passes `check`. Every
//! mistake of the run is reported with its sheet and cell; nothing is written when there is
//! one.

pub mod columns;
pub mod kinds;
pub mod rows;
pub mod table;
pub mod values;
pub mod yaml;

#[cfg(test)]
mod roundtrip_tests;
#[cfg(test)]
mod templates;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rayon::prelude::*;

use crate::content::{self, Kind};
use crate::diag::{Code, Diagnostic};
use crate::model::{self, Loaded};
use rows::Draft;
use table::Table;

/// The kinds of record a sheet can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum ImportKind {
    Deputies,
    Members,
    Groups,
    Contacts,
    Letters,
    /// 重点联系: rows of (member, deputy, from, to) setting members' links.
    Links,
}

impl ImportKind {
    pub const ALL: [ImportKind; 6] = [
        ImportKind::Deputies,
        ImportKind::Members,
        ImportKind::Groups,
        ImportKind::Contacts,
        ImportKind::Letters,
        ImportKind::Links,
    ];

    pub fn kind(self) -> Kind {
        match self {
            ImportKind::Deputies => Kind::Deputy,
            ImportKind::Members | ImportKind::Links => Kind::Member,
            ImportKind::Groups => Kind::Group,
            ImportKind::Contacts => Kind::Contact,
            ImportKind::Letters => Kind::Letter,
        }
    }
}

/// "Did you mean …?" for what clerks type: the record's closest word by `diag::did_you_mean`,
/// else, for short Chinese words where one wrong character weighs much, the candidate within
/// one edit in three characters.
pub fn near<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
) -> Option<&'a str> {
    if let Some(found) = crate::diag::did_you_mean(wrong, candidates.clone()) {
        return Some(found);
    }
    let most = (wrong.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(wrong, c), c))
        .filter(|(d, _)| *d <= most)
        .min()
        .map(|(_, c)| c)
}

/// A mistake at a cell or row of the sheet.
pub fn mistake(code: Code, place: String, message: String, hint: String) -> Diagnostic {
    Diagnostic::at_place(code, &place, message).hint(hint)
}

pub struct Options<'a> {
    pub kind: ImportKind,
    pub file: &'a Path,
    pub sheet: Option<&'a str>,
    pub content: &'a Path,
    /// Existing records may be edited (only the fields the sheet gives).
    pub update: bool,
}

/// What the import does to a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Create,
    Update,
    /// An existing record the sheet gives again with the same values.
    Unchanged,
}

#[derive(Debug, Clone)]
pub struct Planned {
    /// Relative to the content folder, with `/`.
    pub rel: String,
    pub text: String,
    pub action: Action,
}

/// The files an import writes, all checked.
#[derive(Debug)]
pub struct Plan {
    pub files: Vec<Planned>,
    /// Warnings of the records as written (e.g. a link to a deputy who is not grassroots).
    pub warnings: Vec<Diagnostic>,
}

impl Plan {
    /// Writes every created or updated file (each through a temporary file and a rename).
    pub fn write(&self, content: &Path) -> Result<usize, String> {
        let mut written = 0;
        for file in self.files.iter().filter(|f| f.action != Action::Unchanged) {
            let path = content.join(&file.rel);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            }
            let tmp = path.with_extension("import-tmp");
            std::fs::write(&tmp, &file.text)
                .and_then(|()| std::fs::rename(&tmp, &path))
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            written += 1;
        }
        Ok(written)
    }
}

/// Why nothing is written.
pub enum Failure {
    /// The content folder cannot be read.
    Io(String),
    /// The content folder has errors of its own: `check` must pass first.
    Content(Box<Loaded>),
    /// The file cannot be read as a sheet.
    Input(String),
    /// Every mistake of the sheet, in sheet order.
    Mistakes(Vec<Diagnostic>),
}

/// Reads the sheet and works out the files to write; writes nothing.
pub fn plan(options: &Options) -> Result<Plan, Failure> {
    let (files, found_diags) = read_content(options.content)?;
    let loaded = model::assemble(files.clone(), found_diags.clone());
    let Some(model) = loaded.model.as_ref() else {
        return Err(Failure::Content(Box::new(loaded)));
    };
    let table = table::read(options.file, options.sheet).map_err(Failure::Input)?;
    let mut mistakes = Vec::new();
    let found = columns::find(options.kind, &table, options.update, &mut mistakes);
    let existing: BTreeMap<(Kind, String), String> = files
        .iter()
        .filter_map(|f| match f.found.role {
            content::Role::Record(kind) => {
                Some(((kind, f.found.stem().to_string()), f.found.rel.clone()))
            }
            _ => None,
        })
        .collect();
    let sheet = rows::Sheet {
        table: &table,
        found: &found,
        existing: &existing,
        update: options.update,
    };
    let drafts = kinds::drafts(options.kind, model, &sheet, &mut mistakes);
    let planned = files_of(options, &table, &drafts, &mut mistakes);
    if !mistakes.is_empty() {
        return Err(Failure::Mistakes(mistakes));
    }
    let warnings = check_together(files, found_diags, &planned, &drafts, &table, &mut mistakes);
    if !mistakes.is_empty() {
        return Err(Failure::Mistakes(mistakes));
    }
    Ok(Plan {
        files: planned,
        warnings,
    })
}

fn read_content(dir: &Path) -> Result<(Vec<model::ReadFile>, Vec<Diagnostic>), Failure> {
    let (found, diagnostics) = content::find(dir).map_err(|e| {
        Failure::Io(format!(
            "无法读取内容文件夹 `{}`：{e}（cannot read the content folder）",
            dir.display()
        ))
    })?;
    let files: Vec<model::ReadFile> = found.into_par_iter().map(model::read_found).collect();
    Ok((files, diagnostics))
}

/// The text of every record a draft makes or edits.
fn files_of(
    options: &Options,
    table: &Table,
    drafts: &[Draft],
    mistakes: &mut Vec<Diagnostic>,
) -> Vec<Planned> {
    let folder = options.kind.kind().folder();
    let mut planned = Vec::new();
    for draft in drafts {
        let fields: Vec<(&'static str, yaml::Value)> = draft
            .fields
            .iter()
            .map(|f| (f.key, f.value.clone()))
            .collect();
        let Some(rel) = &draft.existing else {
            planned.push(Planned {
                rel: format!("{folder}/{}.yaml", draft.id),
                text: yaml::render(&table.row_at(draft.row), &fields),
                action: Action::Create,
            });
            continue;
        };
        if !options.update {
            mistakes.push(mistake(
                Code::DuplicateId,
                table.row_at(draft.row),
                format!("记录 `{rel}` 已经存在，不会覆盖（the record exists）"),
                "要用表格中的值更新已有记录，加 --update（只改表格中有的列，保留注释和正文）；要新建记录，在“标识符”列写一个新的 id".into(),
            ));
            continue;
        }
        let path = options.content.join(rel);
        let patched = std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|old| Ok((yaml::patch(&old, rel.ends_with(".md"), &fields)?, old)));
        match patched {
            Ok((text, old)) => planned.push(Planned {
                rel: rel.clone(),
                action: if text == old {
                    Action::Unchanged
                } else {
                    Action::Update
                },
                text,
            }),
            Err(why) => mistakes.push(mistake(
                Code::YamlSyntax,
                table.row_at(draft.row),
                format!("无法更新 `{rel}`：{why}（cannot update the record）"),
                "先运行 lianluo check 改正这个文件".into(),
            )),
        }
    }
    planned
}

/// Reads the records to write together with the content folder, as `check` would; a
/// mistake in a record written is reported at the cell its field came from.
fn check_together(
    files: Vec<model::ReadFile>,
    found_diags: Vec<Diagnostic>,
    planned: &[Planned],
    drafts: &[Draft],
    table: &Table,
    mistakes: &mut Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let replaced: BTreeSet<&str> = planned.iter().map(|p| p.rel.as_str()).collect();
    let mut all: Vec<model::ReadFile> = files
        .into_iter()
        .filter(|f| !replaced.contains(f.found.rel.as_str()))
        .collect();
    all.extend(
        planned
            .iter()
            .filter_map(|p| model::read_text(&p.rel, &p.text)),
    );
    let loaded = model::assemble(all, found_diags);
    let by_rel: BTreeMap<&str, (&Planned, &Draft)> = planned
        .iter()
        .zip(drafts)
        .map(|(p, d)| (p.rel.as_str(), (p, d)))
        .collect();
    let mut warnings = Vec::new();
    for d in loaded.diagnostics {
        let placed = match by_rel.get(d.file.as_str()) {
            Some((p, draft)) => {
                let place = match draft.column_of(key_at_line(&p.text, d.line)) {
                    Some(column) => table.at(column, draft.row),
                    None => table.row_at(draft.row),
                };
                Diagnostic {
                    severity: d.severity,
                    message: format!("{}（写入 `{}` 时）", d.message, p.rel),
                    ..Diagnostic::at_place(d.code, &place, "")
                }
                .maybe_hint(d.hint.clone())
            }
            None => d,
        };
        if placed.is_error() {
            mistakes.push(placed);
        } else {
            warnings.push(placed);
        }
    }
    warnings
}

/// The top-level key whose value holds line `line` (from 1) of a record's text.
fn key_at_line(text: &str, line: u32) -> Option<&str> {
    text.lines()
        .take(line.max(1) as usize)
        .filter(|l| !l.starts_with([' ', '#', '-']) && l.contains(':'))
        .filter_map(|l| l.split(':').next())
        .last()
}
