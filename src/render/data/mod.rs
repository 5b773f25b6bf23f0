//! Open data: `data/lianluo.json` (every public record and every evaluation), one CSV table
//! per kind, and `data/popolo.json` in the Popolo shape. Written from the public projection's
//! own types only (spec §6): a field the model gains is never published unless those types
//! list it.

pub mod csv;
pub mod popolo;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::output::Sink;
use crate::public::{self, Public};
use crate::rules::{Evaluation, Outcome, Stats};
use crate::view::Bodies;

/// `data/lianluo.json`.
#[derive(Serialize)]
struct Everything<'a> {
    as_of: NaiveDate,
    /// The commit the content is at (absent outside git).
    #[serde(skip_serializing_if = "Option::is_none")]
    data_version: Option<&'a crate::history::DataVersion>,
    site: &'a public::Site<'a>,
    deputies: &'a [public::Deputy<'a>],
    members: &'a [public::Member<'a>],
    groups: &'a [public::Group<'a>],
    meetings: &'a [public::Meeting<'a>],
    solicitations: &'a [public::Solicitation<'a>],
    symposiums: &'a [public::Symposium<'a>],
    activities: &'a [public::Activity<'a>],
    contacts: &'a [public::Contact<'a>],
    letters: &'a [public::Letter<'a>],
    pages: &'a [public::Page<'a>],
    /// Sessions of the people's congress and their 审议意见 (art. 10).
    sessions: &'a [public::Session<'a>],
    /// The Markdown body of every public record with one, as sanitised HTML, by
    /// `<kind>/<id>`.
    bodies_html: BTreeMap<String, &'a str>,
    /// The rules of the regulation profile, in order (id, article, title, aim).
    rules: &'a [crate::rules::RuleInfo],
    evaluations: &'a [Evaluation],
    stats: &'a Stats,
}

/// Writes the open data files, one after another, each as soon as it is made; returns their
/// names.
pub fn write(
    p: &Public,
    outcome: &Outcome,
    bodies: &Bodies,
    sink: &dyn Sink,
) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    let everything = Everything {
        as_of: outcome.as_of,
        data_version: p.provenance.map(|p| &p.version),
        site: &p.site,
        deputies: &p.deputies,
        members: &p.members,
        groups: &p.groups,
        meetings: &p.meetings,
        solicitations: &p.solicitations,
        symposiums: &p.symposiums,
        activities: &p.activities,
        contacts: &p.contacts,
        letters: &p.letters,
        pages: &p.pages,
        sessions: &p.sessions,
        bodies_html: bodies.by_path(),
        rules: &outcome.rules,
        evaluations: &outcome.evaluations,
        stats: &outcome.stats,
    };
    write_json(sink, "data/lianluo.json", &everything)?;
    names.push("data/lianluo.json".to_string());
    drop(everything);
    for make in csv::TABLES {
        let table = make(p, &outcome.evaluations);
        sink.write(table.file, &table.bytes()?)
            .map_err(|e| format!("writing {}: {e}", table.file))?;
        names.push(table.file.to_string());
    }
    write_json(sink, "data/popolo.json", &popolo::popolo(p))?;
    names.push("data/popolo.json".to_string());
    Ok(names)
}

/// Compact JSON with a final newline, streamed to the file (a reader's browser or `jq`
/// indents it; indented, the national file is half as large again).
fn write_json<T: Serialize>(sink: &dyn Sink, path: &str, value: &T) -> Result<(), String> {
    sink.write_streamed(path, &mut |out| {
        serde_json::to_writer(&mut *out, value).map_err(std::io::Error::other)?;
        out.write_all(b"\n")
    })
    .map_err(|e| format!("writing {path}: {e}"))
}

/// The open data as an output of the build.
pub struct OpenData;

impl super::Output for OpenData {
    fn name(&self) -> &'static str {
        "open data"
    }

    fn progress(&self) -> &'static str {
        "开放数据（open data）"
    }

    fn reads(&self) -> super::Reads {
        super::Reads::Records
    }

    fn write(
        &self,
        _: usize,
        input: &super::Input,
        sink: &dyn Sink,
    ) -> Result<super::Made, String> {
        let records = input.records()?;
        write(records.public, records.outcome, records.bodies, sink)?;
        Ok(super::Made::default())
    }
}
